/* SPDX-License-Identifier: MIT */
/*
 * Leaf descriptors for VMs, composed from an output address and
 * permissions. The host never hands the core descriptor bits: it names
 * what it wants (R, W, X) and this file decides every bit, so a caller
 * cannot pick a memory type, a shareability or a reserved bit the core
 * did not mean. Only normal write-back memory is offered: the ABI has no
 * permission for device memory. Where the CPU has FEAT_S2FWB (guests run
 * with HCR_EL2.FWB, arch_s2fwb()) the leaf forces write-back over the
 * VM's stage 1, so the VM cannot make a non-cacheable alias of its pages
 * (owner_vm.c relies on it to skip the clean of a donated page).
 */
#include <hypcore/arch.h>
#include <hypcore/npt.h>

#define OA_LIMIT (1ULL << NPT_IPA_BITS)

/*@ predicate npt_leaf_args(u64 pa, u32 level, u32 perms) =
      (level == 2 || level == 3) && 0 < pa < OA_LIMIT &&
      pa % (level == 2 ? SZ_2M : SZ_4K) == 0 &&
      0 < perms <= NPT_PERM_ALL;
 */

/*
 * A bit fact the provers cannot show on WP's integers: a non-zero word
 * OR anything is non-zero. proof/bits.smt2 checks it on 64-bit vectors.
 */
/*@ axiomatic NptDescBits {
      axiom npt_or_nonzero: \forall integer a, b;
	0 < a < 0x10000000000000000 && 0 <= b < 0x10000000000000000 ==> (a | b) != 0;
    } */

/*@ assigns \nothing;
    ensures \result == (level == 2 ? SZ_2M : SZ_4K); */
static u64 leaf_bytes(u32 level)
{
	return level == 2 ? SZ_2M : SZ_4K;
}

/*@ assigns \nothing;
    ensures \result == (level == 2 ? NPT_PTE_BLOCK : NPT_PTE_PAGE); */
static u64 type_bits(u32 level)
{
	return level == 2 ? NPT_PTE_BLOCK : NPT_PTE_PAGE;
}

/* The same memory type in the two readings of MemAttr (HCR_EL2.FWB clear or set). */
/*@ assigns \nothing;
    ensures \result == NPT_PTE_MEMATTR_FWB_WB || \result == NPT_PTE_MEMATTR_NORMAL_WB; */
static u64 memattr_bits(void)
{
	return arch_s2fwb() ? NPT_PTE_MEMATTR_FWB_WB : NPT_PTE_MEMATTR_NORMAL_WB;
}

/*@ assigns \nothing;
    ensures (\result & ~(NPT_PTE_S2AP_R | NPT_PTE_S2AP_W | NPT_PTE_XN)) == 0; */
static u64 access_bits(u32 perms)
{
	u64 bits = 0;

	if (perms & NPT_PERM_R)
		bits |= NPT_PTE_S2AP_R;
	if (perms & NPT_PERM_W)
		bits |= NPT_PTE_S2AP_W;
	if (!(perms & NPT_PERM_X))
		bits |= NPT_PTE_XN;
	return bits;
}

/*@ assigns \nothing;
    behavior no_leaf:
      assumes !npt_leaf_args(pa, level, perms);
      ensures \result == 0;
    behavior leaf:
      assumes npt_leaf_args(pa, level, perms);
      ensures \result != 0;
    complete behaviors;
    disjoint behaviors;
 */
u64 npt_leaf_desc(u64 pa, u32 level, u32 perms)
{
	if (level != 2 && level != 3)
		return 0;
	if (pa == 0 || pa >= OA_LIMIT || pa % leaf_bytes(level))
		return 0;
	if (perms == 0 || perms > NPT_PERM_ALL)
		return 0;
	return pa | type_bits(level) | memattr_bits() | NPT_PTE_SH_INNER | NPT_PTE_AF |
	       access_bits(perms);
}
