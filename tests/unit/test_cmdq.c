// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command queue submission as the mock SMMU sees it: commands consumed
 * in order, PROD writes and CMD_SYNCs counted, wrap/full/empty edges on
 * tiny queues, late and absent draining, command-error recovery, the
 * three completion modes and the errata table.
 */
#include "fixture.h"
#include "core/objects.h"

#define OP(c) ((uint32_t)SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, (c).dw[0]))

static struct fixture *setup_q(const struct smmuv3_mock_profile *p, unsigned int log2)
{
	struct fixture *f = fixture_new(p);

	f->cfg.cmdq_log2 = log2;
	fixture_enable(f);
	smmuv3_mock_clear_log(f->mock);
	return f;
}

/* Distinct, valid commands: CFGI_STE with the index as StreamID. */
static void fill(struct smmuv3_cmd *c, unsigned int n, uint32_t first)
{
	for (unsigned int i = 0; i < n; i++)
		c[i] = smmuv3_cmd_cfgi_ste(first + i, true);
}

/* The mock consumed exactly cmds[0..n) (skipping CMD_SYNCs) in order. */
static void assert_consumed(struct fixture *f, const struct smmuv3_cmd *c, unsigned int n)
{
	unsigned int j = 0;

	for (size_t i = 0; i < f->mock->n_cmds; i++) {
		if (OP(f->mock->cmds[i]) == SMMUV3_OP_CMD_SYNC)
			continue;
		assert_true(j < n);
		assert_int_equal(f->mock->cmds[i].dw[0], c[j].dw[0]);
		assert_int_equal(f->mock->cmds[i].dw[1], c[j].dw[1]);
		j++;
	}
	assert_int_equal(j, n);
}

static uint32_t gerror_active(struct fixture *f)
{
	return smmuv3_mock_peek32(f->mock, SMMUV3_GERROR) ^
	       smmuv3_mock_peek32(f->mock, SMMUV3_GERRORN);
}

static void one_prod_write_one_sync(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_qemu, 0);
	struct smmuv3_cmd c[40];
	struct smmuv3_cmdq_stats st;

	(void)state;
	fill(c, 40, 100);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 40, true), 0);
	assert_int_equal(f->mock->n_prod_writes, 1);
	assert_int_equal(f->mock->n_syncs, 1);
	assert_int_equal(f->mock->n_cmds, 41);
	assert_int_equal(OP(f->mock->cmds[40]), SMMUV3_OP_CMD_SYNC);
	assert_consumed(f, c, 40);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st), 0);
	assert_int_equal(st.prod_writes, 2); /* reset's, then ours */
	assert_int_equal(st.full_waits, 0);
	/* Without sync: no CMD_SYNC at all, still consumed. */
	smmuv3_mock_clear_log(f->mock);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 3, false), 0);
	assert_int_equal(f->mock->n_syncs, 0);
	assert_consumed(f, c, 3);
	/* Nothing to do is not an error and touches nothing. */
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, NULL, 0, false), 0);
	assert_int_equal(f->mock->n_prod_writes, 1);
	assert_int_equal(f->mock->violations, 0);
	fixture_free(f);
}

