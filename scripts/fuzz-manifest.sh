#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds the manifest parser's libFuzzer target with clang (ASan + UBSan)
# in build/fuzz and runs it (docs/manifest.md). A walk that does not end
# is a finding through -timeout; crashes and hangs land in
# build/fuzz/artifacts/.
#   scripts/fuzz-manifest.sh [SECONDS [libFuzzer options...]]   (default 600 s)
# New inputs collect in build/fuzz/corpus-manifest; the committed corpus
# in tests/fuzz/corpus/manifest is only read (merge finds with -merge=1).
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
ninja -C "$dir" tests/fuzz/fuzz-manifest >/dev/null
mkdir -p "$dir/corpus-manifest" "$dir/artifacts"
exec "$dir/tests/fuzz/fuzz-manifest" -timeout=2 -max_total_time="$secs" -max_len=4096 \
	-dict=tests/fuzz/manifest.dict -artifact_prefix="$dir/artifacts/" -print_final_stats=1 \
	"$@" "$dir/corpus-manifest" tests/fuzz/corpus/manifest
