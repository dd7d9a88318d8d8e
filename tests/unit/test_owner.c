/* SPDX-License-Identifier: MIT */
/*
 * Page ownership (core/owner): the records and the rules on their own,
 * then applied to a VM's stage-2 and the host's together. Every test ends
 * with the whole-machine check (owner_check.h): the tables are a tree in
 * their pools and the records agree with what every stage-2 maps.
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

#include "../../arch/host/sim.h"
#include "owner_check.h"
#include "owner_fixture.h"
#include "owner_world.h"

#define VM	 1
#define VM2	 2
#define RW	 (NPT_PTE_S2AP_R | NPT_PTE_S2AP_W)
#define PAGE(pa) ((pa) | RW | 3)
#define BLK(pa)	 ((pa) | RW | 1)
/* Host RAM in 2 MiB blocks from 0x40400000; 4 KiB pages below it. */
#define HOST_BLK 0x40600000ULL
#define HOST_PG	 0x40300000ULL
#define IPA	 0x80000000ULL

static u32 owner_of(u64 pa, u32 *shares)
{
	u32 o = 0, s = 0;

	owner_lock();
	assert_int_equal(owner_get(pa, &o, &s), 0);
	owner_unlock();
	if (shares)
		*shares = s;
	return o;
}

static int check_take(u32 vmid, u64 pa, u64 size, enum owner_how how)
{
	int r;

	owner_lock();
	r = owner_check_take(vmid, pa, size, how);
	owner_unlock();
	return r;
}

static void take(u32 vmid, u64 pa, u64 size, enum owner_how how)
{
	owner_lock();
	owner_take(vmid, pa, size, how);
	owner_unlock();
}

static enum owner_how give_back(u32 vmid, u64 pa, u64 size)
{
	enum owner_how h;

	owner_lock();
	h = owner_give_back(vmid, pa, size);
	owner_unlock();
	return h;
}

#define vm_map	 world_vm_map
#define vm_unmap world_vm_unmap

static u64 walk(u32 vmid, u64 ipa)
{
	u64 pte = 0;

	npt_lock(vmid);
	assert_int_equal(walk_npt(vmid, ipa, &pte), 0);
	npt_unlock(vmid);
	return pte;
}

static u32 level_of(u32 vmid, u64 ipa)
{
	u32 l = 0;

	npt_lock(vmid);
	assert_int_equal(get_npt_level(vmid, ipa, &l), 0);
	npt_unlock(vmid);
	return l;
}

static u64 pool_pmd_used(u32 vmid)
{
	struct npt_pool_usage u;

	npt_lock(vmid);
	assert_int_equal(npt_pool_usage(vmid, &u), 0);
	npt_unlock(vmid);
	return (u.pmd_next - u.pmd_start) / SZ_4K;
}

/* At boot the host owns RAM but the image and the pools; the host maps exactly its own. */
static void test_boot_owners(void **state)
{
	(void)state;
	assert_int_equal(owner_of(W_RAM_START, NULL), OWNER_HOST);
	assert_int_equal(owner_of(W_IMAGE_START - SZ_4K, NULL), OWNER_HOST);
	assert_int_equal(owner_of(W_IMAGE_START, NULL), OWNER_CORE);
	assert_int_equal(owner_of(W_IMAGE_END - SZ_4K, NULL), OWNER_CORE);
	assert_int_equal(owner_of(W_IMAGE_END, NULL), OWNER_HOST);
	assert_int_equal(owner_of(W_SPT_BASE - SZ_4K, NULL), OWNER_HOST);
	assert_int_equal(owner_of(W_SPT_BASE, NULL), OWNER_CORE);
	assert_int_equal(owner_of(W_POOL_BASE, NULL), OWNER_CORE);
	assert_int_equal(owner_of(W_POOL_END - SZ_4K, NULL), OWNER_CORE);
	assert_false(owner_in_ram(W_RAM_START - SZ_4K));
	assert_false(owner_in_ram(W_RAM_END));
	world_assert_ok();
}

