/* SPDX-License-Identifier: MIT */
/*
 * Simulated device registers for the host build: mmio_read* / mmio_write*
 * (hypcore/mmio.h) reach the device mapped over the address, if any. An
 * access where no device is mapped is a core bug and panics, as is an
 * access that is not naturally aligned.
 */
#ifndef HYPCORE_ARCH_HOST_MMIO_SIM_H
#define HYPCORE_ARCH_HOST_MMIO_SIM_H

#include <hypcore/types.h>

struct sim_mmio_ops {
	/* off is from the device's base; size is 4 or 8 bytes. */
	u64 (*read)(void *ctx, u64 off, u32 size);
	void (*write)(void *ctx, u64 off, u64 val, u32 size);
};

#define SIM_MMIO_MAX_DEVICES 4

/* Map a device over [base, base + len); replaces one already at that base. */
void sim_mmio_map(u64 base, u64 len, const struct sim_mmio_ops *ops, void *ctx);
/* Forget every device. */
void sim_mmio_unmap_all(void);

#endif
