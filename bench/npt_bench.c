/* SPDX-License-Identifier: MIT */
/*
 * Host benchmarks of the stage-2 core, over the real core sources and the
 * simulated physical memory of arch/host.
 *
 *   npt_bench micro [RUNS]    nanoseconds per operation (medians of RUNS
 *                             batches), each against a base measured in the
 *                             same run; then page-table pages used
 *   npt_bench count OP        set up, then run one batch of OP inside
 *                             measured_batch() and print how many operations
 *                             it did: for valgrind --tool=callgrind
 *                             --toggle-collect=measured_batch
 *   npt_bench list            the operation names
 *   npt_bench scaling [RUNS]  set / walk / floor per operation while one VM's
 *                             mapped memory grows from 2 MiB to 16 GiB
 *   npt_bench destroy [RUNS]  VM_DESTROY of a VM whose level-3 area is full
 *                             (one shared page in every level-3 table),
 *                             through the hypercall dispatcher
 *
 * Output is tab-separated, one record a line, first field the record type;
 * bench/run.sh turns it into bench/results.md. Nothing here asserts a
 * timing: an operation that fails is a benchmark bug and stops the run.
 */
#include <hypcore/errno.h>
#include <hypcore/hvc.h>
#include <hypcore/hvc_abi.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>
#include <hypcore/phys.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim.h"

#define VM_FIX 1 /* the fixture: a page region and a block region, kept mapped */
#define VM_NEW 2 /* tables allocated in each batch, reset before the next */

#define NPAGES	   4096u /* 16 MiB of 4 KiB pages at IPA 0 */
#define NBLOCKS	   512u	 /* 1 GiB of 2 MiB blocks at BLOCK_BASE */
#define NNEW_L3	   2048u /* one page per 2 MiB over 4 GiB */
#define NNEW_L2	   1024u /* one page per 1 GiB over 1 TiB */
#define BLOCK_BASE (4 * SZ_1G)
#define NEW_BASE   (64 * SZ_1G)
#define PERM	   (NPT_PTE_S2AP_R | NPT_PTE_S2AP_W)
#define SCATTER	   2654435761u /* odd: i * SCATTER mod 2^k is a permutation */

static u64 page_addr[NPAGES];
static u64 block_addr[NPAGES]; /* word addresses inside the blocks */
static volatile u64 sink;
static unsigned long failures;

static void die(const char *what)
{
	fprintf(stderr, "npt_bench: %s\n", what);
	exit(1);
}

static void check(int ret)
{
	if (ret)
		failures++;
}

static u64 page_pte(u64 ipa)
{
	return (SIM_DATA_START + (ipa & (SZ_1G - SZ_4K))) | PERM | 3;
}

static u64 block_pte(u64 ipa)
{
	return (SIM_DATA_START + (ipa & (SZ_1G - SZ_2M))) | PERM | 1;
}

static u64 root_of(u32 vmid)
{
	u64 vttbr;

	check(npt_vttbr(vmid, &vttbr));
	return phys_page(vttbr);
}

/* The floor: what a hardware walker does, four dependent loads, no checks. */
static u64 floor_walk4(u64 root, u64 addr)
{
	u64 e = phys_load(root + 8 * npt_index(addr, 0));

	e = phys_load(phys_page(e) + 8 * npt_index(addr, 1));
	e = phys_load(phys_page(e) + 8 * npt_index(addr, 2));
	return phys_load(phys_page(e) + 8 * npt_index(addr, 3));
}

static u64 floor_walk3(u64 root, u64 addr)
{
	u64 e = phys_load(root + 8 * npt_index(addr, 0));

	e = phys_load(phys_page(e) + 8 * npt_index(addr, 1));
	return phys_load(phys_page(e) + 8 * npt_index(addr, 2));
}

/* ---- timed batches: each returns the number of operations it did ---- */

