/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file evtq.h
 * @brief Event queue, PRI queue and global errors: decoding the faults the
 *        SMMU reports and delivering them to whoever owns the stream.
 *
 * Records are drained by smmuv3_poll() (or the individual drain calls)
 * from a polling loop, or by the interrupt handlers the library
 * registers through the port in SMMUV3_IRQ_MODE_WIRED. Each event is
 * decoded into struct smmuv3_event and handed to the handler registered
 * for the owner of its StreamID (smmuv3_stream_owner()), or else to the
 * default handler. Stalled transactions are answered with the action the
 * handler returns; page requests with the response it returns, or
 * denied when nobody wants them.
 */
#ifndef SMMUV3_EVTQ_H
#define SMMUV3_EVTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/bits.h>
#include <smmuv3/port.h>

struct smmuv3;

/** PRI_RESP responses. */
enum smmuv3_pri_resp {
	SMMUV3_PRI_RESP_DENY = 0,
	SMMUV3_PRI_RESP_FAIL = 1,
	SMMUV3_PRI_RESP_SUCCESS = 2,
};

/* ---- Event records (Arm IHI 0070, 7.3) ------------------------------------ */

/** Event numbers. */
enum smmuv3_event_type {
	SMMUV3_EVT_F_UUT = 0x01,
	SMMUV3_EVT_C_BAD_STREAMID = 0x02,
	SMMUV3_EVT_F_STE_FETCH = 0x03,
	SMMUV3_EVT_C_BAD_STE = 0x04,
	SMMUV3_EVT_F_BAD_ATS_TREQ = 0x05,
	SMMUV3_EVT_F_STREAM_DISABLED = 0x06,
	SMMUV3_EVT_F_TRANSL_FORBIDDEN = 0x07,
	SMMUV3_EVT_C_BAD_SUBSTREAMID = 0x08,
	SMMUV3_EVT_F_CD_FETCH = 0x09,
	SMMUV3_EVT_C_BAD_CD = 0x0a,
	SMMUV3_EVT_F_WALK_EABT = 0x0b,
	SMMUV3_EVT_F_TRANSLATION = 0x10,
	SMMUV3_EVT_F_ADDR_SIZE = 0x11,
	SMMUV3_EVT_F_ACCESS = 0x12,
	SMMUV3_EVT_F_PERMISSION = 0x13,
	SMMUV3_EVT_F_TLB_CONFLICT = 0x20,
	SMMUV3_EVT_F_CFG_CONFLICT = 0x21,
	SMMUV3_EVT_E_PAGE_REQUEST = 0x24,
	SMMUV3_EVT_F_VMS_FETCH = 0x25,
	SMMUV3_EVT_IMPDEF_FIRST = 0xe0,
	SMMUV3_EVT_IMPDEF_LAST = 0xef,
};

/* Event record fields, by dword. */
/* Reason is bits [79:64] (16 bits) of F_UUT and the fetch/walk aborts, which
 * carry GPCF at bit [80] (RME); the conflict events have [95:64]. */

/** CLASS of a translation fault: what the faulting access was for. */
enum smmuv3_event_class {
	SMMUV3_EVT_CLASS_CD = 0,  /**< fetching a CD */
	SMMUV3_EVT_CLASS_TT = 1,  /**< fetching a stage-1 table descriptor */
	SMMUV3_EVT_CLASS_IN = 2,  /**< the input address itself */
};

/* Which members of struct smmuv3_event the record defines. */
#define SMMUV3_EVT_HAS_SSID (1u << 0)    /**< ssv/ssid */
#define SMMUV3_EVT_HAS_ADDR (1u << 1)    /**< addr (input address) */
#define SMMUV3_EVT_HAS_ACCESS (1u << 2)  /**< read/instr/priv */
#define SMMUV3_EVT_HAS_STALL (1u << 3)   /**< stall/stag */
#define SMMUV3_EVT_HAS_CLASS (1u << 4)   /**< s2/class/nsipa/tt_read, ipa */
#define SMMUV3_EVT_HAS_FETCH (1u << 5)   /**< fetch_addr */
#define SMMUV3_EVT_HAS_REASON (1u << 6)  /**< reason (IMPLEMENTATION DEFINED) */
#define SMMUV3_EVT_HAS_PAGE_REQ (1u << 7) /**< span/perms */
#define SMMUV3_EVT_HAS_IPA (1u << 8)     /**< ipa */

/* Permission bits of an E_PAGE_REQUEST hint (smmuv3_event.perms). */
#define SMMUV3_EVT_PERM_UR (1u << 0)
#define SMMUV3_EVT_PERM_UW (1u << 1)
#define SMMUV3_EVT_PERM_UX (1u << 2)
#define SMMUV3_EVT_PERM_PR (1u << 3)
#define SMMUV3_EVT_PERM_PW (1u << 4)
#define SMMUV3_EVT_PERM_PX (1u << 5)

