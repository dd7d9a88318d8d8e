// SPDX-License-Identifier: MIT
/*
 * Concurrency: one thread pinned to each of 4 CPUs. Every thread works in
 * a VM shared by all four (each in its own 512 GiB slice, so their table
 * allocations come from one pool at once) and in a private VM that it
 * destroys and recreates every RECREATE_EVERY steps, while also reading
 * the other threads' slices of the shared VM. Each thread's sequence of
 * operations is deterministic (its own xorshift seed) and a small model
 * predicts every status and every walk. Afterwards every slot every thread
 * touched is walked and compared with the model, and the pool usage of
 * each VM is compared with the tables the model says were built.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e.h"

#define NCPU	       4
#define NREG	       8 /* 2 MiB regions per thread and VM */
#define NPG	       8 /* pages used in each region */
#define SLICE	       (512 * SZ_1G)
#define RECREATE_EVERY 1000

struct model {
	u64 block[NREG];
	u64 page[NREG][NPG];
	bool table[NREG]; /* a level-3 table exists: it stays until destroy */
	bool touched;	  /* the slice's level-1 and level-2 tables exist */
};

struct worker {
	int cpu;
	u64 seed;
	u64 shared, priv;
	struct model ms, mp;
	unsigned long ops, steps, mismatches, recreated;
	char first[160];
};

static pthread_barrier_t start;
static unsigned long steps_per_cpu = 2000;

