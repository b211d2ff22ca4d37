// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fault-and-resume: the stall opt-in (STE.S1STALLD / CD.S / STE.S2S)
 * checked against every stall model as the mock's decoder reads the
 * entries (IHI 0070 5.2, 5.4, 3.12), then end to end: a device access
 * through a stalling domain faults, stalls with a STAG, is delivered by
 * smmuv3_poll() to its owner's handler, and completes (or not) as the
 * handler answers.
 */
#include <string.h>

#include "fixture.h"

#include <smmuv3/domain.h>
#include <smmuv3/evtq.h>
#include <smmuv3/stream.h>

#define OWNER 7u
#define SID 0x21u
#define CD_PA 0x80001000ull
#define TTB 0x80200000ull
#define IOVA 0x40123000ull
#define PA 0x8abc0000ull
#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)

/* MMU-600 with another (S_)IDR0.STALL_MODEL. */
static struct smmuv3_mock_profile with_model(uint32_t ns, uint32_t s)
{
	struct smmuv3_mock_profile p = smmuv3_mock_profile_mmu600;

	p.idr[0] = (p.idr[0] & ~(uint32_t)SMMUV3_IDR0_STALL_MODEL) |
		   (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_IDR0_STALL_MODEL, ns);
	p.s_idr0 = (p.s_idr0 & ~(uint32_t)SMMUV3_S_IDR0_STALL_MODEL) |
		   (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_S_IDR0_STALL_MODEL, s);
	return p;
}

static struct fixture *probed(const struct smmuv3_mock_profile *p, bool secure)
{
	struct fixture *f = fixture_new(p);

	f->cfg.secure = secure;
	fixture_probe(f);
	return f;
}

/* Build a stream's STE; when accepted, the mock's verdict on it. */
static int build(struct fixture *f, enum smmuv3_stream_mode mode, bool stall,
		 struct smmuv3_ste *ste, struct smmuv3_mock_ste_info *o, int *verdict)
{
	struct smmuv3_stream_cfg c;
	int rc;

	smmuv3_stream_cfg_init(&f->smmu, &c, mode);
	c.s2.ttb = TTB;
	c.stall = stall;
	rc = smmuv3_ste_build(&f->smmu, &c, CD_PA, 0, ste);
	if (!rc)
		*verdict = smmuv3_mock_decode_ste_words(f->mock, f->cfg.secure, ste->dw, o, NULL);
	return rc;
}

/* Build a stream's STE that must be accepted by both the library and the
 * mock's decoder; what the decoder read from it. */
static struct smmuv3_mock_ste_info accepted(struct fixture *f, enum smmuv3_stream_mode mode,
					    bool stall, struct smmuv3_ste *ste)
{
	struct smmuv3_mock_ste_info o;
	int v = -1;

	assert_int_equal(build(f, mode, stall, ste, &o, &v), 0);
	assert_int_equal(v, 0);
	return o;
}

/* The mock's verdict on an STE as it now stands. */
static int ste_verdict(struct fixture *f, const struct smmuv3_ste *ste)
{
	struct smmuv3_mock_ste_info o;

	return smmuv3_mock_decode_ste_words(f->mock, f->cfg.secure, ste->dw, &o, NULL);
}

/* The mock's verdict on a CD under a stage-1 STE with S1STALLD as given;
 * @p s: the CD's S as the decoder read it (when accepted). */
static int cd_verdict(struct fixture *f, bool s1stalld, const struct smmuv3_cd *cd, bool *s)
{
	struct smmuv3_mock_ste_info s1 = { .s1 = true, .s1stalld = s1stalld };
	struct smmuv3_mock_cd_info co = { 0 };
	int v = smmuv3_mock_decode_cd_words(f->mock, f->cfg.secure, &s1, cd->dw, &co, NULL);

	*s = co.s;
	return v;
}

static int build_cd(struct fixture *f, bool stall, struct smmuv3_cd *cd)
{
	struct smmuv3_cd_cfg c;

	smmuv3_cd_cfg_init(&f->smmu, &c);
	c.ttb0 = TTB;
	c.t0sz = 25;
	c.stall = stall;
	return smmuv3_cd_build(&f->smmu, &c, cd);
}

