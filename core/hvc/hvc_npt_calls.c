/* SPDX-License-Identifier: MIT */
/*
 * The NPT calls. Each one names its argument registers, checks every
 * argument that the core's narrower types would hide (a 64-bit level of
 * 0x100000003 must not become 3) or that the ABI is stricter about than
 * the core (alignment), takes the VM's NPT lock, calls core/npt once and
 * releases the lock. SET_NPT takes an output address and permissions, not
 * a descriptor: the leaf is composed by npt_leaf_desc, in one place, from
 * arguments checked here. Maps and unmaps go through core/owner, which
 * applies the ownership rules and keeps the host's stage-2 in step; the
 * host reaches a VM's memory only where it is shared.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/hvc_abi.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>

#include "hvc_internal.h"

#define IPA_LIMIT (1ULL << NPT_IPA_BITS)

/* An IPA the ABI accepts: below 2^48 and a multiple of align. */
static bool ipa_ok(u64 ipa, u64 align)
{
	return ipa < IPA_LIMIT && (ipa & (align - 1)) == 0;
}

static u64 leaf_size(u64 level)
{
	return level == 2 ? SZ_2M : SZ_4K;
}

/*
 * The prologue every call that names a VM and an IPA shares: the vmid in
 * x1, then the IPA in x2 (below 2^48, a multiple of align), then the VM's
 * NPT lock. On success the caller owns the lock and ends with hvc_vm_end.
 * Inlined into each call: it is most of what WALK does outside core/npt.
 */
__attribute__((always_inline)) static inline int
enter_vm_ipa(const struct hvc_regs *r, enum hvc_access access, u64 align, u32 *vmid)
{
	int ret = hvc_arg_vmid(r->x[1], access, vmid);

	if (ret)
		return ret;
	if (!ipa_ok(r->x[2], align))
		return -HC_EINVAL;
	return hvc_vm_begin(*vmid);
}

/* An output address SET_NPT accepts: not 0, below 2^48, aligned to the leaf. */
static bool oa_ok(u64 pa, u64 align)
{
	return pa != 0 && pa < IPA_LIMIT && (pa & (align - 1)) == 0;
}

/* Every argument of SET_NPT but the vmid: einval unless all of them are good. */
static int set_npt_args(const struct hvc_regs *r)
{
	u64 ipa = r->x[2], level = r->x[3], pa = r->x[4], perms = r->x[5];

	if (level != 2 && level != 3)
		return -HC_EINVAL;
	if (!ipa_ok(ipa, leaf_size(level)) || !oa_ok(pa, leaf_size(level)))
		return -HC_EINVAL;
	if (perms == 0 || (perms & ~HVC_PERM_ALL))
		return -HC_EINVAL;
	return HC_OK;
}

/*
 * A protected VM's leaf is set only where nothing is mapped: the host may
 * not swap the page under a VM that trusts its contents (replace a leaf
 * with one onto pages of its choosing). A leaf of either level already
 * covering ipa is eexist; a block over a level-3 table is eexist for every
 * VM (set_npt's own rule).
 */
static int protected_leaf_free(u32 vmid, u64 ipa)
{
	u64 pte = 0;

	if (!hvc_vm_protected(vmid))
		return HC_OK;
	BUG_ON(walk_npt(vmid, ipa, &pte) != HC_OK);
	return pte ? -HC_EEXIST : HC_OK;
}

int hvc_call_set_npt(const struct hvc_regs *r, struct hvc_result *res)
{
	u64 ipa = r->x[2], pte;
	u32 level = (u32)r->x[3], vmid;
	int ret;

	(void)res;
	ret = hvc_arg_vmid(r->x[1], HVC_CHANGES, &vmid);
	if (!ret)
		ret = set_npt_args(r);
	if (ret)
		return ret;
	/* Checked above: a leaf always comes out. */
	pte = npt_leaf_desc(r->x[4], level, (u32)r->x[5]);
	BUG_ON(pte == 0);
	ret = hvc_vm_begin(vmid);
	if (ret)
		return ret;
	ret = protected_leaf_free(vmid, ipa);
	if (!ret)
		ret = owner_vm_map(vmid, ipa, level, pte, hvc_vm_how(vmid));
	hvc_vm_end(vmid);
	return ret;
}