static void batch_api(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_qemu, 0);
	struct smmuv3_cmd storage[4], c[10];
	struct smmuv3_cmdq_stats st0, st1;
	struct smmuv3_cmdq_batch b;

	(void)state;
	fill(c, 10, 7);
	assert_int_equal(smmuv3_cmdq_batch_init(&b, &f->smmu, storage, 4), 0);
	for (unsigned int i = 0; i < 10; i++)
		assert_int_equal(smmuv3_cmdq_batch_add(&b, c[i]), 0);
	assert_int_equal(smmuv3_cmdq_batch_submit(&b), 0);
	/* 4 + 4 issued as storage filled, then 2 + the only CMD_SYNC. */
	assert_int_equal(f->mock->n_prod_writes, 3);
	assert_int_equal(f->mock->n_syncs, 1);
	assert_int_equal(OP(f->mock->cmds[f->mock->n_cmds - 1]), SMMUV3_OP_CMD_SYNC);
	assert_consumed(f, c, 10);
	/* An empty batch still synchronises (callers rely on it as a
	 * barrier): right after a CMD_SYNC it shares that one, which
	 * already covers everything written... */
	smmuv3_mock_clear_log(f->mock);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st0), 0);
	assert_int_equal(smmuv3_cmdq_batch_submit(&b), 0);
	assert_int_equal(f->mock->n_prod_writes, 0);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st1), 0);
	assert_int_equal(st1.syncs_shared, st0.syncs_shared + 1);
	assert_int_equal(st1.syncs, st0.syncs);
	/* ...and after commands without one it writes its own. */
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 1, false), 0);
	assert_int_equal(smmuv3_cmdq_batch_submit(&b), 0);
	assert_int_equal(f->mock->n_syncs, 1);
	assert_int_equal(OP(f->mock->cmds[f->mock->n_cmds - 1]), SMMUV3_OP_CMD_SYNC);
	/* Even when PROD has come round to the old value since the last
	 * CMD_SYNC (twice the queue's entries without one). */
	for (unsigned int i = 0; i < (2u << smmuv3_inst_of(&f->smmu)->cmdq.q.log2size) / 4; i++)
		assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 4, false), 0);
	smmuv3_mock_clear_log(f->mock);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, NULL, 0, true), 0);
	assert_int_equal(f->mock->n_syncs, 1);
	/* An intermediate failure is kept and reported at submit. */
	f->mock->cmdq_stopped = true;
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(smmuv3_cmdq_batch_add(&b, c[i]), 0);
	assert_int_equal(smmuv3_cmdq_batch_add(&b, c[4]), SMMUV3_ERR_TIMEOUT);
	assert_int_equal(smmuv3_cmdq_batch_add(&b, c[5]), SMMUV3_ERR_TIMEOUT);
	assert_int_equal(smmuv3_cmdq_batch_submit(&b), SMMUV3_ERR_TIMEOUT);
	f->mock->cmdq_stopped = false;
	assert_int_equal(smmuv3_cmdq_batch_submit(&b), 0);
	assert_int_equal(smmuv3_cmdq_batch_init(&b, &f->smmu, storage, 0), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_batch_init(NULL, &f->smmu, storage, 4), SMMUV3_ERR_INVAL);
	fixture_free(f);
}

/* A 4-entry queue driven across many wraps: every edge (empty, exactly
 * full, wrap bit toggling) is crossed with both even and odd sizes. */
static void wrap_full_empty_edges(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_qemu, 2);
	struct smmuv3_cmd c[64];
	unsigned int total = 0;
	uint32_t cons;

	(void)state;
	assert_int_equal(smmuv3_inst_of(&f->smmu)->cmdq.q.log2size, 2);
	for (unsigned int round = 0; round < 12; round++) {
		unsigned int n = 1 + round % 4; /* 1..4 commands */

		fill(c, n, total);
		smmuv3_mock_clear_log(f->mock);
		assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, n, round & 1), 0);
		assert_consumed(f, c, n);
		total += n;
	}
	/* Exactly full: 4 commands into an empty 4-entry queue, one write. */
	smmuv3_mock_clear_log(f->mock);
	fill(c, 4, 1000);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 4, false), 0);
	assert_int_equal(f->mock->n_prod_writes, 1);
	assert_consumed(f, c, 4);
	/* Queue empty again with PROD == CONS, including the wrap bit. */
	cons = smmuv3_mock_peek32(f->mock, SMMUV3_CMDQ_CONS);
	assert_int_equal(cons, smmuv3_mock_peek32(f->mock, SMMUV3_CMDQ_PROD));
	/* More than the queue holds: split at the full point. */
	smmuv3_mock_clear_log(f->mock);
	fill(c, 13, 2000);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 13, true), 0);
	assert_int_equal(f->mock->n_prod_writes, 4); /* 4 + 4 + 4 + (1 + sync) */
	assert_int_equal(f->mock->n_syncs, 1);
	assert_consumed(f, c, 13);
	assert_int_equal(f->mock->violations, 0);
	fixture_free(f);
}

static void full_queue_drains_late(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_qemu, 2);
	struct smmuv3_cmd c[10];
	struct smmuv3_cmdq_stats st;

	(void)state;
	/* The SMMU takes one command per doorbell or poll, and only after a
	 * while: the producer must wait for room, not overwrite. */
	f->mock->cmdq_consume_max = 1;
	f->mock->cmdq_consume_on_read = true;
	f->mock->cmdq_read_delay = 20;
	fill(c, 10, 50);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 10, true), 0);
	assert_consumed(f, c, 10);
	assert_int_equal(OP(f->mock->cmds[f->mock->n_cmds - 1]), SMMUV3_OP_CMD_SYNC);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st), 0);
	assert_true(st.full_waits > 0);
	assert_true(f->tp.relaxes > 0);
	assert_int_equal(f->mock->violations, 0);
	fixture_free(f);
}

