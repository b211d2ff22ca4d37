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

static void abort_and_bypass(void **state)
{
	struct fixture *f = probed(&smmuv3_mock_profile_qemu, false);
	struct smmuv3_stream_cfg c;
	struct smmuv3_mock_ste_info o;
	struct smmuv3_ste ste;

	(void)state;
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_ABORT);
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), SMMUV3_MOCK_ABORT);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_BYPASS);
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.config, 4);
	assert_false(o.s1 || o.s2 || o.mtcfg);
	/* QEMU has no attribute overrides: asking for one is refused. */
	c.attrs.types = true;
	c.attrs.shcfg = SMMUV3_STE_SHCFG_ISH;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_NOTSUP);
	/* A bad mode and NULLs. */
	c.mode = (enum smmuv3_stream_mode)9;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_ste_build(&f->smmu, NULL, 0, 0, &ste), SMMUV3_ERR_INVAL);
	fixture_free(f);
}

static void bypass_attribute_overrides(void **state)
{
	struct smmuv3_mock_profile p = smmuv3_mock_profile_mmu600;
	struct fixture *f;
	struct smmuv3_stream_cfg c;
	struct smmuv3_mock_ste_info o;
	struct smmuv3_ste ste;

	(void)state;
	p.idr[1] |= SMMUV3_IDR1_ATTR_TYPES_OVR | SMMUV3_IDR1_ATTR_PERMS_OVR;
	f = probed(&p, false);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_BYPASS);
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	/* No override asked: shareability is the incoming one, not NSH. */
	assert_int_equal(o.shcfg, 1);
	c.attrs = (struct smmuv3_ste_attrs){ .types = true, .memattr = 0xf, .alloccfg = 0xe,
					     .shcfg = SMMUV3_STE_SHCFG_ISH, .perms = true,
					     .privcfg = 3, .instcfg = 2 };
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_true(o.mtcfg);
	assert_int_equal(o.memattr, 0xf);
	assert_int_equal(o.alloccfg, 0xe);
	assert_int_equal(o.shcfg, 3);
	assert_int_equal(o.privcfg, 3);
	assert_int_equal(o.instcfg, 2);
	c.attrs.privcfg = 1; /* reserved */
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_INVAL);
	c.attrs.privcfg = 0;
	/* NSCFG belongs to Secure STEs. */
	c.attrs.nscfg = SMMUV3_STE_NSCFG_SECURE;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_INVAL);
	fixture_free(f);
}

static void stage1(void **state)
{
	struct fixture *f = probed(&smmuv3_mock_profile_mmu600, false);
	struct smmuv3_stream_cfg c;
	struct smmuv3_mock_ste_info o;
	struct smmuv3_ste ste;

	(void)state;
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	c.s1.vmid = 0x1234;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.config, 5);
	assert_true(o.s1 && !o.s2);
	assert_int_equal(o.s1_ctx, CD_PA);
	assert_int_equal(o.s1cdmax, 0);
	assert_true(o.vmid_used);
	assert_int_equal(o.vmid, 0x1234);
	/* Coherent SMMU: CD fetches write-back, inner shareable. */
	assert_int_equal(o.s1cir, 1);
	assert_int_equal(o.s1csh, 3);
	/* MMU-600 can stall: the library disables stalls for the stream. */
	assert_true(o.s1stalld);

	/* Substreams: two-level CD table with 4K leaves, SSID 0 for no-PASID. */
	c.s1.ssid_bits = 20;
	c.s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	/* Its 128 KiB level-1 table is aligned to its size. */
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA, SMMUV3_STE_S1FMT_64_4K, &ste),
			 SMMUV3_ERR_ALIGN);
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0x80020000ull, SMMUV3_STE_S1FMT_64_4K,
					  &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.s1_ctx, 0x80020000ull);
	assert_int_equal(o.s1cdmax, 20);
	assert_int_equal(o.s1fmt, 1);
	assert_int_equal(o.s1dss, 2);
	/* Out of range and misaligned. */
	c.s1.ssid_bits = 21;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA, 1, &ste), SMMUV3_ERR_RANGE);
	c.s1.ssid_bits = 4;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA + 0x40, 0, &ste), SMMUV3_ERR_ALIGN);
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_ALIGN);
	c.s1.s1dss = 3;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA, 0, &ste), SMMUV3_ERR_INVAL);
	c.s1.s1dss = 0;
	/* EL2 StreamWorld (MMU-600 has HYP) and ATS. */
	c.s1.strw = SMMUV3_STE_STRW_EL2;
	c.ats = true;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.strw, 2);
	assert_int_equal(o.eats, 1);
	assert_false(o.vmid_used); /* EL2 streams are not tagged with a VMID */
	c.s1.strw = SMMUV3_STE_STRW_EL3; /* Secure only */
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA, 0, &ste), SMMUV3_ERR_INVAL);
	fixture_free(f);
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
	struct fixture *f = probed(&smmuv3_mock_profile_qemu, false);
	struct smmuv3_stream_cfg c;
	struct smmuv3_mock_ste_info o;
	struct smmuv3_ste ste;

	(void)state;
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S2);
	c.s2.ttb = TTB;
	c.s2.vmid = 0xabcd;
	c.s2.ptw = true;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.config, 6);
	assert_true(o.s2 && !o.s1);
	assert_int_equal(o.s2ttb, TTB);
	assert_int_equal(o.vmid, 0xabcd);
	assert_int_equal(o.s2t0sz, 24);  /* 40-bit IPA */
	assert_int_equal(o.s2sl0, 1);
	assert_int_equal(o.s2granule, 12);
	assert_int_equal(o.s2ps_bits, 44); /* QEMU's OAS */
	assert_true(o.s2aa64 && o.s2r && o.s2ptw && !o.s2s && !o.s2endi);
	assert_int_equal(o.s2ir0, 1);
	assert_int_equal(o.s2sh0, 3);
	assert_int_equal(o.eats, 0);

	/* 64 KiB granule, 42-bit IPA starting at level 1. */
	c.s2.tg = SMMUV3_GRANULE_64K;
	c.s2.t0sz = 22;
	c.s2.sl0 = 1;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.s2granule, 16);
	/* Inconsistent start level, misaligned root, IPA beyond the SMMU. */
	c.s2.sl0 = 0;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_INVAL);
	c.s2.sl0 = 1;
	c.s2.ttb = TTB + 0x1000;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_ALIGN);
	c.s2.ttb = TTB;
	c.s2.t0sz = 8;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_RANGE);
	c.s2.t0sz = 22;
	c.s2.ps = 6; /* 52 bits > 44 */
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_RANGE);
	c.s2.ps = 4;
	c.s2.ttb = 1ull << 44;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_RANGE);
	c.s2.ttb = TTB;
	c.s2.sh0 = 1;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_INVAL);
	fixture_free(f);
}

