// SPDX-License-Identifier: BSD-3-Clause
/*
 * Table life cycle: format validation and geometry, the root, the
 * deferred-free list, destruction, and the values a CD or STE needs.
 * Lookups are in lookup.c, map in map.c, unmap in unmap.c.
 */
#include "pgtable_internal.h"

#include "libc/mem.h"

#define PGT_MIN_IAS 25u
#define PGT_ROOT_MIN_ALIGN 64u
/* A stage-2 walk may start on up to 16 concatenated tables. */
#define PGT_S2_MAX_CONCAT_BITS 4u

static const unsigned int pgt_ps_bits[] = { 32, 36, 40, 42, 44, 48, 52 };

static int pgt_ps_encoding(unsigned int oas)
{
	for (unsigned int i = 0; i < sizeof(pgt_ps_bits) / sizeof(pgt_ps_bits[0]); i++)
		if (pgt_ps_bits[i] == oas)
			return (int)i;
	return -1;
}

static unsigned int div_round_up(unsigned int a, unsigned int b)
{
	return (a + b - 1) / b;
}

/* Levels and root size: stage 1 needs ceil((ias - granule) / stride)
 * levels; stage 2 may absorb up to 4 more bits in a concatenated root,
 * but never starts at level 3 (not every SMMU walks from there). */
static void pgt_geometry(struct smmuv3_pgtable *pt)
{
	unsigned int r = pt->cfg.ias_bits - pt->cfg.granule_log2;
	unsigned int levels;

	if (pt->cfg.stage == SMMUV3_PGTABLE_STAGE1) {
		levels = div_round_up(r, pt->stride);
	} else {
		levels = r > PGT_S2_MAX_CONCAT_BITS ?
			 div_round_up(r - PGT_S2_MAX_CONCAT_BITS, pt->stride) : 1;
		if (levels < 2)
			levels = 2;
	}
	pt->start_level = (uint8_t)(4u - levels);
	pt->root_bits = (uint8_t)(r - (levels - 1) * pt->stride);
}

/* Block descriptors exist at level 2 for every granule, and at level 1
 * for 4 KiB (1 GiB blocks); 16 KiB level-1 and 64 KiB level-1 blocks
 * need FEAT_LPA2/FEAT_LPA and are not used. */
static uint8_t pgt_min_block_level(const struct smmuv3_pgtable_cfg *cfg)
{
	if (cfg->flags & SMMUV3_PGTABLE_F_NO_BLOCKS)
		return 4;
	return cfg->granule_log2 == 12 ? 1 : 2;
}

static int pgt_check_cfg(const struct smmuv3_pgtable_cfg *cfg)
{
	unsigned int max_bits = cfg->granule_log2 == 16 ? 52 : 48;

	if (cfg->stage != SMMUV3_PGTABLE_STAGE1 && cfg->stage != SMMUV3_PGTABLE_STAGE2)
		return SMMUV3_ERR_INVAL;
	if (cfg->granule_log2 != 12 && cfg->granule_log2 != 14 && cfg->granule_log2 != 16)
		return SMMUV3_ERR_INVAL;
	if (cfg->flags & ~(SMMUV3_PGTABLE_F_SECURE | SMMUV3_PGTABLE_F_NS_TABLES |
			   SMMUV3_PGTABLE_F_GLOBAL | SMMUV3_PGTABLE_F_NO_BLOCKS |
			   SMMUV3_PGTABLE_F_NO_CACHE))
		return SMMUV3_ERR_INVAL;
	if (cfg->cache_tables > SMMUV3_PGTABLE_CACHE_MAX)
		return SMMUV3_ERR_INVAL;
	/* NS, NSTable and nG are stage-1 descriptor bits; stage-2 security
	 * is chosen in the STE (S2SW/S2SA/S2NSW/S2NSA). */
	if (cfg->stage == SMMUV3_PGTABLE_STAGE2 &&
	    (cfg->flags & (SMMUV3_PGTABLE_F_SECURE | SMMUV3_PGTABLE_F_NS_TABLES |
			   SMMUV3_PGTABLE_F_GLOBAL)))
		return SMMUV3_ERR_INVAL;
	if ((cfg->flags & SMMUV3_PGTABLE_F_NS_TABLES) && !(cfg->flags & SMMUV3_PGTABLE_F_SECURE))
		return SMMUV3_ERR_INVAL;
	if (cfg->ias_bits < PGT_MIN_IAS || cfg->ias_bits > max_bits)
		return SMMUV3_ERR_RANGE;
	/* A stage-2 walk starting at level 2 needs at least one index bit
	 * there. */
	if (cfg->stage == SMMUV3_PGTABLE_STAGE2 &&
	    cfg->ias_bits <= cfg->granule_log2 + (cfg->granule_log2 - 3))
		return SMMUV3_ERR_RANGE;
	if (pgt_ps_encoding(cfg->oas_bits) < 0 || cfg->oas_bits > max_bits)
		return SMMUV3_ERR_RANGE;
	return 0;
}

