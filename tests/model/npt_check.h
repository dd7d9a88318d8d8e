/* SPDX-License-Identifier: MIT */
/*
 * The invariant checker: the eight conditions of npt-model.md ("The
 * relation that must hold after every operation"), checked for every VM
 * between the abstract model and the real table memory of the host build.
 *
 * It reads table memory through arch/host/sim.h and takes each VM's lock
 * (npt_lock) only to read the core's bump pointers, so the caller must
 * hold no VM lock.
 */
#ifndef HYPCORE_TESTS_NPT_CHECK_H
#define HYPCORE_TESTS_NPT_CHECK_H

#include "npt_model.h"

/* 0 when all invariants hold; otherwise the failing invariant's number (1-8), with a reason. */
int npt_check(const struct npt_model *m, char *reason, size_t len);

#endif
