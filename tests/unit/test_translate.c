// SPDX-License-Identifier: BSD-3-Clause
/*
 * The mock's translator against the library's page tables: its walk
 * (written independently) agrees with smmuv3_pgtable_iova_to_phys() for
 * every granule and stage, faults the way the architecture says, walks
 * STE -> CD -> stage 1 -> stage 2, and its TLB keeps a stale translation
 * until the right invalidation command is consumed.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#include <smmuv3/pgtable.h>

#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)

static uint64_t rs = 88172645463325252ull;

static uint64_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

static void make_pt(struct fixture *f, struct smmuv3_pgtable *pt, enum smmuv3_pgtable_stage stage,
		    unsigned int g, unsigned int ias, unsigned int oas)
{
	struct smmuv3_pgtable_cfg c = {
		.port = &f->tp, .stage = stage, .granule_log2 = g, .ias_bits = ias,
		.oas_bits = oas, .coherent = true,
	};

	assert_int_equal(smmuv3_pgtable_init(pt, &c), 0);
}

static const unsigned int ps_of[] = { 32, 36, 40, 42, 44, 48, 52 };

static void stage_of(const struct smmuv3_pgtable *pt, struct smmuv3_mock_stage *st)
{
	struct smmuv3_pgtable_info info;

	assert_int_equal(smmuv3_pgtable_get_info(pt, &info), 0);
	memset(st, 0, sizeof(*st));
	st->ttb = info.root_pa;
	st->granule_log2 = info.tg == 0 ? 12 : info.tg == 1 ? 16 : 14;
	st->tsz = info.tsz;
	st->sl0 = info.sl0;
	st->ps_bits = ps_of[info.ps];
}

/* Random pages and blocks; every probe agrees between mock and library. */
static void walk_agrees(void **state)
{
	static const struct {
		enum smmuv3_pgtable_stage stage;
		unsigned int g, ias, oas;
	} cases[] = {
		{ SMMUV3_PGTABLE_STAGE1, 12, 48, 48 }, { SMMUV3_PGTABLE_STAGE1, 12, 36, 40 },
		{ SMMUV3_PGTABLE_STAGE2, 12, 40, 44 }, { SMMUV3_PGTABLE_STAGE2, 12, 44, 48 },
		{ SMMUV3_PGTABLE_STAGE2, 12, 33, 40 }, { SMMUV3_PGTABLE_STAGE1, 14, 47, 48 },
		{ SMMUV3_PGTABLE_STAGE2, 14, 40, 48 }, { SMMUV3_PGTABLE_STAGE1, 16, 48, 48 },
		{ SMMUV3_PGTABLE_STAGE2, 16, 42, 44 }, { SMMUV3_PGTABLE_STAGE2, 16, 52, 52 },
	};
	struct fixture *f = *state;

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct smmuv3_pgtable pt;
		struct smmuv3_mock_stage st;
		unsigned int g = cases[k].g;
		uint64_t in_lim = UINT64_C(1) << cases[k].ias;
		uint64_t out_lim = UINT64_C(1) << cases[k].oas;
		uint64_t blk = UINT64_C(1) << (g + (g - 3));
		unsigned long agree_mapped = 0;
		uint64_t mapped[300];
		unsigned int n_mapped = 0;

		make_pt(f, &pt, cases[k].stage, g, cases[k].ias, cases[k].oas);
		stage_of(&pt, &st);
		for (int i = 0; i < 300; i++) {
			bool block = rnd() % 4 == 0;
			uint64_t size = block ? blk : ((rnd() % 8) + 1) << g;
			uint64_t iova = (rnd() % (in_lim - size)) & ~(block ? blk - 1 : (UINT64_C(1) << g) - 1);
			uint64_t pa = (rnd() % (out_lim - size)) & ~(block ? blk - 1 : (UINT64_C(1) << g) - 1);

			if (smmuv3_pgtable_map(&pt, iova, pa, size, RW) == 0)
				mapped[n_mapped++] = iova;
		}
		for (int i = 0; i < 3000; i++) {
			uint64_t iova = rnd() % in_lim, lib_pa;
			struct smmuv3_mock_xlate x;
			int rc;

			/* Half the probes around something mapped. */
			if (i % 2)
				iova = (mapped[rnd() % n_mapped] + rnd() % (2 * blk)) % in_lim;
			rc = smmuv3_pgtable_iova_to_phys(&pt, iova, &lib_pa, NULL);
			smmuv3_mock_translate_stages(f->mock,
						     cases[k].stage == SMMUV3_PGTABLE_STAGE1 ? &st : NULL,
						     cases[k].stage == SMMUV3_PGTABLE_STAGE2 ? &st : NULL,
						     iova, 0, &x);
			if (rc == 0) {
				if (x.status != SMMUV3_MOCK_XLATE_OK || x.pa != lib_pa)
					fail_msg("case %zu iova %llx: lib %llx, mock status %x pa %llx",
						 k, (unsigned long long)iova, (unsigned long long)lib_pa,
						 x.status, (unsigned long long)x.pa);
				agree_mapped++;
			} else {
				assert_int_equal(rc, SMMUV3_ERR_NOENT);
				assert_int_equal(x.status, SMMUV3_MOCK_F_TRANSLATION);
			}
		}
		assert_true(agree_mapped > 100);
		assert_int_equal(smmuv3_pgtable_destroy(&pt), 0);
	}
}

