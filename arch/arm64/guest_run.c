/* SPDX-License-Identifier: MIT */
/*
 * The world switch (arch_vcpu_enter): from the host's VCPU_RUN into a
 * guest at EL1 on its VM's stage-2, and back at the guest's first trap.
 *
 * Entry, on the CPU that took the hypercall, with no lock held:
 *   1. the host's EL1 state is saved: the system registers of enum
 *      vcpu_sysreg, FP/SIMD, and the EL2 controls set for the host;
 *   2. the host's next timer deadline (its virtual timer) is copied into
 *      the EL2 physical timer, whose interrupt (PPI 26) this CPU's
 *      redistributor is told to deliver: however the guest behaves, the
 *      host's tick ends the run (HCR_EL2.IMO sends it to EL2);
 *   3. the guest's state is loaded, the EL2 controls for a guest set
 *      (guest_hcr() and friends: what it may not touch traps), VTTBR_EL2
 *      names the VM's tables and VMID, and guest_enter ERETs.
 * Exit: every exception from a lower EL while a guest runs on this CPU
 * comes to guest_trap (exception.c asks guest_active first). It copies the
 * guest's registers and the syndrome out and jumps back into
 * arch_vcpu_enter through guest_leave, which undoes the steps above in
 * reverse. The EL2 timer is stopped before the host runs again, so its
 * interrupt never reaches the host; the host's own virtual timer is back,
 * and fires for it if its deadline passed.
 *
 * What the guest could leave behind in registers the host later reads is
 * either switched here or trapped for the guest; that list is in
 * guest_hcr(), guest_mdcr(), guest_cptr() and the fine-grained traps.
 */
#include <hypcore/arch.h>
#include <hypcore/mmio.h>
#include <hypcore/vcpu.h>

#include "console.h"
#include "fail_stop.h"
#include "gicr_trap.h"
#include "guest_run.h"
#include "sysreg.h"

/* Assembly halves (guest_switch.S). */
void guest_enter(struct vcpu_ctx *ctx, u64 *save);
_Noreturn void guest_leave(u64 *save);
void fpsimd_save(struct vcpu_fp *fp);
void fpsimd_load(const struct vcpu_fp *fp);

/* Abort syndrome: fault on the stage-1 walk; the fault status code's type (Arm ARM D17.2.40). */
#define ISS_S1PTW	   (1ULL << 7)
#define ISS_FSC_TYPE_MASK  0x3cULL
#define ISS_FSC_PERMISSION 0x0cULL

/* The EL2 physical timer's interrupt, PPI 26 (the GIC's INTID). */
#define CNTHP_PPI	    26U
#define GICR_TYPER	    0x0008
#define GICR_TYPER_LAST	    (1ULL << 4)
#define GICR_SGI_BASE	    0x10000ULL
#define GICR_ISENABLER0	    0x0100
#define GUEST_CNTHCTL	    CNTHCTL_EL1PCTEN
#define MPIDR_AFF_MASK	    0xff00ffffffULL
#define TYPER_AFF(typer)    ((typer) >> 32)
#define MPIDR_PACKED(mpidr) (((mpidr)&0xffffffULL) | (((mpidr) >> 8) & 0xff000000ULL))

/* One per CPU: what the host had, and where to come back to. */
struct host_state {
	u64 callee[13]; /* x19..x30, sp (guest_switch.S) */
	struct vcpu_trap *trap;
	u64 sys[VCPU_NR_SYSREGS];
	struct vcpu_fp fp;
	u64 hcr, mdcr, cptr, cnthctl, vttbr, hcrx;
	u64 hfgrtr, hfgwtr, hdfgrtr, hdfgwtr;
	u64 sgi_base; /* this CPU's redistributor SGI frame, 0 until found */
};

static struct host_state host_state[HC_MAX_CPUS];
struct vcpu_ctx *guest_running[HC_MAX_CPUS];

static u64 id_field(u64 reg, u32 shift)
{
	return (reg >> shift) & 0xf;
}

static bool has_fgt(void)
{
	return id_field(read_sysreg(id_aa64mmfr0_el1), 56) != 0;
}

static bool has_hcx(void)
{
	return id_field(read_sysreg(id_aa64mmfr1_el1), 40) != 0;
}

/* ID_AA64MMFR2_EL1.FWB [43:40]; CTR_EL0.IDC (bit 28): no D-cache clean for I-fetch. */
#define MMFR2_FWB_SHIFT 40
#define CTR_IDC		(1ULL << 28)

