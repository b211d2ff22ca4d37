// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command errors (GERROR.CMDQ_ERR with the reason in CMDQ_CONS.ERR).
 *
 * The SMMU stops with CONS on the offending command and waits for
 * software to acknowledge through GERRORN. Software may rewrite that
 * slot first; the SMMU then re-reads it. So:
 *  - CERROR_ILL: the command can never succeed; replace it with a plain
 *    CMD_SYNC (which has no side effect) so the queue moves on.
 *  - CERROR_ABT: the read of the command (or its MSI write) aborted,
 *    which can be transient: retry once, then replace as for ILL.
 *  - CERROR_ATC_INV_SYNC: a CMD_SYNC saw an ATC invalidation time out;
 *    retry the CMD_SYNC once, then replace it with a prefetch (which
 *    waits for nothing; CFGI_STE of StreamID 0 under the SKIP_PREFETCH
 *    quirk) so the queue cannot stall on the same device.
 * The error goes to the submission that owns the slot; errors in a slot
 * left by an earlier, timed-out submission are logged only.
 */
#include "../core/internal.h"
#include "../core/queue.h"
#include "../evtq/evtq_internal.h"
#include "cmdq_internal.h"

static const char *cerror_name(uint32_t err)
{
	switch (err) {
	case SMMUV3_CERROR_ILL:
		return "CERROR_ILL";
	case SMMUV3_CERROR_ABT:
		return "CERROR_ABT";
	case SMMUV3_CERROR_ATC_INV_SYNC:
		return "CERROR_ATC_INV_SYNC";
	default:
		return "IMPLEMENTATION DEFINED error";
	}
}

/* Slot @idx lies in [sub->start, PROD): written by this submission. */
static bool cmdq_slot_is_ours(const struct smmuv3_queue *q, const struct cmdq_sub *sub,
			      uint32_t idx)
{
	return smmuv3_q_used(q, idx, sub->start) < smmuv3_q_used(q, q->prod, sub->start);
}

void smmuv3_cmdq_recover(struct smmuv3 *smmu, struct cmdq_sub *sub, uint32_t cons)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	struct smmuv3_queue *q = &cq->q;
	uint32_t err = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR, cons);
	uint32_t idx = smmuv3_q_ptr(q, cons);
	struct smmuv3_cmd *slot = smmuv3_q_slot(q, idx);
	struct smmuv3_cmd fix = smmuv3_cmd_sync();
	bool ours = cmdq_slot_is_ours(q, sub, idx);
	bool retry = false;
	int code;

	switch (err) {
	case SMMUV3_CERROR_ABT:
		code = SMMUV3_ERR_CMD_ABT;
		cq->stats.cerror_abt++;
		retry = !(sub->retried && sub->retry_idx == idx);
		break;
	case SMMUV3_CERROR_ATC_INV_SYNC:
		code = SMMUV3_ERR_CMD_ATC;
		cq->stats.cerror_atc++;
		retry = !(sub->retried && sub->retry_idx == idx);
		/* Something that waits for nothing; not a prefetch where the
		 * SMMU must not see one. */
		fix = cq->quirks & SMMUV3_CMDQ_QUIRK_SKIP_PREFETCH ? smmuv3_cmd_cfgi_ste(0, true) :
			smmuv3_cmd_prefetch_config(0, 0, false);
		break;
	case SMMUV3_CERROR_ILL:
	default:
		code = SMMUV3_ERR_CMD_ILL;
		cq->stats.cerror_ill++;
		break;
	}
	smmuv3_err(smmu, "command at CMDQ slot %u (%016llx %016llx) failed: %s; %s%s",
		   smmuv3_q_idx(q, idx), (unsigned long long)slot->dw[0],
		   (unsigned long long)slot->dw[1], cerror_name(err),
		   retry ? "retrying it" : "skipping it",
		   ours ? "" : " (left by an earlier submission)");
	if (retry) {
		sub->retried = true;
		sub->retry_idx = idx;
	} else {
		*slot = fix;
		smmuv3_dma_sync(smmu, slot, sizeof(*slot));
		/* The completion signal may have been in the replaced slot. */
		sub->force_poll = true;
		if (ours && !sub->err)
			sub->err = code;
	}
	/* The new slot contents must be visible before the SMMU resumes. */
	smmuv3_port_wmb();
	smmuv3_gerror_ack(smmu, (uint32_t)SMMUV3_GERROR_CMDQ_ERR);
}
