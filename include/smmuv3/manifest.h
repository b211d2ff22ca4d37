/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file manifest.h
 * @brief FF-A partition manifests (device tree blobs) to SEPID registry
 *        input: the `stream-endpoints` node (the project's proposal,
 *        docs/manifest.md), and the device and memory regions with
 *        `smmu-id` / `stream-ids` / `stream-ids-access-permissions`
 *        partitions use today.
 *
 * Built only when libfdt's headers are found (libsmmuv3-manifest.a, the
 * `smmuv3_manifest_dep` Meson dependency); the caller links libfdt. Every
 * blob is hostile: smmuv3_fdt_check() vets its structure before the first
 * libfdt call, and every property is length-checked where it is read.
 * All output lives in the caller's arrays; no heap, no globals.
 *
 * @code
 *   struct smmuv3_sepid_desc eps[8];
 *   struct smmuv3_sepid_region regions[16];
 *   struct smmuv3_manifest_dma_map maps[16];
 *   uint32_t words[256];
 *   uint16_t parts[4];
 *   struct smmuv3_manifest_storage st = { eps, 8, regions, 16, maps, 16, words, 256, parts, 4 };
 *   struct smmuv3_manifest_blob blobs[] = { { sp1, sp1_size, 0 }, { sp2, sp2_size, 0x8002 } };
 *   struct smmuv3_manifest_out out;
 *   struct smmuv3_manifest_report rep;
 *   if (smmuv3_manifest_parse(blobs, 2, &st, &out, &rep))
 *       log("%u %s %s: %s", rep.blob, rep.node, rep.prop,
 *           smmuv3_manifest_reason_name(rep.reason));
 *   else
 *       smmuv3_sepid_register(&reg, &out.input, &conflict);
 * @endcode
 */
#ifndef SMMUV3_MANIFEST_H
#define SMMUV3_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/fdt.h>
#include <smmuv3/sepid.h>

/** `compatible` of the stream-endpoints node (required). */
#define SMMUV3_MANIFEST_SEP_COMPAT "arm,ffa-manifest-stream-endpoints"
/** Most SubstreamID bits a stream endpoint may ask for (SMMUv3 SSIDSIZE). */
#define SMMUV3_MANIFEST_MAX_SSID_BITS 20u
/** Most children a region or endpoint node may have (bounds every walk). */
#define SMMUV3_MANIFEST_MAX_CHILDREN 256u
/** Longest node path kept in a report, NUL included (longer: truncated). */
#define SMMUV3_MANIFEST_PATH_MAX 96u

/** @name Region attributes (FF-A manifest `attributes`, and one value of
 *  `stream-ids-access-permissions` per StreamID) @{ */
#define SMMUV3_MANIFEST_ATTR_READ 0x1u
#define SMMUV3_MANIFEST_ATTR_WRITE 0x2u
#define SMMUV3_MANIFEST_ATTR_EXEC 0x4u
/** Non-secure memory (memory region `attributes` only). */
#define SMMUV3_MANIFEST_ATTR_NS 0x8u
/** @} */

