/* SPDX-License-Identifier: MIT */
/*
 * EL2's stacks, one 32 KiB slot per CPU in the image's .stacks section
 * (32 KiB aligned), from the slot's base:
 *
 *   +0      guard page, unmapped
 *   +4 KiB  overflow stack (4 KiB): where the report of a stack overflow runs
 *   +8 KiB  guard pages (8 KiB), unmapped
 *   +16 KiB the CPU's stack (16 KiB), sp starts at the slot's end
 *
 * The stack is the upper half of the slot, so on exception entry bit 14
 * of sp tells whether sp is still in it: clear means it ran off the end
 * into the lower half (vectors.S switches to the overflow stack then).
 * Shared with head.S, vectors.S and mmu.c.
 */
#ifndef HYPCORE_ARM64_STACK_H
#define HYPCORE_ARM64_STACK_H

#define STACK_SLOT_SHIFT 15
#define STACK_SLOT_SIZE	 (1 << STACK_SLOT_SHIFT)
#define STACK_SIZE	 16384
#define STACK_IN_SLOT	 (STACK_SLOT_SIZE - STACK_SIZE) /* the stack's lowest byte */
#define STACK_BIT	 14				/* set in every sp of the stack */
#define OVF_STACK_BASE	 4096
#define OVF_STACK_TOP	 8192
#define STACK_CPUS	 8 /* HC_MAX_CPUS */

#endif
