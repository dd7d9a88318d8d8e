#!/usr/bin/env bash
# Run every host test binary given, then the hypcore-sim protocol test, and
# print one summary. Exit non-zero if anything failed; a failure never stops
# the rest from running, so one report shows everything that is broken.
# usage: tests/run-host-tests.sh TEST_BINARY... -- HYPCORE_SIM REFINE_BINARY
set -uo pipefail

bins=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	bins+=("$1")
	shift
done
shift
sim=$1
refine=$2

failed=()
start=$SECONDS
for b in "${bins[@]}"; do
	echo "=== $b"
	"$b" || failed+=("$b")
done

echo "=== sim protocol test ($sim)"
tests/sim/run.sh "$sim" "$refine" || failed+=("tests/sim")

echo
echo "=== host tests: ${#bins[@]} binaries + sim protocol test, $((SECONDS - start)) s"
if [ ${#failed[@]} -ne 0 ]; then
	echo "=== FAILED: ${failed[*]}"
	exit 1
fi
echo "=== all host tests passed"
