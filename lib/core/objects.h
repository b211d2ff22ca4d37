/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The private layouts of the two objects the caller allocates: the
 * instance (struct smmuv3_inst, with its queues and stream table) and the
 * domain (struct smmuv3_dom). The public struct smmuv3 and struct
 * smmuv3_domain are storage only (an array of a published size); every
 * public entry converts its handle once with smmuv3_inst_of() or
 * smmuv3_dom_of(), and internal code sees only these types
 * (docs/architecture.md, "Caller-allocated storage").
 *
 * Defined on the ground floor because every floor keeps its state in the
 * instance; only lib/ and the white-box unit tests include it.
 */
#ifndef SMMUV3_LIB_OBJECTS_H
#define SMMUV3_LIB_OBJECTS_H

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/hw/cmdq.h>

/** One SMMU queue in memory and its register offsets. */
struct smmuv3_queue {
	void *base;            /**< CPU address of entry 0 */
	uint64_t base_pa;      /**< physical address of entry 0 */
	size_t bytes;          /**< allocation size */
	uint32_t log2size;     /**< log2(number of entries) */
	uint32_t entry_bytes;  /**< 16 (CMDQ, PRIQ) or 32 (EVENTQ) */
	uint32_t prod;         /**< producer index with wrap bit */
	uint32_t cons;         /**< consumer index with wrap bit */
	uint32_t base_reg;     /**< offset of Q_BASE */
	uint32_t prod_reg;     /**< offset of Q_PROD */
	uint32_t cons_reg;     /**< offset of Q_CONS */
};

struct smmuv3_cmdq_sub;

/** Command queue state inside struct smmuv3. */
struct smmuv3_cmdq {
	struct smmuv3_queue q;
	struct smmuv3_port_lock lock;
	enum smmuv3_sync_mode sync_mode;
	uint32_t quirks;             /**< SMMUV3_CMDQ_QUIRK_* in force */
	unsigned int sync_every;     /**< forced CMD_SYNC period (0: none) */
	unsigned int since_sync;     /**< commands written since a CMD_SYNC */
	uint32_t published;          /**< last value written to CMDQ_PROD */
	volatile uint32_t *msi_word; /**< CMD_SYNC MSI target, if allocated */
	uint64_t msi_word_pa;
	uint32_t msi_seq;            /**< last MSI payload used */
	/** The final CMD_SYNC of the current mode (MSI data left 0). */
	struct smmuv3_cmd sync_cmd;
	/** Submissions waiting outside the lock, oldest first (records on
	 *  their submitters' stacks; see docs/command-queue.md). */
	struct smmuv3_cmdq_sub *subs;
	/** Index and wrap bits of a queue position (2 * entries - 1). */
	uint32_t wrap_mask;
	/** Entries a submission may find in use and still take the fast
	 *  path (entries; 0 while a submission waits outside the lock or a
	 *  quirk must see each command). */
	uint32_t fast_room;
	/** fast_room when nobody waits: entries, or 0 under a quirk. */
	uint32_t fast_ents;
	/** PROD right after the last submission-ending CMD_SYNC the library
	 *  wrote (UINT32_MAX: none since reset). A sync-only submission
	 *  finding PROD there shares that CMD_SYNC. */
	uint32_t sync_end;
	struct smmuv3_cmdq_stats stats;
};

/** Event queue, PRI queue and GERROR state inside struct smmuv3. */
struct smmuv3_evtq {
	struct smmuv3_queue q;      /**< event queue (32-byte records) */
	struct smmuv3_queue priq;   /**< PRI queue (16-byte records), if PRI */
	uint32_t evtq_ovack;        /**< OVACKFLG we last wrote (event queue) */
	uint32_t priq_ovack;        /**< OVACKFLG we last wrote (PRI queue) */
	struct smmuv3_port_lock lock;        /**< drain and handler list */
	struct smmuv3_port_lock gerror_lock; /**< GERRORN read-modify-write */
	struct smmuv3_fault_handler *handlers;
	struct smmuv3_fault_handler dflt;    /**< default handlers */
	uint32_t irqs;              /**< bit per enum smmuv3_irq registered */
	struct smmuv3_evtq_stats stats;
};

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

struct smmuv3_regime;
struct smmuv3_tlbi_regime;
struct smmuv3_dom;

/* One SMMU (the storage behind struct smmuv3). */
struct smmuv3_inst {
	struct smmuv3_config cfg;
	enum smmuv3_state state;
	struct smmuv3_features feat;
	bool coherent;             /**< walks coherent (COHACC and no override) */
	uint64_t timeout_ns;
	uint32_t bank;             /**< 0 or SMMUV3_S_BANK_OFFSET */
	/** Secure or Non-secure command forms, chosen once (lib/core/regime.c). */
	const struct smmuv3_regime *regime;
	uint32_t cr0;              /**< last value acknowledged through CR0ACK */
	size_t dma_bytes;          /**< DMA memory currently held (atomic) */
	/** Instance lock: level-2 stream-table spans and their L1
	 *  descriptors, stream claims, the ASID/VMID allocators and the
	 *  list of live domains with their attachments (docs/locking.md). */
	struct smmuv3_port_lock lock;
	/** CD table arrays of level-2 spans: their allocation and count of
	 *  library CD tables (a leaf lock, docs/locking.md). */
	struct smmuv3_port_lock cd_lock;
	/** Live domains of this instance, ended by smmuv3_teardown(). */
	struct smmuv3_dom *domains;
	struct smmuv3_cmdq cmdq;
	struct smmuv3_evtq evtq;
	struct smmuv3_strtab strtab;
};

