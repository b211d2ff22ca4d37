// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command queue benchmark: commands per second submitted to the register
 * mock (which consumes on the PROD write, so this measures the library's
 * own cost plus the mock's bookkeeping), and per submission the CMDQ_PROD
 * writes, CMD_SYNCs and CMDQ_CONS reads the SMMU would see.
 *
 *   bench-cmdq                   every scenario, one line each
 *   bench-cmdq ITERS             the same with ITERS submissions each
 *   bench-cmdq ITERS SCENARIO    one scenario (its number in the list),
 *                                for tests/bench/callgrind_cmdq.sh
 *   bench-cmdq --threads [LATENCY_NS [ITERS]]
 *                                1, 2 and 4 threads each submitting ITERS
 *                                single-command + CMD_SYNC submissions to
 *                                a mock that takes LATENCY_NS (real time)
 *                                per batch of work (issue 14 item 6)
 *
 * Not a test: nothing here asserts a time. Figures: docs/performance.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/hw/cmdq.h>

#include "smmuv3_mock.h"
#include "test_port.h"
#include "core/objects.h"

#define BASE ((uintptr_t)0x09050000)

struct bench {
	struct smmuv3_mock *mock;
	struct smmuv3_test_port tp;
	struct smmuv3 smmu;
};

struct scenario {
	const char *name;
	const struct smmuv3_mock_profile *profile;
	unsigned int cmdq_log2;      /* 0: default (256 entries) */
	enum smmuv3_sync_mode mode;
	unsigned int cmds;           /* commands per submission */
	unsigned int batch_cap;      /* 0: one smmuv3_cmdq_submit(); else batch API */
	unsigned int consume_max;    /* mock: commands consumed per doorbell/poll */
};

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench-cmdq: %s failed: %d\n", what, rc);
	exit(1);
}

static void bench_up(struct bench *b, const struct scenario *s)
{
	struct smmuv3_config cfg;
	int rc;

	b->mock = smmuv3_mock_create(s->profile);
	if (!b->mock || smmuv3_test_port_init(&b->tp, b->mock, BASE, (size_t)16 << 20))
		die("mock", -1);
	b->tp.print_level = -1;
	smmuv3_config_default(&cfg);
	cfg.base = BASE;
	cfg.port = &b->tp;
	cfg.cmdq_log2 = s->cmdq_log2;
	rc = smmuv3_init(&b->smmu, &cfg);
	if (!rc)
		rc = smmuv3_probe(&b->smmu);
	if (!rc)
		rc = smmuv3_reset(&b->smmu);
	if (!rc)
		rc = smmuv3_cmdq_set_sync_mode(&b->smmu, s->mode);
	if (rc)
		die(s->name, rc);
	b->mock->cmdq_consume_max = s->consume_max;
	b->mock->cmdq_consume_on_read = s->consume_max != 0;
}

