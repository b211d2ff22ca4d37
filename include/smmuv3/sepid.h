/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file sepid.h
 * @brief Stream endpoints (SEPIDs): a checked registry of every DMA-capable
 *        stream endpoint an SPMC's partitions declare, each with its own
 *        IOMMU page table, and FF-A memory retrieve/relinquish carried out
 *        on behalf of a SEPID by its proxy partition.
 *
 * All storage is the caller's: the registry, its endpoint, stream, handle
 * and range arrays. Registration takes every endpoint at once (a manifest
 * parser fills struct smmuv3_sepid_input) and checks all of it before
 * anything is programmed.
 *
 * @code
 *   static struct smmuv3_sepid_ep eps[8];
 *   static struct smmuv3_sepid_stream streams[64];
 *   static struct smmuv3_sepid_handle handles[32];
 *   static struct smmuv3_sepid_range ranges[1024];
 *   struct smmuv3 *smmus[] = { &smmu0, &smmu1 };
 *   struct smmuv3_sepid_registry reg;
 *   struct smmuv3_sepid_storage st = { eps, 8, streams, 64, handles, 32, ranges, 1024 };
 *   smmuv3_sepid_registry_init(&reg, smmus, 2, &st);
 *   smmuv3_sepid_register(&reg, &input, &conflict);     // all or nothing
 *   smmuv3_sepid_retrieve(&reg, sepid, proxy, handle, cons, n, &req, &iova);
 *   smmuv3_sepid_relinquish(&reg, sepid, proxy, handle); // one CMD_SYNC
 * @endcode
 *
 * Calls on one registry are serialised by the caller. See docs/sepid.md.
 */
#ifndef SMMUV3_SEPID_H
#define SMMUV3_SEPID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/domain.h>
#include <smmuv3/errors.h>
#include <smmuv3/evtq.h>

struct smmuv3;

/** How a SEPID's streams translate (the manifest's stream configuration). */
enum smmuv3_sepid_model {
	/** A stage 2 of its own (the default): retrieves map into it. */
	SMMUV3_SEPID_MODEL_S2 = 0,
	/** A stage-1 domain of its own at SubstreamID 0 (stage-1 only
	 *  streams; the SEPID's ssid_bits give the CD table size). */
	SMMUV3_SEPID_MODEL_S1 = 1,
	/** A stage-1 domain of its own at SubstreamID 0, nested over the
	 *  proxy partition's stage 2 (smmuv3_sepid_set_proxy_s2()):
	 *  retrieves map into the stage 1, their addresses taken as the
	 *  proxy's IPAs. */
	SMMUV3_SEPID_MODEL_NESTED = 2,
	/** The proxy partition's stage 2 itself (smmuv3_sepid_set_proxy_s2()):
	 *  no isolation from the proxy, so FF-A memory management does not
	 *  apply (retrieve: SMMUV3_ERR_NOTSUP). */
	SMMUV3_SEPID_MODEL_SHARED_S2 = 3,
};

/** Most StreamIDs one endpoint may list. */
#define SMMUV3_SEPID_MAX_SIDS 16u
/** Most (proxy, instance) stage 2s a registry knows
 *  (smmuv3_sepid_set_proxy_s2()). */
#define SMMUV3_SEPID_MAX_PROXY_S2 8u
/** Constituent arrays larger than this must be sorted by address
 *  (disjointness is then checked in one pass). */
#define SMMUV3_SEPID_UNSORTED_MAX 256u

/** One stream endpoint as a manifest declares it (parser output). */
struct smmuv3_sepid_desc {
	/** debug-name (kept by pointer; may be NULL). */
	const char *name;
	/** The endpoint's FF-A ID (the SEPID). */
	uint16_t sepid;
	/** FF-A ID of the partition whose manifest declares it (its proxy). */
	uint16_t proxy;
	/** Index of its SMMU in the registry's instance array. */
	uint32_t smmu_id;
	/** Its StreamIDs (1..SMMUV3_SEPID_MAX_SIDS). */
	const uint32_t *sids;
	unsigned int n_sids;
	/** Substream configuration: SubstreamID bits (stage-1 models; 0
	 *  for stage 2). */
	unsigned int ssid_bits;
	/** Stream configuration. */
	enum smmuv3_sepid_model model;
	/** Window of IOVAs for virtually contiguous retrieves: [iova_base,
	 *  iova_base + iova_size), granule aligned; size 0: identity
	 *  retrieves only. */
	uint64_t iova_base, iova_size;
};

