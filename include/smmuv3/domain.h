/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file domain.h
 * @brief Domains: an address space (a page table) bound to the streams and
 *        substreams that use it, with the TLB invalidation that keeps the
 *        SMMU from ever using a stale translation.
 *
 * @code
 *   struct smmuv3_domain d;
 *   struct smmuv3_domain_cfg c;
 *   smmuv3_domain_cfg_init(&smmu, &c, SMMUV3_DOMAIN_S2);
 *   smmuv3_domain_init(&smmu, &d, &c);           // allocates VMID + root
 *   smmuv3_stream_claim(&smmu, sid, owner);
 *   smmuv3_domain_attach(&d, sid, owner, 0, 0, NULL); // ssid 0, no substreams, no nest
 *   smmuv3_domain_map(&d, iova, pa, size, SMMUV3_PROT_READ | SMMUV3_PROT_WRITE);
 *   smmuv3_domain_unmap(&d, iova, size);        // TLBIs + one CMD_SYNC
 *   smmuv3_domain_detach(&d, sid, owner, 0);
 *   smmuv3_domain_destroy(&d);
 * @endcode
 *
 * Calls on one domain are serialised by the caller; calls on different
 * domains and streams may run concurrently. A domain has an owner
 * (cfg.owner): only streams of that owner, or of owners it shares the
 * domain with (smmuv3_domain_share()), can be attached to it. One
 * (StreamID, SubstreamID) holds at most one domain. See docs/domains.md
 * and docs/ownership.md.
 */
#ifndef SMMUV3_DOMAIN_H
#define SMMUV3_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/pgtable.h>
#include <smmuv3/stream.h>

struct smmuv3;

/** What a domain translates. */
enum smmuv3_domain_type {
	/** Stage 1: installed in CDs, tagged by an ASID. */
	SMMUV3_DOMAIN_S1 = 1,
	/** Stage 2: installed in STEs, tagged by a VMID. */
	SMMUV3_DOMAIN_S2 = 2,
};

/** Who keeps the SMMU's TLBs coherent with the tables. */
enum smmuv3_inval_policy {
	/** The library, through the command queue (TLBI + CMD_SYNC). */
	SMMUV3_INVAL_CMDQ = 0,
	/** The integrator's broadcast TLB maintenance (IDR0.BTM, DVM), for
	 *  tables shared with a CPU: unmap issues no command; the integrator
	 *  runs its TLBI + DSB, then calls smmuv3_domain_reclaim(). */
	SMMUV3_INVAL_BROADCAST = 1,
};

/** Most streams/substreams one domain can be attached to at once. */
#define SMMUV3_DOMAIN_MAX_ATTACH 16u
/** Most other owners one domain can be shared with. */
#define SMMUV3_DOMAIN_MAX_SHARE 4u
/** Most commands one unmap issues before its CMD_SYNC. */
#define SMMUV3_DOMAIN_MAX_TLBI 32u

