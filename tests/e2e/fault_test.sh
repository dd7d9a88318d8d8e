#!/usr/bin/env bash
# Fail-stop suite (issue 11, items 1 and 2): the test build of our image
# (build/el2-test/hypcore.bin, -DHYPCORE_TEST_FAULTS) faults at boot when
# the kernel command line says hypcore.test_fault=WHAT, before any of the
# host runs. Five short boots, each only up to the fault:
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
#                             parks the CPU (QEMU up and asleep after it)
#                             with one report and one re-entry line
#   other-cpus (-smp 3)       recurse on cpu 1 as the host starts it: cpu 0
#                             parks at its next EL2 entry (the fail-stop's
#                             flag), both CPUs asleep, one report
#
# Also: the boot printed EL2's map, text r-x and nothing rwx; the image
# `make run` boots has no test faults in it.
# Needs `make el2 el2-test initramfs` (make test-el2 does it). Consoles:
# build/e2e/fault-*.log. FAULT_TEST_TIMEOUT: limit of the boots that must
# end (default 60 s); the parked ones have FAULT_TEST_PARK (default 30 s)
# and FAULT_TEST_PARK_OTHERS (default 60 s) to print their park line.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
image=$top/build/el2-test/hypcore.bin
elf=$top/build/el2-test/hypcore.elf
limit=${FAULT_TEST_TIMEOUT:-60}
park_limit=${FAULT_TEST_PARK:-30}
others_limit=${FAULT_TEST_PARK_OTHERS:-60}
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

# boot_parked NAME LINE LIMIT [qemu.sh options]: a boot that must not end
# by itself. Once LINE is out (within LIMIT seconds), QEMU must still be
# up 2 s later, and its CPU time over those 2 s says whether the CPUs
# sleep in WFI (a fault loop, or a CPU still in the host, keeps it busy).
# Then the suite ends that QEMU (by the pid it wrote).
boot_parked() {
	local name=$1 line=$2 t=$3 pidfile t0 i qemu_pid=""
	shift 3
	log=$top/build/e2e/fault-$name.log
	pidfile=$top/build/e2e/fault-$name.pid
	# Emptied here, not only by the redirection below: the loop must not
	# read the last run's park line before the new QEMU has started.
	rm -f "$pidfile"
	: >"$log"
	"$top/scripts/qemu.sh" --image "$image" --smp 1 --mode boot --quiet --timeout "$t" \
		"$@" -- -pidfile "$pidfile" </dev/null >"$log" 2>&1 &
	local runner=$! start=$SECONDS
	busy=-1
	up=0
	for i in $(seq 1 $((t * 10))); do
		grep -a -q "$line" "$log" 2>/dev/null && break
		kill -0 $runner 2>/dev/null || break
		sleep 0.1
	done
	local seen=$((SECONDS - start))
	if [ -s "$pidfile" ] && grep -a -q "$line" "$log"; then
		qemu_pid=$(cat "$pidfile")
		t0=$(cpu_ticks "$qemu_pid")
		sleep 2
		if kill -0 "$qemu_pid" 2>/dev/null; then
			up=1
			busy=$(($(cpu_ticks "$qemu_pid") - t0))
			kill "$qemu_pid"
		fi
	fi
	wait "$runner"
	status=$?
	echo "fault_test: $name: park line after ${seen} s; QEMU up 2 s later: $up, its CPU ticks then: $busy (status $status), console -> ${log#"$top"/}"
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

boot_parked recurse 're-entered' "$park_limit" --no-semihosting --append hypcore.test_fault=recurse
check "recurse: the CPU stays parked (QEMU still up 2 s after the park line)" test "$up" -eq 1
# 2 s are about 200 ticks; a CPU looping through faults uses nearly all of them.
check "recurse: the parked CPU sleeps (QEMU under 25% of a CPU)" test "$busy" -ge 0 -a "$busy" -lt 50
check "recurse: exactly one register-dump report" once "$report"
check "recurse: the second entry parks at once" once 'hypcore: fail-stop re-entered on cpu 0: no second report, parked'
check "recurse: nothing after the park line" test "$(tail -n 3 "$log" | grep -a -c -E 'hypcore: fail-stop re-entered')" -eq 1

# Linux waits 5 s for cpu 1 to come up, then asks for cpu 2 (a trapped SMC).
boot_parked other-cpus 'cpu 0 parked' "$others_limit" --smp 3 --no-semihosting \
	--append hypcore.test_fault=other-cpus
check "other-cpus: QEMU still up 2 s after cpu 0 parked" test "$up" -eq 1
check "other-cpus: the CPUs sleep (QEMU under 25% of a CPU)" test "$busy" -ge 0 -a "$busy" -lt 50
check "other-cpus: exactly one register-dump report, from cpu 1" once 'hypcore: unexpected exception on cpu 1:'
check "other-cpus: no other report" once "$report"
check "other-cpus: cpu 1 parks at its second entry" once 'hypcore: fail-stop re-entered on cpu 1: no second report, parked'
check "other-cpus: cpu 0 parks at its next EL2 entry" once 'hypcore: cpu 0 parked: cpu 1 has failed'
check "other-cpus: cpu 2 never started" never 'cpu 2 up at EL2'

check "the image make run boots has no test faults" \
	bash -c "! aarch64-linux-gnu-nm '$top/build/el2/hypcore.elf' | grep -q test_fault_boot"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
