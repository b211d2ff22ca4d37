// SPDX-License-Identifier: BSD-3-Clause
/*
 * STE and CD builders, checked against the mock's independent decoder
 * (tests/mock/mock_ste.c reads the bit positions of IHI 0070 5.2/5.4 and
 * applies the validity rules of 5.2.2/5.4.2): every configuration the
 * library encodes must be valid and mean what was asked.
 */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "core/objects.h"

#define CD_PA 0x80001000ull
#define TTB 0x80200000ull

static struct fixture *probed(const struct smmuv3_mock_profile *p, bool secure)
{
	struct fixture *f = fixture_new(p);

	f->cfg.secure = secure;
	fixture_probe(f);
	return f;
}

static int decode(struct fixture *f, const struct smmuv3_ste *ste, struct smmuv3_mock_ste_info *o)
{
	const char *why = NULL;
	int v = smmuv3_mock_decode_ste_words(f->mock, f->cfg.secure, ste->dw, o, &why);

	if (v && v != SMMUV3_MOCK_ABORT)
		print_message("mock verdict %#x: %s\n", v, why);
	return v;
}

/* One STE builder case: the fixture, the request, the STE and the mock's reading. */
struct ste_case {
	struct fixture *f;
	struct smmuv3_stream_cfg c;
	struct smmuv3_ste ste;
	struct smmuv3_mock_ste_info o;
	int verdict; /* the mock's, after a successful build */
};

/* A probed fixture and the defaults for @mode (stage 2 tables at TTB). */
static void ste_case_init(struct ste_case *t, const struct smmuv3_mock_profile *p, bool secure,
			  enum smmuv3_stream_mode mode)
{
	memset(t, 0, sizeof(*t));
	t->f = probed(p, secure);
	smmuv3_stream_cfg_init(&t->f->smmu, &t->c, mode);
	t->c.s2.ttb = TTB;
}

/* Build the request; when the library accepts it, have the mock decode it. */
static int build(struct ste_case *t, uint64_t cd_pa, unsigned int cd_fmt)
{
	int rc = smmuv3_ste_build(&t->f->smmu, &t->c, cd_pa, cd_fmt, &t->ste);

	t->verdict = rc ? -1 : decode(t->f, &t->ste, &t->o);
	return rc;
}

/* The library builds the request and the mock finds the STE valid. */
static void build_valid(struct ste_case *t, uint64_t cd_pa, unsigned int cd_fmt)
{
	assert_int_equal(build(t, cd_pa, cd_fmt), 0);
	assert_int_equal(t->verdict, 0);
}

static void abort_and_bypass(void **state)
{
	struct ste_case t;

	(void)state;
	ste_case_init(&t, &smmuv3_mock_profile_qemu, false, SMMUV3_STREAM_ABORT);
	assert_int_equal(build(&t, 0, 0), 0);
	assert_int_equal(t.verdict, SMMUV3_MOCK_ABORT);
	smmuv3_stream_cfg_init(&t.f->smmu, &t.c, SMMUV3_STREAM_BYPASS);
	build_valid(&t, 0, 0);
	assert_int_equal(t.o.config, 4);
	assert_false(t.o.s1 || t.o.s2 || t.o.mtcfg);
	/* QEMU has no attribute overrides: asking for one is refused. */
	t.c.attrs.types = true;
	t.c.attrs.shcfg = SMMUV3_STE_SHCFG_ISH;
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_NOTSUP);
	/* A bad mode and NULLs. */
	t.c.mode = (enum smmuv3_stream_mode)9;
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_ste_build(&t.f->smmu, NULL, 0, 0, &t.ste), SMMUV3_ERR_INVAL);
	fixture_free(t.f);
}

