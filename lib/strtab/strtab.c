// SPDX-License-Identifier: BSD-3-Clause
/*
 * Stream table memory. Small StreamID spaces get a linear table of STEs;
 * larger ones a two-level table whose level-1 descriptors start invalid
 * (Span 0, so the SMMU reports C_BAD_STREAMID) and whose level-2 tables
 * are allocated when a stream of their span is first claimed and freed,
 * after CFGI + CMD_SYNC, when the last one is released. A linear table is
 * handled as one pinned span, so the rest of the library sees one shape.
 * docs/stream-table.md explains the sizing.
 */
#include "../core/mem.h"

#include "../core/internal.h"
#include "strtab_internal.h"
#include "../cd/cd_internal.h"
#include "../pgtable/domain_internal.h"

/* Level-2 tables resolve 8 StreamID bits (16 KiB): QEMU supports only this. */
#define STRTAB_SPLIT 8u

static unsigned int strtab_sid_bits(const struct smmuv3 *smmu)
{
	unsigned int hw = smmu->cfg.secure ? smmu->feat.s_sid_bits : smmu->feat.sid_bits;

	if (smmu->cfg.sid_bits)
		return smmu->cfg.sid_bits < hw ? smmu->cfg.sid_bits : hw;
	if (hw > SMMUV3_DEFAULT_SID_BITS_MAX) {
		smmuv3_warn(smmu, "SIDSIZE %u: stream table covers StreamIDs below 2^%u "
			    "(set cfg.sid_bits to cover more)", hw, SMMUV3_DEFAULT_SID_BITS_MAX);
		return SMMUV3_DEFAULT_SID_BITS_MAX;
	}
	return hw;
}

void smmuv3_ste_default(const struct smmuv3 *smmu, struct smmuv3_ste *ste)
{
	uint64_t cfg = smmu->cfg.bypass_unconfigured ? SMMUV3_STE_CONFIG_BYPASS
						     : SMMUV3_STE_CONFIG_ABORT;

	memset(ste, 0, sizeof(*ste));
	ste->dw[0] = SMMUV3_STE0_V | SMMUV3_FIELD_PREP(SMMUV3_STE0_CONFIG, cfg);
	/* Bypass keeps the incoming shareability, when the SMMU lets us say so. */
	if (smmu->cfg.bypass_unconfigured && smmu->feat.attr_types_ovr)
		ste->dw[1] = SMMUV3_FIELD_PREP(SMMUV3_STE1_SHCFG, SMMUV3_STE_SHCFG_INCOMING);
}

static void strtab_fill_default(struct smmuv3 *smmu, uint64_t *ste, size_t count)
{
	struct smmuv3_ste def;

	smmuv3_ste_default(smmu, &def);
	for (size_t i = 0; i < count; i++)
		memcpy(ste + i * SMMUV3_STE_DWORDS, def.dw, sizeof(def.dw));
	smmuv3_dma_sync(smmu, ste, count * SMMUV3_STE_BYTES);
}

static void span_free(struct smmuv3 *smmu, struct smmuv3_strtab_span *span)
{
	if (span->ste_bytes) {
		smmuv3_dma_free(smmu, span->ste, span->ste_bytes);
		smmu->strtab.live_l2--;
	}
	smmuv3_dma_free(smmu, span, span->bytes);
}

/* Bookkeeping for 2^bits streams from @first; STEs allocated when @ste is NULL. */
static struct smmuv3_strtab_span *span_alloc(struct smmuv3 *smmu, uint32_t first,
					     unsigned int bits, uint64_t *ste, uint64_t ste_pa)
{
	size_t n = (size_t)1 << bits;
	size_t bytes = sizeof(struct smmuv3_strtab_span) + n * sizeof(struct smmuv3_stream_state);
	struct smmuv3_strtab_span *span;
	uint64_t pa;

	span = smmuv3_dma_alloc(smmu, bytes, sizeof(uint64_t), &pa);
	if (!span)
		return NULL;
	memset(span, 0, bytes);
	span->bytes = bytes;
	span->first_sid = first;
	span->bits = bits;
	span->ste = ste;
	span->ste_pa = ste_pa;
	if (!ste) {
		span->ste_bytes = n * SMMUV3_STE_BYTES;
		span->ste = smmuv3_dma_alloc(smmu, span->ste_bytes, span->ste_bytes, &span->ste_pa);
		if (!span->ste) {
			smmuv3_dma_free(smmu, span, bytes);
			return NULL;
		}
		smmu->strtab.live_l2++;
		strtab_fill_default(smmu, span->ste, n);
	}
	return span;
}

