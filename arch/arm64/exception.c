/* SPDX-License-Identifier: MIT */
/*
 * The one C entry for every EL2 exception, and the policy for each class.
 *
 * From the host (lower EL, AArch64), synchronous:
 *   SMC (0x17)              PSCI relay and SMCCC queries (psci_relay.c)
 *   HVC (0x16)              hypercalls to the core (hvc_entry.c)
 *   data / instruction abort from a lower EL (0x24 / 0x20) on an IPA the
 *                           host's stage-2 does not map: report, inject
 *                           a permission fault into EL1; an IPA mapped
 *                           again (a block split on another CPU) is
 *                           retried instead (abort_inject.c)
 *   system register (0x18)  none is meant to trap (host_regs.c): one the
 *                           boot did not know of, answered with an UNDEF
 *                           injected into the host (abort_inject.c)
 *   anything else           nothing else is trapped by our HCR/CPTR/MDCR
 *                           settings: unexpected, fail-stop
 * From the host, IRQ / FIQ: not routed to EL2 (HCR_EL2.IMO/FMO clear):
 *                           unexpected, fail-stop
 * From the host, SError:    HCR_EL2.AMO is clear, so it cannot come here:
 *                           unexpected, fail-stop
 * At EL2 itself, any kind:  a bug in hypcore: fail-stop
 * Any kind, once a CPU has begun the fail-stop: park (fail_stop.h)
 * From a guest (a vCPU runs on this CPU, guest_run.c): every exception
 *                           from a lower EL, of any kind, ends the run and
 *                           becomes an exit record for the host; never a
 *                           fail-stop
 * From AArch32:             only the host's EL0 can be (EL1 is AArch64,
 *                           HCR_EL2.RW): its aborts as above (injected at
 *                           VBAR_EL1 + 0x600), the rest as from AArch64
 */
#include "fail_stop.h"
#include "guest_run.h"
#include "sysreg.h"
#include "trap.h"

static void host_sync(struct trap_frame *f, u64 vector)
{
	u64 esr = read_sysreg(esr_el2);
	u64 ec = (esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	/* The hypercall first: it is the host's common way in. */
	if (ec == EC_HVC64) {
		host_hvc(f);
		return;
	}
	switch (ec) {
	case EC_SMC64:
		host_smc(f);
		return;
	case EC_DABT_LOW:
	case EC_IABT_LOW:
		host_abort(f, esr);
		return;
	case EC_SYSREG:
		host_undef(f, esr);
		return;
	default:
		trap_fail_stop(f, vector, "exception class with no policy");
	}
}

void el2_trap(struct trap_frame *f, u64 vector)
{
	/* A CPU has failed: nobody runs on (and the failing CPU never reports twice). */
	if (fail_stop_active())
		fail_stop_reentered();
	/* While a guest runs here, everything from a lower EL is the guest's: an exit. */
	if (vector >= VEC_LOW_A64 && guest_active())
		guest_trap(f, vector);
	/* The host's synchronous exceptions (hypercalls) first, the rest by the switch. */
	if (vector == VEC_LOW_A64 + VEC_SYNC) {
		host_sync(f, vector);
		return;
	}
	switch (vector) {
	case VEC_LOW_A64 + VEC_SYNC:
	case VEC_LOW_A32 + VEC_SYNC: /* an AArch32 process of the host's */
		host_sync(f, vector);
		return;
	case VEC_LOW_A64 + VEC_IRQ:
	case VEC_LOW_A64 + VEC_FIQ:
	case VEC_LOW_A32 + VEC_IRQ:
	case VEC_LOW_A32 + VEC_FIQ:
		trap_fail_stop(f, vector, "interrupt routed to EL2, IMO/FMO are clear");
	case VEC_LOW_A64 + VEC_SERROR:
	case VEC_LOW_A32 + VEC_SERROR:
		trap_fail_stop(f, vector, "SError from the host");
	case VEC_CUR_SPX + VEC_SYNC:
	case VEC_CUR_SPX + VEC_IRQ:
	case VEC_CUR_SPX + VEC_FIQ:
	case VEC_CUR_SPX + VEC_SERROR:
		trap_fail_stop(f, vector, "exception taken at EL2: hypcore bug");
	default:
		trap_fail_stop(f, vector, "vector never used (SP_EL0 at EL2)");
	}
}
