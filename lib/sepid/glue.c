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
	return UINT64_C(1) << ep->dom.cfg.granule_log2;
}

unsigned int sepid_glue_sid_bits(const struct smmuv3 *smmu)
{
	return smmu->state == SMMUV3_STATE_ENABLED ? smmu->strtab.log2size : 0;
}

bool sepid_glue_secure(const struct smmuv3 *smmu)
{
	return smmu->cfg.secure;
}

/* The IOVA window must lie inside the input range of the domain the
 * endpoint will get. */
static int window_fits(const struct smmuv3 *smmu, const struct smmuv3_sepid_desc *d)
{
	struct smmuv3_domain_cfg c;

	smmuv3_domain_cfg_init(smmu, &c, d->model == SMMUV3_SEPID_MODEL_S1 ? SMMUV3_DOMAIN_S1 :
									     SMMUV3_DOMAIN_S2);
	if (d->iova_size && ((d->iova_base + d->iova_size - 1) >> c.ias_bits))
		return SMMUV3_ERR_RANGE;
	return 0;
}

int sepid_glue_check_model(const struct smmuv3 *smmu, const struct smmuv3_sepid_desc *d)
{
	int rc = d->model <= SMMUV3_SEPID_MODEL_S1 ? window_fits(smmu, d) : 0;

	if (rc)
		return rc;
	switch (d->model) {
	case SMMUV3_SEPID_MODEL_S2:
		if (d->ssid_bits)
			return SMMUV3_ERR_INVAL; /* a stage-2 STE has no CDs */
		return smmu->feat.stage2 ? 0 : SMMUV3_ERR_NOTSUP;
	case SMMUV3_SEPID_MODEL_S1:
		if (!smmu->feat.stage1)
			return SMMUV3_ERR_NOTSUP;
		return d->ssid_bits > smmu->feat.ssid_bits ? SMMUV3_ERR_RANGE : 0;
	case SMMUV3_SEPID_MODEL_NESTED:
	case SMMUV3_SEPID_MODEL_SHARED_S2:
		/* Both need the proxy partition's stage 2 as a shared-stage-2
		 * domain, which the registration input does not carry yet. */
		return SMMUV3_ERR_NOTSUP;
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

		rc = i < attached ? smmuv3_domain_detach(&ep->dom, sid, ep->desc.sepid, 0) : 0;
		if (!rc)
			rc = smmuv3_stream_release(ep->smmu, sid, ep->desc.sepid);
		if (rc && !first)
			first = rc;
	}
	return first;
}

int sepid_glue_bring_up(struct smmuv3_sepid_registry *reg, struct smmuv3_sepid_ep *ep)
{
	struct smmuv3_domain_cfg c;
	bool s1 = ep->desc.model == SMMUV3_SEPID_MODEL_S1;
	unsigned int claimed = 0, attached = 0;
	int rc;

	smmuv3_domain_cfg_init(ep->smmu, &c, s1 ? SMMUV3_DOMAIN_S1 : SMMUV3_DOMAIN_S2);
	/* The SEPID's page table is the SEPID's: its streams (claimed with
	 * the SEPID as owner) are the only ones the library lets in. */
	c.owner = ep->desc.sepid;
	rc = smmuv3_domain_init(ep->smmu, &ep->dom, &c);
	if (rc)
		return rc;
	for (; claimed < ep->desc.n_sids; claimed++) {
		uint32_t sid = reg->st.streams[ep->first_stream + claimed].sid;

		rc = smmuv3_stream_claim(ep->smmu, sid, ep->desc.sepid);
		if (rc)
			goto undo;
		rc = smmuv3_domain_attach(&ep->dom, sid, ep->desc.sepid, 0,
					  s1 ? ep->desc.ssid_bits : 0, NULL);
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
	(void)smmuv3_domain_destroy(&ep->dom);
	return rc;
}

int sepid_glue_take_down(struct smmuv3_sepid_registry *reg, struct smmuv3_sepid_ep *ep)
{
	int rc = 0, r;

	if (reg->proxy_event)
		rc = smmuv3_fault_handler_unregister(ep->smmu, &ep->fh);
	r = streams_down(reg, ep, ep->desc.n_sids, ep->desc.n_sids);
	rc = rc ? rc : r;
	r = smmuv3_domain_destroy(&ep->dom);
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
	return smmuv3_domain_map_scatter_checked(&ep->dom, iova, r, sum, prot);
}

int sepid_glue_unmap(struct smmuv3_sepid_ep *ep, smmuv3_range_iter_fn *next, void *arg,
		     uint64_t *syncs)
{
	uint64_t before = ep->dom.n_syncs;
	int rc = smmuv3_domain_unmap_ranges(&ep->dom, next, arg);

	*syncs = ep->dom.n_syncs - before;
	return rc;
}
