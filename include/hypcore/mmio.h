/* SPDX-License-Identifier: MIT */
/*
 * Device registers, the one accessor for them (as phys.h is for memory).
 * At EL2 these are single-copy-atomic loads and stores of the given size
 * to Device memory, ordered against each other and against memory
 * accesses before them (a write that publishes a table comes after the
 * table is written). On the host they reach simulated devices
 * (arch/host).
 */
#ifndef HYPCORE_MMIO_H
#define HYPCORE_MMIO_H

#include <hypcore/types.h>

u32 mmio_read32(u64 pa);
void mmio_write32(u64 pa, u32 val);
u64 mmio_read64(u64 pa);
void mmio_write64(u64 pa, u64 val);

#endif
