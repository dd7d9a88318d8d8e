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

/*
 * ACSL: a cursor that may go on. Every table on its path is a page of the
 * area its level's tables come from, below the bump pointer (so every
 * slot it reads is a word of t's pool); the indices of the levels above
 * the one being scanned name the entry it descended through.
 */
/*@ predicate npt_cursor_idx(struct npt_cursor *c) =
      c->level <= 4 &&
      (c->level == 0 ==> c->index[0] <= 512) &&
      (c->level == 1 ==> c->index[0] < 512 && c->index[1] <= 512) &&
      (c->level == 2 ==> c->index[0] < 512 && c->index[1] < 512 && c->index[2] <= 512) &&
      (c->level == 3 ==> c->index[0] < 512 && c->index[1] < 512 && c->index[2] < 512 &&
	 c->index[3] <= 512);

    predicate npt_cursor_t0(struct npt_cursor *c, integer root) =
      c->level < 4 ==> c->table[0] == root;
    predicate npt_cursor_tab(struct npt_cursor *c, integer l, integer lo, integer hi) =
      l <= c->level < 4 ==> npt_page(c->table[l]) && lo <= c->table[l] && c->table[l] + 4096 <= hi;

    predicate npt_cursor_ok(struct npt_tables *t, struct npt_cursor *c) =
      npt_cursor_idx(c) && npt_cursor_t0(c, t->root) &&
      npt_cursor_tab(c, 1, t->root + 4096, t->pgd_next) &&
      npt_cursor_tab(c, 2, t->pud_start, t->pud_next) &&
      npt_cursor_tab(c, 3, t->pmd_start, t->pmd_next);

    // How far the cursor is, in the order it visits entries: 514^4 once done.
    logic integer npt_cursor_pos(struct npt_cursor *c) =
      c->level >= 4 ? 514 * 514 * 514 * 514 :
	(c->index[0] + 1) * (514 * 514 * 514) +
	(c->level >= 1 ? (c->index[1] + 1) * (514 * 514) : 0) +
	(c->level >= 2 ? (c->index[2] + 1) * 514 : 0) +
	(c->level >= 3 ? c->index[3] + 1 : 0);
*/

/* Bytes one entry of a level-`level` table maps. */
/*@ requires level <= 3;
    assigns \nothing; */
static u64 span(u32 level)
{
	return 1ULL << (39 - 9 * level);
}

/* Index of the first entry of the table at `level` (mapping from base) to visit. */
/*@ requires \valid_read(c) && level <= 3;
    assigns \nothing;
    ensures \result < 512; */
static u32 first_index(const struct npt_cursor *c, u32 level, u64 base)
{
	return c->start > base ? npt_index(c->start, level) : 0;
}

/*@ requires \valid(t) && npt_ts_ok(t) && \valid(c) && \separated(t, c);
    assigns *c;
    ensures npt_cursor_ok(t, c); */
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
/*@ requires \valid(c) && c->level < 4;
    requires c->level > 0 ==> c->index[c->level - 1] < 512;
    assigns c->level, c->index[0 .. 3];
    ensures \old(c->level) == 0 ==> c->level == 4;
    ensures \old(c->level) > 0 ==> c->level == \old(c->level) - 1 &&
	    c->index[c->level] == \old(c->index[c->level - 1]) + 1;
    ensures \old(c->level) > 0 ==>
	    \forall integer k; 0 <= k < c->level ==> c->index[k] == \old(c->index[k]); */
static void ascend(struct npt_cursor *c)
{
	if (c->level == 0) {
		c->level = 4;
		return;
	}
	c->level--;
	c->index[c->level]++;
}

/*@ requires \valid_read(t) && npt_tables_ok(t) && \valid(c) && \valid(leaf);
    requires \separated(t, c, leaf) && npt_cursor_ok(t, c);
    assigns *c, *leaf;
    ensures idx: npt_cursor_idx(c);
    ensures t0: npt_cursor_t0(c, \old(t->root));
    ensures t1: npt_cursor_tab(c, 1, \old(t->root) + 4096, \old(t->pgd_next));
    ensures t2: npt_cursor_tab(c, 2, \old(t->pud_start), \old(t->pud_next));
    ensures t3: npt_cursor_tab(c, 3, \old(t->pmd_start), \old(t->pmd_next));
    ensures \result ==> npt_word_ok(t, c->slot) && (leaf->level == 2 || leaf->level == 3);
    ensures !\result ==> c->slot == \old(c->slot); */
bool npt_cursor_next(struct npt_tables *t, struct npt_cursor *c, struct npt_leaf *leaf)
{
	/*@ loop invariant npt_cursor_idx(c);
	    loop invariant npt_cursor_t0(c, \at(t->root, Pre));
	    loop invariant npt_cursor_tab(c, 1, \at(t->root, Pre) + 4096, \at(t->pgd_next, Pre));
	    loop invariant npt_cursor_tab(c, 2, \at(t->pud_start, Pre), \at(t->pud_next, Pre));
	    loop invariant npt_cursor_tab(c, 3, \at(t->pmd_start, Pre), \at(t->pmd_next, Pre));
	    loop assigns *c, *leaf;
	    loop variant 514 * 514 * 514 * 514 - npt_cursor_pos(c); */
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
			leaf->addr = addr;
			leaf->pte = e;
			leaf->level = l;
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

/*@ requires \valid(t) && npt_ts_ok(t) && \valid(c) && \separated(t, c);
    requires c->slot == 0 || npt_word_ok(t, c->slot);
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1], t->stale, t->stale_addr,
	    t->stale_level, c->slot;
    ensures c->slot == 0; */
void npt_cursor_clear(struct npt_tables *t, struct npt_cursor *c)
{
	BUG_ON(!c->slot || npt_table_load(t, c->slot) != c->entry);
	npt_table_store(t, c->slot, 0);
	npt_record_stale(t, c->addr, c->leaf_level);
	c->slot = 0;
}

/*@ requires \valid(t);
    assigns t->stale; */
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