/** StreamIDs a partition's device or memory regions claim (static
 *  isolation): checked against every endpoint, never programmed here. */
struct smmuv3_sepid_region {
	/** Owning partition's FF-A ID. */
	uint16_t owner;
	uint32_t smmu_id;
	const uint32_t *sids;
	unsigned int n_sids;
};

/** Everything a registration checks at once. */
struct smmuv3_sepid_input {
	const struct smmuv3_sepid_desc *eps;
	unsigned int n_eps;
	const struct smmuv3_sepid_region *regions;
	unsigned int n_regions;
	/** Every partition ID of the system (no SEPID may equal one). */
	const uint16_t *partitions;
	unsigned int n_partitions;
};

/** What a claimant is, in a conflict report. */
enum smmuv3_sepid_claimant_kind {
	SMMUV3_SEPID_CLAIM_NONE = 0,
	SMMUV3_SEPID_CLAIM_EP = 1,        /**< input.eps[index] */
	SMMUV3_SEPID_CLAIM_REGION = 2,    /**< input.regions[index] */
	SMMUV3_SEPID_CLAIM_PARTITION = 3, /**< input.partitions[index] */
	/** an endpoint registered by an earlier call (registry index) */
	SMMUV3_SEPID_CLAIM_REGISTERED = 4,
};

/** One side of a conflict. */
struct smmuv3_sepid_claimant {
	enum smmuv3_sepid_claimant_kind kind;
	unsigned int index;
};

/** Why a registration failed: the input element at fault and, for a
 *  clash, the other claimant. */
struct smmuv3_sepid_conflict {
	/** The element that failed a check (an endpoint or region). */
	struct smmuv3_sepid_claimant first;
	/** What it clashes with (kind NONE when nothing else is involved). */
	struct smmuv3_sepid_claimant second;
	/** The StreamID in dispute (or out of range), if any. */
	uint32_t sid;
};

/** A registered endpoint. Caller-owned storage; private to the library. */
struct smmuv3_sepid_ep {
	struct smmuv3_sepid_desc desc;      /**< sids point into the registry */
	struct smmuv3 *smmu;
	unsigned int first_stream;          /**< index into the stream array */
	struct smmuv3_domain dom;           /**< its IOMMU page table */
	struct smmuv3_fault_handler fh;     /**< routes its events to the proxy */
	struct smmuv3_sepid_registry *reg;
	unsigned int n_handles;             /**< memory handles it holds */
	/** The proxy's stage 2 (nested and shared-stage-2 models), else
	 *  NULL. */
	struct smmuv3_domain *s2;
};

/** A StreamID held by a registered endpoint. Private to the library. */
struct smmuv3_sepid_stream {
	uint32_t smmu_id;
	uint32_t sid;
	unsigned int ep;                    /**< index of its endpoint */
};

/** An identity-mapped piece of a retrieved region. Private. */
struct smmuv3_sepid_range {
	uint64_t iova, size;
	uint32_t next;                      /**< next piece, or UINT32_MAX */
};

/** A memory handle a SEPID holds. Caller-owned storage; private. */
struct smmuv3_sepid_handle {
	uint64_t handle;
	uint64_t iova, size;                /**< contiguous: the whole region */
	uint32_t first_range;               /**< identity: its pieces */
	uint32_t n_ranges;
	unsigned int ep;
	uint32_t prot;
	bool used;
	bool identity;
	bool ns;                            /**< in the Non-secure IPA space */
};

/** A proxy partition's stage 2 on one instance. Private. */
struct smmuv3_sepid_proxy_s2 {
	uint16_t proxy;
	struct smmuv3_domain *s2;
};

/** The caller's arrays a registry keeps everything in. */
struct smmuv3_sepid_storage {
	struct smmuv3_sepid_ep *eps;
	unsigned int max_eps;
	struct smmuv3_sepid_stream *streams;
	unsigned int max_streams;
	struct smmuv3_sepid_handle *handles;
	unsigned int max_handles;
	/** Pieces of identity-mapped regions (adjacent constituents merge);
	 *  may be NULL with max_ranges 0 when only contiguous retrieves are
	 *  used. */
	struct smmuv3_sepid_range *ranges;
	uint32_t max_ranges;
};

