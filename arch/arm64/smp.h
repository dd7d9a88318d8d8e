/* SPDX-License-Identifier: MIT */
/*
 * Starting CPUs for the host. The host asks PSCI CPU_ON (trapped SMC) for
 * its entry point; we record it, start the CPU at our own entry, set it up
 * at EL2, and only then let it into the host at EL1 at the recorded point.
 * CPU_SUSPEND's resume point is kept apart from CPU_ON's: a CPU suspends
 * itself, while anyone may start a CPU, and two CPUs may try at once.
 */
#ifndef HYPCORE_ARM64_SMP_H
#define HYPCORE_ARM64_SMP_H

#include <hypcore/types.h>

/* Context bit we give the firmware for a resume from CPU_SUSPEND (else CPU_ON). */
#define SMP_CONTEXT_RESUME 0x100ULL

/*
 * Claim cpu's CPU_ON arguments and record where it must enter the host,
 * and with which x0. False when another CPU_ON for it holds them (its
 * start is pending): nothing written. The started CPU releases them once
 * it has read them; the caller releases them itself when the firmware
 * refuses (smp_release_cpu_on).
 */
bool smp_claim_cpu_on(u32 cpu, u64 entry, u64 context);
void smp_release_cpu_on(u32 cpu);
/* Are cpu's CPU_ON arguments claimed (its start pending)? */
bool smp_cpu_on_pending(u32 cpu);

/* The calling CPU's resume point from CPU_SUSPEND (only it writes or reads it). */
void smp_set_resume(u32 cpu, u64 entry, u64 context);

/* Our entry for PSCI CPU_ON / CPU_SUSPEND (head.S), as a physical address. */
u64 smp_el2_entry(void);

/* C side of secondary_entry: MMU, host controls, then the host. */
_Noreturn void secondary_main(u64 context, u64 cpu);

#endif
