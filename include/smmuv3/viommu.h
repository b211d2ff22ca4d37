/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file viommu.h
 * @brief A virtual IOMMU for partitions: the paravirtual dispatcher and
 *        the virtio-iommu backend, both over one transport-neutral core.
 *
 * The SPMC (or hypervisor) owns the SMMU; partitions manage their
 * devices' address spaces through calls it forwards here. The core keeps
 * per-partition objects in storage the integrator provides (no heap):
 * the streams each partition may manage (registered by the integrator),
 * address spaces (library stage-1 domains), the mappings made in them and
 * the faults waiting to be fetched. Every output address a partition
 * passes is checked with the integrator's may_access callback; a
 * partition never reaches another partition's streams, address spaces,
 * ASIDs or events.
 *
 * @code
 *   struct smmuv3_viommu v;
 *   struct smmuv3_viommu_cfg c = { .smmu = &smmu, .may_access = owns,
 *       .streams = st, .n_streams = 8, .as = as, .n_as = 8,
 *       .maps = mp, .n_maps = 256, .events = ev, .n_events = 32 };
 *   smmuv3_viommu_init(&v, &c);
 *   smmuv3_viommu_add_stream(&v, PART, 0x10, 1, 0, SMMUV3_VIOMMU_S_HYP_S1, NULL);
 *   // SMC handler:
 *   status = smmuv3_viommu_call(&v, caller, func, args, res);
 *   // virtio-iommu request virtqueue:
 *   smmuv3_viommu_virtio_request(&v, caller, req, req_len, resp, cap, &used);
 * @endcode
 *
 * The ABI (function IDs, registers, status codes, virtio deviations) is
 * in docs/viommu.md. Calls on one instance are serialised by the caller.
 */
#ifndef SMMUV3_VIOMMU_H
#define SMMUV3_VIOMMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/bits.h>
#include <smmuv3/domain.h>
#include <smmuv3/evtq.h>

struct smmuv3;

/* ---- Paravirtual ABI ------------------------------------------------------ */

/** ABI version reported by SMMUV3_VIOMMU_FN_VERSION: major. */
#define SMMUV3_VIOMMU_VERSION_MAJOR 1u
/** ABI version: minor (additions that old callers can ignore). */
#define SMMUV3_VIOMMU_VERSION_MINOR 0u

/** Function IDs (the @c func argument of smmuv3_viommu_call()). */
enum smmuv3_viommu_fn {
	SMMUV3_VIOMMU_FN_VERSION = 0x00,      /**< -> res0 = major << 16 | minor */
	SMMUV3_VIOMMU_FN_FEATURES = 0x01,     /**< (endpoint) -> res0..3 */
	SMMUV3_VIOMMU_FN_AS_CREATE = 0x10,    /**< () -> res0 = handle */
	SMMUV3_VIOMMU_FN_AS_DESTROY = 0x11,   /**< (handle) */
	SMMUV3_VIOMMU_FN_ATTACH = 0x12,       /**< (handle, endpoint, ssid) */
	SMMUV3_VIOMMU_FN_DETACH = 0x13,       /**< (handle, endpoint, ssid) */
	SMMUV3_VIOMMU_FN_MAP = 0x14,          /**< (handle, iova, pa, size, prot) */
	SMMUV3_VIOMMU_FN_UNMAP = 0x15,        /**< (handle, iova, size) -> res0 = bytes */
	SMMUV3_VIOMMU_FN_CDTAB_SET = 0x20,    /**< (endpoint, table address, bytes) */
	SMMUV3_VIOMMU_FN_CDTAB_CLEAR = 0x21,  /**< (endpoint) */
	SMMUV3_VIOMMU_FN_CD_INVAL = 0x22,     /**< (endpoint, ssid, all) */
	SMMUV3_VIOMMU_FN_TLBI_ASID = 0x23,    /**< (endpoint, asid) */
	SMMUV3_VIOMMU_FN_TLBI_VA = 0x24,      /**< (endpoint, asid, va, size) */
	SMMUV3_VIOMMU_FN_FAULT_FETCH = 0x30,  /**< () -> res0..3 = fault record */
};

