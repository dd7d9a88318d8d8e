/* SPDX-License-Identifier: MIT */
/*
 * Whole level-3 tables taken out of a table set's tree and put back
 * ("parked"), for table sets whose owner invalidates (NPT_TABLES_DEFER_TLBI)
 * and keeps one level-3 table per 2 MiB region for good: core/spt. A 2 MiB
 * region leaving is then one level-2 entry cleared, not 512 leaves.
 *
 * A parked table keeps whatever entries it had; nothing links to it, so no
 * walk (ours or the SMMU's, once the owner has invalidated) reads them.
 * Before it is linked again, every one of its 512 entries is written.
 */
#include <hypcore/errno.h>

#include "npt_internal.h"

/* Is addr the start of a 2 MiB region in the IPA space? */
/*@ assigns \nothing;
    ensures \result ==> addr < 0x1000000000000; */
static bool region_ok(u64 addr)
{
	return npt_addr_valid(addr) && !(addr & (SZ_2M - 1));
}

/*@ requires \valid(t) && npt_tables_ok(t) && \valid(table) && \separated(t, table);
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1], t->stale, t->stale_addr,
	    t->stale_level, *table;
    ensures \result == HC_OK || \result == -HC_EINVAL || \result == -HC_EEXIST;
    ensures errors_before_writes: \result != HC_OK ==> *table == 0 &&
	      (\forall integer w; hc_phys[w] == \old(hc_phys[w])) && t->stale == \old(t->stale) &&
	      t->stale_addr == \old(t->stale_addr) && t->stale_level == \old(t->stale_level);
    ensures parked: \result == HC_OK && *table != 0 ==>
	      npt_page(*table) && t->pmd_start <= *table && *table + 4096 <= t->pmd_next;
    ensures npt_tables_ok(t); */
int npt_ts_park(struct npt_tables *t, u64 addr, u64 *table)
{
	struct npt_path p;

	npt_ts_held(t);
	*table = 0;
	if (!(t->flags & NPT_TABLES_DEFER_TLBI) || !region_ok(addr))
		return -HC_EINVAL;
	npt_walk_path(t, addr, &p);
	if (!p.entry[2])
		return HC_OK; /* nothing linked: parked already, or never built */
	if (!desc_is_table(p.entry[2]))
		return -HC_EEXIST; /* a block: nothing to park */
	npt_table_store(t, p.slot[2], 0);
	/*
	 * Every leaf under it goes stale, and so does the level-2 entry a
	 * walk cache may hold: counted as the table's 512 entries, which
	 * makes the owner invalidate the whole set (an invalidation by
	 * address drops the leaf of one page, not the cached table entry).
	 */
	/*@ assert ok: npt_tables_ok(t); */
	t->stale += PTRS_PER_TABLE;
	t->stale_addr = addr;
	t->stale_level = 2;
	/*@ assert npt_ts_ok(t); */
	/*@ assert
	      npt_area_ok(t->root, t->root + 4096, t->root + 4096, t->pgd_next) &&
	      npt_area_ok(t->root + 4096, t->pgd_next, t->pud_start, t->pud_next) &&
	      npt_area_tables_ok(t->pud_start, t->pud_next, t->pmd_start, t->pmd_next) &&
	      npt_zero(t->pgd_next, t->pud_start) && npt_zero(t->pud_next, t->pmd_start) &&
	      npt_zero(t->pmd_next, t->root + t->size); */
	*table = phys_page(p.entry[2]);
	return HC_OK;
}

/*@ requires \valid(t) && npt_tables_ok(t);
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1];
    ensures \result == HC_OK || \result == -HC_EINVAL || \result == -HC_EEXIST;
    ensures einval: first + n > 512 || table < t->pmd_start || table >= t->pmd_next ||
	    table % 4096 != 0 || addr >= 0x1000000000000 ==> \result == -HC_EINVAL;
    ensures errors_before_writes: \result != HC_OK ==>
	      \forall integer w; hc_phys[w] == \old(hc_phys[w]);
    ensures npt_tables_ok(t); */
int npt_ts_unpark(struct npt_tables *t, u64 addr, u64 table, u32 first, u32 n, u64 pte)
{
	struct npt_path p;

	npt_ts_held(t);
	if (!(t->flags & NPT_TABLES_DEFER_TLBI) || !region_ok(addr) || table < t->pmd_start ||
	    table >= t->pmd_next || table % PAGE_SIZE || first > PTRS_PER_TABLE ||
	    n > PTRS_PER_TABLE - first || (pte & DESC_TYPE_MASK) != DESC_TABLE ||
	    (pte & NPT_PTE_RESERVED_MASK) || !phys_page(pte) ||
	    phys_page(pte) > phys_page(~0ULL) - (u64)n * PAGE_SIZE)
		return -HC_EINVAL;
	npt_walk_path(t, addr, &p);
	if (!p.entry[1] || !desc_is_table(p.entry[1]))
		return -HC_EINVAL; /* no level-2 table to link it from */
	if (p.entry[2])
		return -HC_EEXIST; /* a table or a block is linked there */
	/* Nothing is linked while a break is not yet invalidated (the table may still be cached).
	 */
	BUG_ON(t->stale);
	/*@ assert t->pmd_start <= table && table + 4096 <= t->pmd_next; */
	/*@ loop invariant 0 <= i <= PTRS_PER_TABLE && npt_tables_ok(t);
	    loop assigns i, hc_phys[table / 8 .. table / 8 + 511];
	    loop variant PTRS_PER_TABLE - i; */
	for (u32 i = 0; i < PTRS_PER_TABLE; i++)
		npt_table_store(t, table + 8ULL * i,
				i >= first && i - first < n ? pte + (u64)(i - first) * PAGE_SIZE
							    : 0);
	/*@ assert t->pud_start <= p.slot[2] < t->pud_next; */
	/*@ assert npt_points(table | 3, t->pmd_start, t->pmd_next); */
	npt_table_store(t, p.slot[2], desc_table(table));
	return HC_OK;
}
