// SPDX-License-Identifier: BSD-3-Clause
#include <smmuv3/cd.h>
#include <smmuv3/cmdq.h>
#include <bm/bm.h>

#include "domain.h"

/* Where the nested domain's identity stage 2 starts and how far it goes. */
extern char __dma_start[], __dma_end[];

/* IOVAs stay below edu's 28-bit reach; 39 bits is plenty for the tables. */
#define DOMAIN_S1_IAS 39u
#define DOMAIN_S2_IAS 40u

const char *domain_kind_name(enum domain_kind kind)
{
	switch (kind) {
	case DOMAIN_S1:
		return "stage-1";
	case DOMAIN_S2:
		return "stage-2";
	case DOMAIN_NESTED:
		return "nested";
	}
	return "?";
}

static int tables_init(struct domain *d, struct smmuv3_pgtable *pt, enum smmuv3_pgtable_stage st)
{
	const struct smmuv3_features *f = smmuv3_features(d->smmu);
	struct smmuv3_pgtable_cfg cfg = {
		.port = d->smmu->cfg.port,
		.stage = st,
		.granule_log2 = d->granule_log2,
		.ias_bits = st == SMMUV3_PGTABLE_STAGE1 ? DOMAIN_S1_IAS : DOMAIN_S2_IAS,
		.oas_bits = f->oas_bits > 48 ? 48 : f->oas_bits,
		.coherent = d->smmu->coherent,
	};

	return smmuv3_pgtable_init(pt, &cfg);
}

int domain_init(struct domain *d, struct smmuv3 *smmu, enum domain_kind kind,
		unsigned granule_log2, uint32_t owner)
{
	int rc;

	*d = (struct domain){ .smmu = smmu, .kind = kind, .granule_log2 = granule_log2,
			      .owner = owner };
	if (kind != DOMAIN_S2) {
		rc = smmuv3_asid_alloc(smmu, &d->asid);
		if (rc)
			return rc;
		rc = tables_init(d, &d->s1, SMMUV3_PGTABLE_STAGE1);
		if (rc)
			goto fail;
		d->has_s1 = true;
	}
	if (kind != DOMAIN_S1) {
		rc = smmuv3_vmid_alloc(smmu, &d->vmid);
		if (rc)
			goto fail;
		rc = tables_init(d, &d->s2, SMMUV3_PGTABLE_STAGE2);
		if (rc)
			goto fail;
		d->has_s2 = true;
	}
	if (kind == DOMAIN_NESTED) {
		uint64_t start = (uintptr_t)__dma_start, size = (uintptr_t)__dma_end - start;

		rc = smmuv3_pgtable_map(&d->s2, start, start, size,
					SMMUV3_PROT_READ | SMMUV3_PROT_WRITE);
		if (rc)
			goto fail;
	}
	return 0;
fail:
	domain_fini(d);
	return rc;
}

static int cd_install(struct domain *d, uint32_t sid)
{
	struct smmuv3_pgtable_info info;
	struct smmuv3_cd_cfg cd;
	int rc = smmuv3_pgtable_get_info(&d->s1, &info);

	if (rc)
		return rc;
	smmuv3_cd_cfg_init(d->smmu, &cd);
	cd.ttb0 = info.root_pa;
	cd.t0sz = (uint8_t)info.tsz;
	cd.tg0 = (enum smmuv3_granule)d->granule_log2;
	cd.ips = (uint8_t)info.ps;
	cd.asid = d->asid;
	cd.mair = SMMUV3_PGTABLE_MAIR;
	cd.record_faults = true;
	return smmuv3_stream_set_cd(d->smmu, sid, d->owner, 0, &cd);
}

int domain_attach(struct domain *d, uint32_t sid)
{
	static const enum smmuv3_stream_mode modes[] = {
		[DOMAIN_S1] = SMMUV3_STREAM_S1,
		[DOMAIN_S2] = SMMUV3_STREAM_S2,
		[DOMAIN_NESTED] = SMMUV3_STREAM_NESTED,
	};
	struct smmuv3_stream_cfg sc;
	int rc = smmuv3_stream_claim(d->smmu, sid, d->owner);

	if (rc)
		return rc;
	smmuv3_stream_cfg_init(d->smmu, &sc, modes[d->kind]);
	if (d->has_s2) {
		struct smmuv3_pgtable_info info;

		rc = smmuv3_pgtable_get_info(&d->s2, &info);
		if (rc)
			goto fail;
		sc.s2.ttb = info.root_pa;
		sc.s2.vmid = d->vmid;
		sc.s2.t0sz = (uint8_t)info.tsz;
		sc.s2.sl0 = (uint8_t)info.sl0;
		sc.s2.tg = (enum smmuv3_granule)d->granule_log2;
		sc.s2.ps = (uint8_t)info.ps;
	}
	rc = smmuv3_stream_configure(d->smmu, sid, d->owner, &sc);
	if (!rc && d->has_s1)
		rc = cd_install(d, sid);
	if (!rc)
		return 0;
fail:
	smmuv3_stream_release(d->smmu, sid, d->owner);
	return rc;
}

