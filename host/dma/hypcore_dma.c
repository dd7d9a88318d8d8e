// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hypcore_dma.ko: a hostile host's devices, driven by hand, for the DMA
 * attack tests (tests/e2e/dma_test.sh). It is not a driver anyone should
 * load on a real machine: every address it is given goes to a device as
 * it is, with no DMA API and no check, because aiming devices at memory
 * the host's CPU cannot touch is exactly the attack hypcore must stop.
 *
 * /dev/hypcore_dma (host/include/hypcore_dma_uapi.h) offers
 *   - a copy engine: a DMA between any physical address and a 4 KiB
 *     device buffer. QEMU's edu device if there is one; else a legacy
 *     virtio-blk device, whose first 4 KiB of disk play the buffer (edu
 *     needs MSI, which QEMU virt lacks without the GIC's ITS);
 *   - the fw_cfg DMA interface, which makes QEMU itself write to any
 *     physical address, with no SMMU in the way;
 *   - a fault-tolerant 32-bit MMIO read, to see which device frames the
 *     host's stage-2 still maps.
 * The host reaches fw_cfg and MMIO through ioremap; when hypcore keeps it
 * out, the access aborts, hypcore reflects a permission fault, and the
 * nofault accessors' fixups turn that into -EFAULT (as hypcore.ko's PROBE
 * does), so the host keeps running.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>

#include <hypcore_dma_uapi.h>

#define HD_BUF_SIZE		SZ_4K
#define HD_TIMEOUT_MS		1000

/* QEMU edu: BAR0 registers and where its buffer sits in the device's view. */
#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_COUNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_CMD_START		BIT(0)
#define EDU_CMD_TO_RAM		BIT(1)
#define EDU_BUF_ADDR		0x40000

/* Legacy virtio over PCI: I/O BAR0 registers, ring layout, block requests. */
#define VIRTIO_VENDOR		0x1af4
#define VIRTIO_BLK_LEGACY	0x1001
#define VP_GUEST_FEATURES	0x04
#define VP_QUEUE_PFN		0x08
#define VP_QUEUE_NUM		0x0c
#define VP_QUEUE_SEL		0x0e
#define VP_QUEUE_NOTIFY		0x10
#define VP_STATUS		0x12
#define VP_ST_ACK		1
#define VP_ST_DRIVER		2
#define VP_ST_DRIVER_OK		4
#define VRING_ALIGN		SZ_4K
#define VRING_DESC_NEXT		1
#define VRING_DESC_WRITE	2
#define VBLK_T_IN		0	/* disk -> memory */
#define VBLK_T_OUT		1	/* memory -> disk */
#define VBLK_SECTOR		512

/* fw_cfg on QEMU virt: the DMA address register, big-endian. */
#define FW_CFG_BASE		0x09020000
#define FW_CFG_SIZE		0x18
#define FW_CFG_DMA_ADDR		16
#define FW_CFG_CTL_ERROR	0x01
#define FW_CFG_CTL_READ		0x02
#define FW_CFG_CTL_SELECT	0x08

struct fw_cfg_dma_access {
	__be32 control;
	__be32 length;
	__be64 address;
};

struct vring_desc_raw {
	__le64 addr;
	__le32 len;
	__le16 flags;
	__le16 next;
};

struct vblk_req_hdr {
	__le32 type;
	__le32 ioprio;
	__le64 sector;
};

struct hd_engine {
	struct pci_dev *pdev;
	void __iomem *bar;
	u64 kind;		/* HYPCORE_DMA_ENGINE_* */
	/* virtio-blk: ring pages, with the request header and status after. */
	struct page *ring;
	unsigned int ring_order;
	u16 qnum;
	size_t used_off, hdr_off;
};

static struct hd_engine hd;
static DEFINE_MUTEX(hd_lock);	/* one transfer at a time */

/* 4 or 8 bytes of MMIO with fixups: -EFAULT if the host may not reach it. */
static int hd_read32_nofault(void __iomem *addr, u32 *val)
{
	pagefault_disable();
	__get_kernel_nofault(val, (__force void *)addr, u32, fault);
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}

static int hd_write32_nofault(void __iomem *addr, u32 val)
{
	pagefault_disable();
	__put_kernel_nofault((__force void *)addr, &val, u32, fault);
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}

