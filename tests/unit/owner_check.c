/* SPDX-License-Identifier: MIT */
#include "owner_check.h"

#include <hypcore/npt.h>
#include <hypcore/owner.h>
#include <hypcore/spt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../arch/host/sim.h"
#include "owner_world.h"

#define ENTRIES	   512
#define PAGES	   (W_RAM_SIZE / SZ_4K)
#define POOL_PAGES (W_POOL_SIZE / SZ_4K)
#define RESERVED   (0xfULL << 55)
#define OUT_MASK   0x0000fffffffff000ULL
#define CK_SPT	   W_POOL_VMS /* the SPT's slot among the "vmids" checked */
#define REGIONS	   (W_RAM_SIZE / SZ_2M)

struct ck {
	u32 vmid;
	struct npt_pool_usage u;
	u8 linked[POOL_PAGES]; /* per pool page: times a table entry points to it */
	u32 vm_maps[PAGES];    /* per RAM page: VM leaves mapping it (all VMs) */
	u8 host_maps[PAGES];   /* per RAM page: host leaves mapping it */
	u8 mapper[PAGES];      /* per RAM page: vmid of the last VM leaf, + 1 */
	u8 spt_maps[PAGES];    /* per RAM page: SPT leaves mapping it */
	u64 spt_attrs;	       /* what an SPT leaf holds besides its address */
	const owner_rec_t *recs;
	bool ownership; /* count leaves against the records too */
	char *reason;
	size_t len;
};

static struct ck ck_state;
/* Per VM and area: the highest bump pointer seen since world_check_forget. */
static u64 high[W_POOL_VMS + 1][3];
static bool full_check = true;
static const u64 zero_page[ENTRIES];

/*
 * Shortcuts that take the same decisions faster (the fuzzer checks after
 * every call): a level-3 table of the SPT equal, word for word, to the
 * full identity table of its 2 MiB region counts its 512 pages at once;
 * a region whose 512 pages are held by one record and counted alike is
 * accepted at once. Anything else goes the page-by-page way, which also
 * gives the reason of a failure.
 */
static u64 spt_full[REGIONS][ENTRIES]; /* region r's 512 identity leaves */
static u64 spt_full_attrs;	       /* what spt_full was made with */
static const u8 bytes_zero[ENTRIES];
static u8 bytes_one[ENTRIES];
static const u32 words_zero[ENTRIES];
static u32 words_one[ENTRIES];

static void shortcuts_init(u64 spt_attrs)
{
	if (spt_full_attrs == spt_attrs)
		return;
	for (u64 r = 0; r < REGIONS; r++)
		for (u64 i = 0; i < ENTRIES; i++)
			spt_full[r][i] = (W_RAM_START + r * SZ_2M + i * SZ_4K) | spt_attrs;
	memset(bytes_one, 1, sizeof(bytes_one));
	for (u32 i = 0; i < ENTRIES; i++)
		words_one[i] = 1;
	spt_full_attrs = spt_attrs;
}

static bool bytes_all(const u8 *a, u8 v)
{
	if (v <= 1)
		return !memcmp(a, v ? bytes_one : bytes_zero, ENTRIES);
	for (u32 i = 0; i < ENTRIES; i++)
		if (a[i] != v)
			return false;
	return true;
}

static bool words_all(const u32 *a, u32 v)
{
	if (v <= 1)
		return !memcmp(a, v ? words_one : words_zero, sizeof(words_one));
	for (u32 i = 0; i < ENTRIES; i++)
		if (a[i] != v)
			return false;
	return true;
}

static const u64 *words(u64 pa)
{
	const u64 *w = sim_mem_page(pa);

	return w ? w : zero_page;
}

