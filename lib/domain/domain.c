// SPDX-License-Identifier: BSD-3-Clause
/*
 * Domains: a page table, its ASID or VMID, and the streams and substreams
 * it is installed in (through the stream-table API), kept coherent with
 * the SMMU's TLBs by tlbi.c.
 */
#include <smmuv3/domain.h>
#include <smmuv3/stream.h>

#include "core/internal.h"
#include "libc/mem.h"
#include "cd/cd_internal.h"
#include "strtab/strtab_internal.h"
#include "core/ttcfg.h"
#include "domain_internal.h"
#include "pgtable/pgtable_internal.h"
#include "pgtable/window.h"

void smmuv3_domain_cfg_init(const struct smmuv3 *smmu_pub, struct smmuv3_domain_cfg *cfg,
			    enum smmuv3_domain_type type)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);
	const struct smmuv3_features *f = smmu ? &smmu->feat : NULL;
	unsigned int oas = f && f->oas_bits ? f->oas_bits : 48;
	unsigned int ias = type == SMMUV3_DOMAIN_S2 && f && f->ias_bits ? f->ias_bits : 48;

	if (!cfg)
		return;
	memset(cfg, 0, sizeof(*cfg));
	cfg->type = type;
	cfg->granule_log2 = !f || f->gran_4k ? 12 : f->gran_16k ? 14 : 16;
	cfg->oas_bits = oas > 48 ? 48 : oas;
	cfg->ias_bits = ias > 48 ? 48 : ias;
	if (type == SMMUV3_DOMAIN_S1 && f && f->va_bits && f->va_bits < cfg->ias_bits)
		cfg->ias_bits = f->va_bits;
	cfg->inval = SMMUV3_INVAL_CMDQ;
	cfg->tlbi_max_cmds = SMMUV3_DOMAIN_MAX_TLBI;
}

/* Map, unmap and invalidation need a working SMMU. */
static int domain_usable(const struct smmuv3_dom *d)
{
	int rc = smmuv3_domain_live(d);

	if (!rc && d->smmu->state != SMMUV3_STATE_ENABLED)
		rc = SMMUV3_ERR_STATE;
	return rc;
}

static bool smmu_failed(const struct smmuv3_dom *d)
{
	return d->smmu->state == SMMUV3_STATE_FAILED;
}

static bool granule_ok(const struct smmuv3_features *f, unsigned int g)
{
	return (g == 12 && f->gran_4k) || (g == 14 && f->gran_16k) || (g == 16 && f->gran_64k);
}

static int check_common(const struct smmuv3_inst *smmu, enum smmuv3_domain_type type,
			enum smmuv3_inval_policy inval)
{
	if (smmu->state != SMMUV3_STATE_ENABLED)
		return SMMUV3_ERR_STATE;
	if (type != SMMUV3_DOMAIN_S1 && type != SMMUV3_DOMAIN_S2)
		return SMMUV3_ERR_INVAL;
	if (inval != SMMUV3_INVAL_CMDQ && inval != SMMUV3_INVAL_BROADCAST)
		return SMMUV3_ERR_INVAL;
	if ((type == SMMUV3_DOMAIN_S1 && !smmu->feat.stage1) ||
	    (type == SMMUV3_DOMAIN_S2 && !smmu->feat.stage2))
		return SMMUV3_ERR_NOTSUP;
	/* Broadcast maintenance reaches the SMMU only with BTM and PTM = 0. */
	if (inval == SMMUV3_INVAL_BROADCAST && !smmuv3_broadcast_tlbi(smmu))
		return SMMUV3_ERR_NOTSUP;
	return 0;
}

int smmuv3_domain_init(struct smmuv3 *smmu_pub, struct smmuv3_domain *d_pub,
		       const struct smmuv3_domain_cfg *cfg)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);
	struct smmuv3_pgtable_cfg pc;
	int rc;

	if (!smmu || !d || !cfg)
		return SMMUV3_ERR_INVAL;
	rc = check_common(smmu, cfg->type, cfg->inval);
	if (rc)
		return rc;
	if (!cfg->tlbi_max_cmds || cfg->tlbi_max_cmds > SMMUV3_DOMAIN_MAX_TLBI ||
	    (cfg->el2 && cfg->type != SMMUV3_DOMAIN_S1))
		return SMMUV3_ERR_INVAL;
	if (cfg->granule_log2 != 12 && cfg->granule_log2 != 14 && cfg->granule_log2 != 16)
		return SMMUV3_ERR_INVAL;
	if (cfg->el2 && !smmu->feat.hyp)
		return SMMUV3_ERR_NOTSUP;
	if (cfg->stall && smmuv3_bank_stall_model(smmu) == SMMUV3_STALL_TERM_ONLY)
		return SMMUV3_ERR_NOTSUP;
	if (!granule_ok(&smmu->feat, cfg->granule_log2))
		return SMMUV3_ERR_NOTSUP;
	if (cfg->oas_bits > smmu->feat.oas_bits)
		return SMMUV3_ERR_RANGE;
	/* Only a Secure stream's stage 2 has a second IPA space. */
	if (cfg->ns_space && (cfg->type != SMMUV3_DOMAIN_S2 || !smmu->cfg.secure))
		return SMMUV3_ERR_INVAL;

	memset(d, 0, sizeof(*d));
	d->smmu = smmu;
	d->cfg = *cfg;
	d->tlbi = smmuv3_domain_tlbi_regime(smmu, cfg);
	pc = (struct smmuv3_pgtable_cfg){
		.port = smmu->cfg.port,
		.stage = cfg->type == SMMUV3_DOMAIN_S1 ? SMMUV3_PGTABLE_STAGE1 : SMMUV3_PGTABLE_STAGE2,
		.granule_log2 = cfg->granule_log2,
		.ias_bits = cfg->ias_bits,
		.oas_bits = cfg->oas_bits,
		.coherent = smmu->coherent,
		.flags = cfg->pgtable_flags,
	};
	rc = smmuv3_pgtable_init(&d->pt, &pc);
	if (rc)
		goto fail;
	if (cfg->ns_space) {
		rc = smmuv3_pgtable_init(&d->pt_ns, &pc);
		if (rc) {
			smmuv3_pgtable_destroy(&d->pt);
			goto fail;
		}
	}
	rc = cfg->type == SMMUV3_DOMAIN_S1 ? smmuv3_asid_alloc(smmuv3_inst_pub(smmu), &d->asid) :
					     smmuv3_vmid_alloc(smmuv3_inst_pub(smmu), &d->vmid);
	if (rc) {
		smmuv3_domain_free_tables(d);
		goto fail;
	}
	d->own_id = true;
	smmuv3_domain_link(d);
	return 0;
