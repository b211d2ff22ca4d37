// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command submission from several threads at once (meson suite
 * 'stress'; run it under ThreadSanitizer too). The queue lock is only
 * held while commands are written, so submitters overlap while the mock
 * SMMU works: every command must still be consumed exactly once and in
 * its submitter's order, and a command error must be returned to the
 * submission that contained the bad command and to no other.
 */
#include <pthread.h>

#include "fixture.h"
#include "core/objects.h"

#define THREADS 4
#define ROUNDS 150
#define MAX_CMDS 6

#define OP(c) ((uint32_t)SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, (c).dw[0]))

struct worker {
	struct fixture *f;
	unsigned int id;
	bool inject;            /* every 7th submission carries a bad command */
	unsigned int bad_sent;  /* submissions that carried one */
	unsigned int wrong;     /* submissions whose result was not the expected */
	unsigned int barriers;  /* sync-only submissions made */
};

/* CFGI_STE whose StreamID says who sent it and in which order. */
static uint32_t tag(unsigned int id, unsigned int seq)
{
	return (id << 16) | seq;
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	struct smmuv3_cmd c[MAX_CMDS + 1];
	unsigned int seq = 0;

	for (unsigned int r = 0; r < ROUNDS; r++) {
		unsigned int n = 1 + (r + w->id) % MAX_CMDS;
		bool bad = w->inject && r % 7 == 3;
		int want = bad ? SMMUV3_ERR_CMD_ILL : 0;
		unsigned int k = 0;

		for (unsigned int i = 0; i < n; i++) {
			if (bad && i == n / 2) {
				c[k].dw[0] = SMMUV3_FIELD_PREP(SMMUV3_CMD_OPCODE, 0x7f);
				c[k++].dw[1] = 0;
			}
			c[k++] = smmuv3_cmd_cfgi_ste(tag(w->id, seq++), true);
		}
		if (smmuv3_cmdq_submit(&w->f->smmu, c, k, true) != want)
			w->wrong++;
		w->bad_sent += bad;
		/* Odd workers add a sync-only call now and then: it shares the
		 * CMD_SYNC just written when nobody wrote after it, and must
		 * never be charged another submission's error. */
		if (w->id & 1 && r % 3 == 0) {
			if (smmuv3_cmdq_submit(&w->f->smmu, NULL, 0, true) != 0)
				w->wrong++;
			w->barriers++;
		}
	}
	return NULL;
}

/* Each worker's commands reached the mock once each, in order. */
static void assert_all_consumed_in_order(struct fixture *f, const struct worker *w)
{
	unsigned int next[THREADS] = { 0 };

	for (size_t i = 0; i < f->mock->n_cmds; i++) {
		const struct smmuv3_mock_cmd *c = &f->mock->cmds[i];
		uint32_t sid;

		if (OP(*c) != SMMUV3_OP_CFGI_STE)
			continue;
		sid = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_CMD_SID, c->dw[0]);
		assert_true(sid >> 16 < THREADS);
		assert_int_equal(sid & 0xffff, next[sid >> 16]);
		next[sid >> 16]++;
	}
	for (unsigned int t = 0; t < THREADS; t++) {
		unsigned int total = 0;

		for (unsigned int r = 0; r < ROUNDS; r++)
			total += 1 + (r + w[t].id) % MAX_CMDS;
		assert_int_equal(next[t], total);
	}
}

static void run_workers(struct fixture *f, struct worker *w, bool inject0)
{
	pthread_t th[THREADS];

	for (unsigned int t = 0; t < THREADS; t++) {
		w[t] = (struct worker){ .f = f, .id = t, .inject = inject0 && t == 0 };
		assert_int_equal(pthread_create(&th[t], NULL, worker_run, &w[t]), 0);
	}
	for (unsigned int t = 0; t < THREADS; t++)
		assert_int_equal(pthread_join(th[t], NULL), 0);
}

static struct fixture *setup_threads(unsigned int log2, uint64_t latency_ns)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_qemu);

	f->cfg.cmdq_log2 = log2;
	/* The test port's clock advances on every read, by every thread. */
	f->cfg.timeout_us = 1000u * 1000u * 1000u;
	fixture_enable(f);
	smmuv3_mock_clear_log(f->mock);
	smmuv3_test_port_threads(&f->tp, true);
	f->mock->cmdq_latency_ns = latency_ns;
	return f;
}

static void teardown_threads(struct fixture *f)
{
	smmuv3_test_port_threads(&f->tp, false);
	assert_int_equal(f->mock->violations, 0);
	assert_null(smmuv3_inst_of(&f->smmu)->cmdq.subs);
	fixture_free(f);
}

static void concurrent_submitters_all_consumed(void **state)
{
	struct fixture *f = setup_threads(8, 20000);
	struct worker w[THREADS];
	struct smmuv3_cmdq_stats st0, st;
	unsigned int barriers = 0;

	(void)state;
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st0), 0);
	run_workers(f, w, false);
	for (unsigned int t = 0; t < THREADS; t++)
		assert_int_equal(w[t].wrong, 0);
	assert_all_consumed_in_order(f, w);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st), 0);
	/* Each sync-only call either wrote a CMD_SYNC or shared one. */
	for (unsigned int t = 0; t < THREADS; t++)
		barriers += w[t].barriers;
	assert_int_equal(st.submissions - st0.submissions + st.syncs_shared - st0.syncs_shared,
			 THREADS * ROUNDS + barriers);
	assert_int_equal(st.timeouts, 0);
	/* Submitters wrote while the SMMU worked on earlier commands: the
	 * queue lock is not held across the wait. */
	assert_true(f->mock->n_prod_writes_busy > 0);
	teardown_threads(f);
}

/* An 8-entry ring: submissions are split into pieces and producers wait
 * for other submitters' commands to drain. */
static void tiny_ring_shared(void **state)
{
	struct fixture *f = setup_threads(3, 5000);
	struct worker w[THREADS];

	(void)state;
	run_workers(f, w, false);
	for (unsigned int t = 0; t < THREADS; t++)
		assert_int_equal(w[t].wrong, 0);
	assert_all_consumed_in_order(f, w);
	teardown_threads(f);
}

/* Thread 0 sends an illegal command now and then: only those submissions
 * fail, whichever thread happened to recover the error. */
static void errors_charged_to_their_submitter(void **state)
{
	struct fixture *f = setup_threads(5, 10000);
	struct worker w[THREADS];
	struct smmuv3_cmdq_stats st;

	(void)state;
	run_workers(f, w, true);
	for (unsigned int t = 0; t < THREADS; t++)
		assert_int_equal(w[t].wrong, 0);
	assert_true(w[0].bad_sent > 0);
	assert_all_consumed_in_order(f, w);
	assert_int_equal(smmuv3_cmdq_get_stats(&f->smmu, &st), 0);
	assert_int_equal(st.cerror_ill, w[0].bad_sent);
	teardown_threads(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(concurrent_submitters_all_consumed),
		cmocka_unit_test(tiny_ring_shared),
		cmocka_unit_test(errors_charged_to_their_submitter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