/* owner_init and owner_give_core refuse what does not describe RAM. */
static void test_init_errors(void **state)
{
	owner_rec_t rec[4];
	struct owner_config bad = {0x1000, 0x1000, rec, 0, false};

	(void)state;
	assert_int_equal(owner_init(&bad), -HC_EINVAL);
	bad.ram_end = 0x5000, bad.records = NULL;
	assert_int_equal(owner_init(&bad), -HC_EINVAL);
	bad.records = rec, bad.ram_start = 0x1800;
	assert_int_equal(owner_init(&bad), -HC_EINVAL);
	assert_int_equal(owner_give_core(W_RAM_END, W_RAM_END + SZ_4K), -HC_EINVAL);
	assert_int_equal(owner_give_core(W_RAM_START, W_RAM_END + SZ_4K), -HC_EINVAL);
	assert_int_equal(owner_give_core(W_RAM_START + SZ_4K, W_RAM_START), -HC_EINVAL);
	assert_int_equal(owner_of(W_RAM_START, NULL), OWNER_HOST);
}

/* A donated page is the VM's; nobody can donate or share it again. */
static void test_donate_once(void **state)
{
	u32 shares;

	(void)state;
	assert_int_equal(check_take(VM, HOST_PG, SZ_4K, OWNER_DONATE), 0);
	take(VM, HOST_PG, SZ_4K, OWNER_DONATE);
	assert_int_equal(owner_of(HOST_PG, &shares), VM);
	assert_int_equal(shares, 0);
	assert_int_equal(check_take(VM, HOST_PG, SZ_4K, OWNER_DONATE), -HC_EPERM);
	assert_int_equal(check_take(VM2, HOST_PG, SZ_4K, OWNER_DONATE), -HC_EPERM);
	assert_int_equal(check_take(VM2, HOST_PG, SZ_4K, OWNER_SHARE), -HC_EPERM);
	assert_int_equal(check_take(VM, HOST_PG, SZ_4K, OWNER_SHARE), -HC_EPERM);
	/* The 2 MiB region holding it is no longer all the host's. */
	assert_int_equal(check_take(VM2, HOST_PG & ~(SZ_2M - 1), SZ_2M, OWNER_SHARE), -HC_EPERM);
}

/* Shares count up and down; a shared page cannot be donated. */
static void test_share_counts(void **state)
{
	u32 shares;

	(void)state;
	take(VM, HOST_PG, SZ_4K, OWNER_SHARE);
	take(VM2, HOST_PG, SZ_4K, OWNER_SHARE);
	take(VM, HOST_PG, SZ_4K, OWNER_SHARE);
	assert_int_equal(owner_of(HOST_PG, &shares), OWNER_HOST);
	assert_int_equal(shares, 3);
	assert_int_equal(check_take(VM2, HOST_PG, SZ_4K, OWNER_DONATE), -HC_EPERM);
	assert_int_equal(give_back(VM2, HOST_PG, SZ_4K), OWNER_SHARE);
	assert_int_equal(give_back(VM, HOST_PG, SZ_4K), OWNER_SHARE);
	assert_int_equal(owner_of(HOST_PG, &shares), OWNER_HOST);
	assert_int_equal(shares, 1);
	assert_int_equal(give_back(VM, HOST_PG, SZ_4K), OWNER_SHARE);
	assert_int_equal(check_take(VM2, HOST_PG, SZ_4K, OWNER_DONATE), 0);
}

/* The share count saturates with enomem, never wraps. */
static void test_share_limit(void **state)
{
	(void)state;
	owner_lock();
	owner_config()->records[(HOST_PG - W_RAM_START) / SZ_4K] = OWNER_MAX_SHARES;
	assert_int_equal(owner_check_take(VM, HOST_PG, SZ_4K, OWNER_SHARE), -HC_ENOMEM);
	owner_config()->records[(HOST_PG - W_RAM_START) / SZ_4K] = 0;
	owner_unlock();
}

