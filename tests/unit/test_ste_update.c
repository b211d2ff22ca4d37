// SPDX-License-Identifier: BSD-3-Clause
/*
 * Live STE and CD updates (docs/ste-cd-update-rules.md). For every pair
 * of configurations the test records the entry at every command the mock
 * consumes; between two records the SMMU may have fetched any mixture of
 * the words written in between, so every such mixture is decoded by the
 * mock and must mean the old configuration, the new one, or (only in a
 * break-before-make update) the quiet entry: abort for STEs, a CD with
 * both walks disabled for CDs. Syncs are counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define SID 0x123u
#define OWNER 7u
#define MAX_SNAPS 64

struct recorder {
	struct fixture *f;
	bool cd;                  /* record the CD of (SID, SSID 0) instead */
	bool secure;              /* Secure stream table */
	uint64_t snap[MAX_SNAPS][8];
	unsigned int n;
};

static void entry_pa_words(struct recorder *r, uint64_t *out)
{
	struct smmuv3_mock_ste_info s;
	struct smmuv3_mock_cd_info c;
	const char *why;
	uint64_t pa;
	const uint64_t *p;

	if (r->cd) {
		smmuv3_mock_decode_cd(r->f->mock, r->secure, SID, 0, false, &s, &c, &why);
		pa = c.cd_pa;
		if (!pa) { /* invalid CD: locate it through the STE (linear table) */
			smmuv3_mock_decode_ste(r->f->mock, r->secure, SID, &s, &why);
			pa = s.s1_ctx;
		}
	} else {
		smmuv3_mock_decode_ste(r->f->mock, r->secure, SID, &s, &why);
		pa = s.ste_pa;
	}
	assert_true(pa != 0);
	p = smmuv3_test_port_pa_to_va(&r->f->tp, pa, 64);
	assert_non_null(p);
	memcpy(out, p, 64);
}

static void snapshot(struct recorder *r)
{
	assert_true(r->n < MAX_SNAPS);
	entry_pa_words(r, r->snap[r->n++]);
}

static uint32_t on_cmd(void *arg, unsigned int bank, const struct smmuv3_mock_cmd *cmd)
{
	(void)bank;
	(void)cmd;
	snapshot(arg);
	return 0;
}

static void start(struct recorder *r)
{
	r->n = 0;
	snapshot(r);
	r->f->mock->on_cmd = on_cmd;
	r->f->mock->on_cmd_arg = r;
}

static void stop(struct recorder *r)
{
	r->f->mock->on_cmd = NULL;
	snapshot(r);
}

static void print_line(void *arg, const char *line)
{
	(void)arg;
	print_message("%s\n", line);
}

enum seen { SEEN_OLD = 1, SEEN_NEW = 2, SEEN_QUIET = 4 };

struct decoded {
	int verdict;
	struct smmuv3_mock_ste_info ste;
	struct smmuv3_mock_cd_info cd;
};

static void decode(struct recorder *r, const uint64_t *w, struct decoded *d)
{
	struct smmuv3_mock_ste_info s;
	const char *why;

	memset(d, 0, sizeof(*d));
	if (r->cd) {
		memset(&s, 0, sizeof(s));
		s.s1 = true;
		s.s1stalld = true;
		d->verdict = smmuv3_mock_decode_cd_words(r->f->mock, r->secure, &s, w, &d->cd, &why);
	} else {
		d->verdict = smmuv3_mock_decode_ste_words(r->f->mock, r->secure, w, &d->ste, &why);
	}
}

static bool is_quiet(struct recorder *r, const struct decoded *d)
{
	if (r->cd)
		return d->verdict == 0 && d->cd.epd0 && d->cd.epd1 && !d->cd.r;
	return d->verdict == SMMUV3_MOCK_ABORT;
}

