// SPDX-License-Identifier: MIT
/*
 * hypctl: drive hypcore from user space through /dev/hypcore.
 *
 *   hypctl info | create [--private | --protected] | destroy VMID
 *   hypctl map VMID IPA [--block] [--ro]
 *   hypctl set VMID IPA LEVEL PA PERMS | unmap VMID IPA | walk VMID IPA
 *   hypctl level VMID IPA | load VMID IPA | store VMID IPA VALUE
 *   hypctl usage VMID | script [--sim] | probe PA [VALUE] | dma-events
 *   hypctl run IMAGE [--protected] [--mem MiB] [--vcpus N] [--entry ADDR]
 *              [--timeout SEC] [--trace-exits] [--show-pages] [--keep]
 *
 * Exit status: 0 done, 1 the core (or the device) said no, 2 bad usage;
 * run exits with the guest's status (run.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hypctl.h"

#define EXIT_REFUSED 1
#define EXIT_USAGE 2

const char *const hc_area_names[HYPCTL_AREAS] = {"root", "pgd", "pud", "pmd"};

static const char usage_text[] =
	"usage: hypctl COMMAND [ARGS]   (numbers: decimal or 0x-hex)\n"
	"  info                          Call UID and ABI revision\n"
	"  create [--private|--protected] create a VM, print its vmid; it shares\n"
	"                                the memory map gives it with the host,\n"
	"                                or with --private takes it (donated:\n"
	"                                the host cannot touch it until unmap);\n"
	"                                --protected: donated until destroy, no\n"
	"                                unmap, no leaf over a mapped one\n"
	"  destroy VMID                  destroy a VM, free its memory\n"
	"  map VMID IPA [--block] [--ro] map new zeroed memory: a 4 KiB page,\n"
	"                                or a 2 MiB block; --ro: no S2AP write\n"
	"  set VMID IPA LEVEL PA PERMS   raw SET_NPT: map output address PA with\n"
	"                                PERMS, letters of rwx (\"rw\", \"r-x\");\n"
	"                                the core composes the descriptor\n"
	"  unmap VMID IPA                clear the leaf mapping IPA\n"
	"  walk VMID IPA                 the descriptor mapping IPA\n"
	"  level VMID IPA                0 (unmapped), 2 (block) or 3 (page)\n"
	"  load VMID IPA                 64-bit load through the VM's tables\n"
	"  store VMID IPA VALUE          64-bit store through the VM's tables\n"
	"  usage VMID                    page-table pool usage per area\n"
	"  script [--sim]                hypcore-sim line protocol on stdin\n"
	"  probe PA [VALUE]              test hook: the host itself reads (or\n"
	"                                writes VALUE at) host physical PA\n"
	"  dma-events                    DMA the core's SMMU stopped: how many,\n"
	"                                and the last one's type, stream, address\n"
	"  run IMAGE [--protected] [--mem MiB] [--vcpus N] [--entry ADDR]\n"
	"      [--timeout SEC] [--trace-exits] [--show-pages] [--keep]\n"
	"                                run a guest: RAM at 0x40000000 (default\n"
	"                                16 MiB) mapped on first touch, a PL011 at\n"
	"                                0x09000000, one thread per vCPU; exits with\n"
	"                                the guest's status (124 timeout, 125 stopped\n"
	"                                by a fault hypctl cannot serve, 126 refused)\n";

int hc_open(void)
{
	int fd = open(HYPCORE_DEVICE, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int hc_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

const char *hc_errname(int err, char *buf, size_t len)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{EINVAL, "einval"}, {EEXIST, "eexist"}, {ENOMEM, "enomem"}, {EFAULT, "efault"},
		{EPERM, "eperm"},   {ENOTTY, "enotty"}, {ENOSPC, "enospc"}, {EIO, "eio"},
		{ENODEV, "enodev"}, {ENOENT, "enoent"}, {EACCES, "eacces"},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].err == err)
			return names[i].name;
	}
	snprintf(buf, len, "errno%d", err);
	return buf;
}

int hc_parse_u64(const char *s, uint64_t *out)
{
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	/* strtoull would accept a sign, spaces and an empty hex part. */
	if (!(base == 16 ? strchr("0123456789abcdefABCDEF", s[0]) : strchr("0123456789", s[0])) ||
	    s[0] == '\0')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, base);
	return errno || *end ? -1 : 0;
}

