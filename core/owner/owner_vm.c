/* SPDX-License-Identifier: MIT */
/*
 * Ownership applied to stage-2 tables: a VM's map and unmap, and the
 * matching change to the host's stage-2 (vmid 0). Order of every map:
 * ask set_npt (npt_check_set), ask the records, ask the host's pool for
 * room to split; only then write: host first (the page leaves it, with
 * TLB invalidation; out of the SPT, with the SMMU's TLB invalidated and
 * the invalidation complete, so DMA cannot reach it either), then the VM's
 * leaf, then the records. Pages go back the other way: out of the VM (TLB
 * invalidated), zeroed, into the host's stage-2 and the SPT.
 *
 * Cache maintenance where a page changes hands: a donated page is cleaned
 * and invalidated to the point of coherency after it left the host and
 * before the VM's leaf is written, unless guests run with stage-2 forced
 * write-back (donated_clean); the instruction caches are invalidated
 * before any executable leaf is written; a page given back is zeroed and
 * cleaned to the point of coherency before the host maps it again
 * (owner.c).
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>
#include <hypcore/spt.h>

#define LEAF_BLOCK 1ULL
#define LEAF_PAGE  3ULL

static u64 leaf_size(u32 level)
{
	return level == 2 ? SZ_2M : SZ_4K;
}

static bool with_spt(void)
{
	return owner_config()->spt;
}

/* Locks of the host's stage-2, of the SPT and of the records, in that order. */
static void host_side_lock(void)
{
	npt_lock(0);
	if (with_spt())
		spt_lock();
	owner_lock();
}

static void host_side_unlock(void)
{
	owner_unlock();
	if (with_spt())
		spt_unlock();
	npt_unlock(0);
}

/* DMA stops reaching [pa, pa + size) before this returns. */
static void dma_remove(u64 pa, u64 size)
{
	if (!with_spt())
		return;
	BUG_ON(spt_unmap(pa, pa + size) != HC_OK);
	spt_sync();
}

/* DMA reaches [pa, pa + size) again (the caller zeroed what needed it). */
static void dma_restore(u64 pa, u64 size)
{
	if (with_spt())
		BUG_ON(spt_map(pa, pa + size) != HC_OK);
}

static u32 host_level(u64 pa)
{
	u32 level = 0;

	BUG_ON(get_npt_level(0, pa, &level) != HC_OK);
	return level;
}

/* Removing one page from a host block needs one pmd table for the split. */
static int host_room_to_remove(u64 pa, u64 size)
{
	if (size != SZ_4K || host_level(pa) != 2)
		return HC_OK;
	return npt_check_split(0, pa);
}

/* Take [pa, pa + size) out of the host's stage-2; room was checked. */
static void host_remove(u64 pa, u64 size)
{
	u32 level = host_level(pa);

	if (size == SZ_4K && level == 2)
		BUG_ON(npt_split_block(0, pa) != HC_OK);
	if (size == SZ_2M && level == 2) {
		BUG_ON(unmap_npt(0, pa) != HC_OK);
	} else {
		for (u64 off = 0; off < size; off += SZ_4K)
			BUG_ON(unmap_npt(0, pa + off) != HC_OK);
	}
	dma_remove(pa, size);
}

/*
 * Give [pa, pa + size) back to the host's stage-2. A whole 2 MiB region
 * whose level-2 entry is empty gets its block back; otherwise the level-3
 * table that the removal left is still there, so no table is needed.
 */
static void host_restore(u64 pa, u64 size)
{
	u64 attrs = owner_config()->host_ram_attrs;

	if (size == SZ_2M && host_level(pa) == 0 &&
	    npt_check_set(0, pa, 2, pa | attrs | LEAF_BLOCK) == HC_OK) {
		BUG_ON(set_npt(0, pa, 2, pa | attrs | LEAF_BLOCK) != HC_OK);
	} else {
		for (u64 off = 0; off < size; off += SZ_4K)
			BUG_ON(set_npt(0, pa + off, 3, (pa + off) | attrs | LEAF_PAGE) != HC_OK);
	}
	dma_restore(pa, size);
}

/* The VM stops mapping the leaf: its pages go back, donated ones to the host's map. */
/* ... and returns how many of its pages were zeroed (donated ones), 0 for shared. */
static u64 give_back_leaf(u32 vmid, u64 pte, u32 level)
{
	u64 pa = phys_page(pte) & ~(leaf_size(level) - 1);

	if (owner_give_back(vmid, pa, leaf_size(level)) != OWNER_DONATE)
		return 0;
	host_restore(pa, leaf_size(level));
	return leaf_size(level) / SZ_4K;
}

