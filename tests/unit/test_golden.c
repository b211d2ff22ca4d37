// SPDX-License-Identifier: BSD-3-Clause
/*
 * Golden words: STEs, CDs, commands and event records written out as
 * literal hex, worked out by hand from the field tables of Arm IHI 0070
 * (5.2, 5.4, chapter 4, 7.3). The library's encoders must produce them
 * and its decoder read them; the mock, which has its own reading of the
 * architecture (tests/mock/mock_arch.h), must read them the same way. A
 * mask wrong in the library (or the mock) fails here, not silently in
 * both.
 */
#include <string.h>

#include "fixture.h"

static void assert_words(const uint64_t *got, const uint64_t *want, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (got[i] != want[i])
			fail_msg("word %u: %#018llx, want %#018llx", i, (unsigned long long)got[i],
				 (unsigned long long)want[i]);
}

static struct fixture *mmu600(void)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);

	fixture_probe(f);
	return f;
}

/*
 * Stage 2, VMID 0x12, S2TTB 0x80200000: V = 1, Config = 0b110 (bits 3:1);
 * S2VMID [175:160]; S2T0SZ [165:160] = 24, S2SL0 [167:166] = 1,
 * S2IR0/S2OR0 [169:168]/[171:170] = WBWA, S2SH0 [173:172] = ISH,
 * S2TG [175:174] = 4K, S2PS [178:176] = 48 bits, S2AA64 [179], S2R [186];
 * S2TTB [243:196].
 */
static const uint64_t ste_s2[8] = {
	0x000000000000000dull, 0, 0x040d355800000012ull, 0x0000000080200000ull,
};
/* Stage 1, CD table at 0x80010000 (linear, one CD): Config = 0b101,
 * S1ContextPtr [51:6]; S1CIR/S1COR [67:66]/[69:68] = WBWA, S1CSH
 * [71:70] = ISH, S1STALLD [91] (no stalls asked for). */
static const uint64_t ste_s1[8] = { 0x000000008001000bull, 0x00000000080000d4ull };
static const uint64_t ste_bypass[8] = { 0x9 };
static const uint64_t ste_abort[8] = { 0x1 };

static void ste_encodings(void **state)
{
	struct fixture *f = mmu600();
	struct smmuv3_stream_cfg c;
	struct smmuv3_ste ste;
	struct smmuv3_mock_ste_info info;
	const char *why;

	(void)state;
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S2);
	c.s2.ttb = 0x80200000ull;
	c.s2.vmid = 0x12;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_words(ste.dw, ste_s2, 8);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0x80010000ull, 0, &ste), 0);
	assert_words(ste.dw, ste_s1, 8);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_BYPASS);
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_words(ste.dw, ste_bypass, 8);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_ABORT);
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	assert_words(ste.dw, ste_abort, 8);

	/* The mock reads the same words the same way. */
	assert_int_equal(smmuv3_mock_decode_ste_words(f->mock, false, ste_s2, &info, &why), 0);
	assert_true(info.s2 && !info.s1);
	assert_int_equal(info.vmid, 0x12);
	assert_int_equal(info.s2ttb, 0x80200000ull);
	assert_int_equal(info.s2t0sz, 24);
	assert_int_equal(info.s2sl0, 1);
	assert_int_equal(info.s2granule, 12);
	assert_int_equal(info.s2ps_bits, 48);
	assert_int_equal(info.s2ir0, 1);
	assert_int_equal(info.s2sh0, 3);
	assert_true(info.s2aa64 && info.s2r && !info.s2s);
	assert_int_equal(smmuv3_mock_decode_ste_words(f->mock, false, ste_s1, &info, &why), 0);
	assert_true(info.s1 && !info.s2 && info.s1stalld);
	assert_int_equal(info.s1_ctx, 0x80010000ull);
	assert_int_equal(info.s1cir, 1);
	assert_int_equal(info.s1csh, 3);
	assert_int_equal(smmuv3_mock_decode_ste_words(f->mock, false, ste_abort, &info, &why),
			 SMMUV3_MOCK_ABORT);
	fixture_free(f);
}

/*
 * TTB0 0x80500000, ASID 0x42, 48-bit input, 4K, WBWA ISH walks: T0SZ
 * [5:0] = 16, IR0 [9:8], OR0 [11:10], SH0 [13:12]; EPD1 [30]; V [31];
 * IPS [34:32] = 48 bits; AA64 [41]; R [45]; A [46]; ASID [63:48];
 * TTB0 [115:68]; MAIR0 [223:192] (the library's attribute indexes).
 */
static const uint64_t cd_golden[8] = {
	0x00426205c0003510ull, 0x0000000080500000ull, 0, 0x00000000000444ffull,
};

static void cd_encoding(void **state)
{
	struct fixture *f = mmu600();
	struct smmuv3_mock_ste_info ste = { .s1 = true, .s1stalld = true };
	struct smmuv3_mock_cd_info info;
	struct smmuv3_cd_cfg c;
	struct smmuv3_cd cd;
	const char *why;

	(void)state;
	smmuv3_cd_cfg_init(&f->smmu, &c);
	c.ttb0 = 0x80500000ull;
	c.asid = 0x42;
	assert_int_equal(smmuv3_cd_build(&f->smmu, &c, &cd), 0);
	assert_words(cd.dw, cd_golden, 8);
	assert_int_equal(smmuv3_mock_decode_cd_words(f->mock, false, &ste, cd_golden, &info, &why),
			 0);
	assert_int_equal(info.ttb0, 0x80500000ull);
	assert_int_equal(info.asid, 0x42);
	assert_int_equal(info.t0sz, 16);
	assert_int_equal(info.granule0, 12);
	assert_int_equal(info.ips_bits, 48);
	assert_true(info.epd1 && !info.epd0 && info.aa64 && info.r && info.a && !info.s);
	assert_int_equal(info.mair, 0x444ffull);
	fixture_free(f);
}

