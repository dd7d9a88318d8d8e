/* SPDX-License-Identifier: MIT */
/*
 * SMCs from the host (HCR_EL2.TSC traps them all, ELR at the SMC).
 *
 * The host must never start code at EL2, and PSCI CPU_ON / CPU_SUSPEND
 * would start (or resume) a CPU at EL2 at the address the caller gives.
 * So those two are relayed with our own entry point; the rest of PSCI is
 * forwarded to QEMU's firmware unchanged. SMCCC_VERSION is answered here;
 * the rest of the Arm Architecture Service (SMCCC_ARCH_FEATURES of the
 * firmware's workarounds, the workaround calls themselves) goes to the
 * firmware, which alone knows and provides them; calls in the vendor
 * hypervisor range go to the hypercall dispatcher as if they were HVCs;
 * anything else is NOT_SUPPORTED.
 */
#include <hypcore/arch.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>

#include "console.h"
#include "smp.h"
#include "sysreg.h"
#include "trap.h"

#define SMCCC_VERSION		0x80000000U
#define SMCCC_ARCH_FEATURES	0x80000001U
#define SMCCC_VERSION_1_1	0x10001ULL
#define SMCCC_OWNER(fid)	(((fid) >> 24) & 0x3f)
#define SMCCC_ARCH_WORKAROUND_1 0x80008000U
#define SMCCC_ARCH_WORKAROUND_2 0x80007fffU
#define SMCCC_ARCH_WORKAROUND_3 0x80003fffU
#define SMCCC_OWNER_ARCH	0U
#define SMCCC_OWNER_VENDOR_HYP	6U
#define SMCCC_FAST_CALL		0x80000000U

#define PSCI_VERSION	       0x84000000U
#define PSCI_CPU_SUSPEND_32    0x84000001U
#define PSCI_CPU_SUSPEND_64    0xc4000001U
#define PSCI_CPU_OFF	       0x84000002U
#define PSCI_CPU_ON_32	       0x84000003U
#define PSCI_CPU_ON_64	       0xc4000003U
#define PSCI_AFFINITY_INFO_32  0x84000004U
#define PSCI_AFFINITY_INFO_64  0xc4000004U
#define PSCI_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_SYSTEM_OFF	       0x84000008U
#define PSCI_SYSTEM_RESET      0x84000009U
#define PSCI_FEATURES	       0x8400000aU
#define PSCI_SYSTEM_RESET2_32  0x84000012U
#define PSCI_SYSTEM_RESET2_64  0xc4000012U

#define PSCI_RET_NOT_SUPPORTED	    ((u64)-1)
#define PSCI_RET_INVALID_PARAMETERS ((u64)-2)
#define PSCI_RET_SUCCESS	    0ULL
#define PSCI_RET_ON_PENDING	    ((u64)-5)
#define PSCI_AFFINITY_ON_PENDING    2ULL

#define MPIDR_AFF0	 0xffULL
#define MPIDR_HIGHER_AFF 0xff00ffff00ULL

/* An SMC to QEMU's PSCI firmware from EL2. */
static u64 firmware_smc(u64 fid, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 __asm__("x0") = fid;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return x0;
}

/* The PSCI calls we pass on as they are. */
static bool psci_forwarded(u32 fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_SYSTEM_RESET2_32:
	case PSCI_SYSTEM_RESET2_64:
		return true;
	default:
		return false;
	}
}

static bool psci_system_end(u32 fid)
{
	return fid == PSCI_SYSTEM_OFF || fid == PSCI_SYSTEM_RESET || fid == PSCI_SYSTEM_RESET2_32 ||
	       fid == PSCI_SYSTEM_RESET2_64;
}

/* Clean and invalidate the page at pa to the point of coherency: the reset may drop caches. */
static void clean_page_poc(u64 pa)
{
	arch_dcache_clean_inval_poc(pa, SZ_4K);
}

