/* SPDX-License-Identifier: MIT */
/* The pattern pass shared by the pattern and pattern-mmu guests. */
#ifndef GUEST_PATTERN_PASS_H
#define GUEST_PATTERN_PASS_H

#include "guest.h"

#define PATTERN_PAGES	256 /* pages written and read back, whatever the RAM size */
#define PATTERN_WORDS	8   /* words per page, from its first to its last */
#define PATTERN_MIN_MIB 8   /* the area then spans 3 regions of 2 MiB */
#define PATTERN_SEED	0x243f6a8885a308d3ULL
#define PATTERN_GOLDEN	0x9e3779b97f4a7c15ULL

/*
 * Whether the machine suits the pass: at least PATTERN_MIN_MIB of RAM, at
 * most GUEST_MAX_VCPUS vCPUs. If not, vCPU 0 prints why.
 */
bool pattern_fits(const struct guest_boot *boot, const char *name);

/*
 * Runs the pass on this vCPU's share of the pages (page j is vCPU
 * j % nvcpus's). vCPU 0 then waits for the others, reports
 * GUEST_REPORT_PAGES (all vCPUs' intact pages) and GUEST_REPORT_CHECKSUM,
 * and returns the exit status; the others return only when their share
 * is done and the caller turns them off. name starts each printed line.
 */
int pattern_run(const struct guest_boot *boot, const char *name);

/*
 * pattern-mmu: vCPU 0 builds stage-1 tables (an identity map of RAM as
 * normal write-back memory, the UART page as device) and every vCPU turns
 * its MMU on with them. Returns false, after printing why, if RAM is
 * larger than the tables' area can map.
 */
bool mmu_enable(const struct guest_boot *boot, const char *name);

#endif
