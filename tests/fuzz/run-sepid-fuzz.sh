#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Build the SEPID fuzz target with libFuzzer (the library, the mock and the
# test port instrumented as well, with ASan and UBSan) and run it:
#   tests/fuzz/run-sepid-fuzz.sh [libFuzzer options...]
# e.g. -max_total_time=600 -jobs=1. Needs clang with libFuzzer and a
# configured build/host (for smmuv3/config.h). The corpus is kept in
# build/fuzz-sepid/corpus; findings land in build/fuzz-sepid/.
set -euo pipefail
cd "$(dirname "$0")/../.."
cc=${CC_FUZZ:-clang}
out=build/fuzz-sepid
mkdir -p "$out/corpus"
[ -f build/host/include/smmuv3/config.h ] || { echo "configure build/host first" >&2; exit 2; }
flags=(-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
       -Iinclude -Ibuild/host/include -Ilib -Itests/mock -Itests/port -DSMMUV3_LIBFUZZER)
if [ ! -x "$out/fuzz-sepid" ] || [ -n "$(find lib include tests/mock tests/port tests/fuzz \
	-newer "$out/fuzz-sepid" -name '*.[ch]' | head -1)" ]; then
	objs=()
	for f in lib/*/*.c tests/port/test_port.c tests/mock/*.c tests/fuzz/fuzz_sepid.c; do
		# The manifest parser is another archive (it needs libfdt).
		[[ $f == lib/manifest/* ]] && continue
		o=$out/$(echo "$f" | tr / _).o
		"$cc" "${flags[@]}" -std=gnu11 -c "$f" -o "$o"
		objs+=("$o")
	done
	"$cc" -fsanitize=fuzzer,address,undefined "${objs[@]}" -lpthread -o "$out/fuzz-sepid"
fi
cd "$out"
exec ./fuzz-sepid -print_final_stats=1 "$@" corpus
