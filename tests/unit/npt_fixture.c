/* SPDX-License-Identifier: MIT */
#include "npt_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <stdio.h>

#include <hypcore/hvc.h>
#include <hypcore/owner.h>

#include "../model/npt_check.h"
#include "hvc_fixture.h"

static struct npt_model model;
static bool model_live;
struct npt_model *fx_model = &model;

void fx_start(const struct npt_geometry *g)
{
	if (!g)
		g = &npt_spec_geometry;
	sim_mem_reset();
	sim_mem_set_windows(g->pool_base, npt_geo_pools_end(g), SIM_DATA_START, SIM_DATA_END);
	sim_cpu_set(0);
	sim_panic_hook = NULL;
	assert_int_equal(npt_init(g), 0);
	if (model_live)
		model_free(&model);
	model_init(&model, g, SIM_DATA_START, SIM_DATA_END);
	model_live = true;
}

int fx_both_set(u32 vmid, u64 addr, u32 level, u64 pte)
{
	int r = fx_set(vmid, addr, level, pte);

	assert_int_equal(model_set(&model, vmid, addr, level, pte), r);
	return r;
}

void fx_check(void)
{
	char why[512];

	if (npt_check(&model, why, sizeof(why)))
		fail_msg("%s", why);
}

int fx_setup(void **state)
{
	(void)state;
	fx_start(NULL);
	return 0;
}

int fx_set(u32 vmid, u64 addr, u32 level, u64 pte)
{
	int r;

	npt_lock(vmid);
	r = set_npt(vmid, addr, level, pte);
	npt_unlock(vmid);
	return r;
}

int fx_unmap(u32 vmid, u64 addr)
{
	int r;

	npt_lock(vmid);
	r = unmap_npt(vmid, addr);
	npt_unlock(vmid);
	return r;
}

u64 fx_walk(u32 vmid, u64 addr)
{
	u64 pte = 0xbad;

	npt_lock(vmid);
	assert_int_equal(walk_npt(vmid, addr, &pte), 0);
	npt_unlock(vmid);
	return pte;
}

u32 fx_level(u32 vmid, u64 addr)
{
	u32 level = 0xbad;

	npt_lock(vmid);
	assert_int_equal(get_npt_level(vmid, addr, &level), 0);
	npt_unlock(vmid);
	return level;
}

int fx_load(u32 vmid, u64 addr, u64 *val)
{
	int r;

	npt_lock(vmid);
	r = mem_load(vmid, addr, val);
	npt_unlock(vmid);
	return r;
}

int fx_store(u32 vmid, u64 addr, u64 val)
{
	int r;

	npt_lock(vmid);
	r = mem_store(vmid, addr, val);
	npt_unlock(vmid);
	return r;
}

struct npt_pool_usage fx_usage(u32 vmid)
{
	struct npt_pool_usage u;

	npt_lock(vmid);
	assert_int_equal(npt_pool_usage(vmid, &u), 0);
	npt_unlock(vmid);
	return u;
}

u64 fx_word(u64 pa)
{
	const u64 *page = sim_mem_page(pa);

	return page ? page[(pa & 0xfff) / 8] : 0;
}

u32 fx_live_entries(u64 table)
{
	u32 n = 0;

	for (u32 i = 0; i < 512; i++)
		n += fx_word(table + 8 * i) != 0;
	return n;
}

void fx_assert_only_entry(u64 table, u32 index, u64 value)
{
	assert_int_equal(fx_word(table + 8ULL * index), value);
	assert_int_equal(fx_live_entries(table), 1);
}

static u64 mix(u64 h, u64 x)
{
	h ^= x;
	h *= 0x100000001b3ULL;
	return h ^ (h >> 29);
}

u64 fx_vm_fingerprint(u32 vmid)
{
	struct npt_pool_usage u = fx_usage(vmid);
	u64 h = mix(mix(mix(0xcbf29ce484222325ULL, u.pgd_next), u.pud_next), u.pmd_next);

	for (u64 page = u.root; page < u.pmd_end; page += 4096) {
		const u64 *w = sim_mem_page(page);

		for (u32 i = 0; w && i < 512; i++)
			if (w[i])
				h = mix(mix(h, page + 8 * i), w[i]);
	}
	return h;
}

void fx_start_hvc(void)
{
	static owner_rec_t records[OWNER_RECORDS(SIM_DATA_END - SIM_DATA_START)];
	struct owner_config oc = {SIM_DATA_START, SIM_DATA_END, records, 0, false};

	sim_cpu_set(0);
	sim_mem_reset();
	assert_int_equal(npt_init(&npt_spec_geometry), 0);
	assert_int_equal(owner_init(&oc), 0);
	hvc_init();
}
