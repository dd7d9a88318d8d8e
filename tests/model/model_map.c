/* SPDX-License-Identifier: MIT */
#include "model_map.h"

#include <stdlib.h>
#include <string.h>

static size_t hash(u64 key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

void model_map_init(struct model_map *m)
{
	memset(m, 0, sizeof(*m));
}

void model_map_free(struct model_map *m)
{
	free(m->keys);
	free(m->vals);
	free(m->used);
	model_map_init(m);
}

void model_map_clear(struct model_map *m)
{
	if (m->cap)
		memset(m->used, 0, m->cap);
	m->count = 0;
}

static size_t find(const struct model_map *m, u64 key, bool *found)
{
	size_t i = hash(key, m->cap);

	while (m->used[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	*found = m->used[i];
	return i;
}

const struct model_triple *model_map_get(const struct model_map *m, u64 key)
{
	bool found;
	size_t i;

	if (!m->count)
		return NULL;
	i = find(m, key, &found);
	return found ? &m->vals[i] : NULL;
}

bool model_map_has(const struct model_map *m, u64 key)
{
	return model_map_get(m, key) != NULL;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		abort();
	return p;
}

/* Keep the load at most one half: probes stay short. */
static void grow(struct model_map *m)
{
	struct model_map old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	m->used = xcalloc(m->cap, 1);
	m->count = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.used[i])
			model_map_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
	free(old.used);
}

void model_map_put(struct model_map *m, u64 key, struct model_triple val)
{
	bool found;
	size_t i;

	if (2 * (m->count + 1) > m->cap)
		grow(m);
	i = find(m, key, &found);
	if (!found) {
		m->used[i] = 1;
		m->keys[i] = key;
		m->count++;
	}
	m->vals[i] = val;
}

/* Is slot i's home position cyclically outside (hole, i]? Then it may move to hole. */
static bool may_fill(const struct model_map *m, size_t hole, size_t i)
{
	size_t home = hash(m->keys[i], m->cap);

	return ((i - home) & (m->cap - 1)) >= ((i - hole) & (m->cap - 1));
}

void model_map_del(struct model_map *m, u64 key)
{
	bool found;
	size_t hole, i;

	if (!m->count)
		return;
	hole = find(m, key, &found);
	if (!found)
		return;
	m->used[hole] = 0;
	m->count--;
	/* Shift later members of the probe run back so lookups still reach them. */
	for (i = (hole + 1) & (m->cap - 1); m->used[i]; i = (i + 1) & (m->cap - 1)) {
		if (!may_fill(m, hole, i))
			continue;
		m->keys[hole] = m->keys[i];
		m->vals[hole] = m->vals[i];
		m->used[hole] = 1;
		m->used[i] = 0;
		hole = i;
	}
}
