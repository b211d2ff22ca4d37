/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file pgtable.h
 * @brief VMSAv8-64 translation tables the SMMU walks (stage 1 and stage 2).
 *
 * A struct smmuv3_pgtable is caller-owned storage describing one address
 * space: its format (stage, granule, input and output sizes), its root
 * table, and the tables waiting to be freed once the SMMU has forgotten
 * them. It needs no struct smmuv3: memory comes straight from the port
 * (smmuv3_port_dma_alloc() with the port pointer given at creation), so
 * a table can be built before the SMMU is probed, or by a tool.
 *
 * Typical use:
 * @code
 *   struct smmuv3_pgtable pt;
 *   struct smmuv3_pgtable_cfg c = {
 *       .port = port, .stage = SMMUV3_PGTABLE_STAGE2, .granule_log2 = 12,
 *       .ias_bits = 40, .oas_bits = 44, .coherent = true };
 *   smmuv3_pgtable_init(&pt, &c);
 *   smmuv3_pgtable_map(&pt, iova, pa, size, SMMUV3_PROT_READ | SMMUV3_PROT_WRITE);
 *   ...
 *   struct smmuv3_pgtable_unmapped u;
 *   smmuv3_pgtable_unmap(&pt, iova, size, &u);
 *   // invalidate u.iova..u.iova+u.size (leaf-only if u.leaf_only), CMD_SYNC
 *   smmuv3_pgtable_reclaim(&pt);   // only after the sync completed
 * @endcode
 *
 * Calls on one table are serialised by the caller. See docs/page-tables.md.
 */
#ifndef SMMUV3_PGTABLE_H
#define SMMUV3_PGTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/bits.h>

/** Translation stage a table serves. */
enum smmuv3_pgtable_stage {
	SMMUV3_PGTABLE_STAGE1 = 1, /**< CD.TTB0: VA to IPA/PA, MAIR attributes */
	SMMUV3_PGTABLE_STAGE2 = 2, /**< STE.S2TTB: IPA to PA, MemAttr attributes */
};

/* ---- Format flags (struct smmuv3_pgtable_cfg.flags) ---------------------- */

/** Stage 1 of a Secure stream: leaves may carry NS (SMMUV3_PROT_NS). */
#define SMMUV3_PGTABLE_F_SECURE SMMUV3_BIT(0)
/** Stage 1 of a Secure stream whose tables live in Non-secure memory:
 *  every table descriptor has NSTable set. Requires F_SECURE. */
#define SMMUV3_PGTABLE_F_NS_TABLES SMMUV3_BIT(1)
/** Stage-1 leaves are global (nG = 0): for the EL2/EL3 regimes, which
 *  have no ASIDs. By default leaves are non-global (ASID-tagged). */
#define SMMUV3_PGTABLE_F_GLOBAL SMMUV3_BIT(2)
/** Never use block mappings (every leaf is a granule-sized page). */
#define SMMUV3_PGTABLE_F_NO_BLOCKS SMMUV3_BIT(3)
/** Keep no cache of emptied tables: every table an unmap unlinks is
 *  given back to the port by smmuv3_pgtable_reclaim(). */
#define SMMUV3_PGTABLE_F_NO_CACHE SMMUV3_BIT(4)

/** Emptied tables kept for reuse when smmuv3_pgtable_cfg.cache_tables
 *  is 0: one per level below a 4-level root, plus one. */
#define SMMUV3_PGTABLE_CACHE_DEFAULT 4u
/** Largest smmuv3_pgtable_cfg.cache_tables accepted. */
#define SMMUV3_PGTABLE_CACHE_MAX 4096u

/* ---- Mapping permissions and attributes (the prot argument) -------------- */

/** Readable. Required at stage 1, where the format cannot express a
 *  mapping that is writable or executable but not readable. */
#define SMMUV3_PROT_READ SMMUV3_BIT(0)
/** Writable. */
#define SMMUV3_PROT_WRITE SMMUV3_BIT(1)
/** Executable (instruction fetches allowed); without it the leaf is
 *  execute-never (UXN+PXN at stage 1, XN at stage 2). */
#define SMMUV3_PROT_EXEC SMMUV3_BIT(2)
/** Stage 1 only: privileged accesses only (AP[1] = 0). By default both
 *  privileged and unprivileged transactions may access the page. */
#define SMMUV3_PROT_PRIV SMMUV3_BIT(3)
/** Secure stage 1 only (SMMUV3_PGTABLE_F_SECURE): the output address is
 *  in the Non-secure physical address space (descriptor NS bit). */
