/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file storage.h
 * @brief Storage layout of the parts of struct smmuv3 (queues, command and
 *        event queue state, stream table state). Not API: the integrator
 *        allocates struct smmuv3 and never reads these fields; they change
 *        whenever the implementation does. They are public only because
 *        C needs a complete type for caller-allocated storage (the plan to
 *        make it opaque: docs/architecture.md, "Caller-allocated storage").
 */
#ifndef SMMUV3_STORAGE_H
#define SMMUV3_STORAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/evtq.h>
#include <smmuv3/port.h>

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

/** One 16-byte command as it is written to the queue. */
struct smmuv3_cmd {
	uint64_t dw[2];
};

/** How the library learns that a CMD_SYNC has completed. */
enum smmuv3_sync_mode {
	/** Poll CMDQ_CONS until it passes the CMD_SYNC. Always available. */
	SMMUV3_SYNC_POLL = 0,
	/** CMD_SYNC signals SEV; wait with WFE (port) between CONS polls.
	 *  Needs IDR0.SEV. */
	SMMUV3_SYNC_SEV = 1,
	/** CMD_SYNC writes a sequence number to memory; poll that word.
	 *  Needs MSI support (IDR0.MSI, S_IDR0.MSI for Secure) and a
	 *  coherent SMMU. */
	SMMUV3_SYNC_MSI = 2,
};

/** Counters of one command queue, for tuning and tests. */
struct smmuv3_cmdq_stats {
	uint64_t submissions;  /**< smmuv3_cmdq_submit() calls that wrote */
	uint64_t cmds;         /**< entries written, CMD_SYNCs included */
	uint64_t syncs;        /**< CMD_SYNCs the library added (final and forced) */
	uint64_t prod_writes;  /**< CMDQ_PROD register writes */
	uint64_t full_waits;   /**< times a producer waited for free space */
	uint64_t cerror_ill;   /**< CERROR_ILL recovered */
	uint64_t cerror_abt;   /**< CERROR_ABT recovered */
	uint64_t cerror_atc;   /**< CERROR_ATC_INV_SYNC recovered */
	uint64_t timeouts;     /**< submissions that ended in a timeout */
	/** sync-only submissions that wrote nothing: the last entry written
	 *  was already a CMD_SYNC, which they waited for instead */
	uint64_t syncs_shared;
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

#endif /* SMMUV3_STORAGE_H */
