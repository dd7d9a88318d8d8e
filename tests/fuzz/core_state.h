/* SPDX-License-Identifier: MIT */
/*
 * The core's own static state in the fuzzer's build: every writable byte the
 * core's objects define (their .data and .bss), which mk/fuzz.mk renames to
 * hc_core_data and hc_core_bss so that the link gathers them in two ranges
 * (__start_ / __stop_ symbols). core_state_save copies both ranges,
 * core_state_restore puts a copy back, core_state_diff compares: with
 * simulated memory and the records (world_save), that is the whole booted
 * machine, so restoring it stands for booting it again.
 */
#ifndef HYPCORE_TESTS_FUZZ_CORE_STATE_H
#define HYPCORE_TESTS_FUZZ_CORE_STATE_H

#include <stddef.h>

struct core_state;

/* A copy of the state as it is now (allocated; aborts if out of memory). */
struct core_state *core_state_save(void);
void core_state_restore(const struct core_state *s);
/* 0 if the state is as in s, else 1 and where it differs in why. */
int core_state_diff(const struct core_state *s, char *why, size_t len);

#endif
