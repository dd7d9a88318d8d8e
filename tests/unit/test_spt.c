/* SPDX-License-Identifier: MIT */
/*
 * The SPT (core/spt): DMA's view of RAM, kept equal to the host's stage-2
 * by core/owner. Over the owner world (owner_world.h); every test that
 * changes ownership ends with the whole-machine check, which compares the
 * SPT with the host's stage-2 page by page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <hypcore/errno.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>
#include <hypcore/phys.h>
#include <hypcore/spt.h>

#include <hypcore/smmu.h>
#include <hypcore/smmu_regs.h>

#include "../../arch/host/sim.h"
#include "../../arch/host/smmu_sim.h"
#include "owner_check.h"
#include "owner_fixture.h"
#include "panic_catch.h"
#include "owner_world.h"

#define VM	 1
#define RW	 (NPT_PTE_S2AP_R | NPT_PTE_S2AP_W)
#define PAGE(pa) ((pa) | RW | 3)
#define BLK(pa)	 ((pa) | RW | 1)
#define HOST_BLK 0x40600000ULL /* a 2 MiB block of host RAM */
#define HOST_PG	 0x40300000ULL /* a 4 KiB page of host RAM */
#define IPA	 0x80000000ULL

static u64 dma_leaf(u64 pa)
{
	u64 pte;

	spt_lock();
	pte = spt_leaf(pa);
	spt_unlock();
	return pte;
}

static struct npt_pool_usage spt_pool(void)
{
	struct npt_pool_usage u;

	spt_lock();
	spt_usage(&u);
	spt_unlock();
	return u;
}

/* Donate to VM (a private VM's SET_NPT), and give back. */
static int vm_map(u64 ipa, u32 level, u64 pte)
{
	return world_vm_map(VM, ipa, level, pte, OWNER_DONATE);
}

static int vm_unmap(u64 ipa)
{
	return world_vm_unmap(VM, ipa);
}

/* Pages for the tables of RAM: root, one per 512 GiB, one per 1 GiB, one per 2 MiB. */
static void test_pool_size(void **state)
{
	(void)state;
	assert_int_equal(spt_pool_size(0x40000000, 0x80000000), (1 + 1 + 1 + 512) * SZ_4K);
	/* Across a 1 GiB line: two level-2 tables; a partial 2 MiB region needs its table. */
	assert_int_equal(spt_pool_size(0x7fe00000, 0x80001000), (1 + 1 + 2 + 2) * SZ_4K);
	assert_int_equal(spt_pool_size(0x40000000, 0x40000000), 0);
	assert_int_equal(spt_pool_size(W_RAM_START, W_RAM_END), (1 + 1 + 1 + 32) * SZ_4K);
}

/* spt_init refuses a pool smaller than the RAM needs, or RAM not page-aligned. */
static void test_init_errors(void **state)
{
	u64 need = spt_pool_size(W_RAM_START, W_RAM_END);

	(void)state;
	assert_int_equal(spt_init(W_SPT_BASE, need - SZ_4K, W_RAM_START, W_RAM_END), -HC_EINVAL);
	assert_int_equal(spt_init(W_SPT_BASE, need, W_RAM_START + 8, W_RAM_END), -HC_EINVAL);
	assert_int_equal(spt_init(W_SPT_BASE, need, W_RAM_END, W_RAM_START), -HC_EINVAL);
	assert_int_equal(spt_init(W_SPT_BASE + 8, need, W_RAM_START, W_RAM_END), -HC_EINVAL);
}

