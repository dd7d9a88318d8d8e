/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The ioctl interface of /dev/hypcore_dma, the DMA attack module
 * (host/dma/hypcore_dma.ko): a hostile host's devices, driven by hand.
 * Addresses are raw physical addresses (the host has no IOMMU driver,
 * so for its devices a bus address is a physical address): naming one
 * the host's CPU cannot reach is the attack.
 *
 * Every field is a __u64. A failed ioctl returns -1 with errno set.
 */
#ifndef HYPCORE_DMA_UAPI_H
#define HYPCORE_DMA_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define HYPCORE_DMA_DEVICE "/dev/hypcore_dma"
#define HYPCORE_DMA_IOC_MAGIC 0xb8

/* The copy engine the module found, in the order it looks for them. */
#define HYPCORE_DMA_ENGINE_EDU		1	/* QEMU edu (1234:11e8) */
#define HYPCORE_DMA_ENGINE_VIRTIO_BLK	2	/* virtio-blk (1af4:1001 or 1042) */

/* INFO: which engine, and the size of its buffer. */
struct hypcore_dma_info {
	__u64 engine;		/* HYPCORE_DMA_ENGINE_* */
	__u64 buf_size;		/* bytes: 4096 */
	__u64 pci_id;		/* vendor << 16 | device */
	__u64 bdf;		/* bus << 8 | devfn */
};

/*
 * XFER: one DMA between host memory at pa and the engine's buffer
 * (edu: its 4 KiB internal buffer; virtio-blk: the first 4 KiB of its
 * disk, a modern device offered ACCESS_PLATFORM). The device does the
 * access; the CPU never touches pa.
 * len: 1..4096 for edu, a multiple of 512 up to 4096 for virtio-blk.
 * 0 when the device says it finished (edu always does, even when the
 * SMMU stopped its access); EIO when it reported an error; ETIMEDOUT
 * when it never finished (virtio stops at an address it cannot map).
 */
#define HYPCORE_DMA_TO_DEVICE	0	/* read pa, fill the buffer */
#define HYPCORE_DMA_TO_RAM	1	/* write the buffer to pa */
struct hypcore_dma_xfer {
	__u64 pa;
	__u64 len;
	__u64 dir;		/* HYPCORE_DMA_TO_* */
};

/*
 * FW_CFG: the fw_cfg DMA interface (QEMU virt: 0x09020000) asked to
 * write item key (0: the signature "QEMU") to pa, len bytes (past the
 * item's end it writes zeroes). The descriptor sits in a page of the
 * module's; QEMU reads it and writes pa with no SMMU in its path. So
 * the only defence is that the host cannot reach fw_cfg at all: then
 * the register write faults and the ioctl answers EFAULT.
 */
struct hypcore_dma_fw_cfg {
	__u64 pa;		/* in */
	__u64 len;		/* in: 1..4096 */
	__u64 key;		/* in: fw_cfg item */
	__u64 control;		/* out: the descriptor's control word after */
};

/*
 * MMIO_READ: 32 bits of device memory at pa (4-byte aligned, not RAM)
 * through a fresh ioremap and a fault-tolerant load: EFAULT when the
 * host's stage-2 does not map it.
 */
struct hypcore_dma_mmio {
	__u64 pa;		/* in */
	__u64 value;		/* out */
};

/*
 * RNG: the host's own virtio-rng device (taken from virtio-pci: the
 * module's take_rng parameter, then a sysfs bind) asked to fill len bytes
 * at pa. Set up as an attacker would: a modern device is first offered
 * VERSION_1 alone, without ACCESS_PLATFORM, so that a QEMU device that
 * allows it does its DMA past the IOMMU; only if it refuses, with
 * ACCESS_PLATFORM. 0 when the device used the buffer, ETIMEDOUT when it
 * stopped (it could not map pa).
 */
struct hypcore_dma_rng {
	__u64 pa;		/* in */
	__u64 len;		/* in: 1..4096 */
	__u64 modern;		/* out: 1 modern interface, 0 legacy */
	__u64 features;		/* out: high feature word accepted (bit 1: ACCESS_PLATFORM) */
};

#define HYPCORE_DMA_IOC_INFO	  _IOR(HYPCORE_DMA_IOC_MAGIC, 0, struct hypcore_dma_info)
#define HYPCORE_DMA_IOC_XFER	  _IOW(HYPCORE_DMA_IOC_MAGIC, 1, struct hypcore_dma_xfer)
#define HYPCORE_DMA_IOC_FW_CFG	  _IOWR(HYPCORE_DMA_IOC_MAGIC, 2, struct hypcore_dma_fw_cfg)
#define HYPCORE_DMA_IOC_MMIO_READ _IOWR(HYPCORE_DMA_IOC_MAGIC, 3, struct hypcore_dma_mmio)
#define HYPCORE_DMA_IOC_RNG	  _IOWR(HYPCORE_DMA_IOC_MAGIC, 4, struct hypcore_dma_rng)

#endif /* HYPCORE_DMA_UAPI_H */
