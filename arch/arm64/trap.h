/* SPDX-License-Identifier: MIT */
/*
 * The trap frame vectors.S saves on EL2's stack for every exception, and
 * the C entry points it calls. Offsets are shared with the assembly.
 */
#ifndef HYPCORE_ARM64_TRAP_H
#define HYPCORE_ARM64_TRAP_H

#define TF_X(n) ((n)*8)
#define TF_ELR	(31 * 8)
#define TF_SPSR (32 * 8)
#define TF_SP	(33 * 8) /* written by the stack-overflow path only */
#define TF_SIZE (34 * 8) /* keeps sp 16-byte aligned */

/* Which of the 16 vectors was taken: group * 4 + type. */
#define VEC_CUR_SP0 0
#define VEC_CUR_SPX 4
#define VEC_LOW_A64 8
#define VEC_LOW_A32 12
#define VEC_SYNC    0
#define VEC_IRQ	    1
#define VEC_FIQ	    2
#define VEC_SERROR  3

#ifndef __ASSEMBLER__
#include <hypcore/hvc.h>
#include <hypcore/types.h>

/*
 * Everything the interrupted context had in general registers. A
 * hypercall's x0..x17 are the first 18 of them: the dispatcher works on
 * the frame itself (hvc), with no copy in or out.
 */
struct trap_frame {
	union {
		u64 x[31];
		struct hvc_regs hvc;
	};
	u64 elr;
	u64 spsr;
	u64 sp; /* the overflowed sp, when the frame is on the overflow stack */
};

_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap frame layout");
_Static_assert(sizeof(struct hvc_regs) <= 31 * 8, "x0..x17 inside the frame");

/* Called by vectors.S; on return the (possibly edited) frame is restored. */
void el2_trap(struct trap_frame *f, u64 vector);

/* Register dump of an unexpected exception, then fail-stop. */
_Noreturn void trap_fail_stop(const struct trap_frame *f, u64 vector, const char *why);

/* vectors.S, on the overflow stack: sp had left this CPU's stack. */
_Noreturn void trap_stack_overflow(const struct trap_frame *f, u64 vector);

/* Policies for exceptions from the host, one file each. */
void host_smc(struct trap_frame *f);
/* Boot log: what the firmware answers SMCCC_ARCH_FEATURES for its workarounds. */
void psci_report_firmware(void);
void host_hvc(struct trap_frame *f);
void host_abort(struct trap_frame *f, u64 esr);
/* far's IPA through the loaded EL1 context's stage 1 (AT S1E1R); false if unmapped. */
bool trap_at_ipa(u64 far, u64 *ipa);
/* A trapped system-register access (EC 0x18): UNDEF injected into the host. */
void host_undef(struct trap_frame *f, u64 esr);
#endif

#endif
