/* SPDX-License-Identifier: MIT */
/*
 * The simulated SMMUv3 (see smmu_sim.h). One instance; its own mutex
 * guards it against the test thread and CPUs calling the driver at once.
 */
#include <hypcore/arch.h>
#include <hypcore/phys.h>
#include <hypcore/smmu_regs.h>
#include <pthread.h>
#include <string.h>

#include "mmio_sim.h"
#include "smmu_sim.h"

struct smmu_sim {
	u64 base;
	u32 idr[6], iidr, aidr;
	u32 cr0, cr0ack, cr1, cr2, gbpa, irq_ctrl, irq_ctrlack, gerror, gerrorn;
	u64 strtab_base;
	u32 strtab_cfg;
	u64 cmdq_base, evtq_base;
	u32 cmdq_prod, cmdq_cons, evtq_prod, evtq_cons;
	bool no_ack, paused, sync_stall;
	u32 fail_cerror;
	u32 ncmds, nwrites, ste_valid_at_publish;
	struct smmu_sim_cmd cmds[SMMU_SIM_LOG_MAX];
	struct smmu_sim_write writes[SMMU_SIM_LOG_MAX];
};

static struct smmu_sim sim;
static pthread_mutex_t sim_mutex = PTHREAD_MUTEX_INITIALIZER;

static u32 q_log2(u64 base_reg)
{
	return (u32)smmu_field(Q_BASE_LOG2SIZE, base_reg);
}

static u32 q_mask(u64 base_reg)
{
	return (2U << q_log2(base_reg)) - 1;
}

static u32 strtab_entries(void)
{
	u32 log2 = (u32)smmu_field(IDR1_SIDSIZE, sim.idr[1]);

	return 1U << (log2 < 8 ? log2 : 8);
}

static bool cmdq_error_active(void)
{
	return (sim.gerror ^ sim.gerrorn) & GERROR_CMDQ_ERR;
}

/* Take commands from CONS up to PROD, as the SMMU does once CMDQEN is on. */
static void consume(void)
{
	u32 log2 = q_log2(sim.cmdq_base);
	u64 base = sim.cmdq_base & Q_BASE_ADDR_MASK;

	if (!(sim.cr0ack & CR0_CMDQEN) || sim.paused)
		return;
	while (!smmu_q_empty(sim.cmdq_prod, sim.cmdq_cons, log2) && !cmdq_error_active()) {
		u64 pa = base + (u64)smmu_q_idx(sim.cmdq_cons, log2) * CMD_SIZE;
		struct smmu_sim_cmd c = {{phys_load(pa), phys_load(pa + 8)}};

		if (sim.fail_cerror) {
			sim.cmdq_cons |= (u32)smmu_make(CMDQ_CONS_ERR, sim.fail_cerror);
			sim.gerror ^= GERROR_CMDQ_ERR;
			sim.fail_cerror = 0;
			return;
		}
		if (smmu_field(CMD0_OP, c.w[0]) == CMD_SYNC && sim.sync_stall)
			return;
		if (sim.ncmds < SMMU_SIM_LOG_MAX)
			sim.cmds[sim.ncmds] = c;
		sim.ncmds++;
		sim.cmdq_cons = smmu_q_inc(sim.cmdq_cons, log2);
	}
}

static u32 count_valid_stes(u64 strtab)
{
	u32 n = 0;

	for (u32 sid = 0; sid < strtab_entries(); sid++)
		n += (phys_load((strtab & STRTAB_BASE_ADDR_MASK) + (u64)sid * STE_SIZE) & STE0_V) !=
		     0;
	return n;
}

static bool is_64bit(u64 off);
static bool reg_value(u64 off, u64 *v);

static u64 sim_read(void *ctx, u64 off, u32 size)
{
	u64 v = 0;
	bool ok;

	(void)ctx;
	pthread_mutex_lock(&sim_mutex);
	ok = reg_value(off, &v) && (size == 8) == is_64bit(off);
	pthread_mutex_unlock(&sim_mutex);
	BUG_ON(!ok); /* a register the model does not have, or read at the wrong size */
	return v;
}

/* Registers a write may reach only while the queue or the SMMU is off. */
static void check_off(u32 enable_bit)
{
	if (sim.cr0ack & enable_bit) {
		pthread_mutex_unlock(&sim_mutex);
		BUG_ON(sim.cr0ack & enable_bit);
	}
}