int hc_parse_perms(const char *s, uint64_t *out)
{
	static const char letters[] = "rwx";
	uint64_t bits = 0;

	if (!hc_parse_u64(s, out))
		return 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		const char *l = strchr(letters, *s);

		if (*s == '-')
			continue;
		if (!l || (bits & (1ULL << (l - letters))))
			return -1;
		bits |= 1ULL << (l - letters); /* r, w, x: HVC_PERM_R, _W, _X */
	}
	*out = bits;
	return 0;
}

static uint64_t arg_u64(const char *what, const char *s)
{
	uint64_t v;

	if (hc_parse_u64(s, &v)) {
		fprintf(stderr, "hypctl: %s '%s' is not a number (decimal or 0x-hex)\n", what, s);
		exit(EXIT_USAGE);
	}
	return v;
}

static void need_args(const char *cmd, int argc, int want, const char *form)
{
	if (argc != want) {
		fprintf(stderr, "hypctl: usage: hypctl %s %s\n", cmd, form);
		exit(EXIT_USAGE);
	}
}

/* /dev/hypcore, opened on first use (after the arguments are checked). */
static int device(void)
{
	static int fd = -1;

	if (fd < 0)
		fd = hc_open();
	if (fd < 0) {
		fprintf(stderr, "hypctl: cannot open %s: %s (is hypcore.ko loaded?)\n",
			HYPCORE_DEVICE, strerror(-fd));
		exit(EXIT_REFUSED);
	}
	return fd;
}

/* Run one ioctl; on error name it and exit 1. */
static void call(unsigned long cmd, void *arg, const char *what)
{
	char buf[24];
	int err = hc_ioctl(device(), cmd, arg);

	if (err) {
		fprintf(stderr, "hypctl: %s: %s (%s)\n", what, hc_errname(-err, buf, sizeof(buf)),
			strerror(-err));
		exit(EXIT_REFUSED);
	}
}

static void describe_pte(uint64_t pte)
{
	const char *ap[] = {"no access", "read-only", "write-only", "read-write"};

	if (!pte) {
		printf(" (unmapped)\n");
		return;
	}
	printf(" (%s, pa 0x%llx, %s%s)\n", (pte & 3) == 3 ? "page" : "block",
	       (unsigned long long)(pte & 0x0000fffffffff000ULL), ap[(pte >> 6) & 3],
	       (pte >> 53) & 3 ? "" : ", executable");
}

static int cmd_info(void)
{
	struct hypcore_info info;

	call(HYPCORE_IOC_INFO, &info, "info");
	printf("hypcore ABI revision %llu.%llu, Call UID %08llx %08llx %08llx %08llx\n",
	       (unsigned long long)info.major, (unsigned long long)info.minor,
	       (unsigned long long)info.uid[0], (unsigned long long)info.uid[1],
	       (unsigned long long)info.uid[2], (unsigned long long)info.uid[3]);
	return 0;
}

static int cmd_map(int argc, char **argv)
{
	struct hypcore_access a = {0};
	struct hypcore_map m = {0};
	char *pos[2];
	int n = 0;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--block"))
			m.flags |= HYPCORE_MAP_BLOCK;
		else if (!strcmp(argv[i], "--ro"))
			m.flags |= HYPCORE_MAP_RDONLY;
		else if (n++ < 2)
			pos[n - 1] = argv[i];
	}
	need_args("map", n, 2, "VMID IPA [--block] [--ro]");
	m.vmid = arg_u64("VMID", pos[0]);
	m.ipa = arg_u64("IPA", pos[1]);
	call(HYPCORE_IOC_MAP, &m, "map");
	/* The core composed the leaf: read it back to show it. */
	a.vmid = m.vmid;
	a.ipa = m.ipa;
	call(HYPCORE_IOC_WALK, &a, "walk");
	printf("mapped vm %llu ipa 0x%llx: %s at pa 0x%llx, pte 0x%llx", (unsigned long long)m.vmid,
	       (unsigned long long)m.ipa, m.flags & HYPCORE_MAP_BLOCK ? "2 MiB block" : "4 KiB page",
	       (unsigned long long)m.pa, (unsigned long long)a.value);
	describe_pte(a.value);
	return 0;
}

