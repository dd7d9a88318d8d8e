/* SPDX-License-Identifier: MIT */
/*
 * The random operation generator of the refinement test: a deterministic
 * stream of operations per seed, with addresses drawn from a few indices
 * per level so that operations collide (same tables, same regions, both
 * levels), and a share of invalid vmids, addresses, levels and ptes.
 */
#ifndef HYPCORE_TESTS_REFINE_GEN_H
#define HYPCORE_TESTS_REFINE_GEN_H

#include "../model/npt_ops.h"

struct refine_gen {
	u64 state;
	u32 nr_vms;
};

void refine_gen_init(struct refine_gen *g, u64 seed, u32 nr_vms);
void refine_gen_next(struct refine_gen *g, struct npt_op *op);

#endif
