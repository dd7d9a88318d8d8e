#!/usr/bin/env bash
# Install what hypcore needs on Debian bookworm, skipping what is there.
# Packages named on the command line are added to the list (make bench and
# make fuzz ask for theirs this way).
# Idempotent: a second run with everything present does nothing.
set -euo pipefail

packages=(
	make gcc clang libcmocka-dev cppcheck clang-format
	gcc-aarch64-linux-gnu picolibc-aarch64-linux-gnu
	qemu-system-arm device-tree-compiler cpio
	libc6-dev-arm64-cross
	"$@"
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
