/* SPDX-License-Identifier: MIT */
/*
 * vCPUs: the state the core keeps for each virtual CPU of a VM, and the
 * run loop's bookkeeping (core/vcpu). The world switch itself, which
 * loads this state into the CPU and saves it back, is the platform's
 * (arch_vcpu_enter in hypcore/arch.h): arch/arm64 at EL2, and a scripted
 * stand-in in the host build.
 *
 * Locking: every field of a VM's vCPUs is read and written under that
 * VM's NPT lock, except a running vCPU's context, which belongs to the
 * CPU running it (its `running` flag, set under the lock, says so).
 */
#ifndef HYPCORE_VCPU_H
#define HYPCORE_VCPU_H

#include <hypcore/types.h>

#define VCPU_MAX 8U

/*
 * EL1 system registers a guest may change, saved and loaded around every
 * run (the host's own copy is saved and loaded the other way).
 */
enum vcpu_sysreg {
	VCPU_SP_EL1,
	VCPU_ELR_EL1,
	VCPU_SPSR_EL1,
	VCPU_SCTLR_EL1,
	VCPU_TTBR0_EL1,
	VCPU_TTBR1_EL1,
	VCPU_TCR_EL1,
	VCPU_MAIR_EL1,
	VCPU_AMAIR_EL1,
	VCPU_VBAR_EL1,
	VCPU_CONTEXTIDR_EL1,
	VCPU_TPIDR_EL0,
	VCPU_TPIDRRO_EL0,
	VCPU_TPIDR_EL1,
	VCPU_ESR_EL1,
	VCPU_FAR_EL1,
	VCPU_AFSR0_EL1,
	VCPU_AFSR1_EL1,
	VCPU_PAR_EL1,
	VCPU_CPACR_EL1,
	VCPU_CNTKCTL_EL1,
	VCPU_CSSELR_EL1,
	VCPU_SP_EL0,
	VCPU_CNTV_CTL_EL0,
	VCPU_CNTV_CVAL_EL0,
	VCPU_CNTVOFF_EL2, /* the guest's virtual counter = physical - this */
	VCPU_VMPIDR_EL2,  /* what the guest reads as MPIDR_EL1 */
	VCPU_NR_SYSREGS
};

/* FP/SIMD: V0..V31 as pairs of 64-bit halves, then FPSR and FPCR. */
struct vcpu_fp {
	u64 v[64];
	u64 fpsr;
	u64 fpcr;
} __attribute__((aligned(16)));

/* Everything the world switch loads and saves. x[] first: the assembly knows. */
struct vcpu_ctx {
	u64 x[31];
	u64 pc;
	u64 pstate;
	u64 sys[VCPU_NR_SYSREGS];
	struct vcpu_fp fp;
};

/* How the platform left the guest. */
enum vcpu_trap_kind { VCPU_TRAP_SYNC, VCPU_TRAP_IRQ, VCPU_TRAP_FIQ, VCPU_TRAP_SERROR };

struct vcpu_trap {
	u32 kind;
	u64 esr;   /* ESR_EL2 of a synchronous trap, else 0 */
	u64 far;   /* FAR_EL2 */
	u64 hpfar; /* HPFAR_EL2 */
};

/* An exit as the host gets it: reason and x2..x7 (hvc_abi.h). */
struct vcpu_exit {
	u64 reason;
	u64 rec[6];
};

/* The next run's resume, from VCPU_RUN's x3..x8. */
struct vcpu_resume {
	u64 flags;
	u64 value;
	u64 hvc_ret[4];
};

/* Forget every vCPU; call once at boot (and in tests), before any hypercall. */
void vcpu_init(void);

/*
 * Under the VM's NPT lock (vmid >= 1, created). 0 or -HC_E*. sealed: the
 * VM is protected, and takes no new vCPU once a vCPU of it has run (eperm).
 */
int vcpu_create(u32 vmid, u64 index, u64 pc, u64 x0, bool sealed);

/*
 * VCPU_RUN in three steps, so that no lock is held while the guest runs:
 *  vcpu_run_claim    under the VM's NPT lock: check, apply the host's
 *                    answer to the last exit, mark the vCPU running.
 *                    0: claimed, *ctx is the context to run; 1: the VM's
 *                    run has ended (SYSTEM_OFF / RESET), *exit says so and
 *                    nothing runs; else -HC_E* and nothing changed.
 *  vcpu_run_guest    no lock: the world switch, then the exit decoded.
 *  vcpu_run_release  under the VM's NPT lock: the vCPU stops running;
 *                    the exit is kept for the next claim.
 */
int vcpu_run_claim(u32 vmid, u64 index, const struct vcpu_resume *resume, struct vcpu_exit *exit,
		   struct vcpu_ctx **ctx);
void vcpu_run_guest(struct vcpu_ctx *ctx, u64 vttbr, struct vcpu_exit *exit);
void vcpu_run_release(u32 vmid, u32 index, const struct vcpu_exit *exit);

/* Under the VM's NPT lock: -HC_EBUSY while one of its vCPUs runs. */
int vcpu_vm_check_idle(u32 vmid);

/* Under the VM's NPT lock, once the VM is destroyed: its vCPUs are wiped. */
void vcpu_vm_reset(u32 vmid);

/* Pure helpers of the exit path (core/vcpu/vcpu_exit.c), unit-tested alone. */
u64 vcpu_trap_ipa(const struct vcpu_trap *t);
void vcpu_decode_exit(struct vcpu_ctx *ctx, const struct vcpu_trap *t, struct vcpu_exit *exit);
int vcpu_apply_resume(struct vcpu_ctx *ctx, const struct vcpu_exit *last,
		      const struct vcpu_resume *resume);

#endif
