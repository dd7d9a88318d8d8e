// SPDX-License-Identifier: MIT
/*
 * DMA attacks from a hostile host (issue 9; tests/e2e/dma_test.sh). The
 * host aims its devices, through hypcore_dma.ko, at memory its CPU cannot
 * reach: a page donated to a private VM, a page-table pool page, the
 * page ownership records, the image. Each DMA must be stopped by the
 * core's SMMU tables (an identity map of exactly what the host's stage-2
 * maps): the target unchanged as far as the core can tell, an event
 * recorded (DMA_EVENTS: count up, the last record's input address in the
 * target page), and the host still running. fw_cfg's DMA, which no SMMU
 * fronts, must be out of the host's reach altogether; so must any virtio
 * device that lets its driver skip ACCESS_PLATFORM (QEMU then does its
 * DMA past the IOMMU).
 *
 *   hc_e2e dma [ONLY]       ONLY: a comma list of attacks to run (donated,
 *                           pool, records, fw-cfg, live, smmu, gic), for
 *                           showing one attack on a core without the fix
 *   hc_e2e dma-rng          the host's virtio-rng at a VM's descriptor
 *   hc_e2e dma-image [PA]   DMA at the image page PA (default the image's
 *                           first page; dma_test.sh names the page of the
 *                           hypercall table): last, it breaks an unfixed core
 *   hc_e2e dma-demo         one DMA at a donated page, the event printed
 *
 * The host's own buffers are this process's mlocked pages (physical
 * addresses from /proc/self/pagemap), as in e2e_own.c. Transfers are whole
 * pages, so that either copy engine (edu, or a virtio-blk disk) does them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hypcore_dma_uapi.h>

#include "e2e.h"

#define NBUF	 8
#define PA_MASK	 0x0000fffffffff000ULL
#define LEAF_RW	 (S2_ATTR_RW | S2_PAGE)
#define PATTERN	 0x5a
#define IPA_DON	 0x1000ULL /* the private VM's mapped page */
#define IPA_LIVE 0x2000ULL /* where a page still under DMA is donated */

/* QEMU virt's device frames the host must (not) reach. */
#define FW_CFG_PA	 0x09020000ULL
#define SMMU_PA		 0x09050000ULL
#define GICR_PA		 0x080a0000ULL
#define GICR_STRIDE	 0x20000ULL /* RD_base + SGI_base, 64 KiB each */
#define GICR_TYPER	 0x8
#define GICR_TYPER_PLPIS 0x1ULL
#define NCPUS		 4

/* The buffers: a pattern page, a zero page, and scratch pages. */
enum { B_PATTERN, B_ZERO, B_DST, B_LIVE, B_LIVE2, B_SCRATCH };

static int dma_fd = -1;
static unsigned char *buf;
static u64 buf_pa[NBUF];

static unsigned char *page(int i)
{
	return buf + i * SZ_4K;
}

static bool get_buffers(void)
{
	int fd;

	buf = mmap(NULL, NBUF * SZ_4K, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED || mlock(buf, NBUF * SZ_4K))
		return false;
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		return false;
	for (int i = 0; i < NBUF; i++) {
		u64 e = 0, va = (u64)(uintptr_t)page(i);

		memset(page(i), 0xee, SZ_4K);
		if (pread(fd, &e, 8, (off_t)(va / SZ_4K * 8)) != 8 || !(e >> 63))
			return close(fd), false;
		buf_pa[i] = (e & ((1ULL << 55) - 1)) * SZ_4K;
	}
	close(fd);
	memset(page(B_PATTERN), PATTERN, SZ_4K);
	memset(page(B_ZERO), 0, SZ_4K);
	return true;
}

static long dma_ioctl(unsigned long cmd, void *arg)
{
	return ioctl(dma_fd, cmd, arg) ? -errno : 0;
}

/* One page between pa and the engine's buffer. */
static long xfer(u64 pa, u64 dir)
{
	struct hypcore_dma_xfer x = {.pa = pa, .len = SZ_4K, .dir = dir};

	return dma_ioctl(HYPCORE_DMA_IOC_XFER, &x);
}

