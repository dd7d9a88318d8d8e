#!/usr/bin/env bash
# Fetch the Linux host pieces from Debian's arm64 archive into cache/:
# the prebuilt kernel Image, its headers (for out-of-tree modules) and a
# static busybox. Nothing is installed: every package is only unpacked with
# `dpkg -x`, because installing the arm64 headers would replace the native
# gcc and the cross compiler.
#
# Idempotent: once cache/.linux-fetched names the packages that are
# unpacked, a second run touches no network and prints what is there.
#
# Leaves these stable paths:
#   cache/linux/Image        the raw arm64 kernel Image
#   cache/linux/headers      the arm64 kernel headers (make -C here M=...)
#   cache/linux/release      the kernel release, e.g. 6.1.0-NN-arm64
#   cache/busybox/busybox    static arm64 busybox
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=$top/cache
stamp=$cache/.linux-fetched
apt_opts=(-q -o DPkg::Lock::Timeout=300)
# As root, apt would hand the download to its _apt user, who cannot write cache/.
[ "$(id -u)" -ne 0 ] || apt_opts+=(-o APT::Sandbox::User=root)

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# Rewrite the arm64 headers' Makefile so that it includes the -common
# headers we unpacked, not the ones an installed package would have put
# under /usr/src. Cheap and local, so it runs every time (the clone may move).
fix_headers_makefile() {
	local hdr=$1 common=$2 mk=$1/Makefile
	if grep -q "^include .*/linux-headers-[^/]*-common/Makefile" "$mk"; then
		sed -i "s|^include .*/linux-headers-[^/]*-common/Makefile|include $common/Makefile|" "$mk"
	fi
	grep -q "^include $common/Makefile" "$mk" || {
		echo "fetch-linux: cannot point $mk at $common" >&2
		exit 1
	}
}

report() {
	echo "fetch-linux: kernel  $(readlink -f "$cache/linux/Image")"
	echo "fetch-linux: headers $(readlink -f "$cache/linux/headers")"
	echo "fetch-linux: busybox $(readlink -f "$cache/busybox/busybox")"
}

if [ -f "$stamp" ] && [ -e "$cache/linux/Image" ] && [ -d "$cache/linux/headers" ] &&
	[ -x "$cache/busybox/busybox" ]; then
	release=$(cat "$cache/linux/release")
	fix_headers_makefile "$cache/linux/headers" \
		"$cache/linux/root/usr/src/linux-headers-${release%-arm64}-common"
	echo "fetch-linux: already fetched: $(tr '\n' ' ' <"$stamp")"
	touch "$stamp" # newer than this script, so make leaves it be
	report
	exit 0
fi

for tool in apt-get apt-cache dpkg; do
	command -v $tool >/dev/null || {
		echo "fetch-linux: needs $tool (Debian)" >&2
		exit 1
	}
done

# The arm64 package lists: add the architecture and refresh the lists only
# when apt does not know the arm64 kernel meta-package yet.
updated=0
apt_update() {
	echo "fetch-linux: apt-get update (arm64 package lists)"
	$sudo apt-get "${apt_opts[@]}" update >/dev/null
	updated=1
}
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "fetch-linux: dpkg --add-architecture arm64"
	$sudo dpkg --add-architecture arm64
	apt_update
fi

# The kernel ABI (6.1.0-NN) from what linux-image-arm64 depends on.
find_abi() {
	apt-cache depends linux-image-arm64:arm64 2>/dev/null |
		sed -n 's/.*Depends: linux-image-\(6\.1\.0-[0-9]*\)-arm64.*/\1/p' | sort -V | tail -n1
}
abi=$(find_abi)
if [ -z "$abi" ] && [ $updated -eq 0 ]; then
	apt_update
	abi=$(find_abi)
fi
[ -n "$abi" ] || {
	echo "fetch-linux: cannot find the kernel linux-image-arm64:arm64 depends on" >&2
	exit 1
}
release=$abi-arm64

pkgs=(
	"linux-image-$release-unsigned:arm64"
	"linux-headers-$release:arm64"
	"linux-headers-$abi-common"
	"linux-kbuild-${abi%%.0-*}"
	"busybox-static:arm64"
)
echo "fetch-linux: kernel $release; downloading ${pkgs[*]}"

debs=$cache/debs
mkdir -p "$debs"
download() {
	(cd "$debs" && apt-get "${apt_opts[@]}" download "${pkgs[@]}" >/dev/null)
}
# A stale list names files the archive no longer has: refresh once, retry.
if ! download; then
	[ $updated -eq 0 ] || exit 1
	apt_update
	download
fi

# Only the newest file of each package, in case older ones are lying around.
newest_deb() {
	local name=${1%%:*}
	ls -1 "$debs/${name}"_*.deb | sort -V | tail -n1
}

rm -rf "$cache/linux" "$cache/busybox"
mkdir -p "$cache/linux/root" "$cache/busybox/root"
for p in "${pkgs[@]}"; do
	deb=$(newest_deb "$p")
	case $p in
	busybox-static*) dpkg -x "$deb" "$cache/busybox/root" ;;
	*) dpkg -x "$deb" "$cache/linux/root" ;;
	esac
	echo "fetch-linux: unpacked $(basename "$deb")"
done

root=$cache/linux/root
ln -s "root/boot/vmlinuz-$release" "$cache/linux/Image"
ln -s "root/usr/src/linux-headers-$release" "$cache/linux/headers"
ln -s "root/bin/busybox" "$cache/busybox/busybox"
echo "$release" >"$cache/linux/release"
fix_headers_makefile "$cache/linux/headers" "$root/usr/src/linux-headers-$abi-common"

# The arm64 headers reach kbuild's host tools through relative symlinks
# into /usr/lib/linux-kbuild-*; they resolve inside our root too. Check.
[ -d "$cache/linux/headers/scripts/" ] || {
	echo "fetch-linux: headers/scripts does not resolve in $root" >&2
	exit 1
}

printf '%s\n' "${pkgs[@]}" >"$stamp"
report
