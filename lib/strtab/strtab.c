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
#include "libc/desc.h"
#include "libc/mem.h"

#include "core/internal.h"
#include "strtab_internal.h"
#include "cd/cd_internal.h"

/* Level-2 tables resolve 8 StreamID bits (16 KiB) unless configured
 * otherwise: QEMU supports only this. */
#define STRTAB_SPLIT 8u

/* Highest StreamID in cfg.sids (0 when none is declared). */
static uint32_t strtab_max_declared(const struct smmuv3_inst *smmu)
{
	uint32_t max = 0;

	for (unsigned int i = 0; i < smmu->cfg.n_sids; i++)
		if (smmu->cfg.sids[i].last > max)
			max = smmu->cfg.sids[i].last;
	return max;
}

/* StreamID bits needed to hold @sid. */
static unsigned int sid_width(uint32_t sid)
{
	unsigned int bits = 1;

	while (bits < 32 && (sid >> bits))
		bits++;
	return bits;
}

static unsigned int strtab_sid_bits(const struct smmuv3_inst *smmu)
{
	unsigned int hw = smmuv3_bank_sid_bits(smmu);
	unsigned int want;

	if (smmu->cfg.sid_bits)
		return smmu->cfg.sid_bits < hw ? smmu->cfg.sid_bits : hw;
	if (smmu->cfg.n_sids) {
		/* Sized to what exists: the highest declared StreamID. */
		want = sid_width(strtab_max_declared(smmu));
		if (want > hw)
			smmuv3_warn(smmu, "declared StreamIDs need %u bits, SIDSIZE is %u: "
				    "those above are refused", want, hw);
		return want < hw ? want : hw;
	}
	if (hw > SMMUV3_DEFAULT_SID_BITS_MAX) {
		smmuv3_warn(smmu, "SIDSIZE %u: stream table covers StreamIDs below 2^%u "
			    "(set cfg.sid_bits to cover more)", hw, SMMUV3_DEFAULT_SID_BITS_MAX);
		return SMMUV3_DEFAULT_SID_BITS_MAX;
	}
	return hw;
}

void smmuv3_ste_default(const struct smmuv3_inst *smmu, struct smmuv3_ste *ste)
{
	uint64_t cfg = smmu->cfg.bypass_unconfigured ? SMMUV3_STE_CONFIG_BYPASS
						     : SMMUV3_STE_CONFIG_ABORT;

	memset(ste, 0, sizeof(*ste));
	ste->dw[0] = SMMUV3_STE0_V | SMMUV3_FIELD_PREP(SMMUV3_STE0_CONFIG, cfg);
	/* Bypass keeps the incoming shareability, when the SMMU lets us say so. */
	if (smmu->cfg.bypass_unconfigured && smmu->feat.attr_types_ovr)
		ste->dw[1] = SMMUV3_FIELD_PREP(SMMUV3_STE1_SHCFG, SMMUV3_STE_SHCFG_INCOMING);
}

static void strtab_fill_default(struct smmuv3_inst *smmu, uint64_t *ste, size_t count)
{
	struct smmuv3_ste def;

	smmuv3_ste_default(smmu, &def);
	for (size_t i = 0; i < count; i++)
		memcpy(ste + i * SMMUV3_STE_DWORDS, def.dw, sizeof(def.dw));
	smmuv3_dma_sync(smmu, ste, count * SMMUV3_STE_BYTES);
}

/* Bytes of a span's CD table array. */
static size_t span_cdtabs_bytes(const struct smmuv3_strtab_span *span)
{
	return ((size_t)1 << span->bits) * sizeof(struct smmuv3_cdtab *);
}

