/* SPDX-License-Identifier: MIT */
/*
 * Entry points of the EL2 image: the arm64 Image header QEMU looks for,
 * the boot CPU's entry (x0 = DTB), the entry of a CPU started through our
 * PSCI relay, and the one-way exit to the host at EL1.
 */

#include "stack.h"

#define MAX_CPUS STACK_CPUS
#define SPSR_EL1H_DAIF 0x3c5

/* sp = top of the stack of the CPU whose index is in \cpu (stack.h). */
.macro set_cpu_stack cpu, tmp
	adrp	\tmp, el2_stacks
	add	\tmp, \tmp, :lo12:el2_stacks
	add	\cpu, \cpu, #1
	add	\tmp, \tmp, \cpu, lsl #STACK_SLOT_SHIFT
	sub	\cpu, \cpu, #1
	mov	sp, \tmp
.endm

/* \cpu = Aff0 of MPIDR_EL1; stop the CPU if it is beyond our stacks. */
.macro cpu_index cpu
	mrs	\cpu, mpidr_el1
	and	\cpu, \cpu, #0xff
	cmp	\cpu, #MAX_CPUS
	b.hs	bad_cpu
.endm

/* Vectors first, so that even a fault in the boot code is reported. */
.macro set_vectors tmp
	adrp	\tmp, el2_vectors
	add	\tmp, \tmp, :lo12:el2_vectors
	msr	vbar_el2, \tmp
	isb
.endm

	.section .text.head, "ax"
	.global _start
_start:
	/* arm64 Image header (Linux's Documentation/arch/arm64/booting). */
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset: QEMU loads us at RAM + 2 MiB */
	.quad	__image_size		/* image size including bss */
	.quad	0x2			/* flags: little-endian, 4 KiB pages */
	.quad	0, 0, 0			/* reserved */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* reserved (PE header offset) */

primary_entry:
	mov	x19, x0			/* the DTB, from QEMU */
	msr	daifset, #0xf
	cpu_index x20
	set_cpu_stack x20, x1
	set_vectors x1
	/* Zero bss (8-byte aligned by the linker script): EL2 tables, state. */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, x19
	adr	x1, _start		/* where we really are: boot_main checks */
	bl	boot_main
	b	park

/*
 * Where PSCI CPU_ON starts a CPU on our behalf: at EL2, MMU off, x0 = the
 * context we gave (the CPU index).
 */
	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	cpu_index x20
	set_cpu_stack x20, x1
	set_vectors x1
	mov	x1, x20
	bl	secondary_main
	b	park

/*
 * el1_enter(entry, arg): leave EL2 for good on this CPU's current path:
 * the host runs at `entry` in EL1h with DAIF masked and x0 = arg. EL2's
 * stack is rewound (traps start from an empty stack) and no EL2 value is
 * left in a register the host can read.
 */
	.global el1_enter
el1_enter:
	msr	elr_el2, x0
	mov	x0, #SPSR_EL1H_DAIF
	msr	spsr_el2, x0
	mov	x0, x1
	cpu_index x2
	set_cpu_stack x2, x3
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	mov	x4, xzr
	mov	x5, xzr
	mov	x6, xzr
	mov	x7, xzr
	mov	x8, xzr
	mov	x9, xzr
	mov	x10, xzr
	mov	x11, xzr
	mov	x12, xzr
	mov	x13, xzr
	mov	x14, xzr
	mov	x15, xzr
	mov	x16, xzr
	mov	x17, xzr
	mov	x18, xzr
	mov	x19, xzr
	mov	x20, xzr
	mov	x21, xzr
	mov	x22, xzr
	mov	x23, xzr
	mov	x24, xzr
	mov	x25, xzr
	mov	x26, xzr
	mov	x27, xzr
	mov	x28, xzr
	mov	x29, xzr
	mov	x30, xzr
	eret

/*
 * A CPU we have no stack for: nothing can be reported without one, and
 * whether semihosting exists is not known yet. It stays parked.
 */
bad_cpu:
park:
	msr	daifset, #0xf
	wfi
	b	park

/* Guard pages, overflow stack and stack of every CPU (stack.h, mmu.c). */
	.section .stacks, "aw", %nobits
	.balign	STACK_SLOT_SIZE
el2_stacks:
	.space	STACK_SLOT_SIZE * MAX_CPUS
