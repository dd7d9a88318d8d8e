// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hypcore.ko: the host's side of hypcore. The host never touches stage-2
 * tables itself; this module asks the EL2 core through SMCCC HVC calls
 * (include/hypcore/hvc_abi.h) and offers each call to user space as an
 * ioctl on /dev/hypcore (host/include/hypcore_uapi.h).
 *
 * The one thing the module owns is the memory it hands to VMs (MAP): it
 * records every page or 2 MiB block per VM and IPA, and frees it only
 * after the core has forgotten the leaf (unmap, replacement, VM destroy or
 * module exit). In a private or protected VM that memory is donated: while the VM
 * maps it the host cannot reach it, so the module never touches it (it was
 * zeroed before SET_NPT, and the core zeroes it again before giving it
 * back); a leaf the core would not give back stays allocated for good. Calls that change a VM's tables hold that VM's mutex so
 * that the record always matches the tables; calls that only read go to
 * the core without any lock here (the core has its own).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm-smccc.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/vmalloc.h>
#include <linux/gfp.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>
#include <asm/arch_timer.h>
#include <asm/sysreg.h>
#include <asm/tlbflush.h>
#include <asm/virt.h>

#include <hypcore/hvc_abi.h>
#include <hypcore_uapi.h>

/* vmids the module can hold memory for; the core's own limit is the same. */
#define HC_MAX_VMS	16

#define HC_PAGE_SHIFT	12
#define HC_BLOCK_SIZE	SZ_2M
#define HC_BLOCK_ORDER	9	/* 2 MiB in 4 KiB pages */

struct hc_vm {
	struct mutex lock;	/* serialises calls that change the tables */
	struct xarray mem;	/* leaf IPA >> 12 -> struct page (compound if a block) */
	bool created;		/* by this module: destroyed at exit */
	struct file *owner;	/* HYPCORE_VM_FD_OWNED: destroyed when it is closed */
};

static struct hc_vm hc_vms[HC_MAX_VMS];
static struct hypcore_info hc_info;

/* A core status (0 or a negative Linux errno) as a kernel return value. */
static long hc_status(unsigned long a0)
{
	long status = (long)a0;

	if (status == 0 || (status < 0 && status >= -MAX_ERRNO))
		return status;
	pr_warn_ratelimited("unexpected status %#lx\n", a0);
	return -EIO;
}

static long hc_call(u32 id, u64 a1, u64 a2, u64 a3, u64 a4,
		    struct arm_smccc_res *res)
{
	arm_smccc_1_1_hvc(id, a1, a2, a3, a4, res);
	return hc_status(res->a0);
}

/* SET_NPT (ABI 2.0): x4 = output address, x5 = HVC_PERM_* bits. */
static long hc_call_set(u64 vmid, u64 ipa, u64 level, u64 pa, u64 perms,
			struct arm_smccc_res *res)
{
	arm_smccc_1_1_hvc(HVC_SET_NPT, vmid, ipa, level, pa, perms, res);
	return hc_status(res->a0);
}

static struct hc_vm *hc_vm(u64 vmid)
{
	return vmid < HC_MAX_VMS ? &hc_vms[vmid] : NULL;
}

static void hc_free_leaf(struct page *page)
{
	if (page)
		__free_pages(page, compound_order(page));
}

/* Forget and free every record of a VM whose tables the core has cleared. */
static void hc_free_all(struct hc_vm *vm)
{
	struct page *page;
	unsigned long idx;

	xa_for_each(&vm->mem, idx, page) {
		xa_erase(&vm->mem, idx);
		hc_free_leaf(page);
	}
}

