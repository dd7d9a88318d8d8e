/* SPDX-License-Identifier: MIT */
/*
 * The EL2 controls that define the host's world at EL1: stage-2 on our
 * tables, SMCs trapped, everything else (FP/SVE/SME, timers, PMU, GIC
 * system registers) left to the host. Programmed on every CPU before its
 * first entry to EL1.
 */
#ifndef HYPCORE_ARM64_HOST_REGS_H
#define HYPCORE_ARM64_HOST_REGS_H

#include <hypcore/types.h>

/* VTCR_EL2 for a 4 KiB granule, 48-bit IPA from level 0; panics if the CPU lacks 48-bit PAs. */
u64 host_vtcr(void);

/* CPTR_EL2 without FP/SIMD traps: before EL2's first FP use (libfdt, vsnprintf). */
void el2_fp_enable(void);

/* Program every EL2 control for the host on the calling CPU. */
void host_regs_setup(void);

/* Enter the host at EL1 (head.S): never returns. */
_Noreturn void el1_enter(u64 entry, u64 arg);

#endif
