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
 *     device buffer. QEMU's edu device if there is one; else a virtio-blk
 *     device, whose first 4 KiB of disk play the buffer (edu needs MSI,
 *     which QEMU virt lacks without the GIC's ITS);
 *   - the host's own virtio-rng, driven as an attacker would (without
 *     ACCESS_PLATFORM: a QEMU virtio device that allows it bypasses the
 *     IOMMU), told to fill a buffer at any physical address;
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
#include <linux/io-64-nonatomic-lo-hi.h>
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

/*
 * virtio over PCI, legacy (I/O BAR0 registers) or modern (capabilities
 * pointing into memory BARs), and the block requests.
 */
#define VIRTIO_VENDOR		0x1af4
#define VIRTIO_BLK_LEGACY	0x1001
#define VIRTIO_RNG_LEGACY	0x1005
#define VIRTIO_BLK_MODERN	0x1042
#define VIRTIO_RNG_MODERN	0x1044
#define VP_GUEST_FEATURES	0x04
#define VP_QUEUE_PFN		0x08
#define VP_QUEUE_NUM		0x0c
#define VP_QUEUE_SEL		0x0e
#define VP_QUEUE_NOTIFY		0x10
#define VP_STATUS		0x12
#define VPM_DRV_FEAT_SEL	0x08	/* modern common configuration */
#define VPM_DRV_FEAT		0x0c
#define VPM_STATUS		0x14
#define VPM_QUEUE_SEL		0x16
#define VPM_QUEUE_SIZE		0x18
#define VPM_QUEUE_ENABLE	0x1c
#define VPM_QUEUE_NOTIFY_OFF	0x1e
#define VPM_QUEUE_DESC		0x20
#define VPM_QUEUE_DRIVER	0x28
#define VPM_QUEUE_DEVICE	0x30
#define VPM_CAP_COMMON		1
#define VPM_CAP_NOTIFY		2
#define VPM_QUEUE_MAX		16	/* we queue one request at a time */
#define VF_VERSION_1		BIT(0)	/* of the high feature word */
#define VF_ACCESS_PLATFORM	BIT(1)	/* the device's DMA goes through the IOMMU */
#define VP_ST_ACK		1
#define VP_ST_DRIVER		2
#define VP_ST_DRIVER_OK		4
#define VP_ST_FEATURES_OK	8
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

/* One virtio device with queue 0 ours: where its registers are, its ring. */
struct hd_vq {
	struct pci_dev *pdev;
	bool modern;
	void __iomem *bar;	/* legacy: the I/O BAR */
	void __iomem *common;	/* modern: common configuration */
	void __iomem *notify;	/* modern: notify area of queue 0 */
	/* Ring pages, then a page for a block request's header and status. */
	struct page *ring;
	unsigned int ring_order;
	u16 qnum;
	size_t avail_off, used_off, hdr_off;
	u64 features;		/* high word accepted by the last start */
};

struct hd_engine {
	struct pci_dev *pdev;
	void __iomem *bar;	/* edu's BAR0 */
	u64 kind;		/* HYPCORE_DMA_ENGINE_* */
	struct hd_vq vq;	/* virtio-blk */
};

static struct hd_engine hd;
static struct hd_vq hd_rng;	/* the host's virtio-rng, once taken */
static DEFINE_MUTEX(hd_lock);	/* one transfer at a time */

static bool take_rng;
module_param(take_rng, bool, 0644);
MODULE_PARM_DESC(take_rng, "bind to a virtio-rng device too (the attack on the host's own device)");

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

static void *vq_mem(struct hd_vq *vq, size_t off)
{
	return page_address(vq->ring) + off;
}

static u64 vq_pa(struct hd_vq *vq, size_t off)
{
	return page_to_phys(vq->ring) + off;
}

static void vq_set_status(struct hd_vq *vq, u8 status)
{
	if (vq->modern)
		iowrite8(status, vq->common + VPM_STATUS);
	else
		iowrite8(status, vq->bar + VP_STATUS);
}

static u8 vq_status(struct hd_vq *vq)
{
	return ioread8(vq->modern ? vq->common + VPM_STATUS : vq->bar + VP_STATUS);
}

