/* SPDX-License-Identifier: MIT */
/*
 * What the core printed through arch_log_line() on the host build: a count
 * and the last line, for tests. Lines go to stderr only when the
 * environment variable HYPCORE_LOG is set (to anything); otherwise the
 * tests stay quiet.
 */
#ifndef HYPCORE_ARCH_HOST_SIM_LOG_H
#define HYPCORE_ARCH_HOST_SIM_LOG_H

#include <hypcore/types.h>

#define SIM_LOG_LINE_MAX 256

/* Lines printed since the last sim_log_reset(). */
u64 sim_log_lines(void);
/* A copy of the last line ("" if none), truncated to SIM_LOG_LINE_MAX - 1. */
void sim_log_last(char out[SIM_LOG_LINE_MAX]);
void sim_log_reset(void);

#endif
