/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file smmuv3.h
 * @brief libsmmuv3: one SMMUv3 instance, from probe to teardown.
 *
 * Typical use:
 * @code
 *   static struct smmuv3 smmu;     // storage: SMMUV3_INSTANCE_SIZE bytes
 *   struct smmuv3_config cfg;
 *   smmuv3_config_default(&cfg);
 *   cfg.base = 0x09050000; cfg.port = &my_port;
 *   int rc = smmuv3_init(&smmu, &cfg);
 *   if (!rc) rc = smmuv3_probe(&smmu);
 *   if (!rc) rc = smmuv3_reset(&smmu);   // SMMU enabled, all streams abort
 *   ...
 *   smmuv3_teardown(&smmu);
 * @endcode
 *
 * The instance is caller-owned storage; the library keeps no globals, so
 * any number of SMMUs can be driven at once. Calls on one instance are
 * serialised by the caller except where docs/locking.md says otherwise.
 */
#ifndef SMMUV3_SMMUV3_H
#define SMMUV3_SMMUV3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The front door: the integrator's API. Hardware-level headers
 * (register layouts, STE/CD/command encodings, raw stream configuration,
 * event record layouts) are under smmuv3/hw/ and are not included here. */
#include <smmuv3/config.h>
#include <smmuv3/errors.h>
#include <smmuv3/port.h>
#include <smmuv3/features.h>
#include <smmuv3/fdt.h>
#include <smmuv3/pgtable.h>
#include <smmuv3/stream.h>
#include <smmuv3/domain.h>
#include <smmuv3/evtq.h>
#include <smmuv3/sepid.h>
#include <smmuv3/viommu.h>

/** How the library treats the coherency of the SMMU's memory accesses. */
enum smmuv3_coherency {
	/** Trust IDR0.COHACC. */
	SMMUV3_COHERENCY_AUTO = 0,
	/** Treat the SMMU as non-coherent even if COHACC says otherwise
	 *  (the integrator knows the interconnect does not snoop). */
	SMMUV3_COHERENCY_FORCE_NONCOHERENT = 1,
};

/** How the SMMU's interrupts are delivered. */
enum smmuv3_irq_mode {
	/** No interrupts: the integrator polls (smmuv3_poll()). */
	SMMUV3_IRQ_MODE_POLL = 0,
	/** Wired interrupts registered through smmuv3_port_irq_register(). */
	SMMUV3_IRQ_MODE_WIRED = 1,
	/** Message-signalled interrupts written to msi_addr/msi_data. */
	SMMUV3_IRQ_MODE_MSI = 2,
};

/** One MSI target (IRQ_CFG0/1/2). */
struct smmuv3_msi_target {
	uint64_t addr;   /**< doorbell physical address (4-byte aligned) */
	uint32_t data;   /**< payload */
};


/**
 * @brief What the integrator tells the library about one SMMU.
 * Fill with smmuv3_config_default() first, then set what differs.
 */
struct smmuv3_config {
	/** CPU address at which register page 0 is mapped (page 1 follows). */
	uintptr_t base;
	/** Port context handed to every port hook (may be NULL if the port
	 *  needs none). */
	void *port;
	/** Short name used in log lines ("smmu0"). */
	const char *name;
	/** Drive the Secure programming interface (S_ registers); requires
	 *  S_IDR1.SECURE_IMPL. Hafnium at S-EL2 sets this. */
	bool secure;
	/** Coherency override. */
	enum smmuv3_coherency coherency;
	/** Command queue size, log2 entries; 0 for the default. Capped by
	 *  IDR1.CMDQS. */
	unsigned int cmdq_log2;
	/** Event queue size, log2 entries; 0 for the default. */
	unsigned int evtq_log2;
	/** PRI queue size, log2 entries; 0 for the default. */
	unsigned int priq_log2;
	/** Limit on every wait for the SMMU, microseconds; 0 for default. */
	uint32_t timeout_us;
	/** StreamID bits actually used on this platform; 0 for all the SMMU
	 *  supports. Bounds the stream table. */
	unsigned int sid_bits;
	/** Tables covering more StreamID bits than this are two-level (when
	 *  the SMMU supports it). */
	unsigned int strtab_linear_max_bits;
	/** The StreamIDs that exist (n_sids ranges; DT iommu-map, manifests,
	 *  explicit). When given and sid_bits is 0, the table covers the
	 *  highest declared StreamID (up to SIDSIZE) instead of the default
	 *  16 bits. Must stay valid while the instance exists (reset and
	 *  smmuv3_strtab_memory() read it). */
	const struct smmuv3_sid_range *sids;
	unsigned int n_sids;
	/** Level-2 span of a two-level table in StreamID bits: 6, 8 or 10
	 *  (4, 16 or 64 KiB level-2 tables); 0 for 8, the only one QEMU
	 *  accepts; SMMUV3_STRTAB_SPLIT_BEST for the one needing the least
	 *  memory for the declared StreamIDs. */
	unsigned int strtab_split;
	/** Unconfigured streams bypass instead of abort (costs a fully
	 *  populated table; see docs/stream-table.md). */
	bool bypass_unconfigured;
	/** Interrupt delivery. */
	enum smmuv3_irq_mode irq_mode;
	/** MSI targets for SMMUV3_IRQ_MODE_MSI: event, PRI, GERROR. */
	struct smmuv3_msi_target msi_evtq, msi_priq, msi_gerror;
	/** Let the SMMU take part in the CPUs' broadcast TLB maintenance:
	 *  when set and IDR0.BTM = 1, reset clears CR2.PTM and domains may
	 *  use SMMUV3_INVAL_BROADCAST. Otherwise PTM stays set (the SMMU may
	 *  ignore broadcast TLBIs) and that policy is refused
	 *  (docs/domains.md). Instance-wide: PTM covers every stream. */
	bool broadcast_tlbi;
};

