// SPDX-License-Identifier: MIT
/*
 * hc_e2e main: result lines, ioctl wrappers and the sub-commands
 *   hc_e2e abi          every hypercall and every error code, via the module
 *   hc_e2e probe        the host touches hypcore's memory (must fault)
 *   hc_e2e smp [OPS]    4 pinned threads, same and different VMs at once
 *   hc_e2e own          page ownership attacked (e2e_own.c)
 *   hc_e2e own-smp [N]  4 pinned threads racing for the same pages
 *   hc_e2e split-all    one page of every 2 MiB block donated (e2e_split.c)
 *   hc_e2e psci         the PSCI relay: racing CPU_ON, SMCCC_ARCH_FEATURES
 *   hc_e2e system-off   PSCI SYSTEM_OFF at once, other CPUs left as they are
 *   hc_e2e exec-device PA  the host's kernel executes a device page (e2e_xn.c)
 *   hc_e2e dma [ONLY]   DMA attacks through hypcore_dma.ko (e2e_dma.c)
 *   hc_e2e dma-image [PA]  the same at the image page PA
 *   hc_e2e dma-demo     the demo's DMA at a donated page
 *   hc_e2e dma-rng      the host's virtio-rng aimed at a pool page
 *   hc_e2e vm-ioctls    the VMM's ioctls: guest pages, vCPUs, exits (e2e_vm.c)
 *   hc_e2e vm-zero TAG VMID PA...  destroy, then every word of each page reads 0
 * The exit status is the number of failed checks (capped at 100).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "e2e.h"

static int hc_fd = -1;
static int failures;

long hc(unsigned long cmd, void *arg)
{
	return ioctl(hc_fd, cmd, arg) ? -errno : 0;
}

bool check(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("E2E: PASS %s\n", name);
	} else {
		failures++;
		printf("E2E: FAIL %s: ", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
	return ok;
}

const char *status_name(long status)
{
	static char other[32];

	switch (status) {
	case 0:
		return "ok";
	case -EPERM:
		return "eperm";
	case -ENOMEM:
		return "enomem";
	case -EFAULT:
		return "efault";
	case -EEXIST:
		return "eexist";
	case -EINVAL:
		return "einval";
	}
	snprintf(other, sizeof(other), "status %ld", status);
	return other;
}

bool check_status(const char *name, long expected, long got)
{
	char want[32];

	snprintf(want, sizeof(want), "%s", status_name(expected));
	return check(expected == got, name, "expected %s got %s", want, status_name(got));
}

bool check_value(const char *name, u64 expected, u64 got)
{
	return check(expected == got, name, "expected %#llx got %#llx",
		     (unsigned long long)expected, (unsigned long long)got);
}

long vm_create(u64 *vmid)
{
	return vm_create_flags(0, vmid);
}

long vm_create_flags(u64 flags, u64 *vmid)
{
	struct hypcore_vm v = {.flags = flags};
	long ret = hc(HYPCORE_IOC_VM_CREATE, &v);

	*vmid = v.vmid;
	return ret;
}

long vm_destroy(u64 vmid)
{
	struct hypcore_vm v = {.vmid = vmid};

	return hc(HYPCORE_IOC_VM_DESTROY, &v);
}

long set_npt(u64 vmid, u64 ipa, u64 level, u64 pa, u64 perms)
{
	struct hypcore_set_npt s = {
	    .vmid = vmid, .ipa = ipa, .level = level, .pa = pa, .perms = perms};

	return hc(HYPCORE_IOC_SET_NPT, &s);
}

long set_leaf(u64 vmid, u64 ipa, u64 level, u64 pte)
{
	u64 perms = 0;

	if (pte & (1ULL << 6))
		perms |= HVC_PERM_R;
	if (pte & (1ULL << 7))
		perms |= HVC_PERM_W;
	if (!(pte & S2_XN))
		perms |= HVC_PERM_X;
	return set_npt(vmid, ipa, level, pte & OA_MASK, perms);
}

long map_mem(u64 vmid, u64 ipa, u64 flags, u64 *pa)
{
	struct hypcore_map m = {.vmid = vmid, .ipa = ipa, .flags = flags};
	long ret = hc(HYPCORE_IOC_MAP, &m);

	if (pa)
		*pa = m.pa;
	return ret;
}

long unmap(u64 vmid, u64 ipa)
{
	struct hypcore_access a = {.vmid = vmid, .ipa = ipa};

	return hc(HYPCORE_IOC_UNMAP, &a);
}

static long access_out(unsigned long cmd, u64 vmid, u64 ipa, u64 *out)
{
	struct hypcore_access a = {.vmid = vmid, .ipa = ipa, .value = 0xdeadbeef};
	long ret = hc(cmd, &a);

	*out = ret ? 0xdeadbeef : a.value;
	return ret;
}

long walk(u64 vmid, u64 ipa, u64 *pte)
{
	return access_out(HYPCORE_IOC_WALK, vmid, ipa, pte);
}

long level(u64 vmid, u64 ipa, u64 *lvl)
{
	return access_out(HYPCORE_IOC_LEVEL, vmid, ipa, lvl);
}

long load(u64 vmid, u64 ipa, u64 *value)
{
	return access_out(HYPCORE_IOC_LOAD, vmid, ipa, value);
}

long store(u64 vmid, u64 ipa, u64 value)
{
	struct hypcore_access a = {.vmid = vmid, .ipa = ipa, .value = value};

	return hc(HYPCORE_IOC_STORE, &a);
}

long pool_usage(u64 vmid, u64 area, struct hypcore_pool_usage *u)
{
	memset(u, 0, sizeof(*u));
	u->vmid = vmid;
	u->area = area;
	return hc(HYPCORE_IOC_POOL_USAGE, u);
}

long probe(u64 pa, bool write, u64 *value)
{
	struct hypcore_probe p = {.pa = pa, .write = write, .value = *value};
	long ret = hc(HYPCORE_IOC_PROBE, &p);

	if (!write)
		*value = p.value;
	return ret;
}

u64 s2_memattr = S2_MEMATTR_WB;

/*
 * A shared VM's leaf (nothing donated, the host's stage-2 untouched) says
 * which write-back encoding hypcore uses; written to MEMATTR_FILE too, for
 * hypctl_test.sh.
 */
