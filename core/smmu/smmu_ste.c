/* SPDX-License-Identifier: MIT */
/*
 * The stream table: linear, one STE per stream id, every one of them valid
 * and translating at stage 2 through the same tables (the host's SPT).
 *
 * Size: 2^min(IDR1.SIDSIZE, 8) = 256 STEs on QEMU, which covers PCIe bus 0
 * (requester id = bus:dev.fn = stream id). A stream id at or beyond the
 * table's end is not covered: the SMMU aborts its transactions and records
 * C_BAD_STREAMID (CR2.RECINVSID). Nothing bypasses.
 *
 * What QEMU 10's STE decoder (hw/arm/smmuv3.c, decode_ste_s2_cfg) accepts,
 * and the architecture requires:
 *  - S2AA64 = 1 (QEMU has no AArch32 tables and asserts on 0);
 *  - S2TG = 0 (4 KiB), S2SL0 != 3, S2ENDI = 0 (little-endian only);
 *  - S2T0SZ between max(16, 64 - OAS bits) and 39: with QEMU's 44-bit OAS,
 *    at least 20, so a 48-bit IPA space is cut to 44 bits (g->ias_bits);
 *  - S2TTB inside the output size that min(S2PS, IDR5.OAS) gives;
 *  - S2S = 0 (no stall model), no hardware AF / dirty updates (S2HA, S2HD).
 * Start level 0 (S2SL0 = 2) with T0SZ 16..24 needs a single root table, the
 * level-0 table the SPT already has.
 */
#include <hypcore/phys.h>

#include "smmu_internal.h"

void smmu_ste_make(const struct smmu_config *c, const struct smmu_geom *g, u64 ste[STE_WORDS])
{
	for (u32 i = 0; i < STE_WORDS; i++)
		ste[i] = 0;
	ste[0] = STE0_V | smmu_make(STE0_CONFIG, STE_CONFIG_S2);
	/* Stage 1 bypassed: keep the device's own shareability; no ATS. */
	ste[1] = smmu_make(STE1_SHCFG, STE_SHCFG_INCOMING);
	ste[2] = smmu_make(STE2_S2VMID, c->vmid) | smmu_make(STE2_S2T0SZ, 64 - g->ias_bits) |
		 smmu_make(STE2_S2SL0, STE_SL0_LEVEL0) | smmu_make(STE2_S2IR0, STE_CACHE_WB) |
		 smmu_make(STE2_S2OR0, STE_CACHE_WB) | smmu_make(STE2_S2SH0, SMMU_SH_ISH) |
		 smmu_make(STE2_S2TG, 0) | smmu_make(STE2_S2PS, g->oas_enc) | STE2_S2AA64 |
		 /*
		  * The SPT's leaves always carry AF and nothing updates it;
		  * a DMA must not fault on it (there is no one to resume it).
		  */
		 STE2_S2AFFD |
		 /* Faults go to the event queue, where smmu_poll_events finds them. */
		 STE2_S2R;
	ste[3] = c->s2_root & STE3_S2TTB_MASK;
}

/*
 * Every STE, while the SMMU is disabled and before STRTAB_BASE names the
 * table: word 0 (with V) last all the same, so that no STE is ever valid
 * with half its fields.
 */
void smmu_strtab_write(const struct smmu_config *c, const struct smmu_geom *g)
{
	u64 ste[STE_WORDS];

	smmu_ste_make(c, g, ste);
	for (u64 sid = 0; sid < (1ULL << g->sid_log2); sid++) {
		u64 pa = g->strtab_pa + sid * STE_SIZE;

		for (u32 i = STE_WORDS; i-- > 1;)
			phys_store(pa + 8 * i, ste[i]);
		phys_store(pa, ste[0]);
	}
}
