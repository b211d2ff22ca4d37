// SPDX-License-Identifier: BSD-3-Clause
/*
 * TLB invalidation of a domain's range: the commands, then one CMD_SYNC.
 *
 * With range invalidation (IDR3.RIL) a range needs one command per
 * five-bit chunk of its page count (smmuv3_tlbi_range_plan()); without,
 * one command per leaf (blocks count once). Past the domain's
 * threshold, one whole-ASID (stage 1) or whole-VMID (stage 2) command
 * replaces them all: the number of commands per call is bounded by
 * SMMUV3_DOMAIN_MAX_TLBI whatever the range.
 */
#include <smmuv3/domain.h>

#include "cmdq/cmdq_internal.h"
#include "core/internal.h"
#include "domain_internal.h"

const struct smmuv3_tlbi_regime *smmuv3_domain_tlbi_regime(const struct smmuv3_inst *smmu,
							   const struct smmuv3_domain_cfg *cfg)
{
	enum smmuv3_tlbi_kind k = cfg->type == SMMUV3_DOMAIN_S2 ? SMMUV3_TLBI_S2 :
				  cfg->el2                      ? SMMUV3_TLBI_S1_EL2 :
								  SMMUV3_TLBI_S1_EL1;

	return &smmu->regime->tlbi[k];
}

static uint16_t tag_vmid(const struct smmuv3_dom *d)
{
	return d->tlbi->tag_vmid ? d->vmid : 0;
}

static uint16_t tag_asid(const struct smmuv3_dom *d)
{
	return d->tlbi->tag_asid ? d->asid : 0;
}

/* The address-based command(s) for one address; returns how many (a
 * Secure stage 2 names each IPA space once, lib/core/regime.c). */
static unsigned int tlbi_va(const struct smmuv3_dom *d, uint64_t addr, bool leaf,
			    const struct smmuv3_tlbi_range *r, struct smmuv3_cmd *cmds)
{
	const struct smmuv3_tlbi_regime *t = d->tlbi;

	cmds[0] = smmuv3_cmd_tlbi_op(t->op_addr, tag_vmid(d), tag_asid(d), t->addr_mask, addr,
				     leaf, r);
	if (!t->both_ipa_spaces)
		return 1;
	cmds[1] = cmds[0];
	cmds[1].dw[1] |= SMMUV3_CMD_TLBI_S2_NS;
	return 2;
}

/* Commands tlbi_va() issues per address. */
static unsigned int tlbi_va_cmds(const struct smmuv3_dom *d)
{
	return d->tlbi->both_ipa_spaces ? 2 : 1;
}

/* Everything the domain's tag covers: for stage 2 its stage-2 and
 * combined stage-1+2 entries. */
unsigned int smmuv3_domain_tlbi_all(const struct smmuv3_dom *d, struct smmuv3_cmd *cmds)
{
	cmds[0] = smmuv3_cmd_tlbi_op(d->tlbi->op_all, tag_vmid(d), tag_asid(d), 0, 0, false, NULL);
	return 1;
}

/* Address-based commands for [iova, iova+size); 0 when more than @max
 * would be needed. */
static unsigned int tlbi_range_cmds(const struct smmuv3_dom *d, uint64_t iova, uint64_t size,
				    bool leaf, unsigned int ttl, uint64_t step,
				    struct smmuv3_cmd *cmds, unsigned int max)
{
	unsigned int g = d->cfg.granule_log2;
	unsigned int per = tlbi_va_cmds(d);
	unsigned int n = 0;

	if (d->smmu->feat.ril) {
		uint64_t pages = size >> g;

		while (pages) {
			struct smmuv3_tlbi_range r;
			uint64_t covered;

			if (n + per > max || smmuv3_tlbi_range_plan(g, pages, ttl, &r, &covered) ||
			    !covered)
				return 0;
			n += tlbi_va(d, iova, leaf, &r, &cmds[n]);
			iova += covered << g;
			pages -= covered;
		}
		return n;
	}
	if (size / step > max / per)
		return 0;
	for (uint64_t a = iova; a < iova + size; a += step)
		n += tlbi_va(d, a, leaf, NULL, &cmds[n]);
	return n;
}

int smmuv3_domain_tlbi(struct smmuv3_dom *d, uint64_t iova, uint64_t size, bool leaf,
		    unsigned int leaf_level)
{
	struct smmuv3_cmd cmds[SMMUV3_DOMAIN_MAX_TLBI + 1];
	unsigned int g = d->cfg.granule_log2, n, max = d->cfg.tlbi_max_cmds;
	/* Blocks of one size are invalidated once each; a table unlinked
	 * or mixed leaves need every granule (a walk-cache entry may cover
	 * any of them). */
	uint64_t step = UINT64_C(1) << g;
	int rc;

	if (leaf && leaf_level >= 1 && leaf_level < SMMUV3_PGTABLE_LEAF_LEVEL)
		step <<= (SMMUV3_PGTABLE_LEAF_LEVEL - leaf_level) * (g - 3);
	n = tlbi_range_cmds(d, iova, size, leaf, leaf ? leaf_level : 0, step, cmds, max);
	if (!n)
		n = smmuv3_domain_tlbi_all(d, cmds);
	/* Combined stage-1+2 entries of nested streams are not removed by
	 * stage-2 address invalidations. */
	if (d->cfg.type == SMMUV3_DOMAIN_S2 && d->n_nested &&
	    SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, cmds[0].dw[0]) != d->tlbi->op_all)
		cmds[n++] = smmuv3_cmd_tlbi_nh_all(d->vmid);
	rc = smmuv3_cmdq_submit(smmuv3_inst_pub(d->smmu), cmds, n, true);
	if (rc) {
		/* Which of the commands took effect is unknown: the whole
		 * tag is owed (smmuv3_domain's inval_owed). */
		d->inval_owed = true;
		return rc;
	}
	d->n_cmds += n;
	d->n_syncs++;
	return 0;
}
