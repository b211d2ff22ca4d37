// SPDX-License-Identifier: BSD-3-Clause
/*
 * Map: two passes over the same decisions.
 *
 * The first pass only reads: it proves no part of the range is mapped and
 * counts the tables the second pass will need. Those tables are then
 * allocated together, before any descriptor is written, so running out of
 * memory leaves the live table untouched (the SMMU may have cached any
 * table it could see, so tables linked and then taken back would need an
 * invalidation; tables never linked need none). The second pass cannot
 * fail: it descends once per table, fills runs of leaves in a tight loop,
 * and publishes each new table with one descriptor write after filling it.
 */
#include "pgtable_internal.h"

#include "libc/mem.h"

struct map_ctx {
	struct smmuv3_pgtable *pt;
	uint64_t delta;       /* pa - iova, modulo 2^64 */
	uint64_t page_attrs;  /* leaf attributes with the page type */
	uint64_t block_attrs; /* leaf attributes with the block type */
	unsigned long need;   /* tables the install pass will take */
	uint64_t *pool;       /* preallocated tables, linked through [0] */
	/* Scattered output (smmuv3_pgtable_map_scatter): pages only, their
	 * addresses taken in order from sg[sg_i] at offset sg_off. */
	const struct smmuv3_phys_range *sg;
	size_t sg_i;
	uint64_t sg_off;
	bool sg_pages;        /* every range is exactly one granule */
};

static inline uint64_t entry_end(uint64_t x, uint64_t bs, uint64_t b)
{
	uint64_t y = (x | (bs - 1)) + 1;

	return y < b ? y : b;
}

/* Whether [x, y) can be one block at @level. */
static inline bool blockable(const struct map_ctx *c, unsigned int level, uint64_t x, uint64_t y)
{
	uint64_t bs = UINT64_C(1) << pgt_shift(c->pt, level);

	return level < SMMUV3_PGTABLE_LEAF_LEVEL && !c->sg && pgt_block_ok(c->pt, level) &&
	       y - x == bs && !((x + c->delta) & (bs - 1));
}

/* Whether whole entries of @level (above the leaf level, @bs bytes each)
 * can become blocks: the level holds blocks and the output is as aligned
 * as the input (the same for every entry, so decided once per table). */
static inline bool level_blocks(const struct map_ctx *c, unsigned int level, uint64_t bs)
{
	/* A scattered map has no single delta: pages only (as blockable()). */
	return !c->sg && pgt_block_ok(c->pt, level) && !(c->delta & (bs - 1));
}

/* How many whole entries of @level from @x on (before @b) become blocks
 * (@blocks from level_blocks()): 0 unless x is entry-aligned. */
static inline size_t block_run(bool blocks, unsigned int shift, uint64_t x, uint64_t b)
{
	if (!blocks || (x & ((UINT64_C(1) << shift) - 1)))
		return 0;
	return (size_t)((b - x) >> shift);
}

/* Tables needed to map [a, b) into a fresh table at @level, itself
 * included. Runs of whole entries share one answer (their output
 * addresses have the same alignment), so this is linear in the depth. */
static unsigned long need_fresh(const struct map_ctx *c, unsigned int level, uint64_t a, uint64_t b)
{
	uint64_t bs, x;
	unsigned long n = 1;

	if (level == SMMUV3_PGTABLE_LEAF_LEVEL)
		return 1;
	bs = UINT64_C(1) << pgt_shift(c->pt, level);
	for (x = a; x < b;) {
		uint64_t y = entry_end(x, bs, b);

		if (y - x == bs) {
			uint64_t whole = ((b & ~(bs - 1)) - x) / bs;
			unsigned long each = blockable(c, level, x, y) ? 0 :
					     need_fresh(c, level + 1, x, y);

			n += (unsigned long)whole * each;
			x += whole * bs;
			continue;
		}
		n += need_fresh(c, level + 1, x, y);
		x = y;
	}
	return n;
}

static bool any_valid(const uint64_t *t, size_t n)
{
	uint64_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= t[i];
	return acc & PGT_VALID;
}