static void bypass_attribute_overrides(void **state)
{
	struct ste_case t;
	struct smmuv3_mock_profile p = smmuv3_mock_profile_mmu600;

	(void)state;
	p.idr[1] |= SMMUV3_IDR1_ATTR_TYPES_OVR | SMMUV3_IDR1_ATTR_PERMS_OVR;
	ste_case_init(&t, &p, false, SMMUV3_STREAM_BYPASS);
	build_valid(&t, 0, 0);
	/* No override asked: shareability is the incoming one, not NSH. */
	assert_int_equal(t.o.shcfg, 1);
	t.c.attrs = (struct smmuv3_ste_attrs){ .types = true, .memattr = 0xf, .alloccfg = 0xe,
					     .shcfg = SMMUV3_STE_SHCFG_ISH, .perms = true,
					     .privcfg = 3, .instcfg = 2 };
	build_valid(&t, 0, 0);
	assert_true(t.o.mtcfg);
	assert_int_equal(t.o.memattr, 0xf);
	assert_int_equal(t.o.alloccfg, 0xe);
	assert_int_equal(t.o.shcfg, 3);
	assert_int_equal(t.o.privcfg, 3);
	assert_int_equal(t.o.instcfg, 2);
	t.c.attrs.privcfg = 1; /* reserved */
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_INVAL);
	t.c.attrs.privcfg = 0;
	/* NSCFG belongs to Secure STEs. */
	t.c.attrs.nscfg = SMMUV3_STE_NSCFG_SECURE;
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_INVAL);
	fixture_free(t.f);
}

static void stage1(void **state)
{
	struct ste_case t;

	(void)state;
	ste_case_init(&t, &smmuv3_mock_profile_mmu600, false, SMMUV3_STREAM_S1);
	t.c.s1.vmid = 0x1234;
	build_valid(&t, CD_PA, 0);
	assert_int_equal(t.o.config, 5);
	assert_true(t.o.s1 && !t.o.s2);
	assert_int_equal(t.o.s1_ctx, CD_PA);
	assert_int_equal(t.o.s1cdmax, 0);
	assert_true(t.o.vmid_used);
	assert_int_equal(t.o.vmid, 0x1234);
	/* Coherent SMMU: CD fetches write-back, inner shareable. */
	assert_int_equal(t.o.s1cir, 1);
	assert_int_equal(t.o.s1csh, 3);
	/* MMU-600 can stall: the library disables stalls for the stream. */
	assert_true(t.o.s1stalld);

	/* Substreams: two-level CD table with 4K leaves, SSID 0 for no-PASID. */
	t.c.s1.ssid_bits = 20;
	t.c.s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	/* Its 128 KiB level-1 table is aligned to its size. */
	assert_int_equal(build(&t, CD_PA, SMMUV3_STE_S1FMT_64_4K), SMMUV3_ERR_ALIGN);
	build_valid(&t, 0x80020000ull, SMMUV3_STE_S1FMT_64_4K);
	assert_int_equal(t.o.s1_ctx, 0x80020000ull);
	assert_int_equal(t.o.s1cdmax, 20);
	assert_int_equal(t.o.s1fmt, 1);
	assert_int_equal(t.o.s1dss, 2);
	/* Out of range and misaligned. */
	t.c.s1.ssid_bits = 21;
	assert_int_equal(build(&t, CD_PA, 1), SMMUV3_ERR_RANGE);
	t.c.s1.ssid_bits = 4;
	assert_int_equal(build(&t, CD_PA + 0x40, 0), SMMUV3_ERR_ALIGN);
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_ALIGN);
	t.c.s1.s1dss = 3;
	assert_int_equal(build(&t, CD_PA, 0), SMMUV3_ERR_INVAL);
	t.c.s1.s1dss = 0;
	/* EL2 StreamWorld (MMU-600 has HYP) and ATS. */
	t.c.s1.strw = SMMUV3_STE_STRW_EL2;
	t.c.ats = true;
	build_valid(&t, CD_PA, 0);
	assert_int_equal(t.o.strw, 2);
	assert_int_equal(t.o.eats, 1);
	assert_false(t.o.vmid_used); /* EL2 streams are not tagged with a VMID */
	t.c.s1.strw = SMMUV3_STE_STRW_EL3; /* Secure only */
	assert_int_equal(build(&t, CD_PA, 0), SMMUV3_ERR_INVAL);
	fixture_free(t.f);
}

