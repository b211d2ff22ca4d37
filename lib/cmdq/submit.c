// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command submission.
 *
 * A submission owns the queue (its lock) from its first write until the
 * SMMU has consumed its last command. Commands are copied into free
 * slots and published with one barrier and one CMDQ_PROD write; only a
 * full queue forces an earlier write, after which the producer waits,
 * bounded, for CONS to make room. Because nobody else writes while a
 * submission waits, every entry between CONS and PROD is its own (or
 * left by an earlier submission that timed out), which keeps the wrap
 * arithmetic simple and lets each command error be charged to the
 * submission that issued the command.
 */
#include "../core/mem.h"

#include "../core/internal.h"
#include "../core/queue.h"
#include "cmdq_internal.h"

/* Where the next entry of a submission comes from. */
struct cmdq_feed {
	const struct smmuv3_cmd *cmds;
	unsigned int n, next;
	bool sync;        /* a final CMD_SYNC is wanted */
	bool sync_done;
};

static bool feed_more(const struct cmdq_feed *f)
{
	return f->next < f->n || (f->sync && !f->sync_done);
}

static bool cmd_is_prefetch(const struct smmuv3_cmd *c)
{
	uint64_t op = SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, c->dw[0]);

	return op == SMMUV3_OP_PREFETCH_CONFIG || op == SMMUV3_OP_PREFETCH_ADDR;
}

static struct smmuv3_cmd cmdq_final_sync(struct smmuv3_cmdq *cq)
{
	switch (cq->sync_mode) {
	case SMMUV3_SYNC_MSI:
		/* Never 0, so a fresh (zeroed) word cannot look complete. */
		if (++cq->msi_seq == 0)
			cq->msi_seq = 1;
		return smmuv3_cmd_sync_msi(cq->msi_word_pa, cq->msi_seq, true);
	case SMMUV3_SYNC_SEV:
		return smmuv3_cmd_sync_sev();
	case SMMUV3_SYNC_POLL:
	default:
		return smmuv3_cmd_sync();
	}
}

static uint32_t cmdq_space(const struct smmuv3_queue *q)
{
	return smmuv3_q_entries(q) - smmuv3_q_used(q, q->prod, q->cons);
}

/* Clean [from, PROD) of the ring for a non-coherent SMMU: at most two
 * contiguous pieces instead of one maintenance call per command. */
static void cmdq_clean(struct smmuv3 *smmu, uint32_t from)
{
	struct smmuv3_queue *q = &smmu->cmdq.q;
	uint32_t n = smmuv3_q_used(q, q->prod, from);
	uint32_t first = smmuv3_q_idx(q, from);
	uint32_t run = smmuv3_q_entries(q) - first;

	if (smmu->coherent || !n)
		return;
	if (run > n)
		run = n;
	smmuv3_dma_sync(smmu, smmuv3_q_slot(q, from), (size_t)run * q->entry_bytes);
	if (n > run)
		smmuv3_dma_sync(smmu, q->base, (size_t)(n - run) * q->entry_bytes);
}

/* Make everything written so far visible and tell the SMMU. */
static void cmdq_publish(struct smmuv3 *smmu)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;

	if (cq->published == cq->q.prod)
		return;
	cmdq_clean(smmu, cq->published);
	smmuv3_port_wmb();
	smmuv3_write32(smmu, cq->q.prod_reg, cq->q.prod);
	cq->published = cq->q.prod;
	cq->stats.prod_writes++;
}

/* One entry at PROD; @ours: a CMD_SYNC the library adds (counted). */
static void cmdq_put(struct smmuv3_cmdq *cq, const struct smmuv3_cmd *cmd, bool ours)
{
	struct smmuv3_queue *q = &cq->q;

	memcpy(smmuv3_q_slot(q, q->prod), cmd, sizeof(*cmd));
	q->prod = smmuv3_q_inc(q, q->prod, 1);
	cq->stats.cmds++;
	if (ours)
		cq->stats.syncs++;
	/* A caller's own CMD_SYNC also restarts the forced-sync period. */
	if (SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, cmd->dw[0]) == SMMUV3_OP_CMD_SYNC)
		cq->since_sync = 0;
	else
		cq->since_sync++;
}

/*
 * Write the next entry of the feed into the free slot at PROD: a forced
 * CMD_SYNC, the caller's next command, or the final CMD_SYNC (whose slot
 * goes to *sync_idx).
 */
