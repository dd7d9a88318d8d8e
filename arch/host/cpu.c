/* SPDX-License-Identifier: MIT */
/*
 * The host platform's CPUs, TLB and panic: a CPU is a thread, the TLB is a
 * counter of invalidations, and a panic aborts the process (or calls the
 * hook a test installed).
 */
#include <hypcore/arch.h>
#include <hypcore/phys.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim.h"

static _Thread_local u32 this_cpu;
static u64 tlb_flushes;

void (*sim_panic_hook)(const char *file, int line, const char *msg);

void sim_cpu_set(u32 cpu)
{
	this_cpu = cpu;
}

u32 arch_cpu_id(void)
{
	return this_cpu;
}

void arch_cpu_relax(void)
{
	sched_yield();
}

void arch_cpu_wake(void)
{
}

void arch_tlb_flush_ipa(u64 vttbr, u64 ipa, u32 level)
{
	(void)vttbr;
	(void)ipa;
	(void)level;
	__atomic_add_fetch(&tlb_flushes, 1, __ATOMIC_RELAXED);
}

void arch_tlb_flush_vm(u64 vttbr)
{
	(void)vttbr;
	__atomic_add_fetch(&tlb_flushes, 1, __ATOMIC_RELAXED);
}

void (*sim_cache_hook)(enum sim_cache_op op, u64 pa, u64 size);

void arch_dcache_clean_inval_poc(u64 pa, u64 size)
{
	if (sim_cache_hook)
		sim_cache_hook(SIM_DCACHE_CLEAN_INVAL, pa, size);
}

/*
 * Pages zeroed then cleaned, as the hook sees it: one clean of the whole
 * range, asked after every page of it reads zero. (Here, unlike at EL2,
 * the zeroing and the clean are two steps; phys_flat.c's phys_zero_page
 * serves the bench build.)
 */
void phys_zero_clean(u64 pa, u64 size)
{
	BUG_ON((pa | size) & (SZ_4K - 1));
	for (u64 off = 0; off < size; off += SZ_4K)
		phys_zero_page(pa + off);
	if (sim_cache_hook)
		sim_cache_hook(SIM_DCACHE_CLEAN_INVAL, pa, size);
}

bool sim_s2fwb;

bool arch_s2fwb(void)
{
	return sim_s2fwb;
}

void arch_icache_inval_all(void)
{
	if (sim_cache_hook)
		sim_cache_hook(SIM_ICACHE_INVAL_ALL, 0, 0);
}

u64 sim_tlb_flushes(void)
{
	return __atomic_load_n(&tlb_flushes, __ATOMIC_RELAXED);
}

_Noreturn void arch_panic(const char *file, int line, const char *msg)
{
	if (sim_panic_hook)
		sim_panic_hook(file, line, msg);
	fprintf(stderr, "hypcore PANIC on cpu %u at %s:%d: %s\n", this_cpu, file, line, msg);
	abort();
}
