/* SPDX-License-Identifier: MIT */
/*
 * The flat accessor, for `make bench` only: physical memory is one plain
 * array, and phys_load / phys_store are one load or store each, as at
 * EL2 (arch/arm64/phys.c). It stands in for arch/host/phys_sim.c (same
 * functions, sim.h's memory controls included) in build/bench/npt_bench_flat,
 * so that the instruction counts of the core's operations are not hidden
 * behind the simulated accessor's radix lookups.
 *
 * The array covers [0, FLAT_END): the spec's pools (from 0x10000) and the
 * data window. It is reserved, not committed: only pages touched use memory.
 */
#include <hypcore/arch.h>
#include <hypcore/phys.h>
#include <string.h>
#include <sys/mman.h>

#include "sim.h"

#define FLAT_END SIM_DATA_END

static u8 *flat;

static u8 *mem(void)
{
	if (!flat) {
		void *p = mmap(NULL, FLAT_END, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		BUG_ON(p == MAP_FAILED);
		flat = p;
	}
	return flat;
}

u64 phys_load(u64 pa)
{
	return *(const u64 *)(flat + pa);
}

void phys_store(u64 pa, u64 val)
{
	*(u64 *)(flat + pa) = val;
}

void phys_zero_page(u64 pa)
{
	memset(flat + pa, 0, 4096);
}

bool phys_data_ok(u64 pa)
{
	return pa >= SIM_DATA_START && pa + 8 <= SIM_DATA_END;
}

void sim_mem_set_windows(u64 table_start, u64 table_end, u64 data_start, u64 data_end)
{
	/* One array serves every window; only its end is fixed. */
	BUG_ON(table_end > FLAT_END || data_end > FLAT_END || table_start > table_end ||
	       data_start > data_end);
}

void sim_mem_reset(void)
{
	BUG_ON(madvise(mem(), FLAT_END, MADV_DONTNEED));
}

const u64 *sim_mem_page(u64 pa)
{
	return (const u64 *)(mem() + (pa & ~4095ULL));
}

u64 sim_mem_pages_backed(void)
{
	return 0; /* not tracked: the flat binary runs `count` only */
}
