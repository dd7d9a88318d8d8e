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

# The lemmas of the ACSL: a lemma no run proves would be an axiom nobody
# checked. The main run proves them unless -wp-skip-fct (or -wp-fct) is
# given: then WP generates no lemma goal, so a second run asks for the
# ones the log lacks by name, without the skip, over a source that sees
# every header they are in (npt_map.c includes npt_walk.h,
# npt_internal.h and npt.h).
all=$(grep -rhoE '\blemma [a-z_0-9]+:' core include | sed 's/lemma //; s/://' | sort -u)
lemmas=$(for l in $all; do
	grep -q "Goal typed_lemma_$l : Valid" "$log" || echo "$l"
done | paste -sd, -)
if [ -n "$lemmas" ]; then
	lflags=()
	skip=0
	for f in "${flags[@]}"; do
		if [ "$skip" = 1 ]; then
			skip=0
		elif [ "$f" = "-wp-skip-fct" ]; then
			skip=1
		else
			lflags+=("$f")
		fi
	done
	frama-c "${lflags[@]}" -wp-prop "$lemmas" core/npt/npt_map.c >"$log.lemmas" 2>&1
	rc=$?
	lline=$(grep 'Proved goals:' "$log.lemmas" | tail -n 1)
	lproved=$(echo "$lline" | awk '{print $4}')
	ltotal=$(echo "$lline" | awk '{print $6}')
	grep -A2 '^\[wp\] \[\(Failed\|Unknown\|Timeout\)' "$log.lemmas" || true
	if [ "$rc" -ne 0 ] || [ -z "$ltotal" ] || [ "$ltotal" -lt "$(echo "$lemmas" | tr , '\n' | wc -l)" ]; then
		echo "proof: the lemma run failed or missed a lemma (exit $rc, $ltotal goals), see $log.lemmas"
		exit 1
	fi
	proved=$((proved + lproved))
	total=$((total + ltotal))
	echo "proof: lemmas in a run of their own $lproved / $ltotal ($lemmas)"
else
	echo "proof: lemmas proved in the main run: $(echo $all | tr ' ' ,)"
fi
secs=$(($(date +%s) - start))
echo "proof: $proved / $total goals proved in ${secs}s ($*)"
[ "$proved" = "$total" ] || { echo "proof: $((total - proved)) goal(s) NOT proved, see $log"; exit 1; }