/* At boot DMA reaches exactly the host's RAM, page by page, identity-mapped. */
static void test_boot_view(void **state)
{
	(void)state;
	assert_int_equal(dma_leaf(W_RAM_START), spt_desc(W_RAM_START));
	assert_int_equal(dma_leaf(HOST_BLK + 0x1234), spt_desc(HOST_BLK + 0x1000));
	assert_int_equal(dma_leaf(W_IMAGE_START - SZ_4K), spt_desc(W_IMAGE_START - SZ_4K));
	assert_int_equal(dma_leaf(W_IMAGE_START), 0);
	assert_int_equal(dma_leaf(W_IMAGE_END - SZ_4K), 0);
	assert_int_equal(dma_leaf(W_SPT_BASE), 0);
	assert_int_equal(dma_leaf(W_POOL_BASE), 0);
	assert_int_equal(dma_leaf(W_POOL_END - SZ_4K), 0);
	/* Writable, never executable, normal memory. */
	assert_true(spt_desc(HOST_PG) & NPT_PTE_S2AP_W);
	assert_true((spt_desc(HOST_PG) & NPT_PTE_XN) == NPT_PTE_XN);
	world_assert_ok();
}

/* Bad ranges are refused and change nothing. */
static void test_map_errors(void **state)
{
	struct npt_pool_usage before = spt_pool(), after;

	(void)state;
	spt_lock();
	assert_int_equal(spt_map(W_RAM_END, W_RAM_END + SZ_4K), -HC_EINVAL);
	assert_int_equal(spt_map(W_RAM_START - SZ_4K, W_RAM_START), -HC_EINVAL);
	assert_int_equal(spt_map(W_IMAGE_START + 8, W_IMAGE_START + SZ_4K), -HC_EINVAL);
	assert_int_equal(spt_map(W_IMAGE_START, W_IMAGE_START), -HC_EINVAL);
	assert_int_equal(spt_unmap(W_RAM_END - SZ_4K, W_RAM_END + SZ_4K), -HC_EINVAL);
	spt_unlock();
	after = spt_pool();
	assert_memory_equal(&before, &after, sizeof(before));
	world_assert_ok();
}

/* Mapping a page DMA already reaches is a bookkeeping bug: the core stops. */
static void test_double_map_panics(void **state)
{
	(void)state;
	spt_lock();
	/* The panic leaves the lock taken: the world is not reused after this. */
	assert_true(PANICS(spt_map(HOST_PG, HOST_PG + SZ_4K)));
}

/* A donated page leaves DMA's view before the call returns; back, it is zero first. */
static void test_donated_page(void **state)
{
	(void)state;
	world_fill_page(HOST_PG, 0x5a5a);
	assert_int_equal(vm_map(IPA, 3, PAGE(HOST_PG)), 0);
	assert_int_equal(dma_leaf(HOST_PG), 0);
	assert_int_equal(dma_leaf(HOST_PG + SZ_4K), spt_desc(HOST_PG + SZ_4K));
	world_assert_ok();
	assert_int_equal(vm_unmap(IPA), 0);
	assert_int_equal(dma_leaf(HOST_PG), spt_desc(HOST_PG));
	assert_true(world_page_is_zero(HOST_PG));
	world_assert_ok();
}

/* One page out of a host block: the host's block splits, DMA loses that page only. */
static void test_page_of_block(void **state)
{
	u64 pg = HOST_BLK + 9 * SZ_4K;

	(void)state;
	assert_int_equal(vm_map(IPA, 3, PAGE(pg)), 0);
	assert_int_equal(dma_leaf(pg), 0);
	assert_int_equal(dma_leaf(pg - SZ_4K), spt_desc(pg - SZ_4K));
	assert_int_equal(dma_leaf(pg + SZ_4K), spt_desc(pg + SZ_4K));
	world_assert_ok();
}

/* A donated 2 MiB block: all 512 pages leave DMA's view, and all come back. */
static void test_donated_block(void **state)
{
	(void)state;
	assert_int_equal(vm_map(IPA, 2, BLK(HOST_BLK)), 0);
	for (u64 off = 0; off < SZ_2M; off += SZ_4K)
		assert_int_equal(dma_leaf(HOST_BLK + off), 0);
	world_assert_ok();
	assert_int_equal(vm_unmap(IPA), 0);
	for (u64 off = 0; off < SZ_2M; off += SZ_4K)
		assert_int_equal(dma_leaf(HOST_BLK + off), spt_desc(HOST_BLK + off));
	world_assert_ok();
}

