/* SPDX-License-Identifier: MIT */
/*
 * EL2's own stage-1 translation: an identity map (2 MiB blocks, the image
 * in 4 KiB pages), so that EL2 runs with caches on and exclusive
 * loads/stores behave as on hardware, and no page is both writable and
 * executable (W^X, SCTLR_EL2.WXN).
 */
#ifndef HYPCORE_ARM64_MMU_H
#define HYPCORE_ARM64_MMU_H

#include <hypcore/types.h>

/*
 * Build the tables (boot CPU, MMU off): the image page by page with the
 * linker script's permissions, a guard page below each stack, the rest of
 * RAM writable and execute-never, the UART device.
 */
void mmu_build(void);

/* Leaves of EL2's tables that are both writable and executable (0 = W^X holds). */
u64 mmu_check_wx(u64 *first_bad);

/* The boot log's map: one line per range of equal permissions (con_printf). */
void mmu_print_map(void);

/* Turn the MMU and caches on for the calling CPU (tables must exist). */
void mmu_enable(void);

#endif
