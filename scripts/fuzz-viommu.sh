#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds the virtual IOMMU libFuzzer targets with clang (ASan + UBSan) in
# build/fuzz-viommu and runs one of them (docs/viommu.md):
#   scripts/fuzz-viommu.sh paravirt|virtio [SECONDS [libFuzzer options...]]
# New inputs collect in build/fuzz-viommu/corpus-<abi>; the committed seeds
# in tests/fuzz/corpus/viommu-<abi> are only read. Crashes land in
# build/fuzz-viommu/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

abi=${1:?usage: fuzz-viommu.sh paravirt|virtio [SECONDS [options...]]}
secs=${2:-300}
shift $(($# < 2 ? $# : 2))
dir=build/fuzz-viommu
opts=("-Db_sanitize=address,undefined" -Db_lundef=false "-Dc_args=-fno-sanitize-recover=all")
if [ -f "$dir/build.ninja" ]; then
	meson setup --reconfigure "$dir" "${opts[@]}" >/dev/null
else
	CC=clang meson setup "$dir" "${opts[@]}" >/dev/null
fi
ninja -C "$dir" "tests/fuzz/fuzz-viommu-$abi" >/dev/null
mkdir -p "$dir/corpus-$abi" "$dir/artifacts"
exec "$dir/tests/fuzz/fuzz-viommu-$abi" -timeout=5 -max_total_time="$secs" -max_len=512 \
	-artifact_prefix="$dir/artifacts/" -print_final_stats=1 \
	"$@" "$dir/corpus-$abi" "tests/fuzz/corpus/viommu-$abi"
