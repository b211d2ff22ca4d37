/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file evtq.h
 * @brief Event queue, PRI queue and global errors.
 */
#ifndef SMMUV3_EVTQ_H
#define SMMUV3_EVTQ_H

#include <stdint.h>

#include <smmuv3/queue.h>

/** Event queue, PRI queue and GERROR state inside struct smmuv3. */
struct smmuv3_evtq {
	struct smmuv3_queue q;      /**< event queue (32-byte records) */
	struct smmuv3_queue priq;   /**< PRI queue (16-byte records), if PRI */
	uint32_t gerror_seen;       /**< GERROR bits already acknowledged */
};

#endif /* SMMUV3_EVTQ_H */
