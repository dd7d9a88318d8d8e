/* SPDX-License-Identifier: MIT */
/*
 * Cache maintenance where pages change hands, as a sequence (issue 10,
 * item 5). QEMU models no caches, so what is checked is that the core
 * asks for the right operation at the right moment, seen through the
 * host platform's hook (arch/host/cpu.c) with the core's state at that
 * moment:
 *  - a donated page (or block) is cleaned and invalidated to the point of
 *    coherency after it has left the host's stage-2 and before the VM's
 *    leaf exists; a shared page is not (the host keeps using it);
 *  - the instruction caches are invalidated before an executable leaf is
 *    written, and not for an execute-never one;
 *  - a page given back (UNMAP, VM_DESTROY) is cleaned after it was zeroed
 *    and before the host's stage-2 maps it again.
 * With FEAT_S2FWB (sim_s2fwb: guests run with HCR_EL2.FWB, their leaves
 * force write-back) the donation's clean is skipped, and only then; the
 * instruction caches are still invalidated, the give-back still zeroed
 * and cleaned, and neither the host's stage-2 nor the SPT changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <hypcore/hvc.h>
#include <hypcore/hvc_abi.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>
#include <hypcore/phys.h>
#include <hypcore/spt.h>

#include "../../arch/host/sim.h"
#include "owner_fixture.h"
#include "owner_world.h"

#define HOST_PG	 0x40300000ULL
#define HOST_BLK 0x40600000ULL
#define IPA	 0x10000ULL
#define BLK_IPA	 0x40000000ULL
#define MAX_OPS	 1100

struct op {
	enum sim_cache_op op;
	u64 pa, size;
	u64 host_leaf; /* the host's stage-2 at any page of [pa, pa + size), then */
	u64 vm_leaf;   /* the VM's leaf at the ipa being mapped, then */
	bool zero;     /* every page of [pa, pa + size) read all zero, then */
};

static struct op ops[MAX_OPS];
static u32 nops;
static u32 watch_vm;
static u64 watch_ipa;

static void record(enum sim_cache_op op, u64 pa, u64 size)
{
	struct op *o = &ops[nops];
	u64 d = 0;

	assert_true(nops < MAX_OPS);
	*o = (struct op){op, pa, size, 0, 0, false};
	if (op == SIM_DCACHE_CLEAN_INVAL) {
		o->zero = true;
		/* The core holds the host's NPT lock here: its walker may look. */
		for (u64 off = 0; off < size; off += SZ_4K) {
			assert_int_equal(walk_npt(0, pa + off, &d), 0);
			o->host_leaf |= d;
			o->zero = o->zero && world_page_is_zero(pa + off);
		}
	}
	if (watch_vm) {
		d = 0;
		assert_int_equal(walk_npt(watch_vm, watch_ipa, &d), 0);
		o->vm_leaf = d;
	}
	nops++;
}

static int setup(void **state)
{
	int ret = world_setup(state);

	nops = 0;
	watch_vm = 0;
	sim_cache_hook = record;
	return ret;
}

/* The same machine on a CPU with FEAT_S2FWB. */
static int setup_fwb(void **state)
{
	sim_s2fwb = true;
	return setup(state);
}

static int teardown(void **state)
{
	(void)state;
	sim_cache_hook = NULL;
	sim_s2fwb = false;
	return 0;
}

static s64 call(u64 id, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct hvc_regs r = {{id, a1, a2, a3, a4, a5}};

	return hvc_dispatch(&r);
}

static u32 create(u64 flags)
{
	struct hvc_regs r = {{HVC_VM_CREATE, flags}};

	assert_int_equal(hvc_dispatch(&r), 0);
	return (u32)r.x[1];
}

/* SET_NPT with the VM and ipa watched by the hook. */
static s64 set_watched(u32 vm, u64 ipa, u64 level, u64 pa, u64 perms)
{
	s64 st;

	watch_vm = vm;
	watch_ipa = ipa;
	st = call(HVC_SET_NPT, vm, ipa, level, pa, perms);
	watch_vm = 0;
	return st;
}

