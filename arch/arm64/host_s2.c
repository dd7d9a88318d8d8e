/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 descriptors we give the host: identity (IPA = PA), read-write,
 * access flag set. RAM is normal write-back and executable; devices are
 * Device-nGnRE and execute-never. A region gets 2 MiB blocks where it
 * allows them and 4 KiB pages at its unaligned edges.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/npt.h>
#include <hypcore/spt.h>

#include "console.h"
#include "gicr_trap.h"
#include "host_s2.h"
#include "layout.h"

#define S2_BLOCK		1ULL
#define S2_PAGE			3ULL
#define S2_MEMATTR_NORMAL_WB	(0xfULL << 2)
#define S2_MEMATTR_DEVICE_NGNRE (0x1ULL << 2)
#define S2_SH_INNER		(3ULL << 8)
#define S2_AF			(1ULL << 10)
#define S2_XN			(2ULL << 53) /* XN[1:0] = 0b10: no execution at EL1 or EL0 */

#define S2_RAM (S2_MEMATTR_NORMAL_WB | S2_SH_INNER | NPT_PTE_S2AP_R | NPT_PTE_S2AP_W | S2_AF)
#define S2_DEV (S2_MEMATTR_DEVICE_NGNRE | NPT_PTE_S2AP_R | NPT_PTE_S2AP_W | S2_AF | S2_XN)

/*
 * Low device space of QEMU virt: GIC, UART, RTC, fw-cfg, GPIO, SMMU,
 * virtio-mmio, platform bus, PCIe MMIO and PIO, up to RAM. The flash at 0
 * is not mapped (the core treats output page 0 as "no mapping"); its DTB
 * node is removed instead, see dtb.c. Holes: see device_holes.
 */
#define LOW_DEV_START 0x08000000ULL
#define LOW_DEV_END   0x40000000ULL
#define MAX_HOLES     160 /* SMMU, fw-cfg, ITS, and one page per redistributor (123 on virt) */

struct map_count {
	u64 blocks, pages;
};

static void map_one(u64 addr, u32 level, u64 desc)
{
	int err = set_npt(0, addr, level, desc);

	if (err) {
		con_puts("hypcore: host stage-2: set_npt failed at ");
		con_hex(addr);
		con_puts("\n");
		arch_panic(__FILE__, __LINE__, "cannot build the host stage-2");
	}
}

static struct map_count map_range(u64 start, u64 end, u64 attrs)
{
	struct map_count c = {0, 0};
	u64 a = start;

	while (a < end) {
		if ((a & (SZ_2M - 1)) == 0 && end - a >= SZ_2M) {
			map_one(a, 2, a | attrs | S2_BLOCK);
			c.blocks++;
			a += SZ_2M;
		} else {
			map_one(a, 3, a | attrs | S2_PAGE);
			c.pages++;
			a += SZ_4K;
		}
	}
	return c;
}

static void map_and_report(const char *what, u64 start, u64 end, u64 attrs)
{
	struct map_count c;

	if (start >= end)
		return;
	c = map_range(start, end, attrs);
	con_printf("hypcore:   %-14s 0x%010llx..0x%010llx  %4llu x 2 MiB (level 2) + %3llu x 4 KiB "
		   "(level 3)\n",
		   what, (unsigned long long)start, (unsigned long long)end,
		   (unsigned long long)c.blocks, (unsigned long long)c.pages);
}

u64 host_s2_ram_attrs(void)
{
	return S2_RAM;
}

/* The host's RAM: in its stage-2, and page by page in the SPT (what its DMA reaches). */
static void map_host_ram_range(u64 start, u64 end)
{
	if (start >= end)
		return;
	map_and_report("RAM", start, end, S2_RAM);
	if (spt_map(start, end))
		arch_panic(__FILE__, __LINE__, "cannot build the SPT");
}

/* RAM minus the image, the SPT's pool, the records and the pools (in this order in RAM). */
static void map_host_ram(void)
{
	const struct hc_layout *l = &hc_layout;

	BUG_ON(!(l->ram_start <= l->image_start && l->image_end <= l->spt_start &&
		 l->spt_end == l->records_start && l->records_end == l->pool_base &&
		 l->pool_end <= l->ram_end));
	spt_lock();
	map_host_ram_range(l->ram_start, l->image_start);
	map_host_ram_range(l->image_end, l->spt_start);
	map_host_ram_range(l->pool_end, l->ram_end);
	spt_unlock();
}

/* A page-rounded part of the device window the host does not get. */
struct hole {
	u64 start, end;
	const char *what;
};

static void add_hole(struct hole *h, unsigned *n, u64 base, u64 size, const char *what)
{
	u64 start = base & ~(SZ_4K - 1), end = (base + size + SZ_4K - 1) & ~(SZ_4K - 1);
	unsigned i = *n;

	if (!size || start < LOW_DEV_START || end > LOW_DEV_END)
		return;
	BUG_ON(*n >= MAX_HOLES);
	/* Insertion by start address; holes never overlap (distinct devices). */
	for (; i > 0 && h[i - 1].start > start; i--)
		h[i] = h[i - 1];
	h[i] = (struct hole){start, end, what};
	(*n)++;
}

