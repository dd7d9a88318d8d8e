/* SPDX-License-Identifier: MIT */
/*
 * Starting CPUs for the host. The host asks PSCI CPU_ON (trapped SMC) for
 * its entry point; we record it, start the CPU at our own entry, set it up
 * at EL2, and only then let it into the host at EL1 at the recorded point.
 */
#ifndef HYPCORE_ARM64_SMP_H
#define HYPCORE_ARM64_SMP_H

#include <hypcore/types.h>

/* Where `cpu` must enter the host, and with which x0, when it next starts. */
void smp_set_host_entry(u32 cpu, u64 entry, u64 context);

/* Our entry for PSCI CPU_ON / CPU_SUSPEND (head.S), as a physical address. */
u64 smp_el2_entry(void);

/* C side of secondary_entry: MMU, host controls, then the host. */
_Noreturn void secondary_main(u64 context, u64 cpu);

#endif