static void cmdq_put_next(struct smmuv3_cmdq *cq, struct cmdq_feed *f, uint32_t *sync_idx)
{
	struct smmuv3_cmd sync;

	/* Erratum workaround: a CMD_SYNC at least every sync_every commands. */
	if (cq->sync_every && cq->since_sync >= cq->sync_every && f->next < f->n) {
		sync = smmuv3_cmd_sync();
		cmdq_put(cq, &sync, true);
		return;
	}
	if (f->next < f->n) {
		cmdq_put(cq, &f->cmds[f->next++], false);
		return;
	}
	*sync_idx = cq->q.prod;
	sync = cmdq_final_sync(cq);
	cmdq_put(cq, &sync, true);
	f->sync_done = true;
}

/*
 * Fast path: copy as many of the caller's commands as fit before the
 * end of the ring (or the free space) in one go. Only when no quirk
 * needs to look at each command.
 */
static bool cmdq_put_run(struct smmuv3_cmdq *cq, struct cmdq_feed *f, uint32_t space)
{
	struct smmuv3_queue *q = &cq->q;
	uint32_t run = smmuv3_q_entries(q) - smmuv3_q_idx(q, q->prod);

	if (cq->sync_every || (cq->quirks & SMMUV3_CMDQ_QUIRK_SKIP_PREFETCH) || f->next >= f->n)
		return false;
	if (run > space)
		run = space;
	if (run > f->n - f->next)
		run = f->n - f->next;
	memcpy(smmuv3_q_slot(q, q->prod), &f->cmds[f->next], (size_t)run * sizeof(*f->cmds));
	q->prod = smmuv3_q_inc(q, q->prod, run);
	f->next += run;
	cq->stats.cmds += run;
	/* The caller's commands may include CMD_SYNCs; the count only
	 * matters to the forced-sync quirk, which is off here. */
	cq->since_sync += run;
	return true;
}

/* Skip commands a quirk forbids; true when an entry is left to write. */
static bool feed_skip(const struct smmuv3_cmdq *cq, struct cmdq_feed *f)
{
	while (f->next < f->n && (cq->quirks & SMMUV3_CMDQ_QUIRK_SKIP_PREFETCH) &&
	       cmd_is_prefetch(&f->cmds[f->next]))
		f->next++;
	return feed_more(f);
}

static int cmdq_issue(struct smmuv3 *smmu, const struct smmuv3_cmd *cmds, unsigned int n,
		      bool sync)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	struct smmuv3_queue *q = &cq->q;
	struct cmdq_sub sub = { .start = q->prod };
	struct cmdq_feed f = { .cmds = cmds, .n = n, .sync = sync };
	uint32_t sync_idx = 0;
	int rc = 0;

	cq->stats.submissions++;
	/* The cached CONS only ever lags: refresh it once if it says the
	 * whole submission does not fit, before splitting it. */
	if (cmdq_space(q) < n + (sync ? 1u : 0u))
		smmuv3_cmdq_read_cons(smmu, &sub);
	while (feed_skip(cq, &f)) {
		if (!cmdq_space(q)) {
			cmdq_publish(smmu);
			cq->stats.full_waits++;
			rc = smmuv3_cmdq_wait_consumed(smmu, &sub, smmuv3_q_inc(q, q->cons, 1));
			if (rc)
				break;
			continue;
		}
		if (!cmdq_put_run(cq, &f, cmdq_space(q)))
			cmdq_put_next(cq, &f, &sync_idx);
	}
	if (rc) {
		/* Never let a later publish issue what this caller gave up on. */
		q->prod = cq->published;
	} else {
		cmdq_publish(smmu);
		if (sync)
			rc = smmuv3_cmdq_wait_sync(smmu, &sub, sync_idx, cq->msi_seq);
		else
			rc = smmuv3_cmdq_wait_consumed(smmu, &sub, q->prod);
	}
	if (rc == SMMUV3_ERR_TIMEOUT)
		cq->stats.timeouts++;
	return rc ? rc : sub.err;
}

int smmuv3_cmdq_submit(struct smmuv3 *smmu, const struct smmuv3_cmd *cmds,
		       unsigned int n, bool sync)
{
	int rc;

	if (!smmu || (n && !cmds))
		return SMMUV3_ERR_INVAL;
	if (smmu->state == SMMUV3_STATE_FAILED)
		return SMMUV3_ERR_FATAL;
	if (!smmu->cmdq.q.base || !(smmu->cr0 & SMMUV3_CR0_CMDQEN))
		return SMMUV3_ERR_STATE;
	if (!n && !sync)
		return 0;
	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->cmdq.lock);
	rc = cmdq_issue(smmu, cmds, n, sync);
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->cmdq.lock);
	return rc;
}
