/* SPDX-License-Identifier: MIT */
/*
 * secret: for the protected-VM leak test. After its first line (printed
 * before any register holds the secret), secret.S fills the general
 * registers with SECRET and makes exactly three exits, none of which may
 * show SECRET to the host:
 *
 *   1. a DABT: one 32-bit store of 'S' to UARTDR,
 *        x0 = the UARTDR address, x1 = 'S' (0x53), x2..x30 = SECRET;
 *        the record's value written is x1: 0x53.
 *   2. an HVC: GUEST_HVC_REPORT, x1 = GUEST_REPORT_VALUE, x2 = 1,
 *        x3..x5 = 0, x6..x30 = SECRET; the record holds x0..x5.
 *   3. an HVC: GUEST_HVC_EXIT, x1 = 0 (status), x2..x5 = 0,
 *        x6..x30 = SECRET.
 *
 * Between them only instruction or stack-page faults (records with an
 * address and ESR_EL2, no register) and timer interrupts may exit. The
 * UART's flag register is not polled there (hypctl's UARTFR never says
 * busy), so the one store is the only MMIO access.
 */
#include "guest.h"

#define SECRET 0x5ec7e75ec7e75ec7ULL

void secret_run(uint64_t uart_dr, uint64_t report_fn, uint64_t exit_fn, uint64_t report_what,
		uint64_t secret) __attribute__((noreturn));

int guest_main(const struct guest_boot *boot)
{
	(void)boot;
	guest_puts("secret: general registers x2..x30 now hold the secret\n");
	secret_run(GUEST_UART_BASE + GUEST_UART_DR, GUEST_HVC_REPORT, GUEST_HVC_EXIT,
		   GUEST_REPORT_VALUE, SECRET);
}
