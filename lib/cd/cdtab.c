// SPDX-License-Identifier: BSD-3-Clause
/*
 * CD tables, one per stream. Up to 64 CDs (one 4 KiB page) the table is
 * linear; beyond, when the SMMU has two-level CD tables, it is a level-1
 * array of L1CDs whose 4 KiB leaves (64 CDs each) are allocated when a
 * CD in their range is first written, so 2^20 SubstreamIDs cost 128 KiB
 * of level-1 table plus 4 KiB per 64 SubstreamIDs in use.
 */
#include "libc/mem.h"

#include "core/internal.h"
#include "cd_internal.h"
#include "pgtable/window.h"

/* Largest linear table the library builds before going two-level. */
#define CDTAB_LINEAR_MAX_BITS SMMUV3_CD_L2_BITS_4K

static size_t cdtab_l1_bytes(unsigned int ssid_bits)
{
	unsigned int l1_bits = ssid_bits > SMMUV3_CD_L2_BITS_4K ? ssid_bits - SMMUV3_CD_L2_BITS_4K : 0;

	return (size_t)SMMUV3_L1CD_BYTES << l1_bits;
}

int smmuv3_cdtab_alloc(struct smmuv3_inst *smmu, unsigned int ssid_bits, struct smmuv3_cdtab **out)
{
	bool two_level = ssid_bits > CDTAB_LINEAR_MAX_BITS && smmu->feat.cd_2lvl;
	unsigned int n_leaves = two_level ? 1u << (ssid_bits - SMMUV3_CD_L2_BITS_4K) : 0;
	size_t bytes = sizeof(struct smmuv3_cdtab) + n_leaves * sizeof(uint64_t *);
	struct smmuv3_cdtab *tab;
	uint64_t pa;

	tab = smmuv3_dma_alloc(smmu, bytes, sizeof(void *), &pa);
	if (!tab)
		return SMMUV3_ERR_NOMEM;
	memset(tab, 0, bytes);
	tab->bytes = bytes;
	tab->ssid_bits = ssid_bits;
	tab->n_leaves = n_leaves;
	tab->fmt = two_level ? SMMUV3_STE_S1FMT_64_4K : SMMUV3_STE_S1FMT_LINEAR;
	tab->base_bytes = two_level ? cdtab_l1_bytes(ssid_bits) : (size_t)SMMUV3_CD_BYTES << ssid_bits;
	/* Aligned to its size, and at least as S1ContextPtr needs. */
	tab->base = smmuv3_dma_alloc(smmu, tab->base_bytes,
				     tab->base_bytes < SMMUV3_STE_S1CTXPTR_ALIGN ?
					     SMMUV3_STE_S1CTXPTR_ALIGN : tab->base_bytes,
				     &tab->base_pa);
	if (!tab->base) {
		smmuv3_dma_free(smmu, tab, bytes);
		return SMMUV3_ERR_NOMEM;
	}
	/* Every CD and L1CD starts invalid (V = 0). */
	memset(tab->base, 0, tab->base_bytes);
	smmuv3_dma_sync(smmu, tab->base, tab->base_bytes);
	*out = tab;
	return 0;
}

void smmuv3_cdtab_free(struct smmuv3_inst *smmu, struct smmuv3_cdtab *tab)
{
	while (tab) {
		struct smmuv3_cdtab *next = tab->abandoned;

		for (unsigned int i = 0; i < tab->n_leaves; i++)
			if (tab->leaf[i])
				smmuv3_dma_free(smmu, tab->leaf[i],
						(size_t)SMMUV3_CD_BYTES << SMMUV3_CD_L2_BITS_4K);
		smmuv3_dma_free(smmu, tab->base, tab->base_bytes);
		smmuv3_dma_free(smmu, tab, tab->bytes);
		tab = next;
	}
}

/* PA of the leaf level-1 descriptor @l1 points to, under window @w. */
static uint64_t cdtab_leaf_pa(const struct smmuv3_table_window *w, uint64_t l1)
{
	uint64_t addr = l1 & SMMUV3_L1CD_L2PTR;

	return w->size ? addr - w->ipa + w->pa : addr;
}

int smmuv3_cdtab_set_window(struct smmuv3_inst *smmu, struct smmuv3_cdtab *tab,
			    const struct smmuv3_table_window *w, uint64_t *base)
{
	size_t leaf_bytes = (size_t)SMMUV3_CD_BYTES << SMMUV3_CD_L2_BITS_4K;
	uint64_t addr = 0;
	int rc = smmuv3_window_addr(w, tab->base_pa, tab->base_bytes, base);

	for (unsigned int i = 0; !rc && i < tab->n_leaves; i++)
		if (tab->leaf[i])
			rc = smmuv3_window_addr(w, cdtab_leaf_pa(&tab->win, tab->base[i]),
						leaf_bytes, &addr);
	if (rc || (tab->win.ipa == w->ipa && tab->win.pa == w->pa && tab->win.size == w->size))
		return rc;
	for (unsigned int i = 0; i < tab->n_leaves; i++) {
		if (!tab->leaf[i])
			continue;
		(void)smmuv3_window_addr(w, cdtab_leaf_pa(&tab->win, tab->base[i]), leaf_bytes,
					 &addr);
		tab->base[i] = SMMUV3_L1CD_V | (addr & SMMUV3_L1CD_L2PTR);
	}
	smmuv3_dma_sync(smmu, tab->base, tab->base_bytes);
	tab->win = *w;
	return 0;
}

