/* SPDX-License-Identifier: MIT */
/*
 * pattern-mmu's stage 1: 4 KiB granule, 39-bit VA (T0SZ 25, walks start
 * at level 1), TTBR0 only. RAM is identity-mapped as normal write-back,
 * inner shareable memory (2 MiB blocks, 4 KiB pages for an odd last MiB),
 * the UART's page as Device-nGnRnE, nothing else. vCPU 0 writes the
 * tables with its MMU off, then tells the others through the sync area;
 * every vCPU then turns its own MMU on.
 *
 * Caches: the tables and the stack were written with the MMU off (not
 * cached); before the MMU and caches come on, their lines are invalidated
 * so that no older cached copy hides what was written.
 */
#include "pattern_pass.h"

#define PAGE_SIZE   0x1000ULL
#define BLOCK_SIZE  0x200000ULL
#define ENTRIES	    512
#define ADDR_MASK   0x0000fffffffff000ULL
#define READY_WORD  GUEST_SYNC_BASE
#define READY_MAGIC 0x7ab1e5ed7ab1e5edULL

/* Descriptor bits (Arm ARM D8.3). */
#define DESC_VALID    (1ULL << 0)
#define DESC_TABLE    (3ULL << 0)
#define DESC_BLOCK    (1ULL << 0)
#define DESC_PAGE     (3ULL << 0)
#define DESC_ATTR(i)  ((uint64_t)(i) << 2)
#define DESC_SH_INNER (3ULL << 8)
#define DESC_AF	      (1ULL << 10)
#define DESC_PXN      (1ULL << 53)
#define DESC_UXN      (1ULL << 54)

/* MAIR_EL1: attribute 0 Device-nGnRnE, attribute 1 normal write-back. */
#define ATTR_DEVICE 0
#define ATTR_NORMAL 1
#define MAIR_VALUE  (0x00ULL << (8 * ATTR_DEVICE) | 0xffULL << (8 * ATTR_NORMAL))

#define RAM_ATTRS    (DESC_ATTR(ATTR_NORMAL) | DESC_SH_INNER | DESC_AF | DESC_UXN)
#define DEVICE_ATTRS (DESC_ATTR(ATTR_DEVICE) | DESC_AF | DESC_PXN | DESC_UXN)

/* TCR_EL1: T0SZ 25, walks cached write-back inner shareable, TTBR1 off. */
#define TCR_T0SZ      25ULL
#define TCR_IRGN0_WB  (1ULL << 8)
#define TCR_ORGN0_WB  (1ULL << 10)
#define TCR_SH0_INNER (3ULL << 12)
#define TCR_EPD1      (1ULL << 23)
#define TCR_IPS_SHIFT 32
#define PARANGE_48    5

#define SCTLR_M	  (1ULL << 0)
#define SCTLR_A	  (1ULL << 1)
#define SCTLR_C	  (1ULL << 2)
#define SCTLR_I	  (1ULL << 12)
#define SCTLR_WXN (1ULL << 19)
#define SCTLR_EE  (1ULL << 25)

struct pt_alloc {
	uint64_t next; /* the next free table page */
};

static unsigned level_index(uint64_t addr, int level)
{
	return (addr >> (12 + 9 * (3 - level))) & (ENTRIES - 1);
}

/* A zeroed table page, or 0 when the tables' area is full. */
static uint64_t new_table(struct pt_alloc *al)
{
	uint64_t t = al->next;

	if (t >= GUEST_PT_END)
		return 0;
	al->next += PAGE_SIZE;
	for (unsigned i = 0; i < ENTRIES; i++)
		guest_write64(t + 8 * i, 0);
	return t;
}

/* The table entry idx of table t points to, made if missing; 0 when full. */
static uint64_t next_table(struct pt_alloc *al, uint64_t t, unsigned idx)
{
	uint64_t e = guest_read64(t + 8 * idx);
	uint64_t n;

	if (e & DESC_VALID)
		return e & ADDR_MASK;
	n = new_table(al);
	if (n)
		guest_write64(t + 8 * idx, n | DESC_TABLE);
	return n;
}

