/* SPDX-License-Identifier: MIT */
/*
 * mmio_* on the host: a short table of simulated devices, each a range of
 * addresses and two callbacks. One mutex serialises every register access,
 * as a device's register file would be seen from several CPUs.
 */
#include <hypcore/arch.h>
#include <hypcore/mmio.h>
#include <pthread.h>

#include "mmio_sim.h"

struct sim_mmio_dev {
	u64 base, len;
	const struct sim_mmio_ops *ops;
	void *ctx;
};

static struct sim_mmio_dev devs[SIM_MMIO_MAX_DEVICES];
static pthread_mutex_t mmio_mutex = PTHREAD_MUTEX_INITIALIZER;

void sim_mmio_map(u64 base, u64 len, const struct sim_mmio_ops *ops, void *ctx)
{
	struct sim_mmio_dev *free = NULL;

	pthread_mutex_lock(&mmio_mutex);
	for (u32 i = 0; i < SIM_MMIO_MAX_DEVICES; i++) {
		if (devs[i].ops && devs[i].base == base) {
			free = &devs[i];
			break;
		}
		if (!devs[i].ops && !free)
			free = &devs[i];
	}
	BUG_ON(!free);
	free->base = base;
	free->len = len;
	free->ops = ops;
	free->ctx = ctx;
	pthread_mutex_unlock(&mmio_mutex);
}

void sim_mmio_unmap_all(void)
{
	pthread_mutex_lock(&mmio_mutex);
	for (u32 i = 0; i < SIM_MMIO_MAX_DEVICES; i++)
		devs[i].ops = NULL;
	pthread_mutex_unlock(&mmio_mutex);
}

/* The device at pa, taking the mutex; panics (mutex released) on a stray access. */
static const struct sim_mmio_dev *find_locked(u64 pa, u32 size)
{
	BUG_ON(pa & (size - 1));
	pthread_mutex_lock(&mmio_mutex);
	for (u32 i = 0; i < SIM_MMIO_MAX_DEVICES; i++) {
		const struct sim_mmio_dev *d = &devs[i];

		if (d->ops && pa >= d->base && pa + size <= d->base + d->len)
			return d;
	}
	pthread_mutex_unlock(&mmio_mutex);
	BUG_ON(1); /* no device there */
	return NULL;
}

static u64 mmio_read(u64 pa, u32 size)
{
	const struct sim_mmio_dev *d = find_locked(pa, size);
	u64 v = d->ops->read(d->ctx, pa - d->base, size);

	pthread_mutex_unlock(&mmio_mutex);
	return v;
}

static void mmio_write(u64 pa, u64 val, u32 size)
{
	const struct sim_mmio_dev *d = find_locked(pa, size);

	d->ops->write(d->ctx, pa - d->base, val, size);
	pthread_mutex_unlock(&mmio_mutex);
}

u32 mmio_read32(u64 pa)
{
	return (u32)mmio_read(pa, 4);
}

void mmio_write32(u64 pa, u32 val)
{
	mmio_write(pa, val, 4);
}

u64 mmio_read64(u64 pa)
{
	return mmio_read(pa, 8);
}

void mmio_write64(u64 pa, u64 val)
{
	mmio_write(pa, val, 8);
}
