#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Checks that the folders under lib/ form floors: a folder may include
or call only folders on a lower floor (never one on its own floor, never
one above it).

    check-floors.py FLOORS LIBDIR [--nm NM --archive LIB.a]

FLOORS lists the floors bottom up, one line each: ``N folder [folder...]``
(folders on one line share floor N and may not use each other). Lines
``debt from -> to`` name edges that are known to break the rule and are
tolerated until the code is reorganised; a debt line whose edge no
longer exists is itself an error, so the list can only shrink honestly.

Edges come from two places:
- every quoted ``#include`` in LIBDIR/<folder>/*.[ch] that resolves to
  another folder of LIBDIR;
- with --archive: every symbol an object of one folder needs (``nm -u``)
  that an object of another folder of the same archive defines (meson
  names objects ``lib_<folder>_<file>.c.o``).
"""
import os
import re
import subprocess
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def parse_floors(path):
    rank, debt = {}, set()
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.split('#', 1)[0].strip()
            if not line:
                continue
            words = line.split()
            if words[0] == 'debt':
                if len(words) != 4 or words[2] != '->':
                    sys.exit(f'{path}:{n}: expected "debt FROM -> TO"')
                debt.add((words[1], words[3]))
                continue
            try:
                level = int(words[0])
            except ValueError:
                sys.exit(f'{path}:{n}: expected "N folder..." or "debt FROM -> TO"')
            for folder in words[1:]:
                if folder in rank:
                    sys.exit(f'{path}:{n}: folder {folder} listed twice')
                rank[folder] = level
    return rank, debt


def include_edges(libdir, folders):
    edges = {}
    for folder in folders:
        base = os.path.join(libdir, folder)
        if not os.path.isdir(base):
            continue
        for name in sorted(os.listdir(base)):
            if not name.endswith(('.c', '.h')):
                continue
            src = os.path.join(base, name)
            with open(src, errors='replace') as f:
                for n, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    # Resolve against the file's folder, then against lib/.
                    for root in (base, libdir):
                        target = os.path.normpath(os.path.join(root, m.group(1)))
                        if os.path.exists(target):
                            break
                    rel = os.path.relpath(target, libdir).split(os.sep)
                    if len(rel) < 2 or rel[0] == '..' or rel[0] == folder:
                        continue
                    edges.setdefault((folder, rel[0]), f'{src}:{n} includes {m.group(1)}')
    return edges


def nm_members(nm, archive, flags):
    out = subprocess.run([nm, *flags, archive], capture_output=True, text=True,
                         check=True).stdout
    member, table = None, {}
    for line in out.splitlines():
        if line.endswith(':') and ' ' not in line:
            member = line[:-1]
            table.setdefault(member, set())
            continue
        parts = line.split()
        if member and parts:
            table[member].add(parts[-1])
    return table


def symbol_edges(nm, archive, folders):
    def folder_of(member):
        m = re.match(r'lib_([a-z0-9]+)_', member)
        return m.group(1) if m and m.group(1) in folders else None

    owner = {}
    for member, syms in nm_members(nm, archive, ['--defined-only', '-g']).items():
        for s in syms:
            owner[s] = folder_of(member)
    edges = {}
    for member, syms in nm_members(nm, archive, ['-u']).items():
        src = folder_of(member)
        for s in sorted(syms):
            dst = owner.get(s)
            if src and dst and dst != src:
                edges.setdefault((src, dst), f'{member} calls {s}')
    return edges


def main(argv):
    args = argv[1:]
    nm = archive = None
    if '--nm' in args:
        i = args.index('--nm')
        nm = args[i + 1]
        del args[i:i + 2]
    if '--archive' in args:
        i = args.index('--archive')
        archive = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    rank, debt = parse_floors(args[0])
    libdir = args[1]

    unknown = [d for d in sorted(os.listdir(libdir))
               if os.path.isdir(os.path.join(libdir, d)) and d not in rank]
    if unknown:
        print('folders with no floor in', args[0] + ':', ' '.join(unknown))
        return 1

    edges = include_edges(libdir, rank)
    if archive:
        for e, why in symbol_edges(nm or 'nm', archive, rank).items():
            edges.setdefault(e, why)

    bad = []
    for (src, dst), why in sorted(edges.items()):
        if rank[dst] < rank[src]:
            continue
        if (src, dst) in debt:
            continue
        kind = 'its own floor' if rank[dst] == rank[src] else 'a higher floor'
        bad.append(f'  {src} (floor {rank[src]}) -> {dst} ({kind} {rank[dst]}): {why}')
    stale = [f'  debt {s} -> {d}' for (s, d) in sorted(debt) if (s, d) not in edges]

    if bad:
        print('edges that break the floors:')
        print('\n'.join(bad))
    if stale:
        print('debt lines whose edge is gone (delete them):')
        print('\n'.join(stale))
    if bad or stale:
        return 1
    print(f'floors hold: {len(edges)} edges between {len(rank)} folders, '
          f'{len(debt)} tolerated as debt')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
