/* SPDX-License-Identifier: MIT */
/*
 * The smoke test's EL2 stub: runs one test guest on QEMU virt without
 * hypcore or hypctl, to check the guests themselves. QEMU loads the
 * guest's .bin at STUB_STAGING (its DTB sits at the start of RAM) and
 * the machine word at STUB_CONFIG (GUEST_X0_SMP of vCPU 0); CPU 0 copies
 * the image to GUEST_RAM_BASE and starts the other CPUs with PSCI (SMC:
 * QEMU's own). No stage 2: the guest's addresses are the machine's. The
 * calls of hypcore_guest.h are printed on the UART, "stub: ..." lines,
 * but CPU_OFF (the stub's output is not serialized between CPUs).
 */
#include <stdint.h>

#include "hypcore_guest.h"

#define STUB_STAGING   0x49000000ULL
#define STUB_CONFIG    0x48200000ULL
#define STUB_IMAGE_MAX 0x100000ULL
#define PSCI_CPU_ON    0xc4000003ULL
#define ESR_EC_HVC64   0x16

uint64_t stub_cpu(uint64_t cpu);
void stub_hvc(uint64_t *regs);
extern char _start[];

static void out(const char *s)
{
	while (*s)
		*(volatile uint32_t *)(GUEST_UART_BASE + GUEST_UART_DR) = (uint8_t)*s++;
}

static void out_hex(uint64_t v)
{
	char buf[19] = "0x";
	int shift = 60, n = 2;

	while (shift > 0 && ((v >> shift) & 0xf) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		buf[n++] = "0123456789abcdef"[(v >> shift) & 0xf];
	buf[n] = 0;
	out(buf);
}

static uint64_t smc(uint64_t fn, uint64_t a1, uint64_t a2)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = 0;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	return x0;
}

static void __attribute__((noreturn)) power_off(void)
{
	smc(PSCI_SYSTEM_OFF, 0, 0);
	for (;;)
		;
}

/* Returns the guest's x0 for this CPU. */
uint64_t stub_cpu(uint64_t cpu)
{
	uint64_t config = *(volatile uint64_t *)STUB_CONFIG;
	unsigned nvcpus = GUEST_X0_NVCPUS(config) ? GUEST_X0_NVCPUS(config) : 1;

	if (cpu == 0) {
		for (uint64_t off = 0; off < STUB_IMAGE_MAX; off += 8)
			*(volatile uint64_t *)(GUEST_RAM_BASE + off) =
			    *(volatile uint64_t *)(STUB_STAGING + off);
		__asm__ volatile("dsb sy\n ic iallu\n dsb sy\n isb" ::: "memory");
		for (unsigned c = 1; c < nvcpus; c++)
			smc(PSCI_CPU_ON, c, (uint64_t)_start);
	}
	return GUEST_X0_SMP(cpu, nvcpus, GUEST_X0_MIB(config));
}

void stub_hvc(uint64_t *regs)
{
	uint64_t esr;

	__asm__ volatile("mrs %0, esr_el2" : "=r"(esr));
	if ((esr >> 26) != ESR_EC_HVC64) {
		out("stub: unexpected ESR_EL2 ");
		out_hex(esr);
		out("\n");
		power_off();
	}
	switch (regs[0]) {
	case GUEST_HVC_REPORT:
		out("stub: report ");
		out_hex(regs[1]);
		out(" ");
		out_hex(regs[2]);
		out(" (x3..x5 ");
		for (int i = 3; i <= 5; i++) {
			out_hex(regs[i]);
			out(i < 5 ? " " : ")\n");
		}
		regs[0] = 0;
		return;
	case GUEST_HVC_EXIT:
		out("stub: exit ");
		out_hex(regs[1]);
		out("\n");
		power_off();
	case PSCI_SYSTEM_OFF:
		out("stub: system off\n");
		power_off();
	case PSCI_CPU_OFF: /* silent: it may race with another CPU's lines */
		smc(PSCI_CPU_OFF, 0, 0);
		for (;;)
			;
	default:
		regs[0] = (uint64_t)-1;
	}
}
