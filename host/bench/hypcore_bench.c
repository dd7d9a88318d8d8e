// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hypcore_bench.ko: instructions per hypercall round trip, counted by the
 * PMU through the kernel's perf API (issue 6, item 4).
 *
 * On load the module measures batches of hypercalls on one CPU and prints
 * one line per call, then stays loaded doing nothing (rmmod it). Meant for
 * QEMU with -icount, where INST_RETIRED counts exactly: without -icount
 * QEMU does not offer the event and the module refuses to load.
 *
 * Two counters run at once: one with exclude_hv = 0 (arm_pmu then sets the
 * filter's NSH bit, so the instructions hypcore runs at EL2 count too) and
 * one with exclude_hv = 1 (EL1 only). Their difference is the part spent
 * at EL2; if it is zero, EL2 is not counted and the module says so.
 *
 * A batch is BATCH calls of one kind from a prepared table of arguments,
 * run with interrupts off between two counter reads; the reads themselves
 * cost the same every time and are measured with an empty batch and taken
 * off. Every call goes through the same loop, so the null call (the
 * Revision query, which does no work at EL2) is the floor the others are
 * compared with. Figures are medians over the rounds.
 *
 * Memory: the module creates a VM and hands it pages and 2 MiB blocks it
 * allocated; it never touches them while they are mapped (the core may
 * take them from the host), and frees them only after the core unmapped
 * them and the VM is destroyed. If the core refuses to unmap or destroy,
 * the memory is leaked rather than returned to the kernel.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm-smccc.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/module.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/sort.h>
#include <linux/workqueue.h>
#include <asm/virt.h>

#include <hypcore/hvc_abi.h>

static unsigned int iters = 1000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "calls measured per kind (rounded up to whole batches)");

#define BATCH		50	/* 4 KiB pages mapped per round */
#define BLOCKS		8	/* 2 MiB blocks mapped per round */
#define MAX_ROUNDS	1000

/* Where the VM's memory goes: pages from 1 GiB, blocks from 2 GiB. */
#define PAGE_IPA	0x40000000ULL
#define BLOCK_IPA	0x80000000ULL
#define BLOCK_ORDER	9	/* 2 MiB in 4 KiB pages */

/* The kinds of call measured, in the order they are printed. */
enum hb_op {
	OP_NULL,
	OP_WALK,
	OP_LEVEL,
	OP_SET_L3,
	OP_UNMAP_L3,
	OP_SET_L3_SH,
	OP_UNMAP_L3_SH,
	OP_SET_L2,
	OP_WALK_L2,
	OP_UNMAP_L2,
	OP_LOAD,
	OP_STORE,
	OP_ZERO_2M,
	OP_NULL12,
	OP_RUN_HVC,
	OP_RUN_HVC_PROT,
	OP_FAULT_MAP,
	OP_COUNT
};

static const char *const hb_names[OP_COUNT] = {
	[OP_NULL] = "null (Revision 0x8600FF03)",
	[OP_WALK] = "WALK, 4 KiB page",
	[OP_LEVEL] = "LEVEL, 4 KiB page",
	[OP_SET_L3] = "SET_NPT level 3 (private VM: donates)",
	[OP_UNMAP_L3] = "UNMAP, 4 KiB page (private VM: zeroes, gives back)",
	[OP_SET_L3_SH] = "SET_NPT level 3 (shared VM)",
	[OP_UNMAP_L3_SH] = "UNMAP, 4 KiB page (shared VM)",
	[OP_SET_L2] = "SET_NPT level 2 (private VM: donates)",
	[OP_WALK_L2] = "WALK, inside a 2 MiB block",
	[OP_UNMAP_L2] = "UNMAP, 2 MiB block (private VM: zeroes, gives back)",
	[OP_LOAD] = "MEM_LOAD (shared VM)",
	[OP_STORE] = "MEM_STORE (shared VM)",
	[OP_ZERO_2M] = "floor: 2 MiB zeroed with DC ZVA at EL1, as the core zeroes a page",
	[OP_NULL12] = "null through arm_smccc_1_2_hvc (x0..x17 in and out, as VCPU_RUN needs)",
	[OP_RUN_HVC] = "VCPU_RUN, the guest exits at once with an HVC (shared VM)",
	[OP_RUN_HVC_PROT] = "VCPU_RUN, the guest exits at once with an HVC (protected VM)",
	[OP_FAULT_MAP] = "a stage-2 fault served: SET_NPT of the page, then VCPU_RUN to the next fault",
};

