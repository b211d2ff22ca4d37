// SPDX-License-Identifier: BSD-3-Clause
/*
 * Nesting under a stage 2 that is not the identity (issue 12): the stage
 * 2 maps IPA = PA + 1 TiB, and its reserved table window tells the
 * library where its CD tables and stage-1 tables appear, so that
 * S1ContextPtr, L1CD pointers, CD.TTB0 and stage-1 table descriptors
 * are written as IPAs. The mock's nested walker reads every one of them
 * through stage 2.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#include <smmuv3/domain.h>
#include <smmuv3/stream.h>
#include "core/objects.h"

#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)
#define OWNER 42u
#define SID 4u
#define TIB (UINT64_C(1) << 40)
/* Stage-2 data mapping: IPA 0x1000000 -> PA 0x5000000 (2 MiB). */
#define DATA_IPA UINT64_C(0x1000000)
#define DATA_PA UINT64_C(0x5000000)

static void new_domain(struct fixture *f, struct smmuv3_domain *d, enum smmuv3_domain_type t)
{
	struct smmuv3_domain_cfg c;

	smmuv3_domain_cfg_init(&f->smmu, &c, t);
	c.owner = OWNER;
	assert_int_equal(smmuv3_domain_init(&f->smmu, d, &c), 0);
}

static uint64_t xlate(struct fixture *f, uint32_t ssid, bool ssv, uint64_t iova)
{
	struct smmuv3_mock_xlate x;

	smmuv3_mock_translate(f->mock, SID, ssid, ssv, iova, 0, &x);
	return x.status == SMMUV3_MOCK_XLATE_OK ? x.pa : ~UINT64_C(0);
}

/* The whole DMA pool, seen at PA + 1 TiB. */
static struct smmuv3_table_window pool_window(const struct fixture *f)
{
	return (struct smmuv3_table_window){
		.ipa = f->tp.pa_base + TIB,
		.pa = f->tp.pa_base,
		.size = f->tp.pool_size & ~UINT64_C(0xfff),
	};
}

/* A stage 2 with the data mapping and, when @win, the pool window
 * (else the same IPA = PA + 1 TiB mapping made by hand, no window). */
static void stage2(struct fixture *f, struct smmuv3_domain *s2, bool win)
{
	struct smmuv3_table_window w = pool_window(f);

	fixture_enable(f);
	f->mock->tlb_enabled = true;
	new_domain(f, s2, SMMUV3_DOMAIN_S2);
	assert_int_equal(smmuv3_domain_map(s2, DATA_IPA, DATA_PA, 0x200000, RW), 0);
	if (win)
		assert_int_equal(smmuv3_domain_set_window(s2, &w), 0);
	else
		assert_int_equal(smmuv3_domain_map(s2, w.ipa, w.pa, w.size, RW), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER), 0);
}

static void teardown_all(struct fixture *f, struct smmuv3_domain *s1, struct smmuv3_domain *s2,
			 uint32_t ssid)
{
	assert_int_equal(smmuv3_domain_detach(s1, SID, OWNER, ssid), 0);
	assert_int_equal(smmuv3_domain_destroy(s1), 0);
	assert_int_equal(smmuv3_domain_destroy(s2), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER), 0);
}

/* Multi-level stage 1 (4 KiB granule, 48-bit VA) nested over the offset
 * stage 2: DMA translates, and every table pointer is an IPA. */
static void offset_window(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain s1, s2;
	struct smmuv3_ste ste;
	const uint64_t far = UINT64_C(0x7f1234560000);

	stage2(f, &s2, true);
	new_domain(f, &s1, SMMUV3_DOMAIN_S1);
	assert_int_equal(smmuv3_dom_of(&s1)->cfg.granule_log2, 12);
	assert_int_equal(smmuv3_dom_of(&s1)->cfg.ias_bits, 48);
	assert_int_equal(smmuv3_domain_attach(&s1, SID, OWNER, 0, 0, &s2), 0);
	assert_int_equal(smmuv3_domain_map(&s1, 0x20000, DATA_IPA + 0x3000, 0x1000, RW), 0);
	assert_int_equal(smmuv3_domain_map(&s1, far, DATA_IPA + 0x5000, 0x2000, RW), 0);
	assert_int_equal(xlate(f, 0, false, 0x20008), DATA_PA + 0x3008);
	assert_int_equal(xlate(f, 0, false, far + 0x1010), DATA_PA + 0x6010);
	assert_int_equal(xlate(f, 0, false, 0x21000), ~UINT64_C(0));

	/* S1ContextPtr is the CD table's IPA. */
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, SID, &ste), 0);
	assert_true((SMMUV3_FIELD_GET(SMMUV3_STE0_S1CTXPTR, ste.dw[0]) << 6) >= TIB);

	/* Unmap, map again: tables freed and reused keep IPA pointers. */
	assert_int_equal(smmuv3_domain_unmap(&s1, far, 0x2000), 0);
	assert_int_equal(xlate(f, 0, false, far), ~UINT64_C(0));
	assert_int_equal(smmuv3_domain_map(&s1, far + 0x40000000, DATA_IPA, 0x1000, RW), 0);
	assert_int_equal(xlate(f, 0, false, far + 0x40000004), DATA_PA + 4);
	teardown_all(f, &s1, &s2, 0);
}

