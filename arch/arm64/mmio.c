/* SPDX-License-Identifier: MIT */
/*
 * Device register access at EL2 (hypcore/mmio.h). The registers are
 * mapped Device-nGnRE by the identity map (mmu.c), so each access below is
 * one single-copy-atomic load or store the compiler may not split, merge
 * or reorder (volatile, and an instruction of the exact size).
 *
 * Ordering, as Linux's writel / readl give it:
 *  - a write comes after every earlier memory access has completed
 *    (`dsb sy`): a PROD or BASE write that publishes a queue entry or a
 *    table is only seen after the entry is in memory, and a CONS write
 *    that frees event records is only seen after they have been read;
 *  - a read completes before any later memory access (`dsb ld`): the
 *    records that a PROD value announces are read after PROD itself.
 */
#include <hypcore/mmio.h>

static inline void before_write(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

static inline void after_read(void)
{
	__asm__ volatile("dsb ld" : : : "memory");
}

u32 mmio_read32(u64 pa)
{
	u32 v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(pa) : "memory");
	after_read();
	return v;
}

void mmio_write32(u64 pa, u32 val)
{
	before_write();
	__asm__ volatile("str %w0, [%1]" : : "rZ"(val), "r"(pa) : "memory");
}

u64 mmio_read64(u64 pa)
{
	u64 v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(pa) : "memory");
	after_read();
	return v;
}

void mmio_write64(u64 pa, u64 val)
{
	before_write();
	__asm__ volatile("str %x0, [%1]" : : "rZ"(val), "r"(pa) : "memory");
}
