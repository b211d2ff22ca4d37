// SPDX-License-Identifier: BSD-3-Clause
/*
 * Every call the SEPID code makes into the domain, stream and event APIs.
 * The SEPID's domain is owned by the SEPID (docs/ownership.md), so no
 * other endpoint's stream can be attached to it without an explicit
 * smmuv3_domain_share().
 */
#include <smmuv3/smmuv3.h>
#include <smmuv3/stream.h>

#include "sepid_internal.h"

uint64_t sepid_glue_granule(const struct smmuv3_sepid_ep *ep)
{
	return UINT64_C(1) << smmuv3_cdom_of(&ep->dom)->cfg.granule_log2;
}

unsigned int sepid_glue_sid_bits(const struct smmuv3 *smmu)
{
	const struct smmuv3_inst *i = smmuv3_cinst_of(smmu);

	return i->state == SMMUV3_STATE_ENABLED ? i->strtab.log2size : 0;
}

bool sepid_glue_secure(const struct smmuv3 *smmu)
{
	return smmuv3_cinst_of(smmu)->cfg.secure;
}

bool sepid_glue_has_ns(const struct smmuv3_sepid_ep *ep)
{
	return ep->desc.model != SMMUV3_SEPID_MODEL_SHARED_S2 && smmuv3_cdom_of(&ep->dom)->cfg.ns_space;
}

/* Stage 1 for the stage-1 and nested models: their own domain is a
 * stage 1 (the nested one over the proxy's stage 2). */
static bool own_s1(const struct smmuv3_sepid_desc *d)
{
	return d->model == SMMUV3_SEPID_MODEL_S1 || d->model == SMMUV3_SEPID_MODEL_NESTED;
}

/* The page table the SEPID's streams use: the proxy's stage 2 for the
 * shared-stage-2 model, else its own domain. */
static struct smmuv3_domain *ep_dom(struct smmuv3_sepid_ep *ep)
{
	return ep->desc.model == SMMUV3_SEPID_MODEL_SHARED_S2 ? ep->s2 : &ep->dom;
}

struct smmuv3_domain *sepid_glue_domain(struct smmuv3_sepid_ep *ep)
{
	return ep_dom(ep);
}

/* The IOVA window must lie inside the input range of the domain the
 * endpoint will get. */
static int window_fits(const struct smmuv3 *smmu, const struct smmuv3_sepid_desc *d)
{
	struct smmuv3_domain_cfg c;

	smmuv3_domain_cfg_init(smmu, &c, own_s1(d) ? SMMUV3_DOMAIN_S1 : SMMUV3_DOMAIN_S2);
	if (d->iova_size && ((d->iova_base + d->iova_size - 1) >> c.ias_bits))
		return SMMUV3_ERR_RANGE;
	return 0;
}

struct smmuv3_domain *sepid_glue_proxy_s2(const struct smmuv3_sepid_registry *reg,
					  uint16_t proxy, const struct smmuv3 *smmu)
{
	for (unsigned int i = 0; i < reg->n_proxy_s2; i++)
		if (reg->proxy_s2[i].proxy == proxy && smmuv3_cdom_of(reg->proxy_s2[i].s2)->smmu == smmuv3_cinst_of(smmu))
			return reg->proxy_s2[i].s2;
	return NULL;
}

int sepid_glue_check_s2(const struct smmuv3_sepid_registry *reg, const struct smmuv3_domain *s2_pub)
{
	const struct smmuv3_dom *s2 = smmuv3_cdom_of(s2_pub);

	if (s2->cfg.type != SMMUV3_DOMAIN_S2)
		return SMMUV3_ERR_INVAL;
	if (s2->ended)
		return SMMUV3_ERR_STALE;
	for (unsigned int i = 0; i < reg->n_smmus; i++)
		if (smmuv3_cinst_of(reg->smmus[i]) == s2->smmu)
			return 0;
	return SMMUV3_ERR_NOENT;
}

bool sepid_glue_same_smmu(const struct smmuv3_domain *a, const struct smmuv3_domain *b)
{
	return smmuv3_cdom_of(a)->smmu == smmuv3_cdom_of(b)->smmu;
}

