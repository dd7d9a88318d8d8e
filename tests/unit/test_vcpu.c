/* SPDX-License-Identifier: MIT */
/*
 * vCPUs through the hypercall ABI: VCPU_CREATE and VCPU_RUN driven as the
 * host drives them, with a scripted guest (arch/host/vcpu_sim.c) in place
 * of the world switch. What is checked: every argument error changes
 * nothing; each exit's record holds what hvc_abi.h says and nothing more
 * of the guest's registers; the host's answer goes into the guest as the
 * ABI says (HVC results, an emulated read cut and sign-extended, the PC
 * stepped or not); a running vCPU and its VM cannot be run twice or
 * destroyed; a VM whose guest powered off never runs again; destroy wipes
 * its vCPUs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <hypcore/hvc.h>
#include <hypcore/hvc_abi.h>
#include <hypcore/npt.h>
#include <hypcore/vcpu.h>

#include "../../arch/host/sim.h"
#include "hvc_fixture.h"

#define ENTRY	0x40000000ULL
#define SECRET	0x5ec7e75ec7e75ec7ULL
#define EC(ec)	((u64)(ec) << 26)
#define IL	(1ULL << 25)
#define ISV	(1ULL << 24)
#define SAS(n)	((u64)(n) << 22)
#define SSE	(1ULL << 21)
#define SRT(n)	((u64)(n) << 16)
#define SF	(1ULL << 15)
#define WNR	(1ULL << 6)
#define S1PTW	(1ULL << 7)
#define EC_HVC	0x16
#define EC_DABT 0x24
#define EC_IABT 0x20
#define EC_WFX	0x01

static struct hvc_regs out;

static s64 call(u64 id, const u64 *args, u32 n)
{
	struct hvc_regs r;

	memset(&r, 0, sizeof(r));
	r.x[0] = id;
	for (u32 i = 0; i < n; i++)
		r.x[1 + i] = args[i];
	hvc_dispatch(&r);
	out = r;
	return (s64)r.x[0];
}

static s64 vm_create(u64 flags)
{
	u64 a[] = {flags};

	assert_int_equal(call(HVC_VM_CREATE, a, 1), 0);
	return (s64)out.x[1];
}

static s64 vm_destroy(u64 vmid)
{
	u64 a[] = {vmid};

	return call(HVC_VM_DESTROY, a, 1);
}

static s64 vcpu_new(u64 vmid, u64 vcpu, u64 pc, u64 x0)
{
	u64 a[] = {vmid, vcpu, pc, x0};

	return call(HVC_VCPU_CREATE, a, 4);
}

/* VCPU_RUN with flags, a read value and HVC results r0..r3. */
static s64 run(u64 vmid, u64 vcpu, u64 flags, u64 value, u64 r0, u64 r1, u64 r2, u64 r3)
{
	u64 a[] = {vmid, vcpu, flags, value, r0, r1, r2, r3};

	return call(HVC_VCPU_RUN, a, 8);
}

/* --- the scripted guest ------------------------------------------------ */

static struct vcpu_ctx seen; /* the context as the guest found it */
static u64 seen_vttbr;
static u32 entries;		   /* how many times the guest was entered */
static struct vcpu_trap next_trap; /* how it traps next */
static u64 set_regs[31];	   /* what it leaves in x0..x30 */
static bool leave_regs;
static void (*inside)(void); /* something to do while "running" */

static void guest(struct vcpu_ctx *ctx, u64 vttbr, struct vcpu_trap *trap)
{
	entries++;
	seen = *ctx;
	seen_vttbr = vttbr;
	if (inside)
		inside();
	if (leave_regs)
		memcpy(ctx->x, set_regs, sizeof(set_regs));
	*trap = next_trap;
}

static void guest_traps(u64 kind, u64 esr, u64 far, u64 hpfar)
{
	next_trap = (struct vcpu_trap){(u32)kind, esr, far, hpfar};
}

static void fill_regs(u64 base)
{
	for (u32 i = 0; i < 31; i++)
		set_regs[i] = base + i;
	leave_regs = true;
}

