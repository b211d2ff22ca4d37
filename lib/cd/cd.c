// SPDX-License-Identifier: BSD-3-Clause
/*
 * CD builder: fields checked against the SMMU before encoding, so a CD
 * the library writes is never ILLEGAL (IHI 0070 5.4.2).
 */
#include "libc/mem.h"

#include <smmuv3/pgtable.h>

#include "core/internal.h"
#include "cd_internal.h"
#include "core/ttcfg.h"

/* Root table size of a stage-1 walk of 64 - @txsz bits with granule @g. */
static uint64_t s1_root_bytes(enum smmuv3_granule g, unsigned int txsz)
{
	unsigned int stride = (unsigned int)g - 3;
	unsigned int in_bits = 64 - txsz;
	unsigned int levels = (in_bits - (unsigned int)g + stride - 1) / stride;
	unsigned int root_bits = in_bits - (unsigned int)g - (levels - 1) * stride;

	return (uint64_t)sizeof(uint64_t) << root_bits; /* descriptors of 8 bytes */
}

static int cd_half_check(const struct smmuv3_inst *smmu, enum smmuv3_granule g, unsigned int txsz,
			 uint64_t ttb, unsigned int ips_bits)
{
	int rc = smmuv3_walk_size_check(&smmu->feat, g, txsz, smmu->feat.va_bits);

	return rc ? rc : smmuv3_ttb_check(ttb, s1_root_bytes(g, txsz), g, ips_bits);
}

static unsigned int tg1_enc(enum smmuv3_granule g)
{
	return g == SMMUV3_GRANULE_64K ? SMMUV3_TG1_64K
	       : g == SMMUV3_GRANULE_16K ? SMMUV3_TG1_16K : SMMUV3_TG1_4K;
}

/* Where CD word 0 keeps the walk parameters of TTB0 and of TTB1. */
struct cd_half_fields {
	uint64_t txsz, tg, ir, or_, sh, epd;
};

static const struct cd_half_fields cd_halves[2] = {
	{ SMMUV3_CD0_T0SZ, SMMUV3_CD0_TG0, SMMUV3_CD0_IR0, SMMUV3_CD0_OR0, SMMUV3_CD0_SH0,
	  SMMUV3_CD0_EPD0 },
	{ SMMUV3_CD0_T1SZ, SMMUV3_CD0_TG1, SMMUV3_CD0_IR1, SMMUV3_CD0_OR1, SMMUV3_CD0_SH1,
	  SMMUV3_CD0_EPD1 },
};

/* Word-0 bits of one half: disabled, or its size, granule and walk attributes. */
static uint64_t cd_half(const struct cd_half_fields *h, const struct smmuv3_cd_cfg *cfg,
			bool epd, unsigned int txsz, unsigned int tg_enc)
{
	if (epd)
		return h->epd;
	return SMMUV3_FIELD_PREP(h->txsz, txsz) | SMMUV3_FIELD_PREP(h->tg, tg_enc) |
	       SMMUV3_FIELD_PREP(h->ir, cfg->ir) | SMMUV3_FIELD_PREP(h->or_, cfg->or_) |
	       SMMUV3_FIELD_PREP(h->sh, cfg->sh);
}

static int cd_flags(const struct smmuv3_inst *smmu, const struct smmuv3_cd_cfg *cfg, uint64_t *dw0)
{
	enum smmuv3_stall_model stall = smmuv3_bank_stall_model(smmu);

	if (cfg->ha && smmu->feat.httu == SMMUV3_HTTU_NONE)
		return SMMUV3_ERR_NOTSUP;
	if (cfg->hd && (smmu->feat.httu != SMMUV3_HTTU_ACCESS_DIRTY || !cfg->ha))
		return cfg->ha ? SMMUV3_ERR_NOTSUP : SMMUV3_ERR_INVAL;
	/* S = 1 is ILLEGAL on a terminate-only SMMU, S = 0 when stalls are
	 * forced; the STE's S1STALLD is checked when the CD is installed. */
	if (cfg->stall && stall == SMMUV3_STALL_TERM_ONLY)
		return SMMUV3_ERR_NOTSUP;
	*dw0 |= SMMUV3_CD0_AA64 | (cfg->ha ? SMMUV3_CD0_HA : 0) | (cfg->hd ? SMMUV3_CD0_HD : 0) |
		(cfg->record_faults ? SMMUV3_CD0_R : 0) |
		(cfg->abort_faults || smmu->feat.term_model ? SMMUV3_CD0_A : 0) |
		(cfg->stall || stall == SMMUV3_STALL_FORCED ? SMMUV3_CD0_S : 0);
	return 0;
}