static const char *const hb_keys[OP_COUNT] = {
	[OP_NULL] = "null", [OP_WALK] = "walk", [OP_LEVEL] = "level",
	[OP_SET_L3] = "set_l3", [OP_UNMAP_L3] = "unmap_l3",
	[OP_SET_L3_SH] = "set_l3_shared", [OP_UNMAP_L3_SH] = "unmap_l3_shared",
	[OP_SET_L2] = "set_l2", [OP_WALK_L2] = "walk_l2",
	[OP_UNMAP_L2] = "unmap_l2", [OP_LOAD] = "load", [OP_STORE] = "store",
	[OP_ZERO_2M] = "zero_2m", [OP_NULL12] = "null12",
	[OP_RUN_HVC] = "vcpu_run_hvc", [OP_RUN_HVC_PROT] = "vcpu_run_hvc_prot",
	[OP_FAULT_MAP] = "fault_map",
};

struct hb_call {
	u64 id, a1, a2, a3, a4, a5;
};

/* Per-call counts, in tenths of an instruction, one per round. */
struct hb_samples {
	u64 all[MAX_ROUNDS];
	u64 el1[MAX_ROUNDS];
	unsigned int n;
};

struct hb_state {
	struct perf_event *all;		/* EL1 + EL2 */
	struct perf_event *el1;		/* EL1 only */
	u64 over_all, over_el1;		/* counted by an empty batch */
	struct hb_call calls[BATCH];
	struct page *pages[BATCH];
	struct page *blocks[BLOCKS];
	u64 vmid;			/* private (the default VM_CREATE) */
	u64 vmid_sh;			/* shared, when the ABI has the flag */
	bool leak;			/* the core kept memory: do not free */
	bool zeroing;			/* the batch is the zeroing floor, not calls */
	struct hb_guests *g;		/* the world-switch part, below */
	int status;			/* first unexpected status, or 0 */
	struct hb_samples s[OP_COUNT];
};

static u64 hb_read(struct perf_event *ev)
{
	u64 enabled, running;

	return perf_event_read_value(ev, &enabled, &running);
}

/* Runs n prepared calls with interrupts off; returns the first bad status. */
static noinline long hb_run(const struct hb_call *c, unsigned int n)
{
	struct arm_smccc_res res;
	unsigned long flags;
	long bad = 0;
	unsigned int i;

	local_irq_save(flags);
	for (i = 0; i < n; i++) {
		arm_smccc_1_1_hvc(c[i].id, c[i].a1, c[i].a2, c[i].a3, c[i].a4,
				  c[i].a5, &res);
		if (c[i].id != HVC_REVISION && (long)res.a0 < 0 && !bad)
			bad = (long)res.a0;
	}
	local_irq_restore(flags);
	return bad;
}

/*
 * The floor of giving a block back: zero 2 MiB the way the core's
 * phys_zero_page does (eight DC ZVA per round, a barrier per page), here
 * at EL1 on the host's own block.
 */
static noinline long hb_zero_blocks(struct hb_state *st, unsigned int n)
{
	u64 block = 4ULL << (read_sysreg(dczid_el0) & 0xf);
	unsigned long flags;
	unsigned int i;
	u64 pa, a;

	if (block > SZ_4K / 8)
		return -EINVAL;
	local_irq_save(flags);
	for (i = 0; i < n; i++) {
		for (pa = page_to_phys(st->blocks[i]); pa < page_to_phys(st->blocks[i]) + SZ_2M;
		     pa += SZ_4K) {
			for (a = (u64)phys_to_virt(pa); a < (u64)phys_to_virt(pa) + SZ_4K;
			     a += 8 * block)
				asm volatile("dc zva, %0\n dc zva, %1\n dc zva, %2\n dc zva, %3\n"
					     "dc zva, %4\n dc zva, %5\n dc zva, %6\n dc zva, %7"
					     : : "r"(a), "r"(a + block), "r"(a + 2 * block),
					       "r"(a + 3 * block), "r"(a + 4 * block),
					       "r"(a + 5 * block), "r"(a + 6 * block),
					       "r"(a + 7 * block) : "memory");
			dsb(ish);
		}
	}
	local_irq_restore(flags);
	return 0;
}