/* A page shared with a shared VM stays the host's: DMA still reaches it. */
static void test_shared_page(void **state)
{
	int r;

	(void)state;
	r = world_vm_map(VM, IPA, 3, PAGE(HOST_PG), OWNER_SHARE);
	assert_int_equal(r, 0);
	assert_int_equal(dma_leaf(HOST_PG), spt_desc(HOST_PG));
	world_assert_ok();
}

/* A refused donation leaves DMA's view as it was. */
static void test_refused_donation(void **state)
{
	(void)state;
	assert_int_equal(vm_map(IPA, 3, PAGE(W_POOL_BASE)), -HC_EPERM);
	assert_int_equal(vm_map(IPA, 3, PAGE(W_SPT_BASE)), -HC_EPERM);
	assert_int_equal(vm_map(IPA, 3, PAGE(HOST_PG)), 0);
	assert_int_equal(vm_map(IPA + SZ_4K, 3, PAGE(HOST_PG)), -HC_EPERM);
	assert_int_equal(dma_leaf(HOST_PG), 0);
	assert_int_equal(dma_leaf(HOST_PG + SZ_4K), spt_desc(HOST_PG + SZ_4K));
	world_assert_ok();
}

/* Donating and giving back never allocates SPT tables: they were all built at boot. */
static void test_no_table_after_boot(void **state)
{
	struct npt_pool_usage before = spt_pool(), after;

	(void)state;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(vm_map(IPA, 2, BLK(HOST_BLK + (u64)i * SZ_2M)), 0);
		assert_int_equal(vm_map(IPA + SZ_2M, 3, PAGE(HOST_PG + (u64)i * SZ_4K)), 0);
		assert_int_equal(vm_unmap(IPA), 0);
		assert_int_equal(vm_unmap(IPA + SZ_2M), 0);
	}
	after = spt_pool();
	assert_int_equal(after.pgd_next, before.pgd_next);
	assert_int_equal(after.pud_next, before.pud_next);
	assert_int_equal(after.pmd_next, before.pmd_next);
	world_assert_ok();
}

/* The slot of the SPT's level-2 entry for pa's region, read as the SMMU's walker reads. */
static u64 l2_slot(u64 pa)
{
	u64 e = phys_load(spt_root() + 8 * npt_index(pa, 0));

	e = phys_load(phys_page(e) + 8 * npt_index(pa, 1));
	return phys_page(e) + 8 * npt_index(pa, 2);
}

/* Region k of RAM keeps the k-th level-3 table of the pool, linked or parked. */
static u64 own_table(u64 pa)
{
	return spt_pool().pmd_start + (pa - W_RAM_START) / SZ_2M * SZ_4K;
}

/* Does DMA reach exactly the pages of [pa, pa + 2 MiB) that `mapped` says? */
static void assert_region(u64 pa, const bool *mapped)
{
	for (u32 i = 0; i < 512; i++)
		assert_int_equal(dma_leaf(pa + i * SZ_4K),
				 mapped[i] ? spt_desc(pa + i * SZ_4K) : 0);
}

/*
 * A donated block: its region's level-2 entry is cleared, the table stays
 * where it is (parked, unreachable); given back, the same table is linked
 * again with every entry an identity page. No table is allocated.
 */
