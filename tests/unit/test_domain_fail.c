// SPDX-License-Identifier: BSD-3-Clause
/*
 * Domains under failure: every command of attach, detach, unmap, map and
 * destroy is made to fail in turn (the mock's cerror_at, plus a second
 * failure through the command hook to hit the recovery path too), and
 * every allocation of attach (the test port's fail_in). After each
 * failure the test checks what the SMMU would do, through the mock's
 * translator with its TLB on, while "traffic" (a translation before
 * every command the mock consumes) fills the TLB during the call:
 *   - the stream's STE is the one it had, or the domain still counts the
 *     attachment (and a detach then removes it);
 *   - no stale translation: after the failure the address is remapped
 *     elsewhere while the domain is installed nowhere (so its unmap may
 *     skip invalidation) and re-attached; the mock must translate to the
 *     new address, not a cached old one;
 *   - no table freed while reachable: destroying the domain right after
 *     a failed attach, then translating, must fault without touching
 *     freed memory (ASan poisons the pool's freed blocks);
 *   - nothing leaked: DMA bytes live before and after are equal.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#include <smmuv3/domain.h>
#include <smmuv3/stream.h>
#include "core/objects.h"

#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)
#define OWNER 42u
#define SID 8u
#define IOVA 0x200000u
#define NONE (~UINT64_C(0))
/* Output addresses: stage-1 outputs are IPAs under the nest. */
#define OUT1 0x10001000u
#define OUT2 0x10005000u
#define OUT_NB 0x10009000u
#define NEST_IPA 0x10000000u
#define NEST_PA 0x50000000u

struct scen {
	const char *name;
	enum smmuv3_domain_type type;
	unsigned int ssid_bits;
	uint32_t ssid;
	bool nested;
	bool neighbour; /* another domain on substream 1 of the stream */
};

static const struct scen scens[] = {
	{ "s2", SMMUV3_DOMAIN_S2, 0, 0, false, false },
	{ "s1", SMMUV3_DOMAIN_S1, 0, 0, false, false },
	{ "s1-substream", SMMUV3_DOMAIN_S1, 4, 2, false, true },
	{ "s1-2level-cd", SMMUV3_DOMAIN_S1, 12, 0x523, false, false },
	{ "nested", SMMUV3_DOMAIN_S1, 0, 0, true, false },
};

/* The mock's command hook: a transaction before every command (filling
 * the TLB with whatever the SMMU could use at that moment), and an
 * optional second command failure. */
struct traffic {
	struct fixture *f;
	const struct scen *sc;
	uint64_t fail_at; /* n_consumed value to reject; 0: none */
	unsigned long seen;
};

struct world {
	struct fixture *f;
	const struct scen *sc;
	struct smmuv3_domain d, nest, nb;
	size_t live0;
	struct traffic t;
};

static uint64_t xlate_at(struct fixture *f, uint32_t ssid, bool ssv, uint64_t iova)
{
	struct smmuv3_mock_xlate x;

	smmuv3_mock_translate(f->mock, SID, ssid, ssv, iova, 0, &x);
	return x.status == SMMUV3_MOCK_XLATE_OK ? x.pa : NONE;
}

static uint64_t xl(struct world *w)
{
	return xlate_at(w->f, w->sc->ssid, w->sc->ssid_bits > 0, IOVA + 0x10);
}

/* Where the domain's output @out lands. */
static uint64_t pa_of(const struct world *w, uint64_t out)
{
	return (w->sc->nested ? out - NEST_IPA + NEST_PA : out) + 0x10;
}

static uint32_t traffic_hook(void *arg, unsigned int bank, const struct smmuv3_mock_cmd *cmd)
{
	struct traffic *t = arg;

	(void)bank;
	(void)cmd;
	t->seen++;
	(void)xlate_at(t->f, t->sc->ssid, t->sc->ssid_bits > 0, IOVA + 0x10);
	if (t->sc->neighbour)
		(void)xlate_at(t->f, 1, true, IOVA + 0x10);
	if (t->fail_at && t->f->mock->n_consumed == t->fail_at)
		return SMMUV3_CERROR_ILL;
	return SMMUV3_CERROR_NONE;
}

static void traffic_on(struct world *w, uint64_t fail_at)
{
	w->t = (struct traffic){ .f = w->f, .sc = w->sc, .fail_at = fail_at };
	w->f->mock->on_cmd = traffic_hook;
	w->f->mock->on_cmd_arg = &w->t;
}