/* Stall-and-terminate (MMU-600): stalls only where asked for. */
static void opt_in_stall_and_terminate(void **state)
{
	struct fixture *f = probed(&smmuv3_mock_profile_mmu600, false);
	struct smmuv3_mock_ste_info o;
	struct smmuv3_stream_cfg c;
	struct smmuv3_ste ste;
	struct smmuv3_cd cd;
	bool s;
	int v = -1;

	(void)state;
	assert_true(accepted(f, SMMUV3_STREAM_S1, false, &ste).s1stalld);
	assert_false(accepted(f, SMMUV3_STREAM_S1, true, &ste).s1stalld);
	assert_false(accepted(f, SMMUV3_STREAM_S2, false, &ste).s2s);
	assert_true(accepted(f, SMMUV3_STREAM_S2, true, &ste).s2s);
	o = accepted(f, SMMUV3_STREAM_NESTED, true, &ste);
	assert_true(o.s2s && !o.s1stalld);
	/* A CD asks for S; it is legal only under S1STALLD = 0. */
	assert_int_equal(build_cd(f, true, &cd), 0);
	assert_int_equal(cd_verdict(f, false, &cd, &s), 0);
	assert_true(s);
	assert_int_equal(cd_verdict(f, true, &cd, &s), SMMUV3_MOCK_C_BAD_CD);
	assert_int_equal(build_cd(f, false, &cd), 0);
	assert_int_equal(cd_verdict(f, true, &cd, &s), 0);
	assert_false(s);
	/* Nothing to stall without translation; full ATS with S2S is ILLEGAL. */
	assert_int_equal(build(f, SMMUV3_STREAM_BYPASS, true, &ste, &o, &v), SMMUV3_ERR_INVAL);
	assert_int_equal(build(f, SMMUV3_STREAM_ABORT, true, &ste, &o, &v), SMMUV3_ERR_INVAL);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S2);
	c.s2.ttb = TTB;
	c.ats = true;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), 0);
	c.stall = true;
	assert_int_equal(smmuv3_ste_build(&f->smmu, &c, 0, 0, &ste), SMMUV3_ERR_NOTSUP);
	fixture_free(f);
}

/* Terminate-only (QEMU): every opt-in is refused, and the mock calls
 * what it would have written ILLEGAL. */
static void terminate_only_refuses(void **state)
{
	struct fixture *f = probed(&smmuv3_mock_profile_qemu, false);
	struct smmuv3_mock_ste_info o;
	struct smmuv3_ste ste;
	struct smmuv3_cd cd;
	bool s;
	int v = -1;

	(void)state;
	assert_int_equal(build(f, SMMUV3_STREAM_S1, true, &ste, &o, &v), SMMUV3_ERR_NOTSUP);
	assert_int_equal(build(f, SMMUV3_STREAM_S2, true, &ste, &o, &v), SMMUV3_ERR_NOTSUP);
	assert_int_equal(build_cd(f, true, &cd), SMMUV3_ERR_NOTSUP);
	/* Without the opt-in: S1STALLD = 0 (1 is ILLEGAL here), S2S = 0. */
	assert_false(accepted(f, SMMUV3_STREAM_S2, false, &ste).s2s);
	ste.dw[2] |= SMMUV3_STE2_S2S;
	assert_int_equal(ste_verdict(f, &ste), SMMUV3_MOCK_C_BAD_STE);
	assert_false(accepted(f, SMMUV3_STREAM_S1, false, &ste).s1stalld);
	ste.dw[1] |= SMMUV3_STE1_S1STALLD;
	assert_int_equal(ste_verdict(f, &ste), SMMUV3_MOCK_C_BAD_STE);
	assert_int_equal(build_cd(f, false, &cd), 0);
	cd.dw[0] |= SMMUV3_CD0_S;
	assert_int_equal(cd_verdict(f, false, &cd, &s), SMMUV3_MOCK_C_BAD_CD);
	fixture_free(f);
}

/* Stalls forced: every stage stalls whether asked or not, and the
 * entries that would not are ILLEGAL. */
