/* SPDX-License-Identifier: MIT */
/*
 * The stack protector's two symbols, which Debian's libfdt.a needs (it is
 * built with -fstack-protector-strong; our own code is built without).
 *
 * The guard is a fixed value: libfdt only runs at boot, on the DTB QEMU
 * wrote, before any host code exists. The canary is there to stop the
 * boot loudly on a bug of ours or libfdt's, not to keep out an attacker
 * who would have to guess it.
 */
#include <hypcore/arch.h>

#include "console.h"

unsigned long __stack_chk_guard = 0x5d2f9e41c3a7b608UL;

_Noreturn void __stack_chk_fail(void);

_Noreturn void __stack_chk_fail(void)
{
	con_puts("hypcore: stack smashing detected (stack protector in libfdt)\n");
	arch_panic(__FILE__, __LINE__, "stack protector: a stack frame was overwritten");
}
