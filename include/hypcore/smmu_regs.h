/* SPDX-License-Identifier: MIT */
/*
 * SMMUv3 architecture facts, in one place: register offsets, ID register
 * fields, and the layouts of the stream table entry (STE), the command
 * queue entry and the event record. Field positions are those of the Arm
 * SMMUv3 specification (IHI 0070), checked against Linux 6.1's SMMUv3
 * driver header and QEMU 10's model. Used by core/smmu and by the host
 * simulation of the device (arch/host/smmu_sim.c), so that both read the
 * same bits.
 *
 * A field is a shift and a width; smmu_field() reads one out of a value,
 * smmu_make() places a value into one.
 */
#ifndef HYPCORE_SMMU_REGS_H
#define HYPCORE_SMMU_REGS_H

#include <hypcore/types.h>

#define SMMU_FIELD(shift, width) (shift), (width)

static inline u64 smmu_field_get(u64 v, u32 shift, u32 width)
{
	return (v >> shift) & ((1ULL << width) - 1);
}

static inline u64 smmu_field_put(u64 v, u32 shift, u32 width)
{
	return (v & ((1ULL << width) - 1)) << shift;
}

/* smmu_field(IDR1_SIDSIZE, idr1) / smmu_make(STE2_S2VMID, vmid) */
#define smmu_field(f, v) smmu_field_get((v), f)
#define smmu_make(f, v)	 smmu_field_put((v), f)

/* Register page 0 (the frame's first 64 KiB) and page 1 (the next 64 KiB). */
#define SMMU_PAGE1     0x10000ULL
#define SMMU_FRAME_LEN 0x20000ULL

/* ---- ID registers ---- */
#define SMMU_IDR0	  0x00
#define IDR0_S2P	  (1U << 0)
#define IDR0_S1P	  (1U << 1)
#define IDR0_TTF	  SMMU_FIELD(2, 2) /* table formats: 2 = AArch64, 3 = both */
#define IDR0_TTF_AARCH64  2		   /* bit 1 of TTF: AArch64 tables walkable */
#define IDR0_COHACC	  (1U << 4)	   /* table and queue accesses are IO-coherent */
#define IDR0_HTTU	  SMMU_FIELD(6, 2)
#define IDR0_HYP	  (1U << 9)
#define IDR0_ASID16	  (1U << 12)
#define IDR0_SEV	  (1U << 14)
#define IDR0_VMID16	  (1U << 18)
#define IDR0_TTENDIAN	  SMMU_FIELD(21, 2) /* 0 mixed, 2 little, 3 big */
#define IDR0_TTENDIAN_BE  3
#define IDR0_STALL_MODEL  SMMU_FIELD(24, 2) /* 1 = terminate only, 2 = stall forced */
#define IDR0_STALL_FORCED 2
#define IDR0_ST_LEVEL	  SMMU_FIELD(27, 2)

#define SMMU_IDR1	   0x04
#define IDR1_SIDSIZE	   SMMU_FIELD(0, 6) /* log2 of the number of stream ids */
#define IDR1_SSIDSIZE	   SMMU_FIELD(6, 5)
#define IDR1_EVTQS	   SMMU_FIELD(16, 5) /* log2 of the largest event queue */
#define IDR1_CMDQS	   SMMU_FIELD(21, 5) /* log2 of the largest command queue */
#define IDR1_QUEUES_PRESET (1U << 29)	     /* queue bases fixed by the implementation */
#define IDR1_TABLES_PRESET (1U << 30)	     /* stream table base fixed likewise */
#define SMMU_IDR3	   0x0c
#define SMMU_IDR5	   0x14
#define IDR5_OAS	   SMMU_FIELD(0, 3) /* 0..6: 32 36 40 42 44 48 52 bits */
#define IDR5_GRAN4K	   (1U << 4)
#define IDR5_GRAN16K	   (1U << 5)
#define IDR5_GRAN64K	   (1U << 6)
#define SMMU_IIDR	   0x18
#define SMMU_AIDR	   0x1c

/* Physical address size of an IDR5.OAS / STE.S2PS encoding, in bits. */
static inline u32 smmu_pa_bits(u32 enc)
{
	static const u8 bits[8] = {32, 36, 40, 42, 44, 48, 52, 52};

	return bits[enc & 7];
}

/* ---- Control ---- */
#define SMMU_CR0    0x20
#define CR0_SMMUEN  (1U << 0)
#define CR0_PRIQEN  (1U << 1)
#define CR0_EVTQEN  (1U << 2)
#define CR0_CMDQEN  (1U << 3)
#define SMMU_CR0ACK 0x24 /* follows CR0 once the change has taken effect */