static void test_donated_page_cleaned_before_the_vm_has_it(void **state)
{
	u32 vm;

	(void)state;
	vm = create(0);
	world_fill_page(HOST_PG, 0x1234);
	assert_int_equal(set_watched(vm, IPA, 3, HOST_PG, HVC_PERM_R | HVC_PERM_W), 0);
	assert_int_equal(nops, 1); /* execute-never: no instruction cache work */
	assert_int_equal(ops[0].op, SIM_DCACHE_CLEAN_INVAL);
	assert_int_equal(ops[0].pa, HOST_PG);
	assert_int_equal(ops[0].size, SZ_4K);
	assert_int_equal(ops[0].host_leaf, 0); /* out of the host's stage-2 already */
	assert_int_equal(ops[0].vm_leaf, 0);   /* and not yet the VM's */
	assert_false(ops[0].zero);	       /* what the host wrote goes with it */
	world_assert_ok();
}

static void test_executable_leaf_after_icache_invalidation(void **state)
{
	u32 priv, shared;

	(void)state;
	priv = create(0);
	shared = create(HVC_VM_CREATE_SHARED);
	assert_int_equal(set_watched(priv, IPA, 3, HOST_PG, HVC_PERM_R | HVC_PERM_X), 0);
	assert_int_equal(nops, 2);
	assert_int_equal(ops[0].op, SIM_DCACHE_CLEAN_INVAL);
	assert_int_equal(ops[1].op, SIM_ICACHE_INVAL_ALL);
	assert_int_equal(ops[1].vm_leaf, 0);
	/* Shared: the host keeps the page, so no clean; an executable leaf still invalidates. */
	nops = 0;
	assert_int_equal(
	    set_watched(shared, IPA, 3, HOST_PG + SZ_4K, HVC_PERM_R | HVC_PERM_W | HVC_PERM_X), 0);
	assert_int_equal(nops, 1);
	assert_int_equal(ops[0].op, SIM_ICACHE_INVAL_ALL);
	assert_int_equal(ops[0].vm_leaf, 0);
	nops = 0;
	assert_int_equal(set_watched(shared, IPA + SZ_4K, 3, HOST_PG + 2 * SZ_4K, HVC_PERM_R), 0);
	assert_int_equal(nops, 0);
	world_assert_ok();
}

static void test_donated_block_cleaned_whole(void **state)
{
	u32 vm;

	(void)state;
	vm = create(HVC_VM_CREATE_PROTECTED);
	assert_int_equal(set_watched(vm, BLK_IPA, 2, HOST_BLK, HVC_PERM_R | HVC_PERM_W), 0);
	assert_int_equal(nops, 1);
	assert_int_equal(ops[0].pa, HOST_BLK);
	assert_int_equal(ops[0].size, SZ_2M);
	assert_int_equal(ops[0].host_leaf, 0);
	assert_int_equal(ops[0].vm_leaf, 0);
	world_assert_ok();
}

static void test_given_back_zeroed_then_cleaned_then_host(void **state)
{
	u32 vm;

	(void)state;
	vm = create(0);
	assert_int_equal(call(HVC_SET_NPT, vm, IPA, 3, HOST_PG, HVC_PERM_R | HVC_PERM_W), 0);
	world_fill_page(HOST_PG, 0x5ec7e7); /* what the VM wrote */
	nops = 0;
	watch_vm = vm;
	watch_ipa = IPA;
	assert_int_equal(call(HVC_UNMAP, vm, IPA, 0, 0, 0), 0);
	watch_vm = 0;
	assert_int_equal(nops, 1);
	assert_int_equal(ops[0].op, SIM_DCACHE_CLEAN_INVAL);
	assert_int_equal(ops[0].pa, HOST_PG);
	assert_true(ops[0].zero);	       /* zeroed first */
	assert_int_equal(ops[0].host_leaf, 0); /* the host maps it only after */
	assert_int_equal(ops[0].vm_leaf, 0);   /* the VM lost it before */
	{
		struct hvc_regs r = {{HVC_WALK, 0, HOST_PG}};

		assert_int_equal(hvc_dispatch(&r), 0);
		assert_int_not_equal(r.x[1], 0); /* and now it does */
	}
	world_assert_ok();
}

