/* SPDX-License-Identifier: MIT */
/* CPU identity, spin-wait hints and stage-2 TLB maintenance at EL2. */
#include <hypcore/arch.h>

#include "sysreg.h"

#define MPIDR_AFF0 0xffULL

/*
 * QEMU virt numbers CPUs 0..n-1 in Aff0 (up to 8 per cluster here): the
 * index is Aff0. mpidr_to_cpu() refuses anything else, at boot.
 */
u32 arch_cpu_id(void)
{
	return (u32)(read_sysreg(mpidr_el1) & MPIDR_AFF0);
}

void arch_cpu_relax(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

void arch_cpu_wake(void)
{
	/* The release store must be visible before the waiters wake up. */
	__asm__ volatile("dsb ishst\n sev" : : : "memory");
}

/*
 * TLBI by IPA works on the VMID of the current VTTBR_EL2, so the VM's
 * VTTBR is installed for the duration. Safe: EL2 is not translated by
 * stage 2, and the core calls this holding the VM's lock.
 */
static u64 switch_vttbr(u64 vttbr)
{
	u64 old = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2, vttbr);
	isb();
	return old;
}

void arch_tlb_flush_ipa(u64 vttbr, u64 ipa, u32 level)
{
	u64 old;

	(void)level; /* the IPA alone names the leaf, block or page */
	dsb_ishst(); /* the cleared descriptor first */
	old = switch_vttbr(vttbr);
	__asm__ volatile("tlbi ipas2e1is, %0" : : "r"(ipa >> 12) : "memory");
	dsb_ish();
	/* Combined stage-1+2 entries may still hold the old output address. */
	__asm__ volatile("tlbi vmalle1is" : : : "memory");
	dsb_ish();
	isb();
	switch_vttbr(old);
}

/* CTR_EL0.DminLine: log2 of the smallest data cache line, in 4-byte words. */
static u64 dcache_line(void)
{
	return 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
}

void arch_dcache_clean_inval_poc(u64 pa, u64 size)
{
	u64 line = dcache_line();

	/* EL2 maps RAM at its physical address (mmu.c), so pa is the VA. */
	for (u64 a = pa & ~(line - 1); a < pa + size; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb_ish();
}

void arch_icache_inval_all(void)
{
	__asm__ volatile("ic ialluis" : : : "memory");
	dsb_ish();
	isb();
}

void arch_tlb_flush_vm(u64 vttbr)
{
	u64 old;

	dsb_ishst();
	old = switch_vttbr(vttbr);
	__asm__ volatile("tlbi vmalls12e1is" : : : "memory");
	dsb_ish();
	isb();
	switch_vttbr(old);
}
