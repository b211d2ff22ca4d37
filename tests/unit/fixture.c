// SPDX-License-Identifier: BSD-3-Clause
#include "fixture.h"

#include <stdlib.h>

struct fixture *fixture_new(const struct smmuv3_mock_profile *profile)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->mock = smmuv3_mock_create(profile);
	assert_non_null(f->mock);
	assert_int_equal(smmuv3_test_port_init(&f->tp, f->mock, FIXTURE_BASE, 0), 0);
	smmuv3_config_default(&f->cfg);
	f->cfg.base = FIXTURE_BASE;
	f->cfg.port = &f->tp;
	f->cfg.name = "mock";
	return f;
}

struct fixture *fixture_new_sel2(bool secure)
{
	struct smmuv3_mock_profile p = smmuv3_mock_profile_mmu600;
	struct fixture *f;

	p.s_idr1 |= SMMUV3_S_IDR1_SEL2;
	f = fixture_new(&p);
	f->cfg.secure = secure;
	return f;
}

void fixture_probe(struct fixture *f)
{
	assert_int_equal(smmuv3_init(&f->smmu, &f->cfg), 0);
	assert_int_equal(smmuv3_probe(&f->smmu), 0);
}

void fixture_enable(struct fixture *f)
{
	fixture_probe(f);
	assert_int_equal(smmuv3_reset(&f->smmu), 0);
	assert_int_equal(smmuv3_get_state(&f->smmu), SMMUV3_STATE_ENABLED);
}

void fixture_free(struct fixture *f)
{
	if (!f)
		return;
	if (smmuv3_get_state(&f->smmu) != SMMUV3_STATE_UNINIT) {
		/* A mock told to misbehave may refuse the disable; memory is
		 * freed either way. */
		f->mock->ack[SMMUV3_MOCK_ACK_CR0].never = false;
		f->mock->ack[SMMUV3_MOCK_ACK_GBPA].never = false;
		f->mock->ack[SMMUV3_MOCK_ACK_IRQ_CTRL].never = false;
		smmuv3_teardown(&f->smmu);
	}
	assert_int_equal(f->tp.live_bytes, 0);
	assert_int_equal(f->tp.live_blocks, 0);
	assert_int_equal(f->tp.locks_held, 0);
	assert_int_equal(smmuv3_memory_used(&f->smmu), 0);
	smmuv3_test_port_fini(&f->tp);
	smmuv3_mock_destroy(f->mock);
	free(f);
}

static int setup(void **state, const struct smmuv3_mock_profile *p)
{
	*state = fixture_new(p);
	return 0;
}

int fixture_setup_qemu(void **state)
{
	return setup(state, &smmuv3_mock_profile_qemu);
}

int fixture_setup_mmu600(void **state)
{
	return setup(state, &smmuv3_mock_profile_mmu600);
}

int fixture_setup_minimal(void **state)
{
	return setup(state, &smmuv3_mock_profile_minimal);
}

int fixture_teardown(void **state)
{
	fixture_free(*state);
	return 0;
}

struct smmuv3_mock_profile fixture_profile_sidsize(unsigned int bits)
{
	struct smmuv3_mock_profile p = smmuv3_mock_profile_mmu600;

	p.idr[1] = (p.idr[1] & ~(uint32_t)SMMUV3_IDR1_SIDSIZE) |
		   (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_IDR1_SIDSIZE, bits);
	p.s_idr1 = 0;
	return p;
}
