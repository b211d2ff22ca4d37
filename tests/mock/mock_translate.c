// SPDX-License-Identifier: BSD-3-Clause
/*
 * The mock as a translator: STE -> CD -> stage 1 -> stage 2, walked the
 * way the architecture describes (SMMUv3 5.2, 5.4, 3.x; Arm ARM VMSAv8-64
 * translation), plus a TLB that keeps what it walked until an
 * invalidation command the mock consumes removes it.
 *
 * Deliberately written without the library's page-table code or headers:
 * its own field masks, its own level arithmetic, so a shared misreading
 * of the architecture would have to be made twice.
 */
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

/* ---- VMSAv8-64 descriptor fields (as the walker reads them) ---- */
#define D_VALID MA_BIT(0, 0)
#define D_NOTBLOCK MA_BIT(1, 1)  /* table at levels 0-2, page at level 3 */
#define D_AP1 MA_BIT(6, 6)       /* stage 1: EL0 may access */
#define D_AP2 MA_BIT(7, 7)       /* stage 1: read-only */
#define D_S2AP_R MA_BIT(6, 6)
#define D_S2AP_W MA_BIT(7, 7)
#define D_AF MA_BIT(10, 10)
#define D_PXN MA_BIT(53, 53)
#define D_UXN MA_BIT(54, 54)      /* stage 2: XN[1] */
#define D_ADDR MA_MASK_(47, 12)
#define D_ADDR_HI MA_MASK_(15, 12) /* OA[51:48], 64 KiB granule */

/* ---- Level-1 CD descriptor (5.4.1) ---- */
#define L1CD_V MA_BIT(0, 0)
#define L1CD_L2PTR MA_MASK_(55, 12)

static bool read64(struct smmuv3_mock *m, uint64_t pa, uint64_t *v)
{
	const void *p = m->mem ? m->mem(m->mem_arg, pa, 8) : NULL;

	if (!p)
		return false;
	memcpy(v, p, 8);
	return true;
}

/* ---- TLB ---- */

/* An entry a walk of @st would have made or may use. */
static bool tlb_tag_match(const struct smmuv3_mock_tlb_entry *e, unsigned int stage,
			  const struct smmuv3_mock_stage *st)
{
	return e->stage == stage && e->vmid == st->vmid && e->secure == st->secure &&
	       e->ns_ipa == (stage == 2 && st->ns_ipa) && e->regime == (stage == 1 ? st->regime : SMMUV3_MOCK_REGIME_EL1) &&
	       (stage == 2 || e->asid == st->asid);
}

static struct smmuv3_mock_tlb_entry *tlb_find(struct smmuv3_mock *m, unsigned int stage,
					      const struct smmuv3_mock_stage *st, uint64_t in)
{
	for (size_t i = 0; i < m->tlb_len; i++) {
		struct smmuv3_mock_tlb_entry *e = &m->tlb[i];

		if (!e->walk && tlb_tag_match(e, stage, st) && in >= e->in && in - e->in < e->size)
			return e;
	}
	return NULL;
}

/* The deepest walk-cache entry for @in, if any. */
static struct smmuv3_mock_tlb_entry *walk_find(struct smmuv3_mock *m, unsigned int stage,
					       const struct smmuv3_mock_stage *st, uint64_t in)
{
	struct smmuv3_mock_tlb_entry *best = NULL;

	for (size_t i = 0; i < m->tlb_len; i++) {
		struct smmuv3_mock_tlb_entry *e = &m->tlb[i];

		if (e->walk && tlb_tag_match(e, stage, st) && in >= e->in && in - e->in < e->size &&
		    (!best || e->level > best->level))
			best = e;
	}
	return best;
}

static void tlb_add(struct smmuv3_mock *m, const struct smmuv3_mock_tlb_entry *e)
{
	if (!m->tlb_enabled)
		return;
	smmuv3_mock_tlb_insert(m, e);
}