/* Status codes of the paravirtual ABI (stable; docs/viommu.md). */
#define SMMUV3_VIOMMU_OK 0                /**< done */
#define SMMUV3_VIOMMU_E_NOTSUP (-1)       /**< unknown function or not offered */
#define SMMUV3_VIOMMU_E_INVAL (-2)        /**< malformed argument or nonzero unused one */
#define SMMUV3_VIOMMU_E_MEM_DENIED (-3)   /**< the integrator refused the output range */
#define SMMUV3_VIOMMU_E_NO_STREAM (-4)    /**< endpoint not managed by the caller */
#define SMMUV3_VIOMMU_E_NO_AS (-5)        /**< address-space handle not the caller's */
#define SMMUV3_VIOMMU_E_NO_ASID (-6)      /**< ASID beyond the SMMU's */
#define SMMUV3_VIOMMU_E_MODEL (-7)        /**< stage-1 model not allowed, or another in use */
#define SMMUV3_VIOMMU_E_RANGE (-8)        /**< address, size or SubstreamID out of range */
#define SMMUV3_VIOMMU_E_ALIGN (-9)        /**< not aligned to the granule */
#define SMMUV3_VIOMMU_E_EXISTS (-10)      /**< already mapped / attached */
#define SMMUV3_VIOMMU_E_NOENT (-11)       /**< not attached */
#define SMMUV3_VIOMMU_E_BUSY (-12)        /**< address space still attached */
#define SMMUV3_VIOMMU_E_NOSPC (-13)       /**< no free address space, mapping or ID */
#define SMMUV3_VIOMMU_E_NOMEM (-14)       /**< no memory for page tables */
#define SMMUV3_VIOMMU_E_RESERVED (-15)    /**< IOVA range overlaps a reserved region */
#define SMMUV3_VIOMMU_E_TABLE (-16)       /**< CD table too small or misaligned */
#define SMMUV3_VIOMMU_E_HW (-17)          /**< the SMMU failed a command */
#define SMMUV3_VIOMMU_E_NO_EVENT (-18)    /**< no fault waiting */
#define SMMUV3_VIOMMU_E_SPLIT (-19)       /**< the unmap would split a mapping */

/* MAP prot argument. */
#define SMMUV3_VIOMMU_PROT_READ SMMUV3_BIT(0)   /**< device may read */
#define SMMUV3_VIOMMU_PROT_WRITE SMMUV3_BIT(1)  /**< device may write */
#define SMMUV3_VIOMMU_PROT_EXEC SMMUV3_BIT(2)   /**< instruction fetches */
#define SMMUV3_VIOMMU_PROT_MMIO SMMUV3_BIT(3)   /**< Device-nGnRE memory type */

/* FEATURES res0 fields. */
#define SMMUV3_VIOMMU_FEAT0_GRANULES SMMUV3_GENMASK(7, 0)  /**< bit0 4K, bit1 16K, bit2 64K */
#define SMMUV3_VIOMMU_FEAT0_IAS SMMUV3_GENMASK(15, 8)      /**< stage-1 input bits */
#define SMMUV3_VIOMMU_FEAT0_OAS SMMUV3_GENMASK(23, 16)     /**< stage-1 output bits */
#define SMMUV3_VIOMMU_FEAT0_SSID SMMUV3_GENMASK(31, 24)    /**< SubstreamID bits */
#define SMMUV3_VIOMMU_FEAT0_ASID SMMUV3_GENMASK(39, 32)    /**< ASID bits */
#define SMMUV3_VIOMMU_FEAT0_MODELS SMMUV3_GENMASK(47, 40)  /**< SMMUV3_VIOMMU_S_* */
#define SMMUV3_VIOMMU_FEAT0_LEVELS SMMUV3_GENMASK(55, 48)  /**< levels of managed tables */
#define SMMUV3_VIOMMU_FEAT0_GRANULE SMMUV3_GENMASK(63, 56) /**< log2 granule of managed tables */

/* FAULT_FETCH res0 fields (res1 = endpoint | ssid << 32, res2 = address,
 * res3 = IPA of a stage-2 fault). */
