/* SPDX-License-Identifier: MIT */
/*
 * Every error of every operation, each with the state before and after
 * compared: a failed operation must change nothing (tables, bump pointers,
 * TLB flushes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "npt_fixture.h"

#define BLOCK_IPA 0x40000000ULL /* a block lives here in every test */
#define TABLE_IPA 0x40200000ULL /* a level-3 table covers this region */

static u64 fingerprint, flushes;

/* A VM with one block and one page, so errors meet real tables. */
static int setup(void **state)
{
	fx_setup(state);
	assert_int_equal(fx_set(VM, BLOCK_IPA, 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_set(VM, TABLE_IPA + 0x3000, 3, PAGE(PA_RAM + 0x3000)), 0);
	fingerprint = fx_vm_fingerprint(VM);
	flushes = sim_tlb_flushes();
	return 0;
}

static void assert_unchanged(void)
{
	assert_int_equal(fx_vm_fingerprint(VM), fingerprint);
	assert_int_equal(sim_tlb_flushes(), flushes);
}

/* A vmid outside [0, nr_vms) is einval for every operation, without taking any lock. */
static void bad_vmid_is_einval(void **state)
{
	u64 out;
	u32 level;

	(void)state;
	for (u32 vmid = 16; vmid != 0; vmid = vmid < 64 ? vmid + 1 : (vmid << 1)) {
		assert_int_equal(set_npt(vmid, 0, 3, PAGE(PA_RAM)), -HC_EINVAL);
		assert_int_equal(unmap_npt(vmid, 0), -HC_EINVAL);
		assert_int_equal(walk_npt(vmid, 0, &out), -HC_EINVAL);
		assert_int_equal(get_npt_level(vmid, 0, &level), -HC_EINVAL);
		assert_int_equal(mem_load(vmid, 0, &out), -HC_EINVAL);
		assert_int_equal(mem_store(vmid, 0, 1), -HC_EINVAL);
		assert_int_equal(npt_vttbr(vmid, &out), -HC_EINVAL);
		assert_int_equal(npt_reset_vm(vmid), -HC_EINVAL);
	}
	assert_unchanged();
}

/* An address at or above 2^48 is einval for every operation. */
static void bad_address_is_einval(void **state)
{
	const u64 bad[] = {1ULL << 48, (1ULL << 48) | BLOCK_IPA, 1ULL << 63, ~0ULL};
	u64 out;
	u32 level;

	(void)state;
	npt_lock(VM);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(set_npt(VM, bad[i], 3, PAGE(PA_RAM)), -HC_EINVAL);
		assert_int_equal(set_npt(VM, bad[i], 2, BLOCK(PA_RAM)), -HC_EINVAL);
		assert_int_equal(unmap_npt(VM, bad[i]), -HC_EINVAL);
		assert_int_equal(walk_npt(VM, bad[i], &out), -HC_EINVAL);
		assert_int_equal(get_npt_level(VM, bad[i], &level), -HC_EINVAL);
		assert_int_equal(mem_load(VM, bad[i] & ~7ULL, &out), -HC_EINVAL);
		assert_int_equal(mem_store(VM, bad[i] & ~7ULL, 1), -HC_EINVAL);
	}
	npt_unlock(VM);
	assert_unchanged();
}

/* Only levels 2 and 3 can be set. */
static void bad_level_is_einval(void **state)
{
	const u32 bad[] = {0, 1, 4, 5, 0xffffffff};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(fx_set(VM, 0, bad[i], PAGE(PA_RAM)), -HC_EINVAL);
		assert_int_equal(fx_set(VM, 0, bad[i], BLOCK(PA_RAM)), -HC_EINVAL);
	}
	assert_unchanged();
}

/* pte 0, output page 0, or any reserved bit [58:55] is einval at both levels. */
static void bad_pte_is_einval(void **state)
{
	(void)state;
	assert_int_equal(fx_set(VM, 0, 3, 0), -HC_EINVAL);
	assert_int_equal(fx_set(VM, 0, 2, 0), -HC_EINVAL);
	assert_int_equal(fx_set(VM, 0, 3, RW | 3), -HC_EINVAL);
	assert_int_equal(fx_set(VM, 0, 2, RW | 1), -HC_EINVAL);
	assert_int_equal(fx_set(VM, 0, 3, 0xfff), -HC_EINVAL);
	for (u32 bit = 55; bit <= 58; bit++) {
		assert_int_equal(fx_set(VM, 0, 3, PAGE(PA_RAM) | 1ULL << bit), -HC_EINVAL);
		assert_int_equal(fx_set(VM, 0, 2, BLOCK(PA_RAM) | 1ULL << bit), -HC_EINVAL);
	}
	assert_unchanged();
}

/* The descriptor type must fit the level: 0b11 for a page, 0b01 + 2 MiB-aligned output for a block.
 */
static void pte_type_must_fit_level(void **state)
{
	(void)state;
	for (u64 type = 0; type < 3; type++)
		assert_int_equal(fx_set(VM, 0, 3, PA_RAM | RW | type), -HC_EINVAL);
	assert_int_equal(fx_set(VM, 0, 2, PA_RAM | RW | 0), -HC_EINVAL);
	assert_int_equal(fx_set(VM, 0, 2, PA_RAM | RW | 2), -HC_EINVAL);
	assert_int_equal(fx_set(VM, 0, 2, PA_RAM | RW | 3), -HC_EINVAL);
	assert_int_equal(fx_set(VM, 0, 2, BLOCK(PA_RAM + 0x1000)), -HC_EINVAL);
	assert_int_equal(fx_set(VM, 0, 2, BLOCK(PA_RAM + SZ_2M - 0x1000)), -HC_EINVAL);
	assert_unchanged();
}

