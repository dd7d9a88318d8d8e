/* SPDX-License-Identifier: MIT */
/*
 * The hypercall ABI between the untrusted host (EL1) and hypcore (EL2).
 *
 * This file holds only constants, so that the host's kernel module and
 * user-space tools can include it as it is (no hypcore types, no libc).
 *
 * Convention: SMCCC 1.1 fast calls through HVC (or SMC, when the image
 * routes trapped SMCs here), owner 6 "vendor-specific hypervisor service".
 * Our calls use the SMC64 convention: function id 0xC6000000 | n.
 *
 *   in:  w0 = function id (the upper half of x0 is ignored, as SMCCC says)
 *        x1..x4 = arguments, by name below
 *   out: x0 = status: 0, or a negative error as a signed 64-bit value
 *        x1..x3 = results; every result register a call does not name,
 *        and all of them when the status is not 0, read 0
 *   x4..x17 are preserved (SMCCC 1.1).
 *
 * Argument registers are checked in full 64 bits: a vmid of 0x100000001
 * is not vmid 1, it is invalid. Every argument is checked before any state
 * changes, so a failed call has changed nothing.
 *
 * Status values (they equal Linux errno values, negated):
 *   -1  (HVC_EPERM)   not allowed: vmid 0 is the host's own stage-2, or the
 *                     leaf lacks the S2AP bit a load or store needs
 *   -12 (HVC_ENOMEM)  no free vmid, or a page-table pool area is full
 *   -14 (HVC_EFAULT)  load / store of an unmapped address, or one that does
 *                     not translate to RAM a VM may reach
 *   -17 (HVC_EEXIST)  the mapping conflicts with one of the other level
 *   -22 (HVC_EINVAL)  malformed argument: vmid out of range or not created,
 *                     address >= 2^48 or misaligned, level not 2 or 3,
 *                     output address or permissions SET_NPT refuses,
 *                     bad area, unknown flags
 *   -1  (HVC_NOT_SUPPORTED)  unknown function id (SMCCC's value)
 * -1 means both "eperm" and SMCCC's NOT_SUPPORTED; a caller that checked
 * the Call UID and the revision knows which ids exist, so for those ids
 * -1 means eperm.
 *
 * Standard queries (no arguments; x0 is data, not a status). SMCCC defines
 * them for the SMC32 convention (0x8600FFxx: what Linux's SMCCC helpers
 * send); the SMC64 spelling 0xC600FFxx gets the same answer.
 *
 *   0x8600FF01 Call UID   w0..w3 = HVC_UID_W0..W3 (the UUID below)
 *   0x8600FF03 Revision   w0 = HVC_REVISION_MAJOR, w1 = HVC_REVISION_MINOR
 *
 * Our calls (vmid 0 is the host, always exists, cannot be destroyed, and
 * its stage-2 can be read but never changed through this ABI):
 *
 *   id          name           arguments                  results
 *   0xC6000001  VM_CREATE      x1 = flags                 x1 = vmid
 *   0xC6000002  VM_DESTROY     x1 = vmid                  -
 *   0xC6000003  SET_NPT        x1 = vmid, x2 = ipa,       -
 *                              x3 = level (2 or 3),
 *                              x4 = output address (PA),
 *                              x5 = HVC_PERM_* bits
 *   0xC6000004  UNMAP          x1 = vmid, x2 = ipa        -
 *   0xC6000005  WALK           x1 = vmid, x2 = ipa        x1 = descriptor
 *   0xC6000006  LEVEL          x1 = vmid, x2 = ipa        x1 = 0, 2 or 3
 *   0xC6000007  MEM_LOAD       x1 = vmid, x2 = ipa        x1 = value
 *   0xC6000008  MEM_STORE      x1 = vmid, x2 = ipa,       -
 *                              x3 = value
 *   0xC6000009  POOL_USAGE     x1 = vmid, x2 = area       x1 = pages used,
 *                                                         x2 = pages total,
 *                                                         x3 = area start PA
 *   0xC600000A  DMA_EVENTS     -                          x1 = events seen,
 *                                                         x2 = last record
 *                                                              word 0,
 *                                                         x3 = last record
 *                                                              word 2
 *   0xC600000B  VCPU_CREATE    x1 = vmid, x2 = vcpu,      -
 *                              x3 = entry PC, x4 = x0
 *   0xC600000C  VCPU_RUN       x1 = vmid, x2 = vcpu,      x1 = HVC_EXIT_*,
 *                              x3 = HVC_RUN_* flags,      x2..x7 = its
 *                              x4 = value read,           record (below)
 *                              x5..x8 = HVC results
 *   VCPU_RUN is the one call that writes x4..x7: all of them on success.
 *
 * Errors of each call, besides einval for a vmid >= the number of VMs:
 *   VM_CREATE   einval: a flag other than HVC_VM_CREATE_SHARED in x1.
 *               enomem: every vmid 1 .. nr_vms-1 is in use. The new VM's
 *               tables are empty and its pool unused. Without flags the VM
 *               is private: every page SET_NPT maps into it is donated.
 *               With HVC_VM_CREATE_SHARED it is shared: its pages
 *               are shared (the host keeps them mapped and may reach them
 *               through MEM_LOAD / MEM_STORE).
 *   VM_DESTROY  einval: vmid 0, or a VM not created. Gives every page the
 *               VM maps back to the host as UNMAP does, zeroes every table
 *               page the VM used, rewinds its pool, invalidates its TLB
 *               entries and frees the vmid for VM_CREATE.
 *   SET_NPT     eperm: vmid 0. einval: not created; ipa >= 2^48 or not
 *               aligned to the leaf (2 MiB for level 2, 4 KiB for level 3);
 *               level not 2 or 3; output address 0, >= 2^48 or not aligned
 *               to the leaf; permissions 0 or with bits other than
 *               HVC_PERM_ALL. eexist: a level-3 page inside a 2 MiB block,
 *               or a block over a level-3 table; for a protected VM, any
 *               leaf already there. enomem: a table it needs does not fit
 *               in the pool. Replacing an existing leaf of the same level
 *               is allowed (not in a protected VM). The core composes the
 *               descriptor: normal write-back memory (MemAttr 0b0110,
 *               forced, where guests run with FEAT_S2FWB; else 0b1111),
 *               inner shareable, access flag set, S2AP from R and W,
 *               execute-never unless X; the output must be RAM the host may give (see
 *               page ownership in the README). Device memory is not
 *               offered: no permission asks for it.
 *   UNMAP       eperm: vmid 0, or a protected VM (its pages come back
 *               only with VM_DESTROY). einval: not created; ipa >= 2^48 or not
 *               4 KiB aligned. An ipa inside a 2 MiB block unmaps the whole
 *               block; unmapping nothing is not an error. The leaf's pages
 *               go back: donated ones are zeroed and mapped again in the
 *               host's stage-2, shared ones lose one share.
 *   WALK        einval: not created; ipa >= 2^48 (any alignment: the answer
 *               is for the page holding ipa). vmid 0 allowed.
 *   LEVEL       as WALK. Level 0 also for a leaf whose output page is 0.
 *   MEM_LOAD    einval: not created; ipa >= 2^48 or not 8-byte aligned.
 *               eperm: the ipa lands in a page donated to the VM (the host
 *               reaches only shared pages); efault, eperm as above. vmid 0
 *               allowed.
 *   MEM_STORE   eperm: vmid 0. Otherwise as MEM_LOAD.
 *   POOL_USAGE  einval: not created; area not one of HVC_AREA_*. vmid 0
 *               allowed. The root area is always 1 page used of 1.
 *   DMA_EVENTS  never fails. The SMMU's event records since boot (each a
 *               DMA the SMMU stopped, or a stream id it does not know):
 *               how many, and of the last one its word 0 (event type in
 *               bits [7:0], StreamID in [63:32]) and word 2 (the input
 *               address the device used). All 0 when no SMMU is in use.
 *   VM_CREATE   also einval: both SHARED and PROTECTED.
 *   VM_DESTROY  also ebusy: a vCPU of the VM is running on some CPU.
 *   VCPU_CREATE einval: vmid 0 or not created; vcpu >= HVC_MAX_VCPUS;
 *               entry PC >= 2^48 or not 4-byte aligned. eexist: that vCPU
 *               exists. eperm: a protected VM one of whose vCPUs has run
 *               (its vCPUs are all made before it starts). The vCPU starts at EL1h with interrupts
 * masked, its MMU off, x0 as given, every other register 0, its virtual counter near 0, MPIDR
 * affinity 0 = vcpu. VCPU_RUN    einval: vmid 0 or not created; vcpu not created; x3 with unknown
 * bits, or COMPLETE when the last exit was not a DABT with ISV. ebusy: the vCPU is running on
 * another CPU. After a SYSTEM_OFF or RESET exit of any of its vCPUs, a VM runs no more: every
 * VCPU_RUN answers that exit again. Resuming: after an HVC exit, the guest's x0..x3 = x5..x8; after
 * a DABT with ISV, COMPLETE steps past the access (a read gets x4, cut to the access size and
 * sign-extended as the instruction asks); without COMPLETE the access is retried (the host mapped
 * the page). Exits never fail the call: the guest's faults, its undefined instructions and any
 * exception the core does not expect are exits.
 *
 * Protected VMs (VM_CREATE with HVC_VM_CREATE_PROTECTED): pages are
 * donated as without flags, and more: a leaf is set only where nothing is
 * mapped, UNMAP is refused, and pages come back (zeroed) only at
 * VM_DESTROY. The host never sees a protected vCPU's registers except what
 * an exit record names: the guest's x0..x5 at an HVC, the value of the
 * one register a DABT writes.
 */