fail:
	memset(d, 0, sizeof(*d));
	return rc;
}

static bool shared_txsz_ok(const struct smmuv3_inst *smmu, unsigned int g, unsigned int t0sz)
{
	return smmuv3_txsz_ok(&smmu->feat, (enum smmuv3_granule)g, t0sz, smmu->feat.ias_bits);
}

int smmuv3_domain_init_s2_shared(struct smmuv3 *smmu_pub, struct smmuv3_domain *d_pub,
				 const struct smmuv3_domain_s2_shared *s2,
				 enum smmuv3_inval_policy inval)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);
	int rc;

	if (!smmu || !d || !s2)
		return SMMUV3_ERR_INVAL;
	rc = check_common(smmu, SMMUV3_DOMAIN_S2, inval);
	if (rc)
		return rc;
	if (!smmuv3_granule_valid((enum smmuv3_granule)s2->granule_log2))
		return SMMUV3_ERR_INVAL;
	if (!granule_ok(&smmu->feat, s2->granule_log2))
		return SMMUV3_ERR_NOTSUP;
	/* The IPA size is derived from T0SZ: one the SMMU cannot walk
	 * would make every later range check meaningless. */
	if (!shared_txsz_ok(smmu, s2->granule_log2, s2->t0sz) ||
	    (s2->s_root_pa && !shared_txsz_ok(smmu, s2->granule_log2, s2->s_t0sz)))
		return SMMUV3_ERR_RANGE;
	if (smmu->feat.vmid_bits < 16 && (s2->vmid >> smmu->feat.vmid_bits))
		return SMMUV3_ERR_RANGE;
	memset(d, 0, sizeof(*d));
	d->smmu = smmu;
	smmuv3_domain_cfg_init(smmuv3_inst_pub(smmu), &d->cfg, SMMUV3_DOMAIN_S2);
	d->tlbi = smmuv3_domain_tlbi_regime(smmu, &d->cfg);
	d->cfg.granule_log2 = s2->granule_log2;
	d->cfg.ias_bits = 64 - s2->t0sz;
	d->cfg.inval = inval;
	d->shared = true;
	d->shared_root = s2->root_pa;
	d->shared_t0sz = s2->t0sz;
	d->shared_sl0 = s2->sl0;
	d->shared_ps = s2->ps;
	d->shared_s_root = s2->s_root_pa ? s2->s_root_pa : s2->root_pa;
	d->shared_s_t0sz = s2->s_root_pa ? s2->s_t0sz : s2->t0sz;
	d->shared_s_sl0 = s2->s_root_pa ? s2->s_sl0 : s2->sl0;
	d->vmid = s2->vmid;
	d->cfg.owner = s2->owner;
	smmuv3_domain_link(d);
	return 0;
}

/* The STE's stage-2 half for domain @s (a stage-2 domain). */
void smmuv3_domain_free_tables(struct smmuv3_dom *d)
{
	smmuv3_pgtable_destroy(&d->pt);
	if (d->cfg.ns_space)
		smmuv3_pgtable_destroy(&d->pt_ns);
}

