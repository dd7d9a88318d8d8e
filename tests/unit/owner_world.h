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
 * The same, faster, for the fuzzer: the records of the core's pages are
 * copied from those the first world_start of the process left instead of
 * being given page by page (owner_give_core of the image and the pools:
 * the same records every time); the rest is done as by world_start.
 */
void world_restart(void);

#endif