#define SMMU_CR1     0x28
#define CR1_QUEUE_IC SMMU_FIELD(0, 2)
#define CR1_QUEUE_OC SMMU_FIELD(2, 2)
#define CR1_QUEUE_SH SMMU_FIELD(4, 2)
#define CR1_TABLE_IC SMMU_FIELD(6, 2)
#define CR1_TABLE_OC SMMU_FIELD(8, 2)
#define CR1_TABLE_SH SMMU_FIELD(10, 2)
#define CR1_CACHE_WB 1 /* CR1's own encoding: 0 NC, 1 WB, 2 WT */
#define SMMU_SH_ISH  3 /* shareability: 0 non, 2 outer, 3 inner */

#define SMMU_CR2      0x2c
#define CR2_E2H	      (1U << 0)
#define CR2_RECINVSID (1U << 1) /* record C_BAD_STREAMID events */
#define CR2_PTM	      (1U << 2) /* private TLB maintenance: ignore broadcast TLBIs */

#define SMMU_GBPA   0x44 /* what transactions do while SMMUEN is 0 */
#define GBPA_ABORT  (1U << 20)
#define GBPA_UPDATE (1U << 31)

#define SMMU_IRQ_CTRL	 0x50
#define SMMU_IRQ_CTRLACK 0x54

/* GERROR and GERRORN: an error is active while their bits differ; toggle GERRORN to ack. */
#define SMMU_GERROR	    0x60
#define SMMU_GERRORN	    0x64
#define GERROR_CMDQ_ERR	    (1U << 0)
#define GERROR_EVTQ_ABT_ERR (1U << 2)
#define GERROR_PRIQ_ABT_ERR (1U << 3)
#define GERROR_SFM_ERR	    (1U << 8)
#define GERROR_ERR_MASK	    0x1fdU

/* ---- Stream table ---- */
#define SMMU_STRTAB_BASE      0x80 /* 64-bit */
#define STRTAB_BASE_RA	      (1ULL << 62)
#define STRTAB_BASE_ADDR_MASK 0x000fffffffffffc0ULL /* bits 51:6 */
#define SMMU_STRTAB_BASE_CFG  0x88
#define STRTAB_CFG_LOG2SIZE   SMMU_FIELD(0, 6)
#define STRTAB_CFG_SPLIT      SMMU_FIELD(6, 5)
#define STRTAB_CFG_FMT	      SMMU_FIELD(16, 2)
#define STRTAB_CFG_FMT_LINEAR 0

/* ---- Queues: base register, then PROD and CONS ---- */
#define SMMU_CMDQ_BASE	 0x90 /* 64-bit */
#define SMMU_CMDQ_PROD	 0x98
#define SMMU_CMDQ_CONS	 0x9c
#define SMMU_EVTQ_BASE	 0xa0 /* 64-bit */
#define SMMU_EVTQ_PROD	 0xa8 /* in register page 1 */
#define SMMU_EVTQ_CONS	 0xac /* in register page 1 */
#define Q_BASE_LOG2SIZE	 SMMU_FIELD(0, 5)
#define Q_BASE_ADDR_MASK 0x000fffffffffffe0ULL /* bits 51:5 */
#define Q_BASE_RWA	 (1ULL << 62)

/*
 * A queue of 2^n entries is indexed by bits [n-1:0] of PROD and CONS; bit n
 * is the wrap bit, flipped each time the index passes the end. Equal index
 * and wrap: empty. Equal index, different wrap: full.
 */
#define Q_OVF	      (1U << 31)	/* EVTQ_PROD: overflowed; EVTQ_CONS: overflow acked */
#define CMDQ_CONS_ERR SMMU_FIELD(24, 7) /* why the command at CONS failed */
#define CERROR_NONE   0
#define CERROR_ILL    1 /* illegal command */
#define CERROR_ABT    2 /* abort reading the command */

static inline u32 smmu_q_idx(u32 p, u32 log2)
{
	return p & ((1U << log2) - 1);
}

static inline u32 smmu_q_wrap(u32 p, u32 log2)
{
	return p & (1U << log2);
}

/* PROD or CONS moved on by one entry: index + 1, wrap flipped at the end. */
static inline u32 smmu_q_inc(u32 p, u32 log2)
{
	return (p + 1) & ((2U << log2) - 1);
}

static inline bool smmu_q_empty(u32 prod, u32 cons, u32 log2)
{
	return smmu_q_idx(prod, log2) == smmu_q_idx(cons, log2) &&
	       smmu_q_wrap(prod, log2) == smmu_q_wrap(cons, log2);
}

static inline bool smmu_q_full(u32 prod, u32 cons, u32 log2)
{
	return smmu_q_idx(prod, log2) == smmu_q_idx(cons, log2) &&
	       smmu_q_wrap(prod, log2) != smmu_q_wrap(cons, log2);
}