/*
 * The world switch (issue 10): guests of a few instructions in a page of
 * the module's. vCPU 0 runs "hvc #0; b ." back to itself: each VCPU_RUN
 * enters the guest, which exits at once with an HVC. vCPU 1 runs
 * "ldr x1, [x0]; add x0, x0, #4096; b" with x0 = FAULT_IPA: each load is
 * the first touch of a page, a stage-2 data abort; serving it is SET_NPT
 * of that page and VCPU_RUN, which retries the load and runs on to the
 * next page's fault. VCPU_RUN writes x4..x7, so these calls go through
 * arm_smccc_1_2_hvc; the null call is measured the same way (null12).
 */
#define HB_GUEST_IPA	0x40000000ULL
#define HB_FAULT_IPA	0x100000000ULL
#define HB_PAIRS	(BATCH / 2)	/* faults per batch: SET_NPT + VCPU_RUN each */


static const u32 hb_guest_code[] = {
	0xd4000002,	/* 0x00: hvc #0 */
	0x17ffffff,	/* 0x04: b 0x00 */
	0xf9400001,	/* 0x08: ldr x1, [x0] */
	0x91400400,	/* 0x0c: add x0, x0, #1, lsl #12 */
	0x17fffffe,	/* 0x10: b 0x08 */
};

struct hb_guests {
	struct arm_smccc_1_2_regs calls[BATCH];
	unsigned int n;			/* calls in the batch; 0: not ours */
	u64 want_exit;			/* what every VCPU_RUN of the batch must answer */
	bool odd;			/* one did not: the batch is dropped */
	unsigned int dropped;
	u64 vmid, vmid_prot;		/* shared: vCPUs 0 and 1; protected: vCPU 0 */
	struct page *code, *code_prot;
	struct page *fault_pages[HB_PAIRS];
	u64 fault_next;			/* the ipa vCPU 1 waits on */
	bool leak;
};

static noinline long hb_run12(struct hb_guests *g)
{
	struct arm_smccc_1_2_regs res;
	unsigned long flags;
	long bad = 0;
	unsigned int i;

	local_irq_save(flags);
	for (i = 0; i < g->n; i++) {
		arm_smccc_1_2_hvc(&g->calls[i], &res);
		if ((long)res.a0 < 0 && g->calls[i].a0 != HVC_REVISION && !bad)
			bad = (long)res.a0;
		if (g->calls[i].a0 == HVC_VCPU_RUN && res.a1 != g->want_exit)
			g->odd = true;
	}
	local_irq_restore(flags);
	return bad;
}

/* One uncounted call with up to five arguments; returns the status. */
static long hb_call12(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
		      struct arm_smccc_1_2_regs *res)
{
	struct arm_smccc_1_2_regs in = {
		.a0 = a0, .a1 = a1, .a2 = a2, .a3 = a3, .a4 = a4, .a5 = a5,
	};

	arm_smccc_1_2_hvc(&in, res);
	return (long)res->a0;
}

/* One counted batch of n calls (or of the zeroing floor); returns its status. */
static long hb_batch(struct hb_state *st, unsigned int n, u64 *all, u64 *el1)
{
	u64 a0, e0;
	long bad;

	a0 = hb_read(st->all);
	e0 = hb_read(st->el1);
	if (st->g && st->g->n)
		bad = hb_run12(st->g);
	else
		bad = st->zeroing ? hb_zero_blocks(st, n) : hb_run(st->calls, n);
	*el1 = hb_read(st->el1) - e0;
	*all = hb_read(st->all) - a0;
	return bad;
}

/* Measures the batch prepared in st->calls as one round of op. */
static void hb_measure(struct hb_state *st, enum hb_op op, unsigned int n)
{
	struct hb_samples *s = &st->s[op];
	u64 all, el1;
	long bad;

	bad = hb_batch(st, n, &all, &el1);
	if (bad && !st->status) {
		pr_err("%s: status %ld\n", hb_names[op], bad);
		st->status = -EIO;
	}
	/* Only a guest batch (g->n calls) is dropped: odd may be left from the last one. */
	if (st->g && st->g->n && st->g->odd) {
		st->g->dropped++;	/* an interrupt exit or the like: not this path */
		return;
	}
	all = all > st->over_all ? all - st->over_all : 0;
	el1 = el1 > st->over_el1 ? el1 - st->over_el1 : 0;
	if (s->n < MAX_ROUNDS) {
		s->all[s->n] = div_u64(all * 10, n);
		s->el1[s->n] = div_u64(el1 * 10, n);
		s->n++;
	}
}

