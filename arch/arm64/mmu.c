/* SPDX-License-Identifier: MIT */
/*
 * EL2 stage-1 tables: 39-bit VA (T0SZ = 25), so the walk starts at level 1;
 * one level-2 table per GiB that holds something, one level-3 table for
 * the 2 MiB block of the image. Identity map:
 *  - the image in 4 KiB pages, each part with its own permissions (the
 *    linker script's boundaries): text read-only executable, rodata
 *    read-only, data/bss/stacks writable, the guard pages below every
 *    stack not mapped (stack.h);
 *  - the rest of RAM (the rest of the image's block too, which the host
 *    owns) writable and never executable, in 2 MiB blocks where it can;
 *  - the PL011's block and the redistributors EL2 emulates, device memory,
 *    never executable.
 * So no page is writable and executable (W^X); SCTLR_EL2.WXN makes the
 * hardware hold to it too. mmu_check_wx walks the tables as the MMU does
 * and boot refuses to go on if any leaf breaks the rule.
 */
#include <hypcore/arch.h>

#include "console.h"
#include "gicr_trap.h"
#include "layout.h"
#include "mmu.h"
#include "stack.h"
#include "sysreg.h"

#define ENTRIES	  512
#define L2_TABLES 9 /* one per GiB of VA: the UART in GiB 0, RAM up to 9 GiB */

#define DESC_VALID	 1ULL
#define DESC_TABLE	 3ULL /* levels 1, 2 */
#define DESC_BLOCK	 1ULL /* levels 1, 2 */
#define DESC_PAGE	 3ULL /* level 3 */
#define DESC_TYPE_MASK	 3ULL
#define DESC_ATTR_IDX(i) ((u64)(i) << 2)
#define DESC_ATTR_MASK	 (7ULL << 2)
#define DESC_AP_RW_EL2	 (1ULL << 6) /* AP[1] is RES1 in the EL2 regime */
#define DESC_AP_RO	 (1ULL << 7) /* AP[2]: read-only */
#define DESC_SH_INNER	 (3ULL << 8)
#define DESC_AF		 (1ULL << 10)
#define DESC_XN		 (1ULL << 54)
#define DESC_ADDR_MASK	 0x0000fffffffff000ULL

/* MAIR_EL2 slots: 0 = Device-nGnRE, 1 = Normal write-back, RA/WA. */
#define ATTR_DEVICE 0
#define ATTR_NORMAL 1
#define MAIR_VALUE  0xff04ULL

/* What each kind of EL2 mapping is made of (leaf type bits added later). */
#define PROT_TEXT   (DESC_ATTR_IDX(ATTR_NORMAL) | DESC_SH_INNER | DESC_AP_RO)
#define PROT_RODATA (DESC_ATTR_IDX(ATTR_NORMAL) | DESC_SH_INNER | DESC_AP_RO | DESC_XN)
#define PROT_DATA   (DESC_ATTR_IDX(ATTR_NORMAL) | DESC_SH_INNER | DESC_XN)
#define PROT_DEVICE (DESC_ATTR_IDX(ATTR_DEVICE) | DESC_XN)

/* TCR_EL2: T0SZ 25, walks cacheable WB/WA inner-shareable, 4 KiB granule. */
#define TCR_T0SZ_39BIT 25ULL
#define TCR_IRGN0_WBWA (1ULL << 8)
#define TCR_ORGN0_WBWA (1ULL << 10)
#define TCR_SH0_INNER  (3ULL << 12)
#define TCR_PS_SHIFT   16
#define TCR_EL2_RES1   ((1ULL << 31) | (1ULL << 23))

/* The linker script's boundaries (linker/el2.ld), all page-aligned. */
extern char __text_start[], __rodata_start[], __data_start[], __stacks_start[], __stacks_end[];

static u64 l1[ENTRIES] __attribute__((aligned(4096)));
static u64 l2[L2_TABLES][ENTRIES] __attribute__((aligned(4096)));
static u64 l3_image[ENTRIES] __attribute__((aligned(4096)));

static u64 *l2_for(u64 va)
{
	u64 gib = va >> 30;

	BUG_ON(gib >= L2_TABLES);
	if (!l1[gib])
		l1[gib] = (u64)l2[gib] | DESC_TABLE;
	return l2[gib];
}

static u64 l2_index(u64 va)
{
	return (va >> 21) & (ENTRIES - 1);
}