/** A registry. Caller-owned storage; fields are private to the library. */
struct smmuv3_sepid_registry {
	struct smmuv3 *const *smmus;
	unsigned int n_smmus;
	struct smmuv3_sepid_storage st;
	unsigned int n_eps, n_streams;
	uint32_t free_range;                /**< free list head (UINT32_MAX) */
	uint32_t n_free_ranges;
	/** Receives events of every SEPID's streams with owner = its proxy. */
	smmuv3_event_fn *proxy_event;
	void *proxy_arg;
	/** Registered with smmuv3_fault_handler_register(). */
	bool handlers;
	/** CMD_SYNCs the last relinquish issued (for tests and benchmarks). */
	uint64_t last_syncs;
	/** Proxies' stage 2s for the nested and shared-stage-2 models. */
	struct smmuv3_sepid_proxy_s2 proxy_s2[SMMUV3_SEPID_MAX_PROXY_S2];
	unsigned int n_proxy_s2;
};

/** @name Retrieve flags (struct smmuv3_sepid_retrieve.flags) @{ */
/** Map at the constituents' own addresses (IOVA = PA), as static
 *  isolation expects; otherwise virtually contiguous in the window. */
#define SMMUV3_SEPID_F_IDENTITY SMMUV3_BIT(0)
/** The memory belongs to the Normal world (Non-secure PA space). On a
 *  Secure instance it is mapped in the SEPID's Non-secure IPA space,
 *  reached by the device's Non-secure transactions. */
#define SMMUV3_SEPID_F_NS SMMUV3_BIT(1)
/** Every flag defined. */
#define SMMUV3_SEPID_F_ALL (SMMUV3_SEPID_F_IDENTITY | SMMUV3_SEPID_F_NS)
/** @} */

/* An FF-A constituent is a struct smmuv3_phys_range (pgtable.h): its
 * address and its size in bytes (FF-A gives a page count; the SPMC
 * multiplies by 4 KiB). */

/** What a retrieve asks for besides the constituents. */
struct smmuv3_sepid_retrieve {
	/** SMMUV3_PROT_READ / _WRITE / _EXEC (no EXEC: execute-never). */
	uint32_t prot;
	/** SMMUV3_SEPID_F_*. */
	uint32_t flags;
};

/**
 * @brief Prepare an empty registry over the caller's storage.
 * @param smmus the SMMU instances a manifest's smmu-id indexes (each
 *        enabled before endpoints on it are registered).
 * @return 0; SMMUV3_ERR_INVAL for NULL pointers (an instance too),
 *         zero-sized endpoint, stream or handle arrays, ranges NULL with
 *         max_ranges set, or max_ranges UINT32_MAX (the list's end mark).
 */
int smmuv3_sepid_registry_init(struct smmuv3_sepid_registry *reg, struct smmuv3 *const *smmus,
			       unsigned int n_smmus, const struct smmuv3_sepid_storage *st);

/**
 * @brief Route events of every SEPID's streams to @p fn, with the proxy's
 *        ID as owner. Call before smmuv3_sepid_register(); @p fn NULL
 *        leaves events to the default handler.
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_STATE once endpoints exist.
 */
int smmuv3_sepid_set_event_handler(struct smmuv3_sepid_registry *reg, smmuv3_event_fn *fn,
				   void *arg);

/**
 * @brief Tell the registry the stage 2 of partition @p proxy on the
 *        instance of @p s2, for its SEPIDs of the nested and
 *        shared-stage-2 models. Call before registering them.
 *
 * The registry never maps into @p s2, never shares it and never destroys
 * it: the proxy's memory is the SPMC's business. Before a SEPID can be
 * nested over it or attached to it, the integrator shares it with the
 * SEPID, deliberately: smmuv3_domain_share(s2, sepid) (docs/ownership.md);
 * registration refuses otherwise. @p s2 must outlive those SEPIDs.
 *
 * @param s2 a stage-2 domain on one of the registry's instances; it
 *        replaces the proxy's stage 2 on that instance. NULL forgets
 *        every stage 2 of @p proxy.
 * @return 0; SMMUV3_ERR_INVAL for NULL @p reg, @p proxy 0 or a domain
 *         that is not stage 2; SMMUV3_ERR_STALE for a domain ended by
 *         smmuv3_teardown(); SMMUV3_ERR_NOENT when @p s2 is on none of the
 *         registry's instances; SMMUV3_ERR_BUSY while a registered SEPID
 *         uses the stage 2 being replaced or forgotten;
 *         SMMUV3_ERR_NOSPC beyond SMMUV3_SEPID_MAX_PROXY_S2. Nothing
 *         changes on failure.
 */
