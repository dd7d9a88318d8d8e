/* SPDX-License-Identifier: MIT */
#include <hypcore/arch.h>
#include <hypcore/npt.h>

#include "host_regs.h"
#include "sysreg.h"

#define VTCR_T0SZ_48BIT 16ULL
#define VTCR_SL0_LEVEL0 (2ULL << 6) /* with a 4 KiB granule */
#define VTCR_IRGN0_WBWA (1ULL << 8)
#define VTCR_ORGN0_WBWA (1ULL << 10)
#define VTCR_SH0_INNER	(3ULL << 12)
#define VTCR_PS_SHIFT	16
#define VTCR_RES1	(1ULL << 31)
#define PARANGE_48BIT	5ULL

#define HOST_HCR (HCR_VM | HCR_RW | HCR_TSC | HCR_API | HCR_APK)

#define ZCR_LEN_MAX  0xfULL /* the CPU clamps it to what it has */
#define SMCR_LEN_MAX 0xfULL
#define SMCR_FA64    (1ULL << 31)
#define SMFR0_FA64   (1ULL << 63)
#define PMCR_N(pmcr) (((pmcr) >> 11) & 0x1f)

static u64 field(u64 reg, u32 shift)
{
	return (reg >> shift) & 0xf;
}

u64 host_vtcr(void)
{
	u64 parange = field(read_sysreg(id_aa64mmfr0_el1), 0);

	/* T0SZ = 16 means 48-bit IPAs: the output size must cover them. */
	BUG_ON(parange < PARANGE_48BIT);
	if (parange > PARANGE_48BIT)
		parange = PARANGE_48BIT;
	return VTCR_RES1 | VTCR_T0SZ_48BIT | VTCR_SL0_LEVEL0 | VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA |
	       VTCR_SH0_INNER | (parange << VTCR_PS_SHIFT);
}

/* FP, SVE and SME belong to the host: no traps, full vector lengths. */
static void host_fp_setup(void)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1);
	u64 pfr1 = read_sysreg(id_aa64pfr1_el1);

	write_sysreg(cptr_el2, CPTR_EL2_NO_TRAPS);
	isb();
	if (field(pfr0, 32))
		write_sysreg(SYS_ZCR_EL2, ZCR_LEN_MAX);
	if (field(pfr1, 24)) {
		u64 smcr = SMCR_LEN_MAX;

		if (read_sysreg(SYS_ID_AA64SMFR0_EL1) & SMFR0_FA64)
			smcr |= SMCR_FA64;
		write_sysreg(SYS_SMCR_EL2, smcr);
	}
}

/* All PMU counters to EL1 when there is a PMU; no debug traps. */
static u64 host_mdcr(void)
{
	u64 pmuver = field(read_sysreg(id_aa64dfr0_el1), 8);

	if (pmuver == 0 || pmuver == 0xf)
		return 0;
	return PMCR_N(read_sysreg(pmcr_el0));
}

/* GICv3 system-register interface, usable by EL1 (Linux's GICv3 driver). */
static void host_gic_setup(void)
{
	if (!field(read_sysreg(id_aa64pfr0_el1), 24))
		return;
	write_sysreg(SYS_ICC_SRE_EL2,
		     read_sysreg(SYS_ICC_SRE_EL2) | ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE);
	isb();
}

void host_regs_setup(void)
{
	u64 vttbr;

	BUG_ON(npt_vttbr(0, &vttbr) != 0);
	write_sysreg(vtcr_el2, host_vtcr());
	write_sysreg(vttbr_el2, vttbr);
	host_fp_setup();
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN_EL1PCEN);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
	write_sysreg(mdcr_el2, host_mdcr());
	host_gic_setup();
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1);
	write_sysreg(hcr_el2, HOST_HCR);
	isb();
	/* Nothing this VMID cached before (a CPU restart) may survive. */
	__asm__ volatile("tlbi vmalls12e1\n dsb nsh\n isb" : : : "memory");
}
