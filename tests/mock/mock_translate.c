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
#define D_VALID SMMUV3_BIT(0)
#define D_NOTBLOCK SMMUV3_BIT(1)  /* table at levels 0-2, page at level 3 */
#define D_AP1 SMMUV3_BIT(6)       /* stage 1: EL0 may access */
#define D_AP2 SMMUV3_BIT(7)       /* stage 1: read-only */
#define D_S2AP_R SMMUV3_BIT(6)
#define D_S2AP_W SMMUV3_BIT(7)
#define D_AF SMMUV3_BIT(10)
#define D_PXN SMMUV3_BIT(53)
#define D_UXN SMMUV3_BIT(54)      /* stage 2: XN[1] */
#define D_ADDR SMMUV3_GENMASK(47, 12)
#define D_ADDR_HI SMMUV3_GENMASK(15, 12) /* OA[51:48], 64 KiB granule */

/* ---- STE (5.2) ---- */
#define STE0_V SMMUV3_BIT(0)
#define STE0_CONFIG SMMUV3_GENMASK(3, 1)
#define STE0_S1FMT SMMUV3_GENMASK(5, 4)
#define STE0_S1CTXPTR SMMUV3_GENMASK(55, 6)
#define STE0_S1CDMAX SMMUV3_GENMASK(63, 59)
#define STE1_S1DSS SMMUV3_GENMASK(1, 0)
#define STE2_S2VMID SMMUV3_GENMASK(15, 0)
#define STE2_S2T0SZ SMMUV3_GENMASK(37, 32)
#define STE2_S2SL0 SMMUV3_GENMASK(39, 38)
#define STE2_S2TG SMMUV3_GENMASK(47, 46)
#define STE2_S2PS SMMUV3_GENMASK(50, 48)
#define STE2_S2AA64 SMMUV3_BIT(51)
#define STE2_S2AFFD SMMUV3_BIT(53)
#define STE3_S2TTB SMMUV3_GENMASK(55, 4)
#define L1STD_SPAN SMMUV3_GENMASK(4, 0)
#define L1STD_L2PTR SMMUV3_GENMASK(55, 6)

/* ---- CD (5.4) ---- */
#define CD0_T0SZ SMMUV3_GENMASK(5, 0)
#define CD0_TG0 SMMUV3_GENMASK(7, 6)
#define CD0_EPD0 SMMUV3_BIT(14)
#define CD0_V SMMUV3_BIT(31)
#define CD0_IPS SMMUV3_GENMASK(34, 32)
#define CD0_AFFD SMMUV3_BIT(35)
#define CD0_AA64 SMMUV3_BIT(41)
#define CD0_ASID SMMUV3_GENMASK(63, 48)
#define CD1_TTB0 SMMUV3_GENMASK(55, 4)
#define L1CD_V SMMUV3_BIT(0)
#define L1CD_L2PTR SMMUV3_GENMASK(55, 12)

static const unsigned int ps_bits[8] = { 32, 36, 40, 42, 44, 48, 52, 56 };

/* TG0/S2TG: 0 4 KiB, 1 64 KiB, 2 16 KiB. */
static unsigned int tg_log2(unsigned int tg)
{
	return tg == 0 ? 12 : tg == 1 ? 16 : tg == 2 ? 14 : 0;
}

static bool read64(struct smmuv3_mock *m, uint64_t pa, uint64_t *v)
{
	const void *p = m->mem ? m->mem(m->mem_arg, pa, 8) : NULL;

	if (!p)
		return false;
	memcpy(v, p, 8);
	return true;
}

/* ---- TLB ---- */

static struct smmuv3_mock_tlb_entry *tlb_find(struct smmuv3_mock *m, unsigned int stage,
					      uint16_t vmid, uint16_t asid, uint64_t in)
{
	for (size_t i = 0; i < m->tlb_len; i++) {
		struct smmuv3_mock_tlb_entry *e = &m->tlb[i];

		if (e->stage == stage && e->vmid == vmid && (stage == 2 || e->asid == asid) &&
		    in >= e->in && in - e->in < e->size)
			return e;
	}
	return NULL;
}

