#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Installs the host build into a scratch folder and builds an integrator's
# test program (examples/host-probe.c) from the installed headers and
# libraries alone, through pkg-config: the proof that libsmmuv3.pc and
# libsmmuv3-mock.pc are complete and that no -D flag is needed.
#   check-install.sh BUILDDIR SOURCE.c CC
set -eu
build=$1
src=$2
cc=$3
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --destdir "$dest" --no-rebuild >/dev/null
pc=$(dirname "$(find "$dest" -name libsmmuv3-mock.pc | head -n 1)")
[ -f "$pc/libsmmuv3.pc" ] || { echo "libsmmuv3.pc not installed"; exit 1; }
export PKG_CONFIG_PATH="$pc" PKG_CONFIG_SYSROOT_DIR="$dest"
flags=$(pkg-config --cflags --libs libsmmuv3-mock)
case "$flags" in *-D*) echo "pkg-config leaks defines: $flags"; exit 1 ;; esac
"$cc" -std=c11 -o "$dest/probe" "$src" $flags
"$dest/probe" >/dev/null
echo "installed tree builds and runs $(basename "$src"): $flags"