void smmuv3_mock_tlb_insert(struct smmuv3_mock *m, const struct smmuv3_mock_tlb_entry *e)
{
	if (m->tlb_len == m->tlb_cap) {
		size_t cap = m->tlb_cap ? m->tlb_cap * 2 : 64;
		struct smmuv3_mock_tlb_entry *n = realloc(m->tlb, cap * sizeof(*n));

		if (!n)
			abort();
		m->tlb = n;
		m->tlb_cap = cap;
	}
	m->tlb[m->tlb_len++] = *e;
}

void smmuv3_mock_tlb_flush(struct smmuv3_mock *m)
{
	m->tlb_len = 0;
}

/* What one TLBI reaches. stage 0: every stage; 1: stage 1 and combined
 * entries; 2: stage 2 only. addr_size 0: every address. granule/ttl 0:
 * no hint. */
struct tlbi_scope {
	bool secure;
	uint8_t regime;
	unsigned int stage;
	bool any_vmid, any_asid, leaf_only;
	uint16_t vmid, asid;
	uint64_t addr, addr_size;
	unsigned int granule, ttl;
};

/* TG and TTL hints (4.4.1.1): only entries walked with that granule, and
 * only leaves at level TTL (with Leaf = 0, also tables above it). */
static bool tlbi_hint_match(const struct tlbi_scope *t, const struct smmuv3_mock_tlb_entry *e)
{
	if (!t->granule)
		return true;
	if (e->granule_log2 && e->granule_log2 != t->granule)
		return false;
	if (!t->ttl)
		return true;
	return e->walk ? e->level < t->ttl : e->level == t->ttl;
}

static bool tlbi_hits(const struct tlbi_scope *t, const struct smmuv3_mock_tlb_entry *e)
{
	/* Combined stage-1+2 entries (stage 3) go with stage-1
	 * invalidations and whole-VMID ones, never with S2_IPA. */
	return !(t->leaf_only && e->walk) && e->secure == t->secure && e->regime == t->regime &&
	       (t->stage == 0 || e->stage == t->stage || (t->stage == 1 && e->stage == 3)) &&
	       (t->any_vmid || e->vmid == t->vmid) &&
	       (t->any_asid || e->stage == 2 || e->asid == t->asid) &&
	       (!t->addr_size || (e->in < t->addr + t->addr_size && t->addr < e->in + e->size)) &&
	       tlbi_hint_match(t, e);
}

static void tlb_drop(struct smmuv3_mock *m, const struct tlbi_scope *t)
{
	size_t w = 0;

	for (size_t i = 0; i < m->tlb_len; i++) {
		const struct smmuv3_mock_tlb_entry *e = &m->tlb[i];

		if (tlbi_hits(t, e))
			m->tlb_invalidated++;
		else
			m->tlb[w++] = *e;
	}
	m->tlb_len = w;
}

/* Address range and hints of an address-based TLBI: one address (any
 * leaf size) without TG, or (NUM+1) << SCALE granules with TTL. */
static void tlbi_range(const uint64_t *dw, bool leaf, uint64_t addr, struct tlbi_scope *t)
{
	unsigned int tg = (unsigned int)MA_GET(dw, MA_CMD_TLBI_TG);
	unsigned int g = tg == 1 ? 12 : tg == 2 ? 14 : tg == 3 ? 16 : 0;

	t->leaf_only = leaf;
	t->addr = addr;
	t->addr_size = 1;
	if (!g)
		return;
	t->granule = g;
	t->ttl = (unsigned int)MA_GET(dw, MA_CMD_TLBI_TTL);
	/* 16K TTL = 1 is Reserved without DS and treated as 0. */
	if (g == 14 && t->ttl == 1)
		t->ttl = 0;
	t->addr_size = (MA_GET(dw, MA_CMD_TLBI_NUM) + 1) << (MA_GET(dw, MA_CMD_TLBI_SCALE) + g);
}