static u64 next(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static u64 slot_ipa(int cpu, unsigned int r, unsigned int p)
{
	return (u64)cpu * SLICE + SZ_1G + r * SZ_2M + p * SZ_4K;
}

static void mismatch(struct worker *w, const char *what, u64 ipa, long want, long got)
{
	if (!w->mismatches++)
		snprintf(w->first, sizeof(w->first), "step %lu %s at %#llx: want %#lx got %#lx",
			 w->steps, what, (unsigned long long)ipa, want, got);
}

/* Expected walk and level of one slot. */
static void model_leaf(const struct model *m, unsigned int r, unsigned int p, u64 *pte, u64 *lvl)
{
	*pte = m->block[r] ? m->block[r] : m->page[r][p];
	*lvl = m->block[r] ? 2 : m->page[r][p] ? 3 : 0;
}

static void do_set_page(struct worker *w, u64 vm, struct model *m, unsigned int r, unsigned int p)
{
	u64 ipa = slot_ipa(w->cpu, r, p);
	u64 pte = (HOST_RAM_PA + ((w->steps & 0xfff) << 12)) | S2_ATTR_RW | S2_PAGE;
	long want = m->block[r] ? -EEXIST : 0, got = set_leaf(vm, ipa, 3, pte);

	w->ops++;
	if (got != want)
		return mismatch(w, "set page", ipa, want, got);
	if (!got) {
		m->page[r][p] = pte;
		m->table[r] = m->touched = true;
	}
}

static void do_set_block(struct worker *w, u64 vm, struct model *m, unsigned int r)
{
	u64 ipa = slot_ipa(w->cpu, r, 0);
	u64 pte = (0x42000000ULL + ((w->steps & 0xff) << 21)) | S2_ATTR_RW | S2_BLOCK;
	long want = m->table[r] ? -EEXIST : 0, got = set_leaf(vm, ipa, 2, pte);

	w->ops++;
	if (got != want)
		return mismatch(w, "set block", ipa, want, got);
	if (!got) {
		m->block[r] = pte;
		m->touched = true;
	}
}

static void do_unmap(struct worker *w, u64 vm, struct model *m, unsigned int r, unsigned int p)
{
	u64 ipa = slot_ipa(w->cpu, r, p);
	long got = unmap(vm, ipa);

	w->ops++;
	if (got)
		return mismatch(w, "unmap", ipa, 0, got);
	if (m->block[r])
		m->block[r] = 0;
	else
		m->page[r][p] = 0;
}

static void do_walk(struct worker *w, u64 vm, const struct model *m, unsigned int r, unsigned int p)
{
	u64 ipa = slot_ipa(w->cpu, r, p) + 8 * (w->steps & 511);
	u64 pte, lvl, want_pte, want_lvl;
	long got;

	model_leaf(m, r, p, &want_pte, &want_lvl);
	got = walk(vm, ipa, &pte);
	w->ops++;
	if (got || pte != want_pte)
		return mismatch(w, "walk", ipa, (long)want_pte, got ? got : (long)pte);
	got = level(vm, ipa, &lvl);
	w->ops++;
	if (got || lvl != want_lvl)
		mismatch(w, "level", ipa, (long)want_lvl, got ? got : (long)lvl);
}

/* MAP module memory, then a store and a load through the VM's tables. */
static void do_map_access(struct worker *w, u64 vm, struct model *m, unsigned int r, unsigned int p)
{
	u64 ipa = slot_ipa(w->cpu, r, p), pte = 0, val = 0;
	u64 data = ((u64)w->cpu << 56) | w->steps;
	long want = m->block[r] ? -EEXIST : 0, got = map_mem(vm, ipa, 0, &pte);

	w->ops++;
	if (got != want)
		return mismatch(w, "map", ipa, want, got);
	if (got)
		return;
	m->page[r][p] = pte | S2_ATTR_RW | S2_PAGE;
	m->table[r] = m->touched = true;
	got = store(vm, ipa + 8 * p, data);
	if (!got)
		got = load(vm, ipa + 8 * p, &val);
	w->ops += 2;
	if (got || val != data)
		mismatch(w, "store+load", ipa, (long)data, got ? got : (long)val);
}

/* A read of another CPU's slice of the shared VM while it changes. */
static void do_cross_walk(struct worker *w, unsigned int r, unsigned int p, u64 rnd)
{
	int other = (w->cpu + 1 + (int)(rnd % (NCPU - 1))) % NCPU;
	u64 ipa = slot_ipa(other, r, p), pte;
	long got = walk(w->shared, ipa, &pte);

	w->ops++;
	if (got)
		return mismatch(w, "cross walk", ipa, 0, got);
	if (pte && (pte & 3) != S2_PAGE && (pte & 3) != S2_BLOCK)
		mismatch(w, "cross walk descriptor", ipa, 0, (long)pte);
}

static void recreate(struct worker *w)
{
	long got = vm_destroy(w->priv);

	w->ops++;
	if (got)
		mismatch(w, "destroy", w->priv, 0, got);
	got = vm_create(&w->priv);
	w->ops++;
	if (got)
		mismatch(w, "create", 0, 0, got);
	memset(&w->mp, 0, sizeof(w->mp));
	w->recreated++;
}

static void step(struct worker *w)
{
	u64 rnd = next(&w->seed);
	unsigned int r = rnd % NREG, p = (rnd >> 8) % NPG, op = (rnd >> 16) % 11;
	bool in_shared = (rnd >> 24) & 1;
	u64 vm = in_shared ? w->shared : w->priv;
	struct model *m = in_shared ? &w->ms : &w->mp;

	if (op <= 2)
		do_set_page(w, vm, m, r, p);
	else if (op == 3)
		do_set_block(w, vm, m, r);
	else if (op <= 5)
		do_unmap(w, vm, m, r, p);
	else if (op <= 7)
		do_walk(w, vm, m, r, p);
	else if (op == 8)
		do_map_access(w, vm, m, r, p);
	else
		do_cross_walk(w, r, p, rnd >> 32);
}

static void *run(void *arg)
{
	struct worker *w = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) || vm_create(&w->priv)) {
		mismatch(w, "pin or create", 0, 0, -errno);
		pthread_barrier_wait(&start);
		return NULL;
	}
	pthread_barrier_wait(&start);
	for (w->steps = 0; w->steps < steps_per_cpu; w->steps++) {
		if (sched_getcpu() != w->cpu)
			mismatch(w, "running on cpu", 0, w->cpu, sched_getcpu());
		if (w->steps && w->steps % RECREATE_EVERY == 0)
			recreate(w);
		step(w);
	}
	return NULL;
}