static void write32(u64 off, u32 val)
{
	switch (off) {
	case SMMU_CR0:
		sim.cr0 = val;
		if (!sim.no_ack)
			sim.cr0ack = val;
		break;
	case SMMU_CR1:
	case SMMU_CR2:
		check_off(CR0_SMMUEN | CR0_CMDQEN | CR0_EVTQEN);
		*(off == SMMU_CR1 ? &sim.cr1 : &sim.cr2) = val;
		break;
	case SMMU_GBPA:
		if (val & GBPA_UPDATE)
			sim.gbpa = val & ~GBPA_UPDATE;
		break;
	case SMMU_IRQ_CTRL:
		sim.irq_ctrl = sim.irq_ctrlack = val;
		break;
	case SMMU_GERRORN:
		sim.gerrorn = val;
		break;
	case SMMU_STRTAB_BASE_CFG:
		check_off(CR0_SMMUEN);
		sim.strtab_cfg = val;
		break;
	case SMMU_CMDQ_PROD:
		sim.cmdq_prod = val & q_mask(sim.cmdq_base);
		consume();
		break;
	case SMMU_CMDQ_CONS:
		check_off(CR0_CMDQEN);
		sim.cmdq_cons = val;
		break;
	case SMMU_PAGE1 + SMMU_EVTQ_PROD:
		check_off(CR0_EVTQEN);
		sim.evtq_prod = val;
		break;
	case SMMU_PAGE1 + SMMU_EVTQ_CONS:
		sim.evtq_cons = val;
		break;
	default:
		pthread_mutex_unlock(&sim_mutex);
		BUG_ON(1); /* not a register the driver may write this way */
	}
}

static void write64(u64 off, u64 val)
{
	switch (off) {
	case SMMU_STRTAB_BASE:
		check_off(CR0_SMMUEN);
		sim.strtab_base = val;
		sim.ste_valid_at_publish = count_valid_stes(val);
		break;
	case SMMU_CMDQ_BASE:
		check_off(CR0_CMDQEN);
		sim.cmdq_base = val;
		break;
	case SMMU_EVTQ_BASE:
		check_off(CR0_EVTQEN);
		sim.evtq_base = val;
		break;
	default:
		pthread_mutex_unlock(&sim_mutex);
		BUG_ON(1);
	}
}

static void sim_write(void *ctx, u64 off, u64 val, u32 size)
{
	(void)ctx;
	pthread_mutex_lock(&sim_mutex);
	if (sim.nwrites < SMMU_SIM_LOG_MAX)
		sim.writes[sim.nwrites] = (struct smmu_sim_write){off, val};
	sim.nwrites++;
	if (size == 8)
		write64(off, val);
	else
		write32(off, (u32)val);
	pthread_mutex_unlock(&sim_mutex);
}

static const struct sim_mmio_ops sim_ops = {sim_read, sim_write};

void smmu_sim_reset(u64 base)
{
	pthread_mutex_lock(&sim_mutex);
	memset(&sim, 0, sizeof(sim));
	sim.base = base;
	sim.idr[0] = SMMU_SIM_QEMU_IDR0;
	sim.idr[1] = SMMU_SIM_QEMU_IDR1;
	sim.idr[3] = SMMU_SIM_QEMU_IDR3;
	sim.idr[5] = SMMU_SIM_QEMU_IDR5;
	sim.aidr = 1;
	sim.gbpa = 0x1000; /* QEMU's reset value: bypass */
	pthread_mutex_unlock(&sim_mutex);
	sim_mmio_map(base, SMMU_FRAME_LEN, &sim_ops, NULL);
}

void smmu_sim_set_idr(u32 n, u32 val)
{
	BUG_ON(n >= 6);
	pthread_mutex_lock(&sim_mutex);
	sim.idr[n] = val;
	pthread_mutex_unlock(&sim_mutex);
}

void smmu_sim_no_ack(bool on)
{
	pthread_mutex_lock(&sim_mutex);
	sim.no_ack = on;
	pthread_mutex_unlock(&sim_mutex);
}

void smmu_sim_pause_cmdq(bool paused)
{
	pthread_mutex_lock(&sim_mutex);
	sim.paused = paused;
	consume();
	pthread_mutex_unlock(&sim_mutex);
}

void smmu_sim_stall_sync(bool on)
{
	pthread_mutex_lock(&sim_mutex);
	sim.sync_stall = on;
	consume();
	pthread_mutex_unlock(&sim_mutex);
}

void smmu_sim_fail_next_cmd(u32 cerror)
{
	pthread_mutex_lock(&sim_mutex);
	sim.fail_cerror = cerror;
	pthread_mutex_unlock(&sim_mutex);
}

static bool is_64bit(u64 off)
{
	return off == SMMU_STRTAB_BASE || off == SMMU_CMDQ_BASE || off == SMMU_EVTQ_BASE;
}

