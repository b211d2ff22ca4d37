// SPDX-License-Identifier: BSD-3-Clause
/*
 * STE builder: one function per part of the entry (attributes, stage 1,
 * stage 2), each checking its fields against what the SMMU implements
 * before encoding them, so an STE the library writes is never ILLEGAL
 * (IHI 0070 5.2.2).
 */
#include "libc/mem.h"

#include "core/internal.h"
#include "strtab_internal.h"
#include "core/ttcfg.h"

static bool cfg_override_ok(uint8_t v)
{
	/* 0b01 is reserved in PRIVCFG/INSTCFG/NSCFG (two-bit fields). */
	return SMMUV3_FIELD_FITS(SMMUV3_STE1_NSCFG, v) && v != SMMUV3_STE_CFG_RESERVED;
}

static int ste_attrs(const struct smmuv3_inst *smmu, const struct smmuv3_stream_cfg *cfg,
		     uint64_t *dw1)
{
	const struct smmuv3_ste_attrs *a = &cfg->attrs;
	bool s1 = cfg->mode == SMMUV3_STREAM_S1 || cfg->mode == SMMUV3_STREAM_NESTED;

	if (a->types) {
		if (!smmu->feat.attr_types_ovr)
			return SMMUV3_ERR_NOTSUP;
		if (!SMMUV3_FIELD_FITS(SMMUV3_STE1_MEMATTR, a->memattr) ||
		    !SMMUV3_FIELD_FITS(SMMUV3_STE1_ALLOCCFG, a->alloccfg) ||
		    !SMMUV3_FIELD_FITS(SMMUV3_STE1_SHCFG, a->shcfg))
			return SMMUV3_ERR_INVAL;
		*dw1 |= SMMUV3_STE1_MTCFG | SMMUV3_FIELD_PREP(SMMUV3_STE1_MEMATTR, a->memattr) |
			SMMUV3_FIELD_PREP(SMMUV3_STE1_ALLOCCFG, a->alloccfg) |
			SMMUV3_FIELD_PREP(SMMUV3_STE1_SHCFG, a->shcfg);
	} else if (smmu->feat.attr_types_ovr) {
		/* SHCFG 0 would force Non-shareable: keep the incoming value. */
		*dw1 |= SMMUV3_FIELD_PREP(SMMUV3_STE1_SHCFG, SMMUV3_STE_SHCFG_INCOMING);
	}
	if (a->perms) {
		if (!smmu->feat.attr_perms_ovr)
			return SMMUV3_ERR_NOTSUP;
		if (!cfg_override_ok(a->privcfg) || !cfg_override_ok(a->instcfg))
			return SMMUV3_ERR_INVAL;
		*dw1 |= SMMUV3_FIELD_PREP(SMMUV3_STE1_PRIVCFG, a->privcfg) |
			SMMUV3_FIELD_PREP(SMMUV3_STE1_INSTCFG, a->instcfg);
	}
	if (a->nscfg) {
		/* Only a Secure STE without stage 1 takes its NS from NSCFG. */
		if (!smmu->cfg.secure || s1 || !cfg_override_ok(a->nscfg))
			return SMMUV3_ERR_INVAL;
		if (!smmu->feat.attr_perms_ovr)
			return SMMUV3_ERR_NOTSUP;
		*dw1 |= SMMUV3_FIELD_PREP(SMMUV3_STE1_NSCFG, a->nscfg);
	}
	return 0;
}

/* Alignment the STE requires of a CD table (or of its level-1 table). */
static uint64_t cd_table_align(unsigned int ssid_bits, unsigned int fmt)
{
	unsigned int leaf = fmt == SMMUV3_STE_S1FMT_64_64K ? SMMUV3_CD_L2_BITS_64K
							  : SMMUV3_CD_L2_BITS_4K;
	uint64_t bytes;

	if (!ssid_bits || fmt == SMMUV3_STE_S1FMT_LINEAR)
		return (uint64_t)SMMUV3_CD_BYTES << ssid_bits;
	bytes = (uint64_t)SMMUV3_L1CD_BYTES << (ssid_bits > leaf ? ssid_bits - leaf : 0);
	return bytes < SMMUV3_STE_S1CTXPTR_ALIGN ? SMMUV3_STE_S1CTXPTR_ALIGN : bytes;
}

