/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 ("nested") page tables: the core's model of memory for each VM.
 *
 * Meaning: docs of the NPT model (npt-model.md), read from the formal spec
 * NPTWalkRefine. 4 KiB granule, 48-bit IPA, four levels; leaves are 2 MiB
 * blocks at level 2 or 4 KiB pages at level 3. Each VM owns a pool of
 * page-table memory split into four bump-allocated areas:
 *
 *   root  1 page        the level-0 table (VTTBR points here)
 *   pgd   pgd_pages     level-1 tables (what level-0 entries point to)
 *   pud   pud_pages     level-2 tables
 *   pmd   the rest      level-3 tables
 *
 * Every function below that takes a vmid returns -HC_EINVAL for a vmid
 * outside [0, nr_vms) and otherwise requires the caller to hold that VM's
 * lock (npt_lock); calling without it is an internal-invariant panic.
 * Errors never change state.
 */
#ifndef HYPCORE_NPT_H
#define HYPCORE_NPT_H

#include <hypcore/lock.h>
#include <hypcore/types.h>

#define NPT_MAX_VMS  16
#define NPT_IPA_BITS 48

/* Descriptor bits the core reserves for itself: a caller's pte must not set them. */
#define NPT_PTE_RESERVED_MASK (0xfULL << 55)
#define NPT_PTE_S2AP_R	      (1ULL << 6)
#define NPT_PTE_S2AP_W	      (1ULL << 7)

/*
 * Named bits of a stage-2 leaf (VMSAv8-64, 4 KiB granule), for those who
 * build leaves. Bits [1:0] say what an entry is: 0b11 a page at level 3
 * (a table at levels 0-2), 0b01 a block at level 2. MemAttr [5:2] is the
 * stage-2 memory type (0b1111: normal, inner and outer write-back), S2AP
 * [7:6] read (bit 6) and write (bit 7) access, SH [9:8] shareability
 * (0b11: inner shareable), AF (bit 10) the access flag (set, so that no
 * access-flag fault is taken), XN [54:53] execute-never (0b10: no
 * execution at EL1 or EL0). Device-nGnRE is named for the host's own
 * stage-2 (arch/arm64/host_s2.c); the ABI never gives it to a VM. With
 * HCR_EL2.FWB set (arch_s2fwb()) MemAttr reads differently: 0b0110 is
 * normal write-back whatever stage 1 says (0b1111 would not force it),
 * so VM leaves carry NPT_PTE_MEMATTR_FWB_WB there; KVM uses the same
 * value (MT_S2_FWB_NORMAL).
 */
#define NPT_PTE_TYPE_MASK	  3ULL
#define NPT_PTE_PAGE		  3ULL /* low bits of a level-3 page */
#define NPT_PTE_BLOCK		  1ULL /* low bits of a level-2 block */
#define NPT_PTE_MEMATTR_MASK	  (0xfULL << 2)
#define NPT_PTE_MEMATTR_NORMAL_WB (0xfULL << 2)
#define NPT_PTE_MEMATTR_DEVICE	  (0x1ULL << 2) /* Device-nGnRE */
#define NPT_PTE_MEMATTR_FWB_WB	  (0x6ULL << 2) /* normal write-back, forced (FEAT_S2FWB) */
#define NPT_PTE_SH_INNER	  (3ULL << 8)
#define NPT_PTE_AF		  (1ULL << 10)
#define NPT_PTE_XN		  (2ULL << 53) /* XN[1:0] = 0b10: no execution */
#define NPT_PTE_XN_MASK		  (3ULL << 53)

/* What a leaf allows a VM: read, write, execute (npt_leaf_desc). */
#define NPT_PERM_R   0x1U
#define NPT_PERM_W   0x2U
#define NPT_PERM_X   0x4U
#define NPT_PERM_ALL 0x7U

/*
 * Where the pools live, from pool_base up: vmid 0's pool (host_pool_size
 * bytes), then VMs 1 .. nr_vms - 1, pool_size bytes each. The host maps
 * all of RAM and splits a block per donated page, so its pool may be
 * sized from RAM; 0 gives it pool_size like the others.
 */