static void test_block_parks_table(void **state)
{
	struct npt_pool_usage before = spt_pool(), after;
	bool all[512];

	(void)state;
	for (u32 i = 0; i < 512; i++)
		all[i] = true;
	assert_int_equal(phys_load(l2_slot(HOST_BLK)), own_table(HOST_BLK) | 3);
	assert_int_equal(vm_map(IPA, 2, BLK(HOST_BLK)), 0);
	assert_int_equal(phys_load(l2_slot(HOST_BLK)), 0);
	assert_int_equal(phys_load(l2_slot(HOST_BLK + SZ_2M)), own_table(HOST_BLK + SZ_2M) | 3);
	world_assert_ok();
	assert_int_equal(vm_unmap(IPA), 0);
	assert_int_equal(phys_load(l2_slot(HOST_BLK)), own_table(HOST_BLK) | 3);
	assert_region(HOST_BLK, all);
	after = spt_pool();
	assert_memory_equal(&before, &after, sizeof(before));
	world_assert_ok();
}

/*
 * Pages of a parked region coming back one at a time (in a scattered
 * order), with garbage planted in the parked table: DMA reaches exactly
 * the pages given back at every step, never a stale entry.
 */
static void test_pages_return_one_by_one(void **state)
{
	u64 table = own_table(HOST_BLK);
	bool mapped[512] = {false};

	(void)state;
	spt_lock();
	assert_int_equal(spt_unmap(HOST_BLK, HOST_BLK + SZ_2M), 0);
	spt_sync();
	/* What a parked table holds is never trusted: make it wrong. */
	for (u32 i = 0; i < 512; i++)
		phys_store(table + 8 * i, spt_desc(W_IMAGE_START));
	spt_unlock();
	assert_region(HOST_BLK, mapped);
	for (u32 n = 0; n < 512; n++) {
		u32 i = (n * 101) % 512; /* 101 is prime to 512: every page once */

		spt_lock();
		assert_int_equal(spt_map(HOST_BLK + i * SZ_4K, HOST_BLK + (i + 1) * SZ_4K), 0);
		spt_unlock();
		mapped[i] = true;
		if (n < 3 || n % 97 == 0)
			assert_region(HOST_BLK, mapped);
	}
	assert_region(HOST_BLK, mapped);
	assert_int_equal(phys_load(l2_slot(HOST_BLK)), table | 3);
	world_assert_ok();
}

/* A run that does not cover the region (a partial give-back) links the table with that run only. */
static void test_partial_run_into_parked_region(void **state)
{
	bool mapped[512] = {false};

	(void)state;
	spt_lock();
	assert_int_equal(spt_unmap(HOST_BLK, HOST_BLK + SZ_2M), 0);
	spt_sync();
	assert_int_equal(spt_map(HOST_BLK + 7 * SZ_4K, HOST_BLK + 300 * SZ_4K), 0);
	/* Unmapping an absent page of it, or the parked region again, is fine. */
	assert_int_equal(spt_unmap(HOST_BLK, HOST_BLK + SZ_4K), 0);
	assert_int_equal(spt_unmap(HOST_BLK + SZ_2M, HOST_BLK + 2 * SZ_2M), 0);
	assert_int_equal(spt_unmap(HOST_BLK + SZ_2M, HOST_BLK + 2 * SZ_2M), 0);
	spt_sync();
	spt_unlock();
	for (u32 i = 7; i < 300; i++)
		mapped[i] = true;
	assert_region(HOST_BLK, mapped);
	assert_int_equal(phys_load(l2_slot(HOST_BLK + SZ_2M)), 0);
	spt_lock();
	assert_int_equal(spt_map(HOST_BLK, HOST_BLK + 7 * SZ_4K), 0);
	assert_int_equal(spt_map(HOST_BLK + 300 * SZ_4K, HOST_BLK + 2 * SZ_2M), 0);
	spt_unlock();
	world_assert_ok();
}

/* A parked table is linked again only after the SMMU forgot it: before spt_sync, a panic. */
static void test_unpark_before_sync_panics(void **state)
{
	(void)state;
	spt_lock();
	assert_int_equal(spt_unmap(HOST_BLK, HOST_BLK + SZ_2M), 0);
	/* The panic leaves the lock taken: the world is not reused after this. */
	assert_true(PANICS(spt_map(HOST_BLK, HOST_BLK + SZ_4K)));
}

