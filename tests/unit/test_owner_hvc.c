/* SPDX-License-Identifier: MIT */
/*
 * The ownership rules through the hypercall ABI (revision 1.1), on the
 * owner world (a full host stage-2, records, pools in RAM): each attack
 * the host can make with hypercalls, its answer, and that nothing changed;
 * then four CPUs hammering the same pages. The whole machine is checked
 * after each test (owner_check.h).
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
#include <hypcore/phys.h>

#include "../../arch/host/sim.h"
#include "owner_check.h"
#include "owner_fixture.h"
#include "owner_world.h"

#define RW	 (HVC_PERM_R | HVC_PERM_W)
#define HOST_PG	 0x40300000ULL
#define HOST_BLK 0x40600000ULL
#define IPA	 0x10000ULL

static _Thread_local u64 x1_out; /* x1 of this thread's latest call */

static s64 hvc(u64 id, u64 a1, u64 a2, u64 a3, u64 a4)
{
	struct hvc_regs r = {{id, a1, a2, a3, a4}};
	s64 st = hvc_dispatch(&r);

	x1_out = r.x[1];
	return st;
}

/* SET_NPT of a read-write leaf: output address pa. */
static s64 set(u64 vm, u64 ipa, u64 level, u64 pa)
{
	struct hvc_regs r = {{HVC_SET_NPT, vm, ipa, level, pa, RW}};
	s64 st = hvc_dispatch(&r);

	x1_out = r.x[1];
	return st;
}

static u32 create(u64 flags)
{
	assert_int_equal(hvc(HVC_VM_CREATE, flags, 0, 0, 0), 0);
	return (u32)x1_out;
}

static u64 host_walk(u64 pa)
{
	assert_int_equal(hvc(HVC_WALK, 0, pa, 0, 0), 0);
	return x1_out;
}

/* VM_CREATE takes no flag, SHARED or PROTECTED; both, or anything else, is einval and creates
 * nothing. */