/* Check every mixture of consecutive records; return the SEEN_* set. */
static unsigned int check_states(struct recorder *r, const char *label)
{
	struct decoded old, new, mix;
	unsigned int seen = 0;

	decode(r, r->snap[0], &old);
	decode(r, r->snap[r->n - 1], &new);
	for (unsigned int k = 0; k + 1 < r->n; k++) {
		unsigned int diff[8], nd = 0;

		for (unsigned int i = 0; i < 8; i++)
			if (r->snap[k][i] != r->snap[k + 1][i])
				diff[nd++] = i;
		for (unsigned int m = 0; m < (1u << nd); m++) {
			uint64_t w[8];

			memcpy(w, r->snap[k], sizeof(w));
			for (unsigned int b = 0; b < nd; b++)
				if (m & (1u << b))
					w[diff[b]] = r->snap[k + 1][diff[b]];
			decode(r, w, &mix);
			if (!memcmp(&mix, &old, sizeof(mix)))
				seen |= SEEN_OLD;
			else if (!memcmp(&mix, &new, sizeof(mix)))
				seen |= SEEN_NEW;
			else if (is_quiet(r, &mix))
				seen |= SEEN_QUIET;
			else {
				smmuv3_mock_dump_stream(r->f->mock, r->secure, SID, print_line, NULL);
				fail_msg("%s: record %u, mixture %#x means neither the old nor the new "
					 "configuration (verdict %#x)", label, k, m, mix.verdict);
			}
		}
	}
	return seen;
}

static uint64_t syncs_since(struct fixture *f, size_t from)
{
	uint64_t n = 0;

	for (size_t i = from; i < f->mock->n_cmds; i++)
		n += SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[i].dw[0]) == SMMUV3_OP_CMD_SYNC;
	return n;
}

enum { C_ABORT, C_BYPASS, C_S1, C_S1_CDTAB, C_S1_ATS, C_S1_CALLER_A, C_S1_CALLER_B, C_S2,
       C_S2_TTB, C_S2_VMID_TTB, C_NESTED, C_NESTED_CDTAB, C_COUNT };

static const char *const names[C_COUNT] = {
	"abort", "bypass", "s1", "s1+cdtab", "s1+ats", "s1(caller A)", "s1(caller B)", "s2",
	"s2(ttb')", "s2(vmid',ttb')", "nested", "nested+cdtab",
};

static void make_cfg(struct fixture *f, unsigned int k, struct smmuv3_stream_cfg *c)
{
	static const enum smmuv3_stream_mode mode[C_COUNT] = {
		SMMUV3_STREAM_ABORT, SMMUV3_STREAM_BYPASS, SMMUV3_STREAM_S1, SMMUV3_STREAM_S1,
		SMMUV3_STREAM_S1, SMMUV3_STREAM_S1, SMMUV3_STREAM_S1, SMMUV3_STREAM_S2,
		SMMUV3_STREAM_S2, SMMUV3_STREAM_S2, SMMUV3_STREAM_NESTED, SMMUV3_STREAM_NESTED,
	};

	smmuv3_stream_cfg_init(&f->smmu, c, mode[k]);
	c->s2.ttb = k == C_S2_TTB || k == C_S2_VMID_TTB ? 0x80400000ull : 0x80200000ull;
	c->s2.vmid = k == C_S2_VMID_TTB ? 9 : 1;
	c->s1.vmid = 1;
	if (k == C_S1_CDTAB || k == C_NESTED_CDTAB) {
		c->s1.ssid_bits = 4;
		c->s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	}
	c->ats = k == C_S1_ATS && !f->cfg.secure;
	c->s2.s_ttb = 0x80800000ull;
	if (k == C_S1_CALLER_A || k == C_S1_CALLER_B) {
		c->s1.cdtab_pa = k == C_S1_CALLER_A ? 0x90000000ull : 0x90001000ull;
		c->s1.cdtab_bytes = 64;
	}
}

