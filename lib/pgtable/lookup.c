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

int smmuv3_pgtable_iova_to_phys(const struct smmuv3_pgtable *pt, uint64_t iova,
				uint64_t *pa, uint32_t *prot)
{
	const uint64_t *t;
	unsigned int level, sh;
	uint64_t d, mask;

	if (!pt || !pa || !pt->root)
		return SMMUV3_ERR_INVAL;
	if (iova >> pt->cfg.ias_bits)
		return SMMUV3_ERR_RANGE;
	t = pgt_wc_lookup(pt, iova, iova + 1);
	level = t ? SMMUV3_PGTABLE_LEAF_LEVEL : pt->start_level;
	if (!t)
		t = pt->root;
	/* Locals, not pt fields: the port call in the loop would force
	 * every field to be read again. */
	sh = pt->shift[level];
	mask = pt->index_mask[level];
	for (;;) {
		d = t[(iova >> sh) & mask];
		if (!(d & PGT_VALID))
			return SMMUV3_ERR_NOENT;
		if (level == SMMUV3_PGTABLE_LEAF_LEVEL || !(d & PGT_TABLE_BIT))
			break;
		t = pgt_child(pt, d);
		level++;
		sh = pt->shift[level];
		mask = pt->index_mask[level];
	}
	*pa = pgt_desc_pa(pt, d) | (iova & ((UINT64_C(1) << sh) - 1));
	if (prot)
		*prot = pgt_leaf_prot(pt, d);
	return 0;
}

