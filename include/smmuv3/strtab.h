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

/** Stream table state inside struct smmuv3 (private to the library). */
struct smmuv3_strtab {
	void *base;            /**< linear table or level-1 descriptor array */
	uint64_t base_pa;
	size_t bytes;
	unsigned int fmt;      /**< SMMUV3_STRTAB_BASE_CFG_FMT_* */
	unsigned int log2size; /**< StreamID bits the table covers */
	unsigned int split;    /**< level-2 span in StreamID bits (2-level only) */
	/** Bookkeeping of each level-2 span (one span for a linear table);
	 *  NULL where no level-2 table exists. */
	struct smmuv3_strtab_span **spans;
	size_t spans_bytes;
	unsigned int n_spans;
	unsigned int live_l2;  /**< level-2 tables currently allocated */
	struct smmuv3_idmap *asids, *vmids;
};

struct smmuv3;

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
