/* SPDX-License-Identifier: MIT */
/*
 * Calls to the VMM: HVC #0 with the SMCCC registers. The VMM answers in
 * x0..x3; the rest of x4..x17 is treated as clobbered too, as SMCCC 1.2
 * allows results there.
 */
#include "guest.h"

static uint64_t hvc(uint64_t fn, uint64_t a1, uint64_t a2)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2)
			 :
			 : "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
			   "x14", "x15", "x16", "x17", "memory");
	return x0;
}

/* Where a call that ends this vCPU came back anyway: nothing left to do. */
static void __attribute__((noreturn)) park(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

uint64_t guest_report(uint64_t what, uint64_t value)
{
	return hvc(GUEST_HVC_REPORT, what, value);
}

void guest_exit(uint64_t status)
{
	hvc(GUEST_HVC_EXIT, status, 0);
	park();
}

void guest_system_off(void)
{
	hvc(PSCI_SYSTEM_OFF, 0, 0);
	park();
}

void guest_cpu_off(void)
{
	hvc(PSCI_CPU_OFF, 0, 0);
	park();
}