/* edu: program src, dst, count, start; poll until the start bit clears. */
static long hd_edu_xfer(u64 pa, u64 len, bool to_ram)
{
	unsigned long end = jiffies + msecs_to_jiffies(HD_TIMEOUT_MS);

	if (!len || len > HD_BUF_SIZE)
		return -EINVAL;
	writeq(to_ram ? EDU_BUF_ADDR : pa, hd.bar + EDU_DMA_SRC);
	writeq(to_ram ? pa : EDU_BUF_ADDR, hd.bar + EDU_DMA_DST);
	writeq(len, hd.bar + EDU_DMA_COUNT);
	writeq(EDU_CMD_START | (to_ram ? EDU_CMD_TO_RAM : 0),
	       hd.bar + EDU_DMA_CMD);
	while (readq(hd.bar + EDU_DMA_CMD) & EDU_CMD_START) {
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(5000, 10000);
	}
	return 0;
}

static void *hd_ring(size_t off)
{
	return page_address(hd.ring) + off;
}

static u64 hd_ring_pa(size_t off)
{
	return page_to_phys(hd.ring) + off;
}

/*
 * virtio-blk, legacy interface: reset the device, give it a fresh queue
 * 0, and queue one request of three descriptors (header, data at pa,
 * status). A device that cannot map an address marks itself broken and
 * never answers, so every transfer starts with a reset.
 */
static void hd_vblk_start(void)
{
	iowrite8(0, hd.bar + VP_STATUS);
	memset(hd_ring(0), 0, PAGE_SIZE << hd.ring_order);
	iowrite8(VP_ST_ACK | VP_ST_DRIVER, hd.bar + VP_STATUS);
	iowrite32(0, hd.bar + VP_GUEST_FEATURES);
	iowrite16(0, hd.bar + VP_QUEUE_SEL);
	iowrite32(hd_ring_pa(0) >> PAGE_SHIFT, hd.bar + VP_QUEUE_PFN);
	iowrite8(VP_ST_ACK | VP_ST_DRIVER | VP_ST_DRIVER_OK,
		 hd.bar + VP_STATUS);
}

static long hd_vblk_xfer(u64 pa, u64 len, bool to_ram)
{
	unsigned long end = jiffies + msecs_to_jiffies(HD_TIMEOUT_MS);
	struct vring_desc_raw *desc = hd_ring(0);
	struct vblk_req_hdr *hdr = hd_ring(hd.hdr_off);
	u8 *status = hd_ring(hd.hdr_off + sizeof(*hdr));
	__le16 *avail = hd_ring(hd.qnum * sizeof(*desc));
	__le16 *used = hd_ring(hd.used_off);

	if (!len || len > HD_BUF_SIZE || len % VBLK_SECTOR)
		return -EINVAL;
	hd_vblk_start();
	hdr->type = cpu_to_le32(to_ram ? VBLK_T_IN : VBLK_T_OUT);
	hdr->sector = 0;
	*status = 0xff;
	desc[0] = (struct vring_desc_raw){
		cpu_to_le64(hd_ring_pa(hd.hdr_off)), cpu_to_le32(sizeof(*hdr)),
		cpu_to_le16(VRING_DESC_NEXT), cpu_to_le16(1) };
	desc[1] = (struct vring_desc_raw){
		cpu_to_le64(pa), cpu_to_le32(len),
		cpu_to_le16(VRING_DESC_NEXT | (to_ram ? VRING_DESC_WRITE : 0)),
		cpu_to_le16(2) };
	desc[2] = (struct vring_desc_raw){
		cpu_to_le64(hd_ring_pa(hd.hdr_off + sizeof(*hdr))),
		cpu_to_le32(1), cpu_to_le16(VRING_DESC_WRITE), 0 };
	avail[2] = 0;			/* ring[0]: descriptor 0 */
	/* The descriptors before the index that publishes them. */
	dma_wmb();
	WRITE_ONCE(avail[1], cpu_to_le16(1));	/* idx */
	/* The index before the notify that makes the device read it. */
	mb();
	iowrite16(0, hd.bar + VP_QUEUE_NOTIFY);

	while (le16_to_cpu(READ_ONCE(used[1])) != 1) {
		if (time_after(jiffies, end)) {
			iowrite8(0, hd.bar + VP_STATUS);
			return -ETIMEDOUT;
		}
		usleep_range(1000, 2000);
	}
	/* The status byte after the used index that says it is written. */
	dma_rmb();
	return READ_ONCE(*status) ? -EIO : 0;
}

