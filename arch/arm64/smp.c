/* SPDX-License-Identifier: MIT */
#include <hypcore/arch.h>

#include "console.h"
#include "host_regs.h"
#include "mmu.h"
#include "smp.h"
#include "test_fault.h"

/* Filled by the CPU that relays CPU_ON, read by the started CPU. */
struct host_entry {
	u64 entry;
	u64 context;
};

static struct host_entry host_entries[HC_MAX_CPUS];

extern char secondary_entry[];

void smp_set_host_entry(u32 cpu, u64 entry, u64 context)
{
	BUG_ON(cpu >= HC_MAX_CPUS);
	host_entries[cpu].entry = entry;
	host_entries[cpu].context = context;
	/* Published before the firmware starts the CPU (the SMC follows). */
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
	BUG_ON(cpu != arch_cpu_id() || context != cpu);
	e = host_entries[cpu];
	test_fault_secondary(cpu); /* the test build only (test_fault.h) */
	host_regs_setup();
	/* No host state lives in this CPU's registers yet: con_printf is fine. */
	con_printf("hypcore: cpu %llu up at EL2, entering host at EL1 at 0x%llx\n",
		   (unsigned long long)cpu, (unsigned long long)e.entry);
	el1_enter(e.entry, e.context);
}
