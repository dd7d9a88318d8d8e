/* SPDX-License-Identifier: MIT */
/*
 * Fail-stop reports: the register dump of an unexpected exception, of an
 * EL2 stack overflow and of a panic, then the fail-stop (fail_stop.h:
 * one report per machine, a second entry parks). Uses only the FP-free
 * printers: a fault can come at any time, also before the MMU is on.
 * Marker strings (the boot test greps for them):
 *   "hypcore: unexpected exception"   an exception without a policy
 *   "hypcore: PANIC"                  a broken internal invariant
 *   "hypcore: fail-stop"              the machine is being stopped
 */
#include <hypcore/arch.h>

#include "console.h"
#include "fail_stop.h"
#include "semihost.h"
#include "stack.h"
#include "sysreg.h"
#include "trap.h"

/* Vector number = origin * 4 + kind (see trap.h). */
static const char *const vector_origin[4] = {"EL2 on SP_EL0", "EL2", "host (AArch64)",
					     "host (AArch32)"};
static const char *const vector_kind[4] = {"sync", "irq", "fiq", "serror"};

static const char *ec_name(u64 ec)
{
	switch (ec) {
	case EC_UNKNOWN:
		return "unknown reason";
	case EC_WFX:
		return "WFI/WFE";
	case EC_FP:
		return "FP/SIMD access";
	case EC_ILLEGAL:
		return "illegal execution state";
	case EC_SVC64:
		return "SVC (AArch64)";
	case EC_HVC64:
		return "HVC (AArch64)";
	case EC_SMC64:
		return "SMC (AArch64)";
	case EC_SYSREG:
		return "system register access";
	case EC_SVE:
		return "SVE access";
	case EC_IABT_LOW:
		return "instruction abort from a lower EL";
	case EC_IABT_CUR:
		return "instruction abort at EL2";
	case EC_PC_ALIGN:
		return "PC alignment fault";
	case EC_DABT_LOW:
		return "data abort from a lower EL";
	case EC_DABT_CUR:
		return "data abort at EL2";
	case EC_SP_ALIGN:
		return "SP alignment fault";
	case EC_SERROR:
		return "SError";
	case EC_BRK64:
		return "BRK (AArch64)";
	default:
		return "other (see the Arm ARM ESR_EL2.EC table)";
	}
}

static void show(const char *name, u64 v)
{
	con_puts(name);
	con_hex(v);
}

static void dump_sysregs(u64 esr)
{
	show("  ESR_EL2   ", esr);
	con_puts("  EC ");
	con_hex((esr >> ESR_EC_SHIFT) & ESR_EC_MASK);
	con_puts(" = ");
	con_puts(ec_name((esr >> ESR_EC_SHIFT) & ESR_EC_MASK));
	show("\n  FAR_EL2   ", read_sysreg(far_el2));
	show("  HPFAR_EL2 ", read_sysreg(hpfar_el2));
	show("\n  ELR_EL2   ", read_sysreg(elr_el2));
	show("  SPSR_EL2  ", read_sysreg(spsr_el2));
	show("\n  HCR_EL2   ", read_sysreg(hcr_el2));
	show("  VTTBR_EL2 ", read_sysreg(vttbr_el2));
	con_puts("\n");
}

static void dump_gprs(const struct trap_frame *f)
{
	for (int i = 0; i < 31; i++) {
		con_puts(i < 10 ? "  x" : " x");
		con_dec((u64)i);
		con_puts(" ");
		con_hex(f->x[i]);
		con_puts(i % 4 == 3 || i == 30 ? "\n" : "");
	}
	show("  frame ELR ", f->elr);
	show("  frame SPSR ", f->spsr);
	con_puts("\n");
}

static void report_exception(const struct trap_frame *f, u64 vector, const char *why)
{
	u64 esr = read_sysreg(esr_el2);

	con_puts("\nhypcore: unexpected exception on cpu ");
	con_dec(arch_cpu_id());
	con_puts(": ");
	con_puts(vector_kind[vector & 3]);
	con_puts(" from ");
	con_puts(vector_origin[(vector >> 2) & 3]);
	con_puts(" (");
	con_puts(why);
	con_puts(")\n");
	dump_sysregs(esr);
	dump_gprs(f);
}

_Noreturn void trap_fail_stop(const struct trap_frame *f, u64 vector, const char *why)
{
	fail_stop_begin();
	fail_stop_console();
	report_exception(f, vector, why);
	fail_stop_end(HC_EXIT_FAULT);
}

/* vectors.S found sp out of this CPU's stack; f is on the overflow stack. */
_Noreturn void trap_stack_overflow(const struct trap_frame *f, u64 vector)
{
	u64 slot = f->sp & ~(u64)(STACK_SLOT_SIZE - 1);

	fail_stop_begin();
	fail_stop_console();
	report_exception(f, vector,
			 "EL2 stack overflow: sp left the stack, report on the overflow stack");
	show("  SP        ", f->sp);
	show("  stack     ", slot + STACK_IN_SLOT);
	con_puts("..");
	con_hex(slot + STACK_SLOT_SIZE);
	con_puts("\n");
	fail_stop_end(HC_EXIT_FAULT);
}

/* The registers of the caller of arch_panic, as far as C can see them. */
static void capture_gprs(struct trap_frame *f)
{
	__asm__ volatile("stp x0, x1, [%0, #0]\n"
			 "stp x2, x3, [%0, #16]\n"
			 "stp x4, x5, [%0, #32]\n"
			 "stp x6, x7, [%0, #48]\n"
			 "stp x8, x9, [%0, #64]\n"
			 "stp x10, x11, [%0, #80]\n"
			 "stp x12, x13, [%0, #96]\n"
			 "stp x14, x15, [%0, #112]\n"
			 "stp x16, x17, [%0, #128]\n"
			 "stp x18, x19, [%0, #144]\n"
			 "stp x20, x21, [%0, #160]\n"
			 "stp x22, x23, [%0, #176]\n"
			 "stp x24, x25, [%0, #192]\n"
			 "stp x26, x27, [%0, #208]\n"
			 "stp x28, x29, [%0, #224]\n"
			 "str x30, [%0, #240]\n"
			 :
			 : "r"(f->x)
			 : "memory");
	f->elr = (u64)__builtin_return_address(0);
	f->spsr = 0;
}

_Noreturn void arch_panic(const char *file, int line, const char *msg)
{
	struct trap_frame f;

	capture_gprs(&f);
	fail_stop_begin();
	fail_stop_console();
	con_puts("\nhypcore: PANIC on cpu ");
	con_dec(arch_cpu_id());
	con_puts(" at ");
	con_puts(file);
	con_puts(":");
	con_dec((u64)line);
	con_puts(": ");
	con_puts(msg);
	con_puts("\n  (EL2 registers below describe the last exception, if any)\n");
	dump_sysregs(read_sysreg(esr_el2));
	dump_gprs(&f);
	fail_stop_end(HC_EXIT_FAULT);
}