static long hd_xfer(struct hypcore_dma_xfer *x)
{
	long ret;

	if (x->dir > HYPCORE_DMA_TO_RAM)
		return -EINVAL;
	mutex_lock(&hd_lock);
	if (hd.kind == HYPCORE_DMA_ENGINE_EDU)
		ret = hd_edu_xfer(x->pa, x->len, x->dir == HYPCORE_DMA_TO_RAM);
	else if (hd.kind == HYPCORE_DMA_ENGINE_VIRTIO_BLK)
		ret = hd_vblk_xfer(x->pa, x->len, x->dir == HYPCORE_DMA_TO_RAM);
	else
		ret = -ENODEV;
	mutex_unlock(&hd_lock);
	return ret;
}

/*
 * fw_cfg: a descriptor in a page of ours, its address written to the DMA
 * register (high word, then the low word, which starts the transfer).
 * QEMU works synchronously: when the write returns, pa is written.
 */
static long hd_fw_cfg(struct hypcore_dma_fw_cfg *f)
{
	struct fw_cfg_dma_access *acc;
	void __iomem *regs;
	struct page *page;
	phys_addr_t acc_pa;
	long ret;

	if (!f->len || f->len > HD_BUF_SIZE || f->key > 0xffff)
		return -EINVAL;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	regs = ioremap(FW_CFG_BASE, FW_CFG_SIZE);
	if (!regs) {
		__free_page(page);
		return -ENOMEM;
	}
	acc = page_address(page);
	acc_pa = page_to_phys(page);
	acc->control = cpu_to_be32(f->key << 16 | FW_CFG_CTL_SELECT |
				   FW_CFG_CTL_READ);
	acc->length = cpu_to_be32(f->len);
	acc->address = cpu_to_be64(f->pa);
	/* QEMU reads the descriptor as soon as the low word is written. */
	wmb();
	ret = hd_write32_nofault(regs + FW_CFG_DMA_ADDR,
				 (__force u32)cpu_to_be32(upper_32_bits(acc_pa)));
	if (!ret)
		ret = hd_write32_nofault(regs + FW_CFG_DMA_ADDR + 4,
					 (__force u32)cpu_to_be32(lower_32_bits(acc_pa)));
	/* The control word QEMU wrote back, after the register write. */
	rmb();
	f->control = be32_to_cpu(READ_ONCE(acc->control));
	if (!ret && f->control & FW_CFG_CTL_ERROR)
		ret = -EIO;
	iounmap(regs);
	__free_page(page);
	return ret;
}

static long hd_mmio_read(struct hypcore_dma_mmio *m)
{
	void __iomem *page;
	u32 val = 0;
	long ret;

	if (m->pa & 3 || pfn_valid(PHYS_PFN(m->pa)))
		return -EINVAL;
	page = ioremap(m->pa & PAGE_MASK, PAGE_SIZE);
	if (!page)
		return -ENOMEM;
	ret = hd_read32_nofault(page + offset_in_page(m->pa), &val);
	iounmap(page);
	m->value = val;
	return ret;
}

static long hd_info(struct hypcore_dma_info *i)
{
	if (!hd.kind)
		return -ENODEV;
	i->engine = hd.kind;
	i->buf_size = HD_BUF_SIZE;
	i->pci_id = (u64)hd.pdev->vendor << 16 | hd.pdev->device;
	i->bdf = (u64)hd.pdev->bus->number << 8 | hd.pdev->devfn;
	return 0;
}

union hd_ioctl_arg {
	struct hypcore_dma_info info;
	struct hypcore_dma_xfer xfer;
	struct hypcore_dma_fw_cfg fw_cfg;
	struct hypcore_dma_mmio mmio;
};

static long hd_dispatch(unsigned int cmd, union hd_ioctl_arg *arg)
{
	switch (cmd) {
	case HYPCORE_DMA_IOC_INFO:
		return hd_info(&arg->info);
	case HYPCORE_DMA_IOC_XFER:
		return hd_xfer(&arg->xfer);
	case HYPCORE_DMA_IOC_FW_CFG:
		return hd_fw_cfg(&arg->fw_cfg);
	case HYPCORE_DMA_IOC_MMIO_READ:
		return hd_mmio_read(&arg->mmio);
	}
	return -ENOTTY;
}

