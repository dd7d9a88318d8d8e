/* SPDX-License-Identifier: MIT */
/*
 * Which vmids exist. vmid 0 is the host and always exists; the others are
 * free until VM_CREATE hands them out. A free vmid's pool is always clean
 * (all zero, bump pointers rewound): npt_init starts it so, and VM_DESTROY
 * resets it before freeing the vmid, so VM_CREATE has nothing to clean.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/hvc_abi.h>
#include <hypcore/lock.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>
#include <hypcore/vcpu.h>

#include "hvc_internal.h"

/*
 * What VM_CREATE's flags made of a VM: private (no flag: pages donated,
 * UNMAP gives them back zeroed), shared (the host lends its pages) or
 * protected (donated, set only where nothing is mapped, no UNMAP: the
 * pages come back only at VM_DESTROY).
 */
enum vm_kind { VM_PRIVATE, VM_SHARED, VM_PROTECTED };

static struct hc_lock vm_state_lock;
static bool vm_created[NPT_MAX_VMS];
static enum vm_kind vm_kind[NPT_MAX_VMS]; /* meaningful while created */

void hvc_init(void)
{
	BUG_ON(npt_geometry()->nr_vms == 0);
	hc_lock_init(&vm_state_lock);
	vcpu_init();
	for (u32 v = 0; v < NPT_MAX_VMS; v++) {
		vm_created[v] = v == 0;
		vm_kind[v] = VM_PRIVATE;
	}
}

/*
 * The kind is written by VM_CREATE before its release store of "created"
 * and not again until the vmid is free; a caller holding the NPT lock of
 * a VM it found created (hvc_vm_begin's acquire load) reads it as it is.
 */
static enum vm_kind kind_of(u32 vmid)
{
	BUG_ON(!npt_vm_tables(vmid)); /* panics unless the caller holds the NPT lock */
	return vm_kind[vmid];
}

enum owner_how hvc_vm_how(u32 vmid)
{
	return kind_of(vmid) == VM_SHARED ? OWNER_SHARE : OWNER_DONATE;
}

bool hvc_vm_protected(u32 vmid)
{
	return kind_of(vmid) == VM_PROTECTED;
}

bool hvc_vm_is_protected(u32 vmid)
{
	bool protected;

	if (vmid == 0 || vmid >= npt_geometry()->nr_vms)
		return false;
	if (hvc_vm_begin(vmid))
		return false; /* not created */
	protected = hvc_vm_protected(vmid);
	hvc_vm_end(vmid);
	return protected;
}

/*
 * Read under the VM's NPT lock, without the VM-state lock: the flag goes
 * to false only in VM_DESTROY, which holds the same NPT lock, and to true
 * only in VM_CREATE, after the VM's kind is set and while its pool
 * is clean; a call racing with that create sees "free" or "created", both
 * right. Written under the VM-state lock, with release stores.
 */
static bool is_created(u32 vmid)
{
	return __atomic_load_n(&vm_created[vmid], __ATOMIC_ACQUIRE);
}

static void set_created(u32 vmid, bool created)
{
	hc_lock_acquire(&vm_state_lock);
	__atomic_store_n(&vm_created[vmid], created, __ATOMIC_RELEASE);
	hc_lock_release(&vm_state_lock);
}

/*
 * Holding the NPT lock while checking means a concurrent destroy either
 * finished before us (we see "free") or waits until we are done.
 */
int hvc_vm_begin(u32 vmid)
{
	npt_lock(vmid);
	if (!is_created(vmid)) {
		npt_unlock(vmid);
		return -HC_EINVAL;
	}
	return HC_OK;
}

/* x1 = flags: none (private), HVC_VM_CREATE_SHARED or HVC_VM_CREATE_PROTECTED. */
static int kind_from_flags(u64 flags, enum vm_kind *kind)
{
	if (flags == 0)
		*kind = VM_PRIVATE;
	else if (flags == HVC_VM_CREATE_SHARED)
		*kind = VM_SHARED;
	else if (flags == HVC_VM_CREATE_PROTECTED)
		*kind = VM_PROTECTED;
	else
		return -HC_EINVAL; /* unknown bits, or shared and protected at once */
	return HC_OK;
}

/* The lowest free vmid >= 1. */
int hvc_call_vm_create(const struct hvc_regs *r, struct hvc_result *res)
{
	u32 nr_vms = npt_geometry()->nr_vms;
	enum vm_kind kind;
	int ret = -HC_ENOMEM;

	if (kind_from_flags(r->x[1], &kind))
		return -HC_EINVAL;
	hc_lock_acquire(&vm_state_lock);
	for (u32 v = 1; v < nr_vms; v++) {
		if (!vm_created[v]) {
			vm_kind[v] = kind;
			__atomic_store_n(&vm_created[v], true, __ATOMIC_RELEASE);
			res->x[0] = v;
			ret = HC_OK;
			break;
		}
	}
	hc_lock_release(&vm_state_lock);
	return ret;
}

int hvc_call_vm_destroy(const struct hvc_regs *r, struct hvc_result *res)
{
	u32 vmid;
	int ret;

	(void)res;
	if (r->x[1] == 0)
		return -HC_EINVAL; /* the host cannot be destroyed */
	ret = hvc_arg_vmid(r->x[1], HVC_CHANGES, &vmid);
	if (ret)
		return ret;
	ret = hvc_vm_begin(vmid);
	if (ret)
		return ret;
	/* A vCPU of it runs on some CPU: its tables are in use. */
	ret = vcpu_vm_check_idle(vmid);
	if (ret) {
		hvc_vm_end(vmid);
		return ret;
	}
	/* Every page back to the host (donated ones zeroed), then the tables. */
	owner_vm_release_all(vmid);
	/* vmid is checked and its lock held: a failure here is a core bug. */
	BUG_ON(npt_reset_vm(vmid) != HC_OK);
	vcpu_vm_reset(vmid);
	set_created(vmid, false);
	hvc_vm_end(vmid);
	return HC_OK;
}