static void hb_prepare(struct hb_state *st, unsigned int i, u64 id, u64 a1,
		       u64 a2, u64 a3, u64 a4)
{
	st->calls[i] = (struct hb_call){ id, a1, a2, a3, a4, 0 };
}

/* SET_NPT of a read-write leaf: x4 = output address, x5 = permissions. */
static void hb_prepare_set(struct hb_state *st, unsigned int i, u64 vmid,
			   u64 ipa, u64 level, u64 pa)
{
	st->calls[i] = (struct hb_call){ HVC_SET_NPT, vmid, ipa, level, pa,
					 HVC_PERM_R | HVC_PERM_W };
}

static u64 hb_page_ipa(unsigned int i)
{
	return PAGE_IPA + (u64)i * SZ_4K;
}

static u64 hb_block_ipa(unsigned int i)
{
	return BLOCK_IPA + (u64)i * SZ_2M;
}

/* Unmaps n leaves at ipa(i), uncounted; memory stays with the core on failure. */
static void hb_unmap_all(struct hb_state *st, u64 vmid,
			 u64 (*ipa)(unsigned int), unsigned int n)
{
	struct arm_smccc_res res;
	unsigned int i;

	for (i = 0; i < n; i++) {
		arm_smccc_1_1_hvc(HVC_UNMAP, vmid, ipa(i), 0, 0, &res);
		if (res.a0)
			st->leak = true;
	}
}

static void hb_prepare_map(struct hb_state *st, u64 vmid)
{
	unsigned int i;

	for (i = 0; i < BATCH; i++)
		hb_prepare_set(st, i, vmid, hb_page_ipa(i), 3,
			       page_to_phys(st->pages[i]));
}

static void hb_prepare_unmap(struct hb_state *st, u64 vmid)
{
	unsigned int i;

	for (i = 0; i < BATCH; i++)
		hb_prepare(st, i, HVC_UNMAP, vmid, hb_page_ipa(i), 0, 0);
}

/* One round over 4 KiB pages of the private VM: map, walk, level, unmap. */
static void hb_round_pages(struct hb_state *st)
{
	unsigned int i;

	hb_prepare_map(st, st->vmid);
	hb_measure(st, OP_SET_L3, BATCH);
	for (i = 0; i < BATCH; i++)
		hb_prepare(st, i, HVC_WALK, st->vmid, hb_page_ipa(i), 0, 0);
	hb_measure(st, OP_WALK, BATCH);
	for (i = 0; i < BATCH; i++)
		hb_prepare(st, i, HVC_LEVEL, st->vmid, hb_page_ipa(i), 0, 0);
	hb_measure(st, OP_LEVEL, BATCH);
	hb_prepare_unmap(st, st->vmid);
	hb_measure(st, OP_UNMAP_L3, BATCH);
}

/*
 * The same pages in the shared VM: map, load, store, unmap (the host may
 * reach only pages it shares).
 */
static void hb_round_shared(struct hb_state *st)
{
	unsigned int i;

	hb_prepare_map(st, st->vmid_sh);
	hb_measure(st, OP_SET_L3_SH, BATCH);
	for (i = 0; i < BATCH; i++)
		hb_prepare(st, i, HVC_MEM_LOAD, st->vmid_sh,
			   hb_page_ipa(i) + 8 * i, 0, 0);
	hb_measure(st, OP_LOAD, BATCH);
	for (i = 0; i < BATCH; i++)
		hb_prepare(st, i, HVC_MEM_STORE, st->vmid_sh,
			   hb_page_ipa(i) + 8 * i, i, 0);
	hb_measure(st, OP_STORE, BATCH);
	hb_prepare_unmap(st, st->vmid_sh);
	hb_measure(st, OP_UNMAP_L3_SH, BATCH);
}

