/* SPDX-License-Identifier: MIT */
/*
 * Checking the configuration and reading the ID registers into the
 * geometry the driver will use. Nothing is written to the SMMU here: a
 * refusal leaves the device exactly as it was found.
 */
#include <hypcore/errno.h>

#include "smmu_internal.h"

#define FRAME_ALIGN 0x10000ULL
#define PAGE	    0x1000ULL
/* A level-0 root needs 40 to 48 bits of input (T0SZ 16..24, 4 KiB granule). */
#define IAS_MIN	   40
#define IAS_MAX	   48
#define OAS_ENC_48 5

static u64 align_up(u64 v, u64 a)
{
	return (v + a - 1) & ~(a - 1);
}

static u32 min_u32(u32 a, u32 b)
{
	return a < b ? a : b;
}

/* What smmu_init can check before touching the device. */
static bool config_ok(const struct smmu_config *c)
{
	if (!c || !c->base || (c->base & (FRAME_ALIGN - 1)))
		return false;
	if (!c->mem || (c->mem & (SMMU_MEM_ALIGN - 1)) || c->mem + c->mem_size < c->mem)
		return false;
	if (!c->s2_root || (c->s2_root & (PAGE - 1)))
		return false;
	return c->s2_ipa_bits >= IAS_MIN && c->s2_ipa_bits <= IAS_MAX;
}

/* The reason the SMMU cannot serve as the core's, or NULL if it can. */
static const char *refusal(const struct smmu_geom *g)
{
	u32 idr0 = g->idr0;

	if (!(idr0 & IDR0_S2P))
		return "no stage 2";
	if (!(smmu_field(IDR0_TTF, idr0) & IDR0_TTF_AARCH64))
		return "no AArch64 tables";
	if (!(g->idr5 & IDR5_GRAN4K))
		return "no 4 KiB granule";
	/* STEs, commands and the SPT are written with cacheable stores, never cleaned. */
	if (!(idr0 & IDR0_COHACC))
		return "not IO-coherent";
	if (smmu_field(IDR0_TTENDIAN, idr0) == IDR0_TTENDIAN_BE)
		return "big-endian tables only";
	/* A stalled DMA would wait for a RESUME the core never sends. */
	if (smmu_field(IDR0_STALL_MODEL, idr0) == IDR0_STALL_FORCED)
		return "stalls forced";
	if (g->idr1 & (IDR1_TABLES_PRESET | IDR1_QUEUES_PRESET))
		return "fixed table or queue bases";
	if (smmu_pa_bits(smmu_field(IDR5_OAS, g->idr5)) < IAS_MIN)
		return "output size below 40 bits";
	return NULL;
}

/* Sizes from the ID registers, and where each structure goes in mem. */
static void layout(const struct smmu_config *c, struct smmu_geom *g)
{
	u64 strtab_len, cmdq_len, evtq_len;
	u32 oas_enc = (u32)smmu_field(IDR5_OAS, g->idr5);

	g->sid_log2 = min_u32((u32)smmu_field(IDR1_SIDSIZE, g->idr1), SMMU_STRTAB_LOG2_MAX);
	g->cmdq_log2 = min_u32((u32)smmu_field(IDR1_CMDQS, g->idr1), SMMU_CMDQ_LOG2_MAX);
	g->evtq_log2 = min_u32((u32)smmu_field(IDR1_EVTQS, g->idr1), SMMU_EVTQ_LOG2_MAX);
	g->oas_enc = min_u32(oas_enc, OAS_ENC_48);
	g->ias_bits = min_u32(c->s2_ipa_bits, smmu_pa_bits(g->oas_enc));

	/* Each structure aligned to its size (at least 32 bytes for a queue). */
	strtab_len = (u64)STE_SIZE << g->sid_log2;
	cmdq_len = (u64)CMD_SIZE << g->cmdq_log2;
	evtq_len = (u64)EVT_SIZE << g->evtq_log2;
	cmdq_len = cmdq_len < 32 ? 32 : cmdq_len;
	g->strtab_pa = c->mem;
	g->cmdq_pa = align_up(g->strtab_pa + strtab_len, cmdq_len);
	g->evtq_pa = align_up(g->cmdq_pa + cmdq_len, evtq_len);
	g->mem_needed = align_up(g->evtq_pa + evtq_len - c->mem, PAGE);
}

int smmu_probe(const struct smmu_config *c, struct smmu_geom *g)
{
	g->probed = false;
	g->refusal = NULL;
	if (!config_ok(c))
		return -HC_EINVAL;
	g->probed = true;
	g->idr0 = mmio_read32(c->base + SMMU_IDR0);
	g->idr1 = mmio_read32(c->base + SMMU_IDR1);
	g->idr5 = mmio_read32(c->base + SMMU_IDR5);
	g->refusal = refusal(g);
	if (g->refusal)
		return -HC_ENODEV;
	layout(c, g);
	if (c->vmid > 0xff && !(g->idr0 & IDR0_VMID16))
		return -HC_EINVAL;
	/* The SMMU refuses an STE whose table lies beyond its output size. */
	if (c->s2_root >> smmu_pa_bits(g->oas_enc))
		return -HC_EINVAL;
	if (c->mem_size < g->mem_needed)
		return -HC_ENOMEM;
	return 0;
}

void smmu_print_probe(const struct smmu_geom *g)
{
	struct smmu_line l;

	line_start(&l, "smmu: idr0 ");
	line_hex(&l, g->idr0);
	line_str(&l, " idr1 ");
	line_hex(&l, g->idr1);
	line_str(&l, " idr5 ");
	line_hex(&l, g->idr5);
	line_str(&l, (g->idr0 & IDR0_S2P) ? ": stage 2 yes" : ": stage 2 no");
	line_str(&l, ", oas ");
	line_dec(&l, smmu_pa_bits((u32)smmu_field(IDR5_OAS, g->idr5)));
	line_str(&l, " bits, sidsize ");
	line_dec(&l, smmu_field(IDR1_SIDSIZE, g->idr1));
	line_str(&l, ", cmdqs ");
	line_dec(&l, smmu_field(IDR1_CMDQS, g->idr1));
	line_str(&l, ", evtqs ");
	line_dec(&l, smmu_field(IDR1_EVTQS, g->idr1));
	line_print(&l);
	if (g->refusal) {
		line_start(&l, "smmu: not used: ");
		line_str(&l, g->refusal);
		line_print(&l);
		return;
	}
	line_start(&l, "smmu: ");
	line_dec(&l, 1ULL << g->sid_log2);
	line_str(&l, " STEs (stream ids from ");
	line_dec(&l, 1ULL << g->sid_log2);
	line_str(&l, " abort), cmdq ");
	line_dec(&l, 1ULL << g->cmdq_log2);
	line_str(&l, ", evtq ");
	line_dec(&l, 1ULL << g->evtq_log2);
	line_str(&l, ", stage-2 input ");
	line_dec(&l, g->ias_bits);
	line_str(&l, " bits, output ");
	line_dec(&l, smmu_pa_bits(g->oas_enc));
	line_str(&l, " bits");
	line_print(&l);
}
