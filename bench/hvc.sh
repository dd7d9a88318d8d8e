#!/usr/bin/env bash
# Instructions per hypercall round trip (issue 6, item 4): boot our image
# and the Linux host in QEMU with -icount (the PMU's INST_RETIRED then
# counts exactly), in the initramfs's bench mode, whose hook loads
# host/bench's hypcore_bench.ko. Needs `make el2 bench-initramfs`.
#
#   bench/hvc.sh OUT.tsv [ITERS] [--no-smmu]
#
# --no-smmu boots a machine without the SMMUv3 (the core still keeps the
# SPT, but has no SMMU to invalidate): the cost of the SMMU's part.
#
# Writes one line per call kind to OUT.tsv (key, instructions per call,
# EL1 part, EL2 part, ratio to the null call, min, max, rounds, name) and
# the console to OUT.tsv's folder as hvc-console.log. -smp 1: with -icount
# QEMU runs every CPU in one thread anyway, and one CPU keeps the boot short.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$1
iters=${2:-1000}
machine=()
[ "${3:-}" != --no-smmu ] || machine=(--no-smmu)
log=${out%.tsv}-console.log

scripts/qemu.sh --quiet --smp 1 --mode bench --timeout 300 "${machine[@]}" \
	--initrd build/bench/initramfs.cpio.gz --append "hvc_bench.iters=$iters" \
	--log "$log" -- -icount shift=0 >/dev/null || true
grep -a '^HYPCORE-HOST: hvc-bench op ' "$log" | tr -d '\r' |
	awk '{ name = $12; for (i = 13; i <= NF; i++) name = name " " $i
		printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", $4, $5, $6, $7, $8, $9, $10, $11, name }' >"$out"
if ! grep -aq '^HYPCORE-HOST: hvc-bench done' "$log"; then
	echo "bench/hvc.sh: no complete measurement; see $log" >&2
	exit 1
fi
