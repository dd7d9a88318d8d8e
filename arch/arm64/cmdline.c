/* SPDX-License-Identifier: MIT */
/* The kernel command line's hypcore.* words for EL2 (cmdline.h). */
#include "cmdline.h"

#include "semihost.h"

#define TEST_FAULT_MAX 32

static char test_fault[TEST_FAULT_MAX];

/* Does the word at w (ending at a space or NUL) start with key? Then its rest. */
static const char *after_key(const char *w, const char *key)
{
	while (*key && *w == *key) {
		w++;
		key++;
	}
	return *key ? NULL : w;
}

static bool word_end(char c)
{
	return c == 0 || c == ' ';
}

bool cmdline_equal(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

void cmdline_read(const char *args)
{
	for (const char *w = args; *w;) {
		const char *v;

		if ((v = after_key(w, "hypcore.semihosting=1")) && word_end(*v))
			semihost_enable();
		if ((v = after_key(w, "hypcore.test_fault="))) {
			u32 n = 0;

			while (!word_end(v[n]) && n < TEST_FAULT_MAX - 1) {
				test_fault[n] = v[n];
				n++;
			}
			test_fault[n] = 0;
		}
		while (!word_end(*w))
			w++;
		while (*w == ' ')
			w++;
	}
}

const char *cmdline_test_fault(void)
{
	return test_fault;
}
