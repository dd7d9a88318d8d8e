/* SPDX-License-Identifier: MIT */
/*
 * The descriptor module (core/npt/npt_desc.c): every leaf a VM gets is
 * composed there from an output address, a level and permissions. The
 * expected words are written out in hex, worked out by hand from the
 * VMSAv8-64 stage-2 leaf format, not from the header's names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <hypcore/npt.h>

#include "../../arch/host/sim.h"

#define PA 0x40200000ULL

/*
 * Low bits common to every leaf: MemAttr 0b1111 (0x3c), SH 0b11 (0x300),
 * AF (0x400). S2AP read is 0x40, write 0x80; XN 0b10 is bit 54.
 */
static void test_page_words(void **state)
{
	(void)state;
	/* page (0b11) RW, not executable: 0x3 + 0x3c + 0x40 + 0x80 + 0x300 + 0x400 = 0x7ff */
	assert_int_equal(npt_leaf_desc(PA + 0x3000, 3, NPT_PERM_R | NPT_PERM_W),
			 0x00400000402037ffULL);
	/* page R only: 0x77f, XN */
	assert_int_equal(npt_leaf_desc(PA, 3, NPT_PERM_R), 0x004000004020077fULL);
	/* page W only (write-only is a valid S2AP): 0x7bf, XN */
	assert_int_equal(npt_leaf_desc(PA, 3, NPT_PERM_W), 0x00400000402007bfULL);
	/* page X only: no S2AP bit, no XN */
	assert_int_equal(npt_leaf_desc(PA, 3, NPT_PERM_X), 0x000000004020073fULL);
	/* page RWX */
	assert_int_equal(npt_leaf_desc(PA, 3, NPT_PERM_ALL), 0x00000000402007ffULL);
}

static void test_block_words(void **state)
{
	(void)state;
	/* block (0b01) R and X: 0x1 + 0x3c + 0x40 + 0x300 + 0x400 = 0x77d */
	assert_int_equal(npt_leaf_desc(PA, 2, NPT_PERM_R | NPT_PERM_X), 0x000000004020077dULL);
	/* block RW at the top of the output range */
	assert_int_equal(npt_leaf_desc(0xffffffe00000ULL, 2, NPT_PERM_R | NPT_PERM_W),
			 0x0040ffffffe007fdULL);
}

/*
 * With FEAT_S2FWB (guests run with HCR_EL2.FWB) MemAttr is 0b0110 (0x18),
 * normal write-back forced over the VM's stage 1; every other bit stays.
 */
static void test_fwb_words(void **state)
{
	(void)state;
	sim_s2fwb = true;
	/* page RW: 0x3 + 0x18 + 0x40 + 0x80 + 0x300 + 0x400 = 0x7db, XN */
	assert_int_equal(npt_leaf_desc(PA + 0x3000, 3, NPT_PERM_R | NPT_PERM_W),
			 0x00400000402037dbULL);
	/* page RWX */
	assert_int_equal(npt_leaf_desc(PA, 3, NPT_PERM_ALL), 0x00000000402007dbULL);
	/* block R and X: 0x1 + 0x18 + 0x40 + 0x300 + 0x400 = 0x759 */
	assert_int_equal(npt_leaf_desc(PA, 2, NPT_PERM_R | NPT_PERM_X), 0x0000000040200759ULL);
	/* still no leaf from bad arguments */
	assert_int_equal(npt_leaf_desc(PA + 0x1000, 2, NPT_PERM_R), 0);
	assert_int_equal(npt_leaf_desc(PA, 3, 0), 0);
	sim_s2fwb = false;
	/* and back: the same call, the non-FWB word */
	assert_int_equal(npt_leaf_desc(PA, 3, NPT_PERM_ALL), 0x00000000402007ffULL);
}

/* Arguments that make no leaf give 0, which set_npt never accepts. */
static void test_no_leaf(void **state)
{
	(void)state;
	assert_int_equal(npt_leaf_desc(PA, 0, NPT_PERM_R), 0);
	assert_int_equal(npt_leaf_desc(PA, 1, NPT_PERM_R), 0);
	assert_int_equal(npt_leaf_desc(PA, 4, NPT_PERM_R), 0);
	assert_int_equal(npt_leaf_desc(0, 3, NPT_PERM_R), 0);
	assert_int_equal(npt_leaf_desc(0, 2, NPT_PERM_R), 0);
	assert_int_equal(npt_leaf_desc(1ULL << 48, 3, NPT_PERM_R), 0);
	assert_int_equal(npt_leaf_desc((1ULL << 48) | PA, 3, NPT_PERM_R), 0);
	assert_int_equal(npt_leaf_desc(PA + 0x800, 3, NPT_PERM_R), 0);
	assert_int_equal(npt_leaf_desc(PA + 3, 3, NPT_PERM_R), 0);
	assert_int_equal(npt_leaf_desc(PA + 0x1000, 2, NPT_PERM_R), 0);
	assert_int_equal(npt_leaf_desc(PA, 3, 0), 0);
	assert_int_equal(npt_leaf_desc(PA, 3, NPT_PERM_ALL + 1), 0);
	assert_int_equal(npt_leaf_desc(PA, 3, 0x80000001U), 0);
}

/* No composed leaf ever sets a bit the core keeps for itself, or a device type. */
static void test_never_reserved(void **state)
{
	(void)state;
	for (u32 level = 2; level <= 3; level++) {
		for (u32 perms = 1; perms <= NPT_PERM_ALL; perms++) {
			u64 pte = npt_leaf_desc(PA, level, perms);

			assert_int_not_equal(pte, 0);
			assert_int_equal(pte & NPT_PTE_RESERVED_MASK, 0);
			assert_int_equal(pte & NPT_PTE_MEMATTR_MASK, NPT_PTE_MEMATTR_NORMAL_WB);
			assert_int_equal(phys_page(pte), PA);
			sim_s2fwb = true;
			pte = npt_leaf_desc(PA, level, perms);
			sim_s2fwb = false;
			assert_int_equal(pte & NPT_PTE_RESERVED_MASK, 0);
			assert_int_equal(pte & NPT_PTE_MEMATTR_MASK, NPT_PTE_MEMATTR_FWB_WB);
			assert_int_equal(phys_page(pte), PA);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_page_words),	   cmocka_unit_test(test_block_words),
	    cmocka_unit_test(test_fwb_words),	   cmocka_unit_test(test_no_leaf),
	    cmocka_unit_test(test_never_reserved),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
