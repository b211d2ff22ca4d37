/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file features.h
 * @brief What an SMMU implements, decoded from its ID registers.
 */
#ifndef SMMUV3_FEATURES_H
#define SMMUV3_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Stall support (IDR0.STALL_MODEL / S_IDR0.STALL_MODEL). */
enum smmuv3_stall_model {
	/** Stall and terminate models both supported. */
	SMMUV3_STALL_AND_TERM = 0,
	/** Only the terminate model: stalls are never possible. */
	SMMUV3_STALL_TERM_ONLY = 1,
	/** Stalls are forced for faulting transactions (STE.S1STALLD/S2S). */
	SMMUV3_STALL_FORCED = 2,
};

/** Translation-table endianness the SMMU can walk (IDR0.TTENDIAN). */
enum smmuv3_tt_endian {
	SMMUV3_TT_ENDIAN_MIXED = 0,
	SMMUV3_TT_ENDIAN_LITTLE = 2,
	SMMUV3_TT_ENDIAN_BIG = 3,
};

/** Hardware translation-table update support (IDR0.HTTU). */
enum smmuv3_httu {
	SMMUV3_HTTU_NONE = 0,
	SMMUV3_HTTU_ACCESS = 1,
	SMMUV3_HTTU_ACCESS_DIRTY = 2,
};

/**
 * @brief Features of one SMMU, as decoded by smmuv3_probe().
 *
 * Sizes are in bits (for identifiers and addresses) or log2 of entries
 * (for queues). The raw ID register values are kept for anything the
 * library does not decode.
 */
struct smmuv3_features {
	/* Raw ID registers. */
	uint32_t idr[6];   /**< IDR0..IDR5 */
	uint32_t iidr;     /**< implementation identification */
	uint32_t aidr;     /**< architecture version */
	uint32_t s_idr0;   /**< Secure IDR0 (0 unless secure_impl) */
	uint32_t s_idr1;   /**< Secure IDR1 */

	/* Architecture version, from AIDR: SMMUv3.<arch_minor>. */
	unsigned arch_major; /**< always 3 for an SMMUv3 */
	unsigned arch_minor; /**< 0 for v3.0 ... 4 for v3.4 */

	/* Implementation, from IIDR. */
	uint16_t implementer; /**< JEP106 code (0x43b is Arm) */
	uint16_t product_id;
	uint8_t variant;
	uint8_t revision;

	/* Translation. */
	bool stage1;          /**< IDR0.S1P */
	bool stage2;          /**< IDR0.S2P */
	bool ttf_aarch64;     /**< AArch64 translation tables */
	bool ttf_aarch32;     /**< AArch32 LPAE translation tables */
	enum smmuv3_tt_endian tt_endian;
	bool gran_4k;         /**< IDR5.GRAN4K */
	bool gran_16k;        /**< IDR5.GRAN16K */
	bool gran_64k;        /**< IDR5.GRAN64K */
	unsigned oas_bits;    /**< output (physical) address size */
	unsigned ias_bits;    /**< stage-2 input (IPA) size: max(OAS, 40 if AArch32) */
	unsigned va_bits;     /**< stage-1 input (VA) size per TTBx: 48, 52 or 56 */
	unsigned asid_bits;   /**< 8 or 16 */
	unsigned vmid_bits;   /**< 8 or 16 */
	bool hyp;             /**< EL2 / EL2-E2H stage-1 translation regimes */
	enum smmuv3_httu httu;
	bool btm;             /**< broadcast TLB maintenance */
	bool ril;             /**< range invalidation (IDR3.RIL) */
	bool fwb;             /**< stage-2 forced write-back (IDR3.FWB) */
	bool stt;             /**< small translation tables (IDR3.STT) */
	bool e0pd;            /**< IDR3.E0PD */
	bool xnx;             /**< EL0/EL1 execute-never at stage 2 */
	bool pps;             /**< PRI responses carry a PASID */
	unsigned bbml;        /**< break-before-make level (IDR3.BBML) */

	/* Stream and context tables. */
	bool strtab_2lvl;     /**< two-level stream tables (IDR0.ST_LEVEL) */
	bool cd_2lvl;         /**< two-level CD tables (IDR0.CD2L) */
	unsigned sid_bits;    /**< StreamID size, 0..32 */
	unsigned ssid_bits;   /**< SubstreamID size, 0..20 (0: no substreams) */

	/* Queues: maximum sizes as log2(entries). */
	unsigned cmdq_log2;
	unsigned evtq_log2;
	unsigned priq_log2;
	bool queues_preset;   /**< IDR1.QUEUES_PRESET: queue bases are fixed */
	bool tables_preset;   /**< IDR1.TABLES_PRESET: stream table base is fixed */
	bool rel;             /**< IDR1.REL: preset addresses are base-relative */
	bool ecmdq;           /**< enhanced command queues */

	/* System interface. */
	bool coherent;        /**< IDR0.COHACC: table/queue walks are coherent */
	bool msi;             /**< MSI-based interrupts and CMD_SYNC */
	bool sev;             /**< SEV on CMD_SYNC completion and queue updates */
	bool ats;             /**< PCIe ATS */
	bool pri;             /**< PCIe PRI (page request queue) */
	bool atos;            /**< address translation operations */
	bool vatos;
	bool vmw;             /**< VMID wildcards */
	bool dormhint;
	bool term_model;      /**< IDR0.TERM_MODEL: fault aborts cannot be RAZ/WI */
	enum smmuv3_stall_model stall_model;
	uint16_t stall_max;   /**< IDR5.STALL_MAX */
	bool attr_types_ovr;  /**< IDR1.ATTR_TYPES_OVR */
	bool attr_perms_ovr;  /**< IDR1.ATTR_PERMS_OVR */
	bool mpam;
	bool rme;

	/* Secure programming interface (S_IDR1). */
	bool secure_impl;     /**< S_IDR1.SECURE_IMPL */
	bool sel2;            /**< Secure EL2 stage 2 (S_IDR1.SEL2) */
	unsigned s_sid_bits;  /**< Secure StreamID size */
	bool s_msi;           /**< S_IDR0.MSI */
	enum smmuv3_stall_model s_stall_model;
};

/** Receives one line of rendered text (no newline). */
typedef void smmuv3_print_fn(void *arg, const char *line);

/**
 * @brief Render a human-readable report of @p feat, one line per call of
 *        @p print: what a bring-up engineer wants to see first.
 */
void smmuv3_features_report(const struct smmuv3_features *feat,
			    smmuv3_print_fn *print, void *arg);

#endif /* SMMUV3_FEATURES_H */
