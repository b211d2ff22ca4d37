// SPDX-License-Identifier: BSD-3-Clause
/*
 * Waiting for the SMMU, without the queue lock: for CONS to pass the end
 * of a submission and for a CMD_SYNC to complete, in the instance's
 * completion mode. The first check comes before any clock read (a
 * submission the SMMU has already finished costs one CONS read or one
 * memory read). Every wait is bounded by the instance timeout and
 * notices command errors, which it recovers under the lock so that the
 * wait can go on.
 */
#include "core/internal.h"
#include "core/queue.h"
#include "cmdq_internal.h"

/* MSI-mode polls of memory between two checks of GERROR and CONS. */
#define CMDQ_MSI_GERROR_PERIOD 16u

void smmuv3_cmdq_refresh_cons(struct smmuv3_inst *smmu)
{
	struct smmuv3_queue *q = &smmu->cmdq.q;
	uint32_t cons = smmuv3_read32(smmu, q->cons_reg);

	/* CONS.ERR is zero until the first error ever: checking it first
	 * spares the GERROR reads in the common case. */
	if (SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR, cons) && smmuv3_cmdq_recover(smmu))
		cons = smmuv3_read32(smmu, q->cons_reg);
	q->cons = smmuv3_q_ptr(q, cons);
}

/* A command error is pending: recover it under the lock. */
static void cmdq_recover_locked(struct smmuv3_inst *smmu)
{
	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->cmdq.lock);
	smmuv3_cmdq_recover(smmu);
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->cmdq.lock);
}

/* One look at CONS: true once @target is passed. Recovers an error that
 * stops the queue short of it (*recovered tells the MSI wait). */
static bool cmdq_check_cons(struct smmuv3_inst *smmu, const struct smmuv3_cmdq_sub *sub,
			    uint32_t target, bool *recovered)
{
	const struct smmuv3_queue *q = &smmu->cmdq.q;
	uint32_t cons = smmuv3_read32(smmu, q->cons_reg);

	if (smmuv3_cmdq_reached(q, sub, cons, target))
		return true;
	if (SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR, cons) &&
	    (smmuv3_gerror_active(smmu) & SMMUV3_GERROR_CMDQ_ERR)) {
		cmdq_recover_locked(smmu);
		*recovered = true;
		return smmuv3_cmdq_reached(q, sub, smmuv3_read32(smmu, q->cons_reg), target);
	}
	return false;
}

/* A wait ran out of time: say why, as precisely as the SMMU lets us. */
static int cmdq_timeout(struct smmuv3_inst *smmu)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	int rc = SMMUV3_ERR_TIMEOUT;

	smmuv3_port_lock_acquire(smmu->cfg.port, &cq->lock);
	if (smmuv3_gerror_active(smmu) & SMMUV3_GERROR_SFM_ERR) {
		smmuv3_err(smmu, "command queue stopped: SMMU in service failure mode");
		smmu->state = SMMUV3_STATE_FAILED;
		rc = SMMUV3_ERR_FATAL;
	} else {
		smmuv3_err(smmu, "command queue stuck: PROD %08x CONS %08x", cq->q.prod,
			   smmuv3_read32(smmu, cq->q.cons_reg));
	}
	smmuv3_port_lock_release(smmu->cfg.port, &cq->lock);
	return rc;
}

static int cmdq_poll_cons(struct smmuv3_inst *smmu, const struct smmuv3_cmdq_sub *sub,
			  uint32_t target, bool use_wfe)
{
	struct smmuv3_deadline d;
	bool recovered = false;
	bool expired;

	/* Most waits end here: no clock read at all. */
	if (cmdq_check_cons(smmu, sub, target, &recovered))
		return 0;
	smmuv3_deadline_start(smmu, &d);
	for (;;) {
		if (use_wfe && !recovered)
			smmuv3_port_wfe(smmu->cfg.port);
		else
			smmuv3_port_relax(smmu->cfg.port);
		/* Clock first: a CONS read after the deadline still counts. */
		expired = smmuv3_deadline_passed(smmu, &d);
		if (cmdq_check_cons(smmu, sub, target, &recovered))
			return 0;
		if (expired)
			return cmdq_timeout(smmu);
	}
}

int smmuv3_cmdq_wait_consumed(struct smmuv3_inst *smmu, const struct smmuv3_cmdq_sub *sub,
			      uint32_t target)
{
	return cmdq_poll_cons(smmu, sub, target, false);
}

/* The SMMU wrote @seq or a later payload: a later CMD_SYNC completes
 * every command before it, so a waiter may finish on someone else's. */
static bool cmdq_msi_done(const struct smmuv3_cmdq *cq, uint32_t seq)
{
	if ((int32_t)(cmdq_msi_word(cq) - seq) < 0)
		return false;
	smmuv3_port_rmb();
	return true;
}

/*
 * Every CMDQ_MSI_GERROR_PERIOD polls: an aborted MSI write never arrives
 * and a command error halts the queue before it (perhaps replacing the
 * CMD_SYNC itself), so look at GERROR and CONS; true when done.
 */
static bool cmdq_msi_slow_check(struct smmuv3_inst *smmu, const struct smmuv3_cmdq_sub *sub,
				bool *poll_only)
{
	uint32_t active = smmuv3_gerror_active(smmu);

	if (active & SMMUV3_GERROR_MSI_CMDQ_ABT_ERR) {
		smmuv3_warn(smmu, "CMD_SYNC MSI write aborted; polling CONS");
		smmuv3_gerror_ack(smmu, (uint32_t)SMMUV3_GERROR_MSI_CMDQ_ABT_ERR);
		*poll_only = true;
	}
	if (active & SMMUV3_GERROR_CMDQ_ERR)
		*poll_only = true;
	/* The abort may have been acknowledged by the GERROR handler before
	 * we looked: CONS tells the truth. */
	return cmdq_check_cons(smmu, sub, sub->end, poll_only);
}

static int cmdq_wait_msi(struct smmuv3_inst *smmu, const struct smmuv3_cmdq_sub *sub, uint32_t seq)
{
	const struct smmuv3_cmdq *cq = &smmu->cmdq;
	struct smmuv3_deadline d;
	unsigned int polls = 0;
	bool poll_only = false;
	bool expired;

	if (cmdq_msi_done(cq, seq))
		return 0;
	smmuv3_deadline_start(smmu, &d);
	for (;;) {
		expired = smmuv3_deadline_passed(smmu, &d);
		if (cmdq_msi_done(cq, seq))
			return 0;
		if (++polls % CMDQ_MSI_GERROR_PERIOD == 0 || expired) {
			if (cmdq_msi_slow_check(smmu, sub, &poll_only))
				return 0;
			if (poll_only)
				return cmdq_poll_cons(smmu, sub, sub->end, false);
		}
		if (expired)
			return cmdq_timeout(smmu);
		smmuv3_port_relax(smmu->cfg.port);
	}
}

int smmuv3_cmdq_wait_sync(struct smmuv3_inst *smmu, const struct smmuv3_cmdq_sub *sub,
			  enum smmuv3_sync_mode mode, uint32_t seq)
{
	switch (mode) {
	case SMMUV3_SYNC_MSI:
		return cmdq_wait_msi(smmu, sub, seq);
	case SMMUV3_SYNC_SEV:
		return cmdq_poll_cons(smmu, sub, sub->end, true);
	case SMMUV3_SYNC_POLL:
	default:
		return cmdq_poll_cons(smmu, sub, sub->end, false);
	}
}
