// SPDX-License-Identifier: BSD-3-Clause
/*
 * Delivery: who gets an event or page request, and the answers the SMMU
 * waits for. The owner of a StreamID (the endpoint ID it was claimed
 * by, smmuv3_stream_owner()) selects the handler; unowned streams, and
 * owners without a handler, go to the default one. Nothing is silently
 * dropped: with no handler at all the record is logged, a stall is
 * aborted and a page request group denied, so no device waits forever.
 */
#include "core/internal.h"
#include "evtq_internal.h"

static struct smmuv3_fault_handler *handler_find(struct smmuv3_evtq *e, uint32_t owner)
{
	for (struct smmuv3_fault_handler *h = e->handlers; h; h = h->next)
		if (h->owner == owner)
			return h;
	return NULL;
}

static bool handler_linked(struct smmuv3_evtq *e, const struct smmuv3_fault_handler *h)
{
	for (struct smmuv3_fault_handler *p = e->handlers; p; p = p->next)
		if (p == h)
			return true;
	return false;
}

int smmuv3_fault_handler_register(struct smmuv3 *smmu_pub, struct smmuv3_fault_handler *h)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	struct smmuv3_evtq *e;
	int rc = 0;

	if (!smmu || !h)
		return SMMUV3_ERR_INVAL;
	e = &smmu->evtq;
	smmuv3_port_lock_acquire(smmu->cfg.port, &e->lock);
	if (handler_linked(e, h) || handler_find(e, h->owner)) {
		rc = SMMUV3_ERR_BUSY;
	} else {
		h->next = e->handlers;
		e->handlers = h;
	}
	smmuv3_port_lock_release(smmu->cfg.port, &e->lock);
	return rc;
}

int smmuv3_fault_handler_unregister(struct smmuv3 *smmu_pub, struct smmuv3_fault_handler *h)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	struct smmuv3_fault_handler **pp;
	int rc = SMMUV3_ERR_NOENT;

	if (!smmu || !h)
		return SMMUV3_ERR_INVAL;
	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->evtq.lock);
	for (pp = &smmu->evtq.handlers; *pp; pp = &(*pp)->next) {
		if (*pp == h) {
			*pp = h->next;
			h->next = NULL;
			rc = 0;
			break;
		}
	}
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->evtq.lock);
	return rc;
}

int smmuv3_fault_set_default(struct smmuv3 *smmu_pub, smmuv3_event_fn *event,
			     smmuv3_pri_fn *pri, void *arg)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->evtq.lock);
	smmu->evtq.dflt.event = event;
	smmu->evtq.dflt.pri = pri;
	smmu->evtq.dflt.arg = arg;
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->evtq.lock);
	return 0;
}

/* The owner of @sid, if any, and its handlers (NULL when none). */
static const struct smmuv3_fault_handler *route(struct smmuv3_inst *smmu, uint32_t sid,
						 uint32_t *owner, bool *owned)
{
	*owner = 0;
	*owned = smmuv3_stream_owner(smmuv3_inst_pub(smmu), sid, owner) == 0;
	if (!*owned)
		*owner = 0;
	return *owned ? handler_find(&smmu->evtq, *owner) : NULL;
}

/*
 * CMD_RESUME and CMD_STALL_TERM are CERROR_ILL where the queue's Security
 * state cannot stall (IHI 0070 4.7.1, 4.7.2): refuse them rather than
 * halt the command queue. Before reset, the queue's own STATE answers.
 */
static bool cannot_stall(const struct smmuv3_inst *smmu)
{
	enum smmuv3_stall_model m = smmuv3_bank_stall_model(smmu);

	return smmu->state == SMMUV3_STATE_ENABLED && m == SMMUV3_STALL_TERM_ONLY;
}

int smmuv3_stall_resume(struct smmuv3 *smmu_pub, uint32_t sid, uint16_t stag,
			enum smmuv3_stall_action action)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	static const enum smmuv3_resume_action map[] = {
		[SMMUV3_STALL_ABORT] = SMMUV3_RESUME_ABORT,
		[SMMUV3_STALL_RETRY] = SMMUV3_RESUME_RETRY,
		[SMMUV3_STALL_TERMINATE] = SMMUV3_RESUME_TERMINATE,
	};
	struct smmuv3_cmd cmd;

	if (!smmu || (unsigned int)action > SMMUV3_STALL_TERMINATE)
		return SMMUV3_ERR_INVAL;
	if (cannot_stall(smmu))
		return SMMUV3_ERR_NOTSUP;
	/* Events on the Secure queue come from Secure streams. */
	cmd = smmuv3_cmd_resume(sid, smmu->regime->ssec != 0, stag, map[action]);
	/* Consumption guarantees the retry or termination happens. */
	return smmuv3_cmdq_submit(smmuv3_inst_pub(smmu), &cmd, 1, false);
}

