#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check that a GN BUILD.gn lists exactly the library sources Meson builds.

Usage: check-hafnium-gn.py [--forget NAME] BUILD.gn SOURCE...

--forget NAME drops the BUILD.gn entries ending in NAME before comparing
(the negative control: the check must then fail).

BUILD.gn is port/hafnium/BUILD.gn (Hafnium builds the library from it, not
from Meson); SOURCE... are Meson's smmuv3_sources. A library file added to
Meson but not to BUILD.gn would leave Hafnium's link with undefined
symbols, one removed would break its build: both fail here.
"""
import os
import re
import sys


def main():
    args = sys.argv[1:]
    forget = None
    if args[:1] == ["--forget"]:
        forget, args = args[1], args[2:]
    gn_path, sources = args[0], args[1:]
    gn_dir = os.path.dirname(os.path.abspath(gn_path))
    with open(gn_path, encoding="utf-8") as f:
        text = f.read()
    listed = set()
    for rel in re.findall(r'"([^"]+\.c)"', text):
        path = os.path.normpath(os.path.join(gn_dir, rel))
        if forget and path.endswith(forget):
            continue
        if os.sep + "lib" + os.sep in path:
            listed.add(path)
    built = {os.path.normpath(os.path.abspath(s)) for s in sources}
    ok = True
    for p in sorted(built - listed):
        print(f"{gn_path}: missing library source {p}")
        ok = False
    for p in sorted(listed - built):
        print(f"{gn_path}: lists {p}, which Meson does not build")
        ok = False
    for p in sorted(listed):
        if not os.path.exists(p):
            print(f"{gn_path}: {p} does not exist")
            ok = False
    if ok:
        print(f"{gn_path}: {len(listed)} library sources, as Meson builds")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
