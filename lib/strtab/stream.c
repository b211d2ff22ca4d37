// SPDX-License-Identifier: BSD-3-Clause
/*
 * Configuring a claimed stream: build the STE (allocating a library CD
 * table first when stage 1 needs one), then install it safely. Any
 * failure before the installation leaves the old STE live and frees
 * what was allocated for the new one.
 */
#include "libc/mem.h"

#include "core/internal.h"
#include "strtab_internal.h"
#include "cd/cd_internal.h"

static bool mode_has_s1(enum smmuv3_stream_mode mode)
{
	return mode == SMMUV3_STREAM_S1 || mode == SMMUV3_STREAM_NESTED;
}

static bool stream_ste_points_to(struct smmuv3_strtab_span *span, uint32_t sid,
				 const struct smmuv3_cdtab *tab)
{
	uint64_t w0 = smmuv3_span_ste(span, sid)[0];

	return (w0 & SMMUV3_STE0_S1CTXPTR) == tab->base_pa;
}

/* The library CD table the new configuration uses (reused when it fits;
 * the span's CD table array made ready for it). */
static int stream_cdtab(struct smmuv3_inst *smmu, struct smmuv3_strtab_span *span,
			struct smmuv3_cdtab *cur, const struct smmuv3_stream_cfg *cfg,
			struct smmuv3_cdtab **out)
{
	int rc;

	*out = NULL;
	if (!mode_has_s1(cfg->mode))
		return 0;
	if (cfg->s1.cdtab_pa)
		return smmuv3_cdtab_check_caller(smmu, &cfg->s1);
	if (cfg->s1.ssid_bits > smmu->feat.ssid_bits)
		return SMMUV3_ERR_RANGE;
	if (cur && cur->ssid_bits == cfg->s1.ssid_bits) {
		*out = cur;
		return 0;
	}
	rc = smmuv3_span_cdtab_reserve(smmu, span);
	if (rc)
		return rc;
	rc = smmuv3_cdtab_alloc(smmu, cfg->s1.ssid_bits, out);
	if (rc)
		smmuv3_span_cdtab_unreserve(smmu, span);
	return rc;
}

static int stream_configure(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner,
			    const struct smmuv3_stream_cfg *cfg, bool raw);

/* Free a counted library CD table no stream holds any more. */
static void stream_cdtab_drop(struct smmuv3_inst *smmu, struct smmuv3_strtab_span *span,
			      struct smmuv3_cdtab *tab)
{
	smmuv3_cdtab_free(smmu, tab);
	smmuv3_span_cdtab_unreserve(smmu, span);
}

/* The domains attached own the STE: a raw configuration would strand
 * them (docs/ownership.md). */
static int stream_busy(const struct smmuv3_inst *smmu, uint32_t sid)
{
	bool busy;

	smmuv3_lock(smmu);
	busy = smmuv3_stream_has_domain(smmu, sid);
	smmuv3_unlock(smmu);
	return busy ? SMMUV3_ERR_BUSY : 0;
}

int smmuv3_stream_configure(struct smmuv3 *smmu_pub, uint32_t sid, uint32_t owner,
			    const struct smmuv3_stream_cfg *cfg)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	return stream_configure(smmu, sid, owner, cfg, true);
}

int smmuv3_stream_apply(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner,
			const struct smmuv3_stream_cfg *cfg)
{
	return stream_configure(smmu, sid, owner, cfg, false);
}

/*
 * The STE of a stream using library CD table @tab. Nested, the SMMU
 * reads the table through stage 2: S1ContextPtr and the L1CD pointers
 * are IPAs in the stage 2's table window, and a table outside it is
 * refused (SMMUV3_ERR_TABLE_WINDOW) rather than pointed to by its PA.
 */
static int stream_lib_ste(struct smmuv3_inst *smmu, const struct smmuv3_stream_cfg *cfg,
			  struct smmuv3_cdtab *tab, struct smmuv3_ste *ste)
{
	static const struct smmuv3_table_window none;
	uint64_t addr;
	int rc = smmuv3_cdtab_set_window(smmu, tab,
					 cfg->mode == SMMUV3_STREAM_NESTED ? &cfg->s2.win : &none,
					 &addr);

