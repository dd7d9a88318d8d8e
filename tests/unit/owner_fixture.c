/* SPDX-License-Identifier: MIT */
#include "owner_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <hypcore/npt.h>
#include <hypcore/phys.h>

#include "owner_check.h"
#include "owner_world.h"

int world_setup(void **state)
{
	(void)state;
	world_start();
	return 0;
}

void world_assert_ok(void)
{
	char why[256];

	if (world_check(why, sizeof(why))) {
		print_error("world check: %s\n", why);
		fail();
	}
}

int world_vm_map(u32 vmid, u64 ipa, u32 level, u64 pte, enum owner_how how)
{
	int r;

	npt_lock(vmid);
	r = owner_vm_map(vmid, ipa, level, pte, how);
	npt_unlock(vmid);
	return r;
}

int world_vm_unmap(u32 vmid, u64 ipa)
{
	int r;

	npt_lock(vmid);
	r = owner_vm_unmap(vmid, ipa);
	npt_unlock(vmid);
	return r;
}

void world_fill_page(u64 pa, u64 v)
{
	for (u64 off = 0; off < SZ_4K; off += 8)
		phys_store(pa + off, v + off);
}

bool world_page_is_zero(u64 pa)
{
	for (u64 off = 0; off < SZ_4K; off += 8)
		if (phys_load(pa + off))
			return false;
	return true;
}
