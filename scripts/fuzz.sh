#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds the libFuzzer targets with clang (ASan + UBSan) in build/fuzz and
# runs the device tree one: smmuv3_fdt_check, and libfdt plus the bare-metal
# parser behind it (docs/device-tree.md). A walk that does not end is a
# finding through -timeout; crashes and hangs land in build/fuzz/artifacts/.
#   scripts/fuzz.sh [SECONDS [libFuzzer options...]]   (default 600 s)
# New inputs collect in build/fuzz/corpus-fdt; the committed seeds in
# tests/fuzz/corpus/fdt are only read (see the doc for merging finds).
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-600}
shift || true
dir=build/fuzz
opts=(-Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fno-sanitize-recover=all)
if [ -f "$dir/build.ninja" ]; then
	meson setup --reconfigure "$dir" "${opts[@]}" >/dev/null
else
	CC=clang meson setup "$dir" "${opts[@]}" >/dev/null
fi
ninja -C "$dir" tests/fuzz/fuzz-fdt >/dev/null
mkdir -p "$dir/corpus-fdt" "$dir/artifacts"
exec "$dir/tests/fuzz/fuzz-fdt" -timeout=2 -max_total_time="$secs" -max_len=8192 \
	-dict=tests/fuzz/fdt.dict -artifact_prefix="$dir/artifacts/" -print_final_stats=1 \
	"$@" "$dir/corpus-fdt" tests/fuzz/corpus/fdt
