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

struct smmu_config {
	u64 base;	   /* MMIO frame: register page 0 and page 1 (64 KiB each) */
	u64 mem, mem_size; /* core-owned memory for the stream table and queues */
	u64 s2_root;	   /* level-0 table every stream translates through */
	u32 s2_ipa_bits;   /* input size of that table set (48) */
	u16 vmid;	   /* SMMU VMID that tags its TLB entries */
};

/*
 * Probe the ID registers, build the stream table and queues, publish them
 * and enable translation. 0, -HC_ENODEV (no SMMUv3 there, or no stage 2),
 * -HC_ENOMEM (mem too small), -HC_EINVAL (bad config), -HC_ETIMEDOUT (the
 * SMMU did not acknowledge). On an error the SMMU is left disabled.
 */
int smmu_init(const struct smmu_config *c);
bool smmu_enabled(void);

/* Queue the invalidation of the leaf mapping ipa (level 2 or 3); no wait. */
int smmu_tlbi_ipa(u64 ipa, u32 level);
/* Queue the invalidation of every entry of the configured VMID; no wait. */
int smmu_tlbi_all(void);
/*
 * CMD_SYNC: wait until every command queued before it has completed.
 * -HC_ETIMEDOUT after a bounded wait (a stalled SMMU is an error, not a
 * hang); -HC_EIO when the SMMU reported a command error (GERROR).
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
