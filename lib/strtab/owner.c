// SPDX-License-Identifier: BSD-3-Clause
/*
 * Stream ownership: a stream belongs to the endpoint that claimed it
 * until that endpoint releases it. A second claimant is refused and
 * nothing changes, so one partition can never silently take over
 * another's device.
 */
#include "../core/internal.h"
#include "strtab_internal.h"
#include "../cd/cd_internal.h"

int smmuv3_stream_owner(const struct smmuv3 *smmu, uint32_t sid, uint32_t *owner)
{
	struct smmuv3_strtab_span *span;
	int rc;

	if (!smmu || !owner)
		return SMMUV3_ERR_INVAL;
	rc = smmuv3_strtab_check_sid(smmu, sid);
	if (rc == SMMUV3_ERR_STATE)
		return SMMUV3_ERR_RANGE; /* no table: every StreamID is beyond it */
	if (rc)
		return rc;
	span = smmuv3_strtab_span(smmu, sid);
	if (!span || !smmuv3_span_state(span, sid)->claimed)
		return SMMUV3_ERR_NOENT;
	*owner = smmuv3_span_state(span, sid)->owner;
	return 0;
}

int smmuv3_stream_lookup(struct smmuv3 *smmu, uint32_t sid, uint32_t owner,
			 struct smmuv3_strtab_span **span, struct smmuv3_stream_state **st)
{
	int rc;

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	rc = smmuv3_strtab_check_sid(smmu, sid);
	if (rc)
		return rc;
	*span = smmuv3_strtab_span(smmu, sid);
	if (!*span || !smmuv3_span_state(*span, sid)->claimed)
		return SMMUV3_ERR_NOENT;
	*st = smmuv3_span_state(*span, sid);
	return (*st)->owner == owner ? 0 : SMMUV3_ERR_OWNED;
}

int smmuv3_stream_claim(struct smmuv3 *smmu, uint32_t sid, uint32_t owner)
{
	struct smmuv3_strtab_span *span;
	struct smmuv3_stream_state *st;
	int rc = smmuv3_stream_lookup(smmu, sid, owner, &span, &st);

	if (rc != SMMUV3_ERR_NOENT)
		return rc; /* 0: already ours; OWNED: someone else's */
	rc = smmuv3_strtab_span_get(smmu, sid, &span);
	if (rc)
		return rc;
	st = smmuv3_span_state(span, sid);
	st->claimed = 1;
	st->owner = owner;
	st->mode = smmu->cfg.bypass_unconfigured ? SMMUV3_STREAM_BYPASS : SMMUV3_STREAM_ABORT;
	span->refs++;
	smmuv3_dbg(smmu, "SID 0x%x claimed by 0x%x", sid, owner);
	return 0;
}

int smmuv3_stream_release(struct smmuv3 *smmu, uint32_t sid, uint32_t owner)
{
	struct smmuv3_strtab_span *span;
	struct smmuv3_stream_state *st;
	struct smmuv3_ste def;
	int rc = smmuv3_stream_lookup(smmu, sid, owner, &span, &st);

	if (rc)
		return rc;
	smmuv3_ste_default(smmu, &def);
	rc = smmuv3_ste_install(smmu, sid, smmuv3_span_ste(span, sid), &def);
	st->claimed = 0;
	st->owner = 0;
	span->refs--;
	if (rc) {
		/* The SMMU may still use the old STE: keep its CD table (and the
		 * level-2 table) until teardown rather than free it under it. */
		smmuv3_err(smmu, "SID 0x%x released but its STE update failed (%d)", sid, rc);
		span->pinned = true;
		/* Its CDs still describe this owner's address spaces: the next
		 * owner must never be handed them. */
		st->cdtab_foreign = st->cdtab != NULL;
		return rc;
	}
	smmuv3_cdtab_release_stream(smmu, st);
	st->cdtab_foreign = 0;
	st->mode = 0;
	return smmuv3_strtab_span_put(smmu, span);
}
