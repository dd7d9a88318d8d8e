/* SPDX-License-Identifier: MIT */
/*
 * The world switch of the host build: no guest can run here, so a test
 * plays the guest. sim_guest_hook is called with the context the core
 * would load and the VTTBR it would install; it changes the context as a
 * guest would and says how the guest trapped. Without a hook, the guest
 * traps at once with an interrupt.
 */
#include <hypcore/arch.h>
#include <hypcore/vcpu.h>

#include "sim.h"

void (*sim_guest_hook)(struct vcpu_ctx *ctx, u64 vttbr, struct vcpu_trap *trap);

static u64 counter;

u64 arch_counter(void)
{
	return __atomic_add_fetch(&counter, 1000, __ATOMIC_RELAXED);
}

void arch_vcpu_enter(struct vcpu_ctx *ctx, u64 vttbr, struct vcpu_trap *trap)
{
	if (sim_guest_hook) {
		sim_guest_hook(ctx, vttbr, trap);
		return;
	}
	*trap = (struct vcpu_trap){VCPU_TRAP_IRQ, 0, 0, 0};
}
