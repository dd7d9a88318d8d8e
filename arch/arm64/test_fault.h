/* SPDX-License-Identifier: MIT */
/*
 * Where the test build of the image (HYPCORE_TEST_FAULTS, build/el2-test;
 * tests/e2e/faults/el2_faults.c) causes the fault that hypcore.test_fault=
 * asks for. Empty in every other build, `make run`'s image included.
 */
#ifndef HYPCORE_ARM64_TEST_FAULT_H
#define HYPCORE_ARM64_TEST_FAULT_H

#include <hypcore/types.h>

#ifdef HYPCORE_TEST_FAULTS
/* The boot CPU, right after EL2's map is checked, before the host. */
void test_fault_boot(void);
/* A CPU started for the host, with its MMU on, before it enters the host. */
void test_fault_secondary(u64 cpu);
#else
static inline void test_fault_boot(void)
{
}
static inline void test_fault_secondary(u64 cpu)
{
	(void)cpu;
}
#endif

#endif
