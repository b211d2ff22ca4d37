/* SPDX-License-Identifier: BSD-3-Clause */
/* Checks of translation-regime fields shared by the STE and CD builders. */
#ifndef SMMUV3_LIB_TTCFG_H
#define SMMUV3_LIB_TTCFG_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/smmuv3.h>

/* Address-size encodings (IDR5.OAS, STE.S2PS, CD.IPS) to bits; 0 if reserved. */
static inline unsigned int smmuv3_pa_bits(unsigned int enc)
{
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48, 52 };

	return enc < sizeof(bits) ? bits[enc] : 0;
}

/* Largest encoding whose size does not exceed @bits. */
static inline unsigned int smmuv3_pa_enc(unsigned int bits)
{
	unsigned int enc = 0;

	while (smmuv3_pa_bits(enc + 1) && smmuv3_pa_bits(enc + 1) <= bits)
		enc++;
	return enc;
}

/* A granule the architecture defines (whatever this SMMU implements). */
static inline bool smmuv3_granule_valid(enum smmuv3_granule g)
{
	return g == SMMUV3_GRANULE_4K || g == SMMUV3_GRANULE_16K || g == SMMUV3_GRANULE_64K;
}

static inline bool smmuv3_granule_supported(const struct smmuv3_features *f,
					    enum smmuv3_granule g)
{
	switch (g) {
	case SMMUV3_GRANULE_4K:
		return f->gran_4k;
	case SMMUV3_GRANULE_16K:
		return f->gran_16k;
	case SMMUV3_GRANULE_64K:
		return f->gran_64k;
	default:
		return false;
	}
}

/* TG0 / S2TG encoding of a granule. */
static inline unsigned int smmuv3_tg0(enum smmuv3_granule g)
{
	return g == SMMUV3_GRANULE_64K ? SMMUV3_TG0_64K
	       : g == SMMUV3_GRANULE_16K ? SMMUV3_TG0_16K : SMMUV3_TG0_4K;
}

/*
 * Output-address bits a translation table base may use: the walk's output
 * size, capped at 48 bits unless the granule is 64 KiB (the library never
 * sets DS, which 52-bit bases with 4K/16K granules need; IHI 0070 5.2
 * S2TTB, 5.4 TTB0).
 */
static inline unsigned int smmuv3_ttb_bits(enum smmuv3_granule g, unsigned int ps_bits)
{
	return g != SMMUV3_GRANULE_64K && ps_bits > 48 ? 48 : ps_bits;
}

/* Minimum alignment of a starting-level table: 64 bytes at 52-bit output. */
static inline uint64_t smmuv3_ttb_min_align(unsigned int ps_bits)
{
	return ps_bits >= 52 ? 64 : 16;
}

/* Valid TxSZ range for a granule (IHI 0070 5.2 S2T0SZ, 5.4 T0SZ). */
static inline bool smmuv3_txsz_ok(const struct smmuv3_features *f, enum smmuv3_granule g,
				  unsigned int txsz, unsigned int in_bits)
{
	unsigned int max = !f->stt ? 39u : (g == SMMUV3_GRANULE_64K ? 47u : 48u);
	unsigned int min = g == SMMUV3_GRANULE_64K && in_bits >= 52 ? 12u : 16u;

	if (64 - in_bits > min)
		min = 64 - in_bits;
	return txsz >= min && txsz <= max;
}

/*
 * Granule and size of a walk of @in_bits input bits at most: INVAL for a
 * granule that does not exist, NOTSUP for one the SMMU lacks, RANGE for a
 * TxSZ it does not allow.
 */
static inline int smmuv3_walk_size_check(const struct smmuv3_features *f, enum smmuv3_granule g,
					 unsigned int txsz, unsigned int in_bits)
{
	if (!smmuv3_granule_valid(g))
		return SMMUV3_ERR_INVAL;
	if (!smmuv3_granule_supported(f, g))
		return SMMUV3_ERR_NOTSUP;
	if (!smmuv3_txsz_ok(f, g, txsz, in_bits))
		return SMMUV3_ERR_RANGE;
	return 0;
}

/* Base of a root table of @root bytes: aligned, and reachable (ALIGN, RANGE). */
static inline int smmuv3_ttb_check(uint64_t ttb, uint64_t root, enum smmuv3_granule g,
				   unsigned int ps_bits)
{
	uint64_t align = root > smmuv3_ttb_min_align(ps_bits) ? root : smmuv3_ttb_min_align(ps_bits);

	if (ttb & (align - 1))
		return SMMUV3_ERR_ALIGN;
	if (ttb >> smmuv3_ttb_bits(g, ps_bits))
		return SMMUV3_ERR_RANGE;
	return 0;
}

#endif
