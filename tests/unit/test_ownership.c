// SPDX-License-Identifier: BSD-3-Clause
/*
 * The ownership model (docs/ownership.md): one domain per (StreamID,
 * SubstreamID), domains with owners, streams that cannot be released or
 * reconfigured under an attached domain, arguments checked before
 * anything changes, domains ended by teardown, and a failed SMMU whose
 * objects can still all be taken down. Each test is a sequence of public
 * calls that used to break an object or reach another owner's memory.
 */
#include <string.h>

#include "fixture.h"

#include <smmuv3/domain.h>
#include <smmuv3/stream.h>

#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)
#define OWNER_A 0xa1u
#define OWNER_B 0xb2u
#define SID 5u
#define IOVA 0x100000u
#define PA_A 0x80000000u
#define PA_B 0x80200000u
#define NONE (~UINT64_C(0))

static void new_domain(struct fixture *f, struct smmuv3_domain *d, enum smmuv3_domain_type t,
		       uint32_t owner)
{
	struct smmuv3_domain_cfg c;

	smmuv3_domain_cfg_init(&f->smmu, &c, t);
	c.owner = owner;
	assert_int_equal(smmuv3_domain_init(&f->smmu, d, &c), 0);
}

/* A domain with IOVA mapped to @pa. */
static void mapped_domain(struct fixture *f, struct smmuv3_domain *d, enum smmuv3_domain_type t,
			  uint32_t owner, uint64_t pa)
{
	new_domain(f, d, t, owner);
	assert_int_equal(smmuv3_domain_map(d, IOVA, pa, 0x1000, RW), 0);
}

/* Where the SMMU sends IOVA of (sid, ssid), NONE when it faults. */
static uint64_t xlate(struct fixture *f, uint32_t sid, uint32_t ssid, bool ssv)
{
	struct smmuv3_mock_xlate x;

	smmuv3_mock_translate(f->mock, sid, ssid, ssv, IOVA, 0, &x);
	return x.status == SMMUV3_MOCK_XLATE_OK ? x.pa : NONE;
}

static void ste_of(struct fixture *f, uint32_t sid, struct smmuv3_ste *ste)
{
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, sid, ste), 0);
}

static void assert_ste_same(struct fixture *f, uint32_t sid, const struct smmuv3_ste *before)
{
	struct smmuv3_ste now;

	ste_of(f, sid, &now);
	assert_memory_equal(now.dw, before->dw, sizeof(now.dw));
}

static struct smmuv3_domain *occupant(struct fixture *f, uint32_t sid, uint32_t ssid)
{
	struct smmuv3_domain *d = NULL;
	int rc = smmuv3_stream_occupant(&f->smmu, sid, ssid, &d);

	assert_true(rc == 0 || rc == SMMUV3_ERR_NOENT);
	return rc ? NULL : d;
}

/* A second domain at an occupied (sid, ssid) is refused and changes
 * nothing; the first keeps translating and can still be detached. */