#define MEMATTR_FILE "/tmp/hc-e2e-memattr"

void learn_memattr(const char *mode)
{
	char name[48];
	u64 v, pte = 0;
	FILE *f;
	bool ok;

	snprintf(name, sizeof(name), "%s.memattr-write-back", mode);
	if (vm_create(&v)) {
		check(false, name, "VM_CREATE failed");
		return;
	}
	ok = !set_npt(v, 0x1000, 3, HOST_RAM_PA, PERM_RW) && !walk(v, 0x1000, &pte);
	vm_destroy(v);
	s2_memattr = pte & (0xfULL << 2);
	printf("hc_e2e: VM leaves' MemAttr 0x%llx\n", (unsigned long long)s2_memattr);
	f = fopen(MEMATTR_FILE, "w");
	if (f) {
		fprintf(f, "0x%llx\n", (unsigned long long)s2_memattr);
		fclose(f);
	}
	check(ok && (s2_memattr == S2_MEMATTR_WB || s2_memattr == S2_MEMATTR_FWB_WB), name,
	      "leaf %#llx", (unsigned long long)pte);
}

/* The parts that compare WALK's answers with leaves they composed (S2_ATTR_*). */
static bool uses_leaf_words(const char *what)
{
	static const char *const parts[] = {"abi", "smp",     "own",	   "own-smp",
					    "dma", "dma-rng", "dma-image", "split-all"};

	for (unsigned int i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (!strcmp(what, parts[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	char name[48];

	setvbuf(stdout, NULL, _IOLBF, 0);
	hc_fd = open(HYPCORE_DEVICE, O_RDWR);
	snprintf(name, sizeof(name), "%s.open-dev-hypcore", what);
	if (!check(hc_fd >= 0, name, "open %s: %s", HYPCORE_DEVICE, strerror(errno)))
		return 1;
	if (uses_leaf_words(what))
		learn_memattr(what);
	if (!strcmp(what, "abi"))
		run_abi();
	else if (!strcmp(what, "probe"))
		run_probe();
	else if (!strcmp(what, "smp"))
		run_smp(argc - 2, argv + 2);
	else if (!strcmp(what, "own"))
		run_own();
	else if (!strcmp(what, "own-smp"))
		run_own_smp(argc - 2, argv + 2);
	else if (!strcmp(what, "split-all"))
		run_split_all();
	else if (!strcmp(what, "psci"))
		run_psci();
	else if (!strcmp(what, "system-off"))
		return run_system_off();
	else if (!strcmp(what, "exec-device"))
		run_exec_device(argc - 2, argv + 2);
	else if (!strcmp(what, "dma"))
		run_dma(argc - 2, argv + 2);
	else if (!strcmp(what, "dma-demo"))
		run_dma_demo();
	else if (!strcmp(what, "dma-rng"))
		run_dma_rng();
	else if (!strcmp(what, "dma-image"))
		run_dma_image(argc - 2, argv + 2);
	else if (!strcmp(what, "vm-ioctls"))
		run_vm_ioctls();
	else if (!strcmp(what, "vm-zero"))
		run_vm_zero(argc - 2, argv + 2);
	else
		check(false, "usage",
		      "hc_e2e abi|probe|smp|own|own-smp [N]|split-all|psci|system-off|exec-device "
		      "PA|dma "
		      "[ONLY]|dma-rng|dma-image "
		      "[PA]|dma-demo|vm-ioctls|vm-zero TAG VMID PA..., not '%s'",
		      what);
	close(hc_fd);
	return failures > 100 ? 100 : failures;
}
