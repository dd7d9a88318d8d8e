/* SPDX-License-Identifier: MIT */
/*
 * EL2's own stage-1 translation: an identity map with 2 MiB blocks, so that
 * EL2 runs with caches on and exclusive loads/stores behave as on hardware.
 */
#ifndef HYPCORE_ARM64_MMU_H
#define HYPCORE_ARM64_MMU_H

#include <hypcore/types.h>

/* Build the tables (boot CPU, MMU off): RAM normal, the UART device. */
void mmu_build(void);

/* Turn the MMU and caches on for the calling CPU (tables must exist). */
void mmu_enable(void);

#endif
