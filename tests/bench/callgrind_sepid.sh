#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Instructions per page of SEPID retrieve/relinquish of 1 GiB (262144 x
# 4 KiB and 512 x 2 MiB scattered constituents) beside a plain batched
# domain map/unmap of 1 GiB of pages, counted by callgrind:
#   tests/bench/callgrind_sepid.sh [build-dir]      (default build/host)
# Columns: instructions per 4 KiB page under bench_region(), with the
# checked test port and with its fast (bench) mode (docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/host}
bin=$build/tests/bench/bench-sepid
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

count() { # [--fast-port] scenario -> total instructions
	LD_BIND_NOW=1 valgrind --tool=callgrind --toggle-collect=bench_region \
		--callgrind-out-file="$tmp/out" "$bin" "$@" >/dev/null 2>&1
	callgrind_annotate --inclusive=yes "$tmp/out" 2>/dev/null | awk '
		/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
}

pages=262144
printf '%-16s %10s %10s\n' scenario checked fast
for s in domain-map-4k retrieve-4k retrieve-2m domain-unmap-4k relinquish-4k relinquish-2m; do
	c=$(count "$s")
	f=$(count --fast-port "$s")
	printf '%-16s %10.1f %10.1f\n' "$s" "$(echo "$c / $pages" | bc -l)" \
		"$(echo "$f / $pages" | bc -l)"
done
"$bin" | grep CMD_SYNC