int smmuv3_pgtable_init(struct smmuv3_pgtable *pt, const struct smmuv3_pgtable_cfg *cfg)
{
	size_t align;
	int rc;

	if (!pt || !cfg)
		return SMMUV3_ERR_INVAL;
	rc = pgt_check_cfg(cfg);
	if (rc)
		return rc;

	memset(pt, 0, sizeof(*pt));
	pt->cfg = *cfg;
	pt->granule = UINT64_C(1) << cfg->granule_log2;
	pt->stride = (uint8_t)(cfg->granule_log2 - 3);
	pt->min_block_level = pgt_min_block_level(cfg);
	pt->cache_max = cfg->flags & SMMUV3_PGTABLE_F_NO_CACHE ? 0u :
			cfg->cache_tables ? cfg->cache_tables : SMMUV3_PGTABLE_CACHE_DEFAULT;
	pt->table_attrs = SMMUV3_FIELD_PREP(PGT_TYPE, PGT_TYPE_TABLE);
	if (cfg->flags & SMMUV3_PGTABLE_F_NS_TABLES)
		pt->table_attrs |= PGT_NSTABLE;
	pgt_geometry(pt);
	pt->oa_mask = PGT_OA_LO & ~(pt->granule - 1);
	pt->oa_hi_mask = cfg->oas_bits > 48 ? PGT_OA_HI : 0;
	for (unsigned int l = pt->start_level; l <= SMMUV3_PGTABLE_LEAF_LEVEL; l++) {
		unsigned int bits = l == pt->start_level ? pt->root_bits : pt->stride;

		pt->shift[l] = (uint8_t)(cfg->granule_log2 + (3u - l) * pt->stride);
		pt->index_mask[l] = (UINT64_C(1) << bits) - 1;
		if (l >= pt->min_block_level && l < SMMUV3_PGTABLE_LEAF_LEVEL)
			pt->block_sizes |= UINT64_C(1) << pt->shift[l];
	}

	/* A root smaller than 64 bytes is still aligned to 64 (TTB and
	 * S2TTB ignore their low 6 bits); concatenated roots are aligned to
	 * their whole size. */
	pt->root_bytes = (size_t)8 << pt->root_bits;
	align = pt->root_bytes < PGT_ROOT_MIN_ALIGN ? PGT_ROOT_MIN_ALIGN : pt->root_bytes;
	pt->root = smmuv3_port_dma_alloc(cfg->port, pt->root_bytes, align, &pt->root_pa);
	if (!pt->root) {
		memset(pt, 0, sizeof(*pt));
		return SMMUV3_ERR_NOMEM;
	}
	pt->stats.table_bytes = pt->root_bytes;
	pt->stats.tables = 1;
	pt->wc.base = PGT_WC_NONE;
	return 0;
}

void pgt_defer_subtree(struct smmuv3_pgtable *pt, uint64_t d, unsigned int level)
{
	uint64_t *t = pgt_child(pt, d);
	size_t n = (size_t)1 << pt->stride;

	if (level + 1 < SMMUV3_PGTABLE_LEAF_LEVEL)
		for (size_t i = 0; i < n; i++)
			if (pgt_is_table(t[i], level + 1))
				pgt_defer_subtree(pt, t[i], level + 1);
	pgt_defer(pt, t, d, false);
}

static void pgt_table_free(struct smmuv3_pgtable *pt, uint64_t *t)
{
	smmuv3_port_dma_free(pt->cfg.port, t, (size_t)pt->granule);
	pt->stats.table_bytes -= (size_t)pt->granule;
	pt->stats.tables--;
}

/* The policy of docs/page-tables.md: an all-zero table goes to the cache
 * while it is below its bound; anything else goes back to the port. */
