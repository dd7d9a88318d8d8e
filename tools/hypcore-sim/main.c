/* SPDX-License-Identifier: MIT */
/*
 * hypcore-sim: the stage-2 core over simulated memory, with the spec's
 * layout (16 VMs of 32 MiB from 0x10000, data RAM [0x40000000, 0x80000000)).
 * Reads commands on stdin, answers one line each on stdout.
 */
#include <hypcore/npt.h>
#include <stdlib.h>
#include <string.h>

#include "../../arch/host/sim.h"
#include "sim.h"

static struct sim sim;

int main(void)
{
	const struct npt_geometry *g = &npt_spec_geometry;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	sim_mem_set_windows(g->pool_base, g->pool_base + g->nr_vms * g->pool_size, SIM_DATA_START,
			    SIM_DATA_END);
	if (npt_init(g)) {
		fprintf(stderr, "hypcore-sim: npt_init refused the spec geometry\n");
		return 1;
	}
	model_init(&sim.model, g, SIM_DATA_START, SIM_DATA_END);
	sim.out = stdout;
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		sim.line_no++;
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		sim_command(&sim, line);
	}
	free(line);
	model_free(&sim.model);
	return 0;
}
