// SPDX-License-Identifier: BSD-3-Clause
/*
 * The mock's reading of stream tables, STEs and CDs. Field positions are
 * the absolute bit numbers of IHI 0070 5.1-5.4 ("S2T0SZ, bits [165:160]")
 * and the validity rules follow the SteIllegal()/CdIllegal() pseudocode
 * of 5.2.2/5.4.2, restricted to what an SMMUv3.1-3.2 without D128, DPT,
 * MPAM, permission indirection or RME checks. ID register fields are
 * read from the mock's own profile, not from the library's decode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "mock_internal.h"

/* Bits [hi:lo] of a little-endian structure of 64-bit words. */
static uint64_t F(const uint64_t *e, unsigned int hi, unsigned int lo)
{
	unsigned int w = lo / 64, l = lo % 64, h = hi - 64 * w;
	uint64_t v = e[w] >> l;

	return h - l == 63 ? v : v & ((UINT64_C(1) << (h - l + 1)) - 1);
}

static uint32_t idr(const struct smmuv3_mock *m, unsigned int n)
{
	return m->profile.idr[n];
}

/* ID register fields, by bit position (IHI 0070 6.3). */
#define IDR0_S2P(m) (idr(m, 0) & 1u)
#define IDR0_S1P(m) ((idr(m, 0) >> 1) & 1u)
#define IDR0_TTF(m) ((idr(m, 0) >> 2) & 3u)
#define IDR0_HTTU(m) ((idr(m, 0) >> 6) & 3u)
#define IDR0_HYP(m) ((idr(m, 0) >> 9) & 1u)
#define IDR0_ATS(m) ((idr(m, 0) >> 10) & 1u)
#define IDR0_NS1ATS(m) ((idr(m, 0) >> 11) & 1u)
#define IDR0_ASID16(m) ((idr(m, 0) >> 12) & 1u)
#define IDR0_VMID16(m) ((idr(m, 0) >> 18) & 1u)
#define IDR0_CD2L(m) ((idr(m, 0) >> 19) & 1u)
#define IDR0_TTENDIAN(m) ((idr(m, 0) >> 21) & 3u)
#define IDR0_STALL(m) ((idr(m, 0) >> 24) & 3u)
#define IDR0_TERM(m) ((idr(m, 0) >> 26) & 1u)
#define IDR0_RME(m) ((idr(m, 0) >> 30) & 1u)
#define IDR1_SIDSIZE(m) (idr(m, 1) & 0x3fu)
#define IDR1_SSIDSIZE(m) ((idr(m, 1) >> 6) & 0x1fu)
#define IDR3_STT(m) ((idr(m, 3) >> 9) & 1u)
#define IDR5_OAS(m) (idr(m, 5) & 7u)
#define IDR5_GRAN(m) ((idr(m, 5) >> 4) & 7u) /* bit0 4K, bit1 16K, bit2 64K */
#define IDR5_VAX(m) ((idr(m, 5) >> 10) & 3u)
#define S_IDR0_STALL(m) (((m)->profile.s_idr0 >> 24) & 3u)
#define S_IDR1_SEL2(m) (((m)->profile.s_idr1 >> 29) & 1u)
#define S_IDR1_SIDSIZE(m) ((m)->profile.s_idr1 & 0x3fu)

static unsigned int pa_bits(unsigned int enc)
{
	static const unsigned int b[8] = { 32, 36, 40, 42, 44, 48, 52, 52 };

	return b[enc & 7];
}

static unsigned int oas(const struct smmuv3_mock *m)
{
	return pa_bits(IDR5_OAS(m));
}

static unsigned int ias(const struct smmuv3_mock *m)
{
	return (IDR0_TTF(m) & 1) && oas(m) < 40 ? 40 : oas(m);
}

/* Granule (log2 bytes) of a TG0-style encoding, 0 if reserved/unsupported. */
static unsigned int tg0_granule(const struct smmuv3_mock *m, unsigned int tg)
{
	static const unsigned int g[4] = { 12, 16, 14, 0 };
	unsigned int bit = tg == 0 ? 1 : tg == 1 ? 4 : tg == 2 ? 2 : 0;

	return bit && (IDR5_GRAN(m) & bit) ? g[tg] : 0;
}

static unsigned int tg1_granule(const struct smmuv3_mock *m, unsigned int tg)
{
	static const unsigned int g[4] = { 0, 14, 12, 16 };
	unsigned int bit = tg == 1 ? 2 : tg == 2 ? 1 : tg == 3 ? 4 : 0;

	return bit && (IDR5_GRAN(m) & bit) ? g[tg] : 0;
}