static void second_domain_refused(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain a, b, s2;
	struct smmuv3_ste ste;

	fixture_enable(f);
	mapped_domain(f, &a, SMMUV3_DOMAIN_S1, OWNER_A, PA_A);
	mapped_domain(f, &b, SMMUV3_DOMAIN_S1, OWNER_A, PA_B);
	mapped_domain(f, &s2, SMMUV3_DOMAIN_S2, OWNER_A, PA_B);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER_A), 0);
	assert_null(occupant(f, SID, 0));
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER_A, 0, 0, NULL), 0);
	assert_ptr_equal(occupant(f, SID, 0), &a);
	ste_of(f, SID, &ste);

	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER_A, 0, 0, NULL), SMMUV3_ERR_OCCUPIED);
	assert_int_equal(smmuv3_domain_attach(&s2, SID, OWNER_A, 0, 0, NULL), SMMUV3_ERR_OCCUPIED);
	assert_int_equal(b.n_attached, 0);
	assert_int_equal(s2.n_attached, 0);
	assert_ste_same(f, SID, &ste);
	assert_int_equal(xlate(f, SID, 0, false), PA_A);
	/* The refused domain has nothing to detach and touches nothing. */
	assert_int_equal(smmuv3_domain_detach(&b, SID, OWNER_A, 0), SMMUV3_ERR_NOENT);
	assert_int_equal(xlate(f, SID, 0, false), PA_A);
	assert_ptr_equal(occupant(f, SID, 0), &a);

	/* Once a is gone, b can take the stream. */
	assert_int_equal(smmuv3_domain_detach(&a, SID, OWNER_A, 0), 0);
	assert_null(occupant(f, SID, 0));
	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER_A, 0, 0, NULL), 0);
	assert_int_equal(xlate(f, SID, 0, false), PA_B);
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER_A, 0, 0, NULL), SMMUV3_ERR_OCCUPIED);
	assert_int_equal(xlate(f, SID, 0, false), PA_B);
	assert_int_equal(smmuv3_domain_detach(&b, SID, OWNER_A, 0), 0);

	/* A stage 2 occupies every substream of its stream. */
	assert_int_equal(smmuv3_domain_attach(&s2, SID, OWNER_A, 0, 0, NULL), 0);
	assert_ptr_equal(occupant(f, SID, 7), &s2);
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER_A, 1, 4, NULL), SMMUV3_ERR_OCCUPIED);
	assert_int_equal(smmuv3_domain_detach(&s2, SID, OWNER_A, 0), 0);

	assert_int_equal(smmuv3_stream_occupant(&f->smmu, 1u << 30, 0, &(struct smmuv3_domain *){ 0 }),
			 SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_occupant(&f->smmu, SID, 0, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_domain_destroy(&a), 0);
	assert_int_equal(smmuv3_domain_destroy(&b), 0);
	assert_int_equal(smmuv3_domain_destroy(&s2), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER_A), 0);
}

/* Only the domain's owner, or owners it is shared with, attach to it. */
static void domain_owner_enforced(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain a, s1b, s2a;

	fixture_enable(f);
	mapped_domain(f, &a, SMMUV3_DOMAIN_S1, OWNER_A, PA_A);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER_B), 0);
	/* B cannot point its device at A's address space. */
	assert_false(smmuv3_domain_may_attach(&a, OWNER_B));
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER_B, 0, 0, NULL), SMMUV3_ERR_PERM);
	assert_int_equal(xlate(f, SID, 0, false), NONE);
	assert_null(occupant(f, SID, 0));

	/* A shares it deliberately. */
	assert_int_equal(smmuv3_domain_share(&a, OWNER_B), 0);
	assert_int_equal(smmuv3_domain_share(&a, OWNER_B), 0);
	assert_true(smmuv3_domain_may_attach(&a, OWNER_B));
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER_B, 0, 0, NULL), 0);
	assert_int_equal(xlate(f, SID, 0, false), PA_A);
	assert_int_equal(smmuv3_domain_unshare(&a, OWNER_B), SMMUV3_ERR_BUSY);
	assert_true(smmuv3_domain_may_attach(&a, OWNER_B));
	assert_int_equal(smmuv3_domain_detach(&a, SID, OWNER_B, 0), 0);
	assert_int_equal(smmuv3_domain_unshare(&a, OWNER_B), 0);
	assert_int_equal(smmuv3_domain_unshare(&a, OWNER_B), SMMUV3_ERR_NOENT);
	assert_false(smmuv3_domain_may_attach(&a, OWNER_B));
	for (uint32_t i = 0; i < SMMUV3_DOMAIN_MAX_SHARE; i++)
		assert_int_equal(smmuv3_domain_share(&a, 0x100 + i), 0);
	assert_int_equal(smmuv3_domain_share(&a, 0x200), SMMUV3_ERR_NOSPC);

	/* Nesting under another owner's stage 2 needs its consent too. */
	mapped_domain(f, &s2a, SMMUV3_DOMAIN_S2, OWNER_A, PA_A);
	new_domain(f, &s1b, SMMUV3_DOMAIN_S1, OWNER_B);
	assert_int_equal(smmuv3_domain_attach(&s1b, SID, OWNER_B, 0, 0, &s2a), SMMUV3_ERR_PERM);
	assert_int_equal(s2a.n_nested, 0);

	assert_int_equal(smmuv3_domain_destroy(&s1b), 0);
	assert_int_equal(smmuv3_domain_destroy(&s2a), 0);
	assert_int_equal(smmuv3_domain_destroy(&a), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER_B), 0);
}

