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

#include "core/internal.h"
#include "domain_internal.h"

/*
 * The address-based command(s) for one address; returns how many. On a
 * Secure instance a stage-2 table serves both IPA spaces of Secure
 * streams (S2TTB = S_S2TTB: the input NS attribute picks the space,
 * IHI 0070 3.10.2), and TLBI_S_S2_IPA names one space by its NS bit, so
 * both are invalidated.
 */
static unsigned int tlbi_va(const struct smmuv3_domain *d, uint64_t addr, bool leaf,
			    const struct smmuv3_tlbi_range *r, struct smmuv3_cmd *cmds)
{
	bool secure = d->smmu->cfg.secure;

	if (d->cfg.type == SMMUV3_DOMAIN_S2) {
		if (!secure) {
			cmds[0] = smmuv3_cmd_tlbi_s2_ipa(d->vmid, addr, leaf, r);
			return 1;
		}
		cmds[0] = smmuv3_cmd_tlbi_s_s2_ipa(d->vmid, addr, leaf, false, r);
		cmds[1] = smmuv3_cmd_tlbi_s_s2_ipa(d->vmid, addr, leaf, true, r);
		return 2;
	}
	if (d->cfg.el2)
		cmds[0] = secure ? smmuv3_cmd_tlbi_s_el2_va(d->asid, addr, leaf, r) :
				   smmuv3_cmd_tlbi_el2_va(d->asid, addr, leaf, r);
	else /* On the Secure queue, NH commands apply to Secure EL1 entries. */
		cmds[0] = smmuv3_cmd_tlbi_nh_va(d->vmid, d->asid, addr, leaf, r);
	return 1;
}

/* Commands tlbi_va() issues per address. */
static unsigned int tlbi_va_cmds(const struct smmuv3_domain *d)
{
	return d->cfg.type == SMMUV3_DOMAIN_S2 && d->smmu->cfg.secure ? 2 : 1;
}

/* Everything the domain's tag covers. */
unsigned int smmuv3_domain_tlbi_all(const struct smmuv3_domain *d, struct smmuv3_cmd *cmds)
{
	bool secure = d->smmu->cfg.secure;
	unsigned int n = 0;

	if (d->cfg.type == SMMUV3_DOMAIN_S2) {
		/* Stage-2 and combined stage-1+2 entries of the VMID. */
		cmds[n++] = secure ? smmuv3_cmd_tlbi_s_s12_vmall(d->vmid) :
				     smmuv3_cmd_tlbi_s12_vmall(d->vmid);
	} else if (d->cfg.el2) {
		cmds[n++] = secure ? smmuv3_cmd_tlbi_s_el2_asid(d->asid) :
				     smmuv3_cmd_tlbi_el2_asid(d->asid);
	} else {
		cmds[n++] = smmuv3_cmd_tlbi_nh_asid(d->vmid, d->asid);
	}
	return n;
}

/* Address-based commands for [iova, iova+size); 0 when more than @max
 * would be needed. */
static unsigned int tlbi_range_cmds(const struct smmuv3_domain *d, uint64_t iova, uint64_t size,
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

int smmuv3_domain_tlbi(struct smmuv3_domain *d, uint64_t iova, uint64_t size, bool leaf,
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
	    SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, cmds[0].dw[0]) != SMMUV3_OP_TLBI_S12_VMALL &&
	    SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, cmds[0].dw[0]) != SMMUV3_OP_TLBI_S_S12_VMALL)
		cmds[n++] = smmuv3_cmd_tlbi_nh_all(d->vmid);
	rc = smmuv3_cmdq_submit(d->smmu, cmds, n, true);
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