/* Written once by guest_run_probe, on the boot CPU before any other runs. */
static bool s2fwb;

/*
 * Guests get stage-2 forced write-back where the CPU has it. The I-cache
 * invalidation before an executable leaf relies on FWB's implying IDC (as
 * KVM does); a CPU that said otherwise is run as one without FWB. All
 * CPUs are taken to be alike (QEMU's are): only the boot CPU is asked.
 */
void guest_run_probe(void)
{
	u64 mmfr2 = read_sysreg(id_aa64mmfr2_el1), ctr = read_sysreg(ctr_el0);

	s2fwb = id_field(mmfr2, MMFR2_FWB_SHIFT) != 0 && (ctr & CTR_IDC);
	con_printf("hypcore: cpu features: ID_AA64MMFR2_EL1 0x%016llx, CTR_EL0 0x%08llx: "
		   "stage-2 forced write-back (FEAT_S2FWB) for guests %s\n",
		   (unsigned long long)mmfr2, (unsigned long long)ctr, s2fwb ? "on" : "off");
}

bool arch_s2fwb(void)
{
	return s2fwb;
}

/* HCR_EL2 while a guest runs: stage 2, interrupts to EL2, and the traps. */
static u64 guest_hcr(void)
{
	u64 hcr = HCR_VM | HCR_RW | HCR_TSC | HCR_SWIO | HCR_PTW | HCR_FMO | HCR_IMO | HCR_AMO |
		  HCR_FB | HCR_BSU_IS | HCR_TWI | HCR_TWE | HCR_TIDCP | HCR_TACR | HCR_TSW;

	if (id_field(read_sysreg(id_aa64mmfr1_el1), 16))
		hcr |= HCR_TLOR;
	if (id_field(read_sysreg(id_aa64pfr0_el1), 28))
		hcr |= HCR_TERR;
	/* VM leaves are then composed for it (npt_desc.c); the host's HCR never has it. */
	if (s2fwb)
		hcr |= HCR_FWB;
	/* API, APK, ATA, EnSCXT clear: pointer auth, MTE tags and SCXTNUM trap. */
	return hcr;
}

/* Performance monitors, debug and trace controls trap; the host's buffer owners stay. */
static u64 guest_mdcr(u64 host)
{
	return host | MDCR_EL2_TPMCR | MDCR_EL2_TPM | MDCR_EL2_TDA | MDCR_EL2_TDOSA |
	       MDCR_EL2_TDRA | MDCR_EL2_TPMS | MDCR_EL2_TTRF;
}

/* SVE, SME, trace and activity monitors trap; FP/SIMD is switched, so not. */
static u64 guest_cptr(u64 host)
{
	return host | CPTR_EL2_TZ | CPTR_EL2_TSM | CPTR_EL2_TTA | CPTR_EL2_TAM;
}

/*
 * The EL1 registers of enum vcpu_sysreg, read into / written from s[].
 * One list, two directions, so the order cannot differ.
 */
#define SYSREG_LIST(X)                                                                             \
	X(VCPU_SP_EL1, sp_el1)                                                                     \
	X(VCPU_ELR_EL1, elr_el1)                                                                   \
	X(VCPU_SPSR_EL1, spsr_el1)                                                                 \
	X(VCPU_SCTLR_EL1, sctlr_el1)                                                               \
	X(VCPU_TTBR0_EL1, ttbr0_el1)                                                               \
	X(VCPU_TTBR1_EL1, ttbr1_el1)                                                               \
	X(VCPU_TCR_EL1, tcr_el1)                                                                   \
	X(VCPU_MAIR_EL1, mair_el1)                                                                 \
	X(VCPU_AMAIR_EL1, amair_el1)                                                               \
	X(VCPU_VBAR_EL1, vbar_el1)                                                                 \
	X(VCPU_CONTEXTIDR_EL1, contextidr_el1)                                                     \
	X(VCPU_TPIDR_EL0, tpidr_el0)                                                               \
	X(VCPU_TPIDRRO_EL0, tpidrro_el0)                                                           \
	X(VCPU_TPIDR_EL1, tpidr_el1)                                                               \
	X(VCPU_ESR_EL1, esr_el1)                                                                   \
	X(VCPU_FAR_EL1, far_el1)                                                                   \
	X(VCPU_AFSR0_EL1, afsr0_el1)                                                               \
	X(VCPU_AFSR1_EL1, afsr1_el1)                                                               \
	X(VCPU_PAR_EL1, par_el1)                                                                   \
	X(VCPU_CPACR_EL1, cpacr_el1)                                                               \
	X(VCPU_CNTKCTL_EL1, cntkctl_el1)                                                           \
	X(VCPU_CSSELR_EL1, csselr_el1)                                                             \
	X(VCPU_SP_EL0, sp_el0)                                                                     \
	X(VCPU_CNTVOFF_EL2, cntvoff_el2)                                                           \
	X(VCPU_VMPIDR_EL2, vmpidr_el2)                                                             \
	X(VCPU_CNTV_CVAL_EL0, cntv_cval_el0)