/* A stage-1 domain used without nesting, detached, then nested over the
 * offset stage 2 and back: its descriptors follow each time. */
static void window_move(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain s1, s2;
	const uint64_t far = UINT64_C(0x7f1234560000);

	stage2(f, &s2, true);
	new_domain(f, &s1, SMMUV3_DOMAIN_S1);
	assert_int_equal(smmuv3_domain_map(&s1, far, DATA_PA, 0x1000, RW), 0);
	assert_int_equal(smmuv3_domain_attach(&s1, SID, OWNER, 0, 0, NULL), 0);
	assert_int_equal(xlate(f, 0, false, far + 8), DATA_PA + 8);
	assert_int_equal(smmuv3_domain_detach(&s1, SID, OWNER, 0), 0);
	assert_int_equal(smmuv3_domain_unmap(&s1, far, 0x1000), 0);
	assert_int_equal(smmuv3_domain_map(&s1, far, DATA_IPA, 0x1000, RW), 0);
	assert_int_equal(smmuv3_domain_attach(&s1, SID, OWNER, 0, 0, &s2), 0);
	assert_int_equal(xlate(f, 0, false, far + 8), DATA_PA + 8);
	/* Attached under the window, it cannot be attached without. */
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID + 1, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(&s1, SID + 1, OWNER, 0, 0, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_domain_detach(&s1, SID, OWNER, 0), 0);
	assert_int_equal(smmuv3_domain_attach(&s1, SID + 1, OWNER, 0, 0, NULL), 0);
	assert_int_equal(smmuv3_domain_unmap(&s1, far, 0x1000), 0);
	assert_int_equal(smmuv3_domain_map(&s1, far, DATA_PA + 0x2000, 0x1000, RW), 0);
	assert_int_equal(smmuv3_domain_detach(&s1, SID + 1, OWNER, 0), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID + 1, OWNER), 0);
	assert_int_equal(smmuv3_domain_destroy(&s1), 0);
	assert_int_equal(smmuv3_domain_destroy(&s2), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER), 0);
}

/* The same with a two-level CD table: the L1CD pointer is an IPA too. */
static void offset_window_cd_2lvl(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain s1, s2;

	stage2(f, &s2, true);
	new_domain(f, &s1, SMMUV3_DOMAIN_S1);
	assert_true(smmuv3_inst_of(&f->smmu)->feat.cd_2lvl && smmuv3_inst_of(&f->smmu)->feat.ssid_bits >= 8);
	assert_int_equal(smmuv3_domain_attach(&s1, SID, OWNER, 70, 8, &s2), 0);
	assert_int_equal(smmuv3_domain_map(&s1, 0x20000, DATA_IPA + 0x3000, 0x1000, RW), 0);
	assert_int_equal(xlate(f, 70, true, 0x20008), DATA_PA + 0x3008);
	assert_int_equal(xlate(f, 71, true, 0x20008), ~UINT64_C(0));
	teardown_all(f, &s1, &s2, 70);
}

/* Without the window the library writes PAs where the SMMU expects
 * IPAs: the stage-2 walk of the CD fetch misses and nothing translates
 * (the failure the issue describes). */
static void no_window_faults(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain s1, s2;
	struct smmuv3_mock_xlate x;

	stage2(f, &s2, false);
	new_domain(f, &s1, SMMUV3_DOMAIN_S1);
	assert_int_equal(smmuv3_domain_attach(&s1, SID, OWNER, 0, 0, &s2), 0);
	assert_int_equal(smmuv3_domain_map(&s1, 0x20000, DATA_IPA + 0x3000, 0x1000, RW), 0);
	smmuv3_mock_translate(f->mock, SID, 0, false, 0x20008, 0, &x);
	assert_int_not_equal(x.status, SMMUV3_MOCK_XLATE_OK);
	teardown_all(f, &s1, &s2, 0);
}

