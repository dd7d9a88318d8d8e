// SPDX-License-Identifier: MIT
/*
 * Page ownership attacked from the host (issue 5, item 5). The pages under
 * test are this process's own: an mlocked buffer whose physical addresses
 * /proc/self/pagemap gives, so that raw SET_NPT can name the same page
 * from several VMs and threads, and the page stays ours after it comes
 * back. While a page is donated nothing here touches it through the
 * buffer (the host would fault at EL0, which Linux just retries).
 *
 *   own        donated page unreachable by the host (PROBE efault, LOAD /
 *              STORE eperm), the attacks that must answer eperm, unmap and
 *              destroy giving pages back zeroed, donating them again
 *   own-smp N  4 threads pinned to CPUs 0..3 donating, sharing and
 *              unmapping the same pages in the same and different VMs;
 *              every answer and the final state checked against the rules
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "e2e.h"

#define NPAGES	32
#define PA_MASK 0x0000fffffffff000ULL
#define PATTERN 0x0123456789abcdefULL
#define LEAF_RW (S2_ATTR_RW | S2_PAGE)

static volatile u64 *buf;
static u64 pa[NPAGES];

/* The buffer: NPAGES pages, present and locked, their physical addresses. */
static bool get_pages(void)
{
	int fd;

	buf = mmap(NULL, NPAGES * SZ_4K, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED)
		return false;
	madvise((void *)buf, NPAGES * SZ_4K, MADV_NOHUGEPAGE);
	if (mlock((void *)buf, NPAGES * SZ_4K))
		return false;
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		return false;
	for (int i = 0; i < NPAGES; i++) {
		u64 e = 0, va = (u64)(uintptr_t)buf + i * SZ_4K;

		buf[i * SZ_4K / 8] = PATTERN + i;
		if (pread(fd, &e, 8, (off_t)(va / SZ_4K * 8)) != 8 || !(e >> 63))
			return close(fd), false;
		pa[i] = (e & ((1ULL << 55) - 1)) * SZ_4K;
	}
	close(fd);
	return true;
}

static long vm_private(u64 *vmid)
{
	return vm_create_flags(HYPCORE_VM_PRIVATE, vmid);
}

static u64 host_level(u64 p)
{
	u64 l = 9;

	level(0, p, &l);
	return l;
}

/* A donated page: the host cannot touch it, nor reach it through the VM. */
static void donated_unreachable(u64 vm, u64 ipa, u64 p)
{
	u64 v = 0x5a5a5a5a5a5a5a5aULL, w = 0;

	check_status("probe.read-donated.efault", -EFAULT, probe(p, false, &v));
	check_status("probe.write-donated.efault", -EFAULT, probe(p, true, &v));
	check(!walk(vm, ipa, &w) && (w & PA_MASK) == p, "own.host-still-answers",
	      "walk after the faults: %#llx", (unsigned long long)w);
	check_status("own.load-donated.eperm", -EPERM, load(vm, ipa, &v));
	check_status("own.store-donated.eperm", -EPERM, store(vm, ipa, 1));
	check_value("own.host-s2-drops-donated", 0, host_level(p));
}

/* The attacks: each must answer eperm and change nothing. */
static void attacks(u64 p1, u64 p2, u64 shared, u64 donated_pa)
{
	u64 w = 1;

	check_status("own.map-image.eperm", -EPERM, set_npt(p2, 0x1000, 3, IMAGE_START, PERM_RW));
	check_status("own.map-pool.eperm", -EPERM,
		     set_npt(p2, 0x1000, 3, (POOL_START + SZ_2M), PERM_RW));
	check_status("own.map-other-vms-page.eperm", -EPERM,
		     set_npt(p2, 0x1000, 3, donated_pa, PERM_RW));
	check_status("own.share-other-vms-page.eperm", -EPERM,
		     set_npt(shared, 0x1000, 3, donated_pa, PERM_RW));
	check_status("own.map-same-vm-page-again.eperm", -EPERM,
		     set_npt(p1, 0x9000, 3, donated_pa, PERM_RW));
	check(!walk(p2, 0x1000, &w) && w == 0, "own.attacks-changed-nothing", "walk %#llx",
	      (unsigned long long)w);

	check_status("own.donate-user-page", 0, set_npt(p2, 0x2000, 3, pa[0], PERM_RW));
	check_status("own.donate-page-twice.eperm", -EPERM, set_npt(p2, 0x3000, 3, pa[0], PERM_RW));
	check_status("own.share-user-page", 0, set_npt(shared, 0x2000, 3, pa[1], PERM_RW));
	check_status("own.donate-shared-page.eperm", -EPERM,
		     set_npt(p2, 0x4000, 3, pa[1], PERM_RW));
	check_status("own.unshare", 0, unmap(shared, 0x2000));
}

