/* SPDX-License-Identifier: MIT */
/* CMocka glue for the ownership tests over the owner world (owner_world.h). */
#ifndef HYPCORE_TESTS_OWNER_FIXTURE_H
#define HYPCORE_TESTS_OWNER_FIXTURE_H

/* CMocka set-up: world_start(). */
int world_setup(void **state);

/* Fail the test, with the reason, unless the whole machine checks out (owner_check.h). */
void world_assert_ok(void);

#endif