static void test_create_flags(void **state)
{
	(void)state;
	assert_int_equal(
	    hvc(HVC_VM_CREATE, HVC_VM_CREATE_SHARED | HVC_VM_CREATE_PROTECTED, 0, 0, 0),
	    HVC_EINVAL);
	assert_int_equal(hvc(HVC_VM_CREATE, 4, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_VM_CREATE, HVC_VM_CREATE_PROTECTED | (1ULL << 32), 0, 0, 0),
			 HVC_EINVAL);
	assert_int_equal(hvc(HVC_VM_CREATE, 1ULL << 63, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(create(0), 1);
	assert_int_equal(create(HVC_VM_CREATE_SHARED), 2);
	assert_int_equal(create(HVC_VM_CREATE_PROTECTED), 3);
	assert_int_equal(hvc(HVC_REVISION, 0, 0, 0, 0), 0);
}

/* Only a VM created with PROTECTED is protected; the public accessor says so, and nothing else. */
static void test_is_protected(void **state)
{
	u32 priv, shared, prot;

	(void)state;
	priv = create(0);
	shared = create(HVC_VM_CREATE_SHARED);
	prot = create(HVC_VM_CREATE_PROTECTED);
	assert_true(hvc_vm_is_protected(prot));
	assert_false(hvc_vm_is_protected(priv));
	assert_false(hvc_vm_is_protected(shared));
	assert_false(hvc_vm_is_protected(0));
	assert_false(hvc_vm_is_protected(prot + 1)); /* not created */
	assert_false(hvc_vm_is_protected(W_POOL_VMS));
	assert_false(hvc_vm_is_protected(~0U));
	assert_int_equal(hvc(HVC_VM_DESTROY, prot, 0, 0, 0), 0);
	assert_false(hvc_vm_is_protected(prot));
	/* The vmid comes back as whatever the next VM_CREATE asks for. */
	assert_int_equal(create(0), prot);
	assert_false(hvc_vm_is_protected(prot));
}

/* Protected: a second leaf over a mapped page (a swap under the VM) is eexist; nothing moves. */
static void test_protected_no_replace(void **state)
{
	u32 vm;

	(void)state;
	vm = create(HVC_VM_CREATE_PROTECTED);
	assert_int_equal(set(vm, IPA, 3, HOST_PG), 0);
	assert_int_equal(set(vm, SZ_1G, 2, HOST_BLK), 0);
	phys_store(HOST_PG + 8, 0xabcd); /* what the VM wrote */
	hvc(HVC_WALK, vm, IPA, 0, 0);
	u64 page_leaf = x1_out;
	hvc(HVC_WALK, vm, SZ_1G, 0, 0);
	u64 block_leaf = x1_out;
	/* Same level, other pages; same pages; a page inside the block; a block over the page. */
	assert_int_equal(set(vm, IPA, 3, HOST_PG + SZ_4K), HVC_EEXIST);
	assert_int_equal(set(vm, IPA, 3, HOST_PG), HVC_EEXIST);
	assert_int_equal(set(vm, SZ_1G, 2, HOST_BLK + SZ_2M), HVC_EEXIST);
	assert_int_equal(set(vm, SZ_1G + SZ_4K, 3, HOST_PG + SZ_4K), HVC_EEXIST);
	assert_int_equal(set(vm, IPA & ~(SZ_2M - 1), 2, HOST_BLK + SZ_2M), HVC_EEXIST);
	assert_int_equal(hvc(HVC_WALK, vm, IPA, 0, 0), 0);
	assert_int_equal(x1_out, page_leaf);
	assert_int_equal(hvc(HVC_WALK, vm, SZ_1G + SZ_4K, 0, 0), 0);
	assert_int_equal(x1_out, block_leaf);
	assert_int_equal(phys_load(HOST_PG + 8), 0xabcd);
	/* The pages the host offered instead are still the host's, still mapped for it. */
	assert_int_equal(host_walk(HOST_PG + SZ_4K), (HOST_PG + SZ_4K) | W_HOST_ATTRS | 3);
	assert_int_not_equal(host_walk(HOST_BLK + SZ_2M), 0);
	world_assert_ok();
	/* A free ipa still maps. */
	assert_int_equal(set(vm, IPA + SZ_4K, 3, HOST_PG + SZ_4K), 0);
	world_assert_ok();
}

/* Protected: UNMAP is eperm at any ipa; the leaf, the page and its data stay the VM's. */
static void test_protected_no_unmap(void **state)
{
	u32 vm;

	(void)state;
	vm = create(HVC_VM_CREATE_PROTECTED);
	assert_int_equal(set(vm, IPA, 3, HOST_PG), 0);
	assert_int_equal(set(vm, SZ_1G, 2, HOST_BLK), 0);
	phys_store(HOST_PG + 8, 0xabcd);
	phys_store(HOST_BLK + 8, 0xef01);
	assert_int_equal(hvc(HVC_UNMAP, vm, IPA, 0, 0), HVC_EPERM);
	assert_int_equal(hvc(HVC_UNMAP, vm, SZ_1G + SZ_4K, 0, 0), HVC_EPERM);
	assert_int_equal(hvc(HVC_UNMAP, vm, 5 * SZ_1G, 0, 0), HVC_EPERM); /* nothing mapped there */
	/* Argument errors still come first. */
	assert_int_equal(hvc(HVC_UNMAP, vm, IPA + 8, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_WALK, vm, IPA, 0, 0), 0);
	assert_int_not_equal(x1_out, 0);
	assert_int_equal(host_walk(HOST_PG), 0);
	assert_int_equal(host_walk(HOST_BLK), 0);
	assert_int_equal(phys_load(HOST_PG + 8), 0xabcd);
	assert_int_equal(phys_load(HOST_BLK + 8), 0xef01);
	assert_int_equal(hvc(HVC_MEM_LOAD, vm, IPA + 8, 0, 0), HVC_EPERM);
	assert_int_equal(hvc(HVC_MEM_LOAD, 0, HOST_PG + 8, 0, 0), HVC_EFAULT);
	world_assert_ok();
}

/* Protected: the pages come back only at VM_DESTROY, zeroed, into the host's stage-2. */
static void test_protected_destroy_returns(void **state)
{
	u32 vm;

	(void)state;
	vm = create(HVC_VM_CREATE_PROTECTED);
	assert_int_equal(set(vm, IPA, 3, HOST_PG), 0);
	assert_int_equal(set(vm, SZ_1G, 2, HOST_BLK), 0);
	phys_store(HOST_PG + 0xff8, ~0ULL);
	phys_store(HOST_BLK + SZ_2M - 8, ~0ULL);
	assert_int_equal(hvc(HVC_VM_DESTROY, vm, 0, 0, 0), 0);
	assert_int_equal(phys_load(HOST_PG + 0xff8), 0);
	assert_int_equal(phys_load(HOST_BLK + SZ_2M - 8), 0);
	assert_int_equal(host_walk(HOST_PG), HOST_PG | W_HOST_ATTRS | 3);
	assert_int_equal(host_walk(HOST_BLK), HOST_BLK | W_HOST_ATTRS | 1);
	world_assert_ok();
}

/* Private (no flag): replacing a leaf and UNMAP are allowed, pages come back zeroed. */
static void test_private_replace_and_unmap(void **state)
{
	u32 vm;

	(void)state;
	vm = create(0);
	assert_int_equal(set(vm, IPA, 3, HOST_PG), 0);
	phys_store(HOST_PG + 8, 0xabcd);
	assert_int_equal(set(vm, IPA, 3, HOST_PG + SZ_4K), 0);
	assert_int_equal(phys_load(HOST_PG + 8), 0);
	assert_int_equal(host_walk(HOST_PG), HOST_PG | W_HOST_ATTRS | 3);
	assert_int_equal(hvc(HVC_UNMAP, vm, IPA, 0, 0), 0);
	assert_int_equal(host_walk(HOST_PG + SZ_4K), (HOST_PG + SZ_4K) | W_HOST_ATTRS | 3);
	world_assert_ok();
}

/* Donated: gone from the host's stage-2, unreachable through MEM_*, zeroed on unmap. */
static void test_donate_hides_page(void **state)
{
	u32 vm;

	(void)state;
	vm = create(0);
	phys_store(HOST_PG + 8, 0x1234);
	assert_int_equal(set(vm, IPA, 3, HOST_PG), 0);
	assert_int_equal(host_walk(HOST_PG), 0);
	assert_int_equal(hvc(HVC_MEM_LOAD, vm, IPA + 8, 0, 0), HVC_EPERM);
	assert_int_equal(hvc(HVC_MEM_STORE, vm, IPA + 8, 5, 0), HVC_EPERM);
	assert_int_equal(phys_load(HOST_PG + 8), 0x1234);
	/* The host's own view: unmapped now. */
	assert_int_equal(hvc(HVC_MEM_LOAD, 0, HOST_PG + 8, 0, 0), HVC_EFAULT);
	world_assert_ok();
	assert_int_equal(hvc(HVC_UNMAP, vm, IPA, 0, 0), 0);
	assert_int_equal(host_walk(HOST_PG), HOST_PG | W_HOST_ATTRS | 3);
	assert_int_equal(hvc(HVC_MEM_LOAD, 0, HOST_PG + 8, 0, 0), 0);
	assert_int_equal(x1_out, 0);
	world_assert_ok();
}

/* Shared VM: the host keeps the page and reaches it both ways. */
static void test_shared_vm(void **state)
{
	u32 vm;

	(void)state;
	vm = create(HVC_VM_CREATE_SHARED);
	assert_int_equal(set(vm, IPA, 3, HOST_PG), 0);
	assert_int_equal(set(vm, IPA + SZ_4K, 3, HOST_PG), 0);
	assert_int_equal(hvc(HVC_MEM_STORE, vm, IPA + 16, 77, 0), 0);
	assert_int_equal(hvc(HVC_MEM_LOAD, vm, IPA + SZ_4K + 16, 0, 0), 0);
	assert_int_equal(x1_out, 77);
	assert_int_equal(host_walk(HOST_PG), HOST_PG | W_HOST_ATTRS | 3);
	world_assert_ok();
	/* A private VM cannot take a page that is shared. */
	assert_int_equal(set(create(0), IPA, 3, HOST_PG), HVC_EPERM);
	assert_int_equal(hvc(HVC_VM_DESTROY, vm, 0, 0, 0), 0);
	assert_int_equal(phys_load(HOST_PG + 16), 77); /* shared data is the host's */
	world_assert_ok();
}

/* Attacks by hypercall: core pages, outside RAM, twice, another VM's page: eperm, no change. */
static void test_attacks_eperm(void **state)
{
	u32 a, b;
	u64 pmd_before;

	(void)state;
	a = create(0);
	b = create(HVC_VM_CREATE_SHARED);
	assert_int_equal(set(a, IPA, 3, HOST_PG), 0);
	assert_int_equal(hvc(HVC_POOL_USAGE, 0, HVC_AREA_PMD, 0, 0), 0);
	pmd_before = x1_out;
	const u64 bad[] = {W_IMAGE_START,
			   W_IMAGE_END - SZ_4K,
			   W_POOL_BASE,
			   W_POOL_END - SZ_4K,
			   W_POOL_BASE + SZ_2M /* vm 1's root */,
			   W_RAM_END,
			   0x09000000,
			   HOST_PG};
	for (u32 i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(set(a, IPA + SZ_4K, 3, bad[i]), HVC_EPERM);
		assert_int_equal(set(b, IPA + SZ_4K, 3, bad[i]), HVC_EPERM);
	}
	/* Blocks: over the image, over a region one page of which is donated. */
	assert_int_equal(set(b, SZ_2M, 2, W_IMAGE_START & ~(SZ_2M - 1)), HVC_EPERM);
	assert_int_equal(set(b, SZ_2M, 2, HOST_PG & ~(SZ_2M - 1)), HVC_EPERM);
	assert_int_equal(set(a, SZ_2M, 2, W_POOL_BASE), HVC_EPERM);
	/* The same page again at the same IPA (a replace) is a second donation too. */
	assert_int_equal(set(a, IPA, 3, HOST_PG), HVC_EPERM);
	assert_int_equal(hvc(HVC_WALK, a, IPA + SZ_4K, 0, 0), 0);
	assert_int_equal(x1_out, 0);
	assert_int_equal(hvc(HVC_WALK, b, SZ_2M, 0, 0), 0);
	assert_int_equal(x1_out, 0);
	assert_int_equal(hvc(HVC_POOL_USAGE, 0, HVC_AREA_PMD, 0, 0), 0);
	assert_int_equal(x1_out, pmd_before);
	world_assert_ok();
}

/* Destroy: every donated page zeroed and back in the host's stage-2, usable again. */
static void test_destroy_returns(void **state)
{
	u32 vm;

	(void)state;
	vm = create(0);
	assert_int_equal(set(vm, IPA, 3, HOST_PG), 0);
	assert_int_equal(set(vm, SZ_1G, 2, HOST_BLK), 0);
	phys_store(HOST_PG + 0xff8, ~0ULL); /* what the VM would have written */
	phys_store(HOST_BLK + SZ_2M - 8, ~0ULL);
	assert_int_equal(hvc(HVC_VM_DESTROY, vm, 0, 0, 0), 0);
	assert_int_equal(phys_load(HOST_PG + 0xff8), 0);
	assert_int_equal(phys_load(HOST_BLK + SZ_2M - 8), 0);
	assert_int_equal(host_walk(HOST_BLK), HOST_BLK | W_HOST_ATTRS | 1);
	world_assert_ok();
	vm = create(0);
	assert_int_equal(set(vm, IPA, 3, HOST_PG), 0);
	assert_int_equal(set(vm, SZ_1G, 2, HOST_BLK), 0);
	world_assert_ok();
}

#define CPUS   4
#define ROUNDS 400
#define NPAGES 16

struct cpu_arg {
	u32 cpu;
	u32 vm;
	u64 bad; /* answers outside what the rules allow */
};

/* Each CPU's VM races the others for the same NPAGES pages; eperm is the only allowed refusal. */
static void *hammer(void *p)
{
	struct cpu_arg *a = p;
	u64 seed = a->cpu * 2654435761ULL + 1;

	sim_cpu_set(a->cpu);
	for (u32 i = 0; i < ROUNDS; i++) {
		u64 page = HOST_BLK + ((seed >> 33) % NPAGES) * SZ_4K;
		u64 ipa = IPA + ((seed >> 40) % 4) * SZ_4K;
		s64 st;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		switch ((seed >> 20) % 4) {
		case 0:
		case 1:
			st = set(a->vm, ipa, 3, page);
			a->bad += st != 0 && st != HVC_EPERM;
			break;
		case 2:
			a->bad += hvc(HVC_UNMAP, a->vm, ipa, 0, 0) != 0;
			break;
		default:
			st = hvc(HVC_MEM_LOAD, a->vm, ipa, 0, 0);
			a->bad += st != HVC_EPERM && st != HVC_EFAULT;
			break;
		}
	}
	return NULL;
}

/* Four CPUs donating and returning the same pages: the books balance at the end. */
static void test_hammer_4_cpus(void **state)
{
	struct cpu_arg args[CPUS];
	pthread_t t[CPUS];

	(void)state;
	for (u32 c = 0; c < CPUS; c++) {
		args[c] = (struct cpu_arg){c, create(0), 0};
	}
	for (u32 c = 0; c < CPUS; c++)
		assert_int_equal(pthread_create(&t[c], NULL, hammer, &args[c]), 0);
	for (u32 c = 0; c < CPUS; c++) {
		pthread_join(t[c], NULL);
		assert_int_equal(args[c].bad, 0);
	}
	sim_cpu_set(0);
	world_assert_ok();
	for (u32 c = 0; c < CPUS; c++)
		assert_int_equal(hvc(HVC_VM_DESTROY, args[c].vm, 0, 0, 0), 0);
	world_assert_ok();
	for (u64 off = 0; off < NPAGES * SZ_4K; off += SZ_4K)
		assert_int_equal(host_walk(HOST_BLK + off), (HOST_BLK + off) | W_HOST_ATTRS | 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_create_flags, world_setup),
	    cmocka_unit_test_setup(test_is_protected, world_setup),
	    cmocka_unit_test_setup(test_protected_no_replace, world_setup),
	    cmocka_unit_test_setup(test_protected_no_unmap, world_setup),
	    cmocka_unit_test_setup(test_protected_destroy_returns, world_setup),
	    cmocka_unit_test_setup(test_private_replace_and_unmap, world_setup),
	    cmocka_unit_test_setup(test_donate_hides_page, world_setup),
	    cmocka_unit_test_setup(test_shared_vm, world_setup),
	    cmocka_unit_test_setup(test_attacks_eperm, world_setup),
	    cmocka_unit_test_setup(test_destroy_returns, world_setup),
	    cmocka_unit_test_setup(test_hammer_4_cpus, world_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