/*
 * A donated page, out of the host's stage-2 and the SPT, before the VM's
 * leaf exists. The host wrote it through its cacheable mapping. Stops: a
 * VM that maps it non-cacheable (or runs with its MMU off) reading stale
 * memory, and a dirty line of the host's evicted later over what the VM
 * wrote there (a protected VM's data changed behind its back).
 *
 * With FEAT_S2FWB neither attack exists, so the clean (DC CIVAC over the
 * leaf: about 131,000 instructions for a 2 MiB block) is skipped. The
 * VM's leaf forces normal write-back (npt_desc.c), MMU off included: every
 * access the VM makes goes through the same coherent caches as the host's
 * and EL2's, so it reads the host's dirty lines rather than memory, and
 * its writes land in those lines, which then hold its data if evicted.
 * What is left, and why it is not an attack:
 *  - the host wrote the page through a non-cacheable mapping of its own
 *    while a clean line still held older contents: the VM may read those.
 *    They are the host's own data or zeroes, never another VM's (a page
 *    given back is zeroed and cleaned and invalidated before the host has
 *    it, owner.c); the host only confuses the VM it feeds, which it can do
 *    anyway by writing garbage. A protected VM trusts nothing it is given.
 *  - DMA: the page left the SPT above, so no device reaches it while the
 *    VM owns it; what non-coherent DMA wrote before is the host's data, as
 *    above. Non-cacheable readers on the way back (the host's own
 *    mappings, DMA) are why the give-back still cleans (owner.c).
 */
static void donated_clean(u64 pa, u64 size)
{
	if (!arch_s2fwb())
		arch_dcache_clean_inval_poc(pa, size);
}

static int check_map(u32 vmid, u64 pa, u64 size, enum owner_how how)
{
	int ret = owner_check_take(vmid, pa, size, how);

	if (!ret && how == OWNER_DONATE)
		ret = host_room_to_remove(pa, size);
	return ret;
}

int owner_vm_map(u32 vmid, u64 ipa, u32 level, u64 pte, enum owner_how how)
{
	u64 pa = phys_page(pte), old = 0;
	int ret;

	if (vmid == 0)
		return -HC_EPERM;
	ret = npt_check_set(vmid, ipa, level, pte);
	if (ret)
		return ret;
	BUG_ON(walk_npt(vmid, ipa, &old) != HC_OK);
	host_side_lock();
	ret = check_map(vmid, pa, leaf_size(level), how);
	if (!ret) {
		if (how == OWNER_DONATE) {
			host_remove(pa, leaf_size(level));
			donated_clean(pa, leaf_size(level));
		}
		/*
		 * Stops: the VM executing instructions cached from the page's last use.
		 * With FWB no data-cache clean to the point of unification is needed
		 * first: arch turns FWB on only with CTR_EL0.IDC (which FWB implies;
		 * KVM relies on the same).
		 */
		if ((pte & NPT_PTE_XN_MASK) != NPT_PTE_XN)
			arch_icache_inval_all();
		BUG_ON(set_npt(vmid, ipa, level, pte) != HC_OK);
		/* npt_check_set passed: an old leaf here has this same level. */
		if (old)
			give_back_leaf(vmid, old, level);
		owner_take(vmid, pa, leaf_size(level), how);
	}
	host_side_unlock();
	return ret;
}

int owner_vm_unmap(u32 vmid, u64 ipa)
{
	u32 level = 0;
	u64 pte = 0;
	int ret;

	if (vmid == 0)
		return -HC_EPERM;
	ret = walk_npt(vmid, ipa, &pte);
	if (ret)
		return ret;
	/* A leaf never maps output page 0, so its level is never reported as 0. */
	BUG_ON(get_npt_level(vmid, ipa, &level) != HC_OK || (pte && !level));
	BUG_ON(unmap_npt(vmid, ipa) != HC_OK);
	if (pte) {
		host_side_lock();
		give_back_leaf(vmid, pte, level);
		host_side_unlock();
	}
	return HC_OK;
}

/* Leaves cleared before one TLB invalidation covers them all (stack: 24 bytes each). */
#define RELEASE_BATCH 32

/*
 * One pass over the VM's leaves: clear up to RELEASE_BATCH of them,
 * invalidate the VM's TLB entries once, then give their pages back. A
 * page is zeroed and returned only after the VM can no longer reach it.
 */
u64 owner_vm_release_all(u32 vmid)
{
	struct npt_tables *t = npt_vm_tables(vmid);
	struct npt_leaf batch[RELEASE_BATCH];
	struct npt_cursor c;
	u64 zeroed = 0;
	u32 n;

	BUG_ON(vmid == 0 || !t);
	npt_cursor_start(t, &c, 0, 0);
	do {
		for (n = 0; n < RELEASE_BATCH && npt_cursor_next(t, &c, &batch[n]); n++)
			npt_cursor_clear(t, &c);
		npt_ts_flush(t);
		if (!n)
			break;
		host_side_lock();
		for (u32 i = 0; i < n; i++)
			zeroed += give_back_leaf(vmid, batch[i].pte, batch[i].level);
		host_side_unlock();
	} while (n == RELEASE_BATCH);
	return zeroed;
}

int owner_vm_host_access(u32 vmid, u64 ipa)
{
	u64 pte = 0;
	int ret;

	if (vmid == 0)
		return HC_OK; /* the host's own stage-2 maps only its own pages */
	ret = walk_npt(vmid, ipa, &pte);
	if (ret || !pte)
		return ret;
	owner_lock();
	/* Block or page: the owner of the 4 KiB page is what counts. */
	ret = owner_held_by(vmid, phys_page(pte)) == 1 ? -HC_EPERM : HC_OK;
	owner_unlock();
	return ret;
}
