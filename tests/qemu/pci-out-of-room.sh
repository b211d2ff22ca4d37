#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Edit QEMU virt's device tree ($1) for the pci-out-of-room test: the PCI
# host gets buses 0-3 only (bus-range) and a 1 MiB 32-bit window (ranges:
# the size cells of the 32-bit memory entry, space code 0x02000000).
set -eu
dtb=$1
pcie=/$(fdtget -l "$dtb" / | grep '^pcie@' | head -n 1)
fdtput -t x "$dtb" "$pcie" bus-range 0 3
# ranges: 3 PCI address cells, 2 CPU address cells, 2 size cells per entry.
ranges=$(fdtget -t x "$dtb" "$pcie" ranges | awk '{
	for (i = 1; i <= NF; i += 7) {
		if ($i == "2000000") { $(i + 5) = "0"; $(i + 6) = "100000" }
	}
	print
}')
# shellcheck disable=SC2086 # one word per cell
fdtput -t x "$dtb" "$pcie" ranges $ranges