/** Domain parameters. Fill with smmuv3_domain_cfg_init(). */
struct smmuv3_domain_cfg {
	enum smmuv3_domain_type type;
	/** Granule, log2 bytes (12, 14, 16). */
	unsigned int granule_log2;
	/** Input address bits (VA for stage 1, IPA for stage 2). */
	unsigned int ias_bits;
	/** Output address bits (at most the SMMU's OAS). */
	unsigned int oas_bits;
	/** Page-table flags (SMMUV3_PGTABLE_F_*). */
	uint32_t pgtable_flags;
	enum smmuv3_inval_policy inval;
	/** Invalidations needing more address-based commands than this use
	 *  one whole-ASID / whole-VMID command instead (1..SMMUV3_DOMAIN_MAX_TLBI). */
	unsigned int tlbi_max_cmds;
	/** Stage 1 only: the EL2 regime (StreamWorld EL2; TLBI_EL2_*). */
	bool el2;
	/** Fault-and-resume: attachments stall faulting transactions
	 *  (smmuv3_stream_cfg.stall on the stream, and CD.S for a stage-1
	 *  domain) until the owner's event handler answers. NOTSUP on a
	 *  terminate-only SMMU. A stream already stalling for another
	 *  domain's substream keeps stalling when a non-stalling domain is
	 *  attached to it. See docs/events.md, docs/domains.md. */
	bool stall;
	/** The endpoint that owns the domain (the owner ID its streams are
	 *  claimed with). Streams of other owners are refused unless the
	 *  domain is shared with them (smmuv3_domain_share()). */
	uint32_t owner;
	/** Stage 2 on a Secure instance only (INVAL elsewhere): a second
	 *  table for the Non-secure IPA space (STE.S2TTB, S2NSA = 1: its
	 *  output is Non-secure PA), the domain's first table then serving
	 *  the Secure IPA space alone (STE.S_S2TTB, output Secure PA).
	 *  Maps with SMMUV3_PROT_NS go to the second table; unmap it with
	 *  smmuv3_domain_unmap_ns(). Without it, one table serves both
	 *  spaces with Secure output. See docs/domains.md. */
	bool ns_space;
};


/** Bytes of storage one domain takes (struct smmuv3_domain); fixed, with
 *  room to spare, like SMMUV3_INSTANCE_SIZE. */
#define SMMUV3_DOMAIN_SIZE 1472u

/**
 * @brief A domain: storage the caller allocates and hands to
 *        smmuv3_domain_init() (or smmuv3_domain_init_s2_shared()). Its
 *        contents are private to the library; never copy or move a live
 *        domain.
 */
struct smmuv3_domain {
	uint64_t opaque[SMMUV3_DOMAIN_SIZE / sizeof(uint64_t)];
};

/**
 * @brief Defaults for @p type on @p smmu: the smallest granule it
 *        supports, 48-bit (stage 1) or min(IAS, 48)-bit (stage 2) input,
 *        min(OAS, 48) output, command-queue invalidation,
 *        tlbi_max_cmds = SMMUV3_DOMAIN_MAX_TLBI.
 */
void smmuv3_domain_cfg_init(const struct smmuv3 *smmu, struct smmuv3_domain_cfg *cfg,
			    enum smmuv3_domain_type type);

/**
 * @brief Create a domain with its own page table and ASID (stage 1) or
 *        VMID (stage 2).
 * @return 0; SMMUV3_ERR_INVAL for NULL or bad parameters;
 *         SMMUV3_ERR_STATE unless the SMMU is enabled; SMMUV3_ERR_NOTSUP
 *         for a stage, granule, broadcast invalidation or stall
 *         (cfg.stall on a terminate-only stall model) the SMMU lacks;
 *         SMMUV3_ERR_RANGE for sizes beyond it; SMMUV3_ERR_NOSPC when no
 *         ASID/VMID is left; SMMUV3_ERR_NOMEM. Nothing is held on failure.
 */
int smmuv3_domain_init(struct smmuv3 *smmu, struct smmuv3_domain *d,
		       const struct smmuv3_domain_cfg *cfg);

/** A stage 2 built and owned by someone else (a partition's own). */
struct smmuv3_domain_s2_shared {
	uint64_t root_pa;     /**< its root table */
	uint16_t vmid;        /**< the VMID its TLB entries carry */
	unsigned int granule_log2;
	unsigned int t0sz;    /**< VTCR.T0SZ */
	unsigned int sl0;     /**< VTCR.SL0 */
	unsigned int ps;      /**< VTCR.PS (IDR5.OAS encoding) */
	/** Secure instances (S-EL2): the Secure IPA space's root (VSTTBR,
	 *  STE.S_S2TTB), T0SZ and SL0; 0 to use root_pa for both spaces. */
	uint64_t s_root_pa;
	unsigned int s_t0sz, s_sl0;
	/** The domain's owner (smmuv3_domain_cfg.owner). */
	uint32_t owner;
};