static void forced_stalls(void **state)
{
	struct smmuv3_mock_profile p = with_model(SMMUV3_IDR0_STALL_MODEL_STALL_FORCED,
						  SMMUV3_IDR0_STALL_MODEL_STALL_FORCED);
	struct fixture *f = probed(&p, false);
	struct smmuv3_ste ste;
	struct smmuv3_cd cd;
	bool s;

	(void)state;
	for (int stall = 0; stall < 2; stall++) {
		assert_false(accepted(f, SMMUV3_STREAM_S1, stall, &ste).s1stalld);
		assert_true(accepted(f, SMMUV3_STREAM_S2, stall, &ste).s2s);
		assert_int_equal(build_cd(f, stall, &cd), 0);
		assert_int_equal(cd_verdict(f, false, &cd, &s), 0);
		assert_true(s);
	}
	ste.dw[2] &= ~SMMUV3_STE2_S2S;
	assert_int_equal(ste_verdict(f, &ste), SMMUV3_MOCK_C_BAD_STE);
	accepted(f, SMMUV3_STREAM_S1, false, &ste);
	ste.dw[1] |= SMMUV3_STE1_S1STALLD;
	assert_int_equal(ste_verdict(f, &ste), SMMUV3_MOCK_C_BAD_STE);
	cd.dw[0] &= ~SMMUV3_CD0_S;
	assert_int_equal(cd_verdict(f, false, &cd, &s), SMMUV3_MOCK_C_BAD_CD);
	fixture_free(f);
}

/* A Secure instance follows S_IDR0.STALL_MODEL, not IDR0's. */
static void secure_uses_s_idr0(void **state)
{
	struct smmuv3_mock_profile term = with_model(SMMUV3_IDR0_STALL_MODEL_STALL_TERM,
						     SMMUV3_IDR0_STALL_MODEL_TERM_ONLY);
	struct smmuv3_mock_profile both = with_model(SMMUV3_IDR0_STALL_MODEL_TERM_ONLY,
						     SMMUV3_IDR0_STALL_MODEL_STALL_TERM);
	struct fixture *f = probed(&term, true);
	struct smmuv3_mock_ste_info o;
	struct smmuv3_ste ste;
	struct smmuv3_cd cd;
	int v = -1;

	(void)state;
	assert_int_equal(build(f, SMMUV3_STREAM_S1, true, &ste, &o, &v), SMMUV3_ERR_NOTSUP);
	assert_int_equal(build_cd(f, true, &cd), SMMUV3_ERR_NOTSUP);
	assert_false(accepted(f, SMMUV3_STREAM_S1, false, &ste).s1stalld);
	fixture_free(f);
	f = probed(&both, true);
	assert_false(accepted(f, SMMUV3_STREAM_S1, true, &ste).s1stalld);
	assert_true(accepted(f, SMMUV3_STREAM_S1, false, &ste).s1stalld);
	assert_int_equal(build_cd(f, true, &cd), 0);
	fixture_free(f);
}

/* ---- End to end ---------------------------------------------------------- */

struct owner_ctx {
	struct smmuv3_domain *d;
	enum smmuv3_stall_action answer;
	bool map;              /* map the faulting page before answering */
	unsigned int abort_at; /* call from which to abort instead (0: never) */
	unsigned int calls;
	struct smmuv3_event ev; /* last delivered */
	uint32_t owner;
	bool owned;
};

static enum smmuv3_stall_action on_event(void *arg, const struct smmuv3_event *ev, uint32_t owner,
					 bool owned)
{
	struct owner_ctx *c = arg;

	c->calls++;
	c->ev = *ev;
	c->owner = owner;
	c->owned = owned;
	if (c->map && ev->stall)
		assert_int_equal(smmuv3_domain_map(c->d, ev->addr & ~0xfffull,
						   PA + ((ev->addr - IOVA) & ~0xfffull), 0x1000,
						   RW),
				 0);
	return c->abort_at && c->calls >= c->abort_at ? SMMUV3_STALL_ABORT : c->answer;
}

struct e2e {
	struct fixture *f;
	struct smmuv3_domain d;
	struct smmuv3_fault_handler h;
	struct owner_ctx ctx;
};

/* An enabled SMMU (@p p), a domain of @p type with stalls as asked,
 * attached to SID for OWNER, whose handler is on_event. */
static void e2e_setup_sec(struct e2e *t, const struct smmuv3_mock_profile *p,
			  enum smmuv3_domain_type type, bool stall, bool secure)
{
	struct smmuv3_domain_cfg c;

