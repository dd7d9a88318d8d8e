#!/usr/bin/env bash
# Lines of code per folder: lines that are neither blank nor only comment,
# for C, headers and assembly (/* */ and // comments). Counts the files git
# tracks, so a clone and this tree agree.
#
#   bench/sloc.sh FOLDER...    prints: folder <tab> files <tab> code lines
set -euo pipefail

count() {
	awk '
	{
		line = $0; out = ""
		while (length(line) > 0) {
			if (inc) {
				i = index(line, "*/")
				if (i == 0) line = ""; else { line = substr(line, i + 2); inc = 0 }
			} else {
				i = index(line, "/*"); j = index(line, "//")
				if (j > 0 && (i == 0 || j < i)) { out = out substr(line, 1, j - 1); line = "" }
				else if (i > 0) { out = out substr(line, 1, i - 1); line = substr(line, i + 2); inc = 1 }
				else { out = out line; line = "" }
			}
		}
		if (out ~ /[^ \t\r]/) n++
	}
	END { print n + 0 }' "$@"
}

for dir in "$@"; do
	mapfile -t files < <(git ls-files -- "$dir" | grep -E '\.(c|h|S|ld)$' || true)
	if [ ${#files[@]} -eq 0 ]; then
		printf '%s\t0\t0\n' "$dir"
		continue
	fi
	total=0
	for f in "${files[@]}"; do
		total=$((total + $(count "$f")))
	done
	printf '%s\t%d\t%d\n' "$dir" "${#files[@]}" "$total"
done
