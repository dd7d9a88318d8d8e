/* SPDX-License-Identifier: MIT */
/*
 * The SPT: the host's devices' view of RAM, as one table set of core/npt
 * whose TLBs are the SMMU's. Changes go through npt_ts_*; what they clear
 * is invalidated in the SMMU by spt_sync, in one command where one leaf
 * changed and for the whole VMID where several did.
 *
 * Every table is built by spt_init, the level-3 ones in region order: the
 * table of the k-th 2 MiB region of RAM is the k-th page of the pmd area,
 * for good. A whole region leaving is one level-2 entry cleared (the
 * table "parked", npt_ts_park); it comes back with all 512 entries
 * rewritten before the entry links it again (npt_ts_unpark).
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/smmu.h>
#include <hypcore/spt.h>

#define SPT_ATTRS                                                                                  \
	(NPT_PTE_MEMATTR_NORMAL_WB | NPT_PTE_SH_INNER | NPT_PTE_S2AP_R | NPT_PTE_S2AP_W |          \
	 NPT_PTE_AF | NPT_PTE_XN | NPT_PTE_PAGE)

static struct npt_tables spt;
static u64 ram_lo, ram_hi;
static u64 l3_first; /* the first region's level-3 table; the others follow it */

/* Regions of 2^shift bytes that [start, end) touches. */
static u64 spans(u64 start, u64 end, u32 shift)
{
	return ((end - 1) >> shift) - (start >> shift) + 1;
}

u64 spt_pool_size(u64 ram_start, u64 ram_end)
{
	if (ram_start >= ram_end)
		return 0;
	/* root + one table per 512 GiB (level 1), per 1 GiB (level 2), per 2 MiB (level 3) */
	return (1 + spans(ram_start, ram_end, 39) + spans(ram_start, ram_end, 30) +
		spans(ram_start, ram_end, 21)) *
	       SZ_4K;
}

/* The level-3 table of the 2 MiB region holding pa (in RAM). */
static u64 l3_table(u64 pa)
{
	return l3_first + ((pa >> 21) - (ram_lo >> 21)) * SZ_4K;
}

int spt_init(u64 pool, u64 size, u64 ram_start, u64 ram_end)
{
	u64 need = spt_pool_size(ram_start, ram_end), stale_addr;
	struct npt_pool_usage u;
	u32 level;
	int err;

	if (!need || size < need || (ram_start | ram_end) & (SZ_4K - 1))
		return -HC_EINVAL;
	ram_lo = ram_start;
	ram_hi = ram_end;
	err = npt_ts_init(&spt, pool, size, spans(ram_start, ram_end, 39),
			  spans(ram_start, ram_end, 30), SPT_SMMU_VMID, NPT_TABLES_DEFER_TLBI);
	if (err)
		return err;
	/*
	 * Every table now, region by region: a page mapped and cleared again
	 * builds the path to it. No SMMU walks these tables yet, so the one
	 * leaf cleared per region needs no invalidation.
	 */
	npt_ts_lock(&spt);
	BUG_ON(npt_ts_usage(&spt, &u) != HC_OK);
	l3_first = u.pmd_next;
	for (u64 first = ram_start & ~(SZ_2M - 1); first < ram_end; first += SZ_2M) {
		u64 pa = first < ram_start ? ram_start : first;

		BUG_ON(npt_ts_set_run(&spt, pa, 1, spt_desc(pa)) != HC_OK);
		BUG_ON(npt_ts_clear_run(&spt, pa, 1) != HC_OK);
		npt_ts_take_stale(&spt, &stale_addr, &level);
		BUG_ON(npt_ts_usage(&spt, &u) != HC_OK || u.pmd_next != l3_table(first) + SZ_4K);
	}
	npt_ts_unlock(&spt);
	return HC_OK;
}

void spt_lock(void)
{
	npt_ts_lock(&spt);
}

void spt_unlock(void)
{
	npt_ts_unlock(&spt);
}

u64 spt_desc(u64 pa)
{
	return pa | SPT_ATTRS;
}

static bool range_ok(u64 start, u64 end)
{
	return start < end && start >= ram_lo && end <= ram_hi && !((start | end) & (SZ_4K - 1));
}

/* Pages of [pa, end) that lie in pa's 2 MiB region. */
static u32 run_length(u64 pa, u64 end)
{
	u64 region_end = (pa | (SZ_2M - 1)) + 1;

	return (u32)(((end < region_end ? end : region_end) - pa) / SZ_4K);
}

int spt_map(u64 start, u64 end)
{
	if (!range_ok(start, end))
		return -HC_EINVAL;
	/* One walk per 2 MiB region; every table is there (spt_init). */
	for (u64 pa = start; pa < end;) {
		u32 n = run_length(pa, end);
		u64 region = pa & ~(SZ_2M - 1);
		/* A parked region: its table, rewritten whole, is linked again. */
		int err = npt_ts_unpark(&spt, region, l3_table(pa), (u32)((pa - region) / SZ_4K), n,
					spt_desc(pa));

		if (err == -HC_EEXIST)
			err = npt_ts_set_run(&spt, pa, n, spt_desc(pa));

		/* eexist: a page DMA already reaches, a bookkeeping bug upstream. */
		BUG_ON(err);
		pa += (u64)n * SZ_4K;
	}
	return HC_OK;
}

int spt_unmap(u64 start, u64 end)
{
	if (!range_ok(start, end))
		return -HC_EINVAL;
	/* One walk per 2 MiB region; spt_sync invalidates what was cleared, together. */
	for (u64 pa = start; pa < end;) {
		u32 n = run_length(pa, end);
		u64 table;

		if (n == SZ_2M / SZ_4K) {
			/* A whole region: its table leaves the tree (it stays its region's). */
			BUG_ON(npt_ts_park(&spt, pa, &table) != HC_OK); /* the SPT has no blocks */
			BUG_ON(table && table != l3_table(pa));
		} else {
			BUG_ON(npt_ts_clear_run(&spt, pa, n) != HC_OK);
		}
		pa += (u64)n * SZ_4K;
	}
	return HC_OK;
}

void spt_sync(void)
{
	u64 addr;
	u32 level;
	u32 n = npt_ts_take_stale(&spt, &addr, &level);
	int err;

	if (!n)
		return;
	/* A parked table counts as 512: by VMID, which drops cached table entries too. */
	err = n == 1 ? smmu_tlbi_ipa(addr, level) : smmu_tlbi_all();
	if (!err)
		err = smmu_sync();
	/* DMA might still reach a page that changed hands: stop, loudly. */
	if (err)
		arch_panic(__FILE__, __LINE__, "SMMU invalidation failed: DMA isolation lost");
	smmu_poll_events();
}

u64 spt_leaf(u64 pa)
{
	u64 pte = 0;

	BUG_ON(npt_ts_walk(&spt, pa & ~(SZ_4K - 1), &pte) != HC_OK);
	return pte;
}

u64 spt_root(void)
{
	return spt.root;
}

void spt_usage(struct npt_pool_usage *u)
{
	BUG_ON(npt_ts_usage(&spt, u) != HC_OK);
}
