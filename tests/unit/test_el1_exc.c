/* SPDX-License-Identifier: MIT */
/*
 * What the host sees when the core injects an exception into its EL1
 * (arch/arm64/el1_exc.c, pure functions built here as they are at EL2):
 * the vector for each interrupted context, the syndrome (kind, EL, WnR,
 * IL of the trapped instruction), PSTATE on entry as the Arm ARM and
 * Linux's get_except64_cpsr give it, and the IPA from an AT result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "../../arch/arm64/el1_exc.c"

#define ESR(ec, il, iss) ((u64)(ec) << 26 | ((il) ? EXC_ESR_IL : 0) | (iss))
#define AARCH32_USR	 0x10ULL
#define AARCH32_THUMB	 (1ULL << 5)

static const struct el1_exc_cpu none = {0};
static const struct el1_exc_cpu all = {.ssbs = true, .mte = true, .nmi = true};

/* EL1h -> +0x200, EL1t -> +0x000, EL0 AArch64 -> +0x400, EL0 AArch32 -> +0x600. */
static void vector_by_context(void **state)
{
	(void)state;
	assert_int_equal(el1_exc_vector(PSR_MODE_EL1H | PSR_DAIF), 0x200);
	assert_int_equal(el1_exc_vector(PSR_MODE_EL1T), 0x000);
	assert_int_equal(el1_exc_vector(PSR_MODE_EL0T | PSR_NZCV), 0x400);
	assert_int_equal(el1_exc_vector(AARCH32_USR), 0x600);
	assert_int_equal(el1_exc_vector(AARCH32_USR | AARCH32_THUMB), 0x600);
}

/* Data and instruction aborts keep their kind; EL0 (either state) is the lower EL. */
static void abort_esr_kind_and_el(void **state)
{
	u64 dabt_write = ESR(0x24, 1, EXC_ISS_WNR | 0x0f);
	u64 iabt = ESR(0x20, 1, 0x0f);

	(void)state;
	assert_int_equal(el1_exc_abort_esr(dabt_write, PSR_MODE_EL1H),
			 ESR(0x25, 1, EXC_ISS_WNR | 0x0f));
	assert_int_equal(el1_exc_abort_esr(dabt_write, PSR_MODE_EL0T),
			 ESR(0x24, 1, EXC_ISS_WNR | 0x0f));
	assert_int_equal(el1_exc_abort_esr(dabt_write, AARCH32_USR),
			 ESR(0x24, 1, EXC_ISS_WNR | 0x0f));
	assert_int_equal(el1_exc_abort_esr(iabt, PSR_MODE_EL1H), ESR(0x21, 1, 0x0f));
	assert_int_equal(el1_exc_abort_esr(iabt, PSR_MODE_EL0T), ESR(0x20, 1, 0x0f));
	/* Only WnR and IL come from ESR_EL2: no ISV, no stage-2 fault status. */
	assert_int_equal(el1_exc_abort_esr(ESR(0x24, 1, 1ULL << 24 | 0x2c | 0x07), PSR_MODE_EL1H),
			 ESR(0x25, 1, 0x0f));
}

/* IL is the trapped instruction's: 0 for a 16-bit T32 one. */
static void il_from_trapped_instruction(void **state)
{
	(void)state;
	assert_int_equal(el1_exc_abort_esr(ESR(0x24, 0, 0x07), AARCH32_USR | AARCH32_THUMB),
			 ESR(0x24, 0, 0x0f));
	assert_int_equal(el1_exc_undef_esr(ESR(0x18, 1, 0x300000)), ESR(0, 1, 0));
	assert_int_equal(el1_exc_undef_esr(ESR(0x18, 0, 0x300000)), ESR(0, 0, 0));
}

