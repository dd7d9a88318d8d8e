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
 * runs the instruction again.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/npt.h>

#include "console.h"
#include "gicr_trap.h"
#include "sysreg.h"
#include "trap.h"

/* Offsets in the EL1 vector table (VBAR_EL1). */
#define VBAR_CUR_SP0_SYNC 0x000
#define VBAR_CUR_SPX_SYNC 0x200
#define VBAR_LOW_A64_SYNC 0x400

/* ISS fields of an abort: fault status (DFSC/IFSC), write-not-read. */
#define FSC_PERMISSION_L3 0x0fULL
#define ISS_DABT_WNR	  (1ULL << 6)

/* The vector the host's CPU would have taken the abort to. */
static u64 el1_vector_offset(u64 spsr)
{
	switch (spsr & SPSR_MODE_MASK) {
	case SPSR_MODE_EL1H:
		return VBAR_CUR_SPX_SYNC;
	case SPSR_MODE_EL1T:
		return VBAR_CUR_SP0_SYNC;
	default:
		return VBAR_LOW_A64_SYNC; /* from EL0 */
	}
}

/*
 * ESR_EL1 for the injected abort: same kind (instruction or data), as seen
 * from the EL it came from, 32-bit instruction, level-3 permission fault,
 * and for a data abort the direction (WnR) the host's access had.
 */
static u64 el1_esr(u64 esr_el2, u64 spsr)
{
	bool from_el0 = (spsr & SPSR_MODE_MASK) == SPSR_MODE_EL0T;
	bool data = ((esr_el2 >> ESR_EC_SHIFT) & ESR_EC_MASK) == EC_DABT_LOW;
	u64 iss = FSC_PERMISSION_L3;
	u64 ec;

	if (data) {
		ec = from_el0 ? EC_DABT_LOW : EC_DABT_CUR;
		iss |= esr_el2 & ISS_DABT_WNR;
	} else {
		ec = from_el0 ? EC_IABT_LOW : EC_IABT_CUR;
	}
	return (ec << ESR_EC_SHIFT) | ESR_IL | iss;
}

/* The IPA of the abort: page from HPFAR_EL2.FIPA, offset from FAR_EL2. */
static u64 fault_ipa(u64 far, u64 hpfar)
{
	return (hpfar >> 4) << 12 | (far & 0xfff);
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

static void report(u64 esr, u64 far, u64 hpfar, u64 elr)
{
	con_lock();
	con_puts("hypcore: host abort on cpu ");
	con_dec(arch_cpu_id());
	con_puts(": IPA ");
	con_hex(fault_ipa(far, hpfar));
	con_puts(" VA ");
	con_hex(far);
	con_puts(" PC ");
	con_hex(elr);
	con_puts(" ESR ");
	con_hex(esr);
	con_puts(": not mapped for the host, injecting a permission fault\n");
	con_unlock();
}

/* PSTATE on entry to the EL1 vector: EL1h, DAIF masked, PAN as SCTLR_EL1.SPAN says. */
static u64 el1_entry_pstate(void)
{
	u64 spsr = SPSR_EL1H_DAIF;

	if (!(read_sysreg(sctlr_el1) & SCTLR_EL1_SPAN))
		spsr |= SPSR_PAN;
	return spsr;
}

/*
 * Take the host to its EL1 vector as the CPU would have: the syndrome
 * and return state in EL1's registers, then ELR/SPSR_EL2 so that our
 * ERET lands on the vector.
 */
static void inject_el1_sync(struct trap_frame *f, u64 esr_el1)
{
	write_sysreg(esr_el1, esr_el1);
	write_sysreg(elr_el1, f->elr);
	write_sysreg(spsr_el1, f->spsr);
	f->elr = read_sysreg(vbar_el1) + el1_vector_offset(f->spsr);
	f->spsr = el1_entry_pstate();
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
	inject_el1_sync(f, (u64)EC_UNKNOWN << ESR_EC_SHIFT | (esr & ESR_IL));
}

void host_abort(struct trap_frame *f, u64 esr)
{
	u64 far = read_sysreg(far_el2);
	u64 hpfar = read_sysreg(hpfar_el2);

	/* A redistributor's LPI page: emulated, LPIs hidden (gicr_trap.c). */
	if (gicr_trap_emulate(f, esr, fault_ipa(far, hpfar)))
		return;
	/* Mapped again: return to the same instruction, which now succeeds. */
	if (host_maps(fault_ipa(far, hpfar)))
		return;
	report(esr, far, hpfar, f->elr);
	write_sysreg(far_el1, far);
	inject_el1_sync(f, el1_esr(esr, f->spsr));
}