/** One place a domain is installed. */
struct smmuv3_domain_attachment {
	uint32_t sid;
	uint32_t ssid;
	uint32_t owner;
	uint8_t ssid_bits;
	bool used;
	struct smmuv3_dom *nest;   /**< stage 2 under a nested stage 1 */
	/** Recorded after a failed attach that could not be undone: the
	 *  STE is unknown, so detach aborts the whole stream. */
	bool unsure;
};

/* A domain (the storage behind struct smmuv3_domain). */
struct smmuv3_dom {
	struct smmuv3_inst *smmu;
	/** Its TLB invalidation opcodes, chosen once at init. */
	const struct smmuv3_tlbi_regime *tlbi;
	struct smmuv3_domain_cfg cfg;
	struct smmuv3_pgtable pt;     /**< unused for a shared stage 2 */
	struct smmuv3_pgtable pt_ns;  /**< cfg.ns_space: Non-secure IPA space */
	bool shared;                  /**< stage 2 owned by someone else */
	uint64_t shared_root;         /**< its root table */
	unsigned int shared_t0sz, shared_sl0, shared_ps;
	uint64_t shared_s_root;       /**< Secure IPA space root */
	unsigned int shared_s_t0sz, shared_s_sl0;
	uint16_t asid;                /**< stage 1 */
	uint16_t vmid;                /**< stage 2: its VMID; stage 1: the
				           VMID its streams' STEs carry */
	bool own_id;                  /**< the ASID/VMID was allocated here */
	unsigned int n_attached;
	unsigned int n_nested;        /**< stage 2: nested stage-1 users */
	/** Stage 2: its reserved table window (smmuv3_domain_set_window());
	 *  stage 1: the window its tables are addressed through (that of
	 *  the stage 2 it nests over). size 0: none. */
	struct smmuv3_table_window win;
	struct smmuv3_domain_attachment att[SMMUV3_DOMAIN_MAX_ATTACH];
	/** Commands and syncs issued (for tests and benchmarks). */
	uint64_t n_cmds, n_syncs;
	/** The SMMU may still cache entries of the ASID/VMID that a failed
	 *  invalidation (detach, unmap, attach undo) did not remove: the
	 *  next map, unmap, invalidate, attach or destroy first invalidates
	 *  the whole tag, and fails with nothing changed if it cannot. */
	bool inval_owed;
	/** Other owners whose streams may be attached (smmuv3_domain_share()). */
	uint32_t share[SMMUV3_DOMAIN_MAX_SHARE];
	unsigned int n_share;
	/** Ended by smmuv3_teardown(): its tables are gone, every call but
	 *  destroy returns SMMUV3_ERR_STALE. */
	bool ended;
	struct smmuv3_dom *next;   /**< the instance's list of live domains */
};

/* The public storage holds the private type: a change that outgrows it
 * must raise the published size (an ABI change) deliberately. */
_Static_assert(sizeof(struct smmuv3_inst) <= sizeof(struct smmuv3), "SMMUV3_INSTANCE_SIZE too small");
_Static_assert(alignof(struct smmuv3_inst) <= alignof(struct smmuv3), "instance over-aligned");
_Static_assert(sizeof(struct smmuv3_dom) <= sizeof(struct smmuv3_domain), "SMMUV3_DOMAIN_SIZE too small");
_Static_assert(alignof(struct smmuv3_dom) <= alignof(struct smmuv3_domain), "domain over-aligned");

/* Handle conversions: each public entry converts once. The storage is
 * only ever accessed through the private type (never as bytes), as with
 * FreeRTOS's static-allocation types. */
static inline struct smmuv3_inst *smmuv3_inst_of(struct smmuv3 *s)
{
	return (struct smmuv3_inst *)(void *)s;
}

static inline const struct smmuv3_inst *smmuv3_cinst_of(const struct smmuv3 *s)
{
	return (const struct smmuv3_inst *)(const void *)s;
}

static inline struct smmuv3 *smmuv3_inst_pub(struct smmuv3_inst *i)
{
	return (struct smmuv3 *)(void *)i;
}

static inline struct smmuv3_dom *smmuv3_dom_of(struct smmuv3_domain *d)
{
	return (struct smmuv3_dom *)(void *)d;
}

static inline const struct smmuv3_dom *smmuv3_cdom_of(const struct smmuv3_domain *d)
{
	return (const struct smmuv3_dom *)(const void *)d;
}

static inline struct smmuv3_domain *smmuv3_dom_pub(struct smmuv3_dom *d)
{
	return (struct smmuv3_domain *)(void *)d;
}

#endif /* SMMUV3_LIB_OBJECTS_H */
