/* SPDX-License-Identifier: MIT */
/*
 * A simulated SMMUv3 for the host tests: the register file of QEMU 10's
 * model (ID registers as it reports them, CR0 -> CR0ACK, GBPA, the stream
 * table and queue registers), a command consumer that runs when CMDQ_PROD
 * is written, and an event producer the test drives. The stream table and
 * queues are read and written in simulated memory with phys_load /
 * phys_store, as the real SMMU reads and writes RAM.
 *
 * Knobs let a test make the device misbehave: IDs without stage 2, a CR0
 * that is never acknowledged, a paused consumer, a CMD_SYNC that never
 * completes, a command that fails with GERROR.CMDQ_ERR.
 *
 * A register access the model does not know (wrong offset, wrong size, a
 * write the architecture forbids in the current state) panics: it is a
 * driver bug.
 */
#ifndef HYPCORE_ARCH_HOST_SMMU_SIM_H
#define HYPCORE_ARCH_HOST_SMMU_SIM_H

#include <hypcore/types.h>

/* Where QEMU's virt machine puts it, and what its registers read there (10.0.2). */
#define SMMU_SIM_BASE	   0x09050000ULL
#define SMMU_SIM_QEMU_IDR0 0x0d44101bU
#define SMMU_SIM_QEMU_IDR1 0x02730010U
#define SMMU_SIM_QEMU_IDR3 0x00001414U
#define SMMU_SIM_QEMU_IDR5 0x00000074U
#define SMMU_SIM_LOG_MAX   4096 /* commands, and register writes, kept in order */

/* Registers at reset values, the QEMU 10 ID values, knobs off, logs empty; mapped at base. */
void smmu_sim_reset(u64 base);
void smmu_sim_set_idr(u32 n, u32 val);

/* CR0 writes are not acknowledged in CR0ACK while on. */
void smmu_sim_no_ack(bool on);
/* The consumer takes no command while paused; resuming runs it at once. */
void smmu_sim_pause_cmdq(bool paused);
/* The consumer stops before any CMD_SYNC while on (CONS stays at it); off runs it. */
void smmu_sim_stall_sync(bool on);
/* The next command taken fails with this CERROR: GERROR.CMDQ_ERR, CONS stays on it. */
void smmu_sim_fail_next_cmd(u32 cerror);

/* A register's value, read without side effects; off may be in page 1. */
u64 smmu_sim_reg(u64 off);

/* Commands the consumer completed, in order (raw words). */
struct smmu_sim_cmd {
	u64 w[2];
};
u32 smmu_sim_cmd_count(void);
struct smmu_sim_cmd smmu_sim_cmd(u32 i);
void smmu_sim_cmd_log_clear(void);

/* Register writes, in order. */
struct smmu_sim_write {
	u64 off; /* from base; page 1 registers at 0x10000 + offset */
	u64 val;
};
u32 smmu_sim_write_count(void);
struct smmu_sim_write smmu_sim_write(u32 i);

/* How many of the first 2^min(SIDSIZE, 8) STEs were valid when STRTAB_BASE was written. */
u32 smmu_sim_ste_valid_at_publish(void);

/*
 * The STE the SMMU would use for sid, read from memory as it would read
 * it; false when sid is beyond the table (the SMMU's C_BAD_STREAMID).
 */
bool smmu_sim_ste(u32 sid, u64 ste[8]);

/*
 * Produce one event record (four words) into the event queue, as the SMMU
 * does: false if the queue is off, or full (then EVTQ_PROD.OVFLG flips and
 * the record is lost).
 */
bool smmu_sim_inject_event(const u64 rec[4]);

#endif
