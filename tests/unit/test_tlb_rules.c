// SPDX-License-Identifier: BSD-3-Clause
/*
 * TLB maintenance rules the mock enforces as hardware may: broadcast
 * TLBIs reach the SMMU only with IDR0.BTM = 1 and CR2.PTM = 0 (IHI 0070
 * 6.3.12), and an address-based TLBI with a granule/level hint only
 * removes entries that match it (4.4.1.1).
 */
#include <string.h>

#include "fixture.h"
#include "core/objects.h"

#define OWNER 0x8001u
#define SID 3u
#define IOVA 0x200000u
#define PA 0x40000000u

static void s1_domain(struct fixture *f, struct smmuv3_domain *d, enum smmuv3_inval_policy p)
{
	struct smmuv3_domain_cfg c;

	smmuv3_domain_cfg_init(&f->smmu, &c, SMMUV3_DOMAIN_S1);
	c.owner = OWNER;
	c.inval = p;
	assert_int_equal(smmuv3_domain_init(&f->smmu, d, &c), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(d, SID, OWNER, 0, 0, NULL), 0);
}

static void s1_domain_end(struct fixture *f, struct smmuv3_domain *d)
{
	assert_int_equal(smmuv3_domain_detach(d, SID, OWNER, 0), 0);
	assert_int_equal(smmuv3_domain_destroy(d), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER), 0);
}

static uint32_t xlate(struct fixture *f, uint64_t iova, uint64_t *pa)
{
	struct smmuv3_mock_xlate x;

	smmuv3_mock_translate(f->mock, SID, 0, false, iova, 0, &x);
	*pa = x.pa;
	return x.status;
}

/* Reset left PTM set, and the broadcast policy is refused. */
static void assert_broadcast_refused(struct fixture *f)
{
	struct smmuv3_domain_cfg c;
	struct smmuv3_domain d;

	fixture_enable(f);
	assert_true(smmuv3_mock_peek32(f->mock, SMMUV3_CR2) & SMMUV3_CR2_PTM);
	smmuv3_domain_cfg_init(&f->smmu, &c, SMMUV3_DOMAIN_S1);
	c.inval = SMMUV3_INVAL_BROADCAST;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), SMMUV3_ERR_NOTSUP);
}

/* Without cfg.broadcast_tlbi the SMMU keeps PTM = 1, so a domain relying
 * on the CPU's broadcast TLBIs would never be invalidated: refused, even
 * though the SMMU has BTM. */
static void broadcast_policy_needs_the_option(void **state)
{
	struct fixture *f = *state;

	assert_true(f->mock->profile.idr[0] & SMMUV3_IDR0_BTM);
	assert_broadcast_refused(f);
}

/* The option on an SMMU without BTM changes nothing: PTM stays set and
 * the policy stays refused. */
static void broadcast_option_without_btm(void **state)
{
	struct fixture *f = *state;

	f->cfg.broadcast_tlbi = true;
	assert_broadcast_refused(f);
}

/* With the option, PTM is clear and the CPU's TLBI removes what an unmap
 * left cached: the stale translation is gone. */
static void broadcast_domain_sees_cpu_tlbi(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain d;
	uint64_t pa, tlbi[2];

	f->cfg.broadcast_tlbi = true;
	fixture_enable(f);
	f->mock->tlb_enabled = true;
	assert_false(smmuv3_mock_peek32(f->mock, SMMUV3_CR2) & SMMUV3_CR2_PTM);
	s1_domain(f, &d, SMMUV3_INVAL_BROADCAST);
	assert_int_equal(smmuv3_domain_map(&d, IOVA, PA, 0x1000,
					   SMMUV3_PROT_READ | SMMUV3_PROT_WRITE), 0);
	assert_int_equal(xlate(f, IOVA, &pa), SMMUV3_MOCK_XLATE_OK);
	assert_int_equal(pa, PA);
	f->mock->n_cmds = 0;
	assert_int_equal(smmuv3_domain_unmap(&d, IOVA, 0x1000), 0);
	assert_int_equal(f->mock->n_cmds, 0);
	/* Still cached: the SMMU waits for the CPU's TLBI VAE1IS. */
	assert_int_equal(xlate(f, IOVA, &pa), SMMUV3_MOCK_XLATE_OK);
	tlbi[0] = 0x12 | (uint64_t)smmuv3_dom_of(&d)->vmid << 32 | (uint64_t)smmuv3_dom_of(&d)->asid << 48;
	tlbi[1] = IOVA | 1;
	assert_true(smmuv3_mock_broadcast_tlbi(f->mock, false, tlbi));
	assert_int_equal(xlate(f, IOVA, &pa), SMMUV3_MOCK_F_TRANSLATION);
	s1_domain_end(f, &d);
}

