// SPDX-License-Identifier: MIT
/*
 * hypctl run: a small VMM over /dev/hypcore. It gives a guest the machine
 * of host/include/hypcore_guest.h: RAM at GUEST_RAM_BASE with the image at
 * its start, mapped a page at a time on the guest's first touch (the
 * stage-2 fault comes back as an exit), a PL011 at GUEST_UART_BASE, and
 * the guest calls REPORT, EXIT and PSCI's SYSTEM_OFF and CPU_OFF. One
 * thread per vCPU; the main thread waits for the VM's end or its timeout.
 *
 * To stop a vCPU that is inside the guest, its thread gets SIGUSR1: the
 * module returns EINTR at the next host interrupt. The signal can land
 * just before the thread enters the ioctl, so the main thread repeats it
 * every KICK_MS until every vCPU thread has ended.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hypcore/hvc_abi.h>
#include <hypcore_guest.h>

#include "hypctl.h"

#define PAGE_SIZE	 4096ULL
#define MIB		 (1024ULL * 1024)
#define LINE_MAX_LEN	 200 /* a longer guest line is printed in pieces */
#define KICK_MS		 100
#define SAME_FAULT_LIMIT 1000 /* one page faulting again and again: a stuck guest */

/* hypctl run's exit statuses besides the guest's own. */
#define RUN_EXIT_USAGE	 2
#define RUN_EXIT_TIMEOUT 124
#define RUN_EXIT_STOPPED 125 /* the VMM stopped the VM: a fault it cannot serve */
#define RUN_EXIT_VMM	 126 /* the device refused something the VMM needs */

enum step { STEP_RUN, STEP_VCPU_DONE, STEP_VM_DONE };

struct vmm;

struct vcpu {
	struct vmm *m;
	unsigned int index;
	pthread_t thread;
	int live; /* its thread has not ended (under m->lock) */
	char line[LINE_MAX_LEN + 1];
	size_t len;
	uint64_t last_fault, same_faults;
};

struct vmm {
	int fd;
	uint64_t vmid;
	/* options */
	int protected, keep, trace, show_pages, check_host;
	unsigned int vcpus, mib, timeout;
	uint64_t entry;
	/* the image */
	const char *path;
	unsigned char *image;
	size_t image_len;
	uint64_t image_fnv;
	/* shared state, under lock */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned char *mapped; /* one byte per page of RAM */
	int stopping, status, live;
	/* --check-host: runs checked, EL1 registers that changed, FP/SIMD changed */
	uint64_t checked_runs, host_changed, fp_changed;
	struct vcpu vcpu[HVC_MAX_VCPUS];
};

static const char run_usage[] =
    "usage: hypctl run IMAGE [--protected] [--mem MiB] [--vcpus N] [--entry ADDR]\n"
    "                  [--timeout SEC] [--trace-exits] [--show-pages] [--keep]\n"
    "                  [--check-host]\n";

static void vm_say(struct vmm *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One line of output, prefixed with the VM, flushed (tests read it live). */
static void vm_say(struct vmm *m, const char *fmt, ...)
{
	va_list ap;

	flockfile(stdout);
	printf("vm%llu: ", (unsigned long long)m->vmid);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	funlockfile(stdout);
}

static uint64_t fnv1a64(const unsigned char *p, size_t n)
{
	uint64_t h = GUEST_FNV_OFFSET;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= GUEST_FNV_PRIME;
	}
	return h;
}

/* The first stop wins: its status is hypctl's. The main thread kicks the vCPUs. */
static void stop_vm(struct vmm *m, int status)
{
	pthread_mutex_lock(&m->lock);
	if (!m->stopping) {
		m->stopping = 1;
		m->status = status;
	}
	pthread_cond_broadcast(&m->changed);
	pthread_mutex_unlock(&m->lock);
}

static int stopping(struct vmm *m)
{
	pthread_mutex_lock(&m->lock);
	int s = m->stopping;
	pthread_mutex_unlock(&m->lock);
	return s;
}

static int in_ram(struct vmm *m, uint64_t ipa)
{
	return ipa >= GUEST_RAM_BASE && ipa - GUEST_RAM_BASE < (uint64_t)m->mib * MIB;
}

