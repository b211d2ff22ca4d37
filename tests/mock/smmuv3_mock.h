/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file smmuv3_mock.h
 * @brief A host model of an SMMUv3 register file, for unit tests.
 *
 * The mock holds pages 0 and 1 of the register space. Writes have the
 * side effects hardware has: CR0 is acknowledged in CR0ACK, a GBPA write
 * with Update completes, IRQ_CTRL is acknowledged, S_INIT.INV_ALL
 * completes, and a CMDQ_PROD write makes the mock consume commands from
 * the queue in (simulated) memory. Each of these can be told to
 * misbehave (never, or only after N reads), so tests can prove that the
 * library turns a silent SMMU into a timeout rather than a hang.
 *
 * The mock reads queues and tables through a memory callback that turns
 * a physical address into a host pointer (the test port supplies it).
 * Built into libsmmuv3-mock.a for integrators' own tests.
 */
#ifndef SMMUV3_MOCK_H
#define SMMUV3_MOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The mock has its own reading of the architecture (mock_arch.h, private
 * to it) and includes none of the library's headers. */

/** Size of the register frame the mock models: pages 0 and 1. */
#define SMMUV3_MOCK_FRAME_SIZE 0x20000u

/** One 16-byte command as the SMMU reads it from the queue. */
struct smmuv3_mock_cmd {
	uint64_t dw[2];
};

/** Line printer of smmuv3_mock_dump_stream() (same shape as the
 *  library's smmuv3_print_fn). */
typedef void smmuv3_mock_print_fn(void *arg, const char *line);

/** ID register values describing one SMMU model. */
struct smmuv3_mock_profile {
	const char *name;
	uint32_t idr[6];
	uint32_t iidr;
	uint32_t aidr;
	uint32_t s_idr0;
	uint32_t s_idr1;
	/* ---- strtab area ---- */
	/** QEMU 10 rejects STEs with S1CDMax != 0 (C_BAD_STE) even though,
	 *  with SSIDSIZE = 0, the architecture ignores the field. */
	bool qemu_ste_checks;
};

/** QEMU 10.0 `virt`: stage 1+2, 16-bit SIDs, no SSIDs, coherent, RIL. */
extern const struct smmuv3_mock_profile smmuv3_mock_profile_qemu;
/** Arm MMU-600-like: stage 1+2, 16-bit SIDs, 20-bit SSIDs, PRI/ATS, MSI,
 *  SEV, 2-level CD tables, Secure bank implemented. */
extern const struct smmuv3_mock_profile smmuv3_mock_profile_mmu600;
/** Minimal: stage 2 only, linear stream table (6 SID bits), 4K only,
 *  non-coherent, 8-bit VMIDs. */
extern const struct smmuv3_mock_profile smmuv3_mock_profile_minimal;

/** Registers whose update the mock acknowledges. */
enum smmuv3_mock_ack {
	SMMUV3_MOCK_ACK_CR0 = 0,
	SMMUV3_MOCK_ACK_GBPA,
	SMMUV3_MOCK_ACK_IRQ_CTRL,
	SMMUV3_MOCK_ACK_S_INIT,
	SMMUV3_MOCK_ACK_COUNT,
};

/** One recorded register access. */
struct smmuv3_mock_access {
	uint32_t off;
	uint8_t size;   /**< 4 or 8 */
	bool write;
	uint64_t val;
};

/** Translates a physical address to a host pointer valid for len bytes
 *  (NULL if the address is not backed). */
typedef void *smmuv3_mock_mem_fn(void *arg, uint64_t pa, size_t len);

/** Called for every command the mock consumes; return a CERROR_* code
 *  (0 to accept the command). */
typedef uint32_t smmuv3_mock_cmd_fn(void *arg, unsigned int bank_secure,
				    const struct smmuv3_mock_cmd *cmd);

/** Per-register misbehaviour. */
struct smmuv3_mock_ack_cfg {
	bool never;          /**< never acknowledge */
	unsigned int delay;  /**< reads of the ack register before the ack shows */
};

/* ---- Translation (page-table area) -------------------------------------- */

struct smmuv3_mock;

/** Outcome of smmuv3_mock_translate(): OK, a configuration verdict of
 *  enum smmuv3_mock_verdict (strtab area: C_BAD_STE, ABORT, ...), or the
 *  translation fault the SMMU would record (event numbers, 7.3). */
