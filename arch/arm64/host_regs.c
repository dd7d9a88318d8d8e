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

#define HOST_HCR (HCR_VM | HCR_RW | HCR_TSC)

#define ZCR_LEN_MAX  0xfULL /* the CPU clamps it to what it has */
#define SMCR_LEN_MAX 0xfULL
#define SMCR_FA64    (1ULL << 31)
#define SMFR0_FA64   (1ULL << 63)
#define SMIDR_SMPS   (1ULL << 15)
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

static bool has(u64 reg, u32 shift)
{
	return field(reg, shift) != 0;
}

/* FP, SVE and SME not trapped; RES1 where SVE or SME is absent. */
static u64 host_cptr(void)
{
	u64 cptr = CPTR_EL2_RES1;

	if (!has(read_sysreg(id_aa64pfr0_el1), 32))
		cptr |= CPTR_EL2_TZ;
	if (!has(read_sysreg(id_aa64pfr1_el1), 24))
		cptr |= CPTR_EL2_TSM;
	return cptr;
}

void el2_fp_enable(void)
{
	write_sysreg(cptr_el2, host_cptr());
	isb();
}

/* FP, SVE and SME belong to the host: no traps, full vector lengths. */
static void host_fp_setup(void)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1);
	u64 pfr1 = read_sysreg(id_aa64pfr1_el1);

	el2_fp_enable();
	if (field(pfr0, 32))
		write_sysreg(SYS_ZCR_EL2, ZCR_LEN_MAX);
	if (field(pfr1, 24)) {
		u64 smcr = SMCR_LEN_MAX;

		if (read_sysreg(SYS_ID_AA64SMFR0_EL1) & SMFR0_FA64)
			smcr |= SMCR_FA64;
		write_sysreg(SYS_SMCR_EL2, smcr);
		/* Streaming priorities (SMIDR_EL1.SMPS): no mapping of the host's. */
		if (read_sysreg(SYS_SMIDR_EL1) & SMIDR_SMPS)
			write_sysreg(SYS_SMPRIMAP_EL2, 0);
	}
}

/*
 * All PMU counters to EL1 when there is a PMU; no debug traps. SPE's and
 * the trace buffer's owning translation regime is EL1's (E2PB, E2TB =
 * 0b11) unless a higher EL owns the buffer (PMBIDR/TRBIDR.P); SPE at EL2
 * itself is off (PMSCR_EL2 = 0).
 */
static u64 host_mdcr(void)
{
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1);
	u64 pmuver = field(dfr0, 8), mdcr = 0;

	if (pmuver != 0 && pmuver != 0xf)
		mdcr |= PMCR_N(read_sysreg(pmcr_el0));
	if (has(dfr0, 32)) {
		write_sysreg(SYS_PMSCR_EL2, 0);
		if (!(read_sysreg(SYS_PMBIDR_EL1) & IDR_P))
			mdcr |= MDCR_EL2_E2PB_EL1;
	}
	if (has(dfr0, 44) && !(read_sysreg(SYS_TRBIDR_EL1) & IDR_P))
		mdcr |= MDCR_EL2_E2TB_EL1;
	return mdcr;
}

/* Pointer authentication, where the CPU has it, is the host's: not trapped (API, APK). */
static u64 host_hcr(void)
{
	u64 isar1 = read_sysreg(id_aa64isar1_el1);

	if (has(isar1, 4) || has(isar1, 8) || has(read_sysreg(SYS_ID_AA64ISAR2_EL1), 12))
		return HOST_HCR | HCR_API | HCR_APK;
	return HOST_HCR;
}

/* HCRX_EL2 (UNKNOWN at reset): only the EL1 features the CPU has, for the host. */
static void host_hcrx_setup(void)
{
	u64 mmfr3 = read_sysreg(SYS_ID_AA64MMFR3_EL1), hcrx = 0;

	if (!has(read_sysreg(id_aa64mmfr1_el1), 40))
		return;
	if (has(read_sysreg(SYS_ID_AA64ISAR2_EL1), 16))
		hcrx |= HCRX_EL2_MSCEN;
	if (has(mmfr3, 0))
		hcrx |= HCRX_EL2_TCR2EN;
	if (has(mmfr3, 4))
		hcrx |= HCRX_EL2_SCTLR2EN;
	write_sysreg(SYS_HCRX_EL2, hcrx);
}