static long hc_vm_create(struct hypcore_vm *arg)
{
	struct arm_smccc_res res;
	u64 flags = HVC_VM_CREATE_SHARED;
	struct hc_vm *vm;
	long ret;

	/*
	 * Shared (the default here): the pages we map stay ours, so
	 * MEM_LOAD / MEM_STORE reach them. Private: the core's default, every
	 * page is donated. Protected: donated, and the core keeps them until
	 * VM_DESTROY.
	 */
	switch (arg->flags & ~HYPCORE_VM_FD_OWNED) {
	case 0:
		break;
	case HYPCORE_VM_PRIVATE:
		flags = 0;
		break;
	case HYPCORE_VM_PROTECTED:
		flags = HVC_VM_CREATE_PROTECTED;
		break;
	default:
		return -EINVAL;
	}
	ret = hc_call(HVC_VM_CREATE, flags, 0, 0, 0, &res);
	if (ret)
		return ret;
	arg->vmid = res.a1;
	vm = hc_vm(arg->vmid);
	if (!vm) {
		/* A core with more VMs than we track: give it back. */
		hc_call(HVC_VM_DESTROY, arg->vmid, 0, 0, 0, &res);
		return -ENOSPC;
	}
	WRITE_ONCE(vm->created, true);
	return 0;
}

/* VM_DESTROY with the VM's lock held; its memory is freed once the core agreed. */
static long hc_vm_destroy_locked(struct hc_vm *vm, u64 vmid)
{
	struct arm_smccc_res res;
	long ret;

	ret = hc_call(HVC_VM_DESTROY, vmid, 0, 0, 0, &res);
	if (!ret) {
		hc_free_all(vm);
		WRITE_ONCE(vm->created, false);
		vm->owner = NULL;
	}
	return ret;
}

static long hc_vm_destroy(u64 vmid)
{
	struct hc_vm *vm = hc_vm(vmid);
	struct arm_smccc_res res;
	long ret;

	if (!vm)
		return hc_call(HVC_VM_DESTROY, vmid, 0, 0, 0, &res);
	mutex_lock(&vm->lock);
	ret = hc_vm_destroy_locked(vm, vmid);
	mutex_unlock(&vm->lock);
	return ret;
}

/*
 * SET_NPT under the VM's lock. In a private or protected VM the raw call donates the
 * page it names, whoever uses it: like /dev/mem, a root-only test hook. On success the leaf at (ipa, level) is
 * @page (NULL: memory the module does not own), and whatever the module
 * had recorded there was replaced by the core and is freed.
 */
static long hc_set_leaf(struct hc_vm *vm, u64 vmid, u64 ipa, u64 level,
			u64 pa, u64 perms, struct page *page)
{
	unsigned long idx = ipa >> HC_PAGE_SHIFT;
	struct arm_smccc_res res;
	struct page *old = NULL;
	long ret;

	mutex_lock(&vm->lock);
	/* Reserve first, so that recording after the call cannot fail. */
	ret = xa_reserve(&vm->mem, idx, GFP_KERNEL);
	if (!ret)
		ret = hc_call_set(vmid, ipa, level, pa, perms, &res);
	if (!ret)
		old = page ? xa_store(&vm->mem, idx, page, GFP_KERNEL) :
			     xa_erase(&vm->mem, idx);
	else
		xa_release(&vm->mem, idx);
	mutex_unlock(&vm->lock);
	hc_free_leaf(old);
	return ret;
}

static long hc_map(struct hypcore_map *arg)
{
	bool block = arg->flags & HYPCORE_MAP_BLOCK;
	unsigned int order = block ? HC_BLOCK_ORDER : 0;
	struct hc_vm *vm = hc_vm(arg->vmid);
	gfp_t gfp = GFP_KERNEL | __GFP_ZERO;
	struct page *page;
	u64 perms = HVC_PERM_R | HVC_PERM_W;
	long ret;

	if (!vm || arg->flags & ~(HYPCORE_MAP_BLOCK | HYPCORE_MAP_RDONLY))
		return -EINVAL;
	if (block)
		gfp |= __GFP_COMP | __GFP_NOWARN;
	page = alloc_pages(gfp, order);
	if (!page)
		return -ENOMEM;

	if (arg->flags & HYPCORE_MAP_RDONLY)
		perms = HVC_PERM_R;
	ret = hc_set_leaf(vm, arg->vmid, arg->ipa, block ? 2 : 3,
			  page_to_phys(page), perms, page);
	if (ret) {
		__free_pages(page, order);
		return ret;
	}
	arg->pa = page_to_phys(page);
	return 0;
}