static void stage1_refused_where_missing(void **state)
{
	struct fixture *f = probed(&smmuv3_mock_profile_minimal, false);
	struct fixture *q = probed(&smmuv3_mock_profile_qemu, false);
	struct smmuv3_stream_cfg c;
	struct smmuv3_ste ste;

	(void)state;
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA, 0, &ste), SMMUV3_ERR_NOTSUP);
	/* QEMU: no substreams, no ATS, no HYP. */
	c.s1.ssid_bits = 1;
	assert_int_equal(smmuv3_ste_build(&q->smmu, &c, CD_PA, 0, &ste), SMMUV3_ERR_RANGE);
	c.s1.ssid_bits = 0;
	c.ats = true;
	assert_int_equal(smmuv3_ste_build(&q->smmu, &c, CD_PA, 0, &ste), SMMUV3_ERR_NOTSUP);
	c.ats = false;
	c.s1.strw = SMMUV3_STE_STRW_EL2;
	assert_int_equal(smmuv3_ste_build(&q->smmu, &c, CD_PA, 0, &ste), SMMUV3_ERR_NOTSUP);
	fixture_free(f);
	fixture_free(q);
}

static void stage2(void **state)
{
	struct ste_case t;

	(void)state;
	ste_case_init(&t, &smmuv3_mock_profile_qemu, false, SMMUV3_STREAM_S2);
	t.c.s2.vmid = 0xabcd;
	t.c.s2.ptw = true;
	build_valid(&t, 0, 0);
	assert_int_equal(t.o.config, 6);
	assert_true(t.o.s2 && !t.o.s1);
	assert_int_equal(t.o.s2ttb, TTB);
	assert_int_equal(t.o.vmid, 0xabcd);
	assert_int_equal(t.o.s2t0sz, 24);  /* 40-bit IPA */
	assert_int_equal(t.o.s2sl0, 1);
	assert_int_equal(t.o.s2granule, 12);
	assert_int_equal(t.o.s2ps_bits, 44); /* QEMU's OAS */
	assert_true(t.o.s2aa64 && t.o.s2r && t.o.s2ptw && !t.o.s2s && !t.o.s2endi);
	assert_int_equal(t.o.s2ir0, 1);
	assert_int_equal(t.o.s2sh0, 3);
	assert_int_equal(t.o.eats, 0);

	/* 64 KiB granule, 42-bit IPA starting at level 1. */
	t.c.s2.tg = SMMUV3_GRANULE_64K;
	t.c.s2.t0sz = 22;
	t.c.s2.sl0 = 1;
	build_valid(&t, 0, 0);
	assert_int_equal(t.o.s2granule, 16);
	/* Inconsistent start level, misaligned root, IPA beyond the SMMU. */
	t.c.s2.sl0 = 0;
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_INVAL);
	t.c.s2.sl0 = 1;
	t.c.s2.ttb = TTB + 0x1000;
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_ALIGN);
	t.c.s2.ttb = TTB;
	t.c.s2.t0sz = 8;
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_RANGE);
	t.c.s2.t0sz = 22;
	t.c.s2.ps = 6; /* 52 bits > 44 */
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_RANGE);
	t.c.s2.ps = 4;
	t.c.s2.ttb = 1ull << 44;
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_RANGE);
	t.c.s2.ttb = TTB;
	t.c.s2.sh0 = 1;
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_INVAL);
	t.c.s2.sh0 = 3;
	t.c.s2.tg = (enum smmuv3_granule)13; /* no such granule */
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_INVAL);
	fixture_free(t.f);
}