/* The checker sees a parked table linked again behind the core's back, or a table moved. */
static void test_checker_sees_parked_table_reached(void **state)
{
	char why[256];
	u64 slot = l2_slot(HOST_BLK), other = l2_slot(HOST_BLK + SZ_2M);

	(void)state;
	assert_int_equal(vm_map(IPA, 2, BLK(HOST_BLK)), 0);
	world_assert_ok();
	/* The parked table still holds the block's identity pages: DMA would reach them. */
	phys_store(slot, own_table(HOST_BLK) | 3);
	assert_int_equal(world_check(why, sizeof(why)), -1);
	phys_store(slot, 0);
	world_assert_ok();
	/* Another region's table linked here: not its own. */
	phys_store(slot, phys_load(other));
	phys_store(other, 0);
	assert_int_equal(world_check(why, sizeof(why)), -1);
}

/* The SMMU's stream table and queues: core memory, as the image's bss is at EL2. */
static const struct smmu_config smmu = {
    .base = SMMU_SIM_BASE,
    .mem = W_IMAGE_START,
    .mem_size = SMMU_MEM_SIZE,
    .s2_root = 0, /* spt_root(), filled in at set-up */
    .s2_ipa_bits = 48,
    .vmid = SPT_SMMU_VMID,
};

/* The owner world with the simulated SMMU translating through the SPT. */
static int setup_smmu(void **state)
{
	struct smmu_config c = smmu;

	world_setup(state);
	smmu_sim_reset(SMMU_SIM_BASE);
	c.s2_root = spt_root();
	assert_int_equal(smmu_init(&c), 0);
	smmu_sim_cmd_log_clear();
	return 0;
}

/* Leave the driver disabled for the tests that follow: an init the device refuses. */
static int teardown_smmu(void **state)
{
	struct smmu_config c = smmu;

	(void)state;
	c.s2_root = spt_root();
	smmu_sim_reset(SMMU_SIM_BASE);
	smmu_sim_set_idr(0, 0);
	assert_int_equal(smmu_init(&c), -HC_ENODEV);
	return 0;
}

static u32 cmd_op(u32 i)
{
	return (u32)smmu_field(CMD0_OP, smmu_sim_cmd(i).w[0]);
}

/* Every STE translates through the SPT's root with the SPT's VMID. */
static void test_streams_use_spt(void **state)
{
	u64 ste[8];

	(void)state;
	assert_true(smmu_sim_ste(0x10, ste)); /* edu at 00:02.0 on virt */
	assert_int_equal(ste[3] & STE3_S2TTB_MASK, spt_root());
	assert_int_equal(smmu_field(STE2_S2VMID, ste[2]), SPT_SMMU_VMID);
}

/* A donated page: one TLBI_S2_IPA for it, then CMD_SYNC, before the call returns. */
static void test_donation_invalidates_page(void **state)
{
	u64 pg = HOST_BLK + 9 * SZ_4K;
	struct smmu_sim_cmd c;

	(void)state;
	assert_int_equal(vm_map(IPA, 3, PAGE(pg)), 0);
	assert_int_equal(smmu_sim_cmd_count(), 2);
	c = smmu_sim_cmd(0);
	assert_int_equal(cmd_op(0), CMD_TLBI_S2_IPA);
	assert_int_equal(smmu_field(CMD0_TLBI_VMID, c.w[0]), SPT_SMMU_VMID);
	assert_int_equal(c.w[1] & CMD1_TLBI_IPA_MASK, pg);
	assert_true(c.w[1] & CMD1_TLBI_LEAF);
	assert_int_equal(cmd_op(1), CMD_SYNC);
	world_assert_ok();
}

/*
 * A donated block: its table is parked; one VMID-wide invalidation covers
 * its 512 pages and the cached level-2 entry (an invalidation by address,
 * leaf only, would leave the latter), then a sync.
 */
