/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file hw/cd.h
 * @brief Hardware level (less stable): context descriptors (CD, IHI 0070 5.4), level-1 CD descriptors
 *        (L1CD, 5.3), the CD builder and per-stream CD management.
 *
 * A stream with stage 1 has a CD table of 2^S1CDMax entries, one per
 * SubstreamID (one entry when substreams are off). The table is either
 * managed by the library (smmuv3_stream_set_cd() writes entries) or
 * owned by the caller (see struct smmuv3_s1_cfg::cdtab_pa).
 */
#ifndef SMMUV3_HW_CD_H
#define SMMUV3_HW_CD_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/bits.h>

struct smmuv3;

/** Bytes in one CD. */
#define SMMUV3_CD_BYTES 64u
/** 64-bit words in one CD. */
#define SMMUV3_CD_DWORDS 8u

/** One CD as the SMMU reads it. */
struct smmuv3_cd {
	uint64_t dw[SMMUV3_CD_DWORDS];
};

/* ---- Level-1 CD descriptor (8 bytes) --------------------------------------- */
#define SMMUV3_L1CD_V SMMUV3_BIT(0)
#define SMMUV3_L1CD_L2PTR SMMUV3_GENMASK(55, 12)
#define SMMUV3_L1CD_BYTES 8u
/** SubstreamID bits resolved by a 4 KiB (S1Fmt 1) / 64 KiB (S1Fmt 2) leaf. */
#define SMMUV3_CD_L2_BITS_4K 6u
#define SMMUV3_CD_L2_BITS_64K 10u

/* ---- CD word 0 ------------------------------------------------------------- */
#define SMMUV3_CD0_T0SZ SMMUV3_GENMASK(5, 0)
#define SMMUV3_CD0_TG0 SMMUV3_GENMASK(7, 6)       /* SMMUV3_TG0_* (ste.h) */
#define SMMUV3_CD0_IR0 SMMUV3_GENMASK(9, 8)
#define SMMUV3_CD0_OR0 SMMUV3_GENMASK(11, 10)
#define SMMUV3_CD0_SH0 SMMUV3_GENMASK(13, 12)
#define SMMUV3_CD0_EPD0 SMMUV3_BIT(14)
#define SMMUV3_CD0_ENDI SMMUV3_BIT(15)
#define SMMUV3_CD0_T1SZ SMMUV3_GENMASK(21, 16)
#define SMMUV3_CD0_TG1 SMMUV3_GENMASK(23, 22)     /* SMMUV3_TG1_* */
#define SMMUV3_CD0_IR1 SMMUV3_GENMASK(25, 24)
#define SMMUV3_CD0_OR1 SMMUV3_GENMASK(27, 26)
#define SMMUV3_CD0_SH1 SMMUV3_GENMASK(29, 28)
#define SMMUV3_CD0_EPD1 SMMUV3_BIT(30)
#define SMMUV3_CD0_V SMMUV3_BIT(31)
#define SMMUV3_CD0_IPS SMMUV3_GENMASK(34, 32)
#define SMMUV3_CD0_AFFD SMMUV3_BIT(35)
#define SMMUV3_CD0_WXN SMMUV3_BIT(36)
#define SMMUV3_CD0_UWXN SMMUV3_BIT(37)
#define SMMUV3_CD0_TBI0 SMMUV3_BIT(38)
#define SMMUV3_CD0_TBI1 SMMUV3_BIT(39)
#define SMMUV3_CD0_PAN SMMUV3_BIT(40)
#define SMMUV3_CD0_AA64 SMMUV3_BIT(41)
#define SMMUV3_CD0_HD SMMUV3_BIT(42)
#define SMMUV3_CD0_HA SMMUV3_BIT(43)
#define SMMUV3_CD0_S SMMUV3_BIT(44)
#define SMMUV3_CD0_R SMMUV3_BIT(45)
#define SMMUV3_CD0_A SMMUV3_BIT(46)
#define SMMUV3_CD0_ASET SMMUV3_BIT(47)
#define SMMUV3_CD0_ASID SMMUV3_GENMASK(63, 48)

/* TTBR1 granule encodings (CD.TG1). */
#define SMMUV3_TG1_16K 1u
#define SMMUV3_TG1_4K 2u
#define SMMUV3_TG1_64K 3u

/* Cacheability (IRx/ORx) and shareability (SHx) of walks. */
#define SMMUV3_CACHE_NC 0u
#define SMMUV3_CACHE_WBWA 1u
#define SMMUV3_CACHE_WT 2u
#define SMMUV3_CACHE_WB 3u
#define SMMUV3_SH_NSH 0u
#define SMMUV3_SH_OSH 2u
#define SMMUV3_SH_ISH 3u

/* ---- CD words 1-3 ---------------------------------------------------------- */
#define SMMUV3_CD1_NSCFG0 SMMUV3_BIT(0)
#define SMMUV3_CD1_HAD0 SMMUV3_BIT(1)
#define SMMUV3_CD1_E0PD0 SMMUV3_BIT(2)
#define SMMUV3_CD1_TTB0 SMMUV3_GENMASK(55, 4)
#define SMMUV3_CD2_NSCFG1 SMMUV3_BIT(0)
#define SMMUV3_CD2_HAD1 SMMUV3_BIT(1)
#define SMMUV3_CD2_E0PD1 SMMUV3_BIT(2)
#define SMMUV3_CD2_TTB1 SMMUV3_GENMASK(55, 4)
#define SMMUV3_CD3_MAIR SMMUV3_GENMASK(63, 0)     /* MAIR0 | MAIR1 << 32 */

