/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file bits.h
 * @brief Bit-field helpers used by every register and descriptor definition.
 *
 * Fields are described once as masks (SMMUV3_GENMASK) and read or built
 * with SMMUV3_FIELD_GET / SMMUV3_FIELD_PREP, so no shift constant is ever
 * written twice. The masks are 64-bit; the helpers work for 32-bit
 * registers as well because the value is truncated on assignment.
 */
#ifndef SMMUV3_BITS_H
#define SMMUV3_BITS_H

#include <stdint.h>

/** Single bit @p n as a 64-bit constant. */
#define SMMUV3_BIT(n) (UINT64_C(1) << (n))

/** Contiguous mask covering bits @p lo to @p hi inclusive (hi >= lo). */
#define SMMUV3_GENMASK(hi, lo) \
	((~UINT64_C(0) >> (63 - (hi))) & (~UINT64_C(0) << (lo)))

/** Position of the least significant set bit of a non-zero constant mask. */
#define SMMUV3_MASK_SHIFT(mask) ((unsigned)__builtin_ctzll(mask))

/** Place @p val in the field described by @p mask (excess bits dropped). */
#define SMMUV3_FIELD_PREP(mask, val) \
	((((uint64_t)(val)) << SMMUV3_MASK_SHIFT(mask)) & (uint64_t)(mask))

/** Extract the field described by @p mask from @p reg. */
#define SMMUV3_FIELD_GET(mask, reg) \
	((((uint64_t)(reg)) & (uint64_t)(mask)) >> SMMUV3_MASK_SHIFT(mask))

/** True when @p val fits in the field described by @p mask. */
#define SMMUV3_FIELD_FITS(mask, val) \
	((((uint64_t)(val)) & ~((uint64_t)(mask) >> SMMUV3_MASK_SHIFT(mask))) == 0)

#endif /* SMMUV3_BITS_H */
