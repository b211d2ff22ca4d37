// SPDX-License-Identifier: BSD-3-Clause
/*
 * Events, page requests and global errors: every event number decoded
 * from a record built with the raw bit positions of Arm IHI 0070 7.3,
 * draining through the mock's queues, overflow in both the
 * architectural and the QEMU form, stall answers, PRI responses, GERROR
 * acknowledgement and the interrupt set-up done by reset.
 */
#include <string.h>

#include <smmuv3/stream.h>

#include "fixture.h"
#include "core/objects.h"

#define B(n) (UINT64_C(1) << (n))

/* dw0 common to all events: type[7:0], SSV[11], SSID[31:12], SID[63:32]. */
static uint64_t dw0(uint8_t type, uint32_t sid, uint32_t ssid, bool ssv)
{
	return type | (ssv ? B(11) : 0) | (uint64_t)ssid << 12 | (uint64_t)sid << 32;
}

static void decode_common_and_config_events(void **state)
{
	static const uint8_t cfg_types[] = { 0x02, 0x04, 0x0a, 0x21 };
	struct smmuv3_event ev;
	uint64_t rec[4] = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(cfg_types); i++) {
		rec[0] = dw0(cfg_types[i], 0x1234, 0xabcde, true);
		rec[1] = 0xdeadbeef;
		assert_int_equal(smmuv3_event_decode(rec, false, &ev), 0);
		assert_int_equal(ev.type, cfg_types[i]);
		assert_int_equal(ev.sid, 0x1234);
		assert_true(ev.ssv);
		assert_int_equal(ev.ssid, 0xabcde);
		assert_false(ev.secure);
		assert_int_equal(ev.addr, 0);
	}
	/* F_CFG_CONFLICT carries a reason; C_BAD_STE does not. */
	assert_int_equal(ev.reason, 0xdeadbeef);
	rec[0] = dw0(0x04, 1, 7, false);
	smmuv3_event_decode(rec, true, &ev);
	assert_false(ev.ssv);
	assert_int_equal(ev.ssid, 0);
	assert_int_equal(ev.reason, 0);
	assert_true(ev.secure);
	/* F_STREAM_DISABLED: StreamID only. */
	rec[0] = dw0(0x06, 9, 0xfffff, true);
	smmuv3_event_decode(rec, false, &ev);
	assert_int_equal(ev.sid, 9);
	assert_false(ev.ssv);
	assert_int_equal(ev.ssid, 0);
	/* C_BAD_SUBSTREAMID: the offending SubstreamID, no SSV bit. */
	rec[0] = dw0(0x08, 9, 0x4321, false);
	smmuv3_event_decode(rec, false, &ev);
	assert_true(ev.ssv);
	assert_int_equal(ev.ssid, 0x4321);
}

static void decode_fetch_events(void **state)
{
	static const uint8_t types[] = { 0x03, 0x09, 0x25 };
	struct smmuv3_event ev;
	uint64_t rec[4];

	(void)state;
	for (size_t i = 0; i < sizeof(types); i++) {
		rec[0] = dw0(types[i], 3, 0, false);
		rec[1] = 0x77;                               /* Reason [79:64] */
		rec[2] = 0;
		rec[3] = 0xff80000012345678ull;              /* FetchAddr [247:195] */
		assert_int_equal(smmuv3_event_decode(rec, false, &ev), 0);
		assert_int_equal(ev.fetch_addr, 0x0080000012345678ull);
		assert_int_equal(ev.reason, 0x77);
		assert_true(ev.valid & SMMUV3_EVT_HAS_FETCH);
	}
}

static void decode_translation_faults(void **state)
{
	static const uint8_t trf[] = { 0x10, 0x11, 0x12, 0x13 };
	struct smmuv3_event ev;
	uint64_t rec[4];

	(void)state;
	for (size_t i = 0; i < sizeof(trf); i++) {
		/* Stalled stage-2 read, instruction, privileged, CLASS = IN. */
		rec[0] = dw0(trf[i], 0x42, 5, true);
		rec[1] = 0xbeefull | B(31) | B(33) | B(34) | B(35) | B(39) | 2ull << 40;
		rec[2] = 0xffff800000001234ull;
		rec[3] = 0x0000000876543000ull;
		assert_int_equal(smmuv3_event_decode(rec, false, &ev), 0);
		assert_int_equal(ev.type, trf[i]);
		assert_int_equal(ev.sid, 0x42);
		assert_int_equal(ev.ssid, 5);
		assert_int_equal(ev.addr, 0xffff800000001234ull);
		assert_true(ev.read && ev.instr && ev.priv && ev.s2 && ev.stall);
		assert_int_equal(ev.stag, 0xbeef);
		assert_int_equal(ev.cls, SMMUV3_EVT_CLASS_IN);
		assert_int_equal(ev.ipa, 0x876543000ull);
		/* Unstalled stage-1 data write: no STAG, no IPA. */
		rec[1] = 0xbeefull | 1ull << 40;
		smmuv3_event_decode(rec, false, &ev);
		assert_false(ev.read || ev.instr || ev.priv || ev.s2 || ev.stall);
		assert_int_equal(ev.stag, 0);
		assert_int_equal(ev.ipa, 0);
		assert_int_equal(ev.cls, SMMUV3_EVT_CLASS_TT);
		assert_false(ev.valid & SMMUV3_EVT_HAS_IPA);
	}
	/* F_PERMISSION at stage 2 while walking stage 1: TTRnW [108]. */
	rec[0] = dw0(0x13, 1, 0, false);
	rec[1] = B(39) | 1ull << 40 | B(44) | B(38);
	smmuv3_event_decode(rec, true, &ev);
	assert_true(ev.tt_read);
	assert_true(ev.nsipa);
}

