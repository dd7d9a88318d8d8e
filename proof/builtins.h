/* SPDX-License-Identifier: MIT */
/*
 * Read by Frama-C only (make proof passes it with -include): the GCC
 * atomic builtins core/lock uses, at the one type it uses them (u32), as
 * functions with contracts. The proof is sequential: these say what one
 * CPU's access does; what other CPUs do meanwhile is outside the model.
 */
#ifndef HYPCORE_PROOF_BUILTINS_H
#define HYPCORE_PROOF_BUILTINS_H

#include <stdint.h>

/*@ requires \valid_read(p);
    assigns \nothing;
    ensures \result == *p; */
uint32_t __atomic_load_n(const uint32_t *p, int order);

/*@ requires \valid(p);
    assigns *p;
    ensures *p == v; */
void __atomic_store_n(uint32_t *p, uint32_t v, int order);

/*@ requires \valid(p);
    assigns *p;
    ensures \result == \old(*p);
    ensures *p == (uint32_t)(\old(*p) + v); */
uint32_t __atomic_fetch_add(uint32_t *p, uint32_t v, int order);

#endif