/*
 * SYSTEM_OFF / SYSTEM_RESET / SYSTEM_RESET2 with VMs alive. A guest may
 * still run on another CPU, and would write its pages again after they
 * were zeroed, for a warm reset to hand them to the next host. So every
 * VM is emptied first, under its own lock, which stays held until the
 * firmware has answered: each leaf cleared with its TLB entries
 * invalidated on every CPU (a running guest can no longer reach the page,
 * and its next access only faults), each donated page zeroed, cleaned to
 * memory and given back (owner_vm_release_all). No map and no guest entry
 * can follow: both need a VM lock. What is left (nothing, unless a record
 * outlived its leaf) is zeroed under the owner lock, also held through the
 * call. Should the firmware return (it refused), the VMs live on, empty:
 * the host may map them again or destroy them.
 */
static u64 system_end(u32 fid, const struct trap_frame *f)
{
	u32 nr_vms = npt_geometry()->nr_vms;
	u64 zeroed = 0, ret;

	for (u32 v = 1; v < nr_vms; v++) {
		npt_lock(v);
		zeroed += owner_vm_release_all(v);
	}
	owner_lock();
	zeroed += owner_zero_all_donated(clean_page_poc);
	con_lock();
	con_puts("hypcore: the host asks PSCI ");
	con_hex(fid);
	con_puts(" (system off or reset): ");
	con_dec(zeroed);
	con_puts(" pages of VMs zeroed first\n");
	con_unlock();
	ret = firmware_smc(fid, f->x[1], f->x[2], f->x[3]);
	owner_unlock();
	for (u32 v = nr_vms - 1; v >= 1; v--)
		npt_unlock(v);
	return ret;
}

static bool psci_relayed(u32 fid)
{
	return fid == PSCI_CPU_ON_32 || fid == PSCI_CPU_ON_64 || fid == PSCI_CPU_SUSPEND_32 ||
	       fid == PSCI_CPU_SUSPEND_64;
}

/*
 * CPU_ON(target, entry, context): the target starts in hypcore first.
 * While an earlier CPU_ON for the target is pending (its arguments
 * claimed, the target not yet past reading them) the answer is
 * ON_PENDING, as PSCI says; once the target runs, the firmware answers
 * ALREADY_ON itself.
 */
static u64 relay_cpu_on(u32 fid, const struct trap_frame *f)
{
	u64 target = f->x[1], ret;
	u32 cpu = (u32)(target & MPIDR_AFF0);

	if ((target & MPIDR_HIGHER_AFF) || cpu >= HC_MAX_CPUS)
		return PSCI_RET_INVALID_PARAMETERS;
	if (!smp_claim_cpu_on(cpu, f->x[2], f->x[3]))
		return PSCI_RET_ON_PENDING;
	ret = firmware_smc(fid, target, smp_el2_entry(), cpu);
	if (ret != PSCI_RET_SUCCESS)
		smp_release_cpu_on(cpu); /* nothing will start: free the arguments */
	return ret;
}

/*
 * CPU_SUSPEND(state, entry, context): a power-down state resumes at the
 * entry point, at EL2, so it must be ours. (QEMU implements suspend as a
 * standby that returns here; the relay is for correctness, not speed.)
 * The resume point is the CPU's own, apart from CPU_ON's arguments.
 */
static u64 relay_cpu_suspend(u32 fid, const struct trap_frame *f)
{
	u32 cpu = arch_cpu_id();

	smp_set_resume(cpu, f->x[2], f->x[3]);
	return firmware_smc(fid, f->x[1], smp_el2_entry(), cpu | SMP_CONTEXT_RESUME);
}

/*
 * AFFINITY_INFO(target, level 0) while our claim on the target's CPU_ON
 * arguments is held: ON_PENDING, as PSCI says. The firmware (QEMU) may
 * still say OFF then: the target has not run yet, and it does not know
 * the start is ours until the target reads its arguments.
 */
