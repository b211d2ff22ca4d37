#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Edit QEMU virt's device tree ($1) for the pci-iommu-map-walk test: the
# PCI host's iommu-map gets an entry for another IOMMU whose specifier is
# two cells (a walk that assumes four-cell entries loses its place), and
# bus 1 (RIDs 0x100-0x1ff) is moved to StreamIDs 0x2000-0x20ff.
set -eu
dtb=$1
pcie=$(fdtget -l "$dtb" / | grep '^pcie@' | head -n 1)
smmu=$(fdtget -t x "$dtb" "/$pcie" iommu-map | cut -d' ' -f2)
fdtput -c "$dtb" /other-iommu
fdtput -t x "$dtb" /other-iommu phandle 7777
fdtput -t x "$dtb" /other-iommu '#iommu-cells' 2
#                                  RID   IOMMU      specifier  length
fdtput -t x "$dtb" "/$pcie" iommu-map 0 7777 dead beef 8 \
	8 "$smmu" 8 f8 \
	100 "$smmu" 2000 100 \
	200 "$smmu" 200 fe00
