#!/usr/bin/env bash
# Checks one linked test guest (mk/guests.mk runs it on every .bin):
#  - the .bin's size is the image size the guest checksums
#    (__image_end - __image_start), so hypctl's FNV-1a over the file
#    equals the guest's over its RAM;
#  - the entry and __image_start are at GUEST_RAM_BASE;
#  - no FP/SIMD register is used (the guests never enable FP), no DC ZVA
#    (it faults on Device memory), no exclusive or atomic instruction
#    (they may fault on Device memory, where the guests' sync words live
#    while the MMU is off).
#
#   tests/guests/check-image.sh build/guests/NAME.elf build/guests/NAME.bin GUEST_RAM_BASE
set -euo pipefail

elf=$1 bin=$2 base=$3
name=$(basename "$bin")
fail() { echo "check-image: $name: $*" >&2; exit 1; }

sym() {
	aarch64-linux-gnu-nm "$elf" | awk -v s="$1" '$3 == s { print "0x" $1 }'
}
start=$(sym __image_start) end=$(sym __image_end) entry=$(sym _start)
[ -n "$start" ] && [ -n "$end" ] || fail "no __image_start / __image_end"
size=$(stat -c %s "$bin")
((end - start == size)) || fail "the .bin has $size bytes, the image $((end - start))"
((start == base && entry == base)) || fail "image at $start, entry at $entry, not at $base"

dis=$(aarch64-linux-gnu-objdump -d --no-show-raw-insn "$elf")
fp=$(awk -F'\t' 'NF >= 3 { ops = $3; sub(/\/\/.*/, "", ops); gsub(/<[^>]*>/, "", ops)
	if (ops ~ /(^|[ ,\[{])[qvdsbh][0-9]+([ ,.\]}]|$)/) print }' <<<"$dis")
[ -z "$fp" ] || fail "FP/SIMD registers used:"$'\n'"$fp"
bad=$(grep -E $'\t(dc\tzva|ldx|stx|ldax|stlx|cas|swp|ld(add|clr|eor|set|smax|smin|umax|umin))' <<<"$dis" || true)
[ -z "$bad" ] || fail "DC ZVA, exclusive or atomic:"$'\n'"$bad"
echo "check-image: $name: $size bytes at $base, no FP/SIMD, DC ZVA, exclusive or atomic"
