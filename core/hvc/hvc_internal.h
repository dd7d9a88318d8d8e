/* SPDX-License-Identifier: MIT */
/*
 * Private to core/hvc. The layers, bottom up:
 *
 *   hvc_vm.c         which vmids exist (created / free); VM create, destroy;
 *                    taking a created VM's NPT lock
 *   hvc_npt_calls.c  the NPT calls: unpack, check, lock, call core/npt
 *   hvc_dma.c        DMA_EVENTS: the SMMU's event records (core/smmu)
 *   hvc_vcpu.c       VCPU_CREATE, VCPU_RUN (core/vcpu; no lock while a
 *                    guest runs)
 *   hvc_dispatch.c   decode the function id, answer the standard queries,
 *                    run the handler from the table, write x0..x3
 *
 * Lock order: a VM's NPT lock, then the VM-state lock. VM create takes
 * only the VM-state lock.
 */
#ifndef HYPCORE_HVC_INTERNAL_H
#define HYPCORE_HVC_INTERNAL_H

#include <hypcore/errno.h>
#include <hypcore/hvc.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>

/*
 * x1..x3 to hand back (x1..x7 for VCPU_RUN); the dispatcher zeroes them
 * when a call fails.
 */
struct hvc_result {
	u64 x[7];
};

/* Unpack arguments from r, check them, act, fill res; 0 or -HC_E*. */
typedef int (*hvc_handler_t)(const struct hvc_regs *r, struct hvc_result *res);

/* What a call does to the VM it names: vmid 0 only allows reading. */
enum hvc_access { HVC_READS, HVC_CHANGES };

/*
 * Check a vmid register: in range (einval), and not 0 when it changes
 * (eperm). Inline: every call that names a VM starts here.
 */
static inline int hvc_arg_vmid(u64 reg, enum hvc_access access, u32 *vmid)
{
	/* The whole register: 0x100000001 must not pass as vmid 1. */
	if (reg >= npt_geometry()->nr_vms)
		return -HC_EINVAL;
	if (reg == 0 && access == HVC_CHANGES)
		return -HC_EPERM; /* the host's own stage-2 is the core's */
	*vmid = (u32)reg;
	return HC_OK;
}

/* Take the NPT lock of a checked vmid; einval (and no lock) if not created. */
int hvc_vm_begin(u32 vmid);

static inline void hvc_vm_end(u32 vmid)
{
	npt_unlock(vmid);
}

/*
 * How a created VM takes pages: donated (private, the default, and
 * protected) or shared. The caller holds the VM's NPT lock and found it
 * created (hvc_vm_begin); a panic without the lock.
 */
enum owner_how hvc_vm_how(u32 vmid);
/* Is the VM protected (HVC_VM_CREATE_PROTECTED)? Same rules as hvc_vm_how. */
bool hvc_vm_protected(u32 vmid);

int hvc_call_vm_create(const struct hvc_regs *r, struct hvc_result *res);
int hvc_call_vm_destroy(const struct hvc_regs *r, struct hvc_result *res);
int hvc_call_set_npt(const struct hvc_regs *r, struct hvc_result *res);
int hvc_call_unmap(const struct hvc_regs *r, struct hvc_result *res);
int hvc_call_walk(const struct hvc_regs *r, struct hvc_result *res);
int hvc_call_level(const struct hvc_regs *r, struct hvc_result *res);
int hvc_call_mem_load(const struct hvc_regs *r, struct hvc_result *res);
int hvc_call_mem_store(const struct hvc_regs *r, struct hvc_result *res);
int hvc_call_pool_usage(const struct hvc_regs *r, struct hvc_result *res);
int hvc_call_dma_events(const struct hvc_regs *r, struct hvc_result *res);
int hvc_call_vcpu_create(const struct hvc_regs *r, struct hvc_result *res);
int hvc_call_vcpu_run(const struct hvc_regs *r, struct hvc_result *res);

#endif
