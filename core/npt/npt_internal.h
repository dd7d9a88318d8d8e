/* SPDX-License-Identifier: MIT */
/*
 * Private to core/npt: per-VM state, pool geometry, descriptor helpers and
 * the checked table accessors. The layers, bottom up:
 *
 *   npt_pool.c   geometry, bump allocation, the two table accessors
 *   npt_walk.c   reading a path through the tables (walk_npt, get_npt_level)
 *   npt_map.c    changing leaves (set_npt, unmap_npt)
 *   npt_mem.c    data access through a VM's tables (mem_load, mem_store)
 *
 * Each layer calls only the ones above it in this list.
 */
#ifndef HYPCORE_NPT_INTERNAL_H
#define HYPCORE_NPT_INTERNAL_H

#include <hypcore/lock.h>
#include <hypcore/npt.h>

#define PAGE_SIZE      4096ULL
#define PTRS_PER_TABLE 512
#define NPT_ADDR_LIMIT (1ULL << NPT_IPA_BITS)

/* Descriptor types, by their low two bits. */
#define DESC_TYPE_MASK 3ULL
#define DESC_TABLE     3ULL /* at levels 0-2; at level 3 the same bits mean "page" */
#define DESC_BLOCK     1ULL /* level 2 only */

struct npt_vm {
	struct hc_lock lock; /* the spec's lock 5 + vmid */
	u64 pgd_next;	     /* next free level-1 table page */
	u64 pud_next;	     /* next free level-2 table page */
	u64 pmd_next;	     /* next free level-3 table page */
};

/* The areas of one VM's pool, as addresses. */
struct npt_areas {
	u64 root;
	u64 pgd_start, pud_start, pmd_start, end;
};

/*
 * A path through the tables for one address: the address of the entry read
 * at each level and its value. Levels the walk did not reach have slot 0.
 */
struct npt_path {
	u64 slot[4];
	u64 entry[4];
	u32 leaf_level; /* 0 (unmapped), 2 or 3 */
};

/* Pool layer (npt_pool.c). */
struct npt_vm *npt_vm_get(u32 vmid);
struct npt_areas npt_areas_of(u32 vmid);
u64 npt_table_load(struct npt_vm *vm, u64 pa);
void npt_table_store(struct npt_vm *vm, u64 pa, u64 val);
bool npt_pool_has_room(const struct npt_vm *vm, u32 pgd, u32 pud, u32 pmd);
u64 npt_alloc_pgd(struct npt_vm *vm);
u64 npt_alloc_pud(struct npt_vm *vm);
u64 npt_alloc_pmd(struct npt_vm *vm);
u32 npt_vmid_of(const struct npt_vm *vm);
u64 npt_vm_vttbr(const struct npt_vm *vm);

/* Walk layer (npt_walk.c). */
void npt_walk_path(struct npt_vm *vm, u64 addr, struct npt_path *p);

/* Map layer (npt_map.c): break-before-make of the entry at slot. */
void npt_write_leaf(struct npt_vm *vm, u64 slot, u64 old, u64 new, u64 addr, u32 level);

/* The leaf entry of a finished walk, or 0. */
static inline u64 path_leaf(const struct npt_path *p)
{
	return p->leaf_level ? p->entry[p->leaf_level] : 0;
}

static inline bool npt_addr_valid(u64 addr)
{
	return addr < NPT_ADDR_LIMIT;
}

static inline bool desc_is_table(u64 desc)
{
	return (desc & DESC_TYPE_MASK) == DESC_TABLE;
}

static inline u64 desc_table(u64 table_pa)
{
	return table_pa | DESC_TABLE;
}

#endif