/*
 * The scope of a TLBI from the (Secure if @secure) queue or a broadcast
 * (4.4.2-4.4.4): the NH forms reach the queue's own world (Secure stage 1
 * from the Secure queue), EL2 forms NS-EL2, S_EL2 forms S-EL2, EL3 forms
 * EL3, S2/S12/NSNH the Non-secure regime and their S_ twins the Secure
 * one. False for a command that is not a TLBI.
 */
static bool tlbi_scope(const struct smmuv3_mock *m, bool secure, const uint64_t *dw,
		       struct tlbi_scope *t)
{
	uint64_t va = dw[1] & MA_MASK(MA_CMD_TLBI_ADDR);
	bool leaf = MA_GET(dw, MA_CMD_LEAF);
	/* VMID is matched only where the world has stage 2. */
	bool s2 = secure ? (m->profile.s_idr1 & MA_BIT(MA_S_IDR1_SEL2))
			 : (m->profile.idr[0] & MA_BIT(MA_IDR0_S2P));

	memset(t, 0, sizeof(*t));
	t->vmid = (uint16_t)MA_GET(dw, MA_CMD_TLBI_VMID);
	t->asid = (uint16_t)MA_GET(dw, MA_CMD_TLBI_ASID);
	t->secure = secure;
	t->regime = SMMUV3_MOCK_REGIME_EL1;
	t->any_vmid = !s2;
	switch (MA_GET(dw, MA_CMD_OPCODE)) {
	case MA_OP_TLBI_NH_ALL:
		t->stage = 1;
		t->any_asid = true;
		return true;
	case MA_OP_TLBI_NH_ASID:
		t->stage = 1;
		return true;
	case MA_OP_TLBI_NH_VA:
		t->stage = 1;
		tlbi_range(dw, leaf, va, t);
		return true;
	case MA_OP_TLBI_NH_VAA:
		t->stage = 1;
		t->any_asid = true;
		tlbi_range(dw, leaf, va, t);
		return true;
	case MA_OP_TLBI_S_EL2_ALL:
	case MA_OP_TLBI_S_EL2_ASID:
	case MA_OP_TLBI_S_EL2_VA:
	case MA_OP_TLBI_S_EL2_VAA:
	case MA_OP_TLBI_EL2_ALL:
	case MA_OP_TLBI_EL2_ASID:
	case MA_OP_TLBI_EL2_VA:
	case MA_OP_TLBI_EL2_VAA: {
		unsigned int op = (unsigned int)MA_GET(dw, MA_CMD_OPCODE);

		t->secure = op >= MA_OP_TLBI_S_EL2_ALL;
		t->regime = SMMUV3_MOCK_REGIME_EL2;
		t->stage = 1;
		t->any_vmid = true;
		t->any_asid = (op & 0xf) == 0 || (op & 0xf) == 3;
		if ((op & 0xf) >= 2)
			tlbi_range(dw, leaf, va, t);
		return true;
	}
	case MA_OP_TLBI_EL3_ALL:
	case MA_OP_TLBI_EL3_VA:
		t->secure = true;
		t->regime = SMMUV3_MOCK_REGIME_EL3;
		t->stage = 1;
		t->any_vmid = t->any_asid = true;
		if (MA_GET(dw, MA_CMD_OPCODE) == MA_OP_TLBI_EL3_VA)
			tlbi_range(dw, leaf, va, t);
		return true;
	case MA_OP_TLBI_S2_IPA:
	case MA_OP_TLBI_S_S2_IPA:
		t->secure = MA_GET(dw, MA_CMD_OPCODE) == MA_OP_TLBI_S_S2_IPA;
		t->stage = 2;
		t->any_vmid = false;
		tlbi_range(dw, leaf, dw[1] & MA_MASK(MA_CMD_TLBI_IPA), t);
		return true;
	case MA_OP_TLBI_S12_VMALL:
	case MA_OP_TLBI_S_S12_VMALL:
		t->secure = MA_GET(dw, MA_CMD_OPCODE) == MA_OP_TLBI_S_S12_VMALL;
		t->any_vmid = false;
		t->any_asid = true;
		return true;
	case MA_OP_TLBI_NSNH_ALL:
	case MA_OP_TLBI_SNH_ALL:
		t->secure = MA_GET(dw, MA_CMD_OPCODE) == MA_OP_TLBI_SNH_ALL;
		t->any_vmid = t->any_asid = true;
		return true;
	default:
		return false;
	}
}