/** One decoded event record. Members not flagged in @c valid are 0. */
struct smmuv3_event {
	uint8_t type;          /**< enum smmuv3_event_type (or IMPDEF/unknown) */
	bool secure;           /**< recorded in the Secure event queue */
	uint32_t valid;        /**< SMMUV3_EVT_HAS_* */
	uint32_t sid;          /**< StreamID */
	bool ssv;              /**< a SubstreamID came with the transaction */
	uint32_t ssid;         /**< SubstreamID (meaningful when ssv) */
	uint64_t addr;         /**< input address (VA, IPA or PA) */
	uint64_t ipa;          /**< IPA of a stage-2 fault */
	uint64_t fetch_addr;   /**< PA of the aborted STE/CD/VMS/descriptor fetch */
	bool read;             /**< RnW: 1 read, 0 write */
	bool instr;            /**< InD: instruction fetch */
	bool priv;             /**< PnU: privileged */
	bool s2;               /**< fault at stage 2 */
	uint8_t cls;           /**< enum smmuv3_event_class */
	bool nsipa;            /**< Non-secure IPA (Secure queue, S2 faults) */
	bool tt_read;          /**< TTRnW: a descriptor read (1) or write (0) faulted */
	bool stall;            /**< the transaction is stalled awaiting RESUME */
	uint16_t stag;         /**< stall tag to RESUME it with */
	uint32_t reason;       /**< IMPLEMENTATION DEFINED reason (16 bits, 32
				    for F_TLB_CONFLICT / F_CFG_CONFLICT) */
	bool gpcf;             /**< the fetch failed a granule protection
				    check (F_STE/CD/VMS_FETCH, F_WALK_EABT) */
	uint16_t span;         /**< E_PAGE_REQUEST: 4K pages hinted */
	uint8_t perms;         /**< E_PAGE_REQUEST: SMMUV3_EVT_PERM_* */
	uint64_t raw[4];       /**< the record as read */
};

/**
 * @brief One readable line describing @p ev, NUL-terminated and truncated
 *        to @p len.
 * @return the length the full line has (as snprintf), or SMMUV3_ERR_INVAL.
 */
int smmuv3_event_format(const struct smmuv3_event *ev, char *buf, size_t len);

/* ---- PRI page requests (chapter 8) --------------------------------------- */

/** One decoded page request. */
struct smmuv3_pri_req {
	uint32_t sid;
	bool ssv;
	uint32_t ssid;
	uint64_t addr;          /**< page address (4K aligned) */
	uint16_t prgi;          /**< page request group index */
	bool last, read, write, exec, priv;
	bool stop_marker;       /**< PASID stop marker (Last, no R/W, SSV) */
	uint64_t raw[2];
};

/* ---- Delivery -------------------------------------------------------------- */

/** What to do with a stalled transaction (and what a handler returns). */
enum smmuv3_stall_action {
	/** Terminate with an abort to the device (the default). */
	SMMUV3_STALL_ABORT = 0,
	/** Retry it: the handler fixed the mapping. */
	SMMUV3_STALL_RETRY = 1,
	/** Terminate with RAZ/WI (abort if IDR0.TERM_MODEL). */
	SMMUV3_STALL_TERMINATE = 2,
	/** The handler answers later with smmuv3_stall_resume(). */
	SMMUV3_STALL_DEFER = 3,
};

/** A PRI handler's answer: a response, or deferral. */
#define SMMUV3_PRI_DEFER (-1)

/**
 * Event handler. @p owner is the stream owner's endpoint ID (meaningful
 * when @p owned). The return value is used only for stalled events.
 * Called with the instance's event lock held: it may submit commands and
 * call smmuv3_stall_resume()/smmuv3_pri_respond(), but must not drain,
 * poll or (un)register handlers.
 */
typedef enum smmuv3_stall_action smmuv3_event_fn(void *arg, const struct smmuv3_event *ev,
						 uint32_t owner, bool owned);

/**
 * PRI handler: returns an enum smmuv3_pri_resp, or SMMUV3_PRI_DEFER.
 * Only requests with Last set are answered (one response per group);
 * the handler sees every request. Same calling rules as smmuv3_event_fn.
 */
typedef int smmuv3_pri_fn(void *arg, const struct smmuv3_pri_req *req, uint32_t owner,
			  bool owned);

/** Handlers of one owner. Caller-owned storage, linked by the library. */
struct smmuv3_fault_handler {
	uint32_t owner;              /**< endpoint ID the streams are claimed by */
	smmuv3_event_fn *event;      /**< may be NULL: default handler used */
	smmuv3_pri_fn *pri;          /**< may be NULL: default handler used */
	void *arg;
	struct smmuv3_fault_handler *next; /**< library use */
};

