#!/usr/bin/env bash
# Fetch Debian's libfdt for arm64 (libfdt-dev:arm64: the static libfdt.a
# and its three headers) into cache/libfdt, for the EL2 image's DTB edits.
# Unpacked with `dpkg -x`, never installed (like scripts/fetch-linux.sh).
#
# Idempotent: once cache/.libfdt-fetched exists and the files are there, a
# second run touches no network.
#
# Leaves:
#   cache/libfdt/include/{libfdt.h,libfdt_env.h,fdt.h}
#   cache/libfdt/lib/libfdt.a
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=$top/cache
out=$cache/libfdt
stamp=$cache/.libfdt-fetched
pkg=libfdt-dev:arm64
apt_opts=(-q -o DPkg::Lock::Timeout=300)
# As root, apt would hand the download to its _apt user, who cannot write cache/.
[ "$(id -u)" -ne 0 ] || apt_opts+=(-o APT::Sandbox::User=root)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

if [ -f "$stamp" ] && [ -f "$out/lib/libfdt.a" ] && [ -f "$out/include/libfdt.h" ]; then
	touch "$stamp" # newer than this script, so make leaves it be
	exit 0
fi

# The arm64 package lists (fetch-linux.sh does the same for the kernel).
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "fetch-libfdt: dpkg --add-architecture arm64"
	$sudo dpkg --add-architecture arm64
	$sudo apt-get "${apt_opts[@]}" update >/dev/null
fi

debs=$cache/debs
mkdir -p "$debs"
download() {
	(cd "$debs" && apt-get "${apt_opts[@]}" download "$pkg" >/dev/null)
}
if ! download; then
	echo "fetch-libfdt: apt-get update (stale package lists)"
	$sudo apt-get "${apt_opts[@]}" update >/dev/null
	download
fi
deb=$(ls -1 "$debs"/libfdt-dev_*_arm64.deb | sort -V | tail -n1)

rm -rf "$out" && mkdir -p "$out/root" "$out/include" "$out/lib"
dpkg -x "$deb" "$out/root"
cp "$out/root/usr/include/"{libfdt.h,libfdt_env.h,fdt.h} "$out/include/"
cp "$out/root/usr/lib/aarch64-linux-gnu/libfdt.a" "$out/lib/"
basename "$deb" >"$stamp"
echo "fetch-libfdt: unpacked $(basename "$deb") into cache/libfdt"
