// SPDX-License-Identifier: BSD-3-Clause
/*
 * Unmap: a read-only pass proves the whole range is mapped and no block
 * is cut, then a clearing pass removes it. Tables the range covers whole
 * are unlinked with one descriptor write rather than cleared entry by
 * entry; tables left empty are unlinked too. Either way they go to the
 * deferred list, because the SMMU's walk caches may still point at them
 * until the caller's invalidation completes.
 *
 * Each table descriptor carries the number of valid entries of the table
 * it points to (in bits the SMMU ignores), so emptiness is known without
 * scanning and a wholly covered leaf table is proven full in O(1).
 */
#include "pgtable_internal.h"

#include "libc/mem.h"

struct unmap_ctx {
	struct smmuv3_pgtable *pt;
	uint64_t leaves;
	unsigned int tables_freed;
	int leaf_level; /* -1 none seen yet, 0 mixed */
};

static inline uint64_t entry_end(uint64_t x, uint64_t bs, uint64_t b)
{
	uint64_t y = (x | (bs - 1)) + 1;

	return y < b ? y : b;
}

static void note_leaves(struct unmap_ctx *c, unsigned int level, uint64_t n)
{
	c->leaves += n;
	if (c->leaf_level < 0)
		c->leaf_level = (int)level;
	else if (c->leaf_level != (int)level)
		c->leaf_level = 0;
}

static bool all_valid(const uint64_t *t, size_t n)
{
	uint64_t acc = PGT_VALID;

	for (size_t i = 0; i < n; i++)
		acc &= t[i];
	return acc & PGT_VALID;
}

/* A table the range covers whole, with @count valid entries: every entry
 * must be valid, and every subtable full in turn. */
static int check_full(struct unmap_ctx *c, unsigned int level, const uint64_t *t,
		      unsigned int count)
{
	size_t n = (size_t)1 << c->pt->stride;

	if (count != n)
		return SMMUV3_ERR_NOENT;
	if (level == SMMUV3_PGTABLE_LEAF_LEVEL) {
		note_leaves(c, level, n);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t d = t[i];

		if (pgt_is_table(d, level)) {
			int rc = check_full(c, level + 1, pgt_child(c->pt, d), pgt_count(d));

			if (rc)
				return rc;
		} else {
			note_leaves(c, level, 1);
		}
	}
	return 0;
}

static int unmap_check(struct unmap_ctx *c, unsigned int level, const uint64_t *t,
		       uint64_t a, uint64_t b)
{
	const struct smmuv3_pgtable *pt = c->pt;
	unsigned int shift = pgt_shift(pt, level);
	uint64_t bs = UINT64_C(1) << shift;
	size_t i = pgt_index(pt, level, a);

	if (level == SMMUV3_PGTABLE_LEAF_LEVEL) {
		size_t n = (size_t)((b - a) >> shift);

		if (!all_valid(t + i, n))
			return SMMUV3_ERR_NOENT;
		note_leaves(c, level, n);
		return 0;
	}
	for (uint64_t x = a; x < b; i++) {
		uint64_t y = entry_end(x, bs, b), d = t[i];
		bool whole = y - x == bs;
		int rc = 0;

		if (!(d & PGT_VALID))
			return SMMUV3_ERR_NOENT;
		if (!pgt_is_table(d, level)) {
			if (!whole)
				return SMMUV3_ERR_SPLIT;
			note_leaves(c, level, 1);
		} else if (whole) {
			rc = check_full(c, level + 1, pgt_child(pt, d), pgt_count(d));
		} else {
			rc = unmap_check(c, level + 1, pgt_child(pt, d), x, y);
		}
		if (rc)
			return rc;
		x = y;
	}
	return 0;
}

static unsigned int defer_subtree_count(struct unmap_ctx *c, uint64_t d, unsigned int level)
{
	size_t before = c->pt->stats.deferred_bytes;

	pgt_defer_subtree(c->pt, d, level);
	return (unsigned int)((c->pt->stats.deferred_bytes - before) / c->pt->granule);
}

/* Clear [a, b) in @t; returns how many entries of @t became invalid. */
static unsigned int unmap_clear(struct unmap_ctx *c, unsigned int level, uint64_t *t,
				uint64_t a, uint64_t b)
{
	struct smmuv3_pgtable *pt = c->pt;
	unsigned int shift = pgt_shift(pt, level);
	uint64_t bs = UINT64_C(1) << shift;
	size_t i0 = pgt_index(pt, level, a), i = i0;
	unsigned int removed = 0;

	if (level == SMMUV3_PGTABLE_LEAF_LEVEL) {
		size_t n = (size_t)((b - a) >> shift);

		memset(t + i0, 0, n * sizeof(uint64_t));
		pgt_clean(pt, t + i0, n * sizeof(uint64_t));
		return (unsigned int)n;
	}
	for (uint64_t x = a; x < b; i++) {
		uint64_t y = entry_end(x, bs, b), d = t[i];

		if (!pgt_is_table(d, level)) {
			smmuv3_desc_store(&t[i], 0);
			removed++;
		} else if (y - x == bs) {
			smmuv3_desc_store(&t[i], 0);
			removed++;
			c->tables_freed += defer_subtree_count(c, d, level);
		} else {
			uint64_t *child = pgt_child(pt, d);
			unsigned int left = pgt_count(d) - unmap_clear(c, level + 1, child, x, y);

			if (left) {
				smmuv3_desc_store(&t[i], pgt_set_count(d, left));
				if (level + 1 == SMMUV3_PGTABLE_LEAF_LEVEL)
					pgt_wc_fill(pt, x, child, &t[i]);
			} else {
				smmuv3_desc_store(&t[i], 0);
				removed++;
				pgt_defer(pt, child, d, true);
				c->tables_freed++;
			}
		}
		x = y;
	}
	pgt_clean(pt, t + i0, (i - i0) * sizeof(uint64_t));
	return removed;
}

