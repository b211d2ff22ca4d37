#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Writes the device tree fixtures of docs/device-tree.md: well-formed blobs
and one malformed blob per refusal reason of smmuv3_fdt_check(), among them
the reproducers that make Debian 12's libfdt 1.6.1 loop for ever.

    mkfdt.py OUTDIR [QEMU_VIRT_DTB]

File names say what the replay test (tests/fuzz/fdt_replay.c) expects:
``ok-*.dtb`` must be accepted, ``bad-<REASON>[-what].dtb`` refused with
SMMUV3_FDT_<REASON>; ``hang-`` in the name marks a blob libfdt 1.6.1 does
not get out of. QEMU_VIRT_DTB, a dtc-compiled QEMU virt tree, is the base
of the reproducer closest to a real platform. The outputs are committed
(tests/fuzz/corpus/fdt/); rerun this after changing it.
"""
import os
import struct
import sys

BEGIN_NODE, END_NODE, PROP, NOP, END = 1, 2, 3, 4, 9
MAGIC = 0xD00DFEED
HDR = 40
# A property length that brings libfdt 1.6.1's fdt_next_tag() back to the
# tag it started from: offset + 4 (tag) + 8 (len, nameoff) + len == offset.
LEN_STANDS_STILL = 0xFFFFFFF4


def be32(v):
    return struct.pack(">I", v & 0xFFFFFFFF)


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


class Tree:
    """A structure block built token by token, with its strings block."""

    def __init__(self):
        self.struct = b""
        self.strings = b""

    def nameoff(self, name):
        key = name.encode() + b"\0"
        at = self.strings.find(key)
        if at < 0 or (at and self.strings[at - 1] != 0):
            at = len(self.strings)
            self.strings += key
        return at

    def begin(self, name=""):
        self.struct += be32(BEGIN_NODE) + pad4(name.encode() + b"\0")
        return self

    def end_node(self):
        self.struct += be32(END_NODE)
        return self

    def prop(self, name, value=b"", length=None, nameoff=None):
        if isinstance(value, str):
            value = value.encode() + b"\0"
        elif isinstance(value, (list, tuple)):
            value = b"".join(be32(v) for v in value)
        off = self.nameoff(name) if nameoff is None else nameoff
        n = len(value) if length is None else length
        self.struct += be32(PROP) + be32(n) + be32(off) + pad4(value)
        return self

    def nop(self):
        self.struct += be32(NOP)
        return self

    def end(self):
        self.struct += be32(END)
        return self

    def raw(self, b):
        self.struct += b
        return self


def blob(tree, version=17, last_comp=16, rsv=(), trailing=b"", **hdr):
    """Header + reservation map + structure + strings; hdr overrides fields."""
    rsvmap = b"".join(struct.pack(">QQ", a, s) for a, s in rsv) + b"\0" * 16
    off_rsv = HDR
    off_struct = off_rsv + len(rsvmap)
    off_strings = off_struct + len(tree.struct)
    total = off_strings + len(tree.strings)
    f = dict(magic=MAGIC, totalsize=total, off_dt_struct=off_struct,
             off_dt_strings=off_strings, off_mem_rsvmap=off_rsv,
             version=version, last_comp_version=last_comp, boot_cpuid_phys=0,
             size_dt_strings=len(tree.strings), size_dt_struct=len(tree.struct))
    f.update(hdr)
    order = ["magic", "totalsize", "off_dt_struct", "off_dt_strings", "off_mem_rsvmap",
             "version", "last_comp_version", "boot_cpuid_phys", "size_dt_strings",
             "size_dt_struct"]
    out = b"".join(be32(f[k]) for k in order) + rsvmap + tree.struct + tree.strings
    return out + trailing


def virt_like(hang_len=None):
    """A small QEMU virt-like tree: what port/baremetal/fdt.c looks for.
    With hang_len, a node before the memory node carries a property whose
    length is hang_len."""
    t = Tree().begin()
    t.prop("#address-cells", [2]).prop("#size-cells", [2])
    t.prop("compatible", "linux,dummy-virt")
    t.begin("psci").prop("compatible", "arm,psci-1.0").prop("method", "hvc")
    if hang_len is not None:
        t.prop("cpu_on", [0xC4000003], length=hang_len)
    t.end_node()
    t.begin("memory@40000000").prop("device_type", "memory")
    t.prop("reg", [0, 0x40000000, 0, 0x10000000]).end_node()
    t.begin("chosen").prop("stdout-path", "/pl011@9000000").prop("bootargs", "").end_node()
    t.begin("pl011@9000000").prop("compatible", "arm,pl011")
    t.prop("reg", [0, 0x09000000, 0, 0x1000]).end_node()
    t.begin("intc@8000000").prop("compatible", "arm,cortex-a15-gic")
    t.prop("reg", [0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x10000]).end_node()
    t.begin("smmuv3@9050000").prop("compatible", "arm,smmu-v3")
    t.prop("reg", [0, 0x09050000, 0, 0x20000])
    t.prop("interrupts", [0, 74, 1, 0, 75, 1, 0, 77, 1, 0, 76, 1])
    t.prop("interrupt-names", b"eventq\0priq\0cmdq-sync\0gerror\0")
    t.prop("dma-coherent").prop("#iommu-cells", [1]).prop("phandle", [0x8003]).end_node()
    t.begin("pcie@10000000").prop("compatible", "pci-host-ecam-generic")
    t.prop("device_type", "pci").prop("reg", [0x40, 0x10000000, 0, 0x10000000])
    t.prop("bus-range", [0, 0xFF]).prop("iommu-map", [0, 0x8003, 0, 0x10000])
    t.end_node()
    return t.end_node().end()


def minimal():
    return Tree().begin().end_node().end()


def one_prop(**kw):
    """Root with a single property, for the property checks."""
    return Tree().begin().prop("model", "x", **kw).end_node().end()


def deep(levels):
    t = Tree().begin()
    for _ in range(levels - 1):
        t.begin("n")
    for _ in range(levels):
        t.end_node()
    return t.end()


def patch_first_prop_len(dtb, length):
    """The QEMU dtb with the length of its first property replaced."""
    off = struct.unpack(">I", dtb[8:12])[0]
    while struct.unpack(">I", dtb[off:off + 4])[0] != PROP:
        off += 4
    return dtb[:off + 4] + be32(length) + dtb[off + 8:]


def cases(qemu_dtb):
    t = virt_like()
    v = blob(t)
    c = {
        "ok-minimal": blob(minimal()),
        "ok-virt-like": v,
        "ok-nops": blob(Tree().nop().begin().nop().prop("a", [1]).nop().begin("c")
                        .end_node().nop().end_node().nop().end()),
        "ok-rsvmap": blob(minimal(), rsv=[(0x40000000, 0x1000)]),
        "ok-depth-64": blob(deep(64)),
        "ok-trailing-bytes": blob(minimal(), trailing=b"\xff" * 100),
        # The reproducers: libfdt 1.6.1 walks stand still on these.
        "bad-PROP_LEN-hang-libfdt161": blob(virt_like(LEN_STANDS_STILL), trailing=b"\0" * 108),
        "bad-PROP_LEN-hang-root": blob(one_prop(length=LEN_STANDS_STILL)),
        # Version 15: the pre-v16 realignment turns -16 into a stand-still too.
        "bad-VERSION-hang-v15": blob(Tree().begin().prop("a", [1], length=0xFFFFFFF0)
                                     .end_node().end(), version=15, last_comp=2),
        "bad-PROP_LEN-wrap-back": blob(one_prop(length=0xFFFFFFF0)),
        "bad-PROP_LEN": blob(one_prop(length=0x100)),
        "bad-MAGIC": blob(minimal(), magic=0xD00DFEEE),
        "bad-VERSION": blob(minimal(), version=16),
        "bad-VERSION-last-comp": blob(minimal(), last_comp=18, version=18),
        "bad-TOTALSIZE": blob(minimal(), totalsize=4096),
        "bad-TOTALSIZE-small": blob(minimal(), totalsize=39),
        "bad-RSVMAP_ALIGN": blob(minimal(), off_mem_rsvmap=44),
        "bad-RSVMAP_RANGE": blob(minimal(), off_mem_rsvmap=0x10000),
        "bad-RSVMAP_RANGE-unterminated": blob(minimal(), off_mem_rsvmap=56),
        "bad-STRUCT_ALIGN": blob(minimal(), off_dt_struct=58),
        "bad-STRUCT_RANGE": blob(minimal(), size_dt_struct=0x1000),
        "bad-STRUCT_RANGE-in-header": blob(minimal(), off_dt_struct=0),
        "bad-STRINGS_RANGE": blob(one_prop(), size_dt_strings=0xFFFFFFFF),
        "bad-OVERLAP": blob(minimal(), off_dt_struct=40),
        "bad-TRUNCATED": blob(Tree().begin().raw(be32(PROP) + be32(0))),
        "bad-BAD_TAG": blob(Tree().begin().raw(be32(5)).end_node().end()),
        "bad-NAME_UNTERMINATED": blob(Tree().raw(be32(BEGIN_NODE) + b"abcd")),
        "bad-ROOT_NAME": blob(Tree().begin("root").end_node().end()),
        "bad-NAME_EMPTY": blob(Tree().begin().begin("").end_node().end_node().end()),
        "bad-PROP_OUTSIDE_NODE": blob(Tree().prop("a", [1]).begin().end_node().end()),
        "bad-PROP_AFTER_SUBNODE": blob(Tree().begin().begin("c").end_node()
                                       .prop("a", [1]).end_node().end()),
        "bad-PROP_NAMEOFF": blob(one_prop(nameoff=0x1000)),
        "bad-PROP_NAME": blob(one_prop(), size_dt_strings=5),
        "bad-END_NODE_UNBALANCED": blob(Tree().begin().end_node().end_node().end()),
        "bad-SECOND_ROOT": blob(Tree().begin().end_node().begin().end_node().end()),
        "bad-DEPTH": blob(deep(65)),
        "bad-END_IN_NODE": blob(Tree().begin().end()),
        "bad-NO_ROOT": blob(Tree().end()),
        "bad-NO_END": blob(Tree().begin().end_node()),
        "bad-DATA_AFTER_END": blob(minimal().nop()),
        # libfdt 1.6.1's fdt_path_offset("serial0") recurses through this
        # alias until the stack overflows (bm_fdt_parse's stdout-path).
        "bad-ALIAS-recursion-libfdt161": blob(
            Tree().begin().begin("aliases").prop("serial0", "serial0").end_node()
            .begin("chosen").prop("stdout-path", "serial0:115200n8").end_node()
            .end_node().end()),
        # libfdt looks "aliases" up by name and finds "aliases@1" too.
        "bad-ALIAS-unit-address": blob(
            Tree().begin().begin("aliases@1").prop("serial0", "serial0").end_node()
            .begin("chosen").prop("stdout-path", "serial0").end_node()
            .end_node().end()),
        "bad-ALIAS-unterminated": blob(
            Tree().begin().begin("aliases").prop("serial0", b"/pl011").end_node()
            .end_node().end()),
        "ok-alias": blob(
            Tree().begin().begin("aliases").prop("serial0", "/pl011@9000000").end_node()
            .begin("chosen").prop("stdout-path", "serial0:115200n8").end_node()
            .begin("pl011@9000000").prop("reg", [0x09000000, 0x1000]).end_node()
            .end_node().end()),
        # Not /aliases (deeper): any value goes.
        "ok-alias-deep": blob(
            Tree().begin().begin("a").begin("aliases").prop("x", "x").end_node()
            .end_node().end_node().end()),
    }
    if qemu_dtb:
        c["ok-qemu-virt-smmuv3"] = qemu_dtb
        c["bad-PROP_LEN-hang-qemu-virt"] = patch_first_prop_len(qemu_dtb, LEN_STANDS_STILL)
    return c


def main():
    out = sys.argv[1]
    qemu = open(sys.argv[2], "rb").read() if len(sys.argv) > 2 else None
    os.makedirs(out, exist_ok=True)
    for name, data in sorted(cases(qemu).items()):
        with open(os.path.join(out, name + ".dtb"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
