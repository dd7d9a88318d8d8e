/* SPDX-License-Identifier: MIT */
/*
 * The hypercall dispatcher: the one entry from the host into the core.
 * The ABI itself (ids, registers, errors) is in hvc_abi.h.
 */
#ifndef HYPCORE_HVC_H
#define HYPCORE_HVC_H

#include <hypcore/types.h>

#define HVC_NR_REGS 18

/*
 * The calling CPU's x0..x17 at the HVC. The EL2 exception handler fills it
 * from its trap frame, calls hvc_dispatch, and copies x0..x3 back; the
 * dispatcher writes nothing else.
 */
struct hvc_regs {
	u64 x[HVC_NR_REGS];
};

/*
 * Forget every VM: only vmid 0 (the host) exists. Call after npt_init,
 * before any hypercall; not thread-safe.
 */
void hvc_init(void);

/*
 * Was vmid created protected (HVC_VM_CREATE_PROTECTED)? false for vmid 0,
 * a vmid out of range or one not created. Takes the VM's NPT lock to read
 * it, as every call reads the created flag: never call it holding that
 * lock.
 */
bool hvc_vm_is_protected(u32 vmid);

/*
 * Answer the hypercall in r: x0..x3 are overwritten with the status and
 * the results. Returns the status (x0 as a signed value); for the Call UID
 * and Revision queries, whose x0 is data, it returns 0.
 */
s64 hvc_dispatch(struct hvc_regs *r);

#endif
