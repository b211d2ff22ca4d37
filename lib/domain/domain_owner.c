// SPDX-License-Identifier: BSD-3-Clause
/*
 * Who may use a domain, and what it occupies (docs/ownership.md): the
 * instance's list of live domains, owners and sharing, the occupancy of
 * (StreamID, SubstreamID) that attach checks and integrators query, and
 * the end of every live domain at teardown. The list and the attachments
 * in it change only under the instance lock.
 */
#include <smmuv3/domain.h>

#include "core/internal.h"
#include "libc/mem.h"
#include "domain_internal.h"

/* The instance's list of live domains, which teardown ends. */
void smmuv3_domain_link(struct smmuv3_dom *d)
{
	smmuv3_lock(d->smmu);
	d->next = d->smmu->domains;
	d->smmu->domains = d;
	smmuv3_unlock(d->smmu);
}

void smmuv3_domain_unlink(struct smmuv3_dom *d)
{
	smmuv3_lock(d->smmu);
	for (struct smmuv3_dom **p = &d->smmu->domains; *p; p = &(*p)->next) {
		if (*p == d) {
			*p = d->next;
			break;
		}
	}
	smmuv3_unlock(d->smmu);
	d->next = NULL;
}

bool smmuv3_domain_may_attach(const struct smmuv3_domain *d_pub, uint32_t owner)
{
	const struct smmuv3_dom *d = smmuv3_cdom_of(d_pub);

	if (smmuv3_domain_live(d))
		return false;
	if (owner == d->cfg.owner)
		return true;
	for (unsigned int i = 0; i < d->n_share; i++)
		if (d->share[i] == owner)
			return true;
	return false;
}

int smmuv3_domain_share(struct smmuv3_domain *d_pub, uint32_t owner)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);
	int rc = smmuv3_domain_live(d);

	if (rc || smmuv3_domain_may_attach(smmuv3_dom_pub(d), owner))
		return rc;
	if (d->n_share == SMMUV3_DOMAIN_MAX_SHARE)
		return SMMUV3_ERR_NOSPC;
	d->share[d->n_share++] = owner;
	return 0;
}

/* Whether streams of @owner use @d: attached to it, or nested over it.
 * Instance lock held. */
static bool owner_uses_locked(const struct smmuv3_dom *d, uint32_t owner)
{
	for (const struct smmuv3_dom *e = d->smmu->domains; e; e = e->next) {
		for (unsigned int i = 0; i < SMMUV3_DOMAIN_MAX_ATTACH; i++) {
			const struct smmuv3_domain_attachment *a = &e->att[i];

			if (a->used && a->owner == owner && (e == d || a->nest == d))
				return true;
		}
	}
	return false;
}

int smmuv3_domain_unshare(struct smmuv3_domain *d_pub, uint32_t owner)
{
	struct smmuv3_dom *d = smmuv3_dom_of(d_pub);
	unsigned int i;
	int rc = smmuv3_domain_live(d);

	if (rc)
		return rc;
	for (i = 0; i < d->n_share && d->share[i] != owner; i++)
		;
	if (i == d->n_share)
		return SMMUV3_ERR_NOENT;
	smmuv3_lock(d->smmu);
	rc = owner_uses_locked(d, owner) ? SMMUV3_ERR_BUSY : 0;
	if (!rc)
		d->share[i] = d->share[--d->n_share];
	smmuv3_unlock(d->smmu);
	return rc;
}

int smmuv3_stream_occupant(struct smmuv3 *smmu_pub, uint32_t sid, uint32_t ssid,
			   struct smmuv3_domain **d)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	int rc;

	if (!smmu || !d)
		return SMMUV3_ERR_INVAL;
	if (smmu->state != SMMUV3_STATE_ENABLED && smmu->state != SMMUV3_STATE_FAILED)
		return SMMUV3_ERR_STATE;
	if (smmu->strtab.log2size < 32 && (sid >> smmu->strtab.log2size))
		return SMMUV3_ERR_RANGE;
	smmuv3_lock(smmu);
	*d = smmuv3_dom_pub(smmuv3_occupant_locked(smmu, sid, ssid));
	smmuv3_unlock(smmu);
	rc = *d ? 0 : SMMUV3_ERR_NOENT;
	return rc;
}

void smmuv3_domains_end(struct smmuv3_inst *smmu)
{
	struct smmuv3_dom *d = smmu->domains, *next;

	for (; d; d = next) {
		next = d->next;
		if (!d->shared)
			smmuv3_domain_free_tables(d);
		memset(d->att, 0, sizeof(d->att));
		d->n_attached = 0;
		d->n_nested = 0;
		d->inval_owed = false;
		d->ended = true;
		d->next = NULL;
	}
	smmu->domains = NULL;
}
