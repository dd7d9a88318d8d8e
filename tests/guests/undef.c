/* SPDX-License-Identifier: MIT */
/*
 * undef: executes an undefined instruction (UDF #0). The exception is the
 * guest's own: start.S pointed VBAR_EL1 at the guests' vector table, whose
 * handler here reports ESR_EL1 (EC 0, unknown reason: 0x2000000) and exits
 * with GUEST_STATUS_UNDEF. Neither the core nor the VMM has a part in it.
 */
#include "guest.h"

void guest_on_exception(unsigned long vector)
{
	uint64_t esr = guest_esr();

	guest_puts("undef: took the exception at vector ");
	guest_put_hex(vector);
	guest_puts(", ESR_EL1 ");
	guest_put_hex(esr);
	guest_putc('\n');
	guest_report(GUEST_REPORT_ESR, esr);
	guest_exit(GUEST_STATUS_UNDEF);
}

int guest_main(const struct guest_boot *boot)
{
	(void)boot;
	guest_puts("undef: executing udf #0 with the guest's own vector table\n");
	__asm__ volatile("udf #0");
	guest_puts("undef: udf #0 did not trap\n");
	return GUEST_STATUS_FAIL;
}
