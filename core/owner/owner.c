/* SPDX-License-Identifier: MIT */
/*
 * The ownership records: one word per page of RAM and one per 2 MiB
 * region, one lock for all of them. This layer knows nothing of page
 * tables; it answers "may this VM take these pages" and keeps the books
 * when it does and when it gives them back. Checks never write; commits
 * re-check and panic on a refusal, because the caller promised to have
 * checked under the same lock.
 *
 * A region's record holds the record of all its 512 pages while they are
 * alike (owner.h); REGION_SPLIT says its page records hold them instead.
 * Whole-block operations on a region that is not split touch one record.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/lock.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>
#include <hypcore/phys.h>

#define OWNER_SHIFT 24
#define SHARES_MASK OWNER_MAX_SHARES
/* Never a real record: the core and VMs own pages without shares. */
#define REGION_SPLIT OWNER_REGION_SPLIT
#define REGION_PAGES (SZ_2M / SZ_4K)

static struct owner_config cfg;
static struct hc_lock owner_lock_;
static u64 nr_pages; /* page records; the region records follow them */

static bool page_aligned(u64 x)
{
	return (x & (SZ_4K - 1)) == 0;
}

static u32 rec_owner(owner_rec_t r)
{
	return r >> OWNER_SHIFT;
}

static u32 rec_shares(owner_rec_t r)
{
	return r & SHARES_MASK;
}

static owner_rec_t rec_make(u32 owner, u32 shares)
{
	return (owner << OWNER_SHIFT) | shares;
}

bool owner_in_ram(u64 pa)
{
	return pa >= cfg.ram_start && pa < cfg.ram_end;
}

/* The record of the 2 MiB region holding pa, which must be in RAM; lock held. */
static owner_rec_t *region_of(u64 pa)
{
	BUG_ON(!hc_lock_held(&owner_lock_));
	BUG_ON(!owner_in_ram(pa));
	return &cfg.records[nr_pages + (pa >> 21) - (cfg.ram_start >> 21)];
}

static owner_rec_t *page_rec(u64 pa)
{
	return &cfg.records[(pa - cfg.ram_start) / SZ_4K];
}

/* The record that holds for the page at pa (its region's or its own). */
static owner_rec_t value_of(u64 pa)
{
	owner_rec_t r = *region_of(pa);

	return r != REGION_SPLIT ? r : *page_rec(pa);
}

/* The page's own record, to change it alone: its region is split first if needed. */
static owner_rec_t *rec_of(u64 pa)
{
	owner_rec_t *region = region_of(pa);
	u64 first = pa & ~(SZ_2M - 1);

	if (*region != REGION_SPLIT) {
		for (u64 i = 0; i < REGION_PAGES; i++)
			*page_rec(first + i * SZ_4K) = *region;
		*region = REGION_SPLIT;
	}
	return page_rec(pa);
}

bool owner_region_split(u64 pa)
{
	return *region_of(pa) == REGION_SPLIT;
}

/* A region wholly in RAM can be held by its region record. */
static bool region_in_ram(u64 first)
{
	return first >= cfg.ram_start && first + SZ_2M <= cfg.ram_end;
}

int owner_init(const struct owner_config *c)
{
	if (!c->records || c->ram_start >= c->ram_end || !page_aligned(c->ram_start) ||
	    !page_aligned(c->ram_end))
		return -HC_EINVAL;
	cfg = *c;
	nr_pages = (cfg.ram_end - cfg.ram_start) / SZ_4K;
	hc_lock_init(&owner_lock_);
	owner_lock();
	/* Whole regions: one record each. The partial ones at the edges: per page. */
	for (u64 first = cfg.ram_start & ~(SZ_2M - 1); first < cfg.ram_end; first += SZ_2M) {
		u64 pa = first < cfg.ram_start ? cfg.ram_start : first;

		*region_of(pa) = rec_make(OWNER_HOST, 0);
		if (!region_in_ram(first)) {
			*region_of(pa) = REGION_SPLIT;
			for (; pa < first + SZ_2M && pa < cfg.ram_end; pa += SZ_4K)
				*page_rec(pa) = rec_make(OWNER_HOST, 0);
		}
	}
	owner_unlock();
	return HC_OK;
}

int owner_give_core(u64 start, u64 end)
{
	if (start >= end || !owner_in_ram(start) || end > cfg.ram_end)
		return -HC_EINVAL;
	owner_lock();
	for (u64 pa = start & ~(SZ_4K - 1); pa < end; pa += SZ_4K)
		*rec_of(pa) = rec_make(OWNER_CORE, 0);
	owner_unlock();
	return HC_OK;
}

void owner_lock(void)
{
	hc_lock_acquire(&owner_lock_);
}

void owner_unlock(void)
{
	hc_lock_release(&owner_lock_);
}

const struct owner_config *owner_config(void)
{
	return &cfg;
}

int owner_get(u64 pa, u32 *owner, u32 *shares)
{
	owner_rec_t r;

	if (!owner_in_ram(pa))
		return -HC_EINVAL;
	r = value_of(pa);
	*owner = rec_owner(r);
	*shares = rec_shares(r);
	return HC_OK;
}

