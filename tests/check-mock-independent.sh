#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Fails when a source file of the register mock includes anything of the
# library: its headers (<smmuv3/...>, hardware level in <smmuv3/hw/...>: regs.h, cmdq.h, evtq.h, ste.h,
# cd.h carry the layouts) or lib/. The mock reads the architecture from
# its own mock_arch.h, so a wrong mask in the library cannot also be the
# mock's. (The mock is also compiled without the library's include
# directory; this check names the offending line.)
set -eu
dir=$1
bad=$(grep -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]*/)?(smmuv3/|lib/|\.\./)' \
	"$dir"/*.c "$dir"/*.h 2>/dev/null || true)
if [ -n "$bad" ]; then
	echo "the mock includes the library's headers:"
	printf '%s\n' "$bad"
	exit 1
fi
n=$(ls "$dir"/*.c 2>/dev/null | wc -l)
if [ "$n" -eq 0 ]; then
	echo "no mock sources in $dir"
	exit 1
fi
echo "mock independent of the library: $n source files checked"
