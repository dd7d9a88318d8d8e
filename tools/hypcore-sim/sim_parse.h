/* SPDX-License-Identifier: MIT */
/* Splitting a command line into words and reading numbers (decimal or 0x-hex). */
#ifndef HYPCORE_SIM_PARSE_H
#define HYPCORE_SIM_PARSE_H

#include <hypcore/types.h>

#define SIM_MAX_WORDS 8

/* Split line in place at blanks; returns the word count (at most max; more is an error: -1). */
int sim_split(char *line, char *words[], int max);

/* Read a whole word as a number: decimal, or hex after 0x. False if malformed or > 2^64 - 1. */
bool sim_number(const char *word, u64 *out);

#endif
