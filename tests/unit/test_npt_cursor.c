/* SPDX-License-Identifier: MIT */
/*
 * The leaf cursor (npt_leaves.c): every leaf of a range, in address order,
 * in one pass; clearing through it defers TLB maintenance to one flush.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "npt_fixture.h"
#include "panic_catch.h"

/* Collect the leaves of [start, end) of VM into out (at most max). */
static u32 leaves(u64 start, u64 end, struct npt_leaf *out, u32 max)
{
	struct npt_cursor c;
	struct npt_tables *t;
	u32 n = 0;

	npt_lock(VM);
	t = npt_vm_tables(VM);
	npt_cursor_start(t, &c, start, end);
	while (n < max && npt_cursor_next(t, &c, &out[n]))
		n++;
	npt_unlock(VM);
	return n;
}

/* Pages and blocks under different tables come out in address order, each once. */
static void visits_in_order(void **state)
{
	const u64 ipas[] = {0x5000, 0x6000, 0x40000000, 0x8000000000ULL, 0x8000201000ULL};
	struct npt_leaf l[8];

	(void)state;
	assert_int_equal(fx_set(VM, 0x8000201000ULL, 3, PAGE(PA_RAM + 0x3000)), 0);
	assert_int_equal(fx_set(VM, 0x40000000, 2, BLOCK(PA_RAM + SZ_2M)), 0);
	assert_int_equal(fx_set(VM, 0x6000, 3, PAGE(PA_RAM + 0x1000)), 0);
	assert_int_equal(fx_set(VM, 0x5000, 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_set(VM, 0x8000000000ULL, 3, PAGE(PA_RAM + 0x2000)), 0);
	assert_int_equal(leaves(0, 0, l, 8), 5);
	for (u32 i = 0; i < 5; i++) {
		assert_int_equal(l[i].addr, ipas[i]);
		assert_int_equal(l[i].pte, fx_walk(VM, ipas[i]));
		assert_int_equal(l[i].level, ipas[i] == 0x40000000 ? 2 : 3);
	}
}

/* A range starts inside a block (the block counts) and stops before end. */
static void honours_the_range(void **state)
{
	struct npt_leaf l[8];

	(void)state;
	assert_int_equal(fx_set(VM, 0x40000000, 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_set(VM, 0x40200000, 3, PAGE(PA_RAM + SZ_2M)), 0);
	assert_int_equal(fx_set(VM, 0x40201000, 3, PAGE(PA_RAM + SZ_2M + 0x1000)), 0);
	assert_int_equal(leaves(0x40100000, 0x40201000, l, 8), 2);
	assert_int_equal(l[0].addr, 0x40000000);
	assert_int_equal(l[1].addr, 0x40200000);
	assert_int_equal(leaves(0x40201000, 0x40202000, l, 8), 1);
	assert_int_equal(l[0].addr, 0x40201000);
	assert_int_equal(leaves(0x40202000, 0, l, 8), 0);
	assert_int_equal(leaves(0x5000, 0x5000, l, 8), 0);
}

/* An empty VM has no leaves; the whole IPA space is one call. */
static void empty_vm(void **state)
{
	struct npt_leaf l[1];

	(void)state;
	assert_int_equal(leaves(0, 0, l, 1), 0);
	assert_int_equal(leaves(0xffffffffff000ULL, 0, l, 1), 0);
}

/* Clearing many leaves costs one VM-wide invalidation; one leaf, one by address. */
static void clear_then_one_flush(void **state)
{
	struct npt_cursor c;
	struct npt_tables *t;
	struct npt_leaf l;
	u64 flushes;
	u32 n = 0;

	(void)state;
	for (u64 i = 0; i < 40; i++)
		assert_int_equal(fx_set(VM, 0x100000 + i * SZ_4K, 3, PAGE(PA_RAM + i * SZ_4K)), 0);
	flushes = sim_tlb_flushes();
	npt_lock(VM);
	t = npt_vm_tables(VM);
	npt_cursor_start(t, &c, 0, 0x100000 + 39 * SZ_4K);
	while (npt_cursor_next(t, &c, &l)) {
		npt_cursor_clear(t, &c);
		n++;
	}
	assert_int_equal(sim_tlb_flushes(), flushes);
	npt_ts_flush(t);
	assert_int_equal(sim_tlb_flushes(), flushes + 1);
	npt_cursor_start(t, &c, 0, 0);
	assert_true(npt_cursor_next(t, &c, &l));
	npt_cursor_clear(t, &c);
	npt_ts_flush(t);
	npt_unlock(VM);
	assert_int_equal(n, 39);
	assert_int_equal(sim_tlb_flushes(), flushes + 2);
	assert_int_equal(l.addr, 0x100000 + 39 * SZ_4K);
	for (u64 i = 0; i < 40; i++)
		assert_int_equal(fx_walk(VM, 0x100000 + i * SZ_4K), 0);
}

/* Break-before-make: no leaf is written while a cleared one awaits its flush. */
static void no_make_before_flush(void **state)
{
	struct npt_cursor c;
	struct npt_tables *t;
	struct npt_leaf l;

	(void)state;
	assert_int_equal(fx_set(VM, 0x5000, 3, PAGE(PA_RAM)), 0);
	npt_lock(VM);
	t = npt_vm_tables(VM);
	npt_cursor_start(t, &c, 0, 0);
	assert_true(npt_cursor_next(t, &c, &l));
	npt_cursor_clear(t, &c);
	assert_true(PANICS(set_npt(VM, 0x5000, 3, PAGE(PA_RAM + 0x1000))));
	npt_ts_flush(t);
	assert_int_equal(set_npt(VM, 0x5000, 3, PAGE(PA_RAM + 0x1000)), 0);
	npt_unlock(VM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(visits_in_order, fx_setup),
	    cmocka_unit_test_setup(honours_the_range, fx_setup),
	    cmocka_unit_test_setup(empty_vm, fx_setup),
	    cmocka_unit_test_setup(clear_then_one_flush, fx_setup),
	    cmocka_unit_test_setup(no_make_before_flush, fx_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