#define SMMUV3_PROT_NS SMMUV3_BIT(4)
/** Memory type field of prot (one of SMMUV3_MEM_*). */
#define SMMUV3_PROT_MEM SMMUV3_GENMASK(7, 5)
/** Normal memory, inner and outer write-back cacheable, inner shareable. */
#define SMMUV3_MEM_WB 0u
/** Normal memory, non-cacheable, outer shareable. */
#define SMMUV3_MEM_NC 1u
/** Device-nGnRE (MMIO). */
#define SMMUV3_MEM_DEVICE 2u
/** Device-nGnRnE (strictly ordered MMIO). */
#define SMMUV3_MEM_DEVICE_NGNRNE 3u
/** Every prot bit defined. */
#define SMMUV3_PROT_ALL (SMMUV3_GENMASK(4, 0) | SMMUV3_PROT_MEM)

/**
 * MAIR value (CD.MAIR0/MAIR1 as one 64-bit value) that stage-1 tables of
 * this library assume: index SMMUV3_MEM_x holds the attribute of memory
 * type x (0xff normal WB RAWA, 0x44 normal NC, 0x04 Device-nGnRE,
 * 0x00 Device-nGnRnE).
 */
#define SMMUV3_PGTABLE_MAIR UINT64_C(0x00000000000444ff)

/** Deepest level of the VMSAv8-64 walk (page descriptors). */
#define SMMUV3_PGTABLE_LEAF_LEVEL 3u

/** Format of a table, given to smmuv3_pgtable_init(). */
struct smmuv3_pgtable_cfg {
	/** Port context for DMA memory and cache maintenance. */
	void *port;
	/** Stage 1 or stage 2. */
	enum smmuv3_pgtable_stage stage;
	/** Translation granule, log2 bytes: 12 (4 KiB), 14 (16 KiB) or
	 *  16 (64 KiB). */
	unsigned int granule_log2;
	/** Input address bits: stage 1 VA size (64 - T0SZ) or stage 2 IPA
	 *  size (64 - S2T0SZ); 25..48, or up to 52 with a 64 KiB granule. */
	unsigned int ias_bits;
	/** Output address bits (at most the SMMU's OAS); 32..48, or 52 with
	 *  a 64 KiB granule. */
	unsigned int oas_bits;
	/** The SMMU's table walks are coherent with the CPU caches; when
	 *  false every descriptor written is cleaned with
	 *  smmuv3_port_dma_clean(). */
	bool coherent;
	/** SMMUV3_PGTABLE_F_* */
	uint32_t flags;
	/** Most tables the cache of emptied tables keeps (see
	 *  smmuv3_pgtable_reclaim()); 0 means SMMUV3_PGTABLE_CACHE_DEFAULT.
	 *  Ignored with SMMUV3_PGTABLE_F_NO_CACHE. */
	unsigned int cache_tables;
};

/** What an unmap removed: exactly what its invalidation must cover. */
struct smmuv3_pgtable_unmapped {
	uint64_t iova;          /**< first address unmapped */
	uint64_t size;          /**< bytes unmapped */
	/** Only leaf descriptors changed: a leaf-only (Leaf = 1) TLB
	 *  invalidation suffices. False when a table was unlinked, whose
	 *  walk-cache entries must be invalidated too. */
	bool leaf_only;
	/** Level of every leaf removed (1, 2 or 3), or 0 if they were at
	 *  several levels (usable as the TTL hint of a range invalidation). */
	uint8_t leaf_level;
	/** Tables unlinked by this call, now waiting on the deferred list. */
	unsigned int tables_freed;
	/** Leaf descriptors (pages and blocks) cleared or unlinked. */
	uint64_t leaves;
};

/** Counters kept by a table, for budgeting and benchmarks. */
struct smmuv3_pgtable_stats {
	size_t table_bytes;     /**< memory held, root, deferred and cached tables included */
	size_t deferred_bytes;  /**< of which waiting for smmuv3_pgtable_reclaim() */
	size_t cached_bytes;    /**< of which emptied and kept for reuse
				     (given back by smmuv3_pgtable_trim()) */
	unsigned long tables;   /**< tables held, root, deferred and cached
				     included */
	unsigned long cleans;   /**< smmuv3_port_dma_clean() calls made */
};

/**
 * @brief One translation table (an address space). Caller-owned storage;
 *        fields are private to the library.
 */
