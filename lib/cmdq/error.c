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
 * Whichever waiter sees the error first recovers it, under the queue
 * lock. The error goes to the submission that wrote the slot (found in
 * the list of linked pieces, whose slot ranges never overlap); errors in
 * a slot left by an earlier, timed-out submission are logged only.
 */
#include "core/internal.h"
#include "core/queue.h"
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

/* The linked piece that wrote slot @idx, if its submitter still waits. */
static struct smmuv3_cmdq_sub *cmdq_slot_owner(const struct smmuv3_cmdq *cq, uint32_t idx)
{
	const struct smmuv3_queue *q = &cq->q;
	struct smmuv3_cmdq_sub *s;

	for (s = cq->subs; s; s = s->next)
		if (smmuv3_q_used(q, idx, s->start) < smmuv3_q_used(q, s->end, s->start))
			return s;
	return NULL;
}

/* What to write over a slot that failed for good, by error code. */
static struct smmuv3_cmd cmdq_fix_for(const struct smmuv3_cmdq *cq, uint32_t err)
{
	if (err != SMMUV3_CERROR_ATC_INV_SYNC)
		return smmuv3_cmd_sync();
	/* Something that waits for nothing; not a prefetch where the SMMU
	 * must not see one. */
	return cq->quirks & SMMUV3_CMDQ_QUIRK_SKIP_PREFETCH ? smmuv3_cmd_cfgi_ste(0, true) :
		smmuv3_cmd_prefetch_config(0, 0, false);
}

/* Count the error; its library code in *code. Retry-able errors are
 * retried once per slot (only a slot whose submitter waits). */
static bool cmdq_count_error(struct smmuv3_cmdq *cq, const struct smmuv3_cmdq_sub *owner,
			     uint32_t err, uint32_t idx, int *code)
{
	bool again = owner && !(owner->retried && owner->retry_idx == idx);

	switch (err) {
	case SMMUV3_CERROR_ABT:
		*code = SMMUV3_ERR_CMD_ABT;
		cq->stats.cerror_abt++;
		return again;
	case SMMUV3_CERROR_ATC_INV_SYNC:
		*code = SMMUV3_ERR_CMD_ATC;
		cq->stats.cerror_atc++;
		return again;
	case SMMUV3_CERROR_ILL:
	default:
		*code = SMMUV3_ERR_CMD_ILL;
		cq->stats.cerror_ill++;
		return false;
	}
}

bool smmuv3_cmdq_recover(struct smmuv3_inst *smmu)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	struct smmuv3_queue *q = &cq->q;
	struct smmuv3_cmdq_sub *owner;
	struct smmuv3_cmd *slot;
	uint32_t cons, err, idx;
	bool retry;
	int code;

	/* Another waiter may have recovered it already. */
	if (!(smmuv3_gerror_active(smmu) & SMMUV3_GERROR_CMDQ_ERR))
		return false;
	/* The SMMU may have consumed on and failed after the caller's CONS
	 * read: the code is visible before GERROR is (IHI 0070 7.1) and RD
	 * stays put while the error is active, so read it again. */
	cons = smmuv3_read32(smmu, q->cons_reg);
	err = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR, cons);
	idx = smmuv3_q_ptr(q, cons);
	slot = smmuv3_q_slot(q, idx);
	owner = cmdq_slot_owner(cq, idx);
	retry = cmdq_count_error(cq, owner, err, idx, &code);
	smmuv3_err(smmu, "command at CMDQ slot %u (%016llx %016llx) failed: %s; %s%s",
		   smmuv3_q_idx(q, idx), (unsigned long long)slot->dw[0],
		   (unsigned long long)slot->dw[1], cerror_name(err),
		   retry ? "retrying it" : "skipping it",
		   owner ? "" : " (left by an earlier submission)");
	if (retry) {
		owner->retried = true;
		owner->retry_idx = idx;
	} else {
		*slot = cmdq_fix_for(cq, err);
		smmuv3_dma_sync(smmu, slot, sizeof(*slot));
		if (owner && !owner->err)
			owner->err = code;
	}
	/* The new slot contents must be visible before the SMMU resumes. */
	smmuv3_port_wmb();
	smmuv3_gerror_ack(smmu, (uint32_t)SMMUV3_GERROR_CMDQ_ERR);
	return true;
}
