#!/usr/bin/env bash
# Fail-stop suite (issue 11, items 1 and 2): the test build of our image
# (build/el2-test/hypcore.bin, -DHYPCORE_TEST_FAULTS) faults at boot when
# the kernel command line says hypcore.test_fault=WHAT, before any of the
# host runs. Four short boots (-smp 1), each only up to the fault:
#
#   exec-data                 a call into a data page: an instruction abort
#                             at EL2; QEMU ends with the fail-stop status
#                             (3, semihosting) after exactly one report
#   exec-data, no semihosting QEMU without -semihosting-config: the
#                             fail-stop powers the machine off (PSCI
#                             SYSTEM_OFF, QEMU status 0), one report
#   stack-overflow            the stack runs into its guard page: one
#                             report, made on the overflow stack, status 3
#   recurse                   semihosting claimed on, QEMU has none: the
#                             fail-stop's HLT faults, the second entry
#                             parks the CPU (QEMU still up at the limit)
#                             with one report and one re-entry line
#
# Also: the boot printed EL2's map, text r-x and nothing rwx; the image
# `make run` boots has no test faults in it.
# Needs `make el2 el2-test initramfs` (make test-el2 does it). Consoles:
# build/e2e/fault-*.log. FAULT_TEST_TIMEOUT: limit of the boots that must
# end (default 60 s); the parked one is given FAULT_TEST_PARK (default 8 s).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
image=$top/build/el2-test/hypcore.bin
elf=$top/build/el2-test/hypcore.elf
limit=${FAULT_TEST_TIMEOUT:-60}
park_limit=${FAULT_TEST_PARK:-8}
mkdir -p "$top/build/e2e"

passed=0
failed=0
check() {
	local name=$1
	shift
	if "$@"; then
		echo "PASS: $name"
		passed=$((passed + 1))
	else
		echo "FAIL: $name"
		failed=$((failed + 1))
	fi
}
count() { grep -a -c -E "$1" "$log" || true; }
once() { [ "$(count "$1")" -eq 1 ]; }
never() { [ "$(count "$1")" -eq 0 ]; }
sym() { aarch64-linux-gnu-nm "$elf" | awk -v s="$1" '$3 == s { print $1 }'; }
# The value the dump printed after NAME, as a number.
dumped() { grep -a -o -E "$1 +0x[0-9a-f]{16}" "$log" | head -n1 | awk '{ print $NF }'; }
between() { [ -n "$1" ] && (($1 >= $2 && $1 < $3)); }

# boot NAME [qemu.sh options]: one boot of the test image, to its end.
boot() {
	local name=$1
	shift
	log=$top/build/e2e/fault-$name.log
	"$top/scripts/qemu.sh" --image "$image" --smp 1 --mode boot --quiet --timeout "$limit" \
		"$@" </dev/null >"$log" 2>&1
	status=$?
	echo "fault_test: $name: QEMU ended with status $status, console -> ${log#"$top"/}"
}

# CPU time (clock ticks) QEMU has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# boot_parked NAME [qemu.sh options]: a boot that must not end by itself.
# Once the park line is out, QEMU's CPU time over 2 s says whether the
# CPU sleeps in WFI (a fault loop would keep one host CPU busy).
boot_parked() {
	local name=$1 pidfile t0 i
	shift
	log=$top/build/e2e/fault-$name.log
	pidfile=$top/build/e2e/fault-$name.pid
	rm -f "$pidfile"
	"$top/scripts/qemu.sh" --image "$image" --smp 1 --mode boot --quiet --timeout "$park_limit" \
		"$@" -- -pidfile "$pidfile" </dev/null >"$log" 2>&1 &
	local runner=$!
	busy=-1
	for i in $(seq 1 $((park_limit * 10))); do
		grep -a -q 're-entered' "$log" 2>/dev/null && break
		sleep 0.1
	done
	if [ -s "$pidfile" ] && grep -a -q 're-entered' "$log"; then
		local qemu_pid
		qemu_pid=$(cat "$pidfile")
		t0=$(cpu_ticks "$qemu_pid")
		sleep 2
		busy=$(($(cpu_ticks "$qemu_pid") - t0))
	fi
	wait "$runner"
	status=$?
	echo "fault_test: $name: QEMU ended with status $status, CPU ticks while parked (2 s): $busy, console -> ${log#"$top"/}"
}

