#!/usr/bin/env bash
# make proof-mutants: does the proof notice planted bugs? Each mutant is one
# sed substitution in a copy of the tree (the sources here are never
# touched), proved on the affected functions only; the mutant is killed
# when at least one goal is not proved. Passes only if every mutant is
# killed; prints the goals that failed for each.
#
#   scripts/proof-mutants.sh FRAMA-C-FLAGS...   (mk/proof.mk passes them)
#
# A pattern that no longer matches its file is an error, not a pass: the
# code moved, update the mutant. Not part of make test (minutes per run).
set -uo pipefail

flags=("$@")
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# name | file | sed expression | functions to prove | sources to parse
mutants=(
	"room-too-generous|core/npt/npt_pool.c|s/t->pgd_next + pgd \* PAGE_SIZE <= t->pud_start/t->pgd_next + pgd * PAGE_SIZE <= t->pud_start + PAGE_SIZE/|npt_pool_has_room|core/npt/npt_pool.c"
	"room-check-removed|core/npt/npt_map.c|s/!npt_pool_has_room(t, plan->need_l1, plan->need_l2, plan->need_l3)/false/|prepare_map|core/npt/npt_map.c core/npt/npt_pool.c core/npt/npt_walk.c"
	"split-writes-513|core/npt/npt_split.c|s/for (u32 i = 0; i < PTRS_PER_TABLE; i++)/for (u32 i = 0; i <= PTRS_PER_TABLE; i++)/|npt_split_block|core/npt/npt_split.c core/npt/npt_map.c core/npt/npt_pool.c"
	"unpark-writes-513|core/npt/npt_park.c|s/for (u32 i = 0; i < PTRS_PER_TABLE; i++)/for (u32 i = 0; i <= PTRS_PER_TABLE; i++)/|npt_ts_unpark|core/npt/npt_park.c"
	"cursor-reads-513|core/npt/npt_leaves.c|s/i == PTRS_PER_TABLE /i > PTRS_PER_TABLE /|npt_cursor_next|core/npt/npt_leaves.c"
)

for m in "${mutants[@]}"; do
	IFS='|' read -r name file expr fcts srcs <<<"$m"
	work=$tmp/$name
	mkdir -p "$work"
	cp -r "$root/core" "$root/include" "$root/proof" "$work/"
	before=$(md5sum <"$work/$file")
	sed -i "$expr" "$work/$file"
	if [ "$(md5sum <"$work/$file")" = "$before" ]; then
		echo "mutant $name: the pattern no longer matches $file; update scripts/proof-mutants.sh"
		status=1
		continue
	fi
	log=$work/wp.log
	(cd "$work" && frama-c "${flags[@]}" -wp-fct "$fcts" $srcs) >"$log" 2>&1
	failed=$(grep -o '^\[wp\] \[\(Failed\|Unknown\|Timeout\)\] Goal [A-Za-z0-9_]*' "$log" |
		awk '{print $NF}')
	line=$(grep 'Proved goals:' "$log" | tail -n 1)
	if [ -n "$failed" ]; then
		echo "mutant $name: killed ($line); goals not proved:"
		echo "$failed" | sed 's/^/  /'
	elif [ -z "$line" ]; then
		echo "mutant $name: Frama-C did not run to the end:"
		tail -n 5 "$log"
		status=1
	else
		echo "mutant $name: SURVIVED ($line): the proof does not notice it"
		status=1
	fi
done
exit $status
