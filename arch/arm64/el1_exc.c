/* SPDX-License-Identifier: MIT */
#include "el1_exc.h"

static bool from_el0(u64 spsr)
{
	return (spsr & PSR_MODE32) || (spsr & PSR_MODE_MASK) == PSR_MODE_EL0T;
}

u64 el1_exc_vector(u64 spsr)
{
	if (spsr & PSR_MODE32)
		return EL1_VEC_LOW_A32; /* EL1 is AArch64 (HCR_EL2.RW): only EL0 is AArch32 */
	switch (spsr & PSR_MODE_MASK) {
	case PSR_MODE_EL1H:
		return EL1_VEC_CUR_SPX;
	case PSR_MODE_EL1T:
		return EL1_VEC_CUR_SP0;
	default:
		return EL1_VEC_LOW_A64;
	}
}

u64 el1_exc_pstate(u64 spsr, u64 sctlr_el1, const struct el1_exc_cpu *cpu)
{
	u64 p = PSR_MODE_EL1H | PSR_DAIF;

	/* NZCV and PAN sit at the same bits in AArch32's SPSR; DIT at bit 21 there. */
	p |= spsr & (PSR_NZCV | PSR_PAN);
	if (spsr & PSR_MODE32)
		p |= spsr & PSR32_DIT ? PSR_DIT : 0;
	else
		p |= spsr & PSR_DIT;
	if (!(sctlr_el1 & SCTLR_EL1_SPAN_BIT))
		p |= PSR_PAN;
	if (cpu->ssbs && (sctlr_el1 & SCTLR_EL1_DSSBS))
		p |= PSR_SSBS;
	if (cpu->mte)
		p |= PSR_TCO;
	if (cpu->nmi && !(sctlr_el1 & SCTLR_EL1_SPINTMASK))
		p |= PSR_ALLINT;
	return p;
}

u64 el1_exc_abort_esr(u64 esr_el2, u64 spsr)
{
	bool data = (esr_el2 >> EXC_ESR_EC_SHIFT & 0x3f) == EXC_EC_DABT_LOW;
	u64 ec, iss = EXC_FSC_PERMISSION_3;

	if (data) {
		ec = from_el0(spsr) ? EXC_EC_DABT_LOW : EXC_EC_DABT_CUR;
		iss |= esr_el2 & EXC_ISS_WNR;
	} else {
		ec = from_el0(spsr) ? EXC_EC_IABT_LOW : EXC_EC_IABT_CUR;
	}
	return ec << EXC_ESR_EC_SHIFT | (esr_el2 & EXC_ESR_IL) | iss;
}

u64 el1_exc_undef_esr(u64 esr_el2)
{
	return EXC_EC_UNKNOWN << EXC_ESR_EC_SHIFT | (esr_el2 & EXC_ESR_IL);
}

bool el1_exc_is_permission(u64 esr_el2)
{
	return (esr_el2 & EXC_FSC_TYPE_MASK) == EXC_FSC_PERMISSION;
}

u64 el1_exc_par_ipa(u64 par, u64 far)
{
	return (par & 0x0000fffffffff000ULL) | (far & 0xfffULL);
}