int smmuv3_cd_build(const struct smmuv3 *smmu_pub, const struct smmuv3_cd_cfg *cfg,
		    struct smmuv3_cd *cd)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);
	unsigned int ips_bits;
	struct smmuv3_cd e;
	int rc = 0;

	if (!smmu || !cfg || !cd)
		return SMMUV3_ERR_INVAL;
	if (smmu->state < SMMUV3_STATE_PROBED || smmu->state == SMMUV3_STATE_FAILED)
		return SMMUV3_ERR_STATE;
	if (!smmu->feat.stage1)
		return SMMUV3_ERR_NOTSUP;
	if (cfg->ir > 3 || cfg->or_ > 3 || cfg->sh == 1 || cfg->sh > 3)
		return SMMUV3_ERR_INVAL;
	ips_bits = smmuv3_pa_bits(cfg->ips);
	if (!ips_bits || ips_bits > smmu->feat.oas_bits)
		return SMMUV3_ERR_RANGE;
	if (!SMMUV3_FIELD_FITS(SMMUV3_GENMASK(smmu->feat.asid_bits - 1, 0), cfg->asid))
		return SMMUV3_ERR_RANGE;
	if (smmu->feat.tt_endian == SMMUV3_TT_ENDIAN_BIG)
		return SMMUV3_ERR_NOTSUP;
	if (!cfg->epd0)
		rc = cd_half_check(smmu, cfg->tg0, cfg->t0sz, cfg->ttb0, ips_bits);
	if (!rc && !cfg->epd1)
		rc = cd_half_check(smmu, cfg->tg1, cfg->t1sz, cfg->ttb1, ips_bits);
	memset(&e, 0, sizeof(e));
	if (!rc)
		rc = cd_flags(smmu, cfg, &e.dw[0]);
	if (rc)
		return rc;
	e.dw[0] |= SMMUV3_CD0_V | SMMUV3_FIELD_PREP(SMMUV3_CD0_IPS, cfg->ips) |
		   SMMUV3_FIELD_PREP(SMMUV3_CD0_ASID, cfg->asid) |
		   cd_half(&cd_halves[0], cfg, cfg->epd0, cfg->t0sz, smmuv3_tg0(cfg->tg0)) |
		   cd_half(&cd_halves[1], cfg, cfg->epd1, cfg->t1sz, tg1_enc(cfg->tg1));
	e.dw[1] = cfg->epd0 ? 0 : cfg->ttb0 & SMMUV3_CD1_TTB0;
	e.dw[2] = cfg->epd1 ? 0 : cfg->ttb1 & SMMUV3_CD2_TTB1;
	e.dw[3] = cfg->mair;
	*cd = e;
	return 0;
}

void smmuv3_cd_cfg_init(const struct smmuv3 *smmu_pub, struct smmuv3_cd_cfg *cfg)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);
	unsigned int oas = smmu && smmu->feat.oas_bits ? smmu->feat.oas_bits : 48;

	if (!cfg)
		return;
	memset(cfg, 0, sizeof(*cfg));
	cfg->t0sz = 16;
	cfg->t1sz = 16;
	cfg->tg0 = SMMUV3_GRANULE_4K;
	cfg->tg1 = SMMUV3_GRANULE_4K;
	cfg->epd1 = true;
	cfg->ir = SMMUV3_CACHE_WBWA;
	cfg->or_ = SMMUV3_CACHE_WBWA;
	cfg->sh = SMMUV3_SH_ISH;
	cfg->ips = (uint8_t)smmuv3_pa_enc(oas);
	/* The attribute indexes the library's page tables write. */
	cfg->mair = SMMUV3_PGTABLE_MAIR;
	cfg->abort_faults = true;
	cfg->record_faults = true;
}
