/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The ioctl interface of /dev/hypcore, shared by the hypcore.ko module and
 * the hypctl tool. One ioctl per hypercall of include/hypcore/hvc_abi.h,
 * plus MAP, where the module allocates the memory it hands to the VM.
 *
 * Every field is a __u64, so the layout is the same for every ABI. A failed
 * ioctl returns -1 with errno set to the core's error (EINVAL, EEXIST,
 * ENOMEM, EFAULT, EPERM: hypcore's status values are Linux errno values).
 */
#ifndef HYPCORE_UAPI_H
#define HYPCORE_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define HYPCORE_DEVICE "/dev/hypcore"
#define HYPCORE_IOC_MAGIC 0xb7

/* INFO: what the Call UID and Revision queries answered at load time. */
struct hypcore_info {
	__u64 uid[4];		/* w0..w3 of the Call UID */
	__u64 major;
	__u64 minor;
};

/* VM_CREATE flags (at most one). */
#define HYPCORE_VM_PRIVATE	(1ULL << 0)	/* pages MAP hands over are donated */
#define HYPCORE_VM_PROTECTED	(1ULL << 1)	/* donated, and no UNMAP, no replacing */

/*
 * VM_CREATE (flags in, vmid out) and VM_DESTROY (vmid in). Without flags
 * the VM is shared: the memory MAP gives it stays the host's too, and
 * LOAD / STORE reach it. With HYPCORE_VM_PRIVATE every page MAP gives it
 * is donated: it leaves the host's stage-2 (the host faults if it touches
 * it; LOAD / STORE answer EPERM) until UNMAP or VM_DESTROY, after which
 * the core has zeroed it and the module frees it. HYPCORE_VM_PROTECTED
 * (ABI 2.0) donates as private, and the core refuses UNMAP (EPERM) and
 * any leaf where one is mapped (EEXIST): pages come back at VM_DESTROY.
 */
struct hypcore_vm {
	__u64 vmid;
	__u64 flags;
};

/* MAP flags. */
#define HYPCORE_MAP_BLOCK	(1ULL << 0)	/* a 2 MiB block (level 2), else a 4 KiB page */
#define HYPCORE_MAP_RDONLY	(1ULL << 1)	/* S2AP read only: a store answers EPERM */

/*
 * MAP: the module allocates zeroed memory (4 KiB, or 2 MiB aligned 2 MiB)
 * and asks SET_NPT to map it read-write (read-only with
 * HYPCORE_MAP_RDONLY), never executable; the core composes the leaf. The
 * memory stays the module's until the leaf is unmapped, replaced or the
 * VM is destroyed.
 */
struct hypcore_map {
	__u64 vmid;	/* in */
	__u64 ipa;	/* in: aligned to the leaf size */
	__u64 flags;	/* in: HYPCORE_MAP_* */
	__u64 pa;	/* out: the physical address of the memory mapped */
};

/*
 * SET_NPT as the ABI has it (2.0): an output address and HVC_PERM_* bits
 * (include/hypcore/hvc_abi.h), both passed to the core unchecked. The raw
 * call, for tests.
 */
struct hypcore_set_npt {
	__u64 vmid;
	__u64 ipa;
	__u64 level;	/* 2 or 3 */
	__u64 pa;	/* output address, aligned to the leaf */
	__u64 perms;	/* HVC_PERM_R | HVC_PERM_W | HVC_PERM_X */
};

/*
 * UNMAP, WALK, LEVEL, LOAD, STORE. value is the STORE's input, and the
 * answer of WALK (descriptor), LEVEL (0, 2 or 3) and LOAD (the data).
 */
struct hypcore_access {
	__u64 vmid;
	__u64 ipa;
	__u64 value;
};

/* POOL_USAGE of one area (HVC_AREA_ROOT .. HVC_AREA_PMD, 0 .. 3). */
struct hypcore_pool_usage {
	__u64 vmid;	/* in */
	__u64 area;	/* in */
	__u64 used;	/* out: pages */
	__u64 total;	/* out: pages */
	__u64 start;	/* out: physical address of the area */
};

/*
 * PROBE: a test hook, not a hypercall. The module reads (or writes) 8 bytes
 * at a host physical address through its linear map, with the kernel's
 * fault-tolerant copy helpers, and reports EFAULT when the access faults.
 * Aimed at hypcore's own memory, it shows whether the host's stage-2 keeps
 * the host out. A write that is not stopped really writes value.
 */
