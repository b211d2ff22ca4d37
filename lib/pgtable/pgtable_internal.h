/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VMSAv8-64 descriptor layout and table geometry shared by the page-table
 * code. Descriptors are named masks (Arm ARM D8.3, "Translation table
 * descriptor formats"); nothing here is visible outside lib/pgtable.
 */
#ifndef SMMUV3_PGTABLE_INTERNAL_H
#define SMMUV3_PGTABLE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/bits.h>
#include <smmuv3/errors.h>
#include <smmuv3/pgtable.h>
#include <smmuv3/port.h>

#include "libc/desc.h"

/* Descriptor type, bits [1:0]. */
#define PGT_VALID SMMUV3_BIT(0)
#define PGT_TYPE SMMUV3_GENMASK(1, 0)
#define PGT_TYPE_BLOCK 1u      /* levels 0-2 */
#define PGT_TYPE_TABLE 3u      /* levels 0-2 */
#define PGT_TYPE_PAGE 3u       /* level 3 */
/* Bit 1 tells a table (levels 0-2) from a block. */
#define PGT_TABLE_BIT SMMUV3_BIT(1)

/* Leaf (block and page) lower attributes. */
#define PGT_S1_ATTRINDX SMMUV3_GENMASK(4, 2)
#define PGT_S1_NS SMMUV3_BIT(5)
#define PGT_S1_AP_UNPRIV SMMUV3_BIT(6)  /* AP[1]: EL0 access */
#define PGT_S1_AP_RDONLY SMMUV3_BIT(7)  /* AP[2] */
#define PGT_S2_MEMATTR SMMUV3_GENMASK(5, 2)
#define PGT_S2_AP_R SMMUV3_BIT(6)       /* S2AP[0] */
#define PGT_S2_AP_W SMMUV3_BIT(7)       /* S2AP[1] */
#define PGT_SH SMMUV3_GENMASK(9, 8)
#define PGT_AF SMMUV3_BIT(10)
#define PGT_S1_NG SMMUV3_BIT(11)
/* Leaf upper attributes. */
#define PGT_S1_PXN SMMUV3_BIT(53)
#define PGT_S1_UXN SMMUV3_BIT(54)
#define PGT_S2_XN SMMUV3_BIT(54)        /* XN[1]; XN[0] (bit 53) left 0 */

/* Output address: bits [47:granule], and with a 64 KiB granule and
 * 52-bit addresses, OA[51:48] in bits [15:12]. */
#define PGT_OA_LO SMMUV3_GENMASK(47, 12)
#define PGT_OA_HI SMMUV3_GENMASK(15, 12)
#define PGT_PA_HI SMMUV3_GENMASK(51, 48)

/* Table descriptor. */
#define PGT_NSTABLE SMMUV3_BIT(63)
/* Software bookkeeping in bits the SMMU ignores in table descriptors:
 * how many valid entries the next-level table holds, split over
 * [58:51] (low part) and [7:2] (high part). 14 bits count up to the
 * 8192 entries of a 64 KiB-granule table. */
#define PGT_CNT_LO SMMUV3_GENMASK(58, 51)
#define PGT_CNT_HI SMMUV3_GENMASK(7, 2)
#define PGT_CNT_LO_BITS 8u
_Static_assert(SMMUV3_FIELD_GET(PGT_CNT_LO, ~UINT64_C(0)) == (1u << PGT_CNT_LO_BITS) - 1,
	       "PGT_CNT_LO_BITS is the width of PGT_CNT_LO");
_Static_assert(((SMMUV3_FIELD_GET(PGT_CNT_HI, ~UINT64_C(0)) << PGT_CNT_LO_BITS) |
		((1u << PGT_CNT_LO_BITS) - 1)) >= 8192,
	       "the count reaches the 8192 entries of a 64 KiB-granule table");

#define SH_INNER 3u
#define SH_OUTER 2u

/* S2 MemAttr encodings (without FWB). */
#define S2_MEMATTR_DEV_NGNRNE 0x0u
#define S2_MEMATTR_DEV_NGNRE 0x1u
#define S2_MEMATTR_NC 0x5u
#define S2_MEMATTR_WB 0xfu

static inline unsigned int pgt_shift(const struct smmuv3_pgtable *pt, unsigned int level)
{
	return pt->shift[level];
}

static inline size_t pgt_index(const struct smmuv3_pgtable *pt, unsigned int level,
			       uint64_t iova)
{
	return (size_t)((iova >> pt->shift[level]) & pt->index_mask[level]);
}

static inline bool pgt_is_table(uint64_t d, unsigned int level)
{
	return level < SMMUV3_PGTABLE_LEAF_LEVEL &&
	       SMMUV3_FIELD_GET(PGT_TYPE, d) == PGT_TYPE_TABLE;
}

/* Output address of descriptor @d: the OA field, and OA[51:48] from
 * bits [15:12] when @oa_hi is PGT_OA_HI (52-bit output); with oa_hi 0
 * the second term vanishes, so no branch on the output size. Hot loops
 * keep both masks in locals. */
static inline uint64_t pgt_oa(uint64_t d, uint64_t oa_mask, uint64_t oa_hi)
{
	return (d & oa_mask) | SMMUV3_FIELD_PREP(PGT_PA_HI, SMMUV3_FIELD_GET(PGT_OA_HI, d & oa_hi));
}

static inline uint64_t pgt_desc_pa(const struct smmuv3_pgtable *pt, uint64_t d)
{
	return pgt_oa(d, pt->oa_mask, pt->oa_hi_mask);
}

/* The map path checked @pa against oas_bits, so PA[51:48] is zero unless
 * the output is 52 bits. */
static inline uint64_t pgt_pa_desc(const struct smmuv3_pgtable *pt, uint64_t pa)
{
	if (__builtin_expect(!pt->oa_hi_mask, 1))
		return pa & PGT_OA_LO;
	return (pa & PGT_OA_LO) |
	       (SMMUV3_FIELD_PREP(PGT_OA_HI, SMMUV3_FIELD_GET(PGT_PA_HI, pa)) & pt->oa_hi_mask);
}

static inline unsigned int pgt_count(uint64_t d)
{
	return (unsigned int)(SMMUV3_FIELD_GET(PGT_CNT_LO, d) |
			      (SMMUV3_FIELD_GET(PGT_CNT_HI, d) << PGT_CNT_LO_BITS));
}

static inline uint64_t pgt_set_count(uint64_t d, unsigned int n)
{
	d &= ~(PGT_CNT_LO | PGT_CNT_HI);
	return d | SMMUV3_FIELD_PREP(PGT_CNT_LO, n) |
	       SMMUV3_FIELD_PREP(PGT_CNT_HI, n >> PGT_CNT_LO_BITS);
}

/* The count of table descriptor @d changed by @delta (the result stays
 * within 0..entries): one add on the low part when it neither carries
 * nor borrows, which is the common case of single-page calls. */
static inline uint64_t pgt_add_count(uint64_t d, int delta)
{
	int lo = (int)SMMUV3_FIELD_GET(PGT_CNT_LO, d) + delta;

	if (__builtin_expect(SMMUV3_FIELD_FITS(PGT_CNT_LO, lo), 1))
		return (d & ~PGT_CNT_LO) | SMMUV3_FIELD_PREP(PGT_CNT_LO, (unsigned int)lo);
	return pgt_set_count(d, (unsigned int)((int)pgt_count(d) + delta));
}

/* Two descriptors, for the fill loop below: a generic (GCC/clang)
 * vector, one 16-byte store where the target has vector registers and
 * two 8-byte stores where it has not (-mgeneral-regs-only). Aligned like
 * a descriptor and allowed to alias one. */
typedef uint64_t pgt_desc2 __attribute__((vector_size(16), aligned(8), may_alias));

/*
 * Fill @n leaf descriptors from @pa on, @attrs in each. In the common
 * case (output of 48 bits or fewer: the address is a plain field) gcc
 * gets eight descriptors per iteration as four pairs, each pair the
 * previous one plus twice the granule (gcc does not vectorise the
 * induction of the scalar loop at -O2: 5 instructions per descriptor
 * there, 1.4 here on x86-64). Clang vectorises the scalar loop itself,
 * better than the pairs (docs/performance.md), so it keeps it.
 */
static inline void pgt_fill_leaves(const struct smmuv3_pgtable *pt, uint64_t *t, size_t n,
				   uint64_t pa, uint64_t attrs)
{
	uint64_t g = pt->granule;

	if (__builtin_expect(!pt->oa_hi_mask, 1)) {
		uint64_t d = attrs | (pa & PGT_OA_LO);
		size_t k = 0;

#ifndef __clang__
		if (n >= 8) {
			pgt_desc2 v = { d, d + g }, s2 = { 2 * g, 2 * g };
			pgt_desc2 s4 = s2 + s2, s6 = s4 + s2, s8 = s4 + s4;

			for (; k + 8 <= n; k += 8, v += s8) {
				*(pgt_desc2 *)(void *)(t + k) = v;
				*(pgt_desc2 *)(void *)(t + k + 2) = v + s2;
				*(pgt_desc2 *)(void *)(t + k + 4) = v + s4;
				*(pgt_desc2 *)(void *)(t + k + 6) = v + s6;
			}
			d += k * g;
		}
#endif
		for (; k < n; k++, d += g)
			t[k] = d;
	} else {
		for (size_t k = 0; k < n; k++, pa += g)
			t[k] = attrs | pgt_pa_desc(pt, pa);
	}
}

/* @n block descriptors from @pa on, @step bytes apart (a run of blocks
 * of one level). */
static inline void pgt_fill_run(const struct smmuv3_pgtable *pt, uint64_t *t, size_t n,
				uint64_t pa, uint64_t attrs, uint64_t step)
{
	for (size_t k = 0; k < n; k++, pa += step)
		t[k] = attrs | pgt_pa_desc(pt, pa);
}

/* PA of the table a table descriptor @d points to: descriptors hold
 * the table's address as the SMMU reads it (an IPA under a nest's table
 * window, pt->tbl_off from the PA). */
static inline uint64_t pgt_table_pa(const struct smmuv3_pgtable *pt, uint64_t d)
{
	return pgt_desc_pa(pt, d) - pt->tbl_off;
}

static inline uint64_t *pgt_child(const struct smmuv3_pgtable *pt, uint64_t d)
{
	return smmuv3_port_phys_to_virt(pt->cfg.port, pgt_table_pa(pt, d));
}

/* Whether a new table at @pa lies where the SMMU can reach it: inside
 * the table window when one is set. */
static inline bool pgt_table_reachable(const struct smmuv3_pgtable *pt, uint64_t pa)
{
	return !pt->tbl_hi || (pa >= pt->tbl_lo && pa + pt->granule <= pt->tbl_hi);
}

static inline bool pgt_block_ok(const struct smmuv3_pgtable *pt, unsigned int level)
{
	return level >= pt->min_block_level;
}

static inline void pgt_clean(struct smmuv3_pgtable *pt, const void *va, size_t size)
{
	if (!pt->cfg.coherent) {
		smmuv3_port_dma_clean(pt->cfg.port, va, size);
		pt->stats.cleans++;
	}
}

/*
 * One level of a table walk toward @iova: reads the descriptor of @t at
 * @level into *d and, when it is a table descriptor, moves *t to the
 * next-level table and returns true. Always inlined with a constant
 * @level and @lpa, so the shift and mask are direct loads from the
 * precomputed per-level arrays and the common case (output of 48 bits
 * or fewer) has no OA[51:48] step.
 */
static inline __attribute__((always_inline)) bool
pgt_walk_step(const struct smmuv3_pgtable *pt, uint64_t **t, uint64_t iova,
	      unsigned int level, uint64_t *d, bool lpa)
{
	*d = (*t)[(iova >> pt->shift[level]) & pt->index_mask[level]];
	if (level == SMMUV3_PGTABLE_LEAF_LEVEL ||
	    SMMUV3_FIELD_GET(PGT_TYPE, *d) != PGT_TYPE_TABLE)
		return false;
	*t = smmuv3_port_phys_to_virt(pt->cfg.port, (lpa ? pgt_oa(*d, pt->oa_mask, PGT_OA_HI) :
							     *d & pt->oa_mask) -
							    pt->tbl_off);
	return true;
}

/* Walk-cache base when it holds nothing: it shares no high bit with any
 * input address (at most 52 bits), so no lookup can hit. */
#define PGT_WC_NONE UINT64_MAX

/* Leaf table covering [a, b), if the walk cache holds it: a, b - 1 and
 * the cached base share every input-address bit above the leaf table's
 * span. */
static inline uint64_t *pgt_wc_lookup(const struct smmuv3_pgtable *pt, uint64_t a, uint64_t b)
{
	unsigned int span = pt->shift[SMMUV3_PGTABLE_LEAF_LEVEL - 1];
	uint64_t base = pt->wc.base;

	if (!(((a ^ base) | ((b - 1) ^ base)) >> span))
		return pt->wc.leaf;
	return NULL;
}

static inline void pgt_wc_fill(struct smmuv3_pgtable *pt, uint64_t iova, uint64_t *leaf,
			       uint64_t *pde)
{
	pt->wc.base = iova;
	pt->wc.leaf = leaf;
	pt->wc.pde = pde;
	pt->wc.up_ok = false;
}

/* Table descriptor for the table at @pa holding @n valid entries. */
static inline uint64_t pgt_table_desc(const struct smmuv3_pgtable *pt, uint64_t pa, unsigned int n)
{
	return pt->table_attrs | pgt_pa_desc(pt, pa + pt->tbl_off) |
	       SMMUV3_FIELD_PREP(PGT_CNT_LO, n) |
	       SMMUV3_FIELD_PREP(PGT_CNT_HI, n >> PGT_CNT_LO_BITS);
}

/* Link of a deferred table whose entries are not all zero (it was
 * unlinked whole): freed, never cached. Bit 1 of a descriptor whose bit
 * 0 is clear, so the link stays an invalid descriptor. */
#define PGT_DEFER_DIRTY SMMUV3_BIT(1)

/*
 * Push a table onto the deferred list, linked through its first entry:
 * the link is granule-aligned, so bit 0 is clear and a walk that still
 * reaches the table reads an invalid descriptor there. A table emptied
 * entry by entry (@zero) is all zero but for that link; its address,
 * from the descriptor @d that pointed to it, goes in its second entry
 * (granule-aligned too, so also invalid) for the cache.
 */
static inline void pgt_defer(struct smmuv3_pgtable *pt, uint64_t *table, uint64_t d, bool zero)
{
	pt->wc.base = PGT_WC_NONE;
	pt->wc.leaf = NULL;
	table[0] = (uint64_t)(uintptr_t)pt->deferred | (zero ? 0 : PGT_DEFER_DIRTY);
	if (zero)
		table[1] = pgt_table_pa(pt, d);
	pt->deferred = table;
	pt->stats.deferred_bytes += (size_t)pt->granule;
}

/* Cached tables hold the next one's address in entry 0 and their own
 * physical address in entry 1, as map.c's preallocated pool does. */
static inline uint64_t *pgt_cache_pop(struct smmuv3_pgtable *pt)
{
	uint64_t *t = pt->cache;

	pt->cache = (void *)(uintptr_t)t[0];
	pt->cache_n--;
	pt->stats.cached_bytes -= (size_t)pt->granule;
	return t;
}

/* @k tables from the cache (which holds that many) into va[]/pa[]: zero
 * again but for entries 0 and 1, the link and the address, cleared and
 * cleaned here. */
static inline void pgt_cache_get(struct smmuv3_pgtable *pt, unsigned int k, uint64_t **va,
				 uint64_t *pa)
{
	uint64_t *cache = pt->cache;

	for (unsigned int j = 0; j < k; j++) {
		uint64_t *t = cache;

		cache = (uint64_t *)(uintptr_t)t[0];
		va[j] = t;
		pa[j] = t[1];
		t[0] = 0;
		t[1] = 0;
	}
	if (!pt->cfg.coherent)
		for (unsigned int j = 0; j < k; j++)
			pgt_clean(pt, va[j], 2 * sizeof(uint64_t));
	pt->cache = cache;
	pt->cache_n -= k;
	pt->stats.cached_bytes -= (size_t)k * (size_t)pt->granule;
}

/* Every table (not the root) of the subtree under table descriptor @d at
 * @level onto the deferred list. */
void pgt_defer_subtree(struct smmuv3_pgtable *pt, uint64_t d, unsigned int level);

/* The leaf table holding all of [a, b): from the walk cache, or by one
 * descent through existing tables (then cached). NULL when the range
 * spans leaf tables or a table on the way is missing (or is a block). */
uint64_t *pgt_leaf_table_walk(struct smmuv3_pgtable *pt, uint64_t a, uint64_t b);

static inline uint64_t *pgt_leaf_table(struct smmuv3_pgtable *pt, uint64_t a, uint64_t b)
{
	uint64_t *t = pgt_wc_lookup(pt, a, b);

	return t ? t : pgt_leaf_table_walk(pt, a, b);
}

/* [iova, iova + size) lies inside one leaf table's span without being
 * all of it (a whole span may be a block, or a table unlinked whole). */
static inline bool pgt_in_leaf_span(const struct smmuv3_pgtable *pt, uint64_t iova, uint64_t size)
{
	unsigned int span = pt->shift[SMMUV3_PGTABLE_LEAF_LEVEL - 1];

	return pt->start_level != SMMUV3_PGTABLE_LEAF_LEVEL && !((iova ^ (iova + size - 1)) >> span) &&
	       size != UINT64_C(1) << span;
}

/* The level at which [iova, iova + size) -> pa is exactly one block, or
 * 0: size is the block size of a level that holds blocks (one test of
 * the precomputed mask), iova and pa are aligned to it. Blocks exist at
 * levels 1 and 2 only. */
static inline unsigned int pgt_block_level(const struct smmuv3_pgtable *pt, uint64_t iova,
					   uint64_t pa, uint64_t size)
{
	if (__builtin_expect(!(size & pt->block_sizes) || (size & (size - 1)), 1) ||
	    ((iova | pa) & (size - 1)))
		return 0;
	return size == UINT64_C(1) << pt->shift[SMMUV3_PGTABLE_LEAF_LEVEL - 1] ?
	       SMMUV3_PGTABLE_LEAF_LEVEL - 1 : SMMUV3_PGTABLE_LEAF_LEVEL - 2;
}

/* Input range validation shared by map and unmap. */
static inline int pgt_check_range(const struct smmuv3_pgtable *pt, uint64_t iova, uint64_t size)
{
	if (!size)
		return SMMUV3_ERR_INVAL;
	if ((iova | size) & (pt->granule - 1))
		return SMMUV3_ERR_ALIGN;
	if (iova + size < iova)
		return SMMUV3_ERR_OVERFLOW;
	if ((iova + size - 1) >> pt->cfg.ias_bits)
		return SMMUV3_ERR_RANGE;
	return 0;
}

/* What a caller that checked a scatter map's ranges itself knows of them:
 * each non-empty, granule aligned and not wrapping, their sum not
 * wrapping. */
struct pgt_scatter_sum {
	uint64_t total;        /* bytes, the sum of the sizes */
	uint64_t last;         /* >= every range's last byte (OAS check) */
	bool pages;            /* every range exactly one granule */
};

/*
 * smmuv3_pgtable_map_scatter() without its per-range pass, for lib/sepid,
 * whose hostile-input pass over the constituents already proved what
 * @sum states (checking the same array twice cost about 20 instructions
 * a page). The table side -- prot, the IOVA range, @sum->last against
 * the output size, nothing mapped there -- is still checked.
 */
int pgt_map_scatter_checked(struct smmuv3_pgtable *pt, uint64_t iova,
			    const struct smmuv3_phys_range *r, const struct pgt_scatter_sum *sum,
			    uint32_t prot);

#endif /* SMMUV3_PGTABLE_INTERNAL_H */
