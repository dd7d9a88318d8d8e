/* SPDX-License-Identifier: MIT */
/* The core's one-line printer (arch_log_line) on the EL2 console. */
#include <hypcore/arch.h>

#include "console.h"

/* con_puts, not con_printf: no FP/SIMD registers, so any CPU may print at any time. */
void arch_log_line(const char *line)
{
	con_lock();
	con_puts("hypcore: ");
	con_puts(line);
	con_putc('\n');
	con_unlock();
}
