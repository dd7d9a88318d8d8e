/* SPDX-License-Identifier: MIT */
/*
 * A readable tree of one VM's tables: every non-zero entry, indented by
 * level, with the IPA each leaf maps. Table memory is read under the VM's
 * lock, as the core itself would.
 */
#include <hypcore/npt.h>
#include <hypcore/phys.h>

#include "sim.h"

static const char *const indent[4] = {"", "  ", "    ", "      "};

static void dump_table(struct sim *s, u64 table, u32 level, u64 ipa_base)
{
	for (u64 i = 0; i < 512; i++) {
		u64 e = phys_load(table + 8 * i);
		u64 ipa = ipa_base | i << (39 - 9 * level);

		if (!e)
			continue;
		if (level == 3) {
			fprintf(s->out, "%sl3[0x%llx] page 0x%llx ipa 0x%llx\n", indent[level],
				(unsigned long long)i, (unsigned long long)e,
				(unsigned long long)ipa);
		} else if (level == 2 && (e & 3) != 3) {
			fprintf(s->out, "%sl2[0x%llx] block 0x%llx ipa 0x%llx\n", indent[level],
				(unsigned long long)i, (unsigned long long)e,
				(unsigned long long)ipa);
		} else {
			fprintf(s->out, "%sl%u[0x%llx] table 0x%llx\n", indent[level], level,
				(unsigned long long)i, (unsigned long long)phys_page(e));
			dump_table(s, phys_page(e), level + 1, ipa);
		}
	}
}

void sim_dump(struct sim *s, u32 vmid)
{
	struct npt_pool_usage u;
	u64 vttbr;

	npt_vttbr(vmid, &vttbr);
	npt_lock(vmid);
	npt_pool_usage(vmid, &u);
	fprintf(s->out, "vm %u vttbr 0x%llx root 0x%llx next 0x%llx 0x%llx 0x%llx\n", vmid,
		(unsigned long long)vttbr, (unsigned long long)u.root,
		(unsigned long long)u.pgd_next, (unsigned long long)u.pud_next,
		(unsigned long long)u.pmd_next);
	dump_table(s, u.root, 0, 0);
	npt_unlock(vmid);
}
