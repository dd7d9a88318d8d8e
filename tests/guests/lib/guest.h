/* SPDX-License-Identifier: MIT */
/*
 * The test guests' runtime: what start.S hands to guest_main, the PL011
 * console, the calls to the VMM, FNV-1a and the memory layout the guests
 * share. Guests run at EL1 with their MMU off at first, so every access
 * is to Device memory: naturally aligned only (the build adds
 * -mstrict-align), no DC ZVA, no exclusives or atomics.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "hypcore_guest.h"

/*
 * RAM layout, from GUEST_RAM_BASE:
 *   [0, 1 MiB)              the image (the linker script checks its size)
 *   [1 MiB, +8 KiB)         sync words between vCPUs (GUEST_SYNC_*)
 *   [1 MiB + 64 KiB, 2 MiB) stage-1 tables of pattern-mmu
 *   [2 MiB, top - stacks)   free: the pattern guests' area
 *   [top - 16 KiB * 16, top) stacks, vCPU i's below top - i * 16 KiB
 * The image is never written: the checksum is taken over it as loaded.
 */
#define GUEST_IMAGE_MAX	  0x100000ULL
#define GUEST_SYNC_BASE	  (GUEST_RAM_BASE + 0x100000ULL)
#define GUEST_PT_BASE	  (GUEST_RAM_BASE + 0x110000ULL)
#define GUEST_PT_END	  (GUEST_RAM_BASE + 0x200000ULL)
#define GUEST_FREE_BASE	  (GUEST_RAM_BASE + 0x200000ULL)
#define GUEST_STACK_SIZE  0x4000ULL
#define GUEST_MAX_VCPUS	  16
#define GUEST_STACKS_SIZE (GUEST_STACK_SIZE * GUEST_MAX_VCPUS)
#define GUEST_MIN_MIB	  2 /* start.S exits with status 1 below this */

/* Exit statuses (GUEST_HVC_EXIT x1) the guests use. */
#define GUEST_STATUS_OK	       0 /* all went as planned */
#define GUEST_STATUS_FAIL      1 /* a check failed, or the machine is not what the guest needs */
#define GUEST_STATUS_CAME_BACK 2 /* mmio-unknown: the access the VMM cannot serve returned */
#define GUEST_STATUS_UNDEF     3 /* undef: its own handler took the undefined instruction */
#define GUEST_STATUS_EXCEPTION 4 /* an exception the guest did not plan for */

/* What start.S learnt from x0 at entry. */
struct guest_boot {
	unsigned vcpu;
	unsigned nvcpus; /* at least 1 */
	unsigned mib;
	uint64_t ram_end;
};

/* Each guest's own code; its return value is the exit status. */
int guest_main(const struct guest_boot *boot);

/*
 * Called by the vector table (vectors.S) for any exception taken to EL1,
 * with the vector's offset (0x000 .. 0x780). The default (exception.c)
 * reports ESR_EL1 and exits with GUEST_STATUS_EXCEPTION; a guest that
 * expects an exception defines its own.
 */
void guest_on_exception(unsigned long vector) __attribute__((noreturn));

/* The PL011 console. Lines end with '\n' only. */
void guest_putc(char c);
void guest_puts(const char *s);
void guest_put_hex(uint64_t v); /* 0x-prefixed, no leading zeros */
void guest_put_dec(uint64_t v);

/* Calls to the VMM (HVC #0). */
uint64_t guest_report(uint64_t what, uint64_t value);
void guest_exit(uint64_t status) __attribute__((noreturn));
void guest_system_off(void) __attribute__((noreturn));
void guest_cpu_off(void) __attribute__((noreturn));

/* FNV-1a 64 of n bytes at p, read one byte at a time. */
uint64_t guest_fnv1a64(const volatile uint8_t *p, uint64_t n);

/* The loaded image: [__image_start, __image_end), from the linker script. */
extern const uint8_t __image_start[], __image_end[];

static inline uint64_t guest_image_size(void)
{
	return (uint64_t)(__image_end - __image_start);
}

/* Aligned 64-bit accesses that the compiler keeps as written. */
static inline void guest_write64(uint64_t addr, uint64_t v)
{
	*(volatile uint64_t *)addr = v;
}

static inline uint64_t guest_read64(uint64_t addr)
{
	return *(volatile uint64_t *)addr;
}

/* The exception registers, for the guests' handlers. */
static inline uint64_t guest_esr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, esr_el1" : "=r"(v));
	return v;
}

static inline uint64_t guest_elr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, elr_el1" : "=r"(v));
	return v;
}

static inline uint64_t guest_far(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, far_el1" : "=r"(v));
	return v;
}

/* Orders this vCPU's memory accesses before its later ones, for all vCPUs. */
static inline void guest_barrier(void)
{
	__asm__ volatile("dmb sy" ::: "memory");
}

#endif
