/* SPDX-License-Identifier: MIT */
/*
 * A hash map from a 64-bit key to a 64-bit-aligned value record, for the
 * abstract model: gfn -> (pfn, level, pte), and the presence sets of the
 * model's tables (value unused). Open addressing with linear probing and
 * backward-shift deletion, so a long random run never degrades.
 */
#ifndef HYPCORE_TESTS_MODEL_MAP_H
#define HYPCORE_TESTS_MODEL_MAP_H

#include <hypcore/types.h>

struct model_triple {
	u64 pfn;
	u64 pte;
	u32 level;
};

struct model_map {
	u64 *keys;
	struct model_triple *vals;
	u8 *used;
	size_t cap; /* a power of two, or 0 before the first insert */
	size_t count;
};

void model_map_init(struct model_map *m);
void model_map_free(struct model_map *m);
void model_map_clear(struct model_map *m);

/* The record for key, or NULL. */
const struct model_triple *model_map_get(const struct model_map *m, u64 key);
bool model_map_has(const struct model_map *m, u64 key);
void model_map_put(struct model_map *m, u64 key, struct model_triple val);
/* Remove key if present. */
void model_map_del(struct model_map *m, u64 key);

/* Iterate: for (size_t i = 0; i < m->cap; i++) if (m->used[i]) ... */

#endif
