/* SPDX-License-Identifier: MIT */
/*
 * Ending QEMU from EL2 through Arm semihosting (QEMU runs with
 * -semihosting-config enable=on,target=native). Without semihosting the
 * HLT traps to our own vectors, so the CPU ends up parked by the fail-stop.
 */
#ifndef HYPCORE_ARM64_SEMIHOST_H
#define HYPCORE_ARM64_SEMIHOST_H

#include <hypcore/types.h>

/* SYS_EXIT_EXTENDED with `status` as QEMU's exit status; then park. */
_Noreturn void semihost_exit(u32 status);

/* Status of a fail-stop: an unexpected exception or a panic in hypcore. */
#define HC_EXIT_FAULT 3

#endif