static void stage2_small_smmu(void **state)
{
	struct ste_case t;

	(void)state;
	ste_case_init(&t, &smmuv3_mock_profile_minimal, false, SMMUV3_STREAM_S2);
	/* 8-bit VMIDs, 40-bit OAS, 4K only, non-coherent. */
	t.c.s2.vmid = 0x100;
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_RANGE);
	t.c.s2.vmid = 0xff;
	build_valid(&t, 0, 0);
	assert_int_equal(t.o.vmid, 0xff);
	assert_int_equal(t.o.s2ps_bits, 40);
	assert_int_equal(t.o.s2ir0, 0); /* non-coherent: non-cacheable walks */
	assert_int_equal(t.o.s2sh0, 2);
	t.c.s2.tg = SMMUV3_GRANULE_16K;
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_NOTSUP);
	fixture_free(t.f);
}

static void nested(void **state)
{
	struct ste_case t;

	(void)state;
	ste_case_init(&t, &smmuv3_mock_profile_mmu600, false, SMMUV3_STREAM_NESTED);
	t.c.s2.vmid = 7;
	t.c.s1.ssid_bits = 6;
	t.c.s1.s1dss = SMMUV3_STE_S1DSS_BYPASS;
	t.c.ats = true;
	build_valid(&t, CD_PA, 0);
	assert_int_equal(t.o.config, 7);
	assert_true(t.o.s1 && t.o.s2);
	assert_int_equal(t.o.s1_ctx, CD_PA);
	assert_int_equal(t.o.s1cdmax, 6);
	assert_int_equal(t.o.s1dss, 1);
	assert_int_equal(t.o.vmid, 7);
	assert_int_equal(t.o.s2ttb, TTB);
	assert_int_equal(t.o.eats, 1);
	/* STRW is ignored with stage 2: the library refuses to pretend. */
	t.c.s1.strw = SMMUV3_STE_STRW_EL2;
	assert_int_equal(build(&t, CD_PA, 0), SMMUV3_ERR_INVAL);
	fixture_free(t.f);
}

static void secure_bank(void **state)
{
	struct smmuv3_mock_profile p = smmuv3_mock_profile_mmu600;
	struct fixture *f, *nosel2;
	struct smmuv3_stream_cfg c;
	struct smmuv3_mock_ste_info o;
	struct smmuv3_ste ste;

	(void)state;
	nosel2 = probed(&smmuv3_mock_profile_mmu600, true);
	p.s_idr1 |= SMMUV3_S_IDR1_SEL2;
	p.idr[1] |= SMMUV3_IDR1_ATTR_PERMS_OVR;
	f = probed(&p, true);
	/* Without Secure EL2 there is no Secure stage 2. */
	smmuv3_stream_cfg_init(&nosel2->smmu, &c, SMMUV3_STREAM_S2);
	c.s2.ttb = TTB;
	c.s2.s_ttb = TTB + 0x100000;
	assert_int_equal(smmuv3_ste_build(&nosel2->smmu, &c, 0, 0, &ste), SMMUV3_ERR_NOTSUP);
	c.s2.sw = true;
	c.s2.nsa = true;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.s_s2ttb, TTB + 0x100000);
	assert_int_equal(o.s_s2t0sz, 24);
	assert_int_equal(o.s_s2granule, 12);
	assert_true(o.s2sw && o.s2nsa && !o.s2sa && !o.s2nsw);
	assert_int_equal(o.eats, 0);
	/* Golden words of the layout SEPIDs with Normal-world memory use
	 * (IHI 0070 5.2): word 3 = S2NSW (bit 192), S2NSA (193), S2TTB
	 * (247:196); word 6 = S2SW (384), S2SA (385), S_S2TTB (439:388).
	 * Non-secure IPA space output Non-secure, everything else Secure. */
	c.s2.sw = false;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(ste.dw[3], TTB | 0x2);
	assert_int_equal(ste.dw[6], TTB + 0x100000);
	/* ATS does not exist for Secure streams. */
	c.ats = true;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_INVAL);
	/* Bypass that forces Non-secure output; S1 in the EL3 StreamWorld. */
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_BYPASS);
	c.attrs.nscfg = SMMUV3_STE_NSCFG_NONSECURE;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.nscfg, 3);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	c.s1.strw = SMMUV3_STE_STRW_EL3;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.strw, 1);
	assert_false(o.vmid_used);
	fixture_free(f);
	fixture_free(nosel2);
}

