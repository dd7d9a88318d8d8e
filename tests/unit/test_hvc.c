/* SPDX-License-Identifier: MIT */
/*
 * The hypercall dispatcher, driven as the host would drive it: registers
 * in, registers out. Every id, every error code, argument checks, VM
 * create / destroy cycles, and that destroy leaves a clean pool. The core
 * runs over simulated memory with the spec's geometry.
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

#include "../../arch/host/sim.h"
#include "hvc_fixture.h"

#define POOL_SIZE (32ULL << 20)
#define POOL_BASE 0x10000ULL
#define NR_VMS	  16
#define RW	  (HVC_PERM_R | HVC_PERM_W)
#define PAGE(pa)  npt_leaf_desc(pa, 3, RW) /* what SET_NPT(pa, RW) writes at level 3 */
#define BLOCK(pa) npt_leaf_desc(pa, 2, RW) /* and at level 2 */
#define DATA	  SIM_DATA_START	   /* RAM that mem_load / mem_store may reach */
#define IPA_LIMIT (1ULL << 48)
#define GARBAGE	  0x5a5a5a5a5a5a5a5aULL

static struct hvc_regs last; /* registers after the latest call */

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

/* No call may leave a VM's lock held: taking each one again must work. */
static void assert_no_lock_held(void)
{
	for (u32 v = 0; v < NR_VMS; v++) {
		npt_lock(v);
		npt_unlock(v);
	}
}

/*
 * Make one hypercall with x1..x5 as given and garbage elsewhere. Checks
 * what holds for every call: x4..x17 are preserved, a failed call returns
 * zeroes in x1..x3, and no lock stays held. Returns x0 as a status.
 */
static s64 hvc5(u64 id, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct hvc_regs r;
	s64 status;

	for (u32 i = 0; i < HVC_NR_REGS; i++)
		r.x[i] = GARBAGE + i;
	r.x[0] = id;
	r.x[1] = a1;
	r.x[2] = a2;
	r.x[3] = a3;
	r.x[4] = a4;
	r.x[5] = a5;
	status = hvc_dispatch(&r);
	assert_int_equal(a4, r.x[4]);
	assert_int_equal(a5, r.x[5]);
	for (u32 i = 6; i < HVC_NR_REGS; i++)
		assert_int_equal(r.x[i], GARBAGE + i);
	if (status != 0) {
		assert_int_equal((s64)r.x[0], status);
		assert_int_equal(r.x[1], 0);
		assert_int_equal(r.x[2], 0);
		assert_int_equal(r.x[3], 0);
	}
	assert_no_lock_held();
	last = r;
	return status;
}

/* A call with x1..x4 only (x5 keeps its garbage). */
static s64 hvc(u64 id, u64 a1, u64 a2, u64 a3, u64 a4)
{
	return hvc5(id, a1, a2, a3, a4, GARBAGE + 5);
}

/* SET_NPT: vmid, ipa, level, output address, HVC_PERM_* bits. */
static s64 set(u64 vmid, u64 ipa, u64 level, u64 pa, u64 perms)
{
	return hvc5(HVC_SET_NPT, vmid, ipa, level, pa, perms);
}

static u32 create_vm(void)
{
	assert_int_equal(hvc(HVC_VM_CREATE, HVC_VM_CREATE_SHARED, 0, 0, 0), 0);
	return (u32)last.x[1];
}

static u64 walk(u32 vmid, u64 ipa)
{
	assert_int_equal(hvc(HVC_WALK, vmid, ipa, 0, 0), 0);
	return last.x[1];
}

static u64 level_of(u32 vmid, u64 ipa)
{
	assert_int_equal(hvc(HVC_LEVEL, vmid, ipa, 0, 0), 0);
	return last.x[1];
}

/* Pages used in one pool area. */
static u64 used(u32 vmid, u32 area)
{
	assert_int_equal(hvc(HVC_POOL_USAGE, vmid, area, 0, 0), 0);
	return last.x[1];
}

static u64 pool_start(u32 vmid)
{
	return POOL_BASE + vmid * POOL_SIZE;
}

