#!/bin/sh
# Demo: what the Linux host sees of the machine it was handed.
echo "host: $(grep -c ^processor /proc/cpuinfo) CPUs, $(grep MemTotal /proc/meminfo | tr -s ' ')"
echo "host: kernel command line: $(cat /proc/cmdline)"
# Memory kept from Linux through /reserved-memory nodes of the DTB (a
# /memreserve/ entry does not show here; the kernel log lists both kinds
# only at higher log levels).
dt=/proc/device-tree/reserved-memory
if [ -d $dt ]; then
	for node in $dt/*/; do
		[ -f "$node/reg" ] || continue
		# reg: big-endian 64-bit address and size (#address-cells = 2).
		set -- $(od -An -tx1 -v "$node/reg" | tr -d ' \n' | sed 's/\(.\{16\}\)/\1 /g')
		echo "host: reserved-memory $(basename "$node"): base 0x$1 size 0x$2"
	done
else
	echo "host: no /reserved-memory node in the device tree"
fi