int smmuv3_sepid_set_proxy_s2(struct smmuv3_sepid_registry *reg, uint16_t proxy,
			      struct smmuv3_domain *s2);

/**
 * @brief Register every endpoint of @p in at once.
 *
 * Checked before anything is programmed, against the input and the
 * endpoints already registered: each endpoint's smmu_id names a known
 * instance and its StreamIDs lie in that instance's stream table; a
 * StreamID belongs to at most one endpoint or region; a SEPID equals no
 * partition ID and no other SEPID; model, ssid_bits and IOVA window are
 * usable; a nested or shared-stage-2 SEPID's proxy has a stage 2 on its
 * instance (smmuv3_sepid_set_proxy_s2()) shared with the SEPID. Then each
 * SEPID gets its own domain (stage 2, stage 1, or stage 1 nested over the
 * proxy's stage 2; none for shared stage 2), its StreamIDs claimed (owner
 * = the SEPID) and attached (to the proxy's stage 2 for shared stage 2),
 * and its events routed to its proxy.
 *
 * @param conflict may be NULL; on failure names the input element at fault
 *        (first) and, for a clash, the other claimant (second); zeroed
 *        when no element is to blame (NULL arrays, NOSPC).
 * @return 0; SMMUV3_ERR_INVAL for NULL or malformed input (no StreamIDs,
 *         too many, a bad model); SMMUV3_ERR_NOENT for an unknown smmu_id;
 *         SMMUV3_ERR_RANGE for a StreamID beyond the stream table;
 *         SMMUV3_ERR_EXISTS for a StreamID or SEPID claimed twice (both
 *         claimants in @p conflict); SMMUV3_ERR_ALIGN for an unaligned IOVA
 *         window; SMMUV3_ERR_OVERFLOW for one that wraps (SMMUV3_ERR_RANGE
 *         beyond the domain's input size); SMMUV3_ERR_STATE for an instance
 *         not enabled; SMMUV3_ERR_NOTSUP for a model the instance cannot
 *         translate (stage 2, stage 1, or both for nested); for the nested
 *         and shared-stage-2 models SMMUV3_ERR_NOENT when the proxy has no
 *         stage 2 on the instance, SMMUV3_ERR_PERM when that stage 2 is
 *         not shared with the SEPID, SMMUV3_ERR_INVAL for a shared-stage-2
 *         SEPID with substream bits or an IOVA window; SMMUV3_ERR_NOSPC beyond
 *         the registry's arrays; or an error of the domain and stream
 *         calls (then everything this call did is undone). A failed
 *         registration changes nothing.
 */
int smmuv3_sepid_register(struct smmuv3_sepid_registry *reg, const struct smmuv3_sepid_input *in,
			  struct smmuv3_sepid_conflict *conflict);

/**
 * @brief Is @p id a registered SEPID, and who is its proxy?
 * @return true and *proxy (may be NULL) when it is.
 */
bool smmuv3_sepid_lookup(const struct smmuv3_sepid_registry *reg, uint16_t id, uint16_t *proxy);

/**
 * @brief Which SEPID holds StreamID @p sid of SMMU @p smmu_id?
 * @return 0 with *sepid and *proxy (either may be NULL); SMMUV3_ERR_NOENT
 *         when no registered endpoint holds it; SMMUV3_ERR_INVAL.
 */
int smmuv3_sepid_owner_of(const struct smmuv3_sepid_registry *reg, uint32_t smmu_id,
			  uint32_t sid, uint16_t *sepid, uint16_t *proxy);

/**
 * @brief The SEPID's domain (its IOMMU page table), for callers that map
 *        static regions at boot: for the nested model its stage 1, for
 *        the shared-stage-2 model the proxy's stage 2. NULL for an
 *        unknown SEPID.
 */
struct smmuv3_domain *smmuv3_sepid_domain(struct smmuv3_sepid_registry *reg, uint16_t sepid);

