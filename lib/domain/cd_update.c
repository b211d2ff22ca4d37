// SPDX-License-Identifier: BSD-3-Clause
/*
 * Writing CDs of a stream's library-managed table, by the same rules as
 * STEs (docs/ste-cd-update-rules.md): CFGI_CD + CMD_SYNC after every
 * step. The quiet intermediate CD keeps V = 1 but disables both walks
 * (EPD0 = EPD1 = 1), fault records and stalls, so traffic during a
 * break-before-make update faults quietly instead of seeing C_BAD_CD.
 */
#include "libc/desc.h"
#include "libc/mem.h"

#include "core/internal.h"
#include "cd/cd_internal.h"
#include "strtab/strtab_internal.h"
#include "domain_internal.h"

#define CD0_HALF0 (SMMUV3_CD0_T0SZ | SMMUV3_CD0_TG0 | SMMUV3_CD0_IR0 | SMMUV3_CD0_OR0 | \
		   SMMUV3_CD0_SH0)
#define CD0_HALF1 (SMMUV3_CD0_T1SZ | SMMUV3_CD0_TG1 | SMMUV3_CD0_IR1 | SMMUV3_CD0_OR1 | \
		   SMMUV3_CD0_SH1)

struct cd_target {
	uint32_t sid, ssid;
	/* Leaf-only invalidation; two-level tables also refresh the L1CD, in
	 * case announcing a new leaf failed earlier. */
	bool leaf;
};

static void cd_used(const struct smmuv3_inst *smmu, const uint64_t *cd, uint64_t *used)
{
	bool epd0 = cd[0] & SMMUV3_CD0_EPD0, epd1 = cd[0] & SMMUV3_CD0_EPD1;

	(void)smmu;
	memset(used, 0, SMMUV3_CD_BYTES);
	used[0] = SMMUV3_CD0_V;
	if (!(cd[0] & SMMUV3_CD0_V))
		return;
	used[0] = ~UINT64_C(0);
	if (epd0)
		used[0] &= ~CD0_HALF0;
	else
		used[1] = ~UINT64_C(0);
	if (epd1)
		used[0] &= ~CD0_HALF1;
	else
		used[2] = ~UINT64_C(0);
	if (!epd0 || !epd1)
		used[3] = SMMUV3_CD3_MAIR;
}

/*
 * The quiet CD: V = 1, both walks off, no fault records, and no stall.
 * A stalled transaction is recorded whatever R says (IHI 0070 3.12.2),
 * and would wait for software to answer about a configuration being
 * replaced; with S = 0 it terminates instead (A decides abort or RAZ/WI).
 * Only where stalls are forced is S = 0 ILLEGAL: there S stays.
 */
static uint64_t cd_quiet0(const struct smmuv3_inst *smmu, const uint64_t *cur)
{
	enum smmuv3_stall_model model = smmuv3_bank_stall_model(smmu);
	uint64_t keep = model == SMMUV3_STALL_FORCED ? ~SMMUV3_CD0_R
						     : ~(SMMUV3_CD0_R | SMMUV3_CD0_S);

	return (cur[0] & keep) | SMMUV3_CD0_V | SMMUV3_CD0_EPD0 | SMMUV3_CD0_EPD1;
}

static int cd_invalidate(struct smmuv3_inst *smmu, const void *arg)
{
	const struct cd_target *t = arg;
	struct smmuv3_cmd cmd = smmuv3_cfgi_cmd(smmu, smmuv3_cmd_cfgi_cd(t->sid, t->ssid, t->leaf));

	return smmuv3_cmdq_submit(smmuv3_inst_pub(smmu), &cmd, 1, true);
}

static const struct smmuv3_entry_ops cd_ops = {
	.used = cd_used,
	.quiet0 = cd_quiet0,
	.invalidate = cd_invalidate,
	.dwords = SMMUV3_CD_DWORDS,
};

/* The stream's library CD table, for @owner, with @ssid in range. */
static int cd_stream(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner, uint32_t ssid,
		     struct smmuv3_cdtab **out)
{
	struct smmuv3_strtab_span *span;
	struct smmuv3_stream_state *st;
	int rc = smmuv3_stream_lookup(smmu, sid, owner, &span, &st);

	if (rc)
		return rc;
	if (st->mode != SMMUV3_STREAM_S1 && st->mode != SMMUV3_STREAM_NESTED)
		return SMMUV3_ERR_STATE;
	if ((uint64_t)ssid >> sst_ssid_bits(st))
		return SMMUV3_ERR_RANGE;
	*out = smmuv3_stream_cdtab(span, st, sid);
	return 0;
}