/*
 * Each leaf is zeroed and cleaned in one pass over it (phys_zero_clean):
 * one clean per leaf, asked when every page of it reads zero and none is
 * in the host's stage-2 yet.
 */
static void test_destroy_cleans_every_page_after_zeroing(void **state)
{
	bool seen_blk = false, seen_pg = false;
	u32 vm;

	(void)state;
	vm = create(HVC_VM_CREATE_PROTECTED);
	assert_int_equal(call(HVC_SET_NPT, vm, BLK_IPA, 2, HOST_BLK, HVC_PERM_R | HVC_PERM_W), 0);
	assert_int_equal(call(HVC_SET_NPT, vm, IPA, 3, HOST_PG, HVC_PERM_R | HVC_PERM_W), 0);
	world_fill_page(HOST_BLK, 0x123);
	world_fill_page(HOST_BLK + 17 * SZ_4K, 0xabc);
	world_fill_page(HOST_BLK + SZ_2M - SZ_4K, 0x456);
	world_fill_page(HOST_PG, 0xdef);
	nops = 0;
	assert_int_equal(call(HVC_VM_DESTROY, vm, 0, 0, 0, 0), 0);
	assert_int_equal(nops, 2);
	for (u32 i = 0; i < nops; i++) {
		assert_int_equal(ops[i].op, SIM_DCACHE_CLEAN_INVAL);
		assert_true(ops[i].zero);
		assert_int_equal(ops[i].host_leaf, 0);
		seen_blk |= ops[i].pa == HOST_BLK && ops[i].size == SZ_2M;
		seen_pg |= ops[i].pa == HOST_PG && ops[i].size == SZ_4K;
	}
	assert_true(seen_blk && seen_pg);
	assert_true(world_page_is_zero(HOST_BLK + 17 * SZ_4K));
	world_assert_ok();
}

/* The host's stage-2 maps pa with its own memory type, never FWB's. */
static void assert_host_leaf_plain(u64 pa)
{
	struct hvc_regs r = {{HVC_WALK, 0, pa}};

	assert_int_equal(hvc_dispatch(&r), 0);
	assert_int_not_equal(r.x[1], 0);
	assert_int_equal(r.x[1] & NPT_PTE_MEMATTR_MASK, NPT_PTE_MEMATTR_NORMAL_WB);
}

/* The VM's leaf at ipa forces write-back (FEAT_S2FWB's encoding). */
static void assert_vm_leaf_fwb(u32 vm, u64 ipa)
{
	struct hvc_regs r = {{HVC_WALK, vm, ipa}};

	assert_int_equal(hvc_dispatch(&r), 0);
	assert_int_not_equal(r.x[1], 0);
	assert_int_equal(r.x[1] & NPT_PTE_MEMATTR_MASK, NPT_PTE_MEMATTR_FWB_WB);
}

/* With FWB the VM cannot alias the page non-cacheable: no clean of a donated page or block. */
static void test_fwb_donation_not_cleaned(void **state)
{
	u32 vm, prot;

	(void)state;
	vm = create(0);
	prot = create(HVC_VM_CREATE_PROTECTED);
	world_fill_page(HOST_PG, 0x1234);
	assert_int_equal(set_watched(vm, IPA, 3, HOST_PG, HVC_PERM_R | HVC_PERM_W), 0);
	assert_int_equal(nops, 0);
	assert_vm_leaf_fwb(vm, IPA);
	assert_int_equal(set_watched(prot, BLK_IPA, 2, HOST_BLK, HVC_PERM_R | HVC_PERM_W), 0);
	assert_int_equal(nops, 0);
	assert_vm_leaf_fwb(prot, BLK_IPA);
	/* The page is still out of the host's stage-2 and of DMA's reach. */
	{
		struct hvc_regs r = {{HVC_WALK, 0, HOST_PG}};

		assert_int_equal(hvc_dispatch(&r), 0);
		assert_int_equal(r.x[1], 0);
		spt_lock();
		assert_int_equal(spt_leaf(HOST_PG), 0);
		assert_int_equal(spt_leaf(HOST_BLK + 5 * SZ_4K), 0);
		spt_unlock();
	}
	world_assert_ok();
}