/* Core pages (image, pools), pages outside RAM, bad arguments: refused, nothing changes. */
static void test_refused_pages(void **state)
{
	u64 bad[] = {W_IMAGE_START, W_IMAGE_END - SZ_4K, W_POOL_BASE, W_POOL_END - SZ_4K,
		     W_RAM_END,	    W_RAM_START - SZ_4K, 0x1000,      0x09000000};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(check_take(VM, bad[i], SZ_4K, OWNER_DONATE), -HC_EPERM);
		assert_int_equal(check_take(VM, bad[i], SZ_4K, OWNER_SHARE), -HC_EPERM);
	}
	/* A block with one core page in it (the image's region). */
	assert_int_equal(check_take(VM, W_IMAGE_START, SZ_2M, OWNER_SHARE), -HC_EPERM);
	/* The block straddling the end of RAM. */
	assert_int_equal(check_take(VM, W_RAM_END - SZ_2M, SZ_2M, OWNER_DONATE), -HC_EPERM);
	assert_int_equal(check_take(0, HOST_PG, SZ_4K, OWNER_DONATE), -HC_EINVAL);
	assert_int_equal(check_take(NPT_MAX_VMS, HOST_PG, SZ_4K, OWNER_DONATE), -HC_EINVAL);
	assert_int_equal(check_take(VM, HOST_PG + 8, SZ_4K, OWNER_DONATE), -HC_EINVAL);
	assert_int_equal(check_take(VM, HOST_PG, SZ_2M, OWNER_DONATE), -HC_EINVAL);
	assert_int_equal(check_take(VM, HOST_PG, 3 * SZ_4K, OWNER_DONATE), -HC_EINVAL);
	assert_int_equal(check_take(VM, ~0xfffULL, SZ_4K, OWNER_DONATE), -HC_EINVAL); /* wraps */
	world_assert_ok();
}

/* A 2 MiB block takes all 512 pages or none. */
static void test_block_all_or_nothing(void **state)
{
	u32 shares;

	(void)state;
	take(VM2, HOST_BLK + 511 * SZ_4K, SZ_4K, OWNER_DONATE);
	assert_int_equal(check_take(VM, HOST_BLK, SZ_2M, OWNER_DONATE), -HC_EPERM);
	assert_int_equal(check_take(VM, HOST_BLK, SZ_2M, OWNER_SHARE), -HC_EPERM);
	assert_int_equal(owner_of(HOST_BLK, &shares), OWNER_HOST);
	assert_int_equal(shares, 0);
	give_back(VM2, HOST_BLK + 511 * SZ_4K, SZ_4K);
	take(VM, HOST_BLK, SZ_2M, OWNER_DONATE);
	for (u64 off = 0; off < SZ_2M; off += SZ_4K)
		assert_int_equal(owner_of(HOST_BLK + off, NULL), VM);
	assert_int_equal(give_back(VM, HOST_BLK, SZ_2M), OWNER_DONATE);
	for (u64 off = 0; off < SZ_2M; off += SZ_4K)
		assert_int_equal(owner_of(HOST_BLK + off, NULL), OWNER_HOST);
}

/* Donated pages come back zeroed; shared pages keep their data. */
static void test_give_back_zeroes(void **state)
{
	(void)state;
	world_fill_page(HOST_PG, 0x1111);
	world_fill_page(HOST_PG + SZ_4K, 0x2222);
	take(VM, HOST_PG, SZ_4K, OWNER_DONATE);
	take(VM, HOST_PG + SZ_4K, SZ_4K, OWNER_SHARE);
	assert_false(world_page_is_zero(HOST_PG));
	give_back(VM, HOST_PG, SZ_4K);
	give_back(VM, HOST_PG + SZ_4K, SZ_4K);
	assert_true(world_page_is_zero(HOST_PG));
	assert_int_equal(phys_load(HOST_PG + SZ_4K + 8), 0x2222 + 8);
}

/* Donating one page of a host block splits the block and unmaps only that page. */
static void test_vm_donate_page_splits_host(void **state)
{
	u64 pg = HOST_BLK + 7 * SZ_4K, flushes = sim_tlb_flushes(), pmd = pool_pmd_used(0);

	(void)state;
	assert_int_equal(level_of(0, pg), 2);
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(pg), OWNER_DONATE), 0);
	assert_int_equal(walk(VM, IPA), PAGE(pg));
	assert_int_equal(owner_of(pg, NULL), VM);
	assert_int_equal(walk(0, pg), 0);
	assert_int_equal(pool_pmd_used(0), pmd + 1);
	for (u64 off = 0; off < SZ_2M; off += SZ_4K)
		if (off != 7 * SZ_4K) {
			assert_int_equal(level_of(0, HOST_BLK + off), 3);
			assert_int_equal(walk(0, HOST_BLK + off),
					 (HOST_BLK + off) | W_HOST_ATTRS | 3);
		}
	/* Split (break) and unmap, each invalidated. */
	assert_true(sim_tlb_flushes() >= flushes + 2);
	world_assert_ok();
}

