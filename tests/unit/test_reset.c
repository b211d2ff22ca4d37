// SPDX-License-Identifier: BSD-3-Clause
/* Reset, enable and teardown, as the mock SMMU sees them. */
#include <string.h>

#include "fixture.h"
#include "core/objects.h"

static long first_write(struct fixture *f, uint32_t off)
{
	return smmuv3_mock_find_write(f->mock, off, 0);
}

/* Index of the first write of @val to @off. */
static long write_of(struct fixture *f, uint32_t off, uint64_t val)
{
	for (size_t i = 0; i < f->mock->log_len; i++)
		if (f->mock->log[i].write && f->mock->log[i].off == off &&
		    f->mock->log[i].val == val)
			return (long)i;
	return -1;
}

static void reset_programs_in_architectural_order(void **state)
{
	struct fixture *f = *state;
	uint32_t en = SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVENTQEN;
	long cr0_off, strtab, strtab_cfg, cmdq_base, cmdq_on, prod, evtq_base, evtq_on, smmuen;
	uint64_t base;

	fixture_enable(f);
	cr0_off = write_of(f, SMMUV3_CR0, 0);
	strtab = first_write(f, SMMUV3_STRTAB_BASE);
	strtab_cfg = first_write(f, SMMUV3_STRTAB_BASE_CFG);
	cmdq_base = first_write(f, SMMUV3_CMDQ_BASE);
	cmdq_on = write_of(f, SMMUV3_CR0, SMMUV3_CR0_CMDQEN);
	prod = first_write(f, SMMUV3_CMDQ_PROD);
	prod = smmuv3_mock_find_write(f->mock, SMMUV3_CMDQ_PROD, (size_t)prod + 1);
	evtq_base = first_write(f, SMMUV3_EVENTQ_BASE);
	evtq_on = write_of(f, SMMUV3_CR0, en);
	smmuen = write_of(f, SMMUV3_CR0, en | SMMUV3_CR0_SMMUEN);
	assert_true(cr0_off >= 0);
	assert_true(cr0_off < strtab && strtab < strtab_cfg && strtab_cfg < cmdq_on);
	assert_true(cmdq_base < cmdq_on && cmdq_on < prod);
	assert_true(prod < evtq_on && evtq_base < evtq_on && evtq_on < smmuen);
	/* SMMUEN is the last control write. */
	assert_int_equal(smmuv3_mock_find_write(f->mock, SMMUV3_CR0, (size_t)smmuen + 1), -1);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_CR0ACK), en | SMMUV3_CR0_SMMUEN);

	/* The tables and queues the SMMU was given are the library's. */
	base = f->mock->regs[SMMUV3_STRTAB_BASE / 4] |
	       ((uint64_t)f->mock->regs[SMMUV3_STRTAB_BASE / 4 + 1] << 32);
	assert_int_equal(base & SMMUV3_STRTAB_BASE_ADDR, smmuv3_inst_of(&f->smmu)->strtab.base_pa);
	assert_true(base & SMMUV3_STRTAB_BASE_RA);
	base = f->mock->regs[SMMUV3_CMDQ_BASE / 4] |
	       ((uint64_t)f->mock->regs[SMMUV3_CMDQ_BASE / 4 + 1] << 32);
	assert_int_equal(base & SMMUV3_Q_BASE_ADDR, smmuv3_inst_of(&f->smmu)->cmdq.q.base_pa);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_Q_BASE_LOG2SIZE, base), 8);

	/* Coherent SMMU: write-back, inner-shareable walks. */
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_CR1),
			 SMMUV3_FIELD_PREP(SMMUV3_CR1_TABLE_SH, SMMUV3_CR1_SH_ISH) |
			 SMMUV3_FIELD_PREP(SMMUV3_CR1_TABLE_OC, 1) |
			 SMMUV3_FIELD_PREP(SMMUV3_CR1_TABLE_IC, 1) |
			 SMMUV3_FIELD_PREP(SMMUV3_CR1_QUEUE_SH, SMMUV3_CR1_SH_ISH) |
			 SMMUV3_FIELD_PREP(SMMUV3_CR1_QUEUE_OC, 1) |
			 SMMUV3_FIELD_PREP(SMMUV3_CR1_QUEUE_IC, 1));

	/* Everything cached was invalidated before SMMUEN, with one sync. */
	assert_int_equal(f->mock->n_cmds, 3);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[0].dw[0]),
			 SMMUV3_OP_CFGI_ALL);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_CFGI_RANGE, f->mock->cmds[0].dw[1]), 31);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[1].dw[0]),
			 SMMUV3_OP_TLBI_NSNH_ALL);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[2].dw[0]),
			 SMMUV3_OP_CMD_SYNC);
	assert_int_equal(f->mock->n_syncs, 1);
	/* GBPA was already aborting (reset value): left alone. */
	assert_int_equal(smmuv3_mock_count_writes(f->mock, SMMUV3_GBPA), 0);
	assert_int_equal(f->mock->violations, 0);
	assert_true(smmuv3_memory_used(&f->smmu) > 0);
	assert_int_equal(smmuv3_memory_used(&f->smmu), f->tp.live_bytes);
}