static bool txsz_bad(const struct smmuv3_mock *m, unsigned int txsz, unsigned int granule,
		     unsigned int in_max)
{
	unsigned int max = IDR3_STT(m) ? (granule == 16 ? 47 : 48) : 39;
	unsigned int min = granule == 16 && in_max >= 52 ? 12 : 16;

	if (64 - in_max > min)
		min = 64 - in_max;
	return txsz < min || txsz > max;
}

/* Table bases beyond 48 bits need a 64 KiB granule or DS (5.2 S2TTB, 5.4 TTB0). */
static bool ttb_beyond_48(uint64_t ttb, unsigned int granule, bool ds)
{
	return granule != 16 && !ds && (ttb >> 48);
}

/* VMSAv8-64 stage 2: does SL0 start the walk at a level that T0SZ fits?
 * SL0 = 3 is level 0 only for 16K with DS (FEAT_LPA2); level 3 for 4K
 * would need FEAT_TTST, which this SMMU does not model. */
static bool s2_walk_inconsistent(unsigned int t0sz, unsigned int sl0, unsigned int granule,
				 bool ds)
{
	unsigned int stride = granule - 3, in_bits = 64 - t0sz;
	int level;
	int needed_levels;

	if (granule == 12)
		level = sl0 == 0 ? 2 : sl0 == 1 ? 1 : sl0 == 2 ? 0 : -1;
	else
		level = sl0 == 0 ? 3 : sl0 == 1 ? 2 : sl0 == 2 ? 1 : (granule == 14 && ds ? 0 : -1);
	if (level < 0)
		return true;
	/* Levels from the start level to 3 resolve (4 - level) * stride bits
	 * plus the page offset, with up to 16 tables concatenated at the start. */
	needed_levels = 4 - level;
	return in_bits > granule + (unsigned int)needed_levels * stride + 4 ||
	       in_bits <= granule + (unsigned int)(needed_levels - 1) * stride;
}

static int bad(const char **why, const char *rule)
{
	if (why)
		*why = rule;
	return SMMUV3_MOCK_C_BAD_STE;
}

static unsigned int stall_model(const struct smmuv3_mock *m, bool secure)
{
	return secure ? S_IDR0_STALL(m) : IDR0_STALL(m);
}

static int ste_check_s1(const struct smmuv3_mock *m, bool secure, const uint64_t *e,
			unsigned int cfg, const char **why)
{
	unsigned int cdmax = (unsigned int)F(e, 63, 59), fmt = (unsigned int)F(e, 5, 4);
	uint64_t ctx = F(e, 55, 6) << 6;
	unsigned int space = (cfg & 2) ? ias(m) : oas(m);

	if (F(e, 91, 91) && stall_model(m, secure) != 0)
		return bad(why, "S1STALLD with a stall model that cannot stall");
	if (IDR1_SSIDSIZE(m) && cdmax > IDR1_SSIDSIZE(m))
		return bad(why, "S1CDMax > SSIDSIZE");
	if (m->profile.qemu_ste_checks && cdmax)
		return bad(why, "S1CDMax != 0 (QEMU)");
	if (IDR1_SSIDSIZE(m) && cdmax && !IDR0_CD2L(m) && (fmt == 1 || fmt == 2))
		return bad(why, "two-level S1Fmt without CD2L");
	if (ctx >> space)
		return bad(why, "S1ContextPtr out of range");
	return 0;
}

static int ste_check_s2_walk(const struct smmuv3_mock *m, uint64_t ttb, unsigned int t0sz,
			     unsigned int sl0, unsigned int tg, unsigned int ps_bits, bool ds,
			     const char **why)
{
	unsigned int g = tg0_granule(m, tg);

	if (!g)
		return bad(why, "S2TG unsupported");
	if ((ttb >> ps_bits) || ttb_beyond_48(ttb, g, ds))
		return bad(why, "S2TTB out of range");
	if (txsz_bad(m, t0sz, g, ias(m)))
		return bad(why, "S2T0SZ out of range");
	if (s2_walk_inconsistent(t0sz, sl0, g, ds))
		return bad(why, "S2SL0 inconsistent with S2T0SZ/S2TG");
	return 0;
}

