// SPDX-License-Identifier: BSD-3-Clause
/*
 * Calls on different streams and different domains of one instance, run
 * from several threads at once (docs/locking.md promises they may be):
 * claims of StreamIDs sharing a level-2 span, domain creation racing on
 * the lazily allocated ASID/VMID maps, DMA byte accounting, and event
 * routing reading spans while claims allocate and free them. The test
 * port runs in threads mode (real spin locks, serialised pool and mock).
 * Each round checks what a lost race leaves behind: a stream whose STE
 * landed in an orphaned level-2 table, a duplicate identifier, memory
 * accounted wrongly. Under ThreadSanitizer (build host-tsan) every racy
 * access is reported as well.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <string.h>

#include "fixture.h"

#include <smmuv3/domain.h>
#include <smmuv3/stream.h>
#include "core/objects.h"

#define THREADS 4
#define PER_THREAD 8
#define ROUNDS 24
#define OWNER 0x77u

struct worker {
	struct fixture *f;
	pthread_barrier_t *go;
	unsigned int t;
	uint32_t base;                 /* first StreamID of the span in use */
	int rc;                        /* first failure, 0 if none */
	struct smmuv3_domain d[PER_THREAD];
	unsigned int n_dom;
};

static void note(struct worker *w, int rc)
{
	if (rc && !w->rc)
		w->rc = rc;
}

static uint32_t sid_of(const struct worker *w, unsigned int j)
{
	return w->base + w->t + THREADS * j;
}

/* Claim this thread's StreamIDs of the span and make them bypass, or
 * stage 1 with a library CD table every other one (the span's CD table
 * array is then allocated and counted by several threads at once). */
static void *claim_worker(void *arg)
{
	struct worker *w = arg;
	struct smmuv3_stream_cfg sc, s1;

	smmuv3_stream_cfg_init(&w->f->smmu, &sc, SMMUV3_STREAM_BYPASS);
	smmuv3_stream_cfg_init(&w->f->smmu, &s1, SMMUV3_STREAM_S1);
	s1.s1.ssid_bits = 2;
	pthread_barrier_wait(w->go);
	for (unsigned int j = 0; j < PER_THREAD; j++) {
		note(w, smmuv3_stream_claim(&w->f->smmu, sid_of(w, j), OWNER));
		note(w, smmuv3_stream_configure(&w->f->smmu, sid_of(w, j), OWNER,
						j & 1 ? &s1 : &sc));
	}
	return NULL;
}

static void *release_worker(void *arg)
{
	struct worker *w = arg;

	pthread_barrier_wait(w->go);
	for (unsigned int j = 0; j < PER_THREAD; j++)
		note(w, smmuv3_stream_release(&w->f->smmu, sid_of(w, j), OWNER));
	return NULL;
}

static void run(struct worker *w, void *(*fn)(void *))
{
	pthread_t th[THREADS];
	pthread_barrier_t go;

	pthread_barrier_init(&go, NULL, THREADS);
	for (unsigned int t = 0; t < THREADS; t++) {
		w[t].go = &go;
		assert_int_equal(pthread_create(&th[t], NULL, fn, &w[t]), 0);
	}
	for (unsigned int t = 0; t < THREADS; t++)
		assert_int_equal(pthread_join(th[t], NULL), 0);
	pthread_barrier_destroy(&go);
	for (unsigned int t = 0; t < THREADS; t++)
		assert_int_equal(w[t].rc, 0);
}

static struct fixture *threaded(void)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);

	smmuv3_test_port_threads(&f->tp, true);
	fixture_enable(f);
	return f;
}

/* Claims of StreamIDs that share a level-2 span: one span, one L1
 * descriptor, every stream reachable through it, nothing leaked. */
