/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file stream.h
 * @brief Streams: who owns each StreamID and what translation it gets.
 *
 * A stream is claimed by an owner (an opaque endpoint ID, e.g. a
 * partition ID), configured by that owner, and released back to the
 * default (abort unless cfg.bypass_unconfigured). Every change reaches
 * the SMMU through a safe STE update (docs/ste-cd-update-rules.md):
 * no intermediate state mixes two configurations.
 *
 * @code
 *   struct smmuv3_stream_cfg sc;
 *   smmuv3_stream_claim(&smmu, 0x10, PART_ID);
 *   smmuv3_stream_cfg_init(&smmu, &sc, SMMUV3_STREAM_S2);
 *   sc.s2.ttb = root_pa; sc.s2.vmid = vmid; sc.s2.t0sz = 64 - 40; sc.s2.sl0 = 1;
 *   smmuv3_stream_configure(&smmu, 0x10, PART_ID, &sc);
 * @endcode
 */
#ifndef SMMUV3_STREAM_H
#define SMMUV3_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/cd.h>
#include <smmuv3/features.h>
#include <smmuv3/ste.h>

struct smmuv3;

/** What a stream does with its traffic. */
enum smmuv3_stream_mode {
	SMMUV3_STREAM_ABORT = 0,  /**< terminate everything, no event */
	SMMUV3_STREAM_BYPASS,     /**< pass untranslated (attribute overrides apply) */
	SMMUV3_STREAM_S1,         /**< stage 1 only (CD table) */
	SMMUV3_STREAM_S2,         /**< stage 2 only */
	SMMUV3_STREAM_NESTED,     /**< stage 1, then stage 2 */
};

/**
 * Attribute overrides of the STE (IHI 0070 5.2: MTCFG, MemAttr, ALLOCCFG,
 * SHCFG, PRIVCFG, INSTCFG, NSCFG). All zero means "use the incoming
 * attributes".
 */
struct smmuv3_ste_attrs {
	bool types;          /**< override type/shareability (needs IDR1.ATTR_TYPES_OVR) */
	uint8_t memattr;     /**< STE.MemAttr, with types */
	uint8_t alloccfg;    /**< STE.ALLOCCFG (0b1RWT to override hints), with types */
	uint8_t shcfg;       /**< SMMUV3_STE_SHCFG_*, with types */
	bool perms;          /**< override PRIV/INST (needs IDR1.ATTR_PERMS_OVR) */
	uint8_t privcfg;     /**< 2: unprivileged, 3: privileged */
	uint8_t instcfg;     /**< 2: data, 3: instruction */
	/** Secure STEs without stage 1: SMMUV3_STE_NSCFG_* (needs
	 *  ATTR_PERMS_OVR unless INCOMING). */
	uint8_t nscfg;
};

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

struct smmuv3_s2_cfg {
	uint64_t ttb;        /**< S2TTB: root table PA (Non-secure IPA space) */
	uint16_t vmid;       /**< S2VMID */
	uint8_t t0sz;        /**< 64 - IPA bits */
	uint8_t sl0;         /**< starting level, VTCR_EL2.SL0 encoding */
	enum smmuv3_granule tg;
	uint8_t ps;          /**< output size, IDR5.OAS encoding */
	uint8_t ir0, or0, sh0; /**< walk attributes (SMMUV3_CACHE_*, SMMUV3_SH_*) */
	bool ptw;            /**< S2PTW: stage-1 walks to Device memory fault */
	bool record_faults;  /**< S2R */
	bool affd;           /**< S2AFFD: Access-flag faults disabled */
	/* Secure STEs with S_IDR1.SEL2: the Secure IPA space. */
	uint64_t s_ttb;      /**< S_S2TTB */
	uint8_t s_t0sz, s_sl0;
	enum smmuv3_granule s_tg;
	bool sw, sa;         /**< S2SW/S2SA: Secure-space walks/output are NS */
	bool nsw, nsa;       /**< S2NSW/S2NSA (Secure STEs only) */
	/** Nested streams: the window through which stage 1 reads the
	 *  library's CD tables (S1ContextPtr and L1CD pointers are IPAs
	 *  in it; a table outside it is SMMUV3_ERR_TABLE_WINDOW). */
	struct smmuv3_table_window win;
};

/** Stage-1 configuration of a stream: its CD table. */
struct smmuv3_s1_cfg {
	/** log2 of the number of CDs (S1CDMax); 0: one CD, no substreams.
	 *  At most IDR1.SSIDSIZE. */
	unsigned int ssid_bits;
	/** Traffic without a SubstreamID when ssid_bits > 0: SMMUV3_STE_S1DSS_*. */
	uint8_t s1dss;
	/** StreamWorld: SMMUV3_STE_STRW_* (EL2 needs IDR0.HYP or Secure EL2). */
	uint8_t strw;
	/** Stage-1 TLB tag VMID for a Non-secure stage-1-only stream (NS-EL1
	 *  stream worlds tag with STE.S2VMID when stage 2 exists). */
	uint16_t vmid;
	/** 0: the library allocates and manages the CD table. Otherwise the
	 *  PA (IPA when nested) of a CD table the caller owns and fills.
	 *  A library-managed table of a NESTED stream is pointed to by its
	 *  PA, which stage 2 must then map at the same IPA. */
	uint64_t cdtab_pa;
	/** Size of the caller's table in bytes (level-1 table when 2-level). */
	size_t cdtab_bytes;
	/** S1Fmt of the caller's table: SMMUV3_STE_S1FMT_*. */
	uint8_t cdtab_fmt;
};

