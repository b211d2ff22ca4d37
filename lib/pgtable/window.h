/* SPDX-License-Identifier: BSD-3-Clause */
/* Stage-1 tables addressed through a nest's table window (window.c). */
#ifndef SMMUV3_PGTABLE_WINDOW_H
#define SMMUV3_PGTABLE_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/pgtable.h>
#include <smmuv3/errors.h>
#include <smmuv3/stream.h>

/*
 * Address @pt's tables through @w (size 0: by PA). SMMUV3_ERR_TABLE_WINDOW
 * when the root or a table lies outside @w, SMMUV3_ERR_RESERVED when a
 * mapping outputs into it; nothing changes then. With @check only the
 * checks run. The table must be installed nowhere.
 */
/* The address the SMMU reads table memory [pa, pa+len) at, through
 * window @w (the PA itself without one): SMMUV3_ERR_TABLE_WINDOW when the
 * memory is not wholly inside the window. */
static inline int smmuv3_window_addr(const struct smmuv3_table_window *w, uint64_t pa,
				     uint64_t len, uint64_t *out)
{
	if (!w || !w->size) {
		*out = pa;
		return 0;
	}
	if (pa < w->pa || len > w->size || pa - w->pa > w->size - len)
		return SMMUV3_ERR_TABLE_WINDOW;
	*out = w->ipa + (pa - w->pa);
	return 0;
}

/* Whether [a, a+len) touches window @w's IPA range. */
static inline bool smmuv3_window_overlaps(const struct smmuv3_table_window *w, uint64_t a,
					  uint64_t len)
{
	return w && w->size && len && a < w->ipa + w->size && w->ipa < a + len;
}

int pgt_window_set(struct smmuv3_pgtable *pt, const struct smmuv3_table_window *w, bool check);

#endif
