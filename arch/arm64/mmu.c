/* SPDX-License-Identifier: MIT */
/*
 * EL2 stage-1 tables: 39-bit VA (T0SZ = 25), so the walk starts at level 1;
 * one level-2 table per GiB that holds something. Everything is a 2 MiB
 * block: RAM as normal write-back memory (execute-never except the blocks
 * holding the image), the PL011 block as device memory. The tables live in
 * the image's bss; no other address is reachable from EL2.
 */
#include <hypcore/arch.h>

#include "console.h"
#include "layout.h"
#include "gicr_trap.h"
#include "mmu.h"
#include "sysreg.h"

#define ENTRIES	  512
#define L2_TABLES 9 /* one per GiB of VA: the UART in GiB 0, RAM up to 9 GiB */

#define DESC_TABLE	 3ULL
#define DESC_BLOCK	 1ULL
#define DESC_ATTR_IDX(i) ((u64)(i) << 2)
#define DESC_AP_RW_EL2	 (1ULL << 6) /* AP[1] is RES1 in the EL2 regime */
#define DESC_SH_INNER	 (3ULL << 8)
#define DESC_AF		 (1ULL << 10)
#define DESC_XN		 (1ULL << 54)

/* MAIR_EL2 slots: 0 = Device-nGnRE, 1 = Normal write-back, RA/WA. */
#define ATTR_DEVICE 0
#define ATTR_NORMAL 1
#define MAIR_VALUE  0xff04ULL

/* TCR_EL2: T0SZ 25, walks cacheable WB/WA inner-shareable, 4 KiB granule. */
#define TCR_T0SZ_39BIT 25ULL
#define TCR_IRGN0_WBWA (1ULL << 8)
#define TCR_ORGN0_WBWA (1ULL << 10)
#define TCR_SH0_INNER  (3ULL << 12)
#define TCR_PS_SHIFT   16
#define TCR_EL2_RES1   ((1ULL << 31) | (1ULL << 23))

static u64 l1[ENTRIES] __attribute__((aligned(4096)));
static u64 l2[L2_TABLES][ENTRIES] __attribute__((aligned(4096)));

static u64 *l2_for(u64 va)
{
	u64 gib = va >> 30;

	BUG_ON(gib >= L2_TABLES);
	if (!l1[gib])
		l1[gib] = (u64)l2[gib] | DESC_TABLE;
	return l2[gib];
}

static void map_block(u64 pa, u64 attrs)
{
	l2_for(pa)[(pa >> 21) & (ENTRIES - 1)] = pa | attrs | DESC_AF | DESC_AP_RW_EL2 | DESC_BLOCK;
}

static bool block_holds_image(u64 pa)
{
	return pa < hc_layout.image_end && pa + SZ_2M > hc_layout.image_start;
}

static void clean_tables(void)
{
	/* Written with the MMU off: push them past any stale cache line. */
	for (u64 a = (u64)l1; a < (u64)l1 + sizeof(l1); a += 64)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	for (u64 a = (u64)l2; a < (u64)l2 + sizeof(l2); a += 64)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb_ish();
}

void mmu_build(void)
{
	u64 normal = DESC_ATTR_IDX(ATTR_NORMAL) | DESC_SH_INNER;
	u64 page;

	BUG_ON(hc_layout.ram_end > (u64)(L2_TABLES) << 30);
	for (u64 pa = hc_layout.ram_start & ~(SZ_2M - 1); pa < hc_layout.ram_end; pa += SZ_2M)
		map_block(pa, normal | (block_holds_image(pa) ? 0 : DESC_XN));
	map_block(PL011_BASE & ~(SZ_2M - 1), DESC_ATTR_IDX(ATTR_DEVICE) | DESC_XN);
	/* The redistributors whose LPI controls EL2 emulates for the host (gicr_trap.c). */
	for (u32 i = 0; gicr_trap_page(i, &page); i++)
		map_block(page & ~(SZ_2M - 1), DESC_ATTR_IDX(ATTR_DEVICE) | DESC_XN);
	clean_tables();
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
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA);
	isb();
}
