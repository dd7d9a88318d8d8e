/* SPDX-License-Identifier: MIT */
/*
 * Private to core/npt: per-VM state, pool geometry, descriptor helpers and
 * the checked table accessors. The layers, bottom up:
 *
 *   npt_pool.c   table sets and geometry, bump allocation (the two table
 *                accessors are inline, below)
 *   npt_walk.c   reading a path through the tables (walk_npt, get_npt_level)
 *   npt_map.c    changing leaves (set_npt, unmap_npt)
 *   npt_leaves.c the leaves of a range in one pass (the cursor)
 *   npt_mem.c    data access through a VM's tables (mem_load, mem_store)
 *
 * Each layer calls only the ones above it in this list.
 */
#ifndef HYPCORE_NPT_INTERNAL_H
#define HYPCORE_NPT_INTERNAL_H

#include <hypcore/arch.h>
#include <hypcore/lock.h>
#include <hypcore/npt.h>
#include <hypcore/phys.h>

#define PAGE_SIZE      4096ULL
#define PTRS_PER_TABLE 512
#define NPT_ADDR_LIMIT (1ULL << NPT_IPA_BITS)

/* Descriptor types, by their low two bits. */
#define DESC_TYPE_MASK 3ULL
#define DESC_TABLE     3ULL /* at levels 0-2; at level 3 the same bits mean "page" */
#define DESC_BLOCK     1ULL /* level 2 only */

/*
 * A path through the tables for one address: the address of the entry read
 * at each level and its value. Levels the walk did not reach have slot 0.
 */
struct npt_path {
	u64 slot[4];
	u64 entry[4];
	u32 leaf_level; /* 0 (unmapped), 2 or 3 */
};

/*
 * ACSL: the spec's invariants 3 and 2 over the logic model of table
 * memory. The tables an entry of each area points to are whole pages of
 * the next area, below its bump pointer: root entries into the pgd area,
 * level-1 entries into the pud area, level-2 table entries into the pmd
 * area (level-2 blocks and level-3 pages point outside the pool: data).
 * Every word above a bump pointer, up to the end of its area, is 0: the
 * page an allocation hands out is an empty table, so linking it keeps the
 * rest true. npt_store_ok says which value a store to the word at pa may
 * write and keep all of it: what the level of the word's area may hold,
 * and 0 above a bump pointer (level-3 leaves, below pmd_next, are free).
 */
/*@ logic integer npt_out(integer e) = e & 0x0000fffffffff000;

    predicate npt_points(integer e, integer lo, integer hi) =
      lo <= npt_out(e) && npt_out(e) + 4096 <= hi && npt_page(npt_out(e));

    predicate npt_area_ok(integer from, integer to, integer lo, integer hi) =
      \forall integer w; from / 8 <= w < to / 8 ==>
	hc_phys[w] == 0 || npt_points(hc_phys[w], lo, hi);

    predicate npt_area_tables_ok(integer from, integer to, integer lo, integer hi) =
      \forall integer w; from / 8 <= w < to / 8 ==>
	hc_phys[w] == 0 || (hc_phys[w] & 3) != 3 || npt_points(hc_phys[w], lo, hi);

    predicate npt_zero(integer from, integer to) =
      \forall integer w; from / 8 <= w < to / 8 ==> hc_phys[w] == 0;

    predicate npt_tables_ok(struct npt_tables *t) =
      npt_ts_ok(t) &&
      npt_area_ok(t->root, t->root + 4096, t->root + 4096, t->pgd_next) &&
      npt_area_ok(t->root + 4096, t->pgd_next, t->pud_start, t->pud_next) &&
      npt_area_tables_ok(t->pud_start, t->pud_next, t->pmd_start, t->pmd_next) &&
      npt_zero(t->pgd_next, t->pud_start) && npt_zero(t->pud_next, t->pmd_start) &&
      npt_zero(t->pmd_next, t->root + t->size);

    predicate npt_store_ok(struct npt_tables *t, integer pa, integer v) =
      (t->root <= pa < t->root + 4096 ==>
	v == 0 || npt_points(v, t->root + 4096, t->pgd_next)) &&
      (t->root + 4096 <= pa < t->pgd_next ==>
	v == 0 || npt_points(v, t->pud_start, t->pud_next)) &&
      (t->pud_start <= pa < t->pud_next ==>
	v == 0 || (v & 3) != 3 || npt_points(v, t->pmd_start, t->pmd_next)) &&
      (t->pgd_next <= pa < t->pud_start || t->pud_next <= pa < t->pmd_start ||
       t->pmd_next <= pa < t->root + t->size ==> v == 0);

*/