static int fail(struct ck *c, const char *fmt, ...)
{
	int n = c->vmid == CK_SPT ? snprintf(c->reason, c->len, "spt: ")
				  : snprintf(c->reason, c->len, "vm %u: ", c->vmid);
	va_list ap;

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < c->len)
		vsnprintf(c->reason + n, c->len - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* A table entry at `level` must point to a page of the next area, below its next. */
static int check_link(struct ck *c, u32 level, u64 ipa, u64 e)
{
	u64 start[3] = {c->u.pgd_start, c->u.pud_start, c->u.pmd_start};
	u64 next[3] = {c->u.pgd_next, c->u.pud_next, c->u.pmd_next};
	u64 t = e & OUT_MASK;

	if (e != (t | 3))
		return fail(c, "level %u table entry %#llx has stray bits", level,
			    (unsigned long long)e);
	if (t < start[level] || t >= next[level])
		return fail(c, "level %u entry %#llx points outside its area", level,
			    (unsigned long long)e);
	/* The SPT's level-3 tables never move: region k's is the k-th page of the pmd area. */
	if (c->vmid == CK_SPT && level == 2 &&
	    (ipa < W_RAM_START || ipa >= W_RAM_END ||
	     t != c->u.pmd_start + (ipa - W_RAM_START) / SZ_2M * SZ_4K))
		return fail(c, "region %#llx links table %#llx, not its own",
			    (unsigned long long)ipa, (unsigned long long)t);
	if (c->linked[(t - c->u.root) / SZ_4K]++)
		return fail(c, "table %#llx linked twice", (unsigned long long)t);
	return 0;
}

/* The SPT: identity pages of RAM with the SPT's attributes, counted per page. */
static int count_spt_leaf(struct ck *c, u64 ipa, u64 e, u64 size)
{
	u64 out = e & OUT_MASK;

	if (size != SZ_4K || out != ipa || e != (out | c->spt_attrs))
		return fail(c, "leaf %#llx at %#llx is not an identity page", (unsigned long long)e,
			    (unsigned long long)ipa);
	if (out < W_RAM_START || out >= W_RAM_END)
		return fail(c, "DMA reaches %#llx outside RAM", (unsigned long long)out);
	c->spt_maps[(out - W_RAM_START) / SZ_4K]++;
	return 0;
}

/* Count one leaf's pages: RAM pages by mapper, nothing outside RAM for a VM. */
static int count_leaf(struct ck *c, u64 ipa, u64 e, u64 size)
{
	u64 out = e & OUT_MASK;

	if (!c->ownership)
		return 0;
	if (c->vmid == CK_SPT)
		return count_spt_leaf(c, ipa, e, size);
	if (out >= W_RAM_START && out + size <= W_RAM_END) {
		/* All in RAM: only the counting of the loop below, one loop per kind of owner. */
		u64 first = (out - W_RAM_START) / SZ_4K, end = first + size / SZ_4K;

		if (c->vmid == 0) {
			for (u64 i = first; i < end; i++)
				c->host_maps[i]++;
			return 0;
		}
		for (u64 i = first; i < end; i++)
			c->vm_maps[i]++;
		memset(&c->mapper[first], (int)c->vmid + 1, end - first);
		return 0;
	}
	for (u64 pa = out; pa < out + size; pa += SZ_4K) {
		if (pa < W_RAM_START || pa >= W_RAM_END) {
			if (c->vmid)
				return fail(c, "maps %#llx outside RAM", (unsigned long long)pa);
			return fail(c, "host maps %#llx outside RAM", (unsigned long long)pa);
		}
		if (c->vmid == 0) {
			c->host_maps[(pa - W_RAM_START) / SZ_4K]++;
		} else {
			c->vm_maps[(pa - W_RAM_START) / SZ_4K]++;
			c->mapper[(pa - W_RAM_START) / SZ_4K] = (u8)(c->vmid + 1);
		}
	}
	return 0;
}

static int check_leaf(struct ck *c, u32 level, u64 ipa, u64 e)
{
	u64 out = e & OUT_MASK;

	if (!out || (e & RESERVED))
		return fail(c, "level %u leaf %#llx invalid", level, (unsigned long long)e);
	if (level == 2 && ((e & 3) != 1 || (out & (SZ_2M - 1))))
		return fail(c, "block %#llx invalid", (unsigned long long)e);
	return count_leaf(c, ipa, e, level == 2 ? SZ_2M : SZ_4K);
}

/* The first non-zero entry of w at or after i (ENTRIES: none). Most entries are empty. */
static u32 next_entry(const u64 *w, u32 i)
{
	while (i + 4 <= ENTRIES && !(w[i] | w[i + 1] | w[i + 2] | w[i + 3]))
		i += 4;
	while (i < ENTRIES && !w[i])
		i++;
	return i;
}

/* Walk one table mapping from base; no recursion beyond the four levels. */
static int check_table(struct ck *c, u64 table, u32 level, u64 base)
{
	const u64 *w = words(table);
	u64 span = 1ULL << (39 - 9 * level);

	if (w == zero_page)
		return 0; /* never written: no entry */
	if (level == 3 && c->ownership && c->vmid == CK_SPT && base >= W_RAM_START &&
	    base < W_RAM_END &&
	    !memcmp(w, spt_full[(base - W_RAM_START) / SZ_2M], sizeof(zero_page))) {
		/* Every entry an identity page of RAM: what count_spt_leaf would count. */
		u64 first = (base - W_RAM_START) / SZ_4K;

		for (u64 i = first; i < first + ENTRIES; i++)
			c->spt_maps[i]++;
		return 0;
	}
	for (u32 i = next_entry(w, 0); i < ENTRIES; i = next_entry(w, i + 1)) {
		u64 e = w[i], ipa = base + i * span;
		int r;

		if (level == 3) {
			r = (e & 3) == 3
				? check_leaf(c, 3, ipa, e)
				: fail(c, "level 3 entry %#llx not a page", (unsigned long long)e);
		} else if (level == 2 && (e & 3) == 1) {
			r = check_leaf(c, 2, ipa, e);
		} else {
			r = check_link(c, level, ipa, e);
			if (!r)
				r = check_table(c, e & OUT_MASK, level + 1, ipa);
		}
		if (r)
			return r;
	}
	return 0;
}

/*
 * Above next: up to the highest next seen (pages handed out before a
 * reset) on every check, and to the end of the area on a full one.
 */
static int check_area_rest(struct ck *c, u32 area, u64 start, u64 next, u64 end)
{
	u64 *hi = &high[c->vmid][area];

	/*
	 * The SPT's level-3 tables are all built at boot, one per region; a
	 * region that left DMA's view whole has its table unlinked ("parked":
	 * its level-2 entry is empty, so no walk reaches what it holds).
	 */
	bool parking = c->vmid == CK_SPT && area == 2;

	if (parking && next != start + REGIONS * SZ_4K)
		return fail(c, "%llu level-3 tables, not one per region",
			    (unsigned long long)((next - start) / SZ_4K));
	for (u64 pa = start; pa < next; pa += SZ_4K)
		if (c->linked[(pa - c->u.root) / SZ_4K] != 1 &&
		    !(parking && !c->linked[(pa - c->u.root) / SZ_4K]))
			return fail(c, "table %#llx allocated but not linked",
				    (unsigned long long)pa);
	if (*hi < next)
		*hi = next;
	if (!full_check)
		end = *hi;
	for (u64 pa = next; pa < end; pa += SZ_4K)
		if (sim_mem_page(pa) && memcmp(words(pa), zero_page, sizeof(zero_page)))
			return fail(c, "page %#llx above next is not zero", (unsigned long long)pa);
	return 0;
}

static int check_vm(struct ck *c, u32 vmid)
{
	int r;

	c->vmid = vmid;
	if (vmid == CK_SPT) {
		spt_lock();
		spt_usage(&c->u);
		spt_unlock();
	} else {
		npt_lock(vmid);
		npt_pool_usage(vmid, &c->u);
		npt_unlock(vmid);
	}
	memset(c->linked, 0, sizeof(c->linked));
	r = check_table(c, c->u.root, 0, 0);
	if (!r)
		r = check_area_rest(c, 0, c->u.pgd_start, c->u.pgd_next, c->u.pgd_end);
	if (!r)
		r = check_area_rest(c, 1, c->u.pud_start, c->u.pud_next, c->u.pud_end);
	if (!r)
		r = check_area_rest(c, 2, c->u.pmd_start, c->u.pmd_next, c->u.pmd_end);
	return r;
}

static int check_page(struct ck *c, u64 i)
{
	unsigned long long pa = W_RAM_START + i * SZ_4K;
	/* The record that holds for the page: its 2 MiB region's, or its own (owner.h). */
	const owner_rec_t *recs = c->recs;
	owner_rec_t rec = recs[PAGES + i / 512];
	u32 owner, shares;

	if (rec == OWNER_REGION_SPLIT)
		rec = recs[i];
	owner = rec >> 24;
	shares = rec & OWNER_MAX_SHARES;

	c->vmid = owner;
	/* DMA reaches exactly what the host's CPU reaches (both: the RAM the host owns). */
	if (c->spt_maps[i] != c->host_maps[i]) {
		c->vmid = CK_SPT;
		return fail(c, "DMA reaches %#llx %u times, the host's stage-2 maps it %u times",
			    pa, c->spt_maps[i], c->host_maps[i]);
	}
	if (owner == OWNER_HOST) {
		if (c->host_maps[i] != 1)
			return fail(c, "host owns %#llx, its stage-2 maps it %u times", pa,
				    c->host_maps[i]);
		if (c->vm_maps[i] != shares)
			return fail(c, "%#llx shared %u times, VMs map it %u times", pa, shares,
				    c->vm_maps[i]);
		return 0;
	}
	if (c->host_maps[i])
		return fail(c, "host maps %#llx, owned by %u", pa, owner);
	if (shares)
		return fail(c, "%#llx not the host's but has %u shares", pa, shares);
	if (owner == OWNER_CORE)
		return c->vm_maps[i] ? fail(c, "core page %#llx mapped by a VM", pa) : 0;
	if (owner >= W_POOL_VMS)
		return fail(c, "%#llx has owner %u", pa, owner);
	if (c->vm_maps[i] != 1 || c->mapper[i] != owner + 1)
		return fail(c, "donated %#llx mapped %u times (last by vm %d)", pa, c->vm_maps[i],
			    (int)c->mapper[i] - 1);
	return 0;
}

/* Would check_page accept every page of region r? (false: ask it page by page) */
static bool region_ok(const struct ck *c, u64 r)
{
	owner_rec_t rec = c->recs[PAGES + r];
	u64 first = r * ENTRIES;
	u32 owner = rec >> 24, shares = rec & OWNER_MAX_SHARES;

	if (rec == OWNER_REGION_SPLIT) {
		/* Held page by page: alike when every page record equals the first. */
		rec = c->recs[first];
		if (rec == OWNER_REGION_SPLIT || !words_all(&c->recs[first], rec))
			return false;
		owner = rec >> 24;
		shares = rec & OWNER_MAX_SHARES;
	}
	if (owner == OWNER_HOST)
		return bytes_all(&c->host_maps[first], 1) && bytes_all(&c->spt_maps[first], 1) &&
		       words_all(&c->vm_maps[first], shares);
	if (shares || !bytes_all(&c->host_maps[first], 0) || !bytes_all(&c->spt_maps[first], 0))
		return false;
	if (owner == OWNER_CORE)
		return words_all(&c->vm_maps[first], 0);
	return owner < W_POOL_VMS && words_all(&c->vm_maps[first], 1) &&
	       bytes_all(&c->mapper[first], (u8)(owner + 1));
}

int world_check_tables(char *reason, size_t len)
{
	struct ck *c = &ck_state;
	int r = 0;

	c->ownership = false;
	c->reason = reason;
	c->len = len;
	for (u32 v = 0; v <= CK_SPT && !r; v++)
		r = check_vm(c, v);
	return r;
}

int world_check(char *reason, size_t len)
{
	struct ck *c = &ck_state;
	int r = 0;

	memset(c->vm_maps, 0, sizeof(c->vm_maps));
	memset(c->host_maps, 0, sizeof(c->host_maps));
	memset(c->mapper, 0, sizeof(c->mapper));
	memset(c->spt_maps, 0, sizeof(c->spt_maps));
	c->spt_attrs = spt_desc(0);
	shortcuts_init(c->spt_attrs);
	c->recs = owner_config()->records;
	c->ownership = true;
	c->reason = reason;
	c->len = len;
	for (u32 v = 0; v <= CK_SPT && !r; v++)
		r = check_vm(c, v);
	for (u64 reg = 0; reg < REGIONS && !r; reg++) {
		if (region_ok(c, reg))
			continue;
		for (u64 i = reg * ENTRIES; i < (reg + 1) * ENTRIES && !r; i++)
			r = check_page(c, i);
	}
	return r;
}

void world_check_forget(void)
{
	memset(high, 0, sizeof(high));
}

void world_check_full(bool full)
{
	full_check = full;
}
