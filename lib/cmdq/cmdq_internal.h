/* SPDX-License-Identifier: BSD-3-Clause */
/* Command queue internals: reset hooks and the pieces of submission. */
#ifndef SMMUV3_LIB_CMDQ_INTERNAL_H
#define SMMUV3_LIB_CMDQ_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/cmdq.h>

struct smmuv3;

int smmuv3_cmdq_alloc(struct smmuv3 *smmu);
void smmuv3_cmdq_free(struct smmuv3 *smmu);
/* Program CMDQ_BASE/PROD/CONS; the queue is enabled by the caller. */
void smmuv3_cmdq_program(struct smmuv3 *smmu);

/* Quirks of this implementation, from the IIDR table. */
void smmuv3_cmdq_apply_quirks(struct smmuv3 *smmu);
/* Best completion mode the SMMU and the quirks allow. */
enum smmuv3_sync_mode smmuv3_cmdq_best_sync_mode(const struct smmuv3 *smmu);
bool smmuv3_cmdq_sync_mode_ok(const struct smmuv3 *smmu, enum smmuv3_sync_mode mode);

/*
 * One submission in flight: the queue range it owns and what went wrong.
 * The queue lock is held for its whole life, so the only entries between
 * CONS and PROD are its own, plus those of an earlier submission that
 * timed out.
 */
struct cmdq_sub {
	uint32_t start;       /* PROD (with wrap) before its first command */
	uint32_t retry_idx;   /* slot retried once after CERROR_ABT/ATC */
	bool retried;
	bool force_poll;      /* completion signal unusable: poll CONS */
	int err;              /* first command error of this submission */
};

/* Refresh the cached CONS; 0, or an error for an unrecoverable halt.
 * Recovers a pending command error first (see error.c). */
int smmuv3_cmdq_read_cons(struct smmuv3 *smmu, struct cmdq_sub *sub);
/* Deal with GERROR.CMDQ_ERR: neutralise or retry the slot at CONS,
 * acknowledge, and record the error in @sub if the slot is its own. */
void smmuv3_cmdq_recover(struct smmuv3 *smmu, struct cmdq_sub *sub, uint32_t cons);
/* Wait until CONS has passed @target (index with wrap). */
int smmuv3_cmdq_wait_consumed(struct smmuv3 *smmu, struct cmdq_sub *sub, uint32_t target);
/* Wait for the CMD_SYNC at @sync_idx carrying MSI payload @seq. */
int smmuv3_cmdq_wait_sync(struct smmuv3 *smmu, struct cmdq_sub *sub, uint32_t sync_idx,
			  uint32_t seq);

#endif
