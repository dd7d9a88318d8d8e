/* SPDX-License-Identifier: MIT */
/*
 * Checks npt-model.md's eight invariants between the model and the real
 * tables. The real tables are walked from each VM's root through the
 * simulated memory's pages (sim_mem_page), never through the core, so a
 * core bug cannot hide itself from the check.
 *
 * Invariant 6 is checked both ways without enumerating every address: each
 * leaf found in the tables must match the model's triple for each of its
 * gfns, and the number of gfns the tables map must equal the model's count.
 * Invariant 7 then follows: a level-2 entry is either a block (all 512 gfns
 * found at level 2) or a table (only level-3 gfns), and the model agrees
 * with the tables gfn by gfn.
 */
#include "npt_check.h"

#include <hypcore/npt.h>
#include <hypcore/phys.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../arch/host/sim.h"

#define PAGE	4096ULL
#define ENTRIES 512

struct check {
	const struct npt_model *m;
	const struct model_vm *vm;
	u32 vmid;
	struct model_areas a;
	struct npt_pool_usage u;
	u8 *seen;      /* per pool page: already pointed to by a parent */
	u64 tables[3]; /* parent entries found, per area (pgd, pud, pmd) */
	u64 gfns;      /* gfns mapped by the leaves found */
	char *reason;
	size_t len;
};

static const u64 zero_page[ENTRIES];

static const u64 *page_words(u64 pa)
{
	const u64 *w = sim_mem_page(pa);

	return w ? w : zero_page;
}

static int fail(struct check *c, int inv, const char *fmt, ...)
{
	int n = snprintf(c->reason, c->len, "invariant %d, vm %u: ", inv, c->vmid);
	va_list ap;

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < c->len)
		vsnprintf(c->reason + n, c->len - (size_t)n, fmt, ap);
	va_end(ap);
	return inv;
}

static bool in_area(u64 next, u64 lo, u64 hi)
{
	return next >= lo && next <= hi && (next & (PAGE - 1)) == 0;
}

/* Invariants 1 and 8, and that the core places the areas where the model does. */
static int check_pointers(struct check *c)
{
	const struct npt_pool_usage *u = &c->u;
	const struct model_areas *a = &c->a;

	if (u->root != a->root || u->pgd_start != a->pgd_start || u->pud_start != a->pud_start ||
	    u->pmd_start != a->pmd_start || u->pmd_end != a->end)
		return fail(c, 1, "core areas root 0x%llx pmd_end 0x%llx, model 0x%llx 0x%llx",
			    (unsigned long long)u->root, (unsigned long long)u->pmd_end,
			    (unsigned long long)a->root, (unsigned long long)a->end);
	if (!in_area(u->pgd_next, a->pgd_start, a->pud_start) ||
	    !in_area(u->pud_next, a->pud_start, a->pmd_start) ||
	    !in_area(u->pmd_next, a->pmd_start, a->end))
		return fail(c, 1, "next pointers 0x%llx 0x%llx 0x%llx outside their areas",
			    (unsigned long long)u->pgd_next, (unsigned long long)u->pud_next,
			    (unsigned long long)u->pmd_next);
	if (u->pgd_next != c->vm->pgd_next || u->pud_next != c->vm->pud_next ||
	    u->pmd_next != c->vm->pmd_next)
		return fail(c, 8, "core next 0x%llx 0x%llx 0x%llx, model 0x%llx 0x%llx 0x%llx",
			    (unsigned long long)u->pgd_next, (unsigned long long)u->pud_next,
			    (unsigned long long)u->pmd_next, (unsigned long long)c->vm->pgd_next,
			    (unsigned long long)c->vm->pud_next,
			    (unsigned long long)c->vm->pmd_next);
	return 0;
}

/*
 * A table entry at `level` (0-2) found at slot: it must be exactly a table
 * descriptor into area `area` below its next pointer (3), the only parent
 * of that page (4), and the model must know the table (5).
 */
