// SPDX-License-Identifier: MIT
/*
 * The core's PSCI relay and SMCCC answers (issue 11, item 4), through the
 * module's raw SMC test hook:
 *
 *   psci   SMCCC_ARCH_FEATURES answered for the calls the core answers and
 *          passed on to the firmware for its workarounds; CPU_ON of an
 *          online CPU answers ALREADY_ON; then CPU 3 is taken offline
 *          (sysfs) and, ROUNDS times, two threads pinned to CPUs 0 and 1
 *          issue CPU_ON for it at the same moment, with the module's
 *          parking stub as the entry: one answer is SUCCESS, the other
 *          ON_PENDING or ALREADY_ON (the stub keeps CPU 3 on until both
 *          have answered), and CPU 3 goes off again once released. The
 *          suite's host side counts the core's "cpu 3 up" lines at the
 *          stub: one per round. Last, CPU 3 comes back online (sysfs).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "e2e.h"

#define SMCCC_ARCH_FEATURES 0x80000001ULL
#define PSCI_VERSION	    0x84000000ULL
#define PSCI_CPU_ON_64	    0xc4000003ULL
#define PSCI_AFFINITY_64    0xc4000004ULL
#define PSCI_SUCCESS	    0LL
#define PSCI_NOT_SUPPORTED  (-1LL)
#define PSCI_ALREADY_ON	    (-4LL)
#define PSCI_ON_PENDING	    (-5LL)
#define AFFINITY_ON	    0LL
#define AFFINITY_OFF	    1LL
#define TARGET		    3 /* the CPU raced for; MPIDR Aff0 = 3 on QEMU virt */
#define ROUNDS		    8

static u64 stub_pa;

/* A raw SMC on the calling CPU; x0 as a signed PSCI answer, or -1000 when the ioctl failed. */
static long long smc(u64 id, u64 a1, u64 a2, u64 a3, u64 flags)
{
	struct hypcore_smc s = {.id = id, .arg = {a1, a2, a3}, .flags = flags};

	if (hc(HYPCORE_IOC_SMC, &s))
		return -1000;
	stub_pa = s.stub;
	return (long long)s.res[0];
}

static bool set_online(int cpu, int on)
{
	char path[64];
	int fd;
	bool ok;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online", cpu);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return false;
	ok = write(fd, on ? "1" : "0", 1) == 1;
	close(fd);
	return ok;
}

/* AFFINITY_INFO(TARGET) until it answers state, for up to 10 s. */
static bool wait_target(long long state)
{
	for (int i = 0; i < 10000; i++) {
		if (smc(PSCI_AFFINITY_64, TARGET, 0, 0, 0) == state)
			return true;
		usleep(1000);
	}
	return false;
}

static pthread_barrier_t ready;
static volatile int go;
static long long answer[2];

static void *racer(void *arg)
{
	int me = (int)(long)arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(me, &set);
	sched_setaffinity(0, sizeof(set), &set);
	pthread_barrier_wait(&ready);
	while (!go)
		;
	answer[me] = smc(PSCI_CPU_ON_64, TARGET, 0, 0, HYPCORE_SMC_STUB_ENTRY);
	return NULL;
}

static char rounds[ROUNDS][64];

/*
 * One race: both answers; then CPU 3 seen on (held in the stub), the stub
 * released, and CPU 3 seen off again. Nothing printed meanwhile: the
 * core's console line of CPU 3's start would interleave with ours.
 */
static bool race(int round, int *pending)
{
	pthread_t t[2];
	bool ok, on;

	go = 0;
	pthread_barrier_init(&ready, NULL, 3);
	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, racer, (void *)i);
	pthread_barrier_wait(&ready);
	go = 1;
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	pthread_barrier_destroy(&ready);
	ok = (answer[0] == PSCI_SUCCESS) != (answer[1] == PSCI_SUCCESS);
	for (int i = 0; i < 2; i++)
		if (answer[i] != PSCI_SUCCESS) {
			ok = ok && (answer[i] == PSCI_ALREADY_ON || answer[i] == PSCI_ON_PENDING);
			*pending += answer[i] == PSCI_ON_PENDING;
		}
	on = wait_target(AFFINITY_ON);
	smc(0, 0, 0, 0, HYPCORE_SMC_STUB_RELEASE);
	ok = ok && on && wait_target(AFFINITY_OFF);
	snprintf(rounds[round], sizeof(rounds[round]), "%lld/%lld%s", answer[0], answer[1],
		 ok ? "" : " (wrong)");
	return ok;
}

int run_psci(void)
{
	int good = 0, pending = 0;
	char online[4] = "";
	FILE *f;

	check_value("psci.arch-features-of-arch-features", 0,
		    (u64)smc(SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES, 0, 0, 0));
	check_value("psci.arch-features-of-psci.not-supported", (u64)PSCI_NOT_SUPPORTED,
		    (u64)smc(SMCCC_ARCH_FEATURES, PSCI_VERSION, 0, 0, 0));
	printf("E2E-INFO: psci firmware features WORKAROUND_1 %lld, WORKAROUND_2 %lld, "
	       "WORKAROUND_3 %lld\n",
	       smc(SMCCC_ARCH_FEATURES, 0x80008000, 0, 0, 0),
	       smc(SMCCC_ARCH_FEATURES, 0x80007fff, 0, 0, 0),
	       smc(SMCCC_ARCH_FEATURES, 0x80003fff, 0, 0, 0));
	check_value("psci.cpu-on-online-cpu.already-on", (u64)PSCI_ALREADY_ON,
		    (u64)smc(PSCI_CPU_ON_64, 0, 0, 0, HYPCORE_SMC_STUB_ENTRY));
	if (!check(set_online(TARGET, 0), "psci.offline-cpu3", "sysfs: %s", strerror(errno)))
		return 1;
	if (!check(wait_target(AFFINITY_OFF), "psci.cpu3-off", "AFFINITY_INFO never said off"))
		return 1;
	for (int r = 0; r < ROUNDS; r++)
		good += race(r, &pending);
	printf("E2E-INFO: psci races (answers of CPU 0 / CPU 1):");
	for (int r = 0; r < ROUNDS; r++)
		printf(" %s", rounds[r]);
	printf("\n");
	printf("E2E-INFO: psci stub 0x%llx, %d of %d races right, %d ON_PENDING\n",
	       (unsigned long long)stub_pa, good, ROUNDS, pending);
	check(good == ROUNDS, "psci.racing-cpu-on-one-success", "%d of %d rounds right", good,
	      ROUNDS);
	check(set_online(TARGET, 1), "psci.online-cpu3-again", "sysfs: %s", strerror(errno));
	f = fopen("/sys/devices/system/cpu/cpu3/online", "r");
	if (f) {
		if (!fgets(online, sizeof(online), f))
			online[0] = 0;
		fclose(f);
	}
	check(online[0] == '1', "psci.cpu3-online", "online reads '%s'", online);
	return 0;
}

/*
 * hc_e2e system-off: PSCI SYSTEM_OFF straight from this CPU, the way a
 * hostile host would, with no CPU stopped first (Linux's own power-off
 * stops the others before it asks). Returns only if the firmware refused.
 */
int run_system_off(void)
{
	long long r = smc(0x84000008ULL, 0, 0, 0, 0);

	printf("E2E-INFO: SYSTEM_OFF came back: %lld\n", r);
	return 1;
}
