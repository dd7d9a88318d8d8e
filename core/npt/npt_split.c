/* SPDX-License-Identifier: MIT */
/*
 * Splitting one 2 MiB block of the host's stage-2 into 512 pages that map
 * the same memory with the same attributes, so that one page of it can
 * later be unmapped alone (a page donated to a VM). The new level-3 table
 * is filled while nobody can see it; then the block is broken (cleared,
 * TLB invalidated on every CPU) and the table linked in its place.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>

#include "npt_internal.h"

#define BLOCK_OUT_MASK 0x0000ffffffe00000ULL /* output address bits of a block */

/* The level-3 descriptor for page i of the block desc: same attributes. */
static u64 page_of_block(u64 block, u32 i)
{
	u64 attrs = block & ~(BLOCK_OUT_MASK | DESC_TYPE_MASK);

	return attrs | ((block & BLOCK_OUT_MASK) + (u64)i * PAGE_SIZE) | DESC_TABLE;
}

/* The split's checks: vmid 0, a valid address inside a block, pmd room. */
static int prepare_split(u32 vmid, u64 addr, struct npt_tables **t, struct npt_path *p)
{
	*t = vmid == 0 ? npt_vm_get(vmid) : NULL;
	if (!*t || !npt_addr_valid(addr))
		return -HC_EINVAL;
	npt_walk_path(*t, addr, p);
	if (p->leaf_level != 2)
		return -HC_EINVAL;
	return npt_pool_has_room(*t, 0, 0, 1) ? HC_OK : -HC_ENOMEM;
}

int npt_check_split(u32 vmid, u64 addr)
{
	struct npt_path p;
	struct npt_tables *t;

	return prepare_split(vmid, addr, &t, &p);
}

int npt_split_block(u32 vmid, u64 addr)
{
	struct npt_path p;
	struct npt_tables *t;
	u64 table;
	int ret = prepare_split(vmid, addr, &t, &p);

	if (ret)
		return ret;
	table = npt_alloc_pmd(t);
	for (u32 i = 0; i < PTRS_PER_TABLE; i++)
		npt_table_store(t, table + 8ULL * i, page_of_block(p.entry[2], i));
	npt_write_leaf(t, p.slot[2], p.entry[2], desc_table(table), addr & ~(SZ_2M - 1), 2);
	return HC_OK;
}