/* The ring layout for qnum entries: descriptors, avail, then used. */
static void vq_layout(struct hd_vq *vq)
{
	size_t avail_end;

	vq->avail_off = vq->qnum * sizeof(struct vring_desc_raw);
	avail_end = vq->avail_off + 6 + 2 * vq->qnum;
	vq->used_off = ALIGN(avail_end, VRING_ALIGN);
	vq->hdr_off = ALIGN(vq->used_off + 6 + 8 * vq->qnum, VRING_ALIGN);
	vq->ring_order = get_order(vq->hdr_off + PAGE_SIZE);
}

/*
 * Reset the device and give it a fresh queue 0. A device that could not
 * map an address marks itself broken and never answers again, so every
 * request starts here. Modern devices are offered VERSION_1 and, if
 * @platform, ACCESS_PLATFORM: without it, QEMU's virtio devices do their
 * DMA past the IOMMU. Returns -EOPNOTSUPP when the device refuses those
 * features.
 */
static int vq_start(struct hd_vq *vq, bool platform)
{
	u64 feat_hi = VF_VERSION_1 | (platform ? VF_ACCESS_PLATFORM : 0);

	vq_set_status(vq, 0);
	while (vq_status(vq))
		cpu_relax();
	memset(vq_mem(vq, 0), 0, PAGE_SIZE << vq->ring_order);
	vq_set_status(vq, VP_ST_ACK | VP_ST_DRIVER);
	if (!vq->modern) {
		iowrite32(0, vq->bar + VP_GUEST_FEATURES);
		iowrite16(0, vq->bar + VP_QUEUE_SEL);
		iowrite32(vq_pa(vq, 0) >> PAGE_SHIFT, vq->bar + VP_QUEUE_PFN);
		vq->features = 0;
		vq_set_status(vq, VP_ST_ACK | VP_ST_DRIVER | VP_ST_DRIVER_OK);
		return 0;
	}
	iowrite32(0, vq->common + VPM_DRV_FEAT_SEL);
	iowrite32(0, vq->common + VPM_DRV_FEAT);
	iowrite32(1, vq->common + VPM_DRV_FEAT_SEL);
	iowrite32(feat_hi, vq->common + VPM_DRV_FEAT);
	vq_set_status(vq, VP_ST_ACK | VP_ST_DRIVER | VP_ST_FEATURES_OK);
	if (!(vq_status(vq) & VP_ST_FEATURES_OK)) {
		vq_set_status(vq, 0);
		return -EOPNOTSUPP;
	}
	vq->features = feat_hi;
	iowrite16(0, vq->common + VPM_QUEUE_SEL);
	iowrite16(vq->qnum, vq->common + VPM_QUEUE_SIZE);
	lo_hi_writeq(vq_pa(vq, 0), vq->common + VPM_QUEUE_DESC);
	lo_hi_writeq(vq_pa(vq, vq->avail_off), vq->common + VPM_QUEUE_DRIVER);
	lo_hi_writeq(vq_pa(vq, vq->used_off), vq->common + VPM_QUEUE_DEVICE);
	iowrite16(1, vq->common + VPM_QUEUE_ENABLE);
	vq_set_status(vq, VP_ST_ACK | VP_ST_DRIVER | VP_ST_FEATURES_OK |
		      VP_ST_DRIVER_OK);
	return 0;
}

static void vq_desc(struct hd_vq *vq, int i, u64 pa, u32 len, u16 flags)
{
	struct vring_desc_raw *desc = vq_mem(vq, 0);

	desc[i] = (struct vring_desc_raw){
		cpu_to_le64(pa), cpu_to_le32(len), cpu_to_le16(flags),
		cpu_to_le16(i + 1) };
}

/* Offer the chain at descriptor 0, notify, wait for the device to use it. */
static long vq_kick_wait(struct hd_vq *vq)
{
	unsigned long end = jiffies + msecs_to_jiffies(HD_TIMEOUT_MS);
	__le16 *avail = vq_mem(vq, vq->avail_off);
	__le16 *used = vq_mem(vq, vq->used_off);

	avail[2] = 0;			/* ring[0]: descriptor 0 */
	/* The descriptors before the index that publishes them. */
	dma_wmb();
	WRITE_ONCE(avail[1], cpu_to_le16(1));	/* idx */
	/* The index before the notify that makes the device read it. */
	mb();
	if (vq->modern)
		iowrite16(0, vq->notify);
	else
		iowrite16(0, vq->bar + VP_QUEUE_NOTIFY);

	while (le16_to_cpu(READ_ONCE(used[1])) != 1) {
		if (time_after(jiffies, end)) {
			vq_set_status(vq, 0);
			return -ETIMEDOUT;
		}
		usleep_range(1000, 2000);
	}
	/* What the device wrote before the used index that says it did. */
	dma_rmb();
	return 0;
}