static long hc_set_npt(struct hypcore_set_npt *arg)
{
	struct hc_vm *vm = hc_vm(arg->vmid);
	struct arm_smccc_res res;

	if (!vm)
		return hc_call_set(arg->vmid, arg->ipa, arg->level, arg->pa,
				   arg->perms, &res);
	return hc_set_leaf(vm, arg->vmid, arg->ipa, arg->level, arg->pa,
			   arg->perms, NULL);
}

/*
 * The leaf UNMAP cleared: the page holding ipa if the module recorded one
 * there, else a block recorded at the 2 MiB boundary below ipa.
 */
static struct page *hc_forget_leaf(struct hc_vm *vm, u64 ipa)
{
	unsigned long page_idx = ipa >> HC_PAGE_SHIFT;
	unsigned long block_idx = (ipa & ~(u64)(HC_BLOCK_SIZE - 1)) >> HC_PAGE_SHIFT;
	struct page *block;

	if (xa_load(&vm->mem, page_idx))
		return xa_erase(&vm->mem, page_idx);
	block = xa_load(&vm->mem, block_idx);
	if (block && compound_order(block) == HC_BLOCK_ORDER)
		return xa_erase(&vm->mem, block_idx);
	return NULL;
}

static long hc_unmap(struct hypcore_access *arg)
{
	struct hc_vm *vm = hc_vm(arg->vmid);
	struct arm_smccc_res res;
	struct page *old = NULL;
	long ret;

	if (!vm)
		return hc_call(HVC_UNMAP, arg->vmid, arg->ipa, 0, 0, &res);
	mutex_lock(&vm->lock);
	ret = hc_call(HVC_UNMAP, arg->vmid, arg->ipa, 0, 0, &res);
	if (!ret)
		old = hc_forget_leaf(vm, arg->ipa);
	mutex_unlock(&vm->lock);
	hc_free_leaf(old);
	return ret;
}

/* WALK, LEVEL, LOAD: x1 is the answer. STORE: x3 is the value. */
static long hc_access(u32 id, struct hypcore_access *arg)
{
	struct arm_smccc_res res;
	long ret;

	if (id == HVC_MEM_STORE)
		return hc_call(id, arg->vmid, arg->ipa, arg->value, 0, &res);
	ret = hc_call(id, arg->vmid, arg->ipa, 0, 0, &res);
	if (!ret)
		arg->value = res.a1;
	return ret;
}

static long hc_pool_usage(struct hypcore_pool_usage *arg)
{
	struct arm_smccc_res res;
	long ret;

	ret = hc_call(HVC_POOL_USAGE, arg->vmid, arg->area, 0, 0, &res);
	if (ret)
		return ret;
	arg->used = res.a1;
	arg->total = res.a2;
	arg->start = res.a3;
	return 0;
}

/* DMA_EVENTS (ABI 1.2, so in every 2.x the module loads on). */
static long hc_dma_events(struct hypcore_dma_events *arg)
{
	struct arm_smccc_res res;
	long ret;

	ret = hc_call(HVC_DMA_EVENTS, 0, 0, 0, 0, &res);
	if (ret)
		return ret;
	arg->count = res.a1;
	arg->word0 = res.a2;
	arg->addr = res.a3;
	return 0;
}

/*
 * The PROBE test hook: touch host RAM through the linear map. A fault
 * there (hypcore keeps its memory out of the host's stage-2) must come
 * back as -EFAULT from the nofault helpers, with the host still running.
 */
static long hc_touch_phys(struct hypcore_probe *arg)
{
	void *va;

	if (arg->pa & 7 || arg->write > 1 || !pfn_valid(PHYS_PFN(arg->pa)))
		return -EINVAL;
	va = phys_to_virt(arg->pa);
	if (!arg->write)
		return copy_from_kernel_nofault(&arg->value, va, 8) ? -EFAULT : 0;

	/* copy_to_kernel_nofault is not exported: its building block is. */
	pagefault_disable();
	__put_kernel_nofault(va, &arg->value, u64, fault);
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}

/*
 * QUERY: a raw fast call to the vendor-specific hypervisor service, for
 * any id but our calls (SMC64 function numbers 1 .. HVC_FN_COUNT - 1).
 * Those change or read the tables and have their own ioctls.
 */