static void reset_sets_gbpa_abort_before_disabling(void **state)
{
	struct fixture *f = *state;
	long gbpa, cr0;

	/* Firmware left the SMMU enabled with bypassing GBPA. */
	smmuv3_mock_poke32(f->mock, SMMUV3_GBPA, 0);
	smmuv3_mock_poke32(f->mock, SMMUV3_CR0, SMMUV3_CR0_SMMUEN);
	smmuv3_mock_poke32(f->mock, SMMUV3_CR0ACK, SMMUV3_CR0_SMMUEN);
	fixture_enable(f);
	gbpa = write_of(f, SMMUV3_GBPA, SMMUV3_GBPA_ABORT | SMMUV3_GBPA_UPDATE);
	cr0 = write_of(f, SMMUV3_CR0, 0);
	assert_true(gbpa >= 0 && gbpa < cr0);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_GBPA), SMMUV3_GBPA_ABORT);
}

static void reset_gbpa_keeps_other_fields(void **state)
{
	struct fixture *f = *state;
	uint32_t attrs = (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_GBPA_SHCFG, 1) |
			 (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_GBPA_MEMATTR, 0xf);

	smmuv3_mock_poke32(f->mock, SMMUV3_GBPA, attrs);
	fixture_enable(f);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_GBPA), attrs | SMMUV3_GBPA_ABORT);
}

static void expect_reset_timeout(struct fixture *f)
{
	uint64_t before;

	assert_int_equal(smmuv3_init(&f->smmu, &f->cfg), 0);
	assert_int_equal(smmuv3_probe(&f->smmu), 0);
	before = f->tp.now_ns;
	assert_int_equal(smmuv3_reset(&f->smmu), SMMUV3_ERR_TIMEOUT);
	/* It waited at least the configured time, on the port's clock. */
	assert_true(f->tp.now_ns - before >= (uint64_t)f->cfg.timeout_us * 1000);
	assert_int_equal(smmuv3_get_state(&f->smmu), SMMUV3_STATE_PROBED);
	assert_int_equal(f->tp.live_bytes, 0);
	assert_true(f->tp.lines[SMMUV3_LOG_ERROR] >= 1);
}

static void reset_cr0_never_acknowledged(void **state)
{
	struct fixture *f = *state;

	f->mock->ack[SMMUV3_MOCK_ACK_CR0].never = true;
	expect_reset_timeout(f);
	/* CR0ACK was already 0, so the disable passed; enabling the command
	 * queue is what timed out, and what was allocated is gone again. */
	assert_true(f->tp.allocs > 0);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_CR0ACK), 0);
}

static void reset_disable_never_acknowledged(void **state)
{
	struct fixture *f = *state;

	/* Firmware left the SMMU on; it never acknowledges turning it off. */
	smmuv3_mock_poke32(f->mock, SMMUV3_CR0, SMMUV3_CR0_SMMUEN);
	smmuv3_mock_poke32(f->mock, SMMUV3_CR0ACK, SMMUV3_CR0_SMMUEN);
	f->mock->ack[SMMUV3_MOCK_ACK_CR0].never = true;
	expect_reset_timeout(f);
	/* Nothing may be handed to an SMMU that might still be running. */
	assert_int_equal(f->tp.allocs, 0);
}

static void reset_gbpa_never_updates(void **state)
{
	struct fixture *f = *state;

	smmuv3_mock_poke32(f->mock, SMMUV3_GBPA, 0);
	f->mock->ack[SMMUV3_MOCK_ACK_GBPA].never = true;
	expect_reset_timeout(f);
}

