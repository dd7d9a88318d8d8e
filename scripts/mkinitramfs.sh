#!/usr/bin/env bash
# Build the host initramfs: static arm64 busybox, the tree under initramfs/
# (its /init and the hook folders), and any extra files.
#
#   scripts/mkinitramfs.sh OUT.cpio.gz [SRC:DEST ...]
#
# Each extra SRC (a file or a folder) is copied to DEST inside the archive
# (an absolute path). A folder's contents go into DEST. For example:
#   host/shim/hypcore.ko:/lib/modules/hypcore.ko
#   tests/e2e/hooks:/etc/hypcore/test
# Executables for the host's PATH can go to /opt/hypcore/bin/.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || {
	echo "usage: $0 OUT.cpio.gz [SRC:DEST ...]" >&2
	exit 2
}
out=$1
shift

busybox=$top/cache/busybox/busybox
[ -x "$busybox" ] || {
	echo "mkinitramfs: $busybox missing: run scripts/fetch-linux.sh" >&2
	exit 1
}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,root,opt/hypcore/bin}
cp "$busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
cp -a "$top/initramfs/." "$stage/"
chmod 755 "$stage/init"

for spec in "$@"; do
	src=${spec%%:*}
	dest=${spec#*:}
	if [ "$src" = "$spec" ] || [ "${dest#/}" = "$dest" ]; then
		echo "mkinitramfs: '$spec' is not SRC:/DEST" >&2
		exit 2
	fi
	if [ -d "$src" ]; then
		mkdir -p "$stage$dest"
		cp -a "$src/." "$stage$dest/"
	elif [ -e "$src" ]; then
		mkdir -p "$(dirname "$stage$dest")"
		cp -a "$src" "$stage$dest"
	else
		echo "mkinitramfs: $src does not exist" >&2
		exit 1
	fi
	echo "mkinitramfs: + $src -> $dest"
done

# Keep placeholder files out of the archive.
find "$stage" -name .gitkeep -delete
# As root, a real console node lets the kernel give /init a console at once;
# without root, /init opens it after mounting devtmpfs.
if [ "$(id -u)" -eq 0 ]; then
	mknod -m 600 "$stage/dev/console" c 5 1
fi

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 | gzip -9n) >"$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: $out ($(du -k "$out" | cut -f1) KiB)"
