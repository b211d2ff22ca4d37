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
	/**
	 * The SMMU's walks snoop the CPU caches: set only when the
	 * instance will run coherent too (IDR0.COHACC, "dma-coherent", no
	 * SMMUV3_COHERENCY_FORCE_NONCOHERENT). When false, every new block
	 * is cleaned after zeroing, which is always safe.
	 */
	bool coherent;
};

#endif