/*
 * ACSL: between two points, t's tables are as they were: no word of
 * memory, no bump pointer and no stale record changed. What every map
 * operation promises when it answers an error (errors before writes).
 */
/*@ predicate npt_unchanged{L1, L2}(struct npt_tables *t) =
      (\forall integer w; \at(hc_phys[w], L1) == \at(hc_phys[w], L2)) &&
      \at(t->pgd_next, L1) == \at(t->pgd_next, L2) &&
      \at(t->pud_next, L1) == \at(t->pud_next, L2) &&
      \at(t->pmd_next, L1) == \at(t->pmd_next, L2) &&
      \at(t->stale, L1) == \at(t->stale, L2) &&
      \at(t->stale_addr, L1) == \at(t->stale_addr, L2) &&
      \at(t->stale_level, L1) == \at(t->stale_level, L2);
*/

/* Pool layer (npt_pool.c). */

/* The VMs' table sets (npt_pool.c); vmids below npt_nr_vms exist. */
extern struct npt_tables npt_vms[NPT_MAX_VMS];
extern u32 npt_nr_vms;

/* ACSL: every VM's table set fits (set up by npt_init). */
/*@ predicate npt_vms_ok =
      npt_nr_vms <= NPT_MAX_VMS &&
      \forall integer v; 0 <= v < npt_nr_vms ==> npt_ts_ok(&npt_vms[v]);
*/

/* Check once per operation that the caller holds t's lock. */
/*@ requires \valid_read(t);
    assigns \nothing;
    ensures npt_held(t); */
static inline void npt_ts_held(const struct npt_tables *t)
{
	BUG_ON(!hc_lock_held(&t->lock));
}

/* VM vmid's table set with its lock held (checked), or NULL for a bad vmid. */
/*@ requires npt_vms_ok;
    assigns \nothing;
    behavior bad_vmid:
      assumes vmid >= npt_nr_vms;
      ensures \result == \null;
    behavior vm:
      assumes vmid < npt_nr_vms;
      ensures \result == &npt_vms[vmid];
      ensures npt_ts_ok(\result) && npt_held(\result);
    complete behaviors;
    disjoint behaviors; */
static inline struct npt_tables *npt_vm_get(u32 vmid)
{
	struct npt_tables *t;

	if (vmid >= npt_nr_vms)
		return NULL;
	t = npt_vms + vmid;
	npt_ts_held(t);
	return t;
}

/* Do the pgd, pud and pmd areas have room for that many more tables? */
/*@ requires \valid_read(t) && npt_ts_ok(t);
    assigns \nothing;
    ensures \result <==> t->pgd_next + pgd * 4096 <= t->pud_start &&
			 t->pud_next + pud * 4096 <= t->pmd_start &&
			 t->pmd_next + pmd * 4096 <= t->root + t->size; */
bool npt_pool_has_room(const struct npt_tables *t, u32 pgd, u32 pud, u32 pmd);

/*
 * One table from an area; the caller checked that it has room. The page
 * handed out lies in the area and above the tables handed out before.
 */
/*@ requires \valid(t) && npt_ts_ok(t);
    requires t->pgd_next + 4096 <= t->pud_start;
    assigns t->pgd_next;
    ensures \result == \old(t->pgd_next) && t->pgd_next == \result + 4096;
    ensures t->root + 4096 <= \result && \result + 4096 <= t->pud_start;
    ensures npt_ts_ok(t);
    behavior keeps_ok:
      assumes npt_tables_ok(t);
      ensures npt_tables_ok(t); */
u64 npt_alloc_pgd(struct npt_tables *t);
/*@ requires \valid(t) && npt_ts_ok(t);
    requires t->pud_next + 4096 <= t->pmd_start;
    assigns t->pud_next;
    ensures \result == \old(t->pud_next) && t->pud_next == \result + 4096;
    ensures t->pud_start <= \result && \result + 4096 <= t->pmd_start;
    ensures npt_ts_ok(t);
    behavior keeps_ok:
      assumes npt_tables_ok(t);
      ensures npt_tables_ok(t); */
u64 npt_alloc_pud(struct npt_tables *t);
/*@ requires \valid(t) && npt_ts_ok(t);
    requires t->pmd_next + 4096 <= t->root + t->size;
    assigns t->pmd_next;
    ensures \result == \old(t->pmd_next) && t->pmd_next == \result + 4096;
    ensures t->pmd_start <= \result && \result + 4096 <= t->root + t->size;
    ensures npt_ts_ok(t);
    behavior keeps_ok:
      assumes npt_tables_ok(t);
      ensures npt_tables_ok(t); */
