/* SPDX-License-Identifier: MIT */
/*
 * The dispatcher with several CPUs at once (threads standing in for CPUs):
 * the VM records and the per-VM locks must keep every call atomic. Fixed
 * operation counts, no timing: a lost update shows up as a wrong walk, a
 * lock mistake as a panic or a deadlock.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <hypcore/hvc.h>
#include <hypcore/hvc_abi.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>

#include "../../arch/host/sim.h"
#include "hvc_fixture.h"

#define NR_WORKERS	 4
#define RW		 (HVC_PERM_R | HVC_PERM_W)
#define PAGE(pa)	 npt_leaf_desc(pa, 3, RW) /* the leaf SET_NPT(pa, RW) writes */
#define DATA		 SIM_DATA_START
#define PAGES_PER_WORKER 512
#define CHURN_ROUNDS	 200

/* A call from a worker: cmocka's asserts are not thread-safe, so no asserts here. */
static s64 call(u64 id, u64 a1, u64 a2, u64 a3, u64 a4, u64 *x1)
{
	struct hvc_regs r = {.x = {id, a1, a2, a3, a4}};
	s64 status = hvc_dispatch(&r);

	if (x1)
		*x1 = r.x[1];
	return status;
}

/* SET_NPT of a read-write page at output address pa. */
static s64 set_page(u64 vmid, u64 ipa, u64 pa)
{
	struct hvc_regs r = {.x = {HVC_SET_NPT, vmid, ipa, 3, pa, RW}};

	return hvc_dispatch(&r);
}

struct worker {
	pthread_t thread;
	u32 cpu;
	u32 vmid;     /* shared-VM test: the VM all workers use */
	u64 failures; /* answers that contradict what the worker did */
};

static struct worker workers[NR_WORKERS];

static int setup(void **state)
{
	(void)state;
	/*
	 * RAM for the ownership rules is the data window; the host owns all of
	 * it. These tests are about the tables, so their VMs are shared
	 * (HVC_VM_CREATE_SHARED): pages stay the host's, mapped and reachable.
	 * Donation is tested in test_owner_hvc.c, on a full host stage-2.
	 */
	fx_start_hvc();
	return 0;
}

/* This worker's pages: its own 1 GiB slice, so tables are shared at level 0 only. */
static u64 ipa_of(const struct worker *w, u64 i)
{
	return ((u64)w->cpu << 30) + i * SZ_4K;
}

static u64 pa_of(const struct worker *w, u64 i)
{
	return DATA + (((u64)w->cpu * PAGES_PER_WORKER + i) << 12);
}

static void *map_walk_unmap(void *arg)
{
	struct worker *w = arg;
	u64 x1;

	sim_cpu_set(w->cpu);
	for (u64 i = 0; i < PAGES_PER_WORKER; i++) {
		w->failures += set_page(w->vmid, ipa_of(w, i), pa_of(w, i)) != 0;
		w->failures += call(HVC_WALK, w->vmid, ipa_of(w, i), 0, 0, &x1) != 0;
		w->failures += x1 != PAGE(pa_of(w, i));
		w->failures += call(HVC_MEM_STORE, w->vmid, ipa_of(w, i), i, 0, NULL) != 0;
		if (i % 2)
			w->failures += call(HVC_UNMAP, w->vmid, ipa_of(w, i), 0, 0, NULL) != 0;
	}
	return NULL;
}

/* Four CPUs map, walk, store and unmap in one VM; afterwards the tables hold exactly what they
 * left. */
