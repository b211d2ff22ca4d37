/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file stream.h
 * @brief Streams: who owns each StreamID, and what it holds.
 *
 * A stream is claimed by an owner (an opaque endpoint ID, e.g. a
 * partition ID), given an address space by attaching a domain
 * (smmuv3/domain.h), and released back to the default (abort unless
 * cfg.bypass_unconfigured). Every change reaches the SMMU through a safe
 * STE update (docs/ste-cd-update-rules.md): no intermediate state mixes
 * two configurations. Configuring a stream's STE fields by hand is the
 * hardware-level layer (smmuv3/hw/stream.h).
 *
 * @code
 *   smmuv3_stream_claim(&smmu, 0x10, PART_ID);
 *   smmuv3_domain_attach(&dom, 0x10, PART_ID, 0, 0, NULL);
 *   ...
 *   smmuv3_domain_detach(&dom, 0x10, PART_ID, 0);
 *   smmuv3_stream_release(&smmu, 0x10, PART_ID);
 * @endcode
 */
#ifndef SMMUV3_STREAM_H
#define SMMUV3_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/config.h>
#include <smmuv3/features.h>

struct smmuv3;

/** Stage-2 translation of a stream (VTCR_EL2-like). */
/**
 * Where the library's table memory appears in a stage 2's IPA space (a
 * reserved heap window): PAs [pa, pa+size) are IPAs [ipa, ipa+size).
 * size 0: no window, table addresses are used as they are.
 */
struct smmuv3_table_window {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
};

/** Largest owner a stream can be claimed by (owners are kept in 16 bits,
 *  as owner + 1 so that 0 means unclaimed). */
#define SMMUV3_STREAM_OWNER_MAX 0xfffeu

/**
 * @brief Claim @p sid for @p owner. The stream stays as it was (abort by
 *        default) until configured.
 *        @p owner is at most SMMUV3_STREAM_OWNER_MAX (0xfffe: 16 bits, as
 *        FF-A partition IDs; the per-stream bookkeeping keeps 4 bytes).
 * @return 0 (also when @p owner already holds it); SMMUV3_ERR_INVAL for
 *         an owner above SMMUV3_STREAM_OWNER_MAX; SMMUV3_ERR_OWNED if
 *         another owner holds it (nothing changes); SMMUV3_ERR_RANGE for a
 *         SID beyond the stream table; SMMUV3_ERR_STATE unless enabled;
 *         SMMUV3_ERR_NOMEM when its level-2 table cannot be allocated; a
 *         command error announcing that table, or re-invalidating a
 *         stream whose release failed (the stream stays unclaimed).
 */
int smmuv3_stream_claim(struct smmuv3 *smmu, uint32_t sid, uint32_t owner);

/**
 * @brief Release @p sid: its STE returns to the default (abort unless
 *        cfg.bypass_unconfigured), its CD table is freed, and a level-2
 *        table with no claimed stream left is unhooked and freed after
 *        CFGI + CMD_SYNC.
 * A stream with a domain attached is refused (SMMUV3_ERR_BUSY): detach
 * first. On a failed instance (service failure) the claim ends and its
 * CD table is freed without a command.
 * @return 0; SMMUV3_ERR_NOENT if unclaimed; SMMUV3_ERR_OWNED if another
 *         owner holds it; SMMUV3_ERR_BUSY while a domain is attached;
 *         SMMUV3_ERR_RANGE; SMMUV3_ERR_STATE; a command
 *         error (the stream is then still released in the bookkeeping,
 *         its memory kept, and the next claim of @p sid invalidates its
 *         STE again before handing it out).
 */
int smmuv3_stream_release(struct smmuv3 *smmu, uint32_t sid, uint32_t owner);

/**
 * @brief Render one stream's configuration as the SMMU would read it:
 *        STE fields, CD table and CDs, translation-table bases.
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_RANGE; SMMUV3_ERR_STATE.
 */
int smmuv3_stream_dump(const struct smmuv3 *smmu, uint32_t sid, smmuv3_print_fn *print,
		       void *arg);

/* Stream table memory and ownership look-up (docs/stream-table.md). */

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

#endif /* SMMUV3_STREAM_H */
