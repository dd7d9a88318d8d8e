#!/usr/bin/env bash
# Install what hypcore needs on Debian bookworm, skipping what is there.
# Packages named on the command line are added to the list (make bench and
# make fuzz ask for theirs this way).
# Idempotent: a second run with everything present does nothing.
set -euo pipefail

packages=(
	make gcc clang libcmocka-dev cppcheck clang-format
	gcc-aarch64-linux-gnu picolibc-aarch64-linux-gnu
	device-tree-compiler cpio
	libc6-dev-arm64-cross
	"$@"
)

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

# QEMU 10 from Debian bookworm-backports: bookworm's QEMU 7.2 has an SMMUv3
# with stage 1 only, and the core puts its SMMU tables behind stage 2.
# The suite is added with the archive URI this machine already uses (no
# host name is written here), and pinned so that only QEMU's own packages
# come from it; everything else stays bookworm.
QEMU_PKGS=(qemu-system-arm qemu-system-common qemu-system-data)
QEMU_MIN=10.0
qemu_ok() {
	local v
	v=$(dpkg-query -W -f='${Version}' qemu-system-arm 2>/dev/null) || return 1
	v=${v#*:}
	dpkg --compare-versions "$v" ge "$QEMU_MIN"
}
debian_uri() {
	# deb822 sources first (Debian's default since bookworm), then one-line.
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		awk '/^URIs:/ {u=$2} /^Suites:/ {for (i = 2; i <= NF; i++) if ($i == "bookworm") print u} /^$/ {u=""}' "$f"
	done
	[ ! -e /etc/apt/sources.list ] ||
		awk '$1 == "deb" && $3 == "bookworm" {print $2}' /etc/apt/sources.list
}
add_backports() {
	local uri list=/etc/apt/sources.list.d/hypcore-bookworm-backports.sources
	uri=$(debian_uri | head -n 1)
	[ -n "$uri" ] || { echo "setup: no bookworm apt source to take the archive URI from" >&2; exit 1; }
	$sudo tee "$list" >/dev/null <<SRC
Types: deb
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	$sudo tee /etc/apt/preferences.d/hypcore-backports >/dev/null <<PIN
Package: *
Pin: release n=bookworm-backports
Pin-Priority: 1

Package: ${QEMU_PKGS[*]}
Pin: release n=bookworm-backports
Pin-Priority: 990
PIN
}
if ! qemu_ok; then
	echo "setup: installing QEMU >= $QEMU_MIN from bookworm-backports"
	add_backports
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${QEMU_PKGS[@]}" >/dev/null
	qemu_ok || { echo "setup: QEMU $QEMU_MIN or newer could not be installed" >&2; exit 1; }
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