/**
 * @brief Wrap a stage 2 the library does not own, so streams can be
 *        attached to it. Map and unmap are refused (SMMUV3_ERR_PERM); the
 *        owner changes its tables and calls smmuv3_domain_invalidate()
 *        (or relies on broadcast maintenance). Destroy frees nothing of
 *        the table and does not free the VMID.
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_STATE; SMMUV3_ERR_NOTSUP
 *         without stage 2 or the granule; SMMUV3_ERR_INVAL for a granule
 *         that does not exist; SMMUV3_ERR_RANGE for a VMID or a T0SZ
 *         (s_t0sz) beyond the SMMU.
 */
int smmuv3_domain_init_s2_shared(struct smmuv3 *smmu, struct smmuv3_domain *d,
				 const struct smmuv3_domain_s2_shared *s2,
				 enum smmuv3_inval_policy inval);

/**
 * @brief Give stage-2 domain @p s2 a reserved table window: the
 *        library's table memory, PAs [w.pa, w.pa + w.size), appears at
 *        IPAs [w.ipa, w.ipa + w.size) (identity when w.ipa == w.pa).
 *
 * A stage-1 domain nested over @p s2 then has every table pointer the
 * SMMU follows written as an IPA of the window: STE.S1ContextPtr, the
 * L1CD pointers, CD.TTB0 and its next-level table descriptors. Table
 * memory outside the window is refused with SMMUV3_ERR_TABLE_WINDOW (at
 * attach, or at the map that would need such a table), never pointed to
 * by its PA. The window is reserved: a map or unmap of @p s2 touching it
 * and a stage-1 mapping nested over @p s2 whose output falls in it fail
 * with SMMUV3_ERR_RESERVED. A library-owned @p s2 maps the window itself
 * (read/write); a shared stage 2's owner must have mapped it.
 *
 * @return 0; SMMUV3_ERR_INVAL for NULL, a stage-1 domain or size 0;
 *         SMMUV3_ERR_STALE; SMMUV3_ERR_ALIGN for addresses or size not
 *         granule-aligned; SMMUV3_ERR_OVERFLOW when a range wraps;
 *         SMMUV3_ERR_RANGE beyond the domain's input or output size;
 *         SMMUV3_ERR_EXISTS when it has a window; SMMUV3_ERR_BUSY while
 *         anything is attached to it or nested over it; the errors of
 *         smmuv3_domain_map() (nothing changed).
 */
int smmuv3_domain_set_window(struct smmuv3_domain *s2, const struct smmuv3_table_window *w);