static int cmd_set(int argc, char **argv)
{
	struct hypcore_set_npt s;
	uint64_t perms;

	need_args("set", argc, 5, "VMID IPA LEVEL PA PERMS");
	s.vmid = arg_u64("VMID", argv[0]);
	s.ipa = arg_u64("IPA", argv[1]);
	s.level = arg_u64("LEVEL", argv[2]);
	s.pa = arg_u64("PA", argv[3]);
	if (hc_parse_perms(argv[4], &perms)) {
		fprintf(stderr, "hypctl: PERMS '%s' is not letters of rwx, nor a number\n", argv[4]);
		exit(EXIT_USAGE);
	}
	s.perms = perms;
	call(HYPCORE_IOC_SET_NPT, &s, "set");
	printf("set vm %llu ipa 0x%llx level %llu pa 0x%llx perms 0x%llx\n",
	       (unsigned long long)s.vmid, (unsigned long long)s.ipa, (unsigned long long)s.level,
	       (unsigned long long)s.pa, (unsigned long long)s.perms);
	return 0;
}

/* unmap, walk, level, load, store: all take VMID IPA (and store a VALUE). */
static int cmd_access(const char *cmd, int argc, char **argv)
{
	int store = !strcmp(cmd, "store");
	struct hypcore_access a = {0};
	static const char *const levels[] = {"unmapped", "", "2 MiB block", "4 KiB page"};

	need_args(cmd, argc, store ? 3 : 2, store ? "VMID IPA VALUE" : "VMID IPA");
	a.vmid = arg_u64("VMID", argv[0]);
	a.ipa = arg_u64("IPA", argv[1]);
	if (store)
		a.value = arg_u64("VALUE", argv[2]);

	if (!strcmp(cmd, "unmap")) {
		call(HYPCORE_IOC_UNMAP, &a, cmd);
		printf("unmapped vm %llu ipa 0x%llx\n", (unsigned long long)a.vmid,
		       (unsigned long long)a.ipa);
	} else if (!strcmp(cmd, "walk")) {
		call(HYPCORE_IOC_WALK, &a, cmd);
		printf("vm %llu ipa 0x%llx: pte 0x%llx", (unsigned long long)a.vmid,
		       (unsigned long long)a.ipa, (unsigned long long)a.value);
		describe_pte(a.value);
	} else if (!strcmp(cmd, "level")) {
		call(HYPCORE_IOC_LEVEL, &a, cmd);
		printf("vm %llu ipa 0x%llx: level %llu (%s)\n", (unsigned long long)a.vmid,
		       (unsigned long long)a.ipa, (unsigned long long)a.value,
		       a.value < 4 ? levels[a.value] : "?");
	} else if (!strcmp(cmd, "load")) {
		call(HYPCORE_IOC_LOAD, &a, cmd);
		printf("vm %llu ipa 0x%llx: 0x%llx\n", (unsigned long long)a.vmid,
		       (unsigned long long)a.ipa, (unsigned long long)a.value);
	} else {
		call(HYPCORE_IOC_STORE, &a, cmd);
		printf("stored 0x%llx at vm %llu ipa 0x%llx\n", (unsigned long long)a.value,
		       (unsigned long long)a.vmid, (unsigned long long)a.ipa);
	}
	return 0;
}

static int cmd_probe(int argc, char **argv)
{
	struct hypcore_probe p = {0};

	if (argc != 1 && argc != 2)
		need_args("probe", argc, 1, "PA [VALUE]");
	p.pa = arg_u64("PA", argv[0]);
	if (argc == 2) {
		p.write = 1;
		p.value = arg_u64("VALUE", argv[1]);
	}
	call(HYPCORE_IOC_PROBE, &p, p.write ? "probe write" : "probe read");
	if (p.write)
		printf("host wrote 0x%llx at pa 0x%llx\n", (unsigned long long)p.value,
		       (unsigned long long)p.pa);
	else
		printf("host read pa 0x%llx: 0x%llx\n", (unsigned long long)p.pa,
		       (unsigned long long)p.value);
	return 0;
}

