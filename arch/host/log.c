/* SPDX-License-Identifier: MIT */
/* arch_log_line on the host: counted, the last line kept, printed on request. */
#include <hypcore/arch.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_log.h"

static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;
static u64 lines;
static char last[SIM_LOG_LINE_MAX];

void arch_log_line(const char *line)
{
	pthread_mutex_lock(&log_mutex);
	lines++;
	snprintf(last, sizeof(last), "%s", line);
	if (getenv("HYPCORE_LOG"))
		fprintf(stderr, "hypcore: %s\n", line);
	pthread_mutex_unlock(&log_mutex);
}

u64 sim_log_lines(void)
{
	u64 n;

	pthread_mutex_lock(&log_mutex);
	n = lines;
	pthread_mutex_unlock(&log_mutex);
	return n;
}

void sim_log_last(char out[SIM_LOG_LINE_MAX])
{
	pthread_mutex_lock(&log_mutex);
	memcpy(out, last, SIM_LOG_LINE_MAX);
	pthread_mutex_unlock(&log_mutex);
}

void sim_log_reset(void)
{
	pthread_mutex_lock(&log_mutex);
	lines = 0;
	last[0] = 0;
	pthread_mutex_unlock(&log_mutex);
}
