/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file pci.h
 * @brief Just enough PCI for DMA tests: enumerate the ECAM host's root bus,
 *        assign 32-bit memory BARs from the host's window, enable the
 *        device, and find the SMMU and StreamID of a requester ID through
 *        the device tree's iommu-map.
 */
#ifndef BM_PCI_H
#define BM_PCI_H

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

/**
 * @brief Find the @p index-th function (0 for the first) with this vendor
 *        and device ID on the root bus.
 * @return 0, or SMMUV3_ERR_NOENT.
 */
int bm_pci_find(uint16_t vendor, uint16_t device, unsigned index, struct bm_pci_dev *out);

/**
 * @brief Size a 32-bit memory BAR and give it an address from the host's
 *        32-bit window (bump allocation, naturally aligned).
 * @param[out] cpu CPU address of the BAR.
 * @return 0; SMMUV3_ERR_NOTSUP for an I/O or 64-bit BAR; SMMUV3_ERR_NOSPC
 *         when the window is full; SMMUV3_ERR_NOENT for an unimplemented BAR.
 */
int bm_pci_assign_bar(const struct bm_pci_dev *d, unsigned bar, uint64_t *cpu);

/** Enable memory decoding and bus mastering. */
void bm_pci_enable(const struct bm_pci_dev *d);
/** Disable bus mastering (DMA is then silently dropped by the device). */
void bm_pci_disable_master(const struct bm_pci_dev *d);

/**
 * @brief Translate the device's RID through the host's iommu-map.
 * @param[out] smmu index into bm_plat.smmu.
 * @param[out] sid StreamID the SMMU sees.
 * @return 0, or SMMUV3_ERR_NOENT when no SMMU is in front of the device.
 */
int bm_pci_stream(const struct bm_pci_dev *d, unsigned *smmu, uint32_t *sid);

uint32_t bm_pci_cfg_read32(const struct bm_pci_dev *d, unsigned off);
void bm_pci_cfg_write32(const struct bm_pci_dev *d, unsigned off, uint32_t v);

#endif /* BM_PCI_H */