static void traffic_off(struct world *w)
{
	w->f->mock->on_cmd = NULL;
	w->f->mock->cerror_at = 0;
	w->f->tp.fail_in = -1;
}

static void new_domain(struct fixture *f, struct smmuv3_domain *d, enum smmuv3_domain_type t)
{
	struct smmuv3_domain_cfg c;

	smmuv3_domain_cfg_init(&f->smmu, &c, t);
	c.owner = OWNER;
	assert_int_equal(smmuv3_domain_init(&f->smmu, d, &c), 0);
}

static int attach(struct world *w)
{
	return smmuv3_domain_attach(&w->d, SID, OWNER, w->sc->ssid, w->sc->ssid_bits,
				    w->sc->nested ? &w->nest : NULL);
}

static bool attached(struct world *w)
{
	for (unsigned int i = 0; i < SMMUV3_DOMAIN_MAX_ATTACH; i++)
		if (smmuv3_dom_of(&w->d)->att[i].used && smmuv3_dom_of(&w->d)->att[i].sid == SID && smmuv3_dom_of(&w->d)->att[i].ssid == w->sc->ssid)
			return true;
	return false;
}

/* The domain (mapping IOVA to OUT1) and what it shares the stream with. */
static void world_init(struct world *w, struct fixture *f, const struct scen *sc)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->sc = sc;
	w->live0 = f->tp.live_bytes;
	if (sc->nested) {
		new_domain(f, &w->nest, SMMUV3_DOMAIN_S2);
		/* Stage-1 tables and CD table at IPA == PA. */
		assert_int_equal(smmuv3_domain_map(&w->nest, f->tp.pa_base, f->tp.pa_base,
						   64u << 20, RW), 0);
		assert_int_equal(smmuv3_domain_map(&w->nest, NEST_IPA, NEST_PA, 0x200000, RW), 0);
	}
	if (sc->neighbour) {
		new_domain(f, &w->nb, SMMUV3_DOMAIN_S1);
		assert_int_equal(smmuv3_domain_map(&w->nb, IOVA, OUT_NB, 0x1000, RW), 0);
		assert_int_equal(smmuv3_domain_attach(&w->nb, SID, OWNER, 1, sc->ssid_bits, NULL),
				 0);
		assert_int_equal(xlate_at(f, 1, true, IOVA + 0x10), OUT_NB + 0x10);
	}
	new_domain(f, &w->d, sc->type);
	assert_int_equal(smmuv3_domain_map(&w->d, IOVA, OUT1, 0x1000, RW), 0);
}

/* Whether the mock's TLB holds anything tagged with a domain's
 * ASID/VMID (stage 1 and combined entries for stage 1; everything of
 * the VMID for stage 2). */
static bool tag_cached(struct fixture *f, enum smmuv3_domain_type t, uint16_t vmid,
		       uint16_t asid)
{
	for (size_t i = 0; i < f->mock->tlb_len; i++) {
		const struct smmuv3_mock_tlb_entry *e = &f->mock->tlb[i];

		if (e->vmid != vmid)
			continue;
		if (t == SMMUV3_DOMAIN_S2 || (e->stage != 2 && e->asid == asid))
			return true;
	}
	return false;
}

/* The neighbour was never disturbed. */
static void check_neighbour(struct world *w)
{
	if (w->sc->neighbour)
		assert_int_equal(xlate_at(w->f, 1, true, IOVA + 0x10), OUT_NB + 0x10);
}

/* Remap IOVA while the domain is installed nowhere, re-attach: the SMMU
 * must see the new mapping (a cached old one would be stale). */
static void check_no_stale(struct world *w)
{
	assert_false(attached(w));
	assert_int_equal(smmuv3_domain_unmap(&w->d, IOVA, 0x1000), 0);
	assert_int_equal(smmuv3_domain_map(&w->d, IOVA, OUT2, 0x1000, RW), 0);
	assert_int_equal(attach(w), 0);
	assert_int_equal(xl(w), pa_of(w, OUT2));
	assert_false(smmuv3_dom_of(&w->d)->inval_owed);
	assert_int_equal(smmuv3_domain_detach(&w->d, SID, OWNER, w->sc->ssid), 0);
	assert_int_equal(xl(w), NONE);
}

