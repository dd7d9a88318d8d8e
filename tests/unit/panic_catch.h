/* SPDX-License-Identifier: MIT */
/*
 * Catching the core's panics in a test that expects one (a broken
 * invariant planted on purpose): the simulated platform's panic hook
 * jumps back here instead of aborting the test binary.
 */
#ifndef HYPCORE_TESTS_PANIC_CATCH_H
#define HYPCORE_TESTS_PANIC_CATCH_H

#include <setjmp.h>

#include "../../arch/host/sim.h"

extern jmp_buf panic_catch_jmp;
extern int panic_catch_count;

/* The hook: counts the panic and jumps back to PANICS. */
_Noreturn void panic_catch(const char *file, int line, const char *msg);

/* Run body with the hook set; true when the core panicked in it. */
#define PANICS(body)                                                                               \
	({                                                                                         \
		int before_ = panic_catch_count;                                                   \
		sim_panic_hook = panic_catch;                                                      \
		if (!setjmp(panic_catch_jmp)) {                                                    \
			body;                                                                      \
		}                                                                                  \
		sim_panic_hook = NULL;                                                             \
		panic_catch_count != before_;                                                      \
	})

#endif