/* Reason is 16 bits [79:64] in these records; GPCF is bit 80 and what
 * lies above is RES0: neither may leak into the reason. */
static void decode_reason_is_16_bits(void **state)
{
	static const uint8_t types[] = { 0x01, 0x03, 0x09, 0x0b, 0x25 };
	struct smmuv3_event ev;
	uint64_t rec[4] = { 0, 0xffff1234ull, 0, 0x1000 };
	char line[160];

	(void)state;
	for (size_t i = 0; i < sizeof(types); i++) {
		rec[0] = dw0(types[i], 3, 0, false);
		assert_int_equal(smmuv3_event_decode(rec, false, &ev), 0);
		assert_int_equal(ev.reason, 0x1234);
		assert_int_equal(ev.gpcf, types[i] != 0x01);
	}
	rec[0] = dw0(0x03, 1, 0, false);
	rec[1] = 0x10000;
	smmuv3_event_decode(rec, true, &ev);
	assert_true(ev.gpcf);
	assert_int_equal(ev.reason, 0);
	smmuv3_event_format(&ev, line, sizeof(line));
	assert_string_equal(line, "F_STE_FETCH (0x03) secure sid 0x1 fetch 0x1000 gpcf reason 0x0");
	/* The conflict events keep a 32-bit reason [95:64]. */
	rec[0] = dw0(0x21, 1, 0, false);
	rec[1] = 0xffff1234ull;
	smmuv3_event_decode(rec, false, &ev);
	assert_int_equal(ev.reason, 0xffff1234u);
	assert_false(ev.gpcf);
}

static void decode_other_faults(void **state)
{
	struct smmuv3_event ev;
	uint64_t rec[4];

	(void)state;
	/* F_UUT: Reason, RnW/InD/PnU, InputAddr. */
	rec[0] = dw0(0x01, 2, 0, false);
	rec[1] = 0x1234 | B(35) | B(33);
	rec[2] = 0xabc;
	rec[3] = 0;
	smmuv3_event_decode(rec, false, &ev);
	assert_int_equal(ev.reason, 0x1234);
	assert_true(ev.read && ev.priv && !ev.instr);
	assert_int_equal(ev.addr, 0xabc);
	/* F_TRANSL_FORBIDDEN: RnW and address only. */
	rec[0] = dw0(0x07, 2, 0, false);
	rec[1] = B(35) | B(34) | B(33);
	smmuv3_event_decode(rec, false, &ev);
	assert_true(ev.read);
	assert_false(ev.instr || ev.priv);
	/* F_BAD_ATS_TREQ: page address. */
	rec[0] = dw0(0x05, 2, 1, true);
	rec[2] = 0x12345fffull;
	smmuv3_event_decode(rec, false, &ev);
	assert_int_equal(ev.addr, 0x12345000ull);
	assert_int_equal(ev.ssid, 1);
	/* F_WALK_EABT: input and descriptor fetch addresses, stage, class. */
	rec[0] = dw0(0x0b, 2, 0, false);
	rec[1] = 0x55 | B(39) | 0ull << 40;
	rec[2] = 0x1000;
	rec[3] = 0x80000ff8ull;
	smmuv3_event_decode(rec, false, &ev);
	assert_int_equal(ev.fetch_addr, 0x80000ff8ull);
	assert_int_equal(ev.addr, 0x1000);
	assert_true(ev.s2);
	assert_int_equal(ev.cls, SMMUV3_EVT_CLASS_CD);
	assert_int_equal(ev.reason, 0x55);
	/* F_TLB_CONFLICT: IPA when at stage 2. */
	rec[0] = dw0(0x20, 2, 0, false);
	rec[1] = 9 | B(39);
	rec[3] = 0x7000;
	smmuv3_event_decode(rec, false, &ev);
	assert_int_equal(ev.ipa, 0x7000);
	assert_int_equal(ev.reason, 9);
	/* E_PAGE_REQUEST: span [115:108] and permissions. */
	rec[0] = dw0(0x24, 2, 3, true);
	rec[1] = 16ull << 44 | B(39) | B(38) | B(35);
	rec[2] = 0x40000fffull;
	smmuv3_event_decode(rec, false, &ev);
	assert_int_equal(ev.span, 16);
	assert_int_equal(ev.perms, SMMUV3_EVT_PERM_PR | SMMUV3_EVT_PERM_PW | SMMUV3_EVT_PERM_UR);
	assert_int_equal(ev.addr, 0x40000000ull);
	/* Unknown and IMPDEF numbers: StreamID and the raw record. */
	rec[0] = dw0(0xe3, 77, 0, false);
	smmuv3_event_decode(rec, false, &ev);
	assert_int_equal(ev.sid, 77);
	assert_int_equal(ev.valid, 0);
	assert_memory_equal(ev.raw, rec, sizeof(rec));
	assert_string_equal(smmuv3_event_name(0xe3), "IMPDEF");
	assert_string_equal(smmuv3_event_name(0x30), "UNKNOWN");
	assert_string_equal(smmuv3_event_name(0x25), "F_VMS_FETCH");
	assert_int_equal(smmuv3_event_decode(NULL, false, &ev), SMMUV3_ERR_INVAL);
}

