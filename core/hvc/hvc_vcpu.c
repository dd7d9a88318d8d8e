/* SPDX-License-Identifier: MIT */
/*
 * VCPU_CREATE and VCPU_RUN: unpack, check, and call core/vcpu under the
 * VM's NPT lock. VCPU_RUN drops the lock while the guest runs and takes it
 * again to record the exit, so a VM_DESTROY or a map on another CPU never
 * waits for a guest; VM_DESTROY is refused (ebusy) while a vCPU runs.
 */
#include <hypcore/errno.h>
#include <hypcore/hvc_abi.h>
#include <hypcore/npt.h>
#include <hypcore/vcpu.h>

#include "hvc_internal.h"

/*
 * x1 names a created VM, not the host (einval: the host has no vCPUs of
 * ours); on 0 its NPT lock is held.
 */
static int vcpu_vm_begin(u64 reg, u32 *vmid)
{
	int ret = hvc_arg_vmid(reg, HVC_CHANGES, vmid);

	if (ret)
		return ret == -HC_EPERM ? -HC_EINVAL : ret;
	return hvc_vm_begin(*vmid);
}

/* x1 = vmid (not the host), x2 = vcpu, x3 = entry PC, x4 = x0. */
int hvc_call_vcpu_create(const struct hvc_regs *r, struct hvc_result *res)
{
	u32 vmid;
	int ret;

	(void)res;
	ret = vcpu_vm_begin(r->x[1], &vmid);
	if (ret)
		return ret;
	ret = vcpu_create(vmid, r->x[2], r->x[3], r->x[4], hvc_vm_protected(vmid));
	hvc_vm_end(vmid);
	return ret;
}

/* x1 = vmid, x2 = vcpu, x3 = resume flags, x4 = value read, x5..x8 = HVC results. */
int hvc_call_vcpu_run(const struct hvc_regs *r, struct hvc_result *res)
{
	struct vcpu_resume resume = {r->x[3], r->x[4], {r->x[5], r->x[6], r->x[7], r->x[8]}};
	struct vcpu_exit exit;
	struct vcpu_ctx *ctx = NULL;
	u64 vttbr = 0;
	u32 vmid;
	int ret;

	ret = vcpu_vm_begin(r->x[1], &vmid);
	if (ret)
		return ret;
	ret = vcpu_run_claim(vmid, r->x[2], &resume, &exit, &ctx);
	if (ret == 0)
		BUG_ON(npt_vttbr(vmid, &vttbr) != HC_OK);
	hvc_vm_end(vmid);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		vcpu_run_guest(ctx, vttbr, &exit);
		/* Created and claimed: the VM cannot have been destroyed meanwhile. */
		BUG_ON(hvc_vm_begin(vmid) != HC_OK);
		vcpu_run_release(vmid, (u32)r->x[2], &exit);
		hvc_vm_end(vmid);
	}
	res->x[0] = exit.reason;
	for (u32 i = 0; i < 6; i++)
		res->x[1 + i] = exit.rec[i];
	return HC_OK;
}
