// SPDX-License-Identifier: BSD-3-Clause
/*
 * Stream table allocation. Small StreamID spaces get a linear table of
 * STEs; larger ones a two-level table whose level-1 descriptors start
 * invalid, so an unconfigured stream costs only its 8-byte descriptor.
 */
#include "../core/mem.h"

#include "../core/internal.h"
#include "strtab_internal.h"

#define STE0_V SMMUV3_BIT(0)
#define STE0_CONFIG SMMUV3_GENMASK(3, 1)
#define STE_CONFIG_ABORT 0u
#define STE_CONFIG_BYPASS 4u
#define STRTAB_SPLIT_DEFAULT 8u
#define L1_DESC_BYTES 8u

static unsigned int strtab_sid_bits(const struct smmuv3 *smmu)
{
	unsigned int hw = smmu->cfg.secure ? smmu->feat.s_sid_bits : smmu->feat.sid_bits;

	if (smmu->cfg.sid_bits && smmu->cfg.sid_bits < hw)
		return smmu->cfg.sid_bits;
	return hw;
}

static void strtab_fill_default(struct smmuv3 *smmu, uint64_t *ste, size_t count)
{
	uint64_t cfg = smmu->cfg.bypass_unconfigured ? STE_CONFIG_BYPASS : STE_CONFIG_ABORT;

	for (size_t i = 0; i < count; i++)
		ste[i * SMMUV3_STE_DWORDS] = STE0_V | SMMUV3_FIELD_PREP(STE0_CONFIG, cfg);
	smmuv3_dma_sync(smmu, ste, count * SMMUV3_STE_BYTES);
}

int smmuv3_strtab_alloc(struct smmuv3 *smmu)
{
	struct smmuv3_strtab *st = &smmu->strtab;
	unsigned int bits = strtab_sid_bits(smmu);
	bool two_level = smmu->feat.strtab_2lvl && bits > smmu->cfg.strtab_linear_max_bits;

	memset(st, 0, sizeof(*st));
	st->log2size = bits;
	if (two_level) {
		st->fmt = SMMUV3_STRTAB_BASE_CFG_FMT_2LVL;
		st->split = bits < STRTAB_SPLIT_DEFAULT ? bits : STRTAB_SPLIT_DEFAULT;
		st->bytes = (size_t)L1_DESC_BYTES << (bits - st->split);
	} else {
		st->fmt = SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR;
		st->bytes = (size_t)SMMUV3_STE_BYTES << bits;
	}
	st->base = smmuv3_dma_alloc(smmu, st->bytes, st->bytes < 64 ? 64 : st->bytes,
				    &st->base_pa);
	if (!st->base)
		return SMMUV3_ERR_NOMEM;
	if (!two_level)
		strtab_fill_default(smmu, st->base, (size_t)1 << bits);
	return 0;
}

void smmuv3_strtab_free(struct smmuv3 *smmu)
{
	struct smmuv3_strtab *st = &smmu->strtab;

	if (st->base)
		smmuv3_dma_free(smmu, st->base, st->bytes);
	memset(st, 0, sizeof(*st));
}

void smmuv3_strtab_program(struct smmuv3 *smmu)
{
	struct smmuv3_strtab *st = &smmu->strtab;
	uint32_t cfg = SMMUV3_FIELD_PREP(SMMUV3_STRTAB_BASE_CFG_FMT, st->fmt) |
		       SMMUV3_FIELD_PREP(SMMUV3_STRTAB_BASE_CFG_SPLIT, st->split) |
		       SMMUV3_FIELD_PREP(SMMUV3_STRTAB_BASE_CFG_LOG2SIZE, st->log2size);

	smmuv3_write64(smmu, smmuv3_breg(smmu, SMMUV3_STRTAB_BASE),
		       SMMUV3_STRTAB_BASE_RA | (st->base_pa & SMMUV3_STRTAB_BASE_ADDR));
	smmuv3_write32(smmu, smmuv3_breg(smmu, SMMUV3_STRTAB_BASE_CFG), cfg);
}
