#!/usr/bin/env bash
# make debug: the machine of `make run`, with QEMU's gdb stub waiting
# (-s -S: tcp::1234, the CPUs held at their first instruction), and
# gdb-multiarch on build/el2/hypcore.elf. The image is linked at its load
# address (0x40200000) and runs identity-mapped, so its symbols are where
# gdb expects them, MMU on or off. QEMU's console goes to
# build/debug/console.log (gdb has the terminal); `tail -f` it elsewhere.
# QEMU is stopped when gdb exits.
#
#   scripts/debug.sh [gdb arguments]     e.g. -batch -x commands.gdb
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
elf=$top/build/el2/hypcore.elf
log=$top/build/debug/console.log
[ -e "$elf" ] || { echo "debug: $elf missing (make el2)" >&2; exit 1; }
mkdir -p "$(dirname "$log")"

# A session of its own, so that QEMU (under qemu.sh) can be ended by group id.
setsid "$top/scripts/qemu.sh" --gdb --mode demo --timeout 0 --quiet --log "$log" \
	</dev/null >/dev/null 2>&1 &
qemu_group=$!
trap 'kill -- -$qemu_group 2>/dev/null || true' EXIT

echo "debug: QEMU waits for gdb on tcp::1234; console -> ${log#"$top"/}"
echo "debug: for example: break el2_trap, break set_npt, continue, bt, info threads"
# gdb retries the connection while QEMU starts (tcp auto-retry).
gdb-multiarch -q "$elf" \
	-ex "set pagination off" \
	-ex "target remote localhost:1234" \
	"$@"
