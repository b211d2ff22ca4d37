// SPDX-License-Identifier: BSD-3-Clause
/*
 * Draining the event and PRI queues. Records are copied out of the
 * queue, CONS is written back once per burst (freeing the slots before
 * the handlers run), and PROD is read again until the queue is empty or
 * a budget of twice the queue size is spent, so that an SMMU producing
 * as fast as we consume cannot keep an interrupt handler forever.
 * Overflow (PROD.OVFLG differing from the OVACKFLG we last wrote) is
 * counted, reported and acknowledged with the next CONS write.
 */
#include "libc/mem.h"

#include "core/internal.h"
#include "core/queue.h"
#include "evtq_internal.h"

typedef void drain_fn(struct smmuv3_inst *smmu, const uint64_t *rec);

struct drain_q {
	struct smmuv3_queue *q;
	uint32_t *ovack;
	uint64_t *overflows;
	const char *name;
	drain_fn *handle;
};

static void drain_event(struct smmuv3_inst *smmu, const uint64_t *rec)
{
	struct smmuv3_event ev;

	smmuv3_event_decode(rec, smmu->cfg.secure, &ev);
	smmu->evtq.stats.events++;
	smmuv3_evtq_dispatch(smmu, &ev);
}

static void drain_pri(struct smmuv3_inst *smmu, const uint64_t *rec)
{
	struct smmuv3_pri_req req;

	smmuv3_pri_decode(rec, &req);
	smmu->evtq.stats.pri_requests++;
	smmuv3_priq_dispatch(smmu, &req);
}

static void drain_write_cons(struct smmuv3_inst *smmu, const struct drain_q *d)
{
	smmuv3_write32(smmu, d->q->cons_reg, d->q->cons | *d->ovack);
}

static int drain_queue(struct smmuv3_inst *smmu, const struct drain_q *d)
{
	struct smmuv3_queue *q = d->q;
	uint32_t budget = 2 * smmuv3_q_entries(q);
	uint64_t rec[4];
	uint32_t prod;
	int n = 0;

	for (;;) {
		prod = smmuv3_read32(smmu, q->prod_reg);
		if ((prod & SMMUV3_Q_OVFLG) != *d->ovack) {
			(*d->overflows)++;
			*d->ovack = prod & (uint32_t)SMMUV3_Q_OVFLG;
			smmuv3_warn(smmu, "%s overflowed: records were lost", d->name);
			drain_write_cons(smmu, d);
		}
		prod = smmuv3_q_ptr(q, prod);
		if (smmuv3_q_empty(q, prod, q->cons) || !budget)
			break;
		/* PROD before the records it covers. */
		smmuv3_port_rmb();
		while (!smmuv3_q_empty(q, prod, q->cons) && budget) {
			void *slot = smmuv3_q_slot(q, q->cons);

			if (!smmu->coherent)
				smmuv3_port_dma_invalidate(smmu->cfg.port, slot, q->entry_bytes);
			memcpy(rec, slot, q->entry_bytes);
			q->cons = smmuv3_q_inc(q, q->cons, 1);
			budget--;
			n++;
			d->handle(smmu, rec);
		}
		/* Record reads complete before the slots are handed back. */
		smmuv3_port_mb();
		drain_write_cons(smmu, d);
	}
	return n;
}

static int drain_check(struct smmuv3_inst *smmu, uint32_t enable)
{
	/* A failed SMMU's queues may still hold the records explaining why. */
	if ((smmu->state != SMMUV3_STATE_ENABLED && smmu->state != SMMUV3_STATE_FAILED) ||
	    !(smmu->cr0 & enable))
		return SMMUV3_ERR_STATE;
	return 0;
}

/* Check, lock and drain one queue. */
static int drain_locked(struct smmuv3_inst *smmu, uint32_t enable, const struct drain_q *d)
{
	int rc = drain_check(smmu, enable);

	if (rc)
		return rc;
	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->evtq.lock);
	rc = drain_queue(smmu, d);
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->evtq.lock);
	return rc;
}

int smmuv3_evtq_drain(struct smmuv3 *smmu_pub)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	struct drain_q d;

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	d = (struct drain_q){ &smmu->evtq.q, &smmu->evtq.evtq_ovack,
			      &smmu->evtq.stats.evtq_overflows, "event queue", drain_event };
	return drain_locked(smmu, (uint32_t)SMMUV3_CR0_EVENTQEN, &d);
}

int smmuv3_priq_drain(struct smmuv3 *smmu_pub)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	struct drain_q d;

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	if (!smmuv3_priq_used(smmu))
		return 0;
	d = (struct drain_q){ &smmu->evtq.priq, &smmu->evtq.priq_ovack,
			      &smmu->evtq.stats.pri_overflows, "PRI queue", drain_pri };
	return drain_locked(smmu, (uint32_t)SMMUV3_CR0_PRIQEN, &d);
}

int smmuv3_poll(struct smmuv3 *smmu_pub)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	int grc, rc, n = 0;

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	/* Records a queue abort made GERROR drain count as delivered too. */
	grc = smmuv3_gerror_handle_count(smmu, &n);
	if (grc < 0 && grc != SMMUV3_ERR_FATAL)
		return grc;
	/* Even in service failure mode: deliver what the SMMU recorded. */
	rc = smmuv3_evtq_drain(smmuv3_inst_pub(smmu));
	if (rc < 0)
		return rc;
	n += rc;
	rc = smmuv3_priq_drain(smmuv3_inst_pub(smmu));
	if (rc < 0)
		return rc;
	return grc == SMMUV3_ERR_FATAL ? grc : n + rc;
}