#define SMMUV3_VIOMMU_FLT_TYPE SMMUV3_GENMASK(7, 0)  /**< SMMU event number */
#define SMMUV3_VIOMMU_FLT_SSV SMMUV3_BIT(8)          /**< ssid valid */
#define SMMUV3_VIOMMU_FLT_READ SMMUV3_BIT(9)         /**< read (else write) */
#define SMMUV3_VIOMMU_FLT_EXEC SMMUV3_BIT(10)        /**< instruction fetch */
#define SMMUV3_VIOMMU_FLT_PRIV SMMUV3_BIT(11)        /**< privileged */
#define SMMUV3_VIOMMU_FLT_S2 SMMUV3_BIT(12)          /**< stage-2 fault */
#define SMMUV3_VIOMMU_FLT_ADDR SMMUV3_BIT(13)        /**< res2 holds the address */
#define SMMUV3_VIOMMU_FLT_LOST SMMUV3_BIT(14)        /**< faults of this endpoint were dropped */
#define SMMUV3_VIOMMU_FLT_ACCESS SMMUV3_BIT(15)      /**< READ/EXEC/PRIV are meaningful */

/* ---- Integrator configuration -------------------------------------------- */

/* What a partition may do with a registered stream (also FEATURES models). */
/** Hafnium-managed stage 1: address spaces built by the library. */
#define SMMUV3_VIOMMU_S_HYP_S1 SMMUV3_BIT(0)
/** Partition-controlled stage 1: the partition's own CD table, nested
 *  over the stream's stage 2 (refused at registration without one). */
#define SMMUV3_VIOMMU_S_PART_S1 SMMUV3_BIT(1)
/** Faults of the stream are queued for its partition. */
#define SMMUV3_VIOMMU_S_FAULTS SMMUV3_BIT(2)
/** Reported by FEATURES only: the stream is nested, stage-1 output
 *  addresses are the partition's IPAs. */
#define SMMUV3_VIOMMU_S_NESTED SMMUV3_BIT(3)

/**
 * "May partition @p part make a device access [addr, addr+size) with
 * @p prot (SMMUV3_PROT_* bits)?" addr is what the partition names: its
 * IPA when the stream is nested, a PA otherwise. size > 0 and
 * addr + size does not wrap.
 */
typedef bool smmuv3_viommu_access_fn(void *arg, uint16_t part, uint64_t addr, uint64_t size,
				     uint32_t prot);

/** A fault was queued for @p part (raise its virtual interrupt or
 *  FF-A notification). Called from smmuv3_viommu_fault(). */
typedef void smmuv3_viommu_notify_fn(void *arg, uint16_t part);

/** One stream a partition may manage. Storage for the library. */
struct smmuv3_viommu_stream {
	bool used;
	uint16_t part;          /**< managing partition */
	uint32_t sid;           /**< StreamID */
	uint32_t endpoint;      /**< ID the partition uses (virtio endpoint) */
	uint8_t ssid_bits;      /**< SubstreamID bits the partition may use */
	uint32_t flags;         /**< SMMUV3_VIOMMU_S_* */
	struct smmuv3_domain *nest; /**< partition's stage 2, or NULL */
	unsigned int n_att;     /**< Hafnium-managed attachments */
	bool cdtab;             /**< a partition CD table is installed */
	bool lost;              /**< a fault of this stream was dropped */
};

/** One address space. Storage for the library. */
struct smmuv3_viommu_as {
	bool used;
	bool virtio;            /**< created by a virtio ATTACH */
	uint16_t part;          /**< owning partition */
	uint32_t vid;           /**< virtio domain ID */
	uint32_t gen;           /**< bumped on reuse: stale handles miss */
	struct smmuv3_domain dom;
};

/** One mapping made by one MAP call. Storage for the library. */
struct smmuv3_viommu_mapping {
	bool used;
	uint16_t as;            /**< index in the address-space array */
	uint64_t iova, size;
};

