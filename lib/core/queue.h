/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Queue index arithmetic shared by the command, event and PRI queues.
 * An index register holds log2size index bits and, just above them, a
 * wrap bit. Equal index with equal wrap means empty; equal index with
 * different wrap means full.
 */
#ifndef SMMUV3_LIB_QUEUE_H
#define SMMUV3_LIB_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "objects.h"

struct smmuv3_inst;

static inline uint32_t smmuv3_q_entries(const struct smmuv3_queue *q)
{
	return UINT32_C(1) << q->log2size;
}

static inline uint32_t smmuv3_q_idx(const struct smmuv3_queue *q, uint32_t v)
{
	return v & (smmuv3_q_entries(q) - 1);
}

static inline uint32_t smmuv3_q_wrap(const struct smmuv3_queue *q, uint32_t v)
{
	return v & smmuv3_q_entries(q);
}

/* Index and wrap bits only: drops OVFLG/ERR and anything above. */
static inline uint32_t smmuv3_q_ptr(const struct smmuv3_queue *q, uint32_t v)
{
	return v & ((smmuv3_q_entries(q) << 1) - 1);
}

static inline bool smmuv3_q_empty(const struct smmuv3_queue *q, uint32_t prod, uint32_t cons)
{
	return smmuv3_q_ptr(q, prod) == smmuv3_q_ptr(q, cons);
}

static inline bool smmuv3_q_full(const struct smmuv3_queue *q, uint32_t prod, uint32_t cons)
{
	return smmuv3_q_idx(q, prod) == smmuv3_q_idx(q, cons) &&
	       smmuv3_q_wrap(q, prod) != smmuv3_q_wrap(q, cons);
}

/* Entries between cons and prod (0 .. entries). */
static inline uint32_t smmuv3_q_used(const struct smmuv3_queue *q, uint32_t prod, uint32_t cons)
{
	uint32_t mask = (smmuv3_q_entries(q) << 1) - 1;

	return (prod - cons) & mask;
}

/* Advance an index by n entries, toggling the wrap bit as it passes the end. */
static inline uint32_t smmuv3_q_inc(const struct smmuv3_queue *q, uint32_t v, uint32_t n)
{
	uint32_t mask = (smmuv3_q_entries(q) << 1) - 1;

	return (smmuv3_q_ptr(q, v) + n) & mask;
}

static inline void *smmuv3_q_slot(const struct smmuv3_queue *q, uint32_t v)
{
	return (uint8_t *)q->base + (uint64_t)smmuv3_q_idx(q, v) * q->entry_bytes;
}

/*
 * Allocate a queue of 2^log2size entries of entry_bytes each and record
 * its register offsets. The base is aligned to the queue size (and at
 * least 32 bytes) as Q_BASE requires.
 */
int smmuv3_queue_alloc(struct smmuv3_inst *smmu, struct smmuv3_queue *q, uint32_t log2size,
		       uint32_t entry_bytes, uint32_t base_reg, uint32_t prod_reg,
		       uint32_t cons_reg);
void smmuv3_queue_free(struct smmuv3_inst *smmu, struct smmuv3_queue *q);

/* Write Q_BASE (with the allocate hint) and zero PROD and CONS. */
void smmuv3_queue_program(struct smmuv3_inst *smmu, struct smmuv3_queue *q, uint64_t hint);

/* Effective log2 size: the integrator's choice (or the default), capped
 * at what the SMMU supports. */
uint32_t smmuv3_queue_log2(unsigned int wanted, unsigned int dflt, unsigned int hw_max);

#endif /* SMMUV3_LIB_QUEUE_H */