/* One round over 2 MiB blocks: map, walk inside each, unmap. */
static void hb_round_blocks(struct hb_state *st)
{
	unsigned int i;

	for (i = 0; i < BLOCKS; i++)
		hb_prepare_set(st, i, st->vmid, hb_block_ipa(i), 2,
			       page_to_phys(st->blocks[i]));
	hb_measure(st, OP_SET_L2, BLOCKS);
	for (i = 0; i < BLOCKS; i++)
		hb_prepare(st, i, HVC_WALK, st->vmid,
			   hb_block_ipa(i) + 0x12345 * 8, 0, 0);
	hb_measure(st, OP_WALK_L2, BLOCKS);
	for (i = 0; i < BLOCKS; i++)
		hb_prepare(st, i, HVC_UNMAP, st->vmid, hb_block_ipa(i), 0, 0);
	hb_measure(st, OP_UNMAP_L2, BLOCKS);
	st->zeroing = true;
	hb_measure(st, OP_ZERO_2M, BLOCKS);
	st->zeroing = false;
}

static void hb_round_null(struct hb_state *st)
{
	unsigned int i;

	for (i = 0; i < BATCH; i++)
		hb_prepare(st, i, HVC_REVISION, 0, 0, 0, 0);
	hb_measure(st, OP_NULL, BATCH);
}

/* A page of the module's, holding the guests' code, cleaned to the PoC. */
static struct page *hb_code_page(void)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	unsigned long va;

	if (!page)
		return NULL;
	va = (unsigned long)page_address(page);
	memcpy((void *)va, hb_guest_code, sizeof(hb_guest_code));
	/* The guest fetches with its MMU off: the code must be in memory. */
	asm volatile("dc civac, %0\n\tdsb sy" : : "r"(va) : "memory");
	return page;
}

/* A VM with the code page and n vCPUs (vCPU 1: the fault loop); 0 or an error. */
static long hb_guest_vm(u64 flags, struct page *code, unsigned int n, u64 *vmid)
{
	struct arm_smccc_1_2_regs res;
	long ret;

	ret = hb_call12(HVC_VM_CREATE, flags, 0, 0, 0, 0, &res);
	if (ret)
		return ret;
	*vmid = res.a1;
	ret = hb_call12(HVC_SET_NPT, *vmid, HB_GUEST_IPA, 3, page_to_phys(code),
			HVC_PERM_R | HVC_PERM_X, &res);
	if (!ret)
		ret = hb_call12(HVC_VCPU_CREATE, *vmid, 0, HB_GUEST_IPA, 0, 0, &res);
	if (!ret && n > 1)
		ret = hb_call12(HVC_VCPU_CREATE, *vmid, 1, HB_GUEST_IPA + 8,
				HB_FAULT_IPA, 0, &res);
	return ret;
}

/* Runs vCPU 1 (uncounted) to its next fault: the ipa it waits on. */
static long hb_fault_sync(struct hb_guests *g)
{
	struct arm_smccc_1_2_regs res;
	unsigned int i;
	long ret;

	for (i = 0; i < 100; i++) {
		ret = hb_call12(HVC_VCPU_RUN, g->vmid, 1, 0, 0, 0, &res);
		if (ret)
			return ret;
		if (res.a1 == HVC_EXIT_DABT) {
			g->fault_next = res.a2 & ~(u64)(SZ_4K - 1);
			return 0;
		}
	}
	return -EIO;
}

static long hb_guests_setup(struct hb_guests *g)
{
	unsigned int i;
	long ret;

	g->code = hb_code_page();
	g->code_prot = hb_code_page();
	if (!g->code || !g->code_prot)
		return -ENOMEM;
	for (i = 0; i < HB_PAIRS; i++) {
		g->fault_pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!g->fault_pages[i])
			return -ENOMEM;
	}
	ret = hb_guest_vm(HVC_VM_CREATE_SHARED, g->code, 2, &g->vmid);
	if (!ret)
		ret = hb_guest_vm(HVC_VM_CREATE_PROTECTED, g->code_prot, 1,
				  &g->vmid_prot);
	if (!ret)
		ret = hb_fault_sync(g);
	if (ret)
		pr_err("world-switch guests: status %ld\n", ret);
	return ret;
}