/*
 * Give the guest the page holding ipa: the image's bytes where the page
 * holds part of it, zero elsewhere. A page another vCPU mapped meanwhile
 * is left as it is (a second SET_NPT would replace it, or be refused).
 */
static int map_page(struct vmm *m, uint64_t ipa)
{
	uint64_t off = (ipa - GUEST_RAM_BASE) & ~(PAGE_SIZE - 1);
	struct hypcore_guest_page gp = {
	    .vmid = m->vmid,
	    .ipa = GUEST_RAM_BASE + off,
	    .perms = HVC_PERM_R | HVC_PERM_W | HVC_PERM_X,
	};
	int err = 0;

	if (off < m->image_len) {
		gp.src = (uintptr_t)(m->image + off);
		gp.len = m->image_len - off < PAGE_SIZE ? m->image_len - off : PAGE_SIZE;
	}
	pthread_mutex_lock(&m->lock);
	if (!m->mapped[off / PAGE_SIZE]) {
		err = hc_ioctl(m->fd, HYPCORE_IOC_GUEST_PAGE, &gp);
		if (!err) {
			m->mapped[off / PAGE_SIZE] = 1;
			if (m->show_pages)
				vm_say(m, "page ipa 0x%llx pa 0x%llx", (unsigned long long)gp.ipa,
				       (unsigned long long)gp.pa);
		}
	}
	pthread_mutex_unlock(&m->lock);
	return err;
}

/* A stage-2 fault in RAM: map the page and retry the access (no COMPLETE). */
static enum step serve_fault(struct vcpu *v, uint64_t ipa, const char *what)
{
	struct vmm *m = v->m;
	char buf[24];
	int err;

	if (ipa >> 12 == v->last_fault >> 12) {
		if (++v->same_faults > SAME_FAULT_LIMIT) {
			vm_say(m,
			       "vcpu %u: %s at ipa 0x%llx again and again although mapped, "
			       "stopping the VM",
			       v->index, what, (unsigned long long)ipa);
			stop_vm(m, RUN_EXIT_STOPPED);
			return STEP_VM_DONE;
		}
	} else {
		v->last_fault = ipa;
		v->same_faults = 0;
	}
	err = map_page(m, ipa);
	if (err) {
		vm_say(m, "vcpu %u: cannot map ipa 0x%llx: %s, stopping the VM", v->index,
		       (unsigned long long)ipa, hc_errname(-err, buf, sizeof(buf)));
		stop_vm(m, RUN_EXIT_VMM);
		return STEP_VM_DONE;
	}
	return STEP_RUN;
}

static void flush_line(struct vcpu *v)
{
	if (!v->len)
		return;
	v->line[v->len] = '\0';
	vm_say(v->m, "%s", v->line);
	v->len = 0;
}

static void uart_byte(struct vcpu *v, unsigned char c)
{
	if (c == '\n') {
		/* An empty guest line is still a line. */
		if (!v->len)
			vm_say(v->m, "%s", "");
		flush_line(v);
		return;
	}
	if (c == '\r')
		return;
	v->line[v->len++] = c;
	if (v->len == LINE_MAX_LEN)
		flush_line(v);
}

/*
 * The PL011: a write to DR prints its byte, every read answers 0 (FR 0:
 * never busy), other writes are ignored. Completed, so the guest steps on.
 */
static enum step serve_uart(struct vcpu *v, struct hypcore_vcpu_run *r)
{
	uint64_t off = r->rec[0] - GUEST_UART_BASE, flags = r->rec[1];

	if (!(flags & HVC_DABT_ISV)) {
		vm_say(v->m,
		       "vcpu %u: UART access at ipa 0x%llx without a syndrome (ESR 0x%llx), "
		       "stopping the VM",
		       v->index, (unsigned long long)r->rec[0], (unsigned long long)r->rec[3]);
		stop_vm(v->m, RUN_EXIT_STOPPED);
		return STEP_VM_DONE;
	}
	if ((flags & HVC_DABT_WRITE) && off == GUEST_UART_DR)
		uart_byte(v, (unsigned char)r->rec[2]);
	r->flags = HYPCORE_RUN_COMPLETE;
	r->value = 0;
	return STEP_RUN;
}

