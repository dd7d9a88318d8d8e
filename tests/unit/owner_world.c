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
/* The records as world_save found them, or NULL. */
static owner_rec_t *saved_records;

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

static void sim_settings(void)
{
	sim_mem_set_windows(W_SPT_BASE, W_POOL_END, W_RAM_START, W_RAM_END);
	sim_cpu_set(0);
	sim_panic_hook = NULL;
}

void world_start(void)
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
	if (!records) {
		fprintf(stderr, "world: no memory for the records\n");
		abort();
	}
	/* As at boot, zeroed memory (records of pages in whole regions are not read). */
	memset(records, 0, owner_records_size(W_RAM_SIZE));
	oc.records = records;
	sim_mem_reset();
	sim_settings();
	must(npt_init(&g), "npt_init");
	must(owner_init(&oc), "owner_init");
	must(owner_give_core(W_IMAGE_START, W_IMAGE_END), "image to core");
	must(owner_give_core(W_SPT_BASE, W_POOL_END), "SPT pool and pools to core");
	must(spt_init(W_SPT_BASE, W_SPT_SIZE, W_RAM_START, W_RAM_END), "spt_init");
	npt_lock(0);
	spt_lock();
	map_host(W_RAM_START, W_IMAGE_START);
	map_host(W_IMAGE_END, W_SPT_BASE);
	spt_unlock();
	npt_unlock(0);
	hvc_init();
}

void world_save(void)
{
	if (!saved_records)
		saved_records = malloc(owner_records_size(W_RAM_SIZE));
	if (!saved_records) {
		fprintf(stderr, "world: no memory for the saved records\n");
		abort();
	}
	memcpy(saved_records, records, owner_records_size(W_RAM_SIZE));
	sim_mem_snapshot();
}

void world_restore(void)
{
	sim_settings();
	sim_mem_restore();
	memcpy(records, saved_records, owner_records_size(W_RAM_SIZE));
}

int world_diff_saved(char *why, size_t len)
{
	u64 pa = sim_mem_diff_snapshot();

	if (pa) {
		snprintf(why, len, "simulated memory: page %#llx",
			 (unsigned long long)(pa & ~1ULL));
		return 1;
	}
	if (memcmp(records, saved_records, owner_records_size(W_RAM_SIZE))) {
		snprintf(why, len, "the ownership records");
		return 1;
	}
	return 0;
}
