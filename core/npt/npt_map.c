/* SPDX-License-Identifier: MIT */
/*
 * Changing leaves: set_npt and unmap_npt.
 *
 * set_npt follows the spec's order: validate the arguments, walk once to
 * plan which tables are missing, check that every pool area has room for
 * them, and only then write. When every table is there (the common case)
 * the walk ends at the leaf's slot and the write follows in the same pass;
 * only otherwise is the plan made. A failed call has written nothing.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>

#include "npt_walk.h"

#define BLOCK_OFFSET_MASK (SZ_2M - 1)

/*@ assigns \nothing;
    ensures \result ==> level == 2 || level == 3;
    ensures \result && level == 2 ==> (pte & 3) == 1; */
__attribute__((always_inline)) static inline bool pte_valid_for(u32 level, u64 pte)
{
	if (!phys_page(pte) || (pte & NPT_PTE_RESERVED_MASK)) /* also pte 0 */
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

/*@ requires \valid_read(p) && \valid(plan) && \separated(p, plan);
    requires level == 2 || level == 3;
    assigns *plan;
    ensures \result == HC_OK || \result == -HC_EEXIST;
    ensures \result == HC_OK ==> (plan->need_l1 != 0 <==> p->entry[0] == 0) &&
	(plan->need_l2 != 0 <==> p->entry[1] == 0) &&
	(plan->need_l3 != 0 <==> (level == 3 && p->entry[2] == 0)) &&
	(level == 3 && p->entry[2] != 0 ==> (p->entry[2] & 3) == 3); */
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
/*@ requires \valid(t) && npt_word_ok(t, slot);
    assigns hc_phys[slot / 8], t->stale, t->stale_addr, t->stale_level;
    ensures old != 0 || new != 0 ==> hc_phys[slot / 8] == new;
    behavior keeps_ok:
      assumes npt_tables_ok(t) && npt_store_ok(t, slot, new);
      ensures npt_tables_ok(t); */
__attribute__((always_inline)) static inline void write_leaf(struct npt_tables *t, u64 slot,
							     u64 old, u64 new, u64 addr, u32 level)
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

/* The same, out of line, for npt_split.c (its contract: npt_internal.h). */
void npt_write_leaf(struct npt_tables *t, u64 slot, u64 old, u64 new, u64 addr, u32 level)
{
	write_leaf(t, slot, old, new, addr, level);
}

/*
 * Return the table (of level `level`: 1, 2 or 3) the entry at slot points
 * to, linking a new one from that level's area if asked.
 */
/*@ requires \valid(t) && npt_tables_ok(t) && 1 <= level <= 3;
    requires create ==> npt_word_ok(t, slot);
    requires create && level == 1 ==> t->root <= slot < t->root + 4096;
    requires create && level == 2 ==> t->root + 4096 <= slot < t->pgd_next;
    requires create && level == 3 ==> t->pud_start <= slot < t->pud_next;
    requires create && level == 1 ==> t->pgd_next + 4096 <= t->pud_start;
    requires create && level == 2 ==> t->pud_next + 4096 <= t->pmd_start;
    requires create && level == 3 ==> t->pmd_next + 4096 <= t->root + t->size;
    requires !create && level == 1 ==> npt_points(entry, t->root + 4096, t->pgd_next);
    requires !create && level == 2 ==> npt_points(entry, t->pud_start, t->pud_next);
    requires !create && level == 3 ==> npt_points(entry, t->pmd_start, t->pmd_next);
    assigns hc_phys[slot / 8], t->pgd_next, t->pud_next, t->pmd_next;
    ensures npt_ts_ok(t) && npt_tables_ok(t);
    ensures t->pgd_next == \old(t->pgd_next) + (create && level == 1 ? 4096 : 0);
    ensures t->pud_next == \old(t->pud_next) + (create && level == 2 ? 4096 : 0);
    ensures t->pmd_next == \old(t->pmd_next) + (create && level == 3 ? 4096 : 0);
    ensures npt_page(\result);
    ensures level == 1 ==> t->root + 4096 <= \result && \result + 4096 <= t->pgd_next;
    ensures level == 2 ==> t->pud_start <= \result && \result + 4096 <= t->pud_next;
    ensures level == 3 ==> t->pmd_start <= \result && \result + 4096 <= t->pmd_next; */
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
		/*@ assert npt_out(entry) == table; */
		/*@ assert npt_store_ok(t, slot, entry); */
		npt_table_store(t, slot, entry);
	}
	return phys_page(entry);
}