static u64 affinity_info(u32 fid, const struct trap_frame *f)
{
	u64 target = f->x[1];
	u32 cpu = (u32)(target & MPIDR_AFF0);

	if (f->x[2] == 0 && !(target & MPIDR_HIGHER_AFF) && cpu < HC_MAX_CPUS &&
	    smp_cpu_on_pending(cpu))
		return PSCI_AFFINITY_ON_PENDING;
	return firmware_smc(fid, target, f->x[2], f->x[3]);
}

/* The Arm Architecture Service's calls the firmware provides (workarounds, SoC id). */
static bool smccc_arch_call(u32 fid)
{
	return SMCCC_OWNER(fid) == SMCCC_OWNER_ARCH && (fid & SMCCC_FAST_CALL) &&
	       fid != SMCCC_VERSION && fid != SMCCC_ARCH_FEATURES;
}

/*
 * SMCCC_ARCH_FEATURES(fid): ours for the two calls answered here; the
 * firmware's for its own (ARCH_WORKAROUND_1/2/3 tell whether the host
 * must call them, which only the firmware knows).
 */
static u64 arch_features(u32 queried)
{
	if (queried == SMCCC_VERSION || queried == SMCCC_ARCH_FEATURES)
		return 0;
	if (smccc_arch_call(queried))
		return firmware_smc(SMCCC_ARCH_FEATURES, queried, 0, 0);
	return PSCI_RET_NOT_SUPPORTED;
}

/* Linux asks PSCI_FEATURES(SMCCC_VERSION) before it trusts SMCCC_VERSION. */
static u64 psci_features(u32 queried)
{
	if (queried == SMCCC_VERSION)
		return 0;
	if (psci_forwarded(queried) || psci_relayed(queried) || queried == PSCI_FEATURES)
		return firmware_smc(PSCI_FEATURES, queried, 0, 0);
	return PSCI_RET_NOT_SUPPORTED;
}

/* Boot CPU, before the host runs: con_printf may use the FP registers. */
void psci_report_firmware(void)
{
	con_printf("hypcore: firmware's SMCCC_ARCH_FEATURES, passed on to the host: "
		   "WORKAROUND_1 %lld, WORKAROUND_2 %lld, WORKAROUND_3 %lld\n",
		   (long long)arch_features(SMCCC_ARCH_WORKAROUND_1),
		   (long long)arch_features(SMCCC_ARCH_WORKAROUND_2),
		   (long long)arch_features(SMCCC_ARCH_WORKAROUND_3));
}

static u64 smc_answer(u32 fid, struct trap_frame *f)
{
	if (fid == SMCCC_VERSION)
		return SMCCC_VERSION_1_1;
	if (fid == SMCCC_ARCH_FEATURES)
		return arch_features((u32)f->x[1]);
	if (smccc_arch_call(fid))
		return firmware_smc(fid, f->x[1], f->x[2], f->x[3]);
	if (fid == PSCI_CPU_ON_32 || fid == PSCI_CPU_ON_64)
		return relay_cpu_on(fid, f);
	if (fid == PSCI_CPU_SUSPEND_32 || fid == PSCI_CPU_SUSPEND_64)
		return relay_cpu_suspend(fid, f);
	if (fid == PSCI_FEATURES)
		return psci_features((u32)f->x[1]);
	if (fid == PSCI_AFFINITY_INFO_32 || fid == PSCI_AFFINITY_INFO_64)
		return affinity_info(fid, f);
	if (psci_system_end(fid))
		return system_end(fid, f);
	if (psci_forwarded(fid))
		return firmware_smc(fid, f->x[1], f->x[2], f->x[3]);
	return PSCI_RET_NOT_SUPPORTED;
}

void host_smc(struct trap_frame *f)
{
	u32 fid = (u32)f->x[0];

	f->elr += 4; /* a trapped SMC returns to the instruction after it */
	if (SMCCC_OWNER(fid) == SMCCC_OWNER_VENDOR_HYP) {
		host_hvc(f);
		return;
	}
	f->x[0] = smc_answer(fid, f);
}