static int map_check(struct map_ctx *c, unsigned int level, const uint64_t *t,
		     uint64_t a, uint64_t b)
{
	const struct smmuv3_pgtable *pt = c->pt;
	unsigned int shift = pgt_shift(pt, level);
	uint64_t bs = UINT64_C(1) << shift;
	size_t i = pgt_index(pt, level, a);
	bool blocks;

	if (level == SMMUV3_PGTABLE_LEAF_LEVEL)
		return any_valid(t + i, (size_t)((b - a) >> shift)) ? SMMUV3_ERR_EXISTS : 0;
	blocks = level_blocks(c, level, bs);
	for (uint64_t x = a; x < b; i++) {
		uint64_t y = entry_end(x, bs, b), d = t[i];
		size_t run = block_run(blocks, shift, x, b);

		if (run) {
			/* Whole entries that become blocks: any valid one (a
			 * leaf, or a table, never empty) is a conflict. */
			if (any_valid(t + i, run))
				return SMMUV3_ERR_EXISTS;
			i += run - 1;
			x += (uint64_t)run << shift;
			continue;
		}
		if (!(d & PGT_VALID)) {
			if (!blockable(c, level, x, y))
				c->need += need_fresh(c, level + 1, x, y);
		} else if (pgt_is_table(d, level)) {
			int rc = map_check(c, level + 1, pgt_child(pt, d), x, y);

			if (rc)
				return rc;
		} else {
			return SMMUV3_ERR_EXISTS;
		}
		x = y;
	}
	return 0;
}

static uint64_t *pool_take(struct map_ctx *c, uint64_t *pa)
{
	uint64_t *t = c->pool;

	c->pool = (uint64_t *)(uintptr_t)t[0];
	*pa = t[1];
	t[0] = 0;
	t[1] = 0;
	pgt_clean(c->pt, t, 2 * sizeof(uint64_t));
	return t;
}

/* The next @n leaves of a scattered mapping, from the ranges' cursor. */
static void fill_scattered(struct map_ctx *c, uint64_t *t, size_t n)
{
	const struct smmuv3_pgtable *pt = c->pt;
	const unsigned int gl = pt->cfg.granule_log2;
	const struct smmuv3_phys_range *r = &c->sg[c->sg_i];
	uint64_t off = c->sg_off;

	/* Every range one page (the check said so): one load, one store
	 * per leaf, no cursor arithmetic. With at most 48 output bits the
	 * checked (aligned, below 2^oas) address is its own descriptor
	 * field. */
	if (c->sg_pages && !pt->oa_hi_mask) {
		const uint64_t attrs = c->page_attrs;

		for (size_t k = 0; k < n; k++)
			t[k] = attrs | r[k].pa;
		c->sg_i += n;
		return;
	}
	while (n) {
		size_t k;

		/* Runs of single-page ranges, the fragmented case: one store each. */
		if (!off && !pt->oa_hi_mask) {
			const uint64_t attrs = c->page_attrs, g = pt->granule;

			for (; n && r->size == g; n--, r++)
				*t++ = attrs | (r->pa & PGT_OA_LO);
			if (!n)
				break;
		}
		k = (size_t)((r->size - off) >> gl);
		if (k > n)
			k = n;
		pgt_fill_leaves(pt, t, k, r->pa + off, c->page_attrs);
		t += k;
		n -= k;
		off += (uint64_t)k << gl;
		if (off == r->size) {
			r++;
			off = 0;
		}
	}
	c->sg_i = (size_t)(r - c->sg);
	c->sg_off = off;
}

/* Install [a, b) into @t at @level, every slot of which the check pass
 * found free or a table; returns how many entries of @t became valid. */
