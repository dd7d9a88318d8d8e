/* SPDX-License-Identifier: MIT */
/*
 * Controls of the host platform (arch/host): simulated physical memory, the
 * calling thread's CPU number, and what a panic does. Used by hypcore-sim,
 * the tests and the benchmarks; the core itself never includes this.
 */
#ifndef HYPCORE_ARCH_HOST_SIM_H
#define HYPCORE_ARCH_HOST_SIM_H

#include <hypcore/types.h>

/*
 * Simulated physical memory: sparse 4 KiB pages, all zero until written.
 * Two windows are legal: the table window (pool memory) and the data window
 * (what mem_load / mem_store may reach). A phys_load / phys_store outside
 * both is a core bug and panics.
 */
#define SIM_DATA_START 0x40000000ULL
#define SIM_DATA_END   0x80000000ULL

void sim_mem_set_windows(u64 table_start, u64 table_end, u64 data_start, u64 data_end);
/* Forget every page: all memory reads zero again. */
void sim_mem_reset(void);
/*
 * A copy of simulated memory as it is now (the fuzzer takes one of the booted
 * machine), and memory put back to it: pages backed since are forgotten, the
 * snapshot's pages get their words back. A restore requires that no reset
 * came in between, or that the same pages were written in the same order
 * since (a boot repeated); it panics otherwise.
 */
void sim_mem_snapshot(void);
void sim_mem_restore(void);
/* 0 if memory reads as the snapshot does, else the address of a page that differs, | 1. */
u64 sim_mem_diff_snapshot(void);
/* The backing words of the page holding pa, or NULL if never written. */
const u64 *sim_mem_page(u64 pa);
/* Pages of simulated memory currently backed (ever written since reset). */
u64 sim_mem_pages_backed(void);

/* CPU number of the calling thread (default 0). */
void sim_cpu_set(u32 cpu);

/*
 * Called by arch_panic() instead of aborting, when set. A test sets it to a
 * function that longjmps back, to check that a broken invariant is caught.
 * It must not return.
 */
extern void (*sim_panic_hook)(const char *file, int line, const char *msg);

/*
 * The guest, in the host build (vcpu_sim.c): called where the EL2 image
 * would enter it; it edits the context as the guest would and fills trap.
 */
struct vcpu_ctx;
struct vcpu_trap;
extern void (*sim_guest_hook)(struct vcpu_ctx *ctx, u64 vttbr, struct vcpu_trap *trap);

/*
 * Cache maintenance the core asks for (there are no caches here): a test
 * that sets the hook sees each request, in order, with the core's locks
 * as they are at that moment, and can check what has happened so far.
 */
enum sim_cache_op { SIM_DCACHE_CLEAN_INVAL, SIM_ICACHE_INVAL_ALL };
extern void (*sim_cache_hook)(enum sim_cache_op op, u64 pa, u64 size);

/*
 * What arch_s2fwb() answers: guests run with stage-2 forced write-back
 * (FEAT_S2FWB). False unless a test sets it, before it creates a VM.
 */
extern bool sim_s2fwb;

/* Number of TLB invalidations the core asked for (break-before-make). */
u64 sim_tlb_flushes(void);

#endif
