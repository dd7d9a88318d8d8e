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

/* Read / write the aligned 64-bit word at physical address pa. */
u64 phys_load(u64 pa);
void phys_store(u64 pa, u64 val);

/* Zero the 4 KiB page at pa (page-aligned): a page given back, a table freed. */
void phys_zero_page(u64 pa);

/*
 * True when the 8-byte word at pa may be reached by a VM's data access
 * (mem_load / mem_store): it is RAM and not the core's own memory.
 */
bool phys_data_ok(u64 pa);

#endif
