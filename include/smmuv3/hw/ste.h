/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file hw/ste.h
 * @brief Stream table descriptors (L1STD) and stream table entries (STE),
 *        field by field, as Arm IHI 0070 sections 5.1 and 5.2 lay them out.
 *
 * Every field is a mask over one 64-bit word of the descriptor
 * (SMMUV3_STE<word>_<FIELD>), used with SMMUV3_FIELD_PREP/GET. The
 * library builds STEs from these masks; the register mock and the
 * page-table translator decode them independently.
 */
#ifndef SMMUV3_HW_STE_H
#define SMMUV3_HW_STE_H

#include <stdint.h>

#include <smmuv3/bits.h>

/** Bytes in one STE. */
#define SMMUV3_STE_BYTES 64u
/** 64-bit words in one STE. */
#define SMMUV3_STE_DWORDS 8u

/** One STE as the SMMU reads it (little-endian words). */
struct smmuv3_ste {
	uint64_t dw[SMMUV3_STE_DWORDS];
};

/* ---- Level-1 stream table descriptor (8 bytes) ---------------------------- */
/** Span: 0 invalid, n in 1..11 covers 2^(n-1) STEs. */
#define SMMUV3_L1STD_SPAN SMMUV3_GENMASK(4, 0)
/** Level-2 table address (aligned to its size). */
#define SMMUV3_L1STD_L2PTR SMMUV3_GENMASK(55, 6)
#define SMMUV3_L1STD_BYTES 8u

/* ---- STE word 0 ------------------------------------------------------------ */
#define SMMUV3_STE0_V SMMUV3_BIT(0)
#define SMMUV3_STE0_CONFIG SMMUV3_GENMASK(3, 1)
#define SMMUV3_STE_CONFIG_ABORT 0u    /**< 0b000: abort, no event */
#define SMMUV3_STE_CONFIG_BYPASS 4u   /**< 0b100: both stages bypass */
#define SMMUV3_STE_CONFIG_S1 5u       /**< 0b101: stage 1 only */
#define SMMUV3_STE_CONFIG_S2 6u       /**< 0b110: stage 2 only */
#define SMMUV3_STE_CONFIG_NESTED 7u   /**< 0b111: stage 1 then stage 2 */
/* The bits of Config in place: Config[2] set means not aborting (bypass
 * or translating), Config[0] stage 1 translates, Config[1] stage 2. */
#define SMMUV3_STE0_CONFIG_ON SMMUV3_BIT(3)
#define SMMUV3_STE0_CONFIG_S1T SMMUV3_BIT(1)
#define SMMUV3_STE0_CONFIG_S2T SMMUV3_BIT(2)
#define SMMUV3_STE0_S1FMT SMMUV3_GENMASK(5, 4)
#define SMMUV3_STE_S1FMT_LINEAR 0u    /**< linear CD table */
#define SMMUV3_STE_S1FMT_64_4K 1u     /**< two-level, 4 KiB leaf tables */
#define SMMUV3_STE_S1FMT_64_64K 2u    /**< two-level, 64 KiB leaf tables */
#define SMMUV3_STE0_S1CTXPTR SMMUV3_GENMASK(55, 6)
/** Least alignment of a CD table: S1ContextPtr holds bits [55:6]. */
#define SMMUV3_STE_S1CTXPTR_ALIGN 64u
#define SMMUV3_STE0_S1CDMAX SMMUV3_GENMASK(63, 59)