int smmuv3_span_cdtab_reserve(struct smmuv3_inst *smmu, struct smmuv3_strtab_span *span)
{
	size_t bytes = span_cdtabs_bytes(span);
	uint64_t pa;
	int rc = 0;

	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->cd_lock);
	if (!span->cdtabs) {
		span->cdtabs = smmuv3_dma_alloc(smmu, bytes, sizeof(void *), &pa);
		if (span->cdtabs) {
			memset(span->cdtabs, 0, bytes);
			smmu->strtab.cdtab_arrays++;
		}
	}
	if (span->cdtabs)
		span->n_cdtabs++;
	else
		rc = SMMUV3_ERR_NOMEM;
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->cd_lock);
	return rc;
}

void smmuv3_span_cdtab_unreserve(struct smmuv3_inst *smmu, struct smmuv3_strtab_span *span)
{
	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->cd_lock);
	if (!--span->n_cdtabs) {
		smmuv3_dma_free(smmu, span->cdtabs, span_cdtabs_bytes(span));
		span->cdtabs = NULL;
		smmu->strtab.cdtab_arrays--;
	}
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->cd_lock);
}

static void span_free(struct smmuv3_inst *smmu, struct smmuv3_strtab_span *span)
{
	if (span->cdtabs) {
		smmuv3_dma_free(smmu, span->cdtabs, span_cdtabs_bytes(span));
		smmu->strtab.cdtab_arrays--;
	}
	if (span->ste_bytes) {
		/* One block: the level-2 STEs with the bookkeeping after them. */
		smmuv3_dma_free(smmu, span->ste, span->ste_bytes + span->bytes);
		smmu->strtab.live_l2--;
	} else {
		smmuv3_dma_free(smmu, span, span->bytes);
	}
}

size_t smmuv3_strtab_span_bytes(unsigned int bits)
{
	return sizeof(struct smmuv3_strtab_span) +
	       ((size_t)1 << bits) * sizeof(struct smmuv3_stream_state);
}

static void span_init(struct smmuv3_strtab_span *span, size_t bytes, uint32_t first,
		      unsigned int bits, uint64_t *ste, uint64_t ste_pa)
{
	memset(span, 0, bytes);
	span->bytes = bytes;
	span->first_sid = first;
	span->bits = bits;
	span->ste = ste;
	span->ste_pa = ste_pa;
}

/* Bookkeeping of the linear table at @ste. */
static struct smmuv3_strtab_span *span_alloc_linear(struct smmuv3_inst *smmu, unsigned int bits,
						    uint64_t *ste, uint64_t ste_pa)
{
	size_t bytes = smmuv3_strtab_span_bytes(bits);
	struct smmuv3_strtab_span *span;
	uint64_t pa;

	span = smmuv3_dma_alloc(smmu, bytes, sizeof(uint64_t), &pa);
	if (span)
		span_init(span, bytes, 0, bits, ste, ste_pa);
	return span;
}

/*
 * A level-2 table for 2^bits streams from @first, with its bookkeeping
 * right after the STEs in the same block: the level-1 descriptor's
 * address is then all it takes to find both.
 */
static struct smmuv3_strtab_span *span_alloc_l2(struct smmuv3_inst *smmu, uint32_t first,
						unsigned int bits)
{
	size_t ste_bytes = (size_t)SMMUV3_STE_BYTES << bits;
	size_t bytes = smmuv3_strtab_span_bytes(bits);
	struct smmuv3_strtab_span *span;
	uint64_t *ste;
	uint64_t pa;

	ste = smmuv3_dma_alloc(smmu, ste_bytes + bytes, ste_bytes, &pa);
	if (!ste)
		return NULL;
	span = (struct smmuv3_strtab_span *)(void *)((uint8_t *)ste + ste_bytes);
	span_init(span, bytes, first, bits, ste, pa);
	span->ste_bytes = ste_bytes;
	smmu->strtab.live_l2++;
	strtab_fill_default(smmu, ste, (size_t)1 << bits);
	return span;
}

static uint64_t *l1_desc(const struct smmuv3_inst *smmu, unsigned int idx)
{
	return (uint64_t *)smmu->strtab.base + idx;
}