u64 npt_alloc_pmd(struct npt_tables *t);

/*
 * The only two ways the NPT code touches table memory. Each checks, inline
 * and in every build, that the word lies in t's own pool and is aligned: a
 * pointer read from a table that leads elsewhere is a core bug. The lock
 * was checked where the operation took t (npt_ts_held).
 */
/*@ predicate npt_word_ok(struct npt_tables *t, integer pa) =
      npt_in_pool(t, pa) && pa % 8 == 0; */

/*@ requires \valid_read(t) && npt_word_ok(t, pa);
    assigns \nothing; */
static inline void npt_check_word(const struct npt_tables *t, u64 pa)
{
	BUG_ON(pa - t->root >= t->size || pa % 8); /* also catches pa < root */
}

/*@ requires \valid_read(t) && npt_word_ok(t, pa);
    assigns \nothing;
    ensures \result == hc_phys[pa / 8]; */
static inline u64 npt_table_load(const struct npt_tables *t, u64 pa)
{
	npt_check_word(t, pa);
	return phys_load(pa);
}

/*@ requires \valid_read(t) && npt_word_ok(t, pa);
    assigns hc_phys[pa / 8];
    ensures hc_phys[pa / 8] == val;
    behavior keeps_ok:
      assumes npt_tables_ok(t) && npt_store_ok(t, pa, val);
      ensures npt_tables_ok(t); */
static inline void npt_table_store(struct npt_tables *t, u64 pa, u64 val)
{
	npt_check_word(t, pa);
	phys_store(pa, val);
	/*@ for keeps_ok: assert a0:
	      npt_area_ok(t->root, t->root + 4096, t->root + 4096, t->pgd_next); */
	/*@ for keeps_ok: assert a1:
	      npt_area_ok(t->root + 4096, t->pgd_next, t->pud_start, t->pud_next); */
	/*@ for keeps_ok: assert a2:
	      npt_area_tables_ok(t->pud_start, t->pud_next, t->pmd_start, t->pmd_next); */
	/*@ for keeps_ok: assert z0: npt_zero(t->pgd_next, t->pud_start); */
	/*@ for keeps_ok: assert z1: npt_zero(t->pud_next, t->pmd_start); */
	/*@ for keeps_ok: assert z2: npt_zero(t->pmd_next, t->root + t->size); */
}

/* A leaf was cleared and its TLB entries are not invalidated yet. */
/*@ requires \valid(t);
    assigns t->stale, t->stale_addr, t->stale_level;
    behavior keeps_ok:
      assumes npt_tables_ok(t);
      ensures npt_tables_ok(t); */
static inline void npt_record_stale(struct npt_tables *t, u64 addr, u32 level)
{
	t->stale++;
	t->stale_addr = addr;
	t->stale_level = level;
	/*@ for keeps_ok: assert npt_ts_ok(t); */
	/*@ for keeps_ok: assert
	      npt_area_ok(t->root, t->root + 4096, t->root + 4096, t->pgd_next) &&
	      npt_area_ok(t->root + 4096, t->pgd_next, t->pud_start, t->pud_next) &&
	      npt_area_tables_ok(t->pud_start, t->pud_next, t->pmd_start, t->pmd_next) &&
	      npt_zero(t->pgd_next, t->pud_start) && npt_zero(t->pud_next, t->pmd_start) &&
	      npt_zero(t->pmd_next, t->root + t->size); */
}

/*
 * ACSL: the facts of bit arithmetic the walk and map layers assume. z3 and
 * cvc4 cannot reason about & and | on WP's unbounded integers, so they are
 * axioms here, and make proof checks them first on 64-bit vectors
 * (proof/bits.smt2, which z3 must find unsat): a table descriptor made
 * from a pool page (desc_table) points back at that page; an index into a
 * table is below 512.
 */
/*@ axiomatic NptBits {
      axiom npt_out_table: \forall integer pa;
	0 <= pa < 0x1000000000000 && pa % 4096 == 0 ==> npt_out(pa | 3) == pa;
      axiom npt_idx_range: \forall integer a, l; 0 <= a && 0 <= l <= 3 ==>
	0 <= npt_idx(a, l) < 512;
    } */

