// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command submission.
 *
 * The queue lock is held only to reserve ring space, write the commands
 * (and the final CMD_SYNC), publish them with one barrier and one
 * CMDQ_PROD write, and link a record of the slots written; the wait for
 * the SMMU happens without it, so submitters on other CPUs write their
 * commands while the SMMU works on ours. The record (on this stack) lets
 * whoever recovers a command error charge it to the submission that
 * wrote the slot, and bounds how far producers may run ahead so that the
 * wrap bit stays unambiguous for every waiter (see wait.c).
 *
 * A submission larger than the free space goes in as several pieces,
 * each published and waited for before the next is written; only the
 * last carries the CMD_SYNC. When the ring is full of other submitters'
 * commands the producer drops the lock and retries, bounded by the
 * instance timeout.
 */
#include "libc/mem.h"

#include "core/internal.h"
#include "core/queue.h"
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

/*
 * Free slots: what neither the SMMU (cached CONS, which only lags) nor a
 * waiting submitter (the oldest linked record) still needs. Writing past
 * the oldest record's start + N would let CONS lap it unseen.
 */
static uint32_t cmdq_room(const struct smmuv3_cmdq *cq)
{
	const struct smmuv3_queue *q = &cq->q;
	uint32_t used = smmuv3_q_used(q, q->prod, q->cons);
	uint32_t held;

	if (cq->subs) {
		held = smmuv3_q_used(q, q->prod, cq->subs->start);
		if (held > used)
			used = held;
	}
	return smmuv3_q_entries(q) - used;
}

/* Clean [from, PROD) of the ring for a non-coherent SMMU: at most two
 * contiguous pieces instead of one maintenance call per command. */
static void cmdq_clean(struct smmuv3_inst *smmu, uint32_t from)
{
	struct smmuv3_queue *q = &smmu->cmdq.q;
	uint32_t n = smmuv3_q_used(q, q->prod, from);
	uint32_t first = smmuv3_q_idx(q, from);
	uint32_t run = smmuv3_q_entries(q) - first;

	if (run > n)
		run = n;
	smmuv3_dma_sync(smmu, smmuv3_q_slot(q, from), (size_t)run * q->entry_bytes);
	if (n > run)
		smmuv3_dma_sync(smmu, q->base, (size_t)(n - run) * q->entry_bytes);
}

/* Make everything written so far visible and tell the SMMU. */
static inline __attribute__((always_inline)) void cmdq_publish(struct smmuv3_inst *smmu)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;

	uint32_t prod = cq->q.prod;

	/* Only a non-coherent SMMU needs to know where the last clean
	 * ended (coherence is fixed at init). */
	if (!smmu->coherent) {
		cmdq_clean(smmu, cq->published);
		cq->published = prod;
	}
	cq->stats.prod_writes++;
	smmuv3_port_wmb();
	smmuv3_write32(smmu, cq->q.prod_reg, prod);
}

/* The next CMD_SYNC MSI payload: never 0, so a fresh (zeroed) word
 * cannot look complete. */
static inline uint32_t cmdq_next_msi_seq(struct smmuv3_cmdq *cq)
{
	uint32_t seq = ++cq->msi_seq;

	if (!seq)
		seq = cq->msi_seq = 1;
	return seq;
}

/* The final CMD_SYNC at PROD; returns its MSI payload (0 if none). */
static inline __attribute__((always_inline)) uint32_t cmdq_put_sync(struct smmuv3_cmdq *cq)
{
	struct smmuv3_queue *q = &cq->q;
	struct smmuv3_cmd *slot = smmuv3_q_slot(q, q->prod);
	uint32_t seq = 0;

	*slot = cq->sync_cmd;
	if (cq->sync_mode == SMMUV3_SYNC_MSI) {
		seq = cmdq_next_msi_seq(cq);
		slot->dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_SYNC_MSIDATA, seq);
	}
	q->prod = smmuv3_q_inc(q, q->prod, 1);
	cq->sync_end = q->prod;
	cq->stats.cmds++;
	cq->stats.syncs++;
	cq->since_sync = 0;
	return seq;
}

/* @k of the caller's commands at PROD: one copy up to the ring's end,
 * one after it. */
