// SPDX-License-Identifier: BSD-3-Clause
/*
 * Handover from an earlier boot stage: whatever state the mock is left in
 * (smmuv3_mock_handover()), smmuv3_reset() brings the SMMU up with every
 * stream aborting throughout, nothing of the earlier stage adopted, and
 * nothing it cached surviving (docs/architecture.md, "Handover").
 */
#include <string.h>

#include "fixture.h"
#include "core/objects.h"

#define OWNER 0x8001u

static uint32_t peek(struct fixture *f, uint32_t off)
{
	return smmuv3_mock_peek32(f->mock, off + smmuv3_inst_of(&f->smmu)->bank);
}

/* What every handover must end in, for the bank of @f's instance. */
static void assert_clean_bringup(struct fixture *f)
{
	bool secure = f->cfg.secure;
	uint32_t evtq_prod = secure ? SMMUV3_S_EVENTQ_PROD : SMMUV3_EVENTQ_PROD;
	uint32_t evtq_cons = secure ? SMMUV3_S_EVENTQ_CONS : SMMUV3_EVENTQ_CONS;
	uint64_t strtab = smmuv3_mock_peek32(f->mock, SMMUV3_STRTAB_BASE + smmuv3_inst_of(&f->smmu)->bank) |
			  (uint64_t)smmuv3_mock_peek32(f->mock,
						      SMMUV3_STRTAB_BASE + 4 + smmuv3_inst_of(&f->smmu)->bank) << 32;
	struct smmuv3_mock_xlate x;

	assert_int_equal(smmuv3_get_state(&f->smmu), SMMUV3_STATE_ENABLED);
	/* No global error left active, no overflow left flagged. */
	assert_int_equal(peek(f, SMMUV3_GERROR), peek(f, SMMUV3_GERRORN));
	assert_int_equal(smmuv3_mock_peek32(f->mock, evtq_prod) & SMMUV3_Q_OVFLG,
			 smmuv3_mock_peek32(f->mock, evtq_cons) & SMMUV3_Q_OVACKFLG);
	if (!secure)
		assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_PRIQ_PROD) & SMMUV3_Q_OVFLG,
				 smmuv3_mock_peek32(f->mock, SMMUV3_PRIQ_CONS) & SMMUV3_Q_OVACKFLG);
	/* The library's own tables, nothing of the earlier stage cached. */
	assert_int_equal(strtab & SMMUV3_STRTAB_BASE_ADDR, smmuv3_inst_of(&f->smmu)->strtab.base_pa);
	assert_int_equal(smmuv3_mock_tlb_count(f->mock, secure), 0);
	assert_int_equal(f->mock->violations, 0);
	assert_int_equal(f->mock->bypass_windows, 0);
	assert_true(peek(f, SMMUV3_GBPA) & SMMUV3_GBPA_ABORT);
	/* Interrupts went off before anything was enabled again. */
	assert_true(smmuv3_mock_find_write(f->mock, SMMUV3_IRQ_CTRL + smmuv3_inst_of(&f->smmu)->bank, 0) <
		    smmuv3_mock_find_write(f->mock, SMMUV3_CMDQ_BASE + smmuv3_inst_of(&f->smmu)->bank, 0));
	if (!secure) {
		/* An unconfigured stream aborts. */
		smmuv3_mock_translate(f->mock, 1, 0, false, 0x1000, 0, &x);
		assert_int_not_equal(x.status, SMMUV3_MOCK_XLATE_OK);
	}
	/* Nothing stale is reported as news, and the queues work. */
	assert_int_equal(smmuv3_poll(&f->smmu), 0);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->evtq.stats.evtq_overflows, 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 1, OWNER), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 1, OWNER), 0);
}

static const unsigned int handovers[] = {
	SMMUV3_MOCK_HO_ENABLED, SMMUV3_MOCK_HO_GBPA_BYPASS, SMMUV3_MOCK_HO_CMDQ_ERR,
	SMMUV3_MOCK_HO_GERROR, SMMUV3_MOCK_HO_OVERFLOW, SMMUV3_MOCK_HO_IRQ,
	SMMUV3_MOCK_HO_TLB, SMMUV3_MOCK_HO_ENABLED | SMMUV3_MOCK_HO_CMDQ_ERR,
	SMMUV3_MOCK_HO_ALL,
};

static void handover_each_state(const struct smmuv3_mock_profile *p, bool secure)
{
	for (size_t i = 0; i < sizeof(handovers) / sizeof(handovers[0]); i++) {
		struct fixture *f = fixture_new(p);

		f->cfg.secure = secure;
		/* Every other handover with MSIs, where the SMMU has them. */
		f->cfg.irq_mode = i % 2 && (p->idr[0] & SMMUV3_IDR0_MSI) ? SMMUV3_IRQ_MODE_MSI
									 : SMMUV3_IRQ_MODE_POLL;
		if (f->cfg.irq_mode == SMMUV3_IRQ_MODE_MSI) {
			f->cfg.msi_evtq = (struct smmuv3_msi_target){ 0x1000, 1 };
			f->cfg.msi_priq = (struct smmuv3_msi_target){ 0x1000, 2 };
			f->cfg.msi_gerror = (struct smmuv3_msi_target){ 0x1000, 3 };
		}
		smmuv3_mock_handover(f->mock, secure, handovers[i]);
		fixture_probe(f);
		if (smmuv3_reset(&f->smmu))
			fail_msg("%s: handover %#x", p->name, handovers[i]);
		assert_clean_bringup(f);
		fixture_free(f);
	}
}

static void qemu_any_handover(void **state)
{
	(void)state;
	handover_each_state(&smmuv3_mock_profile_qemu, false);
}