	memset(t, 0, sizeof(*t));
	t->f = fixture_new(p);
	t->f->cfg.secure = secure;
	fixture_enable(t->f);
	t->f->mock->tlb_enabled = true;
	smmuv3_domain_cfg_init(&t->f->smmu, &c, type);
	c.owner = OWNER;
	c.stall = stall;
	assert_int_equal(smmuv3_domain_init(&t->f->smmu, &t->d, &c), 0);
	assert_int_equal(smmuv3_stream_claim(&t->f->smmu, SID, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(&t->d, SID, OWNER, 0, 0, NULL), 0);
	t->ctx.d = &t->d;
	t->h = (struct smmuv3_fault_handler){ .owner = OWNER, .event = on_event, .arg = &t->ctx };
	assert_int_equal(smmuv3_fault_handler_register(&t->f->smmu, &t->h), 0);
}

static void e2e_setup(struct e2e *t, const struct smmuv3_mock_profile *p,
		      enum smmuv3_domain_type type, bool stall)
{
	e2e_setup_sec(t, p, type, stall, false);
}

static void e2e_teardown(struct e2e *t)
{
	assert_int_equal(smmuv3_fault_handler_unregister(&t->f->smmu, &t->h), 0);
	assert_int_equal(smmuv3_domain_detach(&t->d, SID, OWNER, 0), 0);
	assert_int_equal(smmuv3_domain_destroy(&t->d), 0);
	assert_int_equal(smmuv3_stream_release(&t->f->smmu, SID, OWNER), 0);
	fixture_free(t->f);
}

static const struct smmuv3_mock_stalled *access_state(struct e2e *t, int slot)
{
	assert_true(slot >= 0);
	return &t->f->mock->stalled[slot];
}

/* CMD_RESUMEs the SMMU consumed for SID: the last one's STAG and Ac/Ab. */
static size_t resumes(struct e2e *t, uint16_t *stag, uint64_t *dw0)
{
	size_t n = 0;

	for (size_t i = 0; i < t->f->mock->n_cmds; i++) {
		const struct smmuv3_mock_cmd *c = &t->f->mock->cmds[i];

		if (SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, c->dw[0]) != SMMUV3_OP_RESUME ||
		    SMMUV3_FIELD_GET(SMMUV3_CMD_SID, c->dw[0]) != SID)
			continue;
		n++;
		*stag = (uint16_t)SMMUV3_FIELD_GET(SMMUV3_CMD_RESUME_STAG, c->dw[1]);
		*dw0 = c->dw[0];
	}
	return n;
}

/* e2e_setup_sec() on MMU-600 with a stalling domain whose owner maps
 * the faulting page and retries. */
static void e2e_setup_fixer(struct e2e *t, enum smmuv3_domain_type type, bool secure)
{
	e2e_setup_sec(t, &smmuv3_mock_profile_mmu600, type, true, secure);
	t->ctx.map = true;
	t->ctx.answer = SMMUV3_STALL_RETRY;
}

/* A device access to IOVA + @p off from SID (substream 0 not given),
 * which faults and stalls, waiting for software. */
static int stalled_access(struct e2e *t, bool secure, uint64_t off, unsigned int acc)
{
	int slot = smmuv3_mock_access_sec(t->f->mock, secure, SID, 0, false, IOVA + off, acc);

	assert_int_equal(access_state(t, slot)->state, SMMUV3_MOCK_ACCESS_STALLED);
	return slot;
}

/* The only RESUME for SID named the delivered stall's STAG and retried,
 * and the access, stalled once, completed at PA + @p off (then freed).
 * Returns that RESUME's first word. */
static uint64_t retried_once(struct e2e *t, int slot, uint64_t off)
{
	const struct smmuv3_mock_stalled *a = access_state(t, slot);
	uint16_t stag = 0xffff;
	uint64_t dw0 = 0;

	assert_int_equal(resumes(t, &stag, &dw0), 1);
	assert_int_equal(stag, t->ctx.ev.stag);
	assert_int_equal(stag, a->stag);
	assert_true(dw0 & SMMUV3_CMD_RESUME_AC);
	assert_false(dw0 & SMMUV3_CMD_RESUME_AB);
	assert_int_equal(a->state, SMMUV3_MOCK_ACCESS_DONE);
	assert_int_equal(a->out.pa, PA + off);
	assert_int_equal(a->stalls, 1);
	smmuv3_mock_access_free(t->f->mock, slot);
	return dw0;
}