struct npt_geometry {
	u64 pool_base;
	u64 pool_size;	    /* bytes per VM; the pmd area fills what the others leave */
	u64 pgd_pages;	    /* level-1 table area */
	u64 pud_pages;	    /* level-2 table area */
	u32 nr_vms;	    /* valid vmids are 0 .. nr_vms - 1; vmid 0 is the host */
	u64 host_pool_size; /* vmid 0's pool bytes; 0: pool_size */
};

/* The first byte of vmid v's pool, and the end of the last pool. */
u64 npt_geo_pool_start(const struct npt_geometry *g, u32 vmid);
u64 npt_geo_pools_end(const struct npt_geometry *g);

/* The spec's layout: 16 VMs of 32 MiB from 0x10000; 256 / 2048 / 5887 pages. */
extern const struct npt_geometry npt_spec_geometry;

/* Bump pointers and bounds of one VM's pool areas (addresses). */
struct npt_pool_usage {
	u64 root;
	u64 pgd_start, pgd_next, pgd_end;
	u64 pud_start, pud_next, pud_end;
	u64 pmd_start, pmd_next, pmd_end;
};

/*
 * A table set: one stage-2 translation, its own pool of table memory
 * (root page, then the pgd, pud and pmd areas, each bump-allocated), its
 * bump pointers and its lock. VM v's NPT is table set v; core/spt keeps
 * the SMMU's tables in another. The fields are core/npt's: others hold a
 * table set only to pass it back.
 */
struct npt_tables {
	struct hc_lock lock;
	u64 root;			  /* level-0 table, first page of the pool */
	u64 size;			  /* pool bytes: [root, root + size) */
	u64 pud_start, pmd_start;	  /* area bounds; pgd starts at root + 4 KiB */
	u64 pgd_next, pud_next, pmd_next; /* bump pointers */
	u64 vttbr;			  /* root | tag << 48, for TLB maintenance */
	u32 flags;			  /* NPT_TABLES_* */
	u32 stale;			  /* leaves cleared since npt_ts_take_stale */
	u64 stale_addr;			  /* the address of the last one */
	u32 stale_level;
};

/*
 * ACSL (make proof): a table set whose bounds fit. The pool is page
 * aligned, not at 0, inside the IPA space; its areas follow each other in
 * the order above, and every bump pointer is a page boundary inside its
 * own area (the spec's invariant 1).
 */
/*@ predicate npt_page(integer x) = x % 4096 == 0;

    lemma npt_page_add: \forall integer a, b; npt_page(a) && npt_page(b) ==> npt_page(a + b);
    lemma npt_page_mul: \forall integer n; npt_page(n * 4096);
    lemma npt_word_of: \forall integer t, i; npt_page(t) ==> (t + 8 * i) / 8 == t / 8 + i;

    predicate npt_ts_ok(struct npt_tables *t) =
      npt_page(t->root) && npt_page(t->size) && t->root > 0 &&
      t->root + t->size <= 0x1000000000000 &&
      npt_page(t->pud_start) && npt_page(t->pmd_start) &&
      npt_page(t->pgd_next) && npt_page(t->pud_next) && npt_page(t->pmd_next) &&
      t->root + 4096 <= t->pgd_next <= t->pud_start &&
      t->pud_start <= t->pud_next <= t->pmd_start &&
      t->pmd_start <= t->pmd_next <= t->root + t->size;

    predicate npt_in_pool(struct npt_tables *t, integer pa) =
      t->root <= pa < t->root + t->size;

    predicate npt_held(struct npt_tables *t) = t->lock.owner == hc_this_cpu + 1;
*/

/*
 * The table set's TLBs are not the CPUs' (the SMMU's): a cleared leaf is
 * recorded as stale instead of invalidated, and the set's owner
 * invalidates (npt_ts_take_stale) before the change may be relied on.
 * Such a set never replaces a live leaf by another (no break-before-make
 * without an invalidation in between): that would be a core bug.
 */
#define NPT_TABLES_DEFER_TLBI 0x1U

/*
 * Set up t over zeroed memory [pool, pool + size): 1 root page, pgd_pages,
 * pud_pages, the rest pmd. -HC_EINVAL when that does not fit. Not
 * thread-safe (boot, tests).
 */
int npt_ts_init(struct npt_tables *t, u64 pool, u64 size, u64 pgd_pages, u64 pud_pages, u16 tag,
		u32 flags);
void npt_ts_lock(struct npt_tables *t);
void npt_ts_unlock(struct npt_tables *t);

