/* SPDX-License-Identifier: MIT */
#include "core_state.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Defined by the linker: the bounds of the renamed sections (mk/fuzz.mk). */
extern char __start_hc_core_data[], __stop_hc_core_data[];
extern char __start_hc_core_bss[], __stop_hc_core_bss[];

static char *const start[2] = {__start_hc_core_data, __start_hc_core_bss};
static char *const stop[2] = {__stop_hc_core_data, __stop_hc_core_bss};
static const char *const name[2] = {"data", "bss"};

struct core_state {
	char *copy[2];
};
/*
 * Byte copies that ASan does not check: the ranges hold the redzones ASan
 * puts around each global, which instrumented code (and the memcpy
 * interceptor) may not touch. Copying them is harmless (their shadow does
 * not change) and so is comparing them (nobody writes them).
 */
__attribute__((no_sanitize("address"), no_builtin)) static void copy(char *to, const char *from,
								     size_t n)
{
	size_t i = 0;

	/* Both ranges and the copies are 16-byte aligned: words, then the tail. */
	for (; i + 8 <= n; i += 8)
		*(uint64_t *)(to + i) = *(const uint64_t *)(from + i);
	for (; i < n; i++)
		to[i] = from[i];
}

__attribute__((no_sanitize("address"), no_builtin)) static size_t differs(const char *a,
									  const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return i + 1;
	return 0;
}

static size_t size(int i)
{
	return (size_t)(stop[i] - start[i]);
}

struct core_state *core_state_save(void)
{
	struct core_state *s = malloc(sizeof(*s));

	for (int i = 0; s && i < 2; i++) {
		s->copy[i] = aligned_alloc(16, (size(i) + 16) & ~(size_t)15);
		if (!s->copy[i])
			s = NULL;
		else
			copy(s->copy[i], start[i], size(i));
	}
	if (!s) {
		fprintf(stderr, "core_state: no memory\n");
		abort();
	}
	return s;
}

void core_state_restore(const struct core_state *s)
{
	for (int i = 0; i < 2; i++)
		copy(start[i], s->copy[i], size(i));
}

int core_state_diff(const struct core_state *s, char *why, size_t len)
{
	for (int i = 0; i < 2; i++) {
		size_t at = differs(start[i], s->copy[i], size(i));

		if (at) {
			snprintf(why, len, "the core's %s, byte %zu of %zu", name[i], at - 1,
				 size(i));
			return 1;
		}
	}
	return 0;
}
