/* SPDX-License-Identifier: MIT */
#include "owner_world.h"

#include <hypcore/hvc.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>
#include <hypcore/spt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../arch/host/sim.h"

static owner_rec_t *records;
/* The records as the first boot left them (world_restart), or NULL. */
static owner_rec_t *boot_records;

static void must(int err, const char *what)
{
	if (err) {
		fprintf(stderr, "world: %s failed: %d\n", what, err);
		abort();
	}
}

/* The host's RAM in its stage-2 and, page by page, in the SPT. */
static void map_host(u64 start, u64 end)
{
	must(spt_map(start, end), "spt map");
	for (u64 a = start; a < end;) {
		if ((a & (SZ_2M - 1)) == 0 && end - a >= SZ_2M) {
			must(set_npt(0, a, 2, a | W_HOST_ATTRS | 1), "host block");
			a += SZ_2M;
		} else {
			/* The pages up to the next region or the end: one run (as set_npt page by
			 * page). */
			u64 stop = (a | (SZ_2M - 1)) + 1;
			u32 n = (u32)(((end < stop ? end : stop) - a) / SZ_4K);

			must(npt_ts_set_run(npt_vm_tables(0), a, n, a | W_HOST_ATTRS | 3),
			     "host pages");
			a += (u64)n * SZ_4K;
		}
	}
}

static void start(bool again)
{
	const struct npt_geometry g = {
	    .pool_base = W_POOL_BASE,
	    .pool_size = W_POOL_SIZE,
	    .pgd_pages = 8,
	    .pud_pages = 64,
	    .nr_vms = W_POOL_VMS,
	};
	struct owner_config oc = {W_RAM_START, W_RAM_END, NULL, W_HOST_ATTRS, true};

	if (!records)
		records = malloc(owner_records_size(W_RAM_SIZE));
	oc.records = records;
	sim_mem_reset();
	sim_mem_set_windows(W_SPT_BASE, W_POOL_END, W_RAM_START, W_RAM_END);
	sim_cpu_set(0);
	sim_panic_hook = NULL;
	must(npt_init(&g), "npt_init");
	must(owner_init(&oc), "owner_init");
	if (again && boot_records) {
		/* What the two calls below leave in the records, every time. */
		owner_lock();
		memcpy(records, boot_records, owner_records_size(W_RAM_SIZE));
		owner_unlock();
	} else {
		must(owner_give_core(W_IMAGE_START, W_IMAGE_END), "image to core");
		must(owner_give_core(W_SPT_BASE, W_POOL_END), "SPT pool and pools to core");
		if (!boot_records)
			boot_records = malloc(owner_records_size(W_RAM_SIZE));
		if (boot_records)
			memcpy(boot_records, records, owner_records_size(W_RAM_SIZE));
	}
	must(spt_init(W_SPT_BASE, W_SPT_SIZE, W_RAM_START, W_RAM_END), "spt_init");
	npt_lock(0);
	spt_lock();
	map_host(W_RAM_START, W_IMAGE_START);
	map_host(W_IMAGE_END, W_SPT_BASE);
	spt_unlock();
	npt_unlock(0);
	hvc_init();
}

void world_start(void)
{
	start(false);
}

void world_restart(void)
{
	start(true);
}
