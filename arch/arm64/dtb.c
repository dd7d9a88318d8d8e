/* SPDX-License-Identifier: MIT */
/*
 * Reads and edits of QEMU's DTB through libfdt (see dtb.h for when this
 * may run). Every change to the blob is a libfdt call: fdt_open_into to
 * make room in place, fdt_add_mem_rsv, fdt_del_node, fdt_delprop,
 * fdt_setprop_inplace_namelen_partial, fdt_pack.
 */
#include <libfdt.h>

#include "console.h"
#include "dtb.h"

/* PCI address space code in the first cell of a `ranges` entry. */
#define PCI_SPACE_MEM64 3U

/* A number of `n` (1 or 2) big-endian cells, read a byte at a time. */
static u64 cells(const fdt32_t *p, int n)
{
	u64 v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_ld(&p[i]);
	return v;
}

/* The index-th (base, size) of `reg`, in the cells its parent declares. */
static int read_reg_at(const void *fdt, int node, int index, u64 *base, u64 *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int na, ns, len;
	const fdt32_t *reg;

	if (parent < 0)
		return parent;
	na = fdt_address_cells(fdt, parent);
	ns = fdt_size_cells(fdt, parent);
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || na < 1 || na > 2 || ns < 1 || ns > 2 || len < (index + 1) * (na + ns) * 4)
		return -FDT_ERR_BADVALUE;
	reg += index * (na + ns);
	*base = cells(reg, na);
	*size = cells(reg + na, ns);
	return 0;
}

static int read_reg(const void *fdt, int node, u64 *base, u64 *size)
{
	return read_reg_at(fdt, node, 0, base, size);
}

int dtb_check(u64 dtb, u64 *size)
{
	const void *fdt = (const void *)dtb;

	if (!dtb || (dtb & 7) || fdt_check_header(fdt))
		return -FDT_ERR_BADMAGIC;
	*size = fdt_totalsize(fdt);
	return 0;
}

int dtb_ram(u64 dtb, u64 *base, u64 *size)
{
	const void *fdt = (const void *)dtb;
	int node =
	    fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", sizeof("memory"));

	return node < 0 ? node : read_reg(fdt, node, base, size);
}

static void read_u64_prop(const void *fdt, int node, const char *name, u64 *v)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (p && (len == 4 || len == 8))
		*v = cells(p, len / 4);
}

void dtb_initrd(u64 dtb, u64 *start, u64 *end)
{
	const void *fdt = (const void *)dtb;
	int chosen = fdt_path_offset(fdt, "/chosen");

	if (chosen < 0)
		return;
	read_u64_prop(fdt, chosen, "linux,initrd-start", start);
	read_u64_prop(fdt, chosen, "linux,initrd-end", end);
}

const char *dtb_bootargs(u64 dtb)
{
	const void *fdt = (const void *)dtb;
	int chosen = fdt_path_offset(fdt, "/chosen");
	int len;
	const char *args = chosen < 0 ? NULL : fdt_getprop(fdt, chosen, "bootargs", &len);

	return args && len > 0 && !args[len - 1] ? args : "";
}

static void find_reg(const void *fdt, const char *compatible, u64 *base, u64 *size)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, compatible);

	if (node < 0 || read_reg(fdt, node, base, size)) {
		*base = 0;
		*size = 0;
	}
}

/* Shape of the PCIe node's `ranges`: child, parent address and size cells. */
struct pci_ranges {
	int node, nc, np, ns, count;
	const fdt32_t *p;
};

static int pci_ranges(const void *fdt, struct pci_ranges *r)
{
	int len;

	r->node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "pci", sizeof("pci"));
	if (r->node < 0)
		return r->node;
	r->nc = fdt_address_cells(fdt, r->node);
	r->ns = fdt_size_cells(fdt, r->node);
	r->np = fdt_address_cells(fdt, fdt_parent_offset(fdt, r->node));
	r->p = fdt_getprop(fdt, r->node, "ranges", &len);
	if (!r->p || r->nc != 3 || r->np < 1 || r->np > 2 || r->ns < 1 || r->ns > 2)
		return -FDT_ERR_BADVALUE;
	r->count = len / ((r->nc + r->np + r->ns) * 4);
	return 0;
}

/* Index of the 64-bit memory window in `ranges`, or -1. */
static int mem64_window(const struct pci_ranges *r, u64 *base, u64 *size)
{
	int stride = r->nc + r->np + r->ns;

	for (int i = 0; i < r->count; i++) {
		const fdt32_t *e = r->p + i * stride;

		if (((fdt32_ld(e) >> 24) & 3) != PCI_SPACE_MEM64)
			continue;
		*base = cells(e + r->nc, r->np);
		*size = cells(e + r->nc + r->np, r->ns);
		return i;
	}
	return -1;
}

