// SPDX-License-Identifier: BSD-3-Clause
#include <smmuv3/errors.h>
#include <bm/bm.h>

#include "edu.h"

#define EDU_ID 0x00u
#define EDU_ID_VALUE 0x010000edu
#define EDU_LIVENESS 0x04u
#define EDU_DMA_SRC 0x80u
#define EDU_DMA_DST 0x88u
#define EDU_DMA_COUNT 0x90u
#define EDU_DMA_CMD 0x98u
#define EDU_DMA_CMD_RUN (1u << 0)
#define EDU_DMA_CMD_TO_RAM (1u << 1)
/* Where edu's buffer sits in its own DMA address space. */
#define EDU_BUF_ADDR 0x40000u
/* A DMA takes 100 ms of virtual time; allow ten times that. */
#define EDU_DMA_TIMEOUT_NS 1000000000ull

int edu_init(struct edu *e, unsigned index)
{
	struct bm_pci_range bar0;
	uint32_t id;
	int rc;

	rc = bm_pci_find(EDU_VENDOR, EDU_DEVICE, index, &e->pci);
	if (rc)
		return rc;
	rc = bm_pci_bar(&e->pci, 0, &bar0);
	if (rc)
		return rc;
	e->bar = bar0.cpu;
	bm_pci_enable(&e->pci);
	id = bm_read32(e->bar + EDU_ID);
	bm_write32(e->bar + EDU_LIVENESS, 0x12345678u);
	if (id != EDU_ID_VALUE || bm_read32(e->bar + EDU_LIVENESS) != ~0x12345678u) {
		bm_printf("edu %02x:%02x.%x: not answering (id %08x)\n", e->pci.bus, e->pci.dev,
			  e->pci.fn, id);
		return SMMUV3_ERR_BADHW;
	}
	rc = bm_pci_stream(&e->pci, &e->smmu, &e->sid);
	if (rc)
		return rc;
	return 0;
}

int edu_dma(struct edu *e, uint64_t iova, uint32_t off, uint32_t len, bool to_ram)
{
	uint64_t end;

	if (off + len > EDU_BUF_SIZE || !len)
		return SMMUV3_ERR_RANGE;
	bm_write64(e->bar + EDU_DMA_SRC, to_ram ? EDU_BUF_ADDR + off : iova);
	bm_write64(e->bar + EDU_DMA_DST, to_ram ? iova : EDU_BUF_ADDR + off);
	bm_write64(e->bar + EDU_DMA_COUNT, len);
	/* Buffers written by the CPU must be visible before the DMA starts. */
	bm_dsb();
	bm_write64(e->bar + EDU_DMA_CMD, EDU_DMA_CMD_RUN | (to_ram ? EDU_DMA_CMD_TO_RAM : 0));
	end = bm_time_ns() + EDU_DMA_TIMEOUT_NS;
	while (bm_read64(e->bar + EDU_DMA_CMD) & EDU_DMA_CMD_RUN) {
		if (bm_time_ns() > end)
			return SMMUV3_ERR_TIMEOUT;
	}
	bm_dsb();
	return 0;
}