int smmuv3_domain_s2_cfg(const struct smmuv3_dom *s, struct smmuv3_s2_cfg *c)
{
	struct smmuv3_pgtable_info info;

	c->vmid = s->vmid;
	c->win = s->win;
	c->tg = (enum smmuv3_granule)s->cfg.granule_log2;
	c->s_tg = c->tg;
	if (s->shared) {
		c->ttb = s->shared_root;
		c->t0sz = (uint8_t)s->shared_t0sz;
		c->sl0 = (uint8_t)s->shared_sl0;
		c->ps = (uint8_t)s->shared_ps;
		c->s_ttb = s->shared_s_root;
		c->s_t0sz = (uint8_t)s->shared_s_t0sz;
		c->s_sl0 = (uint8_t)s->shared_s_sl0;
		return 0;
	}
	if (smmuv3_pgtable_get_info(&s->pt, &info))
		return SMMUV3_ERR_INVAL;
	c->ttb = info.root_pa;
	c->t0sz = (uint8_t)info.tsz;
	c->sl0 = (uint8_t)info.sl0;
	c->ps = (uint8_t)info.ps;
	/* Only read by the STE builder on a Secure instance. */
	c->s_ttb = c->ttb;
	c->s_t0sz = c->t0sz;
	c->s_sl0 = c->sl0;
	if (s->cfg.ns_space) {
		/* Same geometry, own root: the Non-secure IPA space's table
		 * outputs Non-secure PAs (S2NSA; walks stay Secure). */
		if (smmuv3_pgtable_get_info(&s->pt_ns, &info))
			return SMMUV3_ERR_INVAL;
		c->ttb = info.root_pa;
		c->nsa = true;
	}
	return 0;
}

static struct smmuv3_domain_attachment *find_att(struct smmuv3_dom *d, uint32_t sid,
						 uint32_t ssid)
{
	for (unsigned int i = 0; i < SMMUV3_DOMAIN_MAX_ATTACH; i++)
		if (d->att[i].used && d->att[i].sid == sid && d->att[i].ssid == ssid)
			return &d->att[i];
	return NULL;
}

/* Forget every entry tagged with the domain's ASID/VMID. Until one such
 * invalidation completes, the domain owes it (inval_owed): a failure is
 * remembered, never lost. */
static int tlbi_all_sync(struct smmuv3_dom *d)
{
	struct smmuv3_cmd c[2];
	unsigned int n = smmuv3_domain_tlbi_all(d, c);
	int rc = smmuv3_cmdq_submit(smmuv3_inst_pub(d->smmu), c, n, true);

	if (rc) {
		d->inval_owed = true;
		return rc;
	}
	d->n_cmds += n;
	d->n_syncs++;
	d->inval_owed = false;
	return 0;
}

/* Settle an invalidation a failed call left owed, before the domain's
 * tag is used anywhere new or its tables change again. */
static int pay_owed(struct smmuv3_dom *d)
{
	return d->inval_owed ? tlbi_all_sync(d) : 0;
}

/* The stream configuration that puts stage-1 domain @d at a substream. */
static int s1_stream_cfg(struct smmuv3_dom *d, unsigned int ssid_bits,
			 struct smmuv3_dom *nest, struct smmuv3_stream_cfg *sc)
{
	uint16_t vmid = nest ? nest->vmid : 0;

	smmuv3_stream_cfg_init(smmuv3_inst_pub(d->smmu), sc, nest ? SMMUV3_STREAM_NESTED : SMMUV3_STREAM_S1);
	sc->s1.ssid_bits = ssid_bits;
	sc->s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	sc->s1.strw = d->cfg.el2 ? SMMUV3_STE_STRW_EL2 : SMMUV3_STE_STRW_NSEL1;
	sc->s1.vmid = vmid;
	sc->stall = d->cfg.stall;
	return nest ? smmuv3_domain_s2_cfg(nest, &sc->s2) : 0;
}

static int s1_set_cd(struct smmuv3_dom *d, uint32_t sid, uint32_t owner, uint32_t ssid)
{
	struct smmuv3_pgtable_info info;
	struct smmuv3_cd_cfg cc;

	smmuv3_pgtable_get_info(&d->pt, &info);
	smmuv3_cd_cfg_init(smmuv3_inst_pub(d->smmu), &cc);
	/* Nested: TTB0 is an IPA, the root's place in the window (checked
	 * by the attach). */
	if (smmuv3_window_addr(&d->win, info.root_pa, d->pt.root_bytes, &cc.ttb0))
		return SMMUV3_ERR_TABLE_WINDOW;
	cc.t0sz = (uint8_t)info.tsz;
	cc.tg0 = (enum smmuv3_granule)d->cfg.granule_log2;
	cc.ips = (uint8_t)info.ps;
	cc.asid = d->asid;
	cc.mair = SMMUV3_PGTABLE_MAIR;
	cc.stall = d->cfg.stall;
	return smmuv3_cd_set_domain(d->smmu, sid, owner, ssid, &cc);
}

static bool ste_equal(const struct smmuv3_ste *a, const struct smmuv3_ste *b)
{
	for (unsigned int i = 0; i < SMMUV3_STE_DWORDS; i++)
		if (a->dw[i] != b->dw[i])
			return false;
	return true;
}

/*
 * Take back a failed attach. The stream gets back the STE it had (@old):
 * an unconfigured stream's abort or bypass STE is rebuilt exactly; any
 * other configuration it had cannot be rebuilt from its words (its CD
 * table may be gone), so the stream is left aborting, the state detach
 * would leave. When the STE never changed, only the CD that may have
 * been written is cleared. The domain was perhaps live for a moment, so
 * its tag is invalidated (or owed). Returns 0 when the SMMU can no
 * longer reach the domain through (sid, ssid); otherwise *unsure tells
 * whether the STE itself is uncertain.
 */
