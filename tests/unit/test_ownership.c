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
#include "core/objects.h"

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
	assert_int_equal(smmuv3_dom_of(&b)->n_attached, 0);
	assert_int_equal(smmuv3_dom_of(&s2)->n_attached, 0);
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
	assert_int_equal(smmuv3_dom_of(&s2a)->n_nested, 0);
	assert_int_equal(smmuv3_domain_share(&s2a, OWNER_B), 0);
	assert_int_equal(smmuv3_domain_attach(&s1b, SID, OWNER_B, 0, 0, &s2a), 0);
	assert_int_equal(smmuv3_domain_unshare(&s2a, OWNER_B), SMMUV3_ERR_BUSY);
	assert_int_equal(smmuv3_domain_detach(&s1b, SID, OWNER_B, 0), 0);
	assert_int_equal(smmuv3_domain_unshare(&s2a, OWNER_B), 0);

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
	/* Nor can the owner write over the domain's CD. */
	assert_int_equal(smmuv3_stream_clear_cd(&f->smmu, SID, OWNER_A, 0), SMMUV3_ERR_BUSY);
	assert_int_equal(xlate(f, SID, 0, false), PA_A);
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
	max = smmuv3_inst_of(&f->smmu)->feat.ssid_bits;
	assert_true(max >= 5);
	mapped_domain(f, &a, SMMUV3_DOMAIN_S1, OWNER_A, PA_A);
	mapped_domain(f, &b, SMMUV3_DOMAIN_S1, OWNER_A, PA_B);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER_A), 0);
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER_A, 1, 4, NULL), 0);
	ste_of(f, SID, &ste);

	/* SSID beyond 2^ssid_bits next to a live attachment. */
	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER_A, 16, 4, NULL), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_dom_of(&b)->n_attached, 0);
	assert_int_equal(smmuv3_domain_detach(&b, SID, OWNER_A, 16), SMMUV3_ERR_NOENT);
	/* SSID 2^20 with another ssid_bits: not even the stream changes. */
	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER_A, 1u << 20, 20, NULL),
			 SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER_A, 0, max + 1, NULL), SMMUV3_ERR_RANGE);
	/* A valid SSID with another CD-table size would replace a's table. */
	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER_A, 2, 5, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_dom_of(&b)->n_attached, 0);
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

/* Teardown ends live domains: their tables are freed, their handles say
 * STALE, and a stale handle never touches the instance re-initialised in
 * the same storage (its ASID now belongs to someone else). */
static void teardown_ends_domains(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain a, s2, n1, n2;
	uint64_t pa;

	fixture_enable(f);
	mapped_domain(f, &a, SMMUV3_DOMAIN_S1, OWNER_A, PA_A);
	mapped_domain(f, &s2, SMMUV3_DOMAIN_S2, OWNER_A, PA_A);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER_A), 0);
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER_A, 0, 0, NULL), 0);
	assert_int_equal(smmuv3_teardown(&f->smmu), 0);
	assert_int_equal(smmuv3_domain_map(&a, IOVA + 0x1000, PA_A, 0x1000, RW), SMMUV3_ERR_STALE);
	assert_int_equal(smmuv3_domain_unmap(&a, IOVA, 0x1000), SMMUV3_ERR_STALE);
	assert_int_equal(smmuv3_domain_detach(&a, SID, OWNER_A, 0), SMMUV3_ERR_STALE);
	assert_int_equal(smmuv3_domain_attach(&s2, SID, OWNER_A, 0, 0, NULL), SMMUV3_ERR_STALE);
	assert_int_equal(smmuv3_domain_invalidate(&a, IOVA, 0x1000, true), SMMUV3_ERR_STALE);
	assert_int_equal(smmuv3_domain_share(&a, OWNER_B), SMMUV3_ERR_STALE);
	assert_false(smmuv3_domain_may_attach(&a, OWNER_A));
	assert_int_equal(smmuv3_domain_iova_to_phys(&a, IOVA, &pa), SMMUV3_ERR_STALE);
	assert_int_equal(smmuv3_memory_used(&f->smmu), 0);

	/* The same storage, a new life: its first domain gets a's ASID. */
	assert_int_equal(smmuv3_init(&f->smmu, &f->cfg), 0);
	assert_int_equal(smmuv3_probe(&f->smmu), 0);
	assert_int_equal(smmuv3_reset(&f->smmu), 0);
	new_domain(f, &n1, SMMUV3_DOMAIN_S1, OWNER_A);
	assert_int_equal(smmuv3_dom_of(&n1)->asid, smmuv3_dom_of(&a)->asid);
	/* Destroying the stale handle frees nothing of the new instance. */
	assert_int_equal(smmuv3_domain_destroy(&a), 0);
	assert_int_equal(smmuv3_domain_destroy(&s2), 0);
	new_domain(f, &n2, SMMUV3_DOMAIN_S1, OWNER_A);
	assert_int_not_equal(smmuv3_dom_of(&n2)->asid, smmuv3_dom_of(&n1)->asid);
	assert_int_equal(smmuv3_domain_destroy(&n2), 0);
	assert_int_equal(smmuv3_domain_destroy(&n1), 0);
}

