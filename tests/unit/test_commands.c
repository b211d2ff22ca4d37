// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command encoders against the layouts of Arm IHI 0070 chapter 4. The
 * expected words are written with raw bit positions from the spec, not
 * with the library's field masks, so a wrong mask fails here.
 */
#include "fixture.h"

#define B(n) (UINT64_C(1) << (n))

static void assert_cmd(struct smmuv3_cmd c, uint64_t dw0, uint64_t dw1)
{
	assert_int_equal(c.dw[0], dw0);
	assert_int_equal(c.dw[1], dw1);
}

static void prefetch(void **state)
{
	(void)state;
	/* dw0: op[7:0], SSV[11], SSID[31:12], SID[63:32]. */
	assert_cmd(smmuv3_cmd_prefetch_config(0x1234, 0x5, false), 0x01 | 0x1234ull << 32, 0);
	assert_cmd(smmuv3_cmd_prefetch_config(0x1234, 0xabcde, true),
		   0x01 | B(11) | 0xabcdeull << 12 | 0x1234ull << 32, 0);
	/* dw1: Size[4:0], Addr[63:12]; low address bits dropped. */
	assert_cmd(smmuv3_cmd_prefetch_addr(7, 0, false, 0xffff800012345fffull, 9),
		   0x02 | 7ull << 32, 0xffff800012345000ull | 9);
}

static void cfgi(void **state)
{
	(void)state;
	assert_cmd(smmuv3_cmd_cfgi_ste(0xffffffff, true), 0x03 | 0xffffffffull << 32, 1);
	assert_cmd(smmuv3_cmd_cfgi_ste(42, false), 0x03 | 42ull << 32, 0);
	assert_cmd(smmuv3_cmd_cfgi_ste_range(0x100, 7), 0x04 | 0x100ull << 32, 7);
	/* CFGI_ALL is CFGI_STE_RANGE with Range = 31. */
	assert_cmd(smmuv3_cmd_cfgi_all(), 0x04, 31);
	assert_cmd(smmuv3_cmd_cfgi_ste_range(0, 31), 0x04, 31);
	/* CFGI_CD: SSID[31:12] without SSV; Leaf in dw1[0]. */
	assert_cmd(smmuv3_cmd_cfgi_cd(9, 0xfffff, true), 0x05 | 0xfffffull << 12 | 9ull << 32, 1);
	assert_cmd(smmuv3_cmd_cfgi_cd(9, 0, false), 0x05 | 9ull << 32, 0);
	assert_cmd(smmuv3_cmd_cfgi_cd_all(0x8001), 0x06 | 0x8001ull << 32, 0);
	/* Fields beyond their width are truncated, never spilled. */
	assert_cmd(smmuv3_cmd_cfgi_cd(1, 0x1fffff, false), 0x05 | 0xfffffull << 12 | 1ull << 32, 0);
	assert_cmd(smmuv3_cmd_cfgi_ste_range(0, 32), 0x04, 0);
}

static void tlbi_stage1(void **state)
{
	struct smmuv3_tlbi_range r = { .tg = 1, .ttl = 3, .scale = 5, .num = 31 };

	(void)state;
	/* VMID[47:32], ASID[63:48]. */
	assert_cmd(smmuv3_cmd_tlbi_nh_all(0xbeef), 0x10 | 0xbeefull << 32, 0);
	assert_cmd(smmuv3_cmd_tlbi_nh_asid(3, 0xcafe), 0x11 | 3ull << 32 | 0xcafeull << 48, 0);
	assert_cmd(smmuv3_cmd_tlbi_nh_va(3, 4, 0x0000123456789abcull, true, NULL),
		   0x12 | 3ull << 32 | 4ull << 48, 0x0000123456789000ull | 1);
	/* Range: NUM[16:12], SCALE[25:20] in dw0; TTL[9:8], TG[11:10] in dw1. */
	assert_cmd(smmuv3_cmd_tlbi_nh_va(3, 4, 0x40000000, false, &r),
		   0x12 | 31ull << 12 | 5ull << 20 | 3ull << 32 | 4ull << 48,
		   0x40000000ull | 3ull << 8 | 1ull << 10);
	assert_cmd(smmuv3_cmd_tlbi_nh_vaa(5, 0xfffffffffffff000ull, true, NULL),
		   0x13 | 5ull << 32, 0xfffffffffffff000ull | 1);
	/* tg = 0: no range, the other range fields stay RES0. */
	r.tg = 0;
	assert_cmd(smmuv3_cmd_tlbi_nh_vaa(5, 0x1000, false, &r), 0x13 | 5ull << 32, 0x1000);
	assert_cmd(smmuv3_cmd_tlbi_el2_all(), 0x20, 0);
	assert_cmd(smmuv3_cmd_tlbi_el2_asid(0x77), 0x21 | 0x77ull << 48, 0);
	assert_cmd(smmuv3_cmd_tlbi_el2_va(0x77, 0x2000, true, NULL), 0x22 | 0x77ull << 48,
		   0x2001);
	r = (struct smmuv3_tlbi_range){ .tg = 3, .ttl = 2, .scale = 39, .num = 1 };
	assert_cmd(smmuv3_cmd_tlbi_el2_vaa(0x30000, false, &r), 0x23 | 1ull << 12 | 39ull << 20,
		   0x30000 | 2ull << 8 | 3ull << 10);
	assert_cmd(smmuv3_cmd_tlbi_nsnh_all(), 0x30, 0);
}

