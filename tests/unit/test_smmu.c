/* SPDX-License-Identifier: MIT */
/*
 * The SMMUv3 driver (core/smmu) against the simulated SMMU of arch/host:
 * the order of initialisation as the device sees it, the whole stream
 * table, refusals that leave the device alone, the command queue (wrap,
 * full, stalled CMD_SYNC, command errors) and the event queue (count, last
 * record, wrap, overflow).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <hypcore/errno.h>
#include <hypcore/smmu.h>
#include <hypcore/smmu_regs.h>

#include "../../arch/host/sim.h"
#include "../../arch/host/sim_log.h"
#include "../../arch/host/smmu_sim.h"

/* Inside the default table window of the simulated memory. */
#define MEM  0x100000ULL
#define ROOT 0x200000ULL
#define VMID 7

#define CMDQ_ENTRIES 256
#define EVTQ_ENTRIES 128
#define STES	     256

static const struct smmu_config good = {
    .base = SMMU_SIM_BASE,
    .mem = MEM,
    .mem_size = SMMU_MEM_SIZE,
    .s2_root = ROOT,
    .s2_ipa_bits = 48,
    .vmid = VMID,
};

/*
 * A fresh simulated SMMU and a disabled driver: an init that the SMMU
 * refuses (no IDs) first shuts down what an earlier test enabled; the
 * device is then reset again, so each test starts from its reset state.
 */
static int setup(void **state)
{
	(void)state;
	smmu_sim_reset(SMMU_SIM_BASE);
	smmu_sim_set_idr(0, 0);
	assert_int_equal(smmu_init(&good), -HC_ENODEV);
	sim_mem_reset();
	sim_log_reset();
	smmu_sim_reset(SMMU_SIM_BASE);
	return 0;
}

static int setup_init(void **state)
{
	setup(state);
	assert_int_equal(smmu_init(&good), 0);
	smmu_sim_cmd_log_clear();
	return 0;
}

static u32 op(u32 i)
{
	return (u32)smmu_field(CMD0_OP, smmu_sim_cmd(i).w[0]);
}

/* Index of the first register write to off (with (val & mask) == want), or -1. */
static int find_write(u64 off, u64 mask, u64 want)
{
	for (u32 i = 0; i < smmu_sim_write_count(); i++) {
		struct smmu_sim_write w = smmu_sim_write(i);

		if (w.off == off && (w.val & mask) == want)
			return (int)i;
	}
	return -1;
}

static void assert_disabled(void)
{
	assert_false(smmu_enabled());
	assert_int_equal(smmu_sim_reg(SMMU_CR0) & CR0_SMMUEN, 0);
}

/* Tables are in memory before their bases are published, commands come after CMDQEN, SMMUEN last.
 */
static void init_order(void **state)
{
	int gbpa, cr0_off, strtab, cmdq_base, cmdq_on, evtq_on, smmu_on;
	u32 last;

	setup(state);
	assert_int_equal(smmu_init(&good), 0);
	last = smmu_sim_write_count() - 1;
	gbpa = find_write(SMMU_GBPA, GBPA_ABORT, GBPA_ABORT);
	cr0_off = find_write(SMMU_CR0, ~0ULL, 0);
	strtab = find_write(SMMU_STRTAB_BASE, 0, 0);
	cmdq_base = find_write(SMMU_CMDQ_BASE, 0, 0);
	cmdq_on = find_write(SMMU_CR0, ~0ULL, CR0_CMDQEN);
	evtq_on = find_write(SMMU_CR0, ~0ULL, CR0_CMDQEN | CR0_EVTQEN);
	smmu_on = find_write(SMMU_CR0, ~0ULL, CR0_CMDQEN | CR0_EVTQEN | CR0_SMMUEN);
	assert_true(gbpa >= 0 && gbpa < cr0_off);
	assert_true(cr0_off < strtab && strtab < cmdq_base && cmdq_base < cmdq_on);
	assert_true(cmdq_on < evtq_on && evtq_on < smmu_on);
	assert_int_equal(smmu_on, (int)last);
	/* Every STE was valid in memory when STRTAB_BASE was written. */
	assert_int_equal(smmu_sim_ste_valid_at_publish(), STES);
	/* The invalidations ran between CMDQEN and EVTQEN: CFGI_ALL, TLBI_NSNH_ALL, SYNC. */
	assert_true(find_write(SMMU_CMDQ_PROD, ~0ULL, 1) > cmdq_on);
	assert_true(find_write(SMMU_CMDQ_PROD, ~0ULL, 3) < evtq_on);
	assert_int_equal(smmu_sim_cmd_count(), 3);
	assert_int_equal(op(0), CMD_CFGI_ALL);
	assert_int_equal(smmu_field(CMD1_CFGI_RANGE, smmu_sim_cmd(0).w[1]), 31);
	assert_int_equal(op(1), CMD_TLBI_NSNH_ALL);
	assert_int_equal(op(2), CMD_SYNC);
	assert_true(smmu_enabled());
	assert_int_equal(smmu_sim_reg(SMMU_CR0ACK), CR0_CMDQEN | CR0_EVTQEN | CR0_SMMUEN);
	assert_int_equal(smmu_sim_reg(SMMU_GBPA), 0x1000 | GBPA_ABORT);
}

