/* SPDX-License-Identifier: MIT */
/*
 * FDT layout (devicetree specification, version 17): a 40-byte header of
 * big-endian 32-bit words, the memory reservation block (pairs of 64-bit
 * address/size ending with 0/0), the structure block (tokens) and the
 * strings block. Everything is 4-byte aligned, so 32-bit loads are safe
 * even before the MMU is on.
 */
#include <hypcore/errno.h>
#include <string.h>

#include "fdt.h"

#define FDT_MAGIC      0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE   2U
#define FDT_PROP       3U
#define FDT_NOP	       4U
#define FDT_END	       9U

/* Header word offsets. */
#define H_TOTALSIZE   4
#define H_OFF_STRUCT  8
#define H_OFF_STRINGS 12
#define H_OFF_RSVMAP  16
#define H_VERSION     20
#define H_SIZE_STRUCT 36

static u32 be32(u64 addr)
{
	return __builtin_bswap32(*(volatile u32 *)addr);
}

static void put_be32(u64 addr, u32 v)
{
	*(volatile u32 *)addr = __builtin_bswap32(v);
}

static u32 hdr(u64 dtb, u32 off)
{
	return be32(dtb + off);
}

int fdt_check(u64 dtb, u64 *size)
{
	if (!dtb || (dtb & 7) || be32(dtb) != FDT_MAGIC || hdr(dtb, H_VERSION) < 17)
		return -HC_EINVAL;
	*size = hdr(dtb, H_TOTALSIZE);
	return 0;
}

u64 fdt_cells(u64 val, u32 len)
{
	if (len == 4)
		return be32(val);
	return ((u64)be32(val) << 32) | be32(val + 4);
}

static u32 align4(u32 x)
{
	return (x + 3) & ~3U;
}

static u32 str_len(u64 s)
{
	u32 n = 0;

	while (*(const volatile char *)(s + n))
		n++;
	return n;
}

/* One token of the structure block: where it starts, what follows it. */
struct fdt_tok {
	u32 tag;
	u32 off;  /* of the tag, from the blob start */
	u32 next; /* of the next token */
	u64 name; /* node name or property name (address of a C string) */
	u64 val;  /* property value (address) */
	u32 len;  /* property length */
};

static void read_tok(u64 dtb, u32 off, struct fdt_tok *t)
{
	t->tag = be32(dtb + off);
	t->off = off;
	t->next = off + 4;
	if (t->tag == FDT_BEGIN_NODE) {
		t->name = dtb + off + 4;
		t->next = off + 4 + align4(str_len(t->name) + 1);
	} else if (t->tag == FDT_PROP) {
		t->len = be32(dtb + off + 4);
		t->name = dtb + hdr(dtb, H_OFF_STRINGS) + be32(dtb + off + 8);
		t->val = dtb + off + 12;
		t->next = off + 12 + align4(t->len);
	}
}

/*
 * Length of the common prefix of blob string s and want. Byte by byte and
 * not libc's: this runs before the MMU is on, where memory is Device and
 * an unaligned word load would fault.
 */
static u32 common_prefix(u64 s, const char *want)
{
	const volatile char *p = (const volatile char *)s;
	u32 n = 0;

	while (want[n] && p[n] == want[n])
		n++;
	return n;
}

static bool same(u64 s, const char *want)
{
	u32 n = common_prefix(s, want);

	return !want[n] && !((const volatile char *)s)[n];
}

/* Node name `name` is `want` or `want@unit`. */
static bool node_is(u64 name, const char *want)
{
	u32 n = common_prefix(name, want);
	char after = ((const volatile char *)name)[n];

	return !want[n] && (after == '\0' || after == '@');
}

/*
 * Walk the structure block; at each token call `visit` with the depth
 * (root = 1) and the name of the enclosing child of the root (0 at the
 * root). Stops when visit returns non-zero, and returns that value.
 */
typedef int (*fdt_visit)(u64 dtb, const struct fdt_tok *t, int depth, u64 child, void *arg);

static int walk(u64 dtb, fdt_visit visit, void *arg)
{
	u32 off = hdr(dtb, H_OFF_STRUCT);
	u32 end = off + hdr(dtb, H_SIZE_STRUCT);
	u64 child = 0;
	int depth = 0;
	struct fdt_tok t;
	int r;

	while (off < end) {
		read_tok(dtb, off, &t);
		if (t.tag == FDT_END)
			break;
		if (t.tag == FDT_BEGIN_NODE && ++depth == 2)
			child = t.name;
		r = visit(dtb, &t, depth, child, arg);
		if (r)
			return r;
		if (t.tag == FDT_END_NODE && depth-- == 2)
			child = 0;
		off = t.next;
	}
	return 0;
}

struct prop_query {
	const char *node, *prop;
	u64 val;
	u32 len;
};

static int match_prop(u64 dtb, const struct fdt_tok *t, int depth, u64 child, void *arg)
{
	struct prop_query *q = arg;
	bool in_node = q->node[0] ? (depth == 2 && child && node_is(child, q->node)) : depth == 1;

	(void)dtb;
	if (t->tag != FDT_PROP || !in_node || !same(t->name, q->prop))
		return 0;
	q->val = t->val;
	q->len = t->len;
	return 1;
}

int fdt_prop(u64 dtb, const char *node, const char *prop, u64 *val, u32 *len)
{
	struct prop_query q = {node, prop, 0, 0};

	if (!walk(dtb, match_prop, &q))
		return -HC_EFAULT;
	*val = q.val;
	*len = q.len;
	return 0;
}

int fdt_add_memreserve(u64 dtb, u64 addr, u64 size, u64 limit)
{
	u32 rsv = hdr(dtb, H_OFF_RSVMAP);
	u32 total = hdr(dtb, H_TOTALSIZE);
	u32 at = rsv;

	while (fdt_cells(dtb + at, 8) || fdt_cells(dtb + at + 8, 8))
		at += 16;
	if (dtb + total + 16 > limit)
		return -HC_ENOMEM;
	/* Everything from the terminator on moves up by one entry. */
	memmove((void *)(dtb + at + 16), (const void *)(dtb + at), total - at);
	put_be32(dtb + at, (u32)(addr >> 32));
	put_be32(dtb + at + 4, (u32)addr);
	put_be32(dtb + at + 8, (u32)(size >> 32));
	put_be32(dtb + at + 12, (u32)size);
	put_be32(dtb + H_TOTALSIZE, total + 16);
	if (hdr(dtb, H_OFF_STRUCT) > rsv)
		put_be32(dtb + H_OFF_STRUCT, hdr(dtb, H_OFF_STRUCT) + 16);
	if (hdr(dtb, H_OFF_STRINGS) > rsv)
		put_be32(dtb + H_OFF_STRINGS, hdr(dtb, H_OFF_STRINGS) + 16);
	return 0;
}

struct node_span {
	const char *name;
	u32 start, end;
};

static int match_node(u64 dtb, const struct fdt_tok *t, int depth, u64 child, void *arg)
{
	struct node_span *s = arg;

	(void)dtb;
	if (depth != 2 || !child || !same(child, s->name))
		return 0;
	if (t->tag == FDT_BEGIN_NODE)
		s->start = t->off;
	if (t->tag == FDT_END_NODE) {
		s->end = t->next;
		return 1;
	}
	return 0;
}

int fdt_remove_node(u64 dtb, const char *name)
{
	struct node_span s = {name, 0, 0};

	if (!walk(dtb, match_node, &s))
		return -HC_EFAULT;
	for (u32 off = s.start; off < s.end; off += 4)
		put_be32(dtb + off, FDT_NOP);
	return 0;
}
