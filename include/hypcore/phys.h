/* SPDX-License-Identifier: MIT */
/*
 * The one accessor through which the core reaches physical memory.
 *
 * Page-table memory (the pools) and the data that mem_load / mem_store
 * move are both read and written as aligned 64-bit words here and nowhere
 * else. At EL2 the calls are plain loads and stores through the identity
 * map; on the host they reach simulated memory (arch/host/phys_sim.c).
 */
#ifndef HYPCORE_PHYS_H
#define HYPCORE_PHYS_H

#include <hypcore/types.h>

/*
 * ACSL (make proof): physical memory as a ghost array of 64-bit words,
 * hc_phys[pa / 8] being the word at pa (48-bit physical addresses). It
 * is not C memory: no C object
 * of the core aliases it. The contracts are the platform's, assumed.
 */
/*@ ghost extern u64 hc_phys[0x200000000000]; */

/* Read / write the aligned 64-bit word at physical address pa. */
/*@ requires pa % 8 == 0;
    assigns \nothing;
    ensures \result == hc_phys[pa / 8]; */
u64 phys_load(u64 pa);
/*@ requires pa % 8 == 0;
    assigns hc_phys[pa / 8];
    ensures hc_phys[pa / 8] == val; */
void phys_store(u64 pa, u64 val);

/* Zero the 4 KiB page at pa (page-aligned): a page given back, a table freed. */
/*@ requires pa % 4096 == 0;
    assigns hc_phys[pa / 8 .. pa / 8 + 511];
    ensures \forall integer i; pa / 8 <= i < pa / 8 + 512 ==> hc_phys[i] == 0; */
void phys_zero_page(u64 pa);

/*
 * Zero [pa, pa + size) (page-aligned, whole pages) and clean and invalidate
 * it to the point of coherency, line by line in one pass, complete when it
 * returns: memory holds the zeroes, and no line of the range stays in a
 * cache to be written back later. A donated page given back to the host.
 */
/*@ requires pa % 4096 == 0 && size % 4096 == 0;
    assigns hc_phys[pa / 8 .. (pa + size) / 8 - 1];
    ensures \forall integer i; pa / 8 <= i < (pa + size) / 8 ==> hc_phys[i] == 0; */
void phys_zero_clean(u64 pa, u64 size);

/*
 * True when the 8-byte word at pa may be reached by a VM's data access
 * (mem_load / mem_store): it is RAM and not the core's own memory.
 */
/*@ assigns \nothing; */
bool phys_data_ok(u64 pa);

#endif