static int attach_undo(struct smmuv3_dom *d, uint32_t sid, uint32_t owner, uint32_t ssid,
		       const struct smmuv3_ste *old, bool cd_tried, bool *unsure)
{
	struct smmuv3_stream_cfg sc;
	struct smmuv3_ste now;
	unsigned int config = (unsigned int)SMMUV3_FIELD_GET(SMMUV3_STE0_CONFIG, old->dw[0]);
	int rc;

	*unsure = false;
	rc = smmuv3_stream_read_ste(smmuv3_inst_pub(d->smmu), sid, &now);
	if (rc)
		return rc;
	if (!ste_equal(&now, old)) {
		smmuv3_stream_cfg_init(smmuv3_inst_pub(d->smmu), &sc,
				       (old->dw[0] & SMMUV3_STE0_V) &&
						       config == SMMUV3_STE_CONFIG_BYPASS ?
					       SMMUV3_STREAM_BYPASS :
					       SMMUV3_STREAM_ABORT);
		rc = smmuv3_stream_apply(d->smmu, sid, owner, &sc);
		*unsure = rc != 0;
	} else if (cd_tried) {
		rc = smmuv3_cd_clear_domain(d->smmu, sid, owner, ssid);
	} else {
		return 0; /* the SMMU never saw anything of the attempt */
	}
	if (rc) {
		smmuv3_err(d->smmu, "SID 0x%x SSID 0x%x: failed attach not undone (%d)", sid, ssid,
			   rc);
		return rc;
	}
	/* A failure only leaves the invalidation owed, paid by the next call. */
	(void)tlbi_all_sync(d);
	return 0;
}

/*
 * Whether the stream's live STE already lets its stage-1 CDs stall, as
 * another (stalling) domain's attachment at another substream left it.
 * Such a stream keeps stalling: S1STALLD = 1 would make that domain's
 * CD ILLEGAL. Where stalls are forced S1STALLD is always 0 anyway.
 */
static bool ste_s1_stalls(const struct smmuv3_ste *ste)
{
	unsigned int config = (unsigned int)SMMUV3_FIELD_GET(SMMUV3_STE0_CONFIG, ste->dw[0]);

	return (ste->dw[0] & SMMUV3_STE0_V) &&
	       (config == SMMUV3_STE_CONFIG_S1 || config == SMMUV3_STE_CONFIG_NESTED) &&
	       !(ste->dw[1] & SMMUV3_STE1_S1STALLD);
}

static bool window_equal(const struct smmuv3_table_window *a, const struct smmuv3_table_window *b)
{
	return a->ipa == b->ipa && a->pa == b->pa && a->size == b->size;
}

/* The table window stage-1 domain @d nested over @nest (NULL: none) is
 * addressed through. Another window than its own is taken on only while
 * it is installed nowhere, with its root and tables inside the window
 * and no mapping outputting into it. */
static int s1_window_check(struct smmuv3_dom *d, const struct smmuv3_dom *nest)
{
	static const struct smmuv3_table_window none;
	const struct smmuv3_table_window *w = nest ? &nest->win : &none;

	if (window_equal(w, &d->win))
		return 0;
	if (d->n_attached)
		return SMMUV3_ERR_TABLE_WINDOW;
	return pgt_window_set(&d->pt, w, true);
}

/* Address stage-1 domain @d's tables through @nest's window (checked by
 * s1_window_check()): its table descriptors are rewritten. */
static void s1_window_take(struct smmuv3_dom *d, const struct smmuv3_dom *nest)
{
	static const struct smmuv3_table_window none;
	const struct smmuv3_table_window *w = nest ? &nest->win : &none;

	if (window_equal(w, &d->win))
		return;
	(void)pgt_window_set(&d->pt, w, false);
	d->win = *w;
}

/* What needs no look at the stream: owner, sizes, nesting. */
static int attach_check_args(struct smmuv3_dom *d, uint32_t owner, uint32_t ssid,
			     unsigned int ssid_bits, struct smmuv3_dom *nest)
{
	int rc;

	if (d->smmu->state != SMMUV3_STATE_ENABLED)
		return SMMUV3_ERR_STATE;
	if (!smmuv3_domain_may_attach(smmuv3_dom_pub(d), owner))
		return SMMUV3_ERR_PERM;
	if (d->cfg.type == SMMUV3_DOMAIN_S2)
		return ssid || ssid_bits || nest ? SMMUV3_ERR_INVAL : 0;
	if (ssid_bits > d->smmu->feat.ssid_bits || (ssid >> ssid_bits))
		return SMMUV3_ERR_RANGE;
	if (nest) {
		rc = smmuv3_domain_live(nest);
		if (rc)
			return rc;
		if (nest->cfg.type != SMMUV3_DOMAIN_S2 || nest->smmu != d->smmu)
			return SMMUV3_ERR_INVAL;
		if (!smmuv3_domain_may_attach(smmuv3_dom_pub(nest), owner))
			return SMMUV3_ERR_PERM;
	}
	/* Every attachment tags this domain's entries with one VMID, which
	 * its invalidations name. */
	if (d->n_attached && (nest ? nest->vmid : 0) != d->vmid)
		return SMMUV3_ERR_INVAL;
	return s1_window_check(d, nest);
}