/* The registers name the structures at their sizes: 256 STEs, 256 commands, 128 events. */
static void init_registers(void **state)
{
	u64 cfg = smmu_sim_reg(SMMU_STRTAB_BASE_CFG);
	u64 cr1 = smmu_sim_reg(SMMU_CR1);

	(void)state;
	assert_int_equal(smmu_sim_reg(SMMU_STRTAB_BASE) & STRTAB_BASE_ADDR_MASK, MEM);
	assert_int_equal(smmu_field(STRTAB_CFG_FMT, cfg), STRTAB_CFG_FMT_LINEAR);
	assert_int_equal(smmu_field(STRTAB_CFG_LOG2SIZE, cfg), 8);
	assert_int_equal(smmu_sim_reg(SMMU_CMDQ_BASE) & Q_BASE_ADDR_MASK, MEM + 0x4000);
	assert_int_equal(smmu_field(Q_BASE_LOG2SIZE, smmu_sim_reg(SMMU_CMDQ_BASE)), 8);
	assert_int_equal(smmu_sim_reg(SMMU_EVTQ_BASE) & Q_BASE_ADDR_MASK, MEM + 0x5000);
	assert_int_equal(smmu_field(Q_BASE_LOG2SIZE, smmu_sim_reg(SMMU_EVTQ_BASE)), 7);
	assert_int_equal(smmu_field(CR1_TABLE_SH, cr1), SMMU_SH_ISH);
	assert_int_equal(smmu_field(CR1_QUEUE_IC, cr1), CR1_CACHE_WB);
	assert_int_equal(smmu_sim_reg(SMMU_CR2), CR2_PTM | CR2_RECINVSID);
	assert_int_equal(smmu_sim_reg(SMMU_IRQ_CTRL), 0);
}

/* Every STE 0..255 is valid, translates at stage 2 through ROOT with VMID, in a form QEMU accepts.
 */
static void every_ste_translates(void **state)
{
	(void)state;
	for (u32 sid = 0; sid < STES; sid++) {
		u64 ste[8];

		assert_true(smmu_sim_ste(sid, ste));
		assert_true(ste[0] & STE0_V);
		assert_int_equal(smmu_field(STE0_CONFIG, ste[0]), STE_CONFIG_S2);
		assert_int_equal(smmu_field(STE2_S2VMID, ste[2]), VMID);
		/* QEMU's OAS is 44 bits: T0SZ at least 20, start level 0. */
		assert_int_equal(smmu_field(STE2_S2T0SZ, ste[2]), 64 - 44);
		assert_int_equal(smmu_field(STE2_S2SL0, ste[2]), STE_SL0_LEVEL0);
		assert_int_equal(smmu_field(STE2_S2TG, ste[2]), 0);
		assert_int_equal(smmu_field(STE2_S2PS, ste[2]), 4);
		assert_int_equal(smmu_field(STE2_S2IR0, ste[2]), STE_CACHE_WB);
		assert_int_equal(smmu_field(STE2_S2OR0, ste[2]), STE_CACHE_WB);
		assert_int_equal(smmu_field(STE2_S2SH0, ste[2]), SMMU_SH_ISH);
		assert_true(ste[2] & STE2_S2AA64);
		assert_true(ste[2] & STE2_S2R);
		assert_true(ste[2] & STE2_S2AFFD);
		assert_false(ste[2] & (STE2_S2ENDI | STE2_S2S | STE2_S2HA | STE2_S2HD));
		assert_int_equal(ste[3] & STE3_S2TTB_MASK, ROOT);
		for (u32 i = 4; i < 8; i++)
			assert_int_equal(ste[i], 0);
	}
}

