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
#include "sysreg.h"

#define PSCI_SYSTEM_OFF 0x84000008ULL

/* CPU index + 1 of the CPU that failed first; 0 while all is well (fail_stop.h). */
u32 stopping_cpu;
/* Entries into the fail-stop per CPU (1 = its report is under way). */
static u8 entries[HC_MAX_CPUS];

/* ID_AA64PFR0_EL1.GIC: the GIC's system-register interface exists. */
#define PFR0_GIC_SHIFT 24
#define PFR0_GIC_MASK  0xfULL

/*
 * A pending interrupt ends WFI even while PSTATE masks it, so a CPU that
 * parks after the host has run (its timer ticking) would spin instead of
 * sleep. Stop this CPU's timers and turn off its Group 1 interrupts at the
 * GIC's CPU interface; only registers that exist on this CPU (checked in
 * the ID register first), so that nothing here can fault.
 */
static void quiesce_cpu(void)
{
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(cnthp_ctl_el2, 0);
	if (((read_sysreg(id_aa64pfr0_el1) >> PFR0_GIC_SHIFT) & PFR0_GIC_MASK) &&
	    (read_sysreg(SYS_ICC_SRE_EL2) & ICC_SRE_EL2_SRE))
		write_sysreg(SYS_ICC_IGRPEN1_EL1, 0);
	isb();
}

_Noreturn void fail_stop_park(void)
{
	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	quiesce_cpu();
	for (;;)
		__asm__ volatile("msr daifset, #0xf\n wfi" : : : "memory");
}

/* Long enough for another CPU's report at 115200 baud; its owner may never let go. */
#define CON_WAIT_MS 2000

/* Whether each CPU's fail-stop holds the console (a bounded wait may give up). */
static bool console_held[HC_MAX_CPUS];

void fail_stop_console(void)
{
	console_held[arch_cpu_id()] = con_lock_bounded(CON_WAIT_MS);
}

static void release_console(void)
{
	u32 me = arch_cpu_id();

	if (console_held[me]) {
		console_held[me] = false;
		con_unlock();
	}
}

_Noreturn void fail_stop_reentered(void)
{
	u32 me = arch_cpu_id();
	u32 failed = __atomic_load_n(&stopping_cpu, __ATOMIC_ACQUIRE) - 1;
	/* Entries so far: the failing CPU has had its report, the others nothing. */
	u8 quiet_after = me == failed ? 1 : 0;

	/* One line at most per CPU: if printing faults, the next entry is silent. */
	if (entries[me] == quiet_after) {
		entries[me]++;
		fail_stop_console();
		if (me == failed) {
			con_puts("\nhypcore: fail-stop re-entered on cpu ");
			con_dec(me);
			con_puts(": no second report, parked\n");
		} else {
			con_puts("hypcore: cpu ");
			con_dec(me);
			con_puts(" parked: cpu ");
			con_dec(failed);
			con_puts(" has failed\n");
		}
		release_console();
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
	/* The report is out: the console is free for the other CPUs' park lines. */
	if (semihost_enabled()) {
		con_puts("hypcore: fail-stop, exit status ");
		con_dec(status);
		con_puts(" (semihosting)\n");
		release_console();
		semihost_exit(status);
	} else {
		con_puts("hypcore: fail-stop, power off (PSCI SYSTEM_OFF)\n");
		release_console();
	}
	psci_system_off();
	con_puts("hypcore: fail-stop, SYSTEM_OFF returned: parked\n");
	fail_stop_park();
}
