#!/bin/bash
# Usage: core_sections.sh IN.o OUT.o
#
# For the fuzzer's build of a core object: its .data and .bss become
# hc_core_data and hc_core_bss, which the link gathers into two ranges that
# tests/fuzz/core_state.c saves and restores (the core's static state). Then
# make sure nothing else in the object is writable, so that those ranges
# are the whole of it: what may remain is written by the loader before main
# (.data.rel.ro, the coverage PC table, the init and fini arrays) or by the
# coverage instrumentation (__sancov_cntrs), none of it the core's state.
set -euo pipefail
in=$1 out=$2
objcopy --rename-section .data=hc_core_data --rename-section .bss=hc_core_bss "$in" "$out"
bad=$(readelf -SW "$out" | sed -n 's/^ *\[ *[0-9]*\] //p' |
	awk '$7 ~ /W/ && $1 !~ /^(hc_core_data|hc_core_bss|\.data\.rel\.ro|__sancov_cntrs|__sancov_pcs|\.init_array(\..*)?|\.fini_array(\..*)?)$/ {print $1}')
if [ -n "$bad" ]; then
	echo "core_sections.sh: $in has writable sections the fuzzer would not restore: $bad" >&2
	rm -f "$out"
	exit 1
fi
