// SPDX-License-Identifier: BSD-3-Clause
/*
 * The SEPID registry: every stream endpoint of every manifest, checked as
 * a whole before any of it reaches the SMMU, and the look-ups an SPMC's
 * FF-A paths need.
 */
#include <smmuv3/sepid.h>

#include "libc/mem.h"
#include "sepid_internal.h"

int smmuv3_sepid_registry_init(struct smmuv3_sepid_registry *reg, struct smmuv3 *const *smmus,
			       unsigned int n_smmus, const struct smmuv3_sepid_storage *st)
{
	if (!reg || !smmus || !n_smmus || !st || !st->eps || !st->max_eps || !st->streams ||
	    !st->max_streams || !st->handles || !st->max_handles ||
	    (!st->ranges && st->max_ranges) || st->max_ranges == SEPID_NONE)
		return SMMUV3_ERR_INVAL;
	for (unsigned int i = 0; i < n_smmus; i++)
		if (!smmus[i])
			return SMMUV3_ERR_INVAL;
	memset(reg, 0, sizeof(*reg));
	reg->smmus = smmus;
	reg->n_smmus = n_smmus;
	reg->st = *st;
	memset(st->handles, 0, sizeof(*st->handles) * st->max_handles);
	/* Every range slot starts on the free list. */
	for (uint32_t i = 0; i < st->max_ranges; i++)
		st->ranges[i].next = i + 1 < st->max_ranges ? i + 1 : SEPID_NONE;
	reg->free_range = st->max_ranges ? 0 : SEPID_NONE;
	reg->n_free_ranges = st->max_ranges;
	return 0;
}

int smmuv3_sepid_set_event_handler(struct smmuv3_sepid_registry *reg, smmuv3_event_fn *fn,
				   void *arg)
{
	if (!reg)
		return SMMUV3_ERR_INVAL;
	if (reg->n_eps)
		return SMMUV3_ERR_STATE;
	reg->proxy_event = fn;
	reg->proxy_arg = arg;
	return 0;
}

/* ---- The proxies' stage 2s (nested and shared-stage-2 models) ---------- */

/* Whether a registered SEPID of @proxy goes through @s2. */
static bool s2_in_use(const struct smmuv3_sepid_registry *reg, uint16_t proxy,
		      const struct smmuv3_domain *s2)
{
	for (unsigned int i = 0; i < reg->n_eps; i++)
		if (reg->st.eps[i].desc.proxy == proxy && reg->st.eps[i].s2 == s2)
			return true;
	return false;
}

/* Forget every stage 2 of @proxy, unless one is in use. */
static int forget_proxy_s2(struct smmuv3_sepid_registry *reg, uint16_t proxy)
{
	unsigned int i, kept = 0;

	for (i = 0; i < reg->n_proxy_s2; i++)
		if (reg->proxy_s2[i].proxy == proxy && s2_in_use(reg, proxy, reg->proxy_s2[i].s2))
			return SMMUV3_ERR_BUSY;
	for (i = 0; i < reg->n_proxy_s2; i++)
		if (reg->proxy_s2[i].proxy != proxy)
			reg->proxy_s2[kept++] = reg->proxy_s2[i];
	reg->n_proxy_s2 = kept;
	return 0;
}

int smmuv3_sepid_set_proxy_s2(struct smmuv3_sepid_registry *reg, uint16_t proxy,
			      struct smmuv3_domain *s2)
{
	unsigned int slot;
	int rc;

	if (!reg || !reg->smmus || !proxy)
		return SMMUV3_ERR_INVAL;
	if (!s2)
		return forget_proxy_s2(reg, proxy);
	rc = sepid_glue_check_s2(reg, s2);
	if (rc)
		return rc;
	/* One stage 2 per proxy and instance: a new one replaces the old. */
	for (slot = 0; slot < reg->n_proxy_s2; slot++)
		if (reg->proxy_s2[slot].proxy == proxy &&
		    sepid_glue_same_smmu(reg->proxy_s2[slot].s2, s2))
			break;
	if (slot < reg->n_proxy_s2) {
		if (reg->proxy_s2[slot].s2 != s2 && s2_in_use(reg, proxy, reg->proxy_s2[slot].s2))
			return SMMUV3_ERR_BUSY;
	} else if (slot == SMMUV3_SEPID_MAX_PROXY_S2) {
		return SMMUV3_ERR_NOSPC;
	} else {
		reg->n_proxy_s2++;
	}
	reg->proxy_s2[slot] = (struct smmuv3_sepid_proxy_s2){ proxy, s2 };
	return 0;
}