/* EL1h, DAIF masked; NZCV and DIT kept; UAO, SS, IL, BTYPE cleared. */
static void pstate_kept_and_cleared(void **state)
{
	u64 old = PSR_NZCV | PSR_DIT | PSR_UAO | PSR_SS | PSR_IL | PSR_BTYPE | PSR_MODE_EL1H;
	u64 sctlr = SCTLR_EL1_SPAN_BIT | SCTLR_EL1_SPINTMASK;

	(void)state;
	assert_int_equal(el1_exc_pstate(old, sctlr, &none),
			 PSR_NZCV | PSR_DIT | PSR_DAIF | PSR_MODE_EL1H);
	assert_int_equal(el1_exc_pstate(PSR_MODE_EL0T, sctlr, &none), PSR_DAIF | PSR_MODE_EL1H);
	/* From AArch32, DIT is bit 21 of the SPSR (SS's place in AArch64). */
	assert_int_equal(el1_exc_pstate(AARCH32_USR | PSR32_DIT, sctlr, &none),
			 PSR_DIT | PSR_DAIF | PSR_MODE_EL1H);
}

/* PAN kept; set when SCTLR_EL1.SPAN is 0. */
static void pstate_pan(void **state)
{
	(void)state;
	assert_int_equal(el1_exc_pstate(PSR_PAN, SCTLR_EL1_SPAN_BIT, &none) & PSR_PAN, PSR_PAN);
	assert_int_equal(el1_exc_pstate(0, SCTLR_EL1_SPAN_BIT, &none) & PSR_PAN, 0);
	assert_int_equal(el1_exc_pstate(0, 0, &none) & PSR_PAN, PSR_PAN);
}

/* SSBS = SCTLR_EL1.DSSBS (with FEAT_SSBS), TCO set (MTE), ALLINT = !SPINTMASK (NMI). */
static void pstate_features(void **state)
{
	u64 spans = SCTLR_EL1_SPAN_BIT;

	(void)state;
	assert_int_equal(el1_exc_pstate(PSR_SSBS, spans | SCTLR_EL1_SPINTMASK, &all),
			 PSR_TCO | PSR_DAIF | PSR_MODE_EL1H);
	assert_int_equal(el1_exc_pstate(0, spans | SCTLR_EL1_DSSBS | SCTLR_EL1_SPINTMASK, &all),
			 PSR_SSBS | PSR_TCO | PSR_DAIF | PSR_MODE_EL1H);
	assert_int_equal(el1_exc_pstate(0, spans, &all),
			 PSR_ALLINT | PSR_TCO | PSR_DAIF | PSR_MODE_EL1H);
	/* Without the features, none of those bits: they are RES0. */
	assert_int_equal(el1_exc_pstate(0, spans | SCTLR_EL1_DSSBS, &none),
			 PSR_DAIF | PSR_MODE_EL1H);
}

/* Permission faults (any level) are told apart from translation and access-flag faults. */
static void permission_fault_status(void **state)
{
	(void)state;
	for (u64 level = 0; level < 4; level++) {
		assert_true(el1_exc_is_permission(ESR(0x20, 1, 0x0c | level)));
		assert_false(el1_exc_is_permission(ESR(0x24, 1, 0x04 | level)));
		assert_false(el1_exc_is_permission(ESR(0x24, 1, 0x08 | level)));
	}
	assert_false(el1_exc_is_permission(ESR(0x24, 1, 0x10)));
}

/* PAR_EL1's output address (bits 47:12, attributes above) plus FAR's page offset. */
static void ipa_from_par(void **state)
{
	(void)state;
	assert_int_equal(el1_exc_par_ipa(0xff00000009000f80ULL, 0xffff800008123abcULL),
			 0x9000abcULL);
	assert_int_equal(el1_exc_par_ipa(0x0000abcdef012000ULL | 0x380, 0x7ff), 0xabcdef0127ffULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(vector_by_context),
	    cmocka_unit_test(abort_esr_kind_and_el),
	    cmocka_unit_test(il_from_trapped_instruction),
	    cmocka_unit_test(pstate_kept_and_cleared),
	    cmocka_unit_test(pstate_pan),
	    cmocka_unit_test(pstate_features),
	    cmocka_unit_test(permission_fault_status),
	    cmocka_unit_test(ipa_from_par),
	};

	return cmocka_run_group_tests_name("el1_exc", tests, NULL, NULL);
}
