/* SPDX-License-Identifier: MIT */
/*
 * The boot CPU's path from QEMU's entry to the host at EL1:
 *   check where we are -> find RAM in the DTB -> place the pools ->
 *   MMU on -> core up (npt_init, hvc_init) -> host stage-2 ->
 *   reserve our memory in the DTB -> host controls -> EL1.
 * Every step prints; a failed step is a panic (the host cannot run).
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/hvc.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>
#include <hypcore/smmu.h>
#include <hypcore/spt.h>
#include <string.h>

#include "cmdline.h"
#include "console.h"
#include "dtb.h"
#include "gicr_trap.h"
#include "guest_run.h"
#include "host_regs.h"
#include "host_s2.h"
#include "layout.h"
#include "mmu.h"
#include "sysreg.h"
#include "test_fault.h"
#include "trap.h"

_Noreturn void boot_main(u64 dtb, u64 load_addr);

/* Why the boot cannot go on, with the FP-free printer (MMU may be off). */
static _Noreturn void boot_fail(const char *what, u64 value)
{
	con_puts("hypcore: boot failed: ");
	con_puts(what);
	con_puts(" ");
	con_hex(value);
	con_puts("\n");
	arch_panic(__FILE__, __LINE__, what);
}

static u64 current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}

/* RAM is the first range of the DTB's memory node. */
static void find_ram(u64 dtb)
{
	u64 base, size;

	if (dtb_ram(dtb, &base, &size) || !size)
		boot_fail("no usable memory node in the DTB at", dtb);
	hc_layout.ram_start = base;
	hc_layout.ram_end = base + size;
}

static void find_initrd(u64 dtb)
{
	dtb_initrd(dtb, &hc_layout.initrd_start, &hc_layout.initrd_end);
}

/* SMMU, fw-cfg, ITS, PCIe: what the host's stage-2 and DTB leave out. */
static void find_devices(u64 dtb)
{
	dtb_find_devices(dtb, &hc_layout);
	gicr_trap_setup(hc_layout.gicr_base, hc_layout.gicr_size);
}

/* Level-3 tables for every 2 MiB of RAM, with the areas above and slack: 2 MiB-rounded. */
static u64 host_pool_size(u64 ram_size)
{
	u64 pages = 1 + POOL_PGD_PAGES + POOL_PUD_PAGES + ram_size / SZ_2M + HOST_POOL_SLACK;

	return (pages * SZ_4K + SZ_2M - 1) & ~(SZ_2M - 1);
}

/* Image, RAM and pools: everything EL2 must know before its MMU is on. */
static void plan_layout(u64 dtb, u64 load_addr)
{
	struct hc_layout *l = &hc_layout;

	l->image_start = (u64)__image_start;
	l->image_end = (u64)__image_end;
	if (load_addr != l->image_start)
		boot_fail("loaded at the wrong address (linked for 0x40200000):", load_addr);
	if (dtb_check(dtb, &l->dtb_size))
		boot_fail("x0 does not point to a device tree:", dtb);
	l->dtb = dtb;
	cmdline_read(dtb_bootargs(dtb));
	find_ram(dtb);
	find_initrd(dtb);
	find_devices(dtb);
	l->pool_end = l->ram_end;
	l->host_pool_size = host_pool_size(l->ram_end - l->ram_start);
	l->pool_base = l->ram_end - l->host_pool_size - (u64)(POOL_VMS - 1) * POOL_VM_SIZE;
	/* 2 MiB-rounded, so that the host's RAM below stays in whole blocks. */
	l->records_end = l->pool_base;
	l->records_start =
	    l->pool_base -
	    ((owner_records_size(l->ram_end - l->ram_start) + SZ_2M - 1) & ~(SZ_2M - 1));
	l->spt_end = l->records_start;
	l->spt_start =
	    l->spt_end - ((spt_pool_size(l->ram_start, l->ram_end) + SZ_2M - 1) & ~(SZ_2M - 1));
	if (l->image_start < l->ram_start || l->spt_start < HOST_ENTRY + SZ_1G / 8)
		boot_fail("RAM too small or not where the image is, RAM end", l->ram_end);
}

