/* SPDX-License-Identifier: MIT */
/*
 * The words of the kernel command line (/chosen bootargs) that EL2 reads
 * for itself, once, on the boot CPU (MMU off: byte loads only). The host
 * gets the same line; it ignores these words.
 *   hypcore.semihosting=1   QEMU was started with semihosting: the
 *                           fail-stop may exit through it (semihost.h)
 *   hypcore.test_fault=W    a fault to cause at boot; only the test build
 *                           (HYPCORE_TEST_FAULTS) acts on it
 */
#ifndef HYPCORE_ARM64_CMDLINE_H
#define HYPCORE_ARM64_CMDLINE_H

#include <hypcore/types.h>

/* Read the words above from `args` (copied: the DTB is edited later). */
void cmdline_read(const char *args);

/* The value of hypcore.test_fault, "" when not given. */
const char *cmdline_test_fault(void);

/* a and b are the same string. */
bool cmdline_equal(const char *a, const char *b);

#endif
