/* SPDX-License-Identifier: MIT */
/*
 * The smoke test's EL2 stub (README.md): every CPU enters here at EL2
 * (QEMU virt, virtualization=on, no firmware), takes a stack, and
 * stub_cpu() prepares its guest; then the CPU enters the guest at EL1h,
 * interrupts masked, MMU off, with x0 as stub_cpu() returns it. HVCs
 * from the guest come back to stub_hvc() with x0..x5 in a frame.
 */
#define STUB_STACKS 0x48100000
#define STUB_GUEST  0x40000000
#define HCR_RW	    0x80000000 /* EL1 is AArch64; nothing else trapped, no stage 2 */
#define SCTLR_EL1_RES1 0x30d00800
#define SPSR_EL1H_MASKED 0x3c5

	.section .text.start, "ax"
	.global	_start
_start:
	mrs	x19, mpidr_el1
	and	x19, x19, #0xff
	ldr	x1, =STUB_STACKS
	add	x1, x1, x19, lsl #14
	add	sp, x1, #0x4000
	adr	x1, stub_vectors
	msr	vbar_el2, x1
	mov	x0, x19
	bl	stub_cpu
	ldr	x1, =HCR_RW
	msr	hcr_el2, x1
	ldr	x1, =SCTLR_EL1_RES1
	msr	sctlr_el1, x1
	mov	x1, #SPSR_EL1H_MASKED
	msr	spsr_el2, x1
	ldr	x1, =STUB_GUEST
	msr	elr_el2, x1
	isb
	eret

	/* Only a synchronous exception from EL1 is expected; anything else hangs. */
	.balign	0x800
stub_vectors:
	.rept	8
	.balign	0x80
	b	.
	.endr
	.balign	0x80
	sub	sp, sp, #64
	stp	x0, x1, [sp]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	str	x30, [sp, #48]
	mov	x0, sp
	bl	stub_hvc
	ldp	x0, x1, [sp]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldr	x30, [sp, #48]
	add	sp, sp, #64
	eret
	.rept	7
	.balign	0x80
	b	.
	.endr
