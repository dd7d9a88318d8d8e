#!/usr/bin/env bash
# Fails if any function of the EL2 image other than the allowed ones uses
# an FP/SIMD/SVE register. EL2 shares those registers with the host and
# does not save them, so the image must not touch them on any path that
# runs while the host is live. Allowed, because they run only before a
# CPU first enters the host:
#  - picolibc's vsnprintf (it copies its state with q0/q1), reached only
#    from con_printf, the boot log (see arch/arm64/console.h);
#  - libfdt (Debian's libfdt.a: its functions are all named fdt_*), the
#    boot's DTB reads and edits.
# And, at any time, the two routines of the world switch built for it:
#  - fpsimd_save / fpsimd_load (guest_switch.S) copy V0..V31, FPSR and
#    FPCR to and from memory around a guest's run, so that the host's
#    values are back before it runs again (arch/arm64/guest_run.c). Given the object folder, the script also
#    checks that only dtb.c calls libfdt and only boot.c calls dtb.c.
#
#   arch/arm64/check-fp-free.sh build/el2/hypcore.elf [build/el2/obj]
set -euo pipefail

elf=$1
objs=${2:-}
allowed='^(vsnprintf|fdt_.*|fpsimd_save|fpsimd_load)$'

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

# Who may call the boot-only code: the objects that use its symbols.
only_user() {
	local pattern=$1 allowed_obj=$2 users
	users=$(find "$objs" -name '*.o' | sort | while read -r o; do
		aarch64-linux-gnu-nm -u "$o" | grep -qE " U ($pattern)$" && echo "${o#"$objs"/}"
	done || true)
	if [ -n "$users" ] && [ "$users" != "$allowed_obj" ]; then
		echo "check-fp-free: $pattern used by $(tr '\n' ' ' <<<"$users")(only $allowed_obj may)" >&2
		exit 1
	fi
}
if [ -n "$objs" ]; then
	only_user 'fdt_[a-z_]+' arch/arm64/dtb.c.o
	only_user 'dtb_[a-z_]+' arch/arm64/boot.c.o
fi
echo "check-fp-free: only $(tr '\n' ' ' <<<"${used:-nothing}")uses FP/SIMD registers"
