/* SPDX-License-Identifier: MIT */
/*
 * Table sets and their pools: where each pool lies, how its tables are
 * handed out (one bump pointer per area, never freed while the set
 * lives), and the VMs' table sets laid out by the geometry.
 */
#include <hypcore/arch.h>
#include <hypcore/errno.h>
#include <hypcore/phys.h>

#include "npt_internal.h"

const struct npt_geometry npt_spec_geometry = {
    .pool_base = 0x10000,
    .pool_size = 32ULL << 20,
    .pgd_pages = 256,
    .pud_pages = 2048,
    .nr_vms = 16,
};

static struct npt_geometry geo;
struct npt_tables npt_vms[NPT_MAX_VMS];
u32 npt_nr_vms;

/*@ assigns \nothing;
    ensures \result <==> npt_page(x); */
static bool page_aligned(u64 x)
{
	return x % PAGE_SIZE == 0;
}

/* root + pgd + pud + at least one pmd page, all inside the IPA space. */
/*@ assigns \nothing;
    ensures \result ==> npt_page(pool) && npt_page(size) && pool > 0 &&
			pgd_pages >= 1 && pud_pages >= 1 &&
			(2 + pgd_pages + pud_pages) * 4096 <= size &&
			pool + size <= 0x1000000000000; */
static bool pool_fits(u64 pool, u64 size, u64 pgd_pages, u64 pud_pages)
{
	u64 pages = size / PAGE_SIZE;

	if (!page_aligned(pool) || !page_aligned(size) || pool == 0)
		return false;
	if (pgd_pages == 0 || pud_pages == 0)
		return false;
	if (pages < 2 || pgd_pages > pages - 2 || pud_pages > pages - 2 - pgd_pages)
		return false;
	return pool < NPT_ADDR_LIMIT && size <= NPT_ADDR_LIMIT - pool;
}

/*@ requires \valid(t) && t->root < 0x1000000000000;
    assigns t->pgd_next, t->pud_next, t->pmd_next;
    ensures t->pgd_next == t->root + 4096;
    ensures t->pud_next == t->pud_start && t->pmd_next == t->pmd_start;
    ensures npt_ts_ok{Pre}(t) ==> npt_ts_ok(t); */
static void rewind(struct npt_tables *t)
{
	t->pgd_next = t->root + PAGE_SIZE;
	t->pud_next = t->pud_start;
	t->pmd_next = t->pmd_start;
}

/*@ requires \valid(t);
    assigns *t;
    ensures \result == HC_OK || \result == -HC_EINVAL;
    ensures \result == HC_OK ==>
      npt_ts_ok(t) && t->root == pool && t->size == size &&
      t->pud_start == pool + (1 + pgd_pages) * 4096 &&
      t->pmd_start == t->pud_start + pud_pages * 4096 && t->pmd_start < pool + size &&
      t->pgd_next == pool + 4096 && t->pud_next == t->pud_start &&
      t->pmd_next == t->pmd_start && t->lock.owner == 0;
    behavior zeroed:
      assumes npt_zero(pool, pool + size);
      ensures \result == HC_OK ==> npt_tables_ok(t); */
int npt_ts_init(struct npt_tables *t, u64 pool, u64 size, u64 pgd_pages, u64 pud_pages, u16 tag,
		u32 flags)
{
	if (!pool_fits(pool, size, pgd_pages, pud_pages) || (flags & ~NPT_TABLES_DEFER_TLBI))
		return -HC_EINVAL;
	*t = (struct npt_tables){0};
	hc_lock_init(&t->lock);
	t->root = pool;
	t->size = size;
	t->pud_start = pool + (1 + pgd_pages) * PAGE_SIZE;
	/*@ assert t->pud_start == pool + (1 + pgd_pages) * 4096 && npt_page(t->pud_start); */
	t->pmd_start = t->pud_start + pud_pages * PAGE_SIZE;
	/*@ assert t->pmd_start == t->pud_start + pud_pages * 4096 && npt_page(t->pmd_start); */
	/*@ assert t->pmd_start < pool + size; */
	t->vttbr = pool | ((u64)tag << 48);
	t->flags = flags;
	rewind(t);
	/*@ assert npt_ts_ok(t); */
	/*@ for zeroed: assert
	      npt_area_ok(t->root, t->root + 4096, t->root + 4096, t->pgd_next) &&
	      npt_area_ok(t->root + 4096, t->pgd_next, t->pud_start, t->pud_next) &&
	      npt_area_tables_ok(t->pud_start, t->pud_next, t->pmd_start, t->pmd_next) &&
	      npt_zero(t->pgd_next, t->pud_start) && npt_zero(t->pud_next, t->pmd_start) &&
	      npt_zero(t->pmd_next, t->root + t->size); */
	return HC_OK;
}