static unsigned int map_install(struct map_ctx *c, unsigned int level, uint64_t *t,
				uint64_t a, uint64_t b)
{
	struct smmuv3_pgtable *pt = c->pt;
	unsigned int shift = pgt_shift(pt, level);
	uint64_t bs = UINT64_C(1) << shift;
	size_t i0 = pgt_index(pt, level, a), i = i0;
	unsigned int added = 0;
	bool blocks;

	if (level == SMMUV3_PGTABLE_LEAF_LEVEL) {
		size_t n = (size_t)((b - a) >> shift);

		if (c->sg)
			fill_scattered(c, t + i0, n);
		else
			pgt_fill_leaves(pt, t + i0, n, a + c->delta, c->page_attrs);
		pgt_clean(pt, t + i0, n * sizeof(uint64_t));
		return (unsigned int)n;
	}
	blocks = level_blocks(c, level, bs);
	for (uint64_t x = a; x < b; i++) {
		uint64_t y = entry_end(x, bs, b), d = t[i];
		size_t run = block_run(blocks, shift, x, b);

		if (run) {
			/* Free entries (the check pass proved it): one tight
			 * loop, as for pages. */
			pgt_fill_run(pt, t + i, run, x + c->delta, c->block_attrs, bs);
			added += (unsigned int)run;
			i += run - 1;
			x += (uint64_t)run << shift;
			continue;
		}
		if (d & PGT_VALID) {
			uint64_t *child = pgt_child(pt, d);
			unsigned int n = map_install(c, level + 1, child, x, y);

			smmuv3_desc_store(&t[i], pgt_set_count(d, pgt_count(d) + n));
			if (level + 1 == SMMUV3_PGTABLE_LEAF_LEVEL)
				pgt_wc_fill(pt, x, child, &t[i]);
		} else if (blockable(c, level, x, y)) {
			smmuv3_desc_store(&t[i], c->block_attrs | pgt_pa_desc(pt, x + c->delta));
			added++;
		} else {
			uint64_t child_pa;
			uint64_t *child = pool_take(c, &child_pa);
			unsigned int n = map_install(c, level + 1, child, x, y);

			/* The child's entries before the pointer to it. */
			smmuv3_port_wmb();
			smmuv3_desc_store(&t[i], pgt_set_count(pgt_table_desc(pt, child_pa, 0), n));
			added++;
			if (level + 1 == SMMUV3_PGTABLE_LEAF_LEVEL)
				pgt_wc_fill(pt, x, child, &t[i]);
		}
		x = y;
	}
	pgt_clean(pt, t + i0, (i - i0) * sizeof(uint64_t));
	return added;
}

static void pool_free(struct map_ctx *c)
{
	while (c->pool) {
		uint64_t *t = c->pool;

		c->pool = (uint64_t *)(uintptr_t)t[0];
		smmuv3_port_dma_free(c->pt->cfg.port, t, (size_t)c->pt->granule);
	}
}

/* The tables the install pass takes: from the port for what the cache
 * lacks (first, so that a failure takes nothing from the cache), then
 * from the cache, whose tables have the pool's layout already. */
static int pool_fill(struct map_ctx *c)
{
	struct smmuv3_pgtable *pt = c->pt;
	unsigned long fresh = c->need > pt->cache_n ? c->need - pt->cache_n : 0;

	for (unsigned long k = 0; k < fresh; k++) {
		uint64_t pa;
		uint64_t *t = smmuv3_port_dma_alloc(pt->cfg.port, (size_t)pt->granule,
						    (size_t)pt->granule, &pa);

		if (!t) {
			pool_free(c);
			return SMMUV3_ERR_NOMEM;
		}
		t[0] = (uint64_t)(uintptr_t)c->pool;
		c->pool = t;
		if (!pgt_table_reachable(pt, pa)) {
			pool_free(c);
			return SMMUV3_ERR_TABLE_WINDOW;
		}
		t[1] = pa;
	}
	for (unsigned long k = fresh; k < c->need; k++) {
		uint64_t *t = pgt_cache_pop(pt);

		t[0] = (uint64_t)(uintptr_t)c->pool;
		c->pool = t;
	}
	pt->stats.table_bytes += (size_t)(fresh * pt->granule);
	pt->stats.tables += fresh;
	return 0;
}

