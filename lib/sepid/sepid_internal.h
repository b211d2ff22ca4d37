/* SPDX-License-Identifier: BSD-3-Clause */
/* SEPID internals shared by registry.c, mem.c and glue.c. */
#ifndef SMMUV3_SEPID_INTERNAL_H
#define SMMUV3_SEPID_INTERNAL_H

#include <smmuv3/sepid.h>

#include "domain/domain_internal.h"
#include "pgtable/pgtable_internal.h"

#define SEPID_NONE UINT32_MAX

/* The registered endpoint with FF-A ID @id, or NULL. */
struct smmuv3_sepid_ep *sepid_find(const struct smmuv3_sepid_registry *reg, uint16_t id);

/*
 * Every call into the domain and stream API lives in glue.c, so a change
 * of that API touches one file.
 */

/* Granule (bytes) of the SEPID's domain. */
uint64_t sepid_glue_granule(const struct smmuv3_sepid_ep *ep);
/* StreamID bits the instance's stream table covers (0 if not enabled). */
unsigned int sepid_glue_sid_bits(const struct smmuv3 *smmu);
/* Whether the instance is the Secure one. */
bool sepid_glue_secure(const struct smmuv3 *smmu);
/* Whether the endpoint's own domain has a Non-secure IPA space table
 * (a stage 2 on a Secure instance), so Normal-world memory can go there. */
bool sepid_glue_has_ns(const struct smmuv3_sepid_ep *ep);
/* Whether the model and substream configuration suit the instance (and
 * the proxy's stage 2 the nested and shared-stage-2 models need):
 * 0 or SMMUV3_ERR_NOTSUP / _INVAL / _RANGE / _NOENT / _PERM. */
int sepid_glue_check_model(const struct smmuv3_sepid_registry *reg,
			   const struct smmuv3_sepid_desc *d);
/* The stage 2 of @proxy on @smmu (smmuv3_sepid_set_proxy_s2()), or NULL. */
struct smmuv3_domain *sepid_glue_proxy_s2(const struct smmuv3_sepid_registry *reg,
					  uint16_t proxy, const struct smmuv3 *smmu);
/* Whether @s2 can be a proxy's stage 2 here: 0, SMMUV3_ERR_INVAL (not
 * stage 2), _STALE (ended), _NOENT (not on one of the instances). */
int sepid_glue_check_s2(const struct smmuv3_sepid_registry *reg, const struct smmuv3_domain *s2);
/* Whether two domains are on the same instance. */
bool sepid_glue_same_smmu(const struct smmuv3_domain *a, const struct smmuv3_domain *b);
/* The page table the SEPID's streams use (the proxy's for shared
 * stage 2). */
struct smmuv3_domain *sepid_glue_domain(struct smmuv3_sepid_ep *ep);
/* Create the endpoint's domain, claim and attach its streams, register
 * its event handler; undo everything on failure. */
int sepid_glue_bring_up(struct smmuv3_sepid_registry *reg, struct smmuv3_sepid_ep *ep);
/* Undo sepid_glue_bring_up(): every step is tried; returns the first
 * error. */
int sepid_glue_take_down(struct smmuv3_sepid_registry *reg, struct smmuv3_sepid_ep *ep);
/* Map one constituent. */
int sepid_glue_map(struct smmuv3_sepid_ep *ep, uint64_t iova, uint64_t pa, uint64_t size,
		   uint32_t prot);
/* Map @n ranges back to back from @iova, as pages, all or nothing. */
int sepid_glue_map_scatter(struct smmuv3_sepid_ep *ep, uint64_t iova,
			   const struct smmuv3_phys_range *r, size_t n, uint32_t prot);
/* Map @r back to back from @iova, as pages, all or nothing, the ranges
 * already checked by the retrieve (what @sum states). */
int sepid_glue_map_checked(struct smmuv3_sepid_ep *ep, uint64_t iova,
			   const struct smmuv3_phys_range *r, const struct pgt_scatter_sum *sum,
			   uint32_t prot);
/* Unmap the ranges @next yields with one CMD_SYNC, each in the IPA space
 * *@ns names when @next returns it (NULL: the domain's first table);
 * returns the syncs the domain issued through *syncs. */
int sepid_glue_unmap(struct smmuv3_sepid_ep *ep, smmuv3_range_iter_fn *next, void *arg,
		     const bool *ns, uint64_t *syncs);

#endif