static long hc_query(struct hypcore_query *arg)
{
	u32 id = (u32)arg->id;
	u32 fn = id & HVC_ID_FUNC_MASK;
	struct arm_smccc_res res;

	if (arg->id != id || !(id & HVC_ID_FAST_CALL) ||
	    ((id >> HVC_ID_OWNER_SHIFT) & HVC_ID_OWNER_MASK) != HVC_OWNER_VENDOR_HYP)
		return -EINVAL;
	if ((id & HVC_ID_SMC64) && fn >= 1 && fn < HVC_FN_COUNT)
		return -EINVAL;
	arm_smccc_1_1_hvc(id, arg->arg[0], arg->arg[1], arg->arg[2],
			  arg->arg[3], &res);
	arg->res[0] = res.a0;
	arg->res[1] = res.a1;
	arg->res[2] = res.a2;
	arg->res[3] = res.a3;
	return 0;
}

/*
 * The parking stub: a CPU that PSCI CPU_ON starts here (EL1, MMU off, so
 * its loads reach memory) waits until the word at HC_STUB_GO is non-zero,
 * then turns itself off again (PSCI CPU_OFF, 0x84000002); should that
 * return, it spins. A test starts it, races, releases it.
 */
#define HC_STUB_GO	0x100
static const u32 hc_stub_code[] = {
	0x10000801,	/* adr x1, . + HC_STUB_GO */
	0xf9400022,	/* 1: ldr x2, [x1] */
	0xb4ffffe2,	/* cbz x2, 1b */
	0x52800040,	/* movz w0, #0x2 */
	0x72b08000,	/* movk w0, #0x8400, lsl #16 */
	0xd4000003,	/* smc #0 */
	0x14000000,	/* b . */
};
static struct page *hc_stub_page;

/* The go word, written to memory (the stub reads it with the MMU off). */
static void hc_stub_go(u64 go)
{
	u64 *word = page_address(hc_stub_page) + HC_STUB_GO;

	WRITE_ONCE(*word, go);
	/* The kernel's PoC helpers are not exported to modules. */
	asm volatile("dc civac, %0\n\tdsb sy" : : "r"(word) : "memory");
}

/* SMC: the raw call for the relay tests (see hypcore_uapi.h). */
static long hc_smc(struct hypcore_smc *arg)
{
	u32 id = (u32)arg->id;
	struct arm_smccc_res res;

	if (arg->flags & HYPCORE_SMC_STUB_RELEASE) {
		hc_stub_go(1);
		return 0;
	}
	if (arg->id != id || arg->flags & ~HYPCORE_SMC_STUB_ENTRY ||
	    ((id >> HVC_ID_OWNER_SHIFT) & HVC_ID_OWNER_MASK) == HVC_OWNER_VENDOR_HYP)
		return -EINVAL;
	arg->stub = page_to_phys(hc_stub_page);
	if (arg->flags & HYPCORE_SMC_STUB_ENTRY) {
		arg->arg[1] = arg->stub;
		hc_stub_go(0);
	}
	arm_smccc_1_1_smc(id, arg->arg[0], arg->arg[1], arg->arg[2], &res);
	arg->res[0] = res.a0;
	arg->res[1] = res.a1;
	arg->res[2] = res.a2;
	arg->res[3] = res.a3;
	return 0;
}

/*
 * The level-3 entry that maps the kernel address va, found by walking
 * TTBR1_EL1's tables (48-bit VAs, 4 KiB pages); NULL if va is not mapped
 * by a page. The kernel's own walkers need init_mm, which modules lack.
 */
static u64 *hc_kernel_pte(unsigned long va)
{
	u64 table = read_sysreg(ttbr1_el1) & GENMASK_ULL(47, 12);
	int level;

	for (level = 0; level < 3; level++) {
		u64 *t = phys_to_virt(table);
		u64 e = READ_ONCE(t[(va >> (39 - 9 * level)) & 511]);

		if ((e & 3) != 3)
			return NULL;
		table = e & GENMASK_ULL(47, 12);
	}
	return (u64 *)phys_to_virt(table) + ((va >> PAGE_SHIFT) & 511);
}

/*
 * EXEC_PHYS (see hypcore_uapi.h): call into a device page mapped
 * executable. ioremap, vmap and vmap_pfn all make their mappings
 * execute-never, so a vmap'd page of our own has its pte pointed at
 * the device page, executable, instead.
 */