static void cmdq_copy(struct smmuv3_queue *q, const struct smmuv3_cmd *src, uint32_t k)
{
	struct smmuv3_cmd *ring = q->base;
	uint32_t idx = smmuv3_q_idx(q, q->prod);
	uint32_t run = smmuv3_q_entries(q) - idx;

	if (k == 1) {
		ring[idx] = *src;
	} else {
		if (run > k)
			run = k;
		memcpy(&ring[idx], src, (size_t)run * sizeof(*src));
		if (k > run)
			memcpy(ring, src + run, (size_t)(k - run) * sizeof(*src));
	}
	q->prod = smmuv3_q_inc(q, q->prod, k);
}

/* One entry at PROD through the quirks: a forced CMD_SYNC, or the
 * caller's next command (prefetches dropped under SKIP_PREFETCH). */
static void cmdq_put_quirky(struct smmuv3_cmdq *cq, struct cmdq_feed *f)
{
	struct smmuv3_cmd sync;

	if (cq->sync_every && cq->since_sync >= cq->sync_every) {
		sync = smmuv3_cmd_sync();
		cmdq_copy(&cq->q, &sync, 1);
		cq->stats.syncs++;
		cq->since_sync = 0;
	} else {
		/* A caller's own CMD_SYNC also restarts the forced-sync period. */
		if (SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->cmds[f->next].dw[0]) ==
		    SMMUV3_OP_CMD_SYNC)
			cq->since_sync = 0;
		else
			cq->since_sync++;
		cmdq_copy(&cq->q, &f->cmds[f->next++], 1);
	}
	cq->stats.cmds++;
}

/* Skip commands a quirk forbids; true when an entry is left to write. */
static bool feed_skip(const struct smmuv3_cmdq *cq, struct cmdq_feed *f)
{
	while (f->next < f->n && (cq->quirks & SMMUV3_CMDQ_QUIRK_SKIP_PREFETCH) &&
	       cmd_is_prefetch(&f->cmds[f->next]))
		f->next++;
	return feed_more(f);
}

/*
 * Write what fits of the feed into @room free slots: the caller's
 * commands in runs when no quirk needs to see each one, then the final
 * CMD_SYNC if it fits too. Returns its MSI payload in *seq.
 */
static void cmdq_fill(struct smmuv3_cmdq *cq, struct cmdq_feed *f, uint32_t room, uint32_t *seq)
{
	uint32_t k;

	cq->sync_end = UINT32_MAX; /* until a final CMD_SYNC is written */
	if (!cq->sync_every && !(cq->quirks & SMMUV3_CMDQ_QUIRK_SKIP_PREFETCH)) {
		k = f->n - f->next < room ? f->n - f->next : room;
		if (k) {
			cmdq_copy(&cq->q, &f->cmds[f->next], k);
			f->next += k;
			cq->stats.cmds += k;
			room -= k;
		}
	} else {
		while (room && feed_skip(cq, f) && f->next < f->n) {
			cmdq_put_quirky(cq, f);
			room--;
		}
	}
	if (room && f->next == f->n && f->sync && !f->sync_done) {
		*seq = cmdq_put_sync(cq);
		f->sync_done = true;
	}
}

/* Under the lock: wait, dropping the lock in between, until the ring has
 * room. Returns the room, or 0 after the instance timeout. */
static uint32_t cmdq_wait_room(struct smmuv3_inst *smmu)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	struct smmuv3_deadline d;
	uint32_t room;
	bool expired;

	smmuv3_deadline_start(smmu, &d);
	for (;;) {
		expired = smmuv3_deadline_passed(smmu, &d);
		smmuv3_cmdq_refresh_cons(smmu);
		room = cmdq_room(cq);
		if (room || expired)
			return room;
		smmuv3_port_lock_release(smmu->cfg.port, &cq->lock);
		smmuv3_port_relax(smmu->cfg.port);
		smmuv3_port_lock_acquire(smmu->cfg.port, &cq->lock);
	}
}

