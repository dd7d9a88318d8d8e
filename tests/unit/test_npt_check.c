/* SPDX-License-Identifier: MIT */
/*
 * The invariant checker itself: after a correct sequence it passes, and
 * each kind of damage, to the real tables or to the model, is reported
 * under the invariant it breaks. A checker that never fails proves nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <hypcore/phys.h>
#include <stdio.h>

#include "../model/npt_check.h"
#include "npt_fixture.h"

#define ROOT 0x2010000ULL
#define PGD0 0x2011000ULL
#define PUD0 0x2111000ULL
#define PMD0 0x2911000ULL

/* VM 1: a block at 1 GiB and a page at 1 GiB + 2 MiB; both in core and model. */
static int setup(void **state)
{
	fx_setup(state);
	assert_int_equal(fx_both_set(VM, 0x40000000, 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_both_set(VM, 0x40201000, 3, PAGE(PA_RAM + 0x1000)), 0);
	fx_check();
	return 0;
}

static int check(void)
{
	char why[512];
	int inv = npt_check(fx_model, why, sizeof(why));

	print_message("checker: %s\n", inv ? why : "ok");
	return inv;
}

/* A table descriptor whose page is inside the core's pool, written behind the core's back. */
static void poke(u64 pa, u64 val)
{
	phys_store(pa, val);
}

/* Core and model agree after real work: no false alarm. */
static void agrees_after_work(void **state)
{
	(void)state;
	for (u64 i = 0; i < 64; i++)
		assert_int_equal(fx_both_set(VM + 1, i << 30 | i << 21, i % 2 ? 2 : 3,
					     i % 2 ? BLOCK(PA_RAM) : PAGE(PA_RAM)),
				 0);
	assert_int_equal(check(), 0);
}

/* A model placing the pools elsewhere disagrees on the areas (1). */
static void wrong_areas_is_1(void **state)
{
	(void)state;
	fx_model->geo.pool_base += 0x1000;
	assert_int_equal(check(), 1);
}

/* A non-zero word above a next pointer breaks 2; zero again, it is fine. */
static void dirty_above_next_is_2(void **state)
{
	(void)state;
	poke(PMD0 + 0x5000 + 8, 0x1234);
	assert_int_equal(check(), 2);
	poke(PMD0 + 0x5000 + 8, 0);
	assert_int_equal(check(), 0);
}

/* A table entry pointing at an unallocated page, or not shaped as a table, breaks 3. */
static void bad_link_is_3(void **state)
{
	(void)state;
	poke(ROOT, (PGD0 + 0x1000) | 3);
	assert_int_equal(check(), 3);
	poke(ROOT, PGD0 | 1);
	assert_int_equal(check(), 3);
	poke(ROOT, PUD0 | 3); /* right area for level 1, wrong for a root entry */
	assert_int_equal(check(), 3);
}

/* A table with two parents, or an allocated table with none, breaks 4. */
static void shared_or_leaked_table_is_4(void **state)
{
	(void)state;
	poke(PGD0 + 8 * 7, PUD0 | 3);
	assert_int_equal(check(), 4);
	poke(PGD0 + 8 * 7, 0);
	poke(PUD0 + 8, 0); /* the level-3 table loses its parent */
	assert_int_equal(check(), 4);
}

/* The model believing in a table the real tree lacks (or the reverse) breaks 5. */
static void presence_mismatch_is_5(void **state)
{
	(void)state;
	model_map_del(&fx_model->vm[VM].pmd_t, 0x40200000 >> 21);
	assert_int_equal(check(), 5);
}

/* A leaf that differs from the model, or a mapping only one side has, breaks 6. */
static void leaf_mismatch_is_6(void **state)
{
	(void)state;
	poke(PMD0 + 8, PAGE(PA_RAM + 0x2000));
	assert_int_equal(check(), 6);
	poke(PMD0 + 8, PAGE(PA_RAM + 0x1000));
	assert_int_equal(check(), 0);
	poke(PMD0 + 16, PAGE(PA_RAM));
	assert_int_equal(check(), 6);
	poke(PMD0 + 16, 0);
	model_map_del(&fx_model->vm[VM].pt, 0x40201000 >> 12);
	assert_int_equal(check(), 6);
}

/* A model region mixing levels (one gfn of a block at level 3) is caught, through the gfn-by-gfn
 * match. */
static void mixed_region_is_caught(void **state)
{
	(void)state;
	model_map_put(&fx_model->vm[VM].pt, (0x40000000 >> 12) + 5,
		      (struct model_triple){(PA_RAM >> 12) + 5, BLOCK(PA_RAM), 3});
	assert_int_not_equal(check(), 0);
}

/* A model that predicts a different allocation breaks 8. */
static void next_mismatch_is_8(void **state)
{
	(void)state;
	fx_model->vm[VM].pud_next += 0x1000;
	assert_int_equal(check(), 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(agrees_after_work, setup),
	    cmocka_unit_test_setup(wrong_areas_is_1, setup),
	    cmocka_unit_test_setup(dirty_above_next_is_2, setup),
	    cmocka_unit_test_setup(bad_link_is_3, setup),
	    cmocka_unit_test_setup(shared_or_leaked_table_is_4, setup),
	    cmocka_unit_test_setup(presence_mismatch_is_5, setup),
	    cmocka_unit_test_setup(leaf_mismatch_is_6, setup),
	    cmocka_unit_test_setup(mixed_region_is_caught, setup),
	    cmocka_unit_test_setup(next_mismatch_is_8, setup),
	};

	return cmocka_run_group_tests_name("npt_check", tests, NULL, NULL);
}