static const char *report_name(uint64_t what)
{
	switch (what) {
	case GUEST_REPORT_CHECKSUM:
		return "checksum";
	case GUEST_REPORT_PAGES:
		return "pages";
	case GUEST_REPORT_ESR:
		return "esr";
	case GUEST_REPORT_VALUE:
		return "value";
	}
	return "unknown";
}

/* The guest's call: x0..x5 in rec[0..5]; its x0..x3 on return in r->ret. */
static enum step serve_call(struct vcpu *v, struct hypcore_vcpu_run *r)
{
	struct vmm *m = v->m;
	uint32_t fn = (uint32_t)r->rec[0];

	switch (fn) {
	case GUEST_HVC_REPORT:
		vm_say(m, "report %s 0x%llx", report_name(r->rec[1]),
		       (unsigned long long)r->rec[2]);
		if (r->rec[1] == GUEST_REPORT_CHECKSUM) {
			if (r->rec[2] == m->image_fnv)
				vm_say(m, "checksum ok");
			else
				vm_say(m, "checksum MISMATCH: %s has 0x%llx", m->path,
				       (unsigned long long)m->image_fnv);
		}
		r->ret[0] = 0;
		return STEP_RUN;
	case GUEST_HVC_EXIT:
		vm_say(m, "vcpu %u: exit status %llu", v->index, (unsigned long long)r->rec[1]);
		stop_vm(m, (int)(r->rec[1] & 0xff));
		return STEP_VM_DONE;
	case PSCI_SYSTEM_OFF:
		vm_say(m, "vcpu %u: system off", v->index);
		stop_vm(m, 0);
		return STEP_VM_DONE;
	case PSCI_CPU_OFF:
		vm_say(m, "vcpu %u: off", v->index);
		return STEP_VCPU_DONE;
	}
	r->ret[0] = (uint64_t)-1; /* SMCCC NOT_SUPPORTED */
	return STEP_RUN;
}

static enum step serve_dabt(struct vcpu *v, struct hypcore_vcpu_run *r)
{
	uint64_t ipa = r->rec[0];

	if (in_ram(v->m, ipa))
		return serve_fault(v, ipa, "data abort");
	if (ipa >= GUEST_UART_BASE && ipa - GUEST_UART_BASE < PAGE_SIZE)
		return serve_uart(v, r);
	vm_say(v->m,
	       "vcpu %u: data abort at ipa 0x%llx: outside its memory and devices, "
	       "stopping the VM",
	       v->index, (unsigned long long)ipa);
	stop_vm(v->m, RUN_EXIT_STOPPED);
	return STEP_VM_DONE;
}

static const char *exit_name(uint64_t exit)
{
	static const char *const names[] = {
	    [HVC_EXIT_HVC] = "hvc",	[HVC_EXIT_DABT] = "dabt",
	    [HVC_EXIT_IABT] = "iabt",	[HVC_EXIT_WFX] = "wfx",
	    [HVC_EXIT_IRQ] = "irq",	[HVC_EXIT_SYSTEM_OFF] = "system-off",
	    [HVC_EXIT_RESET] = "reset", [HVC_EXIT_UNEXPECTED] = "unexpected",
	};

	return exit < sizeof(names) / sizeof(names[0]) && names[exit] ? names[exit] : "?";
}

static enum step serve_exit(struct vcpu *v, struct hypcore_vcpu_run *r)
{
	struct vmm *m = v->m;