static uint64_t *l1_desc(const struct smmuv3 *smmu, unsigned int idx)
{
	return (uint64_t *)smmu->strtab.base + idx;
}

static void l1_write(struct smmuv3 *smmu, unsigned int idx, uint64_t val)
{
	uint64_t *d = l1_desc(smmu, idx);

	*(volatile uint64_t *)d = val;
	smmuv3_dma_sync(smmu, d, sizeof(*d));
}

static uint64_t l1_value(const struct smmuv3_strtab_span *span)
{
	return SMMUV3_FIELD_PREP(SMMUV3_L1STD_SPAN, span->bits + 1) |
	       (span->ste_pa & SMMUV3_L1STD_L2PTR);
}

static unsigned int span_bits(const struct smmuv3_strtab *st)
{
	return st->log2size < st->split ? st->log2size : st->split;
}

static int strtab_alloc_spans(struct smmuv3 *smmu)
{
	struct smmuv3_strtab *st = &smmu->strtab;
	uint64_t pa;

	st->spans_bytes = (size_t)st->n_spans * sizeof(*st->spans);
	st->spans = smmuv3_dma_alloc(smmu, st->spans_bytes, sizeof(void *), &pa);
	if (!st->spans)
		return SMMUV3_ERR_NOMEM;
	memset(st->spans, 0, st->spans_bytes);
	if (st->fmt == SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR) {
		st->spans[0] = span_alloc(smmu, 0, st->log2size, st->base, st->base_pa);
		if (!st->spans[0])
			return SMMUV3_ERR_NOMEM;
		st->spans[0]->pinned = true;
		return 0;
	}
	if (!smmu->cfg.bypass_unconfigured)
		return 0;
	/* Bypass by default: every StreamID must reach an STE that says so,
	 * which needs every level-2 table (docs/stream-table.md). */
	for (unsigned int i = 0; i < st->n_spans; i++) {
		st->spans[i] = span_alloc(smmu, i << st->split, span_bits(st), NULL, 0);
		if (!st->spans[i])
			return SMMUV3_ERR_NOMEM;
		st->spans[i]->pinned = true;
		l1_write(smmu, i, l1_value(st->spans[i]));
	}
	return 0;
}

int smmuv3_strtab_alloc(struct smmuv3 *smmu)
{
	struct smmuv3_strtab *st = &smmu->strtab;
	unsigned int bits = strtab_sid_bits(smmu);
	bool two_level = smmu->feat.strtab_2lvl && bits > smmu->cfg.strtab_linear_max_bits;
	int rc;

	memset(st, 0, sizeof(*st));
	st->log2size = bits;
	if (two_level) {
		st->fmt = SMMUV3_STRTAB_BASE_CFG_FMT_2LVL;
		st->split = STRTAB_SPLIT;
		st->n_spans = bits > STRTAB_SPLIT ? 1u << (bits - STRTAB_SPLIT) : 1u;
		st->bytes = (size_t)SMMUV3_L1STD_BYTES * st->n_spans;
	} else {
		st->fmt = SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR;
		st->n_spans = 1;
		st->bytes = (size_t)SMMUV3_STE_BYTES << bits;
	}
	/* STRTAB_BASE.ADDR is 64-byte aligned; tables are aligned to their size. */
	st->base = smmuv3_dma_alloc(smmu, st->bytes, st->bytes < 64 ? 64 : st->bytes,
				    &st->base_pa);
	if (!st->base)
		return SMMUV3_ERR_NOMEM;
	if (two_level) {
		memset(st->base, 0, st->bytes);
		smmuv3_dma_sync(smmu, st->base, st->bytes);
	} else {
		strtab_fill_default(smmu, st->base, (size_t)1 << bits);
	}
	rc = strtab_alloc_spans(smmu);
	if (rc) {
		smmuv3_strtab_free(smmu);
		return rc;
	}
	smmuv3_info(smmu, "stream table: %s, %u StreamID bits, %zu bytes + %zu bytes of "
		    "bookkeeping%s", two_level ? "two-level" : "linear", bits, st->bytes,
		    st->spans_bytes + (two_level ? 0 : st->spans[0]->bytes),
		    two_level ? "; 16 KiB level-2 tables on demand" : "");
	return 0;
}

