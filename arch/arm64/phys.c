/* SPDX-License-Identifier: MIT */
/*
 * Physical memory access at EL2: the identity map makes a physical address
 * a pointer. The core reaches page tables and VM data only through here.
 */
#include <hypcore/phys.h>

#include "layout.h"

struct hc_layout hc_layout;

u64 phys_load(u64 pa)
{
	return *(volatile u64 *)pa;
}

void phys_store(u64 pa, u64 val)
{
	*(volatile u64 *)pa = val;
}

static bool inside(u64 pa, u64 start, u64 end)
{
	return pa >= start && pa < end;
}

/* RAM, but never hypcore's own image, its records, nor any page-table pool. */
bool phys_data_ok(u64 pa)
{
	const struct hc_layout *l = &hc_layout;

	if ((pa & 7) || !inside(pa, l->ram_start, l->ram_end))
		return false;
	if (inside(pa, l->image_start, l->image_end))
		return false;
	return !inside(pa, l->records_start, l->pool_end);
}