/* Every backed word of the VM's whole pool (all four areas) is zero. */
static void assert_pool_zero(u32 vmid)
{
	for (u64 pa = pool_start(vmid); pa < pool_start(vmid) + POOL_SIZE; pa += SZ_4K) {
		const u64 *page = sim_mem_page(pa);

		for (u32 i = 0; page && i < 512; i++)
			assert_int_equal(page[i], 0);
	}
}

static void assert_pool_unused(u32 vmid)
{
	assert_int_equal(used(vmid, HVC_AREA_PGD), 0);
	assert_int_equal(used(vmid, HVC_AREA_PUD), 0);
	assert_int_equal(used(vmid, HVC_AREA_PMD), 0);
}

/* Call UID answers our UUID in w0..w3, in both conventions. */
static void test_call_uid(void **state)
{
	const u64 ids[] = {HVC_CALL_UID, HVC_CALL_UID_64};

	(void)state;
	assert_int_equal(HVC_CALL_UID, 0x8600ff01);
	for (u32 i = 0; i < ARRAY_SIZE(ids); i++) {
		assert_int_equal(hvc(ids[i], 1, 2, 3, 4), 0);
		assert_int_equal(last.x[0], 0x780a780a);
		assert_int_equal(last.x[1], 0xc74e8d33);
		assert_int_equal(last.x[2], 0xbc23dcb5);
		assert_int_equal(last.x[3], 0x149e941b);
	}
}

/* Revision answers major in w0 and minor in w1, in both conventions. */
static void test_revision(void **state)
{
	const u64 ids[] = {HVC_REVISION, HVC_REVISION_64};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(ids); i++) {
		assert_int_equal(hvc(ids[i], 1, 2, 3, 4), 0);
		assert_int_equal(last.x[0], HVC_REVISION_MAJOR);
		assert_int_equal(last.x[1], HVC_REVISION_MINOR);
		assert_int_equal(last.x[2], 0);
		assert_int_equal(last.x[3], 0);
	}
}

/* Unknown ids answer NOT_SUPPORTED (all ones), zero x1..x3 and change nothing. */
static void test_unknown_ids(void **state)
{
	const u64 ids[] = {
	    0,				       /* nothing at all */
	    HVC_ID(0),			       /* function 0 is not assigned */
	    HVC_ID(HVC_FN_COUNT),	       /* one past the table */
	    HVC_ID(0xfffe),		       /* far past the table */
	    HVC_ID(0xff00),		       /* Call Count: not implemented */
	    HVC_ID(0xff02),		       /* reserved query */
	    HVC_ID32(HVC_FN_VM_CREATE),	       /* our calls exist only as SMC64 */
	    HVC_VM_CREATE & ~HVC_ID_FAST_CALL, /* yielding call */
	    HVC_VM_CREATE | 0x00010000,	       /* bits [23:16] must be zero */
	    0xc5000001,			       /* another owner (standard hypervisor) */
	    0x84000000,			       /* PSCI_VERSION: not the dispatcher's */
	    0x80000000,			       /* SMCCC_VERSION: not the dispatcher's */
	};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(ids); i++) {
		assert_int_equal(hvc(ids[i], 1, 2, 3, 4), HVC_NOT_SUPPORTED);
		assert_int_equal(last.x[0], ~0ULL);
	}
	assert_int_equal(create_vm(), 1); /* none of them created a VM */
}

/* DMA_EVENTS without an SMMU in use: success, nothing seen, arguments ignored. */
static void test_dma_events_without_smmu(void **state)
{
	(void)state;
	assert_int_equal(hvc(HVC_DMA_EVENTS, 1, 2, 3, 4), 0);
	assert_int_equal(last.x[1], 0);
	assert_int_equal(last.x[2], 0);
	assert_int_equal(last.x[3], 0);
	/* SMC64 only, like every call of ours. */
	assert_int_equal(hvc(HVC_ID32(HVC_FN_DMA_EVENTS), 0, 0, 0, 0), HVC_NOT_SUPPORTED);
}

/* The id is w0: the upper half of x0 is ignored, as SMCCC says. */
static void test_id_upper_half_ignored(void **state)
{
	(void)state;
	assert_int_equal(hvc(0xdeadbeef00000000ULL | HVC_VM_CREATE, 0, 0, 0, 0), 0);
	assert_int_equal(last.x[1], 1);
}

