#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Counts the public API: the functions each header of include/smmuv3/
declares (front door: include/smmuv3/*.h, which smmuv3/smmuv3.h
includes; hardware level: include/smmuv3/hw/, which it does not; port hooks, which the integrator implements,
counted apart).

    api-count.py INCLUDE_DIR            print the table
    api-count.py INCLUDE_DIR README.md  also fail unless README.md states
                                        the front-door totals
"""
import os
import re
import sys

DECL = re.compile(r'^(?:static inline\s+)?(?:const\s+)?[A-Za-z_][\w\s\*]*?\b(smmuv3_\w+)\s*\(', re.M)


def functions(path):
    text = open(path).read()
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    text = re.sub(r'//[^\n]*', '', text)
    names = []
    for m in DECL.finditer(text):
        line = text[m.start():text.index('\n', m.start())]
        if line.lstrip().startswith(('#', 'typedef', 'return')):
            continue
        names.append(m.group(1))
    return sorted(set(names))


def front_headers(inc):
    """smmuv3.h first, then the others in the order it includes them, then
    any it reaches only indirectly (bits.h); config.h is generated from
    config.h.in and declares no function."""
    text = open(os.path.join(inc, 'smmuv3.h')).read()
    order = ['smmuv3.h'] + re.findall(r'#include <smmuv3/([a-z_]+\.h)>', text)
    files = [h for h in os.listdir(inc) if h.endswith('.h')] + ['config.h']
    return [h for h in order if h in files] + sorted(h for h in files if h not in order)


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    inc = argv[1]
    front = front_headers(inc)
    hw = sorted('hw/' + h for h in os.listdir(os.path.join(inc, 'hw')) if h.endswith('.h'))
    rows, n_front, n_port, n_hw = [], 0, 0, 0
    for h in front + hw:
        path = os.path.join(inc, h)
        fns = functions(path) if os.path.exists(path) else []
        port = [f for f in fns if f.startswith('smmuv3_port_')]
        lib = [f for f in fns if not f.startswith('smmuv3_port_')]
        rows.append((h, len(lib), len(port)))
        if h.startswith('hw/'):
            n_hw += len(lib)
        else:
            n_front += len(lib)
            n_port += len(port)
    for h, n, p in rows:
        print(f'{h:20} {n:4} functions' + (f' ({p} port hooks)' if p else ''))
    print(f'front door: {n_front} functions in {len(front)} headers '
          f'(+ {n_port} port hooks the integrator implements); '
          f'hardware level: {n_hw} functions in {len(hw)} headers')
    if len(argv) == 3:
        want = f'{n_front} functions in {len(front)} headers'
        want_hw = f'{n_hw} functions in {len(hw)} hardware-level headers'
        readme = open(argv[2]).read()
        missing = [w for w in (want, want_hw) if w not in readme]
        # The table of front-door headers: one row per header, its count.
        for h, n, p in rows:
            if h.startswith('hw/'):
                continue
            row = f'| `{h}` | {n}' + (f' ({p} hooks)' if p else '') + ' |'
            if row not in readme:
                missing.append(row)
        if missing:
            print('README.md does not say: ' + '; '.join(f'"{w}"' for w in missing))
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
