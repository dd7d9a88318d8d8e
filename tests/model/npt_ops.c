/* SPDX-License-Identifier: MIT */
#include "npt_ops.h"

#include <hypcore/errno.h>

static bool vmid_ok(u64 vmid)
{
	return vmid < npt_geometry()->nr_vms;
}

/* The core call itself; the caller holds the VM's lock. */
static int core_call(const struct npt_op *op, u32 vmid, u64 *out)
{
	u32 level = 0;
	int r;

	switch (op->kind) {
	case OP_SET:
		if (op->level > 0xffffffffULL)
			return -HC_EINVAL;
		return set_npt(vmid, op->addr, (u32)op->level, op->value);
	case OP_UNMAP:
		return unmap_npt(vmid, op->addr);
	case OP_WALK:
		return walk_npt(vmid, op->addr, out);
	case OP_LEVEL:
		r = get_npt_level(vmid, op->addr, &level);
		*out = level;
		return r;
	case OP_LOAD:
		return mem_load(vmid, op->addr, out);
	case OP_STORE:
		return mem_store(vmid, op->addr, op->value);
	case OP_RESET:
		return npt_reset_vm(vmid);
	default:
		return -HC_EINVAL;
	}
}

int npt_op_core(const struct npt_op *op, u64 *out)
{
	int r;

	*out = 0;
	if (!vmid_ok(op->vmid))
		return -HC_EINVAL;
	npt_lock((u32)op->vmid);
	r = core_call(op, (u32)op->vmid, out);
	npt_unlock((u32)op->vmid);
	return r;
}

int npt_op_model(struct npt_model *m, const struct npt_op *op, u64 *out)
{
	*out = 0;
	switch (op->kind) {
	case OP_SET:
		return model_set(m, op->vmid, op->addr, op->level, op->value);
	case OP_UNMAP:
		return model_unmap(m, op->vmid, op->addr);
	case OP_WALK:
		return model_walk(m, op->vmid, op->addr, out);
	case OP_LEVEL:
		return model_level(m, op->vmid, op->addr, out);
	case OP_LOAD:
		return model_load(m, op->vmid, op->addr, out);
	case OP_STORE:
		return model_store(m, op->vmid, op->addr, op->value);
	case OP_RESET:
		return model_reset_vm(m, op->vmid);
	default:
		return -HC_EINVAL;
	}
}

void npt_op_print(FILE *f, const struct npt_op *op)
{
	unsigned long long v = op->vmid, a = op->addr, l = op->level, x = op->value;

	switch (op->kind) {
	case OP_SET:
		fprintf(f, "set 0x%llx 0x%llx 0x%llx 0x%llx\n", v, a, l, x);
		break;
	case OP_UNMAP:
		fprintf(f, "unmap 0x%llx 0x%llx\n", v, a);
		break;
	case OP_WALK:
		fprintf(f, "walk 0x%llx 0x%llx\n", v, a);
		break;
	case OP_LEVEL:
		fprintf(f, "level 0x%llx 0x%llx\n", v, a);
		break;
	case OP_LOAD:
		fprintf(f, "load 0x%llx 0x%llx\n", v, a);
		break;
	case OP_STORE:
		fprintf(f, "store 0x%llx 0x%llx 0x%llx\n", v, a, x);
		break;
	case OP_RESET:
		fprintf(f, "reset 0x%llx\n", v);
		break;
	default:
		fprintf(f, "# unknown op\n");
	}
}
