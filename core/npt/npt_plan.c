/* SPDX-License-Identifier: MIT */
/*
 * Would set_npt succeed? The same checks set_npt makes, in the same order,
 * without writing: callers that must change other state before the map
 * (the host's stage-2, ownership records) ask first, so that nothing is
 * changed when the map would be refused.
 */
#include <hypcore/errno.h>

#include "npt_internal.h"

static bool leaf_desc_ok(u32 level, u64 pte)
{
	if (!pte || !phys_page(pte) || (pte & NPT_PTE_RESERVED_MASK))
		return false;
	if (level == 3)
		return (pte & DESC_TYPE_MASK) == DESC_TABLE;
	if (level == 2)
		return (pte & DESC_TYPE_MASK) == DESC_BLOCK && (phys_page(pte) & (SZ_2M - 1)) == 0;
	return false;
}

int npt_check_set(u32 vmid, u64 addr, u32 level, u64 pte)
{
	struct npt_vm *vm = npt_vm_get(vmid);
	struct npt_path p;
	u64 l2;
	bool need_l3;

	if (!vm || !npt_addr_valid(addr) || !leaf_desc_ok(level, pte))
		return -HC_EINVAL;
	npt_walk_path(vm, addr, &p);
	l2 = p.entry[2];
	if (level == 3 && l2 && !desc_is_table(l2))
		return -HC_EEXIST;
	if (level == 2 && l2 && desc_is_table(l2))
		return -HC_EEXIST;
	need_l3 = level == 3 && !l2;
	if (!npt_pool_has_room(vm, !p.entry[0], !p.entry[1], need_l3))
		return -HC_ENOMEM;
	return HC_OK;
}

/* First leaf of the table at `table` (level `level`) mapping an address >= from. */
static bool find_leaf(struct npt_vm *vm, u64 table, u32 level, u64 base, u64 from,
		      struct npt_leaf *out)
{
	u64 span = 1ULL << (39 - 9 * level);

	for (u32 i = 0; i < PTRS_PER_TABLE; i++) {
		u64 start = base + (u64)i * span, e;

		if (start + span <= from)
			continue;
		e = npt_table_load(vm, table + 8ULL * i);
		if (!e)
			continue;
		if (level == 3 || (level == 2 && !desc_is_table(e))) {
			*out = (struct npt_leaf){start, e, level};
			return true;
		}
		if (find_leaf(vm, phys_page(e), level + 1, start, from, out))
			return true;
	}
	return false;
}

int npt_next_leaf(u32 vmid, u64 from, struct npt_leaf *leaf)
{
	struct npt_vm *vm = npt_vm_get(vmid);

	if (!vm)
		return -HC_EINVAL;
	if (!npt_addr_valid(from))
		return 0;
	return find_leaf(vm, npt_areas_of(vmid).root, 0, 0, from, leaf) ? 1 : 0;
}