static void print_layout(void)
{
	const struct hc_layout *l = &hc_layout;

	con_printf("hypcore: running at EL%llu on cpu %u, MMU and caches on\n",
		   (unsigned long long)current_el(), arch_cpu_id());
	con_printf("hypcore: memory layout\n");
	con_printf("hypcore:   RAM      0x%010llx..0x%010llx (%llu MiB)\n",
		   (unsigned long long)l->ram_start, (unsigned long long)l->ram_end,
		   (unsigned long long)((l->ram_end - l->ram_start) >> 20));
	con_printf(
	    "hypcore:   image    0x%010llx..0x%010llx (%llu KiB incl. bss, stacks, EL2 tables)\n",
	    (unsigned long long)l->image_start, (unsigned long long)l->image_end,
	    (unsigned long long)((l->image_end - l->image_start) >> 10));
	con_printf(
	    "hypcore:   pools    0x%010llx..0x%010llx (host %llu KiB: 1 root + %d pgd + %d pud "
	    "+ %llu pmd pages; %d VMs x %llu KiB: %llu pmd pages)\n",
	    (unsigned long long)l->pool_base, (unsigned long long)l->pool_end,
	    (unsigned long long)(l->host_pool_size >> 10), POOL_PGD_PAGES, POOL_PUD_PAGES,
	    (unsigned long long)(l->host_pool_size / SZ_4K - 1 - POOL_PGD_PAGES - POOL_PUD_PAGES),
	    POOL_VMS - 1, (unsigned long long)(POOL_VM_SIZE >> 10),
	    (unsigned long long)(POOL_VM_SIZE / SZ_4K - 1 - POOL_PGD_PAGES - POOL_PUD_PAGES));
	con_printf("hypcore:   records  0x%010llx..0x%010llx (page owners, 4 bytes per page)\n",
		   (unsigned long long)l->records_start, (unsigned long long)l->records_end);
	con_printf("hypcore:   SPT      0x%010llx..0x%010llx (DMA's view of RAM: the SMMU's "
		   "stage-2 tables)\n",
		   (unsigned long long)l->spt_start, (unsigned long long)l->spt_end);
	con_printf("hypcore:   host     0x%010llx (Linux Image, entered at EL1)\n",
		   (unsigned long long)HOST_ENTRY);
	con_printf("hypcore:   initrd   0x%010llx..0x%010llx\n",
		   (unsigned long long)l->initrd_start, (unsigned long long)l->initrd_end);
	con_printf("hypcore:   DTB      0x%010llx (%llu bytes)\n", (unsigned long long)l->dtb,
		   (unsigned long long)l->dtb_size);
}

static void core_init(void)
{
	const struct hc_layout *l = &hc_layout;
	struct npt_geometry g = {
	    .pool_base = l->pool_base,
	    .pool_size = POOL_VM_SIZE,
	    .pgd_pages = POOL_PGD_PAGES,
	    .pud_pages = POOL_PUD_PAGES,
	    .nr_vms = POOL_VMS,
	    .host_pool_size = l->host_pool_size,
	};
	struct owner_config oc = {
	    .ram_start = l->ram_start,
	    .ram_end = l->ram_end,
	    .records = (owner_rec_t *)l->records_start,
	    .host_ram_attrs = host_s2_ram_attrs(),
	    .spt = true,
	};
	int err;

	/* npt_init and spt_init want all-zero pools; RAM content at boot is not ours to trust. */
	memset((void *)l->pool_base, 0, l->pool_end - l->pool_base);
	memset((void *)l->spt_start, 0, l->spt_end - l->spt_start);

	err = npt_init(&g);
	if (err)
		boot_fail("npt_init refused the pool geometry, error", (u64)(s64)err);
	err = owner_init(&oc);
	if (!err)
		err = owner_give_core(l->image_start, l->image_end);
	if (!err)
		err = owner_give_core(l->spt_start, l->pool_end);
	if (err)
		boot_fail("owner_init refused RAM, error", (u64)(s64)err);
	err = spt_init(l->spt_start, l->spt_end - l->spt_start, l->ram_start, l->ram_end);
	if (err)
		boot_fail("spt_init refused its pool, error", (u64)(s64)err);
	hvc_init();
}

