#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Fails when a function declared in the given public headers has no
# Doxygen comment. Usage: check-docs.sh DOXYGEN HEADER_DIR
set -eu
doxygen=$1
dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/Doxyfile" <<DOX
INPUT = $dir
FILE_PATTERNS = *.h
RECURSIVE = YES
EXTRACT_ALL = NO
WARN_IF_UNDOCUMENTED = YES
WARN_NO_PARAMDOC = NO
GENERATE_HTML = NO
GENERATE_LATEX = NO
GENERATE_XML = YES
XML_OUTPUT = $work/xml
QUIET = YES
WARN_LOGFILE = $work/warnings
DOX
"$doxygen" "$work/Doxyfile" >/dev/null 2>&1
undocumented=$(grep '(function) .*is not documented' "$work/warnings" || true)
functions=$(grep -c 'kind="function"' "$work/xml/"*.xml 2>/dev/null | awk -F: '{ n += $2 } END { print n + 0 }')
if [ -n "$undocumented" ]; then
	echo "public functions without a doc comment:"
	printf '%s\n' "$undocumented"
	exit 1
fi
if [ "$functions" -eq 0 ]; then
	echo "doxygen found no functions in $dir: check not working" >&2
	exit 1
fi
echo "check-docs: every public function in $dir is documented ($functions declarations seen)"