/*@ requires \valid(t) && npt_tables_ok(t) && \valid_read(p) && \valid_read(plan);
    requires \separated(t, p) && \separated(t, plan);
    requires (level == 2 || level == 3) && addr < 0x1000000000000;
    requires level == 2 ==> (pte & 3) != 3;
    requires slot0: p->slot[0] == t->root + 8 * npt_idx(addr, 0);
    requires pts0: p->entry[0] != 0 ==> npt_points(p->entry[0], t->root + 4096, t->pgd_next);
    requires slot1: p->entry[0] != 0 ==> p->slot[1] == npt_out(p->entry[0]) + 8 * npt_idx(addr, 1);
    requires pts1: p->entry[1] != 0 ==> npt_points(p->entry[1], t->pud_start, t->pud_next);
    requires zero2: p->entry[1] == 0 ==> p->entry[2] == 0;
    requires slot2: p->entry[1] != 0 ==> p->slot[2] == npt_out(p->entry[1]) + 8 * npt_idx(addr, 2);
    requires pts2: p->entry[2] != 0 && (p->entry[2] & 3) == 3 ==>
	npt_points(p->entry[2], t->pmd_start, t->pmd_next);
    requires slot3: p->entry[2] != 0 && (p->entry[2] & 3) == 3 ==>
	p->slot[3] == npt_out(p->entry[2]) + 8 * npt_idx(addr, 3);
    requires plan: (plan->need_l1 != 0 <==> p->entry[0] == 0) &&
	(plan->need_l2 != 0 <==> p->entry[1] == 0) &&
	(plan->need_l3 != 0 <==> (level == 3 && p->entry[2] == 0)) &&
	(level == 3 && p->entry[2] != 0 ==> (p->entry[2] & 3) == 3);
    requires room: (plan->need_l1 != 0 ==> t->pgd_next + 4096 <= t->pud_start) &&
	(plan->need_l2 != 0 ==> t->pud_next + 4096 <= t->pmd_start) &&
	(plan->need_l3 != 0 ==> t->pmd_next + 4096 <= t->root + t->size);
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1],
	    t->pgd_next, t->pud_next, t->pmd_next, t->stale, t->stale_addr, t->stale_level;
    ensures npt_tables_ok(t); */
static void commit_map(struct npt_tables *t, struct npt_path *p, const struct npt_plan *plan,
		       u64 addr, u32 level, u64 pte)
{
	u64 l1, l2, l3, slot2, slot3;

	/* Every table there already: the walk found the leaf's slot. */
	if (!plan->need_l1 && !plan->need_l2 && !plan->need_l3 && (level == 2 || p->entry[2])) {
		/*@ assert level == 2 ==> t->pud_start <= p->slot[2] < t->pud_next; */
		/*@ assert level == 3 ==> t->pmd_start <= p->slot[3] < t->pmd_next; */
		/*@ assert npt_store_ok(t, p->slot[level], pte); */
		npt_write_leaf(t, p->slot[level], p->entry[level], pte, addr, level);
		return;
	}
	l1 = next_table(t, p->slot[0], p->entry[0], plan->need_l1, 1);
	l2 = next_table(t, l1 + 8ULL * npt_index(addr, 1), p->entry[1], plan->need_l2, 2);
	slot2 = l2 + 8ULL * npt_index(addr, 2);
	/*@ assert t->pud_start <= slot2 < t->pud_next; */

	/* Entries the walk did not reach are 0 in the path: nothing to break. */
	if (level == 2) {
		/*@ assert npt_store_ok(t, slot2, pte); */
		npt_write_leaf(t, slot2, p->entry[2], pte, addr, 2);
		return;
	}
	l3 = next_table(t, slot2, p->entry[2], plan->need_l3, 3);
	slot3 = l3 + 8ULL * npt_index(addr, 3);
	/*@ assert t->pmd_start <= slot3 < t->pmd_next; */
	/*@ assert t->root / 8 <= slot3 / 8 < (t->root + t->size) / 8; */
	/*@ assert npt_store_ok(t, slot3, pte); */
	npt_write_leaf(t, slot3, p->entry[3], pte, addr, 3);
}