/* ---- Stream table entry: 64 bytes, eight little-endian words ---- */
#define STE_WORDS	   8
#define STE_SIZE	   64
#define STE0_V		   (1ULL << 0)
#define STE0_CONFIG	   SMMU_FIELD(1, 3)
#define STE_CONFIG_ABORT   0 /* 0b0xx: abort every transaction */
#define STE_CONFIG_BYPASS  4
#define STE_CONFIG_S1	   5
#define STE_CONFIG_S2	   6 /* stage 1 bypassed, stage 2 translates */
#define STE1_EATS	   SMMU_FIELD(28, 2)
#define STE1_SHCFG	   SMMU_FIELD(44, 2)
#define STE_SHCFG_INCOMING 1
#define STE2_S2VMID	   SMMU_FIELD(0, 16)
#define STE2_S2T0SZ	   SMMU_FIELD(32, 6)
#define STE2_S2SL0	   SMMU_FIELD(38, 2) /* 4 KiB granule: 0 level 2, 1 level 1, 2 level 0 */
#define STE2_S2IR0	   SMMU_FIELD(40, 2) /* walk cacheability: 1 = write-back RA WA */
#define STE2_S2OR0	   SMMU_FIELD(42, 2)
#define STE2_S2SH0	   SMMU_FIELD(44, 2)
#define STE2_S2TG	   SMMU_FIELD(46, 2) /* 0 = 4 KiB granule */
#define STE2_S2PS	   SMMU_FIELD(48, 3) /* output size, IDR5.OAS encoding */
#define STE2_S2AA64	   (1ULL << 51)	     /* VMSAv8-64 tables */
#define STE2_S2ENDI	   (1ULL << 52)	     /* big-endian walks */
#define STE2_S2AFFD	   (1ULL << 53)	     /* no access-flag faults */
#define STE2_S2PTW	   (1ULL << 54)
#define STE2_S2HD	   (1ULL << 55)
#define STE2_S2HA	   (1ULL << 56)
#define STE2_S2S	   (1ULL << 57)		 /* stall on faults */
#define STE2_S2R	   (1ULL << 58)		 /* record faults in the event queue */
#define STE3_S2TTB_MASK	   0x000ffffffffffff0ULL /* bits 51:4 */
#define STE_SL0_LEVEL0	   2
#define STE_CACHE_WB	   1

/* ---- Commands: 16 bytes, two words; the opcode is word 0 bits 7:0 ---- */
#define CMD_WORDS	   2
#define CMD_SIZE	   16
#define CMD0_OP		   SMMU_FIELD(0, 8)
#define CMD_CFGI_STE	   0x03
#define CMD_CFGI_ALL	   0x04
#define CMD_TLBI_S12_VMALL 0x28
#define CMD_TLBI_S2_IPA	   0x2a
#define CMD_TLBI_NSNH_ALL  0x30
#define CMD_SYNC	   0x46
#define CMD0_CFGI_SID	   SMMU_FIELD(32, 32)
#define CMD1_CFGI_LEAF	   (1ULL << 0)
#define CMD1_CFGI_RANGE	   SMMU_FIELD(0, 5) /* CFGI_ALL: range 31, every stream */
#define CMD0_TLBI_VMID	   SMMU_FIELD(32, 16)
#define CMD1_TLBI_LEAF	   (1ULL << 0)
#define CMD1_TLBI_TTL	   SMMU_FIELD(8, 2)
#define CMD1_TLBI_TG	   SMMU_FIELD(10, 2)
#define CMD1_TLBI_IPA_MASK 0x000ffffffffff000ULL /* bits 51:12 */
#define CMD0_SYNC_CS	   SMMU_FIELD(12, 2)
#define CMD_SYNC_CS_NONE   0
#define CMD_SYNC_CS_IRQ	   1
#define CMD_SYNC_CS_SEV	   2

/* ---- Event records: 32 bytes, four words ---- */
#define EVT_WORDS	      4
#define EVT_SIZE	      32
#define EVT0_ID		      SMMU_FIELD(0, 8)
#define EVT0_SID	      SMMU_FIELD(32, 32)
#define EVT1_RNW	      (1ULL << 35)
#define EVT1_S2		      (1ULL << 39)
#define EVT_C_BAD_STREAMID    0x02
#define EVT_F_STE_FETCH	      0x03
#define EVT_C_BAD_STE	      0x04
#define EVT_F_STREAM_DISABLED 0x06
#define EVT_F_TRANSLATION     0x10
#define EVT_F_ADDR_SIZE	      0x11
#define EVT_F_ACCESS	      0x12
#define EVT_F_PERMISSION      0x13
#define EVT2_INPUT_ADDR_WORD  2 /* the faulting input address */
#define EVT3_IPA_MASK	      0x000ffffffffff000ULL

#endif