/* ---- Checks of a registration, before anything is programmed ---------- */

static int fail(struct smmuv3_sepid_conflict *c, int rc, enum smmuv3_sepid_claimant_kind k1,
		unsigned int i1, enum smmuv3_sepid_claimant_kind k2, unsigned int i2, uint32_t sid)
{
	c->first = (struct smmuv3_sepid_claimant){ k1, i1 };
	c->second = (struct smmuv3_sepid_claimant){ k2, i2 };
	c->sid = sid;
	return rc;
}

/* A list of StreamIDs on one instance: known instance, enabled, inside
 * its stream table, 1..SMMUV3_SEPID_MAX_SIDS of them. */
static int check_sids(const struct smmuv3_sepid_registry *reg, uint32_t smmu_id,
		      const uint32_t *sids, unsigned int n, enum smmuv3_sepid_claimant_kind k,
		      unsigned int i, struct smmuv3_sepid_conflict *c)
{
	unsigned int bits;

	if (!sids || !n || n > SMMUV3_SEPID_MAX_SIDS)
		return fail(c, SMMUV3_ERR_INVAL, k, i, SMMUV3_SEPID_CLAIM_NONE, 0, 0);
	if (smmu_id >= reg->n_smmus)
		return fail(c, SMMUV3_ERR_NOENT, k, i, SMMUV3_SEPID_CLAIM_NONE, 0, 0);
	bits = sepid_glue_sid_bits(reg->smmus[smmu_id]);
	if (!bits)
		return fail(c, SMMUV3_ERR_STATE, k, i, SMMUV3_SEPID_CLAIM_NONE, 0, 0);
	for (unsigned int s = 0; s < n; s++)
		if (bits < 32 && (sids[s] >> bits))
			return fail(c, SMMUV3_ERR_RANGE, k, i, SMMUV3_SEPID_CLAIM_NONE, 0, sids[s]);
	return 0;
}

static int check_ep(const struct smmuv3_sepid_registry *reg, const struct smmuv3_sepid_desc *d,
		    unsigned int i, struct smmuv3_sepid_conflict *c)
{
	int rc = check_sids(reg, d->smmu_id, d->sids, d->n_sids, SMMUV3_SEPID_CLAIM_EP, i, c);

	if (rc)
		return rc;
	rc = sepid_glue_check_model(reg, d);
	if (rc)
		return fail(c, rc, SMMUV3_SEPID_CLAIM_EP, i, SMMUV3_SEPID_CLAIM_NONE, 0, 0);
	/* The window is checked against the smallest granule any domain
	 * may use; the domain's own granule is checked at retrieve. */
	if ((d->iova_base | d->iova_size) & 0xfff)
		return fail(c, SMMUV3_ERR_ALIGN, SMMUV3_SEPID_CLAIM_EP, i, SMMUV3_SEPID_CLAIM_NONE,
			    0, 0);
	if (d->iova_size && d->iova_base + d->iova_size - 1 < d->iova_base)
		return fail(c, SMMUV3_ERR_OVERFLOW, SMMUV3_SEPID_CLAIM_EP, i,
			    SMMUV3_SEPID_CLAIM_NONE, 0, 0);
	return 0;
}

/* A SEPID that is also a partition or another endpoint could not be told
 * apart in an FF-A call. */
static int check_sepid(const struct smmuv3_sepid_registry *reg,
		       const struct smmuv3_sepid_input *in, unsigned int i,
		       struct smmuv3_sepid_conflict *c)
{
	uint16_t id = in->eps[i].sepid;

	for (unsigned int j = 0; j < in->n_partitions; j++)
		if (in->partitions[j] == id)
			return fail(c, SMMUV3_ERR_EXISTS, SMMUV3_SEPID_CLAIM_EP, i,
				    SMMUV3_SEPID_CLAIM_PARTITION, j, 0);
	for (unsigned int j = 0; j < i; j++)
		if (in->eps[j].sepid == id)
			return fail(c, SMMUV3_ERR_EXISTS, SMMUV3_SEPID_CLAIM_EP, i,
				    SMMUV3_SEPID_CLAIM_EP, j, 0);
	for (unsigned int j = 0; j < reg->n_eps; j++)
		if (reg->st.eps[j].desc.sepid == id)
			return fail(c, SMMUV3_ERR_EXISTS, SMMUV3_SEPID_CLAIM_EP, i,
				    SMMUV3_SEPID_CLAIM_REGISTERED, j, 0);
	return 0;
}