/* FWB changes nothing for instruction fetch: the I-cache is invalidated before an X leaf. */
static void test_fwb_executable_leaf_after_icache_invalidation(void **state)
{
	u32 vm;

	(void)state;
	vm = create(0);
	assert_int_equal(set_watched(vm, IPA, 3, HOST_PG, HVC_PERM_R | HVC_PERM_X), 0);
	assert_int_equal(nops, 1);
	assert_int_equal(ops[0].op, SIM_ICACHE_INVAL_ALL);
	assert_int_equal(ops[0].vm_leaf, 0);
	assert_vm_leaf_fwb(vm, IPA);
	world_assert_ok();
}

/* FWB governs the VM's accesses, not the host's nor DMA: the give-back is zeroed and cleaned. */
static void test_fwb_given_back_zeroed_then_cleaned_then_host(void **state)
{
	u32 vm;

	(void)state;
	vm = create(0); /* a protected VM's pages come back only with VM_DESTROY */
	assert_int_equal(call(HVC_SET_NPT, vm, IPA, 3, HOST_PG, HVC_PERM_R | HVC_PERM_W), 0);
	assert_int_equal(call(HVC_SET_NPT, vm, BLK_IPA, 2, HOST_BLK, HVC_PERM_R | HVC_PERM_W), 0);
	world_fill_page(HOST_PG, 0x5ec7e7);
	world_fill_page(HOST_BLK + 300 * SZ_4K, 0x5ec7e8);
	nops = 0;
	watch_vm = vm;
	watch_ipa = BLK_IPA;
	assert_int_equal(call(HVC_UNMAP, vm, BLK_IPA, 0, 0, 0), 0);
	watch_vm = 0;
	assert_int_equal(nops, 1);
	assert_int_equal(ops[0].op, SIM_DCACHE_CLEAN_INVAL);
	assert_int_equal(ops[0].pa, HOST_BLK);
	assert_int_equal(ops[0].size, SZ_2M);
	assert_true(ops[0].zero);
	assert_int_equal(ops[0].host_leaf, 0);
	assert_int_equal(ops[0].vm_leaf, 0);
	assert_host_leaf_plain(HOST_BLK + 300 * SZ_4K);
	nops = 0;
	assert_int_equal(call(HVC_VM_DESTROY, vm, 0, 0, 0, 0), 0);
	assert_int_equal(nops, 1);
	assert_int_equal(ops[0].pa, HOST_PG);
	assert_true(ops[0].zero);
	assert_int_equal(ops[0].host_leaf, 0);
	assert_host_leaf_plain(HOST_PG);
	/* DMA reaches the pages again, with the SPT's own leaf. */
	spt_lock();
	assert_int_equal(spt_leaf(HOST_PG), spt_desc(HOST_PG));
	assert_int_equal(spt_leaf(HOST_BLK + 300 * SZ_4K), spt_desc(HOST_BLK + 300 * SZ_4K));
	spt_unlock();
	world_assert_ok();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_donated_page_cleaned_before_the_vm_has_it, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_executable_leaf_after_icache_invalidation, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_donated_block_cleaned_whole, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_given_back_zeroed_then_cleaned_then_host, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_destroy_cleans_every_page_after_zeroing, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_fwb_donation_not_cleaned, setup_fwb, teardown),
	    cmocka_unit_test_setup_teardown(test_fwb_executable_leaf_after_icache_invalidation,
					    setup_fwb, teardown),
	    cmocka_unit_test_setup_teardown(test_fwb_given_back_zeroed_then_cleaned_then_host,
					    setup_fwb, teardown),
	    cmocka_unit_test_setup_teardown(test_destroy_cleans_every_page_after_zeroing, setup_fwb,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