/*@ requires \valid(t);
    assigns t->lock.next, t->lock.owner;
    ensures npt_held(t); */
void npt_ts_lock(struct npt_tables *t)
{
	hc_lock_acquire(&t->lock);
}

/*@ requires \valid(t);
    assigns t->lock.owner, t->lock.serving; */
void npt_ts_unlock(struct npt_tables *t)
{
	hc_lock_release(&t->lock);
}

/*@ requires \valid_read(g);
    assigns \nothing;
    ensures \result == (g->host_pool_size != 0 ? g->host_pool_size : g->pool_size); */
static u64 host_size(const struct npt_geometry *g)
{
	return g->host_pool_size ? g->host_pool_size : g->pool_size;
}

/*@ requires \valid_read(g);
    assigns \nothing; */
u64 npt_geo_pool_start(const struct npt_geometry *g, u32 vmid)
{
	return vmid ? g->pool_base + host_size(g) + (vmid - 1) * g->pool_size : g->pool_base;
}

/*@ requires \valid_read(g);
    assigns \nothing; */
u64 npt_geo_pools_end(const struct npt_geometry *g)
{
	return npt_geo_pool_start(g, g->nr_vms);
}

/* Every pool fits (host_size first, then nr_vms - 1 of pool_size), all below the limit. */
/*@ requires \valid_read(g);
    assigns \nothing;
    ensures \result ==> 1 <= g->nr_vms <= NPT_MAX_VMS; */
static bool geometry_fits(const struct npt_geometry *g)
{
	u64 room;

	if (g->nr_vms == 0 || g->nr_vms > NPT_MAX_VMS ||
	    !pool_fits(g->pool_base, g->pool_size, g->pgd_pages, g->pud_pages) ||
	    !pool_fits(g->pool_base, host_size(g), g->pgd_pages, g->pud_pages))
		return false;
	room = NPT_ADDR_LIMIT - g->pool_base - host_size(g);
	return g->nr_vms == 1 || g->pool_size <= room / (g->nr_vms - 1);
}

/*
 * Proved: the vmids fit the array. Not yet proved (WP's provers time out
 * on the frame of one element's update): that every set is npt_ts_ok
 * after the loop; npt_ts_init's contract and the BUG_ON give it per set.
 */
/*@ requires \valid_read(g) && \separated(g, &geo);
    assigns geo, npt_nr_vms, npt_vms[0 .. NPT_MAX_VMS - 1];
    ensures \result == HC_OK || \result == -HC_EINVAL;
    ensures \result == HC_OK ==> npt_nr_vms == geo.nr_vms <= NPT_MAX_VMS; */
int npt_init(const struct npt_geometry *g)
{
	if (!geometry_fits(g))
		return -HC_EINVAL;
	geo = *g;
	npt_nr_vms = g->nr_vms;
	/*@ loop invariant 0 <= v <= NPT_MAX_VMS && npt_nr_vms == geo.nr_vms <= NPT_MAX_VMS;
	    loop assigns v, npt_vms[0 .. NPT_MAX_VMS - 1];
	    loop variant NPT_MAX_VMS - v; */
	for (u32 v = 0; v < NPT_MAX_VMS; v++) {
		npt_vms[v] = (struct npt_tables){0};
		hc_lock_init(&npt_vms[v].lock);
		if (v < geo.nr_vms)
			BUG_ON(npt_ts_init(&npt_vms[v], npt_geo_pool_start(&geo, v),
					   v ? geo.pool_size : host_size(&geo), geo.pgd_pages,
					   geo.pud_pages, (u16)v, 0) != HC_OK);
	}
	return HC_OK;
}

const struct npt_geometry *npt_geometry(void)
{
	return &geo;
}

/*@ requires npt_vms_ok && vmid < npt_nr_vms;
    assigns npt_vms[vmid].lock.next, npt_vms[vmid].lock.owner;
    ensures npt_held(&npt_vms[vmid]); */
void npt_lock(u32 vmid)
{
	BUG_ON(vmid >= npt_nr_vms);
	hc_lock_acquire(&npt_vms[vmid].lock);
}

/*@ requires npt_vms_ok && vmid < npt_nr_vms;
    assigns npt_vms[vmid].lock.owner, npt_vms[vmid].lock.serving; */
void npt_unlock(u32 vmid)
{
	BUG_ON(vmid >= npt_nr_vms);
	hc_lock_release(&npt_vms[vmid].lock);
}