/* VM create hands out the lowest free vmid >= 1 and reuses freed ones. */
static void test_vm_create_lowest_free(void **state)
{
	(void)state;
	assert_int_equal(create_vm(), 1);
	assert_int_equal(create_vm(), 2);
	assert_int_equal(create_vm(), 3);
	assert_int_equal(hvc(HVC_VM_DESTROY, 2, 0, 0, 0), 0);
	assert_int_equal(create_vm(), 2);
	assert_int_equal(create_vm(), 4);
}

/* Once vmids 1..15 are taken, create fails with enomem and changes nothing. */
static void test_vm_create_exhausted(void **state)
{
	(void)state;
	for (u32 v = 1; v < NR_VMS; v++)
		assert_int_equal(create_vm(), v);
	assert_int_equal(hvc(HVC_VM_CREATE, 0, 0, 0, 0), HVC_ENOMEM);
	assert_int_equal(hvc(HVC_VM_DESTROY, 9, 0, 0, 0), 0);
	assert_int_equal(create_vm(), 9);
	assert_int_equal(hvc(HVC_VM_CREATE, 0, 0, 0, 0), HVC_ENOMEM);
}

/* Destroy refuses the host, out-of-range vmids, free vmids and a second destroy. */
static void test_vm_destroy_errors(void **state)
{
	(void)state;
	assert_int_equal(hvc(HVC_VM_DESTROY, 0, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_VM_DESTROY, NR_VMS, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_VM_DESTROY, ~0ULL, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_VM_DESTROY, 1, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(create_vm(), 1);
	assert_int_equal(hvc(HVC_VM_DESTROY, (1ULL << 32) | 1, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_VM_DESTROY, 1, 0, 0, 0), 0);
	assert_int_equal(hvc(HVC_VM_DESTROY, 1, 0, 0, 0), HVC_EINVAL);
}

/* Map at both levels, destroy: the whole pool is zero and unused again. */
static void test_vm_destroy_resets_pool(void **state)
{
	u32 vm;

	(void)state;
	vm = create_vm();
	assert_int_equal(set(vm, 0x1000, 3, DATA, RW), 0);
	assert_int_equal(set(vm, 0x40000000, 2, DATA, RW), 0);
	assert_int_equal(set(vm, 1ULL << 40, 3, DATA, RW), 0);
	assert_int_equal(used(vm, HVC_AREA_PGD), 2);
	assert_int_equal(used(vm, HVC_AREA_PUD), 3);
	assert_int_equal(used(vm, HVC_AREA_PMD), 2);
	assert_int_equal(hvc(HVC_VM_DESTROY, vm, 0, 0, 0), 0);
	assert_pool_zero(vm);
	assert_int_equal(create_vm(), vm);
	assert_pool_unused(vm);
	assert_int_equal(walk(vm, 0x1000), 0);
	assert_int_equal(walk(vm, 0x40000000), 0);
	assert_int_equal(walk(vm, 1ULL << 40), 0);
}

/* Every call on a destroyed (or never created) VM fails with einval. */
static void test_calls_on_free_vm(void **state)
{
	u32 free_vms[2];

	(void)state;
	free_vms[0] = create_vm();
	free_vms[1] = NR_VMS - 1;
	assert_int_equal(set(free_vms[0], 0x1000, 3, DATA, RW), 0);
	assert_int_equal(hvc(HVC_VM_DESTROY, free_vms[0], 0, 0, 0), 0);
	for (u32 i = 0; i < ARRAY_SIZE(free_vms); i++) {
		u32 v = free_vms[i];

		assert_int_equal(set(v, 0x2000, 3, DATA, RW), HVC_EINVAL);
		assert_int_equal(hvc(HVC_UNMAP, v, 0x1000, 0, 0), HVC_EINVAL);
		assert_int_equal(hvc(HVC_WALK, v, 0x1000, 0, 0), HVC_EINVAL);
		assert_int_equal(hvc(HVC_LEVEL, v, 0x1000, 0, 0), HVC_EINVAL);
		assert_int_equal(hvc(HVC_MEM_LOAD, v, 0x1000, 0, 0), HVC_EINVAL);
		assert_int_equal(hvc(HVC_MEM_STORE, v, 0x1000, 7, 0), HVC_EINVAL);
		assert_int_equal(hvc(HVC_POOL_USAGE, v, HVC_AREA_PGD, 0, 0), HVC_EINVAL);
		assert_pool_zero(v);
	}
}

/* Every vmid can be created, used, destroyed and reused with a clean pool, three times over. */
static void test_vm_cycles(void **state)
{
	(void)state;
	for (u32 round = 0; round < 3; round++) {
		for (u32 v = 1; v < NR_VMS; v++) {
			assert_int_equal(create_vm(), v);
			assert_pool_unused(v);
			assert_int_equal(walk(v, 0x1000), 0);
			assert_int_equal(set(v, 0x1000, 3, DATA + v * SZ_4K, RW), 0);
			assert_int_equal(hvc(HVC_MEM_STORE, v, 0x1008, round * 100 + v, 0), 0);
		}
		for (u32 v = 1; v < NR_VMS; v++) {
			assert_int_equal(hvc(HVC_MEM_LOAD, v, 0x1008, 0, 0), 0);
			assert_int_equal(last.x[1], round * 100 + v);
			assert_int_equal(hvc(HVC_VM_DESTROY, v, 0, 0, 0), 0);
			assert_pool_zero(v);
		}
	}
}

/* A level-3 page maps exactly one page: walk and level see it, neighbours do not. */
static void test_set_npt_page(void **state)
{
	u32 vm;

	(void)state;
	vm = create_vm();
	assert_int_equal(set(vm, 0x5000, 3, DATA + 0x3000, RW), 0);
	assert_int_equal(last.x[1], 0);
	assert_int_equal(walk(vm, 0x5000), PAGE(DATA + 0x3000));
	assert_int_equal(walk(vm, 0x5ff8), PAGE(DATA + 0x3000));
	assert_int_equal(level_of(vm, 0x5123), 3);
	assert_int_equal(walk(vm, 0x4000), 0);
	assert_int_equal(level_of(vm, 0x6000), 0);
	/* Replacing a leaf of the same level is allowed. */
	assert_int_equal(set(vm, 0x5000, 3, DATA + 0x4000, RW), 0);
	assert_int_equal(walk(vm, 0x5000), PAGE(DATA + 0x4000));
}

/* A level-2 block maps all 512 pages of its 2 MiB region with the same entry. */
static void test_set_npt_block(void **state)
{
	u32 vm;

	(void)state;
	vm = create_vm();
	assert_int_equal(set(vm, 0x600000, 2, DATA + SZ_2M, RW), 0);
	for (u64 ipa = 0x600000; ipa < 0x800000; ipa += SZ_4K) {
		assert_int_equal(walk(vm, ipa), BLOCK(DATA + SZ_2M));
		assert_int_equal(level_of(vm, ipa), 2);
	}
	assert_int_equal(walk(vm, 0x5ff000), 0);
	assert_int_equal(walk(vm, 0x800000), 0);
	assert_int_equal(used(vm, HVC_AREA_PMD), 0);
}

/* Malformed set_npt arguments fail and write nothing at all. */
static void test_set_npt_bad_args(void **state)
{
	const struct {
		u64 vmid, ipa, level, pa, perms;
		s64 err;
	} bad[] = {
	    {0, 0x1000, 3, DATA, RW, HVC_EPERM},		 /* the host's stage-2 */
	    {NR_VMS, 0x1000, 3, DATA, RW, HVC_EINVAL},		 /* vmid out of range */
	    {(1ULL << 32) | 1, 0x1000, 3, DATA, RW, HVC_EINVAL}, /* not vmid 1 */
	    {2, 0x1000, 3, DATA, RW, HVC_EINVAL},		 /* not created */
	    {1, 0x1000, 0, DATA, RW, HVC_EINVAL},		 /* levels 0, 1, 4 */
	    {1, 0x1000, 1, DATA, RW, HVC_EINVAL},
	    {1, 0x1000, 4, DATA, RW, HVC_EINVAL},
	    {1, 0x1000, (1ULL << 32) | 3, DATA, RW, HVC_EINVAL}, /* not level 3 */
	    {1, IPA_LIMIT, 3, DATA, RW, HVC_EINVAL},		 /* ipa too large */
	    {1, ~0ULL << 12, 3, DATA, RW, HVC_EINVAL},
	    {1, 0x1008, 3, DATA, RW, HVC_EINVAL},	      /* page misaligned */
	    {1, 0x201000, 2, DATA, RW, HVC_EINVAL},	      /* block misaligned */
	    {1, 0x1000, 3, 0, RW, HVC_EINVAL},		      /* output address 0 */
	    {1, 0x1000, 3, IPA_LIMIT, RW, HVC_EINVAL},	      /* output >= 2^48 */
	    {1, 0x1000, 3, IPA_LIMIT | DATA, RW, HVC_EINVAL}, /* not DATA */
	    {1, 0x1000, 3, ~0ULL << 12, RW, HVC_EINVAL},
	    {1, 0x1000, 3, DATA + 0x800, RW, HVC_EINVAL}, /* output misaligned */
	    {1, 0x1000, 3, DATA + 8, RW, HVC_EINVAL},
	    {1, 0x200000, 2, DATA + SZ_4K, RW, HVC_EINVAL},	/* block output misaligned */
	    {1, 0x1000, 3, DATA, 0, HVC_EINVAL},		/* no permission */
	    {1, 0x1000, 3, DATA, HVC_PERM_ALL + 1, HVC_EINVAL}, /* unknown bits */
	    {1, 0x1000, 3, DATA, RW | (1ULL << 32), HVC_EINVAL},
	    {1, 0x1000, 3, DATA, ~0ULL, HVC_EINVAL},
	    {1, 0x1000, 3, DATA + 3, RW, HVC_EINVAL},		      /* descriptor-shaped */
	    {1, 0x1000, 3, PAGE(DATA) & ~NPT_PTE_XN, RW, HVC_EINVAL}, /* a whole descriptor */
	};

	(void)state;
	assert_int_equal(create_vm(), 1);
	for (u32 i = 0; i < ARRAY_SIZE(bad); i++) {
		s64 got = set(bad[i].vmid, bad[i].ipa, bad[i].level, bad[i].pa, bad[i].perms);

		if (got != bad[i].err)
			fail_msg("case %u: expected %lld, got %lld", i, (long long)bad[i].err,
				 (long long)got);
	}
	assert_pool_unused(1);
	assert_pool_zero(0);
	assert_pool_zero(1);
	assert_pool_zero(2);
}

/* Each permission set becomes its S2AP and XN bits; the rest of the leaf is always the same. */
static void test_set_npt_perms(void **state)
{
	u32 vm;

	(void)state;
	vm = create_vm();
	for (u64 perms = 1; perms <= HVC_PERM_ALL; perms++) {
		u64 ipa = perms * SZ_4K, pte;

		assert_int_equal(set(vm, ipa, 3, DATA + ipa, perms), 0);
		pte = walk(vm, ipa);
		assert_int_equal(phys_page(pte), DATA + ipa);
		assert_int_equal(!!(pte & NPT_PTE_S2AP_R), !!(perms & HVC_PERM_R));
		assert_int_equal(!!(pte & NPT_PTE_S2AP_W), !!(perms & HVC_PERM_W));
		assert_int_equal(pte & NPT_PTE_XN_MASK, perms & HVC_PERM_X ? 0 : NPT_PTE_XN);
		assert_int_equal(pte & NPT_PTE_MEMATTR_MASK, NPT_PTE_MEMATTR_NORMAL_WB);
		assert_int_equal(pte & (NPT_PTE_SH_INNER | NPT_PTE_AF),
				 NPT_PTE_SH_INNER | NPT_PTE_AF);
	}
	assert_int_equal(set(vm, SZ_2M, 2, DATA + SZ_2M, HVC_PERM_R | HVC_PERM_X), 0);
	assert_int_equal(walk(vm, SZ_2M), npt_leaf_desc(DATA + SZ_2M, 2, NPT_PERM_R | NPT_PERM_X));
}

/* A page inside a block, or a block over pages, is eexist; both mappings stay. */
static void test_set_npt_conflicts(void **state)
{
	u32 vm;

	(void)state;
	vm = create_vm();
	assert_int_equal(set(vm, 0x200000, 2, DATA, RW), 0);
	assert_int_equal(set(vm, 0x203000, 3, DATA, RW), HVC_EEXIST);
	assert_int_equal(set(vm, 0x401000, 3, DATA, RW), 0);
	assert_int_equal(set(vm, 0x400000, 2, DATA, RW), HVC_EEXIST);
	assert_int_equal(walk(vm, 0x203000), BLOCK(DATA));
	assert_int_equal(walk(vm, 0x401000), PAGE(DATA));
	assert_int_equal(walk(vm, 0x400000), 0);
	assert_int_equal(used(vm, HVC_AREA_PMD), 1);
}

/* When the pgd area (256 level-1 tables) is full, set_npt is enomem and changes nothing. */
static void test_set_npt_pool_full(void **state)
{
	u32 vm;

	(void)state;
	vm = create_vm();
	/* Each level-0 index needs its own level-1 table. */
	for (u64 i = 0; i < 256; i++)
		assert_int_equal(set(vm, i << 39, 2, DATA, RW), 0);
	assert_int_equal(used(vm, HVC_AREA_PGD), 256);
	assert_int_equal(set(vm, 256ULL << 39, 2, DATA, RW), HVC_ENOMEM);
	assert_int_equal(set(vm, 300ULL << 39, 3, DATA, RW), HVC_ENOMEM);
	assert_int_equal(used(vm, HVC_AREA_PGD), 256);
	assert_int_equal(used(vm, HVC_AREA_PUD), 256);
	assert_int_equal(used(vm, HVC_AREA_PMD), 0);
	assert_int_equal(walk(vm, 256ULL << 39), 0);
	/* Space under an existing level-1 table still maps. */
	assert_int_equal(set(vm, (5ULL << 39) | SZ_1G, 2, DATA, RW), 0);
}

/* Unmap clears one page, or a whole block from any page inside it; nothing mapped is fine. */
static void test_unmap(void **state)
{
	u32 vm;

	(void)state;
	vm = create_vm();
	assert_int_equal(set(vm, 0x1000, 3, DATA, RW), 0);
	assert_int_equal(set(vm, 0x2000, 3, DATA, RW), 0);
	assert_int_equal(set(vm, 0x400000, 2, DATA, RW), 0);
	assert_int_equal(hvc(HVC_UNMAP, vm, 0x1000, 0, 0), 0);
	assert_int_equal(walk(vm, 0x1000), 0);
	assert_int_equal(walk(vm, 0x2000), PAGE(DATA));
	assert_int_equal(hvc(HVC_UNMAP, vm, 0x5ff000, 0, 0), 0);
	assert_int_equal(walk(vm, 0x400000), 0);
	assert_int_equal(level_of(vm, 0x5ff000), 0);
	assert_int_equal(hvc(HVC_UNMAP, vm, 0x1000, 0, 0), 0);
	assert_int_equal(hvc(HVC_UNMAP, vm, 0xfffffffff000ULL, 0, 0), 0);
}

/* Unmap refuses the host's stage-2, bad vmids, and bad or misaligned addresses. */
static void test_unmap_bad_args(void **state)
{
	u32 vm;

	(void)state;
	vm = create_vm();
	assert_int_equal(set(vm, 0x1000, 3, DATA, RW), 0);
	assert_int_equal(hvc(HVC_UNMAP, 0, 0x1000, 0, 0), HVC_EPERM);
	assert_int_equal(hvc(HVC_UNMAP, NR_VMS, 0x1000, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_UNMAP, (1ULL << 32) | vm, 0x1000, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_UNMAP, vm + 1, 0x1000, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_UNMAP, vm, 0x1008, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_UNMAP, vm, IPA_LIMIT | 0x1000, 0, 0), HVC_EINVAL);
	assert_int_equal(walk(vm, 0x1000), PAGE(DATA));
}

/* Walk and level read any address of a created VM, the host's included; bad ones are einval. */
static void test_walk_level_args(void **state)
{
	(void)state;
	assert_int_equal(walk(0, 0x1000), 0); /* nothing built the host's stage-2 here */
	assert_int_equal(level_of(0, IPA_LIMIT - 1), 0);
	assert_int_equal(hvc(HVC_WALK, 0, IPA_LIMIT, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_LEVEL, 0, IPA_LIMIT, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_WALK, NR_VMS, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_LEVEL, NR_VMS, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_WALK, 1ULL << 32, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_LEVEL, 1ULL << 32, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_WALK, 1, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_LEVEL, 1, 0, 0, 0), HVC_EINVAL);
}

/* A store through a VM's tables lands at the translated address and a load reads it back. */
static void test_mem_load_store(void **state)
{
	u32 vm;

	(void)state;
	vm = create_vm();
	assert_int_equal(set(vm, 0x7000, 3, DATA + 0x9000, RW), 0);
	assert_int_equal(set(vm, 0x800000, 2, DATA + SZ_2M, RW), 0);
	assert_int_equal(hvc(HVC_MEM_STORE, vm, 0x7010, 0x1122334455667788ULL, 0), 0);
	assert_int_equal(last.x[1], 0);
	assert_int_equal(sim_mem_page(DATA + 0x9000)[2], 0x1122334455667788ULL);
	assert_int_equal(hvc(HVC_MEM_LOAD, vm, 0x7010, 0, 0), 0);
	assert_int_equal(last.x[1], 0x1122334455667788ULL);
	assert_int_equal(hvc(HVC_MEM_STORE, vm, 0x9ffff8, ~0ULL, 0), 0);
	assert_int_equal(sim_mem_page(DATA + SZ_2M + 0x1ff000)[511], ~0ULL);
	assert_int_equal(hvc(HVC_MEM_LOAD, vm, 0x9ffff8, 0, 0), 0);
	assert_int_equal(last.x[1], ~0ULL);
}

/* Load and store errors: unmapped, misaligned, out of range, vmid 0 store, S2AP, not RAM. */
static void test_mem_errors(void **state)
{
	u32 vm;

	(void)state;
	vm = create_vm();
	assert_int_equal(set(vm, 0x1000, 3, DATA, HVC_PERM_R), 0);
	assert_int_equal(set(vm, 0x2000, 3, DATA, HVC_PERM_W), 0);
	/* Outside RAM cannot be mapped at all (ownership, ABI 1.1): 0x3000 stays unmapped. */
	assert_int_equal(set(vm, 0x3000, 3, SIM_DATA_END, RW), HVC_EPERM);
	assert_int_equal(hvc(HVC_MEM_LOAD, vm, 0x5000, 0, 0), HVC_EFAULT);
	assert_int_equal(hvc(HVC_MEM_STORE, vm, 0x5000, 1, 0), HVC_EFAULT);
	assert_int_equal(hvc(HVC_MEM_LOAD, vm, 0x3000, 0, 0), HVC_EFAULT);
	assert_int_equal(hvc(HVC_MEM_STORE, vm, 0x3000, 1, 0), HVC_EFAULT);
	assert_int_equal(hvc(HVC_MEM_STORE, vm, 0x1000, 1, 0), HVC_EPERM);
	assert_int_equal(hvc(HVC_MEM_LOAD, vm, 0x2000, 0, 0), HVC_EPERM);
	assert_int_equal(hvc(HVC_MEM_LOAD, vm, 0x1004, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_MEM_STORE, vm, 0x2004, 1, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_MEM_LOAD, vm, IPA_LIMIT, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_MEM_STORE, vm, IPA_LIMIT, 1, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_MEM_LOAD, NR_VMS, 0x1000, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_MEM_STORE, (1ULL << 32) | vm, 0x2000, 1, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_MEM_STORE, 0, 0x2000, 1, 0), HVC_EPERM);
	assert_int_equal(hvc(HVC_MEM_LOAD, 0, 0x2000, 0, 0), HVC_EFAULT); /* allowed, unmapped */
	assert_null(sim_mem_page(DATA));
}

/* Pool usage gives pages used, pages total and the start of each area, at the spec's offsets. */
static void test_pool_usage(void **state)
{
	const u64 offset[] = {0, 4096, 1052672, 9441280};
	const u64 total[] = {1, 256, 2048, 5887};
	u32 vm;

	(void)state;
	vm = create_vm();
	for (u32 area = HVC_AREA_ROOT; area <= HVC_AREA_PMD; area++) {
		for (u32 v = 0; v <= vm; v++) {
			assert_int_equal(hvc(HVC_POOL_USAGE, v, area, 0, 0), 0);
			assert_int_equal(last.x[1], area == HVC_AREA_ROOT ? 1 : 0);
			assert_int_equal(last.x[2], total[area]);
			assert_int_equal(last.x[3], pool_start(v) + offset[area]);
		}
	}
	assert_int_equal(set(vm, 0x1000, 3, DATA, RW), 0);
	assert_int_equal(used(vm, HVC_AREA_ROOT), 1);
	assert_int_equal(used(vm, HVC_AREA_PGD), 1);
	assert_int_equal(used(vm, HVC_AREA_PUD), 1);
	assert_int_equal(used(vm, HVC_AREA_PMD), 1);
	assert_int_equal(hvc(HVC_POOL_USAGE, vm, HVC_AREA_PMD + 1, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_POOL_USAGE, vm, (1ULL << 32) | HVC_AREA_PGD, 0, 0), HVC_EINVAL);
	assert_int_equal(hvc(HVC_POOL_USAGE, NR_VMS, HVC_AREA_PGD, 0, 0), HVC_EINVAL);
}

/* VMs are independent: one VM's mappings and destroy never touch another's. */
static void test_vms_isolated(void **state)
{
	u32 a, b;

	(void)state;
	a = create_vm();
	b = create_vm();
	assert_int_equal(set(a, 0x1000, 3, DATA, RW), 0);
	assert_int_equal(set(b, 0x1000, 3, DATA + SZ_4K, RW), 0);
	assert_int_equal(walk(a, 0x1000), PAGE(DATA));
	assert_int_equal(walk(b, 0x1000), PAGE(DATA + SZ_4K));
	assert_int_equal(hvc(HVC_VM_DESTROY, a, 0, 0, 0), 0);
	assert_int_equal(walk(b, 0x1000), PAGE(DATA + SZ_4K));
	assert_int_equal(used(b, HVC_AREA_PMD), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_call_uid, setup),
	    cmocka_unit_test_setup(test_revision, setup),
	    cmocka_unit_test_setup(test_unknown_ids, setup),
	    cmocka_unit_test_setup(test_id_upper_half_ignored, setup),
	    cmocka_unit_test_setup(test_dma_events_without_smmu, setup),
	    cmocka_unit_test_setup(test_vm_create_lowest_free, setup),
	    cmocka_unit_test_setup(test_vm_create_exhausted, setup),
	    cmocka_unit_test_setup(test_vm_destroy_errors, setup),
	    cmocka_unit_test_setup(test_vm_destroy_resets_pool, setup),
	    cmocka_unit_test_setup(test_calls_on_free_vm, setup),
	    cmocka_unit_test_setup(test_vm_cycles, setup),
	    cmocka_unit_test_setup(test_set_npt_page, setup),
	    cmocka_unit_test_setup(test_set_npt_block, setup),
	    cmocka_unit_test_setup(test_set_npt_bad_args, setup),
	    cmocka_unit_test_setup(test_set_npt_perms, setup),
	    cmocka_unit_test_setup(test_set_npt_conflicts, setup),
	    cmocka_unit_test_setup(test_set_npt_pool_full, setup),
	    cmocka_unit_test_setup(test_unmap, setup),
	    cmocka_unit_test_setup(test_unmap_bad_args, setup),
	    cmocka_unit_test_setup(test_walk_level_args, setup),
	    cmocka_unit_test_setup(test_mem_load_store, setup),
	    cmocka_unit_test_setup(test_mem_errors, setup),
	    cmocka_unit_test_setup(test_pool_usage, setup),
	    cmocka_unit_test_setup(test_vms_isolated, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