void mock_tlb_on_cmd(struct smmuv3_mock *m, int bank, const uint64_t *dw)
{
	struct tlbi_scope t;

	if (!tlbi_scope(m, bank, dw, &t))
		return;
	m->tlbi_seen++;
	tlb_drop(m, &t);
}

bool smmuv3_mock_broadcast_tlbi(struct smmuv3_mock *m, bool secure, const uint64_t dw[2])
{
	uint32_t cr2 = m->regs[(MA_CR2 + (secure ? MA_S_BANK : 0)) / 4];
	struct tlbi_scope t;

	if (!(m->profile.idr[0] & MA_BIT(MA_IDR0_BTM)) || (cr2 & MA_BIT(MA_CR2_PTM)) ||
	    !tlbi_scope(m, secure, dw, &t))
		return false;
	m->n_broadcast_tlbi++;
	tlb_drop(m, &t);
	return true;
}

/* ---- One stage ---- */

struct walk {
	struct smmuv3_mock *m;
	const struct smmuv3_mock_stage *st;
	unsigned int stage;
	const struct smmuv3_mock_stage *s2; /* translates stage-1 table addresses */
	unsigned int acc;
	struct smmuv3_mock_xlate *out;
};

static void fault(struct smmuv3_mock_xlate *out, uint32_t status, unsigned int stage,
		  unsigned int level)
{
	out->status = status;
	out->stage = stage;
	out->level = level;
}

static bool stage_lookup(struct smmuv3_mock *m, const struct smmuv3_mock_stage *st,
			 unsigned int stage, uint64_t in, unsigned int acc,
			 const struct smmuv3_mock_stage *s2, struct smmuv3_mock_xlate *out,
			 uint64_t *res);

/* Permission and access-flag checks of a leaf descriptor. */
static bool leaf_ok(const struct smmuv3_mock_stage *st, unsigned int stage, uint64_t d,
		    unsigned int acc, unsigned int level, struct smmuv3_mock_xlate *out)
{
	bool write = acc & SMMUV3_MOCK_ACC_WRITE, exec = acc & SMMUV3_MOCK_ACC_EXEC;
	bool priv = acc & SMMUV3_MOCK_ACC_PRIV;

	if (!(d & D_AF) && !st->affd) {
		fault(out, SMMUV3_MOCK_F_ACCESS, stage, level);
		return false;
	}
	if (stage == 1) {
		if ((write && (d & D_AP2)) || (!priv && !(d & D_AP1)) ||
		    (exec && (priv ? (d & D_PXN) : (d & D_UXN)))) {
			fault(out, SMMUV3_MOCK_F_PERMISSION, stage, level);
			return false;
		}
	} else {
		if ((write ? !(d & D_S2AP_W) : !(d & D_S2AP_R)) || (exec && (d & D_UXN))) {
			fault(out, SMMUV3_MOCK_F_PERMISSION, stage, level);
			return false;
		}
	}
	return true;
}

static uint64_t desc_oa(const struct smmuv3_mock_stage *st, uint64_t d, unsigned int g)
{
	uint64_t oa = d & D_ADDR & ~((UINT64_C(1) << g) - 1);

	if (g == 16 && st->ps_bits > 48)
		oa |= ((d & D_ADDR_HI) >> 12) << 48;
	return oa;
}

/* Walk one stage from its tables (no TLB). Returns the leaf descriptor
 * and its level, or false with out->status set. */
