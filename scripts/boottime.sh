#!/usr/bin/env bash
# Boot time to the host's /init marker, with and without our EL2 image:
# same kernel, same initramfs, same QEMU flags (scripts/qemu.sh), the
# median of several runs each. Prints a small table.
#
#   scripts/boottime.sh [--runs N] [--smp N]
#
# The time runs from just before QEMU starts to the moment its console
# prints "HYPCORE-HOST: init reached" (QEMU still powers off after that).
# Needs bash 5 ($EPOCHREALTIME), `make el2 initramfs` and the fetched Linux.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
runs=3
smp=4
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift ;;
	--smp) smp=$2; shift ;;
	*) echo "usage: $0 [--runs N] [--smp N]" >&2; exit 2 ;;
	esac
	shift
done

# One boot; prints the seconds to the marker, or "-" if it never came.
time_one() {
	local start line t="-"
	start=$EPOCHREALTIME
	while IFS= read -r line; do
		if [ "$t" = - ] && [[ $line == *"HYPCORE-HOST: init reached"* ]]; then
			t=$(awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.2f", e - s }')
		fi
	done < <("$top/scripts/qemu.sh" --quiet --smp "$smp" --mode boot --timeout 180 "$@" </dev/null 2>&1)
	echo "$t"
}

median() {
	printf '%s\n' "$@" | grep -v '^-$' | sort -n |
		awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

row() {
	local label=$1 times=() i
	shift
	for i in $(seq "$runs"); do
		times+=("$(time_one "$@")")
	done
	printf '%-38s %-24s %s\n' "$label" "${times[*]}" "$(median "${times[@]}")"
}

echo "boot time to the host's /init (QEMU TCG, virt, -smp $smp, -m 1G, $(nproc) host cores), seconds"
printf '%-38s %-24s %s\n' "configuration" "runs" "median"
row "Linux alone (QEMU enters it at EL2)" --direct
if [ -e "$top/build/el2/hypcore.bin" ]; then
	row "hypcore image + Linux at EL1"
else
	printf '%-38s %s\n' "hypcore image + Linux at EL1" "not measured: build/el2/hypcore.bin missing"
fi