static void format_one_line(void **state)
{
	struct smmuv3_event ev;
	uint64_t rec[4] = { dw0(0x10, 0x12, 3, true), 0x5 | B(31) | B(35) | B(39) | 2ull << 40,
			    0x8000, 0x9000 };
	char line[200], tiny[8];
	int n;

	(void)state;
	smmuv3_event_decode(rec, false, &ev);
	n = smmuv3_event_format(&ev, line, sizeof(line));
	assert_string_equal(line, "F_TRANSLATION (0x10) sid 0x12 ssid 0x3 addr 0x8000 read data "
				  "unpriv stage 2 class IN ipa 0x9000 stalled stag 0x5");
	assert_int_equal(n, (int)strlen(line));
	/* Truncated, terminated, and the full length still reported. */
	assert_int_equal(smmuv3_event_format(&ev, tiny, sizeof(tiny)), n);
	assert_string_equal(tiny, "F_TRANS");
	rec[0] = dw0(0x03, 1, 0, false);
	rec[1] = 0;
	rec[3] = 0x1000;
	smmuv3_event_decode(rec, true, &ev);
	smmuv3_event_format(&ev, line, sizeof(line));
	assert_string_equal(line, "F_STE_FETCH (0x03) secure sid 0x1 fetch 0x1000 reason 0x0");
}

static void decode_pri(void **state)
{
	struct smmuv3_pri_req r;
	uint64_t rec[2];

	(void)state;
	/* SID[31:0], SSID[51:32], Priv 58, Exec 59, Read 60, Write 61,
	 * Last 62, SSV 63; PRGIndex[8:0], Addr[63:12]. */
	rec[0] = 0x55 | 0x12345ull << 32 | B(58) | B(59) | B(60) | B(62) | B(63);
	rec[1] = 0x1ff | 0xfedcb000ull;
	assert_int_equal(smmuv3_pri_decode(rec, &r), 0);
	assert_int_equal(r.sid, 0x55);
	assert_true(r.ssv);
	assert_int_equal(r.ssid, 0x12345);
	assert_true(r.priv && r.exec && r.read && r.last && !r.write);
	assert_int_equal(r.prgi, 0x1ff);
	assert_int_equal(r.addr, 0xfedcb000ull);
	assert_false(r.stop_marker);
	rec[0] = 0x55 | B(62) | B(63);
	smmuv3_pri_decode(rec, &r);
	assert_true(r.stop_marker);
	/* Without a PASID, X and Priv are not defined. */
	rec[0] = 0x55 | B(58) | B(59) | B(61) | B(62);
	smmuv3_pri_decode(rec, &r);
	assert_false(r.exec || r.priv || r.ssv || r.stop_marker);
	assert_true(r.write);
}

/* ---- draining through the mock ---- */

struct seen {
	struct smmuv3_event ev[16];
	uint32_t owner[16];
	bool owned[16];
	unsigned int n;
	enum smmuv3_stall_action answer;
	struct smmuv3_pri_req pri[8];
	unsigned int npri;
	int pri_answer;
};

static enum smmuv3_stall_action record_event(void *arg, const struct smmuv3_event *ev,
					     uint32_t owner, bool owned)
{
	struct seen *s = arg;

	if (s->n < 16) {
		s->ev[s->n] = *ev;
		s->owner[s->n] = owner;
		s->owned[s->n] = owned;
	}
	s->n++;
	return s->answer;
}

static int record_pri(void *arg, const struct smmuv3_pri_req *req, uint32_t owner, bool owned)
{
	struct seen *s = arg;

	(void)owner;
	(void)owned;
	if (s->npri < 8)
		s->pri[s->npri] = *req;
	s->npri++;
	return s->pri_answer;
}

static struct fixture *setup_ev(const struct smmuv3_mock_profile *p, unsigned int evtq_log2)
{
	struct fixture *f = fixture_new(p);

	f->cfg.evtq_log2 = evtq_log2;
	f->cfg.priq_log2 = evtq_log2;
	fixture_enable(f);
	smmuv3_mock_clear_log(f->mock);
	return f;
}

static void inject_fault(struct fixture *f, bool secure, uint32_t sid, bool stall, uint16_t stag)
{
	uint64_t rec[4] = { dw0(0x10, sid, 0, false), (stall ? B(31) : 0) | stag, 0x1000, 0 };

	assert_int_equal(smmuv3_mock_inject_event(f->mock, secure, rec), 0);
}

static void drain_delivers_in_order(void **state)
{
	struct fixture *f = setup_ev(&smmuv3_mock_profile_qemu, 0);
	struct seen s = { 0 };

	(void)state;
	assert_int_equal(smmuv3_fault_set_default(&f->smmu, record_event, NULL, &s), 0);
	for (uint32_t i = 0; i < 5; i++)
		inject_fault(f, false, 10 + i, false, 0);
	assert_int_equal(smmuv3_poll(&f->smmu), 5);
	assert_int_equal(s.n, 5);
	for (uint32_t i = 0; i < 5; i++) {
		assert_int_equal(s.ev[i].sid, 10 + i);
		assert_false(s.owned[i]);
	}
	/* CONS handed the slots back. */
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_EVENTQ_CONS), 5);
	assert_int_equal(smmuv3_poll(&f->smmu), 0);
	/* Nothing stalled: no command issued. */
	assert_int_equal(f->mock->n_cmds, 0);
	fixture_free(f);
}

