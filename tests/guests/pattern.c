/* SPDX-License-Identifier: MIT */
/*
 * pattern: the pattern pass (lib/pattern.c) with the MMU off, so every
 * access is a Device access translated by stage 2 alone. vCPU 0 exits with
 * the status; the others turn themselves off when their share is done.
 */
#include "pattern_pass.h"

int guest_main(const struct guest_boot *boot)
{
	int status = GUEST_STATUS_FAIL;

	if (pattern_fits(boot, "pattern"))
		status = pattern_run(boot, "pattern");
	if (boot->vcpu != 0)
		guest_cpu_off();
	return status;
}