/* The n-th (smmu, sid) claim of the input, endpoints first, then regions. */
struct claim {
	uint32_t smmu_id, sid;
	enum smmuv3_sepid_claimant_kind kind;
	unsigned int index;
};

static bool claim_at(const struct smmuv3_sepid_input *in, unsigned int n, struct claim *out)
{
	for (unsigned int i = 0; i < in->n_eps; i++) {
		if (n < in->eps[i].n_sids) {
			*out = (struct claim){ in->eps[i].smmu_id, in->eps[i].sids[n],
					       SMMUV3_SEPID_CLAIM_EP, i };
			return true;
		}
		n -= in->eps[i].n_sids;
	}
	for (unsigned int i = 0; i < in->n_regions; i++) {
		if (n < in->regions[i].n_sids) {
			*out = (struct claim){ in->regions[i].smmu_id, in->regions[i].sids[n],
					       SMMUV3_SEPID_CLAIM_REGION, i };
			return true;
		}
		n -= in->regions[i].n_sids;
	}
	return false;
}

/* A StreamID belongs to at most one endpoint or region, system-wide. */
static int check_streams(const struct smmuv3_sepid_registry *reg,
			 const struct smmuv3_sepid_input *in, struct smmuv3_sepid_conflict *c)
{
	struct claim a, b;

	for (unsigned int i = 0; claim_at(in, i, &a); i++) {
		for (unsigned int j = 0; j < reg->n_streams; j++) {
			const struct smmuv3_sepid_stream *s = &reg->st.streams[j];

			if (s->smmu_id == a.smmu_id && s->sid == a.sid)
				return fail(c, SMMUV3_ERR_EXISTS, a.kind, a.index,
					    SMMUV3_SEPID_CLAIM_REGISTERED, s->ep, a.sid);
		}
		for (unsigned int j = 0; j < i; j++) {
			claim_at(in, j, &b);
			if (b.smmu_id == a.smmu_id && b.sid == a.sid)
				return fail(c, SMMUV3_ERR_EXISTS, a.kind, a.index, b.kind, b.index,
					    a.sid);
		}
	}
	return 0;
}

static int check_input(const struct smmuv3_sepid_registry *reg,
		       const struct smmuv3_sepid_input *in, struct smmuv3_sepid_conflict *c)
{
	unsigned long sids = 0;
	int rc;

	if ((!in->eps && in->n_eps) || (!in->regions && in->n_regions) ||
	    (!in->partitions && in->n_partitions))
		return SMMUV3_ERR_INVAL;
	for (unsigned int i = 0; i < in->n_eps; i++) {
		rc = check_ep(reg, &in->eps[i], i, c);
		if (!rc)
			rc = check_sepid(reg, in, i, c);
		if (rc)
			return rc;
		sids += in->eps[i].n_sids;
	}
	for (unsigned int i = 0; i < in->n_regions; i++) {
		const struct smmuv3_sepid_region *r = &in->regions[i];

		rc = check_sids(reg, r->smmu_id, r->sids, r->n_sids, SMMUV3_SEPID_CLAIM_REGION, i,
				c);
		if (rc)
			return rc;
	}
	/* Limits first: they bound the quadratic StreamID check below. */
	if (in->n_eps > reg->st.max_eps - reg->n_eps || sids > reg->st.max_streams - reg->n_streams)
		return SMMUV3_ERR_NOSPC;
	return check_streams(reg, in, c);
}

/* ---- Registration ---------------------------------------------------------- */