/* The flow the feature exists for: the handler maps the page, retries,
 * and the access completes at the PA just mapped. */
static void stage1_fault_map_retry(void **state)
{
	struct e2e t;
	struct smmuv3_evtq_stats st;
	int slot;

	(void)state;
	e2e_setup_fixer(&t, SMMUV3_DOMAIN_S1, false);
	slot = stalled_access(&t, false, 0x48, SMMUV3_MOCK_ACC_WRITE);
	assert_int_equal(t.ctx.calls, 0); /* nothing until software looks */
	assert_int_equal(smmuv3_poll(&t.f->smmu), 1);
	assert_int_equal(t.ctx.calls, 1);
	assert_true(t.ctx.owned);
	assert_int_equal(t.ctx.owner, OWNER);
	assert_int_equal(t.ctx.ev.type, SMMUV3_EVT_F_TRANSLATION);
	assert_true(t.ctx.ev.stall);
	assert_int_equal(t.ctx.ev.sid, SID);
	assert_int_equal(t.ctx.ev.addr, IOVA + 0x48);
	assert_false(t.ctx.ev.read);
	assert_false(t.ctx.ev.s2);
	/* The RESUME named the stall and retried; the access went through. */
	retried_once(&t, slot, 0x48);
	/* Now mapped: the next access does not stall at all. */
	slot = smmuv3_mock_access(t.f->mock, SID, 0, false, IOVA + 0x100, 0);
	assert_int_equal(access_state(&t, slot)->state, SMMUV3_MOCK_ACCESS_DONE);
	assert_int_equal(access_state(&t, slot)->out.pa, PA + 0x100);
	smmuv3_mock_access_free(t.f->mock, slot);
	assert_int_equal(smmuv3_poll(&t.f->smmu), 0);
	smmuv3_evtq_get_stats(&t.f->smmu, &st);
	assert_int_equal(st.stalls_retried, 1);
	assert_int_equal(st.events_owned, 1);
	e2e_teardown(&t);
}

/* A retry that still faults stalls again, with a new event, in the same
 * drain: the owner retries twice without fixing anything, then aborts. */
static void retry_without_fix_stalls_again(void **state)
{
	struct e2e t;
	const struct smmuv3_mock_stalled *a;
	uint16_t stag = 0;
	uint64_t dw0 = 0;
	int slot;

	(void)state;
	e2e_setup(&t, &smmuv3_mock_profile_mmu600, SMMUV3_DOMAIN_S1, true);
	t.ctx.answer = SMMUV3_STALL_RETRY;
	t.ctx.abort_at = 3;
	slot = stalled_access(&t, false, 0, 0);
	a = access_state(&t, slot);
	assert_int_equal(smmuv3_poll(&t.f->smmu), 3);
	assert_int_equal(t.ctx.calls, 3);
	assert_true(t.ctx.ev.read);
	assert_int_equal(a->stalls, 3);
	assert_int_equal(resumes(&t, &stag, &dw0), 3);
	assert_int_equal(stag, a->stag);
	assert_int_equal(t.ctx.ev.stag, a->stag);
	assert_int_equal(a->state, SMMUV3_MOCK_ACCESS_ABORTED);
	smmuv3_mock_access_free(t.f->mock, slot);
	e2e_teardown(&t);
}

/* Abort and terminate end the access; MMU-600 has TERM_MODEL 0, so a
 * terminate completes it with RAZ/WI. */
