/* SPDX-License-Identifier: MIT */
/*
 * Data access through a VM's stage-2 tables: translate the IPA as the
 * hardware would, check the stage-2 access permission, then move one
 * aligned 64-bit word.
 */
#include <hypcore/errno.h>
#include <hypcore/phys.h>

#include "npt_internal.h"

/*
 * ACSL: a fact of bit arithmetic this file assumes, checked as
 * npt_out_table is (npt_internal.h, proof/bits.smt2): the output address
 * of any 64-bit word is a page below 2^48, so adding an offset inside
 * the leaf keeps it aligned and does not wrap. Here, not in the header,
 * so that the other files' provers do not carry it.
 */
/*@ axiomatic NptMemBits {
      axiom npt_out_page: \forall integer e;
	0 <= e < 0x10000000000000000 ==>
	  0 <= npt_out(e) < 0x1000000000000 && npt_page(npt_out(e));
    } */

/*
 * Translate addr for an access that needs permission bit `perm`. The word
 * found lies outside the proof's model of table memory: what it is (RAM,
 * not the core's) is phys_data_ok's word, assumed; proved is only that it
 * is an aligned word, as phys_load / phys_store require.
 */
/*@ requires npt_vms_ok && \valid(pa);
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns *pa;
    ensures \result == HC_OK || \result == -HC_EINVAL || \result == -HC_EFAULT ||
	    \result == -HC_EPERM;
    ensures einval: vmid >= npt_nr_vms || addr >= 0x1000000000000 || addr % 8 != 0 ==>
	    \result == -HC_EINVAL;
    ensures aligned: \result == HC_OK ==> *pa % 8 == 0; */
static int translate(u32 vmid, u64 addr, u64 perm, u64 *pa)
{
	struct npt_tables *t = npt_vm_get(vmid);
	u64 leaf, offset;
	u32 level;

	if (!t || !npt_addr_valid(addr) || addr % 8)
		return -HC_EINVAL;
	leaf = npt_walk_leaf(t, addr, &level);
	if (!leaf)
		return -HC_EFAULT;
	if (!(leaf & perm))
		return -HC_EPERM;
	offset = addr % (level == 2 ? SZ_2M : PAGE_SIZE);
	*pa = phys_page(leaf) + offset;
	return phys_data_ok(*pa) ? HC_OK : -HC_EFAULT;
}

/*@ requires npt_vms_ok && \valid(val);
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns *val;
    ensures \result == HC_OK || \result == -HC_EINVAL || \result == -HC_EFAULT ||
	    \result == -HC_EPERM;
    ensures einval: vmid >= npt_nr_vms || addr >= 0x1000000000000 || addr % 8 != 0 ==>
	    \result == -HC_EINVAL;
    ensures errors_write_nothing: \result != HC_OK ==> *val == \old(*val); */
int mem_load(u32 vmid, u64 addr, u64 *val)
{
	u64 pa;
	int ret = translate(vmid, addr, NPT_PTE_S2AP_R, &pa);

	if (!ret)
		*val = phys_load(pa);
	return ret;
}

/*@ requires npt_vms_ok;
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns hc_phys[0 .. 0x1fffffffffff];
    ensures \result == HC_OK || \result == -HC_EINVAL || \result == -HC_EFAULT ||
	    \result == -HC_EPERM;
    ensures einval: vmid >= npt_nr_vms || addr >= 0x1000000000000 || addr % 8 != 0 ==>
	    \result == -HC_EINVAL;
    ensures errors_write_nothing: \result != HC_OK ==>
	    \forall integer w; hc_phys[w] == \old(hc_phys[w]);
    ensures one_word: \result == HC_OK ==> \exists integer w; hc_phys[w] == val &&
	    \forall integer v; v != w ==> hc_phys[v] == \old(hc_phys[v]); */
int mem_store(u32 vmid, u64 addr, u64 val)
{
	u64 pa;
	int ret = translate(vmid, addr, NPT_PTE_S2AP_W, &pa);

	if (!ret)
		phys_store(pa, val);
	return ret;
}
