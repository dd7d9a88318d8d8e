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
#     the guest's own CPU; a VMM killed with SIGKILL leaves no VM behind.
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
check_end
tr -d '\r' <"$log" | grep -a '^E2E-INFO: ' | sed 's/^E2E-INFO: /vm_test: /'
verdict vm_test 40