/* One record: host-owned, and for a donation not lent to anyone. */
static int check_rec(owner_rec_t r, enum owner_how how)
{
	if (rec_owner(r) != OWNER_HOST)
		return -HC_EPERM;
	if (how == OWNER_DONATE && rec_shares(r) != 0)
		return -HC_EPERM;
	if (how == OWNER_SHARE && rec_shares(r) == OWNER_MAX_SHARES)
		return -HC_ENOMEM;
	return HC_OK;
}

static int check_page(u64 pa, enum owner_how how)
{
	return owner_in_ram(pa) ? check_rec(value_of(pa), how) : -HC_EPERM;
}

/* A whole 2 MiB region held by its region record (not split, wholly in RAM). */
static bool whole_region(u64 pa, u64 size)
{
	return size == SZ_2M && owner_in_ram(pa) && region_in_ram(pa) &&
	       *region_of(pa) != REGION_SPLIT;
}

/* What a take leaves in a record. */
static owner_rec_t taken(u32 vmid, owner_rec_t r, enum owner_how how)
{
	return how == OWNER_DONATE ? rec_make(vmid, 0) : rec_make(OWNER_HOST, rec_shares(r) + 1);
}

/* What giving back leaves in a record: the host's, one share less when shared. */
static owner_rec_t given_back(owner_rec_t r, enum owner_how how)
{
	return how == OWNER_DONATE ? rec_make(OWNER_HOST, 0)
				   : rec_make(OWNER_HOST, rec_shares(r) - 1);
}

/*
 * After a whole-block change made page by page (the region was split):
 * if its 512 pages are alike again, the region record holds them.
 */
static void merge(u64 pa, u64 size)
{
	owner_rec_t first;

	if (size != SZ_2M || !region_in_ram(pa))
		return;
	first = *page_rec(pa);
	for (u64 off = SZ_4K; off < SZ_2M; off += SZ_4K)
		if (*page_rec(pa + off) != first)
			return;
	*region_of(pa) = first;
}

static bool range_ok(u32 vmid, u64 pa, u64 size)
{
	return vmid != OWNER_HOST && vmid < NPT_MAX_VMS && (size == SZ_4K || size == SZ_2M) &&
	       (pa & (size - 1)) == 0 && pa + size > pa;
}

int owner_check_take(u32 vmid, u64 pa, u64 size, enum owner_how how)
{
	int ret = HC_OK;

	if (!range_ok(vmid, pa, size) || (how != OWNER_DONATE && how != OWNER_SHARE))
		return -HC_EINVAL;
	if (whole_region(pa, size))
		return check_rec(*region_of(pa), how);
	/* eperm (not ours) wins over enomem (count full): check every page. */
	for (u64 off = 0; off < size; off += SZ_4K) {
		int r = check_page(pa + off, how);

		if (r == -HC_EPERM)
			return r;
		if (r)
			ret = r;
	}
	return ret;
}

void owner_take(u32 vmid, u64 pa, u64 size, enum owner_how how)
{
	BUG_ON(owner_check_take(vmid, pa, size, how) != HC_OK);
	if (whole_region(pa, size)) {
		*region_of(pa) = taken(vmid, *region_of(pa), how);
		return;
	}
	for (u64 off = 0; off < size; off += SZ_4K) {
		owner_rec_t *r = rec_of(pa + off);

		*r = taken(vmid, *r, how);
	}
	merge(pa, size);
}

int owner_held_by(u32 vmid, u64 pa)
{
	owner_rec_t r;

	if (!owner_in_ram(pa))
		return -1;
	r = value_of(pa);
	if (vmid != OWNER_HOST && rec_owner(r) == vmid)
		return 1;
	if (rec_owner(r) == OWNER_HOST && rec_shares(r) > 0)
		return 0;
	return -1;
}

/*
 * Donated pages on their way back to the host. Stops: the VM's data read
 * by the host, from the cache (zeroed) or from memory through a
 * non-cacheable mapping of its own or by a device that does not snoop
 * the caches (the zeroes cleaned to memory). Needed with FEAT_S2FWB too:
 * FWB governs the VM's accesses, not the host's nor DMA. One pass: each
 * line is zeroed and cleaned while it is at hand.
 */
static void zero_and_clean(u64 pa, u64 size)
{
	phys_zero_clean(pa, size);
}

enum owner_how owner_give_back(u32 vmid, u64 pa, u64 size)
{
	enum owner_how how;
	int first;

	BUG_ON(!range_ok(vmid, pa, size));
	/* A leaf holds all its pages the same way: taken together, given back together. */
	first = owner_held_by(vmid, pa);
	BUG_ON(first < 0);
	how = first ? OWNER_DONATE : OWNER_SHARE;
	if (whole_region(pa, size)) {
		owner_rec_t *r = region_of(pa);

		if (how == OWNER_DONATE)
			zero_and_clean(pa, size);
		*r = given_back(*r, how);
		return how;
	}
	for (u64 off = 0; off < size; off += SZ_4K)
		BUG_ON(owner_held_by(vmid, pa + off) != first);
	if (how == OWNER_DONATE)
		zero_and_clean(pa, size);
	for (u64 off = 0; off < size; off += SZ_4K) {
		owner_rec_t *r = rec_of(pa + off);

		*r = given_back(*r, how);
	}
	merge(pa, size);
	return how;
}
