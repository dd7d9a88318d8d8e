/* SPDX-License-Identifier: MIT */
/*
 * Faults that only the test build of the EL2 image (build/el2-test,
 * -DHYPCORE_TEST_FAULTS; never the image `make run` boots) causes at boot,
 * when the kernel command line asks with hypcore.test_fault=WHAT. They run
 * right after EL2's map is checked, before anything of the host:
 *   exec-data       call a `ret` that lives in a data page (writable,
 *                   execute-never): an instruction abort at EL2
 *   stack-overflow  recurse until the stack runs into its guard page
 *   recurse         exec-data, with semihosting claimed on although QEMU
 *                   has none: the fail-stop's own HLT faults again
 *   other-cpus      recurse, on cpu 1 as the host starts it: the failed
 *                   CPU parks, and cpu 0 must park at its next EL2 entry
 * tests/e2e/fault_test.sh checks what the fail-stop makes of each.
 */
#include <hypcore/arch.h>

#include "cmdline.h"
#include "console.h"
#include "semihost.h"
#include "test_fault.h"

/* A `ret` instruction in .data: the MMU must refuse to fetch it. */
static u32 data_code[1] = {0xd65f03c0};

/* Never reached: keeps the recursion below finite in the compiler's eyes. */
static volatile u64 dive_limit = ~0ULL;

static void exec_data(void)
{
	void (*fn)(void) = (void (*)(void))(u64)data_code;

	fn();
}

static u64 __attribute__((noinline)) dive(u64 depth)
{
	volatile u64 frame[64];

	frame[0] = depth;
	if (depth == dive_limit)
		return 0;
	return dive(depth + 1) + frame[0];
}

static void run(const char *which)
{
	con_puts("hypcore: test fault: ");
	con_puts(which);
	con_puts("\n");
	if (cmdline_equal(which, "exec-data")) {
		exec_data();
	} else if (cmdline_equal(which, "stack-overflow")) {
		dive(0);
	} else if (cmdline_equal(which, "recurse")) {
		semihost_enable();
		exec_data();
	} else {
		con_puts("hypcore: test fault: unknown, ignored\n");
		return;
	}
	con_puts("hypcore: test fault: no fault happened\n");
}

void test_fault_boot(void)
{
	const char *which = cmdline_test_fault();

	if (*which && !cmdline_equal(which, "other-cpus"))
		run(which);
}

void test_fault_secondary(u64 cpu)
{
	if (cpu == 1 && cmdline_equal(cmdline_test_fault(), "other-cpus"))
		run("recurse");
}