static void cd_builder(void **state)
{
	struct fixture *f = probed(&smmuv3_mock_profile_mmu600, false);
	struct smmuv3_mock_ste_info s;
	struct smmuv3_mock_cd_info o;
	struct smmuv3_cd_cfg c;
	struct smmuv3_cd cd;
	const char *why;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.s1 = true;
	s.s1stalld = true;
	smmuv3_cd_cfg_init(&f->smmu, &c);
	c.ttb0 = TTB;
	c.t0sz = 25;
	c.asid = 0xbeef;
	c.mair = 0x0123456789abcdefull;
	c.ha = c.hd = true;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), 0);
	assert_int_equal(smmuv3_mock_decode_cd_words(f->mock, false, &s, cd.dw, &o, &why), 0);
	assert_int_equal(o.ttb0, TTB);
	assert_int_equal(o.t0sz, 25);
	assert_int_equal(o.granule0, 12);
	assert_true(o.epd1 && !o.epd0);
	assert_int_equal(o.asid, 0xbeef);
	assert_int_equal(o.mair, 0x0123456789abcdefull);
	assert_int_equal(o.ips_bits, 48);
	assert_true(o.aa64 && o.a && o.r && !o.s && o.ha && o.hd);
	assert_int_equal(o.ir0, 1);
	assert_int_equal(o.sh0, 3);
	/* Both halves, different granules. */
	c.epd1 = false;
	c.ttb1 = TTB + 0x10000;
	c.t1sz = 16;
	c.tg1 = SMMUV3_GRANULE_64K;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), 0);
	assert_int_equal(smmuv3_mock_decode_cd_words(f->mock, false, &s, cd.dw, &o, &why), 0);
	assert_int_equal(o.ttb1, TTB + 0x10000);
	assert_int_equal(o.granule1, 16);
	assert_int_equal(o.t1sz, 16);
	/* Rejections. */
	c.t0sz = 10;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), SMMUV3_ERR_RANGE);
	c.t0sz = 25;
	c.ttb0 = TTB + 8;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), SMMUV3_ERR_ALIGN);
	c.ttb0 = TTB;
	c.ips = 6;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), SMMUV3_ERR_RANGE);
	c.ips = 5;
	/* MMU-600 can stall: S = 1 builds, and is legal only under an STE
	 * that does not disable stalls (IHI 0070 5.4: S with S1STALLD). */
	c.stall = true;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), 0);
	assert_int_equal(smmuv3_mock_decode_cd_words(f->mock, false, &s, cd.dw, &o, &why),
			 SMMUV3_MOCK_C_BAD_CD);
	s.s1stalld = false;
	assert_int_equal(smmuv3_mock_decode_cd_words(f->mock, false, &s, cd.dw, &o, &why), 0);
	assert_true(o.s);
	s.s1stalld = true;
	c.stall = false;
	c.ha = false; /* dirty without access flag */
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), SMMUV3_ERR_INVAL);
	c.hd = false;
	c.tg1 = (enum smmuv3_granule)13; /* no such granule */
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), SMMUV3_ERR_INVAL);
	fixture_free(f);
}

static void cd_builder_small_smmu(void **state)
{
	struct fixture *f = probed(&smmuv3_mock_profile_qemu, false);
	struct smmuv3_cd_cfg c;
	struct smmuv3_cd cd;

	(void)state;
	smmuv3_cd_cfg_init(&f->smmu, &c);
	c.ttb0 = TTB;
	c.ha = true; /* QEMU: no HTTU */
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), SMMUV3_ERR_NOTSUP);
	c.ha = false;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), 0);
	fixture_free(f);
	f = probed(&smmuv3_mock_profile_minimal, false);
	smmuv3_cd_cfg_init(&f->smmu, &c);
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), SMMUV3_ERR_NOTSUP);
	fixture_free(f);
}

