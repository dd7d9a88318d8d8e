/* SPDX-License-Identifier: MIT */
/*
 * Lines of text for arch_log_line(), built without printf: the core has
 * none, and at EL2 picolibc's would touch FP/SIMD registers.
 */
#include <hypcore/arch.h>

#include "smmu_internal.h"

static void put(struct smmu_line *l, char c)
{
	if (l->len + 1 < sizeof(l->buf))
		l->buf[l->len++] = c;
	l->buf[l->len] = 0;
}

void line_start(struct smmu_line *l, const char *s)
{
	l->len = 0;
	l->buf[0] = 0;
	line_str(l, s);
}

void line_str(struct smmu_line *l, const char *s)
{
	while (*s)
		put(l, *s++);
}

/* 0x and the shortest run of hex digits. */
void line_hex(struct smmu_line *l, u64 v)
{
	int shift = 60;

	line_str(l, "0x");
	while (shift > 0 && !((v >> shift) & 0xf))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		put(l, "0123456789abcdef"[(v >> shift) & 0xf]);
}

void line_dec(struct smmu_line *l, u64 v)
{
	char digits[20];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n > 0)
		put(l, digits[--n]);
}

void line_print(struct smmu_line *l)
{
	arch_log_line(l->buf);
}
