/* SPDX-License-Identifier: BSD-3-Clause */
/* Domain internals shared by the files of lib/domain and the teardown. */
#ifndef SMMUV3_DOMAIN_INTERNAL_H
#define SMMUV3_DOMAIN_INTERNAL_H

#include <smmuv3/hw/cd.h>
#include <smmuv3/hw/cmdq.h>
#include <smmuv3/hw/stream.h>
#include <smmuv3/domain.h>
#include <smmuv3/errors.h>

#include "core/objects.h"

struct pgt_scatter_sum;

/* Invalidate [iova, iova+size) of @d (leaf-only when @leaf; leaves all at
 * @leaf_level when 1..3) with one CMD_SYNC. */
int smmuv3_domain_tlbi(struct smmuv3_dom *d, uint64_t iova, uint64_t size, bool leaf,
		    unsigned int leaf_level);
/* The single command covering everything @d's tag covers; returns 1. */
/* The invalidation opcodes of a domain of @cfg on @smmu (set once at init). */
const struct smmuv3_tlbi_regime *smmuv3_domain_tlbi_regime(const struct smmuv3_inst *smmu,
							   const struct smmuv3_domain_cfg *cfg);
unsigned int smmuv3_domain_tlbi_all(const struct smmuv3_dom *d, struct smmuv3_cmd *cmds);

/* A handle the caller may use: INVAL for garbage, STALE once ended. */
static inline int smmuv3_domain_live(const struct smmuv3_dom *d)
{
	if (!d || !d->smmu)
		return SMMUV3_ERR_INVAL;
	return d->ended ? SMMUV3_ERR_STALE : 0;
}

/* smmuv3_domain_map_scatter() over pgt_map_scatter_checked() (ranges
 * already checked by the caller: lib/sepid). */
int smmuv3_domain_map_scatter_checked(struct smmuv3_dom *d, uint64_t iova,
				      const struct smmuv3_phys_range *r,
				      const struct pgt_scatter_sum *sum, uint32_t prot);

/* smmuv3_domain_unmap_ranges() where each range's IPA space is *@ns
 * (the iterator sets it before returning the range; NULL: the domain's
 * first table). A range in the Non-secure space of a domain without
 * cfg.ns_space is INVAL (as an unmap error of that range). */
int smmuv3_domain_unmap_ranges_in(struct smmuv3_dom *d, smmuv3_range_iter_fn *next,
				  void *arg, const bool *ns);

/* Free the domain's page table(s) (both with cfg.ns_space). */
void smmuv3_domain_free_tables(struct smmuv3_dom *d);

/* The STE's stage-2 half for stage-2 domain @s: tables, VMID, granule,
 * sizes, both IPA spaces and the table window (SMMUV3_ERR_INVAL when its
 * page table has no root). Also used by lib/viommu for streams whose
 * stage 1 the partition controls. */
int smmuv3_domain_s2_cfg(const struct smmuv3_dom *s, struct smmuv3_s2_cfg *c);

/* Add @d to / remove it from its instance's list of live domains. */
void smmuv3_domain_link(struct smmuv3_dom *d);
void smmuv3_domain_unlink(struct smmuv3_dom *d);

/* End every live domain of @smmu (teardown): free its tables, mark it. */
void smmuv3_domains_end(struct smmuv3_inst *smmu);

/* smmuv3_stream_set_cd() / clear_cd() for the domain occupying (sid,
 * ssid) itself (instance lock held): the public ones refuse it. */
int smmuv3_cd_set_domain(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner, uint32_t ssid,
			 const struct smmuv3_cd_cfg *cfg);
int smmuv3_cd_clear_domain(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner, uint32_t ssid);

/* ASID/VMID bitmaps. */
void smmuv3_ids_free(struct smmuv3_inst *smmu);

#endif