/* Commands (chapter 4): opcode [7:0], SSec [10], SSID [31:12],
 * StreamID/VMID [63:32] / [47:32], ASID [63:48], Leaf [64], Range
 * [68:64], Address [127:76], STAG [79:64], CS [13:12], MSH [23:22],
 * MSIAttr [27:24], MSIData [63:32], MSIAddress [119:66]. */
static void command_encodings(void **state)
{
	static const struct {
		const char *name;
		uint64_t dw[2];
	} want[] = {
		{ "CFGI_STE", { 0x0000123400000003ull, 0x1 } },
		{ "CFGI_ALL", { 0x0000000000000004ull, 0x1f } },
		{ "CFGI_CD", { 0x0000123400056005ull, 0 } },
		{ "TLBI_NH_VA", { 0x0007000500000012ull, 0x0000000012345001ull } },
		{ "TLBI_S2_IPA", { 0x000000030000002aull, 0x0000000040000001ull } },
		{ "TLBI_NSNH_ALL", { 0x30, 0 } },
		{ "TLBI_SNH_ALL", { 0x60, 0 } },
		{ "TLBI_EL3_ALL", { 0x18, 0 } },
		{ "RESUME(abort)", { 0x0000009900002044ull, 0x1234 } },
		{ "STALL_TERM(SSec)", { 0x0000009900000445ull, 0 } },
		{ "SYNC(SEV)", { 0x2046, 0 } },
		{ "SYNC(MSI, ISH, WB)", { 0x0000abcd0fc01046ull, 0x0000000080001000ull } },
	};
	const struct smmuv3_cmd got[] = {
		smmuv3_cmd_cfgi_ste(0x1234, true),
		smmuv3_cmd_cfgi_all(),
		smmuv3_cmd_cfgi_cd(0x1234, 0x56, false),
		smmuv3_cmd_tlbi_nh_va(5, 7, 0x12345000ull, true, NULL),
		smmuv3_cmd_tlbi_s2_ipa(3, 0x40000000ull, true, NULL),
		smmuv3_cmd_tlbi_nsnh_all(),
		smmuv3_cmd_tlbi_snh_all(),
		smmuv3_cmd_tlbi_el3_all(),
		smmuv3_cmd_resume(0x99, false, 0x1234, SMMUV3_RESUME_ABORT),
		smmuv3_cmd_stall_term(0x99, true),
		smmuv3_cmd_sync_sev(),
		smmuv3_cmd_sync_msi(0x80001000ull, 0xabcd, true),
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (got[i].dw[0] != want[i].dw[0] || got[i].dw[1] != want[i].dw[1])
			fail_msg("%s: %#018llx %#018llx, want %#018llx %#018llx", want[i].name,
				 (unsigned long long)got[i].dw[0], (unsigned long long)got[i].dw[1],
				 (unsigned long long)want[i].dw[0], (unsigned long long)want[i].dw[1]);
}

/*
 * A stalled stage-2 F_TRANSLATION: type 0x10, SSV [11], SubstreamID
 * 0xabc [31:12], StreamID 0x12 [63:32]; STAG 0x77 [79:64], Stall [95],
 * RnW [99], S2 [103], CLASS = IN (0b10) [105:104]; InputAddr [191:128];
 * IPA [247:204].
 */
static void event_decoding(void **state)
{
	static const uint64_t rec[4] = {
		0x0000001200abc810ull, 0x0000028880000077ull, 0x0000000012345678ull,
		0x0000000087654000ull,
	};
	/* F_WALK_EABT: Reason 0x5a5a [79:64], GPCF [80], S2 = 0, CLASS = TT
	 * (0b01), FetchAddr [247:195]. */
	static const uint64_t eabt[4] = {
		0x000000340000000bull, 0x0000010000015a5aull, 0x1000, 0x00000000800007f8ull,
	};
	struct smmuv3_event ev;

	(void)state;
	assert_int_equal(smmuv3_event_decode(rec, false, &ev), 0);
	assert_int_equal(ev.type, SMMUV3_EVT_F_TRANSLATION);
	assert_int_equal(ev.sid, 0x12);
	assert_true(ev.ssv);
	assert_int_equal(ev.ssid, 0xabc);
	assert_true(ev.stall);
	assert_int_equal(ev.stag, 0x77);
	assert_true(ev.read && !ev.instr && !ev.priv);
	assert_true(ev.s2);
	assert_int_equal(ev.cls, SMMUV3_EVT_CLASS_IN);
	assert_int_equal(ev.addr, 0x12345678ull);
	assert_int_equal(ev.ipa, 0x87654000ull);
	assert_int_equal(smmuv3_event_decode(eabt, false, &ev), 0);
	assert_int_equal(ev.type, SMMUV3_EVT_F_WALK_EABT);
	assert_int_equal(ev.sid, 0x34);
	assert_int_equal(ev.reason, 0x5a5a);
	assert_true(ev.gpcf);
	assert_false(ev.s2);
	assert_int_equal(ev.cls, SMMUV3_EVT_CLASS_TT);
	assert_int_equal(ev.fetch_addr, 0x800007f8ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ste_encodings),
		cmocka_unit_test(cd_encoding),
		cmocka_unit_test(command_encodings),
		cmocka_unit_test(event_decoding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
