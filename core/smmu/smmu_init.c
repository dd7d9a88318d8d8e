/* SPDX-License-Identifier: MIT */
/*
 * smmu_init: the order in which the SMMU is brought up, and why.
 *
 *  1. Check the configuration and probe IDR0/1/5 (smmu_probe.c). A refusal
 *     (-HC_EINVAL, -HC_ENODEV, -HC_ENOMEM) has written nothing.
 *  2. Block, then stop: GBPA.ABORT first, so that DMA aborts rather than
 *     bypasses while SMMUEN is 0, then CR0 = 0 and wait for CR0ACK. From
 *     here on, on any error, the SMMU stays disabled and blocking.
 *  3. Clear what a previous owner left: interrupts off (we poll), every
 *     active global error acknowledged.
 *  4. Fill the memory while the SMMU cannot read it: zero it, write every
 *     STE (smmu_ste.c). The queues start empty.
 *  5. Publish: CR1/CR2, STRTAB_BASE(_CFG), the queue bases and indices.
 *     Each MMIO write comes after the memory writes before it (mmio.h), so
 *     the SMMU never sees a base before what it names.
 *  6. Enable the command queue alone, then invalidate whatever the SMMU may
 *     have cached from before (CFGI_ALL, TLBI_NSNH_ALL) and CMD_SYNC: no
 *     stale STE or TLB entry survives into translation.
 *  7. Enable the event queue, so the first fault has somewhere to go.
 *  8. SMMUEN last: from that write on, every stream translates through the
 *     STEs, and GBPA no longer matters.
 * smmu_init is meant to run once, at boot. A second call first disables
 * (and blocks) the SMMU of the first, then starts from step 1.
 * Each CR0 write waits for CR0ACK, a bounded number of reads: a device that
 * never acknowledges gives -HC_ETIMEDOUT, not a hang.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/phys.h>

#include "smmu_internal.h"

#define CR0_ENABLES (CR0_SMMUEN | CR0_PRIQEN | CR0_EVTQEN | CR0_CMDQEN)

struct smmu_dev smmu_dev;

bool smmu_enabled(void)
{
	return __atomic_load_n(&smmu_dev.enabled, __ATOMIC_ACQUIRE);
}

static int cr0_set(u32 val)
{
	smmu_write32(SMMU_CR0, val);
	return smmu_wait_reg(SMMU_CR0ACK, CR0_ENABLES, val);
}

static int block_and_disable(void)
{
	int err = smmu_wait_reg(SMMU_GBPA, GBPA_UPDATE, 0);

	if (err)
		return err;
	/* Keep the other attribute fields as they are: only ABORT matters to us. */
	smmu_write32(SMMU_GBPA, smmu_read32(SMMU_GBPA) | GBPA_UPDATE | GBPA_ABORT);
	err = smmu_wait_reg(SMMU_GBPA, GBPA_UPDATE, 0);
	if (err)
		return err;
	return cr0_set(0);
}

static int clear_stale(void)
{
	smmu_write32(SMMU_IRQ_CTRL, 0);
	smmu_write32(SMMU_GERRORN, smmu_read32(SMMU_GERROR));
	return smmu_wait_reg(SMMU_IRQ_CTRLACK, ~0U, 0);
}

static void fill_memory(const struct smmu_config *c, const struct smmu_geom *g)
{
	for (u64 off = 0; off < g->mem_needed; off += SZ_4K)
		phys_zero_page(c->mem + off);
	smmu_strtab_write(c, g);
}

static void queue_init(struct smmu_queue *q, u64 base, u32 log2)
{
	q->base = base;
	q->log2 = log2;
	q->prod = 0;
	q->cons = 0;
}