static void abort_and_terminate(void **state)
{
	static const struct {
		enum smmuv3_stall_action answer;
		enum smmuv3_mock_access_state end;
		uint64_t ab;
	} cases[] = {
		{ SMMUV3_STALL_ABORT, SMMUV3_MOCK_ACCESS_ABORTED, SMMUV3_CMD_RESUME_AB },
		{ SMMUV3_STALL_TERMINATE, SMMUV3_MOCK_ACCESS_RAZWI, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct e2e t;
		uint16_t stag = 0;
		uint64_t dw0 = 0;
		int slot;

		/* Even a fixed mapping is not retried. */
		e2e_setup_fixer(&t, SMMUV3_DOMAIN_S1, false);
		t.ctx.answer = cases[i].answer;
		slot = stalled_access(&t, false, 0, 0);
		assert_int_equal(smmuv3_poll(&t.f->smmu), 1);
		assert_int_equal(access_state(&t, slot)->state, cases[i].end);
		assert_int_equal(resumes(&t, &stag, &dw0), 1);
		assert_false(dw0 & SMMUV3_CMD_RESUME_AC);
		assert_int_equal(dw0 & SMMUV3_CMD_RESUME_AB, cases[i].ab);
		smmuv3_mock_access_free(t.f->mock, slot);
		e2e_teardown(&t);
	}
}

/* Deferred: the access waits past the poll until the owner answers;
 * STALL_TERM ends every stall of the stream. */
static void deferred_then_resumed_or_terminated(void **state)
{
	struct e2e t;
	const struct smmuv3_mock_stalled *a, *b, *c;
	struct smmuv3_evtq_stats st;
	int sa, sb, sc;

	(void)state;
	e2e_setup(&t, &smmuv3_mock_profile_mmu600, SMMUV3_DOMAIN_S1, true);
	t.ctx.answer = SMMUV3_STALL_DEFER;
	sa = stalled_access(&t, false, 0, 0);
	sb = stalled_access(&t, false, 0x1000, 0);
	sc = stalled_access(&t, false, 0x2000, 0);
	a = access_state(&t, sa);
	b = access_state(&t, sb);
	c = access_state(&t, sc);
	assert_int_not_equal(a->stag, b->stag);
	assert_int_equal(smmuv3_poll(&t.f->smmu), 3);
	assert_int_equal(smmuv3_mock_stalled_count(t.f->mock), 3);
	/* Later, the owner maps A's page and resumes it, and only it. */
	assert_int_equal(smmuv3_domain_map(&t.d, IOVA, PA, 0x1000, RW), 0);
	assert_int_equal(smmuv3_stall_resume(&t.f->smmu, SID, a->stag, SMMUV3_STALL_RETRY), 0);
	assert_int_equal(a->state, SMMUV3_MOCK_ACCESS_DONE);
	assert_int_equal(a->out.pa, PA);
	assert_int_equal(b->state, SMMUV3_MOCK_ACCESS_STALLED);
	/* A STAG of another stream resumes nothing (4.7.1). */
	assert_int_equal(smmuv3_stall_resume(&t.f->smmu, SID + 1, b->stag, SMMUV3_STALL_RETRY), 0);
	assert_int_equal(b->state, SMMUV3_MOCK_ACCESS_STALLED);
	/* The owner goes away: everything still stalled is terminated. */
	assert_int_equal(smmuv3_stall_term(&t.f->smmu, SID), 0);
	assert_int_equal(b->state, SMMUV3_MOCK_ACCESS_ABORTED);
	assert_int_equal(c->state, SMMUV3_MOCK_ACCESS_ABORTED);
	assert_int_equal(smmuv3_mock_stalled_count(t.f->mock), 0);
	smmuv3_evtq_get_stats(&t.f->smmu, &st);
	assert_int_equal(st.stalls_deferred, 3);
	smmuv3_mock_access_free(t.f->mock, sa);
	smmuv3_mock_access_free(t.f->mock, sb);
	smmuv3_mock_access_free(t.f->mock, sc);
	e2e_teardown(&t);
}

/* Stage 2 stalls through STE.S2S; the event says so. */
static void stage2_fault_map_retry(void **state)
{
	struct e2e t;
	int slot;

	(void)state;
	e2e_setup_fixer(&t, SMMUV3_DOMAIN_S2, false);
	slot = stalled_access(&t, false, 0x10, 0);
	assert_int_equal(smmuv3_poll(&t.f->smmu), 1);
	assert_true(t.ctx.ev.stall);
	assert_true(t.ctx.ev.s2);
	assert_int_equal(t.ctx.ev.ipa, IOVA);
	retried_once(&t, slot, 0x10);
	e2e_teardown(&t);
}

/* A Secure instance (S-EL2): the stall is recorded in the Secure event
 * queue, delivered as Secure, and resumed with SSec (the mock resumes a
 * Secure stall only with SSec = 1: separate StreamID namespaces). */
static void secure_fault_map_retry(void **state)
{
	struct e2e t;
	int slot;

	(void)state;
	e2e_setup_fixer(&t, SMMUV3_DOMAIN_S1, true);
	slot = stalled_access(&t, true, 8, 0);
	assert_int_equal(smmuv3_poll(&t.f->smmu), 1);
	assert_true(t.ctx.ev.secure && t.ctx.ev.stall);
	assert_true(retried_once(&t, slot, 8) & SMMUV3_CMD_SSEC);
	e2e_teardown(&t);
}

/* Without the opt-in a fault terminates at once: nothing stalls, and no
 * stall event reaches the owner. */
static void no_opt_in_no_stall(void **state)
{
	struct e2e t;
	int slot;

	(void)state;
	e2e_setup(&t, &smmuv3_mock_profile_mmu600, SMMUV3_DOMAIN_S1, false);
	slot = smmuv3_mock_access(t.f->mock, SID, 0, false, IOVA, 0);
	assert_int_equal(access_state(&t, slot)->state, SMMUV3_MOCK_ACCESS_FAULTED);
	assert_int_equal(access_state(&t, slot)->out.status, SMMUV3_MOCK_F_TRANSLATION);
	assert_int_equal(smmuv3_mock_stalled_count(t.f->mock), 0);
	assert_int_equal(smmuv3_poll(&t.f->smmu), 0);
	assert_int_equal(t.ctx.calls, 0);
	smmuv3_mock_access_free(t.f->mock, slot);
	e2e_teardown(&t);
}

/* Terminate-only: the domain opt-in, the stream opt-in, RESUME and
 * STALL_TERM are all refused, and the stream's STE stays as it was. */
static void terminate_only_domain_refused(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_qemu);
	struct smmuv3_domain_cfg c;
	struct smmuv3_domain d;
	struct smmuv3_stream_cfg sc;
	struct smmuv3_ste before, after;
	size_t cmds;

	(void)state;
	fixture_enable(f);
	smmuv3_domain_cfg_init(&f->smmu, &c, SMMUV3_DOMAIN_S1);
	c.stall = true;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), SMMUV3_ERR_NOTSUP);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER), 0);
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, SID, &before), 0);
	smmuv3_stream_cfg_init(&f->smmu, &sc, SMMUV3_STREAM_S1);
	sc.stall = true;
	cmds = f->mock->n_cmds;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &sc), SMMUV3_ERR_NOTSUP);
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, SID, &after), 0);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(smmuv3_stall_resume(&f->smmu, SID, 1, SMMUV3_STALL_RETRY),
			 SMMUV3_ERR_NOTSUP);
	assert_int_equal(smmuv3_stall_term(&f->smmu, SID), SMMUV3_ERR_NOTSUP);
	assert_int_equal(f->mock->n_cmds, cmds);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER), 0);
	fixture_free(f);
}