static u64 b_floor_page(void)
{
	u64 root = root_of(VM_FIX), acc = 0;

	for (u32 i = 0; i < NPAGES; i++)
		acc ^= floor_walk4(root, page_addr[i]);
	sink = acc;
	return NPAGES;
}

static u64 b_floor_block(void)
{
	u64 root = root_of(VM_FIX), acc = 0;

	for (u32 i = 0; i < NPAGES; i++)
		acc ^= floor_walk3(root, block_addr[i]);
	sink = acc;
	return NPAGES;
}

static u64 b_floor_load(void)
{
	u64 root = root_of(VM_FIX), acc = 0;

	for (u32 i = 0; i < NPAGES; i++) {
		u64 a = page_addr[i];

		acc ^= phys_load(phys_page(floor_walk4(root, a)) + (a & 0xff8));
	}
	sink = acc;
	return NPAGES;
}

static u64 b_floor_store(void)
{
	u64 root = root_of(VM_FIX);

	for (u32 i = 0; i < NPAGES; i++) {
		u64 a = page_addr[i];

		phys_store(phys_page(floor_walk4(root, a)) + (a & 0xff8), a | 1);
	}
	return NPAGES;
}

static u64 b_phys_load(void)
{
	u64 root = root_of(VM_FIX), acc = 0;

	for (u32 i = 0; i < NPAGES; i++)
		acc ^= phys_load(root + 8 * (i & 511));
	sink = acc;
	return NPAGES;
}

static u64 walk_batch(const u64 *addr)
{
	u64 pte, acc = 0;

	npt_lock(VM_FIX);
	for (u32 i = 0; i < NPAGES; i++) {
		check(walk_npt(VM_FIX, addr[i], &pte));
		acc ^= pte;
	}
	npt_unlock(VM_FIX);
	sink = acc;
	return NPAGES;
}

static u64 b_walk_page(void)
{
	return walk_batch(page_addr);
}

static u64 b_walk_block(void)
{
	return walk_batch(block_addr);
}

static u64 b_walk_locked(void)
{
	u64 pte, acc = 0;

	for (u32 i = 0; i < NPAGES; i++) {
		npt_lock(VM_FIX);
		check(walk_npt(VM_FIX, page_addr[i], &pte));
		npt_unlock(VM_FIX);
		acc ^= pte;
	}
	sink = acc;
	return NPAGES;
}

static u64 b_level(void)
{
	u32 level, acc = 0;

	npt_lock(VM_FIX);
	for (u32 i = 0; i < NPAGES; i++) {
		check(get_npt_level(VM_FIX, page_addr[i], &level));
		acc += level;
	}
	npt_unlock(VM_FIX);
	sink = acc;
	return NPAGES;
}

static u64 b_mem_load(void)
{
	u64 v, acc = 0;

	npt_lock(VM_FIX);
	for (u32 i = 0; i < NPAGES; i++) {
		check(mem_load(VM_FIX, page_addr[i], &v));
		acc ^= v;
	}
	npt_unlock(VM_FIX);
	sink = acc;
	return NPAGES;
}

static u64 b_mem_store(void)
{
	npt_lock(VM_FIX);
	for (u32 i = 0; i < NPAGES; i++)
		check(mem_store(VM_FIX, page_addr[i], page_addr[i] | 1));
	npt_unlock(VM_FIX);
	return NPAGES;
}

static u64 b_set_page(void)
{
	npt_lock(VM_FIX);
	for (u32 i = 0; i < NPAGES; i++)
		check(set_npt(VM_FIX, page_addr[i], 3, page_pte(page_addr[i])));
	npt_unlock(VM_FIX);
	return NPAGES;
}

static u64 b_set_block(void)
{
	npt_lock(VM_FIX);
	for (u32 i = 0; i < NBLOCKS; i++) {
		u64 a = BLOCK_BASE + i * SZ_2M;

		check(set_npt(VM_FIX, a, 2, block_pte(a)));
	}
	npt_unlock(VM_FIX);
	return NBLOCKS;
}

