// SPDX-License-Identifier: MIT
/*
 * `hypctl script`: hypcore-sim's line protocol, answered by the real core
 * through /dev/hypcore. One command per line; blank lines and lines starting
 * with '#' get no answer; every other line gets one line: `ok [VALUES]` or
 * `err NAME`. Numbers in: decimal or 0x-hex; out: lowercase 0x-hex.
 *
 * As the sim:   unmap VMID ADDR, walk VMID ADDR,
 *               level VMID ADDR, store VMID ADDR VALUE, load VMID ADDR
 * From POOL_USAGE (exact):
 *   vttbr VMID  ok (root table address | vmid << 48)
 *   next VMID   ok PGD_NEXT PUD_NEXT PMD_NEXT (area start + 4 KiB * used)
 * What the ABI cannot show:
 *   check       err usage: the invariants need the tables, which no call reads
 *   dump VMID   the pool areas (start, pages used of total), then ok: the
 *               tables themselves are not readable through the ABI
 * ABI 2.0:      set VMID ADDR LEVEL PA PERMS (the sim's set takes a
 *               descriptor; SET_NPT takes an output address and
 *               permissions, letters of rwx or a number)
 * Extensions:   create -> ok VMID, destroy VMID -> ok,
 *               map VMID ADDR LEVEL -> ok PA (the module's own memory,
 *               read-write),
 *               usage VMID AREA -> ok USED TOTAL START
 *
 * Differences from the sim that come from the ABI, not from this reader:
 * vmid 0 is the host (set/unmap/store answer eperm), a VM must exist (else
 * einval), and the data RAM is the machine's. With --sim, script vmids
 * 1..15 name VMs created on first use and destroyed at the end, so that a
 * sim script runs unchanged; vttbr then shows the real vmid.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hypctl.h"

#define MAX_TOKENS 6
#define SIM_VMS 16
#define PAGE_BYTES 4096ULL
/* run()'s answer for a malformed command: the device never answers EDOM. */
#define ERR_USAGE (-EDOM)

/* Every command this reader answers, with its number of arguments. */
static const struct {
	const char *name;
	int args;
} commands[] = {
	{"set", 5},   {"unmap", 2}, {"walk", 2},   {"level", 2},   {"load", 2},
	{"store", 3}, {"vttbr", 1}, {"next", 1},   {"dump", 1},    {"check", 0},
	{"map", 3},   {"usage", 2}, {"create", 0}, {"destroy", 1},
};

struct script {
	int fd;
	FILE *out;
	int sim_vmids;
	uint64_t real[SIM_VMS]; /* --sim: script vmid -> created vmid, 0 = none yet */
};

/* The vmid to send for a script vmid; 0 or -errno. */
static int vmid_of(struct script *s, uint64_t v, uint64_t *vmid)
{
	struct hypcore_vm vm = {0};
	int err;

	*vmid = v;
	if (!s->sim_vmids || v == 0 || v >= SIM_VMS)
		return 0;
	if (!s->real[v]) {
		err = hc_ioctl(s->fd, HYPCORE_IOC_VM_CREATE, &vm);
		if (err)
			return err;
		s->real[v] = vm.vmid;
	}
	*vmid = s->real[v];
	return 0;
}

/* Destroy a VM; with --sim, a script vmid that names a created one. */
static int destroy(struct script *s, uint64_t v)
{
	struct hypcore_vm vm = {.vmid = v};
	int err;

	if (s->sim_vmids && v > 0 && v < SIM_VMS) {
		if (!s->real[v])
			return -EINVAL; /* as the ABI answers for a VM never created */
		vm.vmid = s->real[v];
	}
	err = hc_ioctl(s->fd, HYPCORE_IOC_VM_DESTROY, &vm);
	if (!err && s->sim_vmids && v > 0 && v < SIM_VMS)
		s->real[v] = 0;
	return err;
}

static int usage_of(struct script *s, uint64_t vmid, struct hypcore_pool_usage u[HYPCTL_AREAS])
{
	for (unsigned int area = 0; area < HYPCTL_AREAS; area++) {
		int err;

		u[area] = (struct hypcore_pool_usage){.vmid = vmid, .area = area};
		err = hc_ioctl(s->fd, HYPCORE_IOC_POOL_USAGE, &u[area]);
		if (err)
			return err;
	}
	return 0;
}