static long hc_exec_phys(struct hypcore_exec_phys *arg)
{
	unsigned long pfn = PHYS_PFN(arg->pa), va;
	struct page *page;
	void (*fn)(void);
	u64 *pte;

	if (arg->pa & (PAGE_SIZE - 1) || pfn_valid(pfn))
		return -EINVAL;
	page = alloc_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	va = (unsigned long)vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	pte = va ? hc_kernel_pte(va) : NULL;
	if (!pte)
		return -EFAULT; /* leaks the page: a test hook's dead end */
	WRITE_ONCE(*pte, pte_val(pfn_pte(pfn, PAGE_KERNEL_EXEC)));
	dsb(ishst);
	flush_tlb_kernel_range(va, va + PAGE_SIZE);
	pr_warn("EXEC_PHYS test hook: calling into device page %pa at %lx\n",
		&arg->pa, va);
	fn = (void (*)(void))va;
	fn();
	return 0; /* the device page ran: leave everything as it is */
}

/*
 * The VMM's calls (hypctl run): memory for a guest, its vCPUs, and the
 * run loop. Pages are recorded in vm->mem like MAP's, so UNMAP, replacement,
 * VM_DESTROY and module exit free them the same way.
 */

/*
 * Clean a page to the point of coherency: a guest may read it with its
 * MMU off (non-cacheable), so what the module wrote must be in memory.
 * The kernel's PoC helpers are not exported to modules.
 */
static void hc_clean_page_poc(struct page *page)
{
	unsigned long line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	unsigned long va = (unsigned long)page_address(page);
	unsigned long end = va + PAGE_SIZE;

	for (; va < end; va += line)
		asm volatile("dc civac, %0" : : "r"(va) : "memory");
	dsb(sy);
}

static long hc_guest_page(struct hypcore_guest_page *arg)
{
	struct hc_vm *vm = hc_vm(arg->vmid);
	struct page *page;
	long ret;

	if (!vm || arg->len > PAGE_SIZE || arg->ipa & (PAGE_SIZE - 1) ||
	    !arg->perms || arg->perms & ~HVC_PERM_ALL)
		return -EINVAL;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	if (arg->len && copy_from_user(page_address(page),
				       u64_to_user_ptr(arg->src), arg->len)) {
		__free_page(page);
		return -EFAULT;
	}
	hc_clean_page_poc(page);
	ret = hc_set_leaf(vm, arg->vmid, arg->ipa, 3, page_to_phys(page), arg->perms, page);
	if (ret) {
		__free_page(page);
		return ret;
	}
	arg->pa = page_to_phys(page);
	return 0;
}

static long hc_vcpu_create(struct hypcore_vcpu_create *arg)
{
	struct arm_smccc_res res;

	return hc_call(HVC_VCPU_CREATE, arg->vmid, arg->vcpu, arg->entry,
		       arg->x0, &res);
}

/*
 * The host's EL1 registers that a guest's run must leave as they were
 * (HYPCORE_RUN_CHECK_HOST): everything the guest may write and the world
 * switch saves and loads for the host, in the order of host_changed's
 * bits. The virtual timer's control is compared without ISTATUS, which
 * time alone may change.
 */
static unsigned int hc_host_regs(u64 *v)
{
	unsigned int n = 0;

	v[n++] = read_sysreg(sctlr_el1);
	v[n++] = read_sysreg(ttbr0_el1);
	v[n++] = read_sysreg(ttbr1_el1);
	v[n++] = read_sysreg(tcr_el1);
	v[n++] = read_sysreg(mair_el1);
	v[n++] = read_sysreg(amair_el1);
	v[n++] = read_sysreg(vbar_el1);
	v[n++] = read_sysreg(contextidr_el1);
	v[n++] = read_sysreg(tpidr_el0);
	v[n++] = read_sysreg(tpidrro_el0);
	v[n++] = read_sysreg(tpidr_el1);
	v[n++] = read_sysreg(esr_el1);
	v[n++] = read_sysreg(far_el1);
	v[n++] = read_sysreg(afsr0_el1);
	v[n++] = read_sysreg(afsr1_el1);
	v[n++] = read_sysreg(par_el1);
	v[n++] = read_sysreg(cpacr_el1);
	v[n++] = read_sysreg(cntkctl_el1);
	v[n++] = read_sysreg(csselr_el1);
	v[n++] = read_sysreg(sp_el0);
	v[n++] = read_sysreg(elr_el1);
	v[n++] = read_sysreg(spsr_el1);
	v[n++] = read_sysreg(cntv_cval_el0);
	v[n++] = read_sysreg(mpidr_el1);
	v[n++] = read_sysreg(fpcr);
	v[n++] = read_sysreg(fpsr);
	v[n++] = read_sysreg(cntv_ctl_el0) &
		 (ARCH_TIMER_CTRL_ENABLE | ARCH_TIMER_CTRL_IT_MASK);
	return n;
}

