/* SPDX-License-Identifier: MIT */
/*
 * A small machine for the ownership tests and the fuzzer, laid out as the
 * EL2 image lays out QEMU virt (arch/arm64/layout.h), with less RAM:
 *
 *   0x40000000  RAM start                      host, one 2 MiB block
 *   0x40200000  "image" (0x33 pages)           core
 *   0x40233000  RAM                            host, 4 KiB pages to 0x40400000, then blocks
 *   RAM end - 34 MiB: the SPT's pool, 2 MiB     core
 *   RAM end - 32 MiB: the pools, 16 x 2 MiB    core
 *
 * The core is set up as at boot: npt_init, owner_init (records calloc'd),
 * core pages given to the core, the host's stage-2 built with set_npt and
 * the SPT (DMA's view) mapping the same RAM, hvc_init. Simulated memory:
 * the table window is the SPT's pool and the pools, the data window is
 * all of RAM.
 */
#ifndef HYPCORE_TESTS_OWNER_WORLD_H
#define HYPCORE_TESTS_OWNER_WORLD_H

#include <hypcore/types.h>
#include <stddef.h>

#define W_RAM_START   0x40000000ULL
#define W_RAM_SIZE    (64ULL << 20)
#define W_RAM_END     (W_RAM_START + W_RAM_SIZE)
#define W_IMAGE_START 0x40200000ULL
#define W_IMAGE_END   0x40233000ULL
#define W_POOL_VMS    16
#define W_POOL_SIZE   SZ_2M
#define W_POOL_BASE   (W_RAM_END - W_POOL_VMS * W_POOL_SIZE)
#define W_POOL_END    W_RAM_END
#define W_SPT_SIZE    SZ_2M
#define W_SPT_BASE    (W_POOL_BASE - W_SPT_SIZE)

/* The host's RAM leaves: normal write-back, inner shareable, RW, AF (as EL2). */
#define W_HOST_ATTRS ((0xfULL << 2) | (3ULL << 8) | (1ULL << 6) | (1ULL << 7) | (1ULL << 10))

/* Start the machine over from nothing (all memory zero). */
void world_start(void);

/*
 * For the fuzzer: world_save keeps a copy of simulated memory and of the
 * ownership records as they are (after world_start); world_restore puts
 * both back and the simulator's settings (windows, CPU 0, no panic hook) as
 * world_start leaves them. The core's own static state is not in either:
 * the caller restores it (tests/fuzz/core_state.h). world_diff_saved: 0 if
 * memory and records are as saved, else 1 and what differs in why.
 */
void world_save(void);
void world_restore(void);
int world_diff_saved(char *why, size_t len);

#endif