/*
 * What the stream holds already (instance lock held): its claim, this
 * domain there, another domain there, and the CD-table geometry the
 * other substreams' domains set.
 */
static int attach_check_stream(struct smmuv3_dom *d, uint32_t sid, uint32_t owner,
			       uint32_t ssid, unsigned int ssid_bits, struct smmuv3_dom *nest)
{
	struct smmuv3_strtab_span *span;
	struct smmuv3_stream_state *st;
	int rc = smmuv3_stream_lookup(d->smmu, sid, owner, &span, &st);

	if (rc)
		return rc;
	if (find_att(d, sid, ssid))
		return SMMUV3_ERR_EXISTS;
	for (struct smmuv3_dom *e = d->smmu->domains; e; e = e->next) {
		for (unsigned int i = 0; i < SMMUV3_DOMAIN_MAX_ATTACH; i++) {
			const struct smmuv3_domain_attachment *a = &e->att[i];

			if (!a->used || a->sid != sid)
				continue;
			if (smmuv3_att_covers(e, a, sid, ssid) || d->cfg.type == SMMUV3_DOMAIN_S2)
				return SMMUV3_ERR_OCCUPIED;
			if (a->ssid_bits != ssid_bits || a->nest != nest)
				return SMMUV3_ERR_INVAL;
		}
	}
	return 0;
}

static struct smmuv3_domain_attachment *free_slot(struct smmuv3_dom *d)
{
	for (unsigned int i = 0; i < SMMUV3_DOMAIN_MAX_ATTACH; i++)
		if (!d->att[i].used)
			return &d->att[i];
	return NULL;
}

/* The attach itself, every argument checked, instance lock held. */
static int attach_locked(struct smmuv3_dom *d, struct smmuv3_domain_attachment *slot,
			 uint32_t sid, uint32_t owner, uint32_t ssid, unsigned int ssid_bits,
			 struct smmuv3_dom *nest)
{
	struct smmuv3_stream_cfg sc;
	struct smmuv3_ste old;
	bool cd_tried = false, unsure;
	int rc;

	if (d->cfg.type == SMMUV3_DOMAIN_S2) {
		smmuv3_stream_cfg_init(smmuv3_inst_pub(d->smmu), &sc, SMMUV3_STREAM_S2);
		sc.stall = d->cfg.stall;
		rc = smmuv3_domain_s2_cfg(d, &sc.s2);
	} else {
		rc = s1_stream_cfg(d, ssid_bits, nest, &sc);
		if (!rc)
			s1_window_take(d, nest);
	}
	if (rc)
		return rc;
	/* Entries left from before must be gone before the tag translates
	 * anywhere again; the STE as it was is what a failure restores. */
	rc = pay_owed(d);
	if (!rc)
		rc = smmuv3_stream_read_ste(smmuv3_inst_pub(d->smmu), sid, &old);
	if (rc)
		return rc;
	if (d->cfg.type == SMMUV3_DOMAIN_S1 && !sc.stall && ste_s1_stalls(&old) &&
	    smmuv3_bank_stall_model(d->smmu) == SMMUV3_STALL_AND_TERM)
		sc.stall = true;
	/* From here the stage-1 tag is the new VMID (the same one when
	 * attached elsewhere), so that an undo invalidates what the
	 * attempt may have cached. */
	if (d->cfg.type == SMMUV3_DOMAIN_S1)
		d->vmid = sc.s1.vmid;
	rc = smmuv3_stream_apply(d->smmu, sid, owner, &sc);
	if (!rc && d->cfg.type == SMMUV3_DOMAIN_S1) {
		cd_tried = true;
		rc = s1_set_cd(d, sid, owner, ssid);
	}
	if (rc) {
		int undo = attach_undo(d, sid, owner, ssid, &old, cd_tried, &unsure);

		if (!undo)
			return rc;
		/* The SMMU may use the domain there: keep it on the books so
		 * unmaps keep invalidating and destroy waits for a detach. */
		slot->unsure = unsure;
	} else {
		slot->unsure = false;
	}
	slot->sid = sid;
	slot->ssid = ssid;
	slot->owner = owner;
	slot->ssid_bits = (uint8_t)ssid_bits;
	slot->nest = nest;
	slot->used = true;
	if (nest)
		nest->n_nested++;
	d->n_attached++;
	return rc;
}

int smmuv3_domain_attach(struct smmuv3_domain *d_pub, uint32_t sid, uint32_t owner, uint32_t ssid,
			 unsigned int ssid_bits, struct smmuv3_domain *nest_pub)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);
	struct smmuv3_dom *nest = smmuv3_dom_of(nest_pub);
	struct smmuv3_domain_attachment *slot;
	int rc = smmuv3_domain_live(d);

	if (!rc)
		rc = attach_check_args(d, owner, ssid, ssid_bits, nest);
	if (rc)
		return rc;
	/* Held throughout: no other attach can slip into (sid, ssid) between
	 * the checks and the STE/CD writes. */
	smmuv3_lock(d->smmu);
	rc = attach_check_stream(d, sid, owner, ssid, ssid_bits, nest);
	slot = free_slot(d);
	if (!rc && !slot)
		rc = SMMUV3_ERR_NOSPC;
	if (!rc)
		rc = attach_locked(d, slot, sid, owner, ssid, ssid_bits, nest);
	smmuv3_unlock(d->smmu);
	return rc;
}

