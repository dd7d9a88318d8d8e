#!/usr/bin/env python3
"""Write the seed corpus of fuzz_hvc (tests/fuzz/corpus/): short call
sequences in the harness's input encoding that reach each rule once
(donate a page, a block, share, map the image / a pool page / outside RAM,
donate twice, load and store through a VM, unmap, destroy, a protected VM,
permissions good and bad)."""
import os
import struct

# Function numbers (hvc_abi.h): the harness maps byte b < 230 to 1 + b % 9.
CREATE, DESTROY, SET, UNMAP, WALK, LEVEL, LOAD, STORE, USAGE = range(0, 9)


def addr(kind, payload=b""):
    return bytes([kind]) + payload


def ram_page(i):   # kind 0: host-owned RAM page number i after the image
    return addr(0, struct.pack("<H", i))


def region(i):     # kind 1: 2 MiB region i of RAM
    return addr(1, bytes([i]))


def image(i):      # kind 2
    return addr(2, bytes([i]))


def pool(i):       # kind 3
    return addr(3, struct.pack("<H", i))


def outside(i):    # kind 4
    return addr(4, struct.pack("<H", i))


def small(i):      # kind 5: IPA i * 4 KiB
    return addr(5, bytes([i]))


def call(fn, vmid=1, a=small(0), level=3, oa_bits=0, oa=ram_page(0), perms=2):
    # vmid byte < 200 gives vmid b % 5 (for CREATE, flags vmid % 4: 0 private,
    # 1 shared, 2 protected, 3 both); level byte < 240 gives 2 + (b & 1);
    # perms byte < 200 gives 1 + b % 7 (2: R and W)
    return bytes([fn, vmid, *a, level - 2, oa_bits, *oa, perms])


PRIVATE, SHARED, PROTECTED = 0, 1, 2


SEEDS = {
    "donate_page": [call(CREATE, vmid=PRIVATE), call(SET, oa=ram_page(0x400)), call(WALK),
                    call(LOAD), call(STORE), call(UNMAP), call(LEVEL, vmid=0,
                                                                   a=ram_page(0x400))],
    "donate_block": [call(CREATE, vmid=PRIVATE), call(SET, a=region(0), level=2, oa=region(10)),
                     call(USAGE), call(DESTROY)],
    "donate_twice": [call(CREATE), call(CREATE), call(SET, oa=ram_page(5)),
                     call(SET, a=small(1), oa=ram_page(5)),
                     call(SET, vmid=2, oa=ram_page(5))],
    "shared_vm": [call(CREATE, vmid=1), call(SET, oa=ram_page(7)),
                  call(SET, vmid=1, a=small(2), oa=ram_page(7)), call(LOAD),
                  call(DESTROY)],
    "core_pages": [call(CREATE), call(SET, oa=image(3)), call(SET, oa=pool(9)),
                   call(SET, oa=outside(3)), call(SET, level=2, a=region(0),
                                                         oa=region(1))],
    "host_calls": [call(WALK, vmid=0, a=ram_page(1)), call(SET, vmid=0),
                   call(UNMAP, vmid=0), call(STORE, vmid=0), call(LOAD, vmid=0, a=ram_page(3)),
                   call(DESTROY, vmid=0), call(USAGE, vmid=0)],
    "protected": [call(CREATE, vmid=PROTECTED), call(SET, oa=ram_page(30)),
                  call(SET, oa=ram_page(31)), call(SET, a=small(1), oa=ram_page(32), perms=6),
                  call(UNMAP), call(LOAD), call(DESTROY)],
    "perms": [call(CREATE, vmid=SHARED), call(SET, perms=200), call(SET, perms=5),
              call(SET, oa_bits=0x1c), call(SET, perms=0), call(SET, perms=6)],
    "replace": [call(CREATE), call(SET, oa=ram_page(20)), call(SET, oa=ram_page(21)),
                call(SET, oa=ram_page(21)), call(UNMAP), call(DESTROY)],
}

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
os.makedirs(here, exist_ok=True)
for name, calls in SEEDS.items():
    with open(os.path.join(here, name), "wb") as f:
        f.write(b"".join(calls))