static bool stage_walk(struct smmuv3_mock *m, const struct smmuv3_mock_stage *st,
		       unsigned int stage, uint64_t in, const struct smmuv3_mock_stage *s2,
		       struct smmuv3_mock_xlate *out, uint64_t *leaf, unsigned int *leaf_level)
{
	unsigned int g = st->granule_log2, stride = g - 3;
	unsigned int in_bits = 64 - st->tsz;
	unsigned int start, level, lowest_block;
	uint64_t table = st->ttb;

	if (g != 12 && g != 14 && g != 16) {
		fault(out, stage == 1 ? SMMUV3_MOCK_C_BAD_CD : SMMUV3_MOCK_C_BAD_STE, stage, 0);
		return false;
	}
	if (in >> in_bits) {
		fault(out, SMMUV3_MOCK_F_TRANSLATION, stage, 0);
		return false;
	}
	if (stage == 1) {
		/* Levels follow from the input size alone. */
		start = 4 - (in_bits - g + stride - 1) / stride;
	} else {
		unsigned int root_bits;

		/* SL0 counts down from level 2 (4 KiB) or level 3. */
		start = (g == 12 ? 2 : 3) - st->sl0;
		if (start > 3) {
			fault(out, SMMUV3_MOCK_C_BAD_STE, stage, 0);
			return false;
		}
		root_bits = in_bits > g + (3 - start) * stride ? in_bits - g - (3 - start) * stride : 0;
		/* At least one index bit; at most 16 concatenated tables. */
		if (!root_bits || root_bits > stride + 4) {
			fault(out, SMMUV3_MOCK_C_BAD_STE, stage, 0);
			return false;
		}
	}
	lowest_block = g == 12 ? 1 : 2;
	if (table >> st->ps_bits) {
		fault(out, SMMUV3_MOCK_F_ADDR_SIZE, stage, start);
		return false;
	}
	level = start;
	if (m->tlb_enabled) {
		/* Resume from the deepest cached table descriptor. */
		const struct smmuv3_mock_tlb_entry *w = walk_find(m, stage, st, in);

		if (w) {
			table = w->out;
			level = w->level + 1u;
		}
	}
	for (;; level++) {
		unsigned int shift = g + (3 - level) * stride;
		unsigned int bits = level == start ? in_bits - shift : stride;
		uint64_t idx = (in >> shift) & ((UINT64_C(1) << bits) - 1);
		uint64_t addr = table + idx * 8, d;

		if (s2) {
			/* Stage-1 tables live at IPAs: fetching them is a
			 * stage-2 read. */
			struct smmuv3_mock_xlate s2out = { 0 };
			uint64_t pa;

			if (!stage_lookup(m, s2, 2, addr, 0, NULL, &s2out, &pa)) {
				*out = s2out;
				out->s2_on_s1_walk = true;
				return false;
			}
			addr = pa;
		}
		if (!read64(m, addr, &d)) {
			fault(out, SMMUV3_MOCK_F_WALK_EABT, stage, level);
			return false;
		}
		if (!(d & D_VALID) || (level == 3 && !(d & D_NOTBLOCK)) ||
		    (level < 3 && !(d & D_NOTBLOCK) && level < lowest_block)) {
			fault(out, SMMUV3_MOCK_F_TRANSLATION, stage, level);
			return false;
		}
		if (desc_oa(st, d, g) >> st->ps_bits) {
			fault(out, SMMUV3_MOCK_F_ADDR_SIZE, stage, level);
			return false;
		}
		if (level == 3 || !(d & D_NOTBLOCK)) {
			*leaf = d;
			*leaf_level = level;
			return true;
		}
		table = desc_oa(st, d, g);
		if (m->tlb_enabled) {
			struct smmuv3_mock_tlb_entry w = {
				.walk = true, .stage = (uint8_t)stage, .level = (uint8_t)level,
				.vmid = st->vmid, .asid = st->asid, .secure = st->secure,
				.ns_ipa = stage == 2 && st->ns_ipa,
				.regime = stage == 1 ? st->regime : SMMUV3_MOCK_REGIME_EL1,
				.granule_log2 = (uint8_t)g,
				.in = in & ~((UINT64_C(1) << shift) - 1),
				.size = UINT64_C(1) << shift, .out = table,
			};

			tlb_add(m, &w);
		}
	}
}