static void permissions_and_faults(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_pgtable s1, s2;
	struct smmuv3_mock_stage st1, st2;
	struct smmuv3_mock_xlate x;

	make_pt(f, &s1, SMMUV3_PGTABLE_STAGE1, 12, 48, 48);
	stage_of(&s1, &st1);
	assert_int_equal(smmuv3_pgtable_map(&s1, 0x1000, 0x5000, 0x1000, SMMUV3_PROT_READ), 0);
	assert_int_equal(smmuv3_pgtable_map(&s1, 0x2000, 0x6000, 0x1000, RW | SMMUV3_PROT_PRIV), 0);
	assert_int_equal(smmuv3_pgtable_map(&s1, 0x3000, 0x7000, 0x1000, RW | SMMUV3_PROT_EXEC), 0);

	smmuv3_mock_translate_stages(f->mock, &st1, NULL, 0x1008, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_XLATE_OK);
	assert_int_equal(x.pa, 0x5008);
	smmuv3_mock_translate_stages(f->mock, &st1, NULL, 0x1008, SMMUV3_MOCK_ACC_WRITE, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_F_PERMISSION);
	assert_int_equal(x.level, 3);
	smmuv3_mock_translate_stages(f->mock, &st1, NULL, 0x1008, SMMUV3_MOCK_ACC_EXEC, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_F_PERMISSION);
	smmuv3_mock_translate_stages(f->mock, &st1, NULL, 0x2000, SMMUV3_MOCK_ACC_WRITE, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_F_PERMISSION); /* unprivileged */
	smmuv3_mock_translate_stages(f->mock, &st1, NULL, 0x2000,
				     SMMUV3_MOCK_ACC_WRITE | SMMUV3_MOCK_ACC_PRIV, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_XLATE_OK);
	smmuv3_mock_translate_stages(f->mock, &st1, NULL, 0x3000, SMMUV3_MOCK_ACC_EXEC, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_XLATE_OK);
	smmuv3_mock_translate_stages(f->mock, &st1, NULL, 0x4000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_F_TRANSLATION);
	/* Beyond T0SZ. */
	smmuv3_mock_translate_stages(f->mock, &st1, NULL, UINT64_C(1) << 48, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_F_TRANSLATION);
	/* An output beyond IPS: the same tables read with a 32-bit IPS. */
	assert_int_equal(smmuv3_pgtable_map(&s1, 0x8000, UINT64_C(0x100000000), 0x1000, RW), 0);
	st1.ps_bits = 36;
	smmuv3_mock_translate_stages(f->mock, &st1, NULL, 0x8000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_F_ADDR_SIZE);
	st1.ps_bits = 48;

	/* Stage 2: write-only, and the stage-1 tables behind it (nested). */
	make_pt(f, &s2, SMMUV3_PGTABLE_STAGE2, 12, 40, 48);
	stage_of(&s2, &st2);
	st2.vmid = 3;
	assert_int_equal(smmuv3_pgtable_map(&s2, 0x5000, 0x9000, 0x1000, SMMUV3_PROT_WRITE), 0);
	smmuv3_mock_translate_stages(f->mock, NULL, &st2, 0x5000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_F_PERMISSION);
	assert_int_equal(x.stage, 2);
	smmuv3_mock_translate_stages(f->mock, NULL, &st2, 0x5000, SMMUV3_MOCK_ACC_WRITE, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_XLATE_OK);
	assert_int_equal(x.pa, 0x9000);
	/* Nested: the stage-1 root is at a PA that stage 2 does not map. */
	smmuv3_mock_translate_stages(f->mock, &st1, &st2, 0x1000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_F_TRANSLATION);
	assert_int_equal(x.stage, 2);
	assert_true(x.s2_on_s1_walk);

	/* Corrupt descriptors: a level-3 entry with type 0b01 is invalid. */
	{
		struct smmuv3_pgtable_info info;
		uint64_t *t, d;
		unsigned int l;

		assert_int_equal(smmuv3_pgtable_get_info(&s1, &info), 0);
		t = smmuv3_test_port_pa_to_va(&f->tp, info.root_pa, 8);
		for (l = info.start_level; l < 3; l++)
			t = smmuv3_test_port_pa_to_va(&f->tp, t[(UINT64_C(0x1000) >> (12 + 9 * (3 - l))) & 511] &
						      SMMUV3_GENMASK(47, 12), 8);
		d = t[1];
		t[1] = d & ~SMMUV3_BIT(1);
		smmuv3_mock_translate_stages(f->mock, &st1, NULL, 0x1000, 0, &x);
		assert_int_equal(x.status, SMMUV3_MOCK_F_TRANSLATION);
		t[1] = d & ~SMMUV3_BIT(10); /* AF clear */
		smmuv3_mock_translate_stages(f->mock, &st1, NULL, 0x1000, 0, &x);
		assert_int_equal(x.status, SMMUV3_MOCK_F_ACCESS);
		st1.affd = true;
		smmuv3_mock_translate_stages(f->mock, &st1, NULL, 0x1000, 0, &x);
		assert_int_equal(x.status, SMMUV3_MOCK_XLATE_OK);
		t[1] = d;
	}
	assert_int_equal(smmuv3_pgtable_destroy(&s1), 0);
	assert_int_equal(smmuv3_pgtable_destroy(&s2), 0);
}

