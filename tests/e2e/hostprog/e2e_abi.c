// SPDX-License-Identifier: MIT
/*
 * Every hypercall of include/hypcore/hvc_abi.h and every error code it
 * names, reached through hypcore.ko's ioctls. Runs right after the module
 * is loaded, when no VM exists yet.
 */
#include <errno.h>
#include <stdio.h>

#include "e2e.h"

#define BIT48	  (1ULL << 48)
#define HIGH_VMID (1ULL << 32)

/* The leaves the core composes for SET_NPT(pa, PERM_RW): what WALK must answer. */
static u64 page_pte(u64 pa)
{
	return pa | S2_ATTR_RW | S2_PAGE;
}

static u64 block_pte(u64 pa)
{
	return pa | S2_ATTR_RW | S2_BLOCK;
}

static void expect_walk(const char *name, u64 vmid, u64 ipa, u64 pte, u64 lvl)
{
	char n[96];
	u64 got_pte, got_lvl;
	long r1 = walk(vmid, ipa, &got_pte);
	long r2 = level(vmid, ipa, &got_lvl);

	snprintf(n, sizeof(n), "%s.walk", name);
	check(!r1 && got_pte == pte, n, "expected ok %#llx got %s %#llx", (unsigned long long)pte,
	      status_name(r1), (unsigned long long)got_pte);
	snprintf(n, sizeof(n), "%s.level", name);
	check(!r2 && got_lvl == lvl, n, "expected ok %llu got %s %llu", (unsigned long long)lvl,
	      status_name(r2), (unsigned long long)got_lvl);
}

static void queries(void)
{
	static const u64 uid[4] = {HVC_UID_W0, HVC_UID_W1, HVC_UID_W2, HVC_UID_W3};
	static const u64 unknown[] = {HVC_ID(0), HVC_ID(HVC_FN_COUNT), HVC_ID(0xff00),
				      HVC_ID32(HVC_FN_VM_CREATE), HVC_ID32(HVC_FN_WALK)};
	struct hypcore_query q = {.id = HVC_CALL_UID};
	struct hypcore_info info;
	bool ok;
	unsigned int i;

	check_status("query.uid-smc32", 0, hc(HYPCORE_IOC_QUERY, &q));
	check(q.res[0] == uid[0] && q.res[1] == uid[1] && q.res[2] == uid[2] && q.res[3] == uid[3],
	      "query.uid-smc32.value", "uid %llx %llx %llx %llx", (unsigned long long)q.res[0],
	      (unsigned long long)q.res[1], (unsigned long long)q.res[2],
	      (unsigned long long)q.res[3]);
	q = (struct hypcore_query){.id = HVC_CALL_UID_64};
	hc(HYPCORE_IOC_QUERY, &q);
	check(q.res[0] == uid[0] && q.res[1] == uid[1] && q.res[2] == uid[2] && q.res[3] == uid[3],
	      "query.uid-smc64.value", "uid %llx", (unsigned long long)q.res[0]);
	q = (struct hypcore_query){.id = HVC_REVISION};
	hc(HYPCORE_IOC_QUERY, &q);
	check(q.res[0] == HVC_REVISION_MAJOR && q.res[1] == HVC_REVISION_MINOR && !q.res[2] &&
		  !q.res[3],
	      "query.revision-smc32", "got %llu.%llu", (unsigned long long)q.res[0],
	      (unsigned long long)q.res[1]);
	q = (struct hypcore_query){.id = HVC_REVISION_64};
	hc(HYPCORE_IOC_QUERY, &q);
	check(q.res[0] == HVC_REVISION_MAJOR && q.res[1] == HVC_REVISION_MINOR,
	      "query.revision-smc64", "got %llu.%llu", (unsigned long long)q.res[0],
	      (unsigned long long)q.res[1]);

	ok = true;
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		q = (struct hypcore_query){.id = unknown[i], .arg = {1, 2, 3, 4}};
		if (hc(HYPCORE_IOC_QUERY, &q) || (long)q.res[0] != HVC_NOT_SUPPORTED || q.res[1] ||
		    q.res[2] || q.res[3]) {
			printf("  id %#llx answered %#llx %#llx\n", (unsigned long long)unknown[i],
			       (unsigned long long)q.res[0], (unsigned long long)q.res[1]);
			ok = false;
		}
	}
	check(ok, "query.unknown-ids-not-supported", "see the lines above");
	q = (struct hypcore_query){.id = HVC_VM_CREATE};
	check_status("query.module-refuses-our-calls", -EINVAL, hc(HYPCORE_IOC_QUERY, &q));

	check_status("info", 0, hc(HYPCORE_IOC_INFO, &info));
	check(info.uid[0] == uid[0] && info.uid[3] == uid[3] && info.major == HVC_REVISION_MAJOR &&
		  info.minor == HVC_REVISION_MINOR,
	      "info.value", "uid0 %llx major %llu", (unsigned long long)info.uid[0],
	      (unsigned long long)info.major);
}