#define SMMUV3_MOCK_XLATE_OK 0x00u
#define SMMUV3_MOCK_F_WALK_EABT 0x0bu
#define SMMUV3_MOCK_F_TRANSLATION 0x10u
#define SMMUV3_MOCK_F_ADDR_SIZE 0x11u
#define SMMUV3_MOCK_F_ACCESS 0x12u
#define SMMUV3_MOCK_F_PERMISSION 0x13u

/** Access flags of a transaction (default: unprivileged data read). */
#define SMMUV3_MOCK_ACC_WRITE 1u
#define SMMUV3_MOCK_ACC_EXEC 2u
#define SMMUV3_MOCK_ACC_PRIV 4u

/** Translation regimes a TLB entry belongs to (IHI 0070 4.4: which
 *  TLBI reaches it). Stage-2 and nested entries are EL1 (non-hyp). */
#define SMMUV3_MOCK_REGIME_EL1 0u
#define SMMUV3_MOCK_REGIME_EL2 1u
#define SMMUV3_MOCK_REGIME_EL3 2u

/** One translation stage as the SMMU sees it (from a CD or an STE). */
struct smmuv3_mock_stage {
	uint64_t ttb;              /**< TTB0 / S2TTB */
	unsigned int granule_log2; /**< 12, 14, 16 */
	unsigned int tsz;          /**< T0SZ / S2T0SZ */
	unsigned int sl0;          /**< stage 2: S2SL0 */
	unsigned int ps_bits;      /**< IPS / S2PS as bits */
	bool affd;                 /**< access-flag faults disabled */
	uint16_t asid;             /**< stage 1 TLB tag */
	uint16_t vmid;             /**< TLB tag */
	bool secure;               /**< TLB tag: Secure translation regime */
	uint8_t regime;            /**< TLB tag: SMMUV3_MOCK_REGIME_* (STE.STRW) */
	/** TLB tag: a Secure stream's stage 2 walking the Non-secure IPA
	 *  space (STE.S2TTB) rather than the Secure one (S_S2TTB). */
	bool ns_ipa;
};

/** Result of a translation. */
struct smmuv3_mock_xlate {
	uint32_t status;       /**< SMMUV3_MOCK_XLATE_OK or an event number */
	unsigned int stage;    /**< stage that faulted (0: configuration) */
	unsigned int level;    /**< level of the leaf or of the fault */
	bool s2_on_s1_walk;    /**< stage-2 fault fetching a stage-1 table */
	bool tlb_hit;          /**< some stage was answered by the TLB */
	uint64_t ipa;          /**< stage-1 output */
	uint64_t pa;           /**< output address */
	/** pa is in the Non-secure PA space (always for a Non-secure
	 *  stream; for a Secure stream's stage 2 as STE.S2SA/S2SW/S2NSA/
	 *  S2NSW decide for the IPA space walked). A Secure stream's
	 *  stage 1 alone reports Secure: descriptor NS bits are not
	 *  modelled. */
	bool pa_ns;
};

/** One cached translation: stage 1, stage 2, or 3 for a combined
 *  stage-1+2 entry of a nested stream (desc2/level2: its stage-2 leaf).
 *  With walk set, a walk-cache entry instead: the table descriptor at
 *  level for [in, in+size) points to the table at out; only Leaf = 0
 *  invalidations (and whole-ASID/VMID ones) remove it. Only the TLBIs
 *  of its regime (secure, regime) reach an entry, and an address-based
 *  TLBI with a granule (TG) or level hint (TTL) only reaches entries
 *  walked with that granule, leaves at that level (tables above it), as
 *  hardware may (IHI 0070 4.4.1.1): a wrong hint leaves the entry. */
struct smmuv3_mock_tlb_entry {
	bool walk;
	uint8_t stage;
	uint8_t level, level2;
	uint16_t vmid, asid;
	uint64_t in, size, out;
	uint64_t desc, desc2;
	bool secure;
	uint8_t regime;
	uint8_t granule_log2;
	bool ns_ipa;            /**< smmuv3_mock_stage.ns_ipa */
};

/**
 * Translate @p addr for stream @p sid (substream @p ssid when @p ssv) the
 * way the SMMU would: STE from the Non-secure stream table registers
 * (decoded by smmuv3_mock_decode_ste()), CD (smmuv3_mock_decode_cd_words()),
 * stage-1 and stage-2 walks (stage-1 table and CD fetches translated by
 * stage 2 when nested), permissions, access flag, address sizes. With
 * tlb_enabled, leaf translations are cached and only TLBI commands the
 * mock consumes remove them.
 */
