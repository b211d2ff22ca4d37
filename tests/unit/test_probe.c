// SPDX-License-Identifier: BSD-3-Clause
/* Probe: every profile decodes to exactly the features it describes. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "core/objects.h"

static void probe_qemu_profile(void **state)
{
	struct fixture *f = *state;
	const struct smmuv3_features *feat;

	fixture_probe(f);
	feat = smmuv3_features(&f->smmu);
	assert_non_null(feat);
	assert_int_equal(feat->arch_major, 3);
	assert_int_equal(feat->arch_minor, 1);
	assert_true(feat->stage1);
	assert_true(feat->stage2);
	assert_true(feat->ttf_aarch64);
	assert_false(feat->ttf_aarch32);
	assert_true(feat->strtab_2lvl);
	assert_false(feat->cd_2lvl);
	assert_int_equal(feat->sid_bits, 16);
	assert_int_equal(feat->ssid_bits, 0);
	assert_int_equal(feat->asid_bits, 16);
	assert_int_equal(feat->vmid_bits, 16);
	assert_int_equal(feat->oas_bits, 44);
	assert_int_equal(feat->ias_bits, 44);
	assert_int_equal(feat->va_bits, 48);
	assert_true(feat->gran_4k && feat->gran_16k && feat->gran_64k);
	assert_true(feat->ril);
	assert_true(feat->coherent);
	assert_false(feat->hyp || feat->ats || feat->pri || feat->msi || feat->sev ||
		     feat->btm);
	assert_int_equal(feat->httu, SMMUV3_HTTU_NONE);
	assert_int_equal(feat->stall_model, SMMUV3_STALL_TERM_ONLY);
	assert_int_equal(feat->cmdq_log2, 19);
	assert_int_equal(feat->evtq_log2, 19);
	assert_int_equal(feat->bbml, 2);
	assert_false(feat->secure_impl);
	assert_true(smmuv3_inst_of(&f->smmu)->coherent);
	/* Probe changes nothing: no register was written. */
	assert_int_equal(f->mock->log_len, 0);
}

static void probe_mmu600_profile(void **state)
{
	struct fixture *f = *state;
	const struct smmuv3_features *feat;

	fixture_probe(f);
	feat = smmuv3_features(&f->smmu);
	assert_int_equal(feat->implementer, 0x43b);
	assert_int_equal(feat->product_id, 0x483);
	assert_true(feat->ttf_aarch64 && feat->ttf_aarch32);
	assert_int_equal(feat->ssid_bits, 20);
	assert_true(feat->cd_2lvl);
	assert_true(feat->ats && feat->pri && feat->msi && feat->sev && feat->hyp &&
		    feat->btm && feat->vmw);
	assert_int_equal(feat->httu, SMMUV3_HTTU_ACCESS_DIRTY);
	assert_int_equal(feat->stall_model, SMMUV3_STALL_AND_TERM);
	assert_int_equal(feat->stall_max, 128);
	assert_int_equal(feat->oas_bits, 48);
	assert_int_equal(feat->ias_bits, 48);
	assert_int_equal(feat->priq_log2, 19);
	assert_false(feat->ril);
	/* A Non-secure instance does not read the Secure bank. */
	assert_false(feat->secure_impl);
}

static void probe_mmu600_secure(void **state)
{
	struct fixture *f = *state;
	const struct smmuv3_features *feat;

	f->cfg.secure = true;
	fixture_probe(f);
	feat = smmuv3_features(&f->smmu);
	assert_true(feat->secure_impl);
	assert_int_equal(feat->s_sid_bits, 16);
	assert_true(feat->s_msi);
	assert_false(feat->sel2);
}

static void probe_minimal_profile(void **state)
{
	struct fixture *f = *state;
	const struct smmuv3_features *feat;

	fixture_probe(f);
	feat = smmuv3_features(&f->smmu);
	assert_int_equal(feat->arch_minor, 0);
	assert_false(feat->stage1);
	assert_true(feat->stage2);
	assert_false(feat->strtab_2lvl);
	assert_int_equal(feat->sid_bits, 6);
	assert_int_equal(feat->vmid_bits, 8);
	assert_int_equal(feat->asid_bits, 8);
	assert_int_equal(feat->oas_bits, 40);
	assert_true(feat->gran_4k);
	assert_false(feat->gran_16k || feat->gran_64k);
	assert_false(feat->coherent);
	assert_false(smmuv3_inst_of(&f->smmu)->coherent);
	assert_int_equal(feat->cmdq_log2, 8);
	assert_int_equal(feat->evtq_log2, 7);
}