/* The mock's side of it: with PTM = 1 a broadcast is ignored. */
static void mock_ignores_broadcast_with_ptm(void **state)
{
	struct fixture *f = *state;
	uint64_t all[2] = { 0x30, 0 };
	struct smmuv3_mock_tlb_entry e = { .stage = 2, .level = 3, .in = 0x1000, .size = 0x1000,
					   .granule_log2 = 12 };

	smmuv3_mock_tlb_insert(f->mock, &e);
	smmuv3_mock_poke32(f->mock, SMMUV3_CR2, SMMUV3_CR2_PTM);
	assert_false(smmuv3_mock_broadcast_tlbi(f->mock, false, all));
	assert_int_equal(f->mock->tlb_len, 1);
	smmuv3_mock_poke32(f->mock, SMMUV3_CR2, 0);
	assert_true(smmuv3_mock_broadcast_tlbi(f->mock, false, all));
	assert_int_equal(f->mock->tlb_len, 0);
}

/* Whether IOVA is still answered from the TLB after command @c. */
static bool still_cached_after(struct fixture *f, const struct smmuv3_cmd *c)
{
	uint64_t pa;

	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 1, true), 0);
	f->mock->tlb_hits = 0;
	assert_int_equal(xlate(f, IOVA, &pa), SMMUV3_MOCK_XLATE_OK);
	assert_int_equal(pa, PA);
	return f->mock->tlb_hits > 0;
}

/*
 * A 2 MiB block is cached as a level-2 leaf. A range TLBI whose level
 * hint says level 3, or whose granule says 16K, is not required to
 * remove it, and the mock does not: a library that gets a hint wrong
 * leaves a stale translation, visible here. The right hint removes it.
 */
static void tlbi_hints_must_match_the_entry(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain d;
	struct smmuv3_cmd c;
	uint64_t pa;

	fixture_enable(f);
	f->mock->tlb_enabled = true;
	assert_true(smmuv3_features(&f->smmu)->ril);
	s1_domain(f, &d, SMMUV3_INVAL_CMDQ);
	assert_int_equal(smmuv3_domain_map(&d, IOVA, PA, 0x200000, SMMUV3_PROT_READ), 0);
	assert_int_equal(xlate(f, IOVA + 0x3000, &pa), SMMUV3_MOCK_XLATE_OK);
	assert_int_equal(pa, PA + 0x3000);

	/* TG = 4K, TTL = 3 (a page): the block stays. */
	c.dw[0] = 0x12 | (uint64_t)smmuv3_dom_of(&d)->vmid << 32 | (uint64_t)smmuv3_dom_of(&d)->asid << 48;
	c.dw[1] = IOVA | 1 | 1u << 10 | 3u << 8;
	assert_true(still_cached_after(f, &c));
	/* TG = 16K, TTL = 2: another granule, the block stays. */
	c.dw[1] = IOVA | 1 | 2u << 10 | 2u << 8;
	assert_true(still_cached_after(f, &c));
	/* TG = 4K, TTL = 2: the block goes. */
	c.dw[1] = IOVA | 1 | 1u << 10 | 2u << 8;
	assert_false(still_cached_after(f, &c));

	/* The library's own hints are right: after unmap, nothing stale. */
	assert_int_equal(smmuv3_domain_unmap(&d, IOVA, 0x200000), 0);
	assert_int_equal(xlate(f, IOVA, &pa), SMMUV3_MOCK_F_TRANSLATION);
	s1_domain_end(f, &d);
}

/* The NH forms from the Secure queue reach Secure entries only; the
 * Non-secure TLBIs never reach them. */
static void tlbi_reaches_its_world_only(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_mock_tlb_entry e = { .stage = 1, .level = 3, .in = 0x1000, .size = 0x1000,
					   .granule_log2 = 12, .secure = true };
	uint64_t nsnh[2] = { 0x30, 0 }, nh_all[2] = { 0x10, 0 }, el2[2] = { 0x20, 0 };

	smmuv3_mock_tlb_insert(f->mock, &e);
	assert_true(smmuv3_mock_broadcast_tlbi(f->mock, false, nsnh));
	assert_true(smmuv3_mock_broadcast_tlbi(f->mock, false, nh_all));
	assert_true(smmuv3_mock_broadcast_tlbi(f->mock, false, el2));
	assert_int_equal(f->mock->tlb_len, 1);
	assert_true(smmuv3_mock_broadcast_tlbi(f->mock, true, nh_all));
	assert_int_equal(f->mock->tlb_len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(broadcast_policy_needs_the_option,
						fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(broadcast_option_without_btm,
						fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(broadcast_domain_sees_cpu_tlbi,
						fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(mock_ignores_broadcast_with_ptm,
						fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(tlbi_hints_must_match_the_entry,
						fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(tlbi_reaches_its_world_only,
						fixture_setup_mmu600, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