static int ste_check_s2(const struct smmuv3_mock *m, bool secure, const uint64_t *e,
			const char **why)
{
	unsigned int sm = stall_model(m, secure);
	unsigned int ps = pa_bits((unsigned int)F(e, 178, 176));
	bool aa64 = F(e, 179, 179);
	int rc;

	if (ps > oas(m))
		ps = oas(m);
	if (F(e, 185, 185) && sm == 1)
		return bad(why, "S2S without stall support");
	if (sm == 2 && !F(e, 185, 185))
		return bad(why, "S2S = 0 with forced stalls");
	if (!aa64 && !(IDR0_TTF(m) & 1))
		return bad(why, "AArch32 stage 2 unsupported");
	if (!aa64 && secure)
		return bad(why, "AArch32 Secure stage 2");
	if (aa64 && !(IDR0_TTF(m) & 2))
		return bad(why, "AArch64 stage 2 unsupported");
	if ((F(e, 184, 184) || F(e, 183, 183)) && IDR0_HTTU(m) == 0)
		return bad(why, "S2HA/S2HD without HTTU");
	if (F(e, 183, 183) && IDR0_HTTU(m) == 1)
		return bad(why, "S2HD with access-flag-only HTTU");
	rc = ste_check_s2_walk(m, F(e, 247, 196) << 4, (unsigned int)F(e, 165, 160),
			       (unsigned int)F(e, 167, 166), (unsigned int)F(e, 175, 174), ps,
			       F(e, 195, 195), why);
	if (!rc && secure)
		rc = ste_check_s2_walk(m, F(e, 439, 388) << 4, (unsigned int)F(e, 293, 288),
				       (unsigned int)F(e, 295, 294), (unsigned int)F(e, 303, 302),
				       ps, F(e, 195, 195), why);
	if (rc)
		return rc;
	if (IDR0_TTENDIAN(m) == 2 && F(e, 180, 180))
		return bad(why, "big-endian S2 on a little-endian SMMU");
	if (IDR0_TTENDIAN(m) == 3 && !F(e, 180, 180))
		return bad(why, "little-endian S2 on a big-endian SMMU");
	return 0;
}

static bool strw_unused(const struct smmuv3_mock *m, bool secure, unsigned int cfg)
{
	return !IDR0_S1P(m) || (!secure && !IDR0_HYP(m)) || (cfg & 6) == 6 || cfg == 4;
}

static bool vmid_ignored(const struct smmuv3_mock *m, bool secure, unsigned int cfg,
			 unsigned int strw)
{
	if (!(cfg & 4) || cfg == 4)
		return true;
	if (!secure && !IDR0_S2P(m))
		return true;
	if (secure && !S_IDR1_SEL2(m))
		return true;
	if (strw != 0 && !strw_unused(m, secure, cfg))
		return true;
	return secure && cfg == 5;
}

static int ste_check(const struct smmuv3_mock *m, bool secure, const uint64_t *e,
		     unsigned int cfg, const char **why)
{
	unsigned int strw = (unsigned int)F(e, 95, 94), eats = (unsigned int)F(e, 93, 92);
	bool s2s = F(e, 185, 185);
	int rc;

	if ((cfg & 5) == 5 && !IDR0_S1P(m))
		return bad(why, "stage 1 not implemented");
	if ((cfg & 6) == 6 && !IDR0_S2P(m))
		return bad(why, "stage 2 not implemented");
	if ((cfg & 6) == 6 && secure && !S_IDR1_SEL2(m))
		return bad(why, "Secure stage 2 not implemented");
	if (!secure && IDR0_ATS(m) && (cfg & 3)) {
		if (eats == 2 && (cfg != 7 || s2s || IDR0_NS1ATS(m)))
			return bad(why, "split-stage ATS not possible");
		if (eats == 1 && s2s && (cfg & 6) == 6)
			return bad(why, "full ATS with S2S");
	}
	if (!strw_unused(m, secure, cfg)) {
		if (!secure && (strw & 1))
			return bad(why, "reserved Non-secure STRW");
		if (secure && strw == 3)
			return bad(why, "reserved Secure STRW");
		if (secure && strw == 1 && IDR0_RME(m))
			return bad(why, "EL3 StreamWorld with RME");
		if (secure && strw == 2 && !S_IDR1_SEL2(m) && cfg == 5)
			return bad(why, "S-EL2 StreamWorld without SEL2");
	}
	if ((cfg & 5) == 5 && (rc = ste_check_s1(m, secure, e, cfg, why)))
		return rc;
	if ((cfg & 6) == 6 && (rc = ste_check_s2(m, secure, e, why)))
		return rc;
	if (!vmid_ignored(m, secure, cfg, strw) && !IDR0_VMID16(m) && F(e, 143, 136))
		return bad(why, "16-bit VMID on an 8-bit SMMU");
	return 0;
}

