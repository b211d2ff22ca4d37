/* SPDX-License-Identifier: BSD-3-Clause */
/* Context descriptor tables (library-internal). */
#ifndef SMMUV3_LIB_CD_INTERNAL_H
#define SMMUV3_LIB_CD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/smmuv3.h>

struct smmuv3_strtab_span;

/*
 * A library-managed CD table: linear (S1Fmt 0) or two-level with 4 KiB
 * leaves (S1Fmt 1), whose leaves are allocated when a CD in their range is
 * first written and kept until the table is freed.
 */
struct smmuv3_cdtab {
	uint64_t *base;           /* linear CDs or level-1 descriptors */
	uint64_t base_pa;
	size_t base_bytes;
	size_t bytes;             /* this structure */
	unsigned int ssid_bits;   /* S1CDMax */
	unsigned int fmt;         /* SMMUV3_STE_S1FMT_* */
	unsigned int n_leaves;    /* level-1 entries (2-level only) */
	struct smmuv3_table_window win; /* nested: where the SMMU reads it */
	struct smmuv3_cdtab *abandoned; /* the table this one replaced in an
					 * STE update that failed: the SMMU may
					 * still use it, freed with this one */
	uint64_t *leaf[];         /* host addresses of the leaves */
};

/* Table of 2^ssid_bits CDs, every CD invalid. */
int smmuv3_cdtab_alloc(struct smmuv3_inst *smmu, unsigned int ssid_bits, struct smmuv3_cdtab **out);
void smmuv3_cdtab_free(struct smmuv3_inst *smmu, struct smmuv3_cdtab *tab);
/* Let the SMMU read @tab through window @w (size 0: at its PAs): its
 * level-1 pointers are rewritten when the window changed, which only
 * happens while no CD of it is valid. *base gets S1ContextPtr's
 * address. SMMUV3_ERR_TABLE_WINDOW, with nothing changed, when a part of the
 * table lies outside @w. */
int smmuv3_cdtab_set_window(struct smmuv3_inst *smmu, struct smmuv3_cdtab *tab,
			    const struct smmuv3_table_window *w, uint64_t *base);
/* Validate a caller-supplied CD table for @s1. */
int smmuv3_cdtab_check_caller(const struct smmuv3_inst *smmu, const struct smmuv3_s1_cfg *s1);

/* Host address of the CD for @ssid, or NULL if its leaf does not exist. */
uint64_t *smmuv3_cdtab_cd(const struct smmuv3_cdtab *tab, uint32_t ssid);
/* Whether a valid CD of @tab stalls (CD.S = 1), which an STE with
 * S1STALLD = 1 would make ILLEGAL. */
bool smmuv3_cdtab_any_stall(const struct smmuv3_cdtab *tab);
/* Allocate the zeroed leaf holding @ssid; *l1_val gets its L1CD (not written). */
int smmuv3_cdtab_leaf_alloc(struct smmuv3_inst *smmu, struct smmuv3_cdtab *tab, uint32_t ssid,
			    uint64_t *l1_val);

#endif
