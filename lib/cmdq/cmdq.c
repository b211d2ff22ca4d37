// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command submission. Commands are copied into free slots, published
 * with a barrier and a single PROD write, and the caller waits (bounded)
 * until CONS has passed them.
 */
#include "../core/mem.h"

#include "../core/internal.h"
#include "../core/queue.h"
#include "cmdq_internal.h"

int smmuv3_cmdq_alloc(struct smmuv3 *smmu)
{
	uint32_t log2 = smmuv3_queue_log2(smmu->cfg.cmdq_log2, SMMUV3_DEFAULT_CMDQ_LOG2,
					  smmu->feat.cmdq_log2);

	return smmuv3_queue_alloc(smmu, &smmu->cmdq.q, log2, sizeof(struct smmuv3_cmd),
				  smmuv3_breg(smmu, SMMUV3_CMDQ_BASE),
				  smmuv3_breg(smmu, SMMUV3_CMDQ_PROD),
				  smmuv3_breg(smmu, SMMUV3_CMDQ_CONS));
}

void smmuv3_cmdq_free(struct smmuv3 *smmu)
{
	smmuv3_queue_free(smmu, &smmu->cmdq.q);
}

void smmuv3_cmdq_program(struct smmuv3 *smmu)
{
	smmuv3_queue_program(smmu, &smmu->cmdq.q, SMMUV3_Q_BASE_RA);
}

static int cmdq_error(struct smmuv3 *smmu, uint32_t cons)
{
	switch (SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR, cons)) {
	case SMMUV3_CERROR_ILL:
		return SMMUV3_ERR_CMD_ILL;
	case SMMUV3_CERROR_ABT:
		return SMMUV3_ERR_CMD_ABT;
	case SMMUV3_CERROR_ATC_INV_SYNC:
		return SMMUV3_ERR_CMD_ATC;
	default:
		smmuv3_err(smmu, "command queue error with CONS %08x", cons);
		return SMMUV3_ERR_CMD_ILL;
	}
}

/* Wait until CONS has moved past @target (an index with wrap). */
static int cmdq_wait_consumed(struct smmuv3 *smmu, uint32_t target)
{
	struct smmuv3_queue *q = &smmu->cmdq.q;
	struct smmuv3_deadline d;
	uint32_t cons;
	bool expired;

	smmuv3_deadline_start(smmu, &d);
	for (;;) {
		expired = smmuv3_deadline_passed(smmu, &d);
		cons = smmuv3_read32(smmu, q->cons_reg);
		q->cons = smmuv3_q_ptr(q, cons);
		if (smmuv3_read32(smmu, smmuv3_breg(smmu, SMMUV3_GERROR)) &
		    ~smmuv3_read32(smmu, smmuv3_breg(smmu, SMMUV3_GERRORN)) &
		    SMMUV3_GERROR_CMDQ_ERR)
			return cmdq_error(smmu, cons);
		if (smmuv3_q_used(q, target, q->cons) == 0 ||
		    smmuv3_q_used(q, target, q->cons) > smmuv3_q_entries(q))
			return 0;
		if (expired) {
			smmuv3_err(smmu, "command queue stuck: PROD %08x CONS %08x",
				   q->prod, cons);
			return SMMUV3_ERR_TIMEOUT;
		}
		smmuv3_port_relax(smmu->cfg.port);
	}
}

static void cmdq_write(struct smmuv3 *smmu, const struct smmuv3_cmd *cmd)
{
	struct smmuv3_queue *q = &smmu->cmdq.q;

	memcpy(smmuv3_q_slot(q, q->prod), cmd, sizeof(*cmd));
	smmuv3_dma_sync(smmu, smmuv3_q_slot(q, q->prod), sizeof(*cmd));
	q->prod = smmuv3_q_inc(q, q->prod, 1);
}

int smmuv3_cmdq_submit(struct smmuv3 *smmu, const struct smmuv3_cmd *cmds,
		       unsigned int n, bool sync)
{
	struct smmuv3_queue *q;
	struct smmuv3_cmd sync_cmd = smmuv3_cmd_sync();
	unsigned int total = n + (sync ? 1u : 0u);
	int rc = 0;

	if (!smmu || (n && !cmds))
		return SMMUV3_ERR_INVAL;
	q = &smmu->cmdq.q;
	if (!q->base || !(smmu->cr0 & SMMUV3_CR0_CMDQEN))
		return SMMUV3_ERR_STATE;
	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->cmdq.lock);
	for (unsigned int i = 0; i < total && !rc; i++) {
		if (smmuv3_q_full(q, q->prod, q->cons)) {
			smmuv3_port_wmb();
			smmuv3_write32(smmu, q->prod_reg, q->prod);
			rc = cmdq_wait_consumed(smmu, smmuv3_q_inc(q, q->cons, 1));
			if (rc)
				break;
		}
		cmdq_write(smmu, i < n ? &cmds[i] : &sync_cmd);
	}
	if (!rc) {
		smmuv3_port_wmb();
		smmuv3_write32(smmu, q->prod_reg, q->prod);
		rc = cmdq_wait_consumed(smmu, q->prod);
	}
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->cmdq.lock);
	return rc;
}
