/* SPDX-License-Identifier: MIT */
/*
 * The two halves of the world switch that C cannot write, and the FP/SIMD
 * copy routines (guest_run.c says when each runs).
 *
 * guest_enter(ctx, save): keep EL2's callee-saved registers and sp in
 * save[0..12], load the guest's x0..x30 from ctx (struct vcpu_ctx: x[]
 * first) and ERET into it (ELR_EL2 / SPSR_EL2 already hold its PC and
 * PSTATE). It "returns" only through guest_leave.
 *
 * guest_leave(save): called from the trap path once the guest's state is
 * copied out: put back what guest_enter kept, so that guest_enter returns
 * 0 to its caller. The trap frame below on the stack is dropped with it.
 */
	.text

	.global guest_enter
	.type guest_enter, %function
guest_enter:
	stp	x19, x20, [x1, #0]
	stp	x21, x22, [x1, #16]
	stp	x23, x24, [x1, #32]
	stp	x25, x26, [x1, #48]
	stp	x27, x28, [x1, #64]
	stp	x29, x30, [x1, #80]
	mov	x2, sp
	str	x2, [x1, #96]
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret
	/* Nothing runs past an ERET, not even speculatively. */
	dsb	nsh
	isb
	.size guest_enter, . - guest_enter

	.global guest_leave
	.type guest_leave, %function
guest_leave:
	ldp	x19, x20, [x0, #0]
	ldp	x21, x22, [x0, #16]
	ldp	x23, x24, [x0, #32]
	ldp	x25, x26, [x0, #48]
	ldp	x27, x28, [x0, #64]
	ldp	x29, x30, [x0, #80]
	ldr	x1, [x0, #96]
	mov	sp, x1
	mov	x0, #0
	ret
	.size guest_leave, . - guest_leave

/*
 * fpsimd_save(fp) / fpsimd_load(fp): V0..V31, FPSR, FPCR to / from a
 * struct vcpu_fp (16-byte aligned: V0..V31 at 0, FPSR at 512, FPCR at
 * 520). The only EL2 code that touches FP/SIMD registers after boot
 * (check-fp-free.sh allows these two by name): EL2 saves the host's and
 * loads the guest's around a run, and the other way after.
 */
	.global fpsimd_save
	.type fpsimd_save, %function
fpsimd_save:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x1, fpsr
	str	x1, [x0, #512]
	mrs	x1, fpcr
	str	x1, [x0, #520]
	ret
	.size fpsimd_save, . - fpsimd_save

	.global fpsimd_load
	.type fpsimd_load, %function
fpsimd_load:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	ldr	x1, [x0, #512]
	msr	fpsr, x1
	ldr	x1, [x0, #520]
	msr	fpcr, x1
	ret
	.size fpsimd_load, . - fpsimd_load