static int ste_strw(const struct smmuv3_inst *smmu, const struct smmuv3_stream_cfg *cfg)
{
	uint8_t strw = cfg->s1.strw;

	if (strw == SMMUV3_STE_STRW_NSEL1)
		return 0;
	/* STRW is IGNORED with stage 2: insist on the default there. */
	if (cfg->mode != SMMUV3_STREAM_S1)
		return SMMUV3_ERR_INVAL;
	if (strw == SMMUV3_STE_STRW_EL2)
		return (smmu->cfg.secure ? smmu->feat.sel2 : smmu->feat.hyp) ? 0 : SMMUV3_ERR_NOTSUP;
	if (strw == SMMUV3_STE_STRW_EL3 && smmu->cfg.secure)
		return smmu->feat.rme ? SMMUV3_ERR_NOTSUP : 0;
	return SMMUV3_ERR_INVAL;
}

static int ste_s1(const struct smmuv3_inst *smmu, const struct smmuv3_stream_cfg *cfg,
		  uint64_t cd_pa, unsigned int cd_fmt, struct smmuv3_ste *ste)
{
	const struct smmuv3_s1_cfg *s1 = &cfg->s1;
	bool nested = cfg->mode == SMMUV3_STREAM_NESTED;
	unsigned int space = nested ? smmu->feat.ias_bits : smmu->feat.oas_bits;
	uint64_t cache = smmu->coherent ? SMMUV3_CACHE_WBWA : SMMUV3_CACHE_NC;
	uint64_t sh = smmu->coherent ? SMMUV3_SH_ISH : SMMUV3_SH_OSH;
	int rc;

	if (!smmu->feat.stage1)
		return SMMUV3_ERR_NOTSUP;
	if (s1->ssid_bits > smmu->feat.ssid_bits)
		return SMMUV3_ERR_RANGE;
	if (s1->s1dss > SMMUV3_STE_S1DSS_SSID0 || cd_fmt > SMMUV3_STE_S1FMT_64_64K)
		return SMMUV3_ERR_INVAL;
	if (s1->ssid_bits && cd_fmt != SMMUV3_STE_S1FMT_LINEAR && !smmu->feat.cd_2lvl)
		return SMMUV3_ERR_NOTSUP;
	if (!cd_pa || cd_pa & (cd_table_align(s1->ssid_bits, cd_fmt) - 1))
		return SMMUV3_ERR_ALIGN;
	if (space < 64 && cd_pa >> space)
		return SMMUV3_ERR_RANGE;
	rc = ste_strw(smmu, cfg);
	if (rc)
		return rc;
	ste->dw[0] |= (cd_pa & SMMUV3_STE0_S1CTXPTR) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE0_S1CDMAX, s1->ssid_bits);
	if (s1->ssid_bits) {
		ste->dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_STE0_S1FMT, cd_fmt);
		ste->dw[1] |= SMMUV3_FIELD_PREP(SMMUV3_STE1_S1DSS, s1->s1dss);
	}
	ste->dw[1] |= SMMUV3_FIELD_PREP(SMMUV3_STE1_S1CIR, cache) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE1_S1COR, cache) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE1_S1CSH, sh) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE1_STRW, s1->strw);
	/* S1STALLD = 1 is ILLEGAL unless the model offers both stall and
	 * terminate; there it keeps CDs from stalling unless asked to. */
	if (smmuv3_bank_stall_model(smmu) == SMMUV3_STALL_AND_TERM && !cfg->stall)
		ste->dw[1] |= SMMUV3_STE1_S1STALLD;
	if (cfg->mode == SMMUV3_STREAM_S1 && smmu->feat.stage2 && !smmu->cfg.secure) {
		/* NS-EL1 stage-1 TLB entries are tagged with S2VMID. */
		if (!SMMUV3_FIELD_FITS(SMMUV3_GENMASK(smmu->feat.vmid_bits - 1, 0), s1->vmid))
			return SMMUV3_ERR_RANGE;
		ste->dw[2] |= SMMUV3_FIELD_PREP(SMMUV3_STE2_S2VMID, s1->vmid);
	}
	return 0;
}

/*
 * Root table of a stage-2 walk: @t0sz and @sl0 must agree with the
 * granule (at most 16 concatenated tables at the start level). Returns
 * the root table size in bytes, or 0 when inconsistent.
 */
static uint64_t s2_root_bytes(enum smmuv3_granule g, unsigned int t0sz, unsigned int sl0)
{
	unsigned int stride = (unsigned int)g - 3;
	unsigned int in_bits = 64 - t0sz;
	int start = g == SMMUV3_GRANULE_4K ? 2 - (int)sl0 : 3 - (int)sl0;
	unsigned int below, root_bits;

	/* SL0 = 3 means level 3 (4K, FEAT_TTST) or level 0 (16K, with DS):
	 * neither is something the library's tables use, and QEMU refuses it. */
	if (sl0 > 2 || start < 0)
		return 0;
	below = (unsigned int)g + (unsigned int)(3 - start) * stride;
	if (in_bits <= below)
		return 0;
	root_bits = in_bits - below;
	if (root_bits > stride + 4)
		return 0;
	return (uint64_t)sizeof(uint64_t) << root_bits; /* descriptors of 8 bytes */
}

