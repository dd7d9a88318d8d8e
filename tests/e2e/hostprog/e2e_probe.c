// SPDX-License-Identifier: MIT
/*
 * The host cannot read or write hypcore's memory: the module's PROBE
 * touches the image and every VM's page-table pool through the kernel's
 * linear map with the fault-tolerant copy helpers. hypcore keeps that
 * memory out of the host's stage-2, reflects the abort into the host, the
 * helpers report it (efault), and the host carries on: ordinary RAM next
 * to it still reads, and a hypercall still answers, after every fault.
 */
#include <errno.h>
#include <stdio.h>

#include "e2e.h"

struct target {
	const char *name;
	u64 pa;
};

static void one(const struct target *t, bool write)
{
	char n[96];
	u64 value = 0x5a5a5a5a5a5a5a5aULL, lvl = 1;

	snprintf(n, sizeof(n), "probe.%s-%s.efault", write ? "write" : "read", t->name);
	check_status(n, -EFAULT, probe(t->pa, write, &value));
	snprintf(n, sizeof(n), "probe.%s-%s.host-still-answers", write ? "write" : "read", t->name);
	check(!level(0, HOST_RAM_PA, &lvl) && lvl == 2, n, "level of host RAM: %llu",
	      (unsigned long long)lvl);
}

int run_probe(void)
{
	static const struct target targets[] = {
	    {"image-start", IMAGE_START},	  {"image-mid", IMAGE_START + 0x10000},
	    {"pool-start", POOL_START},		  {"pool-vm1-root", POOL_START + SZ_2M},
	    {"pool-mid", POOL_START + 0x1000008}, {"pool-last-word", POOL_END - 8},
	};
	unsigned int i;
	u64 value = 0, before = 0;

	check_status("probe.read-host-ram", 0, probe(HOST_RAM_PA, false, &before));
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		one(&targets[i], false);
		one(&targets[i], true);
	}
	check_status("probe.misaligned.einval", -EINVAL, probe(HOST_RAM_PA + 4, false, &value));
	check_status("probe.after-faults-host-ram-reads", 0, probe(HOST_RAM_PA, false, &value));
	return 0;
}
