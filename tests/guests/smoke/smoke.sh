#!/usr/bin/env bash
# The test guests on QEMU virt under a 100-line EL2 stub instead of hypcore
# and hypctl (tests/guests/README.md, "Smoke test"): each case boots one
# guest and checks the lines it must print. Not part of `make test`; it
# checks the guests, not the core.
#
#   tests/guests/smoke/smoke.sh build/guests build/guests/smoke/stub.elf
set -uo pipefail

guests=$1 stub=$2
passed=0 failed=0

# FNV-1a 64 of a file, as the guests and hypctl compute it (bash's
# arithmetic wraps at 64 bits).
fnv1a64() {
	local h=$((0xcbf29ce484222325)) b
	for b in $(od -An -v -tu1 "$1"); do
		h=$(((h ^ b) * 0x100000001b3))
	done
	printf '0x%x' "$h"
}

# run GUEST VCPUS MIB SECONDS: the guest's console, "stub: ..." lines included.
run() {
	local config
	config=$(printf '0x%x' $((($3 << 16) | ($2 << 8))))
	timeout "$4" qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max \
		-smp "$2" -m 256M -nographic -no-reboot -nic none \
		-device loader,file="$stub",cpu-num=0 \
		-device loader,file="$guests/$1.bin",addr=0x49000000,force-raw=on \
		-device loader,addr=0x48200000,data="$config",data-len=8 2>&1 | tr -d '\r'
}

# check NAME OUTPUT PREFIX...: OUTPUT has a line starting with each PREFIX,
# in that order.
check() {
	local name=$1 output=$2
	shift 2
	if awk 'BEGIN { for (i = 1; i < ARGC; i++) want[i] = ARGV[i]; n = ARGC - 1; ARGC = 1; k = 1 }
		k <= n && index($0, want[k]) == 1 { k++ }
		END { exit k <= n }' "$@" <<<"$output"; then
		echo "ok   $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name: not all of these lines, in order:"
		printf '    %s\n' "$@"
		echo "  in:"
		sed 's/^/    /' <<<"$output"
		failed=$((failed + 1))
	fi
}

hello_line() { echo "hello from a hypcore guest (vcpu $1)"; }
plan() { echo "$1: 256 pages of 8 words from 0x40200000 to $2, $3 regions of 2 MiB, $4 vcpu(s)"; }

check "hello" "$(run hello 1 16 20)" "$(hello_line 0)" "stub: system off"
check "hello, 3 vcpus" "$(run hello 3 16 20)" "$(hello_line 0)" "$(hello_line 1)" "$(hello_line 2)" \
	"stub: system off"

for g in pattern pattern-mmu; do
	sum=$(fnv1a64 "$guests/$g.bin")
	for cfg in "1 16 0x40ef3000 7" "3 16 0x40ef3000 7" "1 8 0x406fb000 3" "2 9 0x407fa000 3"; do
		read -r n mib last regions <<<"$cfg"
		check "$g, $n vcpu(s), $mib MiB" "$(run "$g" "$n" "$mib" 30)" \
			"$(plan "$g" "$last" "$regions" "$n")" "stub: report 0x2 0x100 " \
			"stub: report 0x1 $sum " "$g: all pages intact" "stub: exit 0x0"
	done
	check "$g, 4 MiB" "$(run "$g" 1 4 20)" \
		"$g: needs at least 8 MiB and at most 16 vcpus, has 4 MiB and 1 vcpu(s)" "stub: exit 0x1"
done

# Without hypctl the read reaches QEMU's virtio-mmio transport: the guest's
# "came back" path.
check "mmio-unknown" "$(run mmio-unknown 1 16 20)" \
	"mmio-unknown: reading 0xa000000, which no device of this VM answers" \
	"mmio-unknown: the read came back with 0x74726976" "stub: exit 0x2"
check "undef" "$(run undef 1 16 20)" "undef: executing udf #0 with the guest's own vector table" \
	"undef: took the exception at vector 0x200, ESR_EL1 0x2000000" \
	"stub: report 0x3 0x2000000 " "stub: exit 0x3"
out=$(run secret 1 16 20)
check "secret" "$out" "secret: general registers x2..x30 now hold the secret" \
	"Sstub: report 0x4 0x1 (x3..x5 0x0 0x0 0x0)" "stub: exit 0x0"
if grep -qi 5ec7e75ec7e75ec7 <<<"$out"; then
	echo "FAIL secret: the secret reached the stub's output"
	failed=$((failed + 1))
fi
out=$(run spin 1 16 5)
check "spin (5 s)" "$out" "spin: looping forever, interrupts masked"
if grep -q '^stub: ' <<<"$out"; then
	echo "FAIL spin: it called the stub"
	failed=$((failed + 1))
fi

echo "guests smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
