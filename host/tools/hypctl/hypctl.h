/* SPDX-License-Identifier: MIT */
/*
 * hypctl: user-space access to /dev/hypcore (host/shim), one call per
 * hypercall. Shared by the sub-commands (hypctl.c) and the line protocol
 * reader (script.c).
 */
#ifndef HYPCTL_H
#define HYPCTL_H

#include <stdint.h>
#include <stdio.h>

#include <hypcore_uapi.h>

/* Number of POOL_USAGE areas (HVC_AREA_ROOT .. HVC_AREA_PMD). */
#define HYPCTL_AREAS 4

/* Open /dev/hypcore; returns the fd, or -errno. */
int hc_open(void);
/* One ioctl; returns 0 or -errno. */
int hc_ioctl(int fd, unsigned long cmd, void *arg);

/* The lowercase errno name the sim uses ("einval"), or "errnoN". */
const char *hc_errname(int err, char *buf, size_t len);
/* Decimal or 0x-hex, all 64 bits, nothing else: 0, or -1. */
int hc_parse_u64(const char *s, uint64_t *out);
/*
 * SET_NPT permissions: letters r, w, x (each at most once, '-' ignored:
 * "rw", "r-x"), or a number passed as it is (to test the core's checks).
 * 0, or -1.
 */
int hc_parse_perms(const char *s, uint64_t *out);
extern const char *const hc_area_names[HYPCTL_AREAS];

/*
 * Read the hypcore-sim line protocol from in, answer one line each on out.
 * sim_vmids: script vmids 1..15 name VMs created on first use (and
 * destroyed at the end), as the sim's always-present VMs. Returns 0 when
 * every command got an answer, 1 on a read or device error.
 */
int hc_script(int fd, FILE *in, FILE *out, int sim_vmids);

/* hypctl run IMAGE [options]: the VMM (run.c); returns hypctl's exit status. */
int hc_run(int argc, char **argv);

#endif