/* A service failure: map and unmap refuse, every object can still be
 * taken down without a command and its memory freed. */
static void failed_instance_takes_down(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain a, s2;
	struct smmuv3_stream_cfg sc;
	size_t base;

	fixture_enable(f);
	mapped_domain(f, &a, SMMUV3_DOMAIN_S1, OWNER_A, PA_A);
	mapped_domain(f, &s2, SMMUV3_DOMAIN_S2, OWNER_A, PA_A);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID + 1, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID + 2, OWNER_A), 0);
	/* The identifier maps and the level-2 table stay until teardown;
	 * the CD tables must go back before it. */
	base = smmuv3_memory_used(&f->smmu);
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER_A, 1, 4, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(&s2, SID + 1, OWNER_A, 0, 0, NULL), 0);
	smmuv3_stream_cfg_init(&f->smmu, &sc, SMMUV3_STREAM_S1);
	sc.s1.ssid_bits = 3;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID + 2, OWNER_A, &sc), 0);

	smmuv3_mock_raise_gerror(f->mock, false, (uint32_t)SMMUV3_GERROR_SFM_ERR);
	assert_int_equal(smmuv3_poll(&f->smmu), SMMUV3_ERR_FATAL);
	assert_int_equal(smmuv3_get_state(&f->smmu), SMMUV3_STATE_FAILED);

	assert_int_equal(smmuv3_domain_map(&a, IOVA + 0x1000, PA_A, 0x1000, RW), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_domain_unmap(&a, IOVA, 0x1000), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER_A, 2, 4, NULL), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER_A), SMMUV3_ERR_BUSY);
	assert_int_equal(smmuv3_domain_detach(&a, SID, OWNER_A, 1), 0);
	assert_int_equal(smmuv3_domain_detach(&s2, SID + 1, OWNER_A, 0), 0);
	assert_int_equal(smmuv3_domain_destroy(&a), 0);
	assert_int_equal(smmuv3_domain_destroy(&s2), 0);
	for (uint32_t i = 0; i < 3; i++)
		assert_int_equal(smmuv3_stream_release(&f->smmu, SID + i, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER_A), SMMUV3_ERR_NOENT);
	/* Everything but what the instance itself holds is back. */
	assert_int_equal(smmuv3_memory_used(&f->smmu), base);
	assert_int_equal(smmuv3_teardown(&f->smmu), 0);
	assert_int_equal(smmuv3_memory_used(&f->smmu), 0);
}

/* Service failure mode met by the reset's own commands. */
static uint32_t sfm_on_first_cmd(void *arg, unsigned int secure, const struct smmuv3_mock_cmd *c)
{
	struct smmuv3_mock *m = arg;

	(void)c;
	m->cmdq_stopped = true;
	smmuv3_mock_raise_gerror(m, secure, (uint32_t)SMMUV3_GERROR_SFM_ERR);
	m->on_cmd = NULL;
	return 0;
}

static void reset_sfm_leaves_probed(void **state)
{
	struct fixture *f = *state;

	fixture_probe(f);
	/* One command at a time, so the failure stops the rest. */
	f->mock->cmdq_consume_max = 1;
	f->mock->on_cmd = sfm_on_first_cmd;
	f->mock->on_cmd_arg = f->mock;
	assert_int_equal(smmuv3_reset(&f->smmu), SMMUV3_ERR_FATAL);
	assert_int_equal(smmuv3_get_state(&f->smmu), SMMUV3_STATE_PROBED);
	assert_int_equal(smmuv3_memory_used(&f->smmu), 0);
	/* As promised: probed, ready for another reset. */
	f->mock->cmdq_stopped = false;
	f->mock->cmdq_consume_max = 0;
	assert_int_equal(smmuv3_reset(&f->smmu), 0);
}

static enum smmuv3_stall_action count_event(void *arg, const struct smmuv3_event *ev,
					    uint32_t owner, bool owned)
{
	(void)ev;
	(void)owner;
	(void)owned;
	++*(int *)arg;
	return SMMUV3_STALL_TERMINATE;
}

/* Events a queue abort reported through GERROR made poll deliver are
 * counted in what it returns. */
static void poll_counts_gerror_drained(void **state)
{
	struct fixture *f = *state;
	int seen = 0;

	fixture_enable(f);
	assert_int_equal(smmuv3_fault_set_default(&f->smmu, count_event, NULL, &seen), 0);
	for (uint32_t i = 0; i < 7; i++) {
		uint64_t rec[4] = { 0x10 | (uint64_t)(20 + i) << 32, 0, 0x1000, 0 };

		assert_int_equal(smmuv3_mock_inject_event(f->mock, false, rec), 0);
	}
	smmuv3_mock_raise_gerror(f->mock, false, (uint32_t)SMMUV3_GERROR_EVENTQ_ABT_ERR);
	assert_int_equal(smmuv3_poll(&f->smmu), 7);
	assert_int_equal(seen, 7);
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
		cmocka_unit_test_setup_teardown(teardown_ends_domains, fixture_setup_mmu600,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(failed_instance_takes_down, fixture_setup_mmu600,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(reset_sfm_leaves_probed, fixture_setup_qemu,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(poll_counts_gerror_drained, fixture_setup_qemu,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