static void pairs(bool secure)
{
	struct fixture *f = fixture_new_sel2(secure);
	struct recorder *r = calloc(1, sizeof(*r));
	struct smmuv3_stream_cfg c;
	unsigned int bbm = 0, hitless = 0;

	fixture_enable(f);
	r->f = f;
	r->secure = secure;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER), 0);
	for (unsigned int a = 0; a < C_COUNT; a++) {
		for (unsigned int b = 0; b < C_COUNT; b++) {
			char label[64];
			unsigned int seen;
			uint64_t syncs;
			size_t n0;

			if (a == b)
				continue;
			snprintf(label, sizeof(label), "%s -> %s", names[a], names[b]);
			make_cfg(f, a, &c);
			assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &c), 0);
			make_cfg(f, b, &c);
			n0 = f->mock->n_cmds;
			start(r);
			assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &c), 0);
			stop(r);
			syncs = syncs_since(f, n0);
			seen = check_states(r, label);
			if (!memcmp(r->snap[0], r->snap[r->n - 1], sizeof(r->snap[0]))) {
				/* Same STE (a Secure STE has no EATS): nothing to do. */
				assert_true(secure && ((a == C_S1 && b == C_S1_ATS) ||
						       (a == C_S1_ATS && b == C_S1)));
				assert_int_equal(syncs, 0);
				continue;
			}
			/* It ended in the new configuration, which differs. */
			assert_true(seen & SEEN_NEW);
			assert_true(syncs >= 1 && syncs <= 3);
			if (seen & SEEN_QUIET) {
				/* Only a break-before-make goes through abort, and
				 * never when one side is abort already. */
				assert_int_equal(syncs, 3);
				assert_true(a != C_ABORT && b != C_ABORT);
				bbm++;
			} else {
				hitless++;
			}
			/* Changes within one word are a single step. */
			if ((a == C_S2 && b == C_S2_TTB) || (a == C_S1_CALLER_A && b == C_S1_CALLER_B))
				assert_int_equal(syncs, 1);
			/* From abort nothing is live: at most fill + switch. */
			if (a == C_ABORT)
				assert_true(syncs <= 2);
			/* Every sync followed a CFGI_STE of this stream. */
			for (size_t i = n0; i < f->mock->n_cmds; i++) {
				const struct smmuv3_mock_cmd *cmd = &f->mock->cmds[i];

				if (SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, cmd->dw[0]) != SMMUV3_OP_CMD_SYNC)
					continue;
				assert_true(i > n0);
				assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, cmd[-1].dw[0]),
						 SMMUV3_OP_CFGI_STE);
				assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_SID, cmd[-1].dw[0]), SID);
				assert_int_equal(!!(cmd[-1].dw[0] & SMMUV3_CMD_SSEC), secure);
			}
		}
	}
	print_message("%s: %u pairs: %u hitless, %u through abort\n",
		      secure ? "Secure" : "Non-secure", hitless + bbm, hitless, bbm);
	assert_true(hitless > 0 && bbm > 0);
	/* The same configuration again costs nothing. */
	{
		size_t n0 = f->mock->n_cmds;

		assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &c), 0);
		assert_int_equal(f->mock->n_cmds, n0);
	}
	free(r);
	fixture_free(f);
}

static void every_pair_of_ste_configurations(void **state)
{
	(void)state;
	pairs(false);
}

static void every_pair_of_secure_ste_configurations(void **state)
{
	(void)state;
	pairs(true);
}

/* Traffic of SID during a CD update: stalls seen while a quiet CD
 * (both walks disabled) was live. */
struct quiet_watch {
	struct fixture *f;
	unsigned int quiet, stalled;
};

static uint32_t watch_quiet(void *arg, unsigned int bank, const struct smmuv3_mock_cmd *cmd)
{
	struct quiet_watch *w = arg;
	struct smmuv3_mock_ste_info ste;
	struct smmuv3_mock_cd_info cd;
	const char *why;
	int slot;

	(void)bank;
	(void)cmd;
	if (smmuv3_mock_decode_cd(w->f->mock, false, SID, 0, false, &ste, &cd, &why) ||
	    !cd.epd0 || !cd.epd1)
		return 0;
	w->quiet++;
	slot = smmuv3_mock_access(w->f->mock, SID, 0, false, 0x1000, 0);
	assert_true(slot >= 0);
	if (w->f->mock->stalled[slot].state == SMMUV3_MOCK_ACCESS_STALLED)
		w->stalled++;
	else
		smmuv3_mock_access_free(w->f->mock, slot);
	return 0;
}