/* Nested and shared stage 2 go through the proxy's stage 2: it must be
 * known, and shared with the SEPID by its owner (the library never
 * shares a domain on anyone's behalf). */
static int check_proxy_s2(const struct smmuv3_sepid_registry *reg,
			  const struct smmuv3_sepid_desc *d)
{
	const struct smmuv3_domain *s2 = sepid_glue_proxy_s2(reg, d->proxy,
							     reg->smmus[d->smmu_id]);

	if (!s2)
		return SMMUV3_ERR_NOENT;
	return smmuv3_domain_may_attach(s2, d->sepid) ? 0 : SMMUV3_ERR_PERM;
}

int sepid_glue_check_model(const struct smmuv3_sepid_registry *reg,
			   const struct smmuv3_sepid_desc *d)
{
	const struct smmuv3 *smmu = reg->smmus[d->smmu_id];
	const struct smmuv3_features *f = &smmuv3_cinst_of(smmu)->feat;
	int rc = d->model <= SMMUV3_SEPID_MODEL_NESTED ? window_fits(smmu, d) : 0;

	if (rc)
		return rc;
	switch (d->model) {
	case SMMUV3_SEPID_MODEL_S2:
		if (d->ssid_bits)
			return SMMUV3_ERR_INVAL; /* a stage-2 STE has no CDs */
		return f->stage2 ? 0 : SMMUV3_ERR_NOTSUP;
	case SMMUV3_SEPID_MODEL_S1:
		if (!f->stage1)
			return SMMUV3_ERR_NOTSUP;
		return d->ssid_bits > f->ssid_bits ? SMMUV3_ERR_RANGE : 0;
	case SMMUV3_SEPID_MODEL_NESTED:
		if (!f->stage1 || !f->stage2)
			return SMMUV3_ERR_NOTSUP;
		if (d->ssid_bits > f->ssid_bits)
			return SMMUV3_ERR_RANGE;
		return check_proxy_s2(reg, d);
	case SMMUV3_SEPID_MODEL_SHARED_S2:
		/* No page table of its own: no substreams, nothing to
		 * retrieve into. */
		if (d->ssid_bits || d->iova_size)
			return SMMUV3_ERR_INVAL;
		return check_proxy_s2(reg, d);
	default:
		return SMMUV3_ERR_INVAL;
	}
}

/* The proxy receives its SEPIDs' events as its own. */
static enum smmuv3_stall_action to_proxy(void *arg, const struct smmuv3_event *ev,
					 uint32_t owner, bool owned)
{
	const struct smmuv3_sepid_ep *ep = arg;

	(void)owner;
	return ep->reg->proxy_event(ep->reg->proxy_arg, ev, ep->desc.proxy, owned);
}

/* Detach the first @attached and release the first @claimed streams;
 * returns the first error. */
static int streams_down(struct smmuv3_sepid_registry *reg, struct smmuv3_sepid_ep *ep,
			unsigned int attached, unsigned int claimed)
{
	int first = 0, rc;

	for (unsigned int i = 0; i < claimed; i++) {
		uint32_t sid = reg->st.streams[ep->first_stream + i].sid;

		rc = i < attached ? smmuv3_domain_detach(ep_dom(ep), sid, ep->desc.sepid, 0) : 0;
		if (!rc)
			rc = smmuv3_stream_release(ep->smmu, sid, ep->desc.sepid);
		if (rc && !first)
			first = rc;
	}
	return first;
}

/* The SEPID's own domain (none for shared stage 2). Its page table is
 * the SEPID's: its streams (claimed with the SEPID as owner) are the only
 * ones the library lets in. */