/* Release and raw configuration refuse a stream with a domain attached:
 * the domain is not stranded. */
static void release_configure_busy(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_stream_cfg sc;
	struct smmuv3_domain a;
	struct smmuv3_ste ste;

	fixture_enable(f);
	mapped_domain(f, &a, SMMUV3_DOMAIN_S1, OWNER_A, PA_A);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER_A), 0);
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER_A, 0, 0, NULL), 0);
	ste_of(f, SID, &ste);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER_A), SMMUV3_ERR_BUSY);
	smmuv3_stream_cfg_init(&f->smmu, &sc, SMMUV3_STREAM_BYPASS);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER_A, &sc), SMMUV3_ERR_BUSY);
	/* Another owner still hears OWNED first. */
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER_B), SMMUV3_ERR_OWNED);
	assert_ste_same(f, SID, &ste);
	assert_int_equal(xlate(f, SID, 0, false), PA_A);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER_B), SMMUV3_ERR_OWNED);
	/* Detach first, then both work. */
	assert_int_equal(smmuv3_domain_detach(&a, SID, OWNER_A, 0), 0);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER_A, &sc), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER_A), 0);
	assert_int_equal(smmuv3_domain_destroy(&a), 0);
}

/* Bad SubstreamIDs and CD-table sizes are refused before anything changes:
 * no phantom attachment, no reconfigured stream. */
static void validation_before_mutation(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain a, b;
	struct smmuv3_ste ste;
	unsigned int max;

	fixture_enable(f);
	max = f->smmu.feat.ssid_bits;
	assert_true(max >= 5);
	mapped_domain(f, &a, SMMUV3_DOMAIN_S1, OWNER_A, PA_A);
	mapped_domain(f, &b, SMMUV3_DOMAIN_S1, OWNER_A, PA_B);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER_A), 0);
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER_A, 1, 4, NULL), 0);
	ste_of(f, SID, &ste);

	/* SSID beyond 2^ssid_bits next to a live attachment. */
	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER_A, 16, 4, NULL), SMMUV3_ERR_RANGE);
	assert_int_equal(b.n_attached, 0);
	assert_int_equal(smmuv3_domain_detach(&b, SID, OWNER_A, 16), SMMUV3_ERR_NOENT);
	/* SSID 2^20 with another ssid_bits: not even the stream changes. */
	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER_A, 1u << 20, 20, NULL),
			 SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER_A, 0, max + 1, NULL), SMMUV3_ERR_RANGE);
	/* A valid SSID with another CD-table size would replace a's table. */
	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER_A, 2, 5, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(b.n_attached, 0);
	assert_ste_same(f, SID, &ste);
	assert_int_equal(xlate(f, SID, 1, true), PA_A);

	/* The right geometry works, next to a. */
	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER_A, 2, 4, NULL), 0);
	assert_int_equal(xlate(f, SID, 1, true), PA_A);
	assert_int_equal(xlate(f, SID, 2, true), PA_B);
	assert_int_equal(smmuv3_domain_detach(&b, SID, OWNER_A, 2), 0);
	assert_int_equal(smmuv3_domain_detach(&a, SID, OWNER_A, 1), 0);
	assert_int_equal(smmuv3_domain_destroy(&a), 0);
	assert_int_equal(smmuv3_domain_destroy(&b), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER_A), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(second_domain_refused, fixture_setup_mmu600,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(domain_owner_enforced, fixture_setup_mmu600,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(release_configure_busy, fixture_setup_mmu600,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(validation_before_mutation, fixture_setup_mmu600,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