static void world_fini(struct world *w)
{
	struct fixture *f = w->f;

	traffic_off(w);
	if (smmuv3_dom_of(&w->d)->smmu) {
		if (attached(w))
			assert_int_equal(smmuv3_domain_detach(&w->d, SID, OWNER, w->sc->ssid), 0);
		assert_int_equal(smmuv3_domain_destroy(&w->d), 0);
	}
	if (w->sc->neighbour) {
		check_neighbour(w);
		assert_int_equal(smmuv3_domain_detach(&w->nb, SID, OWNER, 1), 0);
		assert_int_equal(smmuv3_domain_destroy(&w->nb), 0);
	}
	if (w->sc->nested)
		assert_int_equal(smmuv3_domain_destroy(&w->nest), 0);
	/* Back to the abort STE (frees the stream's CD table). */
	{
		struct smmuv3_stream_cfg sc;

		smmuv3_stream_cfg_init(&f->smmu, &sc, SMMUV3_STREAM_ABORT);
		assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &sc), 0);
	}
	assert_int_equal(xl(w), NONE);
	if (f->tp.live_bytes != w->live0)
		fail_msg("%s: %zu DMA bytes live, %zu before", w->sc->name, f->tp.live_bytes,
			 w->live0);
}

static struct fixture *setup(void)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);

	struct smmuv3_domain d;

	fixture_enable(f);
	f->mock->tlb_enabled = true;
	/* The ASID and VMID allocators' bitmaps live on from the first use. */
	new_domain(f, &d, SMMUV3_DOMAIN_S1);
	assert_int_equal(smmuv3_domain_destroy(&d), 0);
	new_domain(f, &d, SMMUV3_DOMAIN_S2);
	assert_int_equal(smmuv3_domain_destroy(&d), 0);
	/* A neighbour stream keeps the level-2 table alive, so the DMA
	 * bytes before and after a round compare exactly. */
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID + 1, OWNER), 0);
	return f;
}

static void teardown(struct fixture *f)
{
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID + 1, OWNER), 0);
	fixture_free(f);
}

/*
 * After a failed attach: either nothing the SMMU sees changed (same STE,
 * no translation) or the domain still counts the attachment. Then the
 * follow-up (@destroy_now: destroy at once and translate; otherwise the
 * stale check).
 */
static void after_failed_attach(struct world *w, int rc, int expect_rc,
				const struct smmuv3_ste *before, bool destroy_now,
				unsigned int *undone, unsigned int *kept)
{
	struct smmuv3_ste now;

	assert_int_equal(rc, expect_rc);
	check_neighbour(w);
	if (attached(w)) {
		/* Could not be undone: kept on the books, destroy waits. */
		(*kept)++;
		assert_int_equal(smmuv3_domain_destroy(&w->d), SMMUV3_ERR_BUSY);
		assert_int_equal(smmuv3_domain_detach(&w->d, SID, OWNER, w->sc->ssid), 0);
		assert_int_equal(xl(w), NONE);
	} else {
		(*undone)++;
		assert_int_equal(smmuv3_stream_read_ste(&w->f->smmu, SID, &now), 0);
		assert_memory_equal(now.dw, before->dw, sizeof(now.dw));
		assert_int_equal(xl(w), NONE);
		if (w->sc->nested)
			assert_int_equal(smmuv3_dom_of(&w->nest)->n_nested, 0);
	}
	if (destroy_now) {
		assert_int_equal(smmuv3_domain_destroy(&w->d), 0);
		/* Walks nothing freed (ASan), translates nothing. */
		assert_int_equal(xl(w), NONE);
	} else {
		check_no_stale(w);
	}
}

/* Every command of an attach fails in turn, and with it every command of
 * the recovery that follows (fail2 commands later). */