static int leaf_attrs(const struct smmuv3_pgtable *pt, uint32_t prot, uint64_t *attrs)
{
	unsigned int mem = (unsigned int)SMMUV3_FIELD_GET(SMMUV3_PROT_MEM, prot);
	unsigned int sh = mem == SMMUV3_MEM_WB ? SH_INNER : SH_OUTER;
	uint64_t d = PGT_AF | SMMUV3_FIELD_PREP(PGT_SH, sh);

	if ((prot & ~(uint32_t)SMMUV3_PROT_ALL) || mem > SMMUV3_MEM_DEVICE_NGNRNE)
		return SMMUV3_ERR_INVAL;
	if (pt->cfg.stage == SMMUV3_PGTABLE_STAGE1) {
		if (!(prot & SMMUV3_PROT_READ))
			return SMMUV3_ERR_INVAL;
		if ((prot & SMMUV3_PROT_NS) && !(pt->cfg.flags & SMMUV3_PGTABLE_F_SECURE))
			return SMMUV3_ERR_INVAL;
		/* AttrIndx selects the MAIR byte SMMUV3_PGTABLE_MAIR puts at
		 * index mem. */
		d |= SMMUV3_FIELD_PREP(PGT_S1_ATTRINDX, mem);
		if (!(prot & SMMUV3_PROT_WRITE))
			d |= PGT_S1_AP_RDONLY;
		if (!(prot & SMMUV3_PROT_PRIV))
			d |= PGT_S1_AP_UNPRIV;
		if (!(prot & SMMUV3_PROT_EXEC))
			d |= PGT_S1_UXN | PGT_S1_PXN;
		if (prot & SMMUV3_PROT_NS)
			d |= PGT_S1_NS;
		if (!(pt->cfg.flags & SMMUV3_PGTABLE_F_GLOBAL))
			d |= PGT_S1_NG;
	} else {
		static const uint8_t memattr[4] = { S2_MEMATTR_WB, S2_MEMATTR_NC,
						    S2_MEMATTR_DEV_NGNRE, S2_MEMATTR_DEV_NGNRNE };

		if (prot & (SMMUV3_PROT_PRIV | SMMUV3_PROT_NS))
			return SMMUV3_ERR_INVAL;
		if (!(prot & (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)))
			return SMMUV3_ERR_INVAL;
		d |= SMMUV3_FIELD_PREP(PGT_S2_MEMATTR, memattr[mem]);
		if (prot & SMMUV3_PROT_READ)
			d |= PGT_S2_AP_R;
		if (prot & SMMUV3_PROT_WRITE)
			d |= PGT_S2_AP_W;
		if (!(prot & SMMUV3_PROT_EXEC))
			d |= PGT_S2_XN;
	}
	*attrs = d;
	return 0;
}

/* What the cache lacks from the port (allocated first, so that a failure
 * takes nothing from the cache), then the rest from the cache. */
static int tables_alloc(struct smmuv3_pgtable *pt, unsigned int k, uint64_t **va, uint64_t *pa)
{
	unsigned int fresh = k - pt->cache_n, j;

	for (j = 0; j < fresh; j++) {
		va[j] = smmuv3_port_dma_alloc(pt->cfg.port, (size_t)pt->granule,
					      (size_t)pt->granule, &pa[j]);
		if (!va[j] || !pgt_table_reachable(pt, pa[j])) {
			int rc = va[j] ? SMMUV3_ERR_TABLE_WINDOW : SMMUV3_ERR_NOMEM;

			if (va[j])
				j++;
			while (j--)
				smmuv3_port_dma_free(pt->cfg.port, va[j], (size_t)pt->granule);
			return rc;
		}
	}
	pt->stats.table_bytes += (size_t)fresh * (size_t)pt->granule;
	pt->stats.tables += fresh;
	if (k > fresh)
		pgt_cache_get(pt, k - fresh, va + fresh, pa + fresh);
	return 0;
}

/* @k new tables for a one-descent map, all zero, into va[]/pa[]: from
 * the cache when it holds enough, else tables_alloc(). SMMUV3_ERR_NOMEM
 * leaves everything as it was. */
static inline int tables_get(struct smmuv3_pgtable *pt, unsigned int k, uint64_t **va,
			     uint64_t *pa)
{
	if (__builtin_expect(k > pt->cache_n, 0))
		return tables_alloc(pt, k, va, pa);
	pgt_cache_get(pt, k, va, pa);
	return 0;
}

/*
 * @n entries at level @L from @iova on, all inside one table of that
 * level, when that table may be missing: pages inside one leaf table's
 * span (the first mapping of a region), or one block (a block-sized,
 * block-aligned call). One descent finds the deepest existing table; the
 * missing tables are all allocated before anything is written, filled
 * bottom-up, and published by one descriptor write into the existing
 * table. When the level-@L table exists the entries are written into it
 * directly (only reached for blocks: an existing leaf table is found
 * before, through the walk cache or pgt_leaf_table()). @desc holds the
 * leaf attributes and type. Returns 1 when the range is not of this kind
 * (the general path decides).
 *
 * Blocks rely on the invariant that a linked table is never empty (every
 * path unlinks a table its unmap empties): a valid descriptor at or above
 * @L, table or leaf, means part of the range is mapped.
 */