/* Unmap zeroes the donated page and maps it back into the host's stage-2. */
static void test_vm_unmap_returns(void **state)
{
	u64 pg = HOST_BLK + 7 * SZ_4K;

	(void)state;
	world_fill_page(pg, 0xabc);
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(pg), OWNER_DONATE), 0);
	assert_int_equal(world_vm_unmap(VM, IPA + 0x10), -HC_OK);
	assert_int_equal(walk(VM, IPA), 0);
	assert_int_equal(owner_of(pg, NULL), OWNER_HOST);
	assert_int_equal(walk(0, pg), pg | W_HOST_ATTRS | 3);
	assert_true(world_page_is_zero(pg));
	/* Nothing mapped there any more: unmapping again is fine and changes nothing. */
	assert_int_equal(world_vm_unmap(VM, IPA), 0);
	world_assert_ok();
}

/* A donated 2 MiB block leaves the host whole and comes back as a block. */
static void test_vm_donate_block(void **state)
{
	(void)state;
	world_fill_page(HOST_BLK + 100 * SZ_4K, 0x77);
	assert_int_equal(world_vm_map(VM, IPA, 2, BLK(HOST_BLK), OWNER_DONATE), 0);
	assert_int_equal(level_of(0, HOST_BLK), 0);
	assert_int_equal(walk(0, HOST_BLK + 100 * SZ_4K), 0);
	world_assert_ok();
	assert_int_equal(world_vm_unmap(VM, IPA + 5 * SZ_4K), 0);
	assert_int_equal(level_of(0, HOST_BLK), 2);
	assert_int_equal(walk(0, HOST_BLK), HOST_BLK | W_HOST_ATTRS | 1);
	assert_true(world_page_is_zero(HOST_BLK + 100 * SZ_4K));
	world_assert_ok();
}

/* A block over host pages (already split) goes page by page and comes back so. */
static void test_vm_donate_block_over_split_host(void **state)
{
	(void)state;
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(HOST_BLK), OWNER_DONATE), 0);
	assert_int_equal(world_vm_unmap(VM, IPA), 0);
	assert_int_equal(level_of(0, HOST_BLK), 3);
	assert_int_equal(world_vm_map(VM2, IPA, 2, BLK(HOST_BLK), OWNER_DONATE), 0);
	assert_int_equal(walk(0, HOST_BLK + 3 * SZ_4K), 0);
	world_assert_ok();
	assert_int_equal(world_vm_unmap(VM2, IPA), 0);
	assert_int_equal(walk(0, HOST_BLK + 3 * SZ_4K), (HOST_BLK + 3 * SZ_4K) | W_HOST_ATTRS | 3);
	world_assert_ok();
}

/* Refused maps change nothing: not the tables, not the records, not the host. */
static void test_vm_map_refusals(void **state)
{
	u64 pmd = pool_pmd_used(0);

	(void)state;
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(W_IMAGE_START), OWNER_DONATE), -HC_EPERM);
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(W_POOL_BASE + SZ_4K), OWNER_SHARE),
			 -HC_EPERM);
	assert_int_equal(world_vm_map(VM, IPA, 2, BLK(W_IMAGE_START & ~(SZ_2M - 1)), OWNER_SHARE),
			 -HC_EPERM);
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(0x09000000), OWNER_DONATE), -HC_EPERM);
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(HOST_BLK) & ~3ULL, OWNER_DONATE),
			 -HC_EINVAL);
	assert_int_equal(world_vm_map(0, IPA, 3, PAGE(HOST_BLK), OWNER_DONATE), -HC_EPERM);
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(HOST_BLK), OWNER_DONATE), 0);
	/* Twice, at another IPA, or into another VM. */
	assert_int_equal(world_vm_map(VM, IPA + SZ_4K, 3, PAGE(HOST_BLK), OWNER_DONATE), -HC_EPERM);
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(HOST_BLK), OWNER_DONATE), -HC_EPERM);
	assert_int_equal(world_vm_map(VM2, IPA, 3, PAGE(HOST_BLK), OWNER_SHARE), -HC_EPERM);
	/* A page inside a VM block: eexist before any ownership change. */
	assert_int_equal(world_vm_map(VM, IPA + SZ_2M, 2, BLK(HOST_BLK + SZ_2M), OWNER_DONATE), 0);
	assert_int_equal(world_vm_map(VM, IPA + SZ_2M, 3, PAGE(HOST_BLK + 4 * SZ_2M), OWNER_DONATE),
			 -HC_EEXIST);
	assert_int_equal(level_of(0, HOST_BLK + 4 * SZ_2M), 2);
	assert_int_equal(owner_of(HOST_BLK + 4 * SZ_2M, NULL), OWNER_HOST);
	assert_int_equal(pool_pmd_used(0), pmd + 1);
	world_assert_ok();
}

