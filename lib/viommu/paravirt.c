// SPDX-License-Identifier: BSD-3-Clause
/*
 * The paravirtual ABI: (caller, function ID, 7 arguments) -> status and
 * 4 results, decoded onto the core. Register layouts: docs/viommu.md.
 */
#include "libc/mem.h"

#include <smmuv3/errors.h>

#include "viommu_internal.h"

/* Arguments each function reads; the rest must be zero, so that a later
 * minor version can give them a meaning old callers never sent. */
static int nargs(uint32_t func)
{
	switch (func) {
	case SMMUV3_VIOMMU_FN_VERSION:
	case SMMUV3_VIOMMU_FN_AS_CREATE:
	case SMMUV3_VIOMMU_FN_FAULT_FETCH:
		return 0;
	case SMMUV3_VIOMMU_FN_FEATURES:
	case SMMUV3_VIOMMU_FN_AS_DESTROY:
	case SMMUV3_VIOMMU_FN_CDTAB_CLEAR:
		return 1;
	case SMMUV3_VIOMMU_FN_TLBI_ASID:
		return 2;
	case SMMUV3_VIOMMU_FN_ATTACH:
	case SMMUV3_VIOMMU_FN_DETACH:
	case SMMUV3_VIOMMU_FN_UNMAP:
	case SMMUV3_VIOMMU_FN_CDTAB_SET:
	case SMMUV3_VIOMMU_FN_CD_INVAL:
		return 3;
	case SMMUV3_VIOMMU_FN_TLBI_VA:
		return 4;
	case SMMUV3_VIOMMU_FN_MAP:
		return 5;
	default:
		return -1;
	}
}

static int features(struct smmuv3_viommu *v, struct smmuv3_viommu_stream *s, uint64_t res[4])
{
	uint32_t models = s->flags | (s->nest ? SMMUV3_VIOMMU_S_NESTED : 0);
	uint64_t need = vc_cdtab_bytes(s);

	res[0] = SMMUV3_FIELD_PREP(SMMUV3_VIOMMU_FEAT0_GRANULES, vg_granules(v)) |
		 SMMUV3_FIELD_PREP(SMMUV3_VIOMMU_FEAT0_IAS, vg_va_bits(v)) |
		 SMMUV3_FIELD_PREP(SMMUV3_VIOMMU_FEAT0_OAS, vg_oas_bits(v, s)) |
		 SMMUV3_FIELD_PREP(SMMUV3_VIOMMU_FEAT0_SSID, s->ssid_bits) |
		 SMMUV3_FIELD_PREP(SMMUV3_VIOMMU_FEAT0_ASID, vg_asid_bits(v)) |
		 SMMUV3_FIELD_PREP(SMMUV3_VIOMMU_FEAT0_MODELS, models) |
		 SMMUV3_FIELD_PREP(SMMUV3_VIOMMU_FEAT0_LEVELS, vc_levels(v)) |
		 SMMUV3_FIELD_PREP(SMMUV3_VIOMMU_FEAT0_GRANULE, v->dcfg.granule_log2);
	res[1] = vc_page_size_mask(v);
	if (s->flags & SMMUV3_VIOMMU_S_PART_S1) {
		res[2] = need;
		res[3] = need < 64 ? 64 : need;
	}
	return SMMUV3_VIOMMU_OK;
}

static int fault_fetch(struct smmuv3_viommu *v, uint16_t caller, uint64_t res[4])
{
	struct smmuv3_viommu_fault_rec r;
	uint32_t endpoint;
	bool lost;

	if (!vc_fault_take(v, caller, &r, &lost, &endpoint))
		return SMMUV3_VIOMMU_E_NO_EVENT;
	res[0] = r.w0 | (lost ? SMMUV3_VIOMMU_FLT_LOST : 0);
	res[1] = endpoint | (uint64_t)r.ssid << 32;
	res[2] = r.addr;
	res[3] = r.ipa;
	return SMMUV3_VIOMMU_OK;
}

/* Functions on a partition-controlled stream: the stream must be the
 * caller's and carry its CD table. */
