#!/bin/sh
# Demo: what the Linux host sees of the machine it was handed.
echo "host: $(grep -c ^processor /proc/cpuinfo) CPUs, $(grep MemTotal /proc/meminfo | tr -s ' ')"
echo "host: kernel command line: $(cat /proc/cmdline)"

# Two big-endian 64-bit numbers (address, size) as "0x... 0x...".
be_pair() {
	od -An -tx1 -v "$@" | tr -d ' \n' | sed 's/^\(.\{16\}\)\(.\{16\}\).*/0x\1 0x\2/'
}

# Memory kept from Linux: the /memreserve/ entries of the DTB the host
# booted with (the table starts at the offset stored at byte 16 of the
# header and ends with a zero entry), then any /reserved-memory nodes.
fdt=/sys/firmware/fdt
if [ -r $fdt ]; then
	off=$((0x$(od -An -tx1 -j16 -N4 $fdt | tr -d ' \n')))
	i=0
	while [ $i -lt 64 ]; do
		set -- $(be_pair -j$((off + 16 * i)) -N16 $fdt)
		[ $(($2)) -ne 0 ] || break
		echo "host: DTB /memreserve/ base $1 size $2 ($(($2 / 1024)) KiB)"
		i=$((i + 1))
	done
	[ $i -gt 0 ] || echo "host: DTB has no /memreserve/ entry"
fi
for node in /proc/device-tree/reserved-memory/*/; do
	[ -f "$node/reg" ] || continue
	set -- $(be_pair "$node/reg")
	echo "host: DTB reserved-memory $(basename "$node"): base $1 size $2"
done
