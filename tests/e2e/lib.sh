# Shared by the end-to-end suites (sourced, not run): the verdict counters,
# the console checks, and the comparison of the in-host program's
# "E2E: PASS name" / "E2E: FAIL name: why" lines with a suite's list of
# expected names. The caller sets $log (the console) before using them.

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

# No grep -q: it would stop reading at the first match, and tr, killed by
# SIGPIPE, would fail the pipeline (pipefail) although the line is there.
in_log() { tr -d '\r' <"$log" | grep -aE "$1" >/dev/null; }
not_in_log() { ! in_log "$1"; }

# Every name in the list $1 passed exactly once, and every result line
# names one of them: a missing line (a crash, a hang, a panic cut the run
# short) is a failure, as is a name the list does not know.
check_results() {
	local expected=$1 results name line n_pass
	results=$(tr -d '\r' <"$log" | grep -a '^E2E: ' || true)
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
	while read -r line; do
		[ -n "$line" ] || continue
		name=${line#E2E: PASS }
		name=${name#E2E: FAIL }
		name=${name%%:*}
		grep -qxF "$name" "$expected" ||
			fail "unexpected result line (not in $(basename "$expected")): $line"
	done <<<"$results"
}

# VM leaves carry the write-back encoding that goes with the image's
# choice: 0x18 (MemAttr 0b0110) where it runs guests with FEAT_S2FWB, 0x3c
# without. Every hc_e2e part that composes leaves prints the one it read.
check_memattr() {
	local fwb want=0x3c seen
	fwb=$(tr -d '\r' <"$log" | sed -n 's/^hypcore: cpu features: .*(FEAT_S2FWB) for guests //p' | head -n1)
	[ "$fwb" != on ] || want=0x18
	seen=$(tr -d '\r' <"$log" | sed -n "s/^hc_e2e: VM leaves' MemAttr //p" | sort -u | tr '\n' ' ')
	check "VM leaves' MemAttr matches FEAT_S2FWB ${fwb:-?} (want $want, saw ${seen:-none})" \
		test "$seen" = "$want "
}

# What every boot of a suite must show: QEMU ended in time and cleanly, the
# host had 4 CPUs, neither our image nor Linux faulted.
check_boot() {
	local status=$1 limit=$2
	check "QEMU ended within ${limit}s (no hang)" test "$status" -ne 124
	check "QEMU exit status is 0" test "$status" -eq 0
	check "4 CPUs online in the host" in_log 'HYPCORE-HOST: init reached, .*count=4\b'
	check "our image printed no fault or panic" not_in_log "$image_fault_re"
	check "Linux did not panic or oops" not_in_log "$linux_fault_re"
}

# The program in the Linux host and /init both ran to their ends.
check_end() {
	check "the in-host suite ran to its end" in_log '^E2E-DONE'
	check "/init ran to its end" in_log 'HYPCORE-HOST: powering off'
}

# The last console lines when something failed, then the verdict line.
verdict() {
	local suite=$1 lines=$2
	if [ "$failed" -ne 0 ]; then
		echo "$suite: last lines of ${log#"$top"/}:"
		tail -n "$lines" "$log" | tr -d '\r' | sed 's/^/  | /'
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
