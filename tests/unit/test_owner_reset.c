/* SPDX-License-Identifier: MIT */
/*
 * owner_zero_all_donated (core/owner/owner_reset.c), what the PSCI relay
 * calls before SYSTEM_OFF / SYSTEM_RESET / SYSTEM_RESET2 with private
 * VMs alive: every page a VM owns is zeroed and cleaned, exactly those;
 * the host's pages (shared ones too) and the core's keep their content;
 * the records do not change; without the owner lock it panics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <hypcore/npt.h>
#include <hypcore/owner.h>
#include <hypcore/phys.h>

#include "../../arch/host/sim.h"
#include "owner_fixture.h"
#include "owner_world.h"
#include "panic_catch.h"

#define RW	    (NPT_PTE_S2AP_R | NPT_PTE_S2AP_W)
#define PAGE(pa)    ((pa) | RW | 3)
#define BLK(pa)	    ((pa) | RW | 1)
#define HOST_BLK    0x40600000ULL /* host RAM in 2 MiB blocks from 0x40400000 */
#define HOST_PG	    0x40300000ULL /* host RAM in 4 KiB pages */
#define MAX_CLEANED 1024

static u64 cleaned[MAX_CLEANED];
static u64 n_cleaned;

static void record_clean(u64 pa)
{
	assert_true(n_cleaned < MAX_CLEANED);
	cleaned[n_cleaned++] = pa;
}

static void fill(u64 pa, u64 size, u64 v)
{
	for (u64 off = 0; off < size; off += 8)
		phys_store(pa + off, v ^ off);
}

static bool is_zero(u64 pa, u64 size)
{
	for (u64 off = 0; off < size; off += 8)
		if (phys_load(pa + off))
			return false;
	return true;
}

static bool intact(u64 pa, u64 size, u64 v)
{
	for (u64 off = 0; off < size; off += 8)
		if (phys_load(pa + off) != (v ^ off))
			return false;
	return true;
}

static void vm_map(u32 vmid, u64 ipa, u32 level, u64 pte, enum owner_how how)
{
	npt_lock(vmid);
	assert_int_equal(owner_vm_map(vmid, ipa, level, pte, how), 0);
	npt_unlock(vmid);
}

static bool was_cleaned(u64 pa)
{
	for (u64 i = 0; i < n_cleaned; i++)
		if (cleaned[i] == pa)
			return true;
	return false;
}

/* Two VMs' pages and a block zeroed and cleaned; shared, host and core pages untouched. */
static void zeroes_exactly_the_donated(void **state)
{
	const struct owner_config *c = owner_config();
	u64 n_rec = (c->ram_end - c->ram_start) / SZ_4K, n;
	owner_rec_t *before = malloc(n_rec * sizeof(owner_rec_t));
	u64 pool1 = W_POOL_BASE + 1 * W_POOL_SIZE;

	(void)state;
	fill(HOST_PG, 3 * SZ_4K, 0x1111);
	fill(HOST_BLK, SZ_2M, 0x2222);
	fill(HOST_BLK + SZ_2M, SZ_4K, 0x3333);
	vm_map(1, 0x1000, 3, PAGE(HOST_PG), OWNER_DONATE);
	vm_map(2, 0x1000, 3, PAGE(HOST_PG + SZ_4K), OWNER_DONATE);
	vm_map(1, 0x2000, 3, PAGE(HOST_PG + 2 * SZ_4K), OWNER_SHARE);
	vm_map(2, 0x200000, 2, BLK(HOST_BLK), OWNER_DONATE);
	assert_non_null(before);
	memcpy(before, c->records, n_rec * sizeof(owner_rec_t));
	assert_false(is_zero(pool1, SZ_4K)); /* VM 1's root table: core memory */

	n_cleaned = 0;
	owner_lock();
	n = owner_zero_all_donated(record_clean);
	owner_unlock();

	assert_int_equal(n, 2 + 512);
	assert_int_equal(n_cleaned, n);
	assert_true(is_zero(HOST_PG, 2 * SZ_4K));
	assert_true(is_zero(HOST_BLK, SZ_2M));
	assert_true(was_cleaned(HOST_PG) && was_cleaned(HOST_PG + SZ_4K));
	assert_true(was_cleaned(HOST_BLK) && was_cleaned(HOST_BLK + SZ_2M - SZ_4K));
	assert_false(was_cleaned(HOST_PG + 2 * SZ_4K));
	assert_true(intact(HOST_PG + 2 * SZ_4K, SZ_4K, 0x1111 ^ (2 * SZ_4K)));
	assert_true(intact(HOST_BLK + SZ_2M, SZ_4K, 0x3333));
	assert_false(is_zero(pool1, SZ_4K));
	assert_memory_equal(before, c->records, n_rec * sizeof(owner_rec_t));
	free(before);
	world_assert_ok();
}

/* Nothing donated: nothing zeroed, nothing cleaned; a NULL clean is allowed. */
static void nothing_donated(void **state)
{
	u64 n;

	(void)state;
	fill(HOST_PG, SZ_4K, 0x4444);
	n_cleaned = 0;
	owner_lock();
	n = owner_zero_all_donated(record_clean);
	assert_int_equal(owner_zero_all_donated(NULL), 0);
	owner_unlock();
	assert_int_equal(n, 0);
	assert_int_equal(n_cleaned, 0);
	assert_true(intact(HOST_PG, SZ_4K, 0x4444));
}

/* The walk needs the owner lock: without it, a panic, and nothing zeroed. */
static void needs_the_owner_lock(void **state)
{
	(void)state;
	fill(HOST_PG, SZ_4K, 0x5555);
	vm_map(1, 0x1000, 3, PAGE(HOST_PG), OWNER_DONATE);
	assert_true(PANICS(owner_zero_all_donated(NULL)));
	assert_true(intact(HOST_PG, SZ_4K, 0x5555));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(zeroes_exactly_the_donated, world_setup),
	    cmocka_unit_test_setup(nothing_donated, world_setup),
	    cmocka_unit_test_setup(needs_the_owner_lock, world_setup),
	};

	return cmocka_run_group_tests_name("owner_reset", tests, NULL, NULL);
}