struct smmuv3_pgtable {
	struct smmuv3_pgtable_cfg cfg;
	void *root;
	uint64_t root_pa;
	size_t root_bytes;
	uint64_t granule;         /**< bytes */
	uint8_t stride;           /**< index bits per full table */
	uint8_t start_level;      /**< level of the root */
	uint8_t root_bits;        /**< index bits of the root (stage-2 roots
				       may be concatenated tables) */
	uint8_t min_block_level;  /**< shallowest level holding blocks (4 if none) */
	uint64_t block_sizes;     /**< OR of the block sizes (one bit each) */
	uint64_t table_attrs;     /**< bits set in every table descriptor */
	uint64_t oa_mask;         /**< output-address bits of a descriptor */
	uint64_t oa_hi_mask;      /**< descriptor bits holding OA[51:48]
				       (0 unless oas_bits > 48) */
	uint8_t shift[4];         /**< input-address shift of each level */
	uint64_t index_mask[4];   /**< index mask (after shifting) per level */
	/** Table window (stage 1 nested over a stage 2 with one, see
	 *  smmuv3_domain_set_window()): table descriptors hold a table's
	 *  PA + tbl_off (its IPA), and every new table must lie in
	 *  [tbl_lo, tbl_hi). tbl_hi 0: none, descriptors hold PAs. */
	uint64_t tbl_off, tbl_lo, tbl_hi;
	void *deferred;           /**< tables to free after invalidation */
	void *cache;              /**< emptied (all-zero) tables kept for reuse */
	unsigned int cache_n;     /**< tables in the cache */
	unsigned int cache_max;   /**< bound on cache_n (0: no cache) */
	uint32_t last_prot;       /**< prot of the last map ... */
	uint64_t last_attrs;      /**< ... and its leaf attributes (0: none) */
	/** Software walk cache: the leaf table last reached by map or
	 *  unmap, so runs of single-page calls skip the descent. Dropped
	 *  whenever any table is unlinked. */
	struct {
		uint64_t base;        /**< an input address its table covers
					   (all ones when empty) */
		uint64_t *leaf;       /**< the leaf table, NULL when empty */
		uint64_t *pde;        /**< the table descriptor pointing to it */
		/** The descriptor followed at each level above the leaf
		 *  table (up[2] is pde), when up_ok: lets an unmap that
		 *  empties the leaf table unlink it without a descent. */
		uint64_t *up[SMMUV3_PGTABLE_LEAF_LEVEL];
		bool up_ok;
	} wc;
	struct smmuv3_pgtable_stats stats;
};

/** Values the STE or CD needs to point the SMMU at a table. */
struct smmuv3_pgtable_info {
	uint64_t root_pa;      /**< TTB0 / S2TTB */
	unsigned int tsz;      /**< T0SZ / S2T0SZ: 64 - ias_bits */
	unsigned int tg;       /**< TG0 / S2TG encoding: 0 4K, 1 64K, 2 16K */
	unsigned int sl0;      /**< stage 2: S2SL0 for the start level */
	unsigned int start_level;
	unsigned int concat;   /**< stage 2: tables concatenated at the root */
	unsigned int ps;       /**< IPS / S2PS encoding of oas_bits */
	/** Memory and maintenance counters, as of the call. */
	struct smmuv3_pgtable_stats stats;
};

/**
 * @brief Create an empty table: validate @p cfg and allocate the root.
 *
 * Stage-2 roots use the fewest levels the architecture allows, with up to
 * 16 concatenated tables at the start level (no stage-2 walk starts at
 * level 3).
 *
 * @return 0; SMMUV3_ERR_INVAL for NULL pointers, an unknown stage,
 *         granule or flag, inconsistent flags, or a cache bound above
 *         SMMUV3_PGTABLE_CACHE_MAX; SMMUV3_ERR_RANGE for
 *         input or output sizes the format cannot express;
 *         SMMUV3_ERR_NOMEM when the root cannot be allocated.
 *         On failure @p pt holds nothing to free.
 */
int smmuv3_pgtable_init(struct smmuv3_pgtable *pt, const struct smmuv3_pgtable_cfg *cfg);

/**
 * @brief Map [iova, iova+size) to [pa, pa+size) with @p prot.
 *
 * Uses the largest block each aligned piece allows. Every table the call
 * needs is allocated before the first descriptor is written, so a
 * failure leaves the table exactly as it was and needs no invalidation.
 * On return the new descriptors are written (and cleaned, non-coherent)
 * and ordered before any later write of the caller.
 *
 * @return 0; SMMUV3_ERR_INVAL for a NULL table, size 0 or a @p prot the
 *         stage cannot express; SMMUV3_ERR_ALIGN when iova, pa or size is
 *         not a multiple of the granule; SMMUV3_ERR_OVERFLOW when a range
 *         wraps past 2^64; SMMUV3_ERR_RANGE when the range goes beyond
 *         the input or output size; SMMUV3_ERR_EXISTS when any part is
 *         already mapped; SMMUV3_ERR_NOMEM; SMMUV3_ERR_TABLE_WINDOW when a
 *         table the map needs lies outside the table window (tbl_lo,
 *         tbl_hi); nothing is mapped on failure.
 */
int smmuv3_pgtable_map(struct smmuv3_pgtable *pt, uint64_t iova, uint64_t pa,
		       uint64_t size, uint32_t prot);

