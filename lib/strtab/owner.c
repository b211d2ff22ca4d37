// SPDX-License-Identifier: BSD-3-Clause
/*
 * Stream ownership: a stream belongs to the endpoint that claimed it
 * until that endpoint releases it. A second claimant is refused and
 * nothing changes, so one partition can never silently take over
 * another's device.
 */
#include "core/internal.h"
#include "strtab_internal.h"
#include "cd/cd_internal.h"

int smmuv3_stream_owner(const struct smmuv3 *smmu_pub, uint32_t sid, uint32_t *owner)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);
	struct smmuv3_strtab_span *span;
	int rc;

	if (!smmu || !owner)
		return SMMUV3_ERR_INVAL;
	rc = smmuv3_strtab_check_sid(smmu, sid);
	if (rc == SMMUV3_ERR_STATE)
		return SMMUV3_ERR_RANGE; /* no table: every StreamID is beyond it */
	if (rc)
		return rc;
	/* Called by event routing while claims allocate and free spans. */
	smmuv3_lock(smmu);
	span = smmuv3_strtab_span(smmu, sid);
	rc = SMMUV3_ERR_NOENT;
	if (span && sst_claimed(smmuv3_span_state(span, sid))) {
		*owner = sst_owner(smmuv3_span_state(span, sid));
		rc = 0;
	}
	smmuv3_unlock(smmu);
	return rc;
}

int smmuv3_stream_lookup(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner,
			 struct smmuv3_strtab_span **span, struct smmuv3_stream_state **st)
{
	int rc;

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	rc = smmuv3_strtab_check_sid(smmu, sid);
	if (rc)
		return rc;
	*span = smmuv3_strtab_span(smmu, sid);
	if (!*span || !sst_claimed(smmuv3_span_state(*span, sid)))
		return SMMUV3_ERR_NOENT;
	*st = smmuv3_span_state(*span, sid);
	return sst_owner(*st) == owner ? 0 : SMMUV3_ERR_OWNED;
}

static bool ste_is(const uint64_t *live, const struct smmuv3_ste *ste)
{
	for (unsigned int i = 0; i < SMMUV3_STE_DWORDS; i++)
		if (live[i] != ste->dw[i])
			return false;
	return true;
}

/*
 * A stream whose release failed may still be cached by the SMMU with its
 * previous owner's STE and CDs. Before anyone claims it: the default STE,
 * CFGI_STE + CMD_SYNC even if memory already holds it, then the old CD
 * table can go.
 */
static int stream_scrub(struct smmuv3_inst *smmu, struct smmuv3_strtab_span *span, uint32_t sid)
{
	struct smmuv3_stream_state *st = smmuv3_span_state(span, sid);
	uint64_t *live = smmuv3_span_ste(span, sid);
	struct smmuv3_ste def;
	struct smmuv3_cmd cmd;
	int rc;

	smmuv3_ste_default(smmu, &def);
	if (!ste_is(live, &def)) {
		/* Ends with CFGI_STE + CMD_SYNC after the last word written. */
		rc = smmuv3_ste_install(smmu, sid, live, &def);
	} else {
		cmd = smmuv3_cfgi_cmd(smmu, smmuv3_cmd_cfgi_ste(sid, true));
		rc = smmuv3_cmdq_submit(smmuv3_inst_pub(smmu), &cmd, 1, true);
	}
	if (rc)
		return rc;
	smmuv3_cdtab_release_stream(smmu, span, sid);
	sst_set(st, SST_STALE, false);
	return 0;
}

/* Instance lock held: the span's reference count and L1 descriptor are
 * shared with every StreamID of the span. */
