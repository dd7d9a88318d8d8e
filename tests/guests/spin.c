/* SPDX-License-Identifier: MIT */
/*
 * spin: loops forever with interrupts masked. Only the host's timer takes
 * the CPU back from it (an IRQ exit); the test then destroys the VM.
 */
#include "guest.h"

int guest_main(const struct guest_boot *boot)
{
	(void)boot;
	guest_puts("spin: looping forever, interrupts masked\n");
	for (;;)
		__asm__ volatile("" ::: "memory");
}