static int own_domain_init(struct smmuv3_sepid_ep *ep)
{
	struct smmuv3_domain_cfg c;

	if (ep->desc.model == SMMUV3_SEPID_MODEL_SHARED_S2)
		return 0;
	smmuv3_domain_cfg_init(ep->smmu, &c, own_s1(&ep->desc) ? SMMUV3_DOMAIN_S1 :
								  SMMUV3_DOMAIN_S2);
	c.owner = ep->desc.sepid;
	/* A Secure stream's stage 2 gets the Non-secure IPA space table
	 * Normal-world memory is mapped into (docs/sepid.md). Its streams
	 * keep NSCFG = use incoming: the device's NS attribute picks the
	 * space. */
	c.ns_space = c.type == SMMUV3_DOMAIN_S2 && sepid_glue_secure(ep->smmu);
	return smmuv3_domain_init(ep->smmu, &ep->dom, &c);
}

static int own_domain_destroy(struct smmuv3_sepid_ep *ep)
{
	return ep->desc.model == SMMUV3_SEPID_MODEL_SHARED_S2 ? 0 :
								 smmuv3_domain_destroy(&ep->dom);
}

int sepid_glue_bring_up(struct smmuv3_sepid_registry *reg, struct smmuv3_sepid_ep *ep)
{
	bool s1 = own_s1(&ep->desc);
	struct smmuv3_domain *nest = ep->desc.model == SMMUV3_SEPID_MODEL_NESTED ? ep->s2 : NULL;
	unsigned int claimed = 0, attached = 0;
	int rc;

	rc = own_domain_init(ep);
	if (rc)
		return rc;
	for (; claimed < ep->desc.n_sids; claimed++) {
		uint32_t sid = reg->st.streams[ep->first_stream + claimed].sid;

		rc = smmuv3_stream_claim(ep->smmu, sid, ep->desc.sepid);
		if (rc)
			goto undo;
		rc = smmuv3_domain_attach(ep_dom(ep), sid, ep->desc.sepid, 0,
					  s1 ? ep->desc.ssid_bits : 0, nest);
		if (rc) {
			claimed++;
			goto undo;
		}
		attached++;
	}
	if (reg->proxy_event) {
		ep->fh = (struct smmuv3_fault_handler){
			.owner = ep->desc.sepid, .event = to_proxy, .arg = ep,
		};
		rc = smmuv3_fault_handler_register(ep->smmu, &ep->fh);
		if (rc)
			goto undo;
	}
	return 0;
undo:
	(void)streams_down(reg, ep, attached, claimed);
	(void)own_domain_destroy(ep);
	return rc;
}

int sepid_glue_take_down(struct smmuv3_sepid_registry *reg, struct smmuv3_sepid_ep *ep)
{
	int rc = 0, r;

	if (reg->proxy_event)
		rc = smmuv3_fault_handler_unregister(ep->smmu, &ep->fh);
	r = streams_down(reg, ep, ep->desc.n_sids, ep->desc.n_sids);
	rc = rc ? rc : r;
	r = own_domain_destroy(ep);
	return rc ? rc : r;
}

int sepid_glue_map(struct smmuv3_sepid_ep *ep, uint64_t iova, uint64_t pa, uint64_t size,
		   uint32_t prot)
{
	return smmuv3_domain_map(&ep->dom, iova, pa, size, prot);
}

int sepid_glue_map_scatter(struct smmuv3_sepid_ep *ep, uint64_t iova,
			   const struct smmuv3_phys_range *r, size_t n, uint32_t prot)
{
	return smmuv3_domain_map_scatter(&ep->dom, iova, r, n, prot);
}

int sepid_glue_map_checked(struct smmuv3_sepid_ep *ep, uint64_t iova,
			   const struct smmuv3_phys_range *r, const struct pgt_scatter_sum *sum,
			   uint32_t prot)
{
	return smmuv3_domain_map_scatter_checked(smmuv3_dom_of(&ep->dom), iova, r, sum, prot);
}

int sepid_glue_unmap(struct smmuv3_sepid_ep *ep, smmuv3_range_iter_fn *next, void *arg,
		     const bool *ns, uint64_t *syncs)
{
	struct smmuv3_dom *d = smmuv3_dom_of(&ep->dom);
	uint64_t before = d->n_syncs;
	int rc = smmuv3_domain_unmap_ranges_in(d, next, arg, ns);

	*syncs = d->n_syncs - before;
	return rc;
}