void smmuv3_mock_translate(struct smmuv3_mock *mock, uint32_t sid, uint32_t ssid, bool ssv,
			   uint64_t addr, unsigned int acc, struct smmuv3_mock_xlate *out);
/** Translate through explicit stages (either NULL for bypass). */
void smmuv3_mock_translate_stages(struct smmuv3_mock *mock, const struct smmuv3_mock_stage *s1,
				  const struct smmuv3_mock_stage *s2, uint64_t addr,
				  unsigned int acc, struct smmuv3_mock_xlate *out);
/** Forget every cached translation. */
void smmuv3_mock_tlb_flush(struct smmuv3_mock *mock);
/** Cache @p e as if the SMMU had walked it (an earlier stage's entries). */
void smmuv3_mock_tlb_insert(struct smmuv3_mock *mock, const struct smmuv3_mock_tlb_entry *e);
/**
 * A TLB maintenance instruction a CPU broadcast (DVM), given in the
 * encoding of the equivalent SMMU command (@p dw: CMD_TLBI_* words) for
 * the @p secure world. The SMMU takes part only when IDR0.BTM = 1 and
 * the bank's CR2.PTM = 0 (IHI 0070 6.3.12); otherwise it may ignore
 * broadcasts, and the mock does.
 * @return true when the SMMU applied it.
 */
bool smmuv3_mock_broadcast_tlbi(struct smmuv3_mock *mock, bool secure, const uint64_t dw[2]);

/** The mock SMMU. Allocate with smmuv3_mock_create(). */
/* ---- Stalled transactions (stall area) ---- */

/** Most transactions the mock holds stalled at once. */
#define SMMUV3_MOCK_MAX_STALLED 16u

/** Where a device access stands (smmuv3_mock_access()). */
enum smmuv3_mock_access_state {
	SMMUV3_MOCK_ACCESS_FREE = 0,   /**< slot unused */
	SMMUV3_MOCK_ACCESS_STALLED,    /**< waiting for CMD_RESUME / CMD_STALL_TERM */
	SMMUV3_MOCK_ACCESS_DONE,       /**< completed: out.pa is where it went */
	SMMUV3_MOCK_ACCESS_FAULTED,    /**< terminated by a fault that does not stall */
	SMMUV3_MOCK_ACCESS_ABORTED,    /**< RESUME(terminate, Ab = 1) or STALL_TERM */
	SMMUV3_MOCK_ACCESS_RAZWI,      /**< RESUME(terminate, Ab = 0), TERM_MODEL 0 */
};

/** One device access the mock tracks until it completes. */
struct smmuv3_mock_stalled {
	enum smmuv3_mock_access_state state;
	uint32_t sid, ssid;
	bool ssv;
	uint64_t addr;
	unsigned int acc;
	uint16_t stag;          /**< of its current stall */
	unsigned int stalls;    /**< times it stalled (retries that fault again stall again) */
	struct smmuv3_mock_xlate out; /**< last translation */
	bool secure;            /**< a Secure stream (smmuv3_mock_access_sec()) */
	bool ns_attr;           /**< its NS attribute (smmuv3_mock_access_ns()) */
};

struct smmuv3_mock {
	uint32_t regs[SMMUV3_MOCK_FRAME_SIZE / 4];
	struct smmuv3_mock_profile profile;

	/* Misbehaviour knobs. */
	struct smmuv3_mock_ack_cfg ack[SMMUV3_MOCK_ACK_COUNT];
	/** Command queue consumer stopped (commands pile up). */
	bool cmdq_stopped;
	/** Reject the command whose n_consumed count (1-based) equals this,
	 *  with cerror_code (CERROR_ILL if 0); 0: never. */
	uint64_t cerror_at;
	uint32_t cerror_code;

	/* Memory. */
	smmuv3_mock_mem_fn *mem;
	void *mem_arg;
	smmuv3_mock_cmd_fn *on_cmd;
	void *on_cmd_arg;

