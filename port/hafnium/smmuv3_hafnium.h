/* SPDX-License-Identifier: BSD-3-Clause */
/* The port context libsmmuv3 hands to every hook inside Hafnium. */
#ifndef SMMUV3_HAFNIUM_H
#define SMMUV3_HAFNIUM_H

#include <stdbool.h>

/*
 * DMA memory comes from Hafnium's heap (hf/plat/memory_alloc.h), which has
 * no per-caller handle, so the only thing a port instance knows is how
 * the SMMU sees the CPU caches.
 */
struct smmuv3_hf_port {
	/** The SMMU's walks snoop the CPU caches ("dma-coherent"). */
	bool coherent;
};

#endif
