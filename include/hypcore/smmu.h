/* SPDX-License-Identifier: MIT */
/*
 * The SMMUv3 driver (core/smmu): the core's only way to program the SMMU
 * that fronts the machine's DMA-capable devices. The host never sees the
 * SMMU; every stream it may use translates at stage 2 through the host's
 * SPT (core/spt), and unknown stream ids abort.
 *
 * Registers are reached through the MMIO accessor (hypcore/mmio.h), the
 * stream table and queues, which the SMMU reads and writes in memory,
 * through the physical-memory accessor (hypcore/phys.h). Before smmu_init
 * succeeds, or on a machine without an SMMU, the invalidation calls do
 * nothing and answer 0: there is nothing that could cache a translation.
 *
 * Every function takes the driver's own lock; any CPU may call them.
 */
#ifndef HYPCORE_SMMU_H
#define HYPCORE_SMMU_H

#include <hypcore/types.h>

/*
 * Core-owned memory the driver needs (smmu_config.mem), at most: the
 * linear stream table (256 STEs of 64 bytes, 16 KiB), the command queue
 * (256 entries of 16 bytes, 4 KiB) and the event queue (128 entries of 32
 * bytes, 4 KiB), one after the other, each naturally aligned. mem must be
 * SMMU_MEM_ALIGN-aligned. The SMMU reads and writes this memory itself:
 * it must be normal write-back RAM that the host can never map.
 */
#define SMMU_MEM_SIZE  0x6000ULL
#define SMMU_MEM_ALIGN 0x4000ULL

struct smmu_config {
	u64 base;	   /* MMIO frame: register page 0 and page 1 (64 KiB each) */
	u64 mem, mem_size; /* core-owned memory for the stream table and queues */
	u64 s2_root;	   /* level-0 table every stream translates through */
	u32 s2_ipa_bits;   /* input size of that table set (40..48); capped at the SMMU's OAS */
	u16 vmid;	   /* SMMU VMID that tags its TLB entries */
};

/*
 * Probe the ID registers, build the stream table and queues, publish them
 * and enable translation (order and reasons: core/smmu/README.md). 0,
 * -HC_ENODEV (no SMMUv3 there, or one without stage 2, AArch64 tables,
 * the 4 KiB granule or coherent access), -HC_ENOMEM (mem too small),
 * -HC_EINVAL (bad config: base not 64 KiB-aligned, mem not
 * SMMU_MEM_ALIGN-aligned, root not a page, IPA bits outside 40..48, root
 * beyond the SMMU's output size, a 16-bit VMID the SMMU lacks),
 * -HC_ETIMEDOUT (the SMMU did not acknowledge). On an error the SMMU is
 * left disabled; once the driver has written to it, also blocking DMA
 * (GBPA.ABORT). Prints what the ID registers said and the outcome.
 */
int smmu_init(const struct smmu_config *c);
bool smmu_enabled(void);

/*
 * Queue the invalidation of the leaf mapping ipa (level 2 or 3; any other
 * level is -HC_EINVAL, also before init); no wait. An IPA beyond the input
 * size the SMMU uses is never translated: nothing to queue, 0.
 */
int smmu_tlbi_ipa(u64 ipa, u32 level);
/*
 * Queue the invalidation of every entry of the configured VMID; no wait.
 * Both queueing calls: -HC_ETIMEDOUT when the queue stays full (nothing
 * queued), -HC_EIO when the SMMU reported a command error meanwhile.
 */
int smmu_tlbi_all(void);
/*
 * CMD_SYNC: wait until every command queued before it has completed.
 * -HC_ETIMEDOUT after a bounded wait (a stalled SMMU is an error, not a
 * hang); -HC_EIO when the SMMU reported a command error (GERROR): the
 * failed command is skipped, those after it still run.
 */
int smmu_sync(void);

/* What the event queue reported since boot. */
struct smmu_event_stats {
	u64 count;   /* records read */
	u64 last[4]; /* the last record (32 bytes) as four little-endian words */
};

/* Read every pending event record: print one line each, count it. Returns how many. */
u32 smmu_poll_events(void);
void smmu_events(struct smmu_event_stats *s);

#endif