static int setup(void **state)
{
	(void)state;
	fx_start_hvc();
	sim_guest_hook = guest;
	entries = 0;
	inside = NULL;
	leave_regs = false;
	memset(&seen, 0, sizeof(seen));
	guest_traps(VCPU_TRAP_IRQ, 0, 0, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sim_guest_hook = NULL;
	return 0;
}

/* --- VCPU_CREATE --------------------------------------------------------- */

static void test_create_errors_change_nothing(void **state)
{
	s64 vm;

	(void)state;
	vm = vm_create(0);
	assert_int_equal(vcpu_new(0, 0, ENTRY, 0), HVC_EINVAL);		     /* the host */
	assert_int_equal(vcpu_new(vm + 1, 0, ENTRY, 0), HVC_EINVAL);	     /* not created */
	assert_int_equal(vcpu_new(vm, HVC_MAX_VCPUS, ENTRY, 0), HVC_EINVAL); /* index */
	assert_int_equal(vcpu_new(vm, 1ULL << 32, ENTRY, 0), HVC_EINVAL);
	assert_int_equal(vcpu_new(vm, 0, ENTRY + 2, 0), HVC_EINVAL); /* misaligned PC */
	assert_int_equal(vcpu_new(vm, 0, 1ULL << 48, 0), HVC_EINVAL);
	assert_int_equal(vcpu_new(0x100000000ULL | (u64)vm, 0, ENTRY, 0), HVC_EINVAL);
	/* None of those made vCPU 0: running it is einval, and nothing ran. */
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(entries, 0);
	assert_int_equal(vcpu_new(vm, 0, ENTRY, 7), 0);
	assert_int_equal(vcpu_new(vm, 0, ENTRY, 7), HVC_EEXIST);
	assert_int_equal(vcpu_new(vm, HVC_MAX_VCPUS - 1, ENTRY, 7), 0);
}

static void test_first_state(void **state)
{
	s64 vm;
	u64 vttbr;

	(void)state;
	vm = vm_create(0);
	assert_int_equal(vcpu_new(vm, 3, ENTRY + 0x80, 0x1234), 0);
	assert_int_equal(run(vm, 3, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(out.x[1], HVC_EXIT_IRQ);
	assert_int_equal(entries, 1);
	assert_int_equal(seen.pc, ENTRY + 0x80);
	assert_int_equal(seen.x[0], 0x1234);
	for (u32 i = 1; i < 31; i++)
		assert_int_equal(seen.x[i], 0);
	assert_int_equal(seen.pstate, 0x3c5);		   /* EL1h, DAIF masked */
	assert_int_equal(seen.sys[VCPU_SCTLR_EL1] & 1, 0); /* MMU off */
	assert_int_equal(seen.sys[VCPU_VMPIDR_EL2], 0x80000003ULL);
	assert_int_equal(npt_vttbr((u32)vm, &vttbr), 0);
	assert_int_equal(seen_vttbr, vttbr);
}

static void test_protected_vm_takes_no_vcpu_once_running(void **state)
{
	s64 prot, shared;

	(void)state;
	prot = vm_create(HVC_VM_CREATE_PROTECTED);
	shared = vm_create(HVC_VM_CREATE_SHARED);
	assert_int_equal(vcpu_new(prot, 0, ENTRY, 0), 0);
	assert_int_equal(vcpu_new(prot, 1, ENTRY, 1), 0); /* before it runs: fine */
	assert_int_equal(vcpu_new(shared, 0, ENTRY, 0), 0);
	assert_int_equal(run(prot, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(run(shared, 0, 0, 0, 0, 0, 0, 0), 0);
	/* The attack: a vCPU at a PC of the host's choice inside the running guest. */
	assert_int_equal(vcpu_new(prot, 2, ENTRY + 0x100, 0), HVC_EPERM);
	assert_int_equal(run(prot, 2, 0, 0, 0, 0, 0, 0), HVC_EINVAL); /* not made */
	assert_int_equal(entries, 2);
	assert_int_equal(vcpu_new(shared, 1, ENTRY + 0x100, 0), 0); /* others may */
	/* A new VM on the same vmid starts unsealed. */
	assert_int_equal(vm_destroy((u64)prot), 0);
	assert_int_equal(vm_create(HVC_VM_CREATE_PROTECTED), prot);
	assert_int_equal(vcpu_new(prot, 2, ENTRY, 0), 0);
}

/* --- exits --------------------------------------------------------------- */

static void test_hvc_exit_shows_x0_to_x5_only(void **state)
{
	s64 vm;

	(void)state;
	vm = vm_create(HVC_VM_CREATE_PROTECTED);
	assert_int_equal(vcpu_new(vm, 0, ENTRY, 0), 0);
	fill_regs(SECRET);
	set_regs[0] = 0xC6001001ULL;
	guest_traps(VCPU_TRAP_SYNC, EC(EC_HVC) | IL, 0, 0);
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(out.x[1], HVC_EXIT_HVC);
	assert_int_equal(out.x[2], 0xC6001001ULL);
	for (u32 i = 1; i < 6; i++)
		assert_int_equal(out.x[2 + i], SECRET + i);
	/* x8..x17 of the answer are the host's own (0 here): nothing of the guest. */
	for (u32 i = 8; i < HVC_NR_REGS; i++)
		assert_int_equal(out.x[i], 0);

	/* The host's answer: x0..x3 of the guest, and nothing else changes. */
	leave_regs = false;
	guest_traps(VCPU_TRAP_IRQ, 0, 0, 0);
	assert_int_equal(run(vm, 0, 0, 0, 11, 12, 13, 14), 0);
	assert_int_equal(seen.x[0], 11);
	assert_int_equal(seen.x[3], 14);
	assert_int_equal(seen.x[4], SECRET + 4);
	assert_int_equal(seen.x[30], SECRET + 30);
}

static void test_mmio_write_exit_and_complete(void **state)
{
	s64 vm;

	(void)state;
	vm = vm_create(HVC_VM_CREATE_PROTECTED);
	assert_int_equal(vcpu_new(vm, 0, ENTRY, 0), 0);
	fill_regs(SECRET);
	set_regs[5] = 0x1122334455667753ULL;
	/* strb w5, [..]: a byte store at ipa 0x09000000. */
	guest_traps(VCPU_TRAP_SYNC, EC(EC_DABT) | IL | ISV | SAS(0) | SRT(5) | WNR, 0x123,
		    0x09000000ULL >> 8);
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(out.x[1], HVC_EXIT_DABT);
	assert_int_equal(out.x[2], 0x09000123ULL);
	assert_int_equal(out.x[3], HVC_DABT_ISV | HVC_DABT_WRITE | (0ULL << HVC_DABT_SIZE_SHIFT));
	assert_int_equal(out.x[4], 0x53); /* the byte stored, nothing more */
	assert_int_equal(out.x[6], 0);
	assert_int_equal(out.x[7], 0);
	leave_regs = false;
	guest_traps(VCPU_TRAP_IRQ, 0, 0, 0);
	assert_int_equal(run(vm, 0, HVC_RUN_COMPLETE, 0, 0, 0, 0, 0), 0);
	assert_int_equal(seen.pc, ENTRY + 4); /* stepped past the store */
	assert_int_equal(seen.x[5], 0x1122334455667753ULL);
	/* COMPLETE answers one exit only. */
	assert_int_equal(run(vm, 0, HVC_RUN_COMPLETE, 0, 0, 0, 0, 0), HVC_EINVAL);
}

static void test_mmio_read_complete_sign_extends(void **state)
{
	s64 vm;

	(void)state;
	vm = vm_create(0);
	assert_int_equal(vcpu_new(vm, 0, ENTRY, 0), 0);
	fill_regs(0);
	/* ldrsh x3, [..] */
	guest_traps(VCPU_TRAP_SYNC, EC(EC_DABT) | IL | ISV | SAS(1) | SSE | SF | SRT(3), 0x18,
		    0x09000000ULL >> 8);
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(out.x[3], HVC_DABT_ISV | (1ULL << HVC_DABT_SIZE_SHIFT));
	assert_int_equal(out.x[4], 0); /* a read shows no value */
	leave_regs = false;
	/* ldrsh w3, [..] next: the upper half of x3 is zero. */
	guest_traps(VCPU_TRAP_SYNC, EC(EC_DABT) | IL | ISV | SAS(1) | SSE | SRT(3), 0x18,
		    0x09000000ULL >> 8);
	assert_int_equal(run(vm, 0, HVC_RUN_COMPLETE, 0xabcd8001ULL, 0, 0, 0, 0), 0);
	assert_int_equal(seen.x[3], 0xffffffffffff8001ULL);
	assert_int_equal(seen.pc, ENTRY + 4);
	guest_traps(VCPU_TRAP_IRQ, 0, 0, 0);
	assert_int_equal(run(vm, 0, HVC_RUN_COMPLETE, 0x8001ULL, 0, 0, 0, 0), 0);
	assert_int_equal(seen.x[3], 0xffff8001ULL);
	assert_int_equal(seen.pc, ENTRY + 8);
}

static void test_stage2_fault_retried_without_complete(void **state)
{
	s64 vm;

	(void)state;
	vm = vm_create(0);
	assert_int_equal(vcpu_new(vm, 0, ENTRY, 0), 0);
	fill_regs(100);
	guest_traps(VCPU_TRAP_SYNC, EC(EC_DABT) | IL | WNR | S1PTW, 0x40201008ULL,
		    0x40005000ULL >> 8);
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(out.x[1], HVC_EXIT_DABT);
	assert_int_equal(out.x[2], 0x40005008ULL); /* page from HPFAR, offset from FAR */
	assert_int_equal(out.x[3], HVC_DABT_S1PTW | HVC_DABT_WRITE);
	assert_int_equal(out.x[4], 0);
	/* Without ISV there is nothing to complete. */
	leave_regs = false;
	assert_int_equal(run(vm, 0, HVC_RUN_COMPLETE, 0, 0, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(run(vm, 0, 0x2, 0, 0, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(entries, 1);
	guest_traps(VCPU_TRAP_SYNC, EC(EC_IABT) | IL, 0x200, 0x200ULL >> 8);
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(seen.pc, ENTRY); /* retried */
	assert_int_equal(seen.x[7], 107);
	assert_int_equal(out.x[1], HVC_EXIT_IABT);
	assert_int_equal(out.x[2], 0x200);
	assert_int_equal(out.x[5], EC(EC_IABT) | IL);
}

static void test_wfx_steps_unexpected_does_not(void **state)
{
	s64 vm;

	(void)state;
	vm = vm_create(0);
	assert_int_equal(vcpu_new(vm, 0, ENTRY, 0), 0);
	guest_traps(VCPU_TRAP_SYNC, EC(EC_WFX) | IL, 0, 0);
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(out.x[1], HVC_EXIT_WFX);
	guest_traps(VCPU_TRAP_SYNC, EC(0x18) | IL | 0x1234, 0, 0); /* a trapped register */
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(seen.pc, ENTRY + 4);
	assert_int_equal(out.x[1], HVC_EXIT_UNEXPECTED);
	assert_int_equal(out.x[5], EC(0x18) | IL | 0x1234);
	guest_traps(VCPU_TRAP_SERROR, 0, 0, 0);
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(seen.pc, ENTRY + 4); /* not stepped */
	assert_int_equal(out.x[1], HVC_EXIT_UNEXPECTED);
	assert_int_equal(out.x[5], 0);
}

static void test_system_off_ends_the_vm(void **state)
{
	s64 vm;

	(void)state;
	vm = vm_create(0);
	assert_int_equal(vcpu_new(vm, 0, ENTRY, 0), 0);
	assert_int_equal(vcpu_new(vm, 1, ENTRY, 1), 0);
	fill_regs(0);
	set_regs[0] = 0x84000008ULL;
	guest_traps(VCPU_TRAP_SYNC, EC(EC_HVC) | IL, 0, 0);
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(out.x[1], HVC_EXIT_SYSTEM_OFF);
	assert_int_equal(entries, 1);
	/* Neither vCPU enters the guest again. */
	assert_int_equal(run(vm, 1, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(out.x[1], HVC_EXIT_SYSTEM_OFF);
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(out.x[1], HVC_EXIT_SYSTEM_OFF);
	assert_int_equal(entries, 1);
	/* A reset, in a new VM on the same vmid: its vCPUs are new too. */
	assert_int_equal(vm_destroy((u64)vm), 0);
	assert_int_equal(vm_create(0), vm);
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), HVC_EINVAL);
	assert_int_equal(vcpu_new(vm, 0, ENTRY, 0), 0);
	set_regs[0] = 0x84000009ULL;
	assert_int_equal(run(vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(out.x[1], HVC_EXIT_RESET);
	assert_int_equal(entries, 2);
}

/* --- a running vCPU ------------------------------------------------------ */

static s64 running_vm;
static s64 inside_destroy, inside_rerun, inside_other;

static void while_running(void)
{
	u64 a[] = {(u64)running_vm, 0, 0, 0, 0, 0, 0, 0};
	struct hvc_regs saved = out;

	inside_destroy = vm_destroy((u64)running_vm);
	inside_rerun = call(HVC_VCPU_RUN, a, 8);
	a[1] = 1;
	inside = NULL; /* vCPU 1 runs inside vCPU 0's run: one level only */
	inside_other = call(HVC_VCPU_RUN, a, 8);
	out = saved;
}

static void test_running_vcpu_is_busy(void **state)
{
	(void)state;
	running_vm = vm_create(0);
	assert_int_equal(vcpu_new(running_vm, 0, ENTRY, 0), 0);
	assert_int_equal(vcpu_new(running_vm, 1, ENTRY, 0), 0);
	inside = while_running;
	assert_int_equal(run(running_vm, 0, 0, 0, 0, 0, 0, 0), 0);
	assert_int_equal(inside_destroy, HVC_EBUSY);
	assert_int_equal(inside_rerun, HVC_EBUSY);
	assert_int_equal(inside_other, 0); /* another vCPU of the VM may run */
	assert_int_equal(entries, 2);
	/* Stopped: the VM can go. */
	assert_int_equal(vm_destroy((u64)running_vm), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_create_errors_change_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_first_state, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_protected_vm_takes_no_vcpu_once_running, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_hvc_exit_shows_x0_to_x5_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mmio_write_exit_and_complete, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mmio_read_complete_sign_extends, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stage2_fault_retried_without_complete, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_wfx_steps_unexpected_does_not, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_system_off_ends_the_vm, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_running_vcpu_is_busy, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
