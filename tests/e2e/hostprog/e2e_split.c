// SPDX-License-Identifier: MIT
/*
 * The host's stage-2 can split every 2 MiB block of its RAM (issue 11,
 * item 6). A donated page splits the host's block that maps it, and each
 * split takes a level-3 table from the host's pool; a pool of 2 MiB (439
 * such tables) ran out long before RAM did. Here the test takes as much
 * of the host's free memory as it safely can (mlocked, physical addresses
 * from /proc/self/pagemap), picks one page in every 2 MiB block it got,
 * and donates each to one private VM: every donation must answer ok
 * (none enomem), more blocks than the old pool could split, each page
 * gone from the host's stage-2 and back after the VM is destroyed.
 *
 *   split-all   the above
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "e2e.h"

#define LEAF_RW	       (S2_ATTR_RW | S2_PAGE)
#define OLD_POOL_PMD   439	     /* level-3 tables of a 2 MiB pool */
#define SPARE_FOR_HOST (96ULL << 20) /* left to Linux, so nothing is pushed out */
#define MAX_BLOCKS     (1u << 14)    /* 32 GiB of RAM */
#define PM_CHUNK       4096	     /* pagemap entries read at once */

static u64 mem_available(void)
{
	char line[128];
	unsigned long long kb = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return (u64)kb << 10;
}

/* One page per 2 MiB block among the pages of [buf, buf + len): into pages[], count back. */
static unsigned one_page_per_block(const char *buf, u64 len, u64 *pages)
{
	static u64 pm[PM_CHUNK];
	static unsigned char seen[MAX_BLOCKS];
	int fd = open("/proc/self/pagemap", O_RDONLY);
	u64 first = (u64)(uintptr_t)buf / SZ_4K, n = len / SZ_4K;
	unsigned count = 0;

	if (fd < 0)
		return 0;
	for (u64 i = 0; i < n; i += PM_CHUNK) {
		u64 k = n - i < PM_CHUNK ? n - i : PM_CHUNK;

		if (pread(fd, pm, k * 8, (off_t)((first + i) * 8)) != (ssize_t)(k * 8))
			break;
		for (u64 j = 0; j < k; j++) {
			u64 pa = (pm[j] & ((1ULL << 55) - 1)) * SZ_4K;
			u64 b = (pa - RAM_START) / SZ_2M;

			if (!(pm[j] >> 63) || pa < RAM_START || b >= MAX_BLOCKS || seen[b])
				continue;
			seen[b] = 1;
			pages[count++] = pa;
		}
	}
	close(fd);
	return count;
}

static u64 host_level(u64 p)
{
	u64 l = 9;

	level(0, p, &l);
	return l;
}

int run_split_all(void)
{
	static u64 pages[MAX_BLOCKS];
	struct hypcore_pool_usage before, after;
	u64 avail = mem_available(), len, vm = 0, enomem = 0, other = 0, still = 0, back = 0;
	unsigned n, i;
	char *buf;

	if (!check(avail > SPARE_FOR_HOST, "split.memory-available", "MemAvailable %llu",
		   (unsigned long long)avail))
		return 1;
	len = (avail - SPARE_FOR_HOST) & ~(SZ_2M - 1);
	buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
		   -1, 0);
	if (!check(buf != MAP_FAILED && !mlock(buf, len), "split.user-pages", "%llu MiB: %s",
		   (unsigned long long)(len >> 20), strerror(errno)))
		return 1;
	n = one_page_per_block(buf, len, pages);
	printf("E2E-INFO: split-all %llu MiB taken, pages in %u blocks of 2 MiB\n",
	       (unsigned long long)(len >> 20), n);
	check(n > OLD_POOL_PMD, "split.more-blocks-than-a-2mib-pool", "%u blocks", n);
	check_status("split.pool-usage-before", 0, pool_usage(0, HVC_AREA_PMD, &before));
	check_status("split.create-private", 0, vm_create_flags(HYPCORE_VM_PRIVATE, &vm));
	for (i = 0; i < n; i++) {
		long r = set_npt(vm, (u64)(i + 1) * SZ_4K, 3, pages[i], PERM_RW);

		enomem += r == -ENOMEM;
		other += r && r != -ENOMEM;
		still += !r && host_level(pages[i]) != 0;
	}
	pool_usage(0, HVC_AREA_PMD, &after);
	printf("E2E-INFO: split-all host pmd pages %llu -> %llu of %llu\n",
	       (unsigned long long)before.used, (unsigned long long)after.used,
	       (unsigned long long)after.total);
	check_value("split.no-donation-enomem", 0, enomem);
	check_value("split.no-donation-refused", 0, other);
	check_value("split.donated-gone-from-host-s2", 0, still);
	check(after.used <= after.total && after.used >= n, "split.host-pmd-holds-every-block",
	      "used %llu total %llu blocks %u", (unsigned long long)after.used,
	      (unsigned long long)after.total, n);
	check_status("split.destroy", 0, vm_destroy(vm));
	for (i = 0; i < n; i++)
		back += host_level(pages[i]) != 3;
	check_value("split.pages-back-in-host-s2", 0, back);
	munmap(buf, len);
	return 0;
}