/*
 * The operations below on a table set, as their vmid forms describe them;
 * the caller holds t's lock (checked once per call; a panic without it).
 */
int npt_ts_walk(struct npt_tables *t, u64 addr, u64 *pte);
int npt_ts_set(struct npt_tables *t, u64 addr, u32 level, u64 pte);
/*
 * A run of n level-3 pages from addr (all in one 2 MiB region), the i-th
 * mapped by pte + i * 4 KiB: one walk, the level-3 table found or made
 * once. Every entry of the run must be empty: -HC_EEXIST otherwise (and
 * inside a block); -HC_EINVAL, -HC_ENOMEM as set_npt. Errors write nothing.
 */
int npt_ts_set_run(struct npt_tables *t, u64 addr, u32 n, u64 pte);
/*
 * Clear the level-3 pages of a run (n from addr, in one 2 MiB region) with
 * one walk; pages already absent are fine. For NPT_TABLES_DEFER_TLBI sets
 * only (the cleared leaves are recorded stale for the owner to
 * invalidate): -HC_EINVAL otherwise or for a bad run, -HC_EEXIST when a
 * block maps the region (nothing written).
 */
int npt_ts_clear_run(struct npt_tables *t, u64 addr, u32 n);
int npt_ts_usage(struct npt_tables *t, struct npt_pool_usage *u);

/*
 * For NPT_TABLES_DEFER_TLBI sets that keep one level-3 table per 2 MiB
 * region (core/spt): unlink / link a region's level-3 table whole.
 *
 * npt_ts_park clears the level-2 entry of the region at addr (2 MiB
 * aligned) and returns the table it linked in *table (0 when none was
 * linked: nothing changes). The table keeps its entries, unreachable. Its
 * 512 leaves count as stale: the owner invalidates the whole set (the
 * cached level-2 entry with them) before relying on it. -HC_EINVAL: bad
 * set or address; -HC_EEXIST: a block maps the region (nothing written).
 *
 * npt_ts_unpark writes all 512 entries of `table` (a level-3 table of t's
 * pmd area): entries first .. first + n - 1 map pte, pte + 4 KiB, ...; the
 * others are empty; then links it from the region's level-2 entry. Nothing
 * may be stale (a panic). -HC_EEXIST when the region has a table or block
 * linked already, -HC_EINVAL for bad arguments or no level-2 table
 * (nothing written). The caller names a table no entry links to.
 */
int npt_ts_park(struct npt_tables *t, u64 addr, u64 *table);
int npt_ts_unpark(struct npt_tables *t, u64 addr, u64 table, u32 first, u32 n, u64 pte);

/*
 * For NPT_TABLES_DEFER_TLBI sets: how many leaves were cleared since the
 * last call (0: nothing to invalidate), and where the last one was; the
 * count starts again at 0.
 */
/*@ requires \valid(t) && \valid(addr) && \valid(level);
    requires \separated(t, addr, level);
    assigns *addr, *level, t->stale;
    ensures \result == \old(t->stale) && t->stale == 0; */
u32 npt_ts_take_stale(struct npt_tables *t, u64 *addr, u32 *level);

/*
 * Set up the core over pool memory that is all zero. Not thread-safe; call
 * once before anything else (again in tests to start over).
 * Returns -HC_EINVAL for a geometry that does not fit (misaligned, too many
 * VMs, areas that overflow the pool).
 */
int npt_init(const struct npt_geometry *g);
const struct npt_geometry *npt_geometry(void);

void npt_lock(u32 vmid);
void npt_unlock(u32 vmid);

/* The pte stored for the page containing addr (0 when unmapped). */
int walk_npt(u32 vmid, u64 addr, u64 *pte);
/* 0 (unmapped), 2 (block) or 3 (page). */
int get_npt_level(u32 vmid, u64 addr, u32 *level);
/* Map the 2 MiB region (level 2) or the 4 KiB page (level 3) holding addr. */
int set_npt(u32 vmid, u64 addr, u32 level, u64 pte);
/* Clear the leaf that maps addr (a whole block or one page); none is fine. */
int unmap_npt(u32 vmid, u64 addr);
/* 64-bit access at IPA addr through the VM's tables. */
int mem_load(u32 vmid, u64 addr, u64 *val);
int mem_store(u32 vmid, u64 addr, u64 val);

