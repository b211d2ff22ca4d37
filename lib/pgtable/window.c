// SPDX-License-Identifier: BSD-3-Clause
/*
 * Moving a stage-1 table to a nest's table window (docs/domains.md,
 * "Nesting"): its table descriptors then hold IPAs. A table that already
 * holds mappings (an address space mapped before its first nested
 * attach) has every table descriptor rewritten; it is installed nowhere
 * then, so the SMMU never sees a half-moved table.
 */
#include "pgtable_internal.h"
#include "window.h"

/* Entries of a table at @level. */
static size_t pgt_entries(const struct smmuv3_pgtable *pt, unsigned int level)
{
	return (size_t)1 << (level == pt->start_level ? pt->root_bits : pt->stride);
}

/* Whether every table under @t lies in @w and no leaf outputs into it. */
static int window_check(const struct smmuv3_pgtable *pt, const uint64_t *t, unsigned int level,
			const struct smmuv3_table_window *w)
{
	uint64_t addr;

	for (size_t i = 0; i < pgt_entries(pt, level); i++) {
		uint64_t d = t[i];
		int rc;

		if (!(d & PGT_VALID))
			continue;
		if (!pgt_is_table(d, level)) {
			if (smmuv3_window_overlaps(w, pgt_desc_pa(pt, d),
						   UINT64_C(1) << pt->shift[level]))
				return SMMUV3_ERR_RESERVED;
			continue;
		}
		rc = smmuv3_window_addr(w, pgt_table_pa(pt, d), pt->granule, &addr);
		if (!rc)
			rc = window_check(pt, pgt_child(pt, d), level + 1, w);
		if (rc)
			return rc;
	}
	return 0;
}

/* Rewrite the table descriptors under @t for offset @off (children
 * first: they are found through the old offset). */
static void window_rewrite(struct smmuv3_pgtable *pt, uint64_t *t, unsigned int level,
			   uint64_t off)
{
	const uint64_t addr_bits = pt->oa_mask | pt->oa_hi_mask;

	for (size_t i = 0; i < pgt_entries(pt, level); i++) {
		uint64_t d = t[i];

		if (!(d & PGT_VALID) || !pgt_is_table(d, level))
			continue;
		window_rewrite(pt, pgt_child(pt, d), level + 1, off);
		smmuv3_desc_store(&t[i], (d & ~addr_bits) | pgt_pa_desc(pt, pgt_table_pa(pt, d) + off));
		pgt_clean(pt, &t[i], sizeof(t[i]));
	}
}

int pgt_window_set(struct smmuv3_pgtable *pt, const struct smmuv3_table_window *w, bool check)
{
	uint64_t addr, off = w->ipa - w->pa;
	int rc = smmuv3_window_addr(w, pt->root_pa, pt->root_bytes, &addr);

	if (!rc)
		rc = window_check(pt, pt->root, pt->start_level, w);
	if (rc || check)
		return rc;
	/* Cached tables came from the port under the old window. */
	smmuv3_pgtable_trim(pt);
	window_rewrite(pt, pt->root, pt->start_level, off);
	pt->tbl_off = w->size ? off : 0;
	pt->tbl_lo = w->pa;
	pt->tbl_hi = w->size ? w->pa + w->size : 0;
	return 0;
}
