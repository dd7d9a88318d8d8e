/* SPDX-License-Identifier: MIT */
/*
 * A small reader and editor of the flattened device tree QEMU hands us in
 * x0: just what the boot needs (RAM, initrd, reservations, one node
 * removal). All offsets are checked against the blob's own header.
 */
#ifndef HYPCORE_ARM64_FDT_H
#define HYPCORE_ARM64_FDT_H

#include <hypcore/types.h>

/* 0 if dtb holds a version-17 FDT; its totalsize in *size. */
int fdt_check(u64 dtb, u64 *size);

/*
 * Value (address) and length of property `prop` of the node `node`: "" is
 * the root; otherwise a child of the root named `node` or `node@unit`.
 */
int fdt_prop(u64 dtb, const char *node, const char *prop, u64 *val, u32 *len);

/* Read a 1- or 2-cell big-endian number of `len` bytes at val. */
u64 fdt_cells(u64 val, u32 len);

/*
 * Add a /memreserve/ entry. The blob grows by 16 bytes, into the free
 * memory after it, which must end at or before `limit`.
 */
int fdt_add_memreserve(u64 dtb, u64 addr, u64 size, u64 limit);

/* Replace the child of the root named exactly `name` by NOP tokens. */
int fdt_remove_node(u64 dtb, const char *name);

#endif
