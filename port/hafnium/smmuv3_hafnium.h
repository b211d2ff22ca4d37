/* SPDX-License-Identifier: BSD-3-Clause */
/* The port context libsmmuv3 hands to every hook inside Hafnium. */
#ifndef SMMUV3_HAFNIUM_H
#define SMMUV3_HAFNIUM_H

#include <stdbool.h>

struct mpool;

struct smmuv3_hf_port {
	/** Hafnium's page pool (the ppool given to plat_iommu_init()). */
	struct mpool *ppool;
	/** The SMMU's walks snoop the CPU caches ("dma-coherent"). */
	bool coherent;
};

#endif
