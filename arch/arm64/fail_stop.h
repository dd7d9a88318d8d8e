/* SPDX-License-Identifier: MIT */
/*
 * The one way EL2 stops the machine (fail_stop.c). The first CPU to fail
 * claims the fail-stop, prints its report and ends the machine:
 * semihosting SYS_EXIT_EXTENDED if the boot was told semihosting is there
 * (`hypcore.semihosting=1`, semihost.h), else PSCI SYSTEM_OFF, else a
 * masked WFI loop. Any later entry (another CPU, or the same CPU faulting
 * again inside the fail-stop) reports nothing more and parks, so the
 * fail-stop cannot recurse. Every EL2 entry checks the claim first
 * (el2_trap): once a CPU has failed, the others park as they come in.
 */
#ifndef HYPCORE_ARM64_FAIL_STOP_H
#define HYPCORE_ARM64_FAIL_STOP_H

#include <hypcore/types.h>

/* Claim the fail-stop for this CPU; a second entry parks instead of returning. */
void fail_stop_begin(void);

/* CPU index + 1 of the CPU that claimed the fail-stop, 0 until one does. */
extern u32 stopping_cpu;

/* True once some CPU has claimed the fail-stop (inline: every trap asks). */
static inline bool fail_stop_active(void)
{
	return __atomic_load_n(&stopping_cpu, __ATOMIC_ACQUIRE) != 0;
}

/*
 * Every entry after the claim: park. One line first, once per CPU: the
 * failing CPU's first re-entry, or another CPU's first entry.
 */
_Noreturn void fail_stop_reentered(void);

/* The console for a report: taken if it can be, within a bound. */
void fail_stop_console(void);

/* After the report: exit through semihosting, power off, or park. */
_Noreturn void fail_stop_end(u32 status);

/* Mask everything and wait for interrupts, for good. */
_Noreturn void fail_stop_park(void);

#endif