/**
 * @brief Install the domain for (@p sid, @p ssid).
 *
 * Stage 2: the stream (claimed by @p owner) is configured stage-2 only
 * (@p ssid must be 0). On a Secure instance the domain's table serves
 * both the Secure and the Non-secure IPA space (S_S2TTB = S2TTB) unless
 * a shared stage 2 gives a Secure root of its own or the domain has
 * cfg.ns_space (S_S2TTB: the domain's table, S2TTB: its Non-secure IPA
 * space table, S2NSA = 1). The STE's NSCFG stays "use incoming". Stage 1: the stream is configured stage-1 (or
 * nested over @p nest_s2, a stage-2 domain) with 2^@p ssid_bits CDs, and
 * the domain's CD installed at @p ssid; a stream attached at several
 * substreams must be given the same ssid_bits and nest each time.
 * Stage-1 TLB entries are tagged with the STE's VMID (0 without stage 2),
 * so all attachments of a stage-1 domain must share that VMID.
 *
 * A failure after the stream changed is undone (the stream gets back its
 * unconfigured abort/bypass STE, or is left aborting if it had another
 * configuration; the CD is cleared) and the domain's tag invalidated. If
 * the undo fails too, the SMMU may use the domain there: the attachment
 * is recorded although the error is returned, and must be detached.
 *
 * Every argument is checked before anything changes: the owner, the
 * SubstreamID against 2^@p ssid_bits and @p ssid_bits against the SMMU,
 * the stream's claim, and what already occupies it. A stage-2 domain
 * occupies the whole stream; a stage-1 domain one substream, and the
 * stream's other substreams may hold other stage-1 domains attached with
 * the same @p ssid_bits and @p nest_s2.
 *
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_STALE for an ended domain;
 *         SMMUV3_ERR_STATE unless the SMMU is enabled; SMMUV3_ERR_PERM
 *         when @p owner may not attach to the domain (or to @p nest_s2);
 *         SMMUV3_ERR_RANGE for @p ssid or @p ssid_bits beyond the SMMU or
 *         the stream's CD table; SMMUV3_ERR_EXISTS if already attached
 *         there; SMMUV3_ERR_OCCUPIED if another domain occupies (@p sid,
 *         @p ssid) (nothing changes: see smmuv3_stream_occupant());
 *         SMMUV3_ERR_INVAL for other substreams attached with another
 *         @p ssid_bits or @p nest_s2; SMMUV3_ERR_TABLE_WINDOW when @p nest_s2
 *         has a table window (smmuv3_domain_set_window()) and the CD
 *         table or a stage-1 table lies outside it, or the stage-1
 *         domain is attached elsewhere under another window;
 *         SMMUV3_ERR_RESERVED when one of its mappings outputs into the
 *         window (a stage-1 domain takes the window of its nest at its
 *         first attach: tables mapped before are rewritten to IPAs);
 *         SMMUV3_ERR_NOSPC beyond
 *         SMMUV3_DOMAIN_MAX_ATTACH; stream errors (SMMUV3_ERR_OWNED,
 *         _NOENT, _NOMEM...); a command error (also of an owed
 *         invalidation: nothing changed).
 */
int smmuv3_domain_attach(struct smmuv3_domain *d, uint32_t sid, uint32_t owner, uint32_t ssid,
			 unsigned int ssid_bits, struct smmuv3_domain *nest_s2);

/**
 * @brief Remove the domain from (@p sid, @p ssid): stage 2 streams go to
 *        abort; a stage-1 CD is made invalid (and a stream without
 *        substreams goes to abort). Then the domain's TLB entries are
 *        invalidated (whole ASID / VMID) and synced.
 * Only this domain's own attachment is touched: another domain at
 * (@p sid, @p ssid) is never affected. On a failed instance (service
 * failure) only the bookkeeping changes: no command is issued.
 * @return 0; SMMUV3_ERR_NOENT if not attached there; SMMUV3_ERR_OWNED if
 *         attached by another owner; SMMUV3_ERR_STALE for an ended domain;
 *         a stream or command
 *         error: if the STE/CD change failed the domain stays attached
 *         there (call again); if only the invalidation failed it is
 *         detached and the invalidation owed (paid by the next call on the
 *         domain, before anything is freed or reused).
 */
int smmuv3_domain_detach(struct smmuv3_domain *d, uint32_t sid, uint32_t owner, uint32_t ssid);

/**
 * @brief Destroy a detached domain: invalidate its ASID/VMID, free its
 *        tables and identifier.
 * On a failed instance the tables and identifier are freed without a
 * command. A domain ended by smmuv3_teardown() is only forgotten (its
 * tables were freed then; the instance is not touched).
 * @return 0; SMMUV3_ERR_BUSY while attached (nothing changes);
 *         SMMUV3_ERR_INVAL; a command error (nothing freed, the domain
 *         stays usable and owes the invalidation).
 */
int smmuv3_domain_destroy(struct smmuv3_domain *d);

