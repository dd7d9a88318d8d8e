/* SPDX-License-Identifier: MIT */
/*
 * The machine `hypctl run` gives a guest: what the test guests in
 * tests/guests/ are built for, and what hypctl emulates. Only constants,
 * so that freestanding guests, hypctl and tests can all include it.
 *
 * Memory: RAM at GUEST_RAM_BASE, as many MiB as `hypctl run --mem` asks
 * (default GUEST_RAM_DEFAULT_MIB). The image is loaded at the start of
 * RAM; pages are mapped when the guest first touches them (a stage-2
 * fault that hypctl answers with SET_NPT, read/write/execute).
 *
 * Boot: every vCPU starts at the entry (default: GUEST_RAM_BASE) at EL1,
 * MMU off, interrupts masked, x0 = GUEST_X0_SMP(vcpu index, vCPU count,
 * RAM MiB), every other register 0. A guest that splits work between its
 * vCPUs needs the count; a count of 0 (a VMM that sets x0 with GUEST_X0)
 * is read as 1.
 *
 * UART: a PL011 at GUEST_UART_BASE (4 KiB). Writes to UARTDR print a
 * byte; reads of UARTFR answer 0 (never busy); the other registers read
 * 0 and ignore writes. hypctl prints each guest line on its own output,
 * prefixed with "vm<N>: ".
 *
 * Calls (HVC #0, SMCCC registers: x0 = function id, x1.. arguments):
 *   GUEST_HVC_REPORT   x1 = what (GUEST_REPORT_*), x2 = value
 *                      hypctl prints "vm<N>: report <what> 0x<value>"
 *                      and answers x0 = 0.
 *   GUEST_HVC_EXIT     x1 = status: the guest is done; hypctl stops the
 *                      VM and exits with that status.
 *   PSCI_SYSTEM_OFF    the VM is done, status 0 (the core ends its run).
 *   PSCI_CPU_OFF       this vCPU is done; the others go on.
 *   anything else      x0 = -1 (SMCCC NOT_SUPPORTED).
 */
#ifndef HYPCORE_GUEST_H
#define HYPCORE_GUEST_H

#define GUEST_RAM_BASE	      0x40000000ULL
#define GUEST_RAM_DEFAULT_MIB 16
#define GUEST_UART_BASE	      0x09000000ULL
#define GUEST_UART_DR	      0x000
#define GUEST_UART_FR	      0x018

/*
 * x0 at entry: vCPU index in bits [7:0], vCPU count in bits [15:8], RAM
 * size in MiB in bits [31:16].
 */
#define GUEST_X0(vcpu, mib)		((unsigned long long)(vcpu) | ((unsigned long long)(mib) << 16))
#define GUEST_X0_SMP(vcpu, nvcpus, mib) (GUEST_X0(vcpu, mib) | ((unsigned long long)(nvcpus) << 8))
#define GUEST_X0_VCPU(x0)		((x0)&0xff)
#define GUEST_X0_NVCPUS(x0)		(((x0) >> 8) & 0xff)
#define GUEST_X0_MIB(x0)		(((x0) >> 16) & 0xffff)

#define GUEST_HVC_REPORT  0xC6001001U
#define GUEST_HVC_EXIT	  0xC6001002U
#define PSCI_CPU_OFF	  0x84000002U
#define PSCI_SYSTEM_OFF	  0x84000008U
#define PSCI_SYSTEM_RESET 0x84000009U

/* GUEST_HVC_REPORT kinds. */
#define GUEST_REPORT_CHECKSUM 1 /* FNV-1a 64 of the image as loaded (see below) */
#define GUEST_REPORT_PAGES    2 /* pages written with the pattern and read back intact */
#define GUEST_REPORT_ESR      3 /* an exception the guest took itself: ESR_EL1 */
#define GUEST_REPORT_VALUE    4 /* anything else worth printing */

/*
 * The checksum a guest reports: FNV-1a 64 over the bytes of its image, from
 * GUEST_RAM_BASE for the image file's size (the guest knows it from its
 * linker script), read from RAM after the pattern pass. hypctl computes
 * the same over the file it loaded and prints "checksum ok" or "checksum
 * MISMATCH".
 */
#define GUEST_FNV_OFFSET 0xcbf29ce484222325ULL
#define GUEST_FNV_PRIME	 0x100000001b3ULL

#endif