/* One VCPU_RUN call with interrupts off, and which host registers it changed. */
static void hc_run_checked(struct arm_smccc_1_2_regs *in, struct arm_smccc_1_2_regs *out,
			   u64 *changed)
{
	u64 before[32], after[32];
	unsigned long irqs;
	unsigned int n, i;

	local_irq_save(irqs);
	n = hc_host_regs(before);
	arm_smccc_1_2_hvc(in, out);
	hc_host_regs(after);
	local_irq_restore(irqs);
	for (i = 0; i < n; i++)
		if (before[i] != after[i])
			*changed |= 1ULL << i;
}

/*
 * VCPU_RUN until an exit for user space. An interrupt exit is the host's
 * own interrupt, already handled when the call returns: reschedule if
 * the scheduler wants the CPU, stop for a signal (so a VMM can time a
 * guest out, and a killed VMM's thread gets out), else run again.
 */
static long hc_vcpu_run(struct hypcore_vcpu_run *arg)
{
	struct arm_smccc_1_2_regs in = {
		.a0 = HVC_VCPU_RUN, .a1 = arg->vmid, .a2 = arg->vcpu,
		.a3 = arg->flags & HYPCORE_RUN_COMPLETE ? HVC_RUN_COMPLETE : 0,
		.a4 = arg->value, .a5 = arg->ret[0], .a6 = arg->ret[1],
		.a7 = arg->ret[2], .a8 = arg->ret[3],
	};
	struct arm_smccc_1_2_regs out;
	long ret;

	if (arg->flags & ~(HYPCORE_RUN_COMPLETE | HYPCORE_RUN_CHECK_HOST))
		return -EINVAL;
	arg->irq_exits = 0;
	arg->host_changed = 0;
	for (;;) {
		if (arg->flags & HYPCORE_RUN_CHECK_HOST)
			hc_run_checked(&in, &out, &arg->host_changed);
		else
			arm_smccc_1_2_hvc(&in, &out);
		ret = hc_status(out.a0);
		if (ret)
			return ret;
		if (out.a1 != HVC_EXIT_IRQ)
			break;
		arg->irq_exits++;
		if (signal_pending(current))
			return -EINTR;
		cond_resched();
		/* Nothing to resume from an interrupt exit. */
		in.a3 = 0;
		in.a4 = 0;
		in.a5 = 0;
		in.a6 = 0;
		in.a7 = 0;
		in.a8 = 0;
	}
	arg->exit = out.a1;
	arg->rec[0] = out.a2;
	arg->rec[1] = out.a3;
	arg->rec[2] = out.a4;
	arg->rec[3] = out.a5;
	arg->rec[4] = out.a6;
	arg->rec[5] = out.a7;
	return 0;
}

/* VM_CREATE; with HYPCORE_VM_FD_OWNED the VM is file's until it is closed. */
static long hc_vm_create_for(struct file *file, struct hypcore_vm *arg)
{
	struct hc_vm *vm;
	long ret;

	ret = hc_vm_create(arg);
	if (ret || !(arg->flags & HYPCORE_VM_FD_OWNED))
		return ret;
	vm = hc_vm(arg->vmid);
	mutex_lock(&vm->lock);
	vm->owner = file;
	mutex_unlock(&vm->lock);
	return 0;
}