static int map_one_descent(struct smmuv3_pgtable *pt, uint64_t iova, uint64_t pa, size_t n,
			   uint64_t desc, unsigned int L)
{
	const unsigned int leaf_level = SMMUV3_PGTABLE_LEAF_LEVEL;
	unsigned int level, k, j;
	int rc;
	uint64_t *t = pt->root, *slot, *above = NULL, d;
	uint64_t *va[SMMUV3_PGTABLE_LEAF_LEVEL];
	uint64_t tpa[SMMUV3_PGTABLE_LEAF_LEVEL];
	/* The way down is recorded in the walk cache, valid once up_ok. */
	uint64_t **up = pt->wc.up;

	pt->wc.up_ok = false;
	for (level = pt->start_level;; level++) {
		slot = &t[pgt_index(pt, level, iova)];
		up[level] = slot;
		if (level == L)
			break;
		d = *slot;
		if (!(d & PGT_VALID))
			break;
		if (SMMUV3_FIELD_GET(PGT_TYPE, d) != PGT_TYPE_TABLE)
			return SMMUV3_ERR_EXISTS;
		t = pgt_child(pt, d);
		if (level + 1 == leaf_level) {
			/* The leaf table exists: the caller fills it. */
			pgt_wc_fill(pt, iova, t, slot);
			pt->wc.up_ok = true;
			return 2;
		}
		above = slot;
	}
	if (level == L) {
		/* The level-@L table exists (a block: n is 1). */
		if (*slot & PGT_VALID)
			return SMMUV3_ERR_EXISTS;
		smmuv3_desc_store(slot, desc | pgt_pa_desc(pt, pa));
		pgt_clean(pt, slot, sizeof(*slot));
		if (above) {
			smmuv3_desc_store(above, pgt_add_count(*above, 1));
			pgt_clean(pt, above, sizeof(*above));
		}
		smmuv3_port_wmb();
		return 0;
	}
	/* Tables of levels level + 1 .. L are missing. */
	k = L - level;
	rc = tables_get(pt, k, va, tpa);
	if (rc)
		return rc;
	t = va[k - 1] + pgt_index(pt, L, iova);
	pgt_fill_leaves(pt, t, n, pa, desc);
	pgt_clean(pt, t, n * sizeof(uint64_t));
	/* New table j (level + 1 + j) points at new table j + 1; each holds
	 * one valid entry, the deepest one n. */
	for (j = k - 1; j > 0; j--) {
		uint64_t *e = &va[j - 1][pgt_index(pt, level + j, iova)];

		smmuv3_desc_store(e, pgt_table_desc(pt, tpa[j], j == k - 1 ? (unsigned int)n : 1u));
		pgt_clean(pt, e, sizeof(*e));
		up[level + j] = e;
	}
	/* The new tables' entries before the pointer that publishes them. */
	smmuv3_port_wmb();
	smmuv3_desc_store(slot, pgt_table_desc(pt, tpa[0], k == 1 ? (unsigned int)n : 1u));
	pgt_clean(pt, slot, sizeof(*slot));
	/* The existing table gained an entry (the root keeps no count). */
	if (above) {
		smmuv3_desc_store(above, pgt_add_count(*above, 1));
		pgt_clean(pt, above, sizeof(*above));
	}
	if (L == leaf_level) {
		pgt_wc_fill(pt, iova, va[k - 1], up[leaf_level - 1]);
		pt->wc.up_ok = true;
	}
	smmuv3_port_wmb();
	return 0;
}

static int map_two_pass(struct smmuv3_pgtable *pt, uint64_t iova, uint64_t pa, uint64_t size,
			uint64_t attrs, const struct smmuv3_phys_range *sg, bool sg_pages);

/* Anything but pages inside one existing leaf table: check, allocate,
 * install. Kept out of smmuv3_pgtable_map() so that the single-table
 * path does not pay for its registers. */
static __attribute__((noinline)) int map_general(struct smmuv3_pgtable *pt, uint64_t iova,
						 uint64_t pa, uint64_t size, uint64_t attrs)
{
	return map_two_pass(pt, iova, pa, size, attrs, NULL, false);
}

