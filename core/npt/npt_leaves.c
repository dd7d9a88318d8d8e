/* SPDX-License-Identifier: MIT */
/*
 * Visiting the leaves of a table set in address order, in one pass: the
 * cursor keeps the table and the next index of every level on its path,
 * so each table entry is read once, whatever the number of leaves. For
 * callers that act on every mapping of a range: releasing a VM's pages,
 * and checkers.
 */
#include <hypcore/errno.h>

#include "npt_internal.h"

/* Bytes one entry of a level-`level` table maps. */
static u64 span(u32 level)
{
	return 1ULL << (39 - 9 * level);
}

/* Index of the first entry of the table at `level` (mapping from base) to visit. */
static u32 first_index(const struct npt_cursor *c, u32 level, u64 base)
{
	return c->start > base ? npt_index(c->start, level) : 0;
}

void npt_cursor_start(struct npt_tables *t, struct npt_cursor *c, u64 start, u64 end)
{
	npt_ts_held(t);
	*c = (struct npt_cursor){0};
	c->start = start;
	c->end = end && end <= NPT_ADDR_LIMIT ? end : NPT_ADDR_LIMIT;
	c->table[0] = t->root;
	c->index[0] = npt_index(start, 0);
	c->level = start < c->end ? 0 : 4;
}

/* Done with the table at c->level: go on after its entry one level up. */
static void ascend(struct npt_cursor *c)
{
	if (c->level == 0) {
		c->level = 4;
		return;
	}
	c->level--;
	c->index[c->level]++;
}

bool npt_cursor_next(struct npt_tables *t, struct npt_cursor *c, struct npt_leaf *leaf)
{
	while (c->level < 4) {
		u32 l = c->level, i = c->index[l];
		u64 addr = c->base[l] + (u64)i * span(l), slot, e;

		if (i == PTRS_PER_TABLE || addr >= c->end) {
			ascend(c);
			continue;
		}
		slot = c->table[l] + 8ULL * i;
		e = npt_table_load(t, slot);
		if (e && (l == 3 || (l == 2 && !desc_is_table(e)))) {
			c->index[l]++;
			c->slot = slot;
			c->entry = e;
			c->addr = addr;
			c->leaf_level = l;
			*leaf = (struct npt_leaf){addr, e, l};
			return true;
		}
		if (!e) {
			c->index[l]++;
			continue;
		}
		c->level = l + 1;
		c->table[l + 1] = phys_page(e);
		c->base[l + 1] = addr;
		c->index[l + 1] = first_index(c, l + 1, addr);
	}
	return false;
}

void npt_cursor_clear(struct npt_tables *t, struct npt_cursor *c)
{
	BUG_ON(!c->slot || npt_table_load(t, c->slot) != c->entry);
	npt_table_store(t, c->slot, 0);
	npt_record_stale(t, c->addr, c->leaf_level);
	c->slot = 0;
}

void npt_ts_flush(struct npt_tables *t)
{
	u64 addr;
	u32 level;
	u32 n;

	BUG_ON(t->flags & NPT_TABLES_DEFER_TLBI);
	n = npt_ts_take_stale(t, &addr, &level);
	if (n == 1)
		arch_tlb_flush_ipa(t->vttbr, addr, level);
	else if (n > 1)
		arch_tlb_flush_vm(t->vttbr);
}
