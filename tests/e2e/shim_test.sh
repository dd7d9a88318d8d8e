#!/usr/bin/env bash
# End-to-end suite of the host shim: one QEMU boot (-smp 4) of our image
# with the Linux host in hypcore.mode=e2e, where tests/e2e/hostprog/hooks/
# 10-e2e.sh loads hypcore.ko and runs
#   hc_e2e abi      every hypercall and error code through the module's ioctls
#   hc_e2e probe    the host touching the image and the pools (must fault)
#   hypctl_test.sh  hypctl's sub-commands and `hypctl script --sim`
#   hc_e2e smp      4 threads pinned to 4 CPUs, same and different VMs
#   hc_e2e own      page ownership attacked: donated pages out of the host's
#                   reach, eperm attacks, pages back zeroed after unmap/destroy
#   hc_e2e own-smp  4 pinned threads racing for the same pages (donate,
#                   share, unmap, destroy), answers and end state vs the rules
# then rmmod with a private VM alive, and power-off with another alive.
# Each check prints "E2E: PASS name" or "E2E: FAIL name: why". Here, every
# name listed in tests/e2e/shim_expected.txt must have passed exactly once:
# a missing line (a crash, a hang, a panic cut the run short) is a failure,
# as is a name not in the list. The console must also show no fault or
# panic of our image or of Linux, the image's report of every host abort
# the probes caused, and /init's normal end. Last line: "N passed, M failed".
#
# Needs `make el2 initramfs` first (make test-el2 does it). Console:
# build/e2e/shim.log. SHIM_TEST_TIMEOUT (default 300 s) bounds the run;
# SHIM_SMP_STEPS (default 6000) sets the steps per CPU of the smp part,
# SHIM_OWN_STEPS (default 3000) those of the own-smp part.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
log=$top/build/e2e/shim.log
expected=$top/tests/e2e/shim_expected.txt
limit=${SHIM_TEST_TIMEOUT:-300}
steps=${SHIM_SMP_STEPS:-6000}
own_steps=${SHIM_OWN_STEPS:-3000}
. "$top/tests/e2e/lib.sh"

mkdir -p "$(dirname "$log")"
echo "shim_test: booting our image + Linux host, -smp 4, e2e mode, limit ${limit}s, console -> ${log#"$top"/}"
start=$(date +%s.%N)
"$top/scripts/qemu.sh" --smp 4 --mode e2e --timeout "$limit" --quiet \
	--append "hypcore.smp_steps=$steps hypcore.own_steps=$own_steps" </dev/null >"$log" 2>&1
status=$?
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v st=$status \
	'BEGIN { printf "shim_test: QEMU ended with status %d after %.1f s\n", st, e - s }'

check_results "$expected"

# Each probe of hypcore's memory must show up as a host abort at EL2.
aborts=$(tr -d '\r' <"$log" | grep -ac 'hypcore: host abort on cpu .*injecting a permission fault')
probes=$(grep -c '^probe\.\(read\|write\)-.*\.efault$' "$expected")
probes=$((probes + $(grep -c '^hypctl\.probe-.*\.efault$' "$expected")))

check_boot $status "$limit"
check "the image reported each probe's host abort ($aborts of $probes)" test "$aborts" -eq "$probes"
check_end
# Power-off with a private VM alive (one page and one 2 MiB block): the
# image zeroed its 513 pages before it asked the firmware (issue 11, item 7).
off_re='^hypcore: the host asks PSCI 0x0000000084000008 \(system off or reset\): 513 pages of VMs zeroed first'
check "power-off zeroed the live private VM's 513 pages first" \
	test "$(tr -d '\r' <"$log" | grep -cE "$off_re")" -eq 1

check_memattr

tr -d '\r' <"$log" | grep -a '^E2E-INFO: \(smp total\|own-smp\)' | sed 's/^E2E-INFO: /shim_test: /'
verdict shim_test 30