static void overflow_architectural(void **state)
{
	struct fixture *f = setup_ev(&smmuv3_mock_profile_qemu, 2);
	struct smmuv3_evtq_stats st;
	struct seen s = { 0 };
	uint32_t prod;

	(void)state;
	smmuv3_fault_set_default(&f->smmu, record_event, NULL, &s);
	for (uint32_t i = 0; i < 4; i++)
		inject_fault(f, false, i, false, 0);
	/* Queue of 4 is full: two more are lost and OVFLG toggles once. */
	assert_int_equal(smmuv3_mock_inject_event(f->mock, false, (uint64_t[4]){ 0x10 }), -1);
	assert_int_equal(smmuv3_mock_inject_event(f->mock, false, (uint64_t[4]){ 0x10 }), -1);
	prod = smmuv3_mock_peek32(f->mock, SMMUV3_EVENTQ_PROD);
	assert_true(prod & SMMUV3_Q_OVFLG);
	assert_int_equal(smmuv3_evtq_drain(&f->smmu), 4);
	assert_int_equal(s.n, 4);
	smmuv3_evtq_get_stats(&f->smmu, &st);
	assert_int_equal(st.evtq_overflows, 1);
	/* Acknowledged: OVACKFLG now equals OVFLG. */
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_EVENTQ_CONS) & SMMUV3_Q_OVACKFLG,
			 prod & SMMUV3_Q_OVFLG);
	/* A later record is not another overflow. */
	inject_fault(f, false, 9, false, 0);
	assert_int_equal(smmuv3_evtq_drain(&f->smmu), 1);
	smmuv3_evtq_get_stats(&f->smmu, &st);
	assert_int_equal(st.evtq_overflows, 1);
	assert_int_equal(s.ev[4].sid, 9);
	fixture_free(f);
}

static void overflow_qemu_style(void **state)
{
	struct fixture *f = setup_ev(&smmuv3_mock_profile_qemu, 2);
	struct smmuv3_evtq_stats st;
	struct seen s = { 0 };

	(void)state;
	f->mock->evtq_overflow_gerror = true;
	smmuv3_fault_set_default(&f->smmu, record_event, NULL, &s);
	for (uint32_t i = 0; i < 4; i++)
		inject_fault(f, false, i, false, 0);
	assert_int_equal(smmuv3_mock_inject_event(f->mock, false, (uint64_t[4]){ 0x10 }), -1);
	assert_false(smmuv3_mock_peek32(f->mock, SMMUV3_EVENTQ_PROD) & SMMUV3_Q_OVFLG);
	/* GERROR handling counts the loss, acknowledges, and drains. */
	assert_int_equal(smmuv3_gerror_handle(&f->smmu), 1);
	assert_int_equal(s.n, 4);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_GERROR),
			 smmuv3_mock_peek32(f->mock, SMMUV3_GERRORN));
	smmuv3_evtq_get_stats(&f->smmu, &st);
	/* An aborted queue access, not an overflow (7.2.2). */
	assert_int_equal(st.evtq_aborts, 1);
	assert_int_equal(st.evtq_overflows, 0);
	assert_int_equal(st.gerror[2], 1);
	fixture_free(f);
}

static void stalls_are_answered(void **state)
{
	/* Stall records only come from an SMMU that can stall (QEMU's is
	 * terminate-only and rejects CMD_RESUME with CERROR_ILL, 4.7.1). */
	struct fixture *f = setup_ev(&smmuv3_mock_profile_mmu600, 0);
	struct smmuv3_evtq_stats st;
	struct seen s = { .answer = SMMUV3_STALL_RETRY };
	struct smmuv3_mock_cmd c;

	(void)state;
	/* No handler at all: the stall is aborted, never left hanging. */
	inject_fault(f, false, 7, true, 0x1234);
	assert_int_equal(smmuv3_evtq_drain(&f->smmu), 1);
	assert_int_equal(f->mock->n_cmds, 1);
	c = f->mock->cmds[0];
	assert_int_equal(c.dw[0], 0x44 | B(13) | 7ull << 32);
	assert_int_equal(c.dw[1], 0x1234);
	/* A handler that fixed things retries. */
	smmuv3_fault_set_default(&f->smmu, record_event, NULL, &s);
	smmuv3_mock_clear_log(f->mock);
	inject_fault(f, false, 7, true, 0x99);
	smmuv3_evtq_drain(&f->smmu);
	assert_int_equal(f->mock->cmds[0].dw[0], 0x44 | B(12) | 7ull << 32);
	assert_int_equal(f->mock->cmds[0].dw[1], 0x99);
	/* Deferred: nothing now, the owner resumes later. */
	s.answer = SMMUV3_STALL_DEFER;
	smmuv3_mock_clear_log(f->mock);
	inject_fault(f, false, 8, true, 0x5);
	smmuv3_evtq_drain(&f->smmu);
	assert_int_equal(f->mock->n_cmds, 0);
	assert_int_equal(smmuv3_stall_resume(&f->smmu, 8, 0x5, SMMUV3_STALL_TERMINATE), 0);
	assert_int_equal(f->mock->cmds[0].dw[0], 0x44 | 8ull << 32);
	assert_int_equal(smmuv3_stall_resume(&f->smmu, 8, 0x5, SMMUV3_STALL_DEFER),
			 SMMUV3_ERR_INVAL);
	/* STALL_TERM for a stream whose owner went away, then a sync. */
	smmuv3_mock_clear_log(f->mock);
	assert_int_equal(smmuv3_stall_term(&f->smmu, 8), 0);
	assert_int_equal(f->mock->cmds[0].dw[0], 0x45 | 8ull << 32);
	assert_int_equal(f->mock->n_syncs, 1);
	smmuv3_evtq_get_stats(&f->smmu, &st);
	assert_int_equal(st.stalls_aborted, 1);
	assert_int_equal(st.stalls_retried, 1);
	assert_int_equal(st.stalls_deferred, 1);
	assert_int_equal(st.events_dropped, 1);
	fixture_free(f);
}

