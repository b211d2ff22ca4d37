// SPDX-License-Identifier: BSD-3-Clause
/*
 * The only file of lib/viommu that calls the library's domain, stream,
 * CD and command-queue APIs. When those APIs change (domain owners,
 * shared stage 2, attach rules), this is the file to adapt.
 */
#include <smmuv3/hw/cd.h>
#include <smmuv3/hw/cmdq.h>
#include <smmuv3/errors.h>
#include <smmuv3/smmuv3.h>
#include <smmuv3/hw/stream.h>

#include "domain/domain_internal.h"
#include "viommu_internal.h"

/* Address-based TLBIs beyond this become one whole-ASID command. */
#define VG_TLBI_MAX_PAGES 32u

int vg_setup(struct smmuv3_viommu *v)
{
	struct smmuv3 *smmu = v->cfg.smmu;

	if (smmuv3_get_state(smmu) != SMMUV3_STATE_ENABLED)
		return SMMUV3_ERR_STATE;
	if (!smmuv3_features(smmu)->stage1)
		return SMMUV3_ERR_NOTSUP;
	smmuv3_domain_cfg_init(smmu, &v->dcfg, SMMUV3_DOMAIN_S1);
	return 0;
}

int vg_nest_ok(const struct smmuv3_viommu *v, const struct smmuv3_domain *nest_pub)
{
	const struct smmuv3_dom *nest = smmuv3_cdom_of(nest_pub);

	if (nest->smmu != smmuv3_cinst_of(v->cfg.smmu) || nest->cfg.type != SMMUV3_DOMAIN_S2)
		return SMMUV3_ERR_INVAL;
	return 0;
}

int vg_claim(struct smmuv3_viommu *v, uint32_t sid, uint16_t part)
{
	return smmuv3_stream_claim(v->cfg.smmu, sid, part);
}

int vg_release(struct smmuv3_viommu *v, uint32_t sid, uint16_t part)
{
	return smmuv3_stream_release(v->cfg.smmu, sid, part);
}

int vg_as_init(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a)
{
	struct smmuv3_domain_cfg dcfg = v->dcfg;

	/* The address space belongs to the partition that made it: the
	 * library then refuses to attach any other owner's stream to it. */
	dcfg.owner = a->part;
	return smmuv3_domain_init(v->cfg.smmu, &a->dom, &dcfg);
}

int vg_as_destroy(struct smmuv3_viommu_as *a)
{
	return smmuv3_domain_destroy(&a->dom);
}

unsigned int vg_as_attachments(const struct smmuv3_viommu_as *a)
{
	return smmuv3_cdom_of(&a->dom)->n_attached;
}

int vg_attach(struct smmuv3_viommu_as *a, const struct smmuv3_viommu_stream *s, uint32_t ssid)
{
	return smmuv3_domain_attach(&a->dom, s->sid, s->part, ssid, s->ssid_bits, s->nest);
}

int vg_detach(struct smmuv3_viommu_as *a, const struct smmuv3_viommu_stream *s, uint32_t ssid)
{
	return smmuv3_domain_detach(&a->dom, s->sid, s->part, ssid);
}

bool vg_attached(const struct smmuv3_viommu_as *a, const struct smmuv3_viommu_stream *s,
		 uint32_t ssid)
{
	for (unsigned int i = 0; i < SMMUV3_DOMAIN_MAX_ATTACH; i++) {
		const struct smmuv3_domain_attachment *t = &smmuv3_cdom_of(&a->dom)->att[i];

		if (t->used && t->sid == s->sid && t->ssid == ssid)
			return true;
	}
	return false;
}

int vg_map(struct smmuv3_viommu_as *a, uint64_t iova, uint64_t pa, uint64_t size,
	   uint32_t prot)
{
	return smmuv3_domain_map(&a->dom, iova, pa, size, prot);
}

int vg_unmap(struct smmuv3_viommu_as *a, uint64_t iova, uint64_t size)
{
	return smmuv3_domain_unmap(&a->dom, iova, size);
}