void dtb_find_devices(u64 dtb, struct hc_layout *l)
{
	const void *fdt = (const void *)dtb;
	struct pci_ranges r;
	u64 base, size;
	int node;

	find_reg(fdt, "arm,smmu-v3", &l->smmu_base, &l->smmu_size);
	find_reg(fdt, "qemu,fw-cfg-mmio", &l->fwcfg_base, &l->fwcfg_size);
	find_reg(fdt, "arm,gic-v3-its", &l->its_base, &l->its_size);
	/* GICv3: reg holds the distributor, then the redistributor region. */
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	if (node < 0 || read_reg_at(fdt, node, 1, &l->gicr_base, &l->gicr_size)) {
		l->gicr_base = 0;
		l->gicr_size = 0;
	}
	if (pci_ranges(fdt, &r))
		return;
	if (read_reg(fdt, r.node, &l->ecam_base, &l->ecam_size)) {
		l->ecam_base = 0;
		l->ecam_size = 0;
	}
	if (mem64_window(&r, &base, &size) >= 0) {
		l->pcie_high_base = base;
		l->pcie_high_size = size < PCIE_HIGH_MAX ? size : PCIE_HIGH_MAX;
	}
}

static int add_reserve(void *fdt, u64 start, u64 end, const char *what)
{
	int err = fdt_add_mem_rsv(fdt, start, end - start);

	if (!err)
		con_printf("hypcore: DTB: /memreserve/ 0x%010llx..0x%010llx  %s\n",
			   (unsigned long long)start, (unsigned long long)end, what);
	return err;
}

/* Delete every node compatible with `compatible`; one line for each. */
static int remove_nodes(void *fdt, const char *compatible, const char *why)
{
	char path[64];
	int node, err;

	while ((node = fdt_node_offset_by_compatible(fdt, -1, compatible)) >= 0) {
		if (fdt_get_path(fdt, node, path, sizeof(path)))
			path[0] = '\0';
		err = fdt_del_node(fdt, node);
		if (err)
			return err;
		con_printf("hypcore: DTB: removed %s (%s): %s\n", path, compatible, why);
	}
	return node == -FDT_ERR_NOTFOUND ? 0 : node;
}

/*
 * The host drives its PCIe devices as if no IOMMU were there: without
 * iommu-map its Linux gives them physical addresses, which the SMMU's
 * identity tables for the host (core/smmu) pass through, minus what the
 * host does not own. No MSI controller is left for them (the ITS is
 * gone), so they interrupt through INTx.
 */
static int strip_pci_props(void *fdt)
{
	static const char *const props[] = {"iommu-map", "iommu-map-mask", "msi-map",
					    "msi-map-mask", "msi-parent"};
	struct pci_ranges r;
	int err;

	if (pci_ranges(fdt, &r))
		return 0;
	for (unsigned i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		if (!fdt_getprop(fdt, r.node, props[i], NULL))
			continue;
		err = fdt_delprop(fdt, r.node, props[i]);
		if (err)
			return err;
		con_printf("hypcore: DTB: PCIe: deleted %s (the host's devices use physical "
			   "addresses, no MSI controller)\n",
			   props[i]);
	}
	return 0;
}

/* The 64-bit window's size cells become what the host's stage-2 maps. */
static int trim_pci_window(void *fdt, u64 size)
{
	struct pci_ranges r;
	u64 base, old;
	fdt32_t v[2];
	int i;

	if (pci_ranges(fdt, &r) || (i = mem64_window(&r, &base, &old)) < 0 || old == size)
		return 0;
	v[0] = cpu_to_fdt32((u32)(size >> 32));
	v[1] = cpu_to_fdt32((u32)size);
	con_printf("hypcore: DTB: PCIe: 64-bit window 0x%010llx: 0x%llx bytes -> 0x%llx (what the "
		   "host's stage-2 maps)\n",
		   (unsigned long long)base, (unsigned long long)old, (unsigned long long)size);
	return fdt_setprop_inplace_namelen_partial(
	    fdt, r.node, "ranges", 6, (u32)((i * (r.nc + r.np + r.ns) + r.nc + r.np) * 4),
	    r.ns == 2 ? &v[0] : &v[1], (int)(r.ns * 4));
}

static int remove_devices(void *fdt)
{
	int err =
	    remove_nodes(fdt, "cfi-flash", "at physical 0, which the host's stage-2 cannot map");

	if (!err)
		err = remove_nodes(fdt, "qemu,fw-cfg-mmio",
				   "its DMA interface writes memory, past any SMMU");
	if (!err)
		err = remove_nodes(fdt, "arm,smmu-v3", "EL2's (core/smmu)");
	if (!err)
		err =
		    remove_nodes(fdt, "arm,gic-v3-its",
				 "it reads and writes tables in memory; not in the host's stage-2");
	return err;
}

int dtb_edit(struct hc_layout *l, u64 room)
{
	void *fdt = (void *)l->dtb;
	u64 was = l->dtb_size;
	int err = fdt_check_header(fdt);

	if (!err)
		err = fdt_open_into(fdt, fdt, (int)room);
	if (!err)
		err = add_reserve(fdt, l->image_start, l->image_end, "hypcore image");
	if (!err)
		err = add_reserve(fdt, l->spt_start, l->pool_end,
				  "SPT + page ownership records + stage-2 pools");
	if (!err)
		err = remove_devices(fdt);
	if (!err)
		err = strip_pci_props(fdt);
	if (!err && l->pcie_high_size)
		err = trim_pci_window(fdt, l->pcie_high_size);
	if (!err)
		err = fdt_pack(fdt);
	if (err)
		return err;
	l->dtb_size = fdt_totalsize(fdt);
	con_printf("hypcore: DTB: packed: %llu bytes (QEMU's blob: %llu)\n",
		   (unsigned long long)l->dtb_size, (unsigned long long)was);
	return 0;
}
