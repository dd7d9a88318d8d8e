/* SPDX-License-Identifier: MIT */
/*
 * Per-VM page-table pools: where they are, how tables are handed out (one
 * bump pointer per area, never freed while the VM lives), and the only two
 * functions through which the NPT code reads and writes table memory.
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
static struct npt_vm vms[NPT_MAX_VMS];

static bool page_aligned(u64 x)
{
	return (x & (PAGE_SIZE - 1)) == 0;
}

static bool geometry_fits(const struct npt_geometry *g)
{
	u64 pages;

	if (g->nr_vms == 0 || g->nr_vms > NPT_MAX_VMS)
		return false;
	if (!page_aligned(g->pool_base) || !page_aligned(g->pool_size) || g->pool_base == 0)
		return false;
	if (g->pgd_pages == 0 || g->pud_pages == 0)
		return false;
	pages = g->pool_size / PAGE_SIZE;
	/* root + pgd + pud + at least one pmd page */
	if (pages < 2 || g->pgd_pages > pages - 2 || g->pud_pages > pages - 2 - g->pgd_pages)
		return false;
	return g->pool_size <= (NPT_ADDR_LIMIT - g->pool_base) / g->nr_vms;
}

struct npt_areas npt_areas_of(u32 vmid)
{
	struct npt_areas a;

	a.root = geo.pool_base + (u64)vmid * geo.pool_size;
	a.pgd_start = a.root + PAGE_SIZE;
	a.pud_start = a.pgd_start + geo.pgd_pages * PAGE_SIZE;
	a.pmd_start = a.pud_start + geo.pud_pages * PAGE_SIZE;
	a.end = a.root + geo.pool_size;
	return a;
}

static void rewind(u32 vmid)
{
	struct npt_areas a = npt_areas_of(vmid);

	vms[vmid].pgd_next = a.pgd_start;
	vms[vmid].pud_next = a.pud_start;
	vms[vmid].pmd_next = a.pmd_start;
}

int npt_init(const struct npt_geometry *g)
{
	if (!geometry_fits(g))
		return -HC_EINVAL;
	geo = *g;
	for (u32 v = 0; v < NPT_MAX_VMS; v++) {
		hc_lock_init(&vms[v].lock);
		if (v < geo.nr_vms)
			rewind(v);
	}
	return HC_OK;
}

const struct npt_geometry *npt_geometry(void)
{
	return &geo;
}

void npt_lock(u32 vmid)
{
	BUG_ON(vmid >= geo.nr_vms);
	hc_lock_acquire(&vms[vmid].lock);
}

void npt_unlock(u32 vmid)
{
	BUG_ON(vmid >= geo.nr_vms);
	hc_lock_release(&vms[vmid].lock);
}

struct npt_vm *npt_vm_get(u32 vmid)
{
	if (vmid >= geo.nr_vms)
		return NULL;
	BUG_ON(!hc_lock_held(&vms[vmid].lock));
	return &vms[vmid];
}

u32 npt_vmid_of(const struct npt_vm *vm)
{
	return (u32)(vm - vms);
}

/*
 * Every table access checks the lock and that the word lies in this VM's
 * pool: a pointer read from a table that leads elsewhere is a core bug.
 */
static void check_table_access(struct npt_vm *vm, u64 pa)
{
	u64 root = geo.pool_base + (u64)npt_vmid_of(vm) * geo.pool_size;

	BUG_ON(!hc_lock_held(&vm->lock));
	BUG_ON(pa - root >= geo.pool_size || (pa & 7)); /* also catches pa < root */
}

u64 npt_table_load(struct npt_vm *vm, u64 pa)
{
	check_table_access(vm, pa);
	return phys_load(pa);
}

void npt_table_store(struct npt_vm *vm, u64 pa, u64 val)
{
	check_table_access(vm, pa);
	phys_store(pa, val);
}

bool npt_pool_has_room(const struct npt_vm *vm, u32 pgd, u32 pud, u32 pmd)
{
	struct npt_areas a = npt_areas_of(npt_vmid_of(vm));

	return vm->pgd_next + pgd * PAGE_SIZE <= a.pud_start &&
	       vm->pud_next + pud * PAGE_SIZE <= a.pmd_start &&
	       vm->pmd_next + pmd * PAGE_SIZE <= a.end;
}

/* Hand out the page at *next; the caller checked that there is room. */
static u64 bump(struct npt_vm *vm, u64 *next, u64 limit)
{
	u64 page = *next;

	BUG_ON(!hc_lock_held(&vm->lock));
	BUG_ON(page + PAGE_SIZE > limit);
	*next = page + PAGE_SIZE;
	return page;
}

u64 npt_alloc_pgd(struct npt_vm *vm)
{
	return bump(vm, &vm->pgd_next, npt_areas_of(npt_vmid_of(vm)).pud_start);
}

u64 npt_alloc_pud(struct npt_vm *vm)
{
	return bump(vm, &vm->pud_next, npt_areas_of(npt_vmid_of(vm)).pmd_start);
}

u64 npt_alloc_pmd(struct npt_vm *vm)
{
	return bump(vm, &vm->pmd_next, npt_areas_of(npt_vmid_of(vm)).end);
}

u64 npt_vm_vttbr(const struct npt_vm *vm)
{
	u32 vmid = npt_vmid_of(vm);

	return npt_areas_of(vmid).root | ((u64)vmid << 48);
}

int npt_vttbr(u32 vmid, u64 *vttbr)
{
	if (vmid >= geo.nr_vms)
		return -HC_EINVAL;
	*vttbr = npt_vm_vttbr(&vms[vmid]);
	return HC_OK;
}

int npt_pool_usage(u32 vmid, struct npt_pool_usage *u)
{
	struct npt_vm *vm = npt_vm_get(vmid);
	struct npt_areas a;

	if (!vm)
		return -HC_EINVAL;
	a = npt_areas_of(vmid);
	u->root = a.root;
	u->pgd_start = a.pgd_start;
	u->pgd_next = vm->pgd_next;
	u->pgd_end = a.pud_start;
	u->pud_start = a.pud_start;
	u->pud_next = vm->pud_next;
	u->pud_end = a.pmd_start;
	u->pmd_start = a.pmd_start;
	u->pmd_next = vm->pmd_next;
	u->pmd_end = a.end;
	return HC_OK;
}

static void zero_pages(struct npt_vm *vm, u64 start, u64 end)
{
	for (u64 pa = start; pa < end; pa += PAGE_SIZE) {
		check_table_access(vm, pa);
		phys_zero_page(pa);
	}
}

int npt_reset_vm(u32 vmid)
{
	struct npt_vm *vm = npt_vm_get(vmid);
	struct npt_areas a;

	if (!vm)
		return -HC_EINVAL;
	a = npt_areas_of(vmid);
	/* Words above each next pointer are zero already (invariant 2). */
	zero_pages(vm, a.root, a.root + PAGE_SIZE);
	zero_pages(vm, a.pgd_start, vm->pgd_next);
	zero_pages(vm, a.pud_start, vm->pud_next);
	zero_pages(vm, a.pmd_start, vm->pmd_next);
	rewind(vmid);
	arch_tlb_flush_vm(npt_vm_vttbr(vm));
	return HC_OK;
}