static int map_two_pass(struct smmuv3_pgtable *pt, uint64_t iova, uint64_t pa, uint64_t size,
			uint64_t attrs, const struct smmuv3_phys_range *sg, bool sg_pages)
{
	struct map_ctx c;
	int rc;

	c.sg = sg;
	c.sg_pages = sg_pages;
	c.sg_i = 0;
	c.sg_off = 0;
	c.pt = pt;
	c.delta = pa - iova;
	c.page_attrs = attrs | SMMUV3_FIELD_PREP(PGT_TYPE, PGT_TYPE_PAGE);
	c.block_attrs = attrs | SMMUV3_FIELD_PREP(PGT_TYPE, PGT_TYPE_BLOCK);
	c.need = 0;
	c.pool = NULL;
	rc = map_check(&c, pt->start_level, pt->root, iova, iova + size);
	if (rc)
		return rc;
	rc = pool_fill(&c);
	if (rc)
		return rc;
	map_install(&c, pt->start_level, pt->root, iova, iova + size);
	/* The descriptors before whatever the caller does next (starting
	 * DMA, publishing a CD). */
	smmuv3_port_wmb();
	return 0;
}

/* Leaf attributes of @prot; callers map runs with one prot, so its
 * encoding is kept. */
static int prot_attrs(struct smmuv3_pgtable *pt, uint32_t prot, uint64_t *attrs)
{
	int rc;

	if (pt->last_attrs && prot == pt->last_prot) {
		*attrs = pt->last_attrs;
		return 0;
	}
	rc = leaf_attrs(pt, prot, attrs);
	if (rc)
		return rc;
	pt->last_prot = prot;
	pt->last_attrs = *attrs;
	return 0;
}

/* A physical range's own checks (the output side of a map). */
static int pa_check(const struct smmuv3_pgtable *pt, uint64_t pa, uint64_t size)
{
	if (!size)
		return SMMUV3_ERR_INVAL;
	if ((pa | size) & (pt->granule - 1))
		return SMMUV3_ERR_ALIGN;
	if (pa + size < pa)
		return SMMUV3_ERR_OVERFLOW;
	if ((pa + size - 1) >> pt->cfg.oas_bits)
		return SMMUV3_ERR_RANGE;
	return 0;
}

/*
 * The ranges' own checks, accumulated without branching per range (the
 * arrays are long): the first failed kind is reported, in the order of
 * pa_check(). @sum receives the total, the highest last byte and whether
 * every range is one granule.
 */
static int scatter_check(const struct smmuv3_pgtable *pt, const struct smmuv3_phys_range *r,
			 size_t n, struct pgt_scatter_sum *sum)
{
	uint64_t pa_bits = 0, size_bits = 0, hi = 0, total = 0;
	bool odd = false;

	/* One cheap flag per range: a zero size (end - 1 < pa, or hi
	 * all ones when pa = 0) or a wrap; the rare failure is classified
	 * by a second pass. */
	for (size_t i = 0; i < n; i++) {
		uint64_t pa = r[i].pa, size = r[i].size, last = pa + size - 1;

		pa_bits |= pa;
		size_bits |= size;
		odd |= last < pa;
		hi |= last;
		total += size;
		odd |= total < size;
	}
	if (odd || (hi >> pt->cfg.oas_bits))
		for (size_t i = 0; i < n; i++)
			if (!r[i].size)
				return SMMUV3_ERR_INVAL;
	if ((pa_bits | size_bits) & (pt->granule - 1))
		return SMMUV3_ERR_ALIGN;
	if (odd)
		return SMMUV3_ERR_OVERFLOW;
	if (hi >> pt->cfg.oas_bits)
		return SMMUV3_ERR_RANGE;
	/* Sizes are non-zero granule multiples: their OR is the granule
	 * only when each is exactly one. hi over-approximates the highest
	 * last byte, which only the OAS check above needed. */
	*sum = (struct pgt_scatter_sum){ total, hi, size_bits == pt->granule };
	return 0;
}

/* The table side of a scatter map whose ranges are checked. */
static int map_scatter_checked(struct smmuv3_pgtable *pt, uint64_t iova,
			       const struct smmuv3_phys_range *r, const struct pgt_scatter_sum *sum,
			       uint64_t attrs)
{
	int rc = pgt_check_range(pt, iova, sum->total);

	if (!rc && (sum->last >> pt->cfg.oas_bits))
		rc = SMMUV3_ERR_RANGE;
	return rc ? rc : map_two_pass(pt, iova, 0, sum->total, attrs, r, sum->pages);
}