/* The value of the register at off, with sim_mutex held; false if there is none. */
static bool reg_value(u64 off, u64 *v)
{
	const u32 *r32 = NULL;

	if (off <= SMMU_IDR5 && !(off & 3)) {
		*v = sim.idr[off / 4];
		return true;
	}
	switch (off) {
	case SMMU_IIDR:
		r32 = &sim.iidr;
		break;
	case SMMU_AIDR:
		r32 = &sim.aidr;
		break;
	case SMMU_CR0:
		r32 = &sim.cr0;
		break;
	case SMMU_CR0ACK:
		r32 = &sim.cr0ack;
		break;
	case SMMU_CR1:
		r32 = &sim.cr1;
		break;
	case SMMU_CR2:
		r32 = &sim.cr2;
		break;
	case SMMU_GBPA:
		r32 = &sim.gbpa;
		break;
	case SMMU_IRQ_CTRL:
		r32 = &sim.irq_ctrl;
		break;
	case SMMU_IRQ_CTRLACK:
		r32 = &sim.irq_ctrlack;
		break;
	case SMMU_GERROR:
		r32 = &sim.gerror;
		break;
	case SMMU_GERRORN:
		r32 = &sim.gerrorn;
		break;
	case SMMU_STRTAB_BASE_CFG:
		r32 = &sim.strtab_cfg;
		break;
	case SMMU_CMDQ_PROD:
		r32 = &sim.cmdq_prod;
		break;
	case SMMU_CMDQ_CONS:
		r32 = &sim.cmdq_cons;
		break;
	case SMMU_PAGE1 + SMMU_EVTQ_PROD:
		r32 = &sim.evtq_prod;
		break;
	case SMMU_PAGE1 + SMMU_EVTQ_CONS:
		r32 = &sim.evtq_cons;
		break;
	case SMMU_STRTAB_BASE:
		*v = sim.strtab_base;
		return true;
	case SMMU_CMDQ_BASE:
		*v = sim.cmdq_base;
		return true;
	case SMMU_EVTQ_BASE:
		*v = sim.evtq_base;
		return true;
	default:
		return false;
	}
	*v = *r32;
	return true;
}

u64 smmu_sim_reg(u64 off)
{
	u64 v = 0;
	bool ok;

	pthread_mutex_lock(&sim_mutex);
	ok = reg_value(off, &v);
	pthread_mutex_unlock(&sim_mutex);
	BUG_ON(!ok);
	return v;
}

u32 smmu_sim_cmd_count(void)
{
	u32 n;

	pthread_mutex_lock(&sim_mutex);
	n = sim.ncmds;
	pthread_mutex_unlock(&sim_mutex);
	return n;
}

struct smmu_sim_cmd smmu_sim_cmd(u32 i)
{
	struct smmu_sim_cmd c;

	BUG_ON(i >= SMMU_SIM_LOG_MAX);
	pthread_mutex_lock(&sim_mutex);
	c = sim.cmds[i];
	pthread_mutex_unlock(&sim_mutex);
	return c;
}

void smmu_sim_cmd_log_clear(void)
{
	pthread_mutex_lock(&sim_mutex);
	sim.ncmds = 0;
	pthread_mutex_unlock(&sim_mutex);
}

u32 smmu_sim_write_count(void)
{
	u32 n;

	pthread_mutex_lock(&sim_mutex);
	n = sim.nwrites;
	pthread_mutex_unlock(&sim_mutex);
	return n;
}

struct smmu_sim_write smmu_sim_write(u32 i)
{
	struct smmu_sim_write w;

	BUG_ON(i >= SMMU_SIM_LOG_MAX);
	pthread_mutex_lock(&sim_mutex);
	w = sim.writes[i];
	pthread_mutex_unlock(&sim_mutex);
	return w;
}

u32 smmu_sim_ste_valid_at_publish(void)
{
	u32 n;

	pthread_mutex_lock(&sim_mutex);
	n = sim.ste_valid_at_publish;
	pthread_mutex_unlock(&sim_mutex);
	return n;
}

/* As QEMU finds it: the SID range is the smaller of LOG2SIZE and SIDSIZE, the base aligned down. */
bool smmu_sim_ste(u32 sid, u64 ste[8])
{
	u32 log2, sidsize;
	u64 base;
	bool in_range;

	pthread_mutex_lock(&sim_mutex);
	log2 = (u32)smmu_field(STRTAB_CFG_LOG2SIZE, sim.strtab_cfg);
	sidsize = (u32)smmu_field(IDR1_SIDSIZE, sim.idr[1]);
	log2 = log2 < sidsize ? log2 : sidsize;
	base = sim.strtab_base & STRTAB_BASE_ADDR_MASK & ~((STE_SIZE << log2) - 1);
	in_range = sid < (1ULL << log2);
	for (u32 i = 0; in_range && i < STE_WORDS; i++)
		ste[i] = phys_load(base + (u64)sid * STE_SIZE + 8 * i);
	pthread_mutex_unlock(&sim_mutex);
	return in_range;
}

bool smmu_sim_inject_event(const u64 rec[4])
{
	u32 log2;
	u64 pa;
	bool ok = false;

	pthread_mutex_lock(&sim_mutex);
	log2 = q_log2(sim.evtq_base);
	if (!(sim.cr0ack & CR0_EVTQEN))
		goto out;
	if (smmu_q_full(sim.evtq_prod, sim.evtq_cons, log2)) {
		sim.evtq_prod ^= Q_OVF;
		goto out;
	}
	pa = (sim.evtq_base & Q_BASE_ADDR_MASK) + (u64)smmu_q_idx(sim.evtq_prod, log2) * EVT_SIZE;
	for (u32 i = 0; i < EVT_WORDS; i++)
		phys_store(pa + 8 * i, rec[i]);
	sim.evtq_prod = (sim.evtq_prod & Q_OVF) | smmu_q_inc(sim.evtq_prod, log2);
	ok = true;
out:
	pthread_mutex_unlock(&sim_mutex);
	return ok;
}
