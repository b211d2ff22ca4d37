#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Set everything up and run every test: unit tests on the host (plain and
# under AddressSanitizer + UndefinedBehaviorSanitizer; the threaded
# 'stress' suite under ThreadSanitizer), the freestanding
# AArch64 archive checks with gcc and clang, and the QEMU integration
# suite. Prints one "N passed, N failed" line at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then
	scripts/setup.sh
else
	echo "test.sh: not root, skipping package setup (run scripts/setup.sh as root once)"
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}

builds=(host host-asan host-tsan aarch64-gcc aarch64-clang)
status=0
for b in "${builds[@]}"; do
	echo "=== build $b"
	scripts/build.sh "$b"
	echo "=== test $b"
	# ThreadSanitizer only adds to the threaded tests (a few seconds).
	suite=()
	[ "$b" = host-tsan ] && suite=(--suite stress)
	if ! meson test -C "build/$b" --print-errorlogs --num-processes 2 "${suite[@]}"; then
		status=1
	fi
done

python3 - "${builds[@]}" <<'PY'
import json, sys
passed = failed = skipped = 0
for b in sys.argv[1:]:
    try:
        lines = open(f"build/{b}/meson-logs/testlog.json").read().splitlines()
    except OSError:
        failed += 1
        continue
    for line in lines:
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
