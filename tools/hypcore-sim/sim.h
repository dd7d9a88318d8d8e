/* SPDX-License-Identifier: MIT */
/*
 * hypcore-sim: the real core over simulated memory, driven one command per
 * line (the protocol is in tools/hypcore-sim/README.md). The abstract model
 * runs alongside so that `check` can verify the invariants and that every
 * answer the core gave agreed with the model.
 */
#ifndef HYPCORE_SIM_H
#define HYPCORE_SIM_H

#include <stdio.h>

#include "../../tests/model/npt_model.h"

struct sim {
	struct npt_model model;
	u64 line_no;
	/* First disagreement between core and model, reported by `check`. */
	char disagreement[256];
	FILE *out;
};

/* Answer one input line (already stripped of its newline). */
void sim_command(struct sim *s, char *line);

/* `dump VMID`: the VM's tables as an indented tree. */
void sim_dump(struct sim *s, u32 vmid);

#endif
