#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Instructions the library spends submitting to the command queue,
# counted by callgrind (deterministic, unlike wall time):
#   tests/bench/callgrind_cmdq.sh [build-dir]      (default build/host)
# Only what runs inside smmuv3_cmdq_submit() is collected, split by where
# the instructions are:
#   library   lib/ and the memcpy/memset it calls
#   +port     plus the test port's hooks (lock, barriers, MMIO accessors)
#   mock      the register mock's model of the SMMU (consumption,
#             recording, its TLB, its reads of the ring through the test
#             port's pa_to_va and mock_mem): what a real SMMU would not charge
# Per submission for a single command, per command otherwise; the issue's
# reference figures (issue 14 item 5) are printed beside them.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/host}
bin=$build/tests/bench/bench-cmdq
iters=2000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-30s %6s %5s %9s %9s %9s   %s\n' scenario cmds per library +port mock reference
i=0
while :; do
	line=$("$bin" 1 "$i" 2>/dev/null | sed -n 2p) || break
	[ -n "$line" ] || break
	name=$(printf '%s' "$line" | cut -c1-28 | sed 's/ *$//')
	cmds=$(printf '%s' "$line" | awk '{ for (k = 1; k <= NF; k++) if ($(k+1) == "cmds") { print $k; exit } }')
	valgrind --tool=callgrind --toggle-collect=smmuv3_cmdq_submit \
		--callgrind-out-file="$tmp/out" "$bin" "$iters" "$i" >/dev/null 2>&1
	case $name in
	"single+sync poll") ref="was 432/sub; bare ring write + PROD store 29; aim <= 120" ;;
	"batch 64 poll") ref="was 8.9/cmd; bare ring write 2.9; aim <= 4" ;;
	*) ref="" ;;
	esac
	callgrind_annotate --auto=no --threshold=100 "$tmp/out" 2>/dev/null | awk -v it="$iters" \
		-v c="$cmds" -v name="$name" -v ref="$ref" '
		/file:function/ { on = 1; next }
		/Auto-annotated/ { on = 0 }
		on && /^ *[0-9,]+ / {
			v = $1; gsub(",", "", v)
			if ($0 ~ /tests\/mock\/|pa_to_va|port_mock_mem/) mock += v
			else if ($0 ~ /tests\/port\//) port += v
			else lib += v
		}
		END {
			per = c == 1 ? it : it * c
			printf "%-30s %6d %5s %9.1f %9.1f %9.1f   %s\n", name, c,
			       c == 1 ? "sub" : "cmd", lib / per, (lib + port) / per,
			       mock / per, ref
		}'
	i=$((i + 1))
done
