/* SPDX-License-Identifier: MIT */
/*
 * Changing leaves: set_npt and unmap_npt.
 *
 * set_npt follows the spec's order: validate the arguments, walk once to
 * plan which tables are missing, check that every pool area has room for
 * them, and only then write. A failed call has written nothing.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>

#include "npt_internal.h"

#define BLOCK_OFFSET_MASK (SZ_2M - 1)

static bool pte_valid_for(u32 level, u64 pte)
{
	if (!pte || !phys_page(pte) || (pte & NPT_PTE_RESERVED_MASK))
		return false;
	if (level == 3)
		return (pte & DESC_TYPE_MASK) == DESC_TABLE;
	if (level == 2)
		return (pte & DESC_TYPE_MASK) == DESC_BLOCK &&
		       (phys_page(pte) & BLOCK_OFFSET_MASK) == 0;
	return false;
}

/* Tables a mapping still needs, one per missing level. */
struct npt_plan {
	bool need_l1; /* from the pgd area */
	bool need_l2; /* from the pud area */
	bool need_l3; /* from the pmd area */
};

static int plan_map(const struct npt_path *p, u32 level, struct npt_plan *plan)
{
	u64 l2 = p->entry[2];

	if (level == 3 && l2 && !desc_is_table(l2))
		return -HC_EEXIST; /* the page lies inside a 2 MiB block */
	if (level == 2 && l2 && desc_is_table(l2))
		return -HC_EEXIST; /* a level-3 table already covers the region */
	plan->need_l1 = !p->entry[0];
	plan->need_l2 = !p->entry[1];
	plan->need_l3 = level == 3 && !l2;
	return HC_OK;
}

/*
 * Replace the entry at slot (new may be 0). A valid old entry is cleared
 * and its TLB entries invalidated before anything new is written
 * (break-before-make), so no CPU ever sees two translations at once. The
 * only place where a live entry of a VM's tables changes.
 */
void npt_write_leaf(struct npt_tables *t, u64 slot, u64 old, u64 new, u64 addr, u32 level)
{
	if (old) {
		npt_table_store(t, slot, 0);
		if (t->flags & NPT_TABLES_DEFER_TLBI)
			npt_record_stale(t, addr, level); /* its owner invalidates */
		else
			arch_tlb_flush_ipa(t->vttbr, addr, level);
	}
	if (new) {
		/* Nothing is made while a break is not yet invalidated. */
		BUG_ON(t->stale);
		npt_table_store(t, slot, new);
	}
}

/*
 * Return the table (of level `level`: 1, 2 or 3) the entry at slot points
 * to, linking a new one from that level's area if asked.
 */
static u64 next_table(struct npt_tables *t, u64 slot, u64 entry, bool create, u32 level)
{
	if (create) {
		u64 table;

		if (level == 1)
			table = npt_alloc_pgd(t);
		else if (level == 2)
			table = npt_alloc_pud(t);
		else
			table = npt_alloc_pmd(t);
		entry = desc_table(table);
		npt_table_store(t, slot, entry);
	}
	return phys_page(entry);
}

static void commit_map(struct npt_tables *t, struct npt_path *p, const struct npt_plan *plan,
		       u64 addr, u32 level, u64 pte)
{
	u64 l1, l2, l3, slot2;

	/* Every table there already: the walk found the leaf's slot. */
	if (!plan->need_l1 && !plan->need_l2 && !plan->need_l3 && (level == 2 || p->entry[2])) {
		npt_write_leaf(t, p->slot[level], p->entry[level], pte, addr, level);
		return;
	}
	l1 = next_table(t, p->slot[0], p->entry[0], plan->need_l1, 1);
	l2 = next_table(t, l1 + 8ULL * npt_index(addr, 1), p->entry[1], plan->need_l2, 2);
	slot2 = l2 + 8ULL * npt_index(addr, 2);

	/* Entries the walk did not reach are 0 in the path: nothing to break. */
	if (level == 2) {
		npt_write_leaf(t, slot2, p->entry[2], pte, addr, 2);
		return;
	}
	l3 = next_table(t, slot2, p->entry[2], plan->need_l3, 3);
	npt_write_leaf(t, l3 + 8ULL * npt_index(addr, 3), p->entry[3], pte, addr, 3);
}

/* set_npt's checks in the spec's order, up to the point of writing. */
static int prepare_map(struct npt_tables *t, u64 addr, u32 level, u64 pte, struct npt_path *p,
		       struct npt_plan *plan)
{
	int ret;

