#!/usr/bin/env bash
# Boot test: our EL2 image boots the real Linux host with 4 CPUs.
#
# Boots QEMU (-smp 4) with build/el2/hypcore.bin and Debian's kernel, the
# console captured to build/e2e/boot.log, and passes only if
#   - QEMU ended before the time limit (a hang is a failure),
#   - QEMU's exit status is 0 (our image stops QEMU with a non-zero status
#     through semihosting when it faults),
#   - Linux reached /init and /init saw 4 CPUs online,
#   - Linux says that all CPUs started at EL1,
#   - our image printed no fault or panic marker,
#   - Linux did not panic, and /init ran to its end.
#
# Needs `make el2 initramfs` first (make test-el2 does it).
# `--direct` boots Linux without our image and then expects EL2 instead
# (a check of this harness, not of hypcore). `--cpu NAME` boots under that
# QEMU CPU model instead of max (console: build/e2e/boot-NAME.log).
# With our image, the host must also never have had a system-register
# access trapped (every EL2 control is set on purpose, host_regs.c).
# BOOT_TEST_TIMEOUT overrides the time limit in seconds (default 180).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
log=$top/build/e2e/boot.log
limit=${BOOT_TEST_TIMEOUT:-180}
direct=0
cpu=max
while [ $# -gt 0 ]; do
	case $1 in
	--direct) direct=1 ;;
	--cpu) cpu=$2; shift ;;
	*) echo "boot_test: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
if [ $direct -eq 1 ]; then
	log=$top/build/e2e/boot-direct.log
fi
[ $cpu = max ] || log=$top/build/e2e/boot-$cpu.log

# What our image prints when it stops on something unexpected. Kept in
# step with arch/arm64/fault_dump.c (its panic and exception-dump lines).
image_fault_re='hypcore: (PANIC|unexpected exception|fail-stop)'

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
in_log() { grep -qE "$1" "$log"; }
not_in_log() { ! grep -qE "$1" "$log"; }

mkdir -p "$(dirname "$log")"
flags=(--smp 4 --cpu "$cpu" --mode boot --timeout "$limit" --quiet)
[ $direct -eq 0 ] || flags+=(--direct)
what="our image + Linux host"
[ $direct -eq 0 ] || what="Linux alone (--direct)"
echo "boot_test: booting $what, -smp 4, -cpu $cpu, limit ${limit}s, console -> ${log#"$top"/}"

start=$(date +%s.%N)
"$top/scripts/qemu.sh" "${flags[@]}" </dev/null >"$log" 2>&1
status=$?
end=$(date +%s.%N)
awk -v s=$start -v e=$end -v st=$status 'BEGIN { printf "boot_test: QEMU ended with status %d after %.1f s\n", st, e - s }'

# The marker line /init prints, e.g.
#   HYPCORE-HOST: init reached, cpus online=0-3, count=4
marker=$(grep -a -m1 'HYPCORE-HOST: init reached' "$log" | tr -d '\r')
[ -z "$marker" ] || echo "boot_test: $marker"

el=EL1
[ $direct -eq 0 ] || el=EL2
check "QEMU ended within ${limit}s (no hang)" test $status -ne 124
check "QEMU exit status is 0" test $status -eq 0
check "Linux reached /init" test -n "$marker"
check "4 CPUs online in the host" in_log 'HYPCORE-HOST: init reached, .*count=4\b'
check "Linux says all CPUs started at $el" in_log "CPU: All CPU\(s\) started at $el"
if [ $direct -eq 0 ]; then
	check "our image printed no fault or panic" not_in_log "$image_fault_re"
	check "no host system-register access trapped" not_in_log 'hypcore: host system-register trap'
fi
check "no Kernel panic" not_in_log 'Kernel panic'
check "/init ran to its end" in_log 'HYPCORE-HOST: powering off'

if [ $failed -ne 0 ]; then
	echo "boot_test: last lines of ${log#"$top"/}:"
	tail -n 40 "$log" | tr -d '\r' | sed 's/^/  | /'
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