/* A new leaf: write the CD into it first, then hook it (IHI 0070 5.3.1). */
static int cd_install_new_leaf(struct smmuv3_inst *smmu, struct smmuv3_cdtab *tab,
			       const struct cd_target *t, const struct smmuv3_cd *cd)
{
	uint64_t l1, *slot, *l1d = tab->base + (t->ssid >> SMMUV3_CD_L2_BITS_4K);
	struct smmuv3_cmd cmd;
	int rc = smmuv3_cdtab_leaf_alloc(smmu, tab, t->ssid, &l1);

	if (rc)
		return rc;
	slot = smmuv3_cdtab_cd(tab, t->ssid);
	memcpy(slot, cd->dw, sizeof(cd->dw));
	smmuv3_dma_sync(smmu, slot, SMMUV3_CD_BYTES);
	smmuv3_desc_publish(l1d, l1); /* after the leaf's CD */
	smmuv3_dma_sync(smmu, l1d, sizeof(*l1d));
	cmd = smmuv3_cfgi_cmd(smmu, smmuv3_cmd_cfgi_cd(t->sid, t->ssid, false));
	return smmuv3_cmdq_submit(smmuv3_inst_pub(smmu), &cmd, 1, true);
}

/* Whether a domain occupies (sid, ssid): its CD is the domain's. */
static bool cd_occupied(const struct smmuv3_inst *smmu, uint32_t sid, uint32_t ssid)
{
	bool occupied;

	smmuv3_lock(smmu);
	occupied = smmuv3_occupant_locked(smmu, sid, ssid) != NULL;
	smmuv3_unlock(smmu);
	return occupied;
}

/* @raw: a caller's own CD, refused where a domain's CD lives. */
static int cd_write(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner, uint32_t ssid,
		    const struct smmuv3_cd *cd, bool raw)
{
	struct smmuv3_cdtab *tab;
	struct cd_target t = { sid, ssid, true };
	uint64_t *slot;
	int rc = cd_stream(smmu, sid, owner, ssid, &tab);

	if (rc)
		return rc;
	if (raw && cd_occupied(smmu, sid, ssid))
		return SMMUV3_ERR_BUSY;
	if (!tab)
		return SMMUV3_ERR_STATE; /* the caller owns this table */
	if (cd->dw[0] & SMMUV3_CD0_S) {
		struct smmuv3_ste ste;

		/* CD.S = 1 under STE.S1STALLD = 1 is ILLEGAL (C_BAD_CD). */
		rc = smmuv3_stream_read_ste(smmuv3_inst_pub(smmu), sid, &ste);
		if (rc)
			return rc;
		if (ste.dw[1] & SMMUV3_STE1_S1STALLD)
			return SMMUV3_ERR_STATE;
	}
	t.leaf = tab->fmt == SMMUV3_STE_S1FMT_LINEAR;
	slot = smmuv3_cdtab_cd(tab, ssid);
	if (!slot) {
		if (!(cd->dw[0] & SMMUV3_CD0_V))
			return 0; /* clearing a CD whose leaf never existed */
		return cd_install_new_leaf(smmu, tab, &t, cd);
	}
	return smmuv3_entry_update(smmu, slot, cd->dw, &cd_ops, &t);
}

static int set_cd(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner, uint32_t ssid,
		  const struct smmuv3_cd_cfg *cfg, bool raw)
{
	struct smmuv3_cd cd;
	int rc;

	if (!smmu || !cfg)
		return SMMUV3_ERR_INVAL;
	rc = smmuv3_cd_build(smmuv3_inst_pub(smmu), cfg, &cd);
	if (rc)
		return rc;
	return cd_write(smmu, sid, owner, ssid, &cd, raw);
}

static int clear_cd(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner, uint32_t ssid, bool raw)
{
	struct smmuv3_cd cd;

	memset(&cd, 0, sizeof(cd));
	return cd_write(smmu, sid, owner, ssid, &cd, raw);
}

int smmuv3_stream_set_cd(struct smmuv3 *smmu_pub, uint32_t sid, uint32_t owner, uint32_t ssid,
			 const struct smmuv3_cd_cfg *cfg)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	return set_cd(smmu, sid, owner, ssid, cfg, true);
}

int smmuv3_stream_clear_cd(struct smmuv3 *smmu_pub, uint32_t sid, uint32_t owner, uint32_t ssid)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	return clear_cd(smmu, sid, owner, ssid, true);
}

int smmuv3_cd_set_domain(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner, uint32_t ssid,
			 const struct smmuv3_cd_cfg *cfg)
{
	return set_cd(smmu, sid, owner, ssid, cfg, false);
}

int smmuv3_cd_clear_domain(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner, uint32_t ssid)
{
	return clear_cd(smmu, sid, owner, ssid, false);
}

int smmuv3_stream_sync_cd(struct smmuv3 *smmu_pub, uint32_t sid, uint32_t owner, uint32_t ssid,
			  bool all)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	struct smmuv3_cdtab *tab;
	struct smmuv3_cmd cmd;
	int rc = cd_stream(smmu, sid, owner, all ? 0 : ssid, &tab);

	if (rc)
		return rc;
	cmd = all ? smmuv3_cmd_cfgi_cd_all(sid) : smmuv3_cmd_cfgi_cd(sid, ssid, false);
	cmd = smmuv3_cfgi_cmd(smmu, cmd);
	return smmuv3_cmdq_submit(smmuv3_inst_pub(smmu), &cmd, 1, true);
}
