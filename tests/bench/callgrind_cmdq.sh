#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Instructions per command the library spends submitting to the command
# queue, counted by callgrind (deterministic, unlike wall time):
#   tests/bench/callgrind_cmdq.sh [build-dir]      (default build/host)
# "library" is everything under smmuv3_cmdq_submit() minus the register
# mock's work (smmuv3_mock_read32/write32: command consumption, recording,
# its TLB model), i.e. what a real SMMU would not charge to the CPU apart
# from the MMIO accesses themselves.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/host}
bin=$build/tests/bench/bench-cmdq
iters=2000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-30s %8s %14s\n' scenario cmds library/cmd
i=0
while :; do
	line=$("$bin" 1 "$i" 2>/dev/null | sed -n 2p) || break
	[ -n "$line" ] || break
	name=$(printf '%s' "$line" | cut -c1-28 | sed 's/ *$//')
	cmds=$(printf '%s' "$line" | awk '{ for (k = 1; k <= NF; k++) if ($(k+1) == "cmds") { print $k; exit } }')
	valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$bin" "$iters" "$i" \
		>/dev/null 2>&1
	callgrind_annotate --inclusive=yes "$tmp/out" 2>/dev/null | awk -v it="$iters" \
		-v c="$cmds" -v name="$name" '
		/^ *[0-9,]+ .*:smmuv3_cmdq_submit \[/ { gsub(",", "", $1); sub_ = $1 }
		/^ *[0-9,]+ .*:smmuv3_mock_(read|write)32 \[/ { gsub(",", "", $1); mock += $1 }
		END { printf "%-30s %8d %14.1f\n", name, c, (sub_ - mock) / (it * c) }'
	i=$((i + 1))
done