/* Run one parsed command; answer into *ans (values) or return -errno. */
static int run(struct script *s, const char *cmd, int n, const uint64_t *a, char *ans, size_t len)
{
	struct hypcore_access acc = {0};
	struct hypcore_pool_usage u[HYPCTL_AREAS];
	uint64_t vmid = 0;
	int err;

	if (!strcmp(cmd, "check"))
		return ERR_USAGE; /* the invariants need the tables: no call reads them */
	if (!strcmp(cmd, "create")) {
		struct hypcore_vm vm = {0};

		err = hc_ioctl(s->fd, HYPCORE_IOC_VM_CREATE, &vm);
		snprintf(ans, len, " 0x%llx", (unsigned long long)vm.vmid);
		return err;
	}
	if (!strcmp(cmd, "destroy"))
		return destroy(s, a[0]);
	err = vmid_of(s, a[0], &vmid);
	if (err)
		return err;
	acc.vmid = vmid;
	acc.ipa = n > 1 ? a[1] : 0;

	if (!strcmp(cmd, "set")) {
		struct hypcore_set_npt set = {vmid, a[1], a[2], a[3], a[4]};

		return hc_ioctl(s->fd, HYPCORE_IOC_SET_NPT, &set);
	}
	if (!strcmp(cmd, "map")) {
		struct hypcore_map m = {vmid, a[1], 0, 0};

		if (a[2] != 2 && a[2] != 3)
			return -EINVAL;
		m.flags = a[2] == 2 ? HYPCORE_MAP_BLOCK : 0;
		err = hc_ioctl(s->fd, HYPCORE_IOC_MAP, &m);
		snprintf(ans, len, " 0x%llx", (unsigned long long)m.pa);
		return err;
	}
	if (!strcmp(cmd, "unmap"))
		return hc_ioctl(s->fd, HYPCORE_IOC_UNMAP, &acc);
	if (!strcmp(cmd, "store")) {
		acc.value = a[2];
		return hc_ioctl(s->fd, HYPCORE_IOC_STORE, &acc);
	}
	if (!strcmp(cmd, "walk") || !strcmp(cmd, "level") || !strcmp(cmd, "load")) {
		unsigned long ioc = HYPCORE_IOC_LOAD;

		if (!strcmp(cmd, "walk"))
			ioc = HYPCORE_IOC_WALK;
		else if (!strcmp(cmd, "level"))
			ioc = HYPCORE_IOC_LEVEL;
		err = hc_ioctl(s->fd, ioc, &acc);
		snprintf(ans, len, " 0x%llx", (unsigned long long)acc.value);
		return err;
	}
	if (!strcmp(cmd, "usage")) {
		u[0] = (struct hypcore_pool_usage){.vmid = vmid, .area = a[1]};
		err = hc_ioctl(s->fd, HYPCORE_IOC_POOL_USAGE, &u[0]);
		snprintf(ans, len, " 0x%llx 0x%llx 0x%llx", (unsigned long long)u[0].used,
			 (unsigned long long)u[0].total, (unsigned long long)u[0].start);
		return err;
	}
	if (!strcmp(cmd, "vttbr")) {
		err = usage_of(s, vmid, u);
		snprintf(ans, len, " 0x%llx", (unsigned long long)(u[0].start | vmid << 48));
		return err;
	}
	if (!strcmp(cmd, "next")) {
		err = usage_of(s, vmid, u);
		snprintf(ans, len, " 0x%llx 0x%llx 0x%llx",
			 (unsigned long long)(u[1].start + u[1].used * PAGE_BYTES),
			 (unsigned long long)(u[2].start + u[2].used * PAGE_BYTES),
			 (unsigned long long)(u[3].start + u[3].used * PAGE_BYTES));
		return err;
	}
	if (!strcmp(cmd, "dump")) {
		err = usage_of(s, vmid, u);
		for (unsigned int i = 0; !err && i < HYPCTL_AREAS; i++)
			fprintf(s->out, "vm 0x%llx %s: start 0x%llx, 0x%llx of 0x%llx pages used\n",
				(unsigned long long)vmid, hc_area_names[i],
				(unsigned long long)u[i].start, (unsigned long long)u[i].used,
				(unsigned long long)u[i].total);
		return err;
	}
	return ERR_USAGE;
}

static int known(const char *cmd, int args)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(commands[i].name, cmd))
			return commands[i].args == args;
	}
	return 0;
}

/* One line in, one answer out (none for blank and comment lines). */
static void line(struct script *s, char *text)
{
	char *tok[MAX_TOKENS + 1], *save = NULL, buf[24], ans[80] = "";
	uint64_t a[MAX_TOKENS];
	int n = 0, err;

	for (char *t = strtok_r(text, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == 0 && t[0] == '#')
			return;
		tok[n++] = t;
		if (n > MAX_TOKENS)
			break;
	}
	if (n == 0)
		return;
	if (n > MAX_TOKENS) {
		fprintf(s->out, "err usage\n");
		return;
	}
	for (int i = 1; i < n; i++) {
		int bad = !strcmp(tok[0], "set") && i == 5 ? hc_parse_perms(tok[i], &a[i - 1])
							   : hc_parse_u64(tok[i], &a[i - 1]);

		if (bad) {
			fprintf(s->out, "err usage\n");
			return;
		}
	}
	err = known(tok[0], n - 1) ? run(s, tok[0], n - 1, a, ans, sizeof(ans)) : ERR_USAGE;
	if (err == ERR_USAGE)
		fprintf(s->out, "err usage\n");
	else if (err)
		fprintf(s->out, "err %s\n", hc_errname(-err, buf, sizeof(buf)));
	else
		fprintf(s->out, "ok%s\n", ans);
}

int hc_script(int fd, FILE *in, FILE *out, int sim_vmids)
{
	struct script s = {.fd = fd, .out = out, .sim_vmids = sim_vmids};
	char *text = NULL;
	size_t cap = 0;
	int status = 0;

	setvbuf(out, NULL, _IOLBF, 0);
	while (getline(&text, &cap, in) >= 0)
		line(&s, text);
	if (ferror(in))
		status = 1;
	free(text);

	for (unsigned int v = 1; v < SIM_VMS; v++) {
		struct hypcore_vm vm = {.vmid = s.real[v]};

		if (s.real[v] && hc_ioctl(fd, HYPCORE_IOC_VM_DESTROY, &vm))
			status = 1;
	}
	return status;
}
