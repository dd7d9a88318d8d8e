/* SPDX-License-Identifier: MIT */
/*
 * Simulated physical memory for the host build.
 *
 * A two-level radix of page pointers over the 36-bit page-frame number;
 * pages appear on first write and read as zero before. Lookups are
 * lock-free (pointers are published with release stores); creating a page
 * takes a mutex so that threads standing in for CPUs can share memory.
 */
#include <hypcore/arch.h>
#include <hypcore/phys.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define PFN_BITS     36
#define LEAF_BITS    18
#define TOP_ENTRIES  (1UL << (PFN_BITS - LEAF_BITS))
#define LEAF_ENTRIES (1UL << LEAF_BITS)

typedef u64 *page_t;

static page_t *top[TOP_ENTRIES];
static pthread_mutex_t grow = PTHREAD_MUTEX_INITIALIZER;
static u64 pages_backed;
/* Where each backed page hangs (pages_backed of them), so a reset visits only those. */
static page_t **backed;
static u64 backed_cap;

static u64 table_lo = 0x10000, table_hi = 0x10000 + 16 * 0x2000000ULL;
static u64 data_lo = SIM_DATA_START, data_hi = SIM_DATA_END;

void sim_mem_set_windows(u64 table_start, u64 table_end, u64 data_start, u64 data_end)
{
	table_lo = table_start;
	table_hi = table_end;
	data_lo = data_start;
	data_hi = data_end;
}

static page_t *slot(u64 pa, bool create)
{
	u64 pfn = pa >> 12;
	page_t *leaf = __atomic_load_n(&top[pfn >> LEAF_BITS], __ATOMIC_ACQUIRE);

	if (!leaf) {
		if (!create)
			return NULL;
		pthread_mutex_lock(&grow);
		leaf = top[pfn >> LEAF_BITS];
		if (!leaf) {
			leaf = calloc(LEAF_ENTRIES, sizeof(*leaf));
			BUG_ON(!leaf);
			__atomic_store_n(&top[pfn >> LEAF_BITS], leaf, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&grow);
	}
	return &leaf[pfn & (LEAF_ENTRIES - 1)];
}

static u64 *word(u64 pa, bool create)
{
	page_t *s = slot(pa, create);
	page_t page;

	if (!s)
		return NULL;
	page = __atomic_load_n(s, __ATOMIC_ACQUIRE);
	if (!page && create) {
		pthread_mutex_lock(&grow);
		page = *s;
		if (!page) {
			page = calloc(512, sizeof(u64));
			BUG_ON(!page);
			if (pages_backed == backed_cap) {
				u64 cap = backed_cap ? 2 * backed_cap : 1024;
				page_t **more = realloc(backed, cap * sizeof(*more));

				BUG_ON(!more);
				backed = more;
				backed_cap = cap;
			}
			backed[pages_backed++] = s;
			__atomic_store_n(s, page, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&grow);
	}
	return page ? &page[(pa & 0xfff) >> 3] : NULL;
}

static bool in(u64 pa, u64 lo, u64 hi)
{
	return pa >= lo && pa < hi;
}

static void check_access(u64 pa)
{
	BUG_ON(pa & 7);
	BUG_ON(!in(pa, table_lo, table_hi) && !in(pa, data_lo, data_hi));
}

u64 phys_load(u64 pa)
{
	u64 *w;

	check_access(pa);
	w = word(pa, false);
	return w ? __atomic_load_n(w, __ATOMIC_RELAXED) : 0;
}

void phys_store(u64 pa, u64 val)
{
	u64 *w;

	check_access(pa);
	w = word(pa, val != 0);
	if (w)
		__atomic_store_n(w, val, __ATOMIC_RELAXED);
}

void phys_zero_page(u64 pa)
{
	u64 *page;

	BUG_ON(pa & 0xfff);
	check_access(pa);
	page = word(pa, false);
	if (page)
		memset(page, 0, 4096);
}

bool phys_data_ok(u64 pa)
{
	return in(pa, data_lo, data_hi) && in(pa + 7, data_lo, data_hi);
}

/*
 * Free every page; keep the radix leaves (empty) for the next run. The
 * fuzzer resets once per input: scanning every slot, or a fresh 2 MiB
 * leaf, would cost more than the input itself.
 */
void sim_mem_reset(void)
{
	for (u64 i = 0; i < pages_backed; i++) {
		free(*backed[i]);
		*backed[i] = NULL;
	}
	pages_backed = 0;
}

const u64 *sim_mem_page(u64 pa)
{
	return word(pa & ~0xfffULL, false);
}

u64 sim_mem_pages_backed(void)
{
	return pages_backed;
}