/* Replacing a leaf gives the old pages back first. */
static void test_vm_replace_leaf(void **state)
{
	(void)state;
	world_fill_page(HOST_PG, 0x55);
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(HOST_PG), OWNER_DONATE), 0);
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(HOST_PG + SZ_4K), OWNER_DONATE), 0);
	assert_int_equal(owner_of(HOST_PG, NULL), OWNER_HOST);
	assert_true(world_page_is_zero(HOST_PG));
	assert_int_equal(owner_of(HOST_PG + SZ_4K, NULL), VM);
	world_assert_ok();
	/* Shared over shared of the same page: the count stays one. */
	assert_int_equal(world_vm_map(VM2, IPA, 3, PAGE(HOST_PG), OWNER_SHARE), 0);
	assert_int_equal(world_vm_map(VM2, IPA, 3, PAGE(HOST_PG) & ~NPT_PTE_S2AP_W, OWNER_SHARE),
			 0);
	world_assert_ok();
}

/* Shared pages: the host keeps its mapping and may reach them through the VM; not donated ones. */
static void test_host_access(void **state)
{
	(void)state;
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(HOST_PG), OWNER_SHARE), 0);
	assert_int_equal(world_vm_map(VM, IPA + SZ_4K, 3, PAGE(HOST_PG + SZ_4K), OWNER_DONATE), 0);
	assert_int_equal(world_vm_map(VM, IPA + SZ_2M, 2, BLK(HOST_BLK), OWNER_DONATE), 0);
	assert_int_equal(walk(0, HOST_PG), HOST_PG | W_HOST_ATTRS | 3);
	npt_lock(VM);
	assert_int_equal(owner_vm_host_access(VM, IPA + 8), 0);
	assert_int_equal(owner_vm_host_access(VM, IPA + SZ_4K + 8), -HC_EPERM);
	assert_int_equal(owner_vm_host_access(VM, IPA + SZ_2M + 0x1234), -HC_EPERM);
	assert_int_equal(owner_vm_host_access(VM, IPA + 2 * SZ_4K), 0); /* unmapped */
	assert_int_equal(owner_vm_host_access(VM, 1ULL << 48), -HC_EINVAL);
	npt_unlock(VM);
	world_assert_ok();
}

/* Releasing a VM gives every page back, zeroing the donated ones. */
static void test_release_all(void **state)
{
	(void)state;
	world_fill_page(HOST_PG, 1);
	world_fill_page(HOST_BLK + SZ_2M, 2);
	world_fill_page(HOST_PG + SZ_4K, 3);
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(HOST_PG), OWNER_DONATE), 0);
	assert_int_equal(world_vm_map(VM, IPA + 5 * SZ_2M, 2, BLK(HOST_BLK + SZ_2M), OWNER_DONATE),
			 0);
	assert_int_equal(world_vm_map(VM, 1ULL << 40, 3, PAGE(HOST_PG + SZ_4K), OWNER_SHARE), 0);
	assert_int_equal(world_vm_map(VM2, IPA, 3, PAGE(HOST_PG + SZ_4K), OWNER_SHARE), 0);
	npt_lock(VM);
	/* The donated page and block are zeroed (1 + 512 pages); the shared page is not. */
	assert_int_equal(owner_vm_release_all(VM), 513);
	assert_int_equal(npt_reset_vm(VM), 0);
	npt_unlock(VM);
	assert_true(world_page_is_zero(HOST_PG));
	assert_true(world_page_is_zero(HOST_BLK + SZ_2M));
	assert_false(world_page_is_zero(HOST_PG + SZ_4K));
	assert_int_equal(owner_of(HOST_BLK + SZ_2M, NULL), OWNER_HOST);
	assert_int_equal(walk(0, HOST_BLK + SZ_2M), (HOST_BLK + SZ_2M) | W_HOST_ATTRS | 1);
	world_assert_ok();
}