static uint64_t pri_rec0(uint32_t sid, bool last, bool read)
{
	return sid | (last ? B(62) : 0) | (read ? B(60) : 0);
}

static void page_requests_answered_once_per_group(void **state)
{
	struct fixture *f = setup_ev(&smmuv3_mock_profile_mmu600, 0);
	struct smmuv3_evtq_stats st;
	struct seen s = { .pri_answer = SMMUV3_PRI_RESP_SUCCESS };
	uint64_t r1[2] = { pri_rec0(3, false, true), 0x10000 | 5 };
	uint64_t r2[2] = { pri_rec0(3, true, true), 0x11000 | 5 };
	uint64_t stop[2] = { 3 | B(62) | B(63) | 9ull << 32, 6 };

	(void)state;
	/* Nobody listening: the group is denied, not left waiting. */
	assert_int_equal(smmuv3_mock_inject_pri(f->mock, r1), 0);
	assert_int_equal(smmuv3_mock_inject_pri(f->mock, r2), 0);
	assert_int_equal(smmuv3_priq_drain(&f->smmu), 2);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_PRI_RESP), 1);
	assert_int_equal(f->mock->cmds[0].dw[0], 0x41 | 3ull << 32);
	assert_int_equal(f->mock->cmds[0].dw[1], 5 | 0ull << 12);
	/* A handler sees both requests; one response, its answer. */
	smmuv3_fault_set_default(&f->smmu, NULL, record_pri, &s);
	smmuv3_mock_clear_log(f->mock);
	smmuv3_mock_inject_pri(f->mock, r1);
	smmuv3_mock_inject_pri(f->mock, r2);
	smmuv3_mock_inject_pri(f->mock, stop);
	assert_int_equal(smmuv3_poll(&f->smmu), 3);
	assert_int_equal(s.npri, 3);
	assert_int_equal(s.pri[1].addr, 0x11000);
	assert_true(s.pri[2].stop_marker);
	assert_int_equal(smmuv3_mock_count_cmds(f->mock, SMMUV3_OP_PRI_RESP), 1);
	assert_int_equal(f->mock->cmds[0].dw[1], 5 | 2ull << 12);
	smmuv3_evtq_get_stats(&f->smmu, &st);
	assert_int_equal(st.pri_requests, 5);
	assert_int_equal(st.pri_denied, 1);
	assert_int_equal(st.pri_responses, 2);
	fixture_free(f);
}

static void pri_overflow(void **state)
{
	struct fixture *f = setup_ev(&smmuv3_mock_profile_mmu600, 1);
	struct smmuv3_evtq_stats st;
	uint64_t r[2] = { pri_rec0(1, true, true), 1 };

	(void)state;
	for (int i = 0; i < 2; i++)
		assert_int_equal(smmuv3_mock_inject_pri(f->mock, r), 0);
	assert_int_equal(smmuv3_mock_inject_pri(f->mock, r), -1);
	assert_int_equal(smmuv3_priq_drain(&f->smmu), 2);
	smmuv3_evtq_get_stats(&f->smmu, &st);
	assert_int_equal(st.pri_overflows, 1);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_PRIQ_CONS) & SMMUV3_Q_OVACKFLG,
			 SMMUV3_Q_OVACKFLG);
	fixture_free(f);
}

static void gerror_every_bit(void **state)
{
	struct fixture *f = setup_ev(&smmuv3_mock_profile_mmu600, 0);
	static const unsigned int bits[] = { 2, 3, 4, 5, 6, 7, 9, 10 };
	struct smmuv3_evtq_stats st;
	struct smmuv3_cmd c;
	uint32_t all = 0, g, n;

	(void)state;
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		all |= 1u << bits[i];
	smmuv3_mock_raise_gerror(f->mock, false, all | (uint32_t)SMMUV3_GERROR_CMDQ_ERR);
	/* As the SMMU does with CMDQ_ERR: the reason in CMDQ_CONS.ERR. */
	smmuv3_mock_poke32(f->mock, SMMUV3_CMDQ_CONS,
			   smmuv3_mock_peek32(f->mock, SMMUV3_CMDQ_CONS) |
				   (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_CMDQ_CONS_ERR,
							       SMMUV3_CERROR_ILL));
	assert_int_equal(smmuv3_gerror_handle(&f->smmu), 9);
	g = smmuv3_mock_peek32(f->mock, SMMUV3_GERROR);
	n = smmuv3_mock_peek32(f->mock, SMMUV3_GERRORN);
	/* All acknowledged by toggling GERRORN, except CMDQ_ERR (the command
	 * queue's, recovered by its next submitter). */
	assert_int_equal((g ^ n) & all, 0);
	assert_int_equal((g ^ n) & SMMUV3_GERROR_CMDQ_ERR, SMMUV3_GERROR_CMDQ_ERR);
	smmuv3_evtq_get_stats(&f->smmu, &st);
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		assert_int_equal(st.gerror[bits[i]], 1);
	/* Raised again (the toggle protocol, second round): seen again. */
	smmuv3_mock_raise_gerror(f->mock, false, (uint32_t)SMMUV3_GERROR_MSI_GERROR_ABT_ERR);
	assert_int_equal(smmuv3_gerror_handle(&f->smmu), 2);
	smmuv3_evtq_get_stats(&f->smmu, &st);
	assert_int_equal(st.gerror[7], 2);
	/* The command queue clears CMDQ_ERR when it next runs (a command:
	 * a sync-only call right after a CMD_SYNC writes nothing). */
	c = smmuv3_cmd_sync();
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, false), SMMUV3_ERR_CMD_ILL);
	assert_int_equal(smmuv3_gerror_handle(&f->smmu), 0);
	fixture_free(f);
}

