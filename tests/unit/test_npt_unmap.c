/* SPDX-License-Identifier: MIT */
/* unmap_npt: clears exactly one leaf (a whole block or one page); tables stay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "npt_fixture.h"

#define ROOT 0x2010000ULL
#define PGD0 0x2011000ULL
#define PUD0 0x2111000ULL
#define PMD0 0x2911000ULL

/* Unmapping any address inside a block clears the whole block entry, and only it. */
static void unmap_clears_whole_block(void **state)
{
	u64 flushes;

	(void)state;
	assert_int_equal(fx_set(VM, 0x40000000, 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_set(VM, 0x40200000, 2, BLOCK(PA_RAM + SZ_2M)), 0);
	flushes = sim_tlb_flushes();
	assert_int_equal(fx_unmap(VM, 0x40000000 + 0x1ff008), 0);
	assert_int_equal(sim_tlb_flushes(), flushes + 1);
	for (u64 off = 0; off < SZ_2M; off += 0x1000)
		assert_int_equal(fx_walk(VM, 0x40000000 + off), 0);
	fx_assert_only_entry(PUD0, 1, BLOCK(PA_RAM + SZ_2M));
	fx_assert_only_entry(PGD0, 1, PUD0 | 3); /* tables are never freed */
}

/* Unmapping a page clears that page only; its table and neighbours stay. */
static void unmap_clears_one_page(void **state)
{
	(void)state;
	assert_int_equal(fx_set(VM, 0x5000, 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_set(VM, 0x6000, 3, PAGE(PA_RAM + 0x1000)), 0);
	assert_int_equal(fx_unmap(VM, 0x5ff8), 0);
	assert_int_equal(fx_walk(VM, 0x5000), 0);
	assert_int_equal(fx_level(VM, 0x5000), 0);
	fx_assert_only_entry(PMD0, 6, PAGE(PA_RAM + 0x1000));
	fx_assert_only_entry(PUD0, 0, PMD0 | 3);
}

/* Unmapping where nothing is mapped succeeds and changes nothing, with no TLB flush. */
static void unmap_nothing_is_ok(void **state)
{
	u64 before, flushes;

	(void)state;
	assert_int_equal(fx_set(VM, 0x5000, 3, PAGE(PA_RAM)), 0);
	before = fx_vm_fingerprint(VM);
	flushes = sim_tlb_flushes();
	assert_int_equal(fx_unmap(VM, 0x4000), 0);     /* same table, empty entry */
	assert_int_equal(fx_unmap(VM, 0x200000), 0);   /* no level-3 table */
	assert_int_equal(fx_unmap(VM, 1ULL << 40), 0); /* no level-1 table */
	assert_int_equal(fx_unmap(VM, (1ULL << 48) - 1), 0);
	assert_int_equal(fx_vm_fingerprint(VM), before);
	assert_int_equal(sim_tlb_flushes(), flushes);
}

/* After unmapping a block, pages may go into that region (a new level-3 table); after unmapping
 * pages, a block may not. */
static void levels_after_unmap(void **state)
{
	(void)state;
	assert_int_equal(fx_set(VM, 0x40000000, 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_unmap(VM, 0x40000000), 0);
	assert_int_equal(fx_set(VM, 0x40001000, 3, PAGE(PA_RAM)), 0);
	fx_assert_only_entry(PUD0, 0, PMD0 | 3);
	assert_int_equal(fx_unmap(VM, 0x40001000), 0);
	assert_int_equal(fx_set(VM, 0x40000000, 2, BLOCK(PA_RAM)), -HC_EEXIST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(unmap_clears_whole_block, fx_setup),
	    cmocka_unit_test_setup(unmap_clears_one_page, fx_setup),
	    cmocka_unit_test_setup(unmap_nothing_is_ok, fx_setup),
	    cmocka_unit_test_setup(levels_after_unmap, fx_setup),
	};

	return cmocka_run_group_tests_name("npt_unmap", tests, NULL, NULL);
}