struct hypcore_probe {
	__u64 pa;	/* in: 8-byte aligned, RAM the kernel knows (else EINVAL) */
	__u64 write;	/* in: 0 read, 1 write */
	__u64 value;	/* out for a read, in for a write */
};

/*
 * QUERY: a raw hypercall with a function id of the vendor-specific
 * hypervisor service that is not one of our calls (the Call UID and
 * Revision queries in either convention, and ids the core must answer
 * NOT_SUPPORTED). Our calls go through their own ioctls, so that the
 * module's records match the tables; QUERY refuses them with EINVAL.
 */
struct hypcore_query {
	__u64 id;	/* in: function id (w0) */
	__u64 arg[4];	/* in: x1..x4 */
	__u64 res[4];	/* out: x0..x3 as the core left them */
};

/*
 * DMA_EVENTS (ABI 1.2): what the core's SMMU stopped since boot. count
 * is the number of event records; of the last one, word 0 (event type
 * in bits [7:0], StreamID in [63:32]) and word 2 (the input address the
 * device used). All 0 when the core drives no SMMU.
 */
struct hypcore_dma_events {
	__u64 count;
	__u64 word0;
	__u64 addr;
};

/* SMC flags. */
#define HYPCORE_SMC_STUB_ENTRY	(1ULL << 0)	/* arg[1] := the parking stub's address */
#define HYPCORE_SMC_STUB_RELEASE (1ULL << 1)	/* no SMC: let the parked CPU go off */

/*
 * SMC: a test hook, not a hypercall. The module issues a raw SMC (SMCCC
 * 1.1: x0 = id, x1..x3 = arg) on the CPU the caller runs on, to test the
 * core's PSCI relay and SMCCC answers. Vendor-hypervisor ids are refused
 * (EINVAL): they have their own ioctls. With HYPCORE_SMC_STUB_ENTRY, arg[1]
 * (CPU_ON's entry point) is replaced by the physical address of a stub
 * the module keeps: a CPU started there (EL1, MMU off) waits until
 * HYPCORE_SMC_STUB_RELEASE, then calls PSCI CPU_OFF. stub is that
 * address, for matching the core's log.
 */
struct hypcore_smc {
	__u64 id;	/* in */
	__u64 arg[3];	/* in: x1..x3 */
	__u64 flags;	/* in: HYPCORE_SMC_* */
	__u64 res[4];	/* out: x0..x3 */
	__u64 stub;	/* out: the stub's physical address */
};

/*
 * EXEC_PHYS: a test hook, not a hypercall, and a fatal one. The module
 * maps the page at pa (a device page, never RAM: EINVAL) as executable
 * normal memory and calls into it. The host's stage-2 maps devices
 * execute-never, so the fetch is a stage-2 permission fault: hypcore
 * must inject it into the host (an oops there, which kills the caller),
 * not retry it forever. Returns only if the page really ran (a bug).
 */
struct hypcore_exec_phys {
	__u64 pa;	/* in: page-aligned, not RAM */
};

#define HYPCORE_IOC_INFO	_IOR(HYPCORE_IOC_MAGIC, 0, struct hypcore_info)
#define HYPCORE_IOC_VM_CREATE	_IOWR(HYPCORE_IOC_MAGIC, 1, struct hypcore_vm)
#define HYPCORE_IOC_VM_DESTROY	_IOW(HYPCORE_IOC_MAGIC, 2, struct hypcore_vm)
#define HYPCORE_IOC_MAP		_IOWR(HYPCORE_IOC_MAGIC, 3, struct hypcore_map)
#define HYPCORE_IOC_SET_NPT	_IOW(HYPCORE_IOC_MAGIC, 4, struct hypcore_set_npt)
#define HYPCORE_IOC_UNMAP	_IOW(HYPCORE_IOC_MAGIC, 5, struct hypcore_access)
#define HYPCORE_IOC_WALK	_IOWR(HYPCORE_IOC_MAGIC, 6, struct hypcore_access)
#define HYPCORE_IOC_LEVEL	_IOWR(HYPCORE_IOC_MAGIC, 7, struct hypcore_access)
#define HYPCORE_IOC_LOAD	_IOWR(HYPCORE_IOC_MAGIC, 8, struct hypcore_access)
#define HYPCORE_IOC_STORE	_IOW(HYPCORE_IOC_MAGIC, 9, struct hypcore_access)
#define HYPCORE_IOC_POOL_USAGE	_IOWR(HYPCORE_IOC_MAGIC, 10, struct hypcore_pool_usage)
#define HYPCORE_IOC_PROBE	_IOWR(HYPCORE_IOC_MAGIC, 11, struct hypcore_probe)
#define HYPCORE_IOC_QUERY	_IOWR(HYPCORE_IOC_MAGIC, 12, struct hypcore_query)
#define HYPCORE_IOC_DMA_EVENTS	_IOR(HYPCORE_IOC_MAGIC, 13, struct hypcore_dma_events)
#define HYPCORE_IOC_SMC		_IOWR(HYPCORE_IOC_MAGIC, 14, struct hypcore_smc)
#define HYPCORE_IOC_EXEC_PHYS	_IOW(HYPCORE_IOC_MAGIC, 15, struct hypcore_exec_phys)

