/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file queue.h
 * @brief State of one SMMU circular queue (command, event or PRI).
 *
 * Part of struct smmuv3; integrators do not touch it. PROD and CONS are
 * kept exactly as the registers encode them: index in bits [log2size-1:0],
 * wrap flag in bit [log2size].
 */
#ifndef SMMUV3_QUEUE_H
#define SMMUV3_QUEUE_H

#include <stddef.h>
#include <stdint.h>

/** One SMMU queue in memory and its register offsets. */
struct smmuv3_queue {
	void *base;            /**< CPU address of entry 0 */
	uint64_t base_pa;      /**< physical address of entry 0 */
	size_t bytes;          /**< allocation size */
	uint32_t log2size;     /**< log2(number of entries) */
	uint32_t entry_bytes;  /**< 16 (CMDQ, PRIQ) or 32 (EVENTQ) */
	uint32_t prod;         /**< producer index with wrap bit */
	uint32_t cons;         /**< consumer index with wrap bit */
	uint32_t base_reg;     /**< offset of Q_BASE */
	uint32_t prod_reg;     /**< offset of Q_PROD */
	uint32_t cons_reg;     /**< offset of Q_CONS */
};

#endif /* SMMUV3_QUEUE_H */
