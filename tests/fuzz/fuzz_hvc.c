/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: the bytes of one input are a sequence of hypercalls
 * made through hvc_dispatch (the image's own handler table) on a fresh
 * owner world (tests/unit/owner_world.h: host stage-2, records, pools in
 * RAM as at EL2). Arguments are drawn from values that reach the
 * interesting cases (RAM pages, 2 MiB regions, the image, the pools,
 * outside RAM, vmids in and out of range, output addresses aligned or
 * not, permissions good and bad)
 * and from raw bytes. After every call:
 *   - the dispatcher's contract: x4..x17 untouched, zeroes after an error,
 *     no lock left held;
 *   - the structure of every VM's tables, and (when the dispatcher applies
 *     the ownership rules: ABI revision 1.1 and later) the ownership check
 *     (tests/unit/owner_check.h).
 * A core panic (BUG_ON) aborts: libFuzzer reports it as a crash.
 *
 * Each input starts from the booted machine: the first input boots it
 * (world_start) and saves it whole (simulated memory and the records,
 * world_save; the core's static state, core_state_save); later inputs
 * restore that. Every FRESH_EVERY-th input boots from nothing instead (the
 * core's state put back as the program loaded it, then world_start), and
 * first checks that the new machine is byte for byte the saved one, so a
 * piece of state the restore would miss shows up as a crash.
 */
#include <hypcore/hvc.h>
#include <hypcore/hvc_abi.h>
#include <hypcore/npt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../arch/host/sim.h"
#include "../unit/owner_check.h"
#include "../unit/owner_world.h"
#include "core_state.h"

#define MAX_CALLS   64
#define GARBAGE	    0xa5a5a5a5a5a5a5a5ULL
#define FRESH_EVERY 64

/* A cursor over the input; reads past the end give zeroes. */
struct in {
	const u8 *p;
	size_t n;
};

static u64 take(struct in *in, u32 bytes)
{
	u64 v = 0;

	for (u32 i = 0; i < bytes; i++) {
		v |= (u64)(in->n ? *in->p : 0) << (8 * i);
		if (in->n)
			in->p++, in->n--;
	}
	return v;
}

static u64 recent[8]; /* addresses used lately: reuse makes conflicts likely */

static u64 pick_addr(struct in *in)
{
	u64 kind = take(in, 1), a;

	switch (kind % 10) {
	case 0: /* a RAM page the host owns at boot (pages, then blocks) */
		a = W_IMAGE_END + (take(in, 2) % ((W_SPT_BASE - W_IMAGE_END) / SZ_4K)) * SZ_4K;
		break;
	case 1: /* a 2 MiB region of RAM */
		a = W_RAM_START + (take(in, 1) % (W_RAM_SIZE / SZ_2M)) * SZ_2M;
		break;
	case 2: /* the image */
		a = W_IMAGE_START + (take(in, 1) % 0x33) * SZ_4K;
		break;
	case 3: /* the SPT's pool and the VMs' pools */
		a = W_SPT_BASE + (take(in, 2) % ((W_POOL_END - W_SPT_BASE) / SZ_4K)) * SZ_4K;
		break;
	case 4: /* outside RAM, either side */
		a = (kind & 0x80) ? W_RAM_END + take(in, 2) * SZ_4K : take(in, 2) * SZ_4K;
		break;
	case 5: /* a small IPA */
		a = take(in, 1) * SZ_4K;
		break;
	case 6: /* a recent one, maybe nudged */
		a = recent[take(in, 1) % 8] + ((kind & 0x80) ? take(in, 2) : 0);
		break;
	case 7: /* the first pages of RAM (the boot block) */
		a = W_RAM_START + (take(in, 1) % 512) * SZ_4K;
		break;
	default:
		a = take(in, 8);
		break;
	}
	recent[kind % 8] = a & ~(SZ_4K - 1);
	return a;
}

static u64 pick_vmid(struct in *in)
{
	u64 b = take(in, 1);

	if (b < 200)
		return b % 5; /* the host and the first VMs */
	if (b < 230)
		return b % 18; /* around the end of the range */
	return take(in, 8);
}

static u64 pick_level(struct in *in)
{
	u64 b = take(in, 1);

	return b < 240 ? 2 + (b & 1) : take(in, 8);
}

/* SET_NPT's output address: usually aligned to the level, sometimes off or raw. */
static u64 pick_oa(struct in *in, u64 level)
{
	u64 b = take(in, 1), out = pick_addr(in);

	if (b >= 240)
		return take(in, 8);
	out &= level == 2 ? ~(SZ_2M - 1) : ~(SZ_4K - 1);
	if ((b & 0x1c) == 0x1c)
		out ^= 1ULL << (take(in, 1) % 64); /* one stray bit */
	return out;
}

/* SET_NPT's permissions: usually R, W, X in some mix, sometimes none or junk. */
static u64 pick_perms(struct in *in)
{
	u64 b = take(in, 1);

	if (b < 200)
		return 1 + b % HVC_PERM_ALL;
	if (b < 220)
		return 0;
	return take(in, 8);
}

static u64 pick_id(struct in *in)
{
	u64 b = take(in, 1);

	if (b < 230)
		return HVC_ID(1 + b % (HVC_FN_COUNT - 1));
	if (b < 240)
		return b & 1 ? HVC_CALL_UID : HVC_REVISION;
	if (b < 248)
		return HVC_ID32(1 + b % (HVC_FN_COUNT - 1)) | (take(in, 4) << 32);
	return take(in, 8);
}

static void fail(const char *what, const struct hvc_regs *r)
{
	fprintf(stderr, "fuzz_hvc: %s (x0 %#llx x1 %#llx x2 %#llx x3 %#llx x4 %#llx x5 %#llx)\n",
		what, (unsigned long long)r->x[0], (unsigned long long)r->x[1],
		(unsigned long long)r->x[2], (unsigned long long)r->x[3],
		(unsigned long long)r->x[4], (unsigned long long)r->x[5]);
	abort();
}

static void one_call(struct in *in, bool ownership)
{
	struct hvc_regs r, in_regs;
	char why[256];
	s64 status;

	for (u32 i = 0; i < HVC_NR_REGS; i++)
		r.x[i] = GARBAGE + i;
	r.x[0] = pick_id(in);
	r.x[1] = pick_vmid(in);
	r.x[2] = pick_addr(in);
	r.x[3] = pick_level(in);
	r.x[4] = pick_oa(in, r.x[3]);
	r.x[5] = pick_perms(in);
	if ((u32)r.x[0] == HVC_VM_CREATE)
		r.x[1] = r.x[1] == 4 ? GARBAGE : r.x[1] % 4; /* 3: both, einval */
	if ((u32)r.x[0] == HVC_MEM_LOAD || (u32)r.x[0] == HVC_MEM_STORE)
		r.x[2] &= ~7ULL;
	in_regs = r;
	status = hvc_dispatch(&r);
	for (u32 i = 4; i < HVC_NR_REGS; i++)
		if (r.x[i] != in_regs.x[i])
			fail("a register above x3 changed", &in_regs);
	if (status && (r.x[1] || r.x[2] || r.x[3] || (s64)r.x[0] != status))
		fail("an error left results in x1..x3", &in_regs);
	for (u32 v = 0; v < W_POOL_VMS; v++) {
		npt_lock(v); /* panics (deadlock check aside) if one was left held */
		npt_unlock(v);
	}
	if (ownership ? world_check(why, sizeof(why)) : world_check_tables(why, sizeof(why))) {
		fprintf(stderr, "fuzz_hvc: check failed after the call: %s\n", why);
		fail("checker", &in_regs);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct in in = {data, size};
	bool ownership = HVC_REVISION_MAJOR > 1 || HVC_REVISION_MINOR >= 1;

	static struct core_state *loaded, *booted;
	static u32 inputs;
	char why[256];

	if (!booted) {
		loaded = core_state_save();
		world_start();
		world_save();
		booted = core_state_save();
	} else if (++inputs % FRESH_EVERY == 0) {
		core_state_restore(loaded);
		world_start();
		if (world_diff_saved(why, sizeof(why)) ||
		    core_state_diff(booted, why, sizeof(why))) {
			fprintf(stderr, "fuzz_hvc: a fresh boot differs from the saved one: %s\n",
				why);
			abort();
		}
	} else {
		world_restore();
		core_state_restore(booted);
	}
	world_check_forget();
	memset(recent, 0, sizeof(recent));
	world_check_full(false);
	for (u32 n = 0; n < MAX_CALLS && in.n; n++)
		one_call(&in, ownership);
	/* Once per input, the whole of every area. */
	world_check_full(true);
	if (world_check_tables(why, sizeof(why))) {
		fprintf(stderr, "fuzz_hvc: full check failed at the end: %s\n", why);
		abort();
	}
	return 0;
}
