/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Little-endian byte access for tests that build and read virtio-iommu
 * requests, responses and fault reports byte by byte, as the virtio
 * specification lays them out (independently of the library's structs).
 */
#ifndef SMMUV3_TEST_LE_BYTES_H
#define SMMUV3_TEST_LE_BYTES_H

#include <stdint.h>

static inline void le_w32(uint8_t *p, uint32_t x)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(x >> (8 * i));
}

static inline void le_w64(uint8_t *p, uint64_t x)
{
	le_w32(p, (uint32_t)x);
	le_w32(p + 4, (uint32_t)(x >> 32));
}

static inline uint64_t le_r64(const uint8_t *p)
{
	uint64_t x = 0;

	for (int i = 7; i >= 0; i--)
		x = x << 8 | p[i];
	return x;
}

static inline uint32_t le_r32(const uint8_t *p)
{
	uint32_t x = 0;

	for (int i = 3; i >= 0; i--)
		x = x << 8 | p[i];
	return x;
}

#endif /* SMMUV3_TEST_LE_BYTES_H */