/* VTTBR_EL2 value for the VM: pool start, vmid in bits [63:48]. No lock needed. */
int npt_vttbr(u32 vmid, u64 *vttbr);
int npt_pool_usage(u32 vmid, struct npt_pool_usage *u);

/* Zero every table page the VM used and rewind its bump pointers. */
int npt_reset_vm(u32 vmid);

/*
 * The one place a VM's leaf is composed (npt_desc.c): output address pa,
 * a level-2 block or a level-3 page, normal write-back memory (forced
 * over the VM's stage 1 where arch_s2fwb()), inner shareable, access
 * flag set, S2AP from NPT_PERM_R / NPT_PERM_W, execute-never unless
 * NPT_PERM_X. Returns 0 (never a valid leaf) when the arguments make no
 * leaf: level not 2 or 3, pa 0, >= 2^48 or not aligned to the leaf,
 * perms 0 or with bits beyond NPT_PERM_ALL.
 */
u64 npt_leaf_desc(u64 pa, u32 level, u32 perms);

/* Descriptor helpers, named as in the spec. */
/*@ assigns \nothing;
    ensures \result == (x & 0x0000fffffffff000); */
static inline u64 phys_page(u64 x)
{
	return x & 0x0000fffffffff000ULL;
}

/*@ logic integer npt_idx(integer addr, integer level) = (addr >> (39 - 9 * level)) & 511; */
/*@ requires level <= 3;
    assigns \nothing;
    ensures \result == npt_idx(addr, level);
    ensures 0 <= \result < 512; */
static inline u32 npt_index(u64 addr, u32 level)
{
	return (u32)((addr >> (39 - 9 * level)) & 511);
}

/*
 * Additions for page ownership (core/owner). Same rules as above: vmid
 * checked (einval), VM lock held, errors change nothing.
 */

/* What set_npt(vmid, addr, level, pte) would return, without writing. */
int npt_check_set(u32 vmid, u64 addr, u32 level, u64 pte);

/*
 * vmid 0 only: replace the 2 MiB block mapping addr by a level-3 table of
 * 512 pages with the same output and attributes (break-before-make).
 * einval: another vmid, or no block there; enomem: the pmd area is full.
 */
int npt_split_block(u32 vmid, u64 addr);
/* What npt_split_block(vmid, addr) would return, without writing. */
int npt_check_split(u32 vmid, u64 addr);

/* One leaf: the first address it maps, its descriptor, its level (2 or 3). */
struct npt_leaf {
	u64 addr;
	u64 pte;
	u32 level;
};

/*
 * A cursor over the leaves of a table set that map addresses in
 * [start, end), in address order: one pass over the tables (each entry
 * read once, no walk from the root per leaf, no recursion). Fields are
 * core/npt's. The tables may change only through npt_cursor_clear while
 * a cursor is in use.
 */
struct npt_cursor {
	u64 start, end;
	u64 table[4]; /* the table scanned at each level */
	u64 base[4];  /* the first address that table maps */
	u32 index[4]; /* the next entry to read at each level */
	u32 level;    /* the level being scanned; 4 once done */
	u64 slot;     /* the entry of the leaf last returned */
	u64 entry;
	u64 addr;
	u32 leaf_level;
};

/* The caller holds t's lock from start to the last call. end 0 means 2^48. */
void npt_cursor_start(struct npt_tables *t, struct npt_cursor *c, u64 start, u64 end);
/* The next leaf: true and *leaf, or false when the range is done. */
bool npt_cursor_next(struct npt_tables *t, struct npt_cursor *c, struct npt_leaf *leaf);
/*
 * Clear the leaf last returned. Its TLB entries are not invalidated yet:
 * call npt_ts_flush (CPU sets) before relying on it; until then no leaf
 * may be written in t (a panic).
 */
void npt_cursor_clear(struct npt_tables *t, struct npt_cursor *c);
/*
 * Invalidate, on every CPU, what npt_cursor_clear cleared since the last
 * flush: by address when one leaf, for the whole VM when more. Sets with
 * NPT_TABLES_DEFER_TLBI are flushed by their owner instead (a panic here).
 */
void npt_ts_flush(struct npt_tables *t);

/* VM vmid's table set, for the cursor; the caller holds its lock (checked). NULL: bad vmid. */
struct npt_tables *npt_vm_tables(u32 vmid);

#endif