/*
 * @gone entries left @table, at level @L, reached through the table
 * descriptors @slot[start..L-1]: every table this leaves empty is
 * unlinked and deferred, bottom-up, and the first one left non-empty
 * gets its new count (the root keeps no count and is never freed). A
 * table above the leaf level is the granule-aligned block holding the
 * descriptor followed in it. Returns the tables unlinked.
 */
static unsigned int unlink_emptied(struct smmuv3_pgtable *pt, uint64_t *const *slot,
				   uint64_t *table, unsigned int L, unsigned int gone)
{
	uintptr_t tmask = ~(uintptr_t)(pt->granule - 1);
	unsigned int level, start = pt->start_level;
	void *deferred = pt->deferred;

	for (level = L; level > start; level--) {
		uint64_t *s = slot[level - 1], d = *s;

		if (pgt_count(d) > gone) {
			smmuv3_desc_store(s, pgt_add_count(d, -(int)gone));
			pgt_clean(pt, s, sizeof(uint64_t));
			break;
		}
		smmuv3_desc_store(s, 0);
		pgt_clean(pt, s, sizeof(uint64_t));
		/* As pgt_defer(), the walk cache and counter once below. */
		table[0] = (uint64_t)(uintptr_t)deferred;
		table[1] = pgt_table_pa(pt, d);
		deferred = table;
		gone = 1;
		table = (uint64_t *)((uintptr_t)s & tmask);
	}
	if (level == L)
		return 0;
	pt->deferred = deferred;
	pt->stats.deferred_bytes += (size_t)(L - level) * (size_t)pt->granule;
	pt->wc.base = PGT_WC_NONE;
	pt->wc.leaf = NULL;
	return L - level;
}

static inline void set_out(struct smmuv3_pgtable_unmapped *out, uint64_t iova, uint64_t size,
			   unsigned int level, uint64_t leaves, unsigned int freed)
{
	if (out) {
		out->iova = iova;
		out->size = size;
		out->leaf_only = !freed;
		out->leaf_level = (uint8_t)level;
		out->tables_freed = freed;
		out->leaves = leaves;
	}
}

/* @n valid leaves at @t cleared (one store for one page). */
static inline void clear_leaves(struct smmuv3_pgtable *pt, uint64_t *t, size_t n)
{
	if (__builtin_expect(n == 1, 1))
		smmuv3_desc_store(&t[0], 0);
	else
		memset(t, 0, n * sizeof(uint64_t));
	pgt_clean(pt, t, n * sizeof(uint64_t));
}

/* unmap_in_leaf() when the pages are all the cached leaf table holds:
 * emptied, it is unlinked through the way up the walk cache knows (and
 * a whole table is unlinked without clearing it, by the general path). */
static inline bool
unmap_empties_cached(struct smmuv3_pgtable *pt, uint64_t *leaf, uint64_t iova, uint64_t size,
		     struct smmuv3_pgtable_unmapped *out)
{
	size_t i = pgt_index(pt, SMMUV3_PGTABLE_LEAF_LEVEL, iova);
	size_t n = (size_t)(size >> pt->cfg.granule_log2);
	unsigned int freed;

	if (pgt_count(*pt->wc.pde) < n || !pt->wc.up_ok || n == (size_t)1 << pt->stride ||
	    !all_valid(leaf + i, n))
		return false;
	clear_leaves(pt, leaf + i, n);
	freed = unlink_emptied(pt, pt->wc.up, leaf, SMMUV3_PGTABLE_LEAF_LEVEL, (unsigned int)n);
	smmuv3_port_wmb();
	set_out(out, iova, size, SMMUV3_PGTABLE_LEAF_LEVEL, n, freed);
	return true;
}

/* Pages inside one leaf table already found (the walk cache, or one
 * descent): cleared, and the table's count goes down. */