/* A stalling CD under an STE that disables stalls would be C_BAD_CD:
 * refused both ways (installing the CD, dropping the stream's opt-in),
 * with what the SMMU sees unchanged. */
static void stalling_cd_needs_stalling_stream(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
	struct smmuv3_mock_ste_info ste;
	struct smmuv3_mock_cd_info cd;
	struct smmuv3_stream_cfg sc;
	struct smmuv3_ste before, after;
	struct smmuv3_cd_cfg cc;

	(void)state;
	fixture_enable(f);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER), 0);
	smmuv3_stream_cfg_init(&f->smmu, &sc, SMMUV3_STREAM_S1);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &sc), 0);
	smmuv3_cd_cfg_init(&f->smmu, &cc);
	cc.ttb0 = TTB;
	cc.t0sz = 25;
	cc.asid = 5;
	cc.stall = true;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, SID, OWNER, 0, &cc), SMMUV3_ERR_STATE);
	assert_int_not_equal(smmuv3_mock_decode_cd(f->mock, false, SID, 0, false, &ste, &cd, NULL),
			     0); /* still no valid CD */
	sc.stall = true;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &sc), 0);
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, SID, OWNER, 0, &cc), 0);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, SID, 0, false, &ste, &cd, NULL), 0);
	assert_false(ste.s1stalld);
	assert_true(cd.s);
	/* Dropping the opt-in under that CD would make it ILLEGAL. */
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, SID, &before), 0);
	sc.stall = false;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &sc), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, SID, &after), 0);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(smmuv3_stream_clear_cd(&f->smmu, SID, OWNER, 0), 0);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &sc), 0);
	/* The same with substreams: a stalling CD deep in a two-level table. */
	sc.stall = true;
	sc.s1.ssid_bits = 10;
	sc.s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &sc), 0);
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, SID, OWNER, 700, &cc), 0);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, SID, 700, true, &ste, &cd, NULL), 0);
	assert_true(ste.s1fmt != 0 && cd.s);
	sc.stall = false;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &sc), SMMUV3_ERR_STATE);
	cc.stall = false;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, SID, OWNER, 700, &cc), 0);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &sc), 0);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, SID, 700, true, &ste, &cd, NULL), 0);
	assert_true(ste.s1stalld && !cd.s);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER), 0);
	fixture_free(f);
}

