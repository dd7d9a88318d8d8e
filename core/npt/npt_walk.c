/* SPDX-License-Identifier: MIT */
/*
 * Reading the tables: one step per level, no recursion. A walk records the
 * entry it read at each level so that the map layer can plan a change
 * without walking again.
 */
#include <hypcore/errno.h>

#include "npt_walk.h"

/* One level of a path: the slot for addr in `table`, checked, and its entry. */
/*@ requires \valid(p) && l <= 3;
    requires npt_page(table) && root <= table && table + 4096 <= root + size;
    requires root + size <= 0x1000000000000;
    assigns p->slot[l], p->entry[l];
    ensures 0 <= npt_idx(addr, l) < 512 && p->slot[l] == table + 8 * npt_idx(addr, l);
    ensures \result == p->entry[l] == hc_phys[table / 8 + npt_idx(addr, l)];
    ensures l != 0 ==> p->slot[0] == \old(p->slot[0]) && p->entry[0] == \old(p->entry[0]);
    ensures l != 1 ==> p->slot[1] == \old(p->slot[1]) && p->entry[1] == \old(p->entry[1]);
    ensures l != 2 ==> p->slot[2] == \old(p->slot[2]) && p->entry[2] == \old(p->entry[2]);
    ensures l != 3 ==> p->slot[3] == \old(p->slot[3]) && p->entry[3] == \old(p->entry[3]);
    ensures p->leaf_level == \old(p->leaf_level); */
static inline u64 path_step(u64 root, u64 size, struct npt_path *p, u64 table, u64 addr, u32 l)
{
	u32 i = npt_index(addr, l);
	u64 slot = table + 8ULL * i;

	/*@ assert no_wrap: slot == table + 8 * i && slot / 8 == table / 8 + i; */

	BUG_ON(slot - root >= size || slot % 8); /* as npt_check_word */
	p->slot[l] = slot;
	p->entry[l] = phys_load(slot);
	return p->entry[l];
}

/*
 * The path for addr, for the map layer: the slot and entry read at each
 * level, one step per level written out. Entries of levels the walk did
 * not reach are 0 (the plan reads them); their slots are not read.
 */
void npt_walk_path(const struct npt_tables *t, u64 addr, struct npt_path *p)
{
	const u64 root = t->root, size = t->size;
	u64 e;

	p->leaf_level = 0;
	p->entry[1] = p->entry[2] = p->entry[3] = 0;
	e = path_step(root, size, p, root, addr, 0);
	/*@ assert e0: e == p->entry[0] &&
		(e != 0 ==> npt_points(e, t->root + 4096, t->pgd_next)); */
	if (e) {
		e = path_step(root, size, p, phys_page(e), addr, 1);
		/*@ assert w1: t->root + 4096 <= p->slot[1] < t->pgd_next && p->slot[1] % 8 == 0; */
		/*@ assert e1: e == p->entry[1] &&
			(e != 0 ==> npt_points(e, t->pud_start, t->pud_next)); */
	}
	if (e) {
		e = path_step(root, size, p, phys_page(e), addr, 2);
		/*@ assert w2: t->pud_start <= p->slot[2] < t->pud_next && p->slot[2] % 8 == 0; */
		/*@ assert e2: e == p->entry[2] &&
			(e != 0 && (e & 3) == 3 ==> npt_points(e, t->pmd_start, t->pmd_next)); */
	}
	if (!e)
		return;
	if (!desc_is_table(e)) {
		p->leaf_level = 2;
		return;
	}
	if (path_step(root, size, p, phys_page(e), addr, 3))
		p->leaf_level = 3;
}

/*
 * The leaf for addr and its level (0 and 0 when nothing maps it), for
 * readers outside this file that do not change the tables.
 */
u64 npt_walk_leaf(const struct npt_tables *t, u64 addr, u32 *level)
{
	u64 slot, e;
	u32 reached;

	e = npt_walk_to(t, addr, &slot, &reached);
	*level = e ? reached : 0;
	return e;
}

/*@ requires t == \null || (\valid_read(t) && npt_tables_ok(t));
    requires \valid(pte);
    assigns *pte;
    ensures \result == HC_OK || \result == -HC_EINVAL; */
__attribute__((always_inline)) static inline int walk(const struct npt_tables *t, u64 addr,
						      u64 *pte)
{
	u64 slot;
	u32 level;

	if (!t || !npt_addr_valid(addr))
		return -HC_EINVAL;
	*pte = npt_walk_to(t, addr, &slot, &level);
	return HC_OK;
}

/*@ requires npt_vms_ok && \valid(pte);
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns *pte; */
int walk_npt(u32 vmid, u64 addr, u64 *pte)
{
	return walk(npt_vm_get(vmid), addr, pte);
}

/*@ requires \valid_read(t) && npt_tables_ok(t) && \valid(pte);
    assigns *pte; */
int npt_ts_walk(struct npt_tables *t, u64 addr, u64 *pte)
{
	npt_ts_held(t);
	return walk(t, addr, pte);
}

/*@ requires npt_vms_ok && \valid(level);
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns *level; */
int get_npt_level(u32 vmid, u64 addr, u32 *level)
{
	struct npt_tables *t = npt_vm_get(vmid);
	u64 slot, leaf;
	u32 reached;

	if (!t || !npt_addr_valid(addr))
		return -HC_EINVAL;
	leaf = npt_walk_to(t, addr, &slot, &reached);
	/* The spec: level 0 whenever the leaf maps no page frame. */
	*level = phys_page(leaf) ? reached : 0;
	return HC_OK;
}