#ifndef HYPCORE_HVC_ABI_H
#define HYPCORE_HVC_ABI_H

/* Function id fields (SMCCC): fast call, SMC64, owner, function number. */
#define HVC_ID_FAST_CALL     0x80000000U
#define HVC_ID_SMC64	     0x40000000U
#define HVC_ID_OWNER_SHIFT   24
#define HVC_ID_OWNER_MASK    0x3fU
#define HVC_ID_FUNC_MASK     0xffffU
#define HVC_OWNER_VENDOR_HYP 6U

#define HVC_ID(n)                                                                                  \
	(HVC_ID_FAST_CALL | HVC_ID_SMC64 | (HVC_OWNER_VENDOR_HYP << HVC_ID_OWNER_SHIFT) | (n))
#define HVC_ID32(n) (HVC_ID_FAST_CALL | (HVC_OWNER_VENDOR_HYP << HVC_ID_OWNER_SHIFT) | (n))

/* Standard queries: function numbers, and their SMCCC (SMC32) ids. */
#define HVC_FN_CALL_UID 0xff01U
#define HVC_FN_REVISION 0xff03U
#define HVC_CALL_UID	HVC_ID32(HVC_FN_CALL_UID) /* 0x8600FF01 */
#define HVC_REVISION	HVC_ID32(HVC_FN_REVISION) /* 0x8600FF03 */
#define HVC_CALL_UID_64 HVC_ID(HVC_FN_CALL_UID)	  /* 0xC600FF01 */
#define HVC_REVISION_64 HVC_ID(HVC_FN_REVISION)	  /* 0xC600FF03 */