static void attach_command_errors(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof(scens) / sizeof(scens[0]); s++) {
		struct fixture *f = setup();
		unsigned int undone = 0, kept = 0, rounds = 0;

		for (uint64_t k = 1;; k++) {
			bool done = false;

			for (uint64_t k2 = 0; k2 <= 8 && !done; k2++) {
				for (int destroy_now = 0; destroy_now < 2; destroy_now++) {
					struct world w;
					struct smmuv3_ste before;
					int rc;

					world_init(&w, f, &scens[s]);
					assert_int_equal(smmuv3_stream_read_ste(&f->smmu, SID, &before),
							 0);
					traffic_on(&w, k2 ? f->mock->n_consumed + k + k2 : 0);
					f->mock->cerror_at = f->mock->n_consumed + k;
					rc = attach(&w);
					traffic_off(&w);
					if (!rc) {
						/* k is past the attach's last command. */
						assert_true(k > 1);
						assert_int_equal(xl(&w), pa_of(&w, OUT1));
						done = true;
						world_fini(&w);
						break;
					}
					rounds++;
					after_failed_attach(&w, rc, SMMUV3_ERR_CMD_ILL, &before,
							    destroy_now, &undone, &kept);
					world_fini(&w);
				}
			}
			if (done)
				break;
		}
		/* Both outcomes happened: undone, and (recovery failing) kept. */
		if (!undone || !kept || rounds < 4)
			fail_msg("%s: %u rounds, %u undone, %u kept", scens[s].name, rounds, undone,
				 kept);
		print_message("attach %s: %u failed rounds, %u undone, %u kept\n", scens[s].name,
			      rounds, undone, kept);
		teardown(f);
	}
}

/* Every allocation of an attach fails in turn (the stream's CD table,
 * a CD leaf). */
static void attach_allocation_failures(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof(scens) / sizeof(scens[0]); s++) {
		struct fixture *f = setup();
		unsigned int undone = 0, kept = 0;

		for (long k = 0;; k++) {
			struct world w;
			struct smmuv3_ste before;
			int rc;

			world_init(&w, f, &scens[s]);
			assert_int_equal(smmuv3_stream_read_ste(&f->smmu, SID, &before), 0);
			traffic_on(&w, 0);
			f->tp.fail_in = k;
			rc = attach(&w);
			traffic_off(&w);
			if (!rc) {
				world_fini(&w);
				break;
			}
			after_failed_attach(&w, rc, SMMUV3_ERR_NOMEM, &before, k & 1, &undone,
					    &kept);
			world_fini(&w);
		}
		/* An allocation failure is always undone. */
		assert_int_equal(kept, 0);
		if (scens[s].type == SMMUV3_DOMAIN_S1 && !scens[s].neighbour)
			assert_true(undone > 0);
		teardown(f);
	}
}

/*
 * Every command of a detach fails in turn. Either the attachment stays
 * (detach again succeeds) or it is gone with the invalidation owed;
 * then the address is remapped while detached and the mock must not
 * translate through a stale entry, neither for this domain re-attached
 * nor for a new domain given the freed ASID/VMID.
 */
static void detach_command_errors(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof(scens) / sizeof(scens[0]); s++) {
		struct fixture *f = setup();
		unsigned int kept = 0, owed = 0;

		for (uint64_t k = 1;; k++) {
			bool done = false;

			for (int reuse_id = 0; reuse_id < 2 && !done; reuse_id++) {
				struct world w;
				uint16_t asid, vmid;
				int rc;

				world_init(&w, f, &scens[s]);
				assert_int_equal(attach(&w), 0);
				assert_int_equal(xl(&w), pa_of(&w, OUT1));
				traffic_on(&w, 0);
				f->mock->cerror_at = f->mock->n_consumed + k;
				rc = smmuv3_domain_detach(&w.d, SID, OWNER, scens[s].ssid);
				traffic_off(&w);
				if (!rc) {
					assert_int_equal(xl(&w), NONE);
					done = true;
					world_fini(&w);
					break;
				}
				assert_int_equal(rc, SMMUV3_ERR_CMD_ILL);
				check_neighbour(&w);
				if (attached(&w)) {
					kept++;
					assert_int_equal(smmuv3_domain_destroy(&w.d), SMMUV3_ERR_BUSY);
					assert_int_equal(smmuv3_domain_detach(&w.d, SID, OWNER,
									      scens[s].ssid), 0);
				} else {
					owed++;
					assert_true(smmuv3_dom_of(&w.d)->inval_owed);
				}
				assert_int_equal(xl(&w), NONE);
				if (!reuse_id) {
					check_no_stale(&w);
					world_fini(&w);
					continue;
				}
				/* Destroy pays what is owed: nothing tagged with the
				 * identifier it frees survives for its next user. */
				asid = smmuv3_dom_of(&w.d)->asid;
				vmid = smmuv3_dom_of(&w.d)->vmid;
				assert_int_equal(smmuv3_domain_destroy(&w.d), 0);
				assert_false(tag_cached(f, scens[s].type, vmid, asid));
				memset(&w.d, 0, sizeof(w.d));
				world_fini(&w);
			}
			if (done)
				break;
		}
		if (!kept || !owed)
			fail_msg("%s: %u kept, %u owed", scens[s].name, kept, owed);
		print_message("detach %s: %u kept, %u owed\n", scens[s].name, kept, owed);
		teardown(f);
	}
}