/* ---- STE and CD by hand (the stream-table API is not used here) ---- */

static uint64_t *dma(struct fixture *f, size_t size, uint64_t *pa)
{
	uint64_t *p = smmuv3_port_dma_alloc(&f->tp, size, size, pa);

	assert_non_null(p);
	return p;
}

/* Map the stage-1 tables' pages 1:1 in a stage 2, so nesting works. */
static void s2_identity_for(struct smmuv3_pgtable *s2, uint64_t pa, uint64_t size)
{
	assert_int_equal(smmuv3_pgtable_map(s2, pa, pa, size, RW), 0);
}

static void ste_cd_nested_walk(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_pgtable s1, s2;
	struct smmuv3_pgtable_info i1, i2;
	struct smmuv3_mock_xlate x;
	uint64_t st_pa, cd_pa, *st, *cd, *ste;

	fixture_enable(f);
	make_pt(f, &s1, SMMUV3_PGTABLE_STAGE1, 12, 48, 48);
	make_pt(f, &s2, SMMUV3_PGTABLE_STAGE2, 12, 40, 48);
	assert_int_equal(smmuv3_pgtable_get_info(&s1, &i1), 0);
	assert_int_equal(smmuv3_pgtable_get_info(&s2, &i2), 0);

	/* Our own linear stream table of 16 STEs and a CD table of 4. */
	st = dma(f, 16 * 64, &st_pa);
	cd = dma(f, 4 * 64, &cd_pa);
	smmuv3_mock_poke32(f->mock, SMMUV3_STRTAB_BASE, (uint32_t)st_pa);
	smmuv3_mock_poke32(f->mock, SMMUV3_STRTAB_BASE + 4, (uint32_t)(st_pa >> 32));
	smmuv3_mock_poke32(f->mock, SMMUV3_STRTAB_BASE_CFG, 4);

	/* CD 1: T0SZ 16, TG0 4K, EPD1, IPS 48, V, AA64, R, A, ASID 7, TTB0. */
	cd[8 + 0] = 16 | SMMUV3_BIT(30) | SMMUV3_FIELD_PREP(SMMUV3_GENMASK(34, 32), 5) |
		    SMMUV3_BIT(31) | SMMUV3_BIT(41) | SMMUV3_BIT(45) | SMMUV3_BIT(46) |
		    SMMUV3_FIELD_PREP(SMMUV3_GENMASK(63, 48), 7);
	cd[8 + 1] = i1.root_pa;
	/* STE 5: nested (Config 0b111), S1CDMax 2, S2 VMID 9. */
	ste = st + 5 * 8;
	ste[0] = 1 | SMMUV3_FIELD_PREP(SMMUV3_GENMASK(3, 1), 7) | cd_pa |
		 SMMUV3_FIELD_PREP(SMMUV3_GENMASK(63, 59), 2);
	ste[2] = 9 | SMMUV3_FIELD_PREP(SMMUV3_GENMASK(37, 32), i2.tsz) |
		 SMMUV3_FIELD_PREP(SMMUV3_GENMASK(39, 38), i2.sl0) |
		 SMMUV3_FIELD_PREP(SMMUV3_GENMASK(50, 48), 5) | SMMUV3_BIT(51);
	ste[3] = i2.root_pa;

	assert_int_equal(smmuv3_pgtable_map(&s1, 0x10000, 0x80000, 0x1000, RW), 0);
	/* Stage 2 does not map the CD table yet. */
	{
		struct smmuv3_mock_ste_info si;
		const char *why = "";
		int v = smmuv3_mock_decode_ste(f->mock, false, 5, &si, &why);

		if (v)
			fail_msg("STE rejected (%d): %s", v, why);
	}
	smmuv3_mock_translate(f->mock, 5, 1, true, 0x10000, 0, &x);
	if (x.status != SMMUV3_MOCK_F_TRANSLATION)
		fail_msg("status %x stage %u level %u", x.status, x.stage, x.level);
	assert_int_equal(x.stage, 2);
	s2_identity_for(&s2, cd_pa & ~UINT64_C(0xfff), 0x1000);
	/* ... nor the stage-1 tables. */
	smmuv3_mock_translate(f->mock, 5, 1, true, 0x10000, 0, &x);
	if (x.status != SMMUV3_MOCK_F_TRANSLATION)
		fail_msg("status %x stage %u level %u", x.status, x.stage, x.level);
	assert_int_equal(x.stage, 2);
	assert_true(x.s2_on_s1_walk);
	/* Identity-map the first 16 MiB of the port's pool (all tables). */
	assert_int_equal(smmuv3_pgtable_unmap(&s2, cd_pa & ~UINT64_C(0xfff), 0x1000, NULL), 0);
	smmuv3_pgtable_reclaim(&s2);
	assert_true(f->tp.bump < (16u << 20));
	s2_identity_for(&s2, f->tp.pa_base, 16u << 20);
	smmuv3_mock_translate(f->mock, 5, 1, true, 0x10000, 0, &x);
	/* Now the final IPA 0x80000 is not mapped at stage 2. */
	assert_int_equal(x.status, SMMUV3_MOCK_F_TRANSLATION);
	assert_int_equal(x.stage, 2);
	assert_false(x.s2_on_s1_walk);
	assert_int_equal(smmuv3_pgtable_map(&s2, 0x80000, 0x123000, 0x1000, RW), 0);
	smmuv3_mock_translate(f->mock, 5, 1, true, 0x10010, SMMUV3_MOCK_ACC_WRITE, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_XLATE_OK);
	assert_int_equal(x.ipa, 0x80010);
	assert_int_equal(x.pa, 0x123010);

	/* Configuration faults. */
	smmuv3_mock_translate(f->mock, 5, 4, true, 0x10000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_C_BAD_SUBSTREAMID);
	smmuv3_mock_translate(f->mock, 5, 2, true, 0x10000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_C_BAD_CD);
	smmuv3_mock_translate(f->mock, 6, 0, false, 0x10000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_C_BAD_STE);
	smmuv3_mock_translate(f->mock, 16, 0, false, 0x10000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_C_BAD_STREAMID);
	ste[0] = 1;
	smmuv3_mock_translate(f->mock, 5, 0, false, 0x10000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_ABORT);

	smmuv3_port_dma_free(&f->tp, st, 16 * 64);
	smmuv3_port_dma_free(&f->tp, cd, 4 * 64);
	assert_int_equal(smmuv3_pgtable_destroy(&s1), 0);
	assert_int_equal(smmuv3_pgtable_destroy(&s2), 0);
}