int smmuv3_cdtab_check_caller(const struct smmuv3_inst *smmu, const struct smmuv3_s1_cfg *s1)
{
	unsigned int leaf_bits = s1->cdtab_fmt == SMMUV3_STE_S1FMT_64_64K ? SMMUV3_CD_L2_BITS_64K
									 : SMMUV3_CD_L2_BITS_4K;
	uint64_t need;

	if (s1->ssid_bits > smmu->feat.ssid_bits)
		return SMMUV3_ERR_RANGE;
	if (s1->cdtab_fmt > SMMUV3_STE_S1FMT_64_64K)
		return SMMUV3_ERR_INVAL;
	if (!s1->ssid_bits || s1->cdtab_fmt == SMMUV3_STE_S1FMT_LINEAR)
		need = (uint64_t)SMMUV3_CD_BYTES << s1->ssid_bits;
	else if (!smmu->feat.cd_2lvl)
		return SMMUV3_ERR_NOTSUP;
	else
		need = (uint64_t)SMMUV3_L1CD_BYTES
		       << (s1->ssid_bits > leaf_bits ? s1->ssid_bits - leaf_bits : 0);
	/* The SMMU indexes the table from its base, aligned to its size. */
	if (s1->cdtab_bytes < need || s1->cdtab_pa & ((need < 64 ? 64 : need) - 1))
		return SMMUV3_ERR_BADTABLE;
	return 0;
}

/* Host address of the CD for @ssid, or NULL if its leaf does not exist. */
uint64_t *smmuv3_cdtab_cd(const struct smmuv3_cdtab *tab, uint32_t ssid)
{
	if (tab->fmt == SMMUV3_STE_S1FMT_LINEAR)
		return tab->base + (size_t)ssid * SMMUV3_CD_DWORDS;
	if (!tab->leaf[ssid >> SMMUV3_CD_L2_BITS_4K])
		return NULL;
	return tab->leaf[ssid >> SMMUV3_CD_L2_BITS_4K] +
	       (size_t)(ssid & ((1u << SMMUV3_CD_L2_BITS_4K) - 1)) * SMMUV3_CD_DWORDS;
}

bool smmuv3_cdtab_any_stall(const struct smmuv3_cdtab *tab)
{
	uint32_t n = UINT32_C(1) << tab->ssid_bits;
	uint32_t step = tab->fmt == SMMUV3_STE_S1FMT_LINEAR ? n : UINT32_C(1) << SMMUV3_CD_L2_BITS_4K;

	for (uint32_t ssid = 0; ssid < n; ssid += step) {
		const uint64_t *cd = smmuv3_cdtab_cd(tab, ssid);
		uint32_t in_leaf = n - ssid < step ? n - ssid : step;

		for (uint32_t i = 0; cd && i < in_leaf; i++, cd += SMMUV3_CD_DWORDS)
			if ((cd[0] & SMMUV3_CD0_V) && (cd[0] & SMMUV3_CD0_S))
				return true;
	}
	return false;
}

int smmuv3_cdtab_leaf_alloc(struct smmuv3_inst *smmu, struct smmuv3_cdtab *tab, uint32_t ssid,
			    uint64_t *l1_val)
{
	size_t bytes = (size_t)SMMUV3_CD_BYTES << SMMUV3_CD_L2_BITS_4K;
	unsigned int idx = ssid >> SMMUV3_CD_L2_BITS_4K;
	uint64_t pa, addr;
	void *leaf = smmuv3_dma_alloc(smmu, bytes, bytes, &pa);

	if (!leaf)
		return SMMUV3_ERR_NOMEM;
	/* Nested: the L2 pointer is an IPA, and a leaf the stage 2 does not
	 * show through the window could never be read. */
	if (smmuv3_window_addr(&tab->win, pa, bytes, &addr)) {
		smmuv3_dma_free(smmu, leaf, bytes);
		return SMMUV3_ERR_TABLE_WINDOW;
	}
	tab->leaf[idx] = leaf;
	memset(tab->leaf[idx], 0, bytes);
	*l1_val = SMMUV3_L1CD_V | (addr & SMMUV3_L1CD_L2PTR);
	return 0;
}