	switch (r->exit) {
	case HVC_EXIT_HVC:
		return serve_call(v, r);
	case HVC_EXIT_DABT:
		return serve_dabt(v, r);
	case HVC_EXIT_IABT:
		if (in_ram(m, r->rec[0]))
			return serve_fault(v, r->rec[0], "instruction abort");
		vm_say(m,
		       "vcpu %u: instruction abort at ipa 0x%llx: outside its memory, "
		       "stopping the VM",
		       v->index, (unsigned long long)r->rec[0]);
		stop_vm(m, RUN_EXIT_STOPPED);
		return STEP_VM_DONE;
	case HVC_EXIT_WFX:
	case HVC_EXIT_IRQ:
		return STEP_RUN;
	case HVC_EXIT_SYSTEM_OFF:
		vm_say(m, "vcpu %u: system off", v->index);
		stop_vm(m, 0);
		return STEP_VM_DONE;
	case HVC_EXIT_RESET:
		vm_say(m,
		       "vcpu %u: system reset (hypctl does not restart a guest), stopping the VM",
		       v->index);
		stop_vm(m, 0);
		return STEP_VM_DONE;
	case HVC_EXIT_UNEXPECTED:
		vm_say(m,
		       "vcpu %u: unexpected exception, ESR 0x%llx (EC 0x%02llx), ipa 0x%llx, "
		       "stopping the VM",
		       v->index, (unsigned long long)r->rec[3],
		       (unsigned long long)(r->rec[3] >> 26) & 0x3f, (unsigned long long)r->rec[0]);
		stop_vm(m, RUN_EXIT_STOPPED);
		return STEP_VM_DONE;
	}
	vm_say(m, "vcpu %u: exit %llu that hypctl does not know, stopping the VM", v->index,
	       (unsigned long long)r->exit);
	stop_vm(m, RUN_EXIT_STOPPED);
	return STEP_VM_DONE;
}

static void trace_exit(struct vcpu *v, const struct hypcore_vcpu_run *r)
{
	vm_say(v->m,
	       "vcpu %u: exit %llu (%s) x2 0x%llx x3 0x%llx x4 0x%llx x5 0x%llx x6 0x%llx "
	       "x7 0x%llx",
	       v->index, (unsigned long long)r->exit, exit_name(r->exit),
	       (unsigned long long)r->rec[0], (unsigned long long)r->rec[1],
	       (unsigned long long)r->rec[2], (unsigned long long)r->rec[3],
	       (unsigned long long)r->rec[4], (unsigned long long)r->rec[5]);
}

/*
 * --check-host: the VCPU_RUN ioctl with V0..V31 and FPCR holding a pattern
 * of ours, read back after it. The kernel keeps a task's FP/SIMD registers
 * across a system call, so any difference is the world switch's (the
 * module checks the EL1 system registers: HYPCORE_RUN_CHECK_HOST).
 * Returns what ioctl returns (0, or -errno); *fp_changed: 1 if changed.
 */
static long run_ioctl_fp_checked(int fd, struct hypcore_vcpu_run *r, int *fp_changed)
{
	uint64_t before[64], after[64], fpcr_old, fpcr_set = (1ULL << 24) | (3ULL << 22), fpcr_got;
	register long x0 __asm__("x0") = fd;
	register long x1 __asm__("x1") = (long)HYPCORE_IOC_VCPU_RUN;
	register long x2 __asm__("x2") = (long)r;
	register long x8 __asm__("x8") = __NR_ioctl;

	for (unsigned int i = 0; i < 64; i++)
		before[i] = 0x5eed000000000000ULL ^ ((uint64_t)i * 0x0101010101010101ULL);
	__asm__ volatile("mrs %0, fpcr" : "=r"(fpcr_old));
	__asm__ volatile(
	    "msr fpcr, %[set]\n"
	    "ldp q0, q1, [%[b], #0]\n ldp q2, q3, [%[b], #32]\n"
	    "ldp q4, q5, [%[b], #64]\n ldp q6, q7, [%[b], #96]\n"
	    "ldp q8, q9, [%[b], #128]\n ldp q10, q11, [%[b], #160]\n"
	    "ldp q12, q13, [%[b], #192]\n ldp q14, q15, [%[b], #224]\n"
	    "ldp q16, q17, [%[b], #256]\n ldp q18, q19, [%[b], #288]\n"
	    "ldp q20, q21, [%[b], #320]\n ldp q22, q23, [%[b], #352]\n"
	    "ldp q24, q25, [%[b], #384]\n ldp q26, q27, [%[b], #416]\n"
	    "ldp q28, q29, [%[b], #448]\n ldp q30, q31, [%[b], #480]\n"
	    "svc #0\n"
	    "stp q0, q1, [%[a], #0]\n stp q2, q3, [%[a], #32]\n"
	    "stp q4, q5, [%[a], #64]\n stp q6, q7, [%[a], #96]\n"
	    "stp q8, q9, [%[a], #128]\n stp q10, q11, [%[a], #160]\n"
	    "stp q12, q13, [%[a], #192]\n stp q14, q15, [%[a], #224]\n"
	    "stp q16, q17, [%[a], #256]\n stp q18, q19, [%[a], #288]\n"
	    "stp q20, q21, [%[a], #320]\n stp q22, q23, [%[a], #352]\n"
	    "stp q24, q25, [%[a], #384]\n stp q26, q27, [%[a], #416]\n"
	    "stp q28, q29, [%[a], #448]\n stp q30, q31, [%[a], #480]\n"
	    "mrs %[got], fpcr\n"
	    "msr fpcr, %[old]\n"
	    : "+r"(x0), [got] "=&r"(fpcr_got)
	    : "r"(x1), "r"(x2),
	      "r"(x8), [b] "r"(before), [a] "r"(after), [set] "r"(fpcr_set), [old] "r"(fpcr_old)
	    : "memory", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11",
	      "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23",
	      "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31");
	*fp_changed = memcmp(before, after, sizeof(before)) != 0 || fpcr_got != fpcr_set;
	return x0;
}