/* Stalling and non-stalling domains at substreams of one stream: the
 * stream keeps stalling (S1STALLD = 0) whatever order they attach in,
 * and each CD decides for its own substream. */
static void mixed_substreams(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
	struct smmuv3_domain a, b;
	struct smmuv3_domain_cfg c;
	struct smmuv3_mock_ste_info ste;
	struct smmuv3_mock_cd_info cd;
	int sa, sb;

	(void)state;
	fixture_enable(f);
	smmuv3_domain_cfg_init(&f->smmu, &c, SMMUV3_DOMAIN_S1);
	c.owner = OWNER;
	c.stall = true;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &a, &c), 0);
	c.stall = false;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &b, &c), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER, 1, 4, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(&b, SID, OWNER, 2, 4, NULL), 0);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, SID, 1, true, &ste, &cd, NULL), 0);
	assert_true(!ste.s1stalld && cd.s);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, SID, 2, true, &ste, &cd, NULL), 0);
	assert_false(cd.s);
	sa = smmuv3_mock_access(f->mock, SID, 1, true, IOVA, 0);
	sb = smmuv3_mock_access(f->mock, SID, 2, true, IOVA, 0);
	assert_int_equal(f->mock->stalled[sa].state, SMMUV3_MOCK_ACCESS_STALLED);
	assert_int_equal(f->mock->stalled[sb].state, SMMUV3_MOCK_ACCESS_FAULTED);
	assert_int_equal(smmuv3_stall_term(&f->smmu, SID), 0);
	assert_int_equal(f->mock->stalled[sa].state, SMMUV3_MOCK_ACCESS_ABORTED);
	smmuv3_mock_access_free(f->mock, sa);
	smmuv3_mock_access_free(f->mock, sb);
	assert_int_equal(smmuv3_poll(&f->smmu), 1); /* the stall's event, aborted by default */
	/* The other order: the stalling domain comes second. */
	assert_int_equal(smmuv3_domain_detach(&a, SID, OWNER, 1), 0);
	assert_int_equal(smmuv3_domain_attach(&a, SID, OWNER, 3, 4, NULL), 0);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, SID, 3, true, &ste, &cd, NULL), 0);
	assert_true(!ste.s1stalld && cd.s);
	assert_int_equal(smmuv3_domain_detach(&a, SID, OWNER, 3), 0);
	assert_int_equal(smmuv3_domain_detach(&b, SID, OWNER, 2), 0);
	assert_int_equal(smmuv3_domain_destroy(&a), 0);
	assert_int_equal(smmuv3_domain_destroy(&b), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, SID, OWNER), 0);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opt_in_stall_and_terminate),
		cmocka_unit_test(terminate_only_refuses),
		cmocka_unit_test(forced_stalls),
		cmocka_unit_test(secure_uses_s_idr0),
		cmocka_unit_test(stage1_fault_map_retry),
		cmocka_unit_test(retry_without_fix_stalls_again),
		cmocka_unit_test(abort_and_terminate),
		cmocka_unit_test(deferred_then_resumed_or_terminated),
		cmocka_unit_test(stage2_fault_map_retry),
		cmocka_unit_test(secure_fault_map_retry),
		cmocka_unit_test(no_opt_in_no_stall),
		cmocka_unit_test(terminate_only_domain_refused),
		cmocka_unit_test(stalling_cd_needs_stalling_stream),
		cmocka_unit_test(mixed_substreams),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
