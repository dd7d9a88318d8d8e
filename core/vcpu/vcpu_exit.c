/* SPDX-License-Identifier: MIT */
/*
 * From a trap out of a guest to the exit record the host gets, and from
 * the host's answer back into the guest's registers. Pure functions of
 * their arguments: no lock, no platform call.
 *
 * What an exit shows the host is decided here, and only here: the reason,
 * the faulting IPA and syndrome, the guest's x0..x5 at an HVC (the call's
 * own arguments) and, for a write the syndrome describes, the value of the
 * one register written. Nothing else of the guest's registers leaves the
 * core; for a protected VM that is the whole of what the host learns.
 */
#include <hypcore/errno.h>
#include <hypcore/hvc_abi.h>
#include <hypcore/vcpu.h>

/* ESR_EL2 fields (Arm ARM D17.2.37). */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK  0x3fULL
#define ESR_IL	     (1ULL << 25)
#define EC_WFX	     0x01
#define EC_HVC64     0x16
#define EC_IABT_LOW  0x20
#define EC_DABT_LOW  0x24

/* Data abort ISS: valid syndrome, size, sign extension, register, 64-bit, stage-1 walk, write. */
#define ISS_ISV	      (1ULL << 24)
#define ISS_SAS_SHIFT 22
#define ISS_SSE	      (1ULL << 21)
#define ISS_SRT_SHIFT 16
#define ISS_SF	      (1ULL << 15)
#define ISS_S1PTW     (1ULL << 7)
#define ISS_WNR	      (1ULL << 6)

/* HPFAR_EL2.FIPA, bits [43:4], holds IPA bits [51:12]. */
#define HPFAR_FIPA_SHIFT 4
#define HPFAR_FIPA_MASK	 ((1ULL << 40) - 1)

/* PSCI calls the core ends a VM's run on (SMC32 ids; RESET2 also as SMC64). */
#define PSCI_SYSTEM_OFF_ID    0x84000008U
#define PSCI_SYSTEM_RESET_ID  0x84000009U
#define PSCI_SYSTEM_RESET2_32 0x84000012U
#define PSCI_SYSTEM_RESET2_64 0xC4000012U

/* Record slots: rec[i] goes to x(2 + i). */
#define REC_IPA	  0
#define REC_FLAGS 1
#define REC_VALUE 2
#define REC_ESR	  3

