/* SPDX-License-Identifier: MIT */
/*
 * scribble: for the test that the host cannot tell a guest ran. After
 * its first line it writes a pattern into every EL1 register the world
 * switch saves and loads for the host (system registers, the virtual
 * timer, SP_EL0, ELR/SPSR_EL1, V0..V31, FPSR, FPCR: scribble.S lists
 * them) and exits with status 0 by GUEST_HVC_EXIT. The host compares its
 * own registers before and after the run: none may have changed.
 *
 * The one guest allowed FP/SIMD instructions (mk/guests.mk tells
 * check-image.sh): the core starts every vCPU with CPACR_EL1.FPEN set.
 */
#include "guest.h"

void scribble_run(uint64_t exit_fn) __attribute__((noreturn));

int guest_main(const struct guest_boot *boot)
{
	(void)boot;
	guest_puts("scribble: writing every EL1 register the host also uses\n");
	scribble_run(GUEST_HVC_EXIT);
}