static void claims_share_spans(void **state)
{
	struct fixture *f = threaded();
	struct worker w[THREADS];
	size_t base = smmuv3_memory_used(&f->smmu);

	(void)state;
	for (unsigned int r = 0; r < ROUNDS; r++) {
		memset(w, 0, sizeof(w));
		for (unsigned int t = 0; t < THREADS; t++)
			w[t] = (struct worker){ .f = f, .t = t, .base = (r % 16) << 8 };
		run(w, claim_worker);
		assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.live_l2, 1);
		for (unsigned int t = 0; t < THREADS; t++) {
			for (unsigned int j = 0; j < PER_THREAD; j++) {
				struct smmuv3_mock_ste_info ste;

				assert_int_equal(smmuv3_mock_decode_ste(f->mock, false, sid_of(&w[t], j),
									&ste, NULL),
						 SMMUV3_MOCK_OK);
				/* bypass, or stage 1 */
				assert_int_equal(ste.config, j & 1 ? 5 : 4);
			}
		}
		run(w, release_worker);
		assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.live_l2, 0);
		assert_int_equal(smmuv3_memory_used(&f->smmu), base);
	}
	fixture_free(f);
}

/* Domains created at once on a fresh instance: the identifier maps are
 * allocated once, every identifier handed out once. */
static void *domain_worker(void *arg)
{
	struct worker *w = arg;
	struct smmuv3_domain_cfg c;

	pthread_barrier_wait(w->go);
	for (unsigned int j = 0; j < PER_THREAD; j++) {
		smmuv3_domain_cfg_init(&w->f->smmu, &c, j & 1 ? SMMUV3_DOMAIN_S2 : SMMUV3_DOMAIN_S1);
		c.owner = OWNER;
		note(w, smmuv3_domain_init(&w->f->smmu, &w->d[j], &c));
		if (!w->rc)
			w->n_dom++;
	}
	return NULL;
}

static void *destroy_worker(void *arg)
{
	struct worker *w = arg;

	pthread_barrier_wait(w->go);
	for (unsigned int j = 0; j < w->n_dom; j++)
		note(w, smmuv3_domain_destroy(&w->d[j]));
	return NULL;
}

static void domain_ids_unique(void **state)
{
	struct fixture *f = threaded();
	static struct worker w[THREADS];

	(void)state;
	for (unsigned int r = 0; r < ROUNDS / 2; r++) {
		memset(w, 0, sizeof(w));
		for (unsigned int t = 0; t < THREADS; t++)
			w[t] = (struct worker){ .f = f, .t = t };
		run(w, domain_worker);
		for (unsigned int a = 0; a < THREADS * PER_THREAD; a++) {
			const struct smmuv3_domain *x = &w[a / PER_THREAD].d[a % PER_THREAD];

			for (unsigned int b = a + 1; b < THREADS * PER_THREAD; b++) {
				const struct smmuv3_domain *y = &w[b / PER_THREAD].d[b % PER_THREAD];

				if (smmuv3_cdom_of(x)->cfg.type != smmuv3_cdom_of(y)->cfg.type)
					continue;
				if (smmuv3_cdom_of(x)->cfg.type == SMMUV3_DOMAIN_S1)
					assert_int_not_equal(smmuv3_cdom_of(x)->asid, smmuv3_cdom_of(y)->asid);
				else
					assert_int_not_equal(smmuv3_cdom_of(x)->vmid, smmuv3_cdom_of(y)->vmid);
			}
		}
		run(w, destroy_worker);
		/* The maps go with the instance: the next round races on
		 * allocating them again. */
		assert_int_equal(smmuv3_teardown(&f->smmu), 0);
		assert_int_equal(smmuv3_memory_used(&f->smmu), 0);
		assert_int_equal(smmuv3_reset(&f->smmu), 0);
	}
	fixture_free(f);
}

/* Each thread its own domain on its own stream (all in one span): the
 * instance's domain list, occupancy checks, claims and invalidations run
 * side by side. */
