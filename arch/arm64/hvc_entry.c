/* SPDX-License-Identifier: MIT */
/*
 * HVC from the host: the dispatcher reads x0..x17 in the trap frame and
 * writes the answer into its x0..x3, which the vector's exit restores.
 * ELR already points after the HVC. The dispatcher is our own
 * general-register-only code, so the host's FP/SIMD state is untouched.
 */
#include <hypcore/hvc.h>

#include "trap.h"

void host_hvc(struct trap_frame *f)
{
	hvc_dispatch(&f->hvc);
}