/** Translation granules, as log2 of their size. */
enum smmuv3_granule {
	SMMUV3_GRANULE_4K = 12,
	SMMUV3_GRANULE_16K = 14,
	SMMUV3_GRANULE_64K = 16,
};

/**
 * @brief One stage-1 address space as a CD describes it. Fill with
 *        smmuv3_cd_cfg_init() and set what differs.
 */
struct smmuv3_cd_cfg {
	uint64_t ttb0;             /**< TTBR0 table PA (IPA when nested) */
	uint64_t ttb1;             /**< TTBR1 table PA; ignored when epd1 */
	uint8_t t0sz, t1sz;        /**< 64 - input bits of each half */
	enum smmuv3_granule tg0, tg1;
	uint8_t ir, or_, sh;       /**< walk attributes (SMMUV3_CACHE_*, SMMUV3_SH_*)
				     *   for both halves */
	uint8_t ips;               /**< output size, IDR5.OAS encoding */
	bool epd0, epd1;           /**< disable walks through TTB0 / TTB1 */
	uint16_t asid;
	uint64_t mair;             /**< MAIR0 (low) and MAIR1 (high) */
	bool abort_faults;         /**< A: faulting accesses abort (else RAZ/WI;
				     *   forced on when IDR0.TERM_MODEL) */
	bool record_faults;        /**< R: record fault events */
	bool stall;                /**< S: stall faulting accesses (needs a
				     *   stall model that can stall, and a
				     *   stream configured with cfg.stall
				     *   unless stalls are forced) */
	bool ha, hd;               /**< hardware Access flag / dirty updates */
};

/**
 * @brief Defaults: TTB1 disabled, 4 KiB granules, 48-bit input, WBWA
 *        inner-shareable walks, IPS from the SMMU's OAS when @p smmu is
 *        probed (else 48 bits), faults abort and are recorded, ASID 0,
 *        MAIR = SMMUV3_PGTABLE_MAIR (the indexes lib/pgtable writes).
 */
void smmuv3_cd_cfg_init(const struct smmuv3 *smmu, struct smmuv3_cd_cfg *cfg);

/**
 * @brief Encode @p cfg as a valid CD for @p smmu (checked against its
 *        features: granules, T0SZ range, ASID width, HTTU, stall model).
 * @return 0; SMMUV3_ERR_INVAL for NULL or malformed fields;
 *         SMMUV3_ERR_RANGE for an ASID, TxSZ, IPS or TTB the SMMU cannot
 *         use; SMMUV3_ERR_ALIGN for a misaligned TTB;
 *         SMMUV3_ERR_NOTSUP for a granule, HTTU or stall the SMMU lacks.
 */
int smmuv3_cd_build(const struct smmuv3 *smmu, const struct smmuv3_cd_cfg *cfg,
		    struct smmuv3_cd *cd);

/**
 * @brief Install a CD for (@p sid, @p ssid) in the stream's library-managed
 *        CD table, safely against a live SMMU (docs/ste-cd-update-rules.md),
 *        ending with CFGI_CD + CMD_SYNC.
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_RANGE for a SID beyond the table
 *         or an SSID >= 2^S1CDMax; SMMUV3_ERR_OWNED if @p owner does not
 *         hold the stream; SMMUV3_ERR_STATE if the stream has no stage 1
 *         or its CD table belongs to the caller, or for a stalling CD
 *         (cfg.stall) on a stream whose STE disables stalls (S1STALLD:
 *         configure it with smmuv3_stream_cfg.stall); SMMUV3_ERR_BUSY where
 *         a domain occupies (@p sid, @p ssid) (its CD is the domain's:
 *         docs/ownership.md); SMMUV3_ERR_NOMEM for a
 *         leaf table; a CD build error; a command error.
 */
int smmuv3_stream_set_cd(struct smmuv3 *smmu, uint32_t sid, uint32_t owner, uint32_t ssid,
			 const struct smmuv3_cd_cfg *cfg);

/**
 * @brief Make the CD of (@p sid, @p ssid) invalid (V = 0), CFGI_CD + sync.
 *        Same errors as smmuv3_stream_set_cd().
 */
int smmuv3_stream_clear_cd(struct smmuv3 *smmu, uint32_t sid, uint32_t owner, uint32_t ssid);

/**
 * @brief After the caller changed its own CD table, tell the SMMU:
 *        CFGI_CD for @p ssid (or CFGI_CD_ALL when @p all) + CMD_SYNC.
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_RANGE; SMMUV3_ERR_OWNED;
 *         SMMUV3_ERR_STATE if the stream has no stage 1; a command error.
 */
int smmuv3_stream_sync_cd(struct smmuv3 *smmu, uint32_t sid, uint32_t owner, uint32_t ssid,
			  bool all);

/**
 * @brief Allocate an unused ASID (1 .. 2^asid_bits - 1; 0 is kept for
 *        the library's own use).
 * @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_STATE unless enabled (the
 *         allocators live with the stream table);
 *         SMMUV3_ERR_NOMEM for the allocator bitmap; SMMUV3_ERR_NOSPC.
 */
int smmuv3_asid_alloc(struct smmuv3 *smmu, uint16_t *asid);
/** @brief Return an ASID. @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_NOENT if not allocated. */
int smmuv3_asid_free(struct smmuv3 *smmu, uint16_t asid);
/** @brief Allocate an unused VMID (1 .. 2^vmid_bits - 1). Errors as for ASIDs. */
int smmuv3_vmid_alloc(struct smmuv3 *smmu, uint16_t *vmid);
/** @brief Return a VMID. @return 0; SMMUV3_ERR_INVAL; SMMUV3_ERR_NOENT. */
int smmuv3_vmid_free(struct smmuv3 *smmu, uint16_t vmid);

#endif /* SMMUV3_HW_CD_H */