/* Under the lock: take @sub out of the list; its slots are done with. */
static void cmdq_unlink(struct smmuv3_cmdq *cq, struct smmuv3_cmdq_sub *sub, bool consumed)
{
	struct smmuv3_queue *q = &cq->q;
	struct smmuv3_cmdq_sub **pp = &cq->subs;

	while (*pp != sub)
		pp = &(*pp)->next;
	*pp = sub->next;
	if (!cq->subs)
		cq->fast_room = cq->fast_ents;
	/* What this waiter saw is a fresher CONS than the cached one. */
	if (consumed && smmuv3_q_used(q, q->prod, sub->end) < smmuv3_q_used(q, q->prod, q->cons))
		q->cons = sub->end;
}

/* Under the lock: append @sub (its slots [start, PROD)) to the list. */
static void cmdq_link(struct smmuv3_cmdq *cq, struct smmuv3_cmdq_sub *sub)
{
	struct smmuv3_cmdq_sub **pp = &cq->subs;

	sub->end = cq->q.prod;
	sub->next = NULL;
	while (*pp)
		pp = &(*pp)->next;
	*pp = sub;
	cq->fast_room = 0;
}

/* Slow halves of the fast path, kept out of line. */
static __attribute__((noinline)) int cmdq_wait_rest(struct smmuv3_inst *smmu, const struct smmuv3_cmdq_sub *sub, bool sync,
			  enum smmuv3_sync_mode mode, uint32_t seq)
{
	if (sync)
		return smmuv3_cmdq_wait_sync(smmu, sub, mode, seq);
	return smmuv3_cmdq_wait_consumed(smmu, sub, sub->end);
}

static __attribute__((noinline)) int cmdq_finish_slow(struct smmuv3_cmdq *cq, struct smmuv3_cmdq_sub *sub, int rc)
{
	cmdq_unlink(cq, sub, !rc);
	if (rc == SMMUV3_ERR_TIMEOUT)
		cq->stats.timeouts++;
	return rc ? rc : sub->err;
}

/* Without the lock: the SMMU is usually done by the time we look, so
 * one look comes before the full wait (and its clock reads). */
static int cmdq_wait_piece(struct smmuv3_inst *smmu, const struct smmuv3_cmdq_sub *sub, bool sync,
			   enum smmuv3_sync_mode mode, uint32_t seq)
{
	const struct smmuv3_cmdq *cq = &smmu->cmdq;

	if (sync && mode == SMMUV3_SYNC_MSI) {
		if ((int32_t)(cmdq_msi_word(cq) - seq) >= 0) {
			smmuv3_port_rmb();
			return 0;
		}
	} else if (smmuv3_cmdq_reached(&cq->q, sub, smmuv3_read32(smmu, cq->q.cons_reg),
				       sub->end)) {
		return 0;
	}
	return cmdq_wait_rest(smmu, sub, sync, mode, seq);
}

/*
 * Write one piece of the feed, publish it, and wait for it without the
 * lock (which is held on entry and on return). Returns 0, or the error
 * of the wait or of one of the piece's commands.
 */
static int cmdq_issue_piece(struct smmuv3_inst *smmu, struct cmdq_feed *f)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	struct smmuv3_cmdq_sub sub = { .start = cq->q.prod };
	enum smmuv3_sync_mode mode;
	uint32_t room = cmdq_room(cq);
	uint32_t seq = 0;
	bool synced;
	int rc;

	/* The cached CONS only ever lags: refresh it once if it says the
	 * rest does not fit, before splitting. */
	if (room < f->n - f->next + (f->sync ? 1u : 0u)) {
		/* An empty ring cannot get emptier. */
		if (cq->q.cons != cq->q.prod)
			smmuv3_cmdq_refresh_cons(smmu);
		room = cmdq_room(cq);
		/* This piece, or the ring, must drain before the rest. */
		if (room < f->n - f->next + (f->sync ? 1u : 0u))
			cq->stats.full_waits++;
		if (!room)
			room = cmdq_wait_room(smmu);
		if (!room) {
			cq->stats.timeouts++;
			return SMMUV3_ERR_TIMEOUT;
		}
		sub.start = cq->q.prod;
	}
	mode = cq->sync_mode;
	cmdq_fill(cq, f, room, &seq);
	synced = f->sync_done;
	if (cq->q.prod == sub.start)
		return 0; /* only dropped prefetches */
	cmdq_publish(smmu);
	cmdq_link(cq, &sub);
	smmuv3_port_lock_release(smmu->cfg.port, &cq->lock);

	rc = cmdq_wait_piece(smmu, &sub, synced, mode, seq);

	smmuv3_port_lock_acquire(smmu->cfg.port, &cq->lock);
	return cmdq_finish_slow(cq, &sub, rc);
}