int hvc_call_unmap(const struct hvc_regs *r, struct hvc_result *res)
{
	u32 vmid;
	int ret;

	(void)res;
	ret = enter_vm_ipa(r, HVC_CHANGES, SZ_4K, &vmid);
	if (ret)
		return ret;
	/* A protected VM's pages come back only with VM_DESTROY. */
	if (hvc_vm_protected(vmid))
		ret = -HC_EPERM;
	else
		ret = owner_vm_unmap(vmid, r->x[2]);
	hvc_vm_end(vmid);
	return ret;
}

int hvc_call_walk(const struct hvc_regs *r, struct hvc_result *res)
{
	u32 vmid;
	int ret;

	ret = enter_vm_ipa(r, HVC_READS, 1, &vmid);
	if (ret)
		return ret;
	ret = walk_npt(vmid, r->x[2], &res->x[0]);
	hvc_vm_end(vmid);
	return ret;
}

int hvc_call_level(const struct hvc_regs *r, struct hvc_result *res)
{
	u32 vmid, level = 0;
	int ret;

	ret = enter_vm_ipa(r, HVC_READS, 1, &vmid);
	if (ret)
		return ret;
	ret = get_npt_level(vmid, r->x[2], &level);
	hvc_vm_end(vmid);
	res->x[0] = level;
	return ret;
}

int hvc_call_mem_load(const struct hvc_regs *r, struct hvc_result *res)
{
	u32 vmid;
	int ret;

	ret = enter_vm_ipa(r, HVC_READS, 8, &vmid);
	if (ret)
		return ret;
	ret = owner_vm_host_access(vmid, r->x[2]);
	if (!ret)
		ret = mem_load(vmid, r->x[2], &res->x[0]);
	hvc_vm_end(vmid);
	return ret;
}

int hvc_call_mem_store(const struct hvc_regs *r, struct hvc_result *res)
{
	u32 vmid;
	int ret;

	(void)res;
	ret = enter_vm_ipa(r, HVC_CHANGES, 8, &vmid);
	if (ret)
		return ret;
	ret = owner_vm_host_access(vmid, r->x[2]);
	if (!ret)
		ret = mem_store(vmid, r->x[2], r->x[3]);
	hvc_vm_end(vmid);
	return ret;
}

/* Pages used, pages total and start address of one area. */
static void area_usage(const struct npt_pool_usage *u, u64 area, struct hvc_result *res)
{
	u64 start = u->root, next = u->root + SZ_4K, end = u->root + SZ_4K;

	if (area == HVC_AREA_PGD) {
		start = u->pgd_start, next = u->pgd_next, end = u->pgd_end;
	} else if (area == HVC_AREA_PUD) {
		start = u->pud_start, next = u->pud_next, end = u->pud_end;
	} else if (area == HVC_AREA_PMD) {
		start = u->pmd_start, next = u->pmd_next, end = u->pmd_end;
	}
	res->x[0] = (next - start) / SZ_4K;
	res->x[1] = (end - start) / SZ_4K;
	res->x[2] = start;
}

int hvc_call_pool_usage(const struct hvc_regs *r, struct hvc_result *res)
{
	u64 vmid_reg = r->x[1], area = r->x[2];
	struct npt_pool_usage u;
	u32 vmid;
	int ret;

	ret = hvc_arg_vmid(vmid_reg, HVC_READS, &vmid);
	if (ret)
		return ret;
	if (area > HVC_AREA_PMD)
		return -HC_EINVAL;
	ret = hvc_vm_begin(vmid);
	if (ret)
		return ret;
	ret = npt_pool_usage(vmid, &u);
	hvc_vm_end(vmid);
	if (!ret)
		area_usage(&u, area, res);
	return ret;
}