static void record(struct smmuv3_sepid_registry *reg, const struct smmuv3_sepid_desc *d,
		   unsigned int idx)
{
	struct smmuv3_sepid_ep *ep = &reg->st.eps[idx];

	memset(ep, 0, sizeof(*ep));
	ep->desc = *d;
	ep->desc.sids = NULL; /* the caller's array need not outlive the call */
	ep->smmu = reg->smmus[d->smmu_id];
	ep->reg = reg;
	/* Checked by check_ep(): present for the models that need it. */
	if (d->model == SMMUV3_SEPID_MODEL_NESTED || d->model == SMMUV3_SEPID_MODEL_SHARED_S2)
		ep->s2 = sepid_glue_proxy_s2(reg, d->proxy, ep->smmu);
	ep->first_stream = reg->n_streams;
	for (unsigned int s = 0; s < d->n_sids; s++)
		reg->st.streams[reg->n_streams++] = (struct smmuv3_sepid_stream){
			.smmu_id = d->smmu_id, .sid = d->sids[s], .ep = idx,
		};
}

int smmuv3_sepid_register(struct smmuv3_sepid_registry *reg, const struct smmuv3_sepid_input *in,
			  struct smmuv3_sepid_conflict *conflict)
{
	struct smmuv3_sepid_conflict scratch;
	unsigned int eps0, streams0, i;
	int rc;

	if (!reg || !reg->smmus || !in)
		return SMMUV3_ERR_INVAL;
	if (!conflict)
		conflict = &scratch;
	memset(conflict, 0, sizeof(*conflict));
	rc = check_input(reg, in, conflict);
	if (rc)
		return rc;
	eps0 = reg->n_eps;
	streams0 = reg->n_streams;
	for (i = 0; i < in->n_eps; i++) {
		record(reg, &in->eps[i], eps0 + i);
		rc = sepid_glue_bring_up(reg, &reg->st.eps[eps0 + i]);
		if (rc)
			break;
	}
	if (!rc) {
		reg->n_eps = eps0 + in->n_eps;
		return 0;
	}
	/* Take back the endpoints this call brought up, newest first. */
	fail(conflict, rc, SMMUV3_SEPID_CLAIM_EP, i, SMMUV3_SEPID_CLAIM_NONE, 0, 0);
	while (i--)
		(void)sepid_glue_take_down(reg, &reg->st.eps[eps0 + i]);
	reg->n_streams = streams0;
	return rc;
}

int smmuv3_sepid_registry_fini(struct smmuv3_sepid_registry *reg)
{
	int first = 0, rc;

	if (!reg || !reg->smmus)
		return SMMUV3_ERR_INVAL;
	for (unsigned int i = 0; i < reg->n_eps; i++) {
		rc = smmuv3_sepid_relinquish_all(reg, reg->st.eps[i].desc.sepid);
		if (rc < 0 && !first)
			first = rc;
	}
	while (reg->n_eps) {
		rc = sepid_glue_take_down(reg, &reg->st.eps[--reg->n_eps]);
		if (rc && !first)
			first = rc;
	}
	reg->n_streams = 0;
	return first;
}

/* ---- Look-ups ---------------------------------------------------------------- */

struct smmuv3_sepid_ep *sepid_find(const struct smmuv3_sepid_registry *reg, uint16_t id)
{
	for (unsigned int i = 0; reg && i < reg->n_eps; i++)
		if (reg->st.eps[i].desc.sepid == id)
			return &reg->st.eps[i];
	return NULL;
}

bool smmuv3_sepid_lookup(const struct smmuv3_sepid_registry *reg, uint16_t id, uint16_t *proxy)
{
	const struct smmuv3_sepid_ep *ep = sepid_find(reg, id);

	if (ep && proxy)
		*proxy = ep->desc.proxy;
	return ep != NULL;
}

int smmuv3_sepid_owner_of(const struct smmuv3_sepid_registry *reg, uint32_t smmu_id,
			  uint32_t sid, uint16_t *sepid, uint16_t *proxy)
{
	if (!reg)
		return SMMUV3_ERR_INVAL;
	for (unsigned int j = 0; j < reg->n_streams; j++) {
		const struct smmuv3_sepid_stream *s = &reg->st.streams[j];

		if (s->smmu_id != smmu_id || s->sid != sid)
			continue;
		if (sepid)
			*sepid = reg->st.eps[s->ep].desc.sepid;
		if (proxy)
			*proxy = reg->st.eps[s->ep].desc.proxy;
		return 0;
	}
	return SMMUV3_ERR_NOENT;
}

struct smmuv3_domain *smmuv3_sepid_domain(struct smmuv3_sepid_registry *reg, uint16_t sepid)
{
	struct smmuv3_sepid_ep *ep = sepid_find(reg, sepid);

	return ep ? sepid_glue_domain(ep) : NULL;
}
