/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * QEMU's "edu" teaching PCI device (1234:11e8) as a DMA engine: it copies
 * between RAM (at bus addresses, i.e. IOVAs once the SMMU translates its
 * stream) and a 4 KiB internal buffer. It drives bus addresses through a
 * 28-bit mask, so without the SMMU it cannot reach RAM at 1 GiB.
 */
#ifndef EXAMPLES_EDU_H
#define EXAMPLES_EDU_H

#include <stdbool.h>
#include <stdint.h>

#include <bm/pci.h>

#define EDU_VENDOR 0x1234u
#define EDU_DEVICE 0x11e8u
/** Bytes in edu's internal buffer. */
#define EDU_BUF_SIZE 4096u
/** Highest bus address edu can emit, plus one. */
#define EDU_DMA_LIMIT (1ull << 28)

struct edu {
	struct bm_pci_dev pci;
	uint64_t bar;       /**< CPU address of BAR0 */
	unsigned smmu;      /**< index of the SMMU in front of it */
	uint32_t sid;       /**< its StreamID */
};

/** Find the @p index-th edu, assign BAR0, enable it, check it answers. */
int edu_init(struct edu *e, unsigned index);

/**
 * @brief One DMA between bus address @p iova and the buffer at @p off.
 * @param to_ram true: edu buffer -> RAM (a DMA write); false: RAM -> edu.
 * @return 0, or SMMUV3_ERR_TIMEOUT if it never completed (edu reports no
 *         errors: a faulted read simply leaves zeros in the buffer).
 */
int edu_dma(struct edu *e, uint64_t iova, uint32_t off, uint32_t len, bool to_ram);

#endif