static void reset_irq_ctrl_never_acknowledged(void **state)
{
	struct fixture *f = *state;

	f->cfg.irq_mode = SMMUV3_IRQ_MODE_WIRED;
	f->mock->ack[SMMUV3_MOCK_ACK_IRQ_CTRL].never = true;
	expect_reset_timeout(f);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_CR0ACK) & SMMUV3_CR0_SMMUEN, 0);
}

static void reset_cmdq_never_consumes(void **state)
{
	struct fixture *f = *state;

	f->mock->cmdq_stopped = true;
	expect_reset_timeout(f);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_CR0ACK), 0);
}

static void reset_secure_init_never_completes(void **state)
{
	struct fixture *f = *state;

	f->cfg.secure = true;
	f->mock->ack[SMMUV3_MOCK_ACK_S_INIT].never = true;
	expect_reset_timeout(f);
}

static void reset_late_acknowledgements(void **state)
{
	struct fixture *f = *state;

	for (int a = 0; a < SMMUV3_MOCK_ACK_COUNT; a++)
		f->mock->ack[a].delay = 40;
	smmuv3_mock_poke32(f->mock, SMMUV3_GBPA, 0);
	f->cfg.irq_mode = SMMUV3_IRQ_MODE_WIRED;
	fixture_enable(f);
	assert_true(f->tp.relaxes >= 40);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_IRQ_CTRLACK),
			 SMMUV3_IRQ_CTRL_GERROR_IRQEN | SMMUV3_IRQ_CTRL_EVENTQ_IRQEN);
}

static void reset_command_error_is_reported(void **state)
{
	struct fixture *f = *state;

	f->mock->cerror_at = 1;
	assert_int_equal(smmuv3_init(&f->smmu, &f->cfg), 0);
	assert_int_equal(smmuv3_probe(&f->smmu), 0);
	assert_int_equal(smmuv3_reset(&f->smmu), SMMUV3_ERR_CMD_ILL);
	assert_int_equal(f->tp.live_bytes, 0);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_CR0ACK), 0);
}

static void reset_allocation_failure_at_every_point(void **state)
{
	int failures = 0;

	(void)state;
	for (long n = 0;; n++) {
		struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
		int rc;

		fixture_probe(f);
		f->tp.fail_in = n;
		rc = smmuv3_reset(&f->smmu);
		if (rc == 0) {
			fixture_free(f);
			break;
		}
		assert_int_equal(rc, SMMUV3_ERR_NOMEM);
		assert_int_equal(f->tp.live_bytes, 0);
		assert_int_equal(smmuv3_memory_used(&f->smmu), 0);
		assert_int_equal(smmuv3_get_state(&f->smmu), SMMUV3_STATE_PROBED);
		assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_CR0ACK), 0);
		assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_GBPA) & SMMUV3_GBPA_ABORT,
				 SMMUV3_GBPA_ABORT);
		/* A later reset on the same instance works. */
		assert_int_equal(smmuv3_reset(&f->smmu), 0);
		failures++;
		fixture_free(f);
	}
	/* Stream table, command queue, event queue, PRI queue. */
	assert_true(failures >= 4);
}

static void two_instances_coexist(void **state)
{
	struct fixture *a = fixture_new(&smmuv3_mock_profile_qemu);
	struct fixture *b = fixture_new(&smmuv3_mock_profile_mmu600);

	(void)state;
	b->cfg.base = FIXTURE_BASE + 0x100000;
	b->tp.mmio_base = b->cfg.base;
	b->cfg.name = "second";
	fixture_probe(a);
	fixture_probe(b);
	assert_int_equal(smmuv3_reset(&a->smmu), 0);
	assert_int_equal(smmuv3_reset(&b->smmu), 0);
	assert_int_equal(smmuv3_features(&a->smmu)->ssid_bits, 0);
	assert_int_equal(smmuv3_features(&b->smmu)->ssid_bits, 20);
	assert_int_equal(a->mock->n_syncs, 1);
	assert_int_equal(b->mock->n_syncs, 1);
	assert_int_equal(smmuv3_teardown(&a->smmu), 0);
	/* Tearing one down leaves the other running. */
	assert_int_equal(smmuv3_mock_peek32(b->mock, SMMUV3_CR0ACK) & SMMUV3_CR0_SMMUEN,
			 SMMUV3_CR0_SMMUEN);
	fixture_free(a);
	fixture_free(b);
}

