/* SPDX-License-Identifier: MIT */
/*
 * Every vCPU enters here at EL1, MMU off, interrupts masked, with x0 as
 * hypcore_guest.h describes. Each gets a stack at the top of RAM (vCPU i
 * below top - i * 16 KiB) and the guests' vector table, then guest_entry()
 * runs the guest. Nothing here writes the image.
 */
#include "asm_ids.h"

	.section .text.start, "ax"
	.global	_start
_start:
	msr	daifset, #0xf
	msr	spsel, #1
	ubfx	x1, x0, #16, #16		// RAM MiB
	and	x2, x0, #0xff			// vCPU index
	cmp	x1, #ASM_MIN_MIB
	b.lo	too_small
	cmp	x2, #ASM_MAX_VCPUS
	b.hs	no_stack
	adr	x3, __image_start		// GUEST_RAM_BASE
	add	x3, x3, x1, lsl #20		// top of RAM
	sub	x3, x3, x2, lsl #ASM_STACK_SHIFT
	mov	sp, x3
	adr	x4, guest_vectors
	msr	vbar_el1, x4
	isb
	mov	x29, xzr
	mov	x30, xzr
	bl	guest_entry			// does not return
	b	.

	/* Less RAM than the layout needs: no stack to run C on. */
too_small:
	movz	x0, #(ASM_HVC_EXIT & 0xffff)
	movk	x0, #(ASM_HVC_EXIT >> 16), lsl #16
	mov	x1, #1
	hvc	#0
	b	.

	/* A vCPU beyond the stacks' area takes no part. */
no_stack:
	movz	x0, #(ASM_PSCI_CPU_OFF & 0xffff)
	movk	x0, #(ASM_PSCI_CPU_OFF >> 16), lsl #16
	hvc	#0
	b	.