static void ste_fill(const struct smmuv3_mock *m, bool secure, const uint64_t *e,
		     unsigned int cfg, struct smmuv3_mock_ste_info *o)
{
	unsigned int strw = (unsigned int)F(e, 95, 94);

	o->s1 = (cfg & 5) == 5;
	o->s2 = (cfg & 6) == 6;
	o->mtcfg = F(e, 100, 100);
	o->memattr = o->mtcfg ? (unsigned int)F(e, 99, 96) : 0;
	o->alloccfg = (unsigned int)F(e, 104, 101);
	o->shcfg = (unsigned int)F(e, 109, 108);
	o->privcfg = (unsigned int)F(e, 113, 112);
	o->instcfg = (unsigned int)F(e, 115, 114);
	if (secure && !o->s1)
		o->nscfg = (unsigned int)F(e, 111, 110);
	if (!secure && IDR0_ATS(m) && (cfg & 3))
		o->eats = (unsigned int)F(e, 93, 92);
	if (o->s1) {
		o->s1cdmax = IDR1_SSIDSIZE(m) ? (unsigned int)F(e, 63, 59) : 0;
		o->s1_ctx = F(e, 55, 6) << 6;
		o->s1fmt = o->s1cdmax ? (unsigned int)F(e, 5, 4) : 0;
		o->s1dss = o->s1cdmax ? (unsigned int)F(e, 65, 64) : 0;
		o->s1cir = (unsigned int)F(e, 67, 66);
		o->s1cor = (unsigned int)F(e, 69, 68);
		o->s1csh = (unsigned int)F(e, 71, 70);
		o->s1stalld = F(e, 91, 91);
		o->strw = strw_unused(m, secure, cfg) ? 0 : strw;
	}
	if (!vmid_ignored(m, secure, cfg, strw)) {
		o->vmid_used = true;
		o->vmid = (uint16_t)F(e, 143, 128);
	}
	if (o->s2) {
		o->s2t0sz = (unsigned int)F(e, 165, 160);
		o->s2sl0 = (unsigned int)F(e, 167, 166);
		o->s2ir0 = (unsigned int)F(e, 169, 168);
		o->s2or0 = (unsigned int)F(e, 171, 170);
		o->s2sh0 = (unsigned int)F(e, 173, 172);
		o->s2granule = tg0_granule(m, (unsigned int)F(e, 175, 174));
		o->s2ps_bits = pa_bits((unsigned int)F(e, 178, 176));
		o->s2aa64 = F(e, 179, 179);
		o->s2endi = F(e, 180, 180);
		o->s2affd = F(e, 181, 181);
		o->s2ptw = F(e, 182, 182);
		o->s2hd = F(e, 183, 183);
		o->s2ha = F(e, 184, 184);
		o->s2s = F(e, 185, 185);
		o->s2r = F(e, 186, 186);
		o->s2ttb = F(e, 247, 196) << 4;
		if (secure) {
			o->s2nsw = F(e, 192, 192);
			o->s2nsa = F(e, 193, 193);
			o->s_s2t0sz = (unsigned int)F(e, 293, 288);
			o->s_s2sl0 = (unsigned int)F(e, 295, 294);
			o->s_s2granule = tg0_granule(m, (unsigned int)F(e, 303, 302));
			o->s2sw = F(e, 384, 384);
			o->s2sa = F(e, 385, 385);
			o->s_s2ttb = F(e, 439, 388) << 4;
		}
	}
}

int smmuv3_mock_decode_ste_words(const struct smmuv3_mock *m, bool secure, const uint64_t ste[8],
				 struct smmuv3_mock_ste_info *o, const char **why)
{
	unsigned int cfg = (unsigned int)F(ste, 3, 1);
	int rc;

	memset(o, 0, sizeof(*o));
	if (why)
		*why = "";
	if (!F(ste, 0, 0))
		return bad(why, "V = 0");
	o->config = cfg;
	if (!(cfg & 4))
		return SMMUV3_MOCK_ABORT;
	rc = ste_check(m, secure, ste, cfg, why);
	if (rc) {
		o->config = 0;
		return rc;
	}
	ste_fill(m, secure, ste, cfg, o);
	return SMMUV3_MOCK_OK;
}

static const void *mock_read(const struct smmuv3_mock *m, uint64_t pa, size_t len)
{
	return m->mem ? m->mem(m->mem_arg, pa, len) : NULL;
}

/*
 * Low STRTAB_BASE.ADDR bits the SMMU ignores: it aligns a linear table to
 * its size and a level-1 table to its size or 64 bytes, from the literal
 * LOG2SIZE (IHI 0070 6.3.24).
 */