/*
 * hypcore's UID, 0a780a78-338d-4ec7-b5dc-23bc1b949e14, packed as SMCCC
 * asks: w0 holds bytes 0..3 of the UUID with byte 0 in bits [7:0], w1
 * bytes 4..7, and so on.
 */
#define HVC_UID_W0 0x780a780aU
#define HVC_UID_W1 0xc74e8d33U
#define HVC_UID_W2 0xbc23dcb5U
#define HVC_UID_W3 0x149e941bU

/* Major changes when a call is removed or changed, minor when one is added. */
#define HVC_REVISION_MAJOR 2U /* 2.0: SET_NPT takes permissions, not a descriptor; vCPUs */
#define HVC_REVISION_MINOR 0U /* 1.1: page ownership, VM_CREATE flags; 1.2: DMA_EVENTS */

/* Our calls: function numbers (the table index) and ids. */
#define HVC_FN_VM_CREATE   0x01U
#define HVC_FN_VM_DESTROY  0x02U
#define HVC_FN_SET_NPT	   0x03U
#define HVC_FN_UNMAP	   0x04U
#define HVC_FN_WALK	   0x05U
#define HVC_FN_LEVEL	   0x06U
#define HVC_FN_MEM_LOAD	   0x07U
#define HVC_FN_MEM_STORE   0x08U
#define HVC_FN_POOL_USAGE  0x09U
#define HVC_FN_DMA_EVENTS  0x0aU
#define HVC_FN_VCPU_CREATE 0x0bU
#define HVC_FN_VCPU_RUN	   0x0cU
#define HVC_FN_COUNT	   0x0dU /* one past the last function number */

