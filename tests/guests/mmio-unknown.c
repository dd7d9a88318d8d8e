/* SPDX-License-Identifier: MIT */
/*
 * mmio-unknown: reads an address that is neither RAM nor the UART. On
 * QEMU virt it is the first virtio-mmio transport; the VMM emulates
 * nothing there, so it reports the access and destroys the VM. If control
 * ever comes back (the read returns, or an abort is injected), the guest
 * says so and exits with GUEST_STATUS_CAME_BACK.
 */
#include "guest.h"

#define UNKNOWN_MMIO 0x0a000000ULL

void guest_on_exception(unsigned long vector)
{
	guest_puts("mmio-unknown: came back through vector ");
	guest_put_hex(vector);
	guest_puts(", ESR_EL1 ");
	guest_put_hex(guest_esr());
	guest_putc('\n');
	guest_report(GUEST_REPORT_ESR, guest_esr());
	guest_exit(GUEST_STATUS_CAME_BACK);
}

int guest_main(const struct guest_boot *boot)
{
	uint32_t v;

	(void)boot;
	guest_puts("mmio-unknown: reading ");
	guest_put_hex(UNKNOWN_MMIO);
	guest_puts(", which no device of this VM answers\n");
	v = *(volatile uint32_t *)UNKNOWN_MMIO;
	guest_puts("mmio-unknown: the read came back with ");
	guest_put_hex(v);
	guest_putc('\n');
	return GUEST_STATUS_CAME_BACK;
}