static void tlbi_stage2(void **state)
{
	struct smmuv3_tlbi_range r = { .tg = 2, .ttl = 2, .scale = 1, .num = 2 };

	(void)state;
	assert_cmd(smmuv3_cmd_tlbi_s12_vmall(0xffff), 0x28 | 0xffffull << 32, 0);
	/* IPA[55:12]; bits above are RES0 and dropped. */
	assert_cmd(smmuv3_cmd_tlbi_s2_ipa(2, 0xff00fedcba987654ull, true, NULL),
		   0x2a | 2ull << 32, 0x00fedcba987000ull | 1);
	assert_cmd(smmuv3_cmd_tlbi_s2_ipa(2, 0x4000, false, &r),
		   0x2a | 2ull << 12 | 1ull << 20 | 2ull << 32, 0x4000 | 2ull << 8 | 2ull << 10);
}

static void tlbi_secure(void **state)
{
	(void)state;
	assert_cmd(smmuv3_cmd_tlbi_s_el2_all(), 0x50, 0);
	assert_cmd(smmuv3_cmd_tlbi_s_el2_asid(9), 0x51 | 9ull << 48, 0);
	assert_cmd(smmuv3_cmd_tlbi_s_el2_va(9, 0x5000, true, NULL), 0x52 | 9ull << 48, 0x5001);
	assert_cmd(smmuv3_cmd_tlbi_s_el2_vaa(0x5000, false, NULL), 0x53, 0x5000);
	assert_cmd(smmuv3_cmd_tlbi_s_s12_vmall(6), 0x58 | 6ull << 32, 0);
	assert_cmd(smmuv3_cmd_tlbi_s_s2_ipa(6, 0x8000, true, true, NULL), 0x5a | 6ull << 32,
		   0x8000 | 1 | B(1));
	assert_cmd(smmuv3_cmd_tlbi_s_s2_ipa(6, 0x8000, false, false, NULL), 0x5a | 6ull << 32,
		   0x8000);
	assert_cmd(smmuv3_cmd_tlbi_snh_all(), 0x60, 0);
	assert_cmd(smmuv3_cmd_tlbi_el3_all(), 0x18, 0);
	assert_cmd(smmuv3_cmd_tlbi_el3_va(0x9000, true, NULL), 0x1a, 0x9001);
	/* SSec is dw0[10]. */
	assert_cmd(smmuv3_cmd_secure(smmuv3_cmd_cfgi_ste(1, true)), 0x03 | B(10) | 1ull << 32, 1);
}

static void ats_pri_stall(void **state)
{
	(void)state;
	/* ATC_INV: Global dw0[9], Size dw1[5:0], Addr dw1[63:12]. */
	assert_cmd(smmuv3_cmd_atc_inv(0x10, 0x20, true, false, 0x123456000ull, 52),
		   0x40 | B(11) | 0x20ull << 12 | 0x10ull << 32, 0x123456000ull | 52);
	assert_cmd(smmuv3_cmd_atc_inv(0x10, 0, false, true, 0, 0), 0x40 | B(9) | 0x10ull << 32, 0);
	/* PRI_RESP: PRGIndex dw1[8:0], Resp dw1[13:12]. */
	assert_cmd(smmuv3_cmd_pri_resp(3, 4, true, 0x1ff, SMMUV3_PRI_RESP_SUCCESS),
		   0x41 | B(11) | 4ull << 12 | 3ull << 32, 0x1ff | 2ull << 12);
	assert_cmd(smmuv3_cmd_pri_resp(3, 0, false, 5, SMMUV3_PRI_RESP_DENY), 0x41 | 3ull << 32, 5);
	assert_cmd(smmuv3_cmd_pri_resp(3, 0, false, 5, SMMUV3_PRI_RESP_FAIL), 0x41 | 3ull << 32,
		   5 | 1ull << 12);
	/* RESUME: Ac dw0[12] (1 retry), Ab dw0[13], STAG dw1[15:0]. */
	assert_cmd(smmuv3_cmd_resume(8, false, 0xabcd, SMMUV3_RESUME_RETRY),
		   0x44 | B(12) | 8ull << 32, 0xabcd);
	assert_cmd(smmuv3_cmd_resume(8, true, 1, SMMUV3_RESUME_ABORT),
		   0x44 | B(10) | B(13) | 8ull << 32, 1);
	assert_cmd(smmuv3_cmd_resume(8, false, 1, SMMUV3_RESUME_TERMINATE), 0x44 | 8ull << 32, 1);
	assert_cmd(smmuv3_cmd_stall_term(8, false), 0x45 | 8ull << 32, 0);
	assert_cmd(smmuv3_cmd_stall_term(8, true), 0x45 | B(10) | 8ull << 32, 0);
}