/* W^X at EL2: no page of EL2's own map may be writable and executable. */
static void check_el2_map(void)
{
	u64 first_bad;
	u64 bad = mmu_check_wx(&first_bad);

	mmu_print_map();
	if (bad)
		boot_fail("EL2 page writable and executable (W^X broken) at", first_bad);
}

/* Room the DTB may grow by in place: two /memreserve/ entries, with slack. */
#define DTB_GROW SZ_4K

/* Size of the host kernel from its arm64 Image header (image_size, LE). */
static u64 host_image_size(void)
{
	return *(const volatile u64 *)(HOST_ENTRY + 16);
}

/*
 * Before anything is written: the DTB, grown by DTB_GROW, must stay in RAM
 * and clear of every region hc_layout reserves or the host still needs.
 */
static void check_dtb_room(u64 end)
{
	const struct hc_layout *l = &hc_layout;
	const u64 taken[][2] = {
	    {l->image_start, l->image_end},
	    {l->spt_start, l->pool_end},
	    {l->initrd_start, l->initrd_end},
	    {HOST_ENTRY, HOST_ENTRY + host_image_size()},
	};

	if (l->dtb < l->ram_start || end > l->ram_end)
		boot_fail("the DTB (grown) is not inside RAM:", l->dtb);
	for (unsigned i = 0; i < sizeof(taken) / sizeof(taken[0]); i++)
		if (l->dtb < taken[i][1] && end > taken[i][0])
			boot_fail("the DTB (grown) would overlap a reserved region at",
				  taken[i][0]);
}

/*
 * Tell the host which memory is not its own, before it reads the DTB, and
 * hide what it must not drive (see dtb_edit): all through libfdt.
 */
static void edit_dtb(void)
{
	struct hc_layout *l = &hc_layout;
	u64 room = l->dtb_size + DTB_GROW;
	int err;

	check_dtb_room(l->dtb + room);
	err = dtb_edit(l, room);
	if (err)
		boot_fail("libfdt refused a DTB edit, error", (u64)(s64)err);
}

/* The SMMU's stream table and queues: in the image, so core-owned and out of every stage-2. */
static u8 smmu_mem[SMMU_MEM_SIZE] __attribute__((aligned(SMMU_MEM_ALIGN)));

/*
 * Every stream the host's devices use translates through the SPT from now
 * on. An SMMU that is there but refuses is fatal: the host's devices could
 * then write anywhere. No SMMU at all (a machine without iommu=smmuv3) is
 * said loudly, and the boot goes on.
 */
static void smmu_setup(void)
{
	const struct hc_layout *l = &hc_layout;
	struct smmu_config c = {
	    .base = l->smmu_base,
	    .mem = (u64)smmu_mem,
	    .mem_size = sizeof(smmu_mem),
	    .s2_root = spt_root(),
	    .s2_ipa_bits = NPT_IPA_BITS,
	    .vmid = SPT_SMMU_VMID,
	};
	int err;

	if (!l->smmu_size) {
		con_printf("hypcore: WARNING: no SMMUv3 in the DTB: DMA from the host's devices is "
			   "NOT confined\n");
		return;
	}
	err = smmu_init(&c);
	if (err)
		boot_fail("the SMMUv3 could not be enabled, error", (u64)(s64)err);
}

_Noreturn void boot_main(u64 dtb, u64 load_addr)
{
	con_puts("\nhypcore: EL2 hypervisor core, boot cpu ");
	con_dec(arch_cpu_id());
	con_puts(", DTB at ");
	con_hex(dtb);
	con_puts("\n");
	if (current_el() != 2)
		boot_fail("not started at EL2; CurrentEL.EL =", current_el());
	el2_fp_enable();
	plan_layout(dtb, load_addr);
	mmu_build();
	mmu_enable();
	print_layout();
	check_el2_map();
	test_fault_boot(); /* the test build only (test_fault.h) */
	guest_run_probe();
	core_init();
	host_s2_build();
	smmu_setup();
	edit_dtb();
	psci_report_firmware();
	host_regs_setup();
	con_printf("hypcore: cpu %u: entering host at EL1 at 0x%llx, x0 = DTB 0x%llx\n",
		   arch_cpu_id(), (unsigned long long)HOST_ENTRY, (unsigned long long)dtb);
	el1_enter(HOST_ENTRY, dtb);
}
