/* SPDX-License-Identifier: MIT */
/*
 * Randomized refinement test: long random operation sequences run on the
 * real core and on the abstract model side by side. Every result must
 * agree, and all invariants must hold after every operation.
 *
 * `make test` runs the fixed seeds below. REFINE_LONG=N (N > 1, the long
 * mode, `make test-long`) runs 8 * N seeds per geometry, the first ones the
 * same as `make test`'s, each four times as long. A failure prints the seed
 * and the shortest failing prefix as hypcore-sim commands, ready to paste.
 *
 * REFINE_DUMP=SEED:COUNT prints that seed's first COUNT operations (spec
 * geometry) as hypcore-sim commands and exits: the sim's random test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <hypcore/errno.h>

#include "../../arch/host/sim.h"
#include "../model/npt_check.h"
#include "refine_gen.h"

/* A pool small enough that enomem is common: 2 / 3 / 4 table pages. */
static const struct npt_geometry tiny_geometry = {
    .pool_base = 0x10000,
    .pool_size = 10 * 4096,
    .pgd_pages = 2,
    .pud_pages = 3,
    .nr_vms = 4,
};

struct refine_run {
	const struct npt_geometry *geo;
	u64 seed;
	u64 ops;
};

static u64 ops_total;
/* How often each kind of operation got each answer: shows what the streams reach. */
static u64 outcomes[OP_KINDS][6];
static const char *const kind_names[OP_KINDS] = {"set",	 "unmap", "walk", "level",
						 "load", "store", "reset"};
static const int errors[6] = {0, HC_EINVAL, HC_EEXIST, HC_ENOMEM, HC_EFAULT, HC_EPERM};

static void count_outcome(enum npt_op_kind kind, int rc)
{
	for (u32 i = 0; i < 6; i++)
		if (-rc == errors[i])
			outcomes[kind][i]++;
}

static void print_outcomes(void)
{
	for (u32 k = 0; k < OP_KINDS; k++) {
		printf("[ REFINE   ] %-6s", kind_names[k]);
		for (u32 i = 0; i < 6; i++)
			printf(" %s %llu", hc_strerror(errors[i]),
			       (unsigned long long)outcomes[k][i]);
		printf("\n");
	}
}

static void start(const struct npt_geometry *geo, struct npt_model *m)
{
	sim_mem_reset();
	sim_mem_set_windows(geo->pool_base, npt_geo_pools_end(geo), SIM_DATA_START, SIM_DATA_END);
	if (npt_init(geo))
		abort();
	model_init(m, geo, SIM_DATA_START, SIM_DATA_END);
}

/*
 * Run the first n operations of run r; return the index of the first
 * operation after which core and model disagree (or an invariant fails),
 * or n when all agree. why gets the reason.
 */
static u64 replay(const struct refine_run *r, u64 n, char *why, size_t len)
{
	struct npt_model m;
	struct refine_gen g;
	struct npt_op op;
	u64 i, got, want;
	int rc_core, rc_model;

	start(r->geo, &m);
	refine_gen_init(&g, r->seed, r->geo->nr_vms);
	for (i = 0; i < n; i++) {
		refine_gen_next(&g, &op);
		rc_core = npt_op_core(&op, &got);
		rc_model = npt_op_model(&m, &op, &want);
		count_outcome(op.kind, rc_model);
		if (rc_core != rc_model || got != want) {
			snprintf(why, len, "core answered %s 0x%llx, model %s 0x%llx",
				 hc_strerror(rc_core), (unsigned long long)got,
				 hc_strerror(rc_model), (unsigned long long)want);
			break;
		}
		if (npt_check(&m, why, len))
			break;
	}
	model_free(&m);
	return i;
}

