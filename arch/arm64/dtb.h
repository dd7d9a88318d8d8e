/* SPDX-License-Identifier: MIT */
/*
 * The device tree QEMU hands over in x0: read and edited with Debian's
 * libfdt (scripts/fetch-libfdt.sh), by the boot CPU only, before any CPU
 * first enters the host. Never later, for two reasons:
 *  - libfdt is not built with -mgeneral-regs-only: some of its functions
 *    use SIMD registers, which EL2 shares with the host and does not save
 *    (check-fp-free.sh allows libfdt's fdt_* functions, and fails the
 *    build if anything but this file calls them);
 *  - once the host runs, the DTB is the host's memory.
 *
 * dtb_check, dtb_ram, dtb_initrd and dtb_find_devices also run before the
 * MMU is on, where memory is Device and an unaligned access faults. They
 * only use libfdt's lookups, whose loads from the blob are bytes or 32-bit
 * words at 4-byte aligned offsets (picolibc's string functions go a byte
 * at a time), and read cells here byte by byte (fdt32_ld, -mstrict-align).
 */
#ifndef HYPCORE_ARM64_DTB_H
#define HYPCORE_ARM64_DTB_H

#include <hypcore/types.h>

#include "layout.h"

/* 0 if dtb holds a device tree libfdt accepts; its totalsize in *size. */
int dtb_check(u64 dtb, u64 *size);

/* The first range of the node whose device_type is "memory". */
int dtb_ram(u64 dtb, u64 *base, u64 *size);

/* /chosen linux,initrd-start and -end (left alone when absent). */
void dtb_initrd(u64 dtb, u64 *start, u64 *end);

/* /chosen bootargs (the kernel command line), "" when absent; points into the blob. */
const char *dtb_bootargs(u64 dtb);

/*
 * The devices hc_layout records: SMMUv3, fw-cfg, GICv3 ITS, the PCIe ECAM
 * and the part of the PCIe 64-bit window the host gets (PCIE_HIGH_MAX).
 */
void dtb_find_devices(u64 dtb, struct hc_layout *l);

/*
 * The host's DTB, edited in place inside [l->dtb, l->dtb + room): room
 * must already be checked against every reserved region. /memreserve/ for
 * the image and for the records + pools; nodes removed: flash, fw-cfg,
 * SMMUv3, ITS; the PCIe node loses its iommu-map and msi-map/msi-parent,
 * and its 64-bit window shrinks to what the host's stage-2 maps. One boot
 * log line per edit; l->dtb_size is the packed size afterwards.
 * 0 or a negative libfdt error (-FDT_ERR_*).
 */
int dtb_edit(struct hc_layout *l, u64 room);

#endif
