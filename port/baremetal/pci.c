// SPDX-License-Identifier: BSD-3-Clause
/*
 * PCI through the generic ECAM host described in the device tree. Only
 * the root bus is scanned (no bridges to configure), which covers QEMU
 * virt's devices plugged on bus 0.
 */
#include <stdint.h>

#include <smmuv3/errors.h>
#include <bm/bm.h>
#include <bm/pci.h>

#define PCI_VENDOR_ID 0x00u
#define PCI_COMMAND 0x04u
#define PCI_COMMAND_MEMORY (1u << 1)
#define PCI_COMMAND_MASTER (1u << 2)
#define PCI_HEADER_TYPE 0x0cu
#define PCI_BAR0 0x10u
#define PCI_BAR_IO (1u << 0)
#define PCI_BAR_TYPE_64 (2u << 1)
#define PCI_BAR_TYPE_MASK (3u << 1)
#define PCI_BAR_MEM_MASK 0xfffffff0u

static uint64_t next_mmio; /* bump pointer in the 32-bit window (bus address) */

static uint64_t cfg_addr(unsigned bus, unsigned dev, unsigned fn)
{
	const struct bm_pci_host *h = &bm_plat.pci;

	return h->ecam + ((uint64_t)(bus - h->bus_start) << 20) + ((uint64_t)dev << 15) +
	       ((uint64_t)fn << 12);
}

uint32_t bm_pci_cfg_read32(const struct bm_pci_dev *d, unsigned off)
{
	return bm_read32(d->cfg + off);
}

void bm_pci_cfg_write32(const struct bm_pci_dev *d, unsigned off, uint32_t v)
{
	bm_write32(d->cfg + off, v);
}

int bm_pci_find(uint16_t vendor, uint16_t device, unsigned index, struct bm_pci_dev *out)
{
	unsigned bus = bm_plat.pci.bus_start, dev, fn;

	if (!bm_plat.pci.present || !out)
		return SMMUV3_ERR_NOENT;
	for (dev = 0; dev < 32; dev++) {
		for (fn = 0; fn < 8; fn++) {
			uint64_t cfg = cfg_addr(bus, dev, fn);
			uint32_t id = bm_read32(cfg + PCI_VENDOR_ID);

			if ((id & 0xffffu) == 0xffffu) {
				if (fn == 0)
					break; /* no device: skip its functions */
				continue;
			}
			if ((id & 0xffffu) == vendor && (id >> 16) == device && index-- == 0) {
				out->bus = (uint8_t)bus;
				out->dev = (uint8_t)dev;
				out->fn = (uint8_t)fn;
				out->vendor = vendor;
				out->device = device;
				out->cfg = cfg;
				return 0;
			}
			/* Functions 1-7 exist only behind a multi-function header. */
			if (fn == 0 && !(bm_read32(cfg + PCI_HEADER_TYPE) & (0x80u << 16)))
				break;
		}
	}
	return SMMUV3_ERR_NOENT;
}

int bm_pci_assign_bar(const struct bm_pci_dev *d, unsigned bar, uint64_t *cpu)
{
	const struct bm_pci_host *h = &bm_plat.pci;
	unsigned off = PCI_BAR0 + 4u * bar;
	uint32_t orig, mask, size;
	uint64_t addr;

	if (bar > 5 || !cpu)
		return SMMUV3_ERR_INVAL;
	orig = bm_pci_cfg_read32(d, off);
	if (orig & PCI_BAR_IO)
		return SMMUV3_ERR_NOTSUP;
	if ((orig & PCI_BAR_TYPE_MASK) == PCI_BAR_TYPE_64)
		return SMMUV3_ERR_NOTSUP;
	/* Sizing: write all ones, read back the writable address bits. */
	bm_pci_cfg_write32(d, off, 0xffffffffu);
	mask = bm_pci_cfg_read32(d, off) & PCI_BAR_MEM_MASK;
	if (!mask) {
		bm_pci_cfg_write32(d, off, orig);
		return SMMUV3_ERR_NOENT;
	}
	size = ~mask + 1u;
	if (!next_mmio)
		next_mmio = h->mmio32_bus;
	addr = (next_mmio + size - 1u) & ~(uint64_t)(size - 1u);
	if (addr + size > h->mmio32_bus + h->mmio32_size) {
		bm_pci_cfg_write32(d, off, orig);
		return SMMUV3_ERR_NOSPC;
	}
	next_mmio = addr + size;
	bm_pci_cfg_write32(d, off, (uint32_t)addr);
	*cpu = addr - h->mmio32_bus + h->mmio32_cpu;
	return 0;
}

void bm_pci_enable(const struct bm_pci_dev *d)
{
	uint32_t cmd = bm_pci_cfg_read32(d, PCI_COMMAND) & 0xffffu;

	bm_pci_cfg_write32(d, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

void bm_pci_disable_master(const struct bm_pci_dev *d)
{
	uint32_t cmd = bm_pci_cfg_read32(d, PCI_COMMAND) & 0xffffu;

	bm_pci_cfg_write32(d, PCI_COMMAND, cmd & ~PCI_COMMAND_MASTER);
}

int bm_pci_stream(const struct bm_pci_dev *d, unsigned *smmu, uint32_t *sid)
{
	const struct bm_pci_host *h = &bm_plat.pci;
	uint32_t rid = bm_pci_rid(d) & h->iommu_map_mask;
	unsigned i;

	for (i = 0; i < h->n_map; i++) {
		const struct bm_iommu_map *m = &h->map[i];

		if (rid >= m->rid_base && rid - m->rid_base < m->len) {
			*smmu = m->smmu;
			*sid = rid - m->rid_base + m->sid_base;
			return 0;
		}
	}
	return SMMUV3_ERR_NOENT;
}