static int claim_locked(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner)
{
	struct smmuv3_strtab_span *span;
	struct smmuv3_stream_state *st;
	int rc;

	/* The bookkeeping keeps 16 bits of owner (4 bytes per stream). */
	if (owner > SMMUV3_STREAM_OWNER_MAX)
		return SMMUV3_ERR_INVAL;
	rc = smmuv3_stream_lookup(smmu, sid, owner, &span, &st);
	if (rc != SMMUV3_ERR_NOENT)
		return rc; /* 0: already ours; OWNED: someone else's */
	rc = smmuv3_strtab_span_get(smmu, sid, &span);
	if (!rc && sst_stale(smmuv3_span_state(span, sid)))
		rc = stream_scrub(smmu, span, sid);
	if (rc)
		return rc;
	st = smmuv3_span_state(span, sid);
	st->owner_p1 = (uint16_t)(owner + 1u);
	st->mode = smmu->cfg.bypass_unconfigured ? SMMUV3_STREAM_BYPASS : SMMUV3_STREAM_ABORT;
	span->refs++;
	smmuv3_dbg(smmu, "SID 0x%x claimed by 0x%x", sid, owner);
	return 0;
}

/* Run @fn under the instance lock. */
static int with_lock(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner,
		     int (*fn)(struct smmuv3_inst *, uint32_t, uint32_t))
{
	int rc;

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	smmuv3_lock(smmu);
	rc = fn(smmu, sid, owner);
	smmuv3_unlock(smmu);
	return rc;
}

int smmuv3_stream_claim(struct smmuv3 *smmu_pub, uint32_t sid, uint32_t owner)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	return with_lock(smmu, sid, owner, claim_locked);
}

/*
 * A failed SMMU reads nothing more: the claim ends and its CD table goes
 * without a command. The level-2 table stays until teardown.
 */
static int release_dead(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner)
{
	struct smmuv3_strtab_span *span;
	struct smmuv3_stream_state *st;

	if (!smmu->strtab.base ||
	    (smmu->strtab.log2size < 32 && (sid >> smmu->strtab.log2size)))
		return SMMUV3_ERR_RANGE;
	span = smmuv3_strtab_span(smmu, sid);
	if (!span || !sst_claimed(smmuv3_span_state(span, sid)))
		return SMMUV3_ERR_NOENT;
	st = smmuv3_span_state(span, sid);
	if (sst_owner(st) != owner)
		return SMMUV3_ERR_OWNED;
	if (smmuv3_stream_has_domain(smmu, sid))
		return SMMUV3_ERR_BUSY;
	st->owner_p1 = 0;
	span->refs--;
	span->pinned = true;
	smmuv3_cdtab_release_stream(smmu, span, sid);
	return 0;
}

/* Instance lock held (see claim_locked()). */
static int release_locked(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner)
{
	struct smmuv3_strtab_span *span;
	struct smmuv3_stream_state *st;
	struct smmuv3_ste def;
	int rc;

	if (smmu->state == SMMUV3_STATE_FAILED)
		return release_dead(smmu, sid, owner);
	rc = smmuv3_stream_lookup(smmu, sid, owner, &span, &st);
	if (rc)
		return rc;
	/* Attached domains would be stranded: their owner detaches first. */
	if (smmuv3_stream_has_domain(smmu, sid))
		return SMMUV3_ERR_BUSY;
	smmuv3_ste_default(smmu, &def);
	rc = smmuv3_ste_install(smmu, sid, smmuv3_span_ste(span, sid), &def);
	st->owner_p1 = 0;
	span->refs--;
	if (rc) {
		/* The SMMU may still use the old STE: keep its CD table (and the
		 * level-2 table) until teardown rather than free it under it. */
		smmuv3_err(smmu, "SID 0x%x released but its STE update failed (%d)", sid, rc);
		span->pinned = true;
		/* The next claim makes the SMMU forget it before anyone else
		 * gets the stream. */
		sst_set(st, SST_STALE, true);
		return rc;
	}
	smmuv3_cdtab_release_stream(smmu, span, sid);
	st->mode = 0;
	return smmuv3_strtab_span_put(smmu, span);
}

int smmuv3_stream_release(struct smmuv3 *smmu_pub, uint32_t sid, uint32_t owner)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	return with_lock(smmu, sid, owner, release_locked);
}
