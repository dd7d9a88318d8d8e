/* SPDX-License-Identifier: MIT */
/*
 * HVC from the host: the saved x0..x17 go to the core's dispatcher, which
 * writes the answer into x0..x3. ELR already points after the HVC. The
 * dispatcher is our own general-register-only code, so the host's FP/SIMD
 * state is untouched.
 */
#include <hypcore/hvc.h>

#include "trap.h"

void host_hvc(struct trap_frame *f)
{
	struct hvc_regs r;

	for (int i = 0; i < HVC_NR_REGS; i++)
		r.x[i] = f->x[i];
	hvc_dispatch(&r);
	for (int i = 0; i < 4; i++)
		f->x[i] = r.x[i];
}
