/* SPDX-License-Identifier: MIT */
/*
 * What the architecture-neutral core needs from the platform it runs on.
 * Two implementations: arch/arm64 (the EL2 image) and arch/host (the host
 * build, where a "CPU" is a thread and physical memory is simulated).
 */
#ifndef HYPCORE_ARCH_H
#define HYPCORE_ARCH_H

#include <hypcore/types.h>

#define HC_MAX_CPUS 8

/*
 * ACSL (make proof): the contracts below are the platform's side of the
 * proof of core/npt and core/lock, assumed, not proved. The proof is
 * sequential: the calling CPU is hc_this_cpu.
 */
/*@ axiomatic HcCpu {
      logic integer hc_this_cpu;
      axiom hc_this_cpu_range: 0 <= hc_this_cpu < HC_MAX_CPUS;
    } */

/* Index of the calling CPU (0-based, < HC_MAX_CPUS). */
/*@ assigns \nothing;
    ensures \result == hc_this_cpu; */
u32 arch_cpu_id(void);

/* Polite pause inside a spin loop. */
/*@ assigns \nothing; */
void arch_cpu_relax(void);

/* Wake CPUs waiting in arch_cpu_relax() after a lock release. */
/*@ assigns \nothing; */
void arch_cpu_wake(void);

/*
 * Invalidate stage-2 TLB entries of the VM whose VTTBR is given, for the
 * leaf at level `level` (2 or 3) that maps `ipa`, on every CPU. Called by
 * break-before-make between clearing an old leaf and writing its successor.
 */
/*@ assigns \nothing; */
void arch_tlb_flush_ipa(u64 vttbr, u64 ipa, u32 level);

/* Invalidate every stage-2 TLB entry of that VM on every CPU (VM reset). */
/*@ assigns \nothing; */
void arch_tlb_flush_vm(u64 vttbr);

/*
 * Clean and invalidate the data cache lines of [pa, pa + size) to the
 * point of coherency, on every CPU's behalf (DC CIVAC), complete when it
 * returns: memory then holds what the caches held, and no line of the
 * range stays in a cache to be written back later.
 */
/*@ assigns \nothing; */
void arch_dcache_clean_inval_poc(u64 pa, u64 size);

/*
 * Invalidate every instruction cache of the inner shareable domain (IC
 * IALLUIS), complete when it returns: no CPU fetches an instruction that
 * was cached before.
 */
/*@ assigns \nothing; */
void arch_icache_inval_all(void);

/*
 * True when VMs run with stage-2 forced write-back (FEAT_S2FWB: HCR_EL2.FWB
 * set while a guest runs, never for the host): a VM's leaf, composed with
 * the FWB encoding (npt_leaf_desc), then makes every access of the VM
 * normal write-back whatever the VM's own stage 1 says, MMU off included.
 * Probed once at boot, before the core is set up; constant after.
 */
/*@ assigns \nothing; */
bool arch_s2fwb(void);

/* The physical counter (CNTPCT_EL0), for a new vCPU's virtual counter offset. */
/*@ assigns \nothing; */
u64 arch_counter(void);

struct vcpu_ctx;
struct vcpu_trap;

/*
 * The world switch: run the guest whose state is ctx on this CPU, on the
 * stage-2 tables and VMID of vttbr, until it traps; the host's own EL1
 * state is saved before and restored after, so the host cannot tell a
 * guest ran. On return ctx holds the guest's state at the trap and trap
 * says what the trap was. Called with no lock held.
 */
/*@ assigns \nothing; */
void arch_vcpu_enter(struct vcpu_ctx *ctx, u64 vttbr, struct vcpu_trap *trap);

/*
 * Print one line of text (no trailing newline in it) on the platform's
 * console, whole, from any CPU at any time: at EL2 it uses no FP/SIMD
 * register, so it is safe while the host runs. The core formats the line
 * itself (it has no printf). On the host build it is counted and kept,
 * and printed only when the environment asks for it (HYPCORE_LOG).
 */
/*@ assigns \nothing; */
void arch_log_line(const char *line);

/*
 * Stop the core: an internal invariant is broken. Prints the message, the
 * location and (at EL2) a register dump, then never returns.
 */
/*@ terminates \false;
    assigns \nothing;
    ensures \false; */
_Noreturn void arch_panic(const char *file, int line, const char *msg);

#define HC_STR2(x) #x
#define HC_STR(x)  HC_STR2(x)

/* An internal invariant: when `cond` holds, the core is broken. */
#define BUG_ON(cond)                                                                               \
	do {                                                                                       \
		if (__builtin_expect(!!(cond), 0))                                                 \
			arch_panic(__FILE__, __LINE__, "BUG_ON(" #cond ")");                       \
	} while (0)

#endif