static void att_drop(struct smmuv3_dom *d, struct smmuv3_domain_attachment *a)
{
	if (a->nest)
		a->nest->n_nested--;
	a->used = false;
	a->unsure = false;
	d->n_attached--;
}

/* Take the domain out of the STE/CD it occupies. Instance lock held. */
static int detach_hw(struct smmuv3_dom *d, struct smmuv3_domain_attachment *a)
{
	struct smmuv3_stream_cfg sc;
	int rc = 0;

	/* An attachment whose failed attach could not be undone has an STE
	 * of unknown content: only aborting the whole stream is certain. */
	if (d->cfg.type == SMMUV3_DOMAIN_S1 && !a->unsure)
		rc = smmuv3_cd_clear_domain(d->smmu, a->sid, a->owner, a->ssid);
	if (!rc && (d->cfg.type == SMMUV3_DOMAIN_S2 || !a->ssid_bits || a->unsure)) {
		smmuv3_stream_cfg_init(smmuv3_inst_pub(d->smmu), &sc, SMMUV3_STREAM_ABORT);
		rc = smmuv3_stream_apply(d->smmu, a->sid, a->owner, &sc);
	}
	return rc;
}

int smmuv3_domain_detach(struct smmuv3_domain *d_pub, uint32_t sid, uint32_t owner, uint32_t ssid)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);
	struct smmuv3_domain_attachment *a;
	int rc = smmuv3_domain_live(d);

	if (rc)
		return rc;
	smmuv3_lock(d->smmu);
	a = find_att(d, sid, ssid);
	if (!a)
		rc = SMMUV3_ERR_NOENT;
	else if (a->owner != owner)
		rc = SMMUV3_ERR_OWNED;
	/* A dead SMMU reads nothing more: only the books change. */
	else if (!smmu_failed(d))
		rc = detach_hw(d, a);
	/* On failure the SMMU may still reach the domain there: it stays
	 * attached (its unmaps keep invalidating), and detach can be
	 * called again. */
	if (!rc)
		att_drop(d, a);
	smmuv3_unlock(d->smmu);
	if (rc || smmu_failed(d))
		return rc;
	/* Nothing of the domain may stay cached once it is nowhere
	 * installed: its identifier can then be reused or freed. A failure
	 * leaves the invalidation owed, paid before the next map, unmap,
	 * invalidate, attach or destroy does anything else. */
	return tlbi_all_sync(d);
}

int smmuv3_domain_destroy(struct smmuv3_domain *d_pub)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);
	int rc;

	if (!d || !d->smmu)
		return SMMUV3_ERR_INVAL;
	/* Teardown freed its tables; the instance may be a new one now. */
	if (d->ended) {
		memset(d, 0, sizeof(*d));
		return 0;
	}
	if (d->n_attached || d->n_nested)
		return SMMUV3_ERR_BUSY;
	if (!smmu_failed(d)) {
		rc = tlbi_all_sync(d);
		if (rc)
			return rc;
	}
	smmuv3_domain_unlink(d);
	rc = 0;
	if (!d->shared) {
		smmuv3_domain_free_tables(d);
		if (d->own_id)
			rc = d->cfg.type == SMMUV3_DOMAIN_S1 ? smmuv3_asid_free(smmuv3_inst_pub(d->smmu), d->asid) :
							       smmuv3_vmid_free(smmuv3_inst_pub(d->smmu), d->vmid);
	}
	memset(d, 0, sizeof(*d));
	return rc;
}

/*
 * The reserved table window is out of reach: a stage 2 keeps its window
 * mapping as set, and stage-1 output addresses (IPAs when nested) never
 * reach the library's tables through it.
 */
static int window_guard(const struct smmuv3_dom *d, uint64_t iova, uint64_t pa,
			uint64_t size)
{
	if (d->cfg.type == SMMUV3_DOMAIN_S2 ? smmuv3_window_overlaps(&d->win, iova, size) :
					      smmuv3_window_overlaps(&d->win, pa, size))
		return SMMUV3_ERR_RESERVED;
	return 0;
}

