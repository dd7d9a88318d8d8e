/* SPDX-License-Identifier: MIT */
/*
 * pattern-mmu: the pattern pass with the guest's own stage 1 on (lib/mmu.c),
 * so that every access goes through both stages. vCPU 0 exits with the
 * status; the others turn themselves off when their share is done.
 */
#include "pattern_pass.h"

int guest_main(const struct guest_boot *boot)
{
	int status = GUEST_STATUS_FAIL;

	if (boot->vcpu == 0) {
		guest_puts("pattern-mmu: building stage-1 tables at ");
		guest_put_hex(GUEST_PT_BASE);
		guest_putc('\n');
	}
	if (pattern_fits(boot, "pattern-mmu") && mmu_enable(boot, "pattern-mmu"))
		status = pattern_run(boot, "pattern-mmu");
	if (boot->vcpu != 0)
		guest_cpu_off();
	return status;
}