/* The general case, out of line so that the fast path stays small. */
static __attribute__((noinline)) int cmdq_issue(struct smmuv3_inst *smmu, const struct smmuv3_cmd *cmds, unsigned int n,
		      bool sync)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	struct cmdq_feed f = { .cmds = cmds, .n = n, .sync = sync };
	int first = 0;
	int rc;

	cq->stats.submissions++;
	while (feed_skip(cq, &f)) {
		rc = cmdq_issue_piece(smmu, &f);
		/* A wait that failed ends the submission; a command error
		 * does not (the later commands still go in). */
		if (rc == SMMUV3_ERR_TIMEOUT || rc == SMMUV3_ERR_FATAL)
			return rc;
		if (!first)
			first = rc;
	}
	return first;
}

/* Not done at the first look: link a record, wait without the lock,
 * take the lock again and unlink; returns with the lock released. */
static __attribute__((noinline)) int cmdq_wait_linked(struct smmuv3_inst *smmu, uint32_t start, bool sync,
						      enum smmuv3_sync_mode mode, uint32_t seq)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	struct smmuv3_cmdq_sub sub = { .start = start };
	int rc;

	cmdq_link(cq, &sub);
	smmuv3_port_lock_release(smmu->cfg.port, &cq->lock);
	rc = cmdq_wait_rest(smmu, &sub, sync, mode, seq);
	smmuv3_port_lock_acquire(smmu->cfg.port, &cq->lock);
	rc = cmdq_finish_slow(cq, &sub, rc);
	smmuv3_port_lock_release(smmu->cfg.port, &cq->lock);
	return rc;
}

/*
 * Under the lock, the common case: no quirk looks at each command and
 * everything fits in the room the cached CONS shows. One copy, one
 * CMD_SYNC, one barrier and PROD write, then one look at the SMMU while
 * the lock is still held: a submission already done (an SMMU that keeps
 * up, a consuming model) needs no record and no second lock round trip.
 * Otherwise the record is linked and the wait happens without the lock.
 * Returns with the lock released.
 */
static inline __attribute__((always_inline)) int cmdq_submit_fast(struct smmuv3_inst *smmu,
								  const struct smmuv3_cmd *cmds,
								  unsigned int n, bool sync,
								  uint64_t want)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	struct smmuv3_cmd *ring = cq->q.base;
	uint32_t wrap = cq->wrap_mask;
	uint32_t start = cq->q.prod;
	uint32_t prod;
	uint32_t seq = 0; /* MSI payload; never 0 when there is one */
	bool done;

	/* The CMD_SYNC first (nothing is visible before the PROD write):
	 * the copy is then the last call before publishing, with little
	 * left to keep across it. */
	prod = (start + n) & wrap;
	if (sync) {
		struct smmuv3_cmd *slot = &ring[prod & (wrap >> 1)];

		*slot = cq->sync_cmd;
		if (cq->sync_mode == SMMUV3_SYNC_MSI) {
			seq = cmdq_next_msi_seq(cq);
			slot->dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_SYNC_MSIDATA, seq);
		}
		prod = (prod + 1) & wrap;
		cq->stats.syncs++;
	}
	/* Anything but a final CMD_SYNC last: nothing to share (even if
	 * PROD comes round to the old value). */
	cq->sync_end = sync ? prod : UINT32_MAX;
	cq->q.prod = prod;
	cq->stats.cmds += want;
	cq->stats.submissions++;
	if (__builtin_expect(n == 1, 1)) {
		ring[start & (wrap >> 1)] = *cmds;
	} else if (n) {
		/* One memcpy up to the ring's end, one after it. */
		uint32_t idx = start & (wrap >> 1);
		uint32_t run = (wrap >> 1) + 1 - idx;

		if (__builtin_expect(n <= run, 1)) {
			memcpy(&ring[idx], cmds, (size_t)n * sizeof(*cmds));
		} else {
			memcpy(&ring[idx], cmds, (size_t)run * sizeof(*cmds));
			memcpy(ring, cmds + run, (size_t)(n - run) * sizeof(*cmds));
		}
	}
	cmdq_publish(smmu);
	/*
	 * One look with the lock still held. Nobody writes past PROD
	 * meanwhile, and the SMMU never reads past it, so CONS equal to PROD
	 * (index and wrap) means all of ours are consumed; and none halted
	 * the queue, since a command error stops CONS at the command until a
	 * lock holder recovers it.
	 */
	if (__builtin_expect(seq != 0, 0)) {
		done = (int32_t)(cmdq_msi_word(cq) - seq) >= 0;
		if (done)
			smmuv3_port_rmb();
	} else {
		done = (smmuv3_read32(smmu, cq->q.cons_reg) & cq->wrap_mask) == prod;
	}
	if (__builtin_expect(done, 1)) {
		cq->q.cons = prod;
		smmuv3_port_lock_release(smmu->cfg.port, &cq->lock);
		return 0;
	}
	return cmdq_wait_linked(smmu, start, sync, cq->sync_mode, seq);
}

