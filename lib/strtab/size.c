// SPDX-License-Identifier: BSD-3-Clause
/*
 * How much memory a stream table needs: what this one costs, and the
 * architectural minimum for the StreamIDs the platform declared
 * (cfg.sids), over every format the SMMU could be given.
 */
#include "libc/mem.h"

#include "core/internal.h"
#include "strtab_internal.h"

/* Level-2 splits STRTAB_BASE_CFG.SPLIT may hold (4, 16, 64 KiB tables). */
static const unsigned int strtab_splits[] = { 6, 8, 10 };

/*
 * Distinct StreamID groups (sid >> @shift) among the declared ranges,
 * which may overlap and come in any order: a sweep that each time takes
 * the lowest range not yet passed and extends it over its overlaps.
 */
static uint64_t declared_groups(const struct smmuv3_inst *smmu, unsigned int shift)
{
	const struct smmuv3_sid_range *r = smmu->cfg.sids;
	uint64_t pos = 0, total = 0, lo, hi;
	bool grown;

	for (;;) {
		lo = UINT64_MAX;
		for (unsigned int i = 0; i < smmu->cfg.n_sids; i++)
			if ((uint64_t)(r[i].last >> shift) >= pos && (r[i].first >> shift) < lo)
				lo = r[i].first >> shift;
		if (lo == UINT64_MAX)
			return total;
		if (lo < pos)
			lo = pos;
		hi = lo;
		do {
			grown = false;
			for (unsigned int i = 0; i < smmu->cfg.n_sids; i++)
				if ((r[i].first >> shift) <= hi + 1 && (r[i].last >> shift) > hi &&
				    (uint64_t)(r[i].last >> shift) >= lo) {
					hi = r[i].last >> shift;
					grown = true;
				}
		} while (grown);
		total += hi - lo + 1;
		pos = hi + 1;
	}
}

/* Groups of 2^shift StreamIDs that must hold valid STEs. */
static uint64_t needed_groups(const struct smmuv3_inst *smmu, unsigned int bits, unsigned int shift)
{
	if (smmu->cfg.n_sids)
		return declared_groups(smmu, shift);
	return bits > shift ? UINT64_C(1) << (bits - shift) : 1;
}

/* Bytes of a two-level table covering @bits with SPLIT @split. */
static uint64_t two_level_bytes(const struct smmuv3_inst *smmu, unsigned int bits, unsigned int split,
				uint64_t per_group)
{
	uint64_t l1 = (uint64_t)SMMUV3_L1STD_BYTES << (bits > split ? bits - split : 0);

	return l1 + needed_groups(smmu, bits, split) * per_group;
}

void smmuv3_strtab_min(const struct smmuv3_inst *smmu, unsigned int bits, struct smmuv3_strtab_mem *m)
{
	uint64_t b;

	/* A linear table is always possible. */
	m->min_bytes = (uint64_t)SMMUV3_STE_BYTES << bits;
	m->min_split = 0;
	if (!smmu->feat.strtab_2lvl)
		return;
	for (size_t i = 0; i < SMMUV3_ARRAY_SIZE(strtab_splits); i++) {
		unsigned int s = strtab_splits[i];

		b = two_level_bytes(smmu, bits, s,
				    (uint64_t)SMMUV3_STE_BYTES << (bits < s ? bits : s));
		if (b < m->min_bytes) {
			m->min_bytes = b;
			m->min_split = s;
		}
	}
}

int smmuv3_strtab_memory(const struct smmuv3 *smmu_pub, struct smmuv3_strtab_mem *out)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);
	const struct smmuv3_strtab *st;
	unsigned int bits;
	uint64_t group;

	if (!smmu || !out)
		return SMMUV3_ERR_INVAL;
	st = &smmu->strtab;
	if (!st->base)
		return SMMUV3_ERR_STATE;
	memset(out, 0, sizeof(*out));
	smmuv3_strtab_min(smmu, st->log2size, out);
	out->table_bytes = st->bytes;
	bits = st->fmt == SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR || st->log2size < st->split
		       ? st->log2size
		       : st->split;
	/* CD table arrays of spans with library CD tables (stage 1). */
	out->bookkeeping_bytes = (size_t)st->cdtab_arrays *
				 (sizeof(void *) << bits);
	if (st->fmt == SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR) {
		out->bookkeeping_bytes += st->linear->bytes;
		out->full_bytes = st->bytes + st->linear->bytes;
		return 0;
	}
	group = ((uint64_t)SMMUV3_STE_BYTES << bits) + smmuv3_strtab_span_bytes(bits);
	out->l2_bytes = (size_t)st->live_l2 * ((size_t)SMMUV3_STE_BYTES << bits);
	out->bookkeeping_bytes += (size_t)st->live_l2 * smmuv3_strtab_span_bytes(bits);
	out->full_bytes = two_level_bytes(smmu, st->log2size, st->split, group);
	return 0;
}