/* set_npt's checks in the spec's order, up to the point of writing. */
/*@ requires \valid_read(t) && npt_tables_ok(t) && \valid(p) && \valid(plan);
    requires \separated(t, p) && \separated(t, plan) && \separated(p, plan);
    assigns *p, *plan;
    ensures \result == HC_OK || \result == -HC_EINVAL || \result == -HC_EEXIST ||
	    \result == -HC_ENOMEM;
    ensures \result == HC_OK ==> (level == 2 || level == 3) && addr < 0x1000000000000;
    ensures \result == HC_OK ==> (level == 2 ==> (pte & 3) == 1);
    ensures \result == HC_OK ==> slot0: p->slot[0] == t->root + 8 * npt_idx(addr, 0);
    ensures \result == HC_OK ==> pts0: p->entry[0] != 0 ==> npt_points(p->entry[0], t->root + 4096,
	      t->pgd_next);
    ensures \result == HC_OK ==> slot1: p->entry[0] != 0 ==>
	      p->slot[1] == npt_out(p->entry[0]) + 8 * npt_idx(addr, 1);
    ensures \result == HC_OK ==> pts1: p->entry[1] != 0 ==> npt_points(p->entry[1], t->pud_start,
	      t->pud_next);
    ensures \result == HC_OK ==> zero2: p->entry[1] == 0 ==> p->entry[2] == 0;
    ensures \result == HC_OK ==> slot2: p->entry[1] != 0 ==>
	      p->slot[2] == npt_out(p->entry[1]) + 8 * npt_idx(addr, 2);
    ensures \result == HC_OK ==> pts2: p->entry[2] != 0 && (p->entry[2] & 3) == 3 ==>
	npt_points(p->entry[2], t->pmd_start, t->pmd_next);
    ensures \result == HC_OK ==> slot3: p->entry[2] != 0 && (p->entry[2] & 3) == 3 ==>
	p->slot[3] == npt_out(p->entry[2]) + 8 * npt_idx(addr, 3);
    ensures \result == HC_OK ==> (plan->need_l1 != 0 <==> p->entry[0] == 0) &&
	(plan->need_l2 != 0 <==> p->entry[1] == 0) &&
	(plan->need_l3 != 0 <==> (level == 3 && p->entry[2] == 0)) &&
	(level == 3 && p->entry[2] != 0 ==> (p->entry[2] & 3) == 3);
    ensures \result == HC_OK ==> (plan->need_l1 != 0 ==> t->pgd_next + 4096 <= t->pud_start) &&
	(plan->need_l2 != 0 ==> t->pud_next + 4096 <= t->pmd_start) &&
	(plan->need_l3 != 0 ==> t->pmd_next + 4096 <= t->root + t->size); */
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

/*
 * set_npt's general path: plan which tables are missing, check that their
 * areas have room, then write.
 */
/*@ requires \valid(t) && npt_tables_ok(t);
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1],
	    t->pgd_next, t->pud_next, t->pmd_next, t->stale, t->stale_addr, t->stale_level;
    ensures errors_before_writes: \result != HC_OK ==> npt_unchanged{Pre, Post}(t);
    ensures npt_tables_ok(t); */
__attribute__((noinline)) static int set_planned(struct npt_tables *t, u64 addr, u32 level, u64 pte)
{
	struct npt_plan plan;
	struct npt_path p;
	int ret;

	ret = prepare_map(t, addr, level, pte, &p, &plan);
	if (!ret)
		commit_map(t, &p, &plan, addr, level, pte);
	return ret;
}

/*
 * The callers looked t up and checked it: it is a table set. The common
 * case in one pass: when every table is there, the walk ends at the
 * leaf's own slot (a level-2 walk on an empty entry or a block, a level-3
 * walk in a level-3 table), and nothing can fail after the checks of the
 * arguments. Otherwise set_planned, from the start.
 */
/*@ requires \valid(t) && npt_tables_ok(t);
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1],
	    t->pgd_next, t->pud_next, t->pmd_next, t->stale, t->stale_addr, t->stale_level;
    ensures errors_before_writes: \result != HC_OK ==> npt_unchanged{Pre, Post}(t);
    ensures npt_tables_ok(t); */
