/* SPDX-License-Identifier: MIT */
/*
 * The default for an exception a guest did not plan for: say which
 * vector, report ESR_EL1, exit with GUEST_STATUS_EXCEPTION. A guest that
 * expects one (undef, mmio-unknown) defines guest_on_exception itself.
 */
#include "guest.h"

__attribute__((weak)) void guest_on_exception(unsigned long vector)
{
	uint64_t esr = guest_esr();

	guest_puts("guest: unexpected exception, vector ");
	guest_put_hex(vector);
	guest_puts(" ESR_EL1 ");
	guest_put_hex(esr);
	guest_puts(" ELR_EL1 ");
	guest_put_hex(guest_elr());
	guest_puts(" FAR_EL1 ");
	guest_put_hex(guest_far());
	guest_putc('\n');
	guest_report(GUEST_REPORT_ESR, esr);
	guest_exit(GUEST_STATUS_EXCEPTION);
}