static void service_failure_is_fatal(void **state)
{
	struct fixture *f = setup_ev(&smmuv3_mock_profile_qemu, 0);
	struct smmuv3_cmd c = smmuv3_cmd_sync();
	struct seen s = { 0 };

	(void)state;
	smmuv3_fault_set_default(&f->smmu, record_event, NULL, &s);
	inject_fault(f, false, 3, false, 0);
	smmuv3_mock_raise_gerror(f->mock, false, (uint32_t)SMMUV3_GERROR_SFM_ERR);
	assert_int_equal(smmuv3_poll(&f->smmu), SMMUV3_ERR_FATAL);
	assert_int_equal(smmuv3_get_state(&f->smmu), SMMUV3_STATE_FAILED);
	/* What the SMMU recorded is still delivered, and it stays fatal. */
	assert_int_equal(s.n, 1);
	assert_int_equal(smmuv3_poll(&f->smmu), SMMUV3_ERR_FATAL);
	assert_int_equal(smmuv3_gerror_handle(&f->smmu), SMMUV3_ERR_FATAL);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), SMMUV3_ERR_FATAL);
	/* Teardown and reset bring it back. */
	assert_int_equal(smmuv3_teardown(&f->smmu), 0);
	assert_int_equal(smmuv3_reset(&f->smmu), 0);
	fixture_free(f);
}

static void wired_interrupts(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
	struct seen s = { 0 };

	(void)state;
	f->cfg.irq_mode = SMMUV3_IRQ_MODE_WIRED;
	fixture_enable(f);
	assert_non_null(f->tp.irq_handler[SMMUV3_IRQ_EVENTQ]);
	assert_non_null(f->tp.irq_handler[SMMUV3_IRQ_GERROR]);
	assert_non_null(f->tp.irq_handler[SMMUV3_IRQ_PRIQ]);
	assert_null(f->tp.irq_handler[SMMUV3_IRQ_COMBINED]);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_IRQ_CTRLACK),
			 SMMUV3_IRQ_CTRL_GERROR_IRQEN | SMMUV3_IRQ_CTRL_EVENTQ_IRQEN |
				 SMMUV3_IRQ_CTRL_PRIQ_IRQEN);
	/* The SMMU has MSIs: wired operation clears any MSI address. */
	assert_true(smmuv3_mock_find_write(f->mock, SMMUV3_EVENTQ_IRQ_CFG0, 0) >= 0);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_EVENTQ_IRQ_CFG0), 0);
	smmuv3_fault_set_default(&f->smmu, record_event, NULL, &s);
	inject_fault(f, false, 4, false, 0);
	assert_true(smmuv3_test_port_fire_irq(&f->tp, SMMUV3_IRQ_EVENTQ));
	assert_int_equal(s.n, 1);
	assert_int_equal(smmuv3_teardown(&f->smmu), 0);
	assert_null(f->tp.irq_handler[SMMUV3_IRQ_EVENTQ]);
	fixture_free(f);

	/* A port without lines: polling, and no interrupt enabled. */
	f = fixture_new(&smmuv3_mock_profile_qemu);
	f->cfg.irq_mode = SMMUV3_IRQ_MODE_WIRED;
	f->tp.irq_unsupported = true;
	fixture_enable(f);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_IRQ_CTRLACK), 0);
	fixture_free(f);
}

static void msi_interrupts(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);

	(void)state;
	f->cfg.irq_mode = SMMUV3_IRQ_MODE_MSI;
	f->cfg.msi_evtq = (struct smmuv3_msi_target){ 0x8000040, 0x11 };
	f->cfg.msi_priq = (struct smmuv3_msi_target){ 0x8000040, 0x12 };
	f->cfg.msi_gerror = (struct smmuv3_msi_target){ 0x8000044, 0x13 };
	fixture_enable(f);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_EVENTQ_IRQ_CFG0), 0x8000040);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_EVENTQ_IRQ_CFG1), 0x11);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_PRIQ_IRQ_CFG1), 0x12);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_GERROR_IRQ_CFG0), 0x8000044);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_GERROR_IRQ_CFG1), 0x13);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_GERROR_IRQ_CFG2), 1);
	/* Programmed before the interrupts were enabled. */
	assert_true(smmuv3_mock_find_write(f->mock, SMMUV3_GERROR_IRQ_CFG0, 0) <
		    smmuv3_mock_find_write(f->mock, SMMUV3_IRQ_CTRL,
					   (size_t)smmuv3_mock_find_write(f->mock,
									 SMMUV3_IRQ_CTRL, 0) + 1));
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_IRQ_CTRLACK),
			 SMMUV3_IRQ_CTRL_GERROR_IRQEN | SMMUV3_IRQ_CTRL_EVENTQ_IRQEN |
				 SMMUV3_IRQ_CTRL_PRIQ_IRQEN);
	fixture_free(f);

	/* A missing target is refused; an SMMU without MSIs too. */
	f = fixture_new(&smmuv3_mock_profile_mmu600);
	f->cfg.irq_mode = SMMUV3_IRQ_MODE_MSI;
	fixture_probe(f);
	assert_int_equal(smmuv3_reset(&f->smmu), SMMUV3_ERR_INVAL);
	assert_int_equal(f->tp.live_bytes, 0);
	fixture_free(f);
	f = fixture_new(&smmuv3_mock_profile_qemu);
	f->cfg.irq_mode = SMMUV3_IRQ_MODE_MSI;
	fixture_probe(f);
	assert_int_equal(smmuv3_reset(&f->smmu), SMMUV3_ERR_NOTSUP);
	fixture_free(f);
}