static int check_link(struct check *c, u32 level, u64 slot, u64 e, u64 key)
{
	static const char *const area_name[3] = {"pgd", "pud", "pmd"};
	const struct model_map *present[3] = {&c->vm->pgd_t, &c->vm->pud_t, &c->vm->pmd_t};
	u64 lo[3] = {c->a.pgd_start, c->a.pud_start, c->a.pmd_start};
	u64 hi[3] = {c->u.pgd_next, c->u.pud_next, c->u.pmd_next};
	u64 t = phys_page(e);
	u64 page;

	if (e != (t | 3) || t < lo[level] || t >= hi[level])
		return fail(
		    c, 3,
		    "level-%u entry 0x%llx at 0x%llx is not a table in the %s area below 0x%llx",
		    level, (unsigned long long)e, (unsigned long long)slot, area_name[level],
		    (unsigned long long)hi[level]);
	page = (t - c->a.root) / PAGE;
	if (c->seen[page])
		return fail(c, 4, "table page 0x%llx has two parents (second at 0x%llx)",
			    (unsigned long long)t, (unsigned long long)slot);
	c->seen[page] = 1;
	c->tables[level]++;
	if (!model_map_has(present[level], key))
		return fail(c, 5,
			    "level-%u entry at 0x%llx links a table the model lacks (key 0x%llx)",
			    level, (unsigned long long)slot, (unsigned long long)key);
	return 0;
}

/* A concrete leaf for gfn: the model must hold exactly (pfn, level, pte). */
static int check_leaf(struct check *c, u64 gfn, u64 pfn, u32 level, u64 pte)
{
	const struct model_triple *t = model_map_get(&c->vm->pt, gfn);

	if (!t || t->pfn != pfn || t->level != level || t->pte != pte)
		return fail(
		    c, 6,
		    "gfn 0x%llx: tables give (0x%llx, %u, 0x%llx), model (0x%llx, %u, 0x%llx)",
		    (unsigned long long)gfn, (unsigned long long)pfn, level,
		    (unsigned long long)pte, (unsigned long long)(t ? t->pfn : 0), t ? t->level : 0,
		    (unsigned long long)(t ? t->pte : 0));
	return 0;
}

static int walk_l3(struct check *c, u64 table, u64 key2)
{
	const u64 *w = page_words(table);
	int r;

	for (u64 n = 0; n < ENTRIES; n++) {
		if (!w[n])
			continue;
		r = check_leaf(c, key2 << 9 | n, phys_page(w[n]) / PAGE, 3, w[n]);
		if (r)
			return r;
		c->gfns++;
	}
	return 0;
}

static int check_block(struct check *c, u64 key2, u64 e)
{
	int r;

	for (u64 n = 0; n < ENTRIES; n++) {
		r = check_leaf(c, key2 << 9 | n, phys_page(e) / PAGE + n, 2, e);
		if (r)
			return r;
	}
	c->gfns += ENTRIES;
	return 0;
}

static int walk_l2(struct check *c, u64 table, u64 key1)
{
	const u64 *w = page_words(table);
	int r;

	for (u64 k = 0; k < ENTRIES; k++) {
		u64 key2 = key1 << 9 | k;

		if (!w[k])
			continue;
		if ((w[k] & 3) != 3) {
			r = check_block(c, key2, w[k]);
		} else {
			r = check_link(c, 2, table + 8 * k, w[k], key2);
			if (!r)
				r = walk_l3(c, phys_page(w[k]), key2);
		}
		if (r)
			return r;
	}
	return 0;
}

static int walk_l1(struct check *c, u64 table, u64 key0)
{
	const u64 *w = page_words(table);
	int r;

	for (u64 j = 0; j < ENTRIES; j++) {
		if (!w[j])
			continue;
		r = check_link(c, 1, table + 8 * j, w[j], key0 << 9 | j);
		if (!r)
			r = walk_l2(c, phys_page(w[j]), key0 << 9 | j);
		if (r)
			return r;
	}
	return 0;
}

static int walk_root(struct check *c)
{
	const u64 *w = page_words(c->a.root);
	int r;

	for (u64 i = 0; i < ENTRIES; i++) {
		if (!w[i])
			continue;
		r = check_link(c, 0, c->a.root + 8 * i, w[i], i);
		if (!r)
			r = walk_l1(c, phys_page(w[i]), i);
		if (r)
			return r;
	}
	return 0;
}

/* After the walk: nothing the model counts is missing from the tables. */
static int check_counts(struct check *c)
{
	u64 used[3] = {(c->u.pgd_next - c->a.pgd_start) / PAGE,
		       (c->u.pud_next - c->a.pud_start) / PAGE,
		       (c->u.pmd_next - c->a.pmd_start) / PAGE};
	const struct model_map *present[3] = {&c->vm->pgd_t, &c->vm->pud_t, &c->vm->pmd_t};

	for (u32 l = 0; l < 3; l++) {
		if (c->tables[l] != used[l])
			return fail(c, 4, "%llu level-%u tables linked, %llu allocated",
				    (unsigned long long)c->tables[l], l + 1,
				    (unsigned long long)used[l]);
		if (c->tables[l] != present[l]->count)
			return fail(c, 5, "%llu level-%u tables linked, model has %zu",
				    (unsigned long long)c->tables[l], l + 1, present[l]->count);
	}
	if (c->gfns != c->vm->pt.count)
		return fail(c, 6, "tables map %llu gfns, model %zu", (unsigned long long)c->gfns,
			    c->vm->pt.count);
	return 0;
}

