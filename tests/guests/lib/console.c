/* SPDX-License-Identifier: MIT */
/* The PL011 at GUEST_UART_BASE: 32-bit accesses, as the PL011 wants. */
#include "guest.h"

#define UART_FR_TXFF (1U << 5) /* transmit FIFO full */

static inline uint32_t uart_read(uint64_t reg)
{
	return *(volatile uint32_t *)(GUEST_UART_BASE + reg);
}

static inline void uart_write(uint64_t reg, uint32_t v)
{
	*(volatile uint32_t *)(GUEST_UART_BASE + reg) = v;
}

void guest_putc(char c)
{
	while (uart_read(GUEST_UART_FR) & UART_FR_TXFF)
		;
	uart_write(GUEST_UART_DR, (uint8_t)c);
}

void guest_puts(const char *s)
{
	while (*s)
		guest_putc(*s++);
}

void guest_put_hex(uint64_t v)
{
	int shift = 60;

	guest_puts("0x");
	while (shift > 0 && ((v >> shift) & 0xf) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		guest_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

void guest_put_dec(uint64_t v)
{
	uint64_t div = 1;

	while (v / div >= 10)
		div *= 10;
	for (; div; div /= 10)
		guest_putc((char)('0' + (v / div) % 10));
}