static void secure_instance(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
	struct seen s = { .answer = SMMUV3_STALL_RETRY };
	struct smmuv3_cmd c;

	(void)state;
	f->cfg.secure = true;
	fixture_enable(f);
	smmuv3_fault_set_default(&f->smmu, record_event, NULL, &s);
	smmuv3_mock_clear_log(f->mock);
	inject_fault(f, true, 6, true, 3);
	assert_int_equal(smmuv3_poll(&f->smmu), 1);
	assert_true(s.ev[0].secure);
	/* RESUME names the Secure stream (SSec). */
	assert_int_equal(f->mock->cmds[0].dw[0], 0x44 | B(10) | B(12) | 6ull << 32);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_S_EVENTQ_CONS), 1);
	/* The PRI queue is a Non-secure thing. */
	assert_int_equal(smmuv3_priq_drain(&f->smmu), 0);
	/* Secure TLB maintenance goes through the Secure command queue. */
	c = smmuv3_cmd_tlbi_s_el2_all();
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), 0);
	assert_true(smmuv3_mock_find_write(f->mock, SMMUV3_S_CMDQ_PROD, 0) >= 0);
	fixture_free(f);
	/* ... and is illegal on the Non-secure one. */
	f = setup_ev(&smmuv3_mock_profile_mmu600, 0);
	assert_int_equal(smmuv3_cmdq_submit(&f->smmu, &c, 1, true), SMMUV3_ERR_CMD_ILL);
	fixture_free(f);
}

static void noncoherent_records_invalidated(void **state)
{
	struct fixture *f = setup_ev(&smmuv3_mock_profile_minimal, 0);
	struct seen s = { 0 };
	unsigned long before = f->tp.invalidates;

	(void)state;
	assert_false(smmuv3_inst_of(&f->smmu)->coherent);
	smmuv3_fault_set_default(&f->smmu, record_event, NULL, &s);
	inject_fault(f, false, 1, false, 0);
	inject_fault(f, false, 2, false, 0);
	assert_int_equal(smmuv3_evtq_drain(&f->smmu), 2);
	/* Stale cache lines discarded before each record was read. */
	assert_int_equal(f->tp.invalidates - before, 2);
	assert_int_equal(s.ev[1].sid, 2);
	fixture_free(f);
}

static void routed_to_the_stream_owner(void **state)
{
	struct fixture *f = setup_ev(&smmuv3_mock_profile_mmu600, 0);
	struct seen owner_seen = { .answer = SMMUV3_STALL_RETRY, .pri_answer = 2 };
	struct seen dflt_seen = { 0 };
	struct smmuv3_fault_handler h = { .owner = 0x8001, .event = record_event,
					  .pri = record_pri, .arg = &owner_seen };
	uint64_t pri[2] = { pri_rec0(5, true, true), 7 };
	struct smmuv3_evtq_stats st;

	(void)state;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 5, 0x8001), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 6, 0x8002), 0);
	assert_int_equal(smmuv3_fault_handler_register(&f->smmu, &h), 0);
	smmuv3_fault_set_default(&f->smmu, record_event, NULL, &dflt_seen);
	smmuv3_mock_clear_log(f->mock);
	inject_fault(f, false, 5, true, 0x21);  /* owned, owner has a handler */
	inject_fault(f, false, 6, false, 0);    /* owned, owner has none */
	inject_fault(f, false, 7, false, 0);    /* unclaimed */
	assert_int_equal(smmuv3_evtq_drain(&f->smmu), 3);
	assert_int_equal(owner_seen.n, 1);
	assert_int_equal(owner_seen.ev[0].sid, 5);
	assert_int_equal(owner_seen.owner[0], 0x8001);
	assert_true(owner_seen.owned[0]);
	assert_int_equal(dflt_seen.n, 2);
	assert_int_equal(dflt_seen.owner[0], 0x8002);
	assert_true(dflt_seen.owned[0]);
	assert_false(dflt_seen.owned[1]);
	/* The owner's answer reached the SMMU. */
	assert_int_equal(f->mock->cmds[0].dw[0], 0x44 | B(12) | 5ull << 32);
	/* Page requests follow the same route. */
	smmuv3_mock_clear_log(f->mock);
	smmuv3_mock_inject_pri(f->mock, pri);
	assert_int_equal(smmuv3_priq_drain(&f->smmu), 1);
	assert_int_equal(owner_seen.npri, 1);
	assert_int_equal(f->mock->cmds[0].dw[1], 7 | 2ull << 12);
	/* Once unregistered, the owner's events go to the default handler. */
	assert_int_equal(smmuv3_fault_handler_unregister(&f->smmu, &h), 0);
	inject_fault(f, false, 5, false, 0);
	smmuv3_evtq_drain(&f->smmu);
	assert_int_equal(owner_seen.n, 1);
	assert_int_equal(dflt_seen.n, 3);
	smmuv3_evtq_get_stats(&f->smmu, &st);
	assert_int_equal(st.events_owned, 1);
	assert_int_equal(st.events_default, 3);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 5, 0x8001), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 6, 0x8002), 0);
	fixture_free(f);
}