/** @brief smmuv3_pgtable_map() on the domain's table (PERM if shared),
 *         after an owed whole-tag invalidation if a failed call left one
 *         (its command error is returned with nothing mapped).
 *         SMMUV3_ERR_STATE unless the SMMU is enabled (map and unmap are
 *         refused on a failed instance); SMMUV3_ERR_STALE once ended;
 *         SMMUV3_ERR_RESERVED when the range (stage 2: input; stage 1:
 *         output) touches the table window (smmuv3_domain_set_window());
 *         SMMUV3_ERR_TABLE_WINDOW when a new table falls outside it.
 *         A stage 2 with cfg.ns_space maps SMMUV3_PROT_NS into its
 *         Non-secure IPA space table (output Non-secure PA); on any
 *         other stage 2, SMMUV3_PROT_NS is SMMUV3_ERR_INVAL. */
int smmuv3_domain_map(struct smmuv3_domain *d, uint64_t iova, uint64_t pa, uint64_t size,
		      uint32_t prot);

/**
 * @brief Unmap and make the SMMU forget: leaf-only TLBIs by range (RIL)
 *        or per leaf, or one whole-ASID/VMID command above the threshold,
 *        then exactly one CMD_SYNC, then the freed tables are reclaimed.
 *        With broadcast invalidation, no command is issued and tables
 *        wait for smmuv3_domain_reclaim().
 * @return 0; the errors of smmuv3_pgtable_unmap() (nothing changed);
 *         SMMUV3_ERR_PERM for a shared stage 2; SMMUV3_ERR_RESERVED for
 *         a stage-2 range touching its table window; SMMUV3_ERR_STATE unless
 *         the SMMU is enabled; SMMUV3_ERR_STALE once ended; a command error (the
 *         range is unmapped, the tables are kept and a whole-tag
 *         invalidation is owed, issued first by the next call).
 */
int smmuv3_domain_unmap(struct smmuv3_domain *d, uint64_t iova, uint64_t size);

/** @brief smmuv3_domain_unmap() of the Non-secure IPA space table of a
 *         stage 2 with cfg.ns_space (SMMUV3_ERR_INVAL without one). The
 *         invalidation covers both IPA spaces. */
int smmuv3_domain_unmap_ns(struct smmuv3_domain *d, uint64_t iova, uint64_t size);

/** @brief smmuv3_pgtable_map_scatter() on the domain's table (PERM if
 *         shared), after an owed whole-tag invalidation as
 *         smmuv3_domain_map() (SMMUV3_PROT_NS picks the table as there). */
int smmuv3_domain_map_scatter(struct smmuv3_domain *d, uint64_t iova,
			      const struct smmuv3_phys_range *r, size_t n, uint32_t prot);

/**
 * @brief Next range for smmuv3_domain_unmap_ranges(): store it and return
 *        true, or return false when there are no more.
 */
typedef bool smmuv3_range_iter_fn(void *arg, uint64_t *iova, uint64_t *size);

/**
 * @brief Unmap several ranges with exactly one CMD_SYNC: the ranges'
 *        TLBIs (one range), or one whole-ASID/VMID invalidation (several),
 *        then the sync, then the freed tables are reclaimed.
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_PERM for a shared stage 2; an
 *         error of smmuv3_pgtable_unmap() for range k (ranges before it
 *         stay unmapped and are invalidated; nothing of k changed); a
 *         command error (as smmuv3_domain_unmap()).
 */
int smmuv3_domain_unmap_ranges(struct smmuv3_domain *d, smmuv3_range_iter_fn *next, void *arg);

/** @brief smmuv3_pgtable_iova_to_phys() on the domain's table. */
int smmuv3_domain_iova_to_phys(const struct smmuv3_domain *d, uint64_t iova, uint64_t *pa);

/**
 * @brief Invalidate [iova, iova+size) of the domain (for shared stage 2
 *        owners and callers changing tables themselves) and sync.
 * @param leaf_only only leaf entries changed (no table was unlinked).
 *        When a whole-tag invalidation is owed, that is issued instead.
 * @return 0; SMMUV3_ERR_INVAL; a command error (the whole tag is then owed).
 */
