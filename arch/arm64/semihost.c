/* SPDX-License-Identifier: MIT */
#include "semihost.h"

#define SYS_EXIT_EXTENDED	     0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* Set once by the boot CPU, before any other CPU runs. */
static bool enabled;

void semihost_enable(void)
{
	enabled = true;
}

bool semihost_enabled(void)
{
	return enabled;
}

void semihost_exit(u32 status)
{
	/* Parameter block: reason, then the exit status (64-bit fields). */
	static u64 block[2];
	register u64 op __asm__("x0") = SYS_EXIT_EXTENDED;
	register u64 arg __asm__("x1") = (u64)block;

	if (!enabled)
		return;
	block[0] = ADP_STOPPED_APPLICATION_EXIT;
	block[1] = status;
	__asm__ volatile("hlt #0xf000" : "+r"(op) : "r"(arg) : "memory");
}
