/* SPDX-License-Identifier: MIT */
/*
 * From a function id to an answer: decode the id as SMCCC does, answer the
 * standard queries, run our calls from a table indexed by function number,
 * and write status and results into x0..x3. Unknown ids get SMCCC's
 * NOT_SUPPORTED and zeroes; a failed call hands back no partial result.
 */
#include <hypcore/errno.h>
#include <hypcore/hvc_abi.h>
#include <hypcore/npt.h>

#include "hvc_internal.h"

/* The ABI header repeats core values for the host's sake: keep them equal. */
_Static_assert(HVC_PERM_R == NPT_PERM_R && HVC_PERM_W == NPT_PERM_W, "permission bits");
_Static_assert(HVC_PERM_X == NPT_PERM_X && HVC_PERM_ALL == NPT_PERM_ALL, "permission bits");
_Static_assert(HVC_EPERM == -HC_EPERM && HVC_ENOMEM == -HC_ENOMEM, "errno values");
_Static_assert(HVC_EFAULT == -HC_EFAULT && HVC_EEXIST == -HC_EEXIST, "errno values");
_Static_assert(HVC_EINVAL == -HC_EINVAL && HVC_EBUSY == -HC_EBUSY, "errno values");

static const hvc_handler_t hvc_calls[HVC_FN_COUNT] = {
    [HVC_FN_VM_CREATE] = hvc_call_vm_create,
    [HVC_FN_VM_DESTROY] = hvc_call_vm_destroy,
    [HVC_FN_SET_NPT] = hvc_call_set_npt,
    [HVC_FN_UNMAP] = hvc_call_unmap,
    [HVC_FN_WALK] = hvc_call_walk,
    [HVC_FN_LEVEL] = hvc_call_level,
    [HVC_FN_MEM_LOAD] = hvc_call_mem_load,
    [HVC_FN_MEM_STORE] = hvc_call_mem_store,
    [HVC_FN_POOL_USAGE] = hvc_call_pool_usage,
    [HVC_FN_DMA_EVENTS] = hvc_call_dma_events,
    [HVC_FN_VCPU_CREATE] = hvc_call_vcpu_create,
    [HVC_FN_VCPU_RUN] = hvc_call_vcpu_run,
};

/* Bits [23:16] of a fast call's id must be zero in SMCCC 1.1. */
#define HVC_ID_MBZ_MASK 0x00ff0000U

/* A fast call to the vendor-specific hypervisor service, either convention. */
static bool is_ours(u32 id)
{
	return (id & HVC_ID_FAST_CALL) && (id & HVC_ID_MBZ_MASK) == 0 &&
	       ((id >> HVC_ID_OWNER_SHIFT) & HVC_ID_OWNER_MASK) == HVC_OWNER_VENDOR_HYP;
}

static void set_x0_x3(struct hvc_regs *r, u64 x0, u64 x1, u64 x2, u64 x3)
{
	r->x[0] = x0;
	r->x[1] = x1;
	r->x[2] = x2;
	r->x[3] = x3;
}

/* Call UID and Revision: answered in either convention; false for others. */
static bool answer_query(u32 fn, struct hvc_regs *r)
{
	if (fn == HVC_FN_CALL_UID)
		set_x0_x3(r, HVC_UID_W0, HVC_UID_W1, HVC_UID_W2, HVC_UID_W3);
	else if (fn == HVC_FN_REVISION)
		set_x0_x3(r, HVC_REVISION_MAJOR, HVC_REVISION_MINOR, 0, 0);
	else
		return false;
	return true;
}

/* The handler for id, or NULL: our calls exist only as SMC64. */
static hvc_handler_t lookup(u32 id)
{
	u32 fn = id & HVC_ID_FUNC_MASK;

	if (!(id & HVC_ID_SMC64) || fn >= HVC_FN_COUNT)
		return NULL;
	return hvc_calls[fn];
}

/*
 * One of our calls: its status in x0, its results (or zeroes) in x1..x3.
 * Not inlined: the queries and unknown ids then need no stack frame.
 */
__attribute__((noinline)) static s64 run(hvc_handler_t handler, struct hvc_regs *r)
{
	struct hvc_result res = {{0, 0, 0, 0, 0, 0, 0}};
	s64 status = handler(r, &res);

	if (status != HVC_SUCCESS) {
		res = (struct hvc_result){{0, 0, 0, 0, 0, 0, 0}};
	} else if (handler == hvc_call_vcpu_run) {
		/* The one call with results in x4..x7 (its exit record). */
		for (u32 i = 4; i < 8; i++)
			r->x[i] = res.x[i - 1];
	}
	set_x0_x3(r, (u64)status, res.x[0], res.x[1], res.x[2]);
	return status;
}

s64 hvc_dispatch(struct hvc_regs *r)
{
	u32 id = (u32)r->x[0]; /* SMCCC: the id is w0 */
	hvc_handler_t handler;

	if (is_ours(id)) {
		if (answer_query(id & HVC_ID_FUNC_MASK, r))
			return HVC_SUCCESS;
		handler = lookup(id);
		if (handler)
			return run(handler, r);
	}
	set_x0_x3(r, (u64)HVC_NOT_SUPPORTED, 0, 0, 0);
	return HVC_NOT_SUPPORTED;
}
