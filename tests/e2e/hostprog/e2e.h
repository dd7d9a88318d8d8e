/* SPDX-License-Identifier: MIT */
/*
 * hc_e2e: the in-host half of the end-to-end suite (tests/e2e/shim_test.sh).
 * It runs inside the Linux host under hypcore and calls /dev/hypcore's
 * ioctls directly. Every check prints exactly one line,
 *   E2E: PASS name
 *   E2E: FAIL name: expected X got Y
 * and the host-side script compares the names with its list of expected
 * checks, so a check that never ran is a failure too.
 */
#ifndef HC_E2E_H
#define HC_E2E_H

#include <stdbool.h>
#include <stdint.h>

#include <hypcore/hvc_abi.h>
#include <hypcore_uapi.h>

typedef uint64_t u64;

/*
 * SET_NPT's permissions, and the leaf hypcore composes from them (ABI 2.0):
 * normal write-back memory, inner shareable, access flag, S2AP read (bit
 * 6) and write (bit 7), execute-never (XN 0b10, bit 54) unless X. The
 * write-back MemAttr [5:2] is 0b1111, or 0b0110 where hypcore runs guests
 * with stage-2 forced write-back (FEAT_S2FWB): s2_memattr, which
 * learn_memattr() reads from a leaf, prints, and checks is one of the two
 * (shim_test.sh checks the printed one against the boot log).
 */
#define S2_MEMATTR_WB	  (0xfULL << 2)
#define S2_MEMATTR_FWB_WB (0x6ULL << 2)
extern u64 s2_memattr;
void learn_memattr(const char *mode);

#define PERM_RW	   (HVC_PERM_R | HVC_PERM_W)
#define S2_PAGE	   0x3ULL
#define S2_BLOCK   0x1ULL
#define S2_XN	   (2ULL << 53)
#define S2_ATTR_RO (s2_memattr | (1ULL << 6) | (3ULL << 8) | (1ULL << 10) | S2_XN)
#define S2_ATTR_RW (S2_ATTR_RO | (1ULL << 7))
#define S2_ATTR_WO (S2_ATTR_RW & ~(1ULL << 6)) /* write only: no S2AP read */
#define OA_MASK	   0x0000fffffffff000ULL
#define SZ_4K	   0x1000ULL
#define SZ_2M	   0x200000ULL
#define SZ_1G	   0x40000000ULL

/* The machine scripts/qemu.sh boots (-m 1G) and hypcore's memory layout. */
#define RAM_START   0x40000000ULL
#define IMAGE_START 0x40200000ULL
#define POOL_START  0x7e000000ULL
#define POOL_END    0x80000000ULL
#define HOST_RAM_PA 0x50000000ULL /* RAM the host owns, used as a target only */

/* An ioctl on /dev/hypcore: 0 or -errno. */
long hc(unsigned long cmd, void *arg);

/* One result line; returns ok. */
bool check(bool ok, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Status check: expected and got as 0 / -errno, printed by name. */
bool check_status(const char *name, long expected, long got);
/* Value check, printed in hex. */
bool check_value(const char *name, u64 expected, u64 got);
const char *status_name(long status);

/* Thin wrappers: each returns the ioctl status, results through pointers. */
long vm_create(u64 *vmid);
long vm_create_flags(u64 flags, u64 *vmid);
long vm_destroy(u64 vmid);
long set_npt(u64 vmid, u64 ipa, u64 level, u64 pa, u64 perms);
/* SET_NPT of the leaf pte (one of S2_ATTR_* above): its output address and permissions. */
long set_leaf(u64 vmid, u64 ipa, u64 level, u64 pte);
/* MAP: module memory; *pa = its physical address. */
long map_mem(u64 vmid, u64 ipa, u64 flags, u64 *pa);
long unmap(u64 vmid, u64 ipa);
long walk(u64 vmid, u64 ipa, u64 *pte);
long level(u64 vmid, u64 ipa, u64 *lvl);
long load(u64 vmid, u64 ipa, u64 *value);
long store(u64 vmid, u64 ipa, u64 value);
long pool_usage(u64 vmid, u64 area, struct hypcore_pool_usage *u);
long probe(u64 pa, bool write, u64 *value);

int run_abi(void);
int run_probe(void);
int run_smp(int argc, char **argv);
int run_own(void);
int run_own_smp(int argc, char **argv);
int run_split_all(void);
int run_psci(void);
int run_system_off(void);
int run_exec_device(int argc, char **argv);
int run_dma(int argc, char **argv);
int run_dma_demo(void);
int run_dma_rng(void);
int run_dma_image(int argc, char **argv);
int run_vm_ioctls(void);
int run_vm_zero(int argc, char **argv);

#endif
