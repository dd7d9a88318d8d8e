/* SPDX-License-Identifier: MIT */
/*
 * The executable abstract model of the NPT spec's high layer (npt-model.md,
 * "Abstract state of one VM" and "Operations"), written without calling the
 * core: only the geometry numbers and the descriptor helpers phys_page /
 * npt_index are shared. Operations return 0 or a negative HC_E* value with
 * the core's error precedence; a failed operation changes nothing.
 *
 * vmid and level are taken as u64 so that callers (the sim, the random
 * test) can pass any number they read and get einval for nonsense.
 */
#ifndef HYPCORE_TESTS_NPT_MODEL_H
#define HYPCORE_TESTS_NPT_MODEL_H

#include <hypcore/npt.h>

#include "model_map.h"

/* Where one VM's pool areas lie, computed by the model from the geometry. */
struct model_areas {
	u64 root;
	u64 pgd_start, pud_start, pmd_start, end;
};

struct model_vm {
	struct model_map pt;	/* gfn -> (pfn, level, pte); absent = (0, 0, 0) */
	struct model_map pgd_t; /* level-0 index that has a level-1 table */
	struct model_map pud_t; /* addr >> 30 (i0, i1) that has a level-2 table */
	struct model_map pmd_t; /* addr >> 21 (i0, i1, i2) that has a level-3 table */
	u64 pgd_next, pud_next, pmd_next;
	/*
	 * Ghost state for the invariant checker: the highest each next pointer
	 * ever reached. A reset lowers next but leaves zeroed pages below these.
	 */
	u64 pgd_high, pud_high, pmd_high;
};

struct npt_model {
	struct npt_geometry geo;
	u64 data_start, data_end; /* the RAM a load or store may reach */
	struct model_vm vm[NPT_MAX_VMS];
	struct model_map data; /* PA -> value (in .pfn); absent reads 0 */
	/*
	 * Ghost state for the invariant checker: the data pages that ever held
	 * a non-zero word, so that it can account for every backed page.
	 */
	struct model_map data_pages;
};

void model_init(struct npt_model *m, const struct npt_geometry *g, u64 data_start, u64 data_end);
void model_free(struct npt_model *m);
struct model_areas model_areas_of(const struct npt_model *m, u32 vmid);

int model_set(struct npt_model *m, u64 vmid, u64 addr, u64 level, u64 pte);
int model_unmap(struct npt_model *m, u64 vmid, u64 addr);
int model_walk(const struct npt_model *m, u64 vmid, u64 addr, u64 *pte);
int model_level(const struct npt_model *m, u64 vmid, u64 addr, u64 *level);
int model_load(const struct npt_model *m, u64 vmid, u64 addr, u64 *val);
int model_store(struct npt_model *m, u64 vmid, u64 addr, u64 val);
/* The model's view of VM reset: everything forgotten, pool rewound. */
int model_reset_vm(struct npt_model *m, u64 vmid);

#endif
