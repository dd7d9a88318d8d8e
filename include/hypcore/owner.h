/* SPDX-License-Identifier: MIT */
/*
 * Page ownership: who each 4 KiB page of RAM belongs to.
 *
 * Every page of RAM has one record: its owner (the host, the core itself,
 * or one VM) and a share count (how many VM leaves map it while the host
 * keeps it). The records live in memory the platform hands over at init
 * (reserved RAM at EL2, calloc on the host) and are guarded by one lock,
 * the owner lock. Lock order: a VM's NPT lock, then the host's (vmid 0)
 * NPT lock, then the SPT lock (core/spt), then the owner lock.
 *
 * The rules (issue 5), checked before anything is written:
 *   - a VM may map only host-owned RAM. Donated (the default): the page
 *     must have no shares; it becomes the VM's and leaves the host's
 *     stage-2. Shared (shared VMs only): the host keeps it, the
 *     share count goes up.
 *   - a 2 MiB leaf claims all 512 pages at once, all or nothing.
 *   - core pages, another VM's pages, pages outside RAM: -HC_EPERM; so is
 *     donating a page that is already donated, or already shared.
 *   - releasing a donated page zeroes it before the host gets it back.
 *
 * owner_* functions below that change or read records require the caller
 * to hold the owner lock (owner_lock); calling without it panics.
 */
#ifndef HYPCORE_OWNER_H
#define HYPCORE_OWNER_H

#include <hypcore/types.h>

/* Owners: a vmid (0 is the host), or the core. */
#define OWNER_HOST 0U
#define OWNER_CORE 0xffU

/* How a VM takes a page: it becomes the VM's, or the host lends it. */
enum owner_how { OWNER_DONATE, OWNER_SHARE };

/* Shares beyond this are refused (-HC_ENOMEM): the count would overflow. */
#define OWNER_MAX_SHARES 0xffffffU

/*
 * A record: owner in bits [31:24], share count in [23:0]. There is one per
 * page, and one per 2 MiB region of RAM in front of them: a region whose
 * 512 pages are held alike (all the host's, all donated to one VM, all
 * shared the same number of times) has its record there and its page
 * records are not used; donating or giving back a whole block is then one
 * record, not 512. A page-sized change inside such a region first copies
 * the region's record into its 512 page records (the region is "split").
 */
typedef u32 owner_rec_t;

/*
 * Where they are: records[0 .. pages) for the pages of RAM from ram_start,
 * then one per 2 MiB region from the one holding ram_start; a region's
 * record is OWNER_REGION_SPLIT when its page records hold its pages.
 */
#define OWNER_REGION_SPLIT 0xffffffffU

/* Records for RAM of `ram_bytes`: one per page, one per 2 MiB region it touches. */
#define OWNER_RECORDS(ram_bytes) ((ram_bytes) / SZ_4K + (ram_bytes) / SZ_2M + 2)

struct owner_config {
	u64 ram_start, ram_end; /* page-aligned; every page in between has a record */
	owner_rec_t *records;	/* OWNER_RECORDS(ram_end - ram_start) records */
	u64 host_ram_attrs;	/* attribute bits of the host's stage-2 RAM leaves */
	bool spt; /* keep the SPT (DMA's view, core/spt) in step with the host's stage-2 */
};

/* Bytes of records that RAM of `ram_bytes` needs. */
static inline u64 owner_records_size(u64 ram_bytes)
{
	return OWNER_RECORDS(ram_bytes) * sizeof(owner_rec_t);
}

/*
 * Make every page host-owned with no shares. -HC_EINVAL for an empty or
 * misaligned range, or no records. Not thread-safe; call once at boot
 * (again in tests), then owner_give_core for the core's own memory.
 */
int owner_init(const struct owner_config *c);

/* At boot: the pages of [start, end) belong to the core. -HC_EINVAL outside RAM. */
int owner_give_core(u64 start, u64 end);

void owner_lock(void);
void owner_unlock(void);

/* True when pa lies in RAM (has a record). No lock needed. */
bool owner_in_ram(u64 pa);

/* Owner and share count of the page holding pa; -HC_EINVAL outside RAM. */
int owner_get(u64 pa, u32 *owner, u32 *shares);

/*
 * May VM `vmid` (>= 1) take [pa, pa + size) (size 4 KiB or 2 MiB, pa
 * aligned to it) the way `how` says? 0, -HC_EPERM (a page outside RAM,
 * not the host's, or already shared when donating), -HC_ENOMEM (share
 * count full), -HC_EINVAL (bad vmid, size or alignment). Changes nothing.
 */
int owner_check_take(u32 vmid, u64 pa, u64 size, enum owner_how how);

/* Commit a take that owner_check_take allowed; a refused one panics. */
void owner_take(u32 vmid, u64 pa, u64 size, enum owner_how how);

/*
 * VM `vmid` stops mapping [pa, pa + size): each page it owns is zeroed and
 * goes back to the host, each shared page loses one share. Returns how
 * the pages were held (OWNER_DONATE or OWNER_SHARE). A page the VM neither
 * owns nor shares panics: the VM could not have mapped it.
 */
enum owner_how owner_give_back(u32 vmid, u64 pa, u64 size);

/* Are the pages of pa's 2 MiB region recorded one by one (true), or by the region's record? Lock
 * held. */
bool owner_region_split(u64 pa);

/* How VM `vmid` holds the page at pa: 1 owned, 0 shared (host-owned with shares), -1 neither. */
int owner_held_by(u32 vmid, u64 pa);

/*
 * System reset / power-off (owner_reset.c): zero every page a VM owns,
 * then call clean(pa) on it (the platform's clean to the point of
 * coherency; NULL for none), so that no VM's data outlives the machine's
 * reset. Records unchanged. Returns how many pages were zeroed. The
 * caller holds the owner lock (checked), and keeps it until the reset:
 * no page can be donated after the walk.
 */
u64 owner_zero_all_donated(void (*clean)(u64 pa));

/* The whole configuration (tests and the checker walk the records). */
const struct owner_config *owner_config(void);

/*
 * The rules applied to a VM's stage-2 and the host's together (owner_vm.c).
 * The caller holds VM `vmid`'s NPT lock (vmid >= 1); these take the host's
 * NPT lock and the owner lock themselves. Errors change nothing.
 */

/*
 * set_npt for a VM, claiming the leaf's pages the way `how` says. Donated
 * pages leave the host's stage-2 (its 2 MiB block is split first when one
 * page of it goes) and the SPT, and the SMMU has forgotten them before the
 * VM's leaf is written. A leaf this one replaces gives its pages back first.
 * Errors: those of set_npt, then eperm / enomem of owner_check_take, then
 * enomem when the host's pmd area has no room for the split.
 */
int owner_vm_map(u32 vmid, u64 ipa, u32 level, u64 pte, enum owner_how how);

/*
 * unmap_npt for a VM; the leaf's pages go back (donated ones zeroed, then
 * mapped again in the host's stage-2 and the SPT).
 */
int owner_vm_unmap(u32 vmid, u64 ipa);

/*
 * Unmap every leaf of the VM as owner_vm_unmap does (before npt_reset_vm,
 * and for every VM before a system off or reset). Returns how many pages
 * were zeroed (the donated ones).
 */
u64 owner_vm_release_all(u32 vmid);

/*
 * May the host reach the 8-byte word at ipa through VM vmid's tables
 * (mem_load / mem_store)? -HC_EPERM when it lands in a page the VM owns;
 * 0 otherwise (the access itself then decides efault and the rest).
 */
int owner_vm_host_access(u32 vmid, u64 ipa);

#endif