static uint64_t strtab_base_ignored(unsigned int log2size, unsigned int split, unsigned int fmt)
{
	unsigned int bits = fmt == 0 ? log2size + 6 : log2size > split ? log2size - split + 3 : 3;

	if (bits < 6)
		bits = 6;
	return bits >= 56 ? (UINT64_C(1) << 56) - 1 : (UINT64_C(1) << bits) - 1;
}

/* Address of the STE for @sid, or a verdict. */
static int ste_locate(const struct smmuv3_mock *m, bool secure, uint32_t sid, uint64_t *pa)
{
	uint32_t b = secure ? MA_S_BANK : 0;
	uint64_t base = mock_reg64(m, MA_STRTAB_BASE + b) & (((UINT64_C(1) << 56) - 1) & ~UINT64_C(63));
	uint32_t cfg = m->regs[(MA_STRTAB_BASE_CFG + b) / 4];
	unsigned int log2size = cfg & 0x3f, split = (cfg >> 6) & 0x1f, fmt = (cfg >> 16) & 3;
	unsigned int sidsize = secure ? S_IDR1_SIDSIZE(m) : IDR1_SIDSIZE(m);
	const uint64_t *l1;
	unsigned int span;
	uint64_t idx;

	if (split != 6 && split != 8 && split != 10)
		split = 6;
	base &= ~strtab_base_ignored(log2size, split, fmt);
	if (log2size > sidsize)
		log2size = sidsize;
	if (log2size < 32 && (sid >> log2size))
		return SMMUV3_MOCK_C_BAD_STREAMID;
	if (fmt == 0) {
		*pa = base + (uint64_t)sid * 64;
		return 0;
	}
	idx = split >= log2size ? 0 : sid >> split;
	l1 = mock_read(m, base + idx * 8, 8);
	if (!l1)
		return SMMUV3_MOCK_F_STE_FETCH;
	span = (unsigned int)F(l1, 4, 0);
	if (span == 0 || span > 11 || span > split + 1)
		return SMMUV3_MOCK_C_BAD_STREAMID;
	idx = sid & ((UINT32_C(1) << split) - 1);
	if (idx >> (span - 1))
		return SMMUV3_MOCK_C_BAD_STREAMID;
	*pa = (F(l1, 55, 6) << 6 & ~((UINT64_C(64) << (span - 1)) - 1)) + idx * 64;
	return 0;
}

int smmuv3_mock_decode_ste(const struct smmuv3_mock *m, bool secure, uint32_t sid,
			   struct smmuv3_mock_ste_info *o, const char **why)
{
	const uint64_t *ste;
	uint64_t pa = 0;
	int rc;

	memset(o, 0, sizeof(*o));
	if (why)
		*why = "";
	rc = ste_locate(m, secure, sid, &pa);
	if (rc)
		return rc;
	ste = mock_read(m, pa, 64);
	if (!ste)
		return SMMUV3_MOCK_F_STE_FETCH;
	rc = smmuv3_mock_decode_ste_words(m, secure, ste, o, why);
	o->ste_pa = pa;
	return rc;
}

static int cd_bad(const char **why, const char *rule)
{
	if (why)
		*why = rule;
	return SMMUV3_MOCK_C_BAD_CD;
}

static int cd_check_half(const struct smmuv3_mock *m, unsigned int granule, unsigned int txsz,
			 uint64_t ttb, unsigned int ips, bool ds, const char **why)
{
	unsigned int va = IDR5_VAX(m) ? 52 : 48;

	if (!granule)
		return cd_bad(why, "TGx unsupported");
	if (txsz_bad(m, txsz, granule, va))
		return cd_bad(why, "TxSZ out of range");
	if ((ttb >> ips) || ttb_beyond_48(ttb, granule, ds))
		return cd_bad(why, "TTBx out of range");
	return 0;
}

int smmuv3_mock_decode_cd_words(const struct smmuv3_mock *m, bool secure,
				const struct smmuv3_mock_ste_info *ste, const uint64_t cd[8],
				struct smmuv3_mock_cd_info *o, const char **why)
{
	unsigned int sm = stall_model(m, secure);
	unsigned int ips;
	int rc = 0;

