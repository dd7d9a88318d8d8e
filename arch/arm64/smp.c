/* SPDX-License-Identifier: MIT */
#include <hypcore/arch.h>

#include "console.h"
#include "host_regs.h"
#include "mmu.h"
#include "smp.h"
#include "test_fault.h"

/* Where a CPU enters the host, and its x0. */
struct host_entry {
	u64 entry;
	u64 context;
};

/*
 * CPU_ON's arguments for each target: claimed (claimed = 1) by the CPU
 * that relays the call, released by the target once it has read them, or
 * by the relaying CPU when the firmware refused. Without the claim, two
 * racing CPU_ONs would both write here and the target could enter the
 * host at the loser's entry point, or with a mix of both.
 */
struct cpu_on_args {
	u32 claimed;
	struct host_entry e;
};

static struct cpu_on_args on_args[HC_MAX_CPUS];
/* CPU_SUSPEND's resume points: each written and read by its own CPU only. */
static struct host_entry resume[HC_MAX_CPUS];

extern char secondary_entry[];

bool smp_claim_cpu_on(u32 cpu, u64 entry, u64 context)
{
	u32 free = 0;

	BUG_ON(cpu >= HC_MAX_CPUS);
	if (!__atomic_compare_exchange_n(&on_args[cpu].claimed, &free, 1, false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return false;
	on_args[cpu].e.entry = entry;
	on_args[cpu].e.context = context;
	/* Published before the firmware starts the CPU (the SMC follows). */
	__asm__ volatile("dsb ish" : : : "memory");
	return true;
}

void smp_release_cpu_on(u32 cpu)
{
	BUG_ON(cpu >= HC_MAX_CPUS);
	__atomic_store_n(&on_args[cpu].claimed, 0, __ATOMIC_RELEASE);
}

bool smp_cpu_on_pending(u32 cpu)
{
	BUG_ON(cpu >= HC_MAX_CPUS);
	return __atomic_load_n(&on_args[cpu].claimed, __ATOMIC_ACQUIRE) != 0;
}

void smp_set_resume(u32 cpu, u64 entry, u64 context)
{
	BUG_ON(cpu >= HC_MAX_CPUS || cpu != arch_cpu_id());
	resume[cpu].entry = entry;
	resume[cpu].context = context;
	__asm__ volatile("dsb ish" : : : "memory");
}

u64 smp_el2_entry(void)
{
	return (u64)secondary_entry; /* identity map: VA = PA */
}

_Noreturn void secondary_main(u64 context, u64 cpu)
{
	struct host_entry e;

	mmu_enable();
	BUG_ON(cpu != arch_cpu_id() || (context & ~SMP_CONTEXT_RESUME) != cpu);
	if (context & SMP_CONTEXT_RESUME) {
		e = resume[cpu];
	} else {
		e = on_args[cpu].e;
		smp_release_cpu_on((u32)cpu);
	}
	test_fault_secondary(cpu); /* the test build only (test_fault.h) */
	host_regs_setup();
	/* No host state lives in this CPU's registers yet: con_printf is fine. */
	con_printf("hypcore: cpu %llu %s at EL2, entering host at EL1 at 0x%llx\n",
		   (unsigned long long)cpu, context & SMP_CONTEXT_RESUME ? "resumed" : "up",
		   (unsigned long long)e.entry);
	el1_enter(e.entry, e.context);
}