static u64 esr_class(u64 esr)
{
	return (esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
}

/* The trapped instruction's size: 4 bytes, or 2 for a 16-bit T32 one (AArch32 EL0). */
static u64 insn_bytes(u64 esr)
{
	return (esr & ESR_IL) ? 4 : 2;
}

static u64 size_mask(u32 log2_size)
{
	return log2_size == 3 ? ~0ULL : (1ULL << (8U << log2_size)) - 1;
}

u64 vcpu_trap_ipa(const struct vcpu_trap *t)
{
	u64 page = ((t->hpfar >> HPFAR_FIPA_SHIFT) & HPFAR_FIPA_MASK) << 12;

	return page | (t->far & 0xfffULL);
}

/* x0 of the guest's HVC: a PSCI call that ends the VM, or 0. */
static u64 psci_end(u64 x0)
{
	u32 id = (u32)x0;

	if (id == PSCI_SYSTEM_OFF_ID)
		return HVC_EXIT_SYSTEM_OFF;
	if (id == PSCI_SYSTEM_RESET_ID || id == PSCI_SYSTEM_RESET2_32 ||
	    id == PSCI_SYSTEM_RESET2_64)
		return HVC_EXIT_RESET;
	return 0;
}

static void decode_dabt(const struct vcpu_ctx *ctx, const struct vcpu_trap *t,
			struct vcpu_exit *exit)
{
	u64 esr = t->esr, flags = 0;

	exit->reason = HVC_EXIT_DABT;
	exit->rec[REC_IPA] = vcpu_trap_ipa(t);
	exit->rec[REC_ESR] = esr;
	if (esr & ISS_S1PTW)
		flags |= HVC_DABT_S1PTW;
	if ((esr & ISS_ISV) && !(esr & ISS_S1PTW)) {
		u32 sas = (u32)(esr >> ISS_SAS_SHIFT) & 3;
		u32 srt = (u32)(esr >> ISS_SRT_SHIFT) & 0x1f;

		flags |= HVC_DABT_ISV | ((u64)sas << HVC_DABT_SIZE_SHIFT);
		if (esr & ISS_WNR) {
			flags |= HVC_DABT_WRITE;
			/* The one register the access uses; 31 is the zero register here. */
			exit->rec[REC_VALUE] = srt == 31 ? 0 : ctx->x[srt] & size_mask(sas);
		}
	} else if (esr & ISS_WNR) {
		flags |= HVC_DABT_WRITE;
	}
	exit->rec[REC_FLAGS] = flags;
}

void vcpu_decode_exit(struct vcpu_ctx *ctx, const struct vcpu_trap *t, struct vcpu_exit *exit)
{
	*exit = (struct vcpu_exit){0, {0, 0, 0, 0, 0, 0}};
	if (t->kind == VCPU_TRAP_IRQ) {
		exit->reason = HVC_EXIT_IRQ;
		return;
	}
	if (t->kind != VCPU_TRAP_SYNC) {
		exit->reason = HVC_EXIT_UNEXPECTED; /* FIQ or SError: no syndrome to give */
		return;
	}
	switch (esr_class(t->esr)) {
	case EC_HVC64:
		/* ELR already points past the HVC. */
		exit->reason = psci_end(ctx->x[0]);
		if (exit->reason)
			return;
		exit->reason = HVC_EXIT_HVC;
		for (u32 i = 0; i < 6; i++)
			exit->rec[i] = ctx->x[i];
		return;
	case EC_WFX:
		ctx->pc += insn_bytes(t->esr); /* nothing to wait for: the host decides */
		exit->reason = HVC_EXIT_WFX;
		return;
	case EC_DABT_LOW:
		decode_dabt(ctx, t, exit);
		return;
	case EC_IABT_LOW:
		exit->reason = HVC_EXIT_IABT;
		exit->rec[REC_IPA] = vcpu_trap_ipa(t);
		exit->rec[REC_ESR] = t->esr;
		return;
	default:
		/* Undefined for the guest, trapped by our HCR: the host decides (pc unchanged). */
		exit->reason = HVC_EXIT_UNEXPECTED;
		exit->rec[REC_ESR] = t->esr;
		return;
	}
}

/* An emulated read: cut to the access size, sign-extended as the load asks. */
static u64 read_value(u64 esr, u64 value)
{
	u32 sas = (u32)(esr >> ISS_SAS_SHIFT) & 3;
	u64 v = value & size_mask(sas);

	if ((esr & ISS_SSE) && sas < 3) {
		u64 sign = 1ULL << ((8U << sas) - 1);

		v = (v ^ sign) - sign;
	}
	if (!(esr & ISS_SF))
		v &= 0xffffffffULL; /* a W register: the upper half is zero */
	return v;
}

int vcpu_apply_resume(struct vcpu_ctx *ctx, const struct vcpu_exit *last,
		      const struct vcpu_resume *resume)
{
	bool mmio = last->reason == HVC_EXIT_DABT && (last->rec[REC_FLAGS] & HVC_DABT_ISV);

	if (resume->flags & ~HVC_RUN_COMPLETE)
		return -HC_EINVAL;
	if ((resume->flags & HVC_RUN_COMPLETE) && !mmio)
		return -HC_EINVAL;
	/* Checked: from here on nothing fails. */
	if (last->reason == HVC_EXIT_HVC)
		for (u32 i = 0; i < 4; i++)
			ctx->x[i] = resume->hvc_ret[i];
	if (resume->flags & HVC_RUN_COMPLETE) {
		u64 esr = last->rec[REC_ESR];
		u32 srt = (u32)(esr >> ISS_SRT_SHIFT) & 0x1f;

		if (!(esr & ISS_WNR) && srt != 31)
			ctx->x[srt] = read_value(esr, resume->value);
		ctx->pc += insn_bytes(esr);
	}
	return HC_OK;
}
