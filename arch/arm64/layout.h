/* SPDX-License-Identifier: MIT */
/*
 * Where things are in physical memory (EL2 runs identity-mapped, so these
 * are also its virtual addresses). Filled once by the boot CPU before the
 * MMU is on, read-only afterwards.
 *
 * With QEMU virt and -m 1G (RAM 0x40000000..0x80000000):
 *   0x40200000  hypcore image: text, data, bss (stacks, EL2 page tables)
 *   0x40400000  the Linux Image (QEMU's loader device)
 *   0x48000000  initrd, then the DTB (QEMU's choice, read from x0 / DTB)
 *   RAM end - 30 MiB - host pool .. RAM end: the stage-2 pools, the host's
 *   (vmid 0) first, sized from RAM (1 GiB: 4 MiB), then 15 VMs x 2 MiB
 *   just below the pools: the page ownership records (core/owner), 4 bytes
 *   per page of RAM, rounded up to 2 MiB (1 GiB of RAM: 1 MiB used)
 *   just below the records: the SPT's pool (core/spt, DMA's view of RAM),
 *   one table per 2 MiB of RAM, rounded up to 2 MiB (1 GiB: 2060 KiB, 4 MiB)
 */
#ifndef HYPCORE_ARM64_LAYOUT_H
#define HYPCORE_ARM64_LAYOUT_H

#include <hypcore/types.h>

/* Stage-2 pools: the host's, then one 2 MiB pool per VM, at the top of RAM. */
#define POOL_VMS       16
#define POOL_VM_SIZE   SZ_2M
#define POOL_PGD_PAGES 8  /* level-1 tables: 8 x 512 GiB of IPA */
#define POOL_PUD_PAGES 64 /* level-2 tables: 64 GiB of IPA */
/* level-3 tables: the rest, 2 MiB / 4 KiB - 1 - 8 - 64 = 439 pages */

/*
 * The host's pool (vmid 0) has a level-3 table for every 2 MiB block of
 * RAM (a donated page splits its block), plus this many for the device
 * windows' 4 KiB pages around the holes, rounded up to 2 MiB.
 */
#define HOST_POOL_SLACK 64

/* Where the host kernel is loaded (the qemu scripts put it there). */
#define HOST_ENTRY 0x40400000ULL

struct hc_layout {
	u64 image_start, image_end; /* image_end: page-aligned, includes bss */
	u64 ram_start, ram_end;
	u64 pool_base, pool_end;
	u64 host_pool_size;		/* vmid 0's pool, at pool_base; the VMs' follow */
	u64 records_start, records_end; /* page ownership records, just below the pools */
	u64 spt_start, spt_end;		/* the SPT's pool, just below the records */
	u64 dtb, dtb_size;
	u64 initrd_start, initrd_end; /* 0 when QEMU gave none */
	/*
	 * Devices found in the DTB at boot (base 0 and size 0 when absent).
	 * The SMMU, fw-cfg and ITS frames are left out of the host's stage-2
	 * and their nodes removed from the host's DTB (dtb.c, host_s2.c).
	 */
	u64 smmu_base, smmu_size;   /* SMMUv3 registers: EL2's (core/smmu) */
	u64 fwcfg_base, fwcfg_size; /* QEMU fw_cfg: its DMA interface bypasses the SMMU */
	u64 its_base, its_size;	    /* GICv3 ITS: its tables live in memory */
	u64 gicr_base, gicr_size;   /* GICv3 redistributors: LPI controls trapped (gicr_trap.c) */
	u64 ecam_base, ecam_size;   /* PCIe ECAM (config space) */
	/* The part of the PCIe 64-bit MMIO window the host gets (and its DTB says). */
	u64 pcie_high_base, pcie_high_size;
};

/* At most this much of the PCIe 64-bit window goes to the host (one pud page). */
#define PCIE_HIGH_MAX SZ_1G

extern struct hc_layout hc_layout;

/* Linker symbols: first byte of the image and the page after its bss. */
extern char __image_start[], __image_end[], __bss_start[], __bss_end[];

#endif