/** Life cycle of an instance. */
enum smmuv3_state {
	SMMUV3_STATE_UNINIT = 0, /**< storage not initialised */
	SMMUV3_STATE_INIT,       /**< smmuv3_init() done */
	SMMUV3_STATE_PROBED,     /**< features known, SMMU untouched */
	SMMUV3_STATE_ENABLED,    /**< tables and queues live, SMMUEN set */
	SMMUV3_STATE_FAILED,     /**< service failure mode: reset required */
};

/** Bytes of storage one instance takes (struct smmuv3). Published so the
 *  caller can allocate it; fixed, with room to spare, so that the
 *  library's internals can change without changing it. */
#define SMMUV3_INSTANCE_SIZE 1280u

/**
 * @brief One SMMU: storage the caller allocates (statically, on the
 *        stack or inside its own objects) and hands to smmuv3_init().
 *        Its contents are private to the library: read them through the
 *        accessors below, never copy or move an initialised instance.
 */
struct smmuv3 {
	uint64_t opaque[SMMUV3_INSTANCE_SIZE / sizeof(uint64_t)];
};

/**
 * @brief Fill @p cfg with the library defaults (base and port left 0).
 */
void smmuv3_config_default(struct smmuv3_config *cfg);

/**
 * @brief Initialise @p smmu from @p cfg. Touches no register.
 * @return 0; SMMUV3_ERR_INVAL for NULL pointers, a zero base, queue
 *         sizes above the architectural maximum, a StreamID range with
 *         first > last (or ranges without storage), or a strtab_split
 *         other than 0, SMMUV3_STRTAB_SPLIT_BEST, 6, 8 or 10.
 */
int smmuv3_init(struct smmuv3 *smmu, const struct smmuv3_config *cfg);

/**
 * @brief Read and decode the ID registers. Changes no SMMU state.
 * @return 0; SMMUV3_ERR_STATE unless freshly initialised or probed;
 *         SMMUV3_ERR_BADHW for an impossible SMMU; SMMUV3_ERR_NOTSUP when
 *         the SMMU lacks what the library needs (AArch64 tables, or the
 *         Secure interface when cfg.secure is set).
 */
int smmuv3_probe(struct smmuv3 *smmu);

/**
 * @brief Reset the SMMU and bring it up: disable, GBPA abort, allocate and
 *        program the stream table and queues, invalidate all caches, then
 *        set SMMUEN. Every stream aborts until configured (or bypasses if
 *        cfg.bypass_unconfigured).
 *
 * The SMMU may be in any state an earlier boot stage left: enabled,
 * interrupts on, global errors (a halted command queue) or overflows
 * pending. Nothing of it is adopted but the ID registers and GBPA's
 * attribute fields: stale GERROR bits are acknowledged (and logged), the
 * tables and queues replaced, every cache invalidated by command
 * (docs/architecture.md, "Handover from an earlier stage").
 *
 * On failure the SMMU is left disabled with GBPA aborting, every
 * allocation is freed, and the instance returns to the PROBED state.
 *
 * @return 0; SMMUV3_ERR_STATE unless probed; SMMUV3_ERR_NOMEM;
 *         SMMUV3_ERR_TIMEOUT when an acknowledgement never comes;
 *         a command error code if the initial invalidation fails.
 */
int smmuv3_reset(struct smmuv3 *smmu);

/**
 * @brief Disable the SMMU (GBPA abort, SMMUEN off) and free everything the
 *        library allocated. Safe on an instance in any state. Live domains
 *        are ended: their tables are freed and every later call on them
 *        returns SMMUV3_ERR_STALE (smmuv3_domain_destroy() then only
 *        forgets the handle and returns 0). Stream claims end with the
 *        stream table (docs/ownership.md).
 * @return 0, or SMMUV3_ERR_TIMEOUT if the SMMU did not acknowledge the
 *         disable (memory is still freed: the caller must then assume
 *         the SMMU may still read it and not reuse it for DMA).
 */
int smmuv3_teardown(struct smmuv3 *smmu);

/** @brief Features decoded by smmuv3_probe(), or NULL before it. */
const struct smmuv3_features *smmuv3_features(const struct smmuv3 *smmu);

/** @brief Current life-cycle state. */
enum smmuv3_state smmuv3_get_state(const struct smmuv3 *smmu);

/**
 * @brief Bytes of DMA-able memory the instance currently holds (tables,
 *        queues), for memory budgeting.
 */
size_t smmuv3_memory_used(const struct smmuv3 *smmu);

#endif /* SMMUV3_SMMUV3_H */
