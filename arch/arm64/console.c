/* SPDX-License-Identifier: MIT */
/* PL011 output and the two printers described in console.h. */
#include <hypcore/arch.h>
#include <stdarg.h>
#include <stdio.h>

#include "console.h"
#include "sysreg.h"

#define UARTDR	    0x00
#define UARTFR	    0x18
#define UARTFR_TXFF (1U << 5)

/* CPU id + 1 of the line's owner, 0 when free. */
static u32 con_owner;
static u32 con_depth;

static volatile u32 *uart_reg(u64 off)
{
	return (volatile u32 *)(PL011_BASE + off);
}

void con_lock(void)
{
	u32 me = arch_cpu_id() + 1;
	u32 free = 0;

	if (__atomic_load_n(&con_owner, __ATOMIC_RELAXED) == me) {
		con_depth++;
		return;
	}
	while (!__atomic_compare_exchange_n(&con_owner, &free, me, false, __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		free = 0;
		arch_cpu_relax();
	}
	con_depth = 1;
}

bool con_lock_bounded(u64 ms)
{
	u32 me = arch_cpu_id() + 1;
	u64 start = read_sysreg(cntpct_el0);
	u64 limit = read_sysreg(cntfrq_el0) / 1000 * ms;
	u32 free = 0;

	if (__atomic_load_n(&con_owner, __ATOMIC_RELAXED) == me) {
		con_depth++;
		return true;
	}
	do {
		free = 0;
		if (__atomic_compare_exchange_n(&con_owner, &free, me, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			con_depth = 1;
			return true;
		}
	} while (read_sysreg(cntpct_el0) - start < limit);
	return false;
}

void con_unlock(void)
{
	if (--con_depth == 0) {
		__atomic_store_n(&con_owner, 0, __ATOMIC_RELEASE);
		arch_cpu_wake();
	}
}

void con_putc(char c)
{
	if (c == '\n')
		con_putc('\r');
	while (*uart_reg(UARTFR) & UARTFR_TXFF)
		;
	*uart_reg(UARTDR) = (u32)(unsigned char)c;
}

void con_puts(const char *s)
{
	while (*s)
		con_putc(*s++);
}

void con_hex(u64 v)
{
	con_puts("0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		con_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

void con_dec(u64 v)
{
	char buf[21];
	int i = 20;

	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	con_puts(&buf[i]);
}

void con_printf(const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	con_lock();
	con_puts(line);
	con_unlock();
}
