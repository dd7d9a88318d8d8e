/* SPDX-License-Identifier: MIT */
/*
 * The EL2 console: QEMU virt's PL011 UART, usable from the first
 * instruction (no set-up: QEMU's model transmits without being enabled).
 *
 * Two ways to print, because of FP/SIMD registers:
 *  - con_puts / con_hex / con_dec are our own and use only general-purpose
 *    registers; they are safe anywhere, also while the host is running
 *    (its FP/SIMD/SVE state lives in registers we do not save) and before
 *    the MMU is on (no unaligned accesses, see -mstrict-align).
 *  - con_printf formats with picolibc's vsnprintf, which copies its state
 *    with q0/q1; it is only for the boot log of a CPU whose host context
 *    does not exist yet (before the first entry to EL1 on that CPU), and
 *    only with the MMU on.
 */
#ifndef HYPCORE_ARM64_CONSOLE_H
#define HYPCORE_ARM64_CONSOLE_H

#include <hypcore/types.h>

#define PL011_BASE 0x09000000ULL

/* Serialise whole lines between CPUs. Re-entrant on the owning CPU. */
void con_lock(void);
void con_unlock(void);
/*
 * con_lock for the fail-stop: gives up after `ms` milliseconds of the
 * generic counter (the owner may be a CPU that will never let go);
 * false = not taken, print anyway.
 */
bool con_lock_bounded(u64 ms);

void con_putc(char c);
void con_puts(const char *s);
void con_hex(u64 v); /* 0x%016lx */
void con_dec(u64 v);

/* Locked printf-style line(s), through picolibc: boot log only (see above). */
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
