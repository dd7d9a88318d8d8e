/* SPDX-License-Identifier: MIT */
/*
 * Checks that need nothing but the tables and the records, after any
 * sequence of calls on the owner world (owner_world.h):
 *
 *   structure   every VM's tables form a tree inside its own pool: each
 *               table entry points below its area's bump pointer, each
 *               table page is pointed to exactly once, every allocated
 *               page is linked, every leaf is a valid block or page, and
 *               the memory of each area above its bump pointer is zero;
 *   ownership   every page a VM maps is its own (mapped by exactly one
 *               leaf, its own) or host-owned and shared, with a share count
 *               equal to the number of VM leaves mapping it; the host's
 *               stage-2 maps exactly the RAM pages the host owns and no
 *               page in RAM it does not; no VM maps anything outside RAM;
 *   DMA         the SPT (core/spt) has the structure above, maps only
 *               identity 4 KiB pages of RAM, and maps exactly the pages the
 *               host's stage-2 maps: no page absent from it is reachable
 *               by DMA. Its level-3 tables are one per 2 MiB region of
 *               RAM, in region order in the pmd area; a level-2 entry links
 *               its own region's table or nothing, and a table nothing
 *               links is parked (its region wholly out of DMA's view; what
 *               it holds is not read by any walk, and not checked).
 *
 * The caller holds no lock. Reads memory through arch/host/sim.h.
 */
#ifndef HYPCORE_TESTS_OWNER_CHECK_H
#define HYPCORE_TESTS_OWNER_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* 0 when everything holds, else -1 with a reason. */
int world_check(char *reason, size_t len);

/* The structure part alone (for a dispatcher that does not apply the rules yet). */
int world_check_tables(char *reason, size_t len);

/*
 * Speed for the fuzzer: with full off, the "zero above next" part reads
 * only up to the highest bump pointer seen since world_check_forget (pages
 * a reset gave back), not to the end of each area. On by default.
 */
void world_check_full(bool full);
void world_check_forget(void);

#endif