static void bench_down(struct bench *b)
{
	smmuv3_teardown(&b->smmu);
	smmuv3_test_port_fini(&b->tp);
	smmuv3_mock_destroy(b->mock);
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int submit_once(struct bench *b, const struct scenario *s, struct smmuv3_cmd *cmds,
		       struct smmuv3_cmd *storage)
{
	struct smmuv3_cmdq_batch batch;
	int rc;

	if (!s->batch_cap)
		return smmuv3_cmdq_submit(&b->smmu, cmds, s->cmds, true);
	smmuv3_cmdq_batch_init(&batch, &b->smmu, storage, s->batch_cap);
	for (unsigned int i = 0; i < s->cmds; i++) {
		rc = smmuv3_cmdq_batch_add(&batch, cmds[i]);
		if (rc)
			return rc;
	}
	return smmuv3_cmdq_batch_submit(&batch);
}

static void run(const struct scenario *s, unsigned long iters)
{
	struct smmuv3_cmd *cmds = calloc(s->cmds, sizeof(*cmds));
	struct smmuv3_cmd *storage = calloc(s->batch_cap ? s->batch_cap : 1, sizeof(*storage));
	struct smmuv3_cmdq_stats st0, st1;
	uint64_t cons0, cons1;
	struct bench b;
	double t0, t;
	int rc;

	if (!cmds || !storage)
		die("calloc", -1);
	for (unsigned int i = 0; i < s->cmds; i++)
		cmds[i] = smmuv3_cmd_tlbi_nh_va(1, 2, (uint64_t)i << 12, true, NULL);
	bench_up(&b, s);
	smmuv3_cmdq_get_stats(&b.smmu, &st0);
	cons0 = b.mock->n_cons_reads;
	t0 = now_s();
	for (unsigned long it = 0; it < iters; it++) {
		rc = submit_once(&b, s, cmds, storage);
		if (rc)
			die(s->name, rc);
		/* Keep the mock's recordings from growing without bound. */
		smmuv3_mock_clear_log(b.mock);
	}
	t = now_s() - t0;
	smmuv3_cmdq_get_stats(&b.smmu, &st1);
	cons1 = b.mock->n_cons_reads;
	printf("%-28s %6u cmds %12.0f cmds/s %8.1f ns/cmd  PROD writes %6.2f  "
	       "CMD_SYNCs %5.2f  CONS reads %6.2f  per submission\n",
	       s->name, s->cmds, (double)s->cmds * (double)iters / t,
	       t * 1e9 / ((double)s->cmds * (double)iters),
	       (double)(st1.prod_writes - st0.prod_writes) / (double)iters,
	       (double)(st1.syncs - st0.syncs) / (double)iters,
	       (double)(cons1 - cons0) / (double)iters);
	bench_down(&b);
	free(cmds);
	free(storage);
}

struct thr {
	struct smmuv3 *smmu;
	unsigned long iters;
	unsigned int id;
	int rc;
};

static void *thr_run(void *arg)
{
	struct thr *t = arg;
	struct smmuv3_cmd c = smmuv3_cmd_tlbi_nh_va(t->id + 1, 2, 0, true, NULL);

	for (unsigned long i = 0; i < t->iters && !t->rc; i++)
		t->rc = smmuv3_cmdq_submit(t->smmu, &c, 1, true);
	return NULL;
}

/* Submissions per second with @nthreads submitters sharing one queue. */
static void run_threads(unsigned int nthreads, uint64_t latency_ns, unsigned long iters)
{
	const struct scenario s = { "threads", &smmuv3_mock_profile_qemu, 0, SMMUV3_SYNC_POLL,
				    1, 0, 0 };
	struct smmuv3_cmdq_stats st0, st1;
	pthread_t th[4];
	struct thr t[4];
	uint64_t batches0;
	struct bench b;
	double t0, el, per;

	bench_up(&b, &s);
	smmuv3_inst_of(&b.smmu)->timeout_ns = 10ull * 1000 * 1000 * 1000 * 1000; /* fake clock runs fast */
	smmuv3_test_port_threads(&b.tp, true);
	b.mock->cmdq_latency_ns = latency_ns;
	b.mock->cmdq_consume_on_read = false;
	smmuv3_cmdq_get_stats(&b.smmu, &st0);
	batches0 = b.mock->n_prod_writes - b.mock->n_prod_writes_busy;
	t0 = now_s();
	for (unsigned int i = 0; i < nthreads; i++) {
		t[i] = (struct thr){ .smmu = &b.smmu, .iters = iters, .id = i };
		if (pthread_create(&th[i], NULL, thr_run, &t[i]))
			die("pthread_create", -1);
	}
	for (unsigned int i = 0; i < nthreads; i++) {
		pthread_join(th[i], NULL);
		if (t[i].rc)
			die("threaded submit", t[i].rc);
	}
	el = now_s() - t0;
	smmuv3_test_port_threads(&b.tp, false);
	smmuv3_cmdq_get_stats(&b.smmu, &st1);
	/* Submissions completed per SMMU latency period: what the SMMU's
	 * latency allows, whatever the host's load does to wall time. */
	per = (double)(st1.submissions - st0.submissions) /
	      (double)(b.mock->n_prod_writes - b.mock->n_prod_writes_busy - batches0);
	printf("%u thread%s  latency %6.1f us  %5.2f submissions per SMMU batch  "
	       "=> %9.0f submissions/s at that latency  (wall: %9.0f/s)\n",
	       nthreads, nthreads > 1 ? "s" : " ", (double)latency_ns / 1000.0, per,
	       per * 1e9 / (double)latency_ns, (double)nthreads * (double)iters / el);
	bench_down(&b);
}

int main(int argc, char **argv)
{
	const struct smmuv3_mock_profile *q = &smmuv3_mock_profile_qemu;
	const struct smmuv3_mock_profile *m = &smmuv3_mock_profile_mmu600;
	const struct scenario scenarios[] = {
		{ "single+sync poll", q, 0, SMMUV3_SYNC_POLL, 1, 0, 0 },
		{ "batch 8 poll", q, 0, SMMUV3_SYNC_POLL, 8, 0, 0 },
		{ "batch 64 poll", q, 0, SMMUV3_SYNC_POLL, 64, 0, 0 },
		{ "batch 255 poll", q, 0, SMMUV3_SYNC_POLL, 255, 0, 0 },
		{ "batch 64 msi", m, 0, SMMUV3_SYNC_MSI, 64, 0, 0 },
		{ "batch-api 1000 cap 64", q, 0, SMMUV3_SYNC_POLL, 1000, 64, 0 },
		{ "batch 1000 in 2^8 queue", q, 0, SMMUV3_SYNC_POLL, 1000, 0, 0 },
		{ "batch 100 in 2^4 queue", q, 4, SMMUV3_SYNC_POLL, 100, 0, 0 },
		{ "batch 64, SMMU takes 8/poll", q, 0, SMMUV3_SYNC_POLL, 64, 0, 8 },
	};
	const size_t n = sizeof(scenarios) / sizeof(scenarios[0]);
	unsigned long iters = argc > 1 ? strtoul(argv[1], NULL, 0) : 20000;
	size_t only = argc > 2 ? (size_t)strtoul(argv[2], NULL, 0) : n;

	if (argc > 1 && !strcmp(argv[1], "--threads")) {
		uint64_t lat = argc > 2 ? strtoull(argv[2], NULL, 0) : 5000;
		unsigned long it = argc > 3 ? strtoul(argv[3], NULL, 0) : 2000;

		printf("bench-cmdq --threads: %lu submissions per thread, mock latency %llu ns "
		       "per batch (host, wall time)\n", it, (unsigned long long)lat);
		for (unsigned int k = 1; k <= 4; k *= 2)
			run_threads(k, lat, it);
		return 0;
	}
	if (argc > 2 && only >= n)
		die("scenario number", (int)only);
	printf("bench-cmdq: %lu submissions per scenario (mock SMMU, host)\n", iters);
	for (size_t i = 0; i < n; i++)
		if (only == n || only == i)
			run(&scenarios[i], iters);
	return 0;
}
