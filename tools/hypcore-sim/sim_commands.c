/* SPDX-License-Identifier: MIT */
/*
 * The commands: a table from name to argument count and handler. NPT
 * operations run on the core (tests/model/npt_ops.c takes the VM's lock)
 * and on the model; the core's answer is printed, the model's is compared.
 */
#include <hypcore/errno.h>
#include <string.h>

#include "../../tests/model/npt_check.h"
#include "../../tests/model/npt_ops.h"
#include "sim.h"
#include "sim_parse.h"

struct command {
	const char *name;
	int nargs;
	void (*run)(struct sim *s, const u64 *args);
};

static void answer_err(struct sim *s, int err)
{
	fprintf(s->out, "err %s\n", hc_strerror(err));
}

static void note_disagreement(struct sim *s, const struct npt_op *op, int rc, u64 got, int mrc,
			      u64 want)
{
	if (s->disagreement[0])
		return;
	(void)op;
	snprintf(s->disagreement, sizeof(s->disagreement),
		 "line %llu: core %s 0x%llx, model %s 0x%llx", (unsigned long long)s->line_no,
		 hc_strerror(rc), (unsigned long long)got, hc_strerror(mrc),
		 (unsigned long long)want);
}

static void run_op_kind(struct sim *s, enum npt_op_kind kind, const u64 *args)
{
	struct npt_op op = {.kind = kind, .vmid = args[0]};
	u64 got, want;
	int rc, mrc;

	if (kind != OP_RESET)
		op.addr = args[1];
	if (kind == OP_SET) {
		op.level = args[2];
		op.value = args[3];
	} else if (kind == OP_STORE) {
		op.value = args[2];
	}
	rc = npt_op_core(&op, &got);
	mrc = npt_op_model(&s->model, &op, &want);
	if (rc != mrc || got != want)
		note_disagreement(s, &op, rc, got, mrc, want);
	if (rc)
		answer_err(s, rc);
	else if (kind == OP_WALK || kind == OP_LEVEL || kind == OP_LOAD)
		fprintf(s->out, "ok 0x%llx\n", (unsigned long long)got);
	else
		fprintf(s->out, "ok\n");
}

#define OP_HANDLER(fn, kind)                                                                       \
	static void fn(struct sim *s, const u64 *args)                                             \
	{                                                                                          \
		run_op_kind(s, kind, args);                                                        \
	}

OP_HANDLER(run_set, OP_SET)
OP_HANDLER(run_unmap, OP_UNMAP)
OP_HANDLER(run_walk, OP_WALK)
OP_HANDLER(run_level, OP_LEVEL)
OP_HANDLER(run_load, OP_LOAD)
OP_HANDLER(run_store, OP_STORE)
OP_HANDLER(run_reset, OP_RESET)

static bool vmid_valid(const u64 *args)
{
	return args[0] < npt_geometry()->nr_vms;
}

static void run_vttbr(struct sim *s, const u64 *args)
{
	u64 vttbr;

	if (!vmid_valid(args))
		return answer_err(s, -HC_EINVAL);
	npt_vttbr((u32)args[0], &vttbr);
	fprintf(s->out, "ok 0x%llx\n", (unsigned long long)vttbr);
}

static void run_next(struct sim *s, const u64 *args)
{
	struct npt_pool_usage u;

	if (!vmid_valid(args))
		return answer_err(s, -HC_EINVAL);
	npt_lock((u32)args[0]);
	npt_pool_usage((u32)args[0], &u);
	npt_unlock((u32)args[0]);
	fprintf(s->out, "ok 0x%llx 0x%llx 0x%llx\n", (unsigned long long)u.pgd_next,
		(unsigned long long)u.pud_next, (unsigned long long)u.pmd_next);
}

static void run_check(struct sim *s, const u64 *args)
{
	char why[512];

	(void)args;
	if (s->disagreement[0]) {
		fprintf(s->out, "err invariant model disagrees at %s\n", s->disagreement);
		return;
	}
	if (npt_check(&s->model, why, sizeof(why))) {
		fprintf(s->out, "err invariant %s\n", why);
		return;
	}
	fprintf(s->out, "ok\n");
}

static void run_dump(struct sim *s, const u64 *args)
{
	if (!vmid_valid(args))
		return answer_err(s, -HC_EINVAL);
	sim_dump(s, (u32)args[0]);
	fprintf(s->out, "ok\n");
}

static const struct command commands[] = {
    {"set", 4, run_set},     {"unmap", 2, run_unmap}, {"walk", 2, run_walk},
    {"level", 2, run_level}, {"load", 2, run_load},   {"store", 3, run_store},
    {"vttbr", 1, run_vttbr}, {"next", 1, run_next},   {"check", 0, run_check},
    {"dump", 1, run_dump},   {"reset", 1, run_reset},
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

void sim_command(struct sim *s, char *line)
{
	char *words[SIM_MAX_WORDS];
	u64 args[SIM_MAX_WORDS];
	const struct command *c;
	int n = sim_split(line, words, SIM_MAX_WORDS);

	if (n == 0 || words[0][0] == '#')
		return;
	c = n > 0 ? find_command(words[0]) : NULL;
	if (!c || n - 1 != c->nargs) {
		fprintf(s->out, "err usage\n");
		return;
	}
	for (int i = 0; i < c->nargs; i++) {
		if (!sim_number(words[i + 1], &args[i])) {
			fprintf(s->out, "err usage\n");
			return;
		}
	}
	c->run(s, args);
}