/* Pages 2..9 donated to a VM, then destroy: each comes back zeroed. */
static void destroy_gives_back(void)
{
	u64 vm = 0, v = 1, bad = 0, lvl_bad = 0;
	int i;

	check_status("own.create-for-destroy", 0, vm_private(&vm));
	for (i = 2; i < 10; i++)
		bad += set_npt(vm, 0x10000 + i * SZ_4K, 3, pa[i], PERM_RW) != 0;
	check_value("own.donate-8-pages", 0, bad);
	check_status("own.destroy", 0, vm_destroy(vm));
	for (bad = 0, i = 2; i < 10; i++) {
		bad += probe(pa[i], false, &v) || v != 0;
		lvl_bad += host_level(pa[i]) == 0;
	}
	check_value("own.destroyed-pages-read-zero", 0, bad);
	check_value("own.destroyed-pages-back-in-host-s2", 0, lvl_bad);
	for (bad = 0, i = 2; i < 10; i++)
		bad += buf[i * SZ_4K / 8] != 0;
	check_value("own.destroyed-pages-zero-in-user-buffer", 0, bad);

	check_status("own.create-again", 0, vm_private(&vm));
	for (bad = 0, i = 2; i < 10; i++)
		bad += set_npt(vm, 0x20000 + i * SZ_4K, 3, pa[i], PERM_RW) != 0;
	check_value("own.donate-again", 0, bad);
	buf[10 * SZ_4K / 8] = PATTERN;
	check_status("own.donate-for-unmap", 0, set_npt(vm, 0x40000, 3, pa[10], PERM_RW));
	check_status("own.unmap-donated", 0, unmap(vm, 0x40000));
	check(!probe(pa[10], false, &v) && v == 0, "own.unmapped-page-reads-zero", "value %#llx",
	      (unsigned long long)v);
	check_status("own.destroy-again", 0, vm_destroy(vm));
}

/*
 * A protected VM (ABI 2.0), attacked: the host may not take its page back
 * (UNMAP eperm), swap it (a leaf over it: eexist), nor read it (PROBE
 * faults); at destroy the page comes back zeroed. User pages 20, 21.
 */
static void protected_attacked(void)
{
	u64 vm = 0, v = 0, w = 0;

	buf[20 * SZ_4K / 8] = PATTERN;
	if (!check_status("own.protected.create", 0, vm_create_flags(HYPCORE_VM_PROTECTED, &vm)))
		return;
	check_status("own.protected.donate", 0, set_npt(vm, 0x1000, 3, pa[20], PERM_RW));
	check_status("own.protected.unmap.eperm", -EPERM, unmap(vm, 0x1000));
	check_status("own.protected.set-over-mapped.eexist", -EEXIST,
		     set_npt(vm, 0x1000, 3, pa[21], PERM_RW));
	check_status("own.protected.map-over-mapped.eexist", -EEXIST, map_mem(vm, 0x1000, 0, NULL));
	check_status("probe.read-protected.efault", -EFAULT, probe(pa[20], false, &v));
	check(!walk(vm, 0x1000, &w) && (w & PA_MASK) == pa[20], "own.protected.leaf-unchanged",
	      "walk %#llx", (unsigned long long)w);
	check_value("own.protected.host-s2-drops-page", 0, host_level(pa[20]));
	check(!probe(pa[21], false, &v) && v == PATTERN + 21,
	      "own.protected.offered-page-untouched", "value %#llx", (unsigned long long)v);
	check_status("own.protected.destroy", 0, vm_destroy(vm));
	v = 1;
	check(!probe(pa[20], false, &v) && v == 0, "own.protected.destroyed-page-reads-zero",
	      "value %#llx", (unsigned long long)v);
}

