/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors (VBAR_EL2). Every one of the 16 entries saves a
 * full trap frame and calls el2_trap(frame, vector number); the C side
 * decides the policy for each exception class, so no entry is silent.
 * Before the first store, each entry checks that sp is still inside this
 * CPU's stack (stack.h); if not, the frame goes to the CPU's overflow
 * stack and trap_stack_overflow reports it: a fault on a full stack must
 * not fault again on the frame's own store, and never writes below it.
 */
#include "stack.h"
#include "trap.h"

	.section .text.vectors, "ax"

/*
 * One vector entry: make room for the frame, free two registers, and go to
 * the common save path with the vector number in x1. An entry is 0x80
 * bytes (32 instructions), too small for the whole save.
 *
 * The stack check may not use memory (sp may point at the guard page) nor
 * a register (all are the interrupted context's): sp and x0 trade places
 * by arithmetic, as Linux's kernel_ventry does, and bit STACK_BIT of the
 * new sp says whether it is still in the stack's half of the slot.
 * On overflow, x0 goes through TPIDR_EL2 (EL2's own, otherwise unused)
 * while sp moves to the top of the slot's overflow stack; the overflowed
 * sp is kept in the frame (TF_SP).
 */
.macro vector_entry num
	.balign 0x80
	sub	sp, sp, #TF_SIZE
	add	sp, sp, x0		/* sp = sp + x0 */
	sub	x0, sp, x0		/* x0 = sp */
	tbz	x0, #STACK_BIT, 1f
	sub	x0, sp, x0		/* x0 = x0 */
	sub	sp, sp, x0		/* sp = sp */
	stp	x0, x1, [sp, #TF_X(0)]
	mov	x1, #\num
	b	trap_common
1:	sub	x0, sp, x0		/* x0 = x0 */
	sub	sp, sp, x0		/* sp = the overflowed sp */
	msr	tpidr_el2, x0
	mov	x0, sp
	and	sp, x0, #~(STACK_SLOT_SIZE - 1)
	add	sp, sp, #OVF_STACK_TOP
	sub	sp, sp, #TF_SIZE
	str	x0, [sp, #TF_SP]
	mrs	x0, tpidr_el2
	stp	x0, x1, [sp, #TF_X(0)]
	mov	x1, #\num
	b	trap_overflow
.endm

/* Save x2..x30 and the return state of the exception into the frame. */
.macro save_frame
	stp	x2, x3, [sp, #TF_X(2)]
	stp	x4, x5, [sp, #TF_X(4)]
	stp	x6, x7, [sp, #TF_X(6)]
	stp	x8, x9, [sp, #TF_X(8)]
	stp	x10, x11, [sp, #TF_X(10)]
	stp	x12, x13, [sp, #TF_X(12)]
	stp	x14, x15, [sp, #TF_X(14)]
	stp	x16, x17, [sp, #TF_X(16)]
	stp	x18, x19, [sp, #TF_X(18)]
	stp	x20, x21, [sp, #TF_X(20)]
	stp	x22, x23, [sp, #TF_X(22)]
	stp	x24, x25, [sp, #TF_X(24)]
	stp	x26, x27, [sp, #TF_X(26)]
	stp	x28, x29, [sp, #TF_X(28)]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x30, x2, [sp, #TF_X(30)]
	str	x3, [sp, #TF_SPSR]
.endm

/* Put back what the handler left in the frame (it may edit x0..x3, ELR, SPSR). */
.macro restore_frame
	ldr	x3, [sp, #TF_SPSR]
	ldp	x30, x2, [sp, #TF_X(30)]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x0, x1, [sp, #TF_X(0)]
	ldp	x2, x3, [sp, #TF_X(2)]
	ldp	x4, x5, [sp, #TF_X(4)]
	ldp	x6, x7, [sp, #TF_X(6)]
	ldp	x8, x9, [sp, #TF_X(8)]
	ldp	x10, x11, [sp, #TF_X(10)]
	ldp	x12, x13, [sp, #TF_X(12)]
	ldp	x14, x15, [sp, #TF_X(14)]
	ldp	x16, x17, [sp, #TF_X(16)]
	ldp	x18, x19, [sp, #TF_X(18)]
	ldp	x20, x21, [sp, #TF_X(20)]
	ldp	x22, x23, [sp, #TF_X(22)]
	ldp	x24, x25, [sp, #TF_X(24)]
	ldp	x26, x27, [sp, #TF_X(26)]
	ldp	x28, x29, [sp, #TF_X(28)]
	add	sp, sp, #TF_SIZE
.endm

	.balign 0x800
	.global el2_vectors
el2_vectors:
	/* Current EL with SP_EL0: EL2 never runs on SP_EL0. */
	vector_entry (VEC_CUR_SP0 + VEC_SYNC)
	vector_entry (VEC_CUR_SP0 + VEC_IRQ)
	vector_entry (VEC_CUR_SP0 + VEC_FIQ)
	vector_entry (VEC_CUR_SP0 + VEC_SERROR)
	/* Current EL with SP_EL2: a fault in hypcore itself. */
	vector_entry (VEC_CUR_SPX + VEC_SYNC)
	vector_entry (VEC_CUR_SPX + VEC_IRQ)
	vector_entry (VEC_CUR_SPX + VEC_FIQ)
	vector_entry (VEC_CUR_SPX + VEC_SERROR)
	/* Lower EL in AArch64: the host. */
	vector_entry (VEC_LOW_A64 + VEC_SYNC)
	vector_entry (VEC_LOW_A64 + VEC_IRQ)
	vector_entry (VEC_LOW_A64 + VEC_FIQ)
	vector_entry (VEC_LOW_A64 + VEC_SERROR)
	/* Lower EL in AArch32: never allowed (HCR_EL2.RW is set). */
	vector_entry (VEC_LOW_A32 + VEC_SYNC)
	vector_entry (VEC_LOW_A32 + VEC_IRQ)
	vector_entry (VEC_LOW_A32 + VEC_FIQ)
	vector_entry (VEC_LOW_A32 + VEC_SERROR)

trap_common:
	save_frame
	mov	x0, sp
	bl	el2_trap
	restore_frame
	eret

/* On the overflow stack: report and stop (trap_stack_overflow never returns). */
trap_overflow:
	save_frame
	mov	x0, sp
	bl	trap_stack_overflow
1:	msr	daifset, #0xf
	wfi
	b	1b