/*
 * An unmap whose invalidation fails while nothing was freed (leaf only)
 * leaves a stale entry; the next map of the address must not be
 * shadowed by it: map pays the owed invalidation first, and when even
 * that fails, maps nothing.
 */
static void unmap_error_then_map(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof(scens) / sizeof(scens[0]); s++) {
		struct fixture *f = setup();
		struct world w;
		uint64_t pa;
		size_t from;

		world_init(&w, f, &scens[s]);
		/* A neighbour page keeps the leaf table: leaf-only unmap. */
		assert_int_equal(smmuv3_domain_map(&w.d, IOVA + 0x1000, OUT2, 0x1000, RW), 0);
		assert_int_equal(attach(&w), 0);
		assert_int_equal(xl(&w), pa_of(&w, OUT1));
		f->mock->cerror_at = f->mock->n_consumed + 1;
		assert_int_equal(smmuv3_domain_unmap(&w.d, IOVA, 0x1000), SMMUV3_ERR_CMD_ILL);
		assert_true(smmuv3_dom_of(&w.d)->inval_owed);
		assert_int_equal(xl(&w), pa_of(&w, OUT1)); /* stale, and reported */
		/* The owed invalidation fails again: nothing is mapped. */
		f->mock->cerror_at = f->mock->n_consumed + 1;
		assert_int_equal(smmuv3_domain_map(&w.d, IOVA, OUT_NB, 0x1000, RW),
				 SMMUV3_ERR_CMD_ILL);
		assert_int_equal(smmuv3_domain_iova_to_phys(&w.d, IOVA, &pa), SMMUV3_ERR_NOENT);
		assert_true(smmuv3_dom_of(&w.d)->inval_owed);
		from = f->mock->n_cmds;
		assert_int_equal(smmuv3_domain_map(&w.d, IOVA, OUT_NB, 0x1000, RW), 0);
		assert_int_equal(f->mock->n_cmds - from, 2); /* whole tag + sync */
		assert_false(smmuv3_dom_of(&w.d)->inval_owed);
		assert_int_equal(xl(&w), pa_of(&w, OUT_NB));
		/* Paid once: the next map issues nothing. */
		assert_int_equal(smmuv3_domain_unmap(&w.d, IOVA, 0x1000), 0);
		from = f->mock->n_cmds;
		assert_int_equal(smmuv3_domain_map(&w.d, IOVA, OUT1, 0x1000, RW), 0);
		assert_int_equal(f->mock->n_cmds, from);
		assert_int_equal(xl(&w), pa_of(&w, OUT1));
		assert_int_equal(smmuv3_domain_unmap(&w.d, IOVA + 0x1000, 0x1000), 0);
		world_fini(&w);
		teardown(f);
	}
}

/*
 * A detach whose invalidation failed, then an unmap while detached that
 * frees tables: the owed whole-tag invalidation is issued before they
 * are freed (and, failing, keeps them).
 */
