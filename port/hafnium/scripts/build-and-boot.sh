#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Build Hafnium with libsmmuv3 in place of its own SMMUv3 driver and boot
# it on QEMU. Not part of CI: it needs a Hafnium checkout, which cannot be
# part of this repository. docs/hafnium.md has the commands and the
# output observed.
#
# Usage: build-and-boot.sh HAFNIUM_DIR [step...]
#   steps (default: all of them, in this order)
#     prepare   make the checkout buildable offline, link this repository
#               in as third_party/libsmmuv3, point the three platforms'
#               `iommu` at //third_party/libsmmuv3/port/hafnium:smmuv3_hafnium
#     build     qemu_aarch64_vhe (NS hypervisor), secure_qemu_aarch64 and
#               secure_aem_v8a_fvp_vhe (SPMCs), one at a time; sizes
#     baseline  the same three with Hafnium's own driver (for the size cost)
#     primary   boot the NS hypervisor with test/vmapi/primary_only
#     edu       boot the NS hypervisor with the edu DMA test VM
#     edu-refused  the same on -cpu max, whose 48-bit IPA space the SMMU's
#               44-bit IAS cannot take: the load must fail with that error
#     edu-duplicate  the edu partition naming edu's StreamID in two
#               device regions: its load must fail
#
# HAFNIUM_DIR is a Hafnium checkout with its submodules' contents in place
# (project/reference, prebuilts for gn, third_party/dtc: upstream dtc works).
# Needs clang/lld/llvm >= 18 (Debian clang-19 lld-19 llvm-19), ninja, dtc,
# qemu-system-aarch64 >= 8 and python3. Output goes to HAFNIUM_DIR/out/.
# Environment: TARGETS (platforms to build), GN_EXTRA_ARGS (e.g.
# smmuv3_hafnium_lts=true for a v2.14 LTS checkout), LLVM (tool suffix, 19).
# TARGETS and NICE are word lists, split on purpose.
# shellcheck disable=SC2086
set -eu

HF=$(cd "${1:?usage: build-and-boot.sh HAFNIUM_DIR [step...]}" && pwd)
shift
STEPS=${*:-prepare build baseline primary edu edu-refused edu-duplicate}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUT=$HF/out/libsmmuv3
BASE_OUT=$HF/out/baseline
LOGS=$HF/out/logs
LLVM=${LLVM:-19}
TARGETS=${TARGETS:-"qemu_aarch64_vhe secure_qemu_aarch64 secure_aem_v8a_fvp_vhe"}
IOMMU_LABEL="//third_party/libsmmuv3/port/hafnium:smmuv3_hafnium"
NICE=${NICE:-nice -n 10}
mkdir -p "$LOGS"

say() { printf '== %s\n' "$*"; }
die() { printf 'build-and-boot: %s\n' "$*" >&2; exit 1; }

# Hafnium calls clang, ld.lld, llvm-ar... from PATH: versioned tools behind
# plain names, first in PATH.
toolchain_path() {
	bin=$HF/out/llvm-bin
	mkdir -p "$bin"
	for t in clang clang++ ld.lld llvm-ar llvm-nm llvm-objcopy llvm-objdump llvm-size \
		llvm-strip llvm-readelf; do
		src=$(command -v "$t-$LLVM" || true)
		[ -n "$src" ] || die "$t-$LLVM not found (apt-get install clang-$LLVM lld-$LLVM llvm-$LLVM)"
		ln -sf "$src" "$bin/$t"
	done
	PATH=$bin:$PATH
	export PATH
}

gn_bin() {
	g=$HF/prebuilts/linux-x64/gn/gn
	[ -x "$g" ] || g=$(command -v gn || true)
	[ -n "$g" ] || die "no gn: prebuilts/linux-x64/gn/gn or gn in PATH"
	echo "$g"
}

prepare() {
	say "prepare $HF"
	[ -f "$HF/project/reference/BUILD.gn" ] || die "project/reference is empty"
	[ -f "$HF/third_party/dtc/libfdt/fdt.c" ] || die "third_party/dtc has no libfdt"
	# Upstream dtc and googletest have no BUILD.gn; Hafnium's forks do.
	if [ ! -f "$HF/third_party/dtc/BUILD.gn" ]; then
		cp "$HERE/hf-tree/dtc/BUILD.gn" "$HF/third_party/dtc/BUILD.gn"
		mkdir -p "$HF/third_party/dtc/shim"
		cp "$HERE/hf-tree/dtc/shim/"*.h "$HF/third_party/dtc/shim/"
	fi
	mkdir -p "$HF/third_party/googletest"
	[ -f "$HF/third_party/googletest/BUILD.gn" ] ||
		cp "$HERE/hf-tree/googletest/BUILD.gn" "$HF/third_party/googletest/BUILD.gn"
	ln -sfn "$REPO" "$HF/third_party/libsmmuv3"
	# The edu test VM's build files live beside Hafnium's own tests.
	ln -sfn "$HERE/edu-test" "$HF/test/vmapi/libsmmuv3_edu"
}