	/* Recording. */
	struct smmuv3_mock_access *log;
	size_t log_len, log_cap;
	bool log_reads;
	struct smmuv3_mock_cmd *cmds;    /**< every command consumed, in order */
	size_t n_cmds, cmds_cap;
	uint64_t n_syncs;           /**< CMD_SYNCs completed */
	uint64_t n_consumed;        /**< commands read, including rejected ones */
	uint64_t n_prod_writes;     /**< CMDQ_PROD writes seen */
	/** Accesses the architecture makes UNPREDICTABLE or QEMU rejects:
	 *  64-bit access to a 32-bit register, base register written while
	 *  its queue or the SMMU is enabled, out-of-frame offsets. */
	uint64_t violations;
	/** Times SMMUEN went to 0 with GBPA.ABORT clear: from then on
	 *  every stream bypassed translation. */
	uint64_t bypass_windows;
	/** S_INIT.INV_ALL writes performed, and ignored because an SMMUEN
	 *  was 1 (IHI 0070 6.3.62 allows either; the mock ignores). */
	uint64_t n_inv_all, n_inv_all_ignored;

	/* Internal acknowledgement state. */
	uint32_t ack_pending[SMMUV3_MOCK_ACK_COUNT][2];
	unsigned int ack_countdown[SMMUV3_MOCK_ACK_COUNT][2];
	bool ack_busy[SMMUV3_MOCK_ACK_COUNT][2];

	/* ---- Command, event and PRI queues (cmdq area) ---- */
	/** Commands consumed per PROD write (and per CONS read when
	 *  cmdq_consume_on_read); 0: everything pending. */
	unsigned int cmdq_consume_max;
	/** A CMDQ_CONS read also lets the consumer make progress (models an
	 *  SMMU draining while software waits). */
	bool cmdq_consume_on_read;
	/** CMDQ_CONS reads that make no progress before consuming resumes
	 *  (with cmdq_consume_on_read): models a queue that drains late. */
	unsigned int cmdq_read_delay;
	/** Commands consumed on each GERROR read (0: none): models an SMMU
	 *  that moves on, and may fail, between software's reads of
	 *  CMDQ_CONS and GERROR. */
	unsigned int cmdq_consume_on_gerror_read;
	/** Simulated consumption latency in real (CLOCK_MONOTONIC) time, 0:
	 *  none. A PROD write to an idle queue starts a batch; a CMDQ_PROD
	 *  write or CMDQ_CONS read at least this long after consumes
	 *  everything then pending (commands that arrived meanwhile join the
	 *  batch, as on an SMMU busy with the first). For throughput
	 *  benchmarks with several submitting threads. */
	uint64_t cmdq_latency_ns;
	uint64_t cmdq_busy_since_ns;  /**< start of the batch in progress */
	/** CMDQ_PROD writes that arrived while a batch was in progress
	 *  (cmdq_latency_ns): software wrote while the SMMU worked. */
	uint64_t n_prod_writes_busy;
	/** CMD_SYNC MSI writes fail (raise GERROR.MSI_CMDQ_ABT_ERR). */
	bool msi_abort;
	uint64_t n_sev;             /**< CMD_SYNCs completed with SIG_SEV */
	uint64_t n_msi;             /**< CMD_SYNC MSI writes performed */
	uint64_t n_cons_reads;      /**< CMDQ_CONS reads seen */
	/** QEMU behaviour: a full event queue raises GERROR.EVENTQ_ABT_ERR
	 *  instead of toggling EVENTQ_PROD.OVFLG. */
	bool evtq_overflow_gerror;
	uint64_t n_evt_dropped;     /**< event records lost to a full queue */
	uint64_t n_pri_dropped;     /**< PRI requests lost to a full queue */

	/* Translation (page-table area). */
	bool tlb_enabled;             /**< cache leaf translations */
	struct smmuv3_mock_tlb_entry *tlb;
	size_t tlb_len, tlb_cap;
	uint64_t tlb_hits;            /**< lookups answered from the TLB */
	uint64_t tlb_invalidated;     /**< entries removed by commands */
	uint64_t tlbi_seen;           /**< TLBI commands consumed */
	uint64_t n_broadcast_tlbi;    /**< broadcast TLBIs the SMMU applied */

	/* ---- Stalled transactions (stall area) ---- */
	struct smmuv3_mock_stalled stalled[SMMUV3_MOCK_MAX_STALLED];
	uint16_t stag_next;         /**< next STAG to try */
	uint64_t n_resumes;         /**< CMD_RESUMEs that matched a stall */
};