static u64 b_unmap_page(void)
{
	npt_lock(VM_FIX);
	for (u32 i = 0; i < NPAGES; i++)
		check(unmap_npt(VM_FIX, page_addr[i]));
	npt_unlock(VM_FIX);
	return NPAGES;
}

static u64 b_unmap_block(void)
{
	npt_lock(VM_FIX);
	for (u32 i = 0; i < NBLOCKS; i++)
		check(unmap_npt(VM_FIX, BLOCK_BASE + i * SZ_2M));
	npt_unlock(VM_FIX);
	return NBLOCKS;
}

static u64 set_spaced(u32 n, u64 spacing)
{
	npt_lock(VM_NEW);
	for (u32 i = 0; i < n; i++) {
		u64 a = NEW_BASE + i * spacing;

		check(set_npt(VM_NEW, a, 3, page_pte(a)));
	}
	npt_unlock(VM_NEW);
	return n;
}

static u64 b_set_new_l3(void)
{
	return set_spaced(NNEW_L3, SZ_2M);
}

static u64 b_set_new_l2(void)
{
	return set_spaced(NNEW_L2, SZ_1G);
}

/* ---- untimed preparation before each batch ---- */

/* Marker: the batch reads or rewrites in place, so its warm-up is itself. */
static void p_warm(void)
{
}

static void p_unmap_pages(void)
{
	b_unmap_page();
}

static void p_map_pages(void)
{
	b_set_page();
}

static void p_unmap_blocks(void)
{
	b_unmap_block();
}

static void p_map_blocks(void)
{
	b_set_block();
}

static void p_reset_new(void)
{
	npt_lock(VM_NEW);
	check(npt_reset_vm(VM_NEW));
	npt_unlock(VM_NEW);
}

/*
 * The operations, in the order they run within one round. Each leaves the
 * fixture as it found it (mapped) once its successor's preparation ran.
 * `base` names the figure it is compared with in the same round: the floor
 * for walk-type operations, the walk for those that change tables.
 */
struct op {
	const char *name;
	const char *base;
	const char *what;
	void (*prep)(void);
	u64 (*batch)(void);
	double ns[64];
};

static struct op ops[] = {
    {"floor_page", NULL, "floor: bare 4-load walk (page)", p_warm, b_floor_page, {0}},
    {"floor_block", NULL, "floor: bare 3-load walk (2 MiB block)", p_warm, b_floor_block, {0}},
    {"floor_load", NULL, "floor: bare 4-load walk + data load", p_warm, b_floor_load, {0}},
    {"floor_store", NULL, "floor: bare 4-load walk + data store", p_warm, b_floor_store, {0}},
    {"phys_load",
     NULL,
     "phys_load of one table word (the accessor alone)",
     p_warm,
     b_phys_load,
     {0}},
    {"walk_page", "floor_page", "walk_npt, 4 KiB page", p_warm, b_walk_page, {0}},
    {"walk_block", "floor_block", "walk_npt, inside a 2 MiB block", p_warm, b_walk_block, {0}},
    {"walk_locked",
     "floor_page",
     "walk_npt with npt_lock/npt_unlock around each call",
     p_warm,
     b_walk_locked,
     {0}},
    {"get_level", "floor_page", "get_npt_level, 4 KiB page", p_warm, b_level, {0}},
    {"mem_load", "floor_load", "mem_load (walk, permission, data word)", p_warm, b_mem_load, {0}},
    {"mem_store",
     "floor_store",
     "mem_store (walk, permission, data word)",
     p_warm,
     b_mem_store,
     {0}},
    {"set_l3_existing",
     "walk_page",
     "set_npt level 3, empty slot of an existing level-3 table",
     p_unmap_pages,
     b_set_page,
     {0}},
    {"set_l3_replace",
     "walk_page",
     "set_npt level 3 over a mapped page (break-before-make + TLB flush)",
     p_warm,
     b_set_page,
     {0}},
    {"unmap_page",
     "walk_page",
     "unmap_npt of a 4 KiB page (+ TLB flush)",
     p_map_pages,
     b_unmap_page,
     {0}},
    {"set_l3_new_l3",
     "walk_page",
     "set_npt level 3 needing a new level-3 table",
     p_reset_new,
     b_set_new_l3,
     {0}},
    {"set_l3_new_l2",
     "walk_page",
     "set_npt level 3 needing new level-2 and level-3 tables",
     p_reset_new,
     b_set_new_l2,
     {0}},
    {"set_l2",
     "walk_block",
     "set_npt level 2 (2 MiB block) into an existing level-2 table",
     p_unmap_blocks,
     b_set_block,
     {0}},
    {"unmap_block",
     "walk_block",
     "unmap_npt of a 2 MiB block (+ TLB flush)",
     p_map_blocks,
     b_unmap_block,
     {0}},
};