/* The n bits of HFGRTR/HFGWTR for the EL1 registers of the features the CPU has. */
static u64 host_hfgxtr(void)
{
	u64 pfr1 = read_sysreg(id_aa64pfr1_el1);
	u64 mmfr3 = read_sysreg(SYS_ID_AA64MMFR3_EL1), n = 0;

	if (field(read_sysreg(id_aa64isar1_el1), 60) >= 3)
		n |= HFGXTR_NACCDATA;
	if (has(pfr1, 44))
		n |= HFGXTR_NGCS;
	if (has(pfr1, 24))
		n |= HFGXTR_NSME;
	if (has(pfr1, 48))
		n |= HFGXTR_NRCWMASK;
	if (has(mmfr3, 8))
		n |= HFGXTR_NPIR;
	if (has(mmfr3, 16))
		n |= HFGXTR_NPOR;
	if (has(mmfr3, 20))
		n |= HFGXTR_NS2POR;
	if (has(mmfr3, 24))
		n |= HFGXTR_NAIE;
	return n;
}

/*
 * Fine-grained traps (UNKNOWN at reset): none for the host. Plain bits
 * 0, n bits 1 where their feature exists (RES0 otherwise).
 */
static void host_fgt_setup(void)
{
	u64 dbg = 0;

	if (!has(read_sysreg(id_aa64mmfr0_el1), 56))
		return;
	if (field(read_sysreg(id_aa64dfr0_el1), 32) >= 3)
		dbg |= HDFGXTR_NPMSNEVF;
	write_sysreg(SYS_HDFGRTR_EL2, dbg);
	write_sysreg(SYS_HDFGWTR_EL2, dbg);
	write_sysreg(SYS_HFGRTR_EL2, host_hfgxtr());
	write_sysreg(SYS_HFGWTR_EL2, host_hfgxtr());
	write_sysreg(SYS_HFGITR_EL2, 0);
	if (has(read_sysreg(id_aa64pfr0_el1), 44))
		write_sysreg(SYS_HAFGRTR_EL2, 0);
}

/* Timers: EL1 owns the physical ones; with FEAT_ECV no physical offset either. */
static void host_timer_setup(void)
{
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN_EL1PCEN);
	write_sysreg(cntvoff_el2, 0);
	if (field(read_sysreg(id_aa64mmfr0_el1), 60) >= 2)
		write_sysreg(SYS_CNTPOFF_EL2, 0);
}

/* GICv3 system-register interface, usable by EL1 (Linux's GICv3 driver). */
static void host_gic_setup(void)
{
	if (!field(read_sysreg(id_aa64pfr0_el1), 24))
		return;
	write_sysreg(SYS_ICC_SRE_EL2,
		     read_sysreg(SYS_ICC_SRE_EL2) | ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE);
	isb();
	write_sysreg(SYS_ICH_HCR_EL2, 0); /* no virtual interface, no GIC traps */
}

void host_regs_setup(void)
{
	u64 vttbr;

	BUG_ON(npt_vttbr(0, &vttbr) != 0);
	write_sysreg(vtcr_el2, host_vtcr());
	write_sysreg(vttbr_el2, vttbr);
	host_fp_setup();
	host_timer_setup();
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
	write_sysreg(mdcr_el2, host_mdcr());
	write_sysreg(hstr_el2, 0); /* no trap of AArch32 CP15 accesses */
	host_hcrx_setup();
	host_fgt_setup();
	host_gic_setup();
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1);
	write_sysreg(hcr_el2, host_hcr());
	isb();
	/* Nothing this VMID cached before (a CPU restart) may survive. */
	__asm__ volatile("tlbi vmalls12e1\n dsb nsh\n isb" : : : "memory");
}