/* Walk and level of every slot of one CPU's slice against the model. */
static unsigned long verify(int cpu, u64 vm, const struct model *m, char *first, size_t len)
{
	unsigned long bad = 0;
	unsigned int r, p;
	u64 pte, lvl, want_pte, want_lvl, ipa;

	for (r = 0; r < NREG; r++) {
		for (p = 0; p < NPG; p++) {
			ipa = slot_ipa(cpu, r, p);
			model_leaf(m, r, p, &want_pte, &want_lvl);
			if (walk(vm, ipa, &pte) || level(vm, ipa, &lvl) || pte != want_pte ||
			    lvl != want_lvl) {
				if (!bad++)
					snprintf(
					    first, len, "%#llx: want %#llx/%llu got %#llx/%llu",
					    (unsigned long long)ipa, (unsigned long long)want_pte,
					    (unsigned long long)want_lvl, (unsigned long long)pte,
					    (unsigned long long)lvl);
			}
		}
	}
	return bad;
}

/* The tables the models imply, as pool pages per area. */
static void check_usage(const char *name, u64 vm, const struct model *const *m, int n)
{
	u64 want[4] = {1, 0, 0, 0};
	struct hypcore_pool_usage u;
	unsigned int a, r;
	bool ok = true;
	char got[96] = "";
	int i;

	for (i = 0; i < n; i++) {
		want[HVC_AREA_PGD] += m[i]->touched;
		want[HVC_AREA_PUD] += m[i]->touched;
		for (r = 0; r < NREG; r++)
			want[HVC_AREA_PMD] += m[i]->table[r];
	}
	for (a = 0; a < 4; a++) {
		ok = ok && !pool_usage(vm, a, &u) && u.used == want[a];
		snprintf(got + strlen(got), sizeof(got) - strlen(got), " %llu/%llu",
			 (unsigned long long)u.used, (unsigned long long)want[a]);
	}
	check(ok, name, "used/expected per area:%s", got);
}

int run_smp(int argc, char **argv)
{
	static struct worker w[NCPU];
	const struct model *ms[NCPU];
	pthread_t th[NCPU];
	unsigned long total = 0;
	char name[64], first[160];
	u64 shared;
	int i;

	if (argc > 0)
		steps_per_cpu = strtoul(argv[0], NULL, 0);
	if (!check_status("smp.create-shared-vm", 0, vm_create(&shared)))
		return 1;
	pthread_barrier_init(&start, NULL, NCPU);
	for (i = 0; i < NCPU; i++) {
		w[i].cpu = i;
		w[i].seed = 0x9e3779b97f4a7c15ULL * (i + 1);
		w[i].shared = shared;
		if (pthread_create(&th[i], NULL, run, &w[i]))
			return check(false, "smp.threads", "pthread_create failed"), 1;
	}
	for (i = 0; i < NCPU; i++)
		pthread_join(th[i], NULL);

	for (i = 0; i < NCPU; i++) {
		snprintf(name, sizeof(name), "smp.cpu%d.every-answer-as-model", i);
		check(!w[i].mismatches, name, "%lu mismatches, first: %s", w[i].mismatches,
		      w[i].first);
		snprintf(name, sizeof(name), "smp.cpu%d.private-vm-tables", i);
		check(!verify(i, w[i].priv, &w[i].mp, first, sizeof(first)), name, "%s", first);
		snprintf(name, sizeof(name), "smp.cpu%d.shared-vm-tables", i);
		check(!verify(i, shared, &w[i].ms, first, sizeof(first)), name, "%s", first);
		snprintf(name, sizeof(name), "smp.cpu%d.private-vm-pool-usage", i);
		ms[0] = &w[i].mp;
		check_usage(name, w[i].priv, ms, 1);
		total += w[i].ops;
		printf("E2E-INFO: smp cpu%d: %lu steps, %lu hypercalls, private VM recreated %lu "
		       "times\n",
		       i, w[i].steps, w[i].ops, w[i].recreated);
	}
	for (i = 0; i < NCPU; i++)
		ms[i] = &w[i].ms;
	check_usage("smp.shared-vm-pool-usage", shared, ms, NCPU);
	printf("E2E-INFO: smp total: %lu hypercalls by %d pinned threads\n", total, NCPU);
	check(total >= NCPU * steps_per_cpu, "smp.ran-all-steps", "only %lu", total);
	for (i = 0; i < NCPU; i++)
		vm_destroy(w[i].priv);
	check_status("smp.destroy-shared-vm", 0, vm_destroy(shared));
	return 0;
}
