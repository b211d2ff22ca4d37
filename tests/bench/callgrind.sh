#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Instructions per page of every page-table benchmark scenario, counted by
# callgrind (deterministic, unlike wall time on a shared machine):
#   tests/bench/callgrind.sh [build-dir]      (default build/host)
# "total" is everything under bench_region(); "library" leaves out the test
# port's DMA allocator, whose zeroing memset valgrind counts one
# instruction per byte (rep stosb) and which a real port does with DC ZVA.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/host}
bin=$build/tests/bench/bench-pgtable
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

count() { # scenario n -> "total port"
	valgrind --tool=callgrind --toggle-collect=bench_region \
		--callgrind-out-file="$tmp/out" "$bin" "$1" "$2" >/dev/null 2>&1
	callgrind_annotate --inclusive=yes "$tmp/out" 2>/dev/null | awk '
		/PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
		/^ *[0-9,]+ .*smmuv3_port_dma_(alloc|free) \[/ {
			gsub(",", "", $1); port += $1 }
		END { print total, port + 0 }'
}

printf '%-14s %8s %12s %10s %10s\n' scenario N total total/pg library/pg
for s in map-batched unmap-batched map-single unmap-single iova-to-phys block-map block-unmap \
	map-alternate unmap-alternate; do
	case $s in block-*) list=1 ;; *-alternate) list=512 ;; *) list="1 512 262144" ;; esac
	for n in $list; do
		read -r total port < <(count "$s" "$n")
		printf '%-14s %8s %12s %10.1f %10.1f\n' "$s" "$n" "$total" \
			"$(echo "$total / $n" | bc -l)" "$(echo "($total - $port) / $n" | bc -l)"
	done
done