/*
 * Under the lock, a sync-only submission right after a submission that
 * ended in a CMD_SYNC: that CMD_SYNC already covers every command
 * written before this call, so wait for it instead of writing another.
 * The wait is by CONS in every mode (a CMD_SYNC is consumed only once
 * complete), so it does not matter whose MSI payload it carries. An
 * error in the slot stays charged to the submission that wrote it (the
 * older record is found first). Returns with the lock released.
 */
static __attribute__((noinline)) int cmdq_sync_shared(struct smmuv3_inst *smmu)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	uint32_t prod = cq->q.prod;

	cq->stats.syncs_shared++;
	if (cq->q.cons == prod) {
		/* Already seen consumed: nothing to wait for. */
		smmuv3_port_lock_release(smmu->cfg.port, &cq->lock);
		return 0;
	}
	return cmdq_wait_linked(smmu, (prod - 1) & cq->wrap_mask, false, cq->sync_mode, 0);
}

/* Past validation: take the lock and go the fast way if it fits.
 * Separate so that the checks before it need no stack frame. */
static __attribute__((noinline)) int cmdq_submit_locked(struct smmuv3_inst *smmu,
							const struct smmuv3_cmd *cmds,
							unsigned int n, bool sync)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	uint64_t want;
	uint32_t used;
	int rc;

	smmuv3_port_lock_acquire(smmu->cfg.port, &cq->lock);
	want = (uint64_t)n + (sync ? 1u : 0u);
	if (__builtin_expect(!n, 0) && cq->sync_end == cq->q.prod)
		return cmdq_sync_shared(smmu);
	/*
	 * Nobody waiting, no quirk, and room by the cached CONS: one compare
	 * (fast_room is 0 while a record is linked or a quirk is in force).
	 * With waiters the general path runs, which never reads the SMMU
	 * with the lock held.
	 */
	used = (cq->q.prod - cq->q.cons) & cq->wrap_mask;
	if (__builtin_expect(want + used <= cq->fast_room, 1))
		return cmdq_submit_fast(smmu, cmds, n, sync, want);
	rc = cmdq_issue(smmu, cmds, n, sync);
	smmuv3_port_lock_release(smmu->cfg.port, &cq->lock);
	return rc;
}

int smmuv3_cmdq_submit(struct smmuv3 *smmu_pub, const struct smmuv3_cmd *cmds,
		       unsigned int n, bool sync)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	if (!smmu || (!cmds && n))
		return SMMUV3_ERR_INVAL;
	if (smmu->state == SMMUV3_STATE_FAILED)
		return SMMUV3_ERR_FATAL;
	if (!smmu->cmdq.q.base || !(smmu->cr0 & SMMUV3_CR0_CMDQEN))
		return SMMUV3_ERR_STATE;
	if (!n && !sync)
		return 0;
	return cmdq_submit_locked(smmu, cmds, n, sync);
}