/* The decoder itself: malformed entries get the architecture's verdict. */
static void decoder_rejects_malformed(void **state)
{
	struct fixture *f = probed(&smmuv3_mock_profile_qemu, false);
	struct smmuv3_stream_cfg c;
	struct smmuv3_mock_ste_info o;
	struct smmuv3_mock_cd_info co;
	struct smmuv3_cd_cfg cc;
	struct smmuv3_ste ste, bad;
	struct smmuv3_cd cd;
	const char *why;

	(void)state;
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_NESTED);
	c.s2.ttb = TTB;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	bad = ste;
	bad.dw[0] &= ~1ull; /* V = 0 */
	assert_int_equal(smmuv3_mock_decode_ste_words(f->mock, false, bad.dw, &o, &why),
			 SMMUV3_MOCK_C_BAD_STE);
	bad = ste;
	bad.dw[2] |= 3ull << 38; /* S2SL0 = 3 with 4K */
	assert_int_equal(smmuv3_mock_decode_ste_words(f->mock, false, bad.dw, &o, &why),
			 SMMUV3_MOCK_C_BAD_STE);
	bad = ste;
	bad.dw[2] &= ~(1ull << 51); /* S2AA64 = 0: QEMU has no AArch32 tables */
	assert_int_equal(smmuv3_mock_decode_ste_words(f->mock, false, bad.dw, &o, &why),
			 SMMUV3_MOCK_C_BAD_STE);
	bad = ste;
	bad.dw[0] |= 1ull << 59; /* S1CDMax = 1: ignored without SSIDs, QEMU refuses it */
	assert_int_equal(smmuv3_mock_decode_ste_words(f->mock, false, bad.dw, &o, &why),
			 SMMUV3_MOCK_C_BAD_STE);
	bad = ste;
	bad.dw[1] |= 1ull << 30; /* STRW 0b01 is ignored with stage 2 */
	assert_int_equal(smmuv3_mock_decode_ste_words(f->mock, false, bad.dw, &o, &why), 0);
	bad = ste;
	bad.dw[0] = (bad.dw[0] & ~(7ull << 1)) | (2ull << 1); /* reserved config */
	assert_int_equal(smmuv3_mock_decode_ste_words(f->mock, false, bad.dw, &o, &why),
			 SMMUV3_MOCK_ABORT);

	memset(&o, 0, sizeof(o));
	o.s1 = true;
	smmuv3_cd_cfg_init(&f->smmu, &cc);
	cc.ttb0 = TTB;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &cc, &cd), 0);
	cd.dw[0] &= ~(1ull << 31);
	assert_int_equal(smmuv3_mock_decode_cd_words(f->mock, false, &o, cd.dw, &co, &why),
			 SMMUV3_MOCK_C_BAD_CD);
	cd.dw[0] |= 1ull << 31;
	cd.dw[0] |= 3ull << 6; /* TG0 reserved */
	assert_int_equal(smmuv3_mock_decode_cd_words(f->mock, false, &o, cd.dw, &co, &why),
			 SMMUV3_MOCK_C_BAD_CD);
	fixture_free(f);
}

/* A 52-bit-output SMMU: table bases above 48 bits need a 64 KiB granule
 * (the library never sets DS), and 52-bit walks start from 64-byte
 * aligned tables. Both the builders and the decoder enforce it. */