static const char *dma_event_name(uint64_t type)
{
	switch (type) {
	case 0x02:
		return "bad stream id";
	case 0x10:
		return "translation fault";
	case 0x11:
		return "address size fault";
	case 0x12:
		return "access flag fault";
	case 0x13:
		return "permission fault";
	}
	return "other";
}

static int cmd_dma_events(void)
{
	struct hypcore_dma_events e = {0};

	call(HYPCORE_IOC_DMA_EVENTS, &e, "dma-events");
	printf("dma events: %llu\n", (unsigned long long)e.count);
	if (e.count)
		printf("last: type 0x%02llx (%s), stream 0x%llx, address 0x%llx\n",
		       (unsigned long long)(e.word0 & 0xff), dma_event_name(e.word0 & 0xff),
		       (unsigned long long)(e.word0 >> 32), (unsigned long long)e.addr);
	return 0;
}

static int cmd_usage(int argc, char **argv)
{
	need_args("usage", argc, 1, "VMID");
	uint64_t vmid = arg_u64("VMID", argv[0]);

	printf("vm %llu page-table pool:\n", (unsigned long long)vmid);
	for (unsigned int area = 0; area < HYPCTL_AREAS; area++) {
		struct hypcore_pool_usage u = {.vmid = vmid, .area = area};

		call(HYPCORE_IOC_POOL_USAGE, &u, "usage");
		printf("  %-4s start 0x%llx  %llu of %llu pages used\n", hc_area_names[area],
		       (unsigned long long)u.start, (unsigned long long)u.used,
		       (unsigned long long)u.total);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	const char *cmd = argv[1];
	int n = argc - 2;
	char **args = argv + 2;

	if (!strcmp(cmd, "info"))
		return need_args(cmd, n, 0, ""), cmd_info();
	if (!strcmp(cmd, "create")) {
		struct hypcore_vm vm = {0};

		if (n == 1 && !strcmp(args[0], "--private"))
			vm.flags = HYPCORE_VM_PRIVATE;
		else if (n == 1 && !strcmp(args[0], "--protected"))
			vm.flags = HYPCORE_VM_PROTECTED;
		else
			need_args(cmd, n, 0, "[--private | --protected]");
		call(HYPCORE_IOC_VM_CREATE, &vm, "create");
		printf("created vm %llu%s\n", (unsigned long long)vm.vmid,
		       vm.flags == HYPCORE_VM_PRIVATE	? " (private: its pages are donated)"
		       : vm.flags == HYPCORE_VM_PROTECTED ? " (protected: pages donated until destroy)"
							  : "");
		return 0;
	}
	if (!strcmp(cmd, "destroy")) {
		struct hypcore_vm vm = {0};

		need_args(cmd, n, 1, "VMID");
		vm.vmid = arg_u64("VMID", args[0]);
		call(HYPCORE_IOC_VM_DESTROY, &vm, "destroy");
		printf("destroyed vm %llu\n", (unsigned long long)vm.vmid);
		return 0;
	}
	if (!strcmp(cmd, "map"))
		return cmd_map(n, args);
	if (!strcmp(cmd, "set"))
		return cmd_set(n, args);
	if (!strcmp(cmd, "unmap") || !strcmp(cmd, "walk") || !strcmp(cmd, "level") ||
	    !strcmp(cmd, "load") || !strcmp(cmd, "store"))
		return cmd_access(cmd, n, args);
	if (!strcmp(cmd, "usage"))
		return cmd_usage(n, args);
	if (!strcmp(cmd, "probe"))
		return cmd_probe(n, args);
	if (!strcmp(cmd, "dma-events"))
		return need_args(cmd, n, 0, ""), cmd_dma_events();
	if (!strcmp(cmd, "run"))
		return hc_run(n, args);
	if (!strcmp(cmd, "script")) {
		if (n > 1 || (n == 1 && strcmp(args[0], "--sim")))
			need_args(cmd, 0, 1, "[--sim]");
		return hc_script(device(), stdin, stdout, n == 1) ? EXIT_REFUSED : 0;
	}
	fprintf(stderr, "hypctl: unknown command '%s'\n%s", cmd, usage_text);
	return EXIT_USAGE;
}