/* One stage through the TLB: a hit still checks permissions (the TLB
 * holds the descriptor). */
static bool stage_lookup(struct smmuv3_mock *m, const struct smmuv3_mock_stage *st,
			 unsigned int stage, uint64_t in, unsigned int acc,
			 const struct smmuv3_mock_stage *s2, struct smmuv3_mock_xlate *out,
			 uint64_t *res)
{
	unsigned int g = st->granule_log2, level;
	struct smmuv3_mock_tlb_entry *e = m->tlb_enabled ?
		tlb_find(m, stage, st, in) : NULL;
	uint64_t d, size;

	if (e) {
		m->tlb_hits++;
		out->tlb_hit = true;
		d = e->desc;
		level = e->level;
	} else {
		if (!stage_walk(m, st, stage, in, s2, out, &d, &level))
			return false;
	}
	if (!leaf_ok(st, stage, d, acc, level, out))
		return false;
	size = UINT64_C(1) << (g + (3 - level) * (g - 3));
	if (!e) {
		struct smmuv3_mock_tlb_entry n = {
			.stage = (uint8_t)stage, .vmid = st->vmid, .asid = st->asid,
			.secure = st->secure, .granule_log2 = (uint8_t)g,
			.ns_ipa = stage == 2 && st->ns_ipa,
			.regime = stage == 1 ? st->regime : SMMUV3_MOCK_REGIME_EL1,
			.in = in & ~(size - 1), .size = size, .desc = d, .level = (uint8_t)level,
			.out = desc_oa(st, d, g),
		};

		tlb_add(m, &n);
		*res = n.out | (in & (size - 1));
	} else {
		*res = e->out | (in & (size - 1));
	}
	out->level = level;
	return true;
}

/* A combined stage-1+2 entry of a nested stream (tagged like stage 1,
 * with the stage-2 VMID). */
static struct smmuv3_mock_tlb_entry *combined_find(struct smmuv3_mock *m,
						   const struct smmuv3_mock_stage *s1,
						   const struct smmuv3_mock_stage *s2, uint64_t addr)
{
	struct smmuv3_mock_stage tag = *s1;

	tag.vmid = s2->vmid;
	tag.regime = SMMUV3_MOCK_REGIME_EL1;
	return tlb_find(m, 3, &tag, addr);
}

void smmuv3_mock_translate_stages(struct smmuv3_mock *m, const struct smmuv3_mock_stage *s1,
				  const struct smmuv3_mock_stage *s2, uint64_t addr,
				  unsigned int acc, struct smmuv3_mock_xlate *out)
{
	struct smmuv3_mock_tlb_entry *c = NULL;
	uint64_t ipa = addr, pa;

	memset(out, 0, sizeof(*out));
	/* Nested streams may be answered by a combined entry, which
	 * stage-2 address invalidations do not remove (as hardware may). */
	if (s1 && s2 && m->tlb_enabled)
		c = combined_find(m, s1, s2, addr);
	if (c) {
		m->tlb_hits++;
		out->tlb_hit = true;
		if (!leaf_ok(s1, 1, c->desc, acc, c->level, out) ||
		    !leaf_ok(s2, 2, c->desc2, acc, c->level2, out))
			return;
		out->pa = c->out | (addr & (c->size - 1));
		out->ipa = out->pa; /* not kept by a combined entry */
		out->status = SMMUV3_MOCK_XLATE_OK;
		return;
	}
	if (s1) {
		if (!stage_lookup(m, s1, 1, addr, acc, s2, out, &ipa))
			return;
	}
	out->ipa = ipa;
	pa = ipa;
	if (s2) {
		if (!stage_lookup(m, s2, 2, ipa, acc, NULL, out, &pa))
			return;
	}
	out->pa = pa;
	out->status = SMMUV3_MOCK_XLATE_OK;
	if (s1 && s2 && m->tlb_enabled) {
		struct smmuv3_mock_tlb_entry *e1 = tlb_find(m, 1, s1, addr);
		struct smmuv3_mock_tlb_entry *e2 = tlb_find(m, 2, s2, ipa);

		if (e1 && e2) {
			uint64_t size = e1->size < e2->size ? e1->size : e2->size;
			struct smmuv3_mock_tlb_entry n = {
				.stage = 3, .vmid = s2->vmid, .asid = s1->asid,
				.in = addr & ~(size - 1), .size = size,
				.out = pa & ~(size - 1), .desc = e1->desc, .level = e1->level,
				.desc2 = e2->desc, .level2 = e2->level, .secure = s1->secure,
				.regime = SMMUV3_MOCK_REGIME_EL1, .granule_log2 = e1->granule_log2,
			};

			tlb_add(m, &n);
		}
	}
}