/* ---- STE word 1 ------------------------------------------------------------ */
#define SMMUV3_STE1_S1DSS SMMUV3_GENMASK(1, 0)
#define SMMUV3_STE_S1DSS_TERMINATE 0u /**< no-SSID traffic aborts */
#define SMMUV3_STE_S1DSS_BYPASS 1u    /**< no-SSID traffic bypasses stage 1 */
#define SMMUV3_STE_S1DSS_SSID0 2u     /**< no-SSID traffic uses CD 0 */
#define SMMUV3_STE1_S1CIR SMMUV3_GENMASK(3, 2)
#define SMMUV3_STE1_S1COR SMMUV3_GENMASK(5, 4)
#define SMMUV3_STE1_S1CSH SMMUV3_GENMASK(7, 6)
#define SMMUV3_STE1_DRE SMMUV3_BIT(12)
#define SMMUV3_STE1_CONT SMMUV3_GENMASK(16, 13)
#define SMMUV3_STE1_DCP SMMUV3_BIT(17)
#define SMMUV3_STE1_PPAR SMMUV3_BIT(18)
#define SMMUV3_STE1_MEV SMMUV3_BIT(19)
#define SMMUV3_STE1_S2FWB SMMUV3_BIT(25)
#define SMMUV3_STE1_S1STALLD SMMUV3_BIT(27)
#define SMMUV3_STE1_EATS SMMUV3_GENMASK(29, 28)
#define SMMUV3_STE_EATS_ABT 0u
#define SMMUV3_STE_EATS_TRANS 1u      /**< full ATS */
#define SMMUV3_STE_EATS_S1CHK 2u      /**< split-stage ATS */
#define SMMUV3_STE1_STRW SMMUV3_GENMASK(31, 30)
#define SMMUV3_STE_STRW_NSEL1 0u      /**< NS-EL1 (or Secure with a Secure STE) */
#define SMMUV3_STE_STRW_EL3 1u        /**< EL3 (Secure STEs only) */
#define SMMUV3_STE_STRW_EL2 2u        /**< EL2 / EL2-E2H */
#define SMMUV3_STE1_MEMATTR SMMUV3_GENMASK(35, 32)
#define SMMUV3_STE1_MTCFG SMMUV3_BIT(36)
#define SMMUV3_STE1_ALLOCCFG SMMUV3_GENMASK(40, 37)
#define SMMUV3_STE1_SHCFG SMMUV3_GENMASK(45, 44)
#define SMMUV3_STE_SHCFG_NSH 0u
#define SMMUV3_STE_SHCFG_INCOMING 1u
#define SMMUV3_STE_SHCFG_OSH 2u
#define SMMUV3_STE_SHCFG_ISH 3u
#define SMMUV3_STE1_NSCFG SMMUV3_GENMASK(47, 46)
#define SMMUV3_STE_NSCFG_INCOMING 0u
#define SMMUV3_STE_NSCFG_SECURE 2u
#define SMMUV3_STE_NSCFG_NONSECURE 3u
/* The one reserved value of PRIVCFG, INSTCFG and NSCFG. */
#define SMMUV3_STE_CFG_RESERVED 1u
#define SMMUV3_STE1_PRIVCFG SMMUV3_GENMASK(49, 48)
#define SMMUV3_STE1_INSTCFG SMMUV3_GENMASK(51, 50)

/* ---- STE word 2 ------------------------------------------------------------ */
#define SMMUV3_STE2_S2VMID SMMUV3_GENMASK(15, 0)
#define SMMUV3_STE2_S2T0SZ SMMUV3_GENMASK(37, 32)
#define SMMUV3_STE2_S2SL0 SMMUV3_GENMASK(39, 38)
#define SMMUV3_STE2_S2IR0 SMMUV3_GENMASK(41, 40)
#define SMMUV3_STE2_S2OR0 SMMUV3_GENMASK(43, 42)
#define SMMUV3_STE2_S2SH0 SMMUV3_GENMASK(45, 44)
#define SMMUV3_STE2_S2TG SMMUV3_GENMASK(47, 46)
#define SMMUV3_STE2_S2PS SMMUV3_GENMASK(50, 48)
#define SMMUV3_STE2_S2AA64 SMMUV3_BIT(51)
#define SMMUV3_STE2_S2ENDI SMMUV3_BIT(52)
#define SMMUV3_STE2_S2AFFD SMMUV3_BIT(53)
#define SMMUV3_STE2_S2PTW SMMUV3_BIT(54)
#define SMMUV3_STE2_S2HD SMMUV3_BIT(55)
#define SMMUV3_STE2_S2HA SMMUV3_BIT(56)
#define SMMUV3_STE2_S2S SMMUV3_BIT(57)
#define SMMUV3_STE2_S2R SMMUV3_BIT(58)

/* Translation granule encodings shared by STE.S2TG, STE.S_S2TG, CD.TG0. */
#define SMMUV3_TG0_4K 0u
#define SMMUV3_TG0_64K 1u
#define SMMUV3_TG0_16K 2u

/* ---- STE word 3 ------------------------------------------------------------ */
#define SMMUV3_STE3_S2NSW SMMUV3_BIT(0)
#define SMMUV3_STE3_S2NSA SMMUV3_BIT(1)
#define SMMUV3_STE3_S2SL0_2 SMMUV3_BIT(2)
#define SMMUV3_STE3_S2DS SMMUV3_BIT(3)
#define SMMUV3_STE3_S2TTB SMMUV3_GENMASK(55, 4)

/* ---- STE words 4-6: Secure stage 2 (Secure STEs with S_IDR1.SEL2) ---------- */
#define SMMUV3_STE4_PARTID SMMUV3_GENMASK(31, 16)
#define SMMUV3_STE4_S_S2T0SZ SMMUV3_GENMASK(37, 32)
#define SMMUV3_STE4_S_S2SL0 SMMUV3_GENMASK(39, 38)
#define SMMUV3_STE4_S_S2TG SMMUV3_GENMASK(47, 46)
#define SMMUV3_STE6_S2SW SMMUV3_BIT(0)
#define SMMUV3_STE6_S2SA SMMUV3_BIT(1)
#define SMMUV3_STE6_S_S2SL0_2 SMMUV3_BIT(2)
#define SMMUV3_STE6_S_S2TTB SMMUV3_GENMASK(55, 4)

#endif /* SMMUV3_HW_STE_H */
