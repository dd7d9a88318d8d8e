/* SPDX-License-Identifier: MIT */
/*
 * The command queue. One producer at a time (the driver's lock), so the
 * producer index lives here and the SMMU's CONS is only read:
 *
 *   submit: wait for a free slot (bounded), write the entry's two words,
 *           then publish it with a PROD write (mmio orders it after them);
 *   sync:   queue CMD_SYNC, then wait (bounded) until CONS has passed it,
 *           which means every command before it has completed.
 *
 * While waiting, an active GERROR.CMDQ_ERR means the SMMU stopped at a
 * command it could not run: CONS points at it. The driver writes a
 * CMD_SYNC over that entry, acknowledges the error (GERRORN), and answers
 * -HC_EIO; the queue then runs on from there at the next PROD write.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/phys.h>

#include "smmu_internal.h"

int smmu_wait_reg(u64 off, u32 mask, u32 want)
{
	for (u32 n = 0; n < SMMU_POLL_LIMIT; n++) {
		if ((smmu_read32(off) & mask) == want)
			return 0;
	}
	return -HC_ETIMEDOUT;
}

static void write_entry(const struct smmu_queue *q, u32 p, const u64 *cmd)
{
	u64 pa = q->base + (u64)smmu_q_idx(p, q->log2) * CMD_SIZE;

	phys_store(pa, cmd[0]);
	phys_store(pa + 8, cmd[1]);
}

static void sync_cmd(u64 cmd[CMD_WORDS])
{
	/* CS = none: the driver polls CONS rather than waiting for an event. */
	cmd[0] = smmu_make(CMD0_OP, CMD_SYNC) | smmu_make(CMD0_SYNC_CS, CMD_SYNC_CS_NONE);
	cmd[1] = 0;
}

/* The SMMU stopped on a command error: skip the command, ack, and say so. */
static int cmdq_error(void)
{
	struct smmu_queue *q = &smmu_dev.cmdq;
	u32 cons = smmu_read32(SMMU_CMDQ_CONS);
	u64 skip[CMD_WORDS];

	sync_cmd(skip);
	write_entry(q, cons, skip);
	smmu_write32(SMMU_GERRORN, smmu_read32(SMMU_GERRORN) ^ GERROR_CMDQ_ERR);
	q->cons = cons & ((2U << q->log2) - 1);
	/* Restart the consumer on what is left (QEMU only looks again at a PROD write). */
	smmu_write32(SMMU_CMDQ_PROD, q->prod);
	return -HC_EIO;
}

static bool cmdq_err_active(void)
{
	return (smmu_read32(SMMU_GERROR) ^ smmu_read32(SMMU_GERRORN)) & GERROR_CMDQ_ERR;
}

/*
 * Wait until `done` holds for the queue as CONS shows it. 0, -HC_EIO on a
 * command error, -HC_ETIMEDOUT after SMMU_POLL_LIMIT rounds.
 */
static int cmdq_wait(bool (*done)(const struct smmu_queue *q))
{
	struct smmu_queue *q = &smmu_dev.cmdq;

	for (u32 n = 0; n < SMMU_POLL_LIMIT; n++) {
		q->cons = smmu_read32(SMMU_CMDQ_CONS) & ((2U << q->log2) - 1);
		if (done(q))
			return 0;
		if (cmdq_err_active())
			return cmdq_error();
	}
	return -HC_ETIMEDOUT;
}

static bool has_room(const struct smmu_queue *q)
{
	return !smmu_q_full(q->prod, q->cons, q->log2);
}

static bool drained(const struct smmu_queue *q)
{
	return smmu_q_empty(q->prod, q->cons, q->log2);
}

int smmu_cmdq_submit(const u64 cmd[CMD_WORDS])
{
	struct smmu_queue *q = &smmu_dev.cmdq;
	int err;

	BUG_ON(!hc_lock_held(&smmu_dev.lock));
	if (!has_room(q)) {
		err = cmdq_wait(has_room);
		if (err)
			return err;
	}
	write_entry(q, q->prod, cmd);
	q->prod = smmu_q_inc(q->prod, q->log2);
	smmu_write32(SMMU_CMDQ_PROD, q->prod);
	return 0;
}

int smmu_cmdq_sync(void)
{
	u64 cmd[CMD_WORDS];
	int err;

	sync_cmd(cmd);
	err = smmu_cmdq_submit(cmd);
	if (err)
		return err;
	/* The lock keeps other producers out: an empty queue means ours has run. */
	return cmdq_wait(drained);
}

/* Take the lock if the driver is enabled (true), else leave it alone. */
static bool lock_if_enabled(void)
{
	if (!smmu_enabled())
		return false;
	hc_lock_acquire(&smmu_dev.lock);
	if (smmu_dev.enabled)
		return true;
	hc_lock_release(&smmu_dev.lock);
	return false;
}

int smmu_tlbi_ipa(u64 ipa, u32 level)
{
	u64 cmd[CMD_WORDS];
	int err = 0;

	if (level != 2 && level != 3)
		return -HC_EINVAL;
	if (!lock_if_enabled())
		return 0;
	/* At or beyond the input size nothing is translated, so nothing is cached. */
	if (ipa < smmu_dev.ias_limit) {
		/*
		 * Leaf only (the tables above stay), no TTL hint: the IPA
		 * alone names the block or page, whatever its level.
		 */
		cmd[0] =
		    smmu_make(CMD0_OP, CMD_TLBI_S2_IPA) | smmu_make(CMD0_TLBI_VMID, smmu_dev.vmid);
		cmd[1] = (ipa & CMD1_TLBI_IPA_MASK) | CMD1_TLBI_LEAF;
		err = smmu_cmdq_submit(cmd);
	}
	hc_lock_release(&smmu_dev.lock);
	return err;
}

int smmu_tlbi_all(void)
{
	u64 cmd[CMD_WORDS];
	int err;

	if (!lock_if_enabled())
		return 0;
	cmd[0] = smmu_make(CMD0_OP, CMD_TLBI_S12_VMALL) | smmu_make(CMD0_TLBI_VMID, smmu_dev.vmid);
	cmd[1] = 0;
	err = smmu_cmdq_submit(cmd);
	hc_lock_release(&smmu_dev.lock);
	return err;
}

int smmu_sync(void)
{
	int err;

	if (!lock_if_enabled())
		return 0;
	err = smmu_cmdq_sync();
	hc_lock_release(&smmu_dev.lock);
	return err;
}
