/* SPDX-License-Identifier: MIT */
/* set_npt, walk_npt and get_npt_level on valid input: what the tables hold after. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "npt_fixture.h"

/* VM 1's pool in the spec layout. */
#define ROOT		    0x2010000ULL
#define PGD0		    0x2011000ULL
#define PUD0		    0x2111000ULL
#define PMD0		    0x2911000ULL
#define IPA(i0, i1, i2, i3) ((u64)(i0) << 39 | (u64)(i1) << 30 | (u64)(i2) << 21 | (u64)(i3) << 12)

/* A fresh VM maps nothing: every walk is 0, every level 0, no table page used. */
static void empty_vm_maps_nothing(void **state)
{
	struct npt_pool_usage u = fx_usage(VM);

	(void)state;
	assert_int_equal(fx_walk(VM, 0), 0);
	assert_int_equal(fx_walk(VM, IPA(511, 511, 511, 511)), 0);
	assert_int_equal(fx_level(VM, IPA(3, 4, 5, 6)), 0);
	assert_int_equal(u.root, ROOT);
	assert_int_equal(u.pgd_next, PGD0);
	assert_int_equal(u.pud_next, PUD0);
	assert_int_equal(u.pmd_next, PMD0);
	assert_int_equal(fx_live_entries(ROOT), 0);
}

/* A block builds root -> level 1 -> level 2, one entry each, and nothing more. */
static void block_builds_exact_path(void **state)
{
	u64 ipa = IPA(2, 3, 4, 0), pte = BLOCK(PA_RAM);

	(void)state;
	assert_int_equal(fx_set(VM, ipa, 2, pte), 0);
	fx_assert_only_entry(ROOT, 2, PGD0 | 3);
	fx_assert_only_entry(PGD0, 3, PUD0 | 3);
	fx_assert_only_entry(PUD0, 4, pte);
	assert_int_equal(fx_usage(VM).pmd_next, PMD0);
}

/* A page builds all four levels, one entry each. */
static void page_builds_exact_path(void **state)
{
	u64 ipa = IPA(1, 2, 3, 4), pte = PAGE(PA_RAM + 0x5000);

	(void)state;
	assert_int_equal(fx_set(VM, ipa, 3, pte), 0);
	fx_assert_only_entry(ROOT, 1, PGD0 | 3);
	fx_assert_only_entry(PGD0, 2, PUD0 | 3);
	fx_assert_only_entry(PUD0, 3, PMD0 | 3);
	fx_assert_only_entry(PMD0, 4, pte);
	assert_int_equal(fx_usage(VM).pmd_next, PMD0 + 0x1000);
}

/* Every one of a block's 512 pages walks to the block entry at level 2; neighbours stay empty. */
static void block_covers_exactly_2mib(void **state)
{
	u64 base = IPA(0, 1, 7, 0), pte = BLOCK(PA_RAM + SZ_2M) | (1ULL << 10);

	(void)state;
	assert_int_equal(fx_set(VM, base + 0x12345, 2, pte), 0);
	for (u64 off = 0; off < SZ_2M; off += 0x1000) {
		assert_int_equal(fx_walk(VM, base + off + 0xabc), pte);
		assert_int_equal(fx_level(VM, base + off), 2);
	}
	assert_int_equal(fx_walk(VM, base - 0x1000), 0);
	assert_int_equal(fx_walk(VM, base + SZ_2M), 0);
}

/* A page maps exactly its 4 KiB, and walk returns the pte exactly as given (attributes kept). */
static void page_covers_exactly_4kib(void **state)
{
	u64 ipa = IPA(0, 0, 0, 9), pte = PAGE(PA_RAM) | (1ULL << 10) | (7ULL << 52) | (1ULL << 63);

	(void)state;
	assert_int_equal(fx_set(VM, ipa + 0x800, 3, pte), 0);
	assert_int_equal(fx_walk(VM, ipa), pte);
	assert_int_equal(fx_walk(VM, ipa + 0xfff), pte);
	assert_int_equal(fx_level(VM, ipa), 3);
	assert_int_equal(fx_walk(VM, ipa - 1), 0);
	assert_int_equal(fx_walk(VM, ipa + 0x1000), 0);
}

