/* SPDX-License-Identifier: BSD-3-Clause */
/* Stage-1 tables addressed through a nest's table window (window.c). */
#ifndef SMMUV3_PGTABLE_WINDOW_H
#define SMMUV3_PGTABLE_WINDOW_H

#include <stdbool.h>

#include <smmuv3/pgtable.h>
#include <smmuv3/stream.h>

/*
 * Address @pt's tables through @w (size 0: by PA). SMMUV3_ERR_TABLE_WINDOW
 * when the root or a table lies outside @w, SMMUV3_ERR_RESERVED when a
 * mapping outputs into it; nothing changes then. With @check only the
 * checks run. The table must be installed nowhere.
 */
int pgt_window_set(struct smmuv3_pgtable *pt, const struct smmuv3_table_window *w, bool check);

#endif
