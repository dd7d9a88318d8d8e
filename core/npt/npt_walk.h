/* SPDX-License-Identifier: MIT */
/*
 * Private to npt_walk.c and npt_map.c: the walk itself, inline, so that
 * walk_npt, get_npt_level, set_npt and unmap_npt each run it inside their
 * own frame and keep only what they use of it (the compiler drops the
 * rest). Every table word it reads is checked against the set's pool with
 * one compare.
 */
#ifndef HYPCORE_NPT_WALK_H
#define HYPCORE_NPT_WALK_H

#include "npt_internal.h"

/*
 * ACSL: C's u64 subtraction below 0 wraps (C11 6.3.1.3), which WP leaves
 * unknown; make proof checks it first on 64-bit vectors (proof/bits.smt2).
 * The walk's one compare per word relies on it: a zero entry leads below
 * the pool, where slot - root wraps above every pool size.
 */
/*@ axiomatic NptWrap {
      axiom npt_u64_wrap: \forall integer x;
	-0x10000000000000000 < x < 0 ==> (u64)x == x + 0x10000000000000000;
    } */

/*
 * The root's slot for addr, checked against the pool. Aligned because the
 * root is: npt_ts_init takes only a page-aligned pool, and nothing writes
 * t->root after it (the proof's npt_ts_ok).
 */
/*@ requires npt_page(root) && root > 0 && root + size <= 0x1000000000000 && 4096 <= size;
    assigns \nothing;
    ensures \result == root + 8 * npt_idx(addr, 0) && \result / 8 == root / 8 + npt_idx(addr, 0);
    ensures root <= \result < root + size && \result % 8 == 0; */
__attribute__((always_inline)) static inline u64 npt_root_slot(u64 root, u64 size, u64 addr)
{
	u64 slot = root + 8ULL * npt_index(addr, 0);

	BUG_ON(slot - root >= size);
	return slot;
}

/*
 * The slot for addr in the level-l table that entry e points to, checked
 * against the pool: true and *slot, or false when e is 0 (no table). A
 * zero entry points at page 0, below every pool (the root is a page above
 * 0), so the one compare also finds where the walk ends and e is tested
 * only then: a non-zero entry that leads out of the pool is a core bug.
 */
/*@ requires 1 <= l <= 3 && \valid(slot);
    requires npt_page(root) && root > 0 && root + size <= 0x1000000000000;
    requires e == 0 || (root <= npt_out(e) && npt_out(e) + 4096 <= root + size &&
			npt_page(npt_out(e)));
    assigns *slot;
    ensures \result <==> e != 0;
    ensures e != 0 ==> *slot == npt_out(e) + 8 * npt_idx(addr, l) &&
		       *slot / 8 == npt_out(e) / 8 + npt_idx(addr, l);
    ensures e != 0 ==> root <= *slot < root + size && *slot % 8 == 0; */
__attribute__((always_inline)) static inline bool npt_next_slot(u64 root, u64 size, u64 e, u64 addr,
								u32 l, u64 *slot)
{
	u64 s = phys_page(e) + 8ULL * npt_index(addr, l);

	/*@ assert zero_page: e == 0 ==> s == 8 * npt_idx(addr, l); */
	/*@ assert zero_below: e == 0 ==> 0 <= s < 4096 <= root; */
	/*@ assert zero_out: e == 0 ==> (u64)(s - root) >= size; */
	if (__builtin_expect(s - root >= size || s % 8, 0)) {
		/*@ assert e == 0; */
		BUG_ON(e);
		return false;
	}
	*slot = s;
	return true;
}

/*
 * Walk to addr's leaf slot: return the entry where the walk ended and its
 * level in *level. It ends at the first empty entry of levels 0-2 (entry
 * 0, level 0, 1 or 2), at a level-2 entry that is not a table (a block:
 * level 2), or else at the level-3 slot (level 3, its entry a page or 0).
 * So a non-zero result is the leaf that maps addr, and an end at level 2
 * or 3 is where a block or a page goes: *slot is then that entry's slot
 * (before, the root's slot: an earlier slot is of no use to anyone).
 */
/*@ requires \valid_read(t) && npt_tables_ok(t);
    requires \valid(slot) && \valid(level) && \separated(slot, level, t);
    assigns *slot, *level;
    ensures *level <= 3 && npt_word_ok(t, *slot);
    ensures *level < 2 ==> \result == 0;
    ensures *level >= 2 ==> \result == hc_phys[*slot / 8];
    ensures *level == 2 ==> (\result & 3) != 3;
    ensures area2: *level == 2 ==> t->pud_start <= *slot < t->pud_next;
    ensures area3: *level == 3 ==> t->pmd_start <= *slot < t->pmd_next; */
__attribute__((always_inline)) static inline u64 npt_walk_to(const struct npt_tables *t, u64 addr,
							     u64 *slot, u32 *level)
{
	u64 s, e;

	s = npt_root_slot(t->root, t->size, addr);
	e = phys_load(s);
	*slot = s;
	*level = 0;
	/*@ assert e == 0 || npt_points(e, t->root + 4096, t->pgd_next); */
	if (!npt_next_slot(t->root, t->size, e, addr, 1, &s))
		return e;
	/*@ assert t->root + 4096 <= s < t->pgd_next; */
	e = phys_load(s);
	*level = 1;
	/*@ assert e == 0 || npt_points(e, t->pud_start, t->pud_next); */
	if (!npt_next_slot(t->root, t->size, e, addr, 2, &s))
		return e;
	/*@ assert t->pud_start <= s < t->pud_next; */
	e = phys_load(s);
	*slot = s;
	*level = 2;
	if (!desc_is_table(e))
		return e;
	/*@ assert npt_points(e, t->pmd_start, t->pmd_next); */
	/* e is not 0 here: npt_next_slot only fails for the BUG_ON's sake. */
	if (!npt_next_slot(t->root, t->size, e, addr, 3, &s))
		return e;
	/*@ assert t->pmd_start <= s < t->pmd_next; */
	e = phys_load(s);
	*slot = s;
	*level = 3;
	return e;
}

#endif