	memset(o, 0, sizeof(*o));
	if (why)
		*why = "";
	if (!F(cd, 31, 31))
		return cd_bad(why, "V = 0");
	o->epd0 = F(cd, 14, 14);
	o->epd1 = F(cd, 30, 30);
	o->endi = F(cd, 15, 15);
	o->aa64 = F(cd, 41, 41);
	o->hd = F(cd, 42, 42);
	o->ha = F(cd, 43, 43);
	o->s = F(cd, 44, 44);
	o->r = F(cd, 45, 45);
	o->a = F(cd, 46, 46);
	o->asid = (uint16_t)F(cd, 63, 48);
	ips = pa_bits((unsigned int)F(cd, 34, 32));
	o->ips_bits = ips > oas(m) ? oas(m) : ips;
	if (ste->s1stalld && o->s)
		return cd_bad(why, "S with S1STALLD");
	if (IDR0_TERM(m) && !o->a)
		return cd_bad(why, "A = 0 with TERM_MODEL");
	if ((sm == 1 && o->s) || (sm == 2 && !o->s))
		return cd_bad(why, "S against the stall model");
	if ((!o->epd0 || !o->epd1) &&
	    ((IDR0_TTENDIAN(m) == 2 && o->endi) || (IDR0_TTENDIAN(m) == 3 && !o->endi)))
		return cd_bad(why, "ENDI against TTENDIAN");
	if (!o->aa64 && !(IDR0_TTF(m) & 1))
		return cd_bad(why, "AArch32 stage 1 unsupported");
	if (o->aa64 && (!(IDR0_TTF(m) & 2) || (ste->s2 && !ste->s2aa64)))
		return cd_bad(why, "AArch64 stage 1 unsupported");
	if ((o->ha || o->hd) && IDR0_HTTU(m) == 0)
		return cd_bad(why, "HA/HD without HTTU");
	if (o->hd && IDR0_HTTU(m) == 1)
		return cd_bad(why, "HD with access-flag-only HTTU");
	if (!IDR0_ASID16(m) && (o->asid >> 8) && ste->strw != 2)
		return cd_bad(why, "16-bit ASID on an 8-bit SMMU");
	if (!o->epd0) {
		o->t0sz = (unsigned int)F(cd, 5, 0);
		o->granule0 = tg0_granule(m, (unsigned int)F(cd, 7, 6));
		o->ir0 = (unsigned int)F(cd, 9, 8);
		o->or0 = (unsigned int)F(cd, 11, 10);
		o->sh0 = (unsigned int)F(cd, 13, 12);
		o->ttb0 = F(cd, 119, 68) << 4;
		rc = cd_check_half(m, o->granule0, o->t0sz, o->ttb0, o->ips_bits, F(cd, 186, 186),
				   why);
	}
	if (!rc && !o->epd1) {
		o->t1sz = (unsigned int)F(cd, 21, 16);
		o->granule1 = tg1_granule(m, (unsigned int)F(cd, 23, 22));
		o->ir1 = (unsigned int)F(cd, 25, 24);
		o->or1 = (unsigned int)F(cd, 27, 26);
		o->sh1 = (unsigned int)F(cd, 29, 28);
		o->ttb1 = F(cd, 183, 132) << 4;
		rc = cd_check_half(m, o->granule1, o->t1sz, o->ttb1, o->ips_bits, F(cd, 186, 186),
				   why);
	}
	if (rc)
		return rc;
	if (!o->epd0 || !o->epd1)
		o->mair = F(cd, 255, 192);
	return SMMUV3_MOCK_OK;
}

/* Address of the CD a transaction uses, or a verdict. */
static int cd_locate(const struct smmuv3_mock *m, const struct smmuv3_mock_ste_info *ste,
		     uint32_t ssid, bool ssv, uint64_t *pa)
{
	unsigned int leaf_bits;
	const uint64_t *l1;

	if (!ste->s1)
		return ssv ? SMMUV3_MOCK_C_BAD_SUBSTREAMID : SMMUV3_MOCK_S1_BYPASS;
	if (!ste->s1cdmax) {
		if (ssv)
			return SMMUV3_MOCK_C_BAD_SUBSTREAMID;
		*pa = ste->s1_ctx;
		return 0;
	}
	if (!ssv) {
		if (ste->s1dss == 1)
			return SMMUV3_MOCK_S1_BYPASS;
		if (ste->s1dss != 2)
			return SMMUV3_MOCK_F_STREAM_DISABLED;
		ssid = 0;
	} else if (ste->s1dss == 2 && ssid == 0) {
		return SMMUV3_MOCK_F_STREAM_DISABLED;
	}
	if (ssid >> ste->s1cdmax)
		return SMMUV3_MOCK_C_BAD_SUBSTREAMID;
	if (ste->s1fmt != 1 && ste->s1fmt != 2) {
		*pa = ste->s1_ctx + (uint64_t)ssid * 64;
		return 0;
	}
	leaf_bits = ste->s1fmt == 1 ? 6 : 10;
	l1 = mock_read(m, ste->s1_ctx + (uint64_t)(ssid >> leaf_bits) * 8, 8);
	if (!l1)
		return SMMUV3_MOCK_F_CD_FETCH;
	if (!F(l1, 0, 0))
		return SMMUV3_MOCK_C_BAD_SUBSTREAMID;
	*pa = (F(l1, 55, 12) << 12) + (uint64_t)(ssid & ((1u << leaf_bits) - 1)) * 64;
	return 0;
}