/* Create until enomem: vmids 1..15, all distinct; then destroy them all. */
static void create_destroy(void)
{
	u64 ids[32], seen = 0, v;
	unsigned int n = 0, i;
	long ret;
	bool ok = true;

	while (n < 32 && !(ret = vm_create(&ids[n])))
		n++;
	check_status("create.until-full.enomem", -ENOMEM, ret);
	for (i = 0; i < n; i++) {
		ok = ok && ids[i] >= 1 && ids[i] <= 15 && !(seen & (1ULL << ids[i]));
		seen |= 1ULL << (ids[i] & 63);
	}
	check(ok && n == 15, "create.vmids-1-to-15", "created %u, distinct in 1..15: %d", n, ok);
	ok = true;
	for (i = 0; i < n; i++)
		ok = ok && !vm_destroy(ids[i]);
	check(ok, "destroy.all", "a destroy failed");
	check_status("destroy.twice.einval", -EINVAL, vm_destroy(ids[0]));
	check_status("destroy.vmid0.einval", -EINVAL, vm_destroy(0));
	check_status("destroy.vmid16.einval", -EINVAL, vm_destroy(16));
	check_status("destroy.high-bits.einval", -EINVAL, vm_destroy(HIGH_VMID | 1));
	check_status("create.after-destroy", 0, vm_create(&v));
	vm_destroy(v);
}

static void set_npt_errors(u64 v, u64 absent)
{
	u64 pa = HOST_RAM_PA;

	check_status("set.vmid0.eperm", -EPERM, set_npt(0, 0x1000, 3, pa, PERM_RW));
	check_status("set.not-created.einval", -EINVAL, set_npt(absent, 0x1000, 3, pa, PERM_RW));
	check_status("set.vmid16.einval", -EINVAL, set_npt(16, 0x1000, 3, pa, PERM_RW));
	check_status("set.high-bits-vmid.einval", -EINVAL,
		     set_npt(v | HIGH_VMID, 0x1000, 3, pa, PERM_RW));
	check_status("set.ipa-2^48.einval", -EINVAL, set_npt(v, BIT48, 3, pa, PERM_RW));
	check_status("set.ipa-misaligned-l3.einval", -EINVAL, set_npt(v, 0x1800, 3, pa, PERM_RW));
	check_status("set.ipa-misaligned-l2.einval", -EINVAL, set_npt(v, 0x201000, 2, pa, PERM_RW));
	check_status("set.level0.einval", -EINVAL, set_npt(v, 0x1000, 0, pa, PERM_RW));
	check_status("set.level1.einval", -EINVAL, set_npt(v, 0x1000, 1, pa, PERM_RW));
	check_status("set.level4.einval", -EINVAL, set_npt(v, 0x1000, 4, pa, PERM_RW));
	check_status("set.oa-zero.einval", -EINVAL, set_npt(v, 0x1000, 3, 0, PERM_RW));
	check_status("set.oa-2^48.einval", -EINVAL, set_npt(v, 0x1000, 3, BIT48 | pa, PERM_RW));
	check_status("set.oa-misaligned-l3.einval", -EINVAL,
		     set_npt(v, 0x1000, 3, pa + 0x800, PERM_RW));
	check_status("set.oa-misaligned-l2.einval", -EINVAL,
		     set_npt(v, 0x200000, 2, pa + SZ_4K, PERM_RW));
	check_status("set.oa-is-a-descriptor.einval", -EINVAL,
		     set_npt(v, 0x1000, 3, page_pte(pa), PERM_RW));
	check_status("set.perms-zero.einval", -EINVAL, set_npt(v, 0x1000, 3, pa, 0));
	check_status("set.perms-unknown-bit.einval", -EINVAL,
		     set_npt(v, 0x1000, 3, pa, HVC_PERM_ALL + 1));
	check_status("set.perms-high-bits.einval", -EINVAL,
		     set_npt(v, 0x1000, 3, pa, PERM_RW | (1ULL << 32)));
	expect_walk("set.failed-calls-changed-nothing", v, 0x1000, 0, 0);
}

