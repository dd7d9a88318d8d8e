/* SPDX-License-Identifier: MIT */
/*
 * Ending QEMU from EL2 through Arm semihosting (QEMU runs with
 * -semihosting-config enable=on,target=native). Semihosting's HLT is an
 * undefined instruction where nothing listens (real hardware, QEMU
 * without -semihosting-config), so it is used only after the boot was
 * told it is there: scripts/qemu.sh passes `hypcore.semihosting=1` on the
 * kernel command line together with QEMU's option, and the boot reads it
 * from the DTB (cmdline.c). Until then, and without it, it is off.
 */
#ifndef HYPCORE_ARM64_SEMIHOST_H
#define HYPCORE_ARM64_SEMIHOST_H

#include <hypcore/types.h>

/* The boot found `hypcore.semihosting=1`: semihosting calls may be made. */
void semihost_enable(void);
bool semihost_enabled(void);

/*
 * SYS_EXIT_EXTENDED with `status` as QEMU's exit status. Returns at once
 * when semihosting is not enabled (or if the host of the call ignored it).
 */
void semihost_exit(u32 status);

/* Status of a fail-stop: an unexpected exception or a panic in hypcore. */
#define HC_EXIT_FAULT 3

#endif