static void publish(const struct smmu_geom *g)
{
	u64 page1 = smmu_dev.regs + SMMU_PAGE1;
	u32 cr1 =
	    (u32)(smmu_make(CR1_TABLE_SH, SMMU_SH_ISH) | smmu_make(CR1_TABLE_OC, CR1_CACHE_WB) |
		  smmu_make(CR1_TABLE_IC, CR1_CACHE_WB) | smmu_make(CR1_QUEUE_SH, SMMU_SH_ISH) |
		  smmu_make(CR1_QUEUE_OC, CR1_CACHE_WB) | smmu_make(CR1_QUEUE_IC, CR1_CACHE_WB));

	smmu_write32(SMMU_CR1, cr1);
	/* Our own TLB maintenance only; record stream ids beyond the table. */
	smmu_write32(SMMU_CR2, CR2_PTM | CR2_RECINVSID);
	smmu_write64(SMMU_STRTAB_BASE, (g->strtab_pa & STRTAB_BASE_ADDR_MASK) | STRTAB_BASE_RA);
	smmu_write32(SMMU_STRTAB_BASE_CFG, (u32)(smmu_make(STRTAB_CFG_FMT, STRTAB_CFG_FMT_LINEAR) |
						 smmu_make(STRTAB_CFG_LOG2SIZE, g->sid_log2)));
	queue_init(&smmu_dev.cmdq, g->cmdq_pa, g->cmdq_log2);
	smmu_write64(SMMU_CMDQ_BASE, (g->cmdq_pa & Q_BASE_ADDR_MASK) | Q_BASE_RWA |
					 smmu_make(Q_BASE_LOG2SIZE, g->cmdq_log2));
	smmu_write32(SMMU_CMDQ_PROD, 0);
	smmu_write32(SMMU_CMDQ_CONS, 0);
	queue_init(&smmu_dev.evtq, g->evtq_pa, g->evtq_log2);
	smmu_dev.evtq_ovf = 0;
	smmu_write64(SMMU_EVTQ_BASE, (g->evtq_pa & Q_BASE_ADDR_MASK) | Q_BASE_RWA |
					 smmu_make(Q_BASE_LOG2SIZE, g->evtq_log2));
	mmio_write32(page1 + SMMU_EVTQ_PROD, 0);
	mmio_write32(page1 + SMMU_EVTQ_CONS, 0);
}

/* Forget every STE and every TLB entry the SMMU may hold from before. */
static int invalidate_all(void)
{
	u64 cfgi[CMD_WORDS] = {smmu_make(CMD0_OP, CMD_CFGI_ALL), smmu_make(CMD1_CFGI_RANGE, 31)};
	u64 tlbi[CMD_WORDS] = {smmu_make(CMD0_OP, CMD_TLBI_NSNH_ALL), 0};
	int err = smmu_cmdq_submit(cfgi);

	if (!err)
		err = smmu_cmdq_submit(tlbi);
	if (!err)
		err = smmu_cmdq_sync();
	return err;
}

static int bring_up(const struct smmu_config *c, const struct smmu_geom *g)
{
	int err;

	smmu_dev.regs = c->base;
	smmu_dev.vmid = c->vmid;
	smmu_dev.ias_limit = 1ULL << g->ias_bits;
	smmu_dev.stats.count = 0;
	for (u32 i = 0; i < EVT_WORDS; i++)
		smmu_dev.stats.last[i] = 0;

	err = block_and_disable();
	if (!err)
		err = clear_stale();
	if (err)
		return err;
	fill_memory(c, g);
	publish(g);
	err = cr0_set(CR0_CMDQEN);
	if (!err)
		err = invalidate_all();
	if (!err)
		err = cr0_set(CR0_CMDQEN | CR0_EVTQEN);
	if (!err)
		err = cr0_set(CR0_CMDQEN | CR0_EVTQEN | CR0_SMMUEN);
	return err;
}

static void print_result(const struct smmu_config *c, int err)
{
	struct smmu_line l;

	if (err) {
		line_start(&l, "smmu: not enabled: ");
		line_str(&l, hc_strerror(err));
		line_print(&l);
		return;
	}
	line_start(&l, "smmu: translation on: vmid ");
	line_dec(&l, c->vmid);
	line_str(&l, ", stage-2 root ");
	line_hex(&l, c->s2_root);
	line_print(&l);
}

int smmu_init(const struct smmu_config *c)
{
	struct smmu_geom g;
	int err;

	hc_lock_acquire(&smmu_dev.lock);
	/*
	 * Called again: the SMMU of the last call stops translating first
	 * (blocking DMA), so that none runs on without its invalidations.
	 */
	if (smmu_dev.enabled) {
		__atomic_store_n(&smmu_dev.enabled, false, __ATOMIC_RELEASE);
		(void)block_and_disable();
	}
	err = smmu_probe(c, &g);
	if (g.probed)
		smmu_print_probe(&g);
	if (!err) {
		err = bring_up(c, &g);
		if (err)
			smmu_write32(SMMU_CR0, 0); /* best effort; GBPA still aborts */
		else
			__atomic_store_n(&smmu_dev.enabled, true, __ATOMIC_RELEASE);
	}
	if (c)
		print_result(c, err);
	hc_lock_release(&smmu_dev.lock);
	return err;
}
