/* SPDX-License-Identifier: MIT */
/*
 * Private to core/smmu: the driver's one instance, its geometry and the
 * helpers the files share. The files, bottom up:
 *
 *   smmu_line.c   building a line of text without printf
 *   smmu_probe.c  reading the ID registers into a geometry, or refusing
 *   smmu_ste.c    the stream table: one STE, and the whole table
 *   smmu_cmdq.c   the command queue: submit, CMD_SYNC, invalidations
 *   smmu_evtq.c   the event queue: drain, count, print
 *   smmu_init.c   the order of initialisation, smmu_init, smmu_enabled
 *
 * Registers are reached only through mmio_* (hypcore/mmio.h), the stream
 * table and queues only through phys_load / phys_store (hypcore/phys.h).
 */
#ifndef HYPCORE_SMMU_INTERNAL_H
#define HYPCORE_SMMU_INTERNAL_H

#include <hypcore/lock.h>
#include <hypcore/mmio.h>
#include <hypcore/smmu.h>
#include <hypcore/smmu_regs.h>

/*
 * How many register reads a wait may take before the SMMU counts as stuck:
 * about a second under QEMU, where each read is a trip into the device
 * model, and well under that on hardware. A count, not a clock: the core
 * has no timer, and the host tests then time out in milliseconds.
 */
#define SMMU_POLL_LIMIT (1U << 18)

/* Sizes the driver uses, capped: 256 STEs (PCIe bus 0), 256 commands, 128 events. */
#define SMMU_STRTAB_LOG2_MAX 8
#define SMMU_CMDQ_LOG2_MAX   8
#define SMMU_EVTQ_LOG2_MAX   7

/* What the ID registers allow, as the driver will use it. */
struct smmu_geom {
	bool probed;	     /* the ID registers were read */
	const char *refusal; /* why the SMMU cannot be used, or NULL */
	u32 idr0, idr1, idr5;
	u32 sid_log2;  /* stream table: 2^sid_log2 STEs */
	u32 cmdq_log2; /* command queue entries, log2 */
	u32 evtq_log2; /* event queue entries, log2 */
	u32 oas_enc;   /* S2PS: IDR5.OAS, at most 48 bits (our tables' format) */
	u32 ias_bits;  /* input size the STEs use: min(asked, output size) */
	u64 strtab_pa; /* where each structure lives in smmu_config.mem */
	u64 cmdq_pa;
	u64 evtq_pa;
	u64 mem_needed; /* bytes of mem from its start, a whole number of pages */
};

struct smmu_queue {
	u64 base; /* physical address of entry 0 */
	u32 log2; /* 2^log2 entries */
	u32 prod; /* index + wrap bit, as in the PROD register */
	u32 cons; /* likewise CONS (the last value read or written) */
};

struct smmu_dev {
	struct hc_lock lock; /* every queue access and all of smmu_init */
	bool enabled;	     /* translation on: written under the lock, read by anyone */
	u64 regs;	     /* register page 0 */
	u16 vmid;
	u64 ias_limit; /* 1 << ias_bits: IPAs at or above it are not translated */
	struct smmu_queue cmdq, evtq;
	u32 evtq_ovf; /* EVTQ_PROD.OVFLG as last acknowledged */
	struct smmu_event_stats stats;
};

extern struct smmu_dev smmu_dev;

/* Registers, at an offset from page 0. */
static inline u32 smmu_read32(u64 off)
{
	return mmio_read32(smmu_dev.regs + off);
}

static inline void smmu_write32(u64 off, u32 val)
{
	mmio_write32(smmu_dev.regs + off, val);
}

static inline void smmu_write64(u64 off, u64 val)
{
	mmio_write64(smmu_dev.regs + off, val);
}

/* Poll until (reg & mask) == want: 0, or -HC_ETIMEDOUT after SMMU_POLL_LIMIT reads. */
int smmu_wait_reg(u64 off, u32 mask, u32 want);

/* smmu_probe.c: 0, -HC_ENODEV, -HC_EINVAL or -HC_ENOMEM; nothing written. */
int smmu_probe(const struct smmu_config *c, struct smmu_geom *g);

/* smmu_ste.c */
void smmu_ste_make(const struct smmu_config *c, const struct smmu_geom *g, u64 ste[STE_WORDS]);
void smmu_strtab_write(const struct smmu_config *c, const struct smmu_geom *g);

/* smmu_cmdq.c (lock held): queue one command, or queue CMD_SYNC and wait for it. */
int smmu_cmdq_submit(const u64 cmd[CMD_WORDS]);
int smmu_cmdq_sync(void);

/* smmu_line.c: a line of text built piece by piece, cut at the end of buf. */
struct smmu_line {
	char buf[160];
	u32 len;
};

void line_start(struct smmu_line *l, const char *s);
void line_str(struct smmu_line *l, const char *s);
void line_hex(struct smmu_line *l, u64 v);
void line_dec(struct smmu_line *l, u64 v);
void line_print(struct smmu_line *l);

/* smmu_probe.c: the boot report of what the ID registers said and what the driver uses. */
void smmu_print_probe(const struct smmu_geom *g);

#endif