/* Mappings in one region share its tables: a second page allocates nothing. */
static void neighbours_share_tables(void **state)
{
	struct npt_pool_usage before, after;

	(void)state;
	assert_int_equal(fx_set(VM, IPA(0, 0, 0, 1), 3, PAGE(PA_RAM)), 0);
	before = fx_usage(VM);
	assert_int_equal(fx_set(VM, IPA(0, 0, 0, 2), 3, PAGE(PA_RAM + 0x1000)), 0);
	after = fx_usage(VM);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(fx_live_entries(PMD0), 2);
}

/* Re-setting a leaf of the same level replaces it, breaking before making (one TLB flush). */
static void replace_same_level_flushes_once(void **state)
{
	u64 ipa = IPA(0, 0, 1, 0), flushes;

	(void)state;
	assert_int_equal(fx_set(VM, ipa, 2, BLOCK(PA_RAM)), 0);
	flushes = sim_tlb_flushes();
	assert_int_equal(fx_set(VM, ipa, 2, BLOCK(PA_RAM + SZ_2M)), 0);
	assert_int_equal(sim_tlb_flushes(), flushes + 1);
	fx_assert_only_entry(PUD0, 1, BLOCK(PA_RAM + SZ_2M));

	assert_int_equal(fx_set(VM, ipa + SZ_2M, 3, PAGE(PA_RAM)), 0);
	flushes = sim_tlb_flushes();
	assert_int_equal(fx_set(VM, ipa + SZ_2M, 3, PAGE(PA_RAM + 0x3000)), 0);
	assert_int_equal(sim_tlb_flushes(), flushes + 1);
	fx_assert_only_entry(PMD0, 0, PAGE(PA_RAM + 0x3000));
}