/* The window is reserved, and table memory outside it is refused. */
static void window_rules(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain s1, s2, other;
	struct smmuv3_table_window w = pool_window(f), bad;
	uint64_t pa;

	stage2(f, &s2, true);
	new_domain(f, &s1, SMMUV3_DOMAIN_S1);
	/* Only stage-2 domains have one, once, set while nothing nests. */
	assert_int_equal(smmuv3_domain_set_window(&s1, &w), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_domain_set_window(&s2, &w), SMMUV3_ERR_EXISTS);
	new_domain(f, &other, SMMUV3_DOMAIN_S2);
	bad = w;
	bad.size = 0;
	assert_int_equal(smmuv3_domain_set_window(&other, &bad), SMMUV3_ERR_INVAL);
	bad.size = 0x800;
	assert_int_equal(smmuv3_domain_set_window(&other, &bad), SMMUV3_ERR_ALIGN);
	bad.size = 0x1000;
	bad.ipa = ~UINT64_C(0xfff);
	assert_int_equal(smmuv3_domain_set_window(&other, &bad), SMMUV3_ERR_OVERFLOW);
	bad.ipa = UINT64_C(1) << 52;
	assert_int_equal(smmuv3_domain_set_window(&other, &bad), SMMUV3_ERR_RANGE);

	/* Mapped before its first nested attach: a mapping into the window
	 * keeps it out; without one its tables move into the window. */
	assert_int_equal(smmuv3_domain_map(&s1, 0x20000, DATA_IPA, 0x1000, RW), 0);
	assert_int_equal(smmuv3_domain_map(&s1, 0x7f0000000000, w.ipa, 0x1000, RW), 0);
	assert_int_equal(smmuv3_domain_attach(&s1, SID, OWNER, 0, 0, &s2), SMMUV3_ERR_RESERVED);
	assert_int_equal(smmuv3_domain_unmap(&s1, 0x7f0000000000, 0x1000), 0);
	assert_int_equal(smmuv3_domain_attach(&s1, SID, OWNER, 0, 0, &s2), 0);
	assert_int_equal(xlate(f, 0, false, 0x20008), DATA_PA + 8);
	assert_int_equal(smmuv3_domain_set_window(&other, &w), 0);
	assert_int_equal(smmuv3_domain_destroy(&other), 0);

	/* Stage 2: the window can be neither mapped over nor unmapped. */
	assert_int_equal(smmuv3_domain_map(&s2, w.ipa + w.size - 0x1000, 0x9000000, 0x2000, RW),
			 SMMUV3_ERR_RESERVED);
	assert_int_equal(smmuv3_domain_unmap(&s2, w.ipa, 0x1000), SMMUV3_ERR_RESERVED);
	/* Stage 1: no output into the library's tables. */
	assert_int_equal(smmuv3_domain_map(&s1, 0x30000, w.ipa + 0x3000, 0x1000, RW),
			 SMMUV3_ERR_RESERVED);
	assert_int_equal(smmuv3_domain_map(&s1, 0x30000, w.ipa - 0x1000, 0x2000, RW),
			 SMMUV3_ERR_RESERVED);
	assert_int_equal(smmuv3_domain_iova_to_phys(&s1, 0x30000, &pa), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_domain_map(&s1, 0x30000, w.ipa - 0x1000, 0x1000, RW), 0);
	assert_int_equal(smmuv3_domain_set_window(&s2, &w), SMMUV3_ERR_EXISTS);
	teardown_all(f, &s1, &s2, 0);
}

/* A window covering only part of the pool: a stage-1 root outside it
 * is refused at attach, a new table outside it at map, never pointed to
 * by its PA, and nothing changes. */
static void table_outside_window(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain s1, s2, s1b;
	struct smmuv3_table_window w = pool_window(f);
	uint64_t pa, iova = 0;
	int rc = 0;

	fixture_enable(f);
	f->mock->tlb_enabled = true;
	new_domain(f, &s2, SMMUV3_DOMAIN_S2);
	assert_int_equal(smmuv3_domain_map(&s2, DATA_IPA, DATA_PA, 0x200000, RW), 0);
	new_domain(f, &s1, SMMUV3_DOMAIN_S1);
	/* Up to what is allocated now, plus room for the window mapping
	 * and a CD table. */
	w.size = ((f->tp.bump + 0xfff) & ~(size_t)0xfff) + 0x20000;
	assert_int_equal(smmuv3_domain_set_window(&s2, &w), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(&s1, SID, OWNER, 0, 0, &s2), 0);
	/* Map 1 GiB apart until the tables the map needs fall outside. */
	for (int i = 0; i < 64; i++) {
		iova = (uint64_t)(i + 1) << 30;
		rc = smmuv3_domain_map(&s1, iova, DATA_IPA, 0x1000, RW);
		if (rc)
			break;
		assert_int_equal(xlate(f, 0, false, iova), DATA_PA);
	}
	assert_int_equal(rc, SMMUV3_ERR_TABLE_WINDOW);
	assert_int_equal(smmuv3_domain_iova_to_phys(&s1, iova, &pa), SMMUV3_ERR_NOENT);
	assert_int_equal(xlate(f, 0, false, 1u << 30), DATA_PA);

	/* A new stage-1 domain's root is beyond the window now. */
	new_domain(f, &s1b, SMMUV3_DOMAIN_S1);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID + 1, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(&s1b, SID + 1, OWNER, 0, 0, &s2), SMMUV3_ERR_TABLE_WINDOW);
	assert_int_equal(smmuv3_domain_destroy(&s1b), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID + 1, OWNER), 0);
	teardown_all(f, &s1, &s2, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(offset_window, fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(offset_window_cd_2lvl, fixture_setup_mmu600,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(window_move, fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(no_window_faults, fixture_setup_mmu600,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(window_rules, fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(table_outside_window, fixture_setup_mmu600,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
