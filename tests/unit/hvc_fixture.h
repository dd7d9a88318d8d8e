/* SPDX-License-Identifier: MIT */
/* Shared set-up for the hypercall dispatcher's tests (defined in npt_fixture.c). */
#ifndef HYPCORE_TESTS_HVC_FIXTURE_H
#define HYPCORE_TESTS_HVC_FIXTURE_H

/*
 * Start over: the spec's layout over fresh simulated memory, every page of
 * the data window owned by the host (owner_init), the VM records reset.
 */
void fx_start_hvc(void);

#endif