int run_own(void)
{
	u64 p1 = 0, p2 = 0, shared = 0, pte = 0, v = 0;

	if (!check(get_pages(), "own.user-pages", "mmap/mlock/pagemap: %s", strerror(errno)))
		return 1;
	check(!probe(pa[0], false, &v) && v == PATTERN, "own.probe-user-page", "read %#llx",
	      (unsigned long long)v);
	check_status("own.create-private", 0, vm_private(&p1));
	check_status("own.create-private-2", 0, vm_private(&p2));
	check_status("own.create-shared", 0, vm_create(&shared));
	check_status("own.map-donated", 0, map_mem(p1, 0x1000, 0, &pte));
	donated_unreachable(p1, 0x1000, pte);
	attacks(p1, p2, shared, pte);
	destroy_gives_back();
	protected_attacked();
	check_status("own.destroy-private", 0, vm_destroy(p1));
	check_status("own.destroy-private-2", 0, vm_destroy(p2));
	check_status("own.destroy-shared", 0, vm_destroy(shared));
	return 0;
}

/*
 * The hammer. Pages FIRST_RACED.. are fought over by every thread; each
 * thread has slots of its own in three VMs: its own private VM, a
 * private VM all threads use, and a shared VM all threads use. Only its
 * owner changes a slot, so each thread knows its slots exactly; what the
 * others hold it does not, so an answer is judged by what the thread knows:
 * set is ok or eperm, and eperm for sure when the thread itself already
 * holds the page donated, or shared and now wants to donate it; unmap and
 * destroy are ok. At the end the slots of all threads together must obey
 * the rules: a page donated at most once and then not shared, and out of
 * the host's stage-2 exactly when donated.
 */
#define NCPU	    4
#define NSLOT	    8
#define FIRST_RACED 16
#define NRACED	    (NPAGES - FIRST_RACED)
#define RECREATE    500
enum { K_PRIV, K_COMMON, K_SHARED, NKIND };

struct hammer {
	int cpu;
	u64 seed, priv;
	int slot[NKIND][NSLOT]; /* page index, -1 when empty */
	unsigned long steps, ok, eperm, mismatches;
	char first[160];
};

static u64 common_vm, shared_vm;
static pthread_barrier_t go;
static unsigned long hammer_steps = 3000;

static u64 rnd(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static u64 kind_vm(const struct hammer *h, int kind)
{
	return kind == K_PRIV ? h->priv : kind == K_COMMON ? common_vm : shared_vm;
}

static u64 slot_ipa(const struct hammer *h, int s)
{
	return (u64)(h->cpu + 1) * 0x100000 + s * SZ_4K;
}

static void bad(struct hammer *h, const char *what, int kind, int s, long got)
{
	if (!h->mismatches++)
		snprintf(h->first, sizeof(h->first), "cpu %d step %lu: %s kind %d slot %d: %s",
			 h->cpu, h->steps, what, kind, s, status_name(got));
}

/* How this thread holds page k: 2 donated, 1 shared, 0 not at all. */
static int holds(const struct hammer *h, int k)
{
	int how = 0;

	for (int kind = 0; kind < NKIND; kind++)
		for (int s = 0; s < NSLOT; s++)
			if (h->slot[kind][s] == k)
				how = kind == K_SHARED ? (how ? how : 1) : 2;
	return how;
}

static void hammer_set(struct hammer *h, int kind, int s, int k)
{
	int held = holds(h, k);
	bool must_fail = held == 2 || (held == 1 && kind != K_SHARED);
	long got = set_npt(kind_vm(h, kind), slot_ipa(h, s), 3, pa[k], PERM_RW);

	if (got == 0 && !must_fail) {
		h->ok++;
		h->slot[kind][s] = k;
	} else if (got == -EPERM) {
		h->eperm++;
	} else {
		bad(h, must_fail ? "set of a page it holds" : "set", kind, s, got);
	}
}

static void hammer_step(struct hammer *h)
{
	u64 r = rnd(&h->seed), w = 0;
	int kind = r % NKIND, s = (r >> 8) % NSLOT, k = FIRST_RACED + (r >> 16) % NRACED;
	int cur = h->slot[kind][s];
	long got;

	switch ((r >> 24) % 10) {
	case 0 ... 4:
		hammer_set(h, kind, s, k);
		break;
	case 5 ... 7:
		got = unmap(kind_vm(h, kind), slot_ipa(h, s));
		if (got)
			bad(h, "unmap", kind, s, got);
		h->slot[kind][s] = -1;
		break;
	default:
		got = walk(kind_vm(h, kind), slot_ipa(h, s), &w);
		if (got || w != (cur < 0 ? 0 : pa[cur] | LEAF_RW))
			bad(h, "walk", kind, s, got ? got : -1000);
	}
}

static void *hammer_run(void *arg)
{
	struct hammer *h = arg;
	cpu_set_t set;
	long got;

	CPU_ZERO(&set);
	CPU_SET(h->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) || vm_private(&h->priv))
		bad(h, "pin or create", 0, 0, -EINVAL);
	pthread_barrier_wait(&go);
	for (h->steps = 1; h->steps <= hammer_steps; h->steps++) {
		hammer_step(h);
		if (h->steps % RECREATE)
			continue;
		got = vm_destroy(h->priv);
		if (!got)
			got = vm_private(&h->priv);
		if (got)
			bad(h, "destroy and create", K_PRIV, 0, got);
		memset(h->slot[K_PRIV], 0xff, sizeof(h->slot[K_PRIV]));
	}
	return NULL;
}

