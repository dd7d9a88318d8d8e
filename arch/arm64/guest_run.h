/* SPDX-License-Identifier: MIT */
/* The world switch's side of the trap path (guest_run.c). */
#ifndef HYPCORE_ARM64_GUEST_RUN_H
#define HYPCORE_ARM64_GUEST_RUN_H

#include <hypcore/arch.h>
#include <hypcore/types.h>

#include "trap.h"

struct vcpu_ctx;

/* The vCPU in the guest on each CPU, NULL while the host runs there (guest_run.c). */
extern struct vcpu_ctx *guest_running[HC_MAX_CPUS];

/* A guest runs on this CPU: exceptions from a lower EL are its (inline: every trap asks). */
static inline bool guest_active(void)
{
	return guest_running[arch_cpu_id()] != NULL;
}

/*
 * Once at boot, before the core is set up: whether guests run with
 * stage-2 forced write-back (arch_s2fwb()); says so in the boot log.
 */
void guest_run_probe(void);

/* An exception from the guest: its state out, and back to arch_vcpu_enter. */
_Noreturn void guest_trap(const struct trap_frame *f, u64 vector);

#endif