static void print_prefix(const struct refine_run *r, u64 len)
{
	struct refine_gen g;
	struct npt_op op;
	u64 from = len > 40 ? len - 40 : 0;

	refine_gen_init(&g, r->seed, r->geo->nr_vms);
	fprintf(stderr, "# shortest failing prefix: %llu operations%s\n", (unsigned long long)len,
		from ? " (the last 40 shown; REFINE_PRINT_ALL=1 for all)" : "");
	if (getenv("REFINE_PRINT_ALL"))
		from = 0;
	for (u64 i = 0; i < len; i++) {
		refine_gen_next(&g, &op);
		if (i >= from)
			npt_op_print(stderr, &op);
	}
	fprintf(stderr, "check\n");
}

static void refine(void **state)
{
	const struct refine_run *r = *state;
	char why[512];
	u64 bad = replay(r, r->ops, why, sizeof(why));

	ops_total += bad < r->ops ? bad + 1 : r->ops;
	if (bad == r->ops)
		return;
	/*
	 * Every operation is checked, so the first failure ends the shortest
	 * failing prefix; replaying exactly that prefix confirms it.
	 */
	fprintf(stderr, "refine: seed 0x%llx fails at operation %llu: %s\n",
		(unsigned long long)r->seed, (unsigned long long)bad, why);
	if (replay(r, bad + 1, why, sizeof(why)) != bad)
		fprintf(stderr, "refine: the prefix does not fail again: not deterministic?\n");
	print_prefix(r, bad + 1);
	fail_msg("seed 0x%llx: refinement broken at operation %llu", (unsigned long long)r->seed,
		 (unsigned long long)bad);
}

#define SPEC_SEEDS 8
#define SPEC_OPS   20000
#define TINY_SEEDS 8
#define TINY_OPS   6000

static void add_runs(struct CMUnitTest *tests, struct refine_run *runs, size_t *n,
		     const struct npt_geometry *geo, u64 seeds, u64 ops, u64 salt)
{
	for (u64 s = 0; s < seeds; s++) {
		struct refine_run *r = &runs[*n];
		char *name = malloc(64);

		r->geo = geo;
		r->seed = salt + s;
		r->ops = ops;
		snprintf(name, 64, "refine_%s_seed_0x%llx", geo == &tiny_geometry ? "tiny" : "spec",
			 (unsigned long long)r->seed);
		tests[*n] = (struct CMUnitTest){name, refine, NULL, NULL, r};
		(*n)++;
	}
}

static int dump(const char *arg)
{
	char *end;
	u64 seed = strtoull(arg, &end, 0), count = *end == ':' ? strtoull(end + 1, NULL, 0) : 0;
	struct refine_gen g;
	struct npt_op op;

	refine_gen_init(&g, seed, npt_spec_geometry.nr_vms);
	for (u64 i = 0; i < count; i++) {
		refine_gen_next(&g, &op);
		npt_op_print(stdout, &op);
	}
	return 0;
}

int main(void)
{
	const char *env = getenv("REFINE_LONG");
	u64 mult = env ? strtoull(env, NULL, 0) : 1;
	u64 spec_seeds, tiny_seeds;
	struct CMUnitTest *tests;
	struct refine_run *runs;
	size_t n = 0;
	int failed;

	if (getenv("REFINE_DUMP"))
		return dump(getenv("REFINE_DUMP"));
	if (mult < 1)
		mult = 1;
	spec_seeds = SPEC_SEEDS * mult;
	tiny_seeds = TINY_SEEDS * mult;
	tests = calloc(spec_seeds + tiny_seeds, sizeof(*tests));
	runs = calloc(spec_seeds + tiny_seeds, sizeof(*runs));
	add_runs(tests, runs, &n, &npt_spec_geometry, spec_seeds, SPEC_OPS * (mult > 1 ? 4 : 1),
		 0x5eed0000);
	add_runs(tests, runs, &n, &tiny_geometry, tiny_seeds, TINY_OPS * (mult > 1 ? 4 : 1),
		 0x71a90000);
	failed = _cmocka_run_group_tests("refine", tests, n, NULL, NULL);
	printf("[ REFINE   ] %llu random operations checked against the model\n",
	       (unsigned long long)ops_total);
	print_outcomes();
	return failed;
}