/* The TLB keeps a translation after the tables change, until the right
 * command is consumed. */
static void tlb_needs_invalidation(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_pgtable s1;
	struct smmuv3_mock_stage st;
	struct smmuv3_mock_xlate x;
	struct smmuv3_cmd c;

	fixture_enable(f);
	f->mock->tlb_enabled = true;
	make_pt(f, &s1, SMMUV3_PGTABLE_STAGE1, 12, 48, 48);
	stage_of(&s1, &st);
	st.asid = 5;
	st.vmid = 0;
	assert_int_equal(smmuv3_pgtable_map(&s1, 0x40000, 0x90000, 0x4000, RW), 0);
	smmuv3_mock_translate_stages(f->mock, &st, NULL, 0x41000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_XLATE_OK);
	assert_false(x.tlb_hit);
	assert_int_equal(smmuv3_pgtable_unmap(&s1, 0x40000, 0x4000, NULL), 0);
	smmuv3_mock_translate_stages(f->mock, &st, NULL, 0x41000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_XLATE_OK); /* stale */
	assert_true(x.tlb_hit);

	/* Wrong ASID, then wrong address: still stale. */
	c = smmuv3_cmd_tlbi_nh_va(0, 6, 0x41000, true, NULL);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), 0);
	c = smmuv3_cmd_tlbi_nh_va(0, 5, 0x42000, true, NULL);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), 0);
	smmuv3_mock_translate_stages(f->mock, &st, NULL, 0x41000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_XLATE_OK);
	c = smmuv3_cmd_tlbi_nh_va(0, 5, 0x41000, true, NULL);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), 0);
	smmuv3_mock_translate_stages(f->mock, &st, NULL, 0x41000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_F_TRANSLATION);
	assert_int_equal(smmuv3_pgtable_reclaim(&s1), 3);
	assert_int_equal(smmuv3_pgtable_destroy(&s1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(walk_agrees, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(permissions_and_faults, fixture_setup_qemu,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(ste_cd_nested_walk, fixture_setup_mmu600,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(tlb_needs_invalidation, fixture_setup_qemu,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
