/* SPDX-License-Identifier: MIT */
#include "refine_gen.h"

#include "../../arch/host/sim.h"

static u64 next_u64(struct refine_gen *g)
{
	/* splitmix64: tiny, and every seed gives a good stream */
	u64 z = (g->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 below(struct refine_gen *g, u64 n)
{
	return next_u64(g) % n;
}

/* True with probability pct percent. */
static bool chance(struct refine_gen *g, u32 pct)
{
	return below(g, 100) < pct;
}

#define PICK(g, arr) ((arr)[below((g), ARRAY_SIZE(arr))])

void refine_gen_init(struct refine_gen *g, u64 seed, u32 nr_vms)
{
	g->state = seed;
	g->nr_vms = nr_vms;
}

static u64 gen_vmid(struct refine_gen *g)
{
	const u64 odd[] = {g->nr_vms, NPT_MAX_VMS, 0xffffffffULL, (1ULL << 32) | 1, ~0ULL};
	const u64 usual[] = {0, 1, 2, g->nr_vms - 1};

	return chance(g, 3) ? PICK(g, odd) : PICK(g, usual);
}

static u64 gen_addr(struct refine_gen *g)
{
	const u64 i0[] = {0, 1, 511};
	const u64 i1[] = {0, 1, 511};
	const u64 i2[] = {0, 1, 2, 511};
	const u64 i3[] = {0, 1, 2, 511};
	const u64 off[] = {0, 8, 0x10, 0xff8};
	const u64 bad[] = {1ULL << 48, (1ULL << 48) | 0x1000, ~0ULL, 1ULL << 63};
	u64 addr;

	if (chance(g, 2))
		return PICK(g, bad);
	/* One draw per statement: C leaves the order of operands of | unspecified. */
	addr = PICK(g, i0) << 39;
	addr |= PICK(g, i1) << 30;
	addr |= PICK(g, i2) << 21;
	addr |= PICK(g, i3) << 12;
	if (chance(g, 40))
		addr |= chance(g, 10) ? below(g, 4096) : PICK(g, off);
	return addr;
}

/* An output address: mostly data RAM, some outside it (efault on access). */
static u64 gen_out(struct refine_gen *g, bool block)
{
	const u64 ram_blocks[] = {SIM_DATA_START, SIM_DATA_START + SZ_2M, SIM_DATA_END - SZ_2M};
	const u64 ram_pages[] = {SIM_DATA_START, SIM_DATA_START + 0x1000,
				 SIM_DATA_START + SZ_2M + 0x5000, SIM_DATA_END - 0x1000};
	const u64 outside[] = {SZ_2M, 0x10000, SIM_DATA_END, 0xffffffe00000ULL};

	if (chance(g, 8))
		return PICK(g, outside);
	return block ? PICK(g, ram_blocks) : PICK(g, ram_pages);
}

static u64 gen_attrs(struct refine_gen *g)
{
	u64 a = 0;

	if (!chance(g, 10))
		a |= NPT_PTE_S2AP_R;
	if (!chance(g, 25))
		a |= NPT_PTE_S2AP_W;
	if (chance(g, 50))
		a |= 1ULL << 10; /* AF: any attribute the caller likes is kept as given */
	if (chance(g, 10)) {
		a |= below(g, 16) << 2;
		a |= below(g, 8) << 52;
		a |= below(g, 32) << 59;
	}
	return a;
}

static u64 gen_pte(struct refine_gen *g, u64 level)
{
	u64 type = level == 2 ? 1 : 3;
	u64 out = gen_out(g, level == 2);

	if (chance(g, 6)) {
		switch (below(g, 6)) {
		case 0:
			return 0;
		case 1:
			out = 0;
			break;
		case 2:
			type = below(g, 4);
			break;
		case 3:
			out |= 0x1000; /* a block that is not 2 MiB aligned */
			break;
		case 4:
			out |= 1ULL << (55 + below(g, 4)); /* a reserved bit */
			return out | type | gen_attrs(g);
		default:
			level = 5 - level; /* the other level's shape */
			type = level == 2 ? 1 : 3;
		}
	}
	return out | type | gen_attrs(g);
}

static u64 gen_level(struct refine_gen *g)
{
	const u64 bad[] = {0, 1, 4, (1ULL << 32) | 2, (1ULL << 32) | 3};

	if (chance(g, 3))
		return PICK(g, bad);
	return chance(g, 35) ? 2 : 3;
}

void refine_gen_next(struct refine_gen *g, struct npt_op *op)
{
	u64 r = below(g, 1000);

	op->vmid = gen_vmid(g);
	op->addr = gen_addr(g);
	op->level = 0;
	op->value = 0;
	if (r < 340) {
		op->kind = OP_SET;
		op->level = gen_level(g);
		op->value = gen_pte(g, op->level == 2 || op->level == 3 ? op->level : 3);
	} else if (r < 470) {
		op->kind = OP_UNMAP;
	} else if (r < 600) {
		op->kind = OP_WALK;
	} else if (r < 700) {
		op->kind = OP_LEVEL;
	} else if (r < 850) {
		op->kind = OP_LOAD;
	} else if (r < 999) {
		op->kind = OP_STORE;
		op->value = chance(g, 10) ? 0 : next_u64(g);
	} else {
		op->kind = OP_RESET;
	}
}