/** Allocate a mock with @p profile's ID registers, in reset state. */
struct smmuv3_mock *smmuv3_mock_create(const struct smmuv3_mock_profile *profile);
/** Free a mock and its logs. */
void smmuv3_mock_destroy(struct smmuv3_mock *mock);
/** Set the physical-memory accessor used to read queues and tables. */
void smmuv3_mock_set_mem(struct smmuv3_mock *mock, smmuv3_mock_mem_fn *fn, void *arg);

/** MMIO entry points, offsets from the register base. */
uint32_t smmuv3_mock_read32(struct smmuv3_mock *mock, uint32_t off);
void smmuv3_mock_write32(struct smmuv3_mock *mock, uint32_t off, uint32_t val);
uint64_t smmuv3_mock_read64(struct smmuv3_mock *mock, uint32_t off);
void smmuv3_mock_write64(struct smmuv3_mock *mock, uint32_t off, uint64_t val);

/** Register value as stored, without side effects or logging. */
uint32_t smmuv3_mock_peek32(const struct smmuv3_mock *mock, uint32_t off);
/** Set a register without side effects (for injecting state). */
void smmuv3_mock_poke32(struct smmuv3_mock *mock, uint32_t off, uint32_t val);

/* ---- Handover: what an earlier boot stage leaves behind ---- */
/** SMMUEN and every queue enabled, pointing at the earlier stage's tables
 *  and queues (not memory the mock can read). */
#define SMMUV3_MOCK_HO_ENABLED (1u << 0)
/** GBPA.ABORT clear: streams bypass whenever SMMUEN is 0. */
#define SMMUV3_MOCK_HO_GBPA_BYPASS (1u << 1)
/** A command error left: GERROR.CMDQ_ERR active, CMDQ_CONS.ERR =
 *  CERROR_ILL, the queue halted with a command pending. */
#define SMMUV3_MOCK_HO_CMDQ_ERR (1u << 2)
/** Other global errors active: queue and MSI aborts. */
#define SMMUV3_MOCK_HO_GERROR (1u << 3)
/** Event (and PRI) queue overflow flagged, not acknowledged. */
#define SMMUV3_MOCK_HO_OVERFLOW (1u << 4)
/** Every interrupt enabled, MSIs aimed at the earlier stage's doorbells. */
#define SMMUV3_MOCK_HO_IRQ (1u << 5)
/** Translations cached in every regime the world implements (EL1
 *  stage 1, stage 2, nested, walk cache, EL2 / S-EL2, EL3). */
#define SMMUV3_MOCK_HO_TLB (1u << 6)
#define SMMUV3_MOCK_HO_ALL 0x7fu

/** Put the (Secure if @p secure) bank in the state an earlier boot stage
 *  left, as the @p what flags (SMMUV3_MOCK_HO_*) say. */
void smmuv3_mock_handover(struct smmuv3_mock *mock, bool secure, unsigned int what);
/** Cached translations (TLB and walk cache) of one world. */
size_t smmuv3_mock_tlb_count(const struct smmuv3_mock *mock, bool secure);

/** Raise GERROR bits (toggle them relative to GERRORN) in a bank. */
void smmuv3_mock_raise_gerror(struct smmuv3_mock *mock, bool secure, uint32_t bits);

/** Index in the access log of the first write to @p off at or after
 *  @p from, or -1. */
long smmuv3_mock_find_write(const struct smmuv3_mock *mock, uint32_t off, size_t from);
/** Number of writes to @p off in the log. */
size_t smmuv3_mock_count_writes(const struct smmuv3_mock *mock, uint32_t off);
/** True when any access (read or write, if reads are logged) touched the
 *  Secure bank. */
bool smmuv3_mock_touched_secure(const struct smmuv3_mock *mock);
/** Forget recorded accesses and commands. */
void smmuv3_mock_clear_log(struct smmuv3_mock *mock);
/** Consume whatever commands are pending (after cmdq_stopped is cleared). */
void smmuv3_mock_cmdq_process(struct smmuv3_mock *mock, bool secure);

/* ---- Stream table and CD decoder (strtab area) ------------------------------
 * What the SMMU would use for a stream: the mock walks the tables the
 * library built (through the memory callback) and decodes STEs and CDs
 * from the bit positions of IHI 0070 5.2 and 5.4, applying the validity
 * rules of 5.2.2 and 5.4.2 against the mock's ID registers. Written
 * independently of the library's builders (it does not use ste.h/cd.h
 * masks), so builder tests compare against an independent reading. */