/* Stream ids from 256 on are outside the table: the SMMU aborts them (C_BAD_STREAMID). */
static void sid_256_not_covered(void **state)
{
	u64 ste[8];

	(void)state;
	assert_false(smmu_sim_ste(STES, ste));
	assert_false(smmu_sim_ste(0xffff, ste));
}

/* An SMMU with a 48-bit output size gets the full 48-bit input (T0SZ 16). */
static void oas_48_keeps_48_bit_input(void **state)
{
	u64 ste[8];

	setup(state);
	smmu_sim_set_idr(5, (SMMU_SIM_QEMU_IDR5 & ~7U) | 5);
	assert_int_equal(smmu_init(&good), 0);
	assert_true(smmu_sim_ste(0, ste));
	assert_int_equal(smmu_field(STE2_S2T0SZ, ste[2]), 16);
	assert_int_equal(smmu_field(STE2_S2PS, ste[2]), 5);
}

/* Without stage 2 (QEMU 7.2's IDR0) the driver refuses and writes no register. */
static void refuses_without_s2p(void **state)
{
	setup(state);
	smmu_sim_set_idr(0, 0x0d40101a);
	assert_int_equal(smmu_init(&good), -HC_ENODEV);
	assert_int_equal(smmu_sim_write_count(), 0);
	assert_disabled();
}

/* Other IDs the core cannot use: no AArch64 tables, no 4 KiB granule, not coherent, stalls forced.
 */
static void refuses_unusable_ids(void **state)
{
	static const struct {
		u32 idr, val;
	} bad[] = {
	    {0, SMMU_SIM_QEMU_IDR0 & ~(2U << 2)},
	    {5, SMMU_SIM_QEMU_IDR5 & ~IDR5_GRAN4K},
	    {0, SMMU_SIM_QEMU_IDR0 & ~IDR0_COHACC},
	    {0, (SMMU_SIM_QEMU_IDR0 & ~(3U << 24)) | (2U << 24)},
	    {0, SMMU_SIM_QEMU_IDR0 | (3U << 21)},
	    {1, SMMU_SIM_QEMU_IDR1 | IDR1_TABLES_PRESET},
	    {5, SMMU_SIM_QEMU_IDR5 & ~7U},
	};

	for (u32 i = 0; i < ARRAY_SIZE(bad); i++) {
		setup(state);
		smmu_sim_set_idr(bad[i].idr, bad[i].val);
		assert_int_equal(smmu_init(&good), -HC_ENODEV);
		assert_int_equal(smmu_sim_write_count(), 0);
		assert_disabled();
	}
}

/* Memory one page short of what the structures need is enomem, nothing written. */
static void too_small_memory(void **state)
{
	struct smmu_config c = good;

	setup(state);
	c.mem_size = SMMU_MEM_SIZE - SZ_4K;
	assert_int_equal(smmu_init(&c), -HC_ENOMEM);
	assert_int_equal(smmu_sim_write_count(), 0);
	assert_disabled();
}

/* Misaligned or out-of-range configurations are einval before the device is touched. */
static void bad_configs(void **state)
{
	struct smmu_config c[8];

	for (u32 i = 0; i < ARRAY_SIZE(c); i++)
		c[i] = good;
	c[0].base += 0x1000;
	c[1].mem += 0x1000;
	c[2].s2_root += 8;
	c[3].s2_root = 0;
	c[4].s2_ipa_bits = 39;
	c[5].s2_ipa_bits = 49;
	c[6].s2_root = 1ULL << 44; /* beyond QEMU's 44-bit output size */
	c[7].mem = 0;
	for (u32 i = 0; i < ARRAY_SIZE(c); i++) {
		setup(state);
		assert_int_equal(smmu_init(&c[i]), -HC_EINVAL);
		assert_int_equal(smmu_sim_write_count(), 0);
		assert_disabled();
	}
	assert_int_equal(smmu_init(NULL), -HC_EINVAL);
}

/* A 16-bit VMID needs IDR0.VMID16. */
static void vmid16_needs_idr0_bit(void **state)
{
	struct smmu_config c = good;

	setup(state);
	c.vmid = 0x100;
	smmu_sim_set_idr(0, SMMU_SIM_QEMU_IDR0 & ~IDR0_VMID16);
	assert_int_equal(smmu_init(&c), -HC_EINVAL);
	setup(state);
	assert_int_equal(smmu_init(&c), 0);
}

