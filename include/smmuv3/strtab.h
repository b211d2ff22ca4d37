/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file strtab.h
 * @brief Stream table state and stream ownership lookup.
 *
 * The stream API (claim, configure, release) is in stream.h; STE and CD
 * layouts are in ste.h and cd.h. docs/stream-table.md explains the
 * table format choices and their memory cost.
 */
#ifndef SMMUV3_STRTAB_H
#define SMMUV3_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include <smmuv3/cd.h>
#include <smmuv3/config.h>
#include <smmuv3/ste.h>
#include <smmuv3/stream.h>

/* SMMUV3_DEFAULT_SID_BITS_MAX (smmuv3/config.h) caps the StreamID bits a
 * table covers when cfg.sid_bits is 0 (an SMMU with 32-bit StreamIDs would
 * otherwise need a level-1 table of 2^24 descriptors); see
 * docs/stream-table.md. */

struct smmuv3_strtab_span;
struct smmuv3_idmap;

/** cfg.strtab_split: pick the SPLIT that needs least memory for cfg.sids. */
#define SMMUV3_STRTAB_SPLIT_BEST 1u

/** StreamIDs first..last (inclusive) exist on this platform (from a DT
 *  iommu-map, a manifest, or explicit configuration): cfg.sids. */
struct smmuv3_sid_range {
	uint32_t first;
	uint32_t last;
};

/** Stream table state inside struct smmuv3 (private to the library). */
struct smmuv3_strtab {
	void *base;            /**< linear table or level-1 descriptor array */
	uint64_t base_pa;
	size_t bytes;
	unsigned int fmt;      /**< SMMUV3_STRTAB_BASE_CFG_FMT_* */
	unsigned int log2size; /**< StreamID bits the table covers */
	unsigned int split;    /**< level-2 span in StreamID bits (2-level only) */
	/** Bookkeeping of a linear table; NULL for a two-level one, whose
	 *  level-2 bookkeeping sits right after the level-2 STEs and is found
	 *  from the level-1 descriptor (no pointer array). */
	struct smmuv3_strtab_span *linear;
	unsigned int n_spans;  /**< level-1 descriptors (1 for linear) */
	unsigned int live_l2;  /**< level-2 tables currently allocated */
	/** Spans with a CD table array (8 bytes per stream of the span,
	 *  once one of its streams has a library CD table). */
	unsigned int cdtab_arrays;
	struct smmuv3_idmap *asids, *vmids;
};

struct smmuv3;

/** Memory of a stream table against what the architecture needs. */
struct smmuv3_strtab_mem {
	size_t table_bytes;       /**< linear table or level-1 table */
	size_t l2_bytes;          /**< level-2 STE tables allocated now */
	size_t bookkeeping_bytes; /**< library state besides STEs, now */
	/** Smallest STE memory that makes every declared StreamID (cfg.sids,
	 *  else every covered one) valid: over linear and two-level with
	 *  SPLIT 6, 8 and 10, level-1 table plus one level-2 table per
	 *  populated group. */
	uint64_t min_bytes;
	unsigned int min_split;   /**< SPLIT of that minimum (0: linear) */
	/** What this table costs with every declared StreamID populated
	 *  (STEs and bookkeeping): compare with min_bytes. */
	uint64_t full_bytes;
};

/**
 * @brief Report the stream table's memory and the architectural minimum
 *        for the declared StreamIDs (docs/stream-table.md).
 * @return 0; SMMUV3_ERR_INVAL for NULL pointers; SMMUV3_ERR_STATE before
 *         reset.
 */
int smmuv3_strtab_memory(const struct smmuv3 *smmu, struct smmuv3_strtab_mem *out);

/**
 * @brief Owner of a stream (the opaque endpoint ID that claimed it), used
 *        to route events to whoever owns the faulting stream.
 * @param smmu the instance.
 * @param sid the StreamID.
 * @param[out] owner the owner's endpoint ID.
 * @return 0; SMMUV3_ERR_NOENT if no owner holds the stream;
 *         SMMUV3_ERR_RANGE if @p sid is beyond the stream table;
 *         SMMUV3_ERR_INVAL for NULL pointers.
 */
int smmuv3_stream_owner(const struct smmuv3 *smmu, uint32_t sid, uint32_t *owner);

#endif /* SMMUV3_STRTAB_H */