	if (!npt_addr_valid(addr) || !pte_valid_for(level, pte))
		return -HC_EINVAL;
	npt_walk_path(t, addr, p);
	ret = plan_map(p, level, plan);
	if (ret)
		return ret;
	if ((plan->need_l1 || plan->need_l2 || plan->need_l3) &&
	    !npt_pool_has_room(t, plan->need_l1, plan->need_l2, plan->need_l3))
		return -HC_ENOMEM;
	return HC_OK;
}

static int set(struct npt_tables *t, u64 addr, u32 level, u64 pte)
{
	struct npt_plan plan;
	struct npt_path p;
	int ret;

	if (!t)
		return -HC_EINVAL;
	ret = prepare_map(t, addr, level, pte, &p, &plan);
	if (!ret)
		commit_map(t, &p, &plan, addr, level, pte);
	return ret;
}

static int check_set(struct npt_tables *t, u64 addr, u32 level, u64 pte)
{
	struct npt_plan plan;
	struct npt_path p;

	return t ? prepare_map(t, addr, level, pte, &p, &plan) : -HC_EINVAL;
}

static int unmap(struct npt_tables *t, u64 addr)
{
	struct npt_path p;

	if (!t || !npt_addr_valid(addr))
		return -HC_EINVAL;
	npt_walk_path(t, addr, &p);
	if (p.leaf_level)
		npt_write_leaf(t, p.slot[p.leaf_level], p.entry[p.leaf_level], 0, addr,
			       p.leaf_level);
	return HC_OK;
}

/* Are the n level-3 entries from addr's in the table the path leads to all empty? */
static bool run_is_empty(const struct npt_tables *t, const struct npt_path *p, u64 addr, u32 n)
{
	u64 l3;

	if (!p->entry[2])
		return true; /* no level-3 table yet: everything in it is to be made */
	l3 = phys_page(p->entry[2]);
	for (u32 i = 0; i < n; i++)
		if (npt_table_load(t, l3 + 8ULL * (npt_index(addr, 3) + i)))
			return false;
	return true;
}

int npt_ts_set_run(struct npt_tables *t, u64 addr, u32 n, u64 pte)
{
	struct npt_plan plan;
	struct npt_path p;
	u64 l3;
	int ret;

	npt_ts_held(t);
	if ((addr & (PAGE_SIZE - 1)) || n == 0 || npt_index(addr, 3) + n > PTRS_PER_TABLE ||
	    phys_page(pte) > phys_page(~0ULL) - (n - 1) * PAGE_SIZE)
		return -HC_EINVAL;
	ret = prepare_map(t, addr, 3, pte, &p, &plan);
	if (ret)
		return ret;
	if (!run_is_empty(t, &p, addr, n))
		return -HC_EEXIST;
	/* The first page makes the tables; the rest go straight into the level-3 table. */
	commit_map(t, &p, &plan, addr, 3, pte);
	npt_walk_path(t, addr, &p);
	l3 = phys_page(p.entry[2]);
	for (u32 i = 1; i < n; i++)
		npt_table_store(t, l3 + 8ULL * (npt_index(addr, 3) + i), pte + i * PAGE_SIZE);
	return HC_OK;
}

int npt_ts_clear_run(struct npt_tables *t, u64 addr, u32 n)
{
	struct npt_path p;
	u64 l3;

	npt_ts_held(t);
	if (!(t->flags & NPT_TABLES_DEFER_TLBI) || (addr & (PAGE_SIZE - 1)) || n == 0 ||
	    npt_index(addr, 3) + n > PTRS_PER_TABLE || !npt_addr_valid(addr))
		return -HC_EINVAL;
	npt_walk_path(t, addr, &p);
	if (!p.entry[2] || !desc_is_table(p.entry[2]))
		return p.entry[2] ? -HC_EEXIST : HC_OK; /* a block there, or nothing at all */
	l3 = phys_page(p.entry[2]);
	for (u32 i = 0; i < n; i++) {
		u64 slot = l3 + 8ULL * (npt_index(addr, 3) + i);

		if (npt_table_load(t, slot)) {
			npt_table_store(t, slot, 0);
			npt_record_stale(t, addr + i * PAGE_SIZE, 3);
		}
	}
	return HC_OK;
}

int set_npt(u32 vmid, u64 addr, u32 level, u64 pte)
{
	return set(npt_vm_get(vmid), addr, level, pte);
}

int npt_check_set(u32 vmid, u64 addr, u32 level, u64 pte)
{
	return check_set(npt_vm_get(vmid), addr, level, pte);
}

int unmap_npt(u32 vmid, u64 addr)
{
	return unmap(npt_vm_get(vmid), addr);
}

int npt_ts_set(struct npt_tables *t, u64 addr, u32 level, u64 pte)
{
	npt_ts_held(t);
	return set(t, addr, level, pte);
}
