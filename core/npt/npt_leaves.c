/* SPDX-License-Identifier: MIT */
/*
 * Visiting the leaves of a VM's tables in address order (npt_next_leaf),
 * for callers that must act on every mapping: releasing a VM's pages,
 * and checkers.
 */
#include <hypcore/errno.h>

#include "npt_internal.h"

/* First leaf of the table at `table` (level `level`) mapping an address >= from. */
static bool find_leaf(struct npt_tables *t, u64 table, u32 level, u64 base, u64 from,
		      struct npt_leaf *out)
{
	u64 span = 1ULL << (39 - 9 * level);

	for (u32 i = 0; i < PTRS_PER_TABLE; i++) {
		u64 start = base + (u64)i * span, e;

		if (start + span <= from)
			continue;
		e = npt_table_load(t, table + 8ULL * i);
		if (!e)
			continue;
		if (level == 3 || (level == 2 && !desc_is_table(e))) {
			*out = (struct npt_leaf){start, e, level};
			return true;
		}
		if (find_leaf(t, phys_page(e), level + 1, start, from, out))
			return true;
	}
	return false;
}

int npt_next_leaf(u32 vmid, u64 from, struct npt_leaf *leaf)
{
	struct npt_tables *t = npt_vm_get(vmid);

	if (!t)
		return -HC_EINVAL;
	if (!npt_addr_valid(from))
		return 0;
	return find_leaf(t, t->root, 0, 0, from, leaf) ? 1 : 0;
}