/** One queued fault. Storage for the library. */
struct smmuv3_viommu_fault_rec {
	bool used;
	uint16_t part;
	uint16_t stream;        /**< index in the stream array */
	uint64_t seq;
	uint64_t w0, addr, ipa; /**< FAULT_FETCH res0 (without LOST), res2, res3 */
	uint32_t ssid;
};

/** virtio-iommu reserved-region subtypes (PROBE RESV_MEM). */
enum smmuv3_viommu_resv_type {
	SMMUV3_VIOMMU_RESV_RESERVED = 0, /**< never mappable */
	SMMUV3_VIOMMU_RESV_MSI = 1,      /**< MSI doorbell, never mappable */
};

/** An IOVA range partitions may not map (every stream, inclusive end). */
struct smmuv3_viommu_resv {
	uint64_t start, end;
	enum smmuv3_viommu_resv_type type;
};

/** Configuration of an instance: the SMMU, the callbacks, the storage. */
struct smmuv3_viommu_cfg {
	struct smmuv3 *smmu;                 /**< enabled instance */
	smmuv3_viommu_access_fn *may_access; /**< required */
	smmuv3_viommu_notify_fn *notify;     /**< may be NULL */
	void *arg;                           /**< for both callbacks */
	struct smmuv3_viommu_stream *streams;
	unsigned int n_streams;
	struct smmuv3_viommu_as *as;
	unsigned int n_as;                   /**< at most 65535 */
	struct smmuv3_viommu_mapping *maps;
	unsigned int n_maps;
	struct smmuv3_viommu_fault_rec *events;
	unsigned int n_events;               /**< 0: faults are not queued */
	const struct smmuv3_viommu_resv *resv; /**< copied by reference */
	unsigned int n_resv;
};

/** An instance. Caller-owned storage; fields are private. */
struct smmuv3_viommu {
	struct smmuv3_viommu_cfg cfg;
	struct smmuv3_domain_cfg dcfg;  /**< of every address space */
	uint64_t seq;
	uint64_t faults_dropped;        /**< evicted or unqueued faults */
	bool ready;
};

/**
 * @brief Set up an instance over an enabled SMMU with stage 1. Clears
 *        the storage arrays.
 * @return 0; SMMUV3_ERR_INVAL for NULL pointers, missing arrays,
 *         n_as > 65535 or an inverted reserved region; SMMUV3_ERR_STATE
 *         unless the SMMU is enabled; SMMUV3_ERR_NOTSUP without stage 1.
 */
int smmuv3_viommu_init(struct smmuv3_viommu *v, const struct smmuv3_viommu_cfg *cfg);

/**
 * @brief Let partition @p part manage StreamID @p sid, which it names
 *        @p endpoint. The stream is claimed for @p part (owner = part).
 * @param ssid_bits SubstreamID bits the partition may use (at most the
 *        SMMU's).
 * @param flags SMMUV3_VIOMMU_S_HYP_S1 / _PART_S1 / _FAULTS.
 * @param nest the partition's stage-2 domain the stream nests under, or
 *        NULL (stage 1 only); required with SMMUV3_VIOMMU_S_PART_S1,
 *        whose tables the library cannot check otherwise.
 * @return 0; SMMUV3_ERR_INVAL (unknown flag, PART_S1 without nest, nest
 *         not a stage-2 domain); SMMUV3_ERR_RANGE for ssid_bits;
 *         SMMUV3_ERR_EXISTS when the SID or endpoint is registered;
 *         SMMUV3_ERR_NOSPC when the stream array is full; a claim error.
 */
int smmuv3_viommu_add_stream(struct smmuv3_viommu *v, uint16_t part, uint32_t sid,
			     uint32_t endpoint, unsigned int ssid_bits, uint32_t flags,
			     struct smmuv3_domain *nest);

/**
 * @brief Forget everything partition @p part built (its reboot, or a
 *        virtio device reset): detach and destroy its address spaces,
 *        remove its CD tables, drop its queued faults. Its streams stay
 *        registered, aborting.
 * @return 0; SMMUV3_ERR_INVAL; the first library error met (the rest is
 *         still undone; call again to retry what failed).
 */
