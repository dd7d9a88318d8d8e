/* SPDX-License-Identifier: MIT */
/*
 * One NPT operation as data, applied either to the real core (under the
 * VM's lock) or to the model. The random refinement test and hypcore-sim
 * both go through here, so they drive the core the same way.
 *
 * Arguments are u64 as read from a command line: a vmid or level that does
 * not fit the core's u32 is einval here, before the core is called (the
 * core would see a truncated number). An invalid vmid is never locked.
 */
#ifndef HYPCORE_TESTS_NPT_OPS_H
#define HYPCORE_TESTS_NPT_OPS_H

#include <stdio.h>

#include "npt_model.h"

enum npt_op_kind { OP_SET, OP_UNMAP, OP_WALK, OP_LEVEL, OP_LOAD, OP_STORE, OP_RESET, OP_KINDS };

struct npt_op {
	enum npt_op_kind kind;
	u64 vmid;
	u64 addr;
	u64 level; /* set */
	u64 value; /* set: the pte; store: the value */
};

/* Run op on the core; *out gets the walk / level / load result (else 0). */
int npt_op_core(const struct npt_op *op, u64 *out);
int npt_op_model(struct npt_model *m, const struct npt_op *op, u64 *out);

/* Print op as a hypcore-sim command line. */
void npt_op_print(FILE *f, const struct npt_op *op);

#endif