static void prepare_last(void)
{
	/* Leave the fixture mapped after the last operation of a round. */
	p_map_pages();
	p_map_blocks();
}

/*
 * Untimed, before each batch. Read-only batches run once first, so that
 * every figure is taken with the working set in cache, whatever ran before.
 */
static void prepare(struct op *op)
{
	if (op->prep == p_warm)
		op->batch();
	else
		op->prep();
}

static struct op *find_op(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (!strcmp(ops[i].name, name))
			return &ops[i];
	return NULL;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, size_t n)
{
	double tmp[n];

	memcpy(tmp, v, n * sizeof(*v));
	qsort(tmp, n, sizeof(*tmp), cmp_double);
	return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

/* The fixture: spec geometry, VM_FIX with its two regions mapped and data written. */
static void setup_fixture(void)
{
	sim_mem_reset();
	sim_cpu_set(0);
	if (npt_init(&npt_spec_geometry))
		die("npt_init(spec) failed");
	for (u32 i = 0; i < NPAGES; i++) {
		u32 p = (u32)((i * (u64)SCATTER) & (NPAGES - 1));
		u32 b = (u32)((i * (u64)SCATTER) & (NBLOCKS - 1));

		page_addr[i] = (u64)p * SZ_4K + 8 * (i & 511);
		block_addr[i] = BLOCK_BASE + (u64)b * SZ_2M + SZ_4K * (i & 511) + 8 * (i & 7);
	}
	b_set_page();
	b_set_block();
	b_mem_store(); /* data pages exist before the loads are timed */
	if (failures)
		die("fixture set-up failed");
}

/* One batch of `op`, alone in this function for callgrind's --toggle-collect. */
__attribute__((noinline)) u64 measured_batch(struct op *op)
{
	return op->batch();
}

static void run_micro(int runs)
{
	struct npt_pool_usage u;

	if (runs < 2 || runs > 64)
		die("runs must be 2..64");
	setup_fixture();
	/* Round 0 is the cold round (first touch of simulated memory): kept apart. */
	for (int r = 0; r < runs; r++) {
		for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
			double t0, t1;
			u64 n;

			prepare(&ops[i]);
			t0 = now_ns();
			n = measured_batch(&ops[i]);
			t1 = now_ns();
			ops[i].ns[r] = (t1 - t0) / (double)n;
			if (failures)
				die(ops[i].name);
		}
		prepare_last();
	}
	printf("#micro\top\tns_median\tns_min\tns_cold\tbase\tratio\twhat\n");
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		struct op *o = &ops[i];
		double med = median(o->ns + 1, runs - 1), min = o->ns[1];
		double ratio = 0;

		for (int r = 2; r < runs; r++)
			min = o->ns[r] < min ? o->ns[r] : min;
		if (o->base)
			ratio = med / median(find_op(o->base)->ns + 1, runs - 1);
		printf("micro\t%s\t%.1f\t%.1f\t%.1f\t%s\t%.2f\t%s\n", o->name, med, min, o->ns[0],
		       o->base ? o->base : "-", ratio, o->what);
	}

	/* Page-table pages of the micro scenarios, against the minimum. */
	p_reset_new();
	b_set_new_l3();
	npt_lock(VM_FIX);
	check(npt_pool_usage(VM_FIX, &u));
	npt_unlock(VM_FIX);
	printf("mem\tfixture: 16 MiB of 4 KiB pages + 1 GiB of 2 MiB blocks (spec "
	       "geometry)\t%llu\t%u\n",
	       (unsigned long long)(1 + (u.pgd_next - u.pgd_start + u.pud_next - u.pud_start +
					 u.pmd_next - u.pmd_start) /
					    SZ_4K),
	       1 + 1 + 2 + NPAGES / 512);
	npt_lock(VM_NEW);
	check(npt_pool_usage(VM_NEW, &u));
	npt_unlock(VM_NEW);
	printf("mem\tone 4 KiB page per 2 MiB over 4 GiB (spec geometry)\t%llu\t%u\n",
	       (unsigned long long)(1 + (u.pgd_next - u.pgd_start + u.pud_next - u.pud_start +
					 u.pmd_next - u.pmd_start) /
					    SZ_4K),
	       1 + 1 + 4 + NNEW_L3);
}