/* A CR0 that is never acknowledged is etimedout, not a hang; translation stays off, DMA aborts. */
static void no_cr0ack(void **state)
{
	setup(state);
	smmu_sim_no_ack(true);
	assert_int_equal(smmu_init(&good), -HC_ETIMEDOUT);
	assert_disabled();
	assert_int_equal(smmu_sim_reg(SMMU_CR0), 0);
	assert_true(smmu_sim_reg(SMMU_GBPA) & GBPA_ABORT);
	assert_int_equal(smmu_sync(), 0); /* still a no-op */
}

/* Before a successful init every call is a no-op answering 0. */
static void calls_before_init(void **state)
{
	struct smmu_event_stats s;

	setup(state);
	smmu_sim_set_idr(0, 0);
	assert_int_equal(smmu_init(&good), -HC_ENODEV);
	assert_false(smmu_enabled());
	assert_int_equal(smmu_tlbi_ipa(0x40000000, 3), 0);
	assert_int_equal(smmu_tlbi_all(), 0);
	assert_int_equal(smmu_sync(), 0);
	assert_int_equal(smmu_poll_events(), 0);
	smmu_events(&s);
	assert_int_equal(s.count, 0);
	assert_int_equal(smmu_sim_write_count(), 0);
}

/* smmu_tlbi_ipa + smmu_sync put exactly TLBI_S2_IPA (VMID, IPA, leaf) then CMD_SYNC. */
static void tlbi_ipa_then_sync(void **state)
{
	struct smmu_sim_cmd c;

	(void)state;
	assert_int_equal(smmu_tlbi_ipa(0x40201000, 3), 0);
	assert_int_equal(smmu_sync(), 0);
	assert_int_equal(smmu_sim_cmd_count(), 2);
	c = smmu_sim_cmd(0);
	assert_int_equal(smmu_field(CMD0_OP, c.w[0]), CMD_TLBI_S2_IPA);
	assert_int_equal(smmu_field(CMD0_TLBI_VMID, c.w[0]), VMID);
	assert_int_equal(c.w[1] & CMD1_TLBI_IPA_MASK, 0x40201000);
	assert_true(c.w[1] & CMD1_TLBI_LEAF);
	c = smmu_sim_cmd(1);
	assert_int_equal(smmu_field(CMD0_OP, c.w[0]), CMD_SYNC);
	assert_int_equal(smmu_field(CMD0_SYNC_CS, c.w[0]), CMD_SYNC_CS_NONE);
	assert_int_equal(c.w[1], 0);
}

/* smmu_tlbi_all is TLBI_S12_VMALL of the VMID; a bad level is einval; beyond the input size,
 * nothing. */
static void tlbi_all_and_bounds(void **state)
{
	(void)state;
	assert_int_equal(smmu_tlbi_all(), 0);
	assert_int_equal(smmu_tlbi_ipa(0x40000000, 1), -HC_EINVAL);
	assert_int_equal(smmu_tlbi_ipa(1ULL << 44, 2), 0);
	assert_int_equal(smmu_sync(), 0);
	assert_int_equal(smmu_sim_cmd_count(), 2);
	assert_int_equal(op(0), CMD_TLBI_S12_VMALL);
	assert_int_equal(smmu_field(CMD0_TLBI_VMID, smmu_sim_cmd(0).w[0]), VMID);
	assert_int_equal(op(1), CMD_SYNC);
}

/* Three and a bit times round the queue: every command arrives once, in order, wrap bit right. */
static void cmdq_wraps(void **state)
{
	u32 n = 3 * CMDQ_ENTRIES + 7;

	(void)state;
	for (u32 i = 0; i < n; i++)
		assert_int_equal(smmu_tlbi_ipa((u64)i << 12, 3), 0);
	assert_int_equal(smmu_sync(), 0);
	assert_int_equal(smmu_sim_cmd_count(), n + 1);
	for (u32 i = 0; i < n; i++)
		assert_int_equal(smmu_sim_cmd(i).w[1] & CMD1_TLBI_IPA_MASK, (u64)i << 12);
	/* 3 at init + n + 1: index (n + 4) % 256, wrap bit ((n + 4) / 256) & 1. */
	assert_int_equal(smmu_sim_reg(SMMU_CMDQ_PROD), (n + 4) % 512);
	assert_int_equal(smmu_sim_reg(SMMU_CMDQ_CONS), (n + 4) % 512);
}

