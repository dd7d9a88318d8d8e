#!/usr/bin/env bash
# Install what `make bench` needs beyond scripts/setup.sh, skipping what is
# there: valgrind (callgrind instruction counts) and gnuplot (the plot).
# Idempotent: a second run with everything present does nothing.
set -euo pipefail

packages=(valgrind gnuplot-nox)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "bench setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