[ -e "$image" ] || { echo "fault_test: $image missing (make el2-test)"; exit 1; }
report='hypcore: unexpected exception'
data_code=$((0x$(sym data_code)))
stacks=$((0x$(sym el2_stacks)))

boot exec-data --append hypcore.test_fault=exec-data
check "exec-data: QEMU ends with the fail-stop status 3" test "$status" -eq 3
check "exec-data: exactly one register-dump report" once "$report"
check "exec-data: an instruction abort at EL2" once 'EC 0x0000000000000021 = instruction abort at EL2'
check "exec-data: ELR is the data page's instruction" between "$(dumped ELR_EL2)" $data_code $((data_code + 4))
check "exec-data: one fail-stop line, through semihosting" once 'hypcore: fail-stop, exit status 3 \(semihosting\)'
check "exec-data: the host never ran" never 'entering host at EL1'
check "W^X: EL2's map printed, text r-x" once 'EL2 0x[0-9a-f]+\.\.0x[0-9a-f]+ r-x normal text'
check "W^X: no EL2 range is writable and executable" never 'EL2 0x[0-9a-f]+\.\.0x[0-9a-f]+ rwx'
check "W^X: text is EL2's only executable range" once 'EL2 0x[0-9a-f]+\.\.0x[0-9a-f]+ ..x'
check "W^X: SCTLR_EL2.WXN on" once "EL2's own map .*SCTLR_EL2.WXN on"
check "W^X: the stacks have guard pages" once "EL2 0x[0-9a-f]+\.\.0x[0-9a-f]+ rw- normal stack cpu 7"

boot no-semihosting --no-semihosting --append hypcore.test_fault=exec-data
check "no semihosting: QEMU exits by itself, status 0 (powered off)" test "$status" -eq 0
check "no semihosting: exactly one register-dump report" once "$report"
check "no semihosting: the fail-stop powers off (PSCI SYSTEM_OFF)" once 'hypcore: fail-stop, power off \(PSCI SYSTEM_OFF\)'
check "no semihosting: no semihosting call" never 'semihosting\)|re-entered'

boot stack-overflow --append hypcore.test_fault=stack-overflow
check "stack-overflow: QEMU ends with the fail-stop status 3" test "$status" -eq 3
check "stack-overflow: exactly one register-dump report" once "$report"
check "stack-overflow: reported as an EL2 stack overflow" once 'EL2 stack overflow'
check "stack-overflow: a data abort at EL2" once 'EC 0x0000000000000025 = data abort at EL2'
check "stack-overflow: the fault hit cpu 0's guard page" between "$(dumped FAR_EL2)" $((stacks + 8192)) $((stacks + 16384))
check "stack-overflow: one fail-stop line" once 'hypcore: fail-stop'

boot_parked recurse --no-semihosting --append hypcore.test_fault=recurse
check "recurse: the CPU stays parked (QEMU still up after ${park_limit}s)" test "$status" -eq 124
# 2 s are about 200 ticks; a CPU looping through faults uses nearly all of them.
check "recurse: the parked CPU sleeps (QEMU under 25% of a CPU)" test "$busy" -ge 0 -a "$busy" -lt 50
check "recurse: exactly one register-dump report" once "$report"
check "recurse: the second entry parks at once" once 'hypcore: fail-stop re-entered on cpu 0: no second report, parked'
check "recurse: nothing after the park line" test "$(tail -n 3 "$log" | grep -a -c -E 'hypcore: fail-stop re-entered')" -eq 1

check "the image make run boots has no test faults" \
	bash -c "! aarch64-linux-gnu-nm '$top/build/el2/hypcore.elf' | grep -q test_fault_run"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
