// SPDX-License-Identifier: MIT
/*
 * hc_e2e vm-ioctls: the VMM's ioctls of hypcore.ko (GUEST_PAGE,
 * VCPU_CREATE, VCPU_RUN, VMs owned by an open file) with a guest written
 * here word by word: every exit kind the VMM handles, each way of resuming,
 * and the errors of each ioctl.
 *
 * hc_e2e vm-zero TAG VMID PA...: destroy VMID, then the host reads each
 * PA: all zero. Destroy and reads in one process with no allocation in
 * between, so the freed pages are not yet someone else's.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "e2e.h"

#define GUEST_IPA  0x40000000ULL
#define DATA_IPA   0x40001000ULL
#define UART_IPA   0x09000000ULL
#define DATA_WORD  0x1122334455667788ULL
#define SPIN_ENTRY (GUEST_IPA + 0x4c)

/*
 * The guest (assembled from):
 *	movz x0, #0x1234; hvc #0		HVC exit, x0 0x1234; answered 0x55
 *	add x0, x0, #1; hvc #0			HVC exit, x0 0x56
 *	movz x9, #0x900, lsl #16; ldr w1, [x9, #0x18]	DABT read of UARTFR: COMPLETE 0xabcd
 *	mov x0, x1; hvc #0			HVC exit, x0 0xabcd
 *	movz w10, #0x77; strb w10, [x9]		DABT write of one byte 0x77
 * (x9, x10: an HVC's results overwrite x0..x3)
 *	movz x5, #0x4000, lsl #16; add x5, x5, #1, lsl #12; ldr x4, [x5]
 *						DABT in RAM: mapped, retried
 *	mov x0, x4; hvc #0			HVC exit, x0 the mapped word
 *	movz w0, #8; movk w0, #0x8400, lsl #16; hvc #0	PSCI SYSTEM_OFF
 *	b .
 * spin: b .
 */
static const uint32_t guest_code[] = {
    0xd2824680, 0xd4000002, 0x91000400, 0xd4000002, 0xd2a12009, 0xb9401921, 0xaa0103e0,
    0xd4000002, 0x52800eea, 0x3900012a, 0xd2a80005, 0x914004a5, 0xf94000a4, 0xaa0403e0,
    0xd4000002, 0x52800100, 0x72b08000, 0xd4000002, 0x14000000, 0x14000000,
};

static long guest_page(u64 vmid, u64 ipa, u64 perms, const void *src, u64 len, u64 *pa)
{
	struct hypcore_guest_page gp = {
	    .vmid = vmid, .ipa = ipa, .perms = perms, .src = (uintptr_t)src, .len = len};
	long r = hc(HYPCORE_IOC_GUEST_PAGE, &gp);

	if (pa)
		*pa = gp.pa;
	return r;
}

static long vcpu_create(u64 vmid, u64 vcpu, u64 entry, u64 x0)
{
	struct hypcore_vcpu_create c = {.vmid = vmid, .vcpu = vcpu, .entry = entry, .x0 = x0};

	return hc(HYPCORE_IOC_VCPU_CREATE, &c);
}

static long vcpu_run(struct hypcore_vcpu_run *r)
{
	long ret = hc(HYPCORE_IOC_VCPU_RUN, r);

	r->flags = 0;
	r->value = 0;
	memset(r->ret, 0, sizeof(r->ret));
	return ret;
}

static void check_guest_page_errors(u64 vmid)
{
	static uint64_t buf[512];

	check_status("vm.guest-page.len-over-4k", -EINVAL,
		     guest_page(vmid, 0x40100000, HVC_PERM_ALL, buf, 4097, NULL));
	check_status("vm.guest-page.ipa-misaligned", -EINVAL,
		     guest_page(vmid, 0x40100800, HVC_PERM_ALL, buf, 8, NULL));
	check_status("vm.guest-page.perms-0", -EINVAL,
		     guest_page(vmid, 0x40100000, 0, buf, 8, NULL));
	check_status("vm.guest-page.perms-unknown", -EINVAL,
		     guest_page(vmid, 0x40100000, 0x8 | HVC_PERM_R, buf, 8, NULL));
	check_status("vm.guest-page.bad-source", -EFAULT,
		     guest_page(vmid, 0x40100000, HVC_PERM_ALL, (void *)8, 8, NULL));
	check_status("vm.guest-page.vmid-0", -EPERM,
		     guest_page(0, 0x40100000, HVC_PERM_ALL, buf, 8, NULL));
}