static void map_block(u64 pa, u64 prot)
{
	l2_for(pa)[l2_index(pa)] = pa | prot | DESC_AF | DESC_AP_RW_EL2 | DESC_BLOCK;
}

/* A guard page below a stack or an overflow stack (stack.h): not mapped. */
static bool stack_guard(u64 pa)
{
	u64 off = (pa - (u64)__stacks_start) & (STACK_SLOT_SIZE - 1);

	return off < OVF_STACK_BASE || (off >= OVF_STACK_TOP && off < STACK_IN_SLOT);
}

/* The descriptor bits of one page of the image's 2 MiB block; 0 = unmapped. */
static u64 image_block_prot(u64 pa)
{
	if (pa >= (u64)__text_start && pa < (u64)__rodata_start)
		return PROT_TEXT;
	if (pa >= (u64)__rodata_start && pa < (u64)__data_start)
		return PROT_RODATA;
	if (pa >= (u64)__stacks_start && pa < (u64)__stacks_end && stack_guard(pa))
		return 0;
	return PROT_DATA; /* data, bss, stacks, and the host's RAM after the image */
}

/* The image's block as 4 KiB pages, through l3_image. */
static void map_image_block(u64 block)
{
	for (u64 i = 0; i < ENTRIES; i++) {
		u64 pa = block + i * SZ_4K;
		u64 prot = image_block_prot(pa);

		l3_image[i] = prot ? pa | prot | DESC_AF | DESC_AP_RW_EL2 | DESC_PAGE : 0;
	}
	l2_for(block)[l2_index(block)] = (u64)l3_image | DESC_TABLE;
}

static void clean_range(u64 start, u64 size)
{
	for (u64 a = start; a < start + size; a += 64)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
}

static void clean_tables(void)
{
	/* Written with the MMU off: push them past any stale cache line. */
	clean_range((u64)l1, sizeof(l1));
	clean_range((u64)l2, sizeof(l2));
	clean_range((u64)l3_image, sizeof(l3_image));
	dsb_ish();
}

void mmu_build(void)
{
	u64 image_block = hc_layout.image_start & ~(SZ_2M - 1);
	u64 page;

	BUG_ON(hc_layout.ram_end > (u64)(L2_TABLES) << 30);
	BUG_ON(hc_layout.image_end > image_block + SZ_2M); /* one level-3 table */
	for (u64 pa = hc_layout.ram_start & ~(SZ_2M - 1); pa < hc_layout.ram_end; pa += SZ_2M)
		if (pa == image_block)
			map_image_block(pa);
		else
			map_block(pa, PROT_DATA);
	map_block(PL011_BASE & ~(SZ_2M - 1), PROT_DEVICE);
	/* The redistributors whose LPI controls EL2 emulates for the host (gicr_trap.c). */
	for (u32 i = 0; gicr_trap_page(i, &page); i++)
		map_block(page & ~(SZ_2M - 1), PROT_DEVICE);
	clean_tables();
}

/* Hardware's view of a leaf: EL2 may write it / fetch instructions from it. */
static bool leaf_writable(u64 d)
{
	return !(d & DESC_AP_RO);
}

static bool leaf_executable(u64 d)
{
	return !(d & DESC_XN);
}

/*
 * One pass over every valid leaf of EL2's tables, in address order (no
 * table descriptor here sets APTable/XNTable, so a leaf's own bits are
 * its permissions). The level-1 entries are tables only.
 */
typedef void (*leaf_fn)(u64 va, u64 size, u64 desc, void *ctx);

static void walk_l3(const u64 *t, u64 va, leaf_fn fn, void *ctx)
{
	for (u64 i = 0; i < ENTRIES; i++)
		if ((t[i] & DESC_TYPE_MASK) == DESC_PAGE)
			fn(va + i * SZ_4K, SZ_4K, t[i], ctx);
}

static void walk_tables(leaf_fn fn, void *ctx)
{
	for (u64 i = 0; i < ENTRIES; i++) {
		const u64 *t2;

		if ((l1[i] & DESC_TYPE_MASK) != DESC_TABLE)
			continue;
		t2 = (const u64 *)(l1[i] & DESC_ADDR_MASK);
		for (u64 j = 0; j < ENTRIES; j++) {
			u64 d = t2[j], va = (i << 30) | (j << 21);

			if ((d & DESC_TYPE_MASK) == DESC_TABLE)
				walk_l3((const u64 *)(d & DESC_ADDR_MASK), va, fn, ctx);
			else if (d & DESC_VALID)
				fn(va, SZ_2M, d, ctx);
		}
	}
}