/** Event, PRI and GERROR counters. */
struct smmuv3_evtq_stats {
	uint64_t events;          /**< event records drained */
	uint64_t events_owned;    /**< delivered to an owner's handler */
	uint64_t events_default;  /**< delivered to the default handler */
	uint64_t events_dropped;  /**< no handler at all (logged only) */
	/** Event queue overflows seen (PROD.OVFLG). The architecture does
	 *  not count the records lost; each overflow lost at least one. */
	uint64_t evtq_overflows;
	/** Event queue accesses that aborted (GERROR.EVENTQ_ABT_ERR; QEMU
	 *  also reports a full queue this way): records may have been lost,
	 *  and with an asynchronous abort some may be invalid (IHI 0070
	 *  7.2.2). Not an overflow. */
	uint64_t evtq_aborts;
	uint64_t pri_aborts;      /**< PRI queue accesses that aborted */
	uint64_t stalls_retried, stalls_aborted, stalls_terminated, stalls_deferred;
	uint64_t pri_requests;    /**< page requests drained */
	uint64_t pri_overflows;   /**< PRI queue overflows seen */
	uint64_t pri_responses;   /**< PRI_RESP commands sent */
	uint64_t pri_denied;      /**< groups denied because nobody answered */
	uint64_t gerror[11];      /**< occurrences of each GERROR bit */
	uint64_t resp_errors;     /**< RESUME/PRI_RESP submissions that failed */
};

/**
 * @brief Register the handlers of @p h->owner. @p h stays linked (and
 *        must stay valid) until unregistered.
 * @return 0; SMMUV3_ERR_INVAL for NULL pointers; SMMUV3_ERR_BUSY when
 *         that owner already has handlers or @p h is already linked.
 */
int smmuv3_fault_handler_register(struct smmuv3 *smmu, struct smmuv3_fault_handler *h);

/**
 * @brief Unlink @p h. When it returns, @p h's functions are not running
 *        and will not be called again.
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_NOENT when @p h is not linked.
 */
int smmuv3_fault_handler_unregister(struct smmuv3 *smmu, struct smmuv3_fault_handler *h);

/**
 * @brief Set the handlers for streams without an owner or whose owner has
 *        none (NULL functions: log only, abort stalls, deny page requests).
 * @return 0 or SMMUV3_ERR_INVAL.
 */
int smmuv3_fault_set_default(struct smmuv3 *smmu, smmuv3_event_fn *event,
			     smmuv3_pri_fn *pri, void *arg);

/**
 * @brief Everything an interrupt would trigger: GERROR, then the event
 *        and PRI queues. For SMMUV3_IRQ_MODE_POLL integrators, and for
 *        the handler of an MSI in SMMUV3_IRQ_MODE_MSI (wired interrupts
 *        reach the library's own handlers through
 *        smmuv3_port_irq_register(); one queue alone: smmuv3/hw/evtq.h).
 * @return records handled; SMMUV3_ERR_FATAL (after draining what the
 *         SMMU recorded) while the instance is in service failure mode;
 *         another negative error.
 */
int smmuv3_poll(struct smmuv3 *smmu);

/**
 * @brief Answer a stalled transaction (after SMMUV3_STALL_DEFER, or on
 *        the owner's behalf): CMD_RESUME with retry, abort or terminate.
 * @return 0; SMMUV3_ERR_INVAL for a bad action; SMMUV3_ERR_NOTSUP on an
 *         SMMU whose stall model (S_IDR0 for a Secure instance) is
 *         terminate-only, where the command is illegal; or a command error.
 */
int smmuv3_stall_resume(struct smmuv3 *smmu, uint32_t sid, uint16_t stag,
			enum smmuv3_stall_action action);

/**
 * @brief Terminate every stalled transaction of @p sid (CMD_STALL_TERM
 *        then CMD_SYNC), for example when its owner goes away.
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_NOTSUP on a terminate-only
 *         stall model (nothing can be stalled); or a command error.
 */
int smmuv3_stall_term(struct smmuv3 *smmu, uint32_t sid);

/**
 * @brief Answer a page request group (after SMMUV3_PRI_DEFER).
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_NOTSUP without a PRI queue; or a
 *         command error.
 */
int smmuv3_pri_respond(struct smmuv3 *smmu, const struct smmuv3_pri_req *req,
		       enum smmuv3_pri_resp resp);

/** @brief Copy the event-side counters. @return 0 or SMMUV3_ERR_INVAL. */
int smmuv3_evtq_get_stats(struct smmuv3 *smmu, struct smmuv3_evtq_stats *out);

#endif /* SMMUV3_EVTQ_H */
