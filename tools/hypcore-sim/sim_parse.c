/* SPDX-License-Identifier: MIT */
#include "sim_parse.h"

#include <ctype.h>

int sim_split(char *line, char *words[], int max)
{
	int n = 0;

	for (;;) {
		while (*line && isspace((unsigned char)*line))
			*line++ = '\0';
		if (!*line)
			return n;
		if (n == max)
			return -1;
		words[n++] = line;
		while (*line && !isspace((unsigned char)*line))
			line++;
	}
}

static int digit_value(char c, u64 base)
{
	int v = -1;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (base == 16 && c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (base == 16 && c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	return v;
}

/* Plain strtoull would accept signs, blanks and octal: the protocol does not. */
bool sim_number(const char *word, u64 *out)
{
	u64 base = 10, v = 0;
	int d;

	if (word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) {
		base = 16;
		word += 2;
	}
	if (!*word)
		return false;
	for (; *word; word++) {
		d = digit_value(*word, base);
		if (d < 0 || v > (~0ULL - (u64)d) / base)
			return false;
		v = v * base + (u64)d;
	}
	*out = v;
	return true;
}
