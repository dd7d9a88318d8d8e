// SPDX-License-Identifier: MIT
/*
 * exec-device PA: the host's kernel calls into the device page PA mapped
 * executable (the module's EXEC_PHYS hook; issue 11, item 5). The host's
 * stage-2 maps devices execute-never: hypcore must inject that stage-2
 * permission fault into the host (whose kernel then oopses and kills this
 * process), not retry the fetch forever. Reaching the line after the
 * ioctl means the page ran or the hook refused: a failure either way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e.h"

int run_exec_device(int argc, char **argv)
{
	struct hypcore_exec_phys x = {.pa = argc > 0 ? strtoull(argv[0], NULL, 0) : 0};
	long r;

	printf("E2E-INFO: exec-device calling into 0x%llx\n", (unsigned long long)x.pa);
	fflush(stdout);
	r = hc(HYPCORE_IOC_EXEC_PHYS, &x);
	check(false, "xn.fetch-never-returns", "EXEC_PHYS returned %s", status_name(r));
	return 1;
}