/* A page inside a 2 MiB block is eexist, at any page of the block. */
static void page_in_block_is_eexist(void **state)
{
	(void)state;
	assert_int_equal(fx_set(VM, BLOCK_IPA, 3, PAGE(PA_RAM)), -HC_EEXIST);
	assert_int_equal(fx_set(VM, BLOCK_IPA + SZ_2M - 0x1000, 3, PAGE(PA_RAM)), -HC_EEXIST);
	assert_unchanged();
}

/* A block over a region with a level-3 table is eexist, even once the table is empty. */
static void block_over_table_is_eexist(void **state)
{
	(void)state;
	assert_int_equal(fx_set(VM, TABLE_IPA, 2, BLOCK(PA_RAM)), -HC_EEXIST);
	assert_int_equal(fx_unmap(VM, TABLE_IPA + 0x3000), 0);
	fingerprint = fx_vm_fingerprint(VM);
	flushes = sim_tlb_flushes();
	assert_int_equal(fx_set(VM, TABLE_IPA + 0x10000, 2, BLOCK(PA_RAM)), -HC_EEXIST);
	assert_unchanged();
}

/* einval wins over eexist: a malformed page inside a block is einval. */
static void einval_before_eexist(void **state)
{
	(void)state;
	assert_int_equal(fx_set(VM, BLOCK_IPA, 3, PA_RAM | RW | 1), -HC_EINVAL);
	assert_int_equal(fx_set(VM, TABLE_IPA, 2, BLOCK(PA_RAM) | 1ULL << 57), -HC_EINVAL);
	assert_unchanged();
}

/* Loads and stores: misaligned is einval, unmapped efault, missing S2AP bit eperm. */
static void mem_errors(void **state)
{
	u64 val = 0x5a;

	(void)state;
	for (u64 off = 1; off < 8; off++) {
		assert_int_equal(fx_load(VM, BLOCK_IPA + off, &val), -HC_EINVAL);
		assert_int_equal(fx_store(VM, BLOCK_IPA + off, 1), -HC_EINVAL);
	}
	assert_int_equal(fx_load(VM, TABLE_IPA, &val), -HC_EFAULT);
	assert_int_equal(fx_store(VM, TABLE_IPA + 0x4000, 1), -HC_EFAULT);
	assert_int_equal(fx_load(VM, 0, &val), -HC_EFAULT);
	assert_int_equal(val, 0x5a);
	assert_int_equal(fx_set(VM, 0x1000, 3, (PA_RAM + 0x7000) | NPT_PTE_S2AP_W | 3), 0);
	assert_int_equal(fx_set(VM, 0x2000, 3, (PA_RAM + 0x7000) | NPT_PTE_S2AP_R | 3), 0);
	assert_int_equal(fx_load(VM, 0x1008, &val), -HC_EPERM);
	assert_int_equal(fx_store(VM, 0x2008, 0x77), -HC_EPERM);
	assert_int_equal(fx_load(VM, 0x2008, &val), 0);
	assert_int_equal(val, 0); /* the refused store wrote nothing */
}

/* A translation outside data RAM is efault, even with permission. */
static void mem_outside_ram_is_efault(void **state)
{
	u64 val;

	(void)state;
	assert_int_equal(fx_set(VM, 0x1000, 3, PAGE(SIM_DATA_END)), 0);
	assert_int_equal(fx_set(VM, 0x2000, 3, PAGE(0x2011000)), 0); /* VM 1's own pool */
	assert_int_equal(fx_set(VM, 0x3000, 3, PAGE(SIM_DATA_START - 0x1000)), 0);
	fingerprint = fx_vm_fingerprint(VM);
	flushes = sim_tlb_flushes();
	assert_int_equal(fx_load(VM, 0x1000, &val), -HC_EFAULT);
	assert_int_equal(fx_store(VM, 0x2000, 0xdead), -HC_EFAULT);
	assert_int_equal(fx_store(VM, 0x3ff8, 1), -HC_EFAULT);
	assert_unchanged(); /* in particular, the pool was not written */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(bad_vmid_is_einval, setup),
	    cmocka_unit_test_setup(bad_address_is_einval, setup),
	    cmocka_unit_test_setup(bad_level_is_einval, setup),
	    cmocka_unit_test_setup(bad_pte_is_einval, setup),
	    cmocka_unit_test_setup(pte_type_must_fit_level, setup),
	    cmocka_unit_test_setup(page_in_block_is_eexist, setup),
	    cmocka_unit_test_setup(block_over_table_is_eexist, setup),
	    cmocka_unit_test_setup(einval_before_eexist, setup),
	    cmocka_unit_test_setup(mem_errors, setup),
	    cmocka_unit_test_setup(mem_outside_ram_is_efault, setup),
	};

	return cmocka_run_group_tests_name("npt_errors", tests, NULL, NULL);
}