#define SAVE_ONE(idx, reg) s[idx] = read_sysreg(reg);
#define LOAD_ONE(idx, reg) write_sysreg(reg, s[idx]);

/* The timer's control goes last on load and first on save: never armed against a stale compare
 * value. */
static void sysregs_save(u64 *s)
{
	s[VCPU_CNTV_CTL_EL0] = read_sysreg(cntv_ctl_el0);
	write_sysreg(cntv_ctl_el0, 0);
	SYSREG_LIST(SAVE_ONE)
}

static void sysregs_load(const u64 *s)
{
	SYSREG_LIST(LOAD_ONE)
	write_sysreg(cntv_ctl_el0, s[VCPU_CNTV_CTL_EL0]);
}

/* This CPU's redistributor SGI frame: the one whose GICR_TYPER affinity is our MPIDR's. */
static u64 find_sgi_base(void)
{
	u64 me = MPIDR_PACKED(read_sysreg(mpidr_el1) & MPIDR_AFF_MASK), rd;

	for (u32 i = 0; gicr_trap_page(i, &rd); i++) {
		u64 typer = mmio_read64(rd + GICR_TYPER);

		if (TYPER_AFF(typer) == me)
			return rd + GICR_SGI_BASE;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

/*
 * The host's next deadline, as the EL2 physical timer. Its virtual timer
 * fires at CNTVCT >= CVAL, CNTVCT = CNTPCT - CNTVOFF; the EL2 timer
 * compares CNTPCT, so the same instant is CVAL + CNTVOFF.
 */
static void host_deadline_arm(struct host_state *h)
{
	u64 ctl = h->sys[VCPU_CNTV_CTL_EL0];

	if (!(ctl & CNT_CTL_ENABLE) || (ctl & CNT_CTL_IMASK))
		return; /* no deadline: a host interrupt of any other kind still ends the run */
	if (!h->sgi_base)
		h->sgi_base = find_sgi_base();
	if (h->sgi_base)
		mmio_write32(h->sgi_base + GICR_ISENABLER0, 1U << CNTHP_PPI);
	write_sysreg(cnthp_cval_el2, h->sys[VCPU_CNTV_CVAL_EL0] + h->sys[VCPU_CNTVOFF_EL2]);
	write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
}

static void el2_controls_save(struct host_state *h)
{
	h->hcr = read_sysreg(hcr_el2);
	h->mdcr = read_sysreg(mdcr_el2);
	h->cptr = read_sysreg(cptr_el2);
	h->cnthctl = read_sysreg(cnthctl_el2);
	h->vttbr = read_sysreg(vttbr_el2);
	if (has_hcx())
		h->hcrx = read_sysreg(SYS_HCRX_EL2);
	if (has_fgt()) {
		h->hfgrtr = read_sysreg(SYS_HFGRTR_EL2);
		h->hfgwtr = read_sysreg(SYS_HFGWTR_EL2);
		h->hdfgrtr = read_sysreg(SYS_HDFGRTR_EL2);
		h->hdfgwtr = read_sysreg(SYS_HDFGWTR_EL2);
	}
}

static void el2_controls_for_guest(const struct host_state *h, u64 vttbr)
{
	if (has_hcx())
		write_sysreg(SYS_HCRX_EL2, 0); /* TCR2, SCTLR2, MOPS: not for guests */
	if (has_fgt()) {
		/* Every "n" bit clear: the newer EL1 registers nobody switches trap. */
		write_sysreg(SYS_HFGRTR_EL2, 0);
		write_sysreg(SYS_HFGWTR_EL2, 0);
		write_sysreg(SYS_HDFGRTR_EL2, 0);
		write_sysreg(SYS_HDFGWTR_EL2, 0);
	}
	write_sysreg(mdcr_el2, guest_mdcr(h->mdcr));
	write_sysreg(cptr_el2, guest_cptr(h->cptr));
	write_sysreg(cnthctl_el2, GUEST_CNTHCTL);
	write_sysreg(vttbr_el2, vttbr);
	write_sysreg(hcr_el2, guest_hcr());
}

static void el2_controls_restore(const struct host_state *h)
{
	write_sysreg(hcr_el2, h->hcr);
	write_sysreg(vttbr_el2, h->vttbr);
	write_sysreg(cnthctl_el2, h->cnthctl);
	write_sysreg(cptr_el2, h->cptr);
	write_sysreg(mdcr_el2, h->mdcr);
	if (has_fgt()) {
		write_sysreg(SYS_HFGRTR_EL2, h->hfgrtr);
		write_sysreg(SYS_HFGWTR_EL2, h->hfgwtr);
		write_sysreg(SYS_HDFGRTR_EL2, h->hdfgrtr);
		write_sysreg(SYS_HDFGWTR_EL2, h->hdfgwtr);
	}
	if (has_hcx())
		write_sysreg(SYS_HCRX_EL2, h->hcrx);
}

u64 arch_counter(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

void arch_vcpu_enter(struct vcpu_ctx *ctx, u64 vttbr, struct vcpu_trap *trap)
{
	u32 cpu = arch_cpu_id();
	struct host_state *h = &host_state[cpu];

	BUG_ON(guest_running[cpu] != NULL);
	sysregs_save(h->sys);
	fpsimd_save(&h->fp);
	el2_controls_save(h);
	host_deadline_arm(h);

	fpsimd_load(&ctx->fp);
	sysregs_load(ctx->sys);
	write_sysreg(elr_el2, ctx->pc);
	write_sysreg(spsr_el2, ctx->pstate);
	h->trap = trap;
	guest_running[cpu] = ctx;
	el2_controls_for_guest(h, vttbr);
	isb();
	guest_enter(ctx, h->callee);

	/* Back from guest_leave: the guest's registers are in ctx, the trap in *trap. */
	guest_running[cpu] = NULL;
	write_sysreg(cnthp_ctl_el2, 0); /* PPI 26 drops before the host can see it */
	el2_controls_restore(h);
	sysregs_save(ctx->sys);
	fpsimd_save(&ctx->fp);
	sysregs_load(h->sys);
	fpsimd_load(&h->fp);
	isb();
}

/*
 * A stage-2 permission fault (not on the stage-1 walk) leaves HPFAR_EL2
 * UNKNOWN: the IPA comes from the guest's own stage 1 instead, while its
 * EL1 context is still loaded. If that fails, HPFAR stays as read.
 */
static void permission_fault_ipa(struct vcpu_trap *t)
{
	u64 ec = (t->esr >> ESR_EC_SHIFT) & ESR_EC_MASK, ipa;

	if ((ec != EC_DABT_LOW && ec != EC_IABT_LOW) || (t->esr & ISS_S1PTW) ||
	    (t->esr & ISS_FSC_TYPE_MASK) != ISS_FSC_PERMISSION)
		return;
	if (trap_at_ipa(t->far, &ipa))
		t->hpfar = (ipa >> 12) << 4;
}

_Noreturn void guest_trap(const struct trap_frame *f, u64 vector)
{
	u32 cpu = arch_cpu_id();
	struct host_state *h = &host_state[cpu];
	struct vcpu_ctx *ctx = guest_running[cpu];
	struct vcpu_trap *t = h->trap;

	switch (vector & 3) {
	case VEC_SYNC:
		t->kind = VCPU_TRAP_SYNC;
		t->esr = read_sysreg(esr_el2);
		break;
	case VEC_IRQ:
		t->kind = VCPU_TRAP_IRQ;
		break;
	case VEC_FIQ:
		t->kind = VCPU_TRAP_FIQ;
		break;
	default:
		t->kind = VCPU_TRAP_SERROR;
		break;
	}
	t->far = read_sysreg(far_el2);
	t->hpfar = read_sysreg(hpfar_el2);
	if (t->kind == VCPU_TRAP_SYNC)
		permission_fault_ipa(t);
	for (u32 i = 0; i < 31; i++)
		ctx->x[i] = f->x[i];
	ctx->pc = f->elr;
	ctx->pstate = f->spsr;
	guest_leave(h->callee);
}
