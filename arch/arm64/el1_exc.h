/* SPDX-License-Identifier: MIT */
/*
 * What the CPU would have done had an exception been taken to the host's
 * EL1 instead of to EL2: which vector, which syndrome, which PSTATE. Pure
 * functions of register values (no system-register access), so the host
 * build tests them (tests/unit/test_el1_exc.c); abort_inject.c reads the
 * registers and writes the results.
 */
#ifndef HYPCORE_ARM64_EL1_EXC_H
#define HYPCORE_ARM64_EL1_EXC_H

#include <hypcore/types.h>

/* PSTATE / SPSR bits (AArch64 view; M[4] set means AArch32). */
#define PSR_MODE_MASK 0xfULL
#define PSR_MODE_EL0T 0x0ULL
#define PSR_MODE_EL1T 0x4ULL
#define PSR_MODE_EL1H 0x5ULL
#define PSR_MODE32    (1ULL << 4)
#define PSR_DAIF      (0xfULL << 6)
#define PSR_BTYPE     (3ULL << 10)
#define PSR_SSBS      (1ULL << 12)
#define PSR_ALLINT    (1ULL << 13)
#define PSR_IL	      (1ULL << 20)
#define PSR_SS	      (1ULL << 21)
#define PSR_PAN	      (1ULL << 22)
#define PSR_UAO	      (1ULL << 23)
#define PSR_DIT	      (1ULL << 24)
#define PSR_TCO	      (1ULL << 25)
#define PSR_NZCV      (0xfULL << 28)
#define PSR32_DIT     (1ULL << 21) /* DIT in an AArch32 SPSR */

/* SCTLR_EL1 bits that decide PSTATE on entry. */
#define SCTLR_EL1_SPAN_BIT  (1ULL << 23) /* 0: PAN set on entry */
#define SCTLR_EL1_DSSBS	    (1ULL << 44) /* SSBS on entry */
#define SCTLR_EL1_SPINTMASK (1ULL << 62) /* 0: ALLINT set on entry */

/* Offsets in VBAR_EL1 of the synchronous vectors. */
#define EL1_VEC_CUR_SP0 0x000ULL
#define EL1_VEC_CUR_SPX 0x200ULL
#define EL1_VEC_LOW_A64 0x400ULL
#define EL1_VEC_LOW_A32 0x600ULL

/* ESR fields. */
#define EXC_ESR_EC_SHIFT     26
#define EXC_ESR_IL	     (1ULL << 25)
#define EXC_EC_UNKNOWN	     0x00ULL
#define EXC_EC_IABT_LOW	     0x20ULL
#define EXC_EC_IABT_CUR	     0x21ULL
#define EXC_EC_DABT_LOW	     0x24ULL
#define EXC_EC_DABT_CUR	     0x25ULL
#define EXC_ISS_WNR	     (1ULL << 6)
#define EXC_ISS_S1PTW	     (1ULL << 7)
#define EXC_FSC_TYPE_MASK    0x3cULL /* fault status code without the level */
#define EXC_FSC_PERMISSION   0x0cULL
#define EXC_FSC_PERMISSION_3 0x0fULL

/* What the CPU has, of the features PSTATE on entry depends on. */
struct el1_exc_cpu {
	bool ssbs; /* FEAT_SSBS */
	bool mte;  /* FEAT_MTE: TCO set on entry */
	bool nmi;  /* FEAT_NMI: ALLINT */
};

/* The synchronous vector for an exception from the context spsr describes. */
u64 el1_exc_vector(u64 spsr);

/*
 * PSTATE on entry to EL1h, from the interrupted one (as Linux's
 * get_except64_cpsr computes it): NZCV and DIT kept; PAN kept, and set
 * when SCTLR_EL1.SPAN is 0; SSBS = SCTLR_EL1.DSSBS; TCO set with MTE;
 * ALLINT set when SPINTMASK is 0 (FEAT_NMI); UAO, SS, IL, BTYPE clear;
 * D, A, I, F masked.
 */
u64 el1_exc_pstate(u64 spsr, u64 sctlr_el1, const struct el1_exc_cpu *cpu);

/*
 * ESR_EL1 of a level-3 permission fault for the abort whose ESR_EL2 is
 * given: same kind (instruction or data), lower or current EL as spsr
 * says, WnR of a data abort, IL of the trapped instruction.
 */
u64 el1_exc_abort_esr(u64 esr_el2, u64 spsr);

/* ESR_EL1 of an undefined instruction, IL of the trapped one. */
u64 el1_exc_undef_esr(u64 esr_el2);

/* A stage-2 permission fault (which HPFAR_EL2 may not describe)? */
bool el1_exc_is_permission(u64 esr_el2);

/* The IPA of a successful AT (PAR_EL1.F clear): page from PAR, offset from far. */
u64 el1_exc_par_ipa(u64 par, u64 far);

#endif