/* A first mapping needs no TLB flush: nothing was there to break. */
static void first_mapping_does_not_flush(void **state)
{
	u64 flushes = sim_tlb_flushes();

	(void)state;
	assert_int_equal(fx_set(VM, 0, 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_set(VM, SZ_2M * 5, 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(sim_tlb_flushes(), flushes);
}

/* VMs are separate: mapping in VM 1 leaves VM 2's tables and walks empty. */
static void vms_are_isolated(void **state)
{
	u64 vm2 = fx_vm_fingerprint(2);

	(void)state;
	assert_int_equal(fx_set(VM, IPA(0, 1, 0, 0), 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_set(VM, IPA(0, 1, 1, 0), 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_walk(2, IPA(0, 1, 0, 0)), 0);
	assert_int_equal(fx_vm_fingerprint(2), vm2);
	assert_int_equal(fx_live_entries(ROOT + 0x2000000), 0);
}

/* The highest valid address works at both levels. */
static void top_of_ipa_space(void **state)
{
	(void)state;
	assert_int_equal(fx_set(VM, (1ULL << 48) - 1, 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_walk(VM, (1ULL << 48) - 8), PAGE(PA_RAM));
	assert_int_equal(fx_set(VM, (1ULL << 48) - SZ_4K - SZ_2M, 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_level(VM, (1ULL << 48) - SZ_2M - 1), 2);
	fx_assert_only_entry(ROOT, 511, PGD0 | 3);
}

/* VTTBR is the pool start with the vmid in bits [63:48], for every VM. */
static void vttbr_layout(void **state)
{
	(void)state;
	for (u32 v = 0; v < 16; v++) {
		u64 vttbr;

		assert_int_equal(npt_vttbr(v, &vttbr), 0);
		assert_int_equal(vttbr, (0x10000 + v * 0x2000000ULL) | ((u64)v << 48));
	}
}

static int set_run(u64 addr, u32 n, u64 pte)
{
	int r;

	npt_lock(VM);
	r = npt_ts_set_run(npt_vm_tables(VM), addr, n, pte);
	npt_unlock(VM);
	return r;
}

/* A run maps n consecutive pages to consecutive output pages through one table. */
static void run_maps_consecutive_pages(void **state)
{
	struct npt_pool_usage before = fx_usage(VM), after;

	(void)state;
	assert_int_equal(set_run(0x40100000, 256, PAGE(PA_RAM)), 0);
	for (u64 i = 0; i < 256; i++)
		assert_int_equal(fx_walk(VM, 0x40100000 + i * SZ_4K), PAGE(PA_RAM + i * SZ_4K));
	assert_int_equal(fx_walk(VM, 0x40100000 - SZ_4K), 0);
	assert_int_equal(fx_walk(VM, 0x40200000), 0);
	after = fx_usage(VM);
	assert_int_equal(after.pmd_next - before.pmd_next, SZ_4K);
	/* The rest of the region later, into the same table. */
	assert_int_equal(set_run(0x40000000, 256, PAGE(PA_RAM + 0x100000)), 0);
	assert_int_equal(fx_usage(VM).pmd_next, after.pmd_next);
}

/* A run refused writes nothing: an occupied page, a block, a region crossed, a full pool. */
static void run_refusals_write_nothing(void **state)
{
	u64 fp;

	(void)state;
	assert_int_equal(fx_set(VM, 0x40180000, 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_set(VM, 0x40400000, 2, BLOCK(PA_RAM)), 0);
	fp = fx_vm_fingerprint(VM);
	assert_int_equal(set_run(0x40100000, 256, PAGE(PA_RAM)), -HC_EEXIST);
	assert_int_equal(set_run(0x40400000, 1, PAGE(PA_RAM)), -HC_EEXIST);
	assert_int_equal(set_run(0x401ff000, 2, PAGE(PA_RAM)), -HC_EINVAL);
	assert_int_equal(set_run(0x40100800, 1, PAGE(PA_RAM)), -HC_EINVAL);
	assert_int_equal(set_run(0x40100000, 0, PAGE(PA_RAM)), -HC_EINVAL);
	assert_int_equal(set_run(0x40100000, 1, BLOCK(PA_RAM)), -HC_EINVAL);
	/* Index 257 + n wraps a u32 to 256: still a run past the table. */
	assert_int_equal(set_run(0x40101000, 0xffffffffU, PAGE(PA_RAM)), -HC_EINVAL);
	assert_int_equal(fx_vm_fingerprint(VM), fp);
}

/* A table set that defers its TLB invalidation (as the SPT's), in VM 15's pool (unused here),
 * locked. */
static void spare_set(struct npt_tables *t)
{
	const struct npt_geometry *g = npt_geometry();

	assert_int_equal(npt_ts_init(t, g->pool_base + 15 * g->pool_size, g->pool_size, 1, 1, 99,
				     NPT_TABLES_DEFER_TLBI),
			 0);
	npt_ts_lock(t);
}

/* clear_run: one walk, absent pages fine, cleared leaves recorded for a deferred flush. */
static void clear_run_defers(void **state)
{
	u64 addr, level;
	struct npt_tables t;
	u32 lvl;

	(void)state;
	spare_set(&t);
	assert_int_equal(npt_ts_set_run(&t, 0x200000, 10, PAGE(PA_RAM)), 0);
	assert_int_equal(npt_ts_set(&t, 0x400000, 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(npt_ts_clear_run(&t, 0x208000, 4), 0); /* pages 8, 9 mapped; 10, 11 not */
	assert_int_equal(npt_ts_take_stale(&t, &addr, &lvl), 2);
	level = lvl;
	assert_int_equal(addr, 0x209000);
	assert_int_equal(level, 3);
	assert_int_equal(npt_ts_walk(&t, 0x208000, &addr), 0);
	assert_int_equal(addr, 0);
	assert_int_equal(npt_ts_walk(&t, 0x207000, &addr), 0);
	assert_int_equal(addr, PAGE(PA_RAM + 7 * SZ_4K));
	assert_int_equal(npt_ts_clear_run(&t, 0x400000, 1), -HC_EEXIST); /* a block */
	assert_int_equal(npt_ts_clear_run(&t, 0x1ff000, 2), -HC_EINVAL); /* crosses a region */
	assert_int_equal(npt_ts_clear_run(&t, 0x201000, 0xffffffffU), -HC_EINVAL); /* 1 + n wraps */
	assert_int_equal(npt_ts_clear_run(&t, 0x600000, 5), 0); /* nothing there */
	assert_int_equal(npt_ts_take_stale(&t, &addr, &lvl), 0);
	npt_ts_unlock(&t);
	/* A CPU table set flushes as it goes: a run clear is not for it. */
	npt_lock(VM);
	assert_int_equal(npt_ts_clear_run(npt_vm_tables(VM), 0x200000, 1), -HC_EINVAL);
	npt_unlock(VM);
}

/* unpark: a run first .. first + n - 1 must fit the table, even when first + n wraps a u32. */
static void unpark_refuses_runs_past_the_table(void **state)
{
	u64 addr, table;
	struct npt_tables t;
	u32 lvl;

	(void)state;
	spare_set(&t);
	assert_int_equal(npt_ts_set_run(&t, 0x200000, 1, PAGE(PA_RAM)), 0);
	assert_int_equal(npt_ts_park(&t, 0x200000, &table), 0);
	assert_int_not_equal(table, 0);
	npt_ts_take_stale(&t, &addr, &lvl);
	assert_int_equal(npt_ts_unpark(&t, 0x200000, table, 0xffffffffU, 2, PAGE(PA_RAM)),
			 -HC_EINVAL);
	assert_int_equal(npt_ts_unpark(&t, 0x200000, table, 1, 512, PAGE(PA_RAM)), -HC_EINVAL);
	assert_int_equal(npt_ts_walk(&t, 0x200000, &addr), 0);
	assert_int_equal(addr, 0); /* nothing linked by the refusals */
	assert_int_equal(npt_ts_unpark(&t, 0x200000, table, 1, 511, PAGE(PA_RAM)), 0);
	assert_int_equal(npt_ts_walk(&t, 0x200000, &addr), 0);
	assert_int_equal(addr, 0);
	assert_int_equal(npt_ts_walk(&t, 0x3ff000, &addr), 0);
	assert_int_equal(addr, PAGE(PA_RAM + 510 * SZ_4K));
	npt_ts_unlock(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(empty_vm_maps_nothing, fx_setup),
	    cmocka_unit_test_setup(block_builds_exact_path, fx_setup),
	    cmocka_unit_test_setup(page_builds_exact_path, fx_setup),
	    cmocka_unit_test_setup(block_covers_exactly_2mib, fx_setup),
	    cmocka_unit_test_setup(page_covers_exactly_4kib, fx_setup),
	    cmocka_unit_test_setup(neighbours_share_tables, fx_setup),
	    cmocka_unit_test_setup(replace_same_level_flushes_once, fx_setup),
	    cmocka_unit_test_setup(first_mapping_does_not_flush, fx_setup),
	    cmocka_unit_test_setup(vms_are_isolated, fx_setup),
	    cmocka_unit_test_setup(top_of_ipa_space, fx_setup),
	    cmocka_unit_test_setup(vttbr_layout, fx_setup),
	    cmocka_unit_test_setup(run_maps_consecutive_pages, fx_setup),
	    cmocka_unit_test_setup(run_refusals_write_nothing, fx_setup),
	    cmocka_unit_test_setup(clear_run_defers, fx_setup),
	    cmocka_unit_test_setup(unpark_refuses_runs_past_the_table, fx_setup),
	};

	return cmocka_run_group_tests_name("npt_set", tests, NULL, NULL);
}
