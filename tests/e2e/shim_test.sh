#!/usr/bin/env bash
# End-to-end suite of the host shim: one QEMU boot (-smp 4) of our image
# with the Linux host in hypcore.mode=e2e, where tests/e2e/guest/hooks/
# 10-e2e.sh loads hypcore.ko and runs
#   hc_e2e abi      every hypercall and error code through the module's ioctls
#   hc_e2e probe    the host touching the image and the pools (must fault)
#   hypctl_test.sh  hypctl's sub-commands and `hypctl script --sim`
#   hc_e2e smp      4 threads pinned to 4 CPUs, same and different VMs
#   hc_e2e own      page ownership attacked: donated pages out of the host's
#                   reach, eperm attacks, pages back zeroed after unmap/destroy
#   hc_e2e own-smp  4 pinned threads racing for the same pages (donate,
#                   share, unmap, destroy), answers and end state vs the rules
# then rmmod with a protected VM alive, and power-off with another alive.
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
image_fault_re='hypcore: (PANIC|unexpected exception|fail-stop)'
linux_fault_re='Kernel panic|Oops|Internal error|Unable to handle kernel|BUG:'

passed=0
failed=0
pass() {
	passed=$((passed + 1))
	[ -z "${VERBOSE:-}" ] || echo "PASS: $1"
}
fail() {
	failed=$((failed + 1))
	echo "FAIL: $1"
}
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}

mkdir -p "$(dirname "$log")"
echo "shim_test: booting our image + Linux host, -smp 4, e2e mode, limit ${limit}s, console -> ${log#"$top"/}"
start=$(date +%s.%N)
"$top/scripts/qemu.sh" --smp 4 --mode e2e --timeout "$limit" --quiet \
	--append "hypcore.smp_steps=$steps hypcore.own_steps=$own_steps" </dev/null >"$log" 2>&1
status=$?
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v st=$status \
	'BEGIN { printf "shim_test: QEMU ended with status %d after %.1f s\n", st, e - s }'

results=$(tr -d '\r' <"$log" | grep -a '^E2E: ' || true)

# Every expected check: passed exactly once.
while read -r name; do
	case $name in '' | '#'*) continue ;; esac
	n_pass=$(grep -cxF "E2E: PASS $name" <<<"$results")
	line=$(grep -m1 -F "E2E: FAIL $name:" <<<"$results")
	if [ "$n_pass" -eq 1 ] && [ -z "$line" ]; then
		pass "$name"
	elif [ -n "$line" ]; then
		fail "${line#E2E: FAIL }"
	elif [ "$n_pass" -gt 1 ]; then
		fail "$name: passed $n_pass times (a name must be unique)"
	else
		fail "$name: no result line (the run never got there)"
	fi
done <"$expected"

# Every result line: a name the list knows.
while read -r line; do
	[ -n "$line" ] || continue
	name=${line#E2E: PASS }
	name=${name#E2E: FAIL }
	name=${name%%:*}
	grep -qxF "$name" "$expected" || fail "unexpected result line (not in shim_expected.txt): $line"
done <<<"$results"

in_log() { tr -d '\r' <"$log" | grep -aqE "$1"; }
not_in_log() { ! in_log "$1"; }
# Each probe of hypcore's memory must show up as a host abort at EL2.
aborts=$(tr -d '\r' <"$log" | grep -ac 'hypcore: host abort on cpu .*injecting a permission fault')
probes=$(grep -c '^probe\.\(read\|write\)-.*\.efault$' "$expected")
probes=$((probes + $(grep -c '^hypctl\.probe-.*\.efault$' "$expected")))

check "QEMU ended within ${limit}s (no hang)" test $status -ne 124
check "QEMU exit status is 0" test $status -eq 0
check "4 CPUs online in the host" in_log 'HYPCORE-HOST: init reached, .*count=4\b'
check "our image printed no fault or panic" not_in_log "$image_fault_re"
check "Linux did not panic or oops" not_in_log "$linux_fault_re"
check "the image reported each probe's host abort ($aborts of $probes)" test "$aborts" -eq "$probes"
check "the in-guest suite ran to its end" in_log '^E2E-DONE'
check "/init ran to its end" in_log 'HYPCORE-HOST: powering off'
# Power-off with a protected VM alive (one page and one 2 MiB block): the
# image zeroed its 513 pages before it asked the firmware (issue 11, item 7).
off_re='^hypcore: the host asks PSCI 0x0000000084000008 \(system off or reset\): 513 pages of VMs zeroed first'
check "power-off zeroed the live protected VM's 513 pages first" \
	test "$(tr -d '\r' <"$log" | grep -cE "$off_re")" -eq 1

tr -d '\r' <"$log" | grep -a '^E2E-INFO: \(smp total\|own-smp\)' | sed 's/^E2E-INFO: /shim_test: /'
if [ $failed -ne 0 ]; then
	echo "shim_test: last lines of ${log#"$top"/}:"
	tail -n 30 "$log" | tr -d '\r' | sed 's/^/  | /'
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
