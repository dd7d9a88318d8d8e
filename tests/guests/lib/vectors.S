/* SPDX-License-Identifier: MIT */
/*
 * The guests' EL1 vector table: 16 entries of 128 bytes, each passing its
 * own offset to guest_on_exception(), which never returns (so nothing is
 * saved). start.S points VBAR_EL1 here before any C runs.
 */
	.macro	vector, offset
	.balign	0x80
	mov	x0, #\offset
	b	guest_on_exception
	.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global	guest_vectors
guest_vectors:
	vector	0x000	// current EL, SP_EL0: synchronous
	vector	0x080	//   IRQ
	vector	0x100	//   FIQ
	vector	0x180	//   SError
	vector	0x200	// current EL, SP_EL1: synchronous (where the guests run)
	vector	0x280	//   IRQ
	vector	0x300	//   FIQ
	vector	0x380	//   SError
	vector	0x400	// lower EL, AArch64 (never: the guests have no EL0)
	vector	0x480
	vector	0x500
	vector	0x580
	vector	0x600	// lower EL, AArch32 (never)
	vector	0x680
	vector	0x700
	vector	0x780
