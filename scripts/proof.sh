#!/usr/bin/env bash
# make proof's runner: scripts/proof.sh LOG FRAMA-C-FLAGS... -- SOURCES...
# Runs Frama-C/WP once over the sources, keeps its whole output in LOG,
# prints the goals that were not proved and a summary, and fails unless
# every goal is proved.
set -uo pipefail
log=$1
shift
flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	flags+=("$1")
	shift
done
shift
start=$(date +%s)
# The bit facts the ACSL states as axioms, checked on 64-bit vectors.
bits=$(z3 proof/bits.smt2 2>&1)
if [ "$bits" != "unsat" ]; then
	echo "proof: proof/bits.smt2 is not unsat (z3: $bits): an axiom of the proof is false"
	exit 1
fi
frama-c "${flags[@]}" "$@" >"$log" 2>&1
rc=$?
secs=$(($(date +%s) - start))
line=$(grep 'Proved goals:' "$log" | tail -n 1)
proved=$(echo "$line" | awk '{print $4}')
total=$(echo "$line" | awk '{print $6}')
grep -A2 '^\[wp\] \[\(Failed\|Unknown\|Timeout\)' "$log" || true
if [ "$rc" -ne 0 ] || [ -z "$total" ]; then
	grep -B2 -A6 -i 'error' "$log" | head -n 40
	echo "proof: Frama-C failed (exit $rc), see $log"
	exit 1
fi
sed -n '/Proved goals:/,$p' "$log" | grep -E '^  (Qed|Z3|CVC4|Alt|Timeout|Unsuccess|Failed)' || true
echo "proof: $proved / $total goals proved in ${secs}s ($*)"
[ "$proved" = "$total" ] || { echo "proof: $((total - proved)) goal(s) NOT proved, see $log"; exit 1; }
