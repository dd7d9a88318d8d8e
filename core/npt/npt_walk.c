/* SPDX-License-Identifier: MIT */
/*
 * Reading the tables: one step per level, no recursion. A walk records the
 * entry it read at each level so that the map layer can plan a change
 * without walking again.
 */
#include <hypcore/errno.h>

#include "npt_internal.h"

/* Read the entry for addr in the table at table_pa, at the given level. */
static void step(struct npt_vm *vm, struct npt_path *p, u64 table_pa, u64 addr, u32 level)
{
	p->slot[level] = table_pa + 8ULL * npt_index(addr, level);
	p->entry[level] = npt_table_load(vm, p->slot[level]);
}

void npt_walk_path(struct npt_vm *vm, u64 addr, struct npt_path *p)
{
	*p = (struct npt_path){{0}, {0}, 0};

	step(vm, p, npt_areas_of(npt_vmid_of(vm)).root, addr, 0);
	if (!p->entry[0])
		return;
	step(vm, p, phys_page(p->entry[0]), addr, 1);
	if (!p->entry[1])
		return;
	step(vm, p, phys_page(p->entry[1]), addr, 2);
	if (!p->entry[2])
		return;
	if (!desc_is_table(p->entry[2])) {
		p->leaf_level = 2;
		return;
	}
	step(vm, p, phys_page(p->entry[2]), addr, 3);
	if (p->entry[3])
		p->leaf_level = 3;
}

int walk_npt(u32 vmid, u64 addr, u64 *pte)
{
	struct npt_vm *vm = npt_vm_get(vmid);
	struct npt_path p;

	if (!vm || !npt_addr_valid(addr))
		return -HC_EINVAL;
	npt_walk_path(vm, addr, &p);
	*pte = path_leaf(&p);
	return HC_OK;
}

int get_npt_level(u32 vmid, u64 addr, u32 *level)
{
	struct npt_vm *vm = npt_vm_get(vmid);
	struct npt_path p;

	if (!vm || !npt_addr_valid(addr))
		return -HC_EINVAL;
	npt_walk_path(vm, addr, &p);
	/* The spec: level 0 whenever the leaf maps no page frame. */
	*level = phys_page(path_leaf(&p)) ? p.leaf_level : 0;
	return HC_OK;
}