static void l1_write(struct smmuv3_inst *smmu, unsigned int idx, uint64_t val)
{
	uint64_t *d = l1_desc(smmu, idx);

	/* Lookups of claimed streams read level-1 descriptors without the
	 * instance lock while claims of their neighbours publish or clear
	 * other spans: one release store (single-copy atomic for the SMMU too)
	 * after the span's level-2 table and bookkeeping are written. */
	smmuv3_desc_publish(d, val);
	smmuv3_dma_sync(smmu, d, sizeof(*d));
}

static uint64_t l1_value(const struct smmuv3_strtab_span *span)
{
	return SMMUV3_FIELD_PREP(SMMUV3_L1STD_SPAN, span->bits + 1) |
	       (span->ste_pa & SMMUV3_L1STD_L2PTR);
}

/* Span of level-1 slot @idx (0 for a linear table): derived from the
 * level-1 descriptor, NULL while it is invalid. */
static struct smmuv3_strtab_span *strtab_span_at(const struct smmuv3_inst *smmu, unsigned int idx)
{
	const struct smmuv3_strtab *st = &smmu->strtab;
	uint64_t d;
	uint8_t *l2;

	if (st->fmt == SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR)
		return st->linear;
	d = __atomic_load_n(l1_desc(smmu, idx), __ATOMIC_ACQUIRE);
	if (!SMMUV3_FIELD_GET(SMMUV3_L1STD_SPAN, d))
		return NULL;
	l2 = smmuv3_port_phys_to_virt(smmu->cfg.port, d & SMMUV3_L1STD_L2PTR);
	return (struct smmuv3_strtab_span *)(void *)(l2 + (SMMUV3_STE_BYTES
							   << (SMMUV3_FIELD_GET(SMMUV3_L1STD_SPAN, d) - 1)));
}

static unsigned int span_bits(const struct smmuv3_strtab *st)
{
	return st->log2size < st->split ? st->log2size : st->split;
}

static int strtab_alloc_spans(struct smmuv3_inst *smmu)
{
	struct smmuv3_strtab *st = &smmu->strtab;
	struct smmuv3_strtab_span *span;

	if (st->fmt == SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR) {
		st->linear = span_alloc_linear(smmu, st->log2size, st->base, st->base_pa);
		if (!st->linear)
			return SMMUV3_ERR_NOMEM;
		st->linear->pinned = true;
		return 0;
	}
	if (!smmu->cfg.bypass_unconfigured)
		return 0;
	/* Bypass by default: every StreamID must reach an STE that says so,
	 * which needs every level-2 table (docs/stream-table.md). */
	for (unsigned int i = 0; i < st->n_spans; i++) {
		span = span_alloc_l2(smmu, i << st->split, span_bits(st));
		if (!span)
			return SMMUV3_ERR_NOMEM;
		span->pinned = true;
		l1_write(smmu, i, l1_value(span));
	}
	return 0;
}

/* The split in force: configured, or the cheapest for cfg.sids. */
static unsigned int strtab_split(const struct smmuv3_inst *smmu, unsigned int bits)
{
	struct smmuv3_strtab_mem m;

	if (smmu->cfg.strtab_split == SMMUV3_STRTAB_SPLIT_BEST) {
		smmuv3_strtab_min(smmu, bits, &m);
		return m.min_split ? m.min_split : STRTAB_SPLIT;
	}
	return smmu->cfg.strtab_split ? smmu->cfg.strtab_split : STRTAB_SPLIT;
}

int smmuv3_strtab_alloc(struct smmuv3_inst *smmu)
{
	struct smmuv3_strtab *st = &smmu->strtab;
	unsigned int bits = strtab_sid_bits(smmu);
	bool two_level = smmu->feat.strtab_2lvl && bits > smmu->cfg.strtab_linear_max_bits;
	int rc;

	memset(st, 0, sizeof(*st));
	st->log2size = bits;
	if (two_level) {
		st->fmt = SMMUV3_STRTAB_BASE_CFG_FMT_2LVL;
		st->split = strtab_split(smmu, bits);
		st->n_spans = bits > st->split ? 1u << (bits - st->split) : 1u;
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
		    two_level ? (size_t)0 : st->linear->bytes,
		    two_level ? "; level-2 tables on demand" : "");
	return 0;
}