int smmuv3_domain_invalidate(struct smmuv3_domain *d, uint64_t iova, uint64_t size,
			     bool leaf_only);

/** @brief Free tables waiting since broadcast-invalidated unmaps (none
 *         while a failed command-queue invalidation is owed).
 *  @return tables freed. */
unsigned int smmuv3_domain_reclaim(struct smmuv3_domain *d);

/** What a domain is and what it has cost (smmuv3_domain_get_info()). */
struct smmuv3_domain_info {
	enum smmuv3_domain_type type;
	/** Stage 1: its ASID (the tag a CPU's broadcast TLBI must name). */
	uint16_t asid;
	/** Stage 2: its VMID; stage 1: the VMID its streams' STEs carry. */
	uint16_t vmid;
	/** Places it is attached (StreamID, SubstreamID). */
	unsigned int n_attached;
	/** Invalidation commands and CMD_SYNCs issued for it so far. */
	uint64_t cmds, syncs;
	/** A failed invalidation is owed: the next call on the domain first
	 *  invalidates its whole ASID/VMID. */
	bool inval_owed;
	/** Page-table memory held (both IPA spaces; 0 for a shared stage
	 *  2), and of it the emptied tables kept for reuse (bounded; none
	 *  with SMMUV3_PGTABLE_F_NO_CACHE in cfg.pgtable_flags). */
	size_t table_bytes, cached_bytes;
};

/**
 * @brief Describe @p d into @p out: its tags (for broadcast TLB
 *        maintenance by the CPU), attachments, command counts and table
 *        memory.
 * @return 0; SMMUV3_ERR_INVAL for NULL; SMMUV3_ERR_STALE after
 *         smmuv3_teardown() ended it (out is then untouched).
 */
int smmuv3_domain_get_info(const struct smmuv3_domain *d, struct smmuv3_domain_info *out);

/**
 * @brief Let streams of @p owner be attached to the domain too (the
 *        domain's owner decides: the integrator calls this on its behalf).
 *        Sharing is deliberate and visible: smmuv3_domain_may_attach().
 * @return 0 (also when already shared, or @p owner is the domain's);
 *         SMMUV3_ERR_INVAL; SMMUV3_ERR_STALE; SMMUV3_ERR_NOSPC beyond
 *         SMMUV3_DOMAIN_MAX_SHARE owners.
 */
int smmuv3_domain_share(struct smmuv3_domain *d, uint32_t owner);

/**
 * @brief Stop sharing the domain with @p owner.
 * @return 0; SMMUV3_ERR_NOENT if not shared with it; SMMUV3_ERR_BUSY
 *         while streams of @p owner are attached to it or nested over it
 *         (nothing changes);
 *         SMMUV3_ERR_INVAL; SMMUV3_ERR_STALE.
 */
int smmuv3_domain_unshare(struct smmuv3_domain *d, uint32_t owner);

/** @brief Whether streams of @p owner may be attached to the domain (its
 *         owner, or one it is shared with); false for NULL or ended. */
bool smmuv3_domain_may_attach(const struct smmuv3_domain *d, uint32_t owner);

/**
 * @brief Which domain occupies (@p sid, @p ssid): the stage-1 domain
 *        attached at that substream, or the stage-2 domain attached to
 *        the stream (it occupies every substream).
 * @param[out] d the domain.
 * @return 0; SMMUV3_ERR_NOENT when none does; SMMUV3_ERR_INVAL;
 *         SMMUV3_ERR_STATE without a stream table; SMMUV3_ERR_RANGE for
 *         a StreamID beyond it.
 */
int smmuv3_stream_occupant(struct smmuv3 *smmu, uint32_t sid, uint32_t ssid,
			   struct smmuv3_domain **d);

#endif /* SMMUV3_DOMAIN_H */