/**
 * @brief FFA_MEM_RETRIEVE on behalf of @p sepid by partition @p caller:
 *        map the region's constituents into the SEPID's table, all or
 *        nothing.
 *
 * Virtually contiguous (default): the constituents are laid out in order
 * from one IOVA taken from the SEPID's window (2 MiB aligned for regions of
 * 2 MiB or more, so aligned constituents become blocks). Identity
 * (SMMUV3_SEPID_F_IDENTITY): each constituent at its own address.
 * Everything is checked before the first map; a map failure at
 * constituent k unmaps constituents 0..k-1 (one CMD_SYNC) and frees what
 * was taken. @p cons is hostile input: read only, never trusted.
 *
 * @param iova receives the region's IOVA (its lowest address for
 *        identity; may be NULL).
 * @return 0; SMMUV3_ERR_NOENT for an unknown SEPID; SMMUV3_ERR_PERM when
 *         @p caller is not its proxy; SMMUV3_ERR_BUSY when the SEPID
 *         already holds @p handle; SMMUV3_ERR_INVAL for NULL, n = 0, a
 *         zero-sized constituent, unknown flags or prot, or more than
 *         SMMUV3_SEPID_UNSORTED_MAX constituents not sorted by address;
 *         SMMUV3_ERR_ALIGN for an unaligned address or size;
 *         SMMUV3_ERR_OVERFLOW for a range or total that wraps;
 *         SMMUV3_ERR_OVERLAP for constituents that overlap;
 *         SMMUV3_ERR_NOTSUP for Normal-world memory on a Secure instance
 *         unless the SEPID has its own stage 2 (which maps it in its
 *         Non-secure IPA space table, see docs/sepid.md) or a SEPID of the shared-stage-2 model (its
 *         page table is the proxy's); SMMUV3_ERR_WINDOW when the IOVA window has
 *         no free run that large; SMMUV3_ERR_NOSPC when the handle or range
 *         arrays are full; a map error (SMMUV3_ERR_EXISTS, _RANGE, _NOMEM)
 *         or command error. Nothing is changed on failure.
 */
int smmuv3_sepid_retrieve(struct smmuv3_sepid_registry *reg, uint16_t sepid, uint16_t caller,
			  uint64_t handle, const struct smmuv3_phys_range *cons, size_t n,
			  const struct smmuv3_sepid_retrieve *req, uint64_t *iova);

/**
 * @brief FFA_MEM_RELINQUISH on behalf of @p sepid by @p caller: unmap the
 *        whole region with exactly one CMD_SYNC. When it returns 0 the
 *        SEPID's devices can no longer reach the memory.
 * @return 0; SMMUV3_ERR_NOENT for an unknown SEPID or a handle it does not
 *         hold; SMMUV3_ERR_PERM when @p caller is not its proxy; a command
 *         error (the region is unmapped and forgotten; the domain owes a
 *         whole-tag invalidation, paid by its next call, so the caller
 *         must not hand the memory back before a later call succeeds).
 */
int smmuv3_sepid_relinquish(struct smmuv3_sepid_registry *reg, uint16_t sepid, uint16_t caller,
			    uint64_t handle);

/**
 * @brief Does any SEPID hold @p handle? (An SPMC refuses the lender's
 *        FFA_MEM_RECLAIM while one does.)
 * @return true and *sepid (may be NULL) when one does.
 */
bool smmuv3_sepid_handle_held(const struct smmuv3_sepid_registry *reg, uint64_t handle,
			      uint16_t *sepid);

/**
 * @brief Relinquish every handle @p sepid holds (a SEPID or its proxy
 *        going away); with @p sepid a partition ID, every handle of every
 *        SEPID it is proxy for. One CMD_SYNC per SEPID.
 * @return handles relinquished (>= 0); SMMUV3_ERR_INVAL; the first command
 *         error (handles are forgotten anyway, as for relinquish).
 */
int smmuv3_sepid_relinquish_all(struct smmuv3_sepid_registry *reg, uint16_t id);

/**
 * @brief Take everything down: relinquish every handle, then for each
 *        SEPID unregister its event handler, detach and release its
 *        streams and destroy its domain. The registry is empty afterwards
 *        (ready for smmuv3_sepid_register() again).
 * @return 0; SMMUV3_ERR_INVAL; the first error met (every step is still
 *         tried; a domain that could not be destroyed keeps its VMID).
 */
int smmuv3_sepid_registry_fini(struct smmuv3_sepid_registry *reg);

#endif /* SMMUV3_SEPID_H */
