/* SPDX-License-Identifier: MIT */
/*
 * hello: each vCPU prints one line, in vCPU order, then vCPU 0 turns the
 * VM off (PSCI SYSTEM_OFF) and the others turn themselves off (CPU_OFF).
 * The order comes from a turn word in the sync area: vCPU i prints when
 * it reads TURN_MAGIC + i, then writes TURN_MAGIC + i + 1. No other vCPU
 * writes the word in between, so plain stores suffice.
 */
#include "guest.h"

#define TURN_WORD  (GUEST_SYNC_BASE + 0x800ULL)
#define TURN_MAGIC 0x4e110000ULL

int guest_main(const struct guest_boot *boot)
{
	if (boot->vcpu != 0)
		while (guest_read64(TURN_WORD) != TURN_MAGIC + boot->vcpu)
			;
	guest_puts("hello from a hypcore guest (vcpu ");
	guest_put_dec(boot->vcpu);
	guest_puts(")\n");
	guest_barrier();
	guest_write64(TURN_WORD, TURN_MAGIC + boot->vcpu + 1);
	if (boot->vcpu != 0)
		guest_cpu_off();
	while (guest_read64(TURN_WORD) != TURN_MAGIC + boot->nvcpus)
		;
	guest_system_off();
}