int domain_detach(struct domain *d, uint32_t sid)
{
	return smmuv3_stream_release(d->smmu, sid, d->owner);
}

int domain_map(struct domain *d, uint64_t iova, uint64_t pa, uint64_t size, uint32_t prot)
{
	return smmuv3_pgtable_map(d->has_s1 ? &d->s1 : &d->s2, iova, pa, size, prot);
}

/* One address-based TLBI of this domain's stage, optionally a range. */
static struct smmuv3_cmd tlbi_cmd(const struct domain *d, uint64_t addr, bool leaf,
				  const struct smmuv3_tlbi_range *range)
{
	if (d->has_s1)
		return smmuv3_cmd_tlbi_nh_va(d->vmid, d->asid, addr, leaf, range);
	return smmuv3_cmd_tlbi_s2_ipa(d->vmid, addr, leaf, range);
}

/*
 * Invalidate [iova, iova+size): with range invalidation (IDR3.RIL) one
 * command per five significant bits of the page count, planned by the
 * library; otherwise one command per granule. A stage-2-only stream
 * caches stage-2-only entries, which S2_IPA covers; a nested domain
 * unmaps at stage 1 (its stage 2 is fixed), where NH_VA does.
 */
static int tlbi_range(struct domain *d, uint64_t iova, uint64_t size, bool leaf,
		      unsigned ttl)
{
	uint64_t g = 1ull << d->granule_log2, pages = size >> d->granule_log2, covered;
	bool ril = smmuv3_features(d->smmu)->ril;
	struct smmuv3_tlbi_range range;
	struct smmuv3_cmd cmd;
	int rc;

	while (pages) {
		if (ril) {
			rc = smmuv3_tlbi_range_plan(d->granule_log2, pages, ttl, &range, &covered);
			if (rc)
				return rc;
			cmd = tlbi_cmd(d, iova, leaf, &range);
		} else {
			covered = 1;
			cmd = tlbi_cmd(d, iova, leaf, NULL);
		}
		rc = smmuv3_cmdq_submit(d->smmu, &cmd, 1, false);
		if (rc)
			return rc;
		d->tlbi_cmds++;
		iova += covered * g;
		pages -= covered;
	}
	return smmuv3_cmdq_submit(d->smmu, NULL, 0, true);
}

int domain_unmap(struct domain *d, uint64_t iova, uint64_t size, bool skip_tlbi)
{
	struct smmuv3_pgtable *pt = d->has_s1 ? &d->s1 : &d->s2;
	struct smmuv3_pgtable_unmapped out;
	int rc = smmuv3_pgtable_unmap(pt, iova, size, &out);

	if (rc || skip_tlbi)
		return rc;
	rc = tlbi_range(d, out.iova, out.size, out.leaf_only, out.leaf_only ? out.leaf_level : 0);
	if (rc)
		return rc;
	smmuv3_pgtable_reclaim(pt);
	return 0;
}

int domain_flush(struct domain *d)
{
	struct smmuv3_cmd cmd = d->has_s1 ? smmuv3_cmd_tlbi_nh_asid(d->vmid, d->asid)
					  : smmuv3_cmd_tlbi_s12_vmall(d->vmid);

	return smmuv3_cmdq_submit(d->smmu, &cmd, 1, true);
}

void domain_fini(struct domain *d)
{
	if (d->has_s1)
		smmuv3_pgtable_destroy(&d->s1);
	if (d->has_s2)
		smmuv3_pgtable_destroy(&d->s2);
	if (d->asid)
		smmuv3_asid_free(d->smmu, d->asid);
	if (d->vmid)
		smmuv3_vmid_free(d->smmu, d->vmid);
	d->has_s1 = d->has_s2 = false;
	d->asid = d->vmid = 0;
}
