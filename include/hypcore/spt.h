/* SPDX-License-Identifier: MIT */
/*
 * The SMMU's page tables for the host's devices ("SPT"): what a DMA from a
 * device the host drives may reach. One table set of core/npt (same
 * VMSAv8-64 stage-2 format as the NPT, walked and changed by the same
 * code) that identity-maps exactly the RAM pages the host may reach: the
 * pages it owns, including those it shares with shared VMs. A page
 * donated to a VM, and every page of the core, is absent.
 *
 * The SPT maps RAM with 4 KiB pages only, every table built at boot: a
 * page can then leave or come back without a block split, whose break
 * would make the host's in-flight DMA fault, and without allocating.
 *
 * core/owner keeps it in step with the host's stage-2 (under the host's
 * NPT lock, then the SPT lock, then the owner lock), and spt_sync makes
 * every removal reach the SMMU before the hypercall that made it returns.
 */
#ifndef HYPCORE_SPT_H
#define HYPCORE_SPT_H

#include <hypcore/npt.h>
#include <hypcore/types.h>

/* The SMMU VMID that tags the SPT's TLB entries. */
#define SPT_SMMU_VMID 1

/* Bytes of table memory that mapping [ram_start, ram_end) with pages needs. */
u64 spt_pool_size(u64 ram_start, u64 ram_end);

/*
 * Set up the SPT over zeroed memory [pool, pool + size) for RAM
 * [ram_start, ram_end), mapping nothing yet. -HC_EINVAL when the pool is
 * smaller than spt_pool_size() or misplaced. Not thread-safe (boot, tests).
 */
int spt_init(u64 pool, u64 size, u64 ram_start, u64 ram_end);

void spt_lock(void);
void spt_unlock(void);

/*
 * Identity-map / unmap the pages of [start, end) (page-aligned, in RAM).
 * The caller holds the SPT lock. -HC_EINVAL outside RAM or misaligned.
 * The pool has a table for every region of RAM, so a map never runs out;
 * mapping a page that is already mapped is a core bug (panic). Unmapping
 * an absent page is fine. Removals take effect for DMA at the next
 * spt_sync.
 */
int spt_map(u64 start, u64 end);
int spt_unmap(u64 start, u64 end);

/*
 * Invalidate in the SMMU what spt_unmap removed since the last call, and
 * wait for it. The SMMU failing to answer is fatal: DMA could still reach
 * a page that changed hands. Lock held.
 */
void spt_sync(void);

/* The SPT's leaf for pa (0 when DMA cannot reach it). Lock held. */
u64 spt_leaf(u64 pa);

/* Level-0 table address, for the SMMU's stream table entries. No lock needed. */
u64 spt_root(void);

/* Pool areas and bump pointers (checkers, boot report). Lock held. */
void spt_usage(struct npt_pool_usage *u);

/* Descriptor of the SPT's leaf for page pa. */
u64 spt_desc(u64 pa);

#endif
