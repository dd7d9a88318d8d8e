/* SPDX-License-Identifier: MIT */
/*
 * Before the machine is reset or powered off at the host's request: every
 * page a VM owns is zeroed and cleaned to memory. Otherwise a VM's
 * data would outlive it in RAM, and whatever runs after the reset
 * (the host's next boot, firmware, anything loaded in its place) could
 * read it: the attack is "reboot and look". Pages the host owns (shared
 * ones included: the host could read them anyway) and the core's are
 * left as they are.
 */
#include <hypcore/arch.h>
#include <hypcore/owner.h>
#include <hypcore/phys.h>

u64 owner_zero_all_donated(void (*clean)(u64 pa))
{
	const struct owner_config *c = owner_config();
	u64 n = 0;

	for (u64 pa = c->ram_start; pa < c->ram_end; pa += SZ_4K) {
		u32 owner = OWNER_HOST, shares = 0;

		BUG_ON(owner_get(pa, &owner, &shares) != 0); /* checks the lock, too */
		if (owner == OWNER_HOST || owner == OWNER_CORE)
			continue;
		phys_zero_page(pa);
		if (clean)
			clean(pa);
		n++;
	}
	return n;
}
