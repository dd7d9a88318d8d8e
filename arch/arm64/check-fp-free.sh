#!/usr/bin/env bash
# Fails if any function of the EL2 image other than the allowed ones uses
# an FP/SIMD/SVE register. EL2 shares those registers with the host and
# does not save them, so the image must not touch them on any path that
# runs while the host is live. Allowed: picolibc's vsnprintf (it copies
# its state with q0/q1), reached only from con_printf, which is used only
# before a CPU first enters the host (see arch/arm64/console.h).
#
#   arch/arm64/check-fp-free.sh build/el2/hypcore.elf
set -euo pipefail

elf=$1
allowed='^(vsnprintf)$'

used=$(aarch64-linux-gnu-objdump -d --no-show-raw-insn "$elf" | awk '
	/^[0-9a-f]+ <.*>:$/ { fn = substr($2, 2, length($2) - 3); next }
	/^ +[0-9a-f]+:\t/ {
		n = split($0, f, "\t")
		ops = (n >= 3) ? f[3] : ""
		sub(/\/\/.*/, "", ops); gsub(/<[^>]*>/, "", ops)
		if (ops ~ /(^|[ ,\[{])[qvdsbhzp][0-9]+([ ,.\]}\/]|$)/) print fn
	}' | sort -u)

bad=$(grep -Ev "$allowed" <<<"$used" || true)
if [ -n "$bad" ]; then
	echo "check-fp-free: FP/SIMD registers used at EL2 by: $bad" >&2
	exit 1
fi
echo "check-fp-free: only ${used:-nothing} uses FP/SIMD registers"