int vg_cdtab_set(struct smmuv3_viommu *v, const struct smmuv3_viommu_stream *s, uint64_t pa,
		 uint64_t bytes)
{
	struct smmuv3_stream_cfg sc;
	int rc;

	smmuv3_stream_cfg_init(v->cfg.smmu, &sc, SMMUV3_STREAM_NESTED);
	sc.s1.ssid_bits = s->ssid_bits;
	sc.s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	sc.s1.strw = SMMUV3_STE_STRW_NSEL1;
	sc.s1.vmid = smmuv3_cdom_of(s->nest)->vmid;
	sc.s1.cdtab_pa = pa;
	sc.s1.cdtab_bytes = (size_t)bytes;
	sc.s1.cdtab_fmt = SMMUV3_STE_S1FMT_LINEAR;
	rc = smmuv3_domain_s2_cfg(smmuv3_dom_of(s->nest), &sc.s2);
	if (rc)
		return rc;
	/* The partition's CD table is at an IPA of its own choosing: no
	 * library table window applies to it. */
	sc.s2.win = (struct smmuv3_table_window){ 0 };
	return smmuv3_stream_configure(v->cfg.smmu, s->sid, s->part, &sc);
}

int vg_cdtab_clear(struct smmuv3_viommu *v, const struct smmuv3_viommu_stream *s)
{
	struct smmuv3_stream_cfg sc;
	struct smmuv3_cmd c;
	int rc;

	smmuv3_stream_cfg_init(v->cfg.smmu, &sc, SMMUV3_STREAM_ABORT);
	rc = smmuv3_stream_configure(v->cfg.smmu, s->sid, s->part, &sc);
	if (rc)
		return rc;
	/* The partition's ASIDs live in its VMID: forget them all. */
	c = smmuv3_cmd_tlbi_nh_all(smmuv3_cdom_of(s->nest)->vmid);
	return smmuv3_cmdq_submit(v->cfg.smmu, &c, 1, true);
}

int vg_cd_inval(struct smmuv3_viommu *v, const struct smmuv3_viommu_stream *s, uint32_t ssid,
		bool all)
{
	return smmuv3_stream_sync_cd(v->cfg.smmu, s->sid, s->part, ssid, all);
}

int vg_tlbi(struct smmuv3_viommu *v, const struct smmuv3_viommu_stream *s, uint16_t asid,
	    uint64_t va, uint64_t size)
{
	struct smmuv3_cmd c[VG_TLBI_MAX_PAGES];
	uint16_t vmid = smmuv3_cdom_of(s->nest)->vmid;
	uint64_t pages = size >> 12;
	unsigned int n = 0;

	/* Entries are tagged (VMID, ASID); the VMID is the partition's
	 * stage 2, so no ASID it names reaches another partition. The
	 * partition may use any granule: 4 KiB steps cover them all. */
	if (!size || pages > VG_TLBI_MAX_PAGES)
		c[n++] = smmuv3_cmd_tlbi_nh_asid(vmid, asid);
	else
		for (uint64_t p = 0; p < pages; p++)
			c[n++] = smmuv3_cmd_tlbi_nh_va(vmid, asid, va + (p << 12), false, NULL);
	return smmuv3_cmdq_submit(v->cfg.smmu, c, n, true);
}

unsigned int vg_granules(const struct smmuv3_viommu *v)
{
	const struct smmuv3_features *f = smmuv3_features(v->cfg.smmu);

	return (f->gran_4k ? 1u : 0u) | (f->gran_16k ? 2u : 0u) | (f->gran_64k ? 4u : 0u);
}

unsigned int vg_va_bits(const struct smmuv3_viommu *v)
{
	unsigned int b = smmuv3_features(v->cfg.smmu)->va_bits;

	return b > 48 ? 48 : b;
}

unsigned int vg_oas_bits(const struct smmuv3_viommu *v, const struct smmuv3_viommu_stream *s)
{
	/* Nested: stage 1 outputs IPAs of the partition's stage 2. */
	const struct smmuv3_dom *nest = smmuv3_cdom_of(s->nest);

	if (nest)
		return nest->shared ? 64 - nest->shared_t0sz : nest->cfg.ias_bits;
	return v->dcfg.oas_bits;
}

unsigned int vg_asid_bits(const struct smmuv3_viommu *v)
{
	return smmuv3_features(v->cfg.smmu)->asid_bits;
}

unsigned int vg_ssid_bits(const struct smmuv3_viommu *v)
{
	return smmuv3_features(v->cfg.smmu)->ssid_bits;
}

bool vg_att_at(const struct smmuv3_viommu_as *a, unsigned int i, uint32_t *sid, uint32_t *ssid)
{
	const struct smmuv3_dom *d = smmuv3_cdom_of(&a->dom);

	if (i >= SMMUV3_DOMAIN_MAX_ATTACH || !d->att[i].used)
		return false;
	*sid = d->att[i].sid;
	*ssid = d->att[i].ssid;
	return true;
}

bool vg_mapped(const struct smmuv3_viommu_as *a, uint64_t iova)
{
	uint64_t pa;

	return smmuv3_domain_iova_to_phys(&a->dom, iova, &pa) == 0;
}