static void check_vcpu_errors(u64 vmid)
{
	struct hypcore_vcpu_run r = {.vmid = vmid, .vcpu = 0};

	check_status("vm.vcpu-create.vmid-0", -EINVAL, vcpu_create(0, 0, GUEST_IPA, 0));
	check_status("vm.vcpu-create.vcpu-8", -EINVAL,
		     vcpu_create(vmid, HVC_MAX_VCPUS, GUEST_IPA, 0));
	check_status("vm.vcpu-create.entry-misaligned", -EINVAL,
		     vcpu_create(vmid, 0, GUEST_IPA + 2, 0));
	check_status("vm.vcpu-run.not-created", -EINVAL, vcpu_run(&r));
	check_status("vm.vcpu-create.ok", 0, vcpu_create(vmid, 0, GUEST_IPA, 0));
	check_status("vm.vcpu-create.twice", -EEXIST, vcpu_create(vmid, 0, GUEST_IPA, 0));
	r.flags = 0x80;
	check_status("vm.vcpu-run.flags-unknown", -EINVAL, vcpu_run(&r));
	r.flags = HYPCORE_RUN_COMPLETE;
	check_status("vm.vcpu-run.complete-without-dabt", -EINVAL, vcpu_run(&r));
}

static bool exit_is(const char *name, struct hypcore_vcpu_run *r, long ret, u64 exit, u64 x2)
{
	return check(ret == 0 && r->exit == exit && r->rec[0] == x2, name,
		     "status %s, exit %llu x2 0x%llx; want exit %llu x2 0x%llx", status_name(ret),
		     (unsigned long long)r->exit, (unsigned long long)r->rec[0],
		     (unsigned long long)exit, (unsigned long long)x2);
}

/* The guest's walk through every exit, as the comment above lists them. */
static void check_exits(u64 vmid, const char *kind)
{
	struct hypcore_vcpu_run r = {.vmid = vmid, .vcpu = 0};
	u64 data[2] = {DATA_WORD, 0};
	char name[80];
	long ret;

#define NAME(what) (snprintf(name, sizeof(name), "vm.%s.%s", kind, what), name)
	ret = vcpu_run(&r);
	exit_is(NAME("hvc-exit"), &r, ret, HVC_EXIT_HVC, 0x1234);
	r.ret[0] = 0x55;
	ret = vcpu_run(&r);
	exit_is(NAME("hvc-result-resumes"), &r, ret, HVC_EXIT_HVC, 0x56);
	ret = vcpu_run(&r);
	if (exit_is(NAME("dabt-read"), &r, ret, HVC_EXIT_DABT, UART_IPA + 0x18))
		check((r.rec[1] & (HVC_DABT_ISV | HVC_DABT_WRITE | HVC_DABT_SIZE_MASK)) ==
			  (HVC_DABT_ISV | (2ULL << HVC_DABT_SIZE_SHIFT)),
		      NAME("dabt-read-syndrome"), "flags 0x%llx, want ISV, read, 4 bytes",
		      (unsigned long long)r.rec[1]);
	else
		check(false, NAME("dabt-read-syndrome"), "no DABT exit");
	r.flags = HYPCORE_RUN_COMPLETE;
	r.value = 0xffffffff0000abcdULL; /* cut to the 4 bytes of ldr w1 */
	ret = vcpu_run(&r);
	exit_is(NAME("dabt-read-completed"), &r, ret, HVC_EXIT_HVC, 0xabcd);
	ret = vcpu_run(&r);
	if (exit_is(NAME("dabt-write"), &r, ret, HVC_EXIT_DABT, UART_IPA))
		check((r.rec[1] & (HVC_DABT_ISV | HVC_DABT_WRITE | HVC_DABT_SIZE_MASK)) ==
			      (HVC_DABT_ISV | HVC_DABT_WRITE) &&
			  r.rec[2] == 0x77,
		      NAME("dabt-write-value"),
		      "flags 0x%llx value 0x%llx, want ISV, write, 1 byte, 0x77",
		      (unsigned long long)r.rec[1], (unsigned long long)r.rec[2]);
	else
		check(false, NAME("dabt-write-value"), "no DABT exit");
	r.flags = HYPCORE_RUN_COMPLETE;
	ret = vcpu_run(&r);
	exit_is(NAME("dabt-ram"), &r, ret, HVC_EXIT_DABT, DATA_IPA);
	check_status(NAME("dabt-ram-mapped"), 0,
		     guest_page(vmid, DATA_IPA, HVC_PERM_R | HVC_PERM_W, data, sizeof(data), NULL));
	ret = vcpu_run(&r);
	exit_is(NAME("dabt-ram-retried"), &r, ret, HVC_EXIT_HVC, DATA_WORD);
	ret = vcpu_run(&r);
	check(ret == 0 && r.exit == HVC_EXIT_SYSTEM_OFF, NAME("system-off"), "status %s exit %llu",
	      status_name(ret), (unsigned long long)r.exit);
	ret = vcpu_run(&r);
	check(ret == 0 && r.exit == HVC_EXIT_SYSTEM_OFF, NAME("system-off-again"),
	      "status %s exit %llu", status_name(ret), (unsigned long long)r.exit);
#undef NAME
}

