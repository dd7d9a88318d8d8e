#!/usr/bin/env bash
# End-to-end suite of running guests (issue 10): one QEMU boot (-smp 4) of
# our image with the Linux host in hypcore.mode=vm, where
# tests/e2e/vm/hooks/10-vm.sh loads hypcore.ko and runs the test guests of
# tests/guests/ with `hypctl run` (the VMM of host/tools/hypctl/run.c):
#   - each guest, protected and not: its output, its exit status, the
#     pattern guests' checksum "ok";
#   - 4 guests on 4 CPUs at once (taskset), and one guest with 4 vCPUs;
#   - a protected guest's pages (hypctl run --show-pages) unreadable by the
#     host while it runs and after it ended (PROBE: efault), zero after
#     destroy; a shared guest's pages readable;
#   - the secret guest: no exit record carries its secret, its MMIO exit
#     only the byte it stored;
#   - the spin guest ended by --timeout, the host responsive meanwhile on
#     the guest's own CPU; a VMM killed with SIGKILL leaves no VM behind;
#   - power-off with a protected guest still running on another CPU: its
#     VM emptied and its pages zeroed first, and no hang.
# Every name in tests/e2e/vm_expected.txt must have passed exactly once (a
# missing line is a failure, so is an unknown one); the console must show
# no fault or panic of our image or of Linux, and /init's end.
# Last line: "N passed, M failed". Console: build/e2e/vm.log.
#
# Needs `make el2 guests initramfs` first (make test-el2 does it).
# VM_TEST_TIMEOUT (default 420 s) bounds the run.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
log=$top/build/e2e/vm.log
expected=$top/tests/e2e/vm_expected.txt
limit=${VM_TEST_TIMEOUT:-420}
. "$top/tests/e2e/lib.sh"

mkdir -p "$(dirname "$log")"
echo "vm_test: booting our image + Linux host, -smp 4, vm mode, limit ${limit}s, console -> ${log#"$top"/}"
start=$(date +%s.%N)
"$top/scripts/qemu.sh" --smp 4 --mode vm --timeout "$limit" --quiet </dev/null >"$log" 2>&1
status=$?
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v st=$status \
	'BEGIN { printf "vm_test: QEMU ended with status %d after %.1f s\n", st, e - s }'

check_results "$expected"
check_boot $status "$limit"
# /init does not reach its own power-off: hooks/20-off-with-guest.sh asks
# for it first, from the host, with a guest running.
check "the in-host suite ran to its end" in_log '^E2E-DONE'
check "the last hook asked SYSTEM_OFF itself" in_log '^E2E-INFO: SYSTEM_OFF from CPU 0 with the spin guest running on CPU 3'
# hooks/20-off-with-guest.sh: power-off with a protected guest running on
# CPU 3. The image empties every VM first (its pages zeroed, the count
# above 0), without waiting for the guest, and QEMU ends (check_boot).
off_re='^hypcore: the host asks PSCI 0x0000000084000008 \(system off or reset\): [1-9][0-9]* pages of VMs zeroed first'
check "power-off with a guest running zeroed its VM's pages first" \
	test "$(tr -d '\r' <"$log" | grep -cE "$off_re")" -eq 1
tr -d '\r' <"$log" | grep -a '^E2E-INFO: ' | sed 's/^E2E-INFO: /vm_test: /'
verdict vm_test 40
