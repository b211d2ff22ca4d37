/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file pci.h
 * @brief PCI through the device tree's generic ECAM host: enumerate the
 *        whole hierarchy (root ports, switches) once, give every memory
 *        BAR an address from the host's windows, open the bridges'
 *        windows, enable a device and the bridges above it, and find the
 *        SMMU and StreamID of its requester ID through the iommu-map.
 *
 * The scan runs on the first call that needs it (or bm_pci_scan()). It
 * numbers buses depth-first, assigns every memory BAR (32- and 64-bit)
 * and programs each bridge's non-prefetchable and 64-bit prefetchable
 * windows around what lies below it. I/O BARs and windows are left
 * unused; there is no hotplug (docs/bringup.md).
 */
#ifndef BM_PCI_H
#define BM_PCI_H

#include <stdbool.h>
#include <stdint.h>

/** One PCI function. */
struct bm_pci_dev {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint64_t cfg;   /**< ECAM address of its configuration space */
};

/** RID (requester ID) of @p d: bus << 8 | dev << 3 | fn. */
static inline uint32_t bm_pci_rid(const struct bm_pci_dev *d)
{
	return (uint32_t)d->bus << 8 | (uint32_t)d->dev << 3 | d->fn;
}

/** A window of the host bridge ("ranges"). */
enum bm_pci_space {
	BM_PCI_MEM32, /**< 32-bit memory, below 4 GiB on the bus */
	BM_PCI_MEM64, /**< 64-bit memory (QEMU virt's high window) */
};

/** A piece of a window: the same bytes as the bus and the CPU see them. */
struct bm_pci_range {
	uint64_t bus;
	uint64_t cpu;
	uint64_t size;
};

/** Most functions the scan records; more are reported and left alone. */
#define BM_PCI_MAX_FUNCS 64

/**
 * @brief Enumerate the hierarchy under the ECAM host (once; later calls
 *        return the first result).
 * @return the number of functions found; SMMUV3_ERR_NOENT without a PCI
 *         host; SMMUV3_ERR_NOSPC when functions, bus numbers or window
 *         space ran out (what fitted is usable, the rest is left disabled).
 */
int bm_pci_scan(void);

/**
 * @brief Find the @p index-th function (0 for the first, in scan order)
 *        with this vendor and device ID, on any bus.
 * @return 0, or SMMUV3_ERR_NOENT.
 */
int bm_pci_find(uint16_t vendor, uint16_t device, unsigned index, struct bm_pci_dev *out);

/**
 * @brief Where the scan put memory BAR @p bar (the lower half of a 64-bit
 *        BAR): its bus and CPU addresses and its size.
 * @return 0; SMMUV3_ERR_INVAL for a bad argument or the upper half of a
 *         64-bit BAR; SMMUV3_ERR_NOTSUP for an I/O BAR; SMMUV3_ERR_NOENT
 *         for an unimplemented BAR or a function the scan did not record;
 *         SMMUV3_ERR_NOSPC when the window had no room for it.
 */
int bm_pci_bar(const struct bm_pci_dev *d, unsigned bar, struct bm_pci_range *out);

/**
 * @brief Enable memory decoding and bus mastering on @p d and on every
 *        bridge between it and the root bus (a bridge forwards its
 *        devices' DMA upstream only while its own bus mastering is on).
 */
void bm_pci_enable(const struct bm_pci_dev *d);
/** Disable bus mastering on @p d only (DMA is then dropped by the device). */
void bm_pci_disable_master(const struct bm_pci_dev *d);

/**
 * @brief The bridge directly above @p d.
 * @return 0, or SMMUV3_ERR_NOENT when @p d sits on the root bus or was not
 *         found by the scan.
 */
int bm_pci_upstream(const struct bm_pci_dev *d, struct bm_pci_dev *out);

/**
 * @brief Translate the device's RID through the host's iommu-map.
 * @param[out] smmu index into bm_plat.smmu.
 * @param[out] sid StreamID the SMMU sees.
 * @return 0, or SMMUV3_ERR_NOENT when no SMMU is in front of the device.
 */
int bm_pci_stream(const struct bm_pci_dev *d, unsigned *smmu, uint32_t *sid);

/** Print every function the scan found: StreamID, bus numbers, windows, BARs. */
void bm_pci_dump(void);

uint32_t bm_pci_cfg_read32(const struct bm_pci_dev *d, unsigned off);
void bm_pci_cfg_write32(const struct bm_pci_dev *d, unsigned off, uint32_t v);

/* ---- The host's memory windows, shared by the scan and other code ------ */

/**
 * @brief Take @p size bytes aligned to @p align from window @p space (bump
 *        allocation: nothing is ever given back). Space taken after the
 *        scan lies outside every bridge window: it reaches devices on the
 *        root bus only.
 * @param align a power of two.
 * @return 0; SMMUV3_ERR_INVAL for size 0 or a bad alignment;
 *         SMMUV3_ERR_NOENT when the host has no such window;
 *         SMMUV3_ERR_NOSPC when it is full (nothing taken).
 */
int bm_pci_mem_alloc(enum bm_pci_space space, uint64_t size, uint64_t align,
		     struct bm_pci_range *out);

/**
 * @brief What is left of window @p space (the next free bus address and
 *        the bytes after it); size 0 when the host has no such window.
 */
struct bm_pci_range bm_pci_mem_free(enum bm_pci_space space);

#endif /* BM_PCI_H */