/* A full queue whose consumer is paused: bounded wait, etimedout, nothing lost or doubled after. */
static void cmdq_full(void **state)
{
	u32 prod;

	(void)state;
	smmu_sim_pause_cmdq(true);
	for (u32 i = 0; i < CMDQ_ENTRIES; i++)
		assert_int_equal(smmu_tlbi_ipa((u64)i << 12, 3), 0);
	prod = (u32)smmu_sim_reg(SMMU_CMDQ_PROD);
	assert_int_equal(smmu_tlbi_ipa(0x12345000, 3), -HC_ETIMEDOUT);
	assert_int_equal(smmu_sim_reg(SMMU_CMDQ_PROD), prod);
	assert_int_equal(smmu_sim_cmd_count(), 0);
	smmu_sim_pause_cmdq(false);
	assert_int_equal(smmu_sim_cmd_count(), CMDQ_ENTRIES);
	assert_int_equal(smmu_tlbi_ipa(0x12345000, 3), 0);
	assert_int_equal(smmu_sync(), 0);
	assert_int_equal(smmu_sim_cmd_count(), CMDQ_ENTRIES + 2);
	for (u32 i = 0; i < CMDQ_ENTRIES; i++)
		assert_int_equal(smmu_sim_cmd(i).w[1] & CMD1_TLBI_IPA_MASK, (u64)i << 12);
	assert_int_equal(smmu_sim_cmd(CMDQ_ENTRIES).w[1] & CMD1_TLBI_IPA_MASK, 0x12345000);
}

/* A CMD_SYNC that never completes is etimedout, not a hang; once it runs, the next sync works. */
static void stalled_sync(void **state)
{
	(void)state;
	smmu_sim_stall_sync(true);
	assert_int_equal(smmu_tlbi_all(), 0);
	assert_int_equal(smmu_sync(), -HC_ETIMEDOUT);
	assert_int_equal(smmu_sim_cmd_count(), 1);
	smmu_sim_stall_sync(false);
	assert_int_equal(smmu_sync(), 0);
	assert_int_equal(smmu_sim_cmd_count(), 3);
	assert_int_equal(op(1), CMD_SYNC);
	assert_int_equal(op(2), CMD_SYNC);
}

/* GERROR.CMDQ_ERR is eio: the bad command is skipped, the error acked, the queue runs on. */
static void cmdq_error_is_eio(void **state)
{
	(void)state;
	smmu_sim_fail_next_cmd(CERROR_ILL);
	assert_int_equal(smmu_tlbi_ipa(0x1000, 3), 0);
	assert_int_equal(smmu_tlbi_ipa(0x2000, 3), 0);
	assert_int_equal(smmu_sync(), -HC_EIO);
	assert_int_equal((smmu_sim_reg(SMMU_GERROR) ^ smmu_sim_reg(SMMU_GERRORN)) & GERROR_CMDQ_ERR,
			 0);
	assert_int_equal(smmu_sync(), 0);
	/* The failed one became a CMD_SYNC; the rest ran in order. */
	assert_int_equal(smmu_sim_cmd_count(), 4);
	assert_int_equal(op(0), CMD_SYNC);
	assert_int_equal(smmu_sim_cmd(1).w[1] & CMD1_TLBI_IPA_MASK, 0x2000);
	assert_int_equal(op(2), CMD_SYNC);
	assert_int_equal(op(3), CMD_SYNC);
}

static void event(u64 rec[4], u32 id, u32 sid, u64 addr)
{
	rec[0] = smmu_make(EVT0_ID, id) | smmu_make(EVT0_SID, sid);
	rec[1] = EVT1_S2;
	rec[2] = addr;
	rec[3] = addr & EVT3_IPA_MASK;
}