unsigned int smmuv3_pgtable_reclaim(struct smmuv3_pgtable *pt)
{
	unsigned int n = 0, room;
	uint64_t *cache, *t;

	if (!pt)
		return 0;
	room = pt->cache_max - pt->cache_n;
	cache = pt->cache;
	t = pt->deferred;
	pt->deferred = NULL;
	while (t) {
		uint64_t link = t[0];
		uint64_t *next = (uint64_t *)(uintptr_t)(link & ~(uint64_t)PGT_DEFER_DIRTY);

		n++;
		if (!(link & PGT_DEFER_DIRTY) && room) {
			t[0] = (uint64_t)(uintptr_t)cache;
			cache = t;
			room--;
		} else {
			pgt_table_free(pt, t);
		}
		t = next;
	}
	pt->stats.cached_bytes += (size_t)(pt->cache_max - pt->cache_n - room) * (size_t)pt->granule;
	pt->cache_n = pt->cache_max - room;
	pt->cache = cache;
	pt->stats.deferred_bytes = 0;
	return n;
}

unsigned int smmuv3_pgtable_trim(struct smmuv3_pgtable *pt)
{
	unsigned int n = 0;

	if (!pt)
		return 0;
	while (pt->cache) {
		pgt_table_free(pt, pgt_cache_pop(pt));
		n++;
	}
	return n;
}

int smmuv3_pgtable_destroy(struct smmuv3_pgtable *pt)
{
	uint64_t *root;
	size_t n;

	if (!pt || !pt->root)
		return SMMUV3_ERR_INVAL;
	root = pt->root;
	n = (size_t)1 << pt->root_bits;
	if (pt->start_level < SMMUV3_PGTABLE_LEAF_LEVEL)
		for (size_t i = 0; i < n; i++)
			if (pgt_is_table(root[i], pt->start_level))
				pgt_defer_subtree(pt, root[i], pt->start_level);
	smmuv3_pgtable_reclaim(pt);
	smmuv3_pgtable_trim(pt);
	smmuv3_port_dma_free(pt->cfg.port, pt->root, pt->root_bytes);
	memset(pt, 0, sizeof(*pt));
	return 0;
}

/* The descent of iova_to_phys (lookup.c), stopping at the leaf table;
 * @lpa is a constant at each call site. */
static inline __attribute__((always_inline)) uint64_t *
pgt_leaf_descend(struct smmuv3_pgtable *pt, uint64_t a, bool lpa)
{
	uint64_t *t = pt->root, *pde;
	uint64_t d;

	switch (pt->start_level) {
	case 0:
		if (!pgt_walk_step(pt, &t, a, 0, &d, lpa))
			return NULL;
		__attribute__((fallthrough));
	case 1:
		if (!pgt_walk_step(pt, &t, a, 1, &d, lpa))
			return NULL;
		__attribute__((fallthrough));
	default:
		pde = t;
		if (!pgt_walk_step(pt, &t, a, SMMUV3_PGTABLE_LEAF_LEVEL - 1, &d, lpa))
			return NULL;
		break;
	}
	pde += (a >> pt->shift[SMMUV3_PGTABLE_LEAF_LEVEL - 1]) &
	       pt->index_mask[SMMUV3_PGTABLE_LEAF_LEVEL - 1];
	pgt_wc_fill(pt, a, t, pde);
	return t;
}

uint64_t *pgt_leaf_table_walk(struct smmuv3_pgtable *pt, uint64_t a, uint64_t b)
{
	if (pt->start_level == SMMUV3_PGTABLE_LEAF_LEVEL ||
	    ((a ^ (b - 1)) >> pt->shift[SMMUV3_PGTABLE_LEAF_LEVEL - 1]))
		return NULL;
	if (__builtin_expect(pt->oa_hi_mask != 0, 0))
		return pgt_leaf_descend(pt, a, true);
	return pgt_leaf_descend(pt, a, false);
}

int smmuv3_pgtable_get_info(const struct smmuv3_pgtable *pt, struct smmuv3_pgtable_info *info)
{
	if (!pt || !info || !pt->root)
		return SMMUV3_ERR_INVAL;
	info->root_pa = pt->root_pa;
	info->tsz = 64u - pt->cfg.ias_bits;
	info->tg = pt->cfg.granule_log2 == 12 ? 0u : pt->cfg.granule_log2 == 16 ? 1u : 2u;
	info->start_level = pt->start_level;
	/* VTCR_EL2.SL0 counts down from level 2 (4 KiB) or level 3. */
	info->sl0 = (pt->cfg.granule_log2 == 12 ? 2u : 3u) - pt->start_level;
	info->concat = pt->root_bits > pt->stride ? 1u << (pt->root_bits - pt->stride) : 1u;
	info->ps = (unsigned int)pgt_ps_encoding(pt->cfg.oas_bits);
	info->stats = pt->stats;
	return 0;
}