int smmuv3_mock_decode_cd(const struct smmuv3_mock *m, bool secure, uint32_t sid, uint32_t ssid,
			  bool ssv, struct smmuv3_mock_ste_info *ste,
			  struct smmuv3_mock_cd_info *o, const char **why)
{
	const uint64_t *cd;
	uint64_t pa = 0;
	int rc;

	memset(o, 0, sizeof(*o));
	rc = smmuv3_mock_decode_ste(m, secure, sid, ste, why);
	if (rc)
		return rc;
	rc = cd_locate(m, ste, ssid, ssv, &pa);
	if (rc)
		return rc;
	cd = mock_read(m, pa, 64);
	if (!cd)
		return SMMUV3_MOCK_F_CD_FETCH;
	rc = smmuv3_mock_decode_cd_words(m, secure, ste, cd, o, why);
	o->cd_pa = pa;
	return rc;
}

void smmuv3_mock_ste_str(const struct smmuv3_mock_ste_info *s, char *buf, size_t len)
{
	static const char *const names[8] = { "abort", "abort", "abort", "abort",
					      "bypass", "s1", "s2", "nested" };

	snprintf(buf, len,
		 "%s ctx=%#llx cdmax=%u fmt=%u dss=%u strw=%u stalld=%d vmid=%u%s "
		 "s2ttb=%#llx t0sz=%u sl0=%u gran=%u ps=%u r=%d eats=%u shcfg=%u nscfg=%u",
		 names[s->config & 7], (unsigned long long)s->s1_ctx, s->s1cdmax, s->s1fmt,
		 s->s1dss, s->strw, s->s1stalld, s->vmid, s->vmid_used ? "" : "(ignored)",
		 (unsigned long long)s->s2ttb, s->s2t0sz, s->s2sl0, s->s2granule, s->s2ps_bits,
		 s->s2r, s->eats, s->shcfg, s->nscfg);
}

void smmuv3_mock_cd_str(const struct smmuv3_mock_cd_info *c, char *buf, size_t len)
{
	snprintf(buf, len,
		 "asid=%u ttb0=%#llx%s t0sz=%u gran0=%u ttb1=%#llx%s ips=%u mair=%#llx a=%d r=%d s=%d",
		 c->asid, (unsigned long long)c->ttb0, c->epd0 ? "(off)" : "", c->t0sz, c->granule0,
		 (unsigned long long)c->ttb1, c->epd1 ? "(off)" : "", c->ips_bits,
		 (unsigned long long)c->mair, c->a, c->r, c->s);
}

/* ---- Stream dump with a summary of what is mapped ------------------------ */

struct walk {
	const struct smmuv3_mock *m;
	smmuv3_mock_print_fn *print;
	void *arg;
	const char *stage;
	unsigned int granule;
	uint64_t total, r_in, r_out, r_size;
	unsigned int ranges, shown, unreadable;
};