static void run_count(const char *name)
{
	struct op *op = find_op(name);
	u64 n;

	if (!op)
		die("unknown operation (npt_bench list)");
	setup_fixture();
	/* One round first, as the medians of run_micro skip the cold round. */
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		prepare(&ops[i]);
		ops[i].batch();
	}
	prepare_last();
	prepare(op);
	n = measured_batch(op);
	if (failures)
		die(name);
	printf("%llu\n", (unsigned long long)n);
}

/* ---- scaling: one VM growing to 16 GiB, in a bigger pool ---- */

#define SCALE_MAX    (16 * SZ_1G)
#define SET_SAMPLE   4096u
#define WALK_SAMPLE  65536u
#define SCALE_MINOPS 4096u

/* 64 MiB per VM: 16 GiB of 4 KiB pages needs 8192 level-3 tables. */
static const struct npt_geometry scale_geometry = {
    .pool_base = 0x10000,
    .pool_size = 64ULL << 20,
    .pgd_pages = 16,
    .pud_pages = 64,
    .nr_vms = 1,
};

static u64 set_sample[SET_SAMPLE];
static u64 walk_sample[WALK_SAMPLE];

static u64 pool_pages(u32 vmid)
{
	struct npt_pool_usage u;

	check(npt_pool_usage(vmid, &u));
	return 1 +
	       (u.pgd_next - u.pgd_start + u.pud_next - u.pud_start + u.pmd_next - u.pmd_start) /
		   SZ_4K;
}

static u64 ceil_div(u64 a, u64 b)
{
	return (a + b - 1) / b;
}

/* Tables a four-level tree needs to map [0, size) with this granule. */
static u64 min_pages(u64 size, u64 gran)
{
	return 1 + ceil_div(size, 512 * SZ_1G) + ceil_div(size, SZ_1G) +
	       (gran == SZ_4K ? ceil_div(size, SZ_2M) : 0);
}

