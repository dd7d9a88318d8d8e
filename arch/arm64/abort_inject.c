/* SPDX-License-Identifier: MIT */
/*
 * Aborts from the host on an IPA its stage-2 does not map (hypcore's
 * image, a pool, a page donated to a VM, or nothing at all). The host is
 * told as if its own stage-1 forbade the access: a level-3 permission
 * fault taken to its EL1 vectors, with the faulting virtual address.
 * Linux's fault-tolerant accessors (copy_from_kernel_nofault and friends)
 * recover from that kind of fault through their exception-table fixups;
 * they do not recover from a synchronous external abort, which kills the
 * caller. A translation fault would be recovered too, but a kernel access
 * without a fixup would then never end: Linux finds its own tables map
 * the address, calls the fault spurious and retries. A permission fault
 * without a fixup is an oops in the host, which is the host's business. The host keeps
 * running; what it does with the abort is its business. We print one line
 * (FP-free printer: the host's FP state is live), marker "hypcore: host
 * abort". An abort on an IPA the host's stage-2 maps again by the time
 * we look (a block split on another CPU) is not reported: the host simply
 * runs the instruction again. A stage-2 permission fault (the IPA is
 * mapped, the access not allowed: an instruction fetch from the device
 * window, which is XN) is reported and injected the same way; HPFAR_EL2
 * may not hold its IPA, so that comes from AT S1E1R, as pKVM does. The
 * vector, syndrome and PSTATE the host sees are those a real exception
 * to EL1 gives (el1_exc.c).
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/npt.h>

#include "console.h"
#include "el1_exc.h"
#include "gicr_trap.h"
#include "sysreg.h"
#include "trap.h"

/* The IPA of the abort: page from HPFAR_EL2.FIPA, offset from FAR_EL2. */
static u64 fault_ipa(u64 far, u64 hpfar)
{
	return (hpfar >> 4) << 12 | (far & 0xfff);
}

/*
 * The IPA of far through the stage 1 of the EL1 context now loaded (the
 * host's, or a guest's in guest_run.c), with AT: for a stage-2
 * permission fault HPFAR_EL2 need not be valid (unless the fault was on
 * the stage-1 walk itself, S1PTW). PAR_EL1 is the context's own: kept.
 * False when stage 1 no longer maps far (the tables changed): the
 * instruction then simply runs again.
 */
bool trap_at_ipa(u64 far, u64 *ipa)
{
	u64 saved = read_sysreg(par_el1), par;

	__asm__ volatile("at s1e1r, %0" : : "r"(far));
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	if (par & 1)
		return false;
	*ipa = el1_exc_par_ipa(par, far);
	return true;
}

/*
 * Does the host's stage-2 map ipa now? The abort may have hit the window
 * of a break-before-make on the host's tables (another CPU splitting a
 * 2 MiB block because one page of it goes to a VM): the entry was invalid
 * for a moment, and is valid again once that CPU drops npt_lock(0). Taking
 * the lock waits for the change to finish; the walk then tells a real
 * hole from that window.
 */
static bool host_maps(u64 ipa)
{
	u32 level = 0;

	npt_lock(0);
	if (get_npt_level(0, ipa, &level) != HC_OK)
		level = 0;
	npt_unlock(0);
	return level != 0;
}

static void report(u64 esr, u64 far, u64 ipa, u64 elr)
{
	con_lock();
	con_puts("hypcore: host abort on cpu ");
	con_dec(arch_cpu_id());
	con_puts(": IPA ");
	con_hex(ipa);
	con_puts(" VA ");
	con_hex(far);
	con_puts(" PC ");
	con_hex(elr);
	con_puts(" ESR ");
	con_hex(esr);
	con_puts(el1_exc_is_permission(esr) ? ": not allowed to the host"
					    : ": not mapped for the host");
	con_puts(", injecting a permission fault\n");
	con_unlock();
}

/* The CPU's features PSTATE on entry depends on (ID_AA64PFR1_EL1). */
static struct el1_exc_cpu el1_cpu(void)
{
	u64 pfr1 = read_sysreg(id_aa64pfr1_el1);

	return (struct el1_exc_cpu){
	    .ssbs = (pfr1 >> 4 & 0xf) != 0,
	    .mte = (pfr1 >> 8 & 0xf) != 0,
	    .nmi = (pfr1 >> 36 & 0xf) != 0,
	};
}

/*
 * Take the host to its EL1 vector as the CPU would have: the syndrome
 * and return state in EL1's registers, then ELR/SPSR_EL2 so that our
 * ERET lands on the vector with PSTATE as a real exception entry sets it.
 */
static void inject_el1_sync(struct trap_frame *f, u64 esr_el1)
{
	struct el1_exc_cpu cpu = el1_cpu();

	write_sysreg(esr_el1, esr_el1);
	write_sysreg(elr_el1, f->elr);
	write_sysreg(spsr_el1, f->spsr);
	f->elr = read_sysreg(vbar_el1) + el1_exc_vector(f->spsr);
	f->spsr = el1_exc_pstate(f->spsr, read_sysreg(sctlr_el1), &cpu);
}

/*
 * A system-register access the host made that trapped here although our
 * controls mean to trap none (a register of a feature the CPU has and
 * the boot did not know): the host is told the instruction is undefined,
 * as a CPU without that register would; the machine keeps running.
 */
void host_undef(struct trap_frame *f, u64 esr)
{
	con_lock();
	con_puts("hypcore: host system-register trap on cpu ");
	con_dec(arch_cpu_id());
	con_puts(": PC ");
	con_hex(f->elr);
	con_puts(" ESR ");
	con_hex(esr);
	con_puts(": injecting an undefined instruction\n");
	con_unlock();
	inject_el1_sync(f, el1_exc_undef_esr(esr));
}

void host_abort(struct trap_frame *f, u64 esr)
{
	u64 far = read_sysreg(far_el2);
	u64 ipa = fault_ipa(far, read_sysreg(hpfar_el2));
	bool perm = el1_exc_is_permission(esr);

	if (perm && !(esr & EXC_ISS_S1PTW) && !trap_at_ipa(far, &ipa))
		return;
	/* A redistributor's LPI page: emulated, LPIs hidden (gicr_trap.c). */
	if (gicr_trap_emulate(f, esr, ipa))
		return;
	/*
	 * A translation fault on an IPA mapped again by now (a block split
	 * on another CPU): return to the same instruction, which succeeds.
	 * A permission fault is never retried: the mapping is there and
	 * forbids the access (say an instruction fetch from the XN device
	 * window), and the instruction would fault again forever.
	 */
	if (!perm && host_maps(ipa))
		return;
	report(esr, far, ipa, f->elr);
	write_sysreg(far_el1, far);
	inject_el1_sync(f, el1_exc_abort_esr(esr, f->spsr));
}
