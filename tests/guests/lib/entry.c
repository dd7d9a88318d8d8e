/* SPDX-License-Identifier: MIT */
/* From start.S to guest_main: what x0 says, and the exit afterwards. */
#include "guest.h"
#include "asm_ids.h"

_Static_assert(ASM_HVC_EXIT == GUEST_HVC_EXIT, "asm_ids.h: HVC_EXIT");
_Static_assert(ASM_PSCI_CPU_OFF == PSCI_CPU_OFF, "asm_ids.h: CPU_OFF");
_Static_assert(ASM_MAX_VCPUS == GUEST_MAX_VCPUS, "asm_ids.h: MAX_VCPUS");
_Static_assert(ASM_MIN_MIB == GUEST_MIN_MIB, "asm_ids.h: MIN_MIB");
_Static_assert((1ULL << ASM_STACK_SHIFT) == GUEST_STACK_SIZE, "asm_ids.h: stack size");

void guest_entry(uint64_t x0) __attribute__((noreturn));

void guest_entry(uint64_t x0)
{
	struct guest_boot boot;

	boot.vcpu = GUEST_X0_VCPU(x0);
	boot.nvcpus = GUEST_X0_NVCPUS(x0) ? GUEST_X0_NVCPUS(x0) : 1;
	boot.mib = GUEST_X0_MIB(x0);
	boot.ram_end = GUEST_RAM_BASE + ((uint64_t)boot.mib << 20);
	guest_exit(guest_main(&boot));
}
