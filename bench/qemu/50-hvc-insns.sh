#!/bin/sh
# Bench mode hook (hypcore.mode=bench): load hypcore_bench.ko, which counts
# the instructions of each hypercall round trip with the PMU and logs one
# line per call; repeat those lines on the console for bench/run.sh.
mod=/lib/modules/hypcore_bench.ko
# Calls per kind: hvc_bench.iters=N on the kernel command line (default 1000).
iters() {
	local word
	for word in $(cat /proc/cmdline); do
		case $word in hvc_bench.iters=*) echo "${word#*=}"; return ;; esac
	done
	echo 1000
}
if ! insmod "$mod" iters="$(iters)"; then
	dmesg | grep 'hypcore_bench' | sed 's/^/HYPCORE-HOST: hvc-bench log: /'
	exit 1
fi
dmesg | grep -o 'HYPCORE-BENCH: .*' | sed 's/^HYPCORE-BENCH: /HYPCORE-HOST: hvc-bench /'
rmmod hypcore_bench