/*
 * ACSL: a slot of a table inside [lo, hi) is an aligned word of the same
 * range, and so of the pool when [lo, hi) is part of it.
 */
/*@ lemma npt_slot_in: \forall integer tb, i, lo, hi;
      npt_page(tb) && lo <= tb && tb + 4096 <= hi && 0 <= i < 512 ==>
	lo <= tb + 8 * i < hi && (tb + 8 * i) % 8 == 0;
*/

/* Walk layer (npt_walk.c). */
/*
 * What the map layer needs of a walk, level by level: where each slot it
 * reached lies and where each entry it read points (into which area, below
 * which bump pointer), and that the entries of levels it did not reach
 * are 0. Written clause by clause: the provers handle these better than
 * one predicate over the whole path.
 */
/*@ requires \valid_read(t) && npt_tables_ok(t) && \valid(p) && addr < 0x1000000000000;
    requires \separated(t, p);
    assigns *p;
    ensures p->leaf_level == 0 || p->leaf_level == 2 || p->leaf_level == 3;
    ensures slot0: p->slot[0] == \old(t->root) + 8 * npt_idx(addr, 0);
    ensures pts0: p->entry[0] != 0 ==>
	npt_points(p->entry[0], \old(t->root) + 4096, \old(t->pgd_next));
    ensures zero1: p->entry[0] == 0 ==> p->entry[1] == 0;
    ensures slot1: p->entry[0] != 0 ==>
	p->slot[1] == npt_out(p->entry[0]) + 8 * npt_idx(addr, 1);
    ensures pts1: p->entry[1] != 0 ==>
	npt_points(p->entry[1], \old(t->pud_start), \old(t->pud_next));
    ensures zero2: p->entry[1] == 0 ==> p->entry[2] == 0;
    ensures slot2: p->entry[1] != 0 ==>
	p->slot[2] == npt_out(p->entry[1]) + 8 * npt_idx(addr, 2);
    ensures pts2: p->entry[2] != 0 && (p->entry[2] & 3) == 3 ==>
	npt_points(p->entry[2], \old(t->pmd_start), \old(t->pmd_next));
    ensures slot3: p->entry[2] != 0 && (p->entry[2] & 3) == 3 ==>
	p->slot[3] == npt_out(p->entry[2]) + 8 * npt_idx(addr, 3);
    ensures leaf2: p->leaf_level == 2 ==> p->entry[2] != 0 && (p->entry[2] & 3) != 3;
    ensures leaf3: p->leaf_level == 3 ==> p->entry[2] != 0 && (p->entry[2] & 3) == 3; */
void npt_walk_path(const struct npt_tables *t, u64 addr, struct npt_path *p);
/*@ requires \valid_read(t) && npt_tables_ok(t) && \valid(level);
    assigns *level;
    ensures *level == 0 || *level == 2 || *level == 3; */
u64 npt_walk_leaf(const struct npt_tables *t, u64 addr, u32 *level);

/*
 * Map layer (npt_map.c): break-before-make of the entry at slot. It keeps
 * npt_tables_ok when the new entry may go there (npt_store_ok).
 */
/*@ requires \valid(t) && npt_word_ok(t, slot);
    assigns hc_phys[slot / 8], t->stale, t->stale_addr, t->stale_level;
    ensures old != 0 || new != 0 ==> hc_phys[slot / 8] == new;
    behavior keeps_ok:
      assumes npt_tables_ok(t) && npt_store_ok(t, slot, new);
      ensures npt_tables_ok(t); */
void npt_write_leaf(struct npt_tables *t, u64 slot, u64 old, u64 new, u64 addr, u32 level);

/* The leaf entry of a finished walk, or 0. */
/*@ requires \valid_read(p) && p->leaf_level <= 3;
    assigns \nothing; */
static inline u64 path_leaf(const struct npt_path *p)
{
	return p->leaf_level ? p->entry[p->leaf_level] : 0;
}

/*@ assigns \nothing;
    ensures \result <==> addr < 0x1000000000000; */
static inline bool npt_addr_valid(u64 addr)
{
	return addr < NPT_ADDR_LIMIT;
}

/*@ assigns \nothing;
    ensures \result <==> (desc & 3) == 3; */
static inline bool desc_is_table(u64 desc)
{
	return (desc & DESC_TYPE_MASK) == DESC_TABLE;
}

/*@ assigns \nothing;
    ensures \result == (table_pa | 3); */
static inline u64 desc_table(u64 table_pa)
{
	return table_pa | DESC_TABLE;
}

#endif