/* A block request: header, data at pa, status; the disk's sector 0 on. */
static long hd_vblk_xfer(u64 pa, u64 len, bool to_ram)
{
	struct hd_vq *vq = &hd.vq;
	struct vblk_req_hdr *hdr = vq_mem(vq, vq->hdr_off);
	u8 *status = vq_mem(vq, vq->hdr_off + sizeof(*hdr));
	long ret;

	if (!len || len > HD_BUF_SIZE || len % VBLK_SECTOR)
		return -EINVAL;
	ret = vq_start(vq, true);
	if (ret)
		return ret;
	hdr->type = cpu_to_le32(to_ram ? VBLK_T_IN : VBLK_T_OUT);
	hdr->sector = 0;
	*status = 0xff;
	vq_desc(vq, 0, vq_pa(vq, vq->hdr_off), sizeof(*hdr), VRING_DESC_NEXT);
	vq_desc(vq, 1, pa, len,
		VRING_DESC_NEXT | (to_ram ? VRING_DESC_WRITE : 0));
	vq_desc(vq, 2, vq_pa(vq, vq->hdr_off + sizeof(*hdr)), 1,
		VRING_DESC_WRITE);
	ret = vq_kick_wait(vq);
	if (ret)
		return ret;
	return READ_ONCE(*status) ? -EIO : 0;
}

/*
 * The host's own random number device turned on memory: one buffer at pa
 * for it to fill. Tried first the way an attacker would, without
 * ACCESS_PLATFORM, then with it if the device insists.
 */