static bool split(u64 pa)
{
	bool r;

	owner_lock();
	r = owner_region_split(pa);
	owner_unlock();
	return r;
}

/* A whole 2 MiB block changes hands as one region record; a page of it splits the region. */
static void test_block_records(void **state)
{
	(void)state;
	assert_false(split(HOST_BLK));
	assert_true(
	    split(W_IMAGE_START)); /* the image's pages are the core's, the rest the host's */
	assert_int_equal(world_vm_map(VM, IPA, 2, BLK(HOST_BLK), OWNER_DONATE), 0);
	assert_false(split(HOST_BLK));
	assert_int_equal(owner_of(HOST_BLK + 77 * SZ_4K, NULL), VM);
	world_assert_ok();
	assert_int_equal(world_vm_unmap(VM, IPA), 0);
	assert_false(split(HOST_BLK));
	assert_int_equal(owner_of(HOST_BLK + 77 * SZ_4K, NULL), OWNER_HOST);
	/* One page of it: the region's record is copied into its 512 page records. */
	assert_int_equal(world_vm_map(VM, IPA, 3, PAGE(HOST_BLK + SZ_4K), OWNER_DONATE), 0);
	assert_true(split(HOST_BLK));
	assert_int_equal(owner_of(HOST_BLK, NULL), OWNER_HOST);
	assert_int_equal(owner_of(HOST_BLK + SZ_4K, NULL), VM);
	assert_int_equal(world_vm_unmap(VM, IPA), 0);
	/* The whole block again, page by page: alike afterwards, so one record again. */
	assert_int_equal(world_vm_map(VM, IPA + SZ_2M, 2, BLK(HOST_BLK), OWNER_DONATE), 0);
	assert_false(split(HOST_BLK));
	world_assert_ok();
	assert_int_equal(world_vm_unmap(VM, IPA + SZ_2M), 0);
	/* Shared twice as a block: one record counts both shares. */
	assert_int_equal(world_vm_map(VM, IPA + SZ_2M, 2, BLK(HOST_BLK), OWNER_SHARE), 0);
	assert_int_equal(world_vm_map(VM2, IPA, 2, BLK(HOST_BLK), OWNER_SHARE), 0);
	assert_false(split(HOST_BLK));
	{
		u32 shares = 0;

		assert_int_equal(owner_of(HOST_BLK + 300 * SZ_4K, &shares), OWNER_HOST);
		assert_int_equal(shares, 2);
	}
	world_assert_ok();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_boot_owners, world_setup),
	    cmocka_unit_test_setup(test_init_errors, world_setup),
	    cmocka_unit_test_setup(test_donate_once, world_setup),
	    cmocka_unit_test_setup(test_share_counts, world_setup),
	    cmocka_unit_test_setup(test_share_limit, world_setup),
	    cmocka_unit_test_setup(test_refused_pages, world_setup),
	    cmocka_unit_test_setup(test_block_all_or_nothing, world_setup),
	    cmocka_unit_test_setup(test_give_back_zeroes, world_setup),
	    cmocka_unit_test_setup(test_vm_donate_page_splits_host, world_setup),
	    cmocka_unit_test_setup(test_vm_unmap_returns, world_setup),
	    cmocka_unit_test_setup(test_vm_donate_block, world_setup),
	    cmocka_unit_test_setup(test_vm_donate_block_over_split_host, world_setup),
	    cmocka_unit_test_setup(test_vm_map_refusals, world_setup),
	    cmocka_unit_test_setup(test_vm_replace_leaf, world_setup),
	    cmocka_unit_test_setup(test_host_access, world_setup),
	    cmocka_unit_test_setup(test_release_all, world_setup),
	    cmocka_unit_test_setup(test_block_records, world_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