void smmuv3_strtab_free(struct smmuv3 *smmu)
{
	struct smmuv3_strtab *st = &smmu->strtab;

	/* Domains hold ASIDs/VMIDs and tables of this instance: they end
	 * with it (their handles then say SMMUV3_ERR_STALE). */
	smmuv3_domains_end(smmu);
	if (st->spans) {
		for (unsigned int i = 0; i < st->n_spans; i++) {
			struct smmuv3_strtab_span *span = st->spans[i];

			if (!span)
				continue;
			for (size_t j = 0; j < ((size_t)1 << span->bits); j++)
				smmuv3_cdtab_release_stream(smmu, &span->st[j]);
			span_free(smmu, span);
		}
		smmuv3_dma_free(smmu, st->spans, st->spans_bytes);
	}
	if (st->base)
		smmuv3_dma_free(smmu, st->base, st->bytes);
	smmuv3_ids_free(smmu);
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

int smmuv3_strtab_check_sid(const struct smmuv3 *smmu, uint32_t sid)
{
	if (smmu->state != SMMUV3_STATE_ENABLED || !smmu->strtab.spans)
		return SMMUV3_ERR_STATE;
	if (smmu->strtab.log2size < 32 && (sid >> smmu->strtab.log2size))
		return SMMUV3_ERR_RANGE;
	return 0;
}

static unsigned int span_index(const struct smmuv3_strtab *st, uint32_t sid)
{
	if (st->fmt == SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR)
		return 0;
	return (unsigned int)((uint64_t)sid >> st->split);
}

struct smmuv3_strtab_span *smmuv3_strtab_span(const struct smmuv3 *smmu, uint32_t sid)
{
	/* Lookups of claimed streams run without the instance lock while
	 * claims of their neighbours publish (or unpublish) other spans:
	 * the pointer is read and written atomically. */
	return __atomic_load_n(&smmu->strtab.spans[span_index(&smmu->strtab, sid)],
			       __ATOMIC_ACQUIRE);
}

struct smmuv3_cmd smmuv3_cfgi_cmd(const struct smmuv3 *smmu, struct smmuv3_cmd cmd)
{
	return smmu->cfg.secure ? smmuv3_cmd_secure(cmd) : cmd;
}

int smmuv3_strtab_span_get(struct smmuv3 *smmu, uint32_t sid, struct smmuv3_strtab_span **out)
{
	struct smmuv3_strtab *st = &smmu->strtab;
	unsigned int idx = span_index(st, sid);
	struct smmuv3_strtab_span *span = st->spans[idx];
	struct smmuv3_cmd cmd;
	int rc;

	if (!span) {
		span = span_alloc(smmu, idx << st->split, span_bits(st), NULL, 0);
		if (!span)
			return SMMUV3_ERR_NOMEM;
		__atomic_store_n(&st->spans[idx], span, __ATOMIC_RELEASE);
		l1_write(smmu, idx, l1_value(span));
		span->l1_stale = true;
	}
	if (span->l1_stale) {
		/* The SMMU may have cached the invalid descriptor: a non-leaf
		 * CFGI_STE makes it read the new one. If the command fails the
		 * table stays hooked (it only holds default STEs) rather than
		 * be freed under an SMMU that may have fetched it, and the next
		 * claim in the span tries again. */
		cmd = smmuv3_cfgi_cmd(smmu, smmuv3_cmd_cfgi_ste(sid, false));
		rc = smmuv3_cmdq_submit(smmu, &cmd, 1, true);
		if (rc)
			return rc;
		span->l1_stale = false;
	}
	*out = span;
	return 0;
}

int smmuv3_strtab_span_put(struct smmuv3 *smmu, struct smmuv3_strtab_span *span)
{
	struct smmuv3_strtab *st = &smmu->strtab;
	unsigned int idx = span_index(st, span->first_sid);
	struct smmuv3_cmd cmd;
	int rc;

	if (span->refs || span->pinned)
		return 0;
	/* Unhook, then make the SMMU forget the descriptor and every STE of
	 * the span before the memory goes back to the port. */
	l1_write(smmu, idx, 0);
	cmd = smmuv3_cfgi_cmd(smmu, smmuv3_cmd_cfgi_ste_range(span->first_sid, span->bits - 1));
	rc = smmuv3_cmdq_submit(smmu, &cmd, 1, true);
	if (rc) {
		smmuv3_err(smmu, "level-2 table of SID 0x%x kept: invalidation failed (%d)",
			   span->first_sid, rc);
		l1_write(smmu, idx, l1_value(span));
		return rc;
	}
	__atomic_store_n(&st->spans[idx], NULL, __ATOMIC_RELEASE);
	span_free(smmu, span);
	return 0;
}
