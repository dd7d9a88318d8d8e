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
/*
 * Each backed page (pages_backed of them), in the order they appeared: where
 * it hangs and its address, so that a reset or a restore visits only those.
 */
struct backed_page {
	page_t *slot;
	u64 pa;
};
static struct backed_page *backed;
static u64 backed_cap;

/* sim_mem_snapshot: the first snap_n backed pages, their addresses and words. */
static u64 snap_n;
static u64 *snap_pa;
static u64 (*snap_words)[512];

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
				struct backed_page *more = realloc(backed, cap * sizeof(*more));

				BUG_ON(!more);
				backed = more;
				backed_cap = cap;
			}
			backed[pages_backed].slot = s;
			backed[pages_backed++].pa = pa & ~0xfffULL;
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
		free(*backed[i].slot);
		*backed[i].slot = NULL;
	}
	pages_backed = 0;
}

void sim_mem_snapshot(void)
{
	free(snap_pa);
	free(snap_words);
	snap_n = pages_backed;
	snap_pa = malloc((snap_n ? snap_n : 1) * sizeof(*snap_pa));
	snap_words = malloc((snap_n ? snap_n : 1) * sizeof(*snap_words));
	BUG_ON(!snap_pa || !snap_words);
	for (u64 i = 0; i < snap_n; i++) {
		snap_pa[i] = backed[i].pa;
		memcpy(snap_words[i], *backed[i].slot, sizeof(snap_words[i]));
	}
}

/*
 * Pages are only ever added to the backed list (a page written with zeroes
 * stays backed), so since the snapshot, or since a reset and the same
 * writes in the same order, the list starts with the snapshot's pages: the
 * rest is freed, those get their words back.
 */
void sim_mem_restore(void)
{
	BUG_ON(!snap_pa || pages_backed < snap_n);
	for (u64 i = snap_n; i < pages_backed; i++) {
		free(*backed[i].slot);
		*backed[i].slot = NULL;
	}
	pages_backed = snap_n;
	for (u64 i = 0; i < snap_n; i++) {
		BUG_ON(backed[i].pa != snap_pa[i]);
		memcpy(*backed[i].slot, snap_words[i], sizeof(snap_words[i]));
	}
}

u64 sim_mem_diff_snapshot(void)
{
	u64 i;

	if (!snap_pa)
		return 1;
	for (i = 0; i < snap_n && i < pages_backed; i++)
		if (backed[i].pa != snap_pa[i] ||
		    memcmp(*backed[i].slot, snap_words[i], sizeof(snap_words[i])))
			return backed[i].pa | 1;
	/* Pages backed on one side only must read zero there. */
	for (u64 j = i; j < pages_backed; j++)
		for (u32 w = 0; w < 512; w++)
			if ((*backed[j].slot)[w])
				return backed[j].pa | 1;
	for (u64 j = i; j < snap_n; j++)
		for (u32 w = 0; w < 512; w++)
			if (snap_words[j][w])
				return snap_pa[j] | 1;
	return 0;
}

const u64 *sim_mem_page(u64 pa)
{
	return word(pa & ~0xfffULL, false);
}

u64 sim_mem_pages_backed(void)
{
	return pages_backed;
}