static void queue_never_drains(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_qemu, 2);
	struct smmuv3_cmd c[10];
	struct smmuv3_cmdq_stats st;
	uint64_t t0 = f->tp.now_ns;

	(void)state;
	f->mock->cmdq_stopped = true;
	fill(c, 10, 0);
	/* The first piece never drains: the rest is never written. */
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 10, true), SMMUV3_ERR_TIMEOUT);
	assert_true(f->tp.now_ns - t0 >= (uint64_t)SMMUV3_DEFAULT_TIMEOUT_US * 1000u);
	assert_int_equal(f->mock->n_prod_writes, 1);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st), 0);
	assert_int_equal(st.timeouts, 1);
	/* A sync that never completes times out as well. */
	f->mock->cmdq_stopped = false;
	smmuv3_mock_cmdq_process(f->mock, false);
	assert_int_equal(f->mock->n_cmds, 4);
	f->mock->cmdq_stopped = true;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 1, true), SMMUV3_ERR_TIMEOUT);
	/* Once the SMMU runs again the queue is usable: nothing wedged. */
	f->mock->cmdq_stopped = false;
	smmuv3_mock_clear_log(f->mock);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c + 5, 2, true), 0);
	/* The earlier command and sync, then ours. */
	assert_int_equal(f->mock->n_cmds, 5);
	assert_int_equal(f->mock->cmds[2].dw[0], c[5].dw[0]);
	fixture_free(f);
}

static void cerror_ill_skips_only_the_bad_command(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_qemu, 3);
	struct smmuv3_cmd c[5];
	struct smmuv3_cmdq_stats st;

	(void)state;
	fill(c, 5, 10);
	/* An opcode the SMMU does not know, in the middle of a batch. */
	c[2].dw[0] = SMMUV3_FIELD_PREP(SMMUV3_CMD_OPCODE, 0x7f);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 5, true), SMMUV3_ERR_CMD_ILL);
	/* The commands after it ran, and the sync completed. */
	assert_int_equal(f->mock->n_cmds, 6);
	assert_int_equal(f->mock->cmds[3].dw[0], c[3].dw[0]);
	assert_int_equal(f->mock->cmds[4].dw[0], c[4].dw[0]);
	assert_int_equal(OP(f->mock->cmds[2]), SMMUV3_OP_CMD_SYNC);
	assert_int_equal(f->mock->n_syncs, 2);
	/* Acknowledged: GERROR.CMDQ_ERR no longer active. */
	assert_int_equal(gerror_active(f) & SMMUV3_GERROR_CMDQ_ERR, 0);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st), 0);
	assert_int_equal(st.cerror_ill, 1);
	/* The next caller is unaffected. */
	smmuv3_mock_clear_log(f->mock);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, true), 0);
	assert_consumed(f, c, 2);
	/* The mock's injected rejection, on the sync itself. */
	f->mock->cerror_at = f->mock->n_consumed + 3;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, true), SMMUV3_ERR_CMD_ILL);
	assert_int_equal(gerror_active(f), 0);
	fixture_free(f);
}

static uint32_t reject_op(void *arg, unsigned int secure, const struct smmuv3_mock_cmd *cmd)
{
	const uint32_t *rule = arg; /* { opcode, cerror } */

	(void)secure;
	return OP(*cmd) == rule[0] ? rule[1] : 0;
}

/* The TLBI range fields as a strict SMMU checks them (IHI 0070 4.4.1.1):
 * the Reserved NUM = SCALE = TTL = 0 form, a 16K TTL of 1 (Reserved
 * without IDR5.DS, so that form again) and range fields without RIL are
 * CERROR_ILL; what smmuv3_tlbi_range_plan() makes of the same requests
 * is accepted. */
