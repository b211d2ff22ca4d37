/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file strtab.h
 * @brief Stream table and stream table entries.
 */
#ifndef SMMUV3_STRTAB_H
#define SMMUV3_STRTAB_H

#include <stddef.h>
#include <stdint.h>

/** Bytes in one STE. */
#define SMMUV3_STE_BYTES 64u
/** 64-bit words in one STE. */
#define SMMUV3_STE_DWORDS 8u

/** Stream table state inside struct smmuv3. */
struct smmuv3_strtab {
	void *base;            /**< linear table or level-1 descriptor array */
	uint64_t base_pa;
	size_t bytes;
	unsigned int fmt;      /**< SMMUV3_STRTAB_BASE_CFG_FMT_* */
	unsigned int log2size; /**< StreamID bits the table covers */
	unsigned int split;    /**< level-2 span in StreamID bits (2-level only) */
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