static void table_bases_beyond_48_bits(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
	uint32_t idr5 = (f->mock->profile.idr[5] & ~SMMUV3_IDR5_OAS) |
			SMMUV3_FIELD_PREP(SMMUV3_IDR5_OAS, 6);
	uint64_t high = 1ull << 49;
	struct smmuv3_mock_ste_info o;
	struct smmuv3_mock_cd_info co;
	struct smmuv3_stream_cfg c;
	struct smmuv3_cd_cfg cc;
	struct smmuv3_ste ste;
	struct smmuv3_cd cd;
	const char *why;

	(void)state;
	f->mock->profile.idr[5] = idr5;
	f->mock->regs[SMMUV3_IDR5 / 4] = idr5;
	fixture_probe(f);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->feat.oas_bits, 52);

	/* Stage 1: 64K reaches a base at bit 49, 4K does not. */
	memset(&o, 0, sizeof(o));
	o.s1 = true;
	smmuv3_cd_cfg_init(&f->smmu, &cc);
	cc.ips = 6;
	cc.ttb0 = high;
	cc.tg0 = SMMUV3_GRANULE_64K;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &cc, &cd), 0);
	assert_int_equal(smmuv3_mock_decode_cd_words(f->mock, false, &o, cd.dw, &co, &why), 0);
	assert_int_equal(co.ttb0, high);
	cd.dw[0] &= ~SMMUV3_CD0_TG0; /* same CD, 4K granule */
	assert_int_equal(smmuv3_mock_decode_cd_words(f->mock, false, &o, cd.dw, &co, &why),
			 SMMUV3_MOCK_C_BAD_CD);
	cc.tg0 = SMMUV3_GRANULE_4K;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &cc, &cd), SMMUV3_ERR_RANGE);
	/* 30 bits from level 2: a 16-byte root table, aligned to 64 bytes. */
	cc.tg0 = SMMUV3_GRANULE_64K;
	cc.t0sz = 34;
	cc.ttb0 = high + 0x20;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &cc, &cd), SMMUV3_ERR_ALIGN);
	cc.ttb0 = high + 0x40;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &cc, &cd), 0);

	/* Stage 2: the same rules for S2TTB. */
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S2);
	c.s2.ps = 6;
	c.s2.tg = SMMUV3_GRANULE_64K;
	c.s2.t0sz = 22;
	c.s2.sl0 = 1;
	c.s2.ttb = high;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.s2ttb, high);
	ste.dw[2] &= ~SMMUV3_STE2_S2TG; /* same STE, 4K granule (42 bits from level 1) */
	assert_int_equal(smmuv3_mock_decode_ste_words(f->mock, false, ste.dw, &o, &why),
			 SMMUV3_MOCK_C_BAD_STE);
	c.s2.tg = SMMUV3_GRANULE_4K;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_RANGE);
	c.s2.tg = SMMUV3_GRANULE_64K;
	c.s2.t0sz = 34; /* 30 bits from level 2: a 16-byte root */
	c.s2.ttb = high + 0x20;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_ALIGN);
	c.s2.ttb = high + 0x40;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	fixture_free(f);
}

/* S2SL0 = 3 with 16K is a level-0 start, which needs DS: refused by the
 * builder (and by QEMU), ILLEGAL for the decoder without S2DS. */
static void s2_16k_level0_start(void **state)
{
	struct ste_case t;
	const char *why;

	(void)state;
	ste_case_init(&t, &smmuv3_mock_profile_mmu600, false, SMMUV3_STREAM_S2);
	t.c.s2.tg = SMMUV3_GRANULE_16K;
	t.c.s2.t0sz = 16;
	t.c.s2.sl0 = 2; /* level 1, two concatenated tables */
	build_valid(&t, 0, 0);
	t.ste.dw[2] |= SMMUV3_STE2_S2SL0;
	assert_int_equal(smmuv3_mock_decode_ste_words(t.f->mock, false, t.ste.dw, &t.o, &why),
			 SMMUV3_MOCK_C_BAD_STE);
	t.c.s2.sl0 = 3;
	assert_int_equal(build(&t, 0, 0), SMMUV3_ERR_INVAL);
	fixture_free(t.f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(abort_and_bypass),
		cmocka_unit_test(bypass_attribute_overrides),
		cmocka_unit_test(stage1),
		cmocka_unit_test(stage1_refused_where_missing),
		cmocka_unit_test(stage2),
		cmocka_unit_test(stage2_small_smmu),
		cmocka_unit_test(nested),
		cmocka_unit_test(secure_bank),
		cmocka_unit_test(cd_builder),
		cmocka_unit_test(cd_builder_small_smmu),
		cmocka_unit_test(decoder_rejects_malformed),
		cmocka_unit_test(table_bases_beyond_48_bits),
		cmocka_unit_test(s2_16k_level0_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