/** Outcome of a decode: 0 (usable), a silent abort, or the event the SMMU
 *  would record (architectural event numbers). */
enum smmuv3_mock_verdict {
	SMMUV3_MOCK_OK = 0,
	SMMUV3_MOCK_C_BAD_STREAMID = 0x02,
	SMMUV3_MOCK_F_STE_FETCH = 0x03,
	SMMUV3_MOCK_C_BAD_STE = 0x04,
	SMMUV3_MOCK_F_STREAM_DISABLED = 0x06,
	SMMUV3_MOCK_C_BAD_SUBSTREAMID = 0x08,
	SMMUV3_MOCK_F_CD_FETCH = 0x09,
	SMMUV3_MOCK_C_BAD_CD = 0x0a,
	SMMUV3_MOCK_ABORT = 0x100,        /**< Config 0b0xx: abort, no event */
	SMMUV3_MOCK_S1_BYPASS = 0x101,    /**< no CD used: S1DSS bypass */
};

/** One STE as the SMMU reads it. Fields the configuration ignores are 0,
 *  so two decodes that compare equal mean the same to the SMMU. */
struct smmuv3_mock_ste_info {
	uint64_t ste_pa;          /**< where the STE was read (0 for raw words) */
	unsigned int config;      /**< STE.Config */
	bool s1, s2;              /**< stages that translate */
	/* Stage 1. */
	uint64_t s1_ctx;          /**< S1ContextPtr (byte address) */
	unsigned int s1fmt, s1cdmax, s1dss, strw;
	unsigned int s1cir, s1cor, s1csh;
	bool s1stalld;
	/* Stage 2 (and the VMID tag, when not ignored). */
	bool vmid_used;
	uint16_t vmid;
	uint64_t s2ttb;
	unsigned int s2t0sz, s2sl0, s2granule, s2ps_bits; /* granule: log2 bytes */
	unsigned int s2ir0, s2or0, s2sh0;
	bool s2aa64, s2endi, s2affd, s2ptw, s2ha, s2hd, s2s, s2r;
	/* Secure stage 2. */
	uint64_t s_s2ttb;
	unsigned int s_s2t0sz, s_s2sl0, s_s2granule;
	bool s2sw, s2sa, s2nsw, s2nsa;
	/* Attributes. */
	unsigned int eats, memattr, alloccfg, shcfg, nscfg, privcfg, instcfg;
	bool mtcfg;
};

/** One CD as the SMMU reads it (fields of a disabled half are 0). */
struct smmuv3_mock_cd_info {
	uint64_t cd_pa;           /**< where the CD was read (0 for raw words) */
	bool epd0, epd1;
	uint64_t ttb0, ttb1;
	unsigned int t0sz, t1sz, granule0, granule1; /* granule: log2 bytes */
	unsigned int ir0, or0, sh0, ir1, or1, sh1;
	unsigned int ips_bits;
	uint16_t asid;
	uint64_t mair;
	bool aa64, endi, a, r, s, ha, hd;
};

/** Decode raw STE words as if read from the (Secure if @p secure) stream
 *  table. Returns an enum smmuv3_mock_verdict; *why names a failed rule. */
int smmuv3_mock_decode_ste_words(const struct smmuv3_mock *mock, bool secure,
				 const uint64_t ste[8], struct smmuv3_mock_ste_info *out,
				 const char **why);
/** Find and decode the STE of @p sid through STRTAB_BASE(_CFG). */
int smmuv3_mock_decode_ste(const struct smmuv3_mock *mock, bool secure, uint32_t sid,
			   struct smmuv3_mock_ste_info *out, const char **why);
/** Decode raw CD words for a stream whose STE decoded as @p ste. */
int smmuv3_mock_decode_cd_words(const struct smmuv3_mock *mock, bool secure,
				const struct smmuv3_mock_ste_info *ste, const uint64_t cd[8],
				struct smmuv3_mock_cd_info *out, const char **why);
/** Find and decode the CD a transaction (@p sid, @p ssid if @p ssv) uses:
 *  STE, then the CD table (linear or two-level). CD addresses of a nested
 *  stream are used as PAs (the translator extends this). */
int smmuv3_mock_decode_cd(const struct smmuv3_mock *mock, bool secure, uint32_t sid,
			  uint32_t ssid, bool ssv, struct smmuv3_mock_ste_info *ste,
			  struct smmuv3_mock_cd_info *out, const char **why);
