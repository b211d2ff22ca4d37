// SPDX-License-Identifier: BSD-3-Clause
/*
 * The PCI host's memory windows as two bump allocators, shared by the
 * enumeration (BARs, bridge windows) and any other code that needs bus
 * address space. Nothing is given back: firmware assigns once per boot.
 */
#include <stdint.h>

#include <smmuv3/errors.h>
#include <bm/bm.h>
#include <bm/pci.h>

struct window {
	uint64_t bus, cpu, size; /* from the device tree's "ranges" */
	uint64_t used;           /* bytes from the start already handed out */
	bool init;
};

static struct window windows[2];

static struct window *window_get(enum bm_pci_space space)
{
	const struct bm_pci_host *h = &bm_plat.pci;
	struct window *w;

	if (space != BM_PCI_MEM32 && space != BM_PCI_MEM64)
		return NULL;
	w = &windows[space];
	if (!w->init) {
		w->bus = space == BM_PCI_MEM32 ? h->mmio32_bus : h->mmio64_bus;
		w->cpu = space == BM_PCI_MEM32 ? h->mmio32_cpu : h->mmio64_cpu;
		w->size = space == BM_PCI_MEM32 ? h->mmio32_size : h->mmio64_size;
		w->init = true;
	}
	return w->size ? w : NULL;
}

int bm_pci_mem_alloc(enum bm_pci_space space, uint64_t size, uint64_t align,
		     struct bm_pci_range *out)
{
	struct window *w = window_get(space);
	uint64_t start, pad;

	if (!size || !align || (align & (align - 1)) || !out)
		return SMMUV3_ERR_INVAL;
	if (!w)
		return SMMUV3_ERR_NOENT;
	/* Align the bus address (what the BAR holds), not the offset. */
	start = w->bus + w->used;
	pad = (align - (start & (align - 1))) & (align - 1);
	if (pad > w->size - w->used || size > w->size - w->used - pad)
		return SMMUV3_ERR_NOSPC;
	w->used += pad;
	out->bus = w->bus + w->used;
	out->cpu = w->cpu + w->used;
	out->size = size;
	w->used += size;
	return 0;
}

struct bm_pci_range bm_pci_mem_free(enum bm_pci_space space)
{
	const struct window *w = window_get(space);
	struct bm_pci_range r = { 0, 0, 0 };

	if (w) {
		r.bus = w->bus + w->used;
		r.cpu = w->cpu + w->used;
		r.size = w->size - w->used;
	}
	return r;
}