/** A physical range (one piece of a scattered buffer). */
struct smmuv3_phys_range {
	uint64_t pa;
	uint64_t size;    /**< bytes */
};

/**
 * @brief Map @p n physical ranges back to back from @p iova (a scattered
 *        buffer made virtually contiguous), all as pages, with @p prot.
 *
 * One check pass, one allocation of every table needed, one install pass,
 * as smmuv3_pgtable_map(): a failure leaves the table exactly as it was.
 * Leaves are pages even where a range could be a block (map such a range
 * with smmuv3_pgtable_map()).
 *
 * @return 0; the errors of smmuv3_pgtable_map() for any range (size 0,
 *         unaligned, wrapping, beyond the output size) or for the whole
 *         IOVA range; SMMUV3_ERR_INVAL for NULL or @p n = 0;
 *         SMMUV3_ERR_OVERFLOW when the sizes' sum wraps.
 */
int smmuv3_pgtable_map_scatter(struct smmuv3_pgtable *pt, uint64_t iova,
			       const struct smmuv3_phys_range *r, size_t n, uint32_t prot);

/**
 * @brief Unmap [iova, iova+size), which must be mapped entirely.
 *
 * A range that covers only part of a block mapping is refused
 * (SMMUV3_ERR_SPLIT): splitting a live block would need a
 * break-before-make sequence with an invalidation in the middle. Tables
 * left empty are unlinked and put on the deferred list; their memory is
 * only returned by smmuv3_pgtable_reclaim(), which the caller calls after
 * the invalidation described by @p out has completed (CMD_SYNC).
 *
 * @param[out] out what was removed (may be NULL only if the caller
 *                 invalidates everything anyway).
 * @return 0; SMMUV3_ERR_INVAL, _ALIGN, _OVERFLOW, _RANGE as for map;
 *         SMMUV3_ERR_NOENT when part of the range is not mapped;
 *         SMMUV3_ERR_SPLIT when it covers part of a block. On error the
 *         table is unchanged.
 */
int smmuv3_pgtable_unmap(struct smmuv3_pgtable *pt, uint64_t iova, uint64_t size,
			 struct smmuv3_pgtable_unmapped *out);

/**
 * @brief Translate @p iova through the table as the SMMU would.
 * @param[out] pa the output address.
 * @param[out] prot if non-NULL, the SMMUV3_PROT_* of the leaf.
 * @return 0; SMMUV3_ERR_NOENT when not mapped; SMMUV3_ERR_RANGE when
 *         beyond the input size; SMMUV3_ERR_INVAL for NULL pointers.
 */
int smmuv3_pgtable_iova_to_phys(const struct smmuv3_pgtable *pt, uint64_t iova,
				uint64_t *pa, uint32_t *prot);

/**
 * @brief Release the tables earlier unmaps left on the deferred list.
 *
 * Call only after the invalidation covering those unmaps completed: the
 * SMMU's walk caches may point at the tables until then.
 *
 * Tables an unmap emptied entry by entry are all zero again; up to the
 * cache bound (smmuv3_pgtable_cfg.cache_tables) they are kept in the
 * table's cache, where later maps take them without allocating or
 * zeroing. Every other table (past the bound, unlinked whole with its
 * entries, or with SMMUV3_PGTABLE_F_NO_CACHE) goes back to the port, so
 * once everything is unmapped the table holds its root and at most the
 * bound. smmuv3_pgtable_trim() empties the cache.
 * @return number of tables released (freed or cached).
 */
unsigned int smmuv3_pgtable_reclaim(struct smmuv3_pgtable *pt);

/**
 * @brief Give the cache of emptied tables back to the port.
 *
 * Tables still on the deferred list are not touched (they wait for
 * smmuv3_pgtable_reclaim()). Afterwards a table with nothing mapped
 * holds its root only.
 * @return number of tables freed.
 */
unsigned int smmuv3_pgtable_trim(struct smmuv3_pgtable *pt);

/**
 * @brief Free every table, mapped or deferred, root included.
 *
 * The caller guarantees the SMMU no longer uses the table (detached and
 * invalidated). @p pt can be initialised again afterwards.
 * @return 0; SMMUV3_ERR_INVAL for NULL or a table never initialised.
 */
int smmuv3_pgtable_destroy(struct smmuv3_pgtable *pt);

/**
 * @brief What a CD or STE needs to use this table, and its memory and
 *        maintenance counters.
 * @return 0; SMMUV3_ERR_INVAL for NULL pointers.
 */
int smmuv3_pgtable_get_info(const struct smmuv3_pgtable *pt, struct smmuv3_pgtable_info *info);

#endif /* SMMUV3_PGTABLE_H */