static void tlbi_range_encodings(void **state)
{
	struct smmuv3_tlbi_range bad = { .tg = 1 }, r;
	struct smmuv3_mock_profile p = smmuv3_mock_profile_qemu;
	struct fixture *f;
	struct smmuv3_cmd c;
	uint64_t covered;

	(void)state;
	f = setup_q(&smmuv3_mock_profile_qemu, 4);
	c = smmuv3_cmd_tlbi_nh_va(0, 1, 0x1000, true, &bad);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), SMMUV3_ERR_CMD_ILL);
	bad = (struct smmuv3_tlbi_range){ .tg = 2, .ttl = 1 };
	c = smmuv3_cmd_tlbi_s2_ipa(1, 0x4000, true, &bad);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), SMMUV3_ERR_CMD_ILL);
	for (unsigned int g = 12; g <= 16; g += 2) {
		for (unsigned int ttl = 0; ttl <= 3; ttl++) {
			assert_int_equal(smmuv3_tlbi_range_plan(g, 1, ttl, &r, &covered), 0);
			c = smmuv3_cmd_tlbi_nh_va(0, 1, 0x10000, true, &r);
			assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), 0);
		}
	}
	fixture_free(f);
	p.idr[3] &= ~(uint32_t)SMMUV3_IDR3_RIL;
	f = setup_q(&p, 4);
	bad = (struct smmuv3_tlbi_range){ .tg = 1, .num = 1 };
	c = smmuv3_cmd_tlbi_nh_va(0, 1, 0x1000, true, &bad);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), SMMUV3_ERR_CMD_ILL);
	fixture_free(f);
}

/* The SMMU may consume on and fail between the driver's read of CONS and
 * its read of GERROR; the error's slot is the one CONS shows once the
 * error is visible (IHI 0070 7.1), not the one read before. CONS.ERR
 * keeps its last code, as on QEMU, so the GERROR check runs on every
 * poll after the first error. Exactly one recovery per bad command. */
static void cerror_seen_after_cons_read(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_qemu, 3);
	struct smmuv3_cmdq_stats st;
	struct smmuv3_cmd c[3];

	(void)state;
	fill(c, 3, 20);
	c[0].dw[0] = SMMUV3_FIELD_PREP(SMMUV3_CMD_OPCODE, 0x7f);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 1, true), SMMUV3_ERR_CMD_ILL);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMDQ_CONS_ERR,
					  smmuv3_mock_peek32(f->mock, SMMUV3_CMDQ_CONS)),
			 SMMUV3_CERROR_ILL);
	smmuv3_mock_clear_log(f->mock);
	fill(c, 3, 20);
	c[2].dw[0] = SMMUV3_FIELD_PREP(SMMUV3_CMD_OPCODE, 0x7f);
	f->mock->cmdq_consume_max = 1;
	f->mock->cmdq_consume_on_gerror_read = 2;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 3, true), SMMUV3_ERR_CMD_ILL);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st), 0);
	assert_int_equal(st.cerror_ill, 2);
	assert_consumed(f, c, 2);
	assert_int_equal(f->mock->n_cmds, 4);
	assert_int_equal(OP(f->mock->cmds[2]), SMMUV3_OP_CMD_SYNC);
	assert_int_equal(gerror_active(f), 0);
	fixture_free(f);
}

static void cerror_abt_retried_then_reported(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_qemu, 3);
	struct smmuv3_cmd c[4];
	struct smmuv3_cmdq_stats st;
	uint32_t rule[2] = { SMMUV3_OP_CFGI_CD_ALL, SMMUV3_CERROR_ABT };

	(void)state;
	fill(c, 4, 0);
	/* Transient: fails once, succeeds when retried. */
	f->mock->cerror_at = f->mock->n_consumed + 2;
	f->mock->cerror_code = SMMUV3_CERROR_ABT;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 4, true), 0);
	assert_consumed(f, c, 4);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st), 0);
	assert_int_equal(st.cerror_abt, 1);
	/* Persistent: retried once, then skipped and reported. */
	smmuv3_mock_clear_log(f->mock);
	f->mock->on_cmd = reject_op;
	f->mock->on_cmd_arg = rule;
	c[1] = smmuv3_cmd_cfgi_cd_all(5);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 4, true), SMMUV3_ERR_CMD_ABT);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_CFGI_CD_ALL), 0);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_CFGI_STE), 3);
	assert_int_equal(gerror_active(f), 0);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st), 0);
	assert_int_equal(st.cerror_abt, 3);
	fixture_free(f);
}