/** Everything an STE says about a stream. Fill with smmuv3_stream_cfg_init(). */
struct smmuv3_stream_cfg {
	enum smmuv3_stream_mode mode;
	struct smmuv3_ste_attrs attrs;
	struct smmuv3_s1_cfg s1;  /**< S1 and NESTED */
	struct smmuv3_s2_cfg s2;  /**< S2 and NESTED */
	/** PCIe ATS (STE.EATS full) for a translating Non-secure stream. */
	bool ats;
	/** Fault-and-resume: faulting transactions stall until answered
	 *  (smmuv3_poll() handlers, smmuv3_stall_resume()). Stage 1: STE.S1STALLD
	 *  = 0, so the stream's CDs may set smmuv3_cd_cfg.stall; stage 2:
	 *  STE.S2S = 1. Needs a stall model that can stall (SMMUV3_ERR_NOTSUP
	 *  on a terminate-only SMMU); implied when stalls are forced. Not with
	 *  @c ats at stage 2 (IHI 0070 5.2: EATS with S2S is ILLEGAL). See
	 *  docs/stream-table.md. */
	bool stall;
};

/**
 * @brief Defaults for @p mode: incoming attributes, one CD managed by the
 *        library, 4 KiB stage-2 granule with a 40-bit IPA starting at
 *        level 1 (or the SMMU's OAS if smaller), PS from the OAS, WBWA/ISH
 *        walks when the SMMU is coherent (NC/OSH otherwise), S2R set.
 *        The TTBs and VMID are 0: set them.
 */
void smmuv3_stream_cfg_init(const struct smmuv3 *smmu, struct smmuv3_stream_cfg *cfg,
			    enum smmuv3_stream_mode mode);

/**
 * @brief Encode @p cfg into @p ste for @p smmu, checking it against the
 *        SMMU's features. Pure: touches no table. @p cd_pa, @p cd_fmt are
 *        the CD table the STE should point to (ignored without stage 1;
 *        the library passes its own table's, callers of this low-level
 *        builder pass theirs).
 * @return 0; SMMUV3_ERR_INVAL for a malformed field; SMMUV3_ERR_RANGE for
 *         a VMID, size or address beyond the SMMU; SMMUV3_ERR_ALIGN for a
 *         misaligned table; SMMUV3_ERR_NOTSUP for a stage, granule,
 *         override, ATS or stall (cfg.stall) the SMMU lacks.
 */
int smmuv3_ste_build(const struct smmuv3 *smmu, const struct smmuv3_stream_cfg *cfg,
		     uint64_t cd_pa, unsigned int cd_fmt, struct smmuv3_ste *ste);

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
 * @brief Point @p sid at the translation @p cfg describes. With stage 1
 *        and no caller table, the library allocates a CD table of
 *        2^ssid_bits CDs (kept across reconfigurations of the same size);
 *        install its CDs with smmuv3_stream_set_cd().
 * The raw configuration is the owner's alternative to domains: a stream
 * with a domain attached is refused (SMMUV3_ERR_BUSY).
 * @return 0; SMMUV3_ERR_OWNED if @p owner does not hold the stream;
 *         SMMUV3_ERR_NOENT if unclaimed; SMMUV3_ERR_BUSY while a domain is
 *         attached; a build error; SMMUV3_ERR_BADTABLE
 *         for a caller CD table too small or misaligned for its S1CDMax;
 *         SMMUV3_ERR_STATE when the stream's library CD table, kept by
 *         this configuration, holds a stalling CD (CD.S = 1) that the new
 *         STE would make ILLEGAL (S1STALLD = 1: cfg.stall is off);
 *         SMMUV3_ERR_NOMEM (the previous STE stays live, nothing leaks);
 *         a command error.
 */
int smmuv3_stream_configure(struct smmuv3 *smmu, uint32_t sid, uint32_t owner,
			    const struct smmuv3_stream_cfg *cfg);

/**
 * @brief Copy the STE the SMMU currently sees for @p sid.
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_RANGE; SMMUV3_ERR_STATE;
 *         SMMUV3_ERR_NOENT when the SID's level-2 table does not exist
 *         (the SMMU sees C_BAD_STREAMID).
 */
int smmuv3_stream_read_ste(const struct smmuv3 *smmu, uint32_t sid, struct smmuv3_ste *ste);

/**
 * @brief Render one stream's configuration as the SMMU would read it:
 *        STE fields, CD table and CDs, translation-table bases.
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_RANGE; SMMUV3_ERR_STATE.
 */
int smmuv3_stream_dump(const struct smmuv3 *smmu, uint32_t sid, smmuv3_print_fn *print,
		       void *arg);

#endif /* SMMUV3_STREAM_H */
