/* SPDX-License-Identifier: MIT */
/*
 * The vCPUs of each VM: created by the host, run one CPU at a time, wiped
 * with their VM. Every field is guarded by the VM's NPT lock (the callers
 * in core/hvc hold it), except a running vCPU's context, which only the
 * CPU that claimed it touches until it releases it.
 *
 * Invariants, checked where they matter:
 *  - running[v] counts the vCPUs of VM v with `running` set;
 *  - a VM with a running vCPU is not destroyed (vcpu_vm_check_idle);
 *  - once a VM's run has ended (SYSTEM_OFF / RESET), no vCPU of it enters
 *    the guest again.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/hvc_abi.h>
#include <hypcore/npt.h>
#include <hypcore/vcpu.h>

_Static_assert(VCPU_MAX == HVC_MAX_VCPUS, "vCPUs per VM");

/* The first state of a vCPU: EL1h, D, A, I and F masked. */
#define PSTATE_EL1H_DAIF 0x3c5ULL
/* SCTLR_EL1's RES1 bits of Armv8.0: MMU, caches and alignment checks off. */
#define SCTLR_EL1_RESET 0x30d00800ULL
/* CPACR_EL1.FPEN = 0b11: FP/SIMD not trapped at EL1 or EL0. */
#define CPACR_FPEN 0x300000ULL
/* MPIDR_EL1 bit 31 is RES1; affinity level 0 is the vCPU index. */
#define MPIDR_RES1 0x80000000ULL

struct vcpu {
	struct vcpu_ctx ctx;
	struct vcpu_exit last; /* the exit the host answers at the next run */
	bool created;
	bool running;
};

static struct vcpu vcpus[NPT_MAX_VMS][VCPU_MAX];
static u32 running[NPT_MAX_VMS];
static u64 ended[NPT_MAX_VMS];	  /* 0, or HVC_EXIT_SYSTEM_OFF / HVC_EXIT_RESET */
static bool started[NPT_MAX_VMS]; /* a vCPU of the VM has entered the guest */

/* The caller holds VM vmid's NPT lock (npt_vm_tables checks it), and vmid names a VM. */
static void check_held(u32 vmid)
{
	BUG_ON(vmid == 0 || vmid >= NPT_MAX_VMS || npt_vm_tables(vmid) == NULL);
}

static void wipe(struct vcpu *vc)
{
	/* A protected guest's registers must not outlive it, even in core memory. */
	*vc = (struct vcpu){0};
}

void vcpu_init(void)
{
	for (u32 v = 0; v < NPT_MAX_VMS; v++) {
		for (u32 i = 0; i < VCPU_MAX; i++)
			wipe(&vcpus[v][i]);
		running[v] = 0;
		ended[v] = 0;
		started[v] = false;
	}
}

int vcpu_create(u32 vmid, u64 index, u64 pc, u64 x0, bool sealed)
{
	struct vcpu *vc;

	check_held(vmid);
	if (index >= VCPU_MAX || pc >= (1ULL << NPT_IPA_BITS) || (pc & 3))
		return -HC_EINVAL;
	vc = &vcpus[vmid][index];
	if (vc->created)
		return -HC_EEXIST;
	/*
	 * A new vCPU of a protected VM whose guest already runs would start
	 * at a PC of the host's choosing inside the guest's memory, with its
	 * secrets: a way to make the guest's own code leak them.
	 */
	if (sealed && started[vmid])
		return -HC_EPERM;
	wipe(vc);
	vc->ctx.x[0] = x0;
	vc->ctx.pc = pc;
	vc->ctx.pstate = PSTATE_EL1H_DAIF;
	vc->ctx.sys[VCPU_SCTLR_EL1] = SCTLR_EL1_RESET;
	vc->ctx.sys[VCPU_CPACR_EL1] = CPACR_FPEN;
	vc->ctx.sys[VCPU_VMPIDR_EL2] = MPIDR_RES1 | index;
	/* The guest's virtual counter starts near 0. */
	vc->ctx.sys[VCPU_CNTVOFF_EL2] = arch_counter();
	vc->created = true;
	return HC_OK;
}

int vcpu_run_claim(u32 vmid, u64 index, const struct vcpu_resume *resume, struct vcpu_exit *exit,
		   struct vcpu_ctx **ctx)
{
	struct vcpu *vc;
	int ret;

	check_held(vmid);
	if (index >= VCPU_MAX || !vcpus[vmid][index].created)
		return -HC_EINVAL;
	vc = &vcpus[vmid][index];
	if (vc->running)
		return -HC_EBUSY;
	if (ended[vmid]) {
		*exit = (struct vcpu_exit){ended[vmid], {0, 0, 0, 0, 0, 0}};
		return 1;
	}
	ret = vcpu_apply_resume(&vc->ctx, &vc->last, resume);
	if (ret != HC_OK)
		return ret;
	vc->last = (struct vcpu_exit){0, {0, 0, 0, 0, 0, 0}}; /* answered once only */
	vc->running = true;
	running[vmid]++;
	started[vmid] = true;
	*ctx = &vc->ctx;
	return 0;
}

void vcpu_run_guest(struct vcpu_ctx *ctx, u64 vttbr, struct vcpu_exit *exit)
{
	struct vcpu_trap trap = {0, 0, 0, 0};

	arch_vcpu_enter(ctx, vttbr, &trap);
	vcpu_decode_exit(ctx, &trap, exit);
}

void vcpu_run_release(u32 vmid, u32 index, const struct vcpu_exit *exit)
{
	struct vcpu *vc;

	check_held(vmid);
	BUG_ON(index >= VCPU_MAX);
	vc = &vcpus[vmid][index];
	BUG_ON(!vc->running || running[vmid] == 0);
	vc->running = false;
	running[vmid]--;
	vc->last = *exit;
	if (exit->reason == HVC_EXIT_SYSTEM_OFF || exit->reason == HVC_EXIT_RESET)
		ended[vmid] = exit->reason;
}

int vcpu_vm_check_idle(u32 vmid)
{
	check_held(vmid);
	return running[vmid] ? -HC_EBUSY : HC_OK;
}

void vcpu_vm_reset(u32 vmid)
{
	check_held(vmid);
	BUG_ON(running[vmid] != 0);
	for (u32 i = 0; i < VCPU_MAX; i++)
		wipe(&vcpus[vmid][i]);
	ended[vmid] = 0;
	started[vmid] = false;
}