static void handler_registration(void **state)
{
	struct fixture *f = setup_ev(&smmuv3_mock_profile_qemu, 0);
	struct smmuv3_fault_handler a = { .owner = 1 }, b = { .owner = 1 }, c = { .owner = 2 };

	(void)state;
	assert_int_equal(smmuv3_fault_handler_register(&f->smmu, &a), 0);
	assert_int_equal(smmuv3_fault_handler_register(&f->smmu, &a), SMMUV3_ERR_BUSY);
	assert_int_equal(smmuv3_fault_handler_register(&f->smmu, &b), SMMUV3_ERR_BUSY);
	assert_int_equal(smmuv3_fault_handler_register(&f->smmu, &c), 0);
	assert_int_equal(smmuv3_fault_handler_unregister(&f->smmu, &a), 0);
	assert_int_equal(smmuv3_fault_handler_unregister(&f->smmu, &a), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_fault_handler_register(&f->smmu, &b), 0);
	assert_int_equal(smmuv3_fault_handler_register(NULL, &b), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_fault_set_default(NULL, NULL, NULL, NULL), SMMUV3_ERR_INVAL);
	fixture_free(f);
}

/* Every event-side call refuses bad input before touching anything:
 * nothing is submitted, no register is written, the counters and the
 * handler list stay as they were. */
static void bad_calls(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_qemu);
	struct smmuv3_fault_handler h = { .owner = 3 };
	struct smmuv3_pri_req req = { .sid = 1, .last = true };
	struct smmuv3_evtq_stats st, st2;
	struct smmuv3_event ev = { 0 };
	uint64_t rec[4] = { 0 };
	char line[8];
	size_t cmds;
	uint64_t writes;

	(void)state;
	fixture_probe(f);
	/* Before reset: no queue, no SMMU to talk to. */
	assert_int_equal(smmuv3_evtq_drain(&f->smmu), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_gerror_handle(&f->smmu), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_stall_resume(&f->smmu, 1, 2, SMMUV3_STALL_RETRY), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_stall_term(&f->smmu, 1), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_reset(&f->smmu), 0);
	assert_int_equal(smmuv3_fault_handler_register(&f->smmu, &h), 0);
	assert_int_equal(smmuv3_evtq_get_stats(&f->smmu, &st), 0);
	cmds = f->mock->n_cmds;
	writes = f->mock->n_prod_writes;
	assert_int_equal(smmuv3_evtq_drain(NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_priq_drain(NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_gerror_handle(NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_poll(NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_event_decode(rec, false, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pri_decode(NULL, &req), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pri_decode(rec, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_event_format(NULL, line, sizeof(line)), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_event_format(&ev, NULL, sizeof(line)), SMMUV3_ERR_INVAL);
	/* A zero-length buffer is a size query. */
	assert_true(smmuv3_event_format(&ev, NULL, 0) > 0);
	assert_int_equal(smmuv3_stall_resume(NULL, 1, 2, SMMUV3_STALL_RETRY), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stall_resume(&f->smmu, 1, 2, SMMUV3_STALL_DEFER), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stall_resume(&f->smmu, 1, 2, (enum smmuv3_stall_action)77),
			 SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stall_term(NULL, 1), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pri_respond(NULL, &req, SMMUV3_PRI_RESP_SUCCESS), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pri_respond(&f->smmu, NULL, SMMUV3_PRI_RESP_SUCCESS),
			 SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pri_respond(&f->smmu, &req, (enum smmuv3_pri_resp)3),
			 SMMUV3_ERR_INVAL);
	/* QEMU has no PRI queue. */
	assert_int_equal(smmuv3_pri_respond(&f->smmu, &req, SMMUV3_PRI_RESP_SUCCESS),
			 SMMUV3_ERR_NOTSUP);
	assert_int_equal(smmuv3_fault_handler_register(&f->smmu, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_fault_handler_unregister(NULL, &h), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_fault_handler_unregister(&f->smmu, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_evtq_get_stats(NULL, &st2), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_evtq_get_stats(&f->smmu, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(f->mock->n_cmds, cmds);
	assert_int_equal(f->mock->n_prod_writes, writes);
	assert_int_equal(smmuv3_evtq_get_stats(&f->smmu, &st2), 0);
	assert_memory_equal(&st, &st2, sizeof(st));
	/* The handler survived every refused call. */
	assert_int_equal(smmuv3_fault_handler_register(&f->smmu, &h), SMMUV3_ERR_BUSY);
	assert_int_equal(smmuv3_fault_handler_unregister(&f->smmu, &h), 0);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_common_and_config_events),
		cmocka_unit_test(decode_fetch_events),
		cmocka_unit_test(decode_translation_faults),
		cmocka_unit_test(decode_reason_is_16_bits),
		cmocka_unit_test(decode_other_faults),
		cmocka_unit_test(format_one_line),
		cmocka_unit_test(decode_pri),
		cmocka_unit_test(drain_delivers_in_order),
		cmocka_unit_test(overflow_architectural),
		cmocka_unit_test(overflow_qemu_style),
		cmocka_unit_test(stalls_are_answered),
		cmocka_unit_test(page_requests_answered_once_per_group),
		cmocka_unit_test(pri_overflow),
		cmocka_unit_test(gerror_every_bit),
		cmocka_unit_test(service_failure_is_fatal),
		cmocka_unit_test(wired_interrupts),
		cmocka_unit_test(msi_interrupts),
		cmocka_unit_test(secure_instance),
		cmocka_unit_test(noncoherent_records_invalidated),
		cmocka_unit_test(routed_to_the_stream_owner),
		cmocka_unit_test(handler_registration),
		cmocka_unit_test(bad_calls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
