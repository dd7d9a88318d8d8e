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

    // How far a cursor is, in the order it visits entries: 514^4 once done.
    logic integer npt_pos(integer level, integer i0, integer i1, integer i2, integer i3) =
      level >= 4 ? 514 * 514 * 514 * 514 :
	(i0 + 1) * (514 * 514 * 514) +
	(level >= 1 ? (i1 + 1) * (514 * 514) : 0) +
	(level >= 2 ? (i2 + 1) * 514 : 0) +
	(level >= 3 ? i3 + 1 : 0);
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
/*@ requires \valid_read(t) && \valid(c) && \separated(t, c);
    requires npt_cursor_ok(t, c) && c->level < 4;
    assigns c->level, c->index[0 .. 3];
    ensures npt_cursor_ok(t, c);
    ensures npt_pos(c->level, c->index[0], c->index[1], c->index[2], c->index[3]) >
	    \old(npt_pos(c->level, c->index[0], c->index[1], c->index[2], c->index[3]));
    ensures npt_pos(c->level, c->index[0], c->index[1], c->index[2], c->index[3]) <=
	    514 * 514 * 514 * 514; */
static void ascend(const struct npt_tables *t, struct npt_cursor *c)
{
	(void)t; /* t names the areas in the contract, here and in the helpers below */
	if (c->level == 0) {
		c->level = 4;
		return;
	}
	c->level--;
	c->index[c->level]++;
}

/* Go on with the next entry of the table at c->level. */
/*@ requires \valid_read(t) && \valid(c) && \separated(t, c);
    requires npt_cursor_ok(t, c) && c->level < 4 && c->index[c->level] < 512;
    assigns c->index[c->level];
    ensures npt_cursor_ok(t, c);
    ensures c->index[c->level] == \old(c->index[c->level]) + 1;
    ensures npt_pos(c->level, c->index[0], c->index[1], c->index[2], c->index[3]) >
	    \old(npt_pos(c->level, c->index[0], c->index[1], c->index[2], c->index[3]));
    ensures npt_pos(c->level, c->index[0], c->index[1], c->index[2], c->index[3]) <=
	    514 * 514 * 514 * 514; */
static void skip(const struct npt_tables *t, struct npt_cursor *c)
{
	(void)t;
	c->index[c->level]++;
}

/*
 * The slot of the entry the cursor reads next: a word of the area of
 * c->level's tables, so what it holds, when not 0, points where that
 * area's entries may point.
 */
/*@ requires \valid_read(t) && npt_tables_ok(t) && \valid_read(c);
    requires npt_cursor_ok(t, c) && c->level < 4 && c->index[c->level] < 512;
    assigns \nothing;
    ensures npt_word_ok(t, \result);
    behavior root:
      assumes c->level == 0;
      ensures hc_phys[\result / 8] == 0 ||
	      npt_points(hc_phys[\result / 8], t->root + 4096, t->pgd_next);
    behavior pgd:
      assumes c->level == 1;
      ensures hc_phys[\result / 8] == 0 ||
	      npt_points(hc_phys[\result / 8], t->pud_start, t->pud_next);
    behavior pud:
      assumes c->level == 2;
      ensures hc_phys[\result / 8] == 0 || (hc_phys[\result / 8] & 3) != 3 ||
	      npt_points(hc_phys[\result / 8], t->pmd_start, t->pmd_next);
    behavior pmd:
      assumes c->level == 3;
    complete behaviors;
    disjoint behaviors; */
static u64 cursor_slot(const struct npt_tables *t, const struct npt_cursor *c)
{
	u32 l = c->level;
	u64 slot = c->table[l] + 8ULL * c->index[l];

	(void)t;
	/*@ assert npt_page(c->table[l]) && slot / 8 == c->table[l] / 8 + c->index[l]; */
	/*@ assert (c->table[l] + 4096) / 8 == c->table[l] / 8 + 512; */
	return slot;
}

/*
 * The entry e at slot, read from the table at c->level, is a leaf: hand
 * it out and step past it.
 */
