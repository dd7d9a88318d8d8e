/* SPDX-License-Identifier: MIT */
/*
 * Shared set-up for the NPT unit tests: a fresh core over fresh simulated
 * memory, calls that take and release the VM's lock, and views of the raw
 * tables so that tests can check whole tables, not single entries.
 */
#ifndef HYPCORE_TESTS_NPT_FIXTURE_H
#define HYPCORE_TESTS_NPT_FIXTURE_H

#include <hypcore/errno.h>
#include <hypcore/npt.h>

#include "../../arch/host/sim.h"
#include "../model/npt_model.h"

#define VM	  1 /* the VM most tests use */
#define PA_RAM	  SIM_DATA_START
#define RW	  (NPT_PTE_S2AP_R | NPT_PTE_S2AP_W)
#define BLOCK(pa) ((pa) | RW | 1)
#define PAGE(pa)  ((pa) | RW | 3)

/* Start over: zero memory, core initialised with g (the spec's layout if NULL). */
void fx_start(const struct npt_geometry *g);
/* CMocka set-up: fx_start(NULL). */
int fx_setup(void **state);

int fx_set(u32 vmid, u64 addr, u32 level, u64 pte);
int fx_unmap(u32 vmid, u64 addr);
u64 fx_walk(u32 vmid, u64 addr);  /* asserts success */
u32 fx_level(u32 vmid, u64 addr); /* asserts success */
int fx_load(u32 vmid, u64 addr, u64 *val);
int fx_store(u32 vmid, u64 addr, u64 val);
struct npt_pool_usage fx_usage(u32 vmid);

/* Raw table memory (read without the core). */
u64 fx_word(u64 pa);
/* How many of the table's 512 entries are non-zero. */
u32 fx_live_entries(u64 table);
/* Assert the table at pa holds exactly one non-zero entry: `value` at `index`. */
void fx_assert_only_entry(u64 table, u32 index, u64 value);

/*
 * The model alongside: fx_start resets it too. fx_both_set applies a set to
 * core and model and asserts they answer the same; fx_check asserts every
 * invariant (npt_check) and prints the reason if one fails.
 */
struct npt_model;
extern struct npt_model *fx_model;
int fx_both_set(u32 vmid, u64 addr, u32 level, u64 pte);
void fx_check(void);

/* A fingerprint of everything a VM owns: its pool memory and bump pointers. */
u64 fx_vm_fingerprint(u32 vmid);

#endif