static u64 xorshift(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Per-operation medians at one mapped size; set and unmap without the timer's cost. */
struct scale_point {
	double set, walk, floor, unmap, ratio;
};

static double timer_cost(void)
{
	double v[101];

	for (int i = 0; i < 101; i++) {
		double t0 = now_ns();

		v[i] = now_ns() - t0;
	}
	return median(v, 101);
}

static void scale_one(u64 gran, u32 k, int runs, double tc, struct scale_point *pt)
{
	u32 level = gran == SZ_4K ? 3 : 2;
	u64 root = root_of(0);
	u32 reps = (u32)ceil_div(SCALE_MINOPS, k);
	u32 nrep = reps < (u32)runs ? (u32)runs : reps;
	double set[nrep], unmap[nrep], walk[runs], flo[runs], ratio[runs];

	for (u32 r = 0; r < nrep; r++) {
		double t0 = now_ns(), t1, t2;

		for (u32 i = 0; i < k; i++)
			check(unmap_npt(0, set_sample[i]));
		t1 = now_ns();
		for (u32 i = 0; i < k; i++) {
			u64 a = set_sample[i];

			check(set_npt(0, a, level, level == 3 ? page_pte(a) : block_pte(a)));
		}
		t2 = now_ns();
		unmap[r] = (t1 - t0 - tc) / k;
		set[r] = (t2 - t1 - tc) / k;
	}
	/* Walk and floor alternate, so that both see the same moment of a noisy machine. */
	for (int r = 0; r < runs; r++) {
		u64 pte, acc = 0;
		double t0 = now_ns(), t1, t2;

		for (u32 i = 0; i < WALK_SAMPLE; i++) {
			check(walk_npt(0, walk_sample[i], &pte));
			acc ^= pte;
		}
		t1 = now_ns();
		for (u32 i = 0; i < WALK_SAMPLE; i++)
			acc ^= level == 3 ? floor_walk4(root, walk_sample[i])
					  : floor_walk3(root, walk_sample[i]);
		t2 = now_ns();
		sink = acc;
		walk[r] = (t1 - t0) / WALK_SAMPLE;
		flo[r] = (t2 - t1) / WALK_SAMPLE;
		ratio[r] = walk[r] / flo[r];
	}
	pt->set = median(set, nrep);
	pt->unmap = median(unmap, nrep);
	pt->walk = median(walk, runs);
	pt->floor = median(flo, runs);
	pt->ratio = median(ratio, runs);
}

static void scale_sweep(u64 gran, int runs, double tc)
{
	u32 level = gran == SZ_4K ? 3 : 2;
	u64 mapped = 0, seed = 0x9e3779b97f4a7c15ULL;
	double grow_ns = 0;

	sim_mem_reset();
	if (npt_init(&scale_geometry))
		die("npt_init(scale) failed");
	npt_lock(0);
	for (u64 size = SZ_2M; size <= SCALE_MAX; size *= 2) {
		u64 n = size / gran, backed0 = sim_mem_pages_backed();
		u32 k = n < SET_SAMPLE ? (u32)n : SET_SAMPLE;
		struct scale_point pt;
		double t0 = now_ns();

		for (; mapped < size; mapped += gran)
			check(set_npt(0, mapped, level,
				      level == 3 ? page_pte(mapped) : block_pte(mapped)));
		grow_ns += now_ns() - t0;
		for (u32 i = 0; i < k; i++)
			set_sample[i] = ((i * (u64)SCATTER) & (n - 1)) * gran;
		for (u32 i = 0; i < WALK_SAMPLE; i++)
			walk_sample[i] = (xorshift(&seed) & (size - 1)) & ~7ULL;
		scale_one(gran, k, runs, tc, &pt);
		if (failures)
			die("scaling: an operation failed");
		printf("scale\t%s\t%llu\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%llu\t%llu\t%.1f\t%llu\n",
		       gran == SZ_4K ? "4k" : "2m", (unsigned long long)size, pt.set, pt.walk,
		       pt.floor, pt.unmap, pt.ratio, (unsigned long long)pool_pages(0),
		       (unsigned long long)min_pages(size, gran), grow_ns / (double)(mapped / gran),
		       (unsigned long long)(sim_mem_pages_backed() - backed0));
		fflush(stdout);
	}
	for (u64 a = 0; a < mapped; a += gran)
		check(unmap_npt(0, a));
	printf(
	    "mem\tafter unmapping all of 16 GiB of %s (tables stay until npt_reset_vm)\t%llu\t1\n",
	    gran == SZ_4K ? "4 KiB pages" : "2 MiB blocks", (unsigned long long)pool_pages(0));
	npt_unlock(0);
}

static void run_scaling(int runs)
{
	double tc;

	if (runs < 1 || runs > 64)
		die("runs must be 1..64");
	sim_cpu_set(0);
	sim_mem_set_windows(scale_geometry.pool_base,
			    scale_geometry.pool_base + scale_geometry.pool_size, SIM_DATA_START,
			    SIM_DATA_END);
	tc = timer_cost();
	printf("#scale\tgranule\tbytes\tset_ns\twalk_ns\tfloor_ns\tunmap_ns\twalk_"
	       "floor\tpages\tmin_pages\t"
	       "grow_ns_per_map\tsim_pages_new\n");
	printf("timer\t%.1f\n", tc);
	scale_sweep(SZ_4K, runs, tc);
	scale_sweep(SZ_2M, runs, tc);
}

static u64 hvc(u64 id, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct hvc_regs r = {{id, a1, a2, a3, a4, a5}};

	if (hvc_dispatch(&r))
		die("a hypercall of the destroy set-up failed");
	return r.x[1];
}

/* The EL2 image's pools (arch/arm64/layout.h): 2 MiB, 1 + 8 + 64 + 439 pages. */
static const struct npt_geometry el2_geometry = {
    .pool_base = 0x10000,
    .pool_size = SZ_2M,
    .pgd_pages = 8,
    .pud_pages = 64,
    .nr_vms = 16,
};

/*
 * A shared VM with one 4 KiB page in each 2 MiB region, until its
 * pmd area is full (439 level-3 tables with the EL2 image's pools), then
 * VM_DESTROY: every leaf given back, every table page zeroed. The host's
 * RAM is the simulated data window, host-owned, its stage-2 empty.
 */
static void run_destroy(int runs)
{
	static owner_rec_t records[OWNER_RECORDS(SIM_DATA_END - SIM_DATA_START)];
	struct owner_config oc = {SIM_DATA_START, SIM_DATA_END, records, 0, false};
	double best = 0;
	u64 leaves = 0;

	for (int round = 0; round < runs; round++) {
		struct npt_pool_usage u;
		double t0;
		u64 vmid;

		sim_mem_reset();
		if (npt_init(&el2_geometry) || owner_init(&oc))
			die("destroy: set-up refused");
		hvc_init();
		vmid = hvc(HVC_VM_CREATE, HVC_VM_CREATE_SHARED, 0, 0, 0, 0);
		npt_lock((u32)vmid);
		npt_pool_usage((u32)vmid, &u);
		npt_unlock((u32)vmid);
		leaves = (u.pmd_end - u.pmd_start) / SZ_4K;
		for (u64 i = 0; i < leaves; i++)
			hvc(HVC_SET_NPT, vmid, i * SZ_2M, 3, SIM_DATA_START + (i % 512) * SZ_4K,
			    HVC_PERM_R | HVC_PERM_W);
		t0 = now_ns();
		hvc(HVC_VM_DESTROY, vmid, 0, 0, 0, 0);
		t0 = now_ns() - t0;
		if (round == 0 || t0 < best)
			best = t0;
	}
	printf("destroy\t%llu\t%.3f\n", (unsigned long long)leaves, best / 1e6);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "micro";

	if (!strcmp(mode, "micro"))
		run_micro(argc > 2 ? atoi(argv[2]) : 11);
	else if (!strcmp(mode, "count") && argc > 2)
		run_count(argv[2]);
	else if (!strcmp(mode, "list"))
		for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
			printf("%s\t%s\t%s\n", ops[i].name, ops[i].base ? ops[i].base : "-",
			       ops[i].what);
	else if (!strcmp(mode, "scaling"))
		run_scaling(argc > 2 ? atoi(argv[2]) : 11);
	else if (!strcmp(mode, "destroy"))
		run_destroy(argc > 2 ? atoi(argv[2]) : 5);
	else
		die("usage: npt_bench micro [RUNS] | count OP | list | scaling [RUNS] | destroy "
		    "[RUNS]");
	return 0;
}