static int s2_walk_check(const struct smmuv3_inst *smmu, enum smmuv3_granule g, unsigned int t0sz,
			 unsigned int sl0, uint64_t ttb, unsigned int ps_bits)
{
	int rc = smmuv3_walk_size_check(&smmu->feat, g, t0sz, smmu->feat.ias_bits);
	uint64_t root;

	if (rc)
		return rc;
	root = s2_root_bytes(g, t0sz, sl0);
	if (!root)
		return SMMUV3_ERR_INVAL;
	if (!ttb)
		return SMMUV3_ERR_ALIGN;
	return smmuv3_ttb_check(ttb, root, g, ps_bits);
}

static int s2_secure(const struct smmuv3_inst *smmu, const struct smmuv3_s2_cfg *s2,
		     unsigned int ps_bits, struct smmuv3_ste *ste)
{
	int rc = s2_walk_check(smmu, s2->s_tg, s2->s_t0sz, s2->s_sl0, s2->s_ttb, ps_bits);

	if (rc)
		return rc;
	ste->dw[4] |= SMMUV3_FIELD_PREP(SMMUV3_STE4_S_S2T0SZ, s2->s_t0sz) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE4_S_S2SL0, s2->s_sl0) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE4_S_S2TG, smmuv3_tg0(s2->s_tg));
	ste->dw[6] |= (s2->sw ? SMMUV3_STE6_S2SW : 0) | (s2->sa ? SMMUV3_STE6_S2SA : 0) |
		      (s2->s_ttb & SMMUV3_STE6_S_S2TTB);
	ste->dw[3] |= (s2->nsw ? SMMUV3_STE3_S2NSW : 0) | (s2->nsa ? SMMUV3_STE3_S2NSA : 0);
	return 0;
}

static int ste_s2(const struct smmuv3_inst *smmu, const struct smmuv3_s2_cfg *s2, bool stall,
		  struct smmuv3_ste *ste)
{
	unsigned int ps_bits = smmuv3_pa_bits(s2->ps);
	int rc;

	if (!smmu->feat.stage2 || (smmu->cfg.secure && !smmu->feat.sel2))
		return SMMUV3_ERR_NOTSUP;
	if (!SMMUV3_FIELD_FITS(SMMUV3_GENMASK(smmu->feat.vmid_bits - 1, 0), s2->vmid))
		return SMMUV3_ERR_RANGE;
	if (!ps_bits || ps_bits > smmu->feat.oas_bits)
		return SMMUV3_ERR_RANGE;
	if (s2->ir0 > 3 || s2->or0 > 3 || s2->sh0 == 1 || s2->sh0 > 3)
		return SMMUV3_ERR_INVAL;
	if (smmu->feat.tt_endian == SMMUV3_TT_ENDIAN_BIG)
		return SMMUV3_ERR_NOTSUP; /* the library writes little-endian tables */
	rc = s2_walk_check(smmu, s2->tg, s2->t0sz, s2->sl0, s2->ttb, ps_bits);
	if (rc)
		return rc;
	ste->dw[2] |= SMMUV3_FIELD_PREP(SMMUV3_STE2_S2VMID, s2->vmid) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE2_S2T0SZ, s2->t0sz) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE2_S2SL0, s2->sl0) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE2_S2IR0, s2->ir0) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE2_S2OR0, s2->or0) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE2_S2SH0, s2->sh0) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE2_S2TG, smmuv3_tg0(s2->tg)) |
		      SMMUV3_FIELD_PREP(SMMUV3_STE2_S2PS, s2->ps) |
		      SMMUV3_STE2_S2AA64 |
		      (s2->affd ? SMMUV3_STE2_S2AFFD : 0) |
		      (s2->ptw ? SMMUV3_STE2_S2PTW : 0) |
		      (s2->record_faults ? SMMUV3_STE2_S2R : 0) |
		      /* A forced stall model makes S2S = 0 ILLEGAL. */
		      (stall || smmuv3_bank_stall_model(smmu) == SMMUV3_STALL_FORCED ? SMMUV3_STE2_S2S : 0);
	ste->dw[3] |= s2->ttb & SMMUV3_STE3_S2TTB;
	return smmu->cfg.secure ? s2_secure(smmu, s2, ps_bits, ste) : 0;
}