/* Fill the engine's buffer from one of our pages, then DMA it to target. */
static long dma_write(int from, u64 target, long *load_status)
{
	*load_status = xfer(buf_pa[from], HYPCORE_DMA_TO_DEVICE);
	return xfer(target, HYPCORE_DMA_TO_RAM);
}

static long dma_events(struct hypcore_dma_events *e)
{
	memset(e, 0, sizeof(*e));
	return hc(HYPCORE_IOC_DMA_EVENTS, e);
}

static long mmio_read(u64 pa, u64 *value)
{
	struct hypcore_dma_mmio m = {.pa = pa};
	long ret = dma_ioctl(HYPCORE_DMA_IOC_MMIO_READ, &m);

	*value = m.value;
	return ret;
}

static bool all_bytes(const unsigned char *p, unsigned char v)
{
	for (u64 i = 0; i < SZ_4K; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* The Call UID still answered: the core is alive and itself. */
static bool core_answers(void)
{
	struct hypcore_query q = {.id = HVC_CALL_UID};

	return !hc(HYPCORE_IOC_QUERY, &q) && q.res[0] == HVC_UID_W0 && q.res[3] == HVC_UID_W3;
}

static bool event_type_ok(u64 word0)
{
	u64 type = word0 & 0xff;

	return type >= HVC_DMA_EVT_TRANSLATION && type <= HVC_DMA_EVT_PERMISSION;
}

/*
 * The DMA at target was stopped: one more event, the last one inside the
 * target page, with a translation-table fault type; and the host still
 * runs. (QEMU retries a failed write a few bytes further on: one blocked
 * page gives many records, the first naming the target, the last some
 * address after it in the same page.)
 */
static void check_blocked(const char *what, u64 target, const struct hypcore_dma_events *before,
			  long load_status, long status)
{
	struct hypcore_dma_events after;
	char name[64];
	long ret = dma_events(&after);

	printf("E2E-INFO: dma %s: target %#llx, engine load %s, dma %s, events %llu -> %llu, "
	       "last type %#llx stream %#llx addr %#llx\n",
	       what, (unsigned long long)target, status_name(load_status), status_name(status),
	       (unsigned long long)before->count, (unsigned long long)after.count,
	       (unsigned long long)(after.word0 & 0xff), (unsigned long long)(after.word0 >> 32),
	       (unsigned long long)after.addr);
	snprintf(name, sizeof(name), "dma.%s.event-recorded", what);
	check(!ret && after.count > before->count, name, "DMA_EVENTS %s, count %llu -> %llu",
	      status_name(ret), (unsigned long long)before->count, (unsigned long long)after.count);
	snprintf(name, sizeof(name), "dma.%s.event-names-target", what);
	check(!ret && (after.addr & PA_MASK) == (target & PA_MASK) && event_type_ok(after.word0),
	      name, "last event: type %#llx address %#llx (target %#llx)",
	      (unsigned long long)(after.word0 & 0xff), (unsigned long long)after.addr,
	      (unsigned long long)target);
	snprintf(name, sizeof(name), "dma.%s.host-still-runs", what);
	check(core_answers() && !load_status, name, "Call UID %s, engine load %s",
	      core_answers() ? "answered" : "not answered", status_name(load_status));
}

struct world {
	u64 prot, prot2, shared; /* VMs: private (with a page), private, shared */
	u64 don_pa, don_pte;	 /* the page donated to prot at IPA_DON */
	u64 sh_pte, sh_root;	 /* shared's page at IPA_DON, its root table page */
	u64 sh_leaf;		 /* where its level-3 table holds that page's descriptor */
	u64 records;		 /* first page of the ownership records */
	u64 image_pa;		 /* the image page to aim at */
	struct hypcore_dma_events ev;
};

/* Owner records: 4 bytes per page of RAM, just below the pools, 2 MiB rounded. */
static u64 records_start(void)
{
	struct hypcore_pool_usage u;
	u64 size = ((POOL_END - RAM_START) / SZ_4K * 4 + SZ_2M - 1) & ~(SZ_2M - 1);

	if (pool_usage(0, HVC_AREA_ROOT, &u))
		return 0;
	return (u.start & ~(SZ_2M - 1)) - size;
}

static bool set_up(struct world *w, const char *prefix)
{
	char name[64];
	struct hypcore_pool_usage u;
	bool ok;

	ok = !vm_create_flags(HYPCORE_VM_PRIVATE, &w->prot) &&
	     !vm_create_flags(HYPCORE_VM_PRIVATE, &w->prot2) && !vm_create(&w->shared) &&
	     !map_mem(w->prot, IPA_DON, 0, &w->don_pa) &&
	     !map_mem(w->shared, IPA_DON, 0, &w->sh_pte) &&
	     !pool_usage(w->shared, HVC_AREA_ROOT, &u);
	w->sh_root = u.start;
	ok = ok && !pool_usage(w->shared, HVC_AREA_PMD, &u) && u.used == 1;
	w->sh_leaf = u.start + (IPA_DON / SZ_4K % 512) * 8;
	w->don_pte = w->don_pa | LEAF_RW;
	w->sh_pte |= LEAF_RW;
	w->records = records_start();
	printf("E2E-INFO: dma vms %llu (private, page %#llx) %llu (private) %llu (shared, "
	       "root table %#llx, leaf at %#llx), records %#llx, image target %#llx\n",
	       (unsigned long long)w->prot, (unsigned long long)w->don_pa,
	       (unsigned long long)w->prot2, (unsigned long long)w->shared,
	       (unsigned long long)w->sh_root, (unsigned long long)w->sh_leaf,
	       (unsigned long long)w->records, (unsigned long long)w->image_pa);
	snprintf(name, sizeof(name), "%s.set-up", prefix);
	return check(ok && w->records, name, "create/map/pool_usage failed");
}

/*
 * The donated page still counts as the VM's: LOAD eperm, a second donation
 * eperm. (eperm is -1, as NOT_SUPPORTED is: those two mean something only
 * while WALK still answers, which is checked with them.)
 */
static bool donated_unchanged(const char *what, const struct world *w)
{
	char name[64];
	u64 v = 0, pte = 0;
	bool ok;

	snprintf(name, sizeof(name), "dma.%s.load-still-eperm", what);
	ok = check_status(name, -EPERM, load(w->prot, IPA_DON, &v));
	snprintf(name, sizeof(name), "dma.%s.second-donation-eperm", what);
	ok &= check_status(name, -EPERM, set_npt(w->prot2, IPA_DON, 3, w->don_pa, PERM_RW));
	snprintf(name, sizeof(name), "dma.%s.private-vm-walk-same", what);
	ok &=
	    check(!walk(w->prot, IPA_DON, &pte) && pte == w->don_pte, name, "walk %#llx, was %#llx",
		  (unsigned long long)pte, (unsigned long long)w->don_pte);
	return ok;
}

static void shared_walk_same(const char *what, const struct world *w)
{
	char name[64];
	u64 pte = 0;
	long ret = walk(w->shared, IPA_DON, &pte);

	snprintf(name, sizeof(name), "dma.%s.shared-vm-walk-same", what);
	check(!ret && pte == w->sh_pte, name, "walk %s %#llx, was %#llx", status_name(ret),
	      (unsigned long long)pte, (unsigned long long)w->sh_pte);
}

/* The host's ordinary DMA: virtio-rng fills the buffer Linux gave it. */
static void hwrng(void)
{
	unsigned char r[64] = {0};
	int fd = open("/dev/hwrng", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, r, sizeof(r));
	bool nonzero = false;

	for (ssize_t i = 0; i < n; i++)
		nonzero |= r[i] != 0;
	check(n > 0 && nonzero, "dma.hwrng", "/dev/hwrng: %zd bytes%s (%s)", n,
	      nonzero ? "" : ", all zero", fd < 0 ? strerror(errno) : "read");
	if (fd >= 0)
		close(fd);
}

/* The engine copies one of our pages into another: the data is right. */
static void own_copy(void)
{
	struct hypcore_dma_events a, b;
	long r1, r2, e1 = dma_events(&a), e2;

	memset(page(B_DST), 0, SZ_4K);
	r1 = xfer(buf_pa[B_PATTERN], HYPCORE_DMA_TO_DEVICE);
	r2 = xfer(buf_pa[B_DST], HYPCORE_DMA_TO_RAM);
	check(!r1 && !r2, "dma.copy-own-buffer", "to device %s, to RAM %s", status_name(r1),
	      status_name(r2));
	check(all_bytes(page(B_DST), PATTERN), "dma.copy-own-buffer.data",
	      "first byte %#x, want %#x", page(B_DST)[0], PATTERN);
	e2 = dma_events(&b);
	check_status("dma.events-call", 0, e1 ? e1 : e2);
	check(!e1 && !e2 && a.count == b.count, "dma.copy-own-buffer.no-event",
	      "events %llu -> %llu", (unsigned long long)a.count, (unsigned long long)b.count);
}

static void attack_donated(struct world *w)
{
	long ld, st;

	dma_events(&w->ev);
	st = dma_write(B_PATTERN, w->don_pa, &ld);
	check_blocked("donated", w->don_pa, &w->ev, ld, st);
	donated_unchanged("donated", w);
}

/* The shared VM's root table page, overwritten with zeroes, would empty its tables. */
static void attack_pool(struct world *w)
{
	long ld, st;

	dma_events(&w->ev);
	st = dma_write(B_ZERO, w->sh_root, &ld);
	check_blocked("pool", w->sh_root, &w->ev, ld, st);
	shared_walk_same("pool", w);
}

/* Zeroed records would say the host owns the donated page again. */
static void attack_records(struct world *w)
{
	u64 target = (w->records + (w->don_pa - RAM_START) / SZ_4K * 4) & ~(SZ_4K - 1);
	long ld, st;

	dma_events(&w->ev);
	st = dma_write(B_ZERO, target, &ld);
	check_blocked("records", target, &w->ev, ld, st);
	donated_unchanged("records", w);
}

/* A zeroed hypercall table would answer NOT_SUPPORTED to every call. */
static void attack_image(struct world *w)
{
	long ld, st;

	dma_events(&w->ev);
	st = dma_write(B_ZERO, w->image_pa, &ld);
	check_blocked("image", w->image_pa, &w->ev, ld, st);
	shared_walk_same("image", w);
	donated_unchanged("image", w);
}

/*
 * fw_cfg's DMA: QEMU would write item 1 (FW_CFG_ID, 4 bytes: 3) and four
 * zeroes over the shared VM's level-3 descriptor of IPA_DON, making it a
 * "page" at physical 0. The host must not reach fw_cfg at all (efault).
 */
#define FW_CFG_KEY_ID 1

static void attack_fw_cfg(struct world *w)
{
	struct hypcore_dma_fw_cfg f = {.pa = w->sh_leaf, .len = 8, .key = FW_CFG_KEY_ID};
	long ret = dma_ioctl(HYPCORE_DMA_IOC_FW_CFG, &f);
	u64 v = 0;

	printf("E2E-INFO: dma fw_cfg: DMA at %#llx answered %s, control %#llx\n",
	       (unsigned long long)f.pa, status_name(ret), (unsigned long long)f.control);
	check_status("dma.fw-cfg.dma-register.efault", -EFAULT, ret);
	shared_walk_same("fw-cfg", w);
	check_status("dma.fw-cfg.data-register.efault", -EFAULT, mmio_read(FW_CFG_PA, &v));
	check(core_answers(), "dma.fw-cfg.host-still-runs", "Call UID not answered");
}

/*
 * A page the host still has a device mapping for (it DMAs into it) is
 * donated: from the moment SET_NPT returns, DMA cannot reach it. Given
 * back, by UNMAP or by destroying the VM, DMA reaches it again and reads
 * the zeroes the core left there.
 */
static void donate_live(struct world *w, int b, bool by_destroy)
{
	const char *what = by_destroy ? "donate-live-destroy" : "donate-live-unmap";
	u64 p = buf_pa[b], vm = w->prot;
	char name[80];
	long ld, st, ret;

	memset(page(b), 0, SZ_4K);
	st = dma_write(B_PATTERN, p, &ld);
	snprintf(name, sizeof(name), "dma.%s.dma-before", what);
	check(!ld && !st && all_bytes(page(b), PATTERN), name, "dma %s, first byte %#x",
	      status_name(st), page(b)[0]);

	if (by_destroy && vm_create_flags(HYPCORE_VM_PRIVATE, &vm))
		vm = 0;
	snprintf(name, sizeof(name), "dma.%s.donate", what);
	check_status(name, 0, set_npt(vm, IPA_LIVE, 3, p, PERM_RW));
	dma_events(&w->ev);
	st = dma_write(B_ZERO, p, &ld);
	check_blocked(what, p, &w->ev, ld, st);

	ret = by_destroy ? vm_destroy(vm) : unmap(vm, IPA_LIVE);
	snprintf(name, sizeof(name), "dma.%s.give-back", what);
	check_status(name, 0, ret);
	/* Read it back by DMA only: page -> engine buffer -> a scratch page. */
	xfer(buf_pa[B_PATTERN], HYPCORE_DMA_TO_DEVICE);
	memset(page(B_SCRATCH), 0xee, SZ_4K);
	ld = xfer(p, HYPCORE_DMA_TO_DEVICE);
	st = xfer(buf_pa[B_SCRATCH], HYPCORE_DMA_TO_RAM);
	snprintf(name, sizeof(name), "dma.%s.dma-reads-zero", what);
	check(!ld && !st && all_bytes(page(B_SCRATCH), 0), name, "dma %s/%s, first byte %#x",
	      status_name(ld), status_name(st), page(B_SCRATCH)[0]);
}

/*
 * The SMMU's registers, as the host sees them. (On a machine without an
 * SMMU the read is a bus error, an external abort the host cannot
 * recover from: this check assumes the SMMU is there.)
 */
static void smmu_frame(void)
{
	u64 v = 0;
	long ret = mmio_read(SMMU_PA, &v);

	printf("E2E-INFO: dma SMMU frame %#llx: %s %#llx\n", SMMU_PA, status_name(ret),
	       (unsigned long long)v);
	check_status("dma.smmu-frame.efault", -EFAULT, ret);
}

/* The GIC's LPI support: with LPIs, the redistributors would DMA too. */
static void gic_lpis(void)
{
	u64 v = 0, plpis = 0;
	long ret, bad = 0;

	for (int cpu = 0; cpu < NCPUS; cpu++) {
		u64 pa = GICR_PA + cpu * GICR_STRIDE + GICR_TYPER;

		ret = mmio_read(pa, &v);
		printf("E2E-INFO: dma GICR_TYPER of cpu %d (%#llx): %s %#llx\n", cpu,
		       (unsigned long long)pa, status_name(ret), (unsigned long long)v);
		bad += ret != 0;
		plpis |= v & GICR_TYPER_PLPIS;
	}
	check(!bad, "dma.gic.redistributors-readable", "%ld of %d reads failed", bad, NCPUS);
	check(!bad && !plpis, "dma.gic.plpis-0", "GICR_TYPER.PLPIS set: the GIC would DMA");
}

static bool open_dma(const char *prefix, bool engine)
{
	struct hypcore_dma_info info = {0};
	char name[64];

	dma_fd = open(HYPCORE_DMA_DEVICE, O_RDWR);
	snprintf(name, sizeof(name), "%s.open-dev-hypcore-dma", prefix);
	if (!check(dma_fd >= 0, name, "open %s: %s", HYPCORE_DMA_DEVICE, strerror(errno)))
		return false;
	snprintf(name, sizeof(name), "%s.engine", prefix);
	if (engine && !check(!dma_ioctl(HYPCORE_DMA_IOC_INFO, &info), name, "no copy engine: %s",
			     strerror(errno)))
		return false;
	if (engine)
		printf("E2E-INFO: dma engine %s (pci %04llx:%04llx at %02llx:%02llx.%llx)\n",
		       info.engine == HYPCORE_DMA_ENGINE_EDU ? "edu" : "virtio-blk",
		       (unsigned long long)(info.pci_id >> 16),
		       (unsigned long long)(info.pci_id & 0xffff),
		       (unsigned long long)(info.bdf >> 8),
		       (unsigned long long)((info.bdf >> 3) & 0x1f),
		       (unsigned long long)(info.bdf & 7));
	snprintf(name, sizeof(name), "%s.buffers", prefix);
	return check(get_buffers(), name, "mmap/mlock/pagemap: %s", strerror(errno));
}

static const char *only;

/* Is this attack selected (no ONLY list: all are)? */
static bool wanted(const char *what)
{
	size_t n = strlen(what);

	for (const char *p = only; p && *p; p += strcspn(p, ","), p += *p == ',')
		if (!strncmp(p, what, n) && (p[n] == ',' || !p[n]))
			return true;
	return !only;
}

int run_dma(int argc, char **argv)
{
	struct world w = {.image_pa = 0};

	only = argc > 0 ? argv[0] : NULL;
	hwrng();
	if (!open_dma("dma", true))
		return 1;
	own_copy();
	if (!set_up(&w, "dma"))
		return 1;
	if (wanted("donated"))
		attack_donated(&w);
	if (wanted("pool"))
		attack_pool(&w);
	if (wanted("records"))
		attack_records(&w);
	if (wanted("fw-cfg"))
		attack_fw_cfg(&w);
	if (wanted("live")) {
		donate_live(&w, B_LIVE, false);
		donate_live(&w, B_LIVE2, true);
	}
	if (wanted("smmu"))
		smmu_frame();
	if (wanted("gic"))
		gic_lpis();
	check_status("dma.destroy-private", 0, vm_destroy(w.prot));
	check_status("dma.destroy-private-2", 0, vm_destroy(w.prot2));
	check_status("dma.destroy-shared", 0, vm_destroy(w.shared));
	close(dma_fd);
	return 0;
}

/* The image, in a run of its own and last: without the fix it breaks the core. */
int run_dma_image(int argc, char **argv)
{
	struct world w = {.image_pa = argc > 0 ? strtoull(argv[0], NULL, 0) : IMAGE_START};

	if (!open_dma("dma.image", true) || !set_up(&w, "dma.image"))
		return 1;
	attack_image(&w);
	check(!vm_destroy(w.prot) && !vm_destroy(w.prot2) && !vm_destroy(w.shared),
	      "dma.image.destroy", "a destroy failed");
	close(dma_fd);
	return 0;
}

/*
 * The host's own virtio-rng (taken from Linux by the hook) told to write
 * over the shared VM's level-3 descriptor of IPA_DON. QEMU's virtio
 * devices bypass the IOMMU unless they insist on ACCESS_PLATFORM; the
 * module does not offer it unless the device refuses to work without.
 */
int run_dma_rng(void)
{
	struct world w = {0};
	struct hypcore_dma_rng r;
	long ret;

	if (!open_dma("dma.rng", false) || !set_up(&w, "dma.rng"))
		return 1;
	dma_events(&w.ev);
	r = (struct hypcore_dma_rng){.pa = w.sh_leaf, .len = 8};
	ret = dma_ioctl(HYPCORE_DMA_IOC_RNG, &r);
	printf("E2E-INFO: dma rng: %s interface, features (high word) %#llx, DMA at %#llx: %s\n",
	       r.modern ? "modern" : "legacy", (unsigned long long)r.features,
	       (unsigned long long)r.pa, status_name(ret));
	check_blocked("rng", w.sh_leaf, &w.ev, 0, ret);
	shared_walk_same("rng", &w);
	check(!vm_destroy(w.prot) && !vm_destroy(w.prot2) && !vm_destroy(w.shared),
	      "dma.rng.destroy", "a destroy failed");
	close(dma_fd);
	return 0;
}

/* The demo's last act: DMA at a donated page, and what the core recorded. */
int run_dma_demo(void)
{
	struct world w = {0};
	long ld, st;

	if (!open_dma("demo", true) || !set_up(&w, "demo"))
		return 1;
	printf("demo: vm %llu holds page %#llx (donated); the host aims its DMA engine at it\n",
	       (unsigned long long)w.prot, (unsigned long long)w.don_pa);
	dma_events(&w.ev);
	st = dma_write(B_PATTERN, w.don_pa, &ld);
	check_blocked("demo", w.don_pa, &w.ev, ld, st);
	if (donated_unchanged("demo", &w))
		printf("demo: the page is still vm %llu's: MEM_LOAD and a second donation "
		       "answer eperm, WALK is unchanged\n",
		       (unsigned long long)w.prot);
	vm_destroy(w.prot);
	vm_destroy(w.prot2);
	vm_destroy(w.shared);
	close(dma_fd);
	return 0;
}