/*@ requires npt_vms_ok;
    assigns \nothing;
    ensures \result == \null || (\result == &npt_vms[vmid] && npt_held(\result)); */
struct npt_tables *npt_vm_tables(u32 vmid)
{
	return npt_vm_get(vmid);
}

bool npt_pool_has_room(const struct npt_tables *t, u32 pgd, u32 pud, u32 pmd)
{
	return t->pgd_next + pgd * PAGE_SIZE <= t->pud_start &&
	       t->pud_next + pud * PAGE_SIZE <= t->pmd_start &&
	       t->pmd_next + pmd * PAGE_SIZE <= t->root + t->size;
}

/* Hand out the page at *next; the caller checked that there is room. */
/*@ requires \valid(next) && *next + 4096 <= limit;
    assigns *next;
    ensures \result == \old(*next) && *next == \result + 4096; */
static u64 bump(u64 *next, u64 limit)
{
	u64 page = *next;

	BUG_ON(page + PAGE_SIZE > limit);
	*next = page + PAGE_SIZE;
	return page;
}

u64 npt_alloc_pgd(struct npt_tables *t)
{
	u64 page = bump(&t->pgd_next, t->pud_start);

	/*@ assert npt_page(t->pgd_next) && t->root + 4096 <= t->pgd_next <= t->pud_start; */
	/*@ assert npt_ts_ok(t); */
	/*@ for keeps_ok: assert a0:
	      npt_area_ok(t->root, t->root + 4096, t->root + 4096, t->pgd_next); */
	/*@ for keeps_ok: assert z0:
	      npt_zero(page, page + 4096) && npt_zero(t->pgd_next, t->pud_start); */
	/*@ for keeps_ok: assert a1:
	      npt_area_ok(t->root + 4096, t->pgd_next, t->pud_start, t->pud_next); */
	/*@ for keeps_ok: assert same:
	      npt_area_tables_ok(t->pud_start, t->pud_next, t->pmd_start, t->pmd_next) &&
	      npt_zero(t->pud_next, t->pmd_start) && npt_zero(t->pmd_next, t->root + t->size); */
	return page;
}

u64 npt_alloc_pud(struct npt_tables *t)
{
	u64 page = bump(&t->pud_next, t->pmd_start);

	/*@ assert npt_page(t->pud_next) && t->pud_start <= t->pud_next <= t->pmd_start; */
	/*@ assert npt_ts_ok(t); */
	/*@ for keeps_ok: assert a1:
	      npt_area_ok(t->root + 4096, t->pgd_next, t->pud_start, t->pud_next); */
	/*@ for keeps_ok: assert z1:
	      npt_zero(page, page + 4096) && npt_zero(t->pud_next, t->pmd_start); */
	/*@ for keeps_ok: assert a2:
	      npt_area_tables_ok(t->pud_start, t->pud_next, t->pmd_start, t->pmd_next); */
	/*@ for keeps_ok: assert same:
	      npt_area_ok(t->root, t->root + 4096, t->root + 4096, t->pgd_next) &&
	      npt_zero(t->pgd_next, t->pud_start) && npt_zero(t->pmd_next, t->root + t->size); */
	return page;
}

u64 npt_alloc_pmd(struct npt_tables *t)
{
	u64 page = bump(&t->pmd_next, t->root + t->size);

	/*@ assert npt_page(t->pmd_next) && t->pmd_start <= t->pmd_next <= t->root + t->size; */
	/*@ assert npt_ts_ok(t); */
	/*@ for keeps_ok: assert a2:
	      npt_area_tables_ok(t->pud_start, t->pud_next, t->pmd_start, t->pmd_next); */
	/*@ for keeps_ok: assert z2: npt_zero(t->pmd_next, t->root + t->size); */
	/*@ for keeps_ok: assert same:
	      npt_area_ok(t->root, t->root + 4096, t->root + 4096, t->pgd_next) &&
	      npt_area_ok(t->root + 4096, t->pgd_next, t->pud_start, t->pud_next) &&
	      npt_zero(t->pgd_next, t->pud_start) && npt_zero(t->pud_next, t->pmd_start); */
	return page;
}

/*@ requires npt_vms_ok && \valid(vttbr);
    assigns *vttbr; */
int npt_vttbr(u32 vmid, u64 *vttbr)
{
	if (vmid >= npt_nr_vms)
		return -HC_EINVAL;
	*vttbr = npt_vms[vmid].vttbr;
	return HC_OK;
}

/*@ requires \valid(t) && npt_ts_ok(t) && \valid(u);
    assigns *u;
    ensures \result == HC_OK; */