/** Render a decoded STE / CD on one line (for failure messages). */
void smmuv3_mock_ste_str(const struct smmuv3_mock_ste_info *ste, char *buf, size_t len);
void smmuv3_mock_cd_str(const struct smmuv3_mock_cd_info *cd, char *buf, size_t len);
/** Print what the SMMU would use for @p sid, one line per call: the STE,
 *  its valid CDs (first 8 of the first 1024 SSIDs) and, for each stage it
 *  can walk, a summary of what is mapped (ranges merged, first 8 shown). */
void smmuv3_mock_dump_stream(const struct smmuv3_mock *mock, bool secure, uint32_t sid,
			     smmuv3_mock_print_fn *print, void *arg);

/* ---- Command, event and PRI queues (cmdq area) ---- */

/** Number of recorded (accepted) commands with opcode @p op. */
size_t smmuv3_mock_count_cmds(const struct smmuv3_mock *mock, uint32_t op);
/**
 * Write an event record into the (Secure if @p secure) event queue as
 * the SMMU would: at PROD, then PROD advanced. A full queue loses the
 * record and signals overflow (PROD.OVFLG toggled, or
 * GERROR.EVENTQ_ABT_ERR with evtq_overflow_gerror).
 * @return 0 when written, -1 when lost (full, disabled or unbacked).
 */
int smmuv3_mock_inject_event(struct smmuv3_mock *mock, bool secure, const uint64_t rec[4]);
/** Write a PRI page request (two dwords) into the PRI queue, as above. */
int smmuv3_mock_inject_pri(struct smmuv3_mock *mock, const uint64_t rec[2]);

/* ---- Stalled transactions (stall area) ---- */

/**
 * A Non-secure device access: translate as smmuv3_mock_translate(), and
 * when it takes a translation-related fault (F_TRANSLATION, F_ADDR_SIZE,
 * F_ACCESS, F_PERMISSION) at a stage configured to stall (stage 1:
 * STE.S1STALLD = 0 and CD.S = 1; stage 2: STE.S2S = 1), record a stall
 * event (Stall = 1, a fresh STAG) in the event queue, as the SMMU always
 * does for stalls (IHI 0070 3.12.2), and hold the access until
 * CMD_RESUME (retry: translated again, stalling again if it still
 * faults; terminate) or CMD_STALL_TERM for its StreamID is consumed.
 * @return the access's slot (>= 0, look at mock->stalled[slot]), whatever
 *         the outcome; -1 when every slot is busy. Free the slot with
 *         smmuv3_mock_access_free() once it is no longer STALLED.
 */
int smmuv3_mock_access(struct smmuv3_mock *mock, uint32_t sid, uint32_t ssid, bool ssv,
		       uint64_t addr, unsigned int acc);
/** smmuv3_mock_access() for a Secure (@p secure) stream: Secure stream
 *  table, S_IDR0.STALL_MODEL, Secure event queue, CMD_RESUME/STALL_TERM
 *  with SSec = 1. Stage 1 or stage 2 (S_S2TTB) alone; nested Secure
 *  streams are not modelled (C_BAD_STE). */
int smmuv3_mock_access_sec(struct smmuv3_mock *mock, bool secure, uint32_t sid, uint32_t ssid,
			   bool ssv, uint64_t addr, unsigned int acc);
/** smmuv3_mock_access_sec() on a Secure stream with the transaction's
 *  NS attribute @p ns (smmuv3_mock_access_sec() sends Secure ones).
 *  Stage 2 alone: STE.NSCFG may override it (Secure / Non-secure); the
 *  result picks the IPA space, S2TTB (NS) or S_S2TTB (Secure), and the
 *  output PA space is reported in out.pa_ns. TLBI_S_S2_IPA's NS bit is
 *  not decoded: it reaches the entries of both spaces. */
int smmuv3_mock_access_ns(struct smmuv3_mock *mock, uint32_t sid, uint32_t ssid, bool ssv,
			  uint64_t addr, unsigned int acc, bool ns);
/** Forget a finished access (a stalled one stays). */
void smmuv3_mock_access_free(struct smmuv3_mock *mock, int slot);
/** Number of accesses currently stalled. */
unsigned int smmuv3_mock_stalled_count(const struct smmuv3_mock *mock);

#endif /* SMMUV3_MOCK_H */
