/* SPDX-License-Identifier: MIT */
/*
 * The per-VM pool: each area fills to its exact last page, the next table
 * it would need is enomem with nothing written, and bounds are checked for
 * all areas before anything is allocated. Mappings also run on the model,
 * and the invariants are checked at the end of each test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "npt_fixture.h"

#define IPA(i0, i1, i2, i3) ((u64)(i0) << 39 | (u64)(i1) << 30 | (u64)(i2) << 21 | (u64)(i3) << 12)

/* Spec layout: 256 / 2048 / 5887 pages per area. */
#define PGD_PAGES 256
#define PUD_PAGES 2048
#define PMD_PAGES 5887

static void assert_enomem_changes_nothing(u64 addr, u32 level, u64 pte)
{
	u64 before = fx_vm_fingerprint(VM);

	assert_int_equal(fx_both_set(VM, addr, level, pte), -HC_ENOMEM);
	assert_int_equal(fx_vm_fingerprint(VM), before);
}

/* 256 distinct level-0 indices fill the pgd area to its last page; the 257th is enomem. */
static void pgd_area_exhausts_at_256(void **state)
{
	struct npt_pool_usage u;

	(void)state;
	for (u32 i = 0; i < PGD_PAGES; i++)
		assert_int_equal(fx_both_set(VM, IPA(i, 0, 0, 0), 2, BLOCK(PA_RAM)), 0);
	u = fx_usage(VM);
	assert_int_equal(u.pgd_next, u.pgd_end);
	assert_int_equal(fx_word(u.root + 8 * (PGD_PAGES - 1)), (u.pgd_end - 0x1000) | 3);
	assert_enomem_changes_nothing(IPA(PGD_PAGES, 0, 0, 0), 2, BLOCK(PA_RAM));
	assert_enomem_changes_nothing(IPA(511, 0, 0, 0), 3, PAGE(PA_RAM));
	/* Under an existing level-1 table, only the other areas are needed: still fine. */
	assert_int_equal(fx_both_set(VM, IPA(7, 1, 0, 0), 3, PAGE(PA_RAM)), 0);
	fx_check();
}

/* 2048 level-2 tables fill the pud area to its last page; one more is enomem and takes no pgd page.
 */
static void pud_area_exhausts_at_2048(void **state)
{
	struct npt_pool_usage u;

	(void)state;
	for (u32 n = 0; n < PUD_PAGES; n++)
		assert_int_equal(fx_both_set(VM, IPA(n / 512, n % 512, 0, 0), 2, BLOCK(PA_RAM)), 0);
	u = fx_usage(VM);
	assert_int_equal(u.pud_next, u.pud_end);
	assert_int_equal(u.pgd_next, u.pgd_start + 4 * 0x1000);
	assert_int_equal(fx_word(u.pgd_start + 3 * 0x1000 + 8 * 511), (u.pud_end - 0x1000) | 3);
	/* Needs a pgd page (free) and a pud page (none left): nothing may be allocated. */
	assert_enomem_changes_nothing(IPA(4, 0, 0, 0), 2, BLOCK(PA_RAM));
	assert_int_equal(fx_usage(VM).pgd_next, u.pgd_next);
	/* A page in an existing region needs only the pmd area. */
	assert_int_equal(fx_both_set(VM, IPA(2, 2, 2, 2), 3, PAGE(PA_RAM)), 0);
	fx_check();
}

