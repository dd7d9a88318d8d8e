/* SPDX-License-Identifier: MIT */
/*
 * Data access through a VM's stage-2 tables: translate the IPA as the
 * hardware would, check the stage-2 access permission, then move one
 * aligned 64-bit word.
 */
#include <hypcore/errno.h>
#include <hypcore/phys.h>

#include "npt_internal.h"

/* Translate addr for an access that needs permission bit `perm`. */
static int translate(u32 vmid, u64 addr, u64 perm, u64 *pa)
{
	struct npt_tables *t = npt_vm_get(vmid);
	u64 leaf, offset_mask;
	u32 level;

	if (!t || !npt_addr_valid(addr) || (addr & 7))
		return -HC_EINVAL;
	leaf = npt_walk_leaf(t, addr, &level);
	if (!leaf)
		return -HC_EFAULT;
	if (!(leaf & perm))
		return -HC_EPERM;
	offset_mask = level == 2 ? SZ_2M - 1 : PAGE_SIZE - 1;
	*pa = phys_page(leaf) + (addr & offset_mask);
	return phys_data_ok(*pa) ? HC_OK : -HC_EFAULT;
}

int mem_load(u32 vmid, u64 addr, u64 *val)
{
	u64 pa;
	int ret = translate(vmid, addr, NPT_PTE_S2AP_R, &pa);

	if (!ret)
		*val = phys_load(pa);
	return ret;
}

int mem_store(u32 vmid, u64 addr, u64 val)
{
	u64 pa;
	int ret = translate(vmid, addr, NPT_PTE_S2AP_W, &pa);

	if (!ret)
		phys_store(pa, val);
	return ret;
}