static int part_s1(struct smmuv3_viommu *v, struct smmuv3_viommu_stream *s, uint32_t func,
		   const uint64_t *a)
{
	uint64_t va = a[2], size = a[3];

	if (!s->cdtab)
		return SMMUV3_VIOMMU_E_MODEL;
	if (func == SMMUV3_VIOMMU_FN_CD_INVAL) {
		if (a[2] > 1)
			return SMMUV3_VIOMMU_E_INVAL;
		if (a[1] >> s->ssid_bits)
			return SMMUV3_VIOMMU_E_RANGE;
		return vc_status(vg_cd_inval(v, s, (uint32_t)a[1], a[2] != 0));
	}
	if (a[1] >> vg_asid_bits(v))
		return SMMUV3_VIOMMU_E_NO_ASID;
	if (func == SMMUV3_VIOMMU_FN_TLBI_ASID)
		return vc_status(vg_tlbi(v, s, (uint16_t)a[1], 0, 0));
	if (!size)
		return SMMUV3_VIOMMU_E_INVAL;
	if ((va | size) & 0xfffu)
		return SMMUV3_VIOMMU_E_ALIGN;
	if (va + size - 1 < va)
		return SMMUV3_VIOMMU_E_RANGE;
	return vc_status(vg_tlbi(v, s, (uint16_t)a[1], va, size));
}

static int dispatch(struct smmuv3_viommu *v, uint16_t caller, uint32_t func, const uint64_t *a,
		    uint64_t res[4])
{
	struct smmuv3_viommu_stream *s = NULL;
	struct smmuv3_viommu_as *as = NULL;
	int rc;

	switch (func) {
	case SMMUV3_VIOMMU_FN_VERSION:
		res[0] = SMMUV3_VIOMMU_VERSION_MAJOR << 16 | SMMUV3_VIOMMU_VERSION_MINOR;
		return SMMUV3_VIOMMU_OK;
	case SMMUV3_VIOMMU_FN_AS_CREATE:
		rc = vc_as_create(v, caller, &as);
		if (!rc)
			res[0] = vc_as_handle(v, as);
		return rc;
	case SMMUV3_VIOMMU_FN_FAULT_FETCH:
		return fault_fetch(v, caller, res);
	default:
		break;
	}
	/* Functions on an address space name it first; the rest a stream. */
	if (func >= SMMUV3_VIOMMU_FN_AS_DESTROY && func <= SMMUV3_VIOMMU_FN_UNMAP) {
		as = vc_as_by_handle(v, caller, a[0]);
		if (!as)
			return SMMUV3_VIOMMU_E_NO_AS;
		if (func == SMMUV3_VIOMMU_FN_ATTACH || func == SMMUV3_VIOMMU_FN_DETACH) {
			s = vc_stream(v, caller, a[1]);
			if (!s)
				return SMMUV3_VIOMMU_E_NO_STREAM;
		}
	} else {
		s = vc_stream(v, caller, a[0]);
		if (!s)
			return SMMUV3_VIOMMU_E_NO_STREAM;
	}
	switch (func) {
	case SMMUV3_VIOMMU_FN_FEATURES:
		return features(v, s, res);
	case SMMUV3_VIOMMU_FN_AS_DESTROY:
		return vc_as_destroy(v, as);
	case SMMUV3_VIOMMU_FN_ATTACH:
		return vc_attach(v, as, s, a[2]);
	case SMMUV3_VIOMMU_FN_DETACH:
		return vc_detach(v, as, s, a[2]);
	case SMMUV3_VIOMMU_FN_MAP:
		return vc_map(v, as, a[1], a[2], a[3], a[4]);
	case SMMUV3_VIOMMU_FN_UNMAP:
		return vc_unmap(v, as, a[1], a[2], &res[0]);
	case SMMUV3_VIOMMU_FN_CDTAB_SET:
		return vc_cdtab_set(v, s, a[1], a[2]);
	case SMMUV3_VIOMMU_FN_CDTAB_CLEAR:
		return vc_cdtab_clear(v, s);
	default:
		return part_s1(v, s, func, a);
	}
}

int smmuv3_viommu_call(struct smmuv3_viommu *v, uint16_t caller, uint32_t func,
		       const uint64_t args[7], uint64_t res[4])
{
	int n = nargs(func);

	if (!res)
		return SMMUV3_VIOMMU_E_INVAL;
	memset(res, 0, 4 * sizeof(res[0]));
	if (!v || !v->ready || !args)
		return SMMUV3_VIOMMU_E_INVAL;
	if (n < 0)
		return SMMUV3_VIOMMU_E_NOTSUP;
	for (int i = n; i < 7; i++)
		if (args[i])
			return SMMUV3_VIOMMU_E_INVAL;
	return dispatch(v, caller, func, args, res);
}