/* 5887 level-3 tables fill the pmd area to the pool's last page; one more is enomem. */
static void pmd_area_exhausts_at_5887(void **state)
{
	struct npt_pool_usage u;
	u64 last;

	(void)state;
	for (u32 n = 0; n < PMD_PAGES; n++)
		assert_int_equal(fx_both_set(VM, IPA(0, n / 512, n % 512, 0), 3, PAGE(PA_RAM)), 0);
	u = fx_usage(VM);
	assert_int_equal(u.pmd_next, u.pmd_end);
	assert_int_equal(u.pmd_end, u.root + 32 * SZ_1G / 1024);
	last = IPA(0, (PMD_PAGES - 1) / 512, (PMD_PAGES - 1) % 512, 0);
	assert_int_equal(fx_walk(VM, last), PAGE(PA_RAM));
	assert_int_equal(fx_word(u.pud_start + 11 * 0x1000 + 8 * ((PMD_PAGES - 1) % 512)),
			 (u.pmd_end - 0x1000) | 3);
	assert_enomem_changes_nothing(IPA(0, 11, 511, 0), 3, PAGE(PA_RAM));
	assert_enomem_changes_nothing(IPA(1, 0, 0, 0), 3, PAGE(PA_RAM));
	/* Blocks need no pmd page; pages in existing tables need nothing. */
	assert_int_equal(fx_both_set(VM, IPA(0, 11, 510, 0), 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_both_set(VM, IPA(0, 0, 0, 5), 3, PAGE(PA_RAM)), 0);
	fx_check();
}

/* A full pool in one VM leaves the others untouched and usable. */
static void pools_are_per_vm(void **state)
{
	(void)state;
	for (u32 i = 0; i < PGD_PAGES; i++)
		assert_int_equal(fx_both_set(VM, IPA(i, 0, 0, 0), 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_both_set(VM + 1, IPA(300, 0, 0, 0), 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_usage(VM + 1).pgd_next, fx_usage(VM + 1).pgd_start + 0x1000);
	fx_check();
}

/* A tiny pool (1 pgd, 2 pud, 2 pmd pages): each area runs out in turn, and order of checks holds.
 */
static void tiny_pool_each_area_in_turn(void **state)
{
	const struct npt_geometry tiny = {.pool_base = 0x10000,
					  .pool_size = 6 * 4096,
					  .pgd_pages = 1,
					  .pud_pages = 2,
					  .nr_vms = 2};

	(void)state;
	fx_start(&tiny);
	assert_int_equal(fx_both_set(VM, IPA(0, 0, 0, 0), 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_both_set(VM, IPA(0, 0, 1, 0), 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_usage(VM).pmd_next, fx_usage(VM).pmd_end);
	/* pmd full: a page in a third region fails; a block there does not. */
	assert_enomem_changes_nothing(IPA(0, 0, 2, 0), 3, PAGE(PA_RAM));
	assert_int_equal(fx_both_set(VM, IPA(0, 0, 2, 0), 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_both_set(VM, IPA(0, 1, 0, 0), 2, BLOCK(PA_RAM)), 0);
	/* pud full now; pgd full already: a new level-0 index needs both. */
	assert_enomem_changes_nothing(IPA(0, 2, 0, 0), 2, BLOCK(PA_RAM));
	assert_enomem_changes_nothing(IPA(1, 0, 0, 0), 2, BLOCK(PA_RAM));
	/* Replacing existing leaves needs no table at all. */
	assert_int_equal(fx_both_set(VM, IPA(0, 1, 0, 0), 2, BLOCK(PA_RAM + SZ_2M)), 0);
	assert_int_equal(fx_both_set(VM, IPA(0, 0, 1, 0), 3, PAGE(PA_RAM + 0x1000)), 0);
	fx_check();
}

/* Reset zeroes every table page the VM used and rewinds the pool, which is then reused from the
 * start. */
static void reset_rewinds_and_zeroes(void **state)
{
	struct npt_pool_usage fresh = fx_usage(VM), u;

	(void)state;
	for (u32 n = 0; n < 40; n++)
		assert_int_equal(fx_set(VM, IPA(n % 3, n % 5, n, 1), 3, PAGE(PA_RAM)), 0);
	u = fx_usage(VM);
	npt_lock(VM);
	assert_int_equal(npt_reset_vm(VM), 0);
	npt_unlock(VM);
	for (u64 pa = u.root; pa < u.pmd_next; pa += 0x1000)
		assert_int_equal(fx_live_entries(pa), 0);
	u = fx_usage(VM);
	assert_memory_equal(&u, &fresh, sizeof(u));
	assert_int_equal(fx_walk(VM, IPA(0, 0, 0, 1)), 0);
	assert_int_equal(fx_both_set(VM, IPA(0, 0, 0, 1), 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_word(u.root), u.pgd_start | 3);
	fx_check();
}

/*
 * vmid 0's pool sized on its own (host_pool_size): it comes first, the VMs
 * follow at pool_size each, and the host's pmd area holds exactly its
 * pages of level-3 tables (one per 2 MiB region split), then enomem; the
 * VM after it keeps its own, smaller pool.
 */
static void host_pool_sized_apart(void **state)
{
	const struct npt_geometry g = {.pool_base = 0x10000,
				       .pool_size = 6 * 4096,
				       .pgd_pages = 1,
				       .pud_pages = 2,
				       .nr_vms = 3,
				       .host_pool_size = 20 * 4096};
	struct npt_pool_usage host, vm1, vm2;
	u32 n;

	(void)state;
	fx_start(&g);
	host = fx_usage(0);
	vm1 = fx_usage(1);
	vm2 = fx_usage(2);
	assert_int_equal(host.root, 0x10000);
	assert_int_equal(host.pmd_end, 0x10000 + 20 * 4096);
	assert_int_equal(vm1.root, host.pmd_end);
	assert_int_equal(vm2.root, vm1.root + 6 * 4096);
	assert_int_equal(npt_geo_pools_end(&g), vm2.root + 6 * 4096);
	assert_int_equal((host.pmd_end - host.pmd_start) / 4096, 20 - 1 - 1 - 2);
	for (n = 0; n < 16; n++)
		assert_int_equal(fx_both_set(0, IPA(0, 0, n, 0), 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_usage(0).pmd_next, host.pmd_end);
	assert_int_equal(fx_both_set(0, IPA(0, 0, n, 0), 3, PAGE(PA_RAM)), -HC_ENOMEM);
	assert_int_equal(fx_both_set(1, IPA(0, 0, 0, 0), 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_both_set(1, IPA(0, 0, 1, 0), 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_both_set(1, IPA(0, 0, 2, 0), 3, PAGE(PA_RAM)), -HC_ENOMEM);
	fx_check();
}

/* npt_init refuses geometries that do not fit. */
static void init_refuses_bad_geometry(void **state)
{
	struct npt_geometry g = npt_spec_geometry;

	(void)state;
	g.nr_vms = 0;
	assert_int_equal(npt_init(&g), -HC_EINVAL);
	g.nr_vms = NPT_MAX_VMS + 1;
	assert_int_equal(npt_init(&g), -HC_EINVAL);
	g = npt_spec_geometry;
	g.pool_base += 8;
	assert_int_equal(npt_init(&g), -HC_EINVAL);
	g = npt_spec_geometry;
	g.pgd_pages = 8191; /* no room left for pud and pmd */
	assert_int_equal(npt_init(&g), -HC_EINVAL);
	g = npt_spec_geometry;
	g.pud_pages = 8192 - 1 - 256; /* no pmd page */
	assert_int_equal(npt_init(&g), -HC_EINVAL);
	g = npt_spec_geometry;
	g.host_pool_size = 8; /* vmid 0's pool must be whole pages too */
	assert_int_equal(npt_init(&g), -HC_EINVAL);
	g.host_pool_size = (1 + 256 + 2048) * 4096; /* no pmd page */
	assert_int_equal(npt_init(&g), -HC_EINVAL);
	g.host_pool_size = (1ULL << 48) - g.pool_base - 15 * g.pool_size + 4096; /* past 2^48 */
	assert_int_equal(npt_init(&g), -HC_EINVAL);
	g.host_pool_size -= 4096; /* the last VM's pool ends at 2^48 exactly */
	assert_int_equal(npt_init(&g), 0);
	assert_int_equal(npt_init(&npt_spec_geometry), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(pgd_area_exhausts_at_256, fx_setup),
	    cmocka_unit_test_setup(pud_area_exhausts_at_2048, fx_setup),
	    cmocka_unit_test_setup(pmd_area_exhausts_at_5887, fx_setup),
	    cmocka_unit_test_setup(pools_are_per_vm, fx_setup),
	    cmocka_unit_test_setup(tiny_pool_each_area_in_turn, fx_setup),
	    cmocka_unit_test_setup(reset_rewinds_and_zeroes, fx_setup),
	    cmocka_unit_test_setup(host_pool_sized_apart, fx_setup),
	    cmocka_unit_test_setup(init_refuses_bad_geometry, fx_setup),
	};

	return cmocka_run_group_tests_name("npt_pool", tests, NULL, NULL);
}