static void set_npt_leaves(u64 v)
{
	u64 p1 = page_pte(HOST_RAM_PA), p2 = page_pte(HOST_RAM_PA + SZ_4K);
	u64 b1 = block_pte(HOST_RAM_PA), b2 = block_pte(HOST_RAM_PA + SZ_2M);

	check_status("set.page", 0, set_leaf(v, 0x1000, 3, p1));
	expect_walk("set.page", v, 0x1000, p1, 3);
	expect_walk("walk.unaligned-ipa", v, 0x1ff8, p1, 3);
	check_status("set.replace-page", 0, set_leaf(v, 0x1000, 3, p2));
	expect_walk("set.replace-page", v, 0x1000, p2, 3);
	expect_walk("walk.neighbour-page-empty", v, 0x2000, 0, 0);
	check_status("set.block-over-table.eexist", -EEXIST, set_leaf(v, 0, 2, b1));
	check_status("set.block", 0, set_leaf(v, 0x200000, 2, b1));
	expect_walk("set.block", v, 0x3ff008, b1, 2);
	check_status("set.page-in-block.eexist", -EEXIST, set_leaf(v, 0x201000, 3, p1));
	check_status("set.replace-block", 0, set_leaf(v, 0x200000, 2, b2));
	expect_walk("set.replace-block", v, 0x200000, b2, 2);
	/* Execute: the leaf has no XN; read and execute: no S2AP write. */
	check_status("set.exec-page", 0,
		     set_npt(v, 0x7000, 3, HOST_RAM_PA, HVC_PERM_R | HVC_PERM_X));
	expect_walk("set.exec-page", v, 0x7000, (page_pte(HOST_RAM_PA) & ~(S2_XN | (1ULL << 7))),
		    3);

	check_status("unmap.vmid0.eperm", -EPERM, unmap(0, 0x1000));
	check_status("unmap.not-created.einval", -EINVAL, unmap(16, 0x1000));
	check_status("unmap.ipa-2^48.einval", -EINVAL, unmap(v, BIT48));
	check_status("unmap.misaligned.einval", -EINVAL, unmap(v, 0x1008));
	check_status("unmap.nothing-mapped", 0, unmap(v, 0x5000000));
	check_status("unmap.page", 0, unmap(v, 0x1000));
	expect_walk("unmap.page", v, 0x1000, 0, 0);
	check_status("unmap.inside-block", 0, unmap(v, 0x2ab000));
	expect_walk("unmap.inside-block.start-gone", v, 0x200000, 0, 0);
	expect_walk("unmap.inside-block.end-gone", v, 0x3ff000, 0, 0);
	check_status("set.page-after-block-gone", 0, set_leaf(v, 0x201000, 3, p1));
	expect_walk("set.page-after-block-gone", v, 0x201000, p1, 3);

	check_status("walk.not-created.einval", -EINVAL, walk(16, 0x1000, &p1));
	check_status("walk.high-bits-vmid.einval", -EINVAL, walk(v | HIGH_VMID, 0x1000, &p1));
	check_status("walk.ipa-2^48.einval", -EINVAL, walk(v, BIT48, &p1));
	check_status("walk.top-ipa", 0, walk(v, BIT48 - 8, &p1));
	check_status("level.not-created.einval", -EINVAL, level(16, 0x1000, &p1));
	check_status("level.ipa-2^48.einval", -EINVAL, level(v, BIT48, &p1));
}

/* The host's own stage-2 (vmid 0): readable, never changeable. */
static void host_stage2(void)
{
	u64 pte, lvl;

	check_status("host.walk-ram", 0, walk(0, HOST_RAM_PA, &pte));
	check_value("host.walk-ram.identity-oa", HOST_RAM_PA & ~(SZ_2M - 1), pte & OA_MASK);
	check_status("host.level-ram", 0, level(0, HOST_RAM_PA, &lvl));
	check_value("host.level-ram.block", 2, lvl);
	expect_walk("host.image-not-mapped", 0, IMAGE_START, 0, 0);
	expect_walk("host.pool-not-mapped", 0, POOL_START, 0, 0);
	expect_walk("host.pool-end-not-mapped", 0, POOL_END - SZ_4K, 0, 0);
	check_status("host.load-image.efault", -EFAULT, load(0, IMAGE_START, &pte));
	check_status("host.load-pool.efault", -EFAULT, load(0, POOL_START, &pte));
	check_status("host.store.eperm", -EPERM, store(0, HOST_RAM_PA, 0));
}