static void owed_paid_before_tables_freed(void **state)
{
	struct fixture *f;
	struct world w;
	size_t from;
	unsigned long tables;

	(void)state;
	f = setup();
	world_init(&w, f, &scens[1]);
	assert_int_equal(attach(&w), 0);
	assert_int_equal(xl(&w), pa_of(&w, OUT1));
	/* Detach: clear CD (CFGI+SYNC per step), abort STE, then the TLBI:
	 * fail the last command issued. Find it by counting first. */
	from = (size_t)f->mock->n_consumed;
	assert_int_equal(smmuv3_domain_detach(&w.d, SID, OWNER, 0), 0);
	from = (size_t)f->mock->n_consumed - from; /* commands of a detach */
	assert_int_equal(attach(&w), 0);
	f->mock->cerror_at = f->mock->n_consumed + from - 1; /* the TLBI */
	assert_int_equal(smmuv3_domain_detach(&w.d, SID, OWNER, 0), SMMUV3_ERR_CMD_ILL);
	assert_false(attached(&w));
	assert_true(smmuv3_dom_of(&w.d)->inval_owed);
	tables = smmuv3_dom_of(&w.d)->pt.stats.tables;
	/* Paying fails too: the tables stay. */
	f->mock->cerror_at = f->mock->n_consumed + 1;
	assert_int_equal(smmuv3_domain_unmap(&w.d, IOVA, 0x1000), SMMUV3_ERR_CMD_ILL);
	assert_non_null(smmuv3_dom_of(&w.d)->pt.deferred);
	assert_int_equal(smmuv3_dom_of(&w.d)->pt.stats.tables, tables);
	from = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_map(&w.d, 0x40000000, OUT2, 0x1000, RW), 0);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[from].dw[0]),
			 SMMUV3_OP_TLBI_NH_ASID);
	assert_false(smmuv3_dom_of(&w.d)->inval_owed);
	/* The deferred tables go with the next unmap, after its sync. */
	assert_int_equal(smmuv3_domain_unmap(&w.d, 0x40000000, 0x1000), 0);
	assert_null(smmuv3_dom_of(&w.d)->pt.deferred);
	world_fini(&w);
	teardown(f);
}

/*
 * What detach and an unmap while detached both failed to invalidate is
 * paid by the next attach before the domain translates again: the
 * unmapped page must not come back through a cached entry.
 */
static void attach_pays_owed(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof(scens) / sizeof(scens[0]); s++) {
		struct fixture *f = setup();
		struct world w;
		uint64_t at;
		size_t from;

		world_init(&w, f, &scens[s]);
		assert_int_equal(smmuv3_domain_map(&w.d, IOVA + 0x1000, OUT2, 0x1000, RW), 0);
		assert_int_equal(attach(&w), 0);
		assert_int_equal(xl(&w), pa_of(&w, OUT1));
		/* Fail detach's last invalidation (the one before the sync). */
		at = f->mock->n_consumed;
		assert_int_equal(smmuv3_domain_detach(&w.d, SID, OWNER, scens[s].ssid), 0);
		at = f->mock->n_consumed - at - 1;
		assert_int_equal(attach(&w), 0);
		assert_int_equal(xl(&w), pa_of(&w, OUT1));
		f->mock->cerror_at = f->mock->n_consumed + at;
		assert_int_equal(smmuv3_domain_detach(&w.d, SID, OWNER, scens[s].ssid),
				 SMMUV3_ERR_CMD_ILL);
		assert_true(smmuv3_dom_of(&w.d)->inval_owed);
		f->mock->cerror_at = f->mock->n_consumed + 1;
		assert_int_equal(smmuv3_domain_unmap(&w.d, IOVA, 0x1000), SMMUV3_ERR_CMD_ILL);
		from = f->mock->n_cmds;
		assert_int_equal(attach(&w), 0);
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[from].dw[0]),
				 scens[s].type == SMMUV3_DOMAIN_S2 ? SMMUV3_OP_TLBI_S12_VMALL :
								    SMMUV3_OP_TLBI_NH_ASID);
		assert_int_equal(xl(&w), NONE);
		assert_int_equal(xlate_at(f, scens[s].ssid, scens[s].ssid_bits > 0, IOVA + 0x1010),
				 pa_of(&w, OUT2));
		assert_int_equal(smmuv3_domain_unmap(&w.d, IOVA + 0x1000, 0x1000), 0);
		world_fini(&w);
		teardown(f);
	}
}

/* A failed smmuv3_domain_invalidate() (the caller changed the table
 * itself) leaves the whole tag owed: the next one, whatever its range,
 * removes the stale entry. */