static void walk_line(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void walk_line(struct walk *w, const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	w->print(w->arg, buf);
}

static void walk_flush(struct walk *w)
{
	if (!w->r_size)
		return;
	w->ranges++;
	if (w->shown++ < 8)
		walk_line(w, "    %s %#llx-%#llx -> %#llx", w->stage, (unsigned long long)w->r_in,
			  (unsigned long long)(w->r_in + w->r_size - 1), (unsigned long long)w->r_out);
	w->r_size = 0;
}

static void walk_leaf(struct walk *w, uint64_t in, uint64_t out, uint64_t size)
{
	w->total += size;
	if (w->r_size && in == w->r_in + w->r_size && out == w->r_out + w->r_size) {
		w->r_size += size;
		return;
	}
	walk_flush(w);
	w->r_in = in;
	w->r_out = out;
	w->r_size = size;
}

/* Bits of input address resolved below level @lvl (page offset included). */
static unsigned int walk_shift(unsigned int granule, unsigned int lvl)
{
	return granule + (3 - lvl) * (granule - 3);
}

static void walk_table(struct walk *w, uint64_t pa, unsigned int lvl, uint64_t entries,
		       uint64_t base)
{
	const uint64_t *t = mock_read(w->m, pa, entries * 8);
	unsigned int shift = walk_shift(w->granule, lvl);
	uint64_t oa_mask = ((UINT64_C(1) << 48) - 1) & ~((UINT64_C(1) << w->granule) - 1);

	if (!t) {
		w->unreadable++;
		return;
	}
	for (uint64_t i = 0; i < entries; i++) {
		uint64_t d = t[i], in = base + (i << shift);

		if (!(d & 1))
			continue;
		if (lvl == 3 || !(d & 2)) {
			if (lvl == 3 && !(d & 2))
				continue; /* reserved at level 3 */
			walk_leaf(w, in, (d & oa_mask) & ~((UINT64_C(1) << shift) - 1),
				  UINT64_C(1) << shift);
		} else {
			walk_table(w, d & oa_mask, lvl + 1, UINT64_C(1) << (w->granule - 3), in);
		}
	}
}

static void walk_summary(struct walk *w, uint64_t root, unsigned int start, unsigned int in_bits)
{
	unsigned int shift = walk_shift(w->granule, start);

	if (!w->granule || in_bits <= shift) {
		walk_line(w, "    %s: walk parameters unusable", w->stage);
		return;
	}
	walk_table(w, root, start, UINT64_C(1) << (in_bits - shift), 0);
	walk_flush(w);
	walk_line(w, "    %s: %llu bytes mapped in %u ranges%s%s", w->stage,
		  (unsigned long long)w->total, w->ranges, w->ranges > 8 ? " (first 8 shown)" : "",
		  w->unreadable ? ", some tables not readable" : "");
}

static void dump_s1(struct walk *w, const struct smmuv3_mock_cd_info *cd, bool nested)
{
	unsigned int g = cd->granule0, stride = g - 3, in_bits = 64 - cd->t0sz;
	unsigned int levels = (in_bits - g + stride - 1) / stride;

	if (cd->epd0)
		return;
	if (nested) {
		walk_line(w, "    stage 1 TTB0 %#llx is an IPA: not walked",
			  (unsigned long long)cd->ttb0);
		return;
	}
	w->stage = "S1";
	w->granule = g;
	walk_summary(w, cd->ttb0, 4 - levels, in_bits);
}

void smmuv3_mock_dump_stream(const struct smmuv3_mock *m, bool secure, uint32_t sid,
			     smmuv3_mock_print_fn *print, void *arg)
{
	struct walk w = { .m = m, .print = print, .arg = arg };
	struct smmuv3_mock_ste_info s;
	struct smmuv3_mock_cd_info cd;
	const char *why = "";
	char buf[256];
	unsigned int shown = 0;
	int v = smmuv3_mock_decode_ste(m, secure, sid, &s, &why);

	if (v && v != SMMUV3_MOCK_ABORT) {
		walk_line(&w, "SID %#x: verdict %#x %s", sid, v, why);
		return;
	}
	smmuv3_mock_ste_str(&s, buf, sizeof(buf));
	walk_line(&w, "SID %#x: STE at %#llx: %s", sid, (unsigned long long)s.ste_pa, buf);
	if (s.s2) {
		unsigned int g = s.s2granule;
		unsigned int start = g == 12 ? 2 - s.s2sl0 : 3 - s.s2sl0;

		w.stage = "S2";
		w.granule = g;
		walk_summary(&w, s.s2ttb, start, 64 - s.s2t0sz);
	}
	if (!s.s1)
		return;
	for (uint32_t ssid = 0; ssid < (UINT32_C(1) << s.s1cdmax) && ssid < 1024 && shown < 8;
	     ssid++) {
		struct smmuv3_mock_ste_info s2;

		v = smmuv3_mock_decode_cd(m, secure, sid, ssid, s.s1cdmax != 0, &s2, &cd, &why);
		if (v == SMMUV3_MOCK_C_BAD_SUBSTREAMID || (v == SMMUV3_MOCK_C_BAD_CD && !cd.aa64 &&
							    !strcmp(why, "V = 0")))
			continue;
		shown++;
		if (v) {
			walk_line(&w, "  CD %u: verdict %#x %s", ssid, v, why);
			continue;
		}
		smmuv3_mock_cd_str(&cd, buf, sizeof(buf));
		walk_line(&w, "  CD %u at %#llx: %s", ssid, (unsigned long long)cd.cd_pa, buf);
		memset(&w.total, 0, sizeof(w) - offsetof(struct walk, total));
		dump_s1(&w, &cd, s.s2);
	}
	if (!shown)
		walk_line(&w, "  no valid CD");
}