int smmuv3_domain_set_window(struct smmuv3_domain *s2_pub, const struct smmuv3_table_window *w)
{
	struct smmuv3_dom *s2 = smmuv3_dom_of(s2_pub);
	uint64_t gmask;
	int rc = domain_usable(s2);

	if (rc)
		return rc;
	if (!w || s2->cfg.type != SMMUV3_DOMAIN_S2 || !w->size)
		return SMMUV3_ERR_INVAL;
	gmask = (UINT64_C(1) << s2->cfg.granule_log2) - 1;
	if ((w->ipa | w->pa | w->size) & gmask)
		return SMMUV3_ERR_ALIGN;
	if (w->ipa + w->size < w->ipa || w->pa + w->size < w->pa)
		return SMMUV3_ERR_OVERFLOW;
	if ((s2->cfg.ias_bits < 64 && (w->ipa + w->size - 1) >> s2->cfg.ias_bits) ||
	    (s2->cfg.oas_bits < 64 && (w->pa + w->size - 1) >> s2->cfg.oas_bits))
		return SMMUV3_ERR_RANGE;
	if (s2->win.size)
		return SMMUV3_ERR_EXISTS;
	if (s2->n_attached || s2->n_nested)
		return SMMUV3_ERR_BUSY;
	if (!s2->shared) {
		rc = smmuv3_domain_map(smmuv3_dom_pub(s2), w->ipa, w->pa, w->size,
				       SMMUV3_PROT_READ | SMMUV3_PROT_WRITE);
		if (rc)
			return rc;
	}
	s2->win = *w;
	return 0;
}

/*
 * The table a stage-2 map with @prot goes to: SMMUV3_PROT_NS picks the
 * Non-secure IPA space's (cfg.ns_space) and is dropped from @prot, as
 * stage-2 descriptors have no NS bit. Stage 1 keeps it (descriptor NS).
 */
static int space_of(struct smmuv3_dom *d, uint32_t *prot, struct smmuv3_pgtable **pt)
{
	*pt = &d->pt;
	if (d->cfg.type != SMMUV3_DOMAIN_S2 || !(*prot & SMMUV3_PROT_NS))
		return 0;
	if (!d->cfg.ns_space)
		return SMMUV3_ERR_INVAL;
	*prot &= ~(uint32_t)SMMUV3_PROT_NS;
	*pt = &d->pt_ns;
	return 0;
}

static bool any_deferred(const struct smmuv3_dom *d)
{
	return d->pt.deferred || (d->cfg.ns_space && d->pt_ns.deferred);
}

static unsigned int reclaim_tables(struct smmuv3_dom *d)
{
	unsigned int n = smmuv3_pgtable_reclaim(&d->pt);

	return d->cfg.ns_space ? n + smmuv3_pgtable_reclaim(&d->pt_ns) : n;
}

int smmuv3_domain_map(struct smmuv3_domain *d_pub, uint64_t iova, uint64_t pa, uint64_t size,
		      uint32_t prot)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);
	struct smmuv3_pgtable *pt;
	int rc = domain_usable(d);

	if (rc)
		return rc;
	if (d->shared)
		return SMMUV3_ERR_PERM;
	rc = space_of(d, &prot, &pt);
	if (rc)
		return rc;
	rc = window_guard(d, iova, pa, size);
	if (rc)
		return rc;
	/* A stale entry of a failed unmap must not outlive a new mapping
	 * of its address. */
	rc = pay_owed(d);
	if (rc)
		return rc;
	return smmuv3_pgtable_map(pt, iova, pa, size, prot);
}

static int unmap_in(struct smmuv3_dom *d, bool ns, uint64_t iova, uint64_t size)
{
	struct smmuv3_pgtable_unmapped u;
	bool leftover;
	int rc = domain_usable(d);

	if (rc)
		return rc;
	if (d->shared)
		return SMMUV3_ERR_PERM;
	if (ns && !d->cfg.ns_space)
		return SMMUV3_ERR_INVAL;
	if (d->cfg.type == SMMUV3_DOMAIN_S2 && smmuv3_window_overlaps(&d->win, iova, size))
		return SMMUV3_ERR_RESERVED;
	/* Tables still deferred here were unlinked by an unmap whose
	 * invalidation failed: only a whole-tag invalidation reaches their
	 * walk-cache entries, and they are freed below. */
	leftover = any_deferred(d);
	rc = smmuv3_pgtable_unmap(ns ? &d->pt_ns : &d->pt, iova, size, &u);
	if (rc)
		return rc;
	if (d->cfg.inval == SMMUV3_INVAL_BROADCAST)
		return 0;
	/* An owed invalidation is paid even while detached, before any
	 * table is freed. Otherwise a domain installed nowhere has nothing
	 * cached: detach invalidated everything it had. A failure here
	 * leaves the whole tag owed and the tables deferred. */
	if (leftover || d->inval_owed)
		rc = tlbi_all_sync(d);
	else if (d->n_attached || d->n_nested)
		rc = smmuv3_domain_tlbi(d, u.iova, u.size, u.leaf_only, u.leaf_level);
	if (rc)
		return rc;
	reclaim_tables(d);
	return 0;
}

int smmuv3_domain_unmap(struct smmuv3_domain *d_pub, uint64_t iova, uint64_t size)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);

	return unmap_in(d, false, iova, size);
}

int smmuv3_domain_unmap_ns(struct smmuv3_domain *d_pub, uint64_t iova, uint64_t size)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);

	return unmap_in(d, true, iova, size);
}

/* Whether a scatter map may change @d's table now (owed invalidation
 * paid). */
static int scatter_ready(struct smmuv3_dom *d)
{
	if (!d || !d->smmu)
		return SMMUV3_ERR_INVAL;
	if (d->shared)
		return SMMUV3_ERR_PERM;
	return pay_owed(d);
}

