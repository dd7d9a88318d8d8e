/* SPDX-License-Identifier: MIT */
/*
 * System-register access and the register bits the EL2 image programs.
 * Values are named here once so that the code that sets them reads as a
 * list of decisions, not of numbers.
 */
#ifndef HYPCORE_ARM64_SYSREG_H
#define HYPCORE_ARM64_SYSREG_H

#include <hypcore/types.h>

/* Two steps, so that a register given as a macro (SYS_*) is expanded first. */
#define read_sysreg(r)	   read_sysreg_(r)
#define write_sysreg(r, v) write_sysreg_(r, v)

#define read_sysreg_(r)                                                                            \
	({                                                                                         \
		u64 __v;                                                                           \
		__asm__ volatile("mrs %0, " #r : "=r"(__v));                                       \
		__v;                                                                               \
	})

#define write_sysreg_(r, v)                                                                        \
	do {                                                                                       \
		u64 __v = (u64)(v);                                                                \
		__asm__ volatile("msr " #r ", %0" : : "r"(__v) : "memory");                        \
	} while (0)

/* Registers the assembler of binutils 2.40 may not know by name. */
#define SYS_ZCR_EL2	     s3_4_c1_c2_0
#define SYS_SMCR_EL2	     s3_4_c1_c2_6
#define SYS_ICC_SRE_EL2	     s3_4_c12_c9_5
#define SYS_ICC_IGRPEN1_EL1  s3_0_c12_c12_7
#define SYS_ID_AA64SMFR0_EL1 s3_0_c0_c4_5
#define SYS_ID_AA64ISAR2_EL1 s3_0_c0_c6_2
#define SYS_SMIDR_EL1	     s3_1_c0_c0_6
#define SYS_ID_AA64MMFR3_EL1 s3_0_c0_c7_3
#define SYS_HCRX_EL2	     s3_4_c1_c2_2
#define SYS_SMPRIMAP_EL2     s3_4_c1_c2_5
#define SYS_HFGRTR_EL2	     s3_4_c1_c1_4
#define SYS_HFGWTR_EL2	     s3_4_c1_c1_5
#define SYS_HFGITR_EL2	     s3_4_c1_c1_6
#define SYS_HDFGRTR_EL2	     s3_4_c3_c1_4
#define SYS_HDFGWTR_EL2	     s3_4_c3_c1_5
#define SYS_HAFGRTR_EL2	     s3_4_c3_c1_6
#define SYS_PMSCR_EL2	     s3_4_c9_c9_0
#define SYS_PMBIDR_EL1	     s3_0_c9_c10_7
#define SYS_TRBIDR_EL1	     s3_0_c9_c11_7
#define SYS_ICH_HCR_EL2	     s3_4_c12_c11_0
#define SYS_CNTPOFF_EL2	     s3_4_c14_c0_6

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" : : : "memory");
}

static inline void dsb_ishst(void)
{
	__asm__ volatile("dsb ishst" : : : "memory");
}

/* HCR_EL2: what the host (EL1) may do without us. */
#define HCR_VM	(1ULL << 0)  /* stage-2 translation on */
#define HCR_TSC (1ULL << 19) /* trap SMC: PSCI must go through us */
#define HCR_RW	(1ULL << 31) /* EL1 is AArch64 */
#define HCR_APK (1ULL << 40) /* pointer-auth key registers not trapped */
#define HCR_API (1ULL << 41) /* pointer-auth instructions not trapped */

/* HCR_EL2 for a guest (guest_run.c): the bits the host's value does not use. */
#define HCR_SWIO   (1ULL << 1)	/* set/way invalidate becomes clean+invalidate */
#define HCR_PTW	   (1ULL << 2)	/* a stage-1 walk into device memory faults */
#define HCR_FMO	   (1ULL << 3)	/* FIQs to EL2 */
#define HCR_IMO	   (1ULL << 4)	/* IRQs to EL2: the host's interrupts end a run */
#define HCR_AMO	   (1ULL << 5)	/* SErrors to EL2 */
#define HCR_FB	   (1ULL << 9)	/* TLB and I-cache maintenance broadcast (vCPUs move) */
#define HCR_BSU_IS (1ULL << 10) /* barriers at least inner shareable */
#define HCR_TWI	   (1ULL << 13) /* WFI traps */
#define HCR_TWE	   (1ULL << 14) /* WFE traps */
#define HCR_TIDCP  (1ULL << 20) /* implementation-defined registers trap */
#define HCR_TACR   (1ULL << 21) /* ACTLR_EL1 traps */
#define HCR_TSW	   (1ULL << 22) /* data-cache set/way operations trap */
#define HCR_TLOR   (1ULL << 35) /* LORegion registers trap (FEAT_LOR) */
#define HCR_TERR   (1ULL << 36) /* RAS error records trap (FEAT_RAS) */
#define HCR_FWB	   (1ULL << 46) /* stage 2 forces write-back (FEAT_S2FWB) */

/* MDCR_EL2 traps for a guest: PMU, debug, OS lock, SPE controls, trace filter. */
#define MDCR_EL2_TPMCR (1ULL << 5)
#define MDCR_EL2_TPM   (1ULL << 6)
#define MDCR_EL2_TDA   (1ULL << 9)
#define MDCR_EL2_TDOSA (1ULL << 10)
#define MDCR_EL2_TDRA  (1ULL << 11)
#define MDCR_EL2_TPMS  (1ULL << 14)
#define MDCR_EL2_TTRF  (1ULL << 19)

/* CPTR_EL2 traps for a guest besides SVE and SME: trace and activity monitors. */
#define CPTR_EL2_TTA (1ULL << 20)
#define CPTR_EL2_TAM (1ULL << 30)

/* CNTHCTL_EL2 for a guest: the physical counter yes, the physical timer traps. */
#define CNTHCTL_EL1PCTEN 1ULL

/* CNTx_CTL timer bits. */
#define CNT_CTL_ENABLE (1ULL << 0)
#define CNT_CTL_IMASK  (1ULL << 1)

/* SCTLR_EL2 (E2H = 0). RES1 bits of ARMv8.0 plus what we turn on. */
#define SCTLR_EL2_RES1 0x30c50830ULL
#define SCTLR_M	       (1ULL << 0)
#define SCTLR_C	       (1ULL << 2)
#define SCTLR_SA       (1ULL << 3)
#define SCTLR_I	       (1ULL << 12)
#define SCTLR_WXN      (1ULL << 19) /* writable implies execute-never */

/* SCTLR_EL1 as Linux expects it at entry: RES1 bits, MMU and caches off. */
#define SCTLR_EL1_RES1 0x30d00800ULL

/*
 * CPTR_EL2 (E2H = 0): RES1 bits 13, 9, 7:0; TZ (8) and TSM (12) are RES1
 * too where SVE / SME are absent, and cleared (no trap) where present;
 * TFP (10), TTA (20), TAM (30), TCPAC (31) clear: nothing trapped.
 */
#define CPTR_EL2_RES1 0x22ffULL
#define CPTR_EL2_TZ   (1ULL << 8)
#define CPTR_EL2_TSM  (1ULL << 12)

/*
 * CNTHCTL_EL2: EL1 may read the physical counter and use the physical
 * timer. Every other bit clear: with FEAT_ECV, no counter offset (ECV)
 * and no trap of EL0/EL1 counter or timer accesses (EL1TVT, EL1TVCT,
 * EL1NVPCT, EL1NVVCT); no event stream.
 */
#define CNTHCTL_EL1PCTEN_EL1PCEN 3ULL

/* MDCR_EL2: HPMN (PMU counters for EL1) and who owns SPE's and TRBE's buffers. */
#define MDCR_EL2_E2PB_EL1 (3ULL << 12) /* SPE buffer: EL1&0 translation, not trapped */
#define MDCR_EL2_E2TB_EL1 (3ULL << 24) /* trace buffer: EL1&0 translation, not trapped */
#define IDR_P		  (1ULL << 4)  /* PMBIDR/TRBIDR.P: owned by a higher EL */

/* HCRX_EL2 (FEAT_HCX): the host's own use of newer EL1 features. */
#define HCRX_EL2_MSCEN	  (1ULL << 11) /* FEAT_MOPS: CPYx / SETx at EL1 and EL0 */
#define HCRX_EL2_TCR2EN	  (1ULL << 14) /* FEAT_TCR2: TCR2_EL1 */
#define HCRX_EL2_SCTLR2EN (1ULL << 15) /* FEAT_SCTLR2: SCTLR2_EL1 */

/*
 * Fine-grained traps (FEAT_FGT): a plain bit set traps, an "n" bit clear
 * traps. The n bits the host needs for the features it has, in
 * HFGRTR_EL2 / HFGWTR_EL2 (same layout):
 */
#define HFGXTR_NACCDATA	 (1ULL << 50) /* FEAT_LS64_ACCDATA */
#define HFGXTR_NGCS	 (3ULL << 52) /* FEAT_GCS: GCS*_EL0, GCS*_EL1 */
#define HFGXTR_NSME	 (3ULL << 54) /* FEAT_SME: SMPRI_EL1, TPIDR2_EL0 */
#define HFGXTR_NRCWMASK	 (1ULL << 56) /* FEAT_THE */
#define HFGXTR_NPIR	 (3ULL << 57) /* FEAT_S1PIE: PIRE0_EL1, PIR_EL1 */
#define HFGXTR_NPOR	 (3ULL << 59) /* FEAT_S1POE: POR_EL0, POR_EL1 */
#define HFGXTR_NS2POR	 (1ULL << 61) /* FEAT_S2POE */
#define HFGXTR_NAIE	 (3ULL << 62) /* FEAT_AIE: MAIR2_EL1, AMAIR2_EL1 */
#define HDFGXTR_NPMSNEVF (1ULL << 62) /* FEAT_SPEv1p2: PMSNEVFR_EL1 */

/* ICC_SRE_EL2: system-register GIC interface, and EL1 may use it too. */
#define ICC_SRE_EL2_SRE	   (1ULL << 0)
#define ICC_SRE_EL2_ENABLE (1ULL << 3)

/* SPSR: EL1h with D, A, I, F masked (how Linux wants to be entered). */
#define SPSR_EL1H_DAIF 0x3c5ULL

/* ESR: exception class and the instruction-length bit. */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK  0x3fULL
#define ESR_IL	     (1ULL << 25)
#define ESR_ISS_MASK 0x1ffffffULL

#define EC_UNKNOWN  0x00
#define EC_WFX	    0x01
#define EC_FP	    0x07
#define EC_ILLEGAL  0x0e
#define EC_SVC64    0x15
#define EC_HVC64    0x16
#define EC_SMC64    0x17
#define EC_SYSREG   0x18
#define EC_SVE	    0x19
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_SERROR   0x2f
#define EC_BRK64    0x3c

#endif