/*
 * The file is closed: destroy the VMs it owns. Its ioctls have all
 * returned (each holds a reference to the file), so none of its vCPUs
 * runs; another file may still run one (ebusy): wait a little for it.
 */
static void hc_destroy_owned(struct file *file)
{
	unsigned int i, tries;
	long ret;

	for (i = 1; i < HC_MAX_VMS; i++) {
		struct hc_vm *vm = &hc_vms[i];

		for (tries = 0; tries < 200; tries++) {
			mutex_lock(&vm->lock);
			ret = vm->owner == file ? hc_vm_destroy_locked(vm, i) : 0;
			mutex_unlock(&vm->lock);
			if (ret != -EBUSY)
				break;
			msleep(20);
		}
		if (ret) {
			pr_err("vm %u: destroy at close failed (%ld); left for module exit\n",
			       i, ret);
			mutex_lock(&vm->lock);
			vm->owner = NULL;
			mutex_unlock(&vm->lock);
		}
	}
}

static int hc_release(struct inode *inode, struct file *file)
{
	hc_destroy_owned(file);
	return 0;
}

union hc_ioctl_arg {
	struct hypcore_info info;
	struct hypcore_vm vm;
	struct hypcore_map map;
	struct hypcore_set_npt set;
	struct hypcore_access access;
	struct hypcore_pool_usage usage;
	struct hypcore_probe probe;
	struct hypcore_query query;
	struct hypcore_dma_events dma_events;
	struct hypcore_smc smc;
	struct hypcore_exec_phys exec;
	struct hypcore_guest_page guest_page;
	struct hypcore_vcpu_create vcpu_create;
	struct hypcore_vcpu_run vcpu_run;
};

static long hc_dispatch(struct file *file, unsigned int cmd,
			union hc_ioctl_arg *arg)
{
	switch (cmd) {
	case HYPCORE_IOC_INFO:
		arg->info = hc_info;
		return 0;
	case HYPCORE_IOC_VM_CREATE:
		return hc_vm_create_for(file, &arg->vm);
	case HYPCORE_IOC_VM_DESTROY:
		return hc_vm_destroy(arg->vm.vmid);
	case HYPCORE_IOC_MAP:
		return hc_map(&arg->map);
	case HYPCORE_IOC_SET_NPT:
		return hc_set_npt(&arg->set);
	case HYPCORE_IOC_UNMAP:
		return hc_unmap(&arg->access);
	case HYPCORE_IOC_WALK:
		return hc_access(HVC_WALK, &arg->access);
	case HYPCORE_IOC_LEVEL:
		return hc_access(HVC_LEVEL, &arg->access);
	case HYPCORE_IOC_LOAD:
		return hc_access(HVC_MEM_LOAD, &arg->access);
	case HYPCORE_IOC_STORE:
		return hc_access(HVC_MEM_STORE, &arg->access);
	case HYPCORE_IOC_POOL_USAGE:
		return hc_pool_usage(&arg->usage);
	case HYPCORE_IOC_PROBE:
		return hc_touch_phys(&arg->probe);
	case HYPCORE_IOC_QUERY:
		return hc_query(&arg->query);
	case HYPCORE_IOC_DMA_EVENTS:
		return hc_dma_events(&arg->dma_events);
	case HYPCORE_IOC_SMC:
		return hc_smc(&arg->smc);
	case HYPCORE_IOC_EXEC_PHYS:
		return hc_exec_phys(&arg->exec);
	case HYPCORE_IOC_GUEST_PAGE:
		return hc_guest_page(&arg->guest_page);
	case HYPCORE_IOC_VCPU_CREATE:
		return hc_vcpu_create(&arg->vcpu_create);
	case HYPCORE_IOC_VCPU_RUN:
		return hc_vcpu_run(&arg->vcpu_run);
	}
	return -ENOTTY;
}

static long hc_ioctl(struct file *file, unsigned int cmd, unsigned long uarg)
{
	void __user *uptr = (void __user *)uarg;
	unsigned int size = _IOC_SIZE(cmd);
	union hc_ioctl_arg arg;
	long ret;

	if (_IOC_TYPE(cmd) != HYPCORE_IOC_MAGIC || size > sizeof(arg))
		return -ENOTTY;
	memset(&arg, 0, sizeof(arg));
	if ((_IOC_DIR(cmd) & _IOC_WRITE) && copy_from_user(&arg, uptr, size))
		return -EFAULT;
	ret = hc_dispatch(file, cmd, &arg);
	if (!ret && (_IOC_DIR(cmd) & _IOC_READ) && copy_to_user(uptr, &arg, size))
		return -EFAULT;
	return ret;
}

