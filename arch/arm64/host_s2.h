/* SPDX-License-Identifier: MIT */
/*
 * The host's stage-2 (vmid 0): identity map of RAM and devices, built
 * with the core's set_npt, leaving out hypcore's image, the ownership
 * records and every pool.
 */
#ifndef HYPCORE_ARM64_HOST_S2_H
#define HYPCORE_ARM64_HOST_S2_H

#include <hypcore/types.h>

/* Attribute bits of the host's RAM leaves (what core/owner restores). */
u64 host_s2_ram_attrs(void);

/* Build vmid 0's tables and print what they map (boot CPU, before the host). */
void host_s2_build(void);

#endif