/* A guest that runs the shared and the protected way: exits, errors, probes. */
static void check_vm(u64 flags, const char *kind)
{
	char name[80];
	u64 vmid, pa = 0, value = 0;
	long ret;

	ret = vm_create_flags(flags, &vmid);
	snprintf(name, sizeof(name), "vm.%s.create", kind);
	if (!check_status(name, 0, ret))
		return;
	if (!(flags & HYPCORE_VM_PROTECTED)) {
		check_guest_page_errors(vmid);
		check_vcpu_errors(vmid);
	} else {
		vcpu_create(vmid, 0, GUEST_IPA, 0);
	}
	ret = guest_page(vmid, GUEST_IPA, HVC_PERM_ALL, guest_code, sizeof(guest_code), &pa);
	snprintf(name, sizeof(name), "vm.%s.guest-page", kind);
	check_status(name, 0, ret);
	ret = probe(pa, false, &value);
	snprintf(name, sizeof(name), "vm.%s.host-reads-page", kind);
	if (flags & HYPCORE_VM_PROTECTED)
		check_status(name, -EFAULT, ret);
	else
		check(ret == 0 && value == ((u64)guest_code[1] << 32 | guest_code[0]), name,
		      "status %s value 0x%llx", status_name(ret), (unsigned long long)value);
	check_exits(vmid, kind);
	snprintf(name, sizeof(name), "vm.%s.destroy", kind);
	check_status(name, 0, vm_destroy(vmid));
}

static void on_usr1(int sig)
{
	(void)sig;
}

struct spinner {
	u64 vmid;
	long ret;
	u64 irq_exits;
};

static void *spin_thread(void *arg)
{
	struct spinner *s = arg;
	struct hypcore_vcpu_run r = {.vmid = s->vmid, .vcpu = 0};

	s->ret = hc(HYPCORE_IOC_VCPU_RUN, &r);
	return NULL;
}

/* A vCPU in a loop: busy for a second run and for destroy; a signal gets it out. */
static void check_running(void)
{
	struct sigaction sa = {.sa_handler = on_usr1};
	struct spinner s = {0};
	struct hypcore_vcpu_run r = {0};
	pthread_t t;
	u64 vmid;

	sigaction(SIGUSR1, &sa, NULL);
	if (!check_status("vm.spin.create", 0, vm_create_flags(HYPCORE_VM_PROTECTED, &vmid)))
		return;
	s.vmid = vmid;
	guest_page(vmid, GUEST_IPA, HVC_PERM_ALL, guest_code, sizeof(guest_code), NULL);
	vcpu_create(vmid, 0, SPIN_ENTRY, 0);
	pthread_create(&t, NULL, spin_thread, &s);
	usleep(300 * 1000);
	r.vmid = vmid;
	check_status("vm.spin.second-run-ebusy", -EBUSY, hc(HYPCORE_IOC_VCPU_RUN, &r));
	check_status("vm.spin.destroy-ebusy", -EBUSY, vm_destroy(vmid));
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	check_status("vm.spin.signal-eintr", -EINTR, s.ret);
	check_status("vm.spin.destroy", 0, vm_destroy(vmid));
}

/*
 * Stage-2 permission faults, whose IPA the core takes from the guest's
 * stage 1 (HPFAR_EL2 may be UNKNOWN for them):
 *	movz x5, #0x4000, lsl #16; add x5, x5, #2, lsl #12
 *	str x0, [x5, #8]		0x40002000 is read-only: DABT at 0x40002008
 *	movz x6, #0x4000, lsl #16; add x6, x6, #3, lsl #12
 *	blr x6				0x40003000 is execute-never: IABT there
 *	b .
 */
static const uint32_t perm_code[] = {
    0xd2a80005, 0x914008a5, 0xf90004a0, 0xd2a80006, 0x91400cc6, 0xd63f00c0, 0x14000000,
};

