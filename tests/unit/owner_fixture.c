/* SPDX-License-Identifier: MIT */
#include "owner_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

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
