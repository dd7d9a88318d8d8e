/* SPDX-License-Identifier: MIT */
/*
 * The GICv3 redistributors' LPI controls, kept from the host.
 *
 * A redistributor with LPIs enabled reads its LPI configuration table and
 * its pending table from the memory GICR_PROPBASER and GICR_PENDBASER
 * name, and writes the pending table. A host that could program them
 * would make the GIC write into any page (the core's, a VM's donated pages)
 * and turn the bits of such a page into interrupts it can watch. QEMU 10's
 * GICv3 keeps LPIs even with `its=off`, so they cannot be left inert: the
 * first 4 KiB of every RD_base frame, where those registers and
 * GICR_CTLR.EnableLPIs live, stays out of the host's stage-2, and each
 * access the host makes there traps here and is carried out on the real
 * register with LPIs hidden:
 *
 *   GICR_TYPER     PLPIS and DirectLPI read as 0 (Linux then uses no LPIs)
 *   GICR_CTLR      a write never sets EnableLPIs
 *   PROPBASER, PENDBASER, SETLPIR, CLRLPIR, INVLPIR, INVALLR
 *                  read as zero, writes ignored
 *   the rest       (IIDR, STATUSR, WAKER, SYNCR, ...) as the hardware does
 *
 * Only 32- and 64-bit aligned accesses with a valid syndrome (ISV) are
 * emulated; anything else is refused like an unmapped address.
 */
#include <hypcore/mmio.h>

#include "gicr_trap.h"
#include "sysreg.h"

#define GICR_CTLR	      0x0000
#define GICR_TYPER	      0x0008
#define GICR_SETLPIR	      0x0040
#define GICR_CLRLPIR	      0x0048
#define GICR_PROPBASER	      0x0070
#define GICR_PENDBASER	      0x0078
#define GICR_INVLPIR	      0x00a0
#define GICR_INVALLR	      0x00b0
#define GICR_CTLR_ENABLE_LPIS (1ULL << 0)
#define GICR_TYPER_PLPIS      (1ULL << 0)
#define GICR_TYPER_DIRECT_LPI (1ULL << 3)
#define TRAPPED_BYTES	      0x1000ULL

/* ISS of a data abort: valid syndrome, access size, register, direction. */
#define ISS_ISV	      (1ULL << 24)
#define ISS_SAS_SHIFT 22
#define ISS_SRT_SHIFT 16
#define ISS_WNR	      (1ULL << 6)

static u64 region_base, region_frames;

void gicr_trap_setup(u64 base, u64 size)
{
	region_base = base;
	region_frames = size / GICR_FRAME_SIZE;
}

bool gicr_trap_page(u32 i, u64 *page)
{
	if (i >= region_frames)
		return false;
	*page = region_base + i * GICR_FRAME_SIZE;
	return true;
}

/* The register at offset off of an RD_base page is an LPI control the host never sees. */
static bool lpi_register(u64 off)
{
	u64 reg = off & ~7ULL;

	return reg == GICR_SETLPIR || reg == GICR_CLRLPIR || reg == GICR_PROPBASER ||
	       reg == GICR_PENDBASER || reg == GICR_INVLPIR || reg == GICR_INVALLR;
}

static u64 emulate_read(u64 pa, u64 off, u32 size)
{
	u64 val;

	if (lpi_register(off))
		return 0;
	val = size == 8 ? mmio_read64(pa) : mmio_read32(pa);
	if (off == GICR_TYPER)
		val &= ~(GICR_TYPER_PLPIS | GICR_TYPER_DIRECT_LPI);
	return val;
}

static void emulate_write(u64 pa, u64 off, u32 size, u64 val)
{
	if (lpi_register(off))
		return;
	if (off == GICR_CTLR)
		val &= ~GICR_CTLR_ENABLE_LPIS;
	if (size == 8)
		mmio_write64(pa, val);
	else
		mmio_write32(pa, (u32)val);
}

bool gicr_trap_emulate(struct trap_frame *f, u64 esr, u64 ipa)
{
	u64 rel = ipa - region_base, off = rel % GICR_FRAME_SIZE;
	u32 size = 1U << ((esr >> ISS_SAS_SHIFT) & 3);
	u32 srt = (esr >> ISS_SRT_SHIFT) & 0x1f;

	if (ipa < region_base || rel / GICR_FRAME_SIZE >= region_frames || off >= TRAPPED_BYTES)
		return false;
	if (((esr >> ESR_EC_SHIFT) & ESR_EC_MASK) != EC_DABT_LOW || !(esr & ISS_ISV) ||
	    (size != 4 && size != 8) || (ipa & (size - 1)))
		return false;
	if (esr & ISS_WNR) {
		emulate_write(ipa, off, size, srt == 31 ? 0 : f->x[srt]);
	} else {
		u64 val = emulate_read(ipa, off, size);

		if (srt != 31)
			f->x[srt] = val;
	}
	f->elr += 4; /* the host is AArch64: every trapped access is one 32-bit instruction */
	return true;
}
