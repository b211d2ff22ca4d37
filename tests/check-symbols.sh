#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Fails when the static archive needs any symbol from outside itself other
# than the port hooks (smmuv3_port_*) and memcpy/memset: proof that no
# hosted-libc function slipped into the freestanding library. Also fails
# when it has writable global or static data (.data/.bss/common): all
# state lives in caller-owned instances, so two SMMUs never share any.
# An optional third argument is an extended regex of further allowed
# symbols (the manifest archive needs libfdt's fdt_* and smmuv3_fdt_check).
set -eu
nm=$1
archive=$2
defined=$(mktemp)
undefined=$(mktemp)
trap 'rm -f "$defined" "$undefined"' EXIT
"$nm" --defined-only -g "$archive" 2>/dev/null | awk 'NF >= 3 { print $3 }' | sort -u > "$defined"
"$nm" -u "$archive" 2>/dev/null | awk 'NF >= 2 && $1 == "U" { print $2 }' | sort -u > "$undefined"
external=$(comm -23 "$undefined" "$defined")
extra=${3:+|$3}
bad=$(printf '%s\n' "$external" | grep -v -E "^(smmuv3_port_[a-z0-9_]+|memcpy|memset$extra)?\$" || true)
count=$(printf '%s\n' "$external" | grep -c . || true)
writable=$("$nm" "$archive" 2>/dev/null | awk 'NF == 3 && $2 ~ /^[BbDdCGgSs]$/ { print $3 }')
if [ -n "$writable" ]; then
	echo "archive has writable global/static data (state must live in the instance):"
	printf '  %s\n' $writable
	exit 1
fi
if [ -n "$bad" ]; then
	echo "archive needs symbols outside the port contract:"
	printf '  %s\n' $bad
	exit 1
fi
if [ "$count" -eq 0 ]; then
	echo "no external symbols at all: nm output not understood" >&2
	exit 1
fi
echo "archive-symbols: $count external symbols, all port hooks or memcpy/memset${3:+ or $3}"
printf '  %s\n' $external