void smmuv3_strtab_free(struct smmuv3_inst *smmu)
{
	struct smmuv3_strtab *st = &smmu->strtab;

	for (unsigned int i = 0; st->base && i < st->n_spans; i++) {
		struct smmuv3_strtab_span *span = strtab_span_at(smmu, i);

		if (!span)
			continue;
		for (size_t j = 0; j < ((size_t)1 << span->bits); j++)
			smmuv3_cdtab_release_stream(smmu, span, span->first_sid + (uint32_t)j);
		span_free(smmu, span);
	}
	if (st->base)
		smmuv3_dma_free(smmu, st->base, st->bytes);
	memset(st, 0, sizeof(*st));
}

void smmuv3_strtab_program(struct smmuv3_inst *smmu)
{
	struct smmuv3_strtab *st = &smmu->strtab;
	uint32_t cfg = SMMUV3_FIELD_PREP(SMMUV3_STRTAB_BASE_CFG_FMT, st->fmt) |
		       SMMUV3_FIELD_PREP(SMMUV3_STRTAB_BASE_CFG_SPLIT, st->split) |
		       SMMUV3_FIELD_PREP(SMMUV3_STRTAB_BASE_CFG_LOG2SIZE, st->log2size);

	smmuv3_write64(smmu, smmuv3_breg(smmu, SMMUV3_STRTAB_BASE),
		       SMMUV3_STRTAB_BASE_RA | (st->base_pa & SMMUV3_STRTAB_BASE_ADDR));
	smmuv3_write32(smmu, smmuv3_breg(smmu, SMMUV3_STRTAB_BASE_CFG), cfg);
}

int smmuv3_strtab_check_sid(const struct smmuv3_inst *smmu, uint32_t sid)
{
	if (smmu->state != SMMUV3_STATE_ENABLED || !smmu->strtab.base)
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

struct smmuv3_strtab_span *smmuv3_strtab_span(const struct smmuv3_inst *smmu, uint32_t sid)
{
	return strtab_span_at(smmu, span_index(&smmu->strtab, sid));
}

struct smmuv3_cmd smmuv3_cfgi_cmd(const struct smmuv3_inst *smmu, struct smmuv3_cmd cmd)
{
	cmd.dw[0] |= smmu->regime->ssec;
	return cmd;
}

int smmuv3_strtab_span_get(struct smmuv3_inst *smmu, uint32_t sid, struct smmuv3_strtab_span **out)
{
	struct smmuv3_strtab *st = &smmu->strtab;
	unsigned int idx = span_index(st, sid);
	struct smmuv3_strtab_span *span = strtab_span_at(smmu, idx);
	struct smmuv3_cmd cmd;
	int rc;

	if (!span) {
		span = span_alloc_l2(smmu, idx << st->split, span_bits(st));
		if (!span)
			return SMMUV3_ERR_NOMEM;
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
		rc = smmuv3_cmdq_submit(smmuv3_inst_pub(smmu), &cmd, 1, true);
		if (rc)
			return rc;
		span->l1_stale = false;
	}
	*out = span;
	return 0;
}

int smmuv3_strtab_span_put(struct smmuv3_inst *smmu, struct smmuv3_strtab_span *span)
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
	rc = smmuv3_cmdq_submit(smmuv3_inst_pub(smmu), &cmd, 1, true);
	if (rc) {
		smmuv3_err(smmu, "level-2 table of SID 0x%x kept: invalidation failed (%d)",
			   span->first_sid, rc);
		l1_write(smmu, idx, l1_value(span));
		return rc;
	}
	span_free(smmu, span);
	return 0;
}