# project/reference/BUILD.gn with `iommu` of the three platforms set to
# $1 (a label), written to a copy; the original is kept as .orig.
set_iommu() {
	f=$HF/project/reference/BUILD.gn
	[ -f "$f.orig" ] || cp "$f" "$f.orig"
	python3 - "$f.orig" "$f" "$1" $TARGETS <<'PY'
import re, sys
src, dst, label, targets = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
text = open(src).read()
for t in targets:
    m = re.search(r'aarch64_toolchains\("%s"\) \{' % re.escape(t), text)
    assert m, t
    end = text.index("\n}\n", m.end())
    block = text[m.end():end]
    block, n = re.subn(r'iommu = "[^"]*"', 'iommu = "%s"' % label, block, count=1)
    assert n == 1, t
    text = text[:m.end()] + block + text[end:]
open(dst, "w").write(text)
PY
}

# gn gen + ninja, one target at a time. $1 output dir, then targets.
build_in() {
	out=$1
	shift
	resdir=$(clang -print-resource-dir)
	args="project=\"reference\" toolchain_lib=\"$resdir\" enable_assertions=\"1\" ${GN_EXTRA_ARGS:-}"
	(cd "$HF" && $NICE "$(gn_bin)" gen "$out" --args="$args") >"$LOGS/gn-$(basename "$out").log" 2>&1 ||
		{ cat "$LOGS/gn-$(basename "$out").log"; die "gn gen failed"; }
	for t in "$@"; do
		say "ninja $t ($out)"
		$NICE ninja -j 1 -C "$out" "$t" >"$LOGS/ninja-$(basename "$out")-$(echo "$t" |
			tr '/:()' '____').log" 2>&1 ||
			{ tail -40 "$LOGS/ninja-$(basename "$out")-$(echo "$t" | tr '/:()' '____').log"; die "build of $t failed"; }
	done
}

sizes() {
	out=$1
	for t in $TARGETS; do
		elf=$out/${t}_clang/hafnium.elf
		[ -f "$elf" ] && printf '%-28s %s\n' "$t" "$(llvm-size "$elf" | tail -1)"
	done
}

build() {
	set_iommu "$IOMMU_LABEL"
	build_in "$OUT" $TARGETS
	say "sizes with libsmmuv3 (text data bss dec hex)"
	sizes "$OUT" | tee "$LOGS/sizes-libsmmuv3.txt"
	grep -l smmuv3_reset "$OUT"/*/obj/third_party/libsmmuv3/port/hafnium/*.o >/dev/null 2>&1 || true
}

baseline() {
	# Hafnium's own choice per platform: arm_smmuv3 on FVP, none on QEMU.
	f=$HF/project/reference/BUILD.gn
	[ -f "$f.orig" ] && cp "$f.orig" "$f"
	build_in "$BASE_OUT" $TARGETS
	say "sizes with Hafnium's own choice (text data bss dec hex)"
	sizes "$BASE_OUT" | tee "$LOGS/sizes-baseline.txt"
	set_iommu "$IOMMU_LABEL"
}

qemu_run() {
	# $1 log, $2 timeout (s), rest: extra QEMU arguments.
	log=$1
	tmo=$2
	shift 2
	timeout "$tmo" qemu-system-aarch64 -machine virt,virtualization=on,gic-version=3,iommu=smmuv3 \
		-cpu "${QEMU_CPU:-max}" -smp 4 -m 1G -nographic -nodefaults -serial stdio \
		-kernel "$OUT/qemu_aarch64_vhe_clang/hafnium.bin" "$@" </dev/null >"$log" 2>&1 || true
}

# hftest's protocol: "json" lists the tests, "run SUITE TEST" runs one per
# boot; a test passed when it prints FINISHED and no FAIL.
primary() {
	initrd=qemu_aarch64_vhe_vm_clang/obj/test/vmapi/primary_only/primary_only_test/initrd.img
	build_in "$OUT" "$initrd"
	say "boot primary_only: list the tests"
	qemu_run "$LOGS/qemu-primary_only-json.log" 60 -initrd "$OUT/$initrd" -append json
	grep -E "smmu" "$LOGS/qemu-primary_only-json.log"
	sed -n 's/^\[1 0\] \[hftest\] //p' "$LOGS/qemu-primary_only-json.log" |
		sed -n '/^{/,/^}/p' | python3 -c '
import json, sys
for s in json.load(sys.stdin)["suites"]:
    for t in s["tests"]:
        if not t.get("skip_test"):
            print(s["name"], t["name"])' >"$LOGS/primary_only-tests.txt"
	pass=0
	fail=0
	while read -r suite test; do
		log=$LOGS/qemu-primary_only-$suite-$test.log
		qemu_run "$log" 60 -initrd "$OUT/$initrd" -append "run $suite $test"
		if grep -q "FINISHED" "$log" && ! grep -q "FAIL" "$log"; then
			pass=$((pass + 1))
			echo "PASS $suite.$test"
		else
			fail=$((fail + 1))
			echo "FAIL $suite.$test ($log)"
		fi
	done <"$LOGS/primary_only-tests.txt"
	say "primary_only: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}

edu() {
	. "$HERE/edu-test/run.sh"
	edu_main
}

edu_refused() {
	. "$HERE/edu-test/run.sh"
	edu_refused_main
}

edu_duplicate() {
	. "$HERE/edu-test/run.sh"
	edu_duplicate_main
}

for s in $STEPS; do
	case $s in
	prepare | build | baseline | primary | edu | edu-refused | edu-duplicate) ;;
	*) die "unknown step $s" ;;
	esac
done
toolchain_path
for s in $STEPS; do
	fn=$(echo "$s" | tr - _)
	"$fn"
done