/* Injected records are counted, one line each, and the last one is kept whole. */
static void events_counted(void **state)
{
	struct smmu_event_stats s;
	u64 rec[4];
	char line[SIM_LOG_LINE_MAX];
	u64 lines = sim_log_lines();

	(void)state;
	for (u32 i = 0; i < 3; i++) {
		event(rec, EVT_F_TRANSLATION, 8 + i, 0x40000000 + i * 0x1000);
		assert_true(smmu_sim_inject_event(rec));
	}
	assert_int_equal(smmu_poll_events(), 3);
	assert_int_equal(smmu_poll_events(), 0);
	smmu_events(&s);
	assert_int_equal(s.count, 3);
	assert_memory_equal(s.last, rec, sizeof(rec));
	assert_int_equal(sim_log_lines(), lines + 3);
	sim_log_last(line);
	assert_non_null(strstr(line, "translation fault"));
	assert_non_null(strstr(line, "sid 0xa"));
	assert_int_equal(smmu_sim_reg(SMMU_PAGE1 + SMMU_EVTQ_CONS), 3);
}

/* One stopped DMA makes a run of records like each other: all counted, two lines printed. */
static void event_runs_coalesced(void **state)
{
	struct smmu_event_stats s;
	u64 rec[4];
	char line[SIM_LOG_LINE_MAX];
	u64 lines = sim_log_lines();

	(void)state;
	for (u32 i = 0; i < 10; i++) {
		event(rec, EVT_F_TRANSLATION, 0x10, 0x40001000 + i * 4);
		assert_true(smmu_sim_inject_event(rec));
	}
	event(rec, EVT_F_TRANSLATION, 0x10, 0x40002000); /* another page: a line of its own */
	assert_true(smmu_sim_inject_event(rec));
	assert_int_equal(smmu_poll_events(), 11);
	smmu_events(&s);
	assert_int_equal(s.count, 11);
	assert_memory_equal(s.last, rec, sizeof(rec));
	/* first of the run, "and 9 more like it", the other page */
	assert_int_equal(sim_log_lines(), lines + 3);
	sim_log_last(line);
	assert_non_null(strstr(line, "addr 0x40002000"));
}

/* Records keep coming across the end of the queue: all counted, the last kept, wrap bit right. */
static void events_wrap(void **state)
{
	struct smmu_event_stats s;
	u64 rec[4];
	u32 total = 0;

	(void)state;
	for (u32 round = 0; round < 5; round++) {
		for (u32 i = 0; i < 100; i++) {
			event(rec, EVT_F_PERMISSION, round, total + i);
			assert_true(smmu_sim_inject_event(rec));
		}
		total += 100;
		assert_int_equal(smmu_poll_events(), 100);
	}
	smmu_events(&s);
	assert_int_equal(s.count, total);
	assert_int_equal(s.last[2], total - 1);
	assert_int_equal(smmu_sim_reg(SMMU_PAGE1 + SMMU_EVTQ_CONS), total % (2 * EVTQ_ENTRIES));
}

/* A full event queue loses records (OVFLG); the driver reads what is there and acks the overflow.
 */
static void events_overflow(void **state)
{
	u64 rec[4];

	(void)state;
	for (u32 i = 0; i < EVTQ_ENTRIES; i++) {
		event(rec, EVT_F_ACCESS, 1, i);
		assert_true(smmu_sim_inject_event(rec));
	}
	assert_false(smmu_sim_inject_event(rec));
	assert_true(smmu_sim_reg(SMMU_PAGE1 + SMMU_EVTQ_PROD) & Q_OVF);
	assert_int_equal(smmu_poll_events(), EVTQ_ENTRIES);
	assert_true(smmu_sim_reg(SMMU_PAGE1 + SMMU_EVTQ_CONS) & Q_OVF);
	assert_true(smmu_sim_inject_event(rec));
	assert_int_equal(smmu_poll_events(), 1);
}

/* The boot report says what the ID registers held and that translation is on. */
static void init_reports(void **state)
{
	char line[SIM_LOG_LINE_MAX];

	setup(state);
	assert_int_equal(smmu_init(&good), 0);
	assert_int_equal(sim_log_lines(), 3);
	sim_log_last(line);
	assert_non_null(strstr(line, "translation on"));
	setup(state);
	smmu_sim_set_idr(0, 0x0d40101a);
	assert_int_equal(smmu_init(&good), -HC_ENODEV);
	sim_log_last(line);
	assert_non_null(strstr(line, "enodev"));
}

/* A second init rebuilds everything from a disabled SMMU and keeps working. */
static void init_twice(void **state)
{
	(void)state;
	assert_int_equal(smmu_tlbi_all(), 0);
	assert_int_equal(smmu_init(&good), 0);
	assert_true(smmu_enabled());
	smmu_sim_cmd_log_clear();
	assert_int_equal(smmu_tlbi_ipa(0x3000, 2), 0);
	assert_int_equal(smmu_sync(), 0);
	assert_int_equal(smmu_sim_cmd_count(), 2);
}

