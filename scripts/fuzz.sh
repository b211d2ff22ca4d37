#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds a libFuzzer target with clang (ASan + UBSan) in build/fuzz and
# runs it. A walk that does not end is a finding through -timeout; crashes
# and hangs land in build/fuzz/artifacts/.
#   scripts/fuzz.sh [fdt|manifest] [SECONDS [libFuzzer options...]]   (default fdt, 600 s)
# fdt: smmuv3_fdt_check, and libfdt plus the bare-metal parser behind it
# (docs/device-tree.md). manifest: the partition manifest parser
# (docs/manifest.md).
# New inputs collect in build/fuzz/corpus-TARGET; the committed seeds in
# tests/fuzz/corpus/TARGET are only read (see the docs for merging finds).
set -euo pipefail
cd "$(dirname "$0")/.."

target=fdt
case ${1:-} in
fdt | manifest) target=$1; shift ;;
esac
case $target in
fdt) max_len=8192 ;;
manifest) max_len=4096 ;;
esac
secs=${1:-600}
shift || true
dir=build/fuzz
opts=(-Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fno-sanitize-recover=all)
if [ -f "$dir/build.ninja" ]; then
	meson setup --reconfigure "$dir" "${opts[@]}" >/dev/null
else
	CC=clang meson setup "$dir" "${opts[@]}" >/dev/null
fi
ninja -C "$dir" "tests/fuzz/fuzz-$target" >/dev/null
mkdir -p "$dir/corpus-$target" "$dir/artifacts"
exec "$dir/tests/fuzz/fuzz-$target" -timeout=2 -max_total_time="$secs" -max_len="$max_len" \
	-dict="tests/fuzz/$target.dict" -artifact_prefix="$dir/artifacts/" -print_final_stats=1 \
	"$@" "$dir/corpus-$target" "tests/fuzz/corpus/$target"
