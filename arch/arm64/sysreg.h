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

/* SCTLR_EL2 (E2H = 0). RES1 bits of ARMv8.0 plus what we turn on. */
#define SCTLR_EL2_RES1 0x30c50830ULL
#define SCTLR_M	       (1ULL << 0)
#define SCTLR_C	       (1ULL << 2)
#define SCTLR_SA       (1ULL << 3)
#define SCTLR_I	       (1ULL << 12)
#define SCTLR_WXN      (1ULL << 19) /* writable implies execute-never */

/* SCTLR_EL1 as Linux expects it at entry: RES1 bits, MMU and caches off. */
#define SCTLR_EL1_RES1 0x30d00800ULL
#define SCTLR_EL1_SPAN (1ULL << 23) /* 0: PSTATE.PAN set on exception entry */

/* CPTR_EL2 (E2H = 0): RES1 bits 13, 9, 7:0; TZ (8), TFP (10), TSM (12) clear. */
#define CPTR_EL2_NO_TRAPS 0x22ffULL

/* CNTHCTL_EL2: EL1 may read the physical counter and use the physical timer. */
#define CNTHCTL_EL1PCTEN_EL1PCEN 3ULL

/* ICC_SRE_EL2: system-register GIC interface, and EL1 may use it too. */
#define ICC_SRE_EL2_SRE	   (1ULL << 0)
#define ICC_SRE_EL2_ENABLE (1ULL << 3)

/* SPSR: EL1h with D, A, I, F masked (how Linux wants to be entered). */
#define SPSR_EL1H_DAIF 0x3c5ULL
#define SPSR_PAN       (1ULL << 22)
#define SPSR_MODE_MASK 0xfULL
#define SPSR_MODE_EL0T 0x0ULL
#define SPSR_MODE_EL1T 0x4ULL
#define SPSR_MODE_EL1H 0x5ULL

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

/* Fault status code of an external abort (what we inject into EL1). */
#define FSC_SYNC_EXTERNAL 0x10ULL

#endif
