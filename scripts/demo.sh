#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Set everything up and run the main job: boot a bare-metal AArch64
# program on QEMU's virt machine in which libsmmuv3 drives the emulated
# SMMUv3 (examples/baremetal/, docs/bringup.md).
#
#   scripts/demo.sh                 the main example: edu DMA through the SMMU
#   scripts/demo.sh edu-dma s2      the same with stage 2 (or nested, 16k, 64k)
#   scripts/demo.sh bringup         probe, reset and report only
#   scripts/demo.sh NAME ARGS...    another example, ARGS as its command line
#   scripts/demo.sh host [PROFILE]  the host demo on the register mock
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then
	scripts/setup.sh
fi

if [ "${1:-}" = host ]; then
	shift
	scripts/build.sh host
	exec build/host/examples/host-probe "$@"
fi

example=${1:-edu-dma}
shift || true
scripts/build.sh aarch64-gcc
image=build/aarch64-gcc/examples/$example.elf
if [ ! -f "$image" ]; then
	echo "demo.sh: no example '$example' (see build/aarch64-gcc/examples/*.elf)" >&2
	exit 2
fi
echo "demo: booting $image on qemu-system-aarch64 -M virt,iommu=smmuv3 with an edu device"
exec tests/qemu/run-qemu.sh ${*:+-a "$*"} "$image" -- -device edu