static long hd_ioctl(struct file *file, unsigned int cmd, unsigned long uarg)
{
	void __user *uptr = (void __user *)uarg;
	unsigned int size = _IOC_SIZE(cmd);
	union hd_ioctl_arg arg;
	long ret;

	if (_IOC_TYPE(cmd) != HYPCORE_DMA_IOC_MAGIC || size > sizeof(arg))
		return -ENOTTY;
	memset(&arg, 0, sizeof(arg));
	if ((_IOC_DIR(cmd) & _IOC_WRITE) && copy_from_user(&arg, uptr, size))
		return -EFAULT;
	ret = hd_dispatch(cmd, &arg);
	if (!ret && (_IOC_DIR(cmd) & _IOC_READ) && copy_to_user(uptr, &arg, size))
		return -EFAULT;
	return ret;
}

static const struct file_operations hd_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hd_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice hd_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hypcore_dma",
	.fops = &hd_fops,
	.mode = 0600,
};

/* The legacy ring of queue 0: descriptors, avail, then used, 4 KiB aligned. */
static int hd_vblk_setup(void)
{
	size_t avail_end;

	iowrite8(0, hd.bar + VP_STATUS);
	iowrite16(0, hd.bar + VP_QUEUE_SEL);
	hd.qnum = ioread16(hd.bar + VP_QUEUE_NUM);
	if (hd.qnum < 3)
		return -ENODEV;
	avail_end = hd.qnum * sizeof(struct vring_desc_raw) + 6 + 2 * hd.qnum;
	hd.used_off = ALIGN(avail_end, VRING_ALIGN);
	hd.hdr_off = ALIGN(hd.used_off + 6 + 8 * hd.qnum, VRING_ALIGN);
	hd.ring_order = get_order(hd.hdr_off + PAGE_SIZE);
	hd.ring = alloc_pages(GFP_KERNEL | __GFP_ZERO, hd.ring_order);
	return hd.ring ? 0 : -ENOMEM;
}

static int hd_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	if (hd.kind)
		return -EBUSY;	/* one engine is enough */
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	hd.bar = pcim_iomap(pdev, 0, 0);
	if (!hd.bar)
		return -ENOMEM;
	hd.pdev = pdev;
	if (id->vendor == VIRTIO_VENDOR) {
		ret = hd_vblk_setup();
		if (ret)
			return ret;
	}
	hd.kind = id->driver_data;
	dev_info(&pdev->dev, "copy engine: %s, raw physical addresses\n",
		 hd.kind == HYPCORE_DMA_ENGINE_EDU ? "edu" : "legacy virtio-blk");
	return 0;
}

static void hd_remove(struct pci_dev *pdev)
{
	if (pdev != hd.pdev)
		return;
	if (hd.kind == HYPCORE_DMA_ENGINE_VIRTIO_BLK) {
		iowrite8(0, hd.bar + VP_STATUS);
		__free_pages(hd.ring, hd.ring_order);
	}
	hd.kind = 0;
}

static const struct pci_device_id hd_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE),
	  .driver_data = HYPCORE_DMA_ENGINE_EDU },
	{ PCI_DEVICE(VIRTIO_VENDOR, VIRTIO_BLK_LEGACY),
	  .driver_data = HYPCORE_DMA_ENGINE_VIRTIO_BLK },
	{ }
};

static struct pci_driver hd_driver = {
	.name = "hypcore_dma",
	.id_table = hd_ids,
	.probe = hd_probe,
	.remove = hd_remove,
};

static int __init hd_init(void)
{
	int ret;

	ret = pci_register_driver(&hd_driver);
	if (ret)
		return ret;
	if (!hd.kind)
		pr_warn("no edu or legacy virtio-blk device: only fw_cfg and MMIO reads\n");
	ret = misc_register(&hd_misc);
	if (ret)
		pci_unregister_driver(&hd_driver);
	return ret;
}

static void __exit hd_exit(void)
{
	misc_deregister(&hd_misc);
	pci_unregister_driver(&hd_driver);
}

module_init(hd_init);
module_exit(hd_exit);

MODULE_DEVICE_TABLE(pci, hd_ids);
MODULE_DESCRIPTION("hypcore DMA attack tests: devices aimed at raw physical addresses");
MODULE_LICENSE("Dual MIT/GPL");
