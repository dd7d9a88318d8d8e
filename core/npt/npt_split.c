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
/*@ assigns \nothing; */
static u64 page_of_block(u64 block, u32 i)
{
	u64 attrs = block & ~(BLOCK_OUT_MASK | DESC_TYPE_MASK);

	return attrs | ((block & BLOCK_OUT_MASK) + (u64)i * PAGE_SIZE) | DESC_TABLE;
}

/* The split's checks: vmid 0, a valid address inside a block, pmd room. */
/*@ requires npt_vms_ok && \valid(t) && \valid(p) && \separated(t, p);
    requires \separated(t, &npt_vms[0 .. NPT_MAX_VMS - 1]) &&
	     \separated(p, &npt_vms[0 .. NPT_MAX_VMS - 1]);
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns *t, *p;
    ensures \result == HC_OK || \result == -HC_EINVAL || \result == -HC_ENOMEM;
    ensures einval: vmid != 0 || addr >= 0x1000000000000 ==> \result == -HC_EINVAL;
    ensures set: \result == HC_OK ==> vmid == 0 && 0 < npt_nr_vms && *t == &npt_vms[0];
    ensures block: \result == HC_OK ==> p->leaf_level == 2 && p->entry[2] != 0;
    ensures slot: \result == HC_OK ==> npt_word_ok(*t, p->slot[2]);
    ensures area: \result == HC_OK ==> (*t)->pud_start <= p->slot[2] < (*t)->pud_next;
    ensures ok: \result == HC_OK ==> npt_tables_ok(*t);
    ensures room: \result == HC_OK ==> (*t)->pmd_next + 4096 <= (*t)->root + (*t)->size; */
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

/*@ requires npt_vms_ok;
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns \nothing;
    ensures \result == HC_OK || \result == -HC_EINVAL || \result == -HC_ENOMEM;
    ensures einval: vmid != 0 || addr >= 0x1000000000000 ==> \result == -HC_EINVAL; */
int npt_check_split(u32 vmid, u64 addr)
{
	struct npt_path p;
	struct npt_tables *t;

	return prepare_split(vmid, addr, &t, &p);
}

/*@ requires npt_vms_ok;
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns hc_phys[npt_vms[0].root / 8 .. (npt_vms[0].root + npt_vms[0].size) / 8 - 1],
	    npt_vms[0].pmd_next, npt_vms[0].stale, npt_vms[0].stale_addr,
	    npt_vms[0].stale_level;
    ensures \result == HC_OK || \result == -HC_EINVAL || \result == -HC_ENOMEM;
    ensures einval: vmid != 0 || addr >= 0x1000000000000 ==> \result == -HC_EINVAL;
    ensures errors_before_writes: \result != HC_OK ==>
	      (\forall integer w; hc_phys[w] == \old(hc_phys[w])) &&
	      npt_vms[0].pmd_next == \old(npt_vms[0].pmd_next) &&
	      npt_vms[0].stale == \old(npt_vms[0].stale) &&
	      npt_vms[0].stale_addr == \old(npt_vms[0].stale_addr) &&
	      npt_vms[0].stale_level == \old(npt_vms[0].stale_level);
    ensures ok: \result == HC_OK ==> npt_tables_ok(&npt_vms[0]); */
int npt_split_block(u32 vmid, u64 addr)
{
	struct npt_path p;
	struct npt_tables *t;
	u64 table;
	int ret = prepare_split(vmid, addr, &t, &p);

	if (ret)
		return ret;
	table = npt_alloc_pmd(t);
	/*@ loop invariant 0 <= i <= PTRS_PER_TABLE && npt_tables_ok(t);
	    loop assigns i, hc_phys[table / 8 .. table / 8 + 511];
	    loop variant PTRS_PER_TABLE - i; */
	for (u32 i = 0; i < PTRS_PER_TABLE; i++)
		npt_table_store(t, table + 8ULL * i, page_of_block(p.entry[2], i));
	/*@ assert npt_points(table | 3, t->pmd_start, t->pmd_next); */
	/*@ assert npt_store_ok(t, p.slot[2], table | 3); */
	npt_write_leaf(t, p.slot[2], p.entry[2], desc_table(table), addr & ~(SZ_2M - 1), 2);
	return HC_OK;
}