static void cerror_atc_sync_does_not_wedge(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_qemu, 3);
	struct smmuv3_cmd c[2];
	uint32_t rule[2] = { SMMUV3_OP_CMD_SYNC, SMMUV3_CERROR_ATC_INV_SYNC };

	(void)state;
	c[0] = smmuv3_cmd_atc_inv(1, 0, false, true, 0, 52);
	c[1] = smmuv3_cmd_cfgi_ste(1, true);
	f->mock->on_cmd = reject_op;
	f->mock->on_cmd_arg = rule;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, true), SMMUV3_ERR_CMD_ATC);
	/* The sync was retried once, then replaced by a harmless prefetch. */
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_PREFETCH_CONFIG), 1);
	assert_int_equal(f->mock->n_consumed, 4 + 3 + 1); /* reset's, ours, one retry */
	assert_int_equal(gerror_active(f), 0);
	f->mock->on_cmd = NULL;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, true), 0);
	/* An SMMU that must not see prefetches gets a CFGI_STE of StreamID
	 * 0 instead (legal everywhere, waits for nothing). */
	assert_int_equal(smmuv3_cmdq_add_quirks(&f->smmu, SMMUV3_CMDQ_QUIRK_SKIP_PREFETCH, 0), 0);
	smmuv3_mock_clear_log(f->mock);
	f->mock->on_cmd = reject_op;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, true), SMMUV3_ERR_CMD_ATC);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_PREFETCH_CONFIG), 0);
	assert_int_equal(f->mock->n_cmds, 3);
	assert_int_equal(f->mock->cmds[2].dw[0], smmuv3_cmd_cfgi_ste(0, true).dw[0]);
	assert_int_equal(f->mock->cmds[2].dw[1], smmuv3_cmd_cfgi_ste(0, true).dw[1]);
	assert_int_equal(gerror_active(f), 0);
	f->mock->on_cmd = NULL;
	fixture_free(f);
}

static void completion_modes(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
	struct smmuv3_cmd c[2];
	struct smmuv3_mock_cmd last;

	(void)state;
	/* r0p3: past the SEV erratum. */
	smmuv3_mock_poke32(f->mock, SMMUV3_IIDR,
			   smmuv3_mock_peek32(f->mock, SMMUV3_IIDR) |
				   (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_IIDR_REVISION, 3));
	fixture_enable(f);
	fill(c, 2, 0);
	/* Coherent SMMU with MSIs: completion by a memory write. */
	assert_int_equal(smmuv3_inst_of(&f->smmu)->cmdq.sync_mode, SMMUV3_SYNC_MSI);
	smmuv3_mock_clear_log(f->mock);
	f->mock->n_msi = 0;
	f->mock->n_sev = 0;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, true), 0);
	last = f->mock->cmds[2];
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_SYNC_CS, last.dw[0]), SMMUV3_CMD_SYNC_CS_IRQ);
	assert_int_equal(last.dw[1], smmuv3_inst_of(&f->smmu)->cmdq.msi_word_pa);
	assert_int_equal(f->mock->n_msi, 1);
	assert_int_equal(*smmuv3_inst_of(&f->smmu)->cmdq.msi_word, SMMUV3_FIELD_GET(SMMUV3_CMD_SYNC_MSIDATA,
								   last.dw[0]));
	/* The MSI write aborts: the wait falls back to CONS, acknowledged. */
	f->mock->msi_abort = true;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, true), 0);
	assert_int_equal(gerror_active(f), 0);
	f->mock->msi_abort = false;

	/* The sync is consumed (and its MSI aborts) only once the CPU polls
	 * CONS: the periodic CONS check ends the wait, and the abort is left
	 * for the GERROR handler to acknowledge. */
	f->mock->msi_abort = true;
	f->mock->cmdq_consume_max = 2;
	f->mock->cmdq_consume_on_read = true;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, true), 0);
	assert_int_equal(gerror_active(f), SMMUV3_GERROR_MSI_CMDQ_ABT_ERR);
	assert_int_equal(smmuv3_gerror_handle(&f->smmu), 1);
	assert_int_equal(gerror_active(f), 0);
	f->mock->msi_abort = false;
	f->mock->cmdq_consume_on_read = false;
	f->mock->cmdq_consume_max = 0;
	/* A command error on the MSI sync itself: replaced, CONS polled. */
	f->mock->cerror_at = f->mock->n_consumed + 3;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, true), SMMUV3_ERR_CMD_ILL);
	assert_int_equal(gerror_active(f), 0);

	/* SEV: CS = SIG_SEV and the CPU waits with WFE while CONS lags. */
	assert_int_equal(smmuv3_cmdq_set_sync_mode(&f->smmu, SMMUV3_SYNC_SEV), 0);
	f->mock->cmdq_consume_max = 1;
	f->mock->cmdq_consume_on_read = true;
	f->mock->cmdq_read_delay = 3;
	smmuv3_mock_clear_log(f->mock);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, true), 0);
	assert_int_equal(f->mock->n_sev, 1);
	assert_true(f->tp.wfes >= 3);
	f->mock->cmdq_consume_max = 0;

	/* Poll: a plain CMD_SYNC. */
	assert_int_equal(smmuv3_cmdq_set_sync_mode(&f->smmu, SMMUV3_SYNC_POLL), 0);
	smmuv3_mock_clear_log(f->mock);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, true), 0);
	assert_int_equal(f->mock->cmds[2].dw[0], smmuv3_cmd_sync().dw[0]);
	assert_int_equal(smmuv3_cmdq_set_sync_mode(&f->smmu, (enum smmuv3_sync_mode)7),
			 SMMUV3_ERR_INVAL);
	fixture_free(f);
}