/** Why a manifest was refused: one value per malformation. */
enum smmuv3_manifest_reason {
	SMMUV3_MANIFEST_OK = 0,          /**< every blob parsed */
	SMMUV3_MANIFEST_ARG,             /**< NULL or inconsistent arguments */
	SMMUV3_MANIFEST_FDT,             /**< smmuv3_fdt_check() refused the blob (report.fdt says why) */
	SMMUV3_MANIFEST_MISSING,         /**< a required property is absent */
	SMMUV3_MANIFEST_EMPTY,           /**< a property that needs a value has none (or a list with no entries) */
	SMMUV3_MANIFEST_ODD_LENGTH,      /**< a cell property's length is not a multiple of its entry size */
	SMMUV3_MANIFEST_OVERSIZED,       /**< a property is longer than its binding allows (too many cells or IDs) */
	SMMUV3_MANIFEST_UNTERMINATED,    /**< a string property has no NUL inside its length */
	SMMUV3_MANIFEST_BAD_STRING,      /**< a string property holds an unknown value */
	SMMUV3_MANIFEST_ID_RANGE,        /**< a partition ID or SEPID is 0 or above 0xffff */
	SMMUV3_MANIFEST_ID_MISMATCH,     /**< the manifest's `id` differs from the caller's ID for it */
	SMMUV3_MANIFEST_SMMU_ID_RANGE,   /**< `smmu-id` is out of range (0xffffffff: Hafnium's "none") */
	SMMUV3_MANIFEST_SID_DUPLICATE,   /**< a StreamID appears twice in one node */
	SMMUV3_MANIFEST_SMMU_ID_MISSING, /**< `stream-ids` without `smmu-id` */
	SMMUV3_MANIFEST_SIDS_MISSING,    /**< `smmu-id` or access permissions without `stream-ids` */
	SMMUV3_MANIFEST_PERM_COUNT,      /**< `stream-ids-access-permissions` count differs from `stream-ids` */
	SMMUV3_MANIFEST_PERM_VALUE,      /**< an access permission has unknown bits, no read/write, or is not allowed by the region's `attributes` */
	SMMUV3_MANIFEST_ATTR_VALUE,      /**< a region's `attributes` has unknown bits or no access */
	SMMUV3_MANIFEST_PAGES,           /**< `pages-count` is 0, or base + size wraps */
	SMMUV3_MANIFEST_ALIGN,           /**< a base address or IOVA window not 4 KiB aligned */
	SMMUV3_MANIFEST_DUP_NODE,        /**< two nodes of one name under one parent, or two stream-endpoints nodes */
	SMMUV3_MANIFEST_DUP_PROP,        /**< a property appears twice in one node */
	SMMUV3_MANIFEST_TOO_MANY_PROPS,  /**< a node read here has more than 64 properties */
	SMMUV3_MANIFEST_COMPATIBLE,      /**< a node's `compatible` is not the binding's */
	SMMUV3_MANIFEST_TOO_MANY_NODES,  /**< more than SMMUV3_MANIFEST_MAX_CHILDREN children */
	SMMUV3_MANIFEST_SSID_BITS,       /**< `substream-bits` above SMMUV3_MANIFEST_MAX_SSID_BITS, or set for a stage-2 stream */
	SMMUV3_MANIFEST_SSID_RANGE,      /**< a `substream-ids` entry does not fit `substream-bits` */
	SMMUV3_MANIFEST_SID_UNOWNED,     /**< a memory region's StreamID belongs to none of the partition's device regions on that SMMU */
	SMMUV3_MANIFEST_ID_DUPLICATE,    /**< two blobs are the same partition ID */
	SMMUV3_MANIFEST_UNSUPPORTED,     /**< TF-A's flat `stream-endpoint-ids` (no settled format), or an `xlat-granule` other than 4 KiB */
	SMMUV3_MANIFEST_NOSPC,           /**< the caller's storage is full (report.prop names what ran out) */
	SMMUV3_MANIFEST_REASON_COUNT     /**< number of reasons; not a reason */
};

/** Where and why a parse failed. */
struct smmuv3_manifest_report {
	enum smmuv3_manifest_reason reason;
	/** Index of the blob at fault. */
	unsigned int blob;
	/** Structure-block offset of the node at fault (-1: none). */
	int node_offset;
	/** Its path ("/stream-endpoints/dma-a"), truncated to fit. */
	char node[SMMUV3_MANIFEST_PATH_MAX];
	/** The property at fault ("stream-ids"), or "" (a constant string). */
	const char *prop;
	/** What smmuv3_fdt_check() found (reason SMMUV3_MANIFEST_FDT). */
	struct smmuv3_fdt_report fdt;
};

