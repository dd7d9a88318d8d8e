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

int npt_split_block(u32 vmid, u64 addr)
{
	struct npt_vm *vm = vmid == 0 ? npt_vm_get(vmid) : NULL;
	struct npt_path p;
	u64 block, table;

	if (!vm || !npt_addr_valid(addr))
		return -HC_EINVAL;
	npt_walk_path(vm, addr, &p);
	if (p.leaf_level != 2)
		return -HC_EINVAL;
	if (!npt_pool_has_room(vm, 0, 0, 1))
		return -HC_ENOMEM;
	block = p.entry[2];
	table = npt_alloc_pmd(vm);
	for (u32 i = 0; i < PTRS_PER_TABLE; i++)
		npt_table_store(vm, table + 8ULL * i, page_of_block(block, i));
	npt_table_store(vm, p.slot[2], 0);
	arch_tlb_flush_ipa(npt_vm_vttbr(vm), addr & ~(SZ_2M - 1), 2);
	npt_table_store(vm, p.slot[2], desc_table(table));
	return HC_OK;
}