/*@ requires \valid_read(t) && \valid(c) && \valid(leaf) && \separated(t, c, leaf);
    requires npt_cursor_ok(t, c) && c->level < 4 && c->index[c->level] < 512;
    assigns c->index[c->level], c->slot, c->entry, c->addr, c->leaf_level, *leaf;
    ensures npt_cursor_ok(t, c);
    ensures c->slot == slot && leaf->level == c->level; */
static void take_leaf(const struct npt_tables *t, struct npt_cursor *c, struct npt_leaf *leaf,
		      u64 slot, u64 e, u64 addr)
{
	u32 l = c->level;

	skip(t, c);
	c->slot = slot;
	c->entry = e;
	c->addr = addr;
	c->leaf_level = l;
	leaf->addr = addr;
	leaf->pte = e;
	leaf->level = l;
}

/*
 * The entry e, read from the table at c->level for the range from addr,
 * points to a table of the next level: scan that one next.
 */
/*@ requires \valid_read(t) && \valid(c) && \separated(t, c);
    requires npt_tables_ok(t) && npt_cursor_ok(t, c) && c->level < 3 && c->index[c->level] < 512;
    requires c->level == 0 ==> npt_points(e, t->root + 4096, t->pgd_next);
    requires c->level == 1 ==> npt_points(e, t->pud_start, t->pud_next);
    requires c->level == 2 ==> npt_points(e, t->pmd_start, t->pmd_next);
    assigns c->level, c->table[c->level + 1], c->base[c->level + 1], c->index[c->level + 1];
    ensures npt_tables_ok(t) && npt_cursor_ok(t, c);
    ensures npt_pos(c->level, c->index[0], c->index[1], c->index[2], c->index[3]) >
	    \old(npt_pos(c->level, c->index[0], c->index[1], c->index[2], c->index[3]));
    ensures npt_pos(c->level, c->index[0], c->index[1], c->index[2], c->index[3]) <=
	    514 * 514 * 514 * 514; */
static void descend(const struct npt_tables *t, struct npt_cursor *c, u64 e, u64 addr)
{
	u32 l = c->level + 1;

	(void)t;
	c->table[l] = phys_page(e);
	c->base[l] = addr;
	c->index[l] = first_index(c, l, addr);
	c->level = l;
}

/*@ requires \valid_read(t) && npt_tables_ok(t) && \valid(c) && \valid(leaf);
    requires \separated(t, c, leaf) && npt_cursor_ok(t, c);
    assigns *c, *leaf;
    ensures npt_cursor_ok(t, c);
    ensures \result ==> npt_word_ok(t, c->slot) && (leaf->level == 2 || leaf->level == 3);
    ensures !\result ==> c->slot == \old(c->slot); */
bool npt_cursor_next(struct npt_tables *t, struct npt_cursor *c, struct npt_leaf *leaf)
{
	/*@ loop invariant npt_tables_ok(t) && npt_cursor_ok(t, c);
	    loop invariant c->slot == \at(c->slot, Pre);
	    loop assigns *c, *leaf;
	    loop variant 514 * 514 * 514 * 514 -
		npt_pos(c->level, c->index[0], c->index[1], c->index[2], c->index[3]); */
	while (c->level < 4) {
		u32 l = c->level, i = c->index[l];
		u64 addr = c->base[l] + (u64)i * span(l), slot, e;

		if (i == PTRS_PER_TABLE || addr >= c->end) {
			ascend(t, c);
		} else {
			slot = cursor_slot(t, c);
			e = npt_table_load(t, slot);
			if (e && (l == 3 || (l == 2 && !desc_is_table(e)))) {
				take_leaf(t, c, leaf, slot, e, addr);
				return true;
			}
			if (e)
				descend(t, c, e, addr);
			else
				skip(t, c);
		}
	}
	return false;
}

/*@ requires \valid(t) && npt_ts_ok(t) && \valid(c) && \separated(t, c);
    requires c->slot == 0 || npt_word_ok(t, c->slot);
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1], t->stale, t->stale_addr,
	    t->stale_level, c->slot;
    ensures c->slot == 0;
    behavior keeps_ok:
      assumes npt_tables_ok(t);
      ensures npt_tables_ok(t); */
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
