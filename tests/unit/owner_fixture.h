/* SPDX-License-Identifier: MIT */
/* CMocka glue for the ownership tests over the owner world (owner_world.h). */
#ifndef HYPCORE_TESTS_OWNER_FIXTURE_H
#define HYPCORE_TESTS_OWNER_FIXTURE_H

#include <hypcore/owner.h>

/* CMocka set-up: world_start(). */
int world_setup(void **state);

/* Fail the test, with the reason, unless the whole machine checks out (owner_check.h). */
void world_assert_ok(void);

/* Fill the page at pa with v, v + 8, ...; is every word of it zero? */
void world_fill_page(u64 pa, u64 v);
bool world_page_is_zero(u64 pa);

/* owner_vm_map / owner_vm_unmap with VM vmid's NPT lock taken around them. */
int world_vm_map(u32 vmid, u64 ipa, u32 level, u64 pte, enum owner_how how);
int world_vm_unmap(u32 vmid, u64 ipa);

#endif
