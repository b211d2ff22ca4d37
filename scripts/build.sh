#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Configure (once) and build one of the project's build directories:
#   scripts/build.sh host | host-asan | host-tsan | aarch64-gcc | aarch64-clang
set -euo pipefail
cd "$(dirname "$0")/.."

kind=$1
shift || true
dir=build/$kind
case $kind in
host) opts=(--buildtype=debugoptimized) ;;
host-asan) opts=(-Db_sanitize=address,undefined -Db_lundef=false
		 -Dc_args=-fno-sanitize-recover=all) ;;
host-tsan) opts=(-Db_sanitize=thread -Db_lundef=false) ;;
aarch64-gcc) opts=(--cross-file cross/aarch64-gcc.txt) ;;
aarch64-clang) opts=(--cross-file cross/aarch64-clang.txt) ;;
*) echo "build.sh: unknown build '$kind'" >&2; exit 2 ;;
esac

if [ -f "$dir/build.ninja" ]; then
	meson setup --reconfigure "$dir" "${opts[@]}" "$@" >/dev/null
else
	meson setup "$dir" "${opts[@]}" "$@" >/dev/null
fi
ninja -C "$dir" >/dev/null
