/* SPDX-License-Identifier: MIT */
/*
 * The ownership records: one word per page of RAM, one lock for all of
 * them. This layer knows nothing of page tables; it answers "may this VM
 * take these pages" and keeps the books when it does and when it gives
 * them back. Checks never write; commits re-check and panic on a refusal,
 * because the caller promised to have checked under the same lock.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/lock.h>
#include <hypcore/npt.h>
#include <hypcore/owner.h>
#include <hypcore/phys.h>

#define OWNER_SHIFT 24
#define SHARES_MASK OWNER_MAX_SHARES

static struct owner_config cfg;
static struct hc_lock owner_lock_;

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

/* The record of the page holding pa, which must be in RAM; lock held. */
static owner_rec_t *rec_of(u64 pa)
{
	BUG_ON(!hc_lock_held(&owner_lock_));
	BUG_ON(!owner_in_ram(pa));
	return &cfg.records[(pa - cfg.ram_start) / SZ_4K];
}

int owner_init(const struct owner_config *c)
{
	if (!c->records || c->ram_start >= c->ram_end || !page_aligned(c->ram_start) ||
	    !page_aligned(c->ram_end))
		return -HC_EINVAL;
	cfg = *c;
	hc_lock_init(&owner_lock_);
	for (u64 i = 0; i < (cfg.ram_end - cfg.ram_start) / SZ_4K; i++)
		cfg.records[i] = rec_make(OWNER_HOST, 0);
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
	r = *rec_of(pa);
	*owner = rec_owner(r);
	*shares = rec_shares(r);
	return HC_OK;
}

/* One page: host-owned, and for a donation not lent to anyone. */
static int check_page(u64 pa, enum owner_how how)
{
	owner_rec_t r;

	if (!owner_in_ram(pa))
		return -HC_EPERM;
	r = *rec_of(pa);
	if (rec_owner(r) != OWNER_HOST)
		return -HC_EPERM;
	if (how == OWNER_DONATE && rec_shares(r) != 0)
		return -HC_EPERM;
	if (how == OWNER_SHARE && rec_shares(r) == OWNER_MAX_SHARES)
		return -HC_ENOMEM;
	return HC_OK;
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
	for (u64 off = 0; off < size; off += SZ_4K) {
		owner_rec_t *r = rec_of(pa + off);

		if (how == OWNER_DONATE)
			*r = rec_make(vmid, 0);
		else
			*r = rec_make(OWNER_HOST, rec_shares(*r) + 1);
	}
}

int owner_held_by(u32 vmid, u64 pa)
{
	owner_rec_t r;

	if (!owner_in_ram(pa))
		return -1;
	r = *rec_of(pa);
	if (vmid != OWNER_HOST && rec_owner(r) == vmid)
		return 1;
	if (rec_owner(r) == OWNER_HOST && rec_shares(r) > 0)
		return 0;
	return -1;
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
	for (u64 off = 0; off < size; off += SZ_4K) {
		owner_rec_t *r = rec_of(pa + off);

		BUG_ON(owner_held_by(vmid, pa + off) != first);
		if (how == OWNER_DONATE) {
			phys_zero_page(pa + off);
			*r = rec_make(OWNER_HOST, 0);
		} else {
			*r = rec_make(OWNER_HOST, rec_shares(*r) - 1);
		}
	}
	return how;
}
