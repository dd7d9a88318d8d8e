/* SPDX-License-Identifier: MIT */
/*
 * The abstract layer, operation by operation. Keys: a gfn is addr >> 12;
 * the presence sets are keyed by the index path above the table, which for
 * a valid address is simply addr shifted right (the upper bits are zero).
 */
#include "npt_model.h"

#include <hypcore/errno.h>
#include <string.h>

#define PAGE	      4096ULL
#define ADDR_LIMIT    (1ULL << 48)
#define RESERVED_BITS (0xfULL << 55) /* bits [58:55] */
#define S2AP_R	      (1ULL << 6)
#define S2AP_W	      (1ULL << 7)

static void vm_free(struct model_vm *vm)
{
	model_map_free(&vm->pt);
	model_map_free(&vm->pgd_t);
	model_map_free(&vm->pud_t);
	model_map_free(&vm->pmd_t);
}

void model_free(struct npt_model *m)
{
	for (u32 v = 0; v < NPT_MAX_VMS; v++)
		vm_free(&m->vm[v]);
	model_map_free(&m->data);
	model_map_free(&m->data_pages);
}

struct model_areas model_areas_of(const struct npt_model *m, u32 vmid)
{
	struct model_areas a;

	a.root = npt_geo_pool_start(&m->geo, vmid);
	a.pgd_start = a.root + PAGE;
	a.pud_start = a.pgd_start + m->geo.pgd_pages * PAGE;
	a.pmd_start = a.pud_start + m->geo.pud_pages * PAGE;
	a.end = npt_geo_pool_start(&m->geo, vmid + 1);
	return a;
}

static void vm_rewind(struct npt_model *m, u32 vmid)
{
	struct model_vm *vm = &m->vm[vmid];
	struct model_areas a = model_areas_of(m, vmid);

	model_map_clear(&vm->pt);
	model_map_clear(&vm->pgd_t);
	model_map_clear(&vm->pud_t);
	model_map_clear(&vm->pmd_t);
	vm->pgd_next = a.pgd_start;
	vm->pud_next = a.pud_start;
	vm->pmd_next = a.pmd_start;
}

static void raise_high(struct model_vm *vm)
{
	vm->pgd_high = vm->pgd_next > vm->pgd_high ? vm->pgd_next : vm->pgd_high;
	vm->pud_high = vm->pud_next > vm->pud_high ? vm->pud_next : vm->pud_high;
	vm->pmd_high = vm->pmd_next > vm->pmd_high ? vm->pmd_next : vm->pmd_high;
}

void model_init(struct npt_model *m, const struct npt_geometry *g, u64 data_start, u64 data_end)
{
	memset(m, 0, sizeof(*m));
	m->geo = *g;
	m->data_start = data_start;
	m->data_end = data_end;
	for (u32 v = 0; v < m->geo.nr_vms; v++) {
		vm_rewind(m, v);
		raise_high(&m->vm[v]);
	}
}

int model_reset_vm(struct npt_model *m, u64 vmid)
{
	if (vmid >= m->geo.nr_vms)
		return -HC_EINVAL;
	vm_rewind(m, (u32)vmid);
	return HC_OK;
}

static bool pte_ok(u64 level, u64 pte)
{
	if (!pte || !phys_page(pte) || (pte & RESERVED_BITS))
		return false;
	if (level == 3)
		return (pte & 3) == 3;
	return (pte & 3) == 1 && (phys_page(pte) & (SZ_2M - 1)) == 0;
}

static struct model_vm *vm_of(struct npt_model *m, u64 vmid)
{
	return vmid < m->geo.nr_vms ? &m->vm[vmid] : NULL;
}

static const struct model_vm *cvm_of(const struct npt_model *m, u64 vmid)
{
	return vmid < m->geo.nr_vms ? &m->vm[vmid] : NULL;
}

/* Tables set_npt would allocate, by area; 0 or an error. */
static int plan(const struct model_vm *vm, u64 addr, u64 level, u32 need[3])
{
	const struct model_triple *cur = model_map_get(&vm->pt, addr >> 12);

	if (level == 3 && cur && cur->level == 2)
		return -HC_EEXIST;
	if (level == 2 && model_map_has(&vm->pmd_t, addr >> 21))
		return -HC_EEXIST;
	need[0] = !model_map_has(&vm->pgd_t, addr >> 39);
	need[1] = !model_map_has(&vm->pud_t, addr >> 30);
	need[2] = level == 3 && !model_map_has(&vm->pmd_t, addr >> 21);
	return HC_OK;
}

static bool has_room(const struct model_vm *vm, struct model_areas a, const u32 need[3])
{
	return vm->pgd_next + need[0] * PAGE <= a.pud_start &&
	       vm->pud_next + need[1] * PAGE <= a.pmd_start &&
	       vm->pmd_next + need[2] * PAGE <= a.end;
}