static void load_store(u64 v)
{
	u64 rw, ro, blk, val, pa;

	check_status("map.page", 0, map_mem(v, 0x10000, 0, &rw));
	check_status("map.block", 0, map_mem(v, 0x400000, HYPCORE_MAP_BLOCK, &blk));
	check_status("map.page-ro", 0, map_mem(v, 0x20000, HYPCORE_MAP_RDONLY, &ro));
	check_status("map.bad-flags.einval", -EINVAL, map_mem(v, 0x50000, 1ULL << 5, NULL));
	check_status("map.page-in-block.eexist", -EEXIST, map_mem(v, 0x401000, 0, NULL));
	expect_walk("map.page", v, 0x10000, page_pte(rw), 3);
	expect_walk("map.block", v, 0x5ff000, block_pte(blk), 2);
	pa = rw;

	check_status("store.page", 0, store(v, 0x10008, 0x1122334455667788ULL));
	check_status("load.page", 0, load(v, 0x10008, &val));
	check_value("load.page.value", 0x1122334455667788ULL, val);
	val = 0;
	check_status("probe.vm-page-is-host-ram", 0, probe(pa + 8, false, &val));
	check_value("probe.vm-page-is-host-ram.value", 0x1122334455667788ULL, val);
	check_status("load.host-view-of-vm-page", 0, load(0, pa + 8, &val));
	check_value("load.host-view-of-vm-page.value", 0x1122334455667788ULL, val);
	check_status("store.block-end", 0, store(v, 0x5ffff8, 0xfeedface));
	check_status("load.block-end", 0, load(v, 0x5ffff8, &val));
	check_value("load.block-end.value", 0xfeedface, val);
	check_status("load.ro-page", 0, load(v, 0x20000, &val));
	check_value("load.ro-page.zeroed", 0, val);
	check_status("store.ro-page.eperm", -EPERM, store(v, 0x20000, 1));

	/* A write-only leaf onto the RW page: stores pass, loads do not. */
	check_status("set.write-only-leaf", 0, set_npt(v, 0x30000, 3, pa, HVC_PERM_W));
	check_status("load.no-s2ap-read.eperm", -EPERM, load(v, 0x30000, &val));
	check_status("store.write-only", 0, store(v, 0x30010, 0xabcdef));
	load(v, 0x10010, &val);
	check_value("store.write-only.seen-through-rw-alias", 0xabcdef, val);

	check_status("load.unmapped.efault", -EFAULT, load(v, 0x800000, &val));
	check_status("store.unmapped.efault", -EFAULT, store(v, 0x800000, 1));
	check_status("load.misaligned.einval", -EINVAL, load(v, 0x10004, &val));
	check_status("store.misaligned.einval", -EINVAL, store(v, 0x10004, 1));
	check_status("load.ipa-2^48.einval", -EINVAL, load(v, BIT48, &val));
	check_status("store.ipa-2^48.einval", -EINVAL, store(v, BIT48, 1));
	check_status("load.not-created.einval", -EINVAL, load(16, 0x10000, &val));
	check_status("store.not-created.einval", -EINVAL, store(16, 0x10000, 1));
	check_status("store.high-bits-vmid.einval", -EINVAL, store(v | HIGH_VMID, 0x10000, 1));

	/*
	 * Attacks: leaves onto memory the host does not own (ABI 1.1). The
	 * core's image and pools, and anything outside RAM, are refused; the
	 * IPAs stay unmapped, so the loads below fault.
	 */
	check_status("set.image.eperm", -EPERM, set_npt(v, 0x40000, 3, IMAGE_START, PERM_RW));
	check_status("set.pool.eperm", -EPERM, set_npt(v, 0x41000, 3, POOL_START, PERM_RW));
	check_status("set.pool-end.eperm", -EPERM,
		     set_npt(v, 0x42000, 3, POOL_END - SZ_4K, PERM_RW));
	check_status("set.device.eperm", -EPERM, set_npt(v, 0x43000, 3, 0x09000000, PERM_RW));
	check_status("set.block-over-image.eperm", -EPERM,
		     set_npt(v, 0x600000, 2, IMAGE_START, PERM_RW));
	check_status("load.leaf-to-image.efault", -EFAULT, load(v, 0x40000, &val));
	check_status("store.leaf-to-image.efault", -EFAULT, store(v, 0x40000, 1));
	check_status("load.leaf-to-pool.efault", -EFAULT, load(v, 0x41000, &val));
	check_status("store.leaf-to-pool-end.efault", -EFAULT, store(v, 0x42008, 1));
	check_status("load.leaf-to-device.efault", -EFAULT, load(v, 0x43000, &val));
}