static int run_ioctl(struct vmm *m, struct hypcore_vcpu_run *r)
{
	int fp_changed = 0;
	long ret;

	if (!m->check_host)
		return hc_ioctl(m->fd, HYPCORE_IOC_VCPU_RUN, r);
	r->flags |= HYPCORE_RUN_CHECK_HOST;
	ret = run_ioctl_fp_checked(m->fd, r, &fp_changed);
	pthread_mutex_lock(&m->lock);
	m->checked_runs++;
	if (!ret)
		m->host_changed |= r->host_changed;
	m->fp_changed |= (uint64_t)fp_changed;
	pthread_mutex_unlock(&m->lock);
	return (int)ret;
}

static void *vcpu_main(void *arg)
{
	struct vcpu *v = arg;
	struct vmm *m = v->m;
	struct hypcore_vcpu_run r = {.vmid = m->vmid, .vcpu = v->index};
	enum step step = STEP_RUN;
	char buf[24];

	while (step == STEP_RUN && !stopping(m)) {
		int err = run_ioctl(m, &r);

		if (err == -EINTR) {
			/* Stopped at a host interrupt: nothing to resume. */
			r.flags = 0;
			continue;
		}
		if (err) {
			vm_say(m, "vcpu %u: VCPU_RUN: %s (%s), stopping the VM", v->index,
			       hc_errname(-err, buf, sizeof(buf)), strerror(-err));
			stop_vm(m, RUN_EXIT_VMM);
			break;
		}
		if (m->trace)
			trace_exit(v, &r);
		r.flags = 0;
		r.value = 0;
		memset(r.ret, 0, sizeof(r.ret));
		step = serve_exit(v, &r);
	}
	flush_line(v);
	pthread_mutex_lock(&m->lock);
	v->live = 0;
	m->live--;
	pthread_cond_broadcast(&m->changed);
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

static void on_kick(int sig)
{
	(void)sig;
}

static void deadline_after(struct timespec *t, unsigned int ms)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_sec += ms / 1000;
	t->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static int past(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

/* Wait for every vCPU thread; time the VM out; kick threads once it stops. */
static void wait_vm(struct vmm *m)
{
	struct timespec end, tick;

	deadline_after(&end, m->timeout * 1000);
	pthread_mutex_lock(&m->lock);
	while (m->live) {
		deadline_after(&tick, KICK_MS);
		pthread_cond_timedwait(&m->changed, &m->lock, &tick);
		if (!m->stopping && m->timeout && past(&end)) {
			vm_say(m, "timeout after %u s, stopping the VM", m->timeout);
			m->stopping = 1;
			m->status = RUN_EXIT_TIMEOUT;
		}
		if (!m->stopping)
			continue;
		for (unsigned int i = 0; i < m->vcpus; i++) {
			if (m->vcpu[i].live)
				pthread_kill(m->vcpu[i].thread, SIGUSR1);
		}
	}
	pthread_mutex_unlock(&m->lock);
	for (unsigned int i = 0; i < m->vcpus; i++)
		pthread_join(m->vcpu[i].thread, NULL);
}

static int load_image(struct vmm *m)
{
	struct stat st;
	int fd = open(m->path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "hypctl run: %s: %s\n", m->path, strerror(errno));
		return -1;
	}
	if ((uint64_t)st.st_size > (uint64_t)m->mib * MIB || st.st_size == 0) {
		fprintf(stderr, "hypctl run: %s: %lld bytes do not fit %u MiB of RAM\n", m->path,
			(long long)st.st_size, m->mib);
		close(fd);
		return -1;
	}
	m->image_len = st.st_size;
	m->image = malloc(m->image_len);
	while (m->image && got < m->image_len) {
		ssize_t n = read(fd, m->image + got, m->image_len - got);

		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	if (!m->image || got != m->image_len) {
		fprintf(stderr, "hypctl run: %s: cannot read it\n", m->path);
		return -1;
	}
	m->image_fnv = fnv1a64(m->image, m->image_len);
	return 0;
}

static int parse_u32(const char *opt, const char *s, unsigned int lo, unsigned int hi,
		     unsigned int *out)
{
	uint64_t v;

	if (!s || hc_parse_u64(s, &v) || v < lo || v > hi) {
		fprintf(stderr, "hypctl run: %s wants a number from %u to %u\n", opt, lo, hi);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

static int parse_args(struct vmm *m, int argc, char **argv)
{
	m->mib = GUEST_RAM_DEFAULT_MIB;
	m->vcpus = 1;
	m->entry = GUEST_RAM_BASE;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--protected")) {
			m->protected = 1;
		} else if (!strcmp(a, "--keep")) {
			m->keep = 1;
		} else if (!strcmp(a, "--trace-exits")) {
			m->trace = 1;
		} else if (!strcmp(a, "--show-pages")) {
			m->show_pages = 1;
		} else if (!strcmp(a, "--check-host")) {
			m->check_host = 1;
		} else if (!strcmp(a, "--mem")) {
			if (parse_u32(a, next, 1, 1024, &m->mib))
				return -1;
			i++;
		} else if (!strcmp(a, "--vcpus")) {
			if (parse_u32(a, next, 1, HVC_MAX_VCPUS, &m->vcpus))
				return -1;
			i++;
		} else if (!strcmp(a, "--timeout")) {
			if (parse_u32(a, next, 1, 86400, &m->timeout))
				return -1;
			i++;
		} else if (!strcmp(a, "--entry")) {
			if (!next || hc_parse_u64(next, &m->entry)) {
				fprintf(stderr, "hypctl run: --entry wants an address\n");
				return -1;
			}
			i++;
		} else if (a[0] == '-' || m->path) {
			fprintf(stderr, "hypctl run: what is '%s'?\n", a);
			return -1;
		} else {
			m->path = a;
		}
	}
	if (!m->path) {
		fprintf(stderr, "hypctl run: no IMAGE\n");
		return -1;
	}
	return 0;
}

/* The VM and its vCPUs; 0, or an exit status. */
static int create_vm(struct vmm *m)
{
	struct hypcore_vm vm = {.flags = m->protected ? HYPCORE_VM_PROTECTED : 0};
	char buf[24];
	int err;

	/* Unless kept, the VM is the open file's: gone with hypctl, however it ends. */
	if (!m->keep)
		vm.flags |= HYPCORE_VM_FD_OWNED;
	err = hc_ioctl(m->fd, HYPCORE_IOC_VM_CREATE, &vm);
	if (err) {
		fprintf(stderr, "hypctl run: create: %s (%s)\n", hc_errname(-err, buf, sizeof(buf)),
			strerror(-err));
		return RUN_EXIT_VMM;
	}
	m->vmid = vm.vmid;
	vm_say(m, "%s, %u MiB at 0x%llx, %u vCPU%s, %s (%zu bytes, fnv1a64 0x%llx)",
	       m->protected ? "protected" : "not protected", m->mib,
	       (unsigned long long)GUEST_RAM_BASE, m->vcpus, m->vcpus > 1 ? "s" : "", m->path,
	       m->image_len, (unsigned long long)m->image_fnv);
	for (unsigned int i = 0; i < m->vcpus; i++) {
		struct hypcore_vcpu_create c = {.vmid = m->vmid,
						.vcpu = i,
						.entry = m->entry,
						.x0 = GUEST_X0_SMP(i, m->vcpus, m->mib)};

		err = hc_ioctl(m->fd, HYPCORE_IOC_VCPU_CREATE, &c);
		if (err) {
			vm_say(m, "vcpu %u: create: %s (%s)", i, hc_errname(-err, buf, sizeof(buf)),
			       strerror(-err));
			return RUN_EXIT_VMM;
		}
	}
	return 0;
}

static int start_vcpus(struct vmm *m)
{
	sigset_t kick, old;
	int err;

	/* The vCPU threads take SIGUSR1; the main thread never does. */
	sigemptyset(&kick);
	sigaddset(&kick, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &kick, &old);
	for (unsigned int i = 0; i < m->vcpus; i++) {
		struct vcpu *v = &m->vcpu[i];

		v->m = m;
		v->index = i;
		v->last_fault = ~0ULL;
		pthread_mutex_lock(&m->lock);
		v->live = 1;
		m->live++;
		pthread_mutex_unlock(&m->lock);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		err = pthread_create(&v->thread, NULL, vcpu_main, v);
		pthread_sigmask(SIG_BLOCK, &kick, NULL);
		if (err) {
			vm_say(m, "vcpu %u: no thread: %s", i, strerror(err));
			m->vcpus = i;
			pthread_mutex_lock(&m->lock);
			m->live--;
			pthread_mutex_unlock(&m->lock);
			stop_vm(m, RUN_EXIT_VMM);
			return -1;
		}
	}
	return 0;
}

int hc_run(int argc, char **argv)
{
	static struct vmm vmm = {
	    .lock = PTHREAD_MUTEX_INITIALIZER,
	};
	struct vmm *m = &vmm;
	struct sigaction sa = {.sa_handler = on_kick}; /* no SA_RESTART: the ioctl returns EINTR */
	pthread_condattr_t ca;
	int status;

	if (parse_args(m, argc, argv)) {
		fputs(run_usage, stderr);
		return RUN_EXIT_USAGE;
	}
	if (load_image(m))
		return RUN_EXIT_USAGE;
	m->mapped = calloc((size_t)m->mib * MIB / PAGE_SIZE, 1);
	m->fd = hc_open();
	if (m->fd < 0) {
		fprintf(stderr, "hypctl run: cannot open %s: %s (is hypcore.ko loaded?)\n",
			HYPCORE_DEVICE, strerror(-m->fd));
		return RUN_EXIT_VMM;
	}
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&m->changed, &ca);
	sigaction(SIGUSR1, &sa, NULL);

	status = create_vm(m);
	if (!status) {
		start_vcpus(m);
		wait_vm(m);
		status = m->status;
	}
	if (m->check_host) {
		if (!m->host_changed && !m->fp_changed)
			vm_say(m, "host state unchanged over %llu runs",
			       (unsigned long long)m->checked_runs);
		else
			vm_say(
			    m,
			    "host state CHANGED: EL1 registers 0x%llx (module's order), FP/SIMD %s",
			    (unsigned long long)m->host_changed,
			    m->fp_changed ? "changed" : "kept");
	}
	if (m->vmid && m->keep) {
		vm_say(m, "kept (vmid %llu): hypctl destroy %llu frees it",
		       (unsigned long long)m->vmid, (unsigned long long)m->vmid);
	} else if (m->vmid) {
		struct hypcore_vm vm = {.vmid = m->vmid};
		char buf[24];
		int err = hc_ioctl(m->fd, HYPCORE_IOC_VM_DESTROY, &vm);

		if (err)
			vm_say(m, "destroy: %s (%s)", hc_errname(-err, buf, sizeof(buf)),
			       strerror(-err));
		else
			vm_say(m, "destroyed, status %d", status);
	}
	close(m->fd);
	return status;
}