static int check_vm(struct check *c, u32 vmid)
{
	int r;

	c->vmid = vmid;
	c->vm = &c->m->vm[vmid];
	c->a = model_areas_of(c->m, vmid);
	npt_lock(vmid);
	r = npt_pool_usage(vmid, &c->u);
	npt_unlock(vmid);
	if (r)
		return fail(c, 1, "npt_pool_usage failed (%d)", r);
	r = check_pointers(c);
	if (r)
		return r;
	memset(c->seen, 0, (c->a.end - c->a.root) / PAGE);
	memset(c->tables, 0, sizeof(c->tables));
	c->gfns = 0;
	r = walk_root(c);
	return r ? r : check_counts(c);
}

static u64 backed_pages(u64 start, u64 end)
{
	u64 n = 0;

	for (u64 pa = start; pa < end; pa += PAGE)
		n += sim_mem_page(pa) != NULL;
	return n;
}

/* Pages that may legitimately be backed: table pages ever used and data pages written. */
static u64 expected_backed(const struct npt_model *m)
{
	const struct model_map *dp = &m->data_pages;
	u64 n = 0;

	for (u32 v = 0; v < m->geo.nr_vms; v++) {
		const struct model_vm *vm = &m->vm[v];
		struct model_areas a = model_areas_of(m, v);

		n += backed_pages(a.root, a.pgd_start) + backed_pages(a.pgd_start, vm->pgd_high) +
		     backed_pages(a.pud_start, vm->pud_high) +
		     backed_pages(a.pmd_start, vm->pmd_high);
	}
	for (size_t i = 0; i < dp->cap; i++)
		if (dp->used[i])
			n += sim_mem_page(dp->keys[i] * PAGE) != NULL;
	return n;
}

static int scan_zero(struct check *c, u64 start, u64 end)
{
	for (u64 pa = start; pa < end; pa += PAGE) {
		const u64 *w = sim_mem_page(pa);

		for (u32 i = 0; w && i < ENTRIES; i++)
			if (w[i])
				return fail(c, 2, "word 0x%llx above the next pointer is 0x%llx",
					    (unsigned long long)(pa + 8 * i),
					    (unsigned long long)w[i]);
	}
	return 0;
}

/* Scan [next, end) of each area of every VM; `high` stops at the high-water marks. */
static int scan_above_next(struct check *c, bool high)
{
	const struct npt_model *m = c->m;
	int r = 0;

	for (u32 v = 0; v < m->geo.nr_vms && !r; v++) {
		struct model_areas a = model_areas_of(m, v);
		const struct model_vm *vm = &m->vm[v];

		c->vmid = v;
		r = scan_zero(c, vm->pgd_next, high ? vm->pgd_high : a.pud_start);
		if (!r)
			r = scan_zero(c, vm->pud_next, high ? vm->pud_high : a.pmd_start);
		if (!r)
			r = scan_zero(c, vm->pmd_next, high ? vm->pmd_high : a.end);
	}
	return r;
}

/*
 * Invariant 2. Pages between a next pointer and its high-water mark (left
 * by a reset) are scanned. Above the mark, only pages ever written can be
 * non-zero: when every backed page is one the model accounts for, nothing
 * there was touched; otherwise scan all of it to name the culprit.
 */
static int check_zero_above_next(struct check *c)
{
	int r = scan_above_next(c, true);

	if (r || expected_backed(c->m) == sim_mem_pages_backed())
		return r;
	return scan_above_next(c, false);
}

int npt_check(const struct npt_model *m, char *reason, size_t len)
{
	struct check c = {.m = m, .reason = reason, .len = len};
	int r = 0;

	/* Room for the largest pool (vmid 0 may have a larger one). */
	c.seen = calloc((npt_geo_pools_end(&m->geo) - m->geo.pool_base) / PAGE, 1);
	if (!c.seen)
		abort();
	for (u32 v = 0; v < m->geo.nr_vms && !r; v++)
		r = check_vm(&c, v);
	if (!r)
		r = check_zero_above_next(&c);
	free(c.seen);
	if (!r && len)
		reason[0] = '\0';
	return r;
}