static void modes_the_smmu_lacks_are_refused(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_qemu, 0);

	(void)state;
	assert_int_equal(smmuv3_inst_of(&f->smmu)->cmdq.sync_mode, SMMUV3_SYNC_POLL);
	assert_int_equal(smmuv3_cmdq_set_sync_mode(&f->smmu, SMMUV3_SYNC_SEV), SMMUV3_ERR_NOTSUP);
	assert_int_equal(smmuv3_cmdq_set_sync_mode(&f->smmu, SMMUV3_SYNC_MSI), SMMUV3_ERR_NOTSUP);
	fixture_free(f);
}

static void errata_from_iidr(void **state)
{
	struct smmuv3_mock_profile p = smmuv3_mock_profile_mmu600;
	struct fixture *f = setup_q(&smmuv3_mock_profile_mmu600, 0);
	struct smmuv3_cmd c[100];

	(void)state;
	/* MMU-600 r0p0: erratum 1076982, SEV must not be used. */
	assert_true(smmuv3_inst_of(&f->smmu)->cmdq.quirks & SMMUV3_CMDQ_QUIRK_NO_SEV);
	assert_int_equal(smmuv3_cmdq_set_sync_mode(&f->smmu, SMMUV3_SYNC_SEV), SMMUV3_ERR_NOTSUP);
	fixture_free(f);

	/* MMU-700: a CMD_SYNC at least every 63 commands. */
	p.iidr = (uint32_t)(SMMUV3_FIELD_PREP(SMMUV3_IIDR_PRODUCTID, 0x487) |
			    SMMUV3_FIELD_PREP(SMMUV3_IIDR_IMPLEMENTER, 0x43b));
	f = setup_q(&p, 0);
	fill(c, 100, 0);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 100, true), 0);
	assert_int_equal(f->mock->n_syncs, 2);
	assert_int_equal(OP(f->mock->cmds[63]), SMMUV3_OP_CMD_SYNC);
	assert_consumed(f, c, 100);
	fixture_free(f);
}

static void integrator_quirks(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_qemu, 0);
	struct smmuv3_cmd c[7];
	static const unsigned int sync_at[] = { 3, 7, 9 };

	(void)state;
	fill(c, 7, 0);
	assert_int_equal(smmuv3_cmdq_add_quirks(&f->smmu, 0, 3), 0);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 7, true), 0);
	assert_int_equal(f->mock->n_cmds, 10);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(OP(f->mock->cmds[sync_at[i]]), SMMUV3_OP_CMD_SYNC);
	assert_consumed(f, c, 7);
	/* Prefetches dropped when a quirk says so. */
	smmuv3_mock_clear_log(f->mock);
	assert_int_equal(smmuv3_cmdq_add_quirks(&f->smmu, SMMUV3_CMDQ_QUIRK_SKIP_PREFETCH, 0), 0);
	c[1] = smmuv3_cmd_prefetch_config(1, 0, false);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 3, false), 0);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_PREFETCH_CONFIG), 0);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_CFGI_STE), 2);
	assert_int_equal(smmuv3_cmdq_add_quirks(&f->smmu, 1u << 30, 0), SMMUV3_ERR_INVAL);
	fixture_free(f);
}