static void secure_instance_uses_secure_bank(void **state)
{
	struct fixture *f = *state;
	long inv, smmuen;

	f->cfg.secure = true;
	fixture_enable(f);
	for (size_t i = 0; i < f->mock->log_len; i++)
		if (f->mock->log[i].write && !SMMUV3_REG_IS_SECURE(f->mock->log[i].off))
			fail_msg("Secure instance wrote Non-secure register 0x%x",
				 f->mock->log[i].off);
	inv = write_of(f, SMMUV3_S_INIT, SMMUV3_S_INIT_INV_ALL);
	smmuen = first_write(f, SMMUV3_S_CR0);
	assert_true(inv > smmuen); /* after the disable ... */
	smmuen = write_of(f, SMMUV3_S_CR0,
			  SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVENTQEN | SMMUV3_CR0_SMMUEN);
	assert_true(inv < smmuen); /* ... and before enabling */
	assert_true(first_write(f, SMMUV3_S_EVENTQ_PROD) >= 0);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_CR0ACK), 0);
	/* The Secure queue's CFGI_ALL names Secure state. */
	assert_true(f->mock->cmds[0].dw[0] & SMMUV3_CMD_SSEC);
	assert_int_equal(f->mock->violations, 0);
}

static void nonsecure_instance_never_touches_secure_bank(void **state)
{
	struct fixture *f = *state;

	f->mock->log_reads = true;
	fixture_enable(f);
	assert_int_equal(smmuv3_teardown(&f->smmu), 0);
	assert_false(smmuv3_mock_touched_secure(f->mock));
}

static void teardown_disables_and_frees(void **state)
{
	struct fixture *f = *state;

	fixture_enable(f);
	assert_int_equal(smmuv3_teardown(&f->smmu), 0);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_CR0ACK), 0);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_GBPA) & SMMUV3_GBPA_ABORT,
			 SMMUV3_GBPA_ABORT);
	assert_int_equal(f->tp.live_bytes, 0);
	assert_int_equal(smmuv3_get_state(&f->smmu), SMMUV3_STATE_PROBED);
	/* Again: harmless. And the instance can be brought back up. */
	assert_int_equal(smmuv3_teardown(&f->smmu), 0);
	assert_int_equal(smmuv3_reset(&f->smmu), 0);
}

static void noncoherent_smmu_gets_cleaned_memory(void **state)
{
	struct fixture *f = *state;

	fixture_enable(f);
	assert_false(smmuv3_inst_of(&f->smmu)->coherent);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_CR1),
			 SMMUV3_FIELD_PREP(SMMUV3_CR1_TABLE_SH, SMMUV3_CR1_SH_OSH) |
			 SMMUV3_FIELD_PREP(SMMUV3_CR1_QUEUE_SH, SMMUV3_CR1_SH_OSH));
	/* Stream table fill and the commands (cleaned as one range of the
	 * ring before the PROD write) were cleaned to the SMMU. */
	assert_true(f->tp.cleans >= 2);
	/* Minimal profile: linear table, 6 SID bits, no HYP TLBI. */
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.fmt, SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.log2size, 6);
}

static void coherent_smmu_needs_no_cleaning(void **state)
{
	struct fixture *f = *state;

	fixture_enable(f);
	assert_int_equal(f->tp.cleans, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reset_programs_in_architectural_order, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(reset_sets_gbpa_abort_before_disabling, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(reset_gbpa_keeps_other_fields, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(reset_cr0_never_acknowledged, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(reset_disable_never_acknowledged, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(reset_gbpa_never_updates, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(reset_irq_ctrl_never_acknowledged, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(reset_cmdq_never_consumes, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(reset_secure_init_never_completes, fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(reset_late_acknowledgements, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(reset_command_error_is_reported, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test(reset_allocation_failure_at_every_point),
		cmocka_unit_test(two_instances_coexist),
		cmocka_unit_test_setup_teardown(secure_instance_uses_secure_bank, fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(nonsecure_instance_never_touches_secure_bank, fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(teardown_disables_and_frees, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(noncoherent_smmu_gets_cleaned_memory, fixture_setup_minimal, fixture_teardown),
		cmocka_unit_test_setup_teardown(coherent_smmu_needs_no_cleaning, fixture_setup_qemu, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
