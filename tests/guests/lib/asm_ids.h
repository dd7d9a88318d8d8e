/* SPDX-License-Identifier: MIT */
/*
 * hypcore_guest.h's values for assembly, which does not take their C
 * suffixes (U, ULL). entry.c checks at compile time that they agree.
 */
#ifndef GUEST_ASM_IDS_H
#define GUEST_ASM_IDS_H

#define ASM_HVC_EXIT	 0xc6001002
#define ASM_PSCI_CPU_OFF 0x84000002
#define ASM_MAX_VCPUS	 16
#define ASM_MIN_MIB	 2
#define ASM_STACK_SHIFT	 14 /* GUEST_STACK_SIZE, 16 KiB */

#endif