static void stage2_small_smmu(void **state)
{
	struct fixture *f = probed(&smmuv3_mock_profile_minimal, false);
	struct smmuv3_stream_cfg c;
	struct smmuv3_mock_ste_info o;
	struct smmuv3_ste ste;

	(void)state;
	/* 8-bit VMIDs, 40-bit OAS, 4K only, non-coherent. */
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S2);
	c.s2.ttb = TTB;
	c.s2.vmid = 0x100;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_RANGE);
	c.s2.vmid = 0xff;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.vmid, 0xff);
	assert_int_equal(o.s2ps_bits, 40);
	assert_int_equal(o.s2ir0, 0); /* non-coherent: non-cacheable walks */
	assert_int_equal(o.s2sh0, 2);
	c.s2.tg = SMMUV3_GRANULE_16K;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_NOTSUP);
	fixture_free(f);
}

static void nested(void **state)
{
	struct fixture *f = probed(&smmuv3_mock_profile_mmu600, false);
	struct smmuv3_stream_cfg c;
	struct smmuv3_mock_ste_info o;
	struct smmuv3_ste ste;

	(void)state;
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_NESTED);
	c.s2.ttb = TTB;
	c.s2.vmid = 7;
	c.s1.ssid_bits = 6;
	c.s1.s1dss = SMMUV3_STE_S1DSS_BYPASS;
	c.ats = true;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	assert_int_equal(o.config, 7);
	assert_true(o.s1 && o.s2);
	assert_int_equal(o.s1_ctx, CD_PA);
	assert_int_equal(o.s1cdmax, 6);
	assert_int_equal(o.s1dss, 1);
	assert_int_equal(o.vmid, 7);
	assert_int_equal(o.s2ttb, TTB);
	assert_int_equal(o.eats, 1);
	/* STRW is ignored with stage 2: the library refuses to pretend. */
	c.s1.strw = SMMUV3_STE_STRW_EL2;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, CD_PA, 0, &ste), SMMUV3_ERR_INVAL);
	fixture_free(f);
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
	c.stall = true; /* the library's STEs disable stalls */
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), SMMUV3_ERR_NOTSUP);
	c.stall = false;
	c.ha = false; /* dirty without access flag */
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
	assert_int_equal(f->smmu.feat.oas_bits, 52);

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
	struct fixture *f = probed(&smmuv3_mock_profile_mmu600, false);
	struct smmuv3_mock_ste_info o;
	struct smmuv3_stream_cfg c;
	struct smmuv3_ste ste;
	const char *why;

	(void)state;
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S2);
	c.s2.ttb = TTB;
	c.s2.tg = SMMUV3_GRANULE_16K;
	c.s2.t0sz = 16;
	c.s2.sl0 = 2; /* level 1, two concatenated tables */
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_int_equal(decode(f, &ste, &o), 0);
	ste.dw[2] |= SMMUV3_STE2_S2SL0;
	assert_int_equal(smmuv3_mock_decode_ste_words(f->mock, false, ste.dw, &o, &why),
			 SMMUV3_MOCK_C_BAD_STE);
	c.s2.sl0 = 3;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_INVAL);
	fixture_free(f);
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