int npt_ts_usage(struct npt_tables *t, struct npt_pool_usage *u)
{
	npt_ts_held(t);
	u->root = t->root;
	u->pgd_start = t->root + PAGE_SIZE;
	u->pgd_next = t->pgd_next;
	u->pgd_end = t->pud_start;
	u->pud_start = t->pud_start;
	u->pud_next = t->pud_next;
	u->pud_end = t->pmd_start;
	u->pmd_start = t->pmd_start;
	u->pmd_next = t->pmd_next;
	u->pmd_end = t->root + t->size;
	return HC_OK;
}

/*@ requires npt_vms_ok && \valid(u);
    assigns *u; */
int npt_pool_usage(u32 vmid, struct npt_pool_usage *u)
{
	struct npt_tables *t = npt_vm_get(vmid);

	return t ? npt_ts_usage(t, u) : -HC_EINVAL;
}

/* [start, end): whole pages of t's pool. */
/*@ requires \valid_read(t) && npt_ts_ok(t);
    requires npt_page(start) && npt_page(end);
    requires t->root <= start && end <= t->root + t->size;
    assigns hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1];
    ensures npt_zero(start, end);
    ensures \forall integer w; 0 <= w < 0x200000000000 && (w < start / 8 || end / 8 <= w) ==>
	      hc_phys[w] == \old(hc_phys[w]); */
static void zero_pages(struct npt_tables *t, u64 start, u64 end)
{
	/*@ loop invariant start <= pa && npt_page(pa);
	    loop invariant pa < end || pa == start || pa == end;
	    loop invariant npt_zero(start, pa);
	    loop invariant \forall integer w;
		0 <= w < 0x200000000000 && (w < start / 8 || pa / 8 <= w) ==>
		hc_phys[w] == \at(hc_phys[w], Pre);
	    loop assigns pa, hc_phys[t->root / 8 .. (t->root + t->size) / 8 - 1];
	    loop variant end - pa; */
	for (u64 pa = start; pa < end; pa += PAGE_SIZE) {
		npt_check_word(t, pa);
		/*@ assert (pa + 4096) / 8 == pa / 8 + 512 && pa + 4096 <= end; */
		phys_zero_page(pa);
		/*@ assert \forall integer w;
			0 <= w < 0x200000000000 && (w < start / 8 || pa / 8 + 512 <= w) ==>
			hc_phys[w] == \at(hc_phys[w], Pre); */
	}
}

u32 npt_ts_take_stale(struct npt_tables *t, u64 *addr, u32 *level)
{
	u32 n = t->stale;

	npt_ts_held(t);
	*addr = t->stale_addr;
	*level = t->stale_level;
	t->stale = 0;
	return n;
}

/*@ requires npt_vms_ok;
    requires vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]);
    assigns hc_phys[..], npt_vms[vmid].pgd_next, npt_vms[vmid].pud_next,
	    npt_vms[vmid].pmd_next;
    ensures vmid < npt_nr_vms ==> npt_ts_ok(&npt_vms[vmid]);
    ensures vmid < npt_nr_vms ==> npt_tables_ok(&npt_vms[vmid]); */
int npt_reset_vm(u32 vmid)
{
	struct npt_tables *t = npt_vm_get(vmid);

	if (!t)
		return -HC_EINVAL;
	/* Words above each next pointer are zero already (invariant 2). */
	zero_pages(t, t->root, t->root + PAGE_SIZE);
	zero_pages(t, t->root + PAGE_SIZE, t->pgd_next);
	/*@ assert npt_zero(t->root, t->pgd_next) && npt_zero(t->pgd_next, t->pud_start) &&
		npt_zero(t->pud_next, t->pmd_start) && npt_zero(t->pmd_next, t->root + t->size); */
	zero_pages(t, t->pud_start, t->pud_next);
	/*@ assert npt_zero(t->root, t->pmd_start) && npt_zero(t->pmd_next, t->root + t->size); */
	zero_pages(t, t->pmd_start, t->pmd_next);
	/*@ assert npt_zero(t->root, t->root + t->size); */
	rewind(t);
	/*@ assert npt_ts_ok(t); */
	/*@ assert npt_area_ok(t->root, t->root + 4096, t->root + 4096, t->pgd_next) &&
	      npt_area_ok(t->root + 4096, t->pgd_next, t->pud_start, t->pud_next) &&
	      npt_area_tables_ok(t->pud_start, t->pud_next, t->pmd_start, t->pmd_next) &&
	      npt_zero(t->pgd_next, t->pud_start) && npt_zero(t->pud_next, t->pmd_start) &&
	      npt_zero(t->pmd_next, t->root + t->size); */
	arch_tlb_flush_vm(t->vttbr);
	return HC_OK;
}