static void test_shared_vm(void **state)
{
	u32 vm;
	u64 x1;

	(void)state;
	assert_int_equal(call(HVC_VM_CREATE, HVC_VM_CREATE_SHARED, 0, 0, 0, &x1), 0);
	vm = (u32)x1;
	for (u32 i = 0; i < NR_WORKERS; i++) {
		workers[i] = (struct worker){.cpu = i + 1, .vmid = vm};
		assert_int_equal(
		    pthread_create(&workers[i].thread, NULL, map_walk_unmap, &workers[i]), 0);
	}
	for (u32 i = 0; i < NR_WORKERS; i++) {
		assert_int_equal(pthread_join(workers[i].thread, NULL), 0);
		assert_int_equal(workers[i].failures, 0);
	}
	for (u32 i = 0; i < NR_WORKERS; i++) {
		const struct worker *w = &workers[i];

		for (u64 p = 0; p < PAGES_PER_WORKER; p++) {
			assert_int_equal(call(HVC_WALK, vm, ipa_of(w, p), 0, 0, &x1), 0);
			assert_int_equal(x1, p % 2 ? 0 : PAGE(pa_of(w, p)));
			if (p % 2)
				continue;
			assert_int_equal(call(HVC_MEM_LOAD, vm, ipa_of(w, p), 0, 0, &x1), 0);
			assert_int_equal(x1, p);
		}
	}
	/* One level-1 table, then per worker one level-2 and one level-3 table. */
	assert_int_equal(call(HVC_POOL_USAGE, vm, HVC_AREA_PGD, 0, 0, &x1), 0);
	assert_int_equal(x1, 1);
	assert_int_equal(call(HVC_POOL_USAGE, vm, HVC_AREA_PUD, 0, 0, &x1), 0);
	assert_int_equal(x1, NR_WORKERS);
	assert_int_equal(call(HVC_POOL_USAGE, vm, HVC_AREA_PMD, 0, 0, &x1), 0);
	assert_int_equal(x1, NR_WORKERS);
}

/* Create a VM, check it starts clean, use it, destroy it; over and over. */
static void *churn(void *arg)
{
	struct worker *w = arg;
	u64 vm, x1;

	sim_cpu_set(w->cpu);
	for (u32 round = 0; round < CHURN_ROUNDS; round++) {
		if (call(HVC_VM_CREATE, HVC_VM_CREATE_SHARED, 0, 0, 0, &vm) != 0) {
			w->failures++; /* 15 vmids for 3 creators never run out */
			continue;
		}
		for (u32 area = HVC_AREA_PGD; area <= HVC_AREA_PMD; area++) {
			w->failures += call(HVC_POOL_USAGE, vm, area, 0, 0, &x1) != 0;
			w->failures += x1 != 0;
		}
		w->failures += call(HVC_WALK, vm, 0x1000, 0, 0, &x1) != 0 || x1 != 0;
		w->failures += set_page(vm, 0x1000, DATA) != 0;
		w->failures += call(HVC_WALK, vm, 0x1000, 0, 0, &x1) != 0 || x1 != PAGE(DATA);
		w->failures += call(HVC_VM_DESTROY, vm, 0, 0, 0, NULL) != 0;
	}
	return NULL;
}

/* Reads every vmid while others create and destroy: only "ok" or "einval" may come back. */
static void *reader(void *arg)
{
	struct worker *w = arg;
	u64 x1;

	sim_cpu_set(w->cpu);
	for (u32 round = 0; round < CHURN_ROUNDS * 4; round++) {
		for (u64 vm = 1; vm < npt_spec_geometry.nr_vms; vm++) {
			s64 st = call(HVC_WALK, vm, 0x1000, 0, 0, &x1);

			w->failures += st != 0 && st != HVC_EINVAL;
			/* A created VM's page is either unmapped or what its creator mapped. */
			w->failures += st == 0 && x1 != 0 && x1 != PAGE(DATA);
		}
	}
	return NULL;
}

/* Three CPUs create and destroy VMs while a fourth reads them; every new VM starts clean. */
static void test_create_destroy_churn(void **state)
{
	u64 x1;

	(void)state;
	for (u32 i = 0; i < NR_WORKERS; i++) {
		workers[i] = (struct worker){.cpu = i + 1};
		assert_int_equal(pthread_create(&workers[i].thread, NULL,
						i == NR_WORKERS - 1 ? reader : churn, &workers[i]),
				 0);
	}
	for (u32 i = 0; i < NR_WORKERS; i++) {
		assert_int_equal(pthread_join(workers[i].thread, NULL), 0);
		assert_int_equal(workers[i].failures, 0);
	}
	/* Every VM was destroyed: vmid 1 is free again and its pool unused. */
	assert_int_equal(call(HVC_VM_CREATE, HVC_VM_CREATE_SHARED, 0, 0, 0, &x1), 0);
	assert_int_equal(x1, 1);
	assert_int_equal(call(HVC_POOL_USAGE, 1, HVC_AREA_PMD, 0, 0, &x1), 0);
	assert_int_equal(x1, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_shared_vm, setup),
	    cmocka_unit_test_setup(test_create_destroy_churn, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
