# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=sh
# The edu step of build-and-boot.sh (sourced: uses HF, OUT, LOGS, HERE,
# say, die, build_in, qemu_run from there).
#
# Builds the test VM (vm.c, start.S) as an FF-A partition package at
# 0x60000000 (QEMU's generic loader puts it there, as firmware would),
# Hafnium's manifest naming it the primary VM, Hafnium with
# hafnium-poll.patch (its HVC path drains the SMMU's events), then boots
# with edu at 00:02.0 (StreamID 0x10). edu's dma_mask is opened to 64 bits:
# the VM's DMA addresses are its IPAs, which are RAM addresses above 1 GiB.

EDU_LOAD=0x60000000
EDU_ENTRY=0x60002000
EDU_DMA_BASE=0x61000000

edu_patch() {
	p=$HERE/edu-test/hafnium-poll.patch
	if git -C "$HF" apply --reverse --check "$p" 2>/dev/null; then
		return 0
	fi
	git -C "$HF" apply "$p" || die "hafnium-poll.patch does not apply"
}

edu_vm() {
	w=$HF/out/edu-test
	mkdir -p "$w/staging"
	cflags="--target=aarch64-none-elf -ffreestanding -nostdlib -fno-builtin -fno-stack-protector
		-mstrict-align -mgeneral-regs-only -O2 -Wall -Wextra -Werror -DEDU_DMA_BASE=${EDU_DMA_BASE}ul"
	# shellcheck disable=SC2086
	clang $cflags -c "$HERE/edu-test/vm.c" -o "$w/vm.o"
	# shellcheck disable=SC2086
	clang $cflags -c "$HERE/edu-test/start.S" -o "$w/start.o"
	ld.lld -T "$HERE/edu-test/vm.ld" --defsym EDU_VM_ENTRY=$EDU_ENTRY "$w/start.o" "$w/vm.o" -o "$w/vm.elf"
	llvm-objcopy -O binary "$w/vm.elf" "$w/vm.bin"
	dtc -q -I dts -O dtb -o "$w/partition.dtb" "$HERE/edu-test/partition.dts"
	dtc -q -I dts -O dtb -o "$w/manifest.dtb" "$HERE/edu-test/hypervisor.dts"
	python3 "$HF/build/image/sptool.py" -i "$w/vm.bin:$w/partition.dtb" -o "$w/package.img" \
		--pm-offset 0x1000 --img-offset 0x2000 >/dev/null
	python3 "$HF/build/image/generate_initrd.py" -f manifest.dtb "$w/manifest.dtb" \
		-s "$w/staging" -o "$w/initrd.img"
}

# QEMU's device tree plus the device-memory node Hafnium wants (without
# one it maps 1 TB of devices to the primary VM, but refuses manifest
# device regions: they must lie in a declared device-memory range): the
# low 1 GiB of devices (GIC, UART, SMMU, PCI MMIO window) and the ECAM.
edu_dtb() {
	w=$HF/out/edu-test
	qemu-system-aarch64 -machine virt,virtualization=on,gic-version=3,iommu=smmuv3,dumpdtb="$w/virt.dtb" \
		-cpu "$EDU_CPU" -smp 4 -m 1G -nographic -nodefaults >/dev/null 2>&1
	n=/device-memory@8000000
	fdtput -c "$w/virt.dtb" $n
	fdtput -t s "$w/virt.dtb" $n device_type device-memory
	fdtput -t x "$w/virt.dtb" $n reg 0 0x08000000 0 0x38000000 0x40 0x10000000 0 0x10000000
}

# The CPU: -cpu max has a 48-bit PA range, so Hafnium's stage 2 (and the
# partition's DMA tables, built alike) takes 48-bit IPAs, beyond the 44-bit
# IAS of QEMU's SMMU: attach refuses that with a clear error (EDU_CPU=max
# shows it). Cortex-A710 has a 40-bit PA range, VHE, and FEAT_RNG, which
# the v2.14 LTS tags' PRNG needs (Cortex-A76 lacks it: RNDR traps there).
EDU_CPU=${EDU_CPU:-cortex-a710}

edu_main() {
	edu_patch
	build_in "$OUT" qemu_aarch64_vhe
	edu_vm
	edu_dtb
	say "boot edu test"
	log=$LOGS/qemu-edu.log
	QEMU_CPU=$EDU_CPU qemu_run "$log" 60 -dtb "$HF/out/edu-test/virt.dtb" -initrd "$HF/out/edu-test/initrd.img" \
		-device loader,file="$HF/out/edu-test/package.img",addr=$EDU_LOAD,force-raw=on \
		-device edu,addr=02.0,dma_mask=0xffffffffffffffff
	grep -E "smmu|edu-test|DMA|panic|Panic|ERROR" "$log" | head -60
	grep -q "edu-test: PASS" "$log" || die "edu test failed ($log)"
	grep -q "DMA fault, partition 0x1: .*F_TRANSLATION" "$log" ||
		die "no decoded F_TRANSLATION event for partition 0x1 in Hafnium's log ($log)"
	say "edu test passed"
}

# The same boot on -cpu max (48-bit IPAs for a 44-bit-IAS SMMU): the
# partition must be refused at load with the geometry error, not attached.
edu_refused_main() {
	edu_patch
	build_in "$OUT" qemu_aarch64_vhe
	edu_vm
	EDU_CPU=max
	edu_dtb
	say "boot edu test on -cpu max (must be refused)"
	log=$LOGS/qemu-edu-refused.log
	QEMU_CPU=max qemu_run "$log" 30 -dtb "$HF/out/edu-test/virt.dtb" -initrd "$HF/out/edu-test/initrd.img" \
		-device loader,file="$HF/out/edu-test/package.img",addr=$EDU_LOAD,force-raw=on \
		-device edu,addr=02.0,dma_mask=0xffffffffffffffff
	grep -E "smmu|Panic" "$log" | head -20
	grep -q "exceeds the SMMU's IAS" "$log" || die "geometry mismatch not reported ($log)"
	! grep -q "edu-test: start" "$log" || die "the VM ran although its DMA tables do not fit"
	say "edu refused as expected"
}

# One partition naming edu's StreamID in two device regions
# (partition-dup.dts): the load must fail before anything is claimed twice.
edu_duplicate_main() {
	edu_patch
	build_in "$OUT" qemu_aarch64_vhe
	edu_vm
	edu_dtb
	w=$HF/out/edu-test
	dtc -q -I dts -O dtb -o "$w/partition-dup.dtb" "$HERE/edu-test/partition-dup.dts"
	python3 "$HF/build/image/sptool.py" -i "$w/vm.bin:$w/partition-dup.dtb" -o "$w/package-dup.img" \
		--pm-offset 0x1000 --img-offset 0x2000 >/dev/null
	say "boot a partition naming StreamID 0x10 twice (must be refused)"
	log=$LOGS/qemu-edu-duplicate.log
	QEMU_CPU=$EDU_CPU qemu_run "$log" 30 -dtb "$w/virt.dtb" -initrd "$w/initrd.img" \
		-device loader,file="$w/package-dup.img",addr=$EDU_LOAD,force-raw=on \
		-device edu,addr=02.0,dma_mask=0xffffffffffffffff
	grep -E "smmu|Panic" "$log" | head -20
	grep -q "StreamID 0x10 is named twice by partition 0x1" "$log" ||
		die "duplicate StreamID not refused ($log)"
	! grep -q "edu-test: start" "$log" || die "the VM ran with a StreamID named twice"
	say "duplicate StreamID refused as expected"
}