static void *attach_worker(void *arg)
{
	struct worker *w = arg;
	struct smmuv3_domain_cfg c;
	struct smmuv3_domain *d = &w->d[0];
	uint32_t sid = sid_of(w, 0);

	smmuv3_domain_cfg_init(&w->f->smmu, &c, w->t & 1 ? SMMUV3_DOMAIN_S2 : SMMUV3_DOMAIN_S1);
	c.owner = OWNER + w->t;
	pthread_barrier_wait(w->go);
	note(w, smmuv3_domain_init(&w->f->smmu, d, &c));
	note(w, smmuv3_stream_claim(&w->f->smmu, sid, c.owner));
	for (unsigned int i = 0; i < 16 && !w->rc; i++) {
		note(w, smmuv3_domain_attach(d, sid, c.owner, 0, 0, NULL));
		note(w, smmuv3_domain_map(d, 0x10000, 0x80000000u, 0x1000, SMMUV3_PROT_READ));
		note(w, smmuv3_domain_unmap(d, 0x10000, 0x1000));
		note(w, smmuv3_domain_detach(d, sid, c.owner, 0));
	}
	note(w, smmuv3_stream_release(&w->f->smmu, sid, c.owner));
	note(w, smmuv3_domain_destroy(d));
	return NULL;
}

static void domains_side_by_side(void **state)
{
	struct fixture *f = threaded();
	static struct worker w[THREADS];
	size_t base = smmuv3_memory_used(&f->smmu);

	(void)state;
	for (unsigned int r = 0; r < ROUNDS / 4; r++) {
		memset(w, 0, sizeof(w));
		for (unsigned int t = 0; t < THREADS; t++)
			w[t] = (struct worker){ .f = f, .t = t, .base = 0x100 };
		run(w, attach_worker);
		assert_null(smmuv3_inst_of(&f->smmu)->domains);
		assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.live_l2, 0);
	}
	/* Only the identifier maps stay, until teardown. */
	assert_true(smmuv3_memory_used(&f->smmu) >= base);
	fixture_free(f);
}

/* Event routing looks spans up while claims allocate and free them. */
struct router {
	struct fixture *f;
	int stop;                      /* atomic */
	unsigned long delivered, owned;
	int rc;
};

static enum smmuv3_stall_action on_event(void *arg, const struct smmuv3_event *ev, uint32_t owner,
					 bool owned)
{
	struct router *r = arg;

	(void)ev;
	(void)owner;
	r->delivered++;
	r->owned += owned;
	return SMMUV3_STALL_TERMINATE;
}

static void *poll_worker(void *arg)
{
	struct router *r = arg;

	for (unsigned int i = 0; i < 200 && !r->rc; i++) {
		uint64_t rec[4] = { 0x10 | (uint64_t)(0x300 + (i % 8)) << 32, 0, 0x1000, 0 };

		/* The mock is the port's to serialise. */
		pthread_mutex_lock(&r->f->tp.mu);
		r->rc = smmuv3_mock_inject_event(r->f->mock, false, rec);
		pthread_mutex_unlock(&r->f->tp.mu);
		if (smmuv3_poll(&r->f->smmu) < 0 && !r->rc)
			r->rc = -1;
	}
	__atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void events_route_during_claims(void **state)
{
	struct fixture *f = threaded();
	struct router r = { .f = f };
	pthread_t th;
	unsigned long n = 0;

	(void)state;
	assert_int_equal(smmuv3_fault_set_default(&f->smmu, on_event, NULL, &r), 0);
	assert_int_equal(pthread_create(&th, NULL, poll_worker, &r), 0);
	while (!__atomic_load_n(&r.stop, __ATOMIC_ACQUIRE)) {
		uint32_t sid = 0x300 + (n++ % 8);

		assert_int_equal(smmuv3_stream_claim(&f->smmu, sid, OWNER), 0);
		assert_int_equal(smmuv3_stream_release(&f->smmu, sid, OWNER), 0);
	}
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.delivered, 200);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.live_l2, 0);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(claims_share_spans),
		cmocka_unit_test(domain_ids_unique),
		cmocka_unit_test(domains_side_by_side),
		cmocka_unit_test(events_route_during_claims),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