int smmuv3_stall_term(struct smmuv3 *smmu_pub, uint32_t sid)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	struct smmuv3_cmd cmd;

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	if (cannot_stall(smmu))
		return SMMUV3_ERR_NOTSUP;
	cmd = smmuv3_cmd_stall_term(sid, smmu->regime->ssec != 0);
	return smmuv3_cmdq_submit(smmuv3_inst_pub(smmu), &cmd, 1, true);
}

int smmuv3_pri_respond(struct smmuv3 *smmu_pub, const struct smmuv3_pri_req *req,
		       enum smmuv3_pri_resp resp)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	struct smmuv3_cmd cmd;

	if (!smmu || !req || (unsigned int)resp > SMMUV3_PRI_RESP_SUCCESS)
		return SMMUV3_ERR_INVAL;
	if (!smmuv3_priq_used(smmu))
		return SMMUV3_ERR_NOTSUP;
	cmd = smmuv3_cmd_pri_resp(req->sid, req->ssid, req->ssv, req->prgi, resp);
	return smmuv3_cmdq_submit(smmuv3_inst_pub(smmu), &cmd, 1, false);
}

static void stall_answer(struct smmuv3_inst *smmu, const struct smmuv3_event *ev,
			 enum smmuv3_stall_action action)
{
	struct smmuv3_evtq_stats *st = &smmu->evtq.stats;

	switch (action) {
	case SMMUV3_STALL_DEFER:
		st->stalls_deferred++;
		return;
	case SMMUV3_STALL_RETRY:
		st->stalls_retried++;
		break;
	case SMMUV3_STALL_TERMINATE:
		st->stalls_terminated++;
		break;
	case SMMUV3_STALL_ABORT:
	default:
		action = SMMUV3_STALL_ABORT;
		st->stalls_aborted++;
		break;
	}
	if (smmuv3_stall_resume(smmuv3_inst_pub(smmu), ev->sid, ev->stag, action)) {
		st->resp_errors++;
		smmuv3_err(smmu, "could not resume stalled transaction sid 0x%x stag 0x%x",
			   ev->sid, ev->stag);
	}
}

void smmuv3_evtq_dispatch(struct smmuv3_inst *smmu, const struct smmuv3_event *ev)
{
	struct smmuv3_evtq *e = &smmu->evtq;
	enum smmuv3_stall_action action = SMMUV3_STALL_ABORT;
	const struct smmuv3_fault_handler *h;
	uint32_t owner;
	bool owned;
	char line[200];

	h = route(smmu, ev->sid, &owner, &owned);
	smmuv3_event_format(ev, line, sizeof(line));
	if (h && h->event) {
		e->stats.events_owned++;
		smmuv3_dbg(smmu, "event for owner 0x%x: %s", owner, line);
		action = h->event(h->arg, ev, owner, owned);
	} else if (e->dflt.event) {
		e->stats.events_default++;
		smmuv3_dbg(smmu, "event: %s", line);
		action = e->dflt.event(e->dflt.arg, ev, owner, owned);
	} else {
		e->stats.events_dropped++;
		smmuv3_warn(smmu, "unhandled event: %s", line);
	}
	if ((ev->valid & SMMUV3_EVT_HAS_STALL) && ev->stall)
		stall_answer(smmu, ev, action);
}

void smmuv3_priq_dispatch(struct smmuv3_inst *smmu, const struct smmuv3_pri_req *req)
{
	struct smmuv3_evtq *e = &smmu->evtq;
	const struct smmuv3_fault_handler *h;
	int resp = SMMUV3_PRI_RESP_DENY;
	bool answered = false;
	uint32_t owner;
	bool owned;

	h = route(smmu, req->sid, &owner, &owned);
	if (h && h->pri) {
		resp = h->pri(h->arg, req, owner, owned);
		answered = true;
	} else if (e->dflt.pri) {
		resp = e->dflt.pri(e->dflt.arg, req, owner, owned);
		answered = true;
	}
	/* One response per group, on its last request; stop markers get none. */
	if (!req->last || req->stop_marker || resp == SMMUV3_PRI_DEFER)
		return;
	if (!answered || resp < SMMUV3_PRI_RESP_DENY || resp > SMMUV3_PRI_RESP_SUCCESS) {
		if (!answered)
			smmuv3_warn(smmu, "page request sid 0x%x prgi %u: no handler, denied",
				    req->sid, req->prgi);
		e->stats.pri_denied++;
		resp = SMMUV3_PRI_RESP_DENY;
	}
	if (smmuv3_pri_respond(smmuv3_inst_pub(smmu), req, (enum smmuv3_pri_resp)resp))
		e->stats.resp_errors++;
	else
		e->stats.pri_responses++;
}

int smmuv3_evtq_get_stats(struct smmuv3 *smmu_pub, struct smmuv3_evtq_stats *out)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	if (!smmu || !out)
		return SMMUV3_ERR_INVAL;
	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->evtq.lock);
	*out = smmu->evtq.stats;
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->evtq.lock);
	return 0;
}