static bool unmap_in_leaf(struct smmuv3_pgtable *pt, uint64_t *leaf, uint64_t iova,
			  uint64_t size, struct smmuv3_pgtable_unmapped *out)
{
	size_t i = pgt_index(pt, SMMUV3_PGTABLE_LEAF_LEVEL, iova);
	size_t n = (size_t)(size >> pt->cfg.granule_log2);
	unsigned int count = pgt_count(*pt->wc.pde);

	if (__builtin_expect(count <= n, 0))
		return unmap_empties_cached(pt, leaf, iova, size, out);
	if (!all_valid(leaf + i, n))
		return false;
	clear_leaves(pt, leaf + i, n);
	/* Software bits the SMMU ignores: no clean. */
	smmuv3_desc_store(pt->wc.pde, pgt_add_count(*pt->wc.pde, -(int)n));
	smmuv3_port_wmb();
	set_out(out, iova, size, SMMUV3_PGTABLE_LEAF_LEVEL, n, 0);
	return true;
}

/*
 * @n entries at level @L from @iova on, all inside one table of that
 * level: pages inside one leaf table (typically the last pages of a
 * region, which empty it), or one block (a block-sized, block-aligned
 * call). One descent that remembers the way back up; the entries are
 * cleared, then every table they leave empty is unlinked and deferred,
 * bottom-up, as the general path does, and the first table left
 * non-empty gets its new count. False when the range is not of this
 * kind (the general path decides and reports the errors).
 */
static bool unmap_one_descent(struct smmuv3_pgtable *pt, uint64_t iova, size_t n, unsigned int L,
			      struct smmuv3_pgtable_unmapped *out)
{
	uint64_t *slot[SMMUV3_PGTABLE_LEAF_LEVEL + 1]; /* descriptor followed per level */
	uint64_t *tbl[SMMUV3_PGTABLE_LEAF_LEVEL + 1];  /* table holding it */
	unsigned int level, freed;
	size_t i;

	tbl[pt->start_level] = pt->root;
	for (level = pt->start_level; level < L; level++) {
		slot[level] = &tbl[level][pgt_index(pt, level, iova)];
		if (SMMUV3_FIELD_GET(PGT_TYPE, *slot[level]) != PGT_TYPE_TABLE)
			return false;
		tbl[level + 1] = pgt_child(pt, *slot[level]);
	}
	i = pgt_index(pt, L, iova);
	if (L == SMMUV3_PGTABLE_LEAF_LEVEL) {
		if (pgt_count(*slot[L - 1]) < n || !all_valid(tbl[L] + i, n))
			return false;
	} else if (SMMUV3_FIELD_GET(PGT_TYPE, tbl[L][i]) != PGT_TYPE_BLOCK) {
		/* Not a block (a table there is left to the general path). */
		return false;
	}
	clear_leaves(pt, tbl[L] + i, n);
	freed = unlink_emptied(pt, slot, tbl[L], L, (unsigned int)n);
	smmuv3_port_wmb();
	set_out(out, iova, (uint64_t)n << pt->shift[L], L, n, freed);
	return true;
}

/* Anything the one-descent paths do not take: check, then clear. Out
 * of line, so that the fast paths do not pay for its registers. */
static __attribute__((noinline)) int unmap_general(struct smmuv3_pgtable *pt, uint64_t iova,
						   uint64_t size,
						   struct smmuv3_pgtable_unmapped *out)
{
	struct unmap_ctx c = { .pt = pt, .leaf_level = -1 };
	int rc;

	rc = unmap_check(&c, pt->start_level, pt->root, iova, iova + size);
	if (rc)
		return rc;
	unmap_clear(&c, pt->start_level, pt->root, iova, iova + size);
	/* The cleared descriptors before the caller's invalidation. */
	smmuv3_port_wmb();
	set_out(out, iova, size, c.leaf_level < 0 ? 0u : (unsigned int)c.leaf_level, c.leaves,
		c.tables_freed);
	return 0;
}

int smmuv3_pgtable_unmap(struct smmuv3_pgtable *pt, uint64_t iova, uint64_t size,
			 struct smmuv3_pgtable_unmapped *out)
{
	uint64_t *leaf;
	unsigned int level;
	int rc;

	if (!pt || !pt->root)
		return SMMUV3_ERR_INVAL;
	rc = pgt_check_range(pt, iova, size);
	if (rc)
		return rc;
	/* Within the leaf table last used: no descent (a block-sized call
	 * that hits is a whole leaf table, for the general path). */
	leaf = pgt_wc_lookup(pt, iova, iova + size);
	if (!leaf) {
		/* One block: cleared at its level after one descent. */
		level = pgt_block_level(pt, iova, 0, size);
		if (level)
			return unmap_one_descent(pt, iova, 1, level, out) ? 0 :
			       unmap_general(pt, iova, size, out);
		leaf = pgt_leaf_table_walk(pt, iova, iova + size);
	}
	if ((leaf && unmap_in_leaf(pt, leaf, iova, size, out)) ||
	    (pgt_in_leaf_span(pt, iova, size) &&
	     unmap_one_descent(pt, iova, (size_t)(size >> pt->cfg.granule_log2),
			       SMMUV3_PGTABLE_LEAF_LEVEL, out)))
		return 0;
	return unmap_general(pt, iova, size, out);
}
