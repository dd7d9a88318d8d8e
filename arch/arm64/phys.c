/* SPDX-License-Identifier: MIT */
/*
 * Physical memory access at EL2: the identity map makes a physical address
 * a pointer. The core reaches page tables and VM data only through here.
 */
#include <hypcore/arch.h>
#include <hypcore/phys.h>

#include "layout.h"
#include "sysreg.h"

struct hc_layout hc_layout;

u64 phys_load(u64 pa)
{
	return *(volatile u64 *)pa;
}

void phys_store(u64 pa, u64 val)
{
	*(volatile u64 *)pa = val;
}

/* DCZID_EL0: DZP (bit 4) forbids DC ZVA; BS (bits 3:0) is log2 of its block in words. */
#define DCZID_DZP (1ULL << 4)
#define DCZID_BS  0xfULL

/*
 * DC ZVA zeroes a whole block (64 bytes on QEMU's cores) per instruction;
 * a page given back to the host is zeroed this way, not a word at a time.
 */
void phys_zero_page(u64 pa)
{
	u64 dczid = read_sysreg(dczid_el0);
	u64 block = 4ULL << (dczid & DCZID_BS);

	BUG_ON(pa & (SZ_4K - 1));
	if (dczid & DCZID_DZP) {
		for (u64 off = 0; off < SZ_4K; off += 8)
			phys_store(pa + off, 0);
		return;
	}
	if (block > SZ_4K / 8) {
		for (u64 off = 0; off < SZ_4K; off += block)
			__asm__ volatile("dc zva, %0" : : "r"(pa + off) : "memory");
	} else {
		/* Eight blocks per round: the loop costs less than the zeroing. */
		for (u64 a = pa; a < pa + SZ_4K; a += 8 * block)
			__asm__ volatile("dc zva, %0\n dc zva, %1\n dc zva, %2\n dc zva, %3\n"
					 "dc zva, %4\n dc zva, %5\n dc zva, %6\n dc zva, %7"
					 :
					 : "r"(a), "r"(a + block), "r"(a + 2 * block),
					   "r"(a + 3 * block), "r"(a + 4 * block),
					   "r"(a + 5 * block), "r"(a + 6 * block),
					   "r"(a + 7 * block)
					 : "memory");
	}
	__asm__ volatile("dsb ish" : : : "memory");
}

/* CTR_EL0.DminLine [19:16]: log2 of the smallest data cache line, in 4-byte words. */
static u64 dcache_line(void)
{
	return 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
}

/*
 * DC ZVA and DC CIVAC of the same line, sixteen lines a round (three
 * instructions a line, two a round); a line is one ZVA block here and
 * sixteen of them tile a page. The clean of a line is ordered after the
 * zeroing of it (both name the same line), so one barrier at the end
 * completes all. Clean and invalidate, as pKVM does, rather than clean:
 * the page leaves no line in any cache, whatever mapping the host gives
 * it next (same cost here; on hardware a clean alone would keep the
 * zeroed lines cached for the host's next use).
 */
static void zero_clean_lines(u64 a, u64 end, u64 line)
{
	__asm__ volatile("1:\n"
			 ".rept 16\n dc zva, %0\n dc civac, %0\n add %0, %0, %2\n .endr\n"
			 "cmp %0, %1\n b.lo 1b"
			 : "+r"(a)
			 : "r"(end), "r"(line)
			 : "cc", "memory");
}

/*
 * Any other geometry, one chunk of the larger of the ZVA block and the
 * line at a time: zeroed (by DC ZVA, or by stores where DCZID_EL0.DZP
 * forbids it), then each of its lines cleaned. Both sizes are powers of
 * two of at most 2 KiB, so chunks tile the pages exactly.
 */
static void zero_clean_chunks(u64 pa, u64 end, u64 block, u64 line, bool zva)
{
	u64 chunk = block > line ? block : line;

	BUG_ON(chunk > SZ_4K);
	for (u64 a = pa; a < end; a += chunk) {
		for (u64 z = a; z < a + chunk; z += zva ? block : 8) {
			if (zva)
				__asm__ volatile("dc zva, %0" : : "r"(z) : "memory");
			else
				phys_store(z, 0);
		}
		for (u64 c = a; c < a + chunk; c += line)
			__asm__ volatile("dc civac, %0" : : "r"(c) : "memory");
	}
}

void phys_zero_clean(u64 pa, u64 size)
{
	u64 dczid = read_sysreg(dczid_el0);
	u64 block = 4ULL << (dczid & DCZID_BS), line = dcache_line();

	BUG_ON((pa | size) & (SZ_4K - 1));
	if (!size)
		return; /* zero_clean_lines runs its loop at least once */
	if (!(dczid & DCZID_DZP) && block == line && line <= SZ_4K / 16)
		zero_clean_lines(pa, pa + size, line);
	else
		zero_clean_chunks(pa, pa + size, block, line, !(dczid & DCZID_DZP));
	__asm__ volatile("dsb ish" : : : "memory");
}

static bool inside(u64 pa, u64 start, u64 end)
{
	return pa >= start && pa < end;
}

/* RAM, but never hypcore's own image, its records, nor any page-table pool (SPT included). */
bool phys_data_ok(u64 pa)
{
	const struct hc_layout *l = &hc_layout;

	if ((pa & 7) || !inside(pa, l->ram_start, l->ram_end))
		return false;
	if (inside(pa, l->image_start, l->image_end))
		return false;
	return !inside(pa, l->spt_start, l->pool_end);
}
