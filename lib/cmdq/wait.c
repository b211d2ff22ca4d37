// SPDX-License-Identifier: BSD-3-Clause
/*
 * Waiting for the SMMU: for CONS to pass an index (free space, or
 * consumption of a submission) and for a CMD_SYNC to complete, in the
 * instance's completion mode. Every wait is bounded by the instance
 * timeout and notices command errors, which it recovers on the spot so
 * that the wait can go on.
 */
#include "../core/internal.h"
#include "../core/queue.h"
#include "../evtq/evtq_internal.h"
#include "cmdq_internal.h"

/* MSI-mode polls of memory between two checks of GERROR. */
#define CMDQ_MSI_GERROR_PERIOD 16u

int smmuv3_cmdq_read_cons(struct smmuv3 *smmu, struct cmdq_sub *sub)
{
	struct smmuv3_queue *q = &smmu->cmdq.q;
	uint32_t cons = smmuv3_read32(smmu, q->cons_reg);

	/*
	 * CONS.ERR is only meaningful while GERROR.CMDQ_ERR is active, but it
	 * is zero until the first error ever: checking it first spares two
	 * register reads per poll in the common case. The SMMU may have moved
	 * on and failed after the CONS read above, so the faulting slot is
	 * taken from CONS read again once the error is seen: the code is
	 * visible before GERROR is (IHI 0070 7.1) and RD stays put while the
	 * error is active.
	 */
	if (SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR, cons) &&
	    (smmuv3_gerror_active(smmu) & SMMUV3_GERROR_CMDQ_ERR)) {
		smmuv3_cmdq_recover(smmu, sub, smmuv3_read32(smmu, q->cons_reg));
		cons = smmuv3_read32(smmu, q->cons_reg);
	}
	q->cons = smmuv3_q_ptr(q, cons);
	return 0;
}

/* CONS has reached @target; both lie in the window that ends at PROD. */
static bool cmdq_passed(const struct smmuv3_queue *q, uint32_t target)
{
	return smmuv3_q_used(q, q->prod, q->cons) <= smmuv3_q_used(q, q->prod, target);
}

/* A wait ran out of time: say why, as precisely as the SMMU lets us. */
static int cmdq_timeout(struct smmuv3 *smmu)
{
	struct smmuv3_queue *q = &smmu->cmdq.q;

	if (smmuv3_gerror_active(smmu) & SMMUV3_GERROR_SFM_ERR) {
		smmuv3_err(smmu, "command queue stopped: SMMU in service failure mode");
		smmu->state = SMMUV3_STATE_FAILED;
		return SMMUV3_ERR_FATAL;
	}
	smmuv3_err(smmu, "command queue stuck: PROD %08x CONS %08x", q->prod,
		   smmuv3_read32(smmu, q->cons_reg));
	return SMMUV3_ERR_TIMEOUT;
}

static int cmdq_poll_cons(struct smmuv3 *smmu, struct cmdq_sub *sub, uint32_t target,
			  bool use_wfe)
{
	struct smmuv3_deadline d;
	bool expired;

	smmuv3_deadline_start(smmu, &d);
	for (;;) {
		/* Clock first: a CONS read after the deadline still counts. */
		expired = smmuv3_deadline_passed(smmu, &d);
		smmuv3_cmdq_read_cons(smmu, sub);
		if (cmdq_passed(&smmu->cmdq.q, target))
			return 0;
		if (expired)
			return cmdq_timeout(smmu);
		if (use_wfe && !sub->force_poll)
			smmuv3_port_wfe(smmu->cfg.port);
		else
			smmuv3_port_relax(smmu->cfg.port);
	}
}

int smmuv3_cmdq_wait_consumed(struct smmuv3 *smmu, struct cmdq_sub *sub, uint32_t target)
{
	return cmdq_poll_cons(smmu, sub, target, false);
}

/*
 * MSI completion: the CMD_SYNC writes @seq into msi_word. GERROR and
 * CONS are looked at now and then, because a command error halts the
 * queue before the write, and an aborted MSI write never arrives; both
 * turn the wait into a CONS poll.
 */
static int cmdq_wait_msi(struct smmuv3 *smmu, struct cmdq_sub *sub, uint32_t sync_idx,
			 uint32_t seq)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	struct smmuv3_deadline d;
	unsigned int polls = 0;
	uint32_t active;
	bool expired;

	smmuv3_deadline_start(smmu, &d);
	for (;;) {
		expired = smmuv3_deadline_passed(smmu, &d);
		if (*cq->msi_word == seq) {
			smmuv3_port_rmb();
			return 0;
		}
		if (++polls % CMDQ_MSI_GERROR_PERIOD == 0 || expired) {
			active = smmuv3_gerror_active(smmu);
			if (active & SMMUV3_GERROR_MSI_CMDQ_ABT_ERR) {
				smmuv3_warn(smmu, "CMD_SYNC MSI write aborted; polling CONS");
				smmuv3_gerror_ack(smmu, (uint32_t)SMMUV3_GERROR_MSI_CMDQ_ABT_ERR);
				sub->force_poll = true;
			}
			if (active & SMMUV3_GERROR_CMDQ_ERR)
				sub->force_poll = true;
			if (sub->force_poll)
				return cmdq_poll_cons(smmu, sub, smmuv3_q_inc(&cq->q, sync_idx, 1),
						      false);
			/* The abort may have been acknowledged by the GERROR
			 * handler before we looked: CONS tells the truth. */
			smmuv3_cmdq_read_cons(smmu, sub);
			if (cmdq_passed(&cq->q, smmuv3_q_inc(&cq->q, sync_idx, 1)))
				return 0;
		}
		if (expired)
			return cmdq_timeout(smmu);
		smmuv3_port_relax(smmu->cfg.port);
	}
}

int smmuv3_cmdq_wait_sync(struct smmuv3 *smmu, struct cmdq_sub *sub, uint32_t sync_idx,
			  uint32_t seq)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	uint32_t after = smmuv3_q_inc(&cq->q, sync_idx, 1);

	if (sub->force_poll)
		return cmdq_poll_cons(smmu, sub, after, false);
	switch (cq->sync_mode) {
	case SMMUV3_SYNC_MSI:
		return cmdq_wait_msi(smmu, sub, sync_idx, seq);
	case SMMUV3_SYNC_SEV:
		return cmdq_poll_cons(smmu, sub, after, true);
	case SMMUV3_SYNC_POLL:
	default:
		return cmdq_poll_cons(smmu, sub, after, false);
	}
}