/*
 * The VMM's interface (hypctl run): vCPUs and memory the module gives a
 * VM. Numbered from 32, apart from the calls above.
 */

/* VM_CREATE flag: the VM belongs to this open file of /dev/hypcore. */
#define HYPCORE_VM_FD_OWNED	(1ULL << 8)	/* destroyed when the file is closed */

/*
 * GUEST_PAGE: the module allocates a 4 KiB page, fills it with len bytes
 * from the caller's buffer at src (len 0: all zero; the rest of the page
 * is zero), and asks SET_NPT to map it at ipa with perms (HVC_PERM_*
 * bits: R 1, W 2, X 4). The page stays the module's until VM_DESTROY has
 * succeeded (in a protected VM the core has zeroed it by then). pa is
 * its physical address, for tests that probe it.
 */
struct hypcore_guest_page {
	__u64 vmid;	/* in */
	__u64 ipa;	/* in: 4 KiB aligned */
	__u64 perms;	/* in: HVC_PERM_* */
	__u64 src;	/* in: user address of the bytes to copy */
	__u64 len;	/* in: 0 .. 4096 */
	__u64 pa;	/* out */
};

/* VCPU_CREATE: vCPU index vcpu of vmid starts at entry with x0 = x0. */
struct hypcore_vcpu_create {
	__u64 vmid;
	__u64 vcpu;
	__u64 entry;
	__u64 x0;
};

/* VCPU_RUN flags (the core's HVC_RUN_*). */
#define HYPCORE_RUN_COMPLETE	(1ULL << 0)	/* the last DABT was emulated: value is the read */
#define HYPCORE_RUN_CHECK_HOST	(1ULL << 1)	/* compare the host's EL1 registers around each run */

/*
 * VCPU_RUN: run the vCPU until an exit the host must handle. How to
 * resume from the previous exit goes in: flags, value (what an emulated
 * read returns) and, after an HVC exit, the guest's x0..x3 in ret[].
 * Out: exit (HVC_EXIT_*) and its record rec[0..5] = the core's x2..x7,
 * as include/hypcore/hvc_abi.h describes each exit.
 *
 * The module handles HVC_EXIT_IRQ itself (the host's interrupt was taken
 * as the call returned): it reschedules if asked and runs the vCPU again,
 * with no resume flags. With a signal pending at such an exit the ioctl
 * fails with EINTR: the vCPU stopped cleanly, its last exit is the
 * interrupt, and the next VCPU_RUN must come with flags 0. irq_exits
 * counts the interrupt exits of this call.
 *
 * With HYPCORE_RUN_CHECK_HOST (a test's tool, not for speed), each call
 * into the core runs with interrupts off between two readings of the
 * host's EL1 registers the world switch must keep (the HC_HOST_REGS list
 * in the module); host_changed gets one bit per register that differed,
 * in that list's order. 0: a guest ran and the host cannot tell.
 */
struct hypcore_vcpu_run {
	__u64 vmid;	/* in */
	__u64 vcpu;	/* in */
	__u64 flags;	/* in: HYPCORE_RUN_* */
	__u64 value;	/* in */
	__u64 ret[4];	/* in */
	__u64 exit;	/* out */
	__u64 rec[6];	/* out */
	__u64 irq_exits;	/* out */
	__u64 host_changed;	/* out: with HYPCORE_RUN_CHECK_HOST */
};

#define HYPCORE_IOC_VCPU_CREATE	_IOW(HYPCORE_IOC_MAGIC, 32, struct hypcore_vcpu_create)
#define HYPCORE_IOC_VCPU_RUN	_IOWR(HYPCORE_IOC_MAGIC, 33, struct hypcore_vcpu_run)
#define HYPCORE_IOC_GUEST_PAGE	_IOWR(HYPCORE_IOC_MAGIC, 34, struct hypcore_guest_page)

#endif /* HYPCORE_UAPI_H */