static const struct file_operations hc_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hc_ioctl,
	.release = hc_release,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice hc_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hypcore",
	.fops = &hc_fops,
	.mode = 0600,
};

/* True when the Call UID query answers hypcore's UID; fills hc_info. */
static bool hc_probe_uid(void)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(HVC_CALL_UID, &res);
	hc_info.uid[0] = (u32)res.a0;
	hc_info.uid[1] = (u32)res.a1;
	hc_info.uid[2] = (u32)res.a2;
	hc_info.uid[3] = (u32)res.a3;
	if (hc_info.uid[0] != HVC_UID_W0 || hc_info.uid[1] != HVC_UID_W1 ||
	    hc_info.uid[2] != HVC_UID_W2 || hc_info.uid[3] != HVC_UID_W3)
		return false;

	arm_smccc_1_1_hvc(HVC_REVISION, &res);
	hc_info.major = (u32)res.a0;
	hc_info.minor = (u32)res.a1;
	return true;
}

static int __init hc_init(void)
{
	unsigned int i;
	int ret;

	BUILD_BUG_ON(PAGE_SIZE != SZ_4K);
	/* A kernel running at EL2 has no hypervisor below it to call. */
	if (is_kernel_in_hyp_mode()) {
		pr_err("this kernel runs at EL2: hypcore is not below it; not loading\n");
		return -ENODEV;
	}
	if (!hc_probe_uid()) {
		pr_err("the hypervisor is not hypcore (Call UID %08llx %08llx %08llx %08llx); not loading\n",
		       hc_info.uid[0], hc_info.uid[1], hc_info.uid[2],
		       hc_info.uid[3]);
		return -ENODEV;
	}
	/* A different major revision means calls changed meaning (1.x SET_NPT took a descriptor). */
	if (hc_info.major != HVC_REVISION_MAJOR) {
		pr_err("ABI revision %llu.%llu, this module speaks %u.x only; not loading\n",
		       hc_info.major, hc_info.minor, HVC_REVISION_MAJOR);
		return -ENODEV;
	}

	for (i = 0; i < HC_MAX_VMS; i++) {
		mutex_init(&hc_vms[i].lock);
		xa_init(&hc_vms[i].mem);
	}
	hc_stub_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!hc_stub_page)
		return -ENOMEM;
	memcpy(page_address(hc_stub_page), hc_stub_code, sizeof(hc_stub_code));
	/* Fetched with the MMU off: the code (one cache line) must be in memory. */
	asm volatile("dc civac, %0\n\tdsb sy" : : "r"(page_address(hc_stub_page))
		     : "memory");
	ret = misc_register(&hc_misc);
	if (ret) {
		pr_err("cannot register /dev/hypcore: %d\n", ret);
		__free_page(hc_stub_page);
		return ret;
	}
	pr_info("Call UID is hypcore's, ABI revision %llu.%llu; /dev/hypcore ready\n",
		hc_info.major, hc_info.minor);
	return 0;
}

static void __exit hc_exit(void)
{
	unsigned int i;

	misc_deregister(&hc_misc);
	__free_page(hc_stub_page);
	/* Nobody can call in any more: give back every VM this module made. */
	for (i = 1; i < HC_MAX_VMS; i++) {
		struct hc_vm *vm = &hc_vms[i];

		if ((vm->created || !xa_empty(&vm->mem)) && hc_vm_destroy(i))
			pr_err("vm %u: destroy failed; its memory stays allocated\n",
			       i);
		/* Leaks what a failed destroy left mapped, never frees it. */
		xa_destroy(&vm->mem);
	}
}

module_init(hc_init);
module_exit(hc_exit);

MODULE_DESCRIPTION("hypcore host shim: stage-2 hypercalls as ioctls on /dev/hypcore");
MODULE_LICENSE("Dual MIT/GPL");
