/* SPDX-License-Identifier: MIT */
/*
 * The pattern pass: PATTERN_PAGES pages spread evenly over the free area
 * of RAM (from 2 MiB to the stacks), PATTERN_WORDS aligned words in each,
 * every word a function of its address. All of a vCPU's pages are written
 * before any is read back, so each page's first touch (a stage-2 fault the
 * VMM answers) happens while earlier pages hold data that must survive.
 *
 * vCPUs meet through done records in the sync area: a vCPU writes its
 * count, then (after a barrier) a tag made of a magic and its index.
 * Plain aligned loads and stores only: with the MMU off memory is Device,
 * where exclusives may fault. The tag also tells a record from whatever
 * the page held before (the VMM gives fresh pages).
 */
#include "pattern_pass.h"

#define DONE_BASE    (GUEST_SYNC_BASE + 0x1000ULL)
#define DONE_STRIDE  0x100ULL /* one record per 256 bytes: no cache line shared */
#define DONE_MAGIC   0xd0e5d0e5d0e50000ULL
#define WORD_SPACING 584ULL /* 7 * 584 = 4088: the page's last word */

struct area {
	uint64_t base;
	uint64_t stride; /* bytes between two pattern pages */
};

static struct area pattern_area(const struct guest_boot *boot)
{
	uint64_t end = boot->ram_end - GUEST_STACKS_SIZE;
	struct area a = {GUEST_FREE_BASE, 0};

	a.stride = ((end - a.base) / PATTERN_PAGES) & ~0xfffULL;
	return a;
}

static uint64_t pattern_word(uint64_t addr)
{
	return (addr * PATTERN_GOLDEN) ^ PATTERN_SEED;
}

static uint64_t word_addr(const struct area *a, unsigned page, unsigned word)
{
	return a->base + page * a->stride + word * WORD_SPACING;
}

static void write_share(const struct area *a, const struct guest_boot *boot)
{
	for (unsigned p = boot->vcpu; p < PATTERN_PAGES; p += boot->nvcpus)
		for (unsigned w = 0; w < PATTERN_WORDS; w++)
			guest_write64(word_addr(a, p, w), pattern_word(word_addr(a, p, w)));
}

/* How many of this vCPU's pages read back intact. */
static uint64_t check_share(const struct area *a, const struct guest_boot *boot)
{
	uint64_t intact = 0;

	for (unsigned p = boot->vcpu; p < PATTERN_PAGES; p += boot->nvcpus) {
		bool ok = true;

		for (unsigned w = 0; w < PATTERN_WORDS; w++)
			ok &= guest_read64(word_addr(a, p, w)) == pattern_word(word_addr(a, p, w));
		intact += ok;
	}
	return intact;
}

static uint64_t done_record(unsigned vcpu)
{
	return DONE_BASE + vcpu * DONE_STRIDE;
}

static void post_done(unsigned vcpu, uint64_t intact)
{
	guest_write64(done_record(vcpu) + 8, intact);
	guest_barrier();
	guest_write64(done_record(vcpu), DONE_MAGIC | vcpu);
}

static uint64_t wait_done(unsigned vcpu)
{
	while (guest_read64(done_record(vcpu)) != (DONE_MAGIC | vcpu))
		;
	guest_barrier();
	return guest_read64(done_record(vcpu) + 8);
}

static void print_plan(const char *name, const struct area *a, const struct guest_boot *boot)
{
	uint64_t last = word_addr(a, PATTERN_PAGES - 1, 0);

	guest_puts(name);
	guest_puts(": ");
	guest_put_dec(PATTERN_PAGES);
	guest_puts(" pages of ");
	guest_put_dec(PATTERN_WORDS);
	guest_puts(" words from ");
	guest_put_hex(a->base);
	guest_puts(" to ");
	guest_put_hex(last);
	guest_puts(", ");
	guest_put_dec(((last >> 21) - (a->base >> 21)) + 1);
	guest_puts(" regions of 2 MiB, ");
	guest_put_dec(boot->nvcpus);
	guest_puts(" vcpu(s)\n");
}

bool pattern_fits(const struct guest_boot *boot, const char *name)
{
	if (boot->mib >= PATTERN_MIN_MIB && boot->nvcpus <= GUEST_MAX_VCPUS)
		return true;
	if (boot->vcpu == 0) {
		guest_puts(name);
		guest_puts(": needs at least 8 MiB and at most 16 vcpus, has ");
		guest_put_dec(boot->mib);
		guest_puts(" MiB and ");
		guest_put_dec(boot->nvcpus);
		guest_puts(" vcpu(s)\n");
	}
	return false;
}

int pattern_run(const struct guest_boot *boot, const char *name)
{
	struct area a = pattern_area(boot);
	uint64_t intact, sum;

	if (boot->vcpu == 0)
		print_plan(name, &a, boot);
	write_share(&a, boot);
	intact = check_share(&a, boot);
	if (boot->vcpu != 0) {
		post_done(boot->vcpu, intact);
		return GUEST_STATUS_OK;
	}
	for (unsigned v = 1; v < boot->nvcpus; v++)
		intact += wait_done(v);
	guest_report(GUEST_REPORT_PAGES, intact);
	sum = guest_fnv1a64(__image_start, guest_image_size());
	guest_report(GUEST_REPORT_CHECKSUM, sum);
	guest_puts(name);
	guest_puts(intact == PATTERN_PAGES ? ": all pages intact\n" : ": pages corrupted\n");
	return intact == PATTERN_PAGES ? GUEST_STATUS_OK : GUEST_STATUS_FAIL;
}