	return rc ? rc : smmuv3_ste_build(smmuv3_inst_pub(smmu), cfg, addr, tab->fmt, ste);
}

/* @raw: the caller's own configuration, refused under a domain. */
static int stream_configure(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner,
			    const struct smmuv3_stream_cfg *cfg, bool raw)
{
	struct smmuv3_strtab_span *span;
	struct smmuv3_stream_state *st;
	struct smmuv3_cdtab *tab, *cur;
	struct smmuv3_ste ste;
	int rc;

	if (!smmu || !cfg)
		return SMMUV3_ERR_INVAL;
	rc = smmuv3_stream_lookup(smmu, sid, owner, &span, &st);
	if (!rc && raw)
		rc = stream_busy(smmu, sid);
	if (rc)
		return rc;
	cur = smmuv3_stream_cdtab(span, st, sid);
	rc = stream_cdtab(smmu, span, cur, cfg, &tab);
	if (rc)
		return rc;
	if (tab)
		rc = stream_lib_ste(smmu, cfg, tab, &ste);
	else
		rc = smmuv3_ste_build(smmuv3_inst_pub(smmu), cfg, cfg->s1.cdtab_pa, cfg->s1.cdtab_fmt, &ste);
	/* CDs kept from a stalling configuration must not outlive it: under
	 * S1STALLD = 1 a CD with S = 1 is ILLEGAL (C_BAD_CD). */
	if (!rc && tab && tab == cur && (ste.dw[1] & SMMUV3_STE1_S1STALLD) &&
	    smmuv3_cdtab_any_stall(tab))
		rc = SMMUV3_ERR_STATE;
	if (rc) {
		if (tab && tab != cur)
			stream_cdtab_drop(smmu, span, tab);
		return rc;
	}
	rc = smmuv3_ste_install(smmu, sid, smmuv3_span_ste(span, sid), &ste);
	if (rc) {
		smmuv3_err(smmu, "SID 0x%x: STE installation failed (%d)", sid, rc);
		if (tab && tab != cur) {
			if (!stream_ste_points_to(span, sid, tab)) {
				/* Never written where the SMMU could see it. */
				stream_cdtab_drop(smmu, span, tab);
			} else {
				/* The SMMU may use either table: the old one
				 * lives on, chained to the new one, until an
				 * STE pointing to neither is installed. */
				smmuv3_err(smmu, "SID 0x%x: old CD table kept until the next update",
					   sid);
				tab->abandoned = cur;
				smmuv3_stream_set_cdtab(span, st, sid, tab);
				/* Two tables, one slot: count them as one. */
				if (cur)
					smmuv3_span_cdtab_unreserve(smmu, span);
			}
		}
		span->pinned = true;
		return rc;
	}
	/* CFGI_STE also dropped every CD cached through this stream. */
	if (cur != tab) {
		smmuv3_stream_set_cdtab(span, st, sid, tab);
		if (cur)
			stream_cdtab_drop(smmu, span, cur);
	}
	st->mode = (uint8_t)cfg->mode;
	sst_set_ssid_bits(st, mode_has_s1(cfg->mode) ? cfg->s1.ssid_bits : 0);
	return 0;
}

int smmuv3_stream_read_ste(const struct smmuv3 *smmu_pub, uint32_t sid, struct smmuv3_ste *ste)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);
	struct smmuv3_strtab_span *span;
	int rc;

	if (!smmu || !ste)
		return SMMUV3_ERR_INVAL;
	rc = smmuv3_strtab_check_sid(smmu, sid);
	if (rc)
		return rc;
	span = smmuv3_strtab_span(smmu, sid);
	if (!span)
		return SMMUV3_ERR_NOENT;
	memcpy(ste->dw, smmuv3_span_ste(span, sid), sizeof(ste->dw));
	return 0;
}
