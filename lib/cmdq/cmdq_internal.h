/* SPDX-License-Identifier: BSD-3-Clause */
/* Command queue internals: reset hooks and the pieces of submission. */
#ifndef SMMUV3_LIB_CMDQ_INTERNAL_H
#define SMMUV3_LIB_CMDQ_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/hw/cmdq.h>

#include "core/queue.h"

struct smmuv3_inst;

/*
 * A TLBI command of any regime: opcode, VMID and ASID tags, and the
 * address under @addr_mask (0 for the whole-tag forms) with the leaf flag
 * and optional range/level hint. TG == 0 means no range and no hint, in
 * which case NUM, SCALE and TTL must be zero (they are RES0). Inline: the
 * invalidation paths build one per address.
 */
static inline struct smmuv3_cmd smmuv3_cmd_tlbi_op(uint32_t op, uint16_t vmid, uint16_t asid,
						   uint64_t addr_mask, uint64_t addr, bool leaf,
						   const struct smmuv3_tlbi_range *range)
{
	struct smmuv3_cmd c = smmuv3_cmd_opcode_only(op);

	c.dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_TLBI_VMID, vmid) |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD_TLBI_ASID, asid);
	c.dw[1] = (addr & addr_mask) | (leaf ? SMMUV3_CMD_LEAF : 0);
	if (!range || !range->tg)
		return c;
	c.dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_TLBI_NUM, range->num) |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD_TLBI_SCALE, range->scale);
	c.dw[1] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_TLBI_TG, range->tg) |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD_TLBI_TTL, range->ttl);
	return c;
}

int smmuv3_cmdq_alloc(struct smmuv3_inst *smmu);
void smmuv3_cmdq_free(struct smmuv3_inst *smmu);
/* Program CMDQ_BASE/PROD/CONS; the queue is enabled by the caller. */
void smmuv3_cmdq_program(struct smmuv3_inst *smmu);

/* Quirks of this implementation, from the IIDR table. */
void smmuv3_cmdq_apply_quirks(struct smmuv3_inst *smmu);
/* Best completion mode the SMMU and the quirks allow. */
enum smmuv3_sync_mode smmuv3_cmdq_best_sync_mode(const struct smmuv3_inst *smmu);
bool smmuv3_cmdq_sync_mode_ok(const struct smmuv3_inst *smmu, enum smmuv3_sync_mode mode);

/* Under the lock: switch to @mode (one smmuv3_cmdq_sync_mode_ok()
 * allows) and prepare its final CMD_SYNC (cmdq.sync_cmd, MSI data 0). */
void smmuv3_cmdq_use_mode(struct smmuv3_inst *smmu, enum smmuv3_sync_mode mode);

/*
 * One piece of a submission in flight: the slots it wrote and what went
 * wrong in them. It lives on the submitter's stack and is linked into
 * cmdq.subs (under the lock) from the moment its commands are published
 * until its submitter has seen them consumed; whoever recovers a command
 * error (under the lock) finds the owner of the slot there. Producers
 * never write more than a queue's worth past the oldest linked piece, so
 * a waiter can tell "CONS has passed my slots" from "CONS has lapped
 * them" without reading PROD.
 */
struct smmuv3_cmdq_sub {
	struct smmuv3_cmdq_sub *next;
	uint32_t start;       /* first slot (index with wrap) */
	uint32_t end;         /* slot after the last */
	uint32_t retry_idx;   /* slot retried once after CERROR_ABT/ATC */
	bool retried;
	int err;              /* first command error in [start, end) */
};

/*
 * CONS (register value) has reached @target. While @sub is linked the
 * true CONS lies in (start - N, start + N] (it had room when written;
 * nobody writes past start + N), so positions are measured from
 * start - N + 1 and the wrap bit is never ambiguous.
 */
static inline bool smmuv3_cmdq_reached_from(const struct smmuv3_queue *q, uint32_t start,
					    uint32_t cons, uint32_t target)
{
	uint32_t mask = (UINT32_C(2) << q->log2size) - 1;
	uint32_t from = start + (mask >> 1) + 2;

	return ((cons - from) & mask) >= ((target - from) & mask);
}

static inline bool smmuv3_cmdq_reached(const struct smmuv3_queue *q,
				       const struct smmuv3_cmdq_sub *sub, uint32_t cons,
				       uint32_t target)
{
	return smmuv3_cmdq_reached_from(q, sub->start, cons, target);
}

/* Under the lock, after the queue is allocated or a quirk changes:
 * recompute what the fast path of submission reads. */
void smmuv3_cmdq_fast_setup(struct smmuv3_cmdq *cq);

/* Under the lock: re-read CONS into the cached copy, recovering a
 * pending command error first. */
void smmuv3_cmdq_refresh_cons(struct smmuv3_inst *smmu);
/* Under the lock: if GERROR.CMDQ_ERR is active, neutralise or retry the
 * slot at CONS, charge its owner and acknowledge. True if it did. */
bool smmuv3_cmdq_recover(struct smmuv3_inst *smmu);
/* Without the lock: wait until CONS has passed @target (index with wrap,
 * inside @sub's window). */
int smmuv3_cmdq_wait_consumed(struct smmuv3_inst *smmu, const struct smmuv3_cmdq_sub *sub,
			      uint32_t target);
/* Without the lock: wait for the CMD_SYNC at sub->end - 1, written in
 * @mode with MSI payload @seq, or for a later one. */
int smmuv3_cmdq_wait_sync(struct smmuv3_inst *smmu, const struct smmuv3_cmdq_sub *sub,
			  enum smmuv3_sync_mode mode, uint32_t seq);

/*
 * The CMD_SYNC MSI word, as the SMMU last wrote it. Waiters on several
 * CPUs read it while the SMMU writes it: one single-copy-atomic 32-bit
 * load (acquire, so what the SMMU completed before the write is seen).
 */
static inline uint32_t cmdq_msi_word(const struct smmuv3_cmdq *cq)
{
	return __atomic_load_n(cq->msi_word, __ATOMIC_ACQUIRE);
}

#endif