static void mmu600_any_handover(void **state)
{
	(void)state;
	handover_each_state(&smmuv3_mock_profile_mmu600, false);
}

static void minimal_any_handover(void **state)
{
	(void)state;
	handover_each_state(&smmuv3_mock_profile_minimal, false);
}

static void mmu600_secure_any_handover(void **state)
{
	(void)state;
	handover_each_state(&smmuv3_mock_profile_mmu600, true);
}

/* The case: a command error left pending made reset time out. */
static void stale_command_error_does_not_stop_reset(void **state)
{
	struct fixture *f = *state;

	smmuv3_mock_handover(f->mock, false, SMMUV3_MOCK_HO_ENABLED | SMMUV3_MOCK_HO_CMDQ_ERR);
	fixture_probe(f);
	assert_int_equal(smmuv3_reset(&f->smmu), 0);
	/* Acknowledged before the new queue was enabled. */
	assert_true(smmuv3_mock_find_write(f->mock, SMMUV3_GERRORN, 0) <
		    smmuv3_mock_find_write(f->mock, SMMUV3_CMDQ_BASE, 0));
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR,
					  smmuv3_mock_peek32(f->mock, SMMUV3_CMDQ_CONS)), 0);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_CMD_SYNC), 1);
}

/* During the whole reset, an earlier stage's bypassing GBPA never lets a
 * transaction through: every command consumed sees stream 1 abort. */
struct watch {
	struct smmuv3_mock *mock;
	unsigned int seen, through;
};

static uint32_t watch_traffic(void *arg, unsigned int bank, const struct smmuv3_mock_cmd *cmd)
{
	struct watch *w = arg;
	struct smmuv3_mock_xlate x;

	(void)bank;
	(void)cmd;
	smmuv3_mock_translate(w->mock, 1, 0, false, 0x1000, 0, &x);
	w->seen++;
	w->through += x.status == SMMUV3_MOCK_XLATE_OK;
	return 0;
}

static void streams_abort_throughout_handover(void **state)
{
	struct fixture *f = *state;
	struct watch w = { .mock = f->mock };

	smmuv3_mock_handover(f->mock, false,
			     SMMUV3_MOCK_HO_ENABLED | SMMUV3_MOCK_HO_GBPA_BYPASS);
	f->mock->on_cmd = watch_traffic;
	f->mock->on_cmd_arg = &w;
	fixture_probe(f);
	assert_int_equal(smmuv3_reset(&f->smmu), 0);
	f->mock->on_cmd = NULL;
	assert_true(w.seen > 0);
	assert_int_equal(w.through, 0);
	assert_int_equal(f->mock->bypass_windows, 0);
	/* GBPA aborts before SMMUEN goes off. */
	assert_true(smmuv3_mock_find_write(f->mock, SMMUV3_GBPA, 0) <
		    smmuv3_mock_find_write(f->mock, SMMUV3_CR0, 0));
}

/*
 * Secure reset while the Non-secure world runs its SMMU: S_INIT.INV_ALL
 * is ignored (6.3.62), so Secure TLB entries must go by command.
 */
static void secure_reset_with_nonsecure_enabled(struct fixture *f)
{
	smmuv3_mock_handover(f->mock, false, SMMUV3_MOCK_HO_ENABLED);
	smmuv3_mock_handover(f->mock, true, SMMUV3_MOCK_HO_ALL);
	assert_true(smmuv3_mock_tlb_count(f->mock, true) > 0);
	fixture_probe(f);
	assert_int_equal(smmuv3_reset(&f->smmu), 0);
	assert_int_equal(f->mock->n_inv_all_ignored, 1);
	assert_int_equal(f->mock->n_inv_all, 0);
	assert_clean_bringup(f);
	/* The Non-secure world's SMMU is not the Secure instance's. */
	assert_true(smmuv3_mock_peek32(f->mock, SMMUV3_CR0ACK) & SMMUV3_CR0_SMMUEN);
}

static void secure_inv_all_ignored_mmu600(void **state)
{
	struct fixture *f = *state;

	f->cfg.secure = true;
	secure_reset_with_nonsecure_enabled(f);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_TLBI_NH_ALL), 1);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_TLBI_EL3_ALL), 1);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_TLBI_SNH_ALL), 0);
}

static void secure_inv_all_ignored_sel2(void **state)
{
	struct fixture *f = fixture_new_sel2(true);

	(void)state;
	secure_reset_with_nonsecure_enabled(f);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_TLBI_SNH_ALL), 1);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_TLBI_S_EL2_ALL), 1);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_TLBI_EL3_ALL), 1);
	fixture_free(f);
}

/* With every SMMUEN off, INV_ALL is honoured and clears both worlds. */
static void secure_inv_all_honoured_when_all_off(void **state)
{
	struct fixture *f = *state;

	f->cfg.secure = true;
	smmuv3_mock_handover(f->mock, false, SMMUV3_MOCK_HO_TLB);
	smmuv3_mock_handover(f->mock, true, SMMUV3_MOCK_HO_TLB);
	fixture_enable(f);
	assert_int_equal(f->mock->n_inv_all, 1);
	assert_int_equal(f->mock->n_inv_all_ignored, 0);
	assert_int_equal(f->mock->tlb_len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_any_handover),
		cmocka_unit_test(mmu600_any_handover),
		cmocka_unit_test(minimal_any_handover),
		cmocka_unit_test(mmu600_secure_any_handover),
		cmocka_unit_test_setup_teardown(stale_command_error_does_not_stop_reset,
						fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(streams_abort_throughout_handover,
						fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(secure_inv_all_ignored_mmu600,
						fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test(secure_inv_all_ignored_sel2),
		cmocka_unit_test_setup_teardown(secure_inv_all_honoured_when_all_off,
						fixture_setup_mmu600, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