static void tlb_add(struct smmuv3_mock *m, const struct smmuv3_mock_tlb_entry *e)
{
	if (!m->tlb_enabled)
		return;
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

/* Drop entries of @stage matching the predicate fields; addr_size 0 means
 * every address. */
static void tlb_drop(struct smmuv3_mock *m, unsigned int stage, bool any_vmid, uint16_t vmid,
		     bool any_asid, uint16_t asid, uint64_t addr, uint64_t addr_size)
{
	size_t w = 0;

	for (size_t i = 0; i < m->tlb_len; i++) {
		const struct smmuv3_mock_tlb_entry *e = &m->tlb[i];
		bool hit = (stage == 0 || e->stage == stage) && (any_vmid || e->vmid == vmid) &&
			   (any_asid || e->stage == 2 || e->asid == asid) &&
			   (!addr_size || (e->in < addr + addr_size && addr < e->in + e->size));

		if (hit)
			m->tlb_invalidated++;
		else
			m->tlb[w++] = *e;
	}
	m->tlb_len = w;
}

/* Address range of an address-based TLBI: one granule-aligned address
 * (any leaf size) without a range, or (NUM+1) << SCALE granules. */
static uint64_t tlbi_size(const struct smmuv3_cmd *c)
{
	unsigned int tg = (unsigned int)SMMUV3_FIELD_GET(SMMUV3_CMD_TLBI_TG, c->dw[1]);
	unsigned int g = tg == 1 ? 12 : tg == 2 ? 14 : tg == 3 ? 16 : 0;

	if (!g)
		return 1;
	return (SMMUV3_FIELD_GET(SMMUV3_CMD_TLBI_NUM, c->dw[0]) + 1)
	       << (SMMUV3_FIELD_GET(SMMUV3_CMD_TLBI_SCALE, c->dw[0]) + g);
}

void mock_tlb_on_cmd(struct smmuv3_mock *m, const struct smmuv3_cmd *c)
{
	uint32_t op = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, c->dw[0]);
	uint16_t vmid = (uint16_t)SMMUV3_FIELD_GET(SMMUV3_CMD_TLBI_VMID, c->dw[0]);
	uint16_t asid = (uint16_t)SMMUV3_FIELD_GET(SMMUV3_CMD_TLBI_ASID, c->dw[0]);
	uint64_t va = c->dw[1] & SMMUV3_CMD_TLBI_ADDR;
	uint64_t ipa = c->dw[1] & SMMUV3_CMD_TLBI_IPA;

	m->tlbi_seen++;
	switch (op) {
	case SMMUV3_OP_TLBI_NH_ALL:
		tlb_drop(m, 1, false, vmid, true, 0, 0, 0);
		break;
	case SMMUV3_OP_TLBI_NH_ASID:
		tlb_drop(m, 1, false, vmid, false, asid, 0, 0);
		break;
	case SMMUV3_OP_TLBI_NH_VA:
		tlb_drop(m, 1, false, vmid, false, asid, va, tlbi_size(c));
		break;
	case SMMUV3_OP_TLBI_NH_VAA:
		tlb_drop(m, 1, false, vmid, true, 0, va, tlbi_size(c));
		break;
	/* The mock does not model the EL2 regimes apart: EL2 invalidations
	 * drop matching stage-1 entries of every VMID (over-invalidating is
	 * always allowed). */
	case SMMUV3_OP_TLBI_EL2_ALL:
	case SMMUV3_OP_TLBI_S_EL2_ALL:
		tlb_drop(m, 1, true, 0, true, 0, 0, 0);
		break;
	case SMMUV3_OP_TLBI_EL2_ASID:
	case SMMUV3_OP_TLBI_S_EL2_ASID:
		tlb_drop(m, 1, true, 0, false, asid, 0, 0);
		break;
	case SMMUV3_OP_TLBI_EL2_VA:
	case SMMUV3_OP_TLBI_S_EL2_VA:
		tlb_drop(m, 1, true, 0, false, asid, va, tlbi_size(c));
		break;
	case SMMUV3_OP_TLBI_S2_IPA:
	case SMMUV3_OP_TLBI_S_S2_IPA:
		tlb_drop(m, 2, false, vmid, true, 0, ipa, tlbi_size(c));
		break;
	case SMMUV3_OP_TLBI_S12_VMALL:
	case SMMUV3_OP_TLBI_S_S12_VMALL:
		tlb_drop(m, 0, false, vmid, true, 0, 0, 0);
		break;
	case SMMUV3_OP_TLBI_NSNH_ALL:
	case SMMUV3_OP_TLBI_SNH_ALL:
		tlb_drop(m, 0, true, 0, true, 0, 0, 0);
		break;
	default:
		m->tlbi_seen--;
		break;
	}
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
		oa |= SMMUV3_FIELD_GET(D_ADDR_HI, d) << 48;
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
	for (level = start;; level++) {
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
		tlb_find(m, stage, st->vmid, st->asid, in) : NULL;
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

void smmuv3_mock_translate_stages(struct smmuv3_mock *m, const struct smmuv3_mock_stage *s1,
				  const struct smmuv3_mock_stage *s2, uint64_t addr,
				  unsigned int acc, struct smmuv3_mock_xlate *out)
{
	uint64_t ipa = addr, pa;

	memset(out, 0, sizeof(*out));
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
}

/* ---- STE and CD ---- */

static bool fetch_ste(struct smmuv3_mock *m, uint32_t sid, uint64_t ste[8],
		      struct smmuv3_mock_xlate *out)
{
	uint64_t base = mock_reg64(m, SMMUV3_STRTAB_BASE) & SMMUV3_STRTAB_BASE_ADDR;
	uint32_t cfg = m->regs[SMMUV3_STRTAB_BASE_CFG / 4];
	unsigned int log2size = (unsigned int)SMMUV3_FIELD_GET(SMMUV3_STRTAB_BASE_CFG_LOG2SIZE, cfg);
	uint64_t addr;

	if (log2size < 32 && (sid >> log2size)) {
		fault(out, SMMUV3_MOCK_C_BAD_STREAMID, 0, 0);
		return false;
	}
	if (SMMUV3_FIELD_GET(SMMUV3_STRTAB_BASE_CFG_FMT, cfg) == SMMUV3_STRTAB_BASE_CFG_FMT_2LVL) {
		unsigned int split = (unsigned int)SMMUV3_FIELD_GET(SMMUV3_STRTAB_BASE_CFG_SPLIT, cfg);
		uint64_t l1, span;

		if (!read64(m, base + (uint64_t)(sid >> split) * 8, &l1)) {
			fault(out, SMMUV3_MOCK_F_STE_FETCH, 0, 0);
			return false;
		}
		span = SMMUV3_FIELD_GET(L1STD_SPAN, l1);
		/* Span 0: no level-2 table; otherwise 2^(Span-1) STEs. */
		if (!span || (sid & ((UINT32_C(1) << split) - 1)) >= (UINT64_C(1) << (span - 1))) {
			fault(out, SMMUV3_MOCK_C_BAD_STREAMID, 0, 0);
			return false;
		}
		addr = (l1 & L1STD_L2PTR) + (uint64_t)(sid & ((UINT32_C(1) << split) - 1)) * 64;
	} else {
		addr = base + (uint64_t)sid * 64;
	}
	for (int i = 0; i < 8; i++)
		if (!read64(m, addr + (uint64_t)i * 8, &ste[i])) {
			fault(out, SMMUV3_MOCK_F_STE_FETCH, 0, 0);
			return false;
		}
	return true;
}

static bool fetch_cd(struct smmuv3_mock *m, const uint64_t ste[8], uint32_t ssid,
		     uint64_t cd[8], struct smmuv3_mock_xlate *out,
		     const struct smmuv3_mock_stage *s2)
{
	uint64_t base = ste[0] & STE0_S1CTXPTR, addr;
	unsigned int fmt = (unsigned int)SMMUV3_FIELD_GET(STE0_S1FMT, ste[0]);

	if (fmt == 0) {
		addr = base + (uint64_t)ssid * 64;
	} else {
		unsigned int split = fmt == 1 ? 6 : 10;
		uint64_t l1, l1addr = base + (uint64_t)(ssid >> split) * 8;

		if (s2) {
			struct smmuv3_mock_xlate s2out = { 0 };

			if (!stage_lookup(m, s2, 2, l1addr, 0, NULL, &s2out, &l1addr)) {
				*out = s2out;
				return false;
			}
		}
		if (!read64(m, l1addr, &l1)) {
			fault(out, SMMUV3_MOCK_F_CD_FETCH, 0, 0);
			return false;
		}
		if (!(l1 & L1CD_V)) {
			fault(out, SMMUV3_MOCK_C_BAD_SUBSTREAMID, 0, 0);
			return false;
		}
		addr = (l1 & L1CD_L2PTR) + (uint64_t)(ssid & ((1u << split) - 1)) * 64;
	}
	/* With stage 2 on, the CD table address is an IPA. */
	if (s2) {
		struct smmuv3_mock_xlate s2out = { 0 };

		if (!stage_lookup(m, s2, 2, addr, 0, NULL, &s2out, &addr)) {
			*out = s2out;
			return false;
		}
	}
	for (int i = 0; i < 8; i++)
		if (!read64(m, addr + (uint64_t)i * 8, &cd[i])) {
			fault(out, SMMUV3_MOCK_F_CD_FETCH, 0, 0);
			return false;
		}
	if (!(cd[0] & CD0_V) || !(cd[0] & CD0_AA64)) {
		fault(out, SMMUV3_MOCK_C_BAD_CD, 0, 0);
		return false;
	}
	return true;
}

void smmuv3_mock_translate(struct smmuv3_mock *m, uint32_t sid, uint32_t ssid, bool ssv,
			   uint64_t addr, unsigned int acc, struct smmuv3_mock_xlate *out)
{
	uint64_t ste[8], cd[8];
	struct smmuv3_mock_stage s1 = { 0 }, s2 = { 0 };
	bool s1en, s2en, s2p = m->profile.idr[0] & SMMUV3_IDR0_S2P;
	unsigned int config;

	memset(out, 0, sizeof(*out));
	if (!(m->regs[SMMUV3_CR0ACK / 4] & SMMUV3_CR0_SMMUEN)) {
		out->status = m->regs[SMMUV3_GBPA / 4] & SMMUV3_GBPA_ABORT ? SMMUV3_MOCK_ABORT :
									      SMMUV3_MOCK_XLATE_OK;
		out->pa = out->ipa = addr;
		return;
	}
	if (!fetch_ste(m, sid, ste, out))
		return;
	if (!(ste[0] & STE0_V)) {
		fault(out, SMMUV3_MOCK_C_BAD_STE, 0, 0);
		return;
	}
	config = (unsigned int)SMMUV3_FIELD_GET(STE0_CONFIG, ste[0]);
	if (config == 0) {
		out->status = SMMUV3_MOCK_ABORT;
		return;
	}
	if (!(config & 4)) {
		fault(out, SMMUV3_MOCK_C_BAD_STE, 0, 0);
		return;
	}
	s1en = config & 1;
	s2en = config & 2;
	if (s2en) {
		if (!(ste[2] & STE2_S2AA64)) {
			fault(out, SMMUV3_MOCK_C_BAD_STE, 0, 0);
			return;
		}
		s2.ttb = ste[3] & STE3_S2TTB;
		s2.granule_log2 = tg_log2((unsigned int)SMMUV3_FIELD_GET(STE2_S2TG, ste[2]));
		s2.tsz = (unsigned int)SMMUV3_FIELD_GET(STE2_S2T0SZ, ste[2]);
		s2.sl0 = (unsigned int)SMMUV3_FIELD_GET(STE2_S2SL0, ste[2]);
		s2.ps_bits = ps_bits[SMMUV3_FIELD_GET(STE2_S2PS, ste[2])];
		s2.affd = ste[2] & STE2_S2AFFD;
	}
	s2.vmid = (uint16_t)SMMUV3_FIELD_GET(STE2_S2VMID, ste[2]);
	if (s1en) {
		unsigned int cdmax = (unsigned int)SMMUV3_FIELD_GET(STE0_S1CDMAX, ste[0]);

		if (ssv && (!cdmax || (ssid >> cdmax))) {
			fault(out, SMMUV3_MOCK_C_BAD_SUBSTREAMID, 0, 0);
			return;
		}
		if (!ssv && cdmax) {
			unsigned int dss = (unsigned int)SMMUV3_FIELD_GET(STE1_S1DSS, ste[1]);

			if (dss == 0) {
				fault(out, SMMUV3_MOCK_C_BAD_SUBSTREAMID, 0, 0);
				return;
			}
			s1en = dss != 1;
		}
		if (s1en) {
			if (!fetch_cd(m, ste, ssv ? ssid : 0, cd, out, s2en ? &s2 : NULL))
				return;
			if (cd[0] & CD0_EPD0) {
				fault(out, SMMUV3_MOCK_F_TRANSLATION, 1, 0);
				return;
			}
			s1.ttb = cd[1] & CD1_TTB0;
			s1.granule_log2 = tg_log2((unsigned int)SMMUV3_FIELD_GET(CD0_TG0, cd[0]));
			s1.tsz = (unsigned int)SMMUV3_FIELD_GET(CD0_T0SZ, cd[0]);
			s1.ps_bits = ps_bits[SMMUV3_FIELD_GET(CD0_IPS, cd[0])];
			s1.affd = cd[0] & CD0_AFFD;
			s1.asid = (uint16_t)SMMUV3_FIELD_GET(CD0_ASID, cd[0]);
			/* Stage-1 entries are tagged with the STE's VMID when the
			 * SMMU implements stage 2 (0 in stage-1-only STEs). */
			s1.vmid = s2p ? s2.vmid : 0;
		}
	}
	smmuv3_mock_translate_stages(m, s1en ? &s1 : NULL, s2en ? &s2 : NULL, addr, acc, out);
}
