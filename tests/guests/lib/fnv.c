/* SPDX-License-Identifier: MIT */
#include "guest.h"

uint64_t guest_fnv1a64(const volatile uint8_t *p, uint64_t n)
{
	uint64_t h = GUEST_FNV_OFFSET;

	for (uint64_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= GUEST_FNV_PRIME;
	}
	return h;
}
