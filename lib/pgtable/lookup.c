// SPDX-License-Identifier: BSD-3-Clause
/*
 * iova_to_phys: the walk the SMMU makes, in software, and the
 * permissions of the leaf it ends on.
 */
#include "pgtable_internal.h"

static uint32_t pgt_leaf_prot(const struct smmuv3_pgtable *pt, uint64_t d)
{
	uint32_t prot = 0;

	if (pt->cfg.stage == SMMUV3_PGTABLE_STAGE1) {
		static const uint8_t mem_of_index[4] = { SMMUV3_MEM_WB, SMMUV3_MEM_NC,
							 SMMUV3_MEM_DEVICE,
							 SMMUV3_MEM_DEVICE_NGNRNE };
		unsigned int idx = (unsigned int)SMMUV3_FIELD_GET(PGT_S1_ATTRINDX, d);

		prot |= SMMUV3_PROT_READ;
		if (!(d & PGT_S1_AP_RDONLY))
			prot |= SMMUV3_PROT_WRITE;
		if (!(d & PGT_S1_AP_UNPRIV))
			prot |= SMMUV3_PROT_PRIV;
		if (!(d & (PGT_S1_UXN | PGT_S1_PXN)))
			prot |= SMMUV3_PROT_EXEC;
		if (d & PGT_S1_NS)
			prot |= SMMUV3_PROT_NS;
		prot |= (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_PROT_MEM, idx < 4 ? mem_of_index[idx] : 0);
	} else {
		unsigned int ma = (unsigned int)SMMUV3_FIELD_GET(PGT_S2_MEMATTR, d);
		unsigned int mem = ma == S2_MEMATTR_WB ? SMMUV3_MEM_WB :
				   ma == S2_MEMATTR_NC ? SMMUV3_MEM_NC :
				   ma == S2_MEMATTR_DEV_NGNRE ? SMMUV3_MEM_DEVICE :
				   SMMUV3_MEM_DEVICE_NGNRNE;

		if (d & PGT_S2_AP_R)
			prot |= SMMUV3_PROT_READ;
		if (d & PGT_S2_AP_W)
			prot |= SMMUV3_PROT_WRITE;
		if (!(d & PGT_S2_XN))
			prot |= SMMUV3_PROT_EXEC;
		prot |= (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_PROT_MEM, mem);
	}
	return prot;
}

/*
 * The walk the SMMU makes, unrolled: one pgt_walk_step() per level with
 * constant level numbers, entered at the start level (or at the leaf
 * level on a walk-cache hit). @lpa is a constant at each call site.
 */
static inline __attribute__((always_inline)) int
pgt_walk(const struct smmuv3_pgtable *pt, uint64_t iova, uint64_t *pa, uint32_t *prot, bool lpa)
{
	uint64_t *t = pgt_wc_lookup(pt, iova, iova + 1);
	unsigned int level = SMMUV3_PGTABLE_LEAF_LEVEL;
	uint64_t d;

	if (!t) {
		t = pt->root;
		level = pt->start_level;
	}
	switch (level) {
	case 0:
		if (!pgt_walk_step(pt, &t, iova, 0, &d, lpa)) {
			level = 0;
			break;
		}
		__attribute__((fallthrough));
	case 1:
		if (!pgt_walk_step(pt, &t, iova, 1, &d, lpa)) {
			level = 1;
			break;
		}
		__attribute__((fallthrough));
	case 2:
		if (!pgt_walk_step(pt, &t, iova, 2, &d, lpa)) {
			level = 2;
			break;
		}
		__attribute__((fallthrough));
	default:
		pgt_walk_step(pt, &t, iova, SMMUV3_PGTABLE_LEAF_LEVEL, &d, lpa);
		level = SMMUV3_PGTABLE_LEAF_LEVEL;
		break;
	}
	/* A leaf: a page, or a block above the leaf level. */
	if (!(d & PGT_VALID))
		return SMMUV3_ERR_NOENT;
	*pa = (lpa ? pgt_oa(d, pt->oa_mask, PGT_OA_HI) : d & pt->oa_mask) |
	      (iova & ((UINT64_C(1) << pt->shift[level]) - 1));
	if (prot)
		*prot = pgt_leaf_prot(pt, d);
	return 0;
}

int smmuv3_pgtable_iova_to_phys(const struct smmuv3_pgtable *pt, uint64_t iova,
				uint64_t *pa, uint32_t *prot)
{
	if (!pt || !pa || !pt->root)
		return SMMUV3_ERR_INVAL;
	if (iova >> pt->cfg.ias_bits)
		return SMMUV3_ERR_RANGE;
	if (__builtin_expect(pt->oa_hi_mask != 0, 0))
		return pgt_walk(pt, iova, pa, prot, true);
	return pgt_walk(pt, iova, pa, prot, false);
}