/** One blob: its bytes (8-byte aligned) and its partition's FF-A ID. */
struct smmuv3_manifest_blob {
	const void *fdt;
	size_t size;
	/** The partition's FF-A ID as the SPMC assigned it (Hafnium numbers
	 *  partitions by their order); 0: take the manifest's `id`. When both
	 *  are given they must agree. */
	uint16_t id;
};

/** A memory region with stream IDs (static isolation): map [base, base +
 *  size) into the stage 2 of the device that owns each StreamID, with that
 *  StreamID's permissions. Parallel arrays point into the word storage. */
struct smmuv3_manifest_dma_map {
	uint16_t owner;           /**< the partition's FF-A ID */
	uint32_t smmu_id;
	const uint32_t *sids;
	/** SMMUV3_MANIFEST_ATTR_* for each StreamID (READ, WRITE, EXEC). */
	const uint32_t *perms;
	unsigned int n_sids;
	/** `base-address`, or the `relative-address` offset (add the
	 *  partition's load address) when @c relative. */
	uint64_t base;
	uint64_t size;            /**< pages-count * 4 KiB */
	uint32_t attributes;      /**< the region's `attributes` */
	bool relative;
	/** Index in out.input.regions of the device region that owns each
	 *  StreamID (parallel to sids, in the word storage). */
	const uint32_t *device;
};

/** The caller's arrays everything parsed is kept in. */
struct smmuv3_manifest_storage {
	struct smmuv3_sepid_desc *eps;
	unsigned int max_eps;
	struct smmuv3_sepid_region *regions;
	unsigned int max_regions;
	struct smmuv3_manifest_dma_map *maps;
	unsigned int max_maps;
	/** StreamIDs, permissions and device indexes of all of the above. */
	uint32_t *words;
	unsigned int max_words;
	uint16_t *partitions;
	unsigned int max_partitions;
};

/** What a parse produced. */
struct smmuv3_manifest_out {
	/** Ready for smmuv3_sepid_register(): endpoints (proxy = the
	 *  declaring partition), device regions with StreamIDs, partition IDs.
	 *  Endpoint names point into the blobs: keep them alive. */
	struct smmuv3_sepid_input input;
	/** Memory regions with StreamIDs (static isolation). */
	const struct smmuv3_manifest_dma_map *maps;
	unsigned int n_maps;
};

/**
 * @brief Parse the partition manifests @p blobs into SEPID registry input.
 *
 * For each blob: smmuv3_fdt_check(), then the root's `id` (checked against
 * the caller's ID), `stream-endpoints`, `device-regions` and
 * `memory-regions`. Reads nothing outside a blob, walks at most
 * SMMUV3_FDT_MAX_NODES nodes per list, and checks each node's properties
 * before it keeps anything of it. Cross-manifest checks (a StreamID or
 * SEPID claimed twice, unknown SMMUs) are smmuv3_sepid_register()'s.
 *
 * @param rep may be NULL; on failure names blob, node, property and
 *        reason; reason SMMUV3_MANIFEST_OK on success.
 * @return 0; SMMUV3_ERR_INVAL for NULL or empty arguments;
 *         SMMUV3_ERR_BADDESC for a malformed manifest (@p rep says which
 *         and where); SMMUV3_ERR_NOSPC when @p st is too small. On failure
 *         @p out is zeroed and what the arrays of @p st hold is unspecified
 *         (scratch: nothing refers to it); nothing else is touched.
 */
int smmuv3_manifest_parse(const struct smmuv3_manifest_blob *blobs, unsigned int n,
			  const struct smmuv3_manifest_storage *st, struct smmuv3_manifest_out *out,
			  struct smmuv3_manifest_report *rep);

/**
 * @brief Symbolic name of a reason ("SMMUV3_MANIFEST_ODD_LENGTH").
 * @return a constant string; "SMMUV3_MANIFEST_?" out of range.
 */
const char *smmuv3_manifest_reason_name(enum smmuv3_manifest_reason reason);

#endif /* SMMUV3_MANIFEST_H */