static void invalidate_error_owed(void **state)
{
	struct fixture *f;
	struct world w;
	size_t from;

	(void)state;
	f = setup();
	world_init(&w, f, &scens[0]);
	assert_int_equal(attach(&w), 0);
	assert_int_equal(xl(&w), pa_of(&w, OUT1));
	assert_int_equal(smmuv3_pgtable_unmap(&smmuv3_dom_of(&w.d)->pt, IOVA, 0x1000, NULL), 0);
	f->mock->cerror_at = f->mock->n_consumed + 1;
	assert_int_equal(smmuv3_domain_invalidate(&w.d, IOVA, 0x1000, false), SMMUV3_ERR_CMD_ILL);
	assert_true(smmuv3_dom_of(&w.d)->inval_owed);
	assert_int_equal(xl(&w), pa_of(&w, OUT1)); /* stale, reported */
	/* The tables the caller unlinked may still be walked: kept. */
	assert_int_equal(smmuv3_domain_reclaim(&w.d), 0);
	from = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_invalidate(&w.d, 0x40000000, 0x1000, true), 0);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[from].dw[0]),
			 SMMUV3_OP_TLBI_S12_VMALL);
	assert_false(smmuv3_dom_of(&w.d)->inval_owed);
	assert_int_equal(xl(&w), NONE);
	assert_int_equal(smmuv3_domain_reclaim(&w.d), 3); /* leaf, levels 2 and 1 */
	world_fini(&w);
	teardown(f);
}

/* A queue that stops consuming: the call times out (the commands may
 * still run later), with the same outcomes as a rejected command. */
static void timeouts(void **state)
{
	struct fixture *f;
	struct world w;

	(void)state;
	f = setup();
	world_init(&w, f, &scens[1]);
	assert_int_equal(smmuv3_domain_map(&w.d, IOVA + 0x1000, OUT2, 0x1000, RW), 0);
	assert_int_equal(attach(&w), 0);
	assert_int_equal(xl(&w), pa_of(&w, OUT1));
	/* Unmap: the TLBI times out; the whole tag is owed. */
	f->mock->cmdq_stopped = true;
	assert_int_equal(smmuv3_domain_unmap(&w.d, IOVA, 0x1000), SMMUV3_ERR_TIMEOUT);
	assert_true(smmuv3_dom_of(&w.d)->inval_owed);
	f->mock->cmdq_stopped = false;
	smmuv3_mock_cmdq_process(f->mock, false);
	assert_int_equal(smmuv3_domain_map(&w.d, IOVA, OUT_NB, 0x1000, RW), 0);
	assert_false(smmuv3_dom_of(&w.d)->inval_owed);
	assert_int_equal(xl(&w), pa_of(&w, OUT_NB));
	/* Detach: the CD change times out; still attached, detach again. */
	f->mock->cmdq_stopped = true;
	assert_int_equal(smmuv3_domain_detach(&w.d, SID, OWNER, 0), SMMUV3_ERR_TIMEOUT);
	assert_true(attached(&w));
	f->mock->cmdq_stopped = false;
	smmuv3_mock_cmdq_process(f->mock, false);
	assert_int_equal(smmuv3_domain_detach(&w.d, SID, OWNER, 0), 0);
	assert_int_equal(xl(&w), NONE);
	assert_int_equal(smmuv3_domain_unmap(&w.d, IOVA, 0x1000), 0);
	assert_int_equal(smmuv3_domain_unmap(&w.d, IOVA + 0x1000, 0x1000), 0);
	world_fini(&w);
	teardown(f);
}

/* Destroy's invalidation fails: nothing freed, the domain still works,
 * destroy again frees everything. */
static void destroy_command_error(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof(scens) / sizeof(scens[0]); s++) {
		struct fixture *f = setup();
		struct world w;
		uint64_t pa;
		size_t live;

		world_init(&w, f, &scens[s]);
		live = f->tp.live_bytes;
		f->mock->cerror_at = f->mock->n_consumed + 1;
		assert_int_equal(smmuv3_domain_destroy(&w.d), SMMUV3_ERR_CMD_ILL);
		assert_int_equal(f->tp.live_bytes, live);
		assert_int_equal(smmuv3_domain_iova_to_phys(&w.d, IOVA, &pa), 0);
		assert_int_equal(pa, OUT1);
		assert_true(smmuv3_dom_of(&w.d)->inval_owed);
		assert_int_equal(attach(&w), 0);
		assert_false(smmuv3_dom_of(&w.d)->inval_owed);
		assert_int_equal(xl(&w), pa_of(&w, OUT1));
		world_fini(&w);
		teardown(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(attach_command_errors),
		cmocka_unit_test(attach_allocation_failures),
		cmocka_unit_test(detach_command_errors),
		cmocka_unit_test(unmap_error_then_map),
		cmocka_unit_test(owed_paid_before_tables_freed),
		cmocka_unit_test(attach_pays_owed),
		cmocka_unit_test(invalidate_error_owed),
		cmocka_unit_test(timeouts),
		cmocka_unit_test(destroy_command_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