static void test_donation_invalidates_block(void **state)
{
	(void)state;
	assert_int_equal(vm_map(IPA, 2, BLK(HOST_BLK)), 0);
	assert_int_equal(smmu_sim_cmd_count(), 2);
	assert_int_equal(cmd_op(0), CMD_TLBI_S12_VMALL);
	assert_int_equal(smmu_field(CMD0_TLBI_VMID, smmu_sim_cmd(0).w[0]), SPT_SMMU_VMID);
	assert_int_equal(cmd_op(1), CMD_SYNC);
	world_assert_ok();
}

/* Giving pages back only adds translations: nothing to invalidate. */
static void test_give_back_needs_no_command(void **state)
{
	(void)state;
	assert_int_equal(vm_map(IPA, 3, PAGE(HOST_PG)), 0);
	smmu_sim_cmd_log_clear();
	assert_int_equal(vm_unmap(IPA), 0);
	assert_int_equal(smmu_sim_cmd_count(), 0);
	/* A shared page never leaves DMA's view either. */
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(HOST_PG), OWNER_SHARE), 0);
	assert_int_equal(smmu_sim_cmd_count(), 0);
	world_assert_ok();
}

/* A refused donation sends nothing to the SMMU. */
static void test_refusal_sends_nothing(void **state)
{
	(void)state;
	assert_int_equal(vm_map(IPA, 3, PAGE(W_POOL_BASE)), -HC_EPERM);
	assert_int_equal(vm_map(IPA, 3, PAGE(W_RAM_END)), -HC_EPERM);
	assert_int_equal(smmu_sim_cmd_count(), 0);
}

/* An SMMU that never completes the sync stops the core: DMA could still reach the page. */
static void test_stalled_sync_is_fatal(void **state)
{
	bool stopped;

	(void)state;
	smmu_sim_stall_sync(true);
	stopped = PANICS(vm_map(IPA, 3, PAGE(HOST_PG)));
	smmu_sim_stall_sync(false);
	assert_true(stopped);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_pool_size, world_setup),
	    cmocka_unit_test_setup(test_init_errors, world_setup),
	    cmocka_unit_test_setup(test_boot_view, world_setup),
	    cmocka_unit_test_setup(test_map_errors, world_setup),
	    cmocka_unit_test_setup(test_double_map_panics, world_setup),
	    cmocka_unit_test_setup(test_donated_page, world_setup),
	    cmocka_unit_test_setup(test_page_of_block, world_setup),
	    cmocka_unit_test_setup(test_donated_block, world_setup),
	    cmocka_unit_test_setup(test_shared_page, world_setup),
	    cmocka_unit_test_setup(test_refused_donation, world_setup),
	    cmocka_unit_test_setup(test_no_table_after_boot, world_setup),
	    cmocka_unit_test_setup(test_block_parks_table, world_setup),
	    cmocka_unit_test_setup(test_pages_return_one_by_one, world_setup),
	    cmocka_unit_test_setup(test_partial_run_into_parked_region, world_setup),
	    cmocka_unit_test_setup(test_unpark_before_sync_panics, world_setup),
	    cmocka_unit_test_setup(test_checker_sees_parked_table_reached, world_setup),
	    cmocka_unit_test_setup_teardown(test_streams_use_spt, setup_smmu, teardown_smmu),
	    cmocka_unit_test_setup_teardown(test_donation_invalidates_page, setup_smmu,
					    teardown_smmu),
	    cmocka_unit_test_setup_teardown(test_donation_invalidates_block, setup_smmu,
					    teardown_smmu),
	    cmocka_unit_test_setup_teardown(test_give_back_needs_no_command, setup_smmu,
					    teardown_smmu),
	    cmocka_unit_test_setup_teardown(test_refusal_sends_nothing, setup_smmu, teardown_smmu),
	    cmocka_unit_test_setup_teardown(test_stalled_sync_is_fatal, setup_smmu, teardown_smmu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