/*
 * A stalling CD (CD.S = 1) replaced through the quiet CD: traffic
 * meanwhile must fault quietly (terminate, no record), not stall for
 * software to answer about a configuration that is being replaced.
 */
static void stalling_cd_update_faults_quietly(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
	struct quiet_watch w = { .f = f };
	struct smmuv3_stream_cfg c;
	struct smmuv3_cd_cfg a, b;

	(void)state;
	fixture_enable(f);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER), 0);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	c.stall = true;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &c), 0);
	smmuv3_cd_cfg_init(&f->smmu, &a);
	a.ttb0 = 0x80500000ull;
	a.asid = 5;
	a.stall = true;
	b = a;
	b.ttb0 = 0x80600000ull;
	b.asid = 6;
	b.t0sz = 25;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, SID, OWNER, 0, &a), 0);
	f->mock->on_cmd = watch_quiet;
	f->mock->on_cmd_arg = &w;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, SID, OWNER, 0, &b), 0);
	f->mock->on_cmd = NULL;
	assert_true(w.quiet > 0);
	assert_int_equal(w.stalled, 0);
	assert_int_equal(smmuv3_mock_stalled_count(f->mock), 0);
	fixture_free(f);
}

static void cd_updates(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
	struct recorder *r = calloc(1, sizeof(*r));
	struct smmuv3_stream_cfg c;
	struct smmuv3_cd_cfg cd[4];
	static const char *const cd_names[4] = { "A", "A(asid')", "B", "invalid" };

	(void)state;
	fixture_enable(f);
	r->f = f;
	r->cd = true;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, SID, OWNER), 0);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, SID, OWNER, &c), 0);
	for (int i = 0; i < 3; i++) {
		smmuv3_cd_cfg_init(&f->smmu, &cd[i]);
		cd[i].ttb0 = i == 2 ? 0x80600000ull : 0x80500000ull;
		cd[i].asid = i == 0 ? 5 : 6;
		cd[i].t0sz = i == 2 ? 25 : 16;
	}
	for (unsigned int a = 0; a < 4; a++) {
		for (unsigned int b = 0; b < 4; b++) {
			char label[64];
			unsigned int seen;
			uint64_t syncs;
			size_t n0;

			if (a == b)
				continue;
			snprintf(label, sizeof(label), "CD %s -> %s", cd_names[a], cd_names[b]);
			if (a == 3)
				assert_int_equal(smmuv3_stream_clear_cd(&f->smmu, SID, OWNER, 0), 0);
			else
				assert_int_equal(smmuv3_stream_set_cd(&f->smmu, SID, OWNER, 0, &cd[a]), 0);
			n0 = f->mock->n_cmds;
			start(r);
			if (b == 3)
				assert_int_equal(smmuv3_stream_clear_cd(&f->smmu, SID, OWNER, 0), 0);
			else
				assert_int_equal(smmuv3_stream_set_cd(&f->smmu, SID, OWNER, 0, &cd[b]), 0);
			stop(r);
			syncs = syncs_since(f, n0);
			seen = check_states(r, label);
			assert_true(seen & SEEN_NEW);
			/* ASID alone: one word, one step. */
			if (a < 2 && b < 2)
				assert_int_equal(syncs, 1);
			/* Different tables and ASID: words 0 and 1, so through the
			 * quiet CD (V stays 1: no C_BAD_CD for traffic meanwhile). */
			if ((a == 0 && b == 2) || (a == 2 && b == 0)) {
				assert_true(seen & SEEN_QUIET);
				assert_int_equal(syncs, 3);
			}
			if (a == 3 || b == 3)
				assert_false(seen & SEEN_QUIET);
			for (size_t i = n0; i < f->mock->n_cmds; i++)
				if (SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[i].dw[0]) ==
				    SMMUV3_OP_CMD_SYNC)
					assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE,
									  f->mock->cmds[i - 1].dw[0]),
							 SMMUV3_OP_CFGI_CD);
		}
	}
	free(r);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_pair_of_ste_configurations),
		cmocka_unit_test(every_pair_of_secure_ste_configurations),
		cmocka_unit_test(cd_updates),
		cmocka_unit_test(stalling_cd_update_faults_quietly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