/* Every slot as its thread's record says; every page held as the rules allow. */
static void hammer_final(struct hammer *h)
{
	unsigned long slot_bad = 0, rule_bad = 0, s2_bad = 0;
	int donated[NPAGES] = {0}, shared[NPAGES] = {0};

	for (int c = 0; c < NCPU; c++)
		for (int kind = 0; kind < NKIND; kind++)
			for (int s = 0; s < NSLOT; s++) {
				int k = h[c].slot[kind][s];
				u64 w = 1;

				if (walk(kind_vm(&h[c], kind), slot_ipa(&h[c], s), &w) ||
				    w != (k < 0 ? 0 : pa[k] | LEAF_RW))
					slot_bad++;
				if (k >= 0 && kind == K_SHARED)
					shared[k]++;
				else if (k >= 0)
					donated[k]++;
			}
	for (int k = FIRST_RACED; k < NPAGES; k++) {
		rule_bad += donated[k] > 1 || (donated[k] && shared[k]);
		s2_bad += (host_level(pa[k]) == 0) != (donated[k] == 1);
	}
	check_value("own-smp.slots-match-records", 0, slot_bad);
	check_value("own-smp.each-page-donated-once-or-shared", 0, rule_bad);
	check_value("own-smp.host-s2-lacks-exactly-donated", 0, s2_bad);
}

int run_own_smp(int argc, char **argv)
{
	struct hammer h[NCPU];
	pthread_t th[NCPU];
	unsigned long mism = 0, ok = 0, eperm = 0, back = 0;
	char first[160] = "";

	if (argc > 0)
		hammer_steps = strtoul(argv[0], NULL, 0);
	if (!check(get_pages(), "own-smp.user-pages", "mmap/mlock/pagemap: %s", strerror(errno)))
		return 1;
	check_status("own-smp.create-common", 0, vm_private(&common_vm));
	check_status("own-smp.create-shared", 0, vm_create(&shared_vm));
	pthread_barrier_init(&go, NULL, NCPU);
	memset(h, 0, sizeof(h));
	for (int c = 0; c < NCPU; c++) {
		h[c].cpu = c;
		h[c].seed = 0x9e3779b97f4a7c15ULL * (c + 1);
		memset(h[c].slot, 0xff, sizeof(h[c].slot));
		if (pthread_create(&th[c], NULL, hammer_run, &h[c]))
			return check(false, "own-smp.threads", "pthread_create failed"), 1;
	}
	for (int c = 0; c < NCPU; c++) {
		pthread_join(th[c], NULL);
		mism += h[c].mismatches;
		ok += h[c].ok;
		eperm += h[c].eperm;
		if (h[c].mismatches && !first[0])
			snprintf(first, sizeof(first), "%s", h[c].first);
	}
	printf("E2E-INFO: own-smp %d CPUs x %lu steps: %lu sets ok, %lu eperm\n", NCPU,
	       hammer_steps, ok, eperm);
	check(mism == 0, "own-smp.answers-follow-rules", "%lu mismatches, first: %s", mism, first);
	check(ok > 0 && eperm > 0, "own-smp.both-outcomes-seen", "ok %lu eperm %lu", ok, eperm);
	hammer_final(h);
	for (int c = 0; c < NCPU; c++)
		back += vm_destroy(h[c].priv) != 0;
	back += vm_destroy(common_vm) != 0;
	back += vm_destroy(shared_vm) != 0;
	check_value("own-smp.destroy-all", 0, back);
	for (int k = FIRST_RACED; k < NPAGES; k++)
		back += host_level(pa[k]) == 0;
	check_value("own-smp.all-pages-back-with-host", 0, back);
	return 0;
}