static long hd_rng_dma(struct hypcore_dma_rng *r)
{
	struct hd_vq *vq = &hd_rng;
	long ret;

	if (!vq->pdev)
		return -ENODEV;
	if (!r->len || r->len > HD_BUF_SIZE)
		return -EINVAL;
	mutex_lock(&hd_lock);
	ret = vq_start(vq, false);
	if (ret == -EOPNOTSUPP)
		ret = vq_start(vq, true);
	if (!ret) {
		r->features = vq->features;
		r->modern = vq->modern;
		vq_desc(vq, 0, r->pa, r->len, VRING_DESC_WRITE);
		ret = vq_kick_wait(vq);
	}
	mutex_unlock(&hd_lock);
	return ret;
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
	struct hypcore_dma_rng rng;
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
	case HYPCORE_DMA_IOC_RNG:
		return hd_rng_dma(&arg->rng);
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

/* BAR bar mapped once for the device's lifetime (devres). */
static void __iomem *hd_bar(struct pci_dev *pdev, u8 bar)
{
	void __iomem * const *tbl;

	if (bar >= PCI_STD_NUM_BARS)
		return NULL;
	tbl = pcim_iomap_table(pdev);
	if (!tbl)
		return NULL;
	if (!tbl[bar])
		pcim_iomap(pdev, bar, 0);
	return tbl[bar];
}

/* A modern device's common configuration and queue 0's notify address. */
static bool vq_find_modern(struct hd_vq *vq)
{
	struct pci_dev *pdev = vq->pdev;
	void __iomem *notify_base = NULL;
	u32 off, mult = 0;
	u8 type, bar;
	int pos;

	for (pos = pci_find_capability(pdev, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(pdev, pos, PCI_CAP_ID_VNDR)) {
		void __iomem *base;

		pci_read_config_byte(pdev, pos + 3, &type);
		pci_read_config_byte(pdev, pos + 4, &bar);
		pci_read_config_dword(pdev, pos + 8, &off);
		if (type != VPM_CAP_COMMON && type != VPM_CAP_NOTIFY)
			continue;
		base = hd_bar(pdev, bar);
		if (!base)
			continue;
		if (type == VPM_CAP_COMMON && !vq->common) {
			vq->common = base + off;
		} else if (type == VPM_CAP_NOTIFY && !notify_base) {
			notify_base = base + off;
			pci_read_config_dword(pdev, pos + 16, &mult);
		}
	}
	if (!vq->common || !notify_base)
		return false;
	iowrite8(0, vq->common + VPM_STATUS);
	iowrite16(0, vq->common + VPM_QUEUE_SEL);
	vq->qnum = min_t(u16, ioread16(vq->common + VPM_QUEUE_SIZE),
			 VPM_QUEUE_MAX);
	vq->notify = notify_base +
		     ioread16(vq->common + VPM_QUEUE_NOTIFY_OFF) * mult;
	return true;
}

/* Modern if the device offers it, else the legacy I/O BAR; then the ring. */
static int vq_setup(struct hd_vq *vq, struct pci_dev *pdev)
{
	*vq = (struct hd_vq){ .pdev = pdev };
	vq->modern = vq_find_modern(vq);
	if (!vq->modern) {
		vq->bar = hd_bar(pdev, 0);
		if (!vq->bar)
			return -ENOMEM;
		iowrite8(0, vq->bar + VP_STATUS);
		iowrite16(0, vq->bar + VP_QUEUE_SEL);
		vq->qnum = ioread16(vq->bar + VP_QUEUE_NUM);
	}
	if (vq->qnum < 3)
		return -ENODEV;
	vq_layout(vq);
	vq->ring = alloc_pages(GFP_KERNEL | __GFP_ZERO, vq->ring_order);
	return vq->ring ? 0 : -ENOMEM;
}

static void vq_teardown(struct hd_vq *vq)
{
	if (!vq->pdev)
		return;
	vq_set_status(vq, 0);
	__free_pages(vq->ring, vq->ring_order);
	vq->pdev = NULL;
}

static int hd_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	bool rng = id->driver_data == 0;
	int ret;

	/* One engine, one rng; the rng only when asked (it is the host's). */
	if (rng ? !take_rng || hd_rng.pdev : hd.kind != 0)
		return -EBUSY;
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	if (rng) {
		ret = vq_setup(&hd_rng, pdev);
		if (ret)
			hd_rng.pdev = NULL;
		else
			dev_info(&pdev->dev, "the host's virtio-rng, taken for the attack (%s)\n",
				 hd_rng.modern ? "modern" : "legacy");
		return ret;
	}
	if (id->driver_data == HYPCORE_DMA_ENGINE_EDU) {
		hd.bar = hd_bar(pdev, 0);
		if (!hd.bar)
			return -ENOMEM;
	} else {
		ret = vq_setup(&hd.vq, pdev);
		if (ret) {
			hd.vq.pdev = NULL;
			return ret;
		}
	}
	hd.pdev = pdev;
	hd.kind = id->driver_data;
	dev_info(&pdev->dev, "copy engine: %s, raw physical addresses\n",
		 hd.kind == HYPCORE_DMA_ENGINE_EDU ? "edu" :
		 hd.vq.modern ? "virtio-blk" : "legacy virtio-blk");
	return 0;
}

static void hd_remove(struct pci_dev *pdev)
{
	if (pdev == hd_rng.pdev) {
		vq_teardown(&hd_rng);
	} else if (pdev == hd.pdev) {
		vq_teardown(&hd.vq);
		hd.kind = 0;
	}
}

static const struct pci_device_id hd_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE),
	  .driver_data = HYPCORE_DMA_ENGINE_EDU },
	{ PCI_DEVICE(VIRTIO_VENDOR, VIRTIO_BLK_LEGACY),
	  .driver_data = HYPCORE_DMA_ENGINE_VIRTIO_BLK },
	{ PCI_DEVICE(VIRTIO_VENDOR, VIRTIO_BLK_MODERN),
	  .driver_data = HYPCORE_DMA_ENGINE_VIRTIO_BLK },
	{ PCI_DEVICE(VIRTIO_VENDOR, VIRTIO_RNG_LEGACY), .driver_data = 0 },
	{ PCI_DEVICE(VIRTIO_VENDOR, VIRTIO_RNG_MODERN), .driver_data = 0 },
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
		pr_warn("no edu or virtio-blk device: no copy engine\n");
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