static int ste_eats(const struct smmuv3_inst *smmu, const struct smmuv3_stream_cfg *cfg,
		    struct smmuv3_ste *ste)
{
	if (!cfg->ats)
		return 0;
	if (cfg->mode == SMMUV3_STREAM_ABORT || cfg->mode == SMMUV3_STREAM_BYPASS ||
	    smmu->cfg.secure)
		return SMMUV3_ERR_INVAL;
	/* Full ATS with S2S set is ILLEGAL when stage 2 translates. */
	if (!smmu->feat.ats || (ste->dw[2] & SMMUV3_STE2_S2S))
		return SMMUV3_ERR_NOTSUP;
	ste->dw[1] |= SMMUV3_FIELD_PREP(SMMUV3_STE1_EATS, SMMUV3_STE_EATS_TRANS);
	return 0;
}

static const uint8_t mode_config[] = {
	[SMMUV3_STREAM_ABORT] = SMMUV3_STE_CONFIG_ABORT,
	[SMMUV3_STREAM_BYPASS] = SMMUV3_STE_CONFIG_BYPASS,
	[SMMUV3_STREAM_S1] = SMMUV3_STE_CONFIG_S1,
	[SMMUV3_STREAM_S2] = SMMUV3_STE_CONFIG_S2,
	[SMMUV3_STREAM_NESTED] = SMMUV3_STE_CONFIG_NESTED,
};

int smmuv3_ste_build(const struct smmuv3 *smmu_pub, const struct smmuv3_stream_cfg *cfg,
		     uint64_t cd_pa, unsigned int cd_fmt, struct smmuv3_ste *ste)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);
	struct smmuv3_ste e;
	int rc = 0;

	if (!smmu || !cfg || !ste || (unsigned int)cfg->mode >= SMMUV3_ARRAY_SIZE(mode_config))
		return SMMUV3_ERR_INVAL;
	if (smmu->state < SMMUV3_STATE_PROBED || smmu->state == SMMUV3_STATE_FAILED)
		return SMMUV3_ERR_STATE;
	memset(&e, 0, sizeof(e));
	e.dw[0] = SMMUV3_STE0_V | SMMUV3_FIELD_PREP(SMMUV3_STE0_CONFIG, mode_config[cfg->mode]);
	if (cfg->mode != SMMUV3_STREAM_ABORT)
		rc = ste_attrs(smmu, cfg, &e.dw[1]);
	/* Stalls need a translating stage and a model that can stall
	 * (S2S = 1 or a CD's S = 1 is ILLEGAL on a terminate-only SMMU). */
	if (cfg->stall && (cfg->mode == SMMUV3_STREAM_ABORT || cfg->mode == SMMUV3_STREAM_BYPASS))
		return SMMUV3_ERR_INVAL;
	if (cfg->stall && smmuv3_bank_stall_model(smmu) == SMMUV3_STALL_TERM_ONLY)
		return SMMUV3_ERR_NOTSUP;
	if (!rc && (cfg->mode == SMMUV3_STREAM_S2 || cfg->mode == SMMUV3_STREAM_NESTED))
		rc = ste_s2(smmu, &cfg->s2, cfg->stall, &e);
	if (!rc && (cfg->mode == SMMUV3_STREAM_S1 || cfg->mode == SMMUV3_STREAM_NESTED))
		rc = ste_s1(smmu, cfg, cd_pa, cd_fmt, &e);
	if (!rc)
		rc = ste_eats(smmu, cfg, &e);
	if (rc)
		return rc;
	*ste = e;
	return 0;
}

void smmuv3_stream_cfg_init(const struct smmuv3 *smmu_pub, struct smmuv3_stream_cfg *cfg,
			    enum smmuv3_stream_mode mode)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);
	bool coherent = smmu && smmu->coherent;
	unsigned int oas = smmu && smmu->feat.oas_bits ? smmu->feat.oas_bits : 40;
	unsigned int ipa = oas < 40 ? oas : 40;

	if (!cfg)
		return;
	memset(cfg, 0, sizeof(*cfg));
	cfg->mode = mode;
	cfg->s2.t0sz = (uint8_t)(64 - ipa);
	/* 4 KiB granule: a level-1 start (SL0 = 1) serves 31..43 input bits
	 * with one to sixteen concatenated tables; below, start at level 2. */
	cfg->s2.sl0 = ipa >= 31 ? 1 : 0;
	cfg->s2.tg = SMMUV3_GRANULE_4K;
	cfg->s2.ps = (uint8_t)smmuv3_pa_enc(oas);
	cfg->s2.ir0 = coherent ? SMMUV3_CACHE_WBWA : SMMUV3_CACHE_NC;
	cfg->s2.or0 = cfg->s2.ir0;
	cfg->s2.sh0 = coherent ? SMMUV3_SH_ISH : SMMUV3_SH_OSH;
	cfg->s2.record_faults = true;
	cfg->s2.s_t0sz = cfg->s2.t0sz;
	cfg->s2.s_sl0 = cfg->s2.sl0;
	cfg->s2.s_tg = SMMUV3_GRANULE_4K;
}