#define HVC_VM_CREATE	HVC_ID(HVC_FN_VM_CREATE)
#define HVC_VM_DESTROY	HVC_ID(HVC_FN_VM_DESTROY)
#define HVC_SET_NPT	HVC_ID(HVC_FN_SET_NPT)
#define HVC_UNMAP	HVC_ID(HVC_FN_UNMAP)
#define HVC_WALK	HVC_ID(HVC_FN_WALK)
#define HVC_LEVEL	HVC_ID(HVC_FN_LEVEL)
#define HVC_MEM_LOAD	HVC_ID(HVC_FN_MEM_LOAD)
#define HVC_MEM_STORE	HVC_ID(HVC_FN_MEM_STORE)
#define HVC_POOL_USAGE	HVC_ID(HVC_FN_POOL_USAGE)
#define HVC_DMA_EVENTS	HVC_ID(HVC_FN_DMA_EVENTS)
#define HVC_VCPU_CREATE HVC_ID(HVC_FN_VCPU_CREATE)
#define HVC_VCPU_RUN	HVC_ID(HVC_FN_VCPU_RUN)

/* DMA_EVENTS: event types (word 0, bits [7:0]) as SMMUv3 numbers them. */
#define HVC_DMA_EVT_BAD_STREAMID 0x02U
#define HVC_DMA_EVT_TRANSLATION	 0x10U
#define HVC_DMA_EVT_ADDR_SIZE	 0x11U
#define HVC_DMA_EVT_ACCESS	 0x12U
#define HVC_DMA_EVT_PERMISSION	 0x13U

/* VM_CREATE flags (x1). */
#define HVC_VM_CREATE_SHARED	0x1ULL /* shared: maps take shared pages */
#define HVC_VM_CREATE_PROTECTED 0x2ULL /* protected: see "Protected VMs" above */

/* SET_NPT permissions (x5). */
#define HVC_PERM_R   0x1ULL
#define HVC_PERM_W   0x2ULL
#define HVC_PERM_X   0x4ULL
#define HVC_PERM_ALL 0x7ULL

/* vCPUs per VM (VCPU_CREATE's index is below this). */
#define HVC_MAX_VCPUS 8U

/* VCPU_RUN: why the guest stopped (x1), and what x2..x7 then hold. */
#define HVC_EXIT_HVC	    1U /* x2..x7 = the guest's x0..x5 */
#define HVC_EXIT_DABT	    2U /* x2 = ipa, x3 = HVC_DABT_* flags, x4 = value written, x5 = ESR_EL2 */
#define HVC_EXIT_IABT	    3U /* x2 = ipa, x5 = ESR_EL2 */
#define HVC_EXIT_WFX	    4U /* WFI or WFE (stepped past) */
#define HVC_EXIT_IRQ	    5U /* a physical interrupt arrived: the host handles it */
#define HVC_EXIT_SYSTEM_OFF 6U /* PSCI SYSTEM_OFF from the guest: the VM's run has ended */
#define HVC_EXIT_RESET	    7U /* PSCI SYSTEM_RESET from the guest: the VM's run has ended */
#define HVC_EXIT_UNEXPECTED 8U /* x5 = ESR_EL2 (0 for an SError or FIQ), x2 = its ipa if any */

/* HVC_EXIT_DABT flags (x3). */
#define HVC_DABT_ISV	    0x1ULL /* syndrome valid: size, direction, value below mean something */
#define HVC_DABT_WRITE	    0x2ULL
#define HVC_DABT_SIZE_SHIFT 2 /* log2 of the access size in bytes, bits [3:2] */
#define HVC_DABT_SIZE_MASK  0xcULL
#define HVC_DABT_S1PTW	    0x10ULL /* the guest's own stage-1 walk touched the ipa */

/* VCPU_RUN x3: how to resume after the previous exit. */
#define HVC_RUN_COMPLETE 0x1ULL /* DABT (ISV): the host emulated it; x4 = value read */

/* POOL_USAGE areas. */
#define HVC_AREA_ROOT 0U /* the level-0 table */
#define HVC_AREA_PGD  1U /* level-1 tables */
#define HVC_AREA_PUD  2U /* level-2 tables */
#define HVC_AREA_PMD  3U /* level-3 tables */

/* Status values in x0, as signed 64-bit numbers. */
#define HVC_SUCCESS	  0
#define HVC_NOT_SUPPORTED (-1)
#define HVC_EPERM	  (-1)
#define HVC_ENOMEM	  (-12)
#define HVC_EFAULT	  (-14)
#define HVC_EBUSY	  (-16)
#define HVC_EEXIST	  (-17)
#define HVC_EINVAL	  (-22)

#endif