static void allocate(struct model_vm *vm, u64 addr, const u32 need[3])
{
	const struct model_triple present = {0, 0, 0};

	if (need[0]) {
		model_map_put(&vm->pgd_t, addr >> 39, present);
		vm->pgd_next += PAGE;
	}
	if (need[1]) {
		model_map_put(&vm->pud_t, addr >> 30, present);
		vm->pud_next += PAGE;
	}
	if (need[2]) {
		model_map_put(&vm->pmd_t, addr >> 21, present);
		vm->pmd_next += PAGE;
	}
	raise_high(vm);
}

int model_set(struct npt_model *m, u64 vmid, u64 addr, u64 level, u64 pte)
{
	struct model_vm *vm = vm_of(m, vmid);
	u32 need[3];
	int ret;

	if (!vm || addr >= ADDR_LIMIT || (level != 2 && level != 3) || !pte_ok(level, pte))
		return -HC_EINVAL;
	ret = plan(vm, addr, level, need);
	if (ret)
		return ret;
	if (!has_room(vm, model_areas_of(m, (u32)vmid), need))
		return -HC_ENOMEM;
	allocate(vm, addr, need);
	if (level == 3) {
		model_map_put(&vm->pt, addr >> 12,
			      (struct model_triple){phys_page(pte) / PAGE, pte, 3});
		return HC_OK;
	}
	for (u64 i = 0; i < 512; i++)
		model_map_put(&vm->pt, (addr >> 21 << 9) | i,
			      (struct model_triple){phys_page(pte) / PAGE + i, pte, 2});
	return HC_OK;
}

int model_unmap(struct npt_model *m, u64 vmid, u64 addr)
{
	struct model_vm *vm = vm_of(m, vmid);
	const struct model_triple *cur;

	if (!vm || addr >= ADDR_LIMIT)
		return -HC_EINVAL;
	cur = model_map_get(&vm->pt, addr >> 12);
	if (!cur)
		return HC_OK;
	if (cur->level == 3) {
		model_map_del(&vm->pt, addr >> 12);
		return HC_OK;
	}
	for (u64 i = 0; i < 512; i++)
		model_map_del(&vm->pt, (addr >> 21 << 9) | i);
	return HC_OK;
}

int model_walk(const struct npt_model *m, u64 vmid, u64 addr, u64 *pte)
{
	const struct model_vm *vm = cvm_of(m, vmid);
	const struct model_triple *cur;

	if (!vm || addr >= ADDR_LIMIT)
		return -HC_EINVAL;
	cur = model_map_get(&vm->pt, addr >> 12);
	*pte = cur ? cur->pte : 0;
	return HC_OK;
}

int model_level(const struct npt_model *m, u64 vmid, u64 addr, u64 *level)
{
	const struct model_vm *vm = cvm_of(m, vmid);
	const struct model_triple *cur;

	if (!vm || addr >= ADDR_LIMIT)
		return -HC_EINVAL;
	cur = model_map_get(&vm->pt, addr >> 12);
	*level = cur && phys_page(cur->pte) ? cur->level : 0;
	return HC_OK;
}

/* The data address a load or store reaches, or an error. */
static int translate(const struct npt_model *m, u64 vmid, u64 addr, u64 perm, u64 *pa)
{
	const struct model_vm *vm = cvm_of(m, vmid);
	const struct model_triple *cur;

	if (!vm || addr >= ADDR_LIMIT || (addr & 7))
		return -HC_EINVAL;
	cur = model_map_get(&vm->pt, addr >> 12);
	if (!cur)
		return -HC_EFAULT;
	if (!(cur->pte & perm))
		return -HC_EPERM;
	/* For a block, the triple's pfn is already the block's pfn + (gfn & 511). */
	*pa = cur->pfn * PAGE + (addr & (PAGE - 1));
	if (*pa < m->data_start || *pa + 8 > m->data_end)
		return -HC_EFAULT;
	return HC_OK;
}

int model_load(const struct npt_model *m, u64 vmid, u64 addr, u64 *val)
{
	const struct model_triple *word;
	u64 pa;
	int ret = translate(m, vmid, addr, S2AP_R, &pa);

	if (ret)
		return ret;
	word = model_map_get(&m->data, pa);
	*val = word ? word->pfn : 0;
	return HC_OK;
}

int model_store(struct npt_model *m, u64 vmid, u64 addr, u64 val)
{
	u64 pa;
	int ret = translate(m, vmid, addr, S2AP_W, &pa);

	if (ret)
		return ret;
	model_map_put(&m->data, pa, (struct model_triple){val, 0, 0});
	if (val)
		model_map_put(&m->data_pages, pa / PAGE, (struct model_triple){0, 0, 0});
	return HC_OK;
}