static void probe_secure_without_secure_impl(void **state)
{
	struct fixture *f = *state;

	f->cfg.secure = true;
	assert_int_equal(smmuv3_init(&f->smmu, &f->cfg), 0);
	assert_int_equal(smmuv3_probe(&f->smmu), SMMUV3_ERR_NOTSUP);
	assert_int_equal(smmuv3_get_state(&f->smmu), SMMUV3_STATE_INIT);
	assert_null(smmuv3_features(&f->smmu));
}

static void probe_force_noncoherent(void **state)
{
	struct fixture *f = *state;

	f->cfg.coherency = SMMUV3_COHERENCY_FORCE_NONCOHERENT;
	fixture_probe(f);
	assert_true(smmuv3_features(&f->smmu)->coherent);
	assert_false(smmuv3_inst_of(&f->smmu)->coherent);
}

/* One impossible register value each; all must be refused as BADHW. */
struct badhw_case {
	const char *what;
	unsigned int reg; /* 0..5 IDRn, 6 AIDR */
	uint64_t clear;   /* bits cleared first */
	uint64_t set;     /* then these set */
};

#define FP(reg, field, v) SMMUV3_FIELD_PREP(SMMUV3_##reg##_##field, v)

static const struct badhw_case badhw_cases[] = {
	{ "ST_LEVEL reserved", 0, SMMUV3_IDR0_ST_LEVEL, FP(IDR0, ST_LEVEL, 2) },
	{ "TTF reserved", 0, SMMUV3_IDR0_TTF, 0 },
	{ "TTENDIAN reserved", 0, SMMUV3_IDR0_TTENDIAN, FP(IDR0, TTENDIAN, 1) },
	{ "STALL_MODEL reserved", 0, SMMUV3_IDR0_STALL_MODEL, FP(IDR0, STALL_MODEL, 3) },
	{ "HTTU reserved", 0, SMMUV3_IDR0_HTTU, FP(IDR0, HTTU, 3) },
	{ "no stage at all", 0, SMMUV3_IDR0_S1P | SMMUV3_IDR0_S2P, 0 },
	{ "PRI without ATS", 0, SMMUV3_IDR0_ATS, SMMUV3_IDR0_PRI },
	{ "SIDSIZE 33", 1, SMMUV3_IDR1_SIDSIZE, FP(IDR1, SIDSIZE, 33) },
	{ "SIDSIZE 63", 1, SMMUV3_IDR1_SIDSIZE, FP(IDR1, SIDSIZE, 63) },
	{ "SSIDSIZE 21", 1, SMMUV3_IDR1_SSIDSIZE, FP(IDR1, SSIDSIZE, 21) },
	{ "CMDQS 20", 1, SMMUV3_IDR1_CMDQS, FP(IDR1, CMDQS, 20) },
	{ "EVENTQS 31", 1, SMMUV3_IDR1_EVENTQS, FP(IDR1, EVENTQS, 31) },
	{ "PRIQS 25", 1, SMMUV3_IDR1_PRIQS, FP(IDR1, PRIQS, 25) },
	{ "no granule", 5, SMMUV3_IDR5_GRAN4K | SMMUV3_IDR5_GRAN16K | SMMUV3_IDR5_GRAN64K, 0 },
	{ "VAX reserved", 5, SMMUV3_IDR5_VAX, FP(IDR5, VAX, 3) },
	{ "56-bit OAS on v3.1", 5, SMMUV3_IDR5_OAS, FP(IDR5, OAS, 7) },
	{ "52-bit OAS without 64K or DS", 5, SMMUV3_IDR5_OAS | SMMUV3_IDR5_GRAN64K,
	  FP(IDR5, OAS, 6) },
	{ "not an SMMUv3", 6, SMMUV3_AIDR_MAJOR, FP(AIDR, MAJOR, 1) },
};

static void probe_rejects_impossible_hardware(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(badhw_cases) / sizeof(badhw_cases[0]); i++) {
		const struct badhw_case *c = &badhw_cases[i];
		struct smmuv3_mock_profile p = smmuv3_mock_profile_qemu;
		uint32_t *reg = c->reg < 6 ? &p.idr[c->reg] : &p.aidr;
		struct fixture *f;

		*reg = (*reg & ~(uint32_t)c->clear) | (uint32_t)c->set;
		f = fixture_new(&p);
		assert_int_equal(smmuv3_init(&f->smmu, &f->cfg), 0);
		if (smmuv3_probe(&f->smmu) != SMMUV3_ERR_BADHW)
			fail_msg("case '%s' was not rejected", c->what);
		assert_null(smmuv3_features(&f->smmu));
		assert_int_equal(f->tp.lines[SMMUV3_LOG_ERROR], 1);
		fixture_free(f);
	}
}

