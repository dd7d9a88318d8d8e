# hypcore-sim protocol test: every command, every error, the spec layout.
# Comments and blank lines get no answer.

# Spec layout: VM 1's pool starts at 0x10000 + 32 MiB; vmid in VTTBR[63:48].
vttbr 0
vttbr 1
vttbr 15
next 1
# A 2 MiB block (AF, S2AP rw) at IPA 1 GiB: one level-1 and one level-2 table.
set 1 0x40000000 2 0x400004c1
next 1
walk 1 0x40000000
walk 1 0x401ff123
level 1 0x40100000
# Page at IPA 1 GiB + 2 MiB + 4 KiB, decimal input: a level-3 table too.
set 1 1075843072 3 0x400010c3
next 1
level 1 0x40201000
walk 1 0x40201fff
level 1 0x40202000
# Conflicts of levels.
set 1 0x40000000 3 0x40000003
set 1 0x40200000 2 0x40200041
set 1 0x40201000 3 0x402000c3
walk 1 0x40201000
# Data access through the block and the page.
store 1 0x40000008 0x1122334455667788
load 1 0x40000008
load 1 0x401ffff8
store 1 0x40201010 0xabc
load 1 0x40201010
# Unaligned, unmapped, no permission, outside RAM.
load 1 0x40000004
load 1 0x80000000
set 1 0x80000000 3 0x40003043
load 1 0x80000000
store 1 0x80000000 1
set 1 0x80001000 3 0x80000cc3
load 1 0x80001000
# Invalid arguments.
walk 16 0
walk 0x100000001 0
walk 1 0x1000000000000
set 1 0 1 0x40000003
set 1 0 0x100000003 0x40000003
set 1 0 3 0
set 1 0 3 0x3
set 1 0 3 0x40000001
set 1 0 2 0x40000003
set 1 0 2 0x40001001
set 1 0 3 0x0080000040000003
# Unmap a page, a block, and nothing.
unmap 1 0x40201000
walk 1 0x40201000
unmap 1 0x40000010
level 1 0x40000000
unmap 1 0x12345000
# Tables stay after unmap: a block over the now-empty level-3 table is still refused.
set 1 0x40200000 2 0x40200041
next 1
check
# Malformed lines.
bogus
walk 1
walk 1 2 3
walk -1 0
walk 1 0x
walk 1 12abc
walk 1 0x10000000000000000
walk 1 18446744073709551616
# Other VMs are untouched; VM reset rewinds the pool.
walk 2 0x40000000
dump 1
reset 1
next 1
dump 1
check
