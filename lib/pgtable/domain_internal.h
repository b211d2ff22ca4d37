/* SPDX-License-Identifier: BSD-3-Clause */
/* Domain internals shared by domain.c and tlbi.c. */
#ifndef SMMUV3_DOMAIN_INTERNAL_H
#define SMMUV3_DOMAIN_INTERNAL_H

#include <smmuv3/cmdq.h>
#include <smmuv3/domain.h>
#include <smmuv3/errors.h>

/* Invalidate [iova, iova+size) of @d (leaf-only when @leaf; leaves all at
 * @leaf_level when 1..3) with one CMD_SYNC. */
int pgt_domain_tlbi(struct smmuv3_domain *d, uint64_t iova, uint64_t size, bool leaf,
		    unsigned int leaf_level);
/* The single command covering everything @d's tag covers; returns 1. */
unsigned int pgt_domain_tlbi_all(const struct smmuv3_domain *d, struct smmuv3_cmd *cmds);

/* The domain occupying (sid, ssid), or NULL. Instance lock held. */
struct smmuv3_domain *smmuv3_occupant_locked(const struct smmuv3 *smmu, uint32_t sid,
					     uint32_t ssid);

/* A handle the caller may use: INVAL for garbage, STALE once ended. */
static inline int pgt_domain_live(const struct smmuv3_domain *d)
{
	if (!d || !d->smmu)
		return SMMUV3_ERR_INVAL;
	return d->ended ? SMMUV3_ERR_STALE : 0;
}

/* Whether @a of domain @e covers (sid, ssid): a stage 2 covers every
 * substream of its stream. */
static inline bool pgt_att_covers(const struct smmuv3_domain *e,
				  const struct smmuv3_domain_attachment *a, uint32_t sid,
				  uint32_t ssid)
{
	return a->used && a->sid == sid && (e->cfg.type == SMMUV3_DOMAIN_S2 || a->ssid == ssid);
}

/* What a caller that checked a scatter map's ranges itself knows of them:
 * each non-empty, granule aligned and not wrapping, their sum not
 * wrapping. */
struct pgt_scatter_sum {
	uint64_t total;        /* bytes, the sum of the sizes */
	uint64_t last;         /* >= every range's last byte (OAS check) */
	bool pages;            /* every range exactly one granule */
};

/*
 * smmuv3_pgtable_map_scatter() without its per-range pass, for lib/sepid,
 * whose hostile-input pass over the constituents already proved what
 * @sum states (checking the same array twice cost about 20 instructions
 * a page). The table side -- prot, the IOVA range, @sum->last against
 * the output size, nothing mapped there -- is still checked.
 */
int pgt_map_scatter_checked(struct smmuv3_pgtable *pt, uint64_t iova,
			    const struct smmuv3_phys_range *r, const struct pgt_scatter_sum *sum,
			    uint32_t prot);
/* smmuv3_domain_map_scatter() over pgt_map_scatter_checked(). */
int pgt_domain_map_scatter_checked(struct smmuv3_domain *d, uint64_t iova,
				   const struct smmuv3_phys_range *r,
				   const struct pgt_scatter_sum *sum, uint32_t prot);

/* Add @d to / remove it from its instance's list of live domains. */
void smmuv3_domain_link(struct smmuv3_domain *d);
void smmuv3_domain_unlink(struct smmuv3_domain *d);

/* Whether any domain is attached to @sid. Instance lock held. */
bool smmuv3_stream_has_domain(const struct smmuv3 *smmu, uint32_t sid);
/* End every live domain of @smmu (teardown): free its tables, mark it. */
void smmuv3_domains_end(struct smmuv3 *smmu);

#endif