/* Identity-maps a 2 MiB block (level 2) or a 4 KiB page (level 3). */
static bool map(struct pt_alloc *al, uint64_t addr, int level, uint64_t attrs)
{
	uint64_t t = next_table(al, GUEST_PT_BASE, level_index(addr, 1));

	if (t && level == 3)
		t = next_table(al, t, level_index(addr, 2));
	if (!t)
		return false;
	guest_write64(t + 8 * level_index(addr, level),
		      addr | attrs | (level == 3 ? DESC_PAGE : DESC_BLOCK));
	return true;
}

static bool build_tables(const struct guest_boot *boot, struct pt_alloc *al)
{
	uint64_t addr = GUEST_RAM_BASE;
	bool ok = new_table(al) == GUEST_PT_BASE;

	for (; ok && addr + BLOCK_SIZE <= boot->ram_end; addr += BLOCK_SIZE)
		ok = map(al, addr, 2, RAM_ATTRS);
	for (; ok && addr < boot->ram_end; addr += PAGE_SIZE)
		ok = map(al, addr, 3, RAM_ATTRS);
	return ok && map(al, GUEST_UART_BASE, 3, DEVICE_ATTRS);
}

static void invalidate_dcache(uint64_t start, uint64_t end)
{
	uint64_t ctr, line;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4ULL << ((ctr >> 16) & 0xf); /* DminLine: words per line, log2 */
	for (uint64_t a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("dc ivac, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}

static uint64_t tcr_value(void)
{
	uint64_t mmfr0, parange;

	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
	parange = mmfr0 & 0xf;
	if (parange > PARANGE_48)
		parange = PARANGE_48;
	return TCR_T0SZ | TCR_IRGN0_WB | TCR_ORGN0_WB | TCR_SH0_INNER | TCR_EPD1 |
	       (parange << TCR_IPS_SHIFT);
}

static void mmu_on(void)
{
	uint64_t sctlr;

	__asm__ volatile("msr mair_el1, %0\n"
			 "msr tcr_el1, %1\n"
			 "msr ttbr0_el1, %2\n"
			 "isb\n"
			 "tlbi vmalle1\n"
			 "ic iallu\n"
			 "dsb nsh\n"
			 "isb\n"
			 :
			 : "r"(MAIR_VALUE), "r"(tcr_value()), "r"(GUEST_PT_BASE)
			 : "memory");
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr &= ~(SCTLR_A | SCTLR_WXN | SCTLR_EE);
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I;
	__asm__ volatile("msr sctlr_el1, %0\n"
			 "isb\n"
			 :
			 : "r"(sctlr)
			 : "memory");
}

bool mmu_enable(const struct guest_boot *boot, const char *name)
{
	uint64_t stack_top = boot->ram_end - boot->vcpu * GUEST_STACK_SIZE;
	struct pt_alloc al = {GUEST_PT_BASE};

	if (boot->vcpu == 0) {
		if (!build_tables(boot, &al)) {
			guest_puts(name);
			guest_puts(": RAM too large for the stage-1 tables' area\n");
			return false;
		}
		invalidate_dcache(GUEST_PT_BASE, al.next);
		guest_write64(READY_WORD, READY_MAGIC);
	} else {
		while (guest_read64(READY_WORD) != READY_MAGIC)
			;
	}
	invalidate_dcache(stack_top - GUEST_STACK_SIZE, stack_top);
	mmu_on();
	if (boot->vcpu == 0) {
		guest_puts(name);
		guest_puts(": stage 1 on, ");
		guest_put_dec((al.next - GUEST_PT_BASE) / PAGE_SIZE);
		guest_puts(" tables: RAM normal write-back, the UART page device\n");
	}
	return true;
}