int smmuv3_pgtable_map_scatter(struct smmuv3_pgtable *pt, uint64_t iova,
			       const struct smmuv3_phys_range *r, size_t n, uint32_t prot)
{
	struct pgt_scatter_sum sum;
	uint64_t attrs;
	int rc;

	if (!pt || !pt->root || !r || !n)
		return SMMUV3_ERR_INVAL;
	rc = prot_attrs(pt, prot, &attrs);
	if (!rc)
		rc = scatter_check(pt, r, n, &sum);
	return rc ? rc : map_scatter_checked(pt, iova, r, &sum, attrs);
}

int pgt_map_scatter_checked(struct smmuv3_pgtable *pt, uint64_t iova,
			    const struct smmuv3_phys_range *r, const struct pgt_scatter_sum *sum,
			    uint32_t prot)
{
	uint64_t attrs;
	int rc;

	if (!pt || !pt->root || !r || !sum || !sum->total)
		return SMMUV3_ERR_INVAL;
	rc = prot_attrs(pt, prot, &attrs);
	return rc ? rc : map_scatter_checked(pt, iova, r, sum, attrs);
}

int smmuv3_pgtable_map(struct smmuv3_pgtable *pt, uint64_t iova, uint64_t pa,
		       uint64_t size, uint32_t prot)
{
	uint64_t attrs, *leaf;
	unsigned int level;
	int rc;

	if (!pt || !pt->root)
		return SMMUV3_ERR_INVAL;
	rc = prot_attrs(pt, prot, &attrs);
	if (rc)
		return rc;
	rc = pgt_check_range(pt, iova, size);
	if (!rc)
		rc = pa_check(pt, pa, size);
	if (rc)
		return rc;

	/* Within the leaf table last used: no descent. A block-sized call
	 * may hit too, and finds the (never empty) table in the way. */
	leaf = pgt_wc_lookup(pt, iova, iova + size);
	if (!leaf) {
		/* One block: written at its level after one descent. */
		level = pgt_block_level(pt, iova, pa, size);
		if (level) {
			rc = map_one_descent(pt, iova, pa, 1,
					     attrs | SMMUV3_FIELD_PREP(PGT_TYPE, PGT_TYPE_BLOCK),
					     level);
			return rc <= 0 ? rc : map_general(pt, iova, pa, size, attrs);
		}
		/* The walk cache empty means a table was just unlinked: the
		 * way is likely missing, which the descent handles at once.
		 * Other misses are usually another existing leaf table, for
		 * the unrolled walk (which refuses ranges over several). */
		if (pt->wc.base != PGT_WC_NONE)
			leaf = pgt_leaf_table_walk(pt, iova, iova + size);
	}
	if (!leaf) {
		if (!pgt_in_leaf_span(pt, iova, size))
			return map_general(pt, iova, pa, size, attrs);
		/* Pages inside one leaf table's span: the tables missing on
		 * the way are created, or the existing leaf table found. */
		rc = map_one_descent(pt, iova, pa, (size_t)(size >> pt->cfg.granule_log2),
				     attrs | SMMUV3_FIELD_PREP(PGT_TYPE, PGT_TYPE_PAGE),
				     SMMUV3_PGTABLE_LEAF_LEVEL);
		if (rc <= 0)
			return rc;
		leaf = pt->wc.leaf;
	}
	leaf += pgt_index(pt, SMMUV3_PGTABLE_LEAF_LEVEL, iova);
	size >>= pt->cfg.granule_log2;
	attrs |= SMMUV3_FIELD_PREP(PGT_TYPE, PGT_TYPE_PAGE);
	if (size == 1) {
		/* One page: no loop. */
		if (*leaf & PGT_VALID)
			return SMMUV3_ERR_EXISTS;
		smmuv3_desc_store(leaf, attrs | pgt_pa_desc(pt, pa));
	} else {
		if (any_valid(leaf, (size_t)size))
			return SMMUV3_ERR_EXISTS;
		pgt_fill_leaves(pt, leaf, (size_t)size, pa, attrs);
	}
	pgt_clean(pt, leaf, (size_t)size * sizeof(uint64_t));
	smmuv3_desc_store(pt->wc.pde, pgt_add_count(*pt->wc.pde, (int)size));
	smmuv3_port_wmb();
	return 0;
}
