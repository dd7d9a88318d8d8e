#!/usr/bin/env bash
# Protocol test of hypcore-sim.
#  1. Feed each tests/sim/*.cmd to the sim and diff its answers against the
#     .expected file next to it.
#  2. Random: the refinement test's generator (REFINE_DUMP) writes random
#     command streams; fed to the sim with a `check` every 50 commands, every
#     command must get exactly one answer and every check must answer ok.
# usage: tests/sim/run.sh path/to/hypcore-sim [path/to/test_refine]
set -uo pipefail
sim=$1
refine=${2:-}
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

[ -n "$refine" ] || exit $status
for seed in 0x51a0001 0x51a0002 0x51a0003; do
	cmds=$(REFINE_DUMP=$seed:20000 "$refine" | awk '{ print } NR % 50 == 0 { print "check" } END { print "check" }')
	answers=$("$sim" <<<"$cmds")
	n_cmds=$(wc -l <<<"$cmds")
	n_answers=$(wc -l <<<"$answers")
	checks=$(grep -c '^check$' <<<"$cmds")
	paired=$(paste -d '|' <(echo "$cmds") <(echo "$answers"))
	checks_ok=$(grep -c '^check|ok$' <<<"$paired")
	if [ "$n_cmds" = "$n_answers" ] && [ "$checks" = "$checks_ok" ]; then
		echo "[       OK ] sim random seed $seed: $n_cmds commands, $checks checks ok"
	else
		echo "[  FAILED  ] sim random seed $seed: $n_cmds commands, $n_answers answers, $checks_ok of $checks checks ok"
		grep -m1 '^check|err' <<<"$paired"
		status=1
	fi
done
exit $status