static void check_permission_faults(void)
{
	struct hypcore_vcpu_run r = {0};
	u64 vmid;
	long ret;

	if (!check_status("vm.perm.create", 0, vm_create_flags(0, &vmid)))
		return;
	r.vmid = vmid;
	guest_page(vmid, GUEST_IPA, HVC_PERM_R | HVC_PERM_X, perm_code, sizeof(perm_code), NULL);
	guest_page(vmid, GUEST_IPA + 0x2000, HVC_PERM_R, NULL, 0, NULL);
	guest_page(vmid, GUEST_IPA + 0x3000, HVC_PERM_R | HVC_PERM_W, NULL, 0, NULL);
	vcpu_create(vmid, 0, GUEST_IPA, 0);
	ret = vcpu_run(&r);
	if (exit_is("vm.perm.write-read-only", &r, ret, HVC_EXIT_DABT, GUEST_IPA + 0x2008))
		check(r.rec[1] & HVC_DABT_WRITE, "vm.perm.write-read-only-flags",
		      "flags 0x%llx, want write", (unsigned long long)r.rec[1]);
	else
		check(false, "vm.perm.write-read-only-flags", "no DABT exit");
	/* Made writable (a shared VM's leaf may be replaced): the store retried goes through. */
	guest_page(vmid, GUEST_IPA + 0x2000, HVC_PERM_R | HVC_PERM_W, NULL, 0, NULL);
	ret = vcpu_run(&r);
	exit_is("vm.perm.exec-never", &r, ret, HVC_EXIT_IABT, GUEST_IPA + 0x3000);
	check_status("vm.perm.destroy", 0, vm_destroy(vmid));
}

/* HYPCORE_VM_FD_OWNED: gone with the file; without it, the VM outlives it. */
static void check_fd_owned(void)
{
	struct hypcore_vm owned = {.flags = HYPCORE_VM_FD_OWNED | HYPCORE_VM_PROTECTED};
	struct hypcore_vm kept = {.flags = 0};
	struct hypcore_pool_usage u = {.area = HVC_AREA_ROOT};
	int fd = open(HYPCORE_DEVICE, O_RDWR);

	if (!check(fd >= 0, "vm.fd-owned.open", "open: %s", strerror(errno)))
		return;
	ioctl(fd, HYPCORE_IOC_VM_CREATE, &owned);
	ioctl(fd, HYPCORE_IOC_VM_CREATE, &kept);
	close(fd);
	u.vmid = owned.vmid;
	check_status("vm.fd-owned.destroyed-at-close", -EINVAL, hc(HYPCORE_IOC_POOL_USAGE, &u));
	u.vmid = kept.vmid;
	check_status("vm.fd-owned.others-stay", 0, hc(HYPCORE_IOC_POOL_USAGE, &u));
	vm_destroy(kept.vmid);
}

int run_vm_ioctls(void)
{
	check_vm(0, "shared");
	check_vm(HYPCORE_VM_PROTECTED, "protected");
	check_running();
	check_permission_faults();
	check_fd_owned();
	return 0;
}

/* Up to 64 pages, every word of each: the first one not zero, if any. */
int run_vm_zero(int argc, char **argv)
{
	static u64 pas[64], bad_pa, bad_value;
	static long bad_status;
	char name[80];
	int n = argc - 2, bad = 0;
	long ret;

	if (argc < 3 || n > 64) {
		fprintf(stderr, "usage: hc_e2e vm-zero TAG VMID PA...\n");
		return 1;
	}
	for (int i = 0; i < n; i++)
		pas[i] = strtoull(argv[i + 2], NULL, 0) & ~(SZ_4K - 1);
	ret = vm_destroy(strtoull(argv[1], NULL, 0));
	for (int i = 0; i < n && !bad; i++) {
		for (u64 off = 0; off < SZ_4K && !bad; off += 8) {
			u64 value = 0;
			long st = probe(pas[i] + off, false, &value);

			if (st || value) {
				bad = 1;
				bad_pa = pas[i] + off;
				bad_status = st;
				bad_value = value;
			}
		}
	}
	snprintf(name, sizeof(name), "%s.destroy", argv[0]);
	check_status(name, 0, ret);
	snprintf(name, sizeof(name), "%s.zero-after-destroy", argv[0]);
	check(n > 0 && !bad, name, "pa 0x%llx: status %s value 0x%llx", (unsigned long long)bad_pa,
	      status_name(bad_status), (unsigned long long)bad_value);
	return 0;
}