/* ---- STE and CD ---- */

/* A stage-2 read of @p ipa (CD and CD-table fetches of a nested stream). */
static bool s2_read_addr(struct smmuv3_mock *m, const struct smmuv3_mock_stage *s2,
			 uint64_t ipa, uint64_t *pa, struct smmuv3_mock_xlate *out)
{
	struct smmuv3_mock_xlate s2out = { 0 };

	if (!stage_lookup(m, s2, 2, ipa, 0, NULL, &s2out, pa)) {
		*out = s2out;
		return false;
	}
	return true;
}

/* The CD of a nested stream: the same selection rules as the strtab
 * area's decoder, with every table address an IPA. */
static int nested_cd(struct smmuv3_mock *m, const struct smmuv3_mock_ste_info *ste,
		     const struct smmuv3_mock_stage *s2, uint32_t ssid, bool ssv,
		     uint64_t cd[8], struct smmuv3_mock_xlate *out)
{
	uint64_t addr, l1;

	if (!ste->s1cdmax) {
		if (ssv)
			return SMMUV3_MOCK_C_BAD_SUBSTREAMID;
		ssid = 0;
	} else if (!ssv) {
		if (ste->s1dss == 1)
			return SMMUV3_MOCK_S1_BYPASS;
		if (ste->s1dss != 2)
			return SMMUV3_MOCK_F_STREAM_DISABLED;
		ssid = 0;
	} else if ((ste->s1dss == 2 && ssid == 0) || (ssid >> ste->s1cdmax)) {
		return ste->s1dss == 2 && ssid == 0 ? SMMUV3_MOCK_F_STREAM_DISABLED :
						      SMMUV3_MOCK_C_BAD_SUBSTREAMID;
	}
	if (ste->s1fmt == 1 || ste->s1fmt == 2) {
		unsigned int leaf_bits = ste->s1fmt == 1 ? 6 : 10;

		if (!s2_read_addr(m, s2, ste->s1_ctx + (uint64_t)(ssid >> leaf_bits) * 8, &addr, out))
			return -1;
		if (!read64(m, addr, &l1))
			return SMMUV3_MOCK_F_CD_FETCH;
		if (!(l1 & L1CD_V))
			return SMMUV3_MOCK_C_BAD_SUBSTREAMID;
		addr = (l1 & L1CD_L2PTR) + (uint64_t)(ssid & ((1u << leaf_bits) - 1)) * 64;
	} else {
		addr = ste->s1_ctx + (uint64_t)ssid * 64;
	}
	if (!s2_read_addr(m, s2, addr, &addr, out))
		return -1;
	for (int i = 0; i < 8; i++)
		if (!read64(m, addr + (uint64_t)i * 8, &cd[i]))
			return SMMUV3_MOCK_F_CD_FETCH;
	return 0;
}

unsigned int mock_regime(unsigned int strw)
{
	return strw == 2 ? SMMUV3_MOCK_REGIME_EL2 : strw == 1 ? SMMUV3_MOCK_REGIME_EL3
							   : SMMUV3_MOCK_REGIME_EL1;
}

