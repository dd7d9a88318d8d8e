/* SPDX-License-Identifier: MIT */
/*
 * The event queue: the SMMU produces, the driver consumes. Each record
 * between CONS and PROD is read, counted, kept as "the last one" and
 * printed as one line; then a single CONS write hands the slots back.
 * Records that repeat the one before (same event, stream, direction and
 * page: one stopped DMA of a few KiB makes hundreds) are counted in one
 * more line instead, so that the console stays readable.
 * (The mmio accessor completes the record reads before that write, so the
 * SMMU never overwrites a record still being read.)
 *
 * If the SMMU found the queue full it dropped records and flipped
 * EVTQ_PROD.OVFLG; copying that bit into EVTQ_CONS acknowledges it.
 */
#include <hypcore/phys.h>

#include "smmu_internal.h"

static const char *event_name(u32 id)
{
	switch (id) {
	case EVT_C_BAD_STREAMID:
		return "bad stream id";
	case EVT_F_STE_FETCH:
		return "STE fetch fault";
	case EVT_C_BAD_STE:
		return "bad STE";
	case EVT_F_STREAM_DISABLED:
		return "stream disabled";
	case EVT_F_TRANSLATION:
		return "translation fault";
	case EVT_F_ADDR_SIZE:
		return "address size fault";
	case EVT_F_ACCESS:
		return "access flag fault";
	case EVT_F_PERMISSION:
		return "permission fault";
	default:
		return "event";
	}
}

static void print_event(const u64 rec[EVT_WORDS])
{
	struct smmu_line l;
	u32 id = (u32)smmu_field(EVT0_ID, rec[0]);

	line_start(&l, "smmu: ");
	line_str(&l, event_name(id));
	line_str(&l, " (");
	line_hex(&l, id);
	line_str(&l, ") sid ");
	line_hex(&l, smmu_field(EVT0_SID, rec[0]));
	line_str(&l, (rec[1] & EVT1_RNW) ? " read" : " write");
	line_str(&l, " addr ");
	line_hex(&l, rec[2]);
	line_str(&l, " ipa ");
	line_hex(&l, rec[3] & EVT3_IPA_MASK);
	line_str(&l, " rec1 ");
	line_hex(&l, rec[1]);
	line_print(&l);
}

/* A run of records like the first one printed: how many more, and the last address. */
struct evt_run {
	u64 first[EVT_WORDS];
	u32 more;
	u64 last_addr;
};

static bool same_kind(const u64 a[EVT_WORDS], const u64 b[EVT_WORDS])
{
	return smmu_field(EVT0_ID, a[0]) == smmu_field(EVT0_ID, b[0]) &&
	       smmu_field(EVT0_SID, a[0]) == smmu_field(EVT0_SID, b[0]) &&
	       (a[1] & EVT1_RNW) == (b[1] & EVT1_RNW) &&
	       (a[3] & EVT3_IPA_MASK) == (b[3] & EVT3_IPA_MASK);
}

static void end_run(struct evt_run *r)
{
	struct smmu_line l;

	if (!r->more)
		return;
	line_start(&l, "smmu:   and ");
	line_dec(&l, r->more);
	line_str(&l, " more like it, up to addr ");
	line_hex(&l, r->last_addr);
	line_print(&l);
	r->more = 0;
}

/* Print rec, or count it in the run of records like it. */
static void report(struct evt_run *r, bool *open, const u64 rec[EVT_WORDS])
{
	if (*open && same_kind(r->first, rec)) {
		r->more++;
		r->last_addr = rec[2];
		return;
	}
	end_run(r);
	print_event(rec);
	for (u32 i = 0; i < EVT_WORDS; i++)
		r->first[i] = rec[i];
	*open = true;
}

static void read_record(const struct smmu_queue *q, u32 p, u64 rec[EVT_WORDS])
{
	u64 pa = q->base + (u64)smmu_q_idx(p, q->log2) * EVT_SIZE;

	for (u32 i = 0; i < EVT_WORDS; i++)
		rec[i] = phys_load(pa + 8 * i);
}

static u32 drain(void)
{
	struct smmu_queue *q = &smmu_dev.evtq;
	u64 page1 = smmu_dev.regs + SMMU_PAGE1;
	u32 prod_reg = mmio_read32(page1 + SMMU_EVTQ_PROD);
	u32 mask = (2U << q->log2) - 1;
	u32 n = 0;
	bool ovf_ack = false, open = false;
	struct evt_run run = {{0}, 0, 0};

	q->prod = prod_reg & mask;
	while (!smmu_q_empty(q->prod, q->cons, q->log2)) {
		u64 rec[EVT_WORDS];

		read_record(q, q->cons, rec);
		for (u32 i = 0; i < EVT_WORDS; i++)
			smmu_dev.stats.last[i] = rec[i];
		smmu_dev.stats.count++;
		report(&run, &open, rec);
		q->cons = smmu_q_inc(q->cons, q->log2);
		n++;
	}
	end_run(&run);
	if ((prod_reg ^ smmu_dev.evtq_ovf) & Q_OVF) {
		struct smmu_line l;

		smmu_dev.evtq_ovf = prod_reg & Q_OVF;
		ovf_ack = true;
		line_start(&l, "smmu: event queue overflowed, records were lost");
		line_print(&l);
	}
	if (n || ovf_ack)
		mmio_write32(page1 + SMMU_EVTQ_CONS, q->cons | smmu_dev.evtq_ovf);
	return n;
}

u32 smmu_poll_events(void)
{
	u32 n = 0;

	if (!smmu_enabled())
		return 0;
	hc_lock_acquire(&smmu_dev.lock);
	if (smmu_dev.enabled)
		n = drain();
	hc_lock_release(&smmu_dev.lock);
	return n;
}

void smmu_events(struct smmu_event_stats *s)
{
	hc_lock_acquire(&smmu_dev.lock);
	s->count = smmu_dev.stats.count;
	for (u32 i = 0; i < EVT_WORDS; i++)
		s->last[i] = smmu_dev.stats.last[i];
	hc_lock_release(&smmu_dev.lock);
}
