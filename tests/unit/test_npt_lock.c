/* SPDX-License-Identifier: MIT */
/*
 * Locking: threads standing in for CPUs map into the same VM and into
 * different VMs at once, and the final tables must equal the model's after
 * the same operations run one by one; the VM lock excludes; and touching a
 * VM's tables without owning its lock is caught as a panic.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "npt_fixture.h"
#include "panic_catch.h"

#define IPA(i0, i1, i2, i3) ((u64)(i0) << 39 | (u64)(i1) << 30 | (u64)(i2) << 21 | (u64)(i3) << 12)
#define THREADS		    4
#define ROUNDS		    20000

struct worker {
	pthread_t thread;
	u32 cpu;
	u32 vmid;
	int failures; /* operations that did not answer as expected */
};

/*
 * Worker t's k-th mapping. In the shared VM, workers use distinct level-3
 * indices inside shared tables, so every interleaving ends in the same
 * abstract state; within one worker, later mappings replace earlier ones.
 * Every 7th mapping is a block, in regions no page ever uses.
 */
static void mapping(u32 t, u32 k, u64 *addr, u32 *level, u64 *pte)
{
	if (k % 7 == 0) {
		*addr = IPA(k % 2, 8 + t, k % 5, 0);
		*level = 2;
		*pte = BLOCK(PA_RAM + (k % 3) * SZ_2M);
		return;
	}
	*addr = IPA(k % 2, k % 3, k % 4, t);
	*level = 3;
	*pte = PAGE(PA_RAM + (u64)k * 0x1000);
}

/* All workers start together, so that they really contend. */
static pthread_barrier_t start_line;

static void *map_many(void *arg)
{
	struct worker *w = arg;
	u64 addr, pte, seen;
	u32 level;

	sim_cpu_set(w->cpu);
	pthread_barrier_wait(&start_line);
	for (u32 k = 0; k < ROUNDS; k++) {
		mapping(w->cpu, k, &addr, &level, &pte);
		npt_lock(w->vmid);
		if (set_npt(w->vmid, addr, level, pte) || walk_npt(w->vmid, addr, &seen) ||
		    seen != pte)
			w->failures++;
		npt_unlock(w->vmid);
	}
	return NULL;
}

/* Run the workers at once, then replay their operations on the model, one worker after another. */
static void run_workers(struct worker *w, u32 n)
{
	u64 addr, pte;
	u32 level;

	assert_int_equal(pthread_barrier_init(&start_line, NULL, n), 0);
	for (u32 i = 0; i < n; i++)
		assert_int_equal(pthread_create(&w[i].thread, NULL, map_many, &w[i]), 0);
	for (u32 i = 0; i < n; i++) {
		assert_int_equal(pthread_join(w[i].thread, NULL), 0);
		assert_int_equal(w[i].failures, 0);
	}
	pthread_barrier_destroy(&start_line);
	for (u32 i = 0; i < n; i++)
		for (u32 k = 0; k < ROUNDS; k++) {
			mapping(w[i].cpu, k, &addr, &level, &pte);
			assert_int_equal(model_set(fx_model, w[i].vmid, addr, level, pte), 0);
		}
	fx_check();
}

/* Four CPUs mapping into one VM at once build exactly the tables the model predicts. */
static void concurrent_same_vm(void **state)
{
	struct worker w[THREADS];

	(void)state;
	for (u32 i = 0; i < THREADS; i++)
		w[i] = (struct worker){.cpu = i, .vmid = VM};
	run_workers(w, THREADS);
}

/* Four CPUs mapping into four VMs (the same addresses) build four separate, correct trees. */
static void concurrent_different_vms(void **state)
{
	struct worker w[THREADS];

	(void)state;
	for (u32 i = 0; i < THREADS; i++)
		w[i] = (struct worker){.cpu = i, .vmid = 1 + i};
	run_workers(w, THREADS);
}

/* Eight CPUs over two VMs, two workers each and their own indices: both kinds of contention at
 * once. */
static void concurrent_mixed(void **state)
{
	struct worker w[8];

	(void)state;
	for (u32 i = 0; i < 8; i++)
		w[i] = (struct worker){.cpu = i, .vmid = 1 + i % 2};
	run_workers(w, 8);
}

static u64 counter;

static void *count_under_lock(void *arg)
{
	struct worker *w = arg;

	sim_cpu_set(w->cpu);
	for (u32 k = 0; k < 20000; k++) {
		npt_lock(VM);
		counter = counter + 1; /* deliberately not atomic: the lock must exclude */
		npt_unlock(VM);
	}
	return NULL;
}

/* The VM lock excludes: a plain counter incremented under it by four CPUs loses nothing. */
static void lock_excludes(void **state)
{
	struct worker w[THREADS];

	(void)state;
	counter = 0;
	for (u32 i = 0; i < THREADS; i++) {
		w[i] = (struct worker){.cpu = i};
		assert_int_equal(pthread_create(&w[i].thread, NULL, count_under_lock, &w[i]), 0);
	}
	for (u32 i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(w[i].thread, NULL), 0);
	assert_int_equal(counter, THREADS * 20000);
}

/* Walking, mapping or loading without the lock panics, and changes nothing. */
static void access_without_lock_panics(void **state)
{
	u64 out, before;
	u32 level;

	(void)state;
	assert_int_equal(fx_set(VM, 0, 3, PAGE(PA_RAM)), 0);
	before = fx_vm_fingerprint(VM);
	assert_true(PANICS(walk_npt(VM, 0, &out)));
	assert_true(PANICS(get_npt_level(VM, 0, &level)));
	assert_true(PANICS(set_npt(VM, 0x1000, 3, PAGE(PA_RAM))));
	assert_true(PANICS(unmap_npt(VM, 0)));
	assert_true(PANICS(mem_load(VM, 0, &out)));
	assert_true(PANICS(mem_store(VM, 0, 1)));
	assert_true(PANICS(npt_reset_vm(VM)));
	assert_int_equal(fx_vm_fingerprint(VM), before);
}

/* Holding another VM's lock, or the lock as another CPU, does not count. */
static void wrong_lock_or_cpu_panics(void **state)
{
	u64 out;

	(void)state;
	npt_lock(VM + 1);
	assert_true(PANICS(walk_npt(VM, 0, &out)));
	npt_unlock(VM + 1);
	npt_lock(VM);
	sim_cpu_set(1);
	assert_true(PANICS(walk_npt(VM, 0, &out)));
	assert_true(PANICS(npt_unlock(VM))); /* only the owner may release */
	sim_cpu_set(0);
	assert_false(PANICS(walk_npt(VM, 0, &out)));
	assert_true(PANICS(npt_lock(VM))); /* taking it twice would hang: caught */
	npt_unlock(VM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(concurrent_same_vm, fx_setup),
	    cmocka_unit_test_setup(concurrent_different_vms, fx_setup),
	    cmocka_unit_test_setup(concurrent_mixed, fx_setup),
	    cmocka_unit_test_setup(lock_excludes, fx_setup),
	    cmocka_unit_test_setup(access_without_lock_panics, fx_setup),
	    cmocka_unit_test_setup(wrong_lock_or_cpu_panics, fx_setup),
	};

	return cmocka_run_group_tests_name("npt_lock", tests, NULL, NULL);
}