int smmuv3_domain_map_scatter(struct smmuv3_domain *d_pub, uint64_t iova,
			      const struct smmuv3_phys_range *r, size_t n, uint32_t prot)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);
	struct smmuv3_pgtable *pt;
	int rc = scatter_ready(d);

	rc = rc ? rc : space_of(d, &prot, &pt);
	return rc ? rc : smmuv3_pgtable_map_scatter(pt, iova, r, n, prot);
}

int smmuv3_domain_map_scatter_checked(struct smmuv3_dom *d, uint64_t iova,
				   const struct smmuv3_phys_range *r,
				   const struct pgt_scatter_sum *sum, uint32_t prot)
{
	struct smmuv3_pgtable *pt;
	int rc = scatter_ready(d);

	rc = rc ? rc : space_of(d, &prot, &pt);
	return rc ? rc : pgt_map_scatter_checked(pt, iova, r, sum, prot);
}

int smmuv3_domain_unmap_ranges(struct smmuv3_domain *d_pub, smmuv3_range_iter_fn *next, void *arg)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);

	return smmuv3_domain_unmap_ranges_in(d, next, arg, NULL);
}

int smmuv3_domain_unmap_ranges_in(struct smmuv3_dom *d, smmuv3_range_iter_fn *next,
				  void *arg, const bool *ns)
{
	struct smmuv3_pgtable_unmapped u = { 0 };
	uint64_t iova, size;
	unsigned int n = 0;
	bool leftover, leaf_only = true;
	int rc = 0, urc = 0;

	if (!d || !d->smmu || !next)
		return SMMUV3_ERR_INVAL;
	if (d->shared)
		return SMMUV3_ERR_PERM;
	leftover = any_deferred(d);
	while (!urc && next(arg, &iova, &size)) {
		bool in_ns = ns && *ns;

		urc = in_ns && !d->cfg.ns_space ? SMMUV3_ERR_INVAL :
			smmuv3_pgtable_unmap(in_ns ? &d->pt_ns : &d->pt, iova, size, &u);
		n += !urc;
		leaf_only &= urc || u.leaf_only;
	}
	if (!n || d->cfg.inval == SMMUV3_INVAL_BROADCAST)
		return urc;
	/* One range keeps its precise invalidation; several share one
	 * whole-tag command, so there is still exactly one CMD_SYNC. */
	if (leftover || d->inval_owed || n > 1)
		rc = tlbi_all_sync(d);
	else if (d->n_attached || d->n_nested)
		rc = smmuv3_domain_tlbi(d, u.iova, u.size, leaf_only, u.leaf_level);
	if (rc)
		return rc;
	reclaim_tables(d);
	return urc;
}

int smmuv3_domain_iova_to_phys(const struct smmuv3_domain *d_pub, uint64_t iova, uint64_t *pa)
{
	const struct smmuv3_dom *d = smmuv3_cdom_of(d_pub);
	int rc = smmuv3_domain_live(d);

	if (rc)
		return rc;
	if (d->shared)
		return SMMUV3_ERR_PERM;
	return smmuv3_pgtable_iova_to_phys(&d->pt, iova, pa, NULL);
}

int smmuv3_domain_invalidate(struct smmuv3_domain *d_pub, uint64_t iova, uint64_t size,
			     bool leaf_only)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);
	uint64_t gmask;
	int rc = domain_usable(d);

	if (rc)
		return rc;
	if (!size)
		return SMMUV3_ERR_INVAL;
	gmask = (UINT64_C(1) << d->cfg.granule_log2) - 1;
	if ((iova | size) & gmask)
		return SMMUV3_ERR_ALIGN;
	if (iova + size < iova)
		return SMMUV3_ERR_OVERFLOW;
	if (d->inval_owed)
		return tlbi_all_sync(d);
	return smmuv3_domain_tlbi(d, iova, size, leaf_only, 0);
}

unsigned int smmuv3_domain_reclaim(struct smmuv3_domain *d_pub)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);

	/* Not while a failed invalidation may have left walk-cache entries
	 * pointing at them. */
	if (smmuv3_domain_live(d) || d->shared || d->inval_owed)
		return 0;
	return reclaim_tables(d);
}

int smmuv3_domain_get_info(const struct smmuv3_domain *d_pub, struct smmuv3_domain_info *out)
{
	const struct smmuv3_dom *d = smmuv3_cdom_of(d_pub);
	int rc = out ? smmuv3_domain_live(d) : SMMUV3_ERR_INVAL;

	if (rc)
		return rc;
	*out = (struct smmuv3_domain_info){
		.type = d->cfg.type,
		.asid = d->asid,
		.vmid = d->vmid,
		.n_attached = d->n_attached,
		.cmds = d->n_cmds,
		.syncs = d->n_syncs,
		.inval_owed = d->inval_owed,
	};
	if (!d->shared) {
		out->table_bytes = d->pt.stats.table_bytes;
		out->cached_bytes = d->pt.stats.cached_bytes;
	}
	if (d->cfg.ns_space) {
		out->table_bytes += d->pt_ns.stats.table_bytes;
		out->cached_bytes += d->pt_ns.stats.cached_bytes;
	}
	return 0;
}