/* Destroys the guests' VMs; memory a VM kept is leaked, never freed. */
static void hb_guests_teardown(struct hb_guests *g)
{
	struct arm_smccc_1_2_regs res;
	unsigned int i;

	if (g->vmid && hb_call12(HVC_VM_DESTROY, g->vmid, 0, 0, 0, 0, &res))
		g->leak = true;
	if (g->vmid_prot &&
	    hb_call12(HVC_VM_DESTROY, g->vmid_prot, 0, 0, 0, 0, &res))
		g->leak = true;
	if (g->leak) {
		pr_err("the core kept a guest VM: not freeing its memory\n");
		return;
	}
	if (g->code)
		__free_page(g->code);
	if (g->code_prot)
		__free_page(g->code_prot);
	for (i = 0; i < HB_PAIRS; i++)
		if (g->fault_pages[i])
			__free_page(g->fault_pages[i]);
}

static void hb_set12(struct hb_guests *g, unsigned int i, u64 a0, u64 a1,
		     u64 a2, u64 a3, u64 a4, u64 a5)
{
	g->calls[i] = (struct arm_smccc_1_2_regs){
		.a0 = a0, .a1 = a1, .a2 = a2, .a3 = a3, .a4 = a4, .a5 = a5,
	};
}

/* BATCH runs of an HVC guest, or BATCH null calls through the same path. */
static void hb_round_switch(struct hb_state *st, enum hb_op op, u64 vmid)
{
	struct hb_guests *g = st->g;
	unsigned int i;

	for (i = 0; i < BATCH; i++) {
		if (op == OP_NULL12)
			hb_set12(g, i, HVC_REVISION, 0, 0, 0, 0, 0);
		else
			hb_set12(g, i, HVC_VCPU_RUN, vmid, 0, 0, 0, 0);
	}
	g->n = BATCH;
	g->want_exit = HVC_EXIT_HVC;
	g->odd = false;
	hb_measure(st, op, BATCH);
	g->n = 0;
}

/*
 * HB_PAIRS faults served, counted per fault; then the pages go back
 * (uncounted) and vCPU 1 is run to its next fault, wherever an interrupt
 * exit may have left it.
 */
static void hb_round_faults(struct hb_state *st)
{
	struct arm_smccc_1_2_regs res;
	struct hb_guests *g = st->g;
	u64 ipa = g->fault_next;
	unsigned int i;

	for (i = 0; i < HB_PAIRS; i++) {
		hb_set12(g, 2 * i, HVC_SET_NPT, g->vmid, ipa + i * SZ_4K, 3,
			 page_to_phys(g->fault_pages[i]), HVC_PERM_R | HVC_PERM_W);
		hb_set12(g, 2 * i + 1, HVC_VCPU_RUN, g->vmid, 1, 0, 0, 0);
	}
	g->n = 2 * HB_PAIRS;
	g->want_exit = HVC_EXIT_DABT;
	g->odd = false;
	hb_measure(st, OP_FAULT_MAP, HB_PAIRS);
	g->n = 0;
	for (i = 0; i < HB_PAIRS; i++)
		if (hb_call12(HVC_UNMAP, g->vmid, ipa + i * SZ_4K, 0, 0, 0, &res))
			g->leak = true;
	if (hb_fault_sync(g) && !st->status) {
		pr_err("the fault guest lost its way\n");
		st->status = -EIO;
	}
}

static void hb_round_guests(struct hb_state *st)
{
	hb_round_switch(st, OP_NULL12, 0);
	hb_round_switch(st, OP_RUN_HVC, st->g->vmid);
	hb_round_switch(st, OP_RUN_HVC_PROT, st->g->vmid_prot);
	hb_round_faults(st);
}

/* What an empty batch counts: the reads and the interrupt masking. */
static void hb_calibrate(struct hb_state *st)
{
	u64 all, el1, best_all = U64_MAX, best_el1 = U64_MAX;
	int i;

	for (i = 0; i < 16; i++) {
		hb_batch(st, 0, &all, &el1);
		best_all = min(best_all, all);
		best_el1 = min(best_el1, el1);
	}
	st->over_all = best_all;
	st->over_el1 = best_el1;
}

static struct perf_event *hb_counter(int cpu, bool with_el2)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_HARDWARE,
		.config = PERF_COUNT_HW_INSTRUCTIONS,
		.size = sizeof(attr),
		.pinned = 1,
		.exclude_user = 1,
		.exclude_hv = !with_el2,
	};

	return perf_event_create_kernel_counter(&attr, cpu, NULL, NULL, NULL);
}