static void probe_sid_needs_two_level(void **state)
{
	struct smmuv3_mock_profile p = smmuv3_mock_profile_minimal;
	struct fixture *f;

	(void)state;
	/* 7 SID bits with only linear tables is forbidden by the architecture. */
	p.idr[1] = (p.idr[1] & ~(uint32_t)SMMUV3_IDR1_SIDSIZE) | 7;
	f = fixture_new(&p);
	assert_int_equal(smmuv3_init(&f->smmu, &f->cfg), 0);
	assert_int_equal(smmuv3_probe(&f->smmu), SMMUV3_ERR_BADHW);
	fixture_free(f);
}

static void probe_aarch32_only_unsupported(void **state)
{
	struct smmuv3_mock_profile p = smmuv3_mock_profile_qemu;
	struct fixture *f;

	(void)state;
	p.idr[0] = (p.idr[0] & ~(uint32_t)SMMUV3_IDR0_TTF) |
		   (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_IDR0_TTF, SMMUV3_IDR0_TTF_AARCH32);
	f = fixture_new(&p);
	assert_int_equal(smmuv3_init(&f->smmu, &f->cfg), 0);
	assert_int_equal(smmuv3_probe(&f->smmu), SMMUV3_ERR_NOTSUP);
	fixture_free(f);
}

struct report_buf {
	char text[4096];
	size_t len;
	unsigned int lines;
};

static void report_collect(void *arg, const char *line)
{
	struct report_buf *r = arg;

	r->len += (size_t)snprintf(r->text + r->len, sizeof(r->text) - r->len, "%s\n", line);
	r->lines++;
}

static void report_describes_features(void **state)
{
	struct fixture *f = *state;
	struct report_buf r = { .len = 0 };

	fixture_probe(f);
	smmuv3_features_report(smmuv3_features(&f->smmu), report_collect, &r);
	assert_true(r.lines >= 6);
	assert_non_null(strstr(r.text, "SMMUv3.1"));
	assert_non_null(strstr(r.text, "stage1 yes, stage2 yes, nested yes"));
	assert_non_null(strstr(r.text, "granules: 4K 16K 64K"));
	assert_non_null(strstr(r.text, "OAS 44 bits"));
	assert_non_null(strstr(r.text, "16 SID bits, 0 SSID bits"));
	assert_non_null(strstr(r.text, "cmdq 2^19"));
	assert_non_null(strstr(r.text, "RIL yes"));
	assert_non_null(strstr(r.text, "IDR0 0d44101b"));
	assert_non_null(strstr(r.text, "secure: not implemented"));
}

static void state_rules(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(smmuv3_probe(NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_init(NULL, &f->cfg), SMMUV3_ERR_INVAL);
	f->cfg.base = 0;
	assert_int_equal(smmuv3_init(&f->smmu, &f->cfg), SMMUV3_ERR_INVAL);
	f->cfg.base = FIXTURE_BASE;
	f->cfg.cmdq_log2 = 20;
	assert_int_equal(smmuv3_init(&f->smmu, &f->cfg), SMMUV3_ERR_INVAL);
	f->cfg.cmdq_log2 = 0;
	assert_int_equal(smmuv3_init(&f->smmu, &f->cfg), 0);
	/* Reset before probe is refused and touches nothing. */
	assert_int_equal(smmuv3_reset(&f->smmu), SMMUV3_ERR_STATE);
	assert_int_equal(f->mock->log_len, 0);
	assert_int_equal(smmuv3_probe(&f->smmu), 0);
	/* Probing twice is harmless. */
	assert_int_equal(smmuv3_probe(&f->smmu), 0);
}

static void features_decode_null(void **state)
{
	struct smmuv3_features feat;
	uint32_t idr[6] = { 0 };

	(void)state;
	assert_int_equal(smmuv3_features_decode(NULL, 0, 0, 0, 0, &feat), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_features_decode(idr, 0, 0, 0, 0, NULL), SMMUV3_ERR_INVAL);
	/* An all-zero IDR set is not an SMMU. */
	assert_int_equal(smmuv3_features_decode(idr, 0, 0, 0, 0, &feat), SMMUV3_ERR_BADHW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(probe_qemu_profile, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(probe_mmu600_profile, fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(probe_mmu600_secure, fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(probe_minimal_profile, fixture_setup_minimal, fixture_teardown),
		cmocka_unit_test_setup_teardown(probe_secure_without_secure_impl, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(probe_force_noncoherent, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test(probe_rejects_impossible_hardware),
		cmocka_unit_test(probe_sid_needs_two_level),
		cmocka_unit_test(probe_aarch32_only_unsupported),
		cmocka_unit_test_setup_teardown(report_describes_features, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(state_rules, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test(features_decode_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