void mock_stage1_from_cd(const struct smmuv3_mock_cd_info *cd, struct smmuv3_mock_stage *s1)
{
	s1->ttb = cd->ttb0;
	s1->granule_log2 = cd->granule0;
	s1->tsz = cd->t0sz;
	s1->ps_bits = cd->ips_bits;
	s1->asid = cd->asid;
}

void mock_stage2_from_ste(const struct smmuv3_mock_ste_info *ste, bool secure,
			  struct smmuv3_mock_stage *s2)
{
	/* A Secure stream's stage 2 walks the Secure IPA space (S_S2TTB). */
	s2->ttb = secure ? ste->s_s2ttb : ste->s2ttb;
	s2->granule_log2 = secure ? ste->s_s2granule : ste->s2granule;
	s2->tsz = secure ? ste->s_s2t0sz : ste->s2t0sz;
	s2->sl0 = secure ? ste->s_s2sl0 : ste->s2sl0;
	s2->ps_bits = ste->s2ps_bits;
	s2->affd = ste->s2affd;
	s2->vmid = ste->vmid;
}

void smmuv3_mock_translate(struct smmuv3_mock *m, uint32_t sid, uint32_t ssid, bool ssv,
			   uint64_t addr, unsigned int acc, struct smmuv3_mock_xlate *out)
{
	struct smmuv3_mock_ste_info ste;
	struct smmuv3_mock_cd_info cdi;
	struct smmuv3_mock_stage s1 = { 0 }, s2 = { 0 };
	bool s1en;
	const char *why = NULL;
	int v;

	memset(out, 0, sizeof(*out));
	if (!(m->regs[MA_CR0ACK / 4] & MA_MASK(MA_CR0_SMMUEN))) {
		out->status = m->regs[MA_GBPA / 4] & MA_MASK(MA_GBPA_ABORT) ? SMMUV3_MOCK_ABORT :
									      SMMUV3_MOCK_XLATE_OK;
		out->pa = out->ipa = addr;
		out->pa_ns = true;
		return;
	}
	v = smmuv3_mock_decode_ste(m, false, sid, &ste, &why);
	if (v) {
		fault(out, (uint32_t)v, 0, 0);
		return;
	}
	if (ste.s2)
		mock_stage2_from_ste(&ste, false, &s2);
	s1en = ste.s1;
	if (s1en) {
		if (ste.s2) {
			uint64_t cd[8];

			v = nested_cd(m, &ste, &s2, ssid, ssv, cd, out);
			if (v < 0)
				return; /* stage-2 fault fetching the CD */
			if (!v)
				v = smmuv3_mock_decode_cd_words(m, false, &ste, cd, &cdi, &why);
		} else {
			v = smmuv3_mock_decode_cd(m, false, sid, ssid, ssv, &ste, &cdi, &why);
		}
		if (v == SMMUV3_MOCK_S1_BYPASS) {
			s1en = false;
		} else if (v) {
			fault(out, (uint32_t)v, 0, 0);
			return;
		} else {
			if (cdi.epd0) {
				fault(out, SMMUV3_MOCK_F_TRANSLATION, 1, 0);
				return;
			}
			mock_stage1_from_cd(&cdi, &s1);
			s1.regime = (uint8_t)mock_regime(ste.strw);
			/* Stage-1 entries carry the STE's VMID when the SMMU
			 * implements stage 2 (what QEMU matches TLBI_NH_* on). */
			s1.vmid = ste.vmid_used || (m->profile.idr[0] & MA_MASK(MA_IDR0_S2P)) ? ste.vmid : 0;
		}
	} else if (ssv) {
		fault(out, SMMUV3_MOCK_C_BAD_SUBSTREAMID, 0, 0);
		return;
	}
	smmuv3_mock_translate_stages(m, s1en ? &s1 : NULL, ste.s2 ? &s2 : NULL, addr, acc, out);
	out->pa_ns = true; /* a Non-secure stream reaches nothing else */
}