static int hb_alloc(struct hb_state *st)
{
	unsigned int i;

	for (i = 0; i < BATCH; i++) {
		st->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!st->pages[i])
			return -ENOMEM;
	}
	for (i = 0; i < BLOCKS; i++) {
		st->blocks[i] = alloc_pages(GFP_KERNEL | __GFP_ZERO |
					    __GFP_NOWARN, BLOCK_ORDER);
		if (!st->blocks[i])
			return -ENOMEM;
	}
	return 0;
}

static void hb_free(struct hb_state *st)
{
	unsigned int i;

	if (st->leak) {
		pr_err("the core kept some of the VM's memory: not freeing it\n");
		return;
	}
	for (i = 0; i < BATCH; i++)
		if (st->pages[i])
			__free_page(st->pages[i]);
	for (i = 0; i < BLOCKS; i++)
		if (st->blocks[i])
			__free_pages(st->blocks[i], BLOCK_ORDER);
}

static int hb_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 hb_median(u64 *v, unsigned int n)
{
	if (!n)
		return 0;
	sort(v, n, sizeof(*v), hb_cmp, NULL);
	return v[n / 2];
}

/* One line per call, for people and for bench/run.sh. */
static int hb_report(struct hb_state *st, int cpu)
{
	u64 floor = 0, all, el1, el2, lo, hi;
	struct hb_samples *s;
	bool el2_counted = false;
	unsigned int i;
	int op;

	pr_info("HYPCORE-BENCH: cpu %d, %u rounds of %u (blocks: %u), overhead %llu/%llu\n",
		cpu, st->s[OP_NULL].n, BATCH, BLOCKS, st->over_all,
		st->over_el1);
	pr_info("HYPCORE-BENCH: columns: key insn/call el1 el2 ratio-to-null min max rounds name\n");
	for (op = 0; op < OP_COUNT; op++) {
		s = &st->s[op];
		if (!s->n)
			continue;
		lo = U64_MAX;
		hi = 0;
		for (i = 0; i < s->n; i++) {
			lo = min(lo, s->all[i]);
			hi = max(hi, s->all[i]);
		}
		all = hb_median(s->all, s->n);
		el1 = hb_median(s->el1, s->n);
		el2 = all > el1 ? all - el1 : 0;
		if (op == OP_NULL)
			floor = all;
		if (op == OP_WALK && all > floor && el2)
			el2_counted = true;
		pr_info("HYPCORE-BENCH: op %s %llu.%llu %llu.%llu %llu.%llu %llu.%02llu %llu.%llu %llu.%llu %u %s\n",
			hb_keys[op], all / 10, all % 10, el1 / 10, el1 % 10,
			el2 / 10, el2 % 10,
			floor ? div64_u64(all, floor) : 0,
			floor ? div64_u64((all % floor) * 100, floor) : 0,
			lo / 10, lo % 10, hi / 10, hi % 10, s->n, hb_names[op]);
	}
	if (!el2_counted) {
		pr_err("HYPCORE-BENCH: EL2 does not seem to be counted (WALK not above the null call)\n");
		return -EIO;
	}
	pr_info("HYPCORE-BENCH: done\n");
	return 0;
}

/*
 * The VM_CREATE flag for a shared VM, where the ABI has one (1.1);
 * before it, every VM took the host's pages without taking them away.
 */
#ifdef HVC_VM_CREATE_SHARED
#define HB_SHARED_FLAGS HVC_VM_CREATE_SHARED
#else
#define HB_SHARED_FLAGS 0
#endif

static int hb_vm_create(u64 flags, u64 *vmid)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(HVC_VM_CREATE, flags, &res);
	if (res.a0) {
		pr_err("VM_CREATE %#llx: status %ld\n", flags, (long)res.a0);
		return -EIO;
	}
	*vmid = res.a1;
	return 0;
}

