#!/usr/bin/env bash
# Protocol test of hypcore-sim: feed each tests/sim/*.cmd to the sim and
# diff its answers against the .expected file next to it.
# usage: tests/sim/run.sh path/to/hypcore-sim
set -uo pipefail
sim=$1
dir=$(dirname "$0")
status=0
for cmd in "$dir"/*.cmd; do
	expected=${cmd%.cmd}.expected
	if diff -u "$expected" <("$sim" <"$cmd") >/dev/null; then
		echo "[       OK ] sim $(basename "$cmd")"
	else
		echo "[  FAILED  ] sim $(basename "$cmd"): answers differ from $expected:"
		diff -u "$expected" <("$sim" <"$cmd")
		status=1
	fi
done
exit $status
