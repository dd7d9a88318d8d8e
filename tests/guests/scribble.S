/* SPDX-License-Identifier: MIT */
/*
 * scribble_run(exit_fn): a pattern into the EL1 state the host has too,
 * then GUEST_HVC_EXIT with status 0. The MMU stays off and no exception
 * is taken at EL1 afterwards, so any value is safe in the translation and
 * vector registers; the timer is enabled but masked (no interrupt).
 */
	.section .text.scribble, "ax"
	.global	scribble_run
scribble_run:
	mov	x9, x0
	movz	x1, #0x5c5c
	movk	x1, #0xa5a5, lsl #16
	movk	x1, #0x1234, lsl #32
	movk	x1, #0x0001, lsl #48		// 0x00011234a5a55c5c
	msr	ttbr0_el1, x1
	msr	ttbr1_el1, x1
	msr	mair_el1, x1
	msr	amair_el1, x1
	msr	tpidr_el0, x1
	msr	tpidrro_el0, x1
	msr	tpidr_el1, x1
	msr	far_el1, x1
	msr	sp_el0, x1
	msr	elr_el1, x1
	msr	par_el1, x1
	msr	cntv_cval_el0, x1
	mov	x2, #0x5c5c
	msr	contextidr_el1, x2
	msr	afsr0_el1, x2
	msr	afsr1_el1, x2
	msr	esr_el1, x2
	mov	x2, #0x3c5
	msr	spsr_el1, x2
	mov	x2, #0x2
	msr	csselr_el1, x2
	mov	x2, #0x303			// EL0 counter and timer access
	msr	cntkctl_el1, x2
	mov	x2, #3				// enabled, masked
	msr	cntv_ctl_el0, x2
	movz	x2, #0x5000
	movk	x2, #0x0000, lsl #16
	msr	tcr_el1, x2
	adr	x2, scribble_run
	and	x2, x2, #~0x7ff
	msr	vbar_el1, x2
	mrs	x2, sctlr_el1
	orr	x2, x2, #(1 << 26)		// UCI
	orr	x2, x2, #(1 << 15)		// UCT
	orr	x2, x2, #(1 << 14)		// DZE
	msr	sctlr_el1, x2
	isb
	movi	v0.16b, #0x5c
	movi	v1.16b, #0xa5
	mov	v2.16b, v0.16b
	mov	v3.16b, v1.16b
	mov	v4.16b, v0.16b
	mov	v5.16b, v1.16b
	mov	v6.16b, v0.16b
	mov	v7.16b, v1.16b
	mov	v8.16b, v0.16b
	mov	v9.16b, v1.16b
	mov	v10.16b, v0.16b
	mov	v11.16b, v1.16b
	mov	v12.16b, v0.16b
	mov	v13.16b, v1.16b
	mov	v14.16b, v0.16b
	mov	v15.16b, v1.16b
	mov	v16.16b, v0.16b
	mov	v17.16b, v1.16b
	mov	v18.16b, v0.16b
	mov	v19.16b, v1.16b
	mov	v20.16b, v0.16b
	mov	v21.16b, v1.16b
	mov	v22.16b, v0.16b
	mov	v23.16b, v1.16b
	mov	v24.16b, v0.16b
	mov	v25.16b, v1.16b
	mov	v26.16b, v0.16b
	mov	v27.16b, v1.16b
	mov	v28.16b, v0.16b
	mov	v29.16b, v1.16b
	mov	v30.16b, v0.16b
	mov	v31.16b, v1.16b
	mov	x2, #(1 << 24)			// FZ
	orr	x2, x2, #(3 << 22)		// round toward zero
	msr	fpcr, x2
	mov	x2, #0x1f			// every cumulative exception flag
	msr	fpsr, x2
	mov	x0, x9
	mov	x1, xzr
	hvc	#0
	b	.