static void sync(void **state)
{
	(void)state;
	assert_cmd(smmuv3_cmd_sync(), 0x46, 0);
	/* CS[13:12]: 2 = SIG_SEV. */
	assert_cmd(smmuv3_cmd_sync_sev(), 0x46 | 2ull << 12, 0);
	/* CS = 1 (SIG_IRQ), MSH[23:22], MSIAttr[27:24], MSIData[63:32],
	 * MSIAddr dw1[55:2]. */
	assert_cmd(smmuv3_cmd_sync_msi(0x80001234, 0xdeadbeef, true),
		   0x46 | 1ull << 12 | 3ull << 22 | 0xfull << 24 | 0xdeadbeefull << 32,
		   0x80001234);
	assert_cmd(smmuv3_cmd_sync_msi(0x80001237, 1, false),
		   0x46 | 1ull << 12 | 1ull << 24 | 1ull << 32, 0x80001234);
}

/* Sum of what successive planned commands cover equals the request, and
 * each is a legal encoding. */
static uint64_t plan_all(unsigned int g, uint64_t pages, unsigned int ttl, unsigned int *ncmds)
{
	uint64_t total = 0;

	*ncmds = 0;
	while (pages) {
		struct smmuv3_tlbi_range r;
		uint64_t covered;

		assert_int_equal(smmuv3_tlbi_range_plan(g, pages, ttl, &r, &covered), 0);
		assert_true(covered > 0 && covered <= pages);
		if (r.tg) {
			assert_int_equal(covered, ((uint64_t)r.num + 1) << r.scale);
			assert_true(r.num || r.scale || r.ttl);
			/* 16K with TTL = 1 is Reserved without IDR5.DS. */
			assert_false(r.tg == 2 && r.ttl == 1);
			assert_true(r.scale <= 31);
		} else {
			assert_int_equal(covered, 1);
		}
		total += covered;
		pages -= covered;
		(*ncmds)++;
	}
	return total;
}

static void range_plan(void **state)
{
	struct smmuv3_tlbi_range r;
	uint64_t covered;
	unsigned int n;

	(void)state;
	assert_int_equal(smmuv3_tlbi_range_plan(12, 32, 0, &r, &covered), 0);
	assert_int_equal(r.tg, 1);
	assert_int_equal(((uint64_t)r.num + 1) << r.scale, 32);
	assert_int_equal(covered, 32);
	assert_int_equal(smmuv3_tlbi_range_plan(12, 31, 0, &r, &covered), 0);
	assert_int_equal(r.num, 30);
	assert_int_equal(r.scale, 0);
	assert_int_equal(smmuv3_tlbi_range_plan(16, 512, 3, &r, &covered), 0);
	assert_int_equal(r.tg, 3);
	assert_int_equal(r.ttl, 3);
	assert_int_equal(((uint64_t)r.num + 1) << r.scale, 512);
	/* One granule, no hint: plain invalidation. */
	assert_int_equal(smmuv3_tlbi_range_plan(14, 1, 0, &r, &covered), 0);
	assert_int_equal(r.tg, 0);
	assert_int_equal(covered, 1);
	/* One granule with a hint keeps the range form. */
	assert_int_equal(smmuv3_tlbi_range_plan(12, 1, 3, &r, &covered), 0);
	assert_int_equal(r.tg, 1);
	/* 16K TTL = 1 is Reserved without IDR5.DS and treated as TTL = 0
	 * (IHI 0070 4.4.1.1), so one granule with that hint would be the
	 * Reserved NUM = SCALE = TTL = 0 form (CERROR_ILL): no hint at all. */
	assert_int_equal(smmuv3_tlbi_range_plan(14, 1, 1, &r, &covered), 0);
	assert_int_equal(r.tg, 0);
	assert_int_equal(r.ttl, 0);
	assert_int_equal(covered, 1);
	assert_int_equal(plan_all(14, 96, 1, &n), 96);
	assert_int_equal(plan_all(12, 1000, 0, &n), 1000);
	assert_int_equal(n, 2);
	assert_int_equal(plan_all(12, 0xfffff, 3, &n), 0xfffff);
	assert_int_equal(n, 4);
	assert_int_equal(plan_all(12, UINT64_C(1) << 40, 0, &n), UINT64_C(1) << 40);
	assert_int_equal(plan_all(16, 33, 0, &n), 33);
	assert_int_equal(smmuv3_tlbi_range_plan(13, 1, 0, &r, &covered), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_tlbi_range_plan(12, 0, 0, &r, &covered), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_tlbi_range_plan(12, 1, 4, &r, &covered), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_tlbi_range_plan(12, 1, 0, NULL, &covered), SMMUV3_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefetch),
		cmocka_unit_test(cfgi),
		cmocka_unit_test(tlbi_stage1),
		cmocka_unit_test(tlbi_stage2),
		cmocka_unit_test(tlbi_secure),
		cmocka_unit_test(ats_pri_stall),
		cmocka_unit_test(sync),
		cmocka_unit_test(range_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
