#!/usr/bin/env python3
"""Write the seed corpus of fuzz_hvc (tests/fuzz/corpus/): short call
sequences in the harness's input encoding that reach each rule once
(donate a page, a block, share, map the image / a pool page / outside RAM,
donate twice, load and store through a VM, unmap, destroy)."""
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


def call(fn, vmid=1, a=small(0), level=3, pte_bits=1, pte_addr=ram_page(0)):
    # vmid byte < 200 gives vmid b % 5; level byte < 240 gives 2 + (b & 1)
    return bytes([fn, vmid, *a, level - 2, pte_bits, *pte_addr])


SEEDS = {
    "donate_page": [call(CREATE), call(SET, pte_addr=ram_page(0x400)), call(WALK),
                    call(LOAD), call(STORE), call(UNMAP), call(LEVEL, vmid=0,
                                                                   a=ram_page(0x400))],
    "donate_block": [call(CREATE), call(SET, a=region(0), level=2, pte_addr=region(10)),
                     call(USAGE), call(DESTROY)],
    "donate_twice": [call(CREATE), call(CREATE), call(SET, pte_addr=ram_page(5)),
                     call(SET, a=small(1), pte_addr=ram_page(5)),
                     call(SET, vmid=2, pte_addr=ram_page(5))],
    "shared_vm": [call(CREATE, vmid=1), call(SET, pte_addr=ram_page(7)),
                  call(SET, vmid=1, a=small(2), pte_addr=ram_page(7)), call(LOAD),
                  call(DESTROY)],
    "core_pages": [call(CREATE), call(SET, pte_addr=image(3)), call(SET, pte_addr=pool(9)),
                   call(SET, pte_addr=outside(3)), call(SET, level=2, a=region(0),
                                                         pte_addr=region(1))],
    "host_calls": [call(WALK, vmid=0, a=ram_page(1)), call(SET, vmid=0),
                   call(UNMAP, vmid=0), call(STORE, vmid=0), call(LOAD, vmid=0, a=ram_page(3)),
                   call(DESTROY, vmid=0), call(USAGE, vmid=0)],
    "replace": [call(CREATE), call(SET, pte_addr=ram_page(20)), call(SET, pte_addr=ram_page(21)),
                call(SET, pte_addr=ram_page(21)), call(UNMAP), call(DESTROY)],
}

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
os.makedirs(here, exist_ok=True)
for name, calls in SEEDS.items():
    with open(os.path.join(here, name), "wb") as f:
        f.write(b"".join(calls))