struct wx_scan {
	u64 bad;
	u64 first_bad;
};

static void wx_leaf(u64 va, u64 size, u64 desc, void *ctx)
{
	struct wx_scan *s = ctx;

	(void)size;
	if (leaf_writable(desc) && leaf_executable(desc) && !s->bad++)
		s->first_bad = va;
}

u64 mmu_check_wx(u64 *first_bad)
{
	struct wx_scan s = {0, 0};

	walk_tables(wx_leaf, &s);
	*first_bad = s.first_bad;
	return s.bad;
}

/* Consecutive leaves with the same permissions and memory type, one line each. */
struct map_range {
	u64 start, end, key;
};

static u64 range_key(u64 desc)
{
	return desc & (DESC_AP_RO | DESC_XN | DESC_ATTR_MASK);
}

static const char *range_name(u64 start)
{
	if (start == (u64)__text_start)
		return "text";
	if (start == (u64)__rodata_start)
		return "rodata";
	if (start == (u64)__data_start)
		return "data, bss, EL2 tables";
	if (start >= (u64)__stacks_start && start < (u64)__stacks_end)
		return (start & (STACK_SLOT_SIZE - 1)) == OVF_STACK_BASE ? "overflow stack"
									 : "stack";
	if (start >= hc_layout.ram_start && start < hc_layout.ram_end)
		return "RAM";
	return "MMIO";
}

static void print_range(const struct map_range *r)
{
	u64 cpu = (r->start - (u64)__stacks_start) >> STACK_SLOT_SHIFT;
	bool stack = r->start >= (u64)__stacks_start && r->start < (u64)__stacks_end;

	con_printf("hypcore:   EL2 0x%010llx..0x%010llx %c%c%c %-6s %s",
		   (unsigned long long)r->start, (unsigned long long)r->end, 'r',
		   (r->key & DESC_AP_RO) ? '-' : 'w', (r->key & DESC_XN) ? '-' : 'x',
		   (r->key & DESC_ATTR_MASK) == DESC_ATTR_IDX(ATTR_DEVICE) ? "device" : "normal",
		   range_name(r->start));
	if (stack)
		con_printf(" cpu %llu (guard page below)\n", (unsigned long long)cpu);
	else
		con_printf("\n");
}

static void map_leaf(u64 va, u64 size, u64 desc, void *ctx)
{
	struct map_range *r = ctx;

	if (r->end == va && r->key == range_key(desc) && va != (u64)__rodata_start &&
	    va != (u64)__data_start && va != (u64)__stacks_start && va != hc_layout.image_end) {
		r->end = va + size;
		return;
	}
	if (r->end)
		print_range(r);
	r->start = va;
	r->end = va + size;
	r->key = range_key(desc);
}

void mmu_print_map(void)
{
	struct map_range r = {0, 0, 0};

	u64 sctlr = read_sysreg(sctlr_el2);

	con_printf(
	    "hypcore: EL2's own map (r/w/x at EL2; unlisted = not mapped), SCTLR_EL2.WXN %s\n",
	    (sctlr & SCTLR_WXN) ? "on" : "off");
	walk_tables(map_leaf, &r);
	if (r.end)
		print_range(&r);
}

static u64 tcr_value(void)
{
	u64 parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	if (parange > 5) /* 52-bit PAs: our descriptors use 48 */
		parange = 5;
	return TCR_EL2_RES1 | TCR_T0SZ_39BIT | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER |
	       (parange << TCR_PS_SHIFT);
}

void mmu_enable(void)
{
	write_sysreg(mair_el2, MAIR_VALUE);
	write_sysreg(tcr_el2, tcr_value());
	write_sysreg(ttbr0_el2, (u64)l1);
	isb();
	__asm__ volatile("tlbi alle2\n dsb nsh" : : : "memory");
	isb();
	/* WXN: whatever the tables say, a writable page is never executed. */
	write_sysreg(sctlr_el2,
		     SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA | SCTLR_WXN);
	isb();
	/* Text is fetched from now on through the new map: nothing stale. */
	__asm__ volatile("ic iallu\n dsb nsh\n isb" : : : "memory");
}
