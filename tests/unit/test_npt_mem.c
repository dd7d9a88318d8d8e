/* SPDX-License-Identifier: MIT */
/* mem_load / mem_store: the word moved is the one the translation names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "npt_fixture.h"

/* A store through a page lands at output page + page offset, seen by a load and in physical memory.
 */
static void page_translation(void **state)
{
	u64 val;

	(void)state;
	assert_int_equal(fx_set(VM, 0x7000, 3, PAGE(PA_RAM + 0x9000)), 0);
	assert_int_equal(fx_store(VM, 0x7ff8, 0x1122334455667788), 0);
	assert_int_equal(fx_word(PA_RAM + 0x9ff8), 0x1122334455667788);
	assert_int_equal(fx_load(VM, 0x7ff8, &val), 0);
	assert_int_equal(val, 0x1122334455667788);
	assert_int_equal(fx_load(VM, 0x7000, &val), 0);
	assert_int_equal(val, 0);
}

/* A block translates with the low 21 bits of the address as the offset. */
static void block_translation(void **state)
{
	u64 val;

	(void)state;
	assert_int_equal(fx_set(VM, 0x40000000, 2, BLOCK(PA_RAM + 4 * SZ_2M)), 0);
	assert_int_equal(fx_store(VM, 0x40000000 + 0x1abcd8, 42), 0);
	assert_int_equal(fx_word(PA_RAM + 4 * SZ_2M + 0x1abcd8), 42);
	assert_int_equal(fx_load(VM, 0x40000000 + 0x1abcd8, &val), 0);
	assert_int_equal(val, 42);
}

/* Two VMs, or two IPAs, mapping the same page see each other's stores. */
static void shared_page_aliases(void **state)
{
	u64 val;

	(void)state;
	assert_int_equal(fx_set(1, 0x1000, 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_set(2, 0x3000, 3, PAGE(PA_RAM)), 0);
	assert_int_equal(fx_set(2, 0x200000, 2, BLOCK(PA_RAM)), 0);
	assert_int_equal(fx_store(1, 0x1010, 7), 0);
	assert_int_equal(fx_load(2, 0x3010, &val), 0);
	assert_int_equal(val, 7);
	assert_int_equal(fx_load(2, 0x200010, &val), 0);
	assert_int_equal(val, 7);
}

/* The last word of RAM is reachable; loads with only S2AP read, stores with only write, work. */
static void edges_and_permissions(void **state)
{
	u64 val;

	(void)state;
	assert_int_equal(fx_set(VM, 0x1000, 3, (SIM_DATA_END - 0x1000) | NPT_PTE_S2AP_W | 3), 0);
	assert_int_equal(fx_set(VM, 0x2000, 3, (SIM_DATA_END - 0x1000) | NPT_PTE_S2AP_R | 3), 0);
	assert_int_equal(fx_store(VM, 0x1ff8, 99), 0);
	assert_int_equal(fx_load(VM, 0x2ff8, &val), 0);
	assert_int_equal(val, 99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(page_translation, fx_setup),
	    cmocka_unit_test_setup(block_translation, fx_setup),
	    cmocka_unit_test_setup(shared_page_aliases, fx_setup),
	    cmocka_unit_test_setup(edges_and_permissions, fx_setup),
	};

	return cmocka_run_group_tests_name("npt_mem", tests, NULL, NULL);
}