__attribute__((always_inline)) static inline int set(struct npt_tables *t, u64 addr, u32 level,
						     u64 pte)
{
	u64 slot, old;
	u32 reached;

	if (!npt_addr_valid(addr) || !pte_valid_for(level, pte))
		return -HC_EINVAL;
	old = npt_walk_to(t, addr, &slot, &reached);
	if (reached != level)
		return set_planned(t, addr, level, pte);
	write_leaf(t, slot, old, pte, addr, level);
	return HC_OK;
}

/*@ requires \valid_read(t) && npt_tables_ok(t);
    assigns \nothing; */
static int check_set(struct npt_tables *t, u64 addr, u32 level, u64 pte)
{
	struct npt_plan plan;
	struct npt_path p;

	return prepare_map(t, addr, level, pte, &p, &plan);
}

/*@ requires \valid(t) && npt_tables_ok(t);
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1], t->stale, t->stale_addr,
	      t->stale_level;
    ensures npt_tables_ok(t); */
static int unmap(struct npt_tables *t, u64 addr)
{
	u64 slot, leaf;
	u32 level;

	if (!npt_addr_valid(addr))
		return -HC_EINVAL;
	leaf = npt_walk_to(t, addr, &slot, &level);
	if (leaf)
		write_leaf(t, slot, leaf, 0, addr, level);
	return HC_OK;
}

/* Are the n level-3 entries from addr's in the table the path leads to all empty? */
/*@ requires \valid_read(t) && npt_tables_ok(t) && \valid_read(p);
    requires 0 < n && npt_idx(addr, 3) + n <= 512;
    requires p->entry[2] != 0 ==> (p->entry[2] & 3) == 3 &&
	npt_points(p->entry[2], t->pmd_start, t->pmd_next);
    assigns \nothing; */
static bool run_is_empty(const struct npt_tables *t, const struct npt_path *p, u64 addr, u32 n)
{
	u64 l3;

	if (!p->entry[2])
		return true; /* no level-3 table yet: everything in it is to be made */
	l3 = phys_page(p->entry[2]);
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i;
	    loop variant n - i; */
	for (u32 i = 0; i < n; i++) {
		u64 slot = l3 + 8ULL * (npt_index(addr, 3) + i);

		/*@ assert t->pmd_start <= slot < t->pmd_next && slot % 8 == 0; */
		if (npt_table_load(t, slot))
			return false;
	}
	return true;
}

/*@ requires \valid(t) && npt_tables_ok(t);
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1],
	    t->pgd_next, t->pud_next, t->pmd_next, t->stale, t->stale_addr, t->stale_level;
    ensures errors_before_writes: \result != HC_OK ==> npt_unchanged{Pre, Post}(t);
    ensures npt_tables_ok(t); */