/* Gives everything back before the destroy; a refusal leaks the memory. */
static void hb_vm_destroy(struct hb_state *st, u64 vmid)
{
	struct arm_smccc_res res;

	hb_unmap_all(st, vmid, hb_page_ipa, BATCH);
	hb_unmap_all(st, vmid, hb_block_ipa, BLOCKS);
	arm_smccc_1_1_hvc(HVC_VM_DESTROY, vmid, &res);
	if (res.a0) {
		pr_err("VM_DESTROY %llu: status %ld\n", vmid, (long)res.a0);
		st->leak = true;
	}
}

static void hb_rounds(struct hb_state *st)
{
	unsigned int r, rounds;

	hb_calibrate(st);
	rounds = clamp_t(unsigned int, DIV_ROUND_UP(iters, BATCH), 1, MAX_ROUNDS);
	for (r = 0; r < rounds && !st->status; r++) {
		hb_round_null(st);
		hb_round_pages(st);
		hb_round_shared(st);
		if (st->g)
			hb_round_guests(st);
	}
	rounds = clamp_t(unsigned int, DIV_ROUND_UP(iters, BLOCKS), 1, MAX_ROUNDS);
	for (r = 0; r < rounds && !st->status; r++)
		hb_round_blocks(st);
}

static void hb_guests_stop(struct hb_state *st)
{
	if (!st->g)
		return;
	if (st->g->dropped)
		pr_info("HYPCORE-BENCH: world-switch batches dropped (an exit other than planned, such as an interrupt): %u\n",
			st->g->dropped);
	hb_guests_teardown(st->g);
	if (!st->g->leak)
		kvfree(st->g);
	st->g = NULL;
}

/* The world-switch part, when the core runs guests; the rest runs anyway. */
static void hb_guests_start(struct hb_state *st)
{
	st->g = kvzalloc(sizeof(*st->g), GFP_KERNEL);
	if (st->g && !hb_guests_setup(st->g))
		return;
	pr_err("HYPCORE-BENCH: no world-switch figures (the core runs no guest here)\n");
	hb_guests_stop(st);
}

static long hb_work(void *arg)
{
	struct hb_state *st = arg;
	int cpu = raw_smp_processor_id();	/* a bound worker: does not move */
	int ret;

	st->all = hb_counter(cpu, true);
	if (IS_ERR(st->all))
		return PTR_ERR(st->all);
	st->el1 = hb_counter(cpu, false);
	if (IS_ERR(st->el1)) {
		ret = PTR_ERR(st->el1);
		goto out_all;
	}
	ret = hb_alloc(st);
	if (ret)
		goto out_free;
	ret = hb_vm_create(0, &st->vmid);
	if (ret)
		goto out_free;
	ret = hb_vm_create(HB_SHARED_FLAGS, &st->vmid_sh);
	if (!ret) {
		hb_guests_start(st);
		hb_rounds(st);
		ret = st->status;
		hb_guests_stop(st);
		hb_vm_destroy(st, st->vmid_sh);
	}
	hb_vm_destroy(st, st->vmid);
	if (!ret)
		ret = hb_report(st, cpu);
out_free:
	hb_free(st);
	perf_event_release_kernel(st->el1);
out_all:
	perf_event_release_kernel(st->all);
	return ret;
}

static bool hb_is_hypcore(void)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(HVC_CALL_UID, &res);
	return (u32)res.a0 == HVC_UID_W0 && (u32)res.a1 == HVC_UID_W1 &&
	       (u32)res.a2 == HVC_UID_W2 && (u32)res.a3 == HVC_UID_W3;
}

static int __init hb_init(void)
{
	struct hb_state *st;
	int cpu;
	long ret;

	if (is_kernel_in_hyp_mode() || !hb_is_hypcore()) {
		pr_err("hypcore is not the hypervisor below this kernel\n");
		return -ENODEV;
	}
	st = kvzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	cpu = get_cpu();
	put_cpu();
	ret = work_on_cpu(cpu, hb_work, st);
	if (ret == -ENOENT || ret == -EOPNOTSUPP)
		pr_err("no instruction counter (QEMU offers INST_RETIRED only with -icount)\n");
	else if (ret)
		pr_err("measurement failed: %ld\n", ret);
	kvfree(st);
	return ret;
}

static void __exit hb_exit(void)
{
}

module_init(hb_init);
module_exit(hb_exit);
MODULE_DESCRIPTION("hypcore: PMU instruction counts per hypercall round trip");
MODULE_LICENSE("Dual MIT/GPL");
