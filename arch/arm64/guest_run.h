/* SPDX-License-Identifier: MIT */
/* The world switch's side of the trap path (guest_run.c). */
#ifndef HYPCORE_ARM64_GUEST_RUN_H
#define HYPCORE_ARM64_GUEST_RUN_H

#include <hypcore/types.h>

#include "trap.h"

/* A guest runs on this CPU: exceptions from a lower EL are its. */
bool guest_active(void);

/* An exception from the guest: its state out, and back to arch_vcpu_enter. */
_Noreturn void guest_trap(const struct trap_frame *f, u64 vector);

#endif