int npt_ts_set_run(struct npt_tables *t, u64 addr, u32 n, u64 pte)
{
	struct npt_plan plan;
	struct npt_path p;
	u64 l3;
	int ret;

	npt_ts_held(t);
	if ((addr & (PAGE_SIZE - 1)) || n == 0 || n > PTRS_PER_TABLE - npt_index(addr, 3) ||
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
	BUG_ON(!desc_is_table(p.entry[2])); /* the commit made or kept the level-3 table */
	l3 = phys_page(p.entry[2]);
	/*@ loop invariant 1 <= i <= n && npt_tables_ok(t);
	    loop assigns i, hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1];
	    loop variant n - i; */
	for (u32 i = 1; i < n; i++) {
		u64 slot = l3 + 8ULL * (npt_index(addr, 3) + i);

		/*@ assert t->pmd_start <= slot < t->pmd_next && slot % 8 == 0; */
		/*@ assert npt_store_ok(t, slot, pte + i * PAGE_SIZE); */
		npt_table_store(t, slot, pte + i * PAGE_SIZE);
	}
	return HC_OK;
}

/*@ requires \valid(t) && npt_tables_ok(t);
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1],
	    t->stale, t->stale_addr, t->stale_level;
    ensures npt_tables_ok(t); */
int npt_ts_clear_run(struct npt_tables *t, u64 addr, u32 n)
{
	struct npt_path p;
	u64 l3;

	npt_ts_held(t);
	if (!(t->flags & NPT_TABLES_DEFER_TLBI) || (addr & (PAGE_SIZE - 1)) || n == 0 ||
	    n > PTRS_PER_TABLE - npt_index(addr, 3) || !npt_addr_valid(addr))
		return -HC_EINVAL;
	npt_walk_path(t, addr, &p);
	if (!p.entry[2] || !desc_is_table(p.entry[2]))
		return p.entry[2] ? -HC_EEXIST : HC_OK; /* a block there, or nothing at all */
	l3 = phys_page(p.entry[2]);
	/*@ loop invariant 0 <= i <= n && npt_tables_ok(t);
	    loop assigns i, hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1],
		    t->stale, t->stale_addr, t->stale_level;
	    loop variant n - i; */
	for (u32 i = 0; i < n; i++) {
		u64 slot = l3 + 8ULL * (npt_index(addr, 3) + i);

		/*@ assert t->pmd_start <= slot < t->pmd_next && slot % 8 == 0; */
		if (npt_table_load(t, slot)) {
			npt_table_store(t, slot, 0);
			npt_record_stale(t, addr + i * PAGE_SIZE, 3);
		}
	}
	return HC_OK;
}

/*@ requires npt_vms_ok;
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns hc_phys[npt_vms[vmid].root / 8 .. (npt_vms[vmid].root + npt_vms[vmid].size) / 8 - 1],
	    npt_vms[vmid].pgd_next, npt_vms[vmid].pud_next, npt_vms[vmid].pmd_next,
	    npt_vms[vmid].stale, npt_vms[vmid].stale_addr, npt_vms[vmid].stale_level;
    behavior bad_vmid:
      assumes vmid >= npt_nr_vms;
      assigns \nothing;
      ensures \result == -HC_EINVAL;
    behavior vm:
      assumes vmid < npt_nr_vms;
      assigns hc_phys[npt_vms[vmid].root / 8 .. (npt_vms[vmid].root + npt_vms[vmid].size) / 8 - 1],
	      npt_vms[vmid].pgd_next, npt_vms[vmid].pud_next, npt_vms[vmid].pmd_next,
	      npt_vms[vmid].stale, npt_vms[vmid].stale_addr, npt_vms[vmid].stale_level;
      ensures errors_before_writes: \result != HC_OK ==>
	      npt_unchanged{Pre, Post}(&npt_vms[vmid]);
      ensures npt_tables_ok(&npt_vms[vmid]);
    complete behaviors;
    disjoint behaviors; */
int set_npt(u32 vmid, u64 addr, u32 level, u64 pte)
{
	struct npt_tables *t = npt_vm_get(vmid);

	return t ? set(t, addr, level, pte) : -HC_EINVAL;
}

/*@ requires npt_vms_ok;
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns \nothing; */
int npt_check_set(u32 vmid, u64 addr, u32 level, u64 pte)
{
	struct npt_tables *t = npt_vm_get(vmid);

	return t ? check_set(t, addr, level, pte) : -HC_EINVAL;
}

/*@ requires npt_vms_ok;
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns hc_phys[npt_vms[vmid].root / 8 .. (npt_vms[vmid].root + npt_vms[vmid].size) / 8 - 1],
	    npt_vms[vmid].stale, npt_vms[vmid].stale_addr, npt_vms[vmid].stale_level;
    behavior bad_vmid:
      assumes vmid >= npt_nr_vms;
      assigns \nothing;
      ensures \result == -HC_EINVAL;
    behavior vm:
      assumes vmid < npt_nr_vms;
      assigns hc_phys[npt_vms[vmid].root / 8 .. (npt_vms[vmid].root + npt_vms[vmid].size) / 8 - 1],
	      npt_vms[vmid].stale, npt_vms[vmid].stale_addr, npt_vms[vmid].stale_level;
      ensures npt_tables_ok(&npt_vms[vmid]);
    complete behaviors;
    disjoint behaviors; */
int unmap_npt(u32 vmid, u64 addr)
{
	struct npt_tables *t = npt_vm_get(vmid);

	return t ? unmap(t, addr) : -HC_EINVAL;
}

/*@ requires \valid(t) && npt_tables_ok(t);
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1],
	    t->pgd_next, t->pud_next, t->pmd_next, t->stale, t->stale_addr, t->stale_level;
    ensures errors_before_writes: \result != HC_OK ==> npt_unchanged{Pre, Post}(t);
    ensures npt_tables_ok(t); */
int npt_ts_set(struct npt_tables *t, u64 addr, u32 level, u64 pte)
{
	npt_ts_held(t);
	return set(t, addr, level, pte);
}
