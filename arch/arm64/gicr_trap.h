/* SPDX-License-Identifier: MIT */
/*
 * The GICv3 redistributors' LPI controls, kept from the host: the first
 * 4 KiB page of each redistributor's RD_base frame traps to EL2 and is
 * emulated there with LPIs hidden (gicr_trap.c says why).
 */
#ifndef HYPCORE_ARM64_GICR_TRAP_H
#define HYPCORE_ARM64_GICR_TRAP_H

#include <hypcore/types.h>

#include "trap.h"

/* Each redistributor: RD_base (64 KiB) then SGI_base (64 KiB). */
#define GICR_FRAME_SIZE 0x20000ULL

/* At boot: the redistributor region of the DTB's GIC node (base, bytes). */
void gicr_trap_setup(u64 base, u64 size);

/* The i-th page the host's stage-2 must leave out; false past the last. */
bool gicr_trap_page(u32 i, u64 *page);

/* A host data abort on ipa: emulate it if it is one of those pages (true), else false. */
bool gicr_trap_emulate(struct trap_frame *f, u64 esr, u64 ipa);

#endif