/* A second init the SMMU refuses leaves the first one's SMMU disabled and blocking DMA. */
static void failed_reinit_disables(void **state)
{
	struct smmu_config c = good;

	(void)state;
	c.mem_size = 0;
	assert_int_equal(smmu_init(&c), -HC_ENOMEM);
	assert_disabled();
	assert_true(smmu_sim_reg(SMMU_GBPA) & GBPA_ABORT);
	assert_int_equal(smmu_sim_reg(SMMU_CR0ACK), 0);
	assert_int_equal(smmu_tlbi_all(), 0);
	assert_int_equal(smmu_sim_cmd_count(), 0);
}

#define SMP_CPUS   4
#define SMP_ROUNDS 150

static void *smp_cpu(void *arg)
{
	u32 cpu = (u32)(uintptr_t)arg;

	sim_cpu_set(cpu);
	for (u32 i = 0; i < SMP_ROUNDS; i++) {
		if (smmu_tlbi_ipa(((u64)cpu << 32) | ((u64)i << 12), 3) || smmu_sync())
			return (void *)1;
	}
	return NULL;
}

/* Four CPUs invalidating and syncing at once: every command arrives exactly once. */
static void smp_callers(void **state)
{
	pthread_t t[SMP_CPUS];
	u32 seen[SMP_CPUS] = {0};
	u32 tlbis = 0;

	(void)state;
	for (u32 c = 0; c < SMP_CPUS; c++)
		assert_int_equal(pthread_create(&t[c], NULL, smp_cpu, (void *)(uintptr_t)c), 0);
	for (u32 c = 0; c < SMP_CPUS; c++) {
		void *ret;

		assert_int_equal(pthread_join(t[c], &ret), 0);
		assert_null(ret);
	}
	sim_cpu_set(0);
	assert_int_equal(smmu_sim_cmd_count(), 2 * SMP_CPUS * SMP_ROUNDS);
	for (u32 i = 0; i < smmu_sim_cmd_count(); i++) {
		u64 ipa = smmu_sim_cmd(i).w[1] & CMD1_TLBI_IPA_MASK;
		u32 cpu = (u32)(ipa >> 32);

		if (op(i) != CMD_TLBI_S2_IPA)
			continue;
		tlbis++;
		/* Each CPU's own invalidations arrive in the order it queued them. */
		assert_int_equal((ipa >> 12) & 0xfffff, seen[cpu]);
		seen[cpu]++;
	}
	assert_int_equal(tlbis, SMP_CPUS * SMP_ROUNDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(init_order),
	    cmocka_unit_test_setup(init_registers, setup_init),
	    cmocka_unit_test_setup(every_ste_translates, setup_init),
	    cmocka_unit_test_setup(sid_256_not_covered, setup_init),
	    cmocka_unit_test(oas_48_keeps_48_bit_input),
	    cmocka_unit_test(refuses_without_s2p),
	    cmocka_unit_test(refuses_unusable_ids),
	    cmocka_unit_test(too_small_memory),
	    cmocka_unit_test(bad_configs),
	    cmocka_unit_test(vmid16_needs_idr0_bit),
	    cmocka_unit_test(no_cr0ack),
	    cmocka_unit_test(calls_before_init),
	    cmocka_unit_test_setup(tlbi_ipa_then_sync, setup_init),
	    cmocka_unit_test_setup(tlbi_all_and_bounds, setup_init),
	    cmocka_unit_test_setup(cmdq_wraps, setup_init),
	    cmocka_unit_test_setup(cmdq_full, setup_init),
	    cmocka_unit_test_setup(stalled_sync, setup_init),
	    cmocka_unit_test_setup(cmdq_error_is_eio, setup_init),
	    cmocka_unit_test_setup(events_counted, setup_init),
	    cmocka_unit_test_setup(event_runs_coalesced, setup_init),
	    cmocka_unit_test_setup(events_wrap, setup_init),
	    cmocka_unit_test_setup(events_overflow, setup_init),
	    cmocka_unit_test(init_reports),
	    cmocka_unit_test_setup(init_twice, setup_init),
	    cmocka_unit_test_setup(failed_reinit_disables, setup_init),
	    cmocka_unit_test_setup(smp_callers, setup_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