static void usage(u64 v, u64 absent)
{
	struct hypcore_pool_usage u;

	check_status("usage.root", 0, pool_usage(v, HVC_AREA_ROOT, &u));
	check(u.used == 1 && u.total == 1 && u.start >= POOL_START && u.start < POOL_END,
	      "usage.root.one-of-one-in-pool", "used %llu total %llu start %#llx",
	      (unsigned long long)u.used, (unsigned long long)u.total, (unsigned long long)u.start);
	check_status("usage.vmid0", 0, pool_usage(0, HVC_AREA_PMD, &u));
	check_status("usage.area4.einval", -EINVAL, pool_usage(v, 4, &u));
	check_status("usage.area-high-bits.einval", -EINVAL, pool_usage(v, HIGH_VMID | 1, &u));
	check_status("usage.not-created.einval", -EINVAL, pool_usage(absent, 0, &u));
	check_status("usage.vmid16.einval", -EINVAL, pool_usage(16, 0, &u));
}

/* Usage of one area as "used/total". */
static u64 used(u64 v, u64 area, u64 *total)
{
	struct hypcore_pool_usage u;

	pool_usage(v, area, &u);
	if (total)
		*total = u.total;
	return u.used;
}

/* Fill one pool area to its end: exactly `total` leaves fit, then enomem. */
static void fill(const char *name, u64 area, u64 stride, u64 lvl)
{
	char n[80];
	u64 v, total, k, ipa = 0, pte;
	long ret = 0;

	if (vm_create(&v))
		return (void)check(false, name, "create failed");
	used(v, area, &total);
	pte = lvl == 2 ? block_pte(HOST_RAM_PA) : page_pte(HOST_RAM_PA);
	for (k = 0; k <= total && !ret; k++) {
		ipa = k * stride;
		ret = set_leaf(v, ipa, lvl, pte);
	}
	snprintf(n, sizeof(n), "%s.enomem", name);
	check_status(n, -ENOMEM, ret);
	snprintf(n, sizeof(n), "%s.fits-exactly-total", name);
	check_value(n, total, k - 1);
	snprintf(n, sizeof(n), "%s.area-full", name);
	check_value(n, total, used(v, area, NULL));
	snprintf(n, sizeof(n), "%s.failed-call-changed-nothing", name);
	expect_walk(n, v, ipa, 0, 0);
	snprintf(n, sizeof(n), "%s.destroy", name);
	check_status(n, 0, vm_destroy(v));
}

static void destroy_resets(void)
{
	u64 v, w, t;

	vm_create(&v);
	set_npt(v, 0x1000, 3, HOST_RAM_PA, PERM_RW);
	set_npt(v, SZ_1G, 2, HOST_RAM_PA, PERM_RW);
	check(used(v, HVC_AREA_PGD, NULL) == 1 && used(v, HVC_AREA_PUD, NULL) == 2 &&
		  used(v, HVC_AREA_PMD, NULL) == 1,
	      "usage.counts-tables", "pgd %llu pud %llu pmd %llu",
	      (unsigned long long)used(v, HVC_AREA_PGD, NULL),
	      (unsigned long long)used(v, HVC_AREA_PUD, NULL),
	      (unsigned long long)used(v, HVC_AREA_PMD, NULL));
	vm_destroy(v);
	vm_create(&w);
	check_value("destroy.vmid-reused", v, w);
	expect_walk("destroy.tables-empty", w, 0x1000, 0, 0);
	check(used(w, HVC_AREA_PGD, &t) == 0 && used(w, HVC_AREA_PUD, NULL) == 0 &&
		  used(w, HVC_AREA_PMD, NULL) == 0,
	      "destroy.pool-rewound", "pgd %llu", (unsigned long long)used(w, HVC_AREA_PGD, NULL));
	vm_destroy(w);
}

int run_abi(void)
{
	u64 v, absent;

	queries();
	create_destroy();
	if (!check_status("create", 0, vm_create(&v)))
		return 1;
	absent = v == 15 ? 14 : v + 1;
	set_npt_errors(v, absent);
	set_npt_leaves(v);
	host_stage2();
	load_store(v);
	usage(v, absent);
	check_status("destroy", 0, vm_destroy(v));
	fill("enomem-pmd", HVC_AREA_PMD, SZ_2M, 3);
	fill("enomem-pud", HVC_AREA_PUD, SZ_1G, 2);
	fill("enomem-pgd", HVC_AREA_PGD, 512 * SZ_1G, 2);
	destroy_resets();
	return 0;
}
