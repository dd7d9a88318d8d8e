/* SPDX-License-Identifier: MIT */
/*
 * The fail-stop (fail_stop.h). It must not fault again: it uses no stack
 * beyond a few frames, prints with the FP-free console only, and takes
 * semihosting's HLT only when the boot was told it is enabled (without a
 * debugger or QEMU's semihosting, HLT is an undefined instruction, which
 * re-entered this path until the stack ran into EL2's tables).
 */
#include <hypcore/arch.h>

#include "console.h"
#include "fail_stop.h"
#include "semihost.h"

#define PSCI_SYSTEM_OFF 0x84000008ULL

/* CPU index + 1 of the CPU that failed first; 0 while all is well. */
static u32 stopping_cpu;
/* Entries into the fail-stop per CPU (1 = its report is under way). */
static u8 entries[HC_MAX_CPUS];

_Noreturn void fail_stop_park(void)
{
	for (;;)
		__asm__ volatile("msr daifset, #0xf\n wfi" : : : "memory");
}

bool fail_stop_active(void)
{
	return __atomic_load_n(&stopping_cpu, __ATOMIC_ACQUIRE) != 0;
}

_Noreturn void fail_stop_reentered(void)
{
	u32 me = arch_cpu_id();

	/* Only its first re-entry says so: if printing faults, the next is silent. */
	if (__atomic_load_n(&stopping_cpu, __ATOMIC_ACQUIRE) == me + 1 && entries[me]++ == 1) {
		con_puts("\nhypcore: fail-stop re-entered on cpu ");
		con_dec(me);
		con_puts(": no second report, parked\n");
	}
	fail_stop_park();
}

void fail_stop_begin(void)
{
	u32 me = arch_cpu_id();
	u32 free = 0;

	if (!__atomic_compare_exchange_n(&stopping_cpu, &free, me + 1, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		fail_stop_reentered();
	entries[me] = 1;
}

/* PSCI SYSTEM_OFF from EL2: the firmware (QEMU's PSCI) ends the machine. */
static void psci_system_off(void)
{
	register u64 x0 __asm__("x0") = PSCI_SYSTEM_OFF;

	__asm__ volatile("smc #0"
			 : "+r"(x0)
			 :
			 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
}

_Noreturn void fail_stop_end(u32 status)
{
	if (semihost_enabled()) {
		con_puts("hypcore: fail-stop, exit status ");
		con_dec(status);
		con_puts(" (semihosting)\n");
		semihost_exit(status);
	}
	con_puts("hypcore: fail-stop, power off (PSCI SYSTEM_OFF)\n");
	psci_system_off();
	con_puts("hypcore: fail-stop, SYSTEM_OFF returned: parked\n");
	fail_stop_park();
}