int smmuv3_viommu_reset_partition(struct smmuv3_viommu *v, uint16_t part);

/**
 * @brief Reset every partition and release every registered stream.
 * @return 0; SMMUV3_ERR_INVAL; the first library error met.
 */
int smmuv3_viommu_fini(struct smmuv3_viommu *v);

/**
 * @brief The paravirtual dispatcher.
 * @param caller partition ID (trusted: from the SPMC).
 * @param func an enum smmuv3_viommu_fn value (untrusted).
 * @param args seven untrusted arguments; those a function does not use
 *        must be 0.
 * @param[out] res four results, zeroed on entry.
 * @return SMMUV3_VIOMMU_OK or a SMMUV3_VIOMMU_E_* status (docs/viommu.md).
 */
int smmuv3_viommu_call(struct smmuv3_viommu *v, uint16_t caller, uint32_t func,
		       const uint64_t args[7], uint64_t res[4]);

/**
 * @brief Queue @p ev for the partition managing its stream (if it asked
 *        for faults) and call the notify hook. When the queue is full,
 *        the oldest fault of the partition holding the most is dropped.
 * @return 1 queued; 0 not for a managed stream with fault forwarding;
 *         SMMUV3_ERR_INVAL.
 */
int smmuv3_viommu_fault(struct smmuv3_viommu *v, const struct smmuv3_event *ev);

/**
 * @brief A struct smmuv3_fault_handler event function (arg: the
 *        struct smmuv3_viommu) that queues with smmuv3_viommu_fault();
 *        stalled transactions are aborted.
 * @return SMMUV3_STALL_ABORT.
 */
enum smmuv3_stall_action smmuv3_viommu_event_handler(void *arg, const struct smmuv3_event *ev,
						     uint32_t owner, bool owned);

/* ---- virtio-iommu backend ------------------------------------------------- */

/** Size of struct virtio_iommu_config as the device presents it. */
#define SMMUV3_VIOMMU_VIRTIO_CONFIG_BYTES 40u
/** Size of one fault report (struct virtio_iommu_fault). */
#define SMMUV3_VIOMMU_VIRTIO_FAULT_BYTES 24u

/** Feature bits offered (VIRTIO_IOMMU_F_INPUT_RANGE, _DOMAIN_RANGE,
 *  _MAP_UNMAP, _PROBE, _MMIO). */
#define SMMUV3_VIOMMU_VIRTIO_FEATURES UINT64_C(0x37)

/**
 * @brief The device configuration space (little-endian, 40 bytes):
 *        page_size_mask, input_range, domain_range, probe_size, bypass 0.
 * @return 0; SMMUV3_ERR_INVAL.
 */
int smmuv3_viommu_virtio_config(const struct smmuv3_viommu *v,
				uint8_t cfg[SMMUV3_VIOMMU_VIRTIO_CONFIG_BYTES]);

/**
 * @brief Handle one request of the request virtqueue for @p caller.
 * @param req the device-readable part (head and request fields, and for
 *        PROBE its 64 reserved bytes).
 * @param resp the device-writable part (tail, or properties + tail).
 * @param[out] resp_len bytes written to @p resp: the used length. 0 when
 *        the request could not be parsed (unknown type, too short, no
 *        room for the tail), as the specification asks.
 * @return 0 when a status was written (the status itself is in the
 *         tail); SMMUV3_ERR_INVAL for NULL pointers; 1 when nothing was
 *         written.
 */
int smmuv3_viommu_virtio_request(struct smmuv3_viommu *v, uint16_t caller, const void *req,
				 size_t req_len, void *resp, size_t resp_cap, size_t *resp_len);

/**
 * @brief Take @p caller's oldest queued fault as a virtio-iommu fault
 *        report (24 bytes) for its event virtqueue.
 * @return 1 when written; 0 when none is queued; SMMUV3_ERR_INVAL for
 *         NULL pointers or @p cap below 24 bytes (nothing is taken).
 */
int smmuv3_viommu_virtio_fault(struct smmuv3_viommu *v, uint16_t caller, void *buf,
			       size_t cap);

#endif /* SMMUV3_VIOMMU_H */