static void bad_calls(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_qemu);
	struct smmuv3_cmd c = smmuv3_cmd_sync();
	struct smmuv3_cmdq_stats st;
	struct smmuv3_cmdq_batch b;
	enum smmuv3_sync_mode mode;
	uint32_t quirks;
	uint64_t writes;

	(void)state;
	fixture_probe(f);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_cmdq_set_sync_mode(&f->smmu, SMMUV3_SYNC_POLL), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_reset(&f->smmu), 0);
	writes = f->mock->n_prod_writes;
	quirks = smmuv3_inst_of(&f->smmu)->cmdq.quirks;
	mode = smmuv3_inst_of(&f->smmu)->cmdq.sync_mode;
	assert_int_equal(smmuv3_cmdq_submit(NULL, &c, 1, true), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, NULL, 1, true), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_get_stats(NULL, &st), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_set_sync_mode(NULL, SMMUV3_SYNC_POLL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_set_sync_mode(&f->smmu, (enum smmuv3_sync_mode)3),
			 SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_add_quirks(NULL, 0, 0), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_add_quirks(&f->smmu, 1u << 31, 4), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_batch_init(NULL, &f->smmu, &c, 1), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_batch_init(&b, NULL, &c, 1), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_batch_init(&b, &f->smmu, NULL, 1), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_batch_init(&b, &f->smmu, &c, 0), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_batch_add(NULL, c), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cmdq_batch_submit(NULL), SMMUV3_ERR_INVAL);
	/* None of it reached the SMMU or changed the queue's settings. */
	assert_int_equal(f->mock->n_prod_writes, writes);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->cmdq.sync_every, 0);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->cmdq.quirks, quirks);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->cmdq.sync_mode, mode);
	/* Service failure mode while waiting: fatal, and stays fatal. */
	f->mock->cmdq_stopped = true;
	smmuv3_mock_raise_gerror(f->mock, false, (uint32_t)SMMUV3_GERROR_SFM_ERR);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), SMMUV3_ERR_FATAL);
	assert_int_equal(smmuv3_get_state(&f->smmu), SMMUV3_STATE_FAILED);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), SMMUV3_ERR_FATAL);
	fixture_free(f);
}

static void noncoherent_ring_cleaned_in_pieces(void **state)
{
	struct fixture *f = setup_q(&smmuv3_mock_profile_minimal, 2);
	struct smmuv3_cmd c[3];
	unsigned long before;

	(void)state;
	assert_false(smmuv3_inst_of(&f->smmu)->coherent);
	fill(c, 3, 0);
	/* Reset left PROD at slot 3 (CFGI_ALL, TLBI_NSNH_ALL, sync). */
	assert_int_equal(smmuv3_inst_of(&f->smmu)->cmdq.q.prod, 3);
	before = f->tp.cleans;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 1, false), 0);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 2, false), 0);
	assert_int_equal(f->tp.cleans - before, 2);
	/* PROD at slot 2: 3 commands + sync cross the end, two ranges. */
	smmuv3_mock_clear_log(f->mock);
	before = f->tp.cleans;
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, c, 3, true), 0);
	assert_int_equal(f->tp.cleans - before, 2);
	assert_consumed(f, c, 3);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_prod_write_one_sync),
		cmocka_unit_test(batch_api),
		cmocka_unit_test(wrap_full_empty_edges),
		cmocka_unit_test(full_queue_drains_late),
		cmocka_unit_test(queue_never_drains),
		cmocka_unit_test(cerror_ill_skips_only_the_bad_command),
		cmocka_unit_test(tlbi_range_encodings),
		cmocka_unit_test(cerror_seen_after_cons_read),
		cmocka_unit_test(cerror_abt_retried_then_reported),
		cmocka_unit_test(cerror_atc_sync_does_not_wedge),
		cmocka_unit_test(completion_modes),
		cmocka_unit_test(modes_the_smmu_lacks_are_refused),
		cmocka_unit_test(errata_from_iidr),
		cmocka_unit_test(integrator_quirks),
		cmocka_unit_test(bad_calls),
		cmocka_unit_test(noncoherent_ring_cleaned_in_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