/*
 * What the host must not reach in the device window: the SMMU's registers
 * (EL2's, core/smmu), fw-cfg (its DMA interface writes guest memory with
 * no SMMU in the path), the GICv3 ITS (it reads and writes its tables
 * in memory; left disabled, it does nothing) and the first page of each
 * redistributor (its LPI tables; EL2 emulates that page, gicr_trap.c).
 */
static unsigned device_holes(struct hole *h)
{
	const struct hc_layout *l = &hc_layout;
	unsigned n = 0;
	u64 page;

	add_hole(h, &n, l->smmu_base, l->smmu_size, "SMMUv3 registers: EL2's (core/smmu)");
	add_hole(h, &n, l->fwcfg_base, l->fwcfg_size, "fw-cfg: its DMA bypasses the SMMU");
	add_hole(h, &n, l->its_base, l->its_size, "GICv3 ITS: its tables are in memory");
	for (u32 i = 0; gicr_trap_page(i, &page); i++)
		add_hole(h, &n, page, SZ_4K, "GICv3 redistributors' LPI pages: emulated at EL2");
	return n;
}

/* The device window minus the holes: blocks where they fit, pages around. */
static void map_devices(void)
{
	struct hole h[MAX_HOLES];
	unsigned n = device_holes(h);
	struct map_count c = {0, 0}, part;
	u64 from = LOW_DEV_START;

	for (unsigned i = 0; i <= n; i++) {
		u64 to = i < n ? h[i].start : LOW_DEV_END;

		part = map_range(from, to, S2_DEV);
		c.blocks += part.blocks;
		c.pages += part.pages;
		if (i < n)
			from = h[i].end;
	}
	con_printf("hypcore:   %-14s 0x%010llx..0x%010llx  %4llu x 2 MiB (level 2) + %3llu x 4 KiB "
		   "(level 3)\n",
		   "devices", (unsigned long long)LOW_DEV_START, (unsigned long long)LOW_DEV_END,
		   (unsigned long long)c.blocks, (unsigned long long)c.pages);
	/* One line per kind of hole: the redistributors' pages are many. */
	for (unsigned i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && h[j].what == h[i].what;)
			j++;
		con_printf("hypcore:   %-14s 0x%010llx..0x%010llx  %s", "left out",
			   (unsigned long long)h[i].start, (unsigned long long)h[j - 1].end,
			   h[i].what);
		if (j - i > 1)
			con_printf(" (%u pages of 4 KiB)", j - i);
		con_printf("\n");
	}
}

/* Above 4 GiB, when QEMU put them there (highmem): ECAM, the 64-bit window. */
static void map_high_pcie(void)
{
	const struct hc_layout *l = &hc_layout;

	if (l->ecam_size && l->ecam_base >= LOW_DEV_END)
		map_and_report("PCIe ECAM", l->ecam_base, l->ecam_base + l->ecam_size, S2_DEV);
	if (l->pcie_high_size && l->pcie_high_base >= LOW_DEV_END)
		map_and_report("PCIe MMIO64", l->pcie_high_base,
			       l->pcie_high_base + l->pcie_high_size, S2_DEV);
}

static void report_area(const char *name, u64 start, u64 next, u64 end)
{
	con_printf("hypcore:   pool %-4s %3llu of %3llu pages used (0x%010llx)\n", name,
		   (unsigned long long)((next - start) / SZ_4K),
		   (unsigned long long)((end - start) / SZ_4K), (unsigned long long)start);
}

static void report_pool(void)
{
	struct npt_pool_usage u;

	BUG_ON(npt_pool_usage(0, &u) != 0);
	report_area("root", u.root, u.root + SZ_4K, u.root + SZ_4K);
	report_area("pgd", u.pgd_start, u.pgd_next, u.pgd_end);
	report_area("pud", u.pud_start, u.pud_next, u.pud_end);
	report_area("pmd", u.pmd_start, u.pmd_next, u.pmd_end);
}

void host_s2_build(void)
{
	u64 vttbr;

	con_printf("hypcore: host stage-2 (vmid 0), identity map:\n");
	npt_lock(0);
	map_devices();
	map_host_ram();
	map_high_pcie();
	report_pool();
	npt_unlock(0);
	BUG_ON(npt_vttbr(0, &vttbr) != 0);
	con_printf(
	    "hypcore:   not mapped: image 0x%llx..0x%llx, SPT + records + pools 0x%llx..0x%llx; "
	    "VTTBR 0x%016llx\n",
	    (unsigned long long)hc_layout.image_start, (unsigned long long)hc_layout.image_end,
	    (unsigned long long)hc_layout.spt_start, (unsigned long long)hc_layout.pool_end,
	    (unsigned long long)vttbr);
}
