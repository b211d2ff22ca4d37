// SPDX-License-Identifier: BSD-3-Clause
/*
 * Stalled transactions (IHI 0070 3.12.2, 4.7.1, 4.7.2): a device access
 * that faults at a stage configured to stall is recorded with Stall = 1
 * and a STAG, and waits, holding its slot, until software answers it
 * with CMD_RESUME (retry or terminate) or CMD_STALL_TERM.
 */
#include <string.h>

#include "mock_internal.h"

static unsigned int stall_model(const struct smmuv3_mock *m, bool secure)
{
	return (unsigned int)MA_FGET(MA_IDR0_STALL_MODEL,
					      secure ? m->profile.s_idr0 : m->profile.idr[0]);
}

/* Translation-related faults are the ones that may stall (3.12). */
static bool stallable_fault(uint32_t status)
{
	return status == SMMUV3_MOCK_F_TRANSLATION || status == SMMUV3_MOCK_F_ADDR_SIZE ||
	       status == SMMUV3_MOCK_F_ACCESS || status == SMMUV3_MOCK_F_PERMISSION;
}

/* Whether the stage that faulted is configured to stall. */
static bool stage_stalls(struct smmuv3_mock *m, const struct smmuv3_mock_stalled *a)
{
	struct smmuv3_mock_ste_info ste;
	struct smmuv3_mock_cd_info cd;

	if (stall_model(m, a->secure) == MA_IDR0_STALL_MODEL_TERM_ONLY ||
	    smmuv3_mock_decode_ste(m, a->secure, a->sid, &ste, NULL))
		return false;
	if (a->out.stage == 2)
		return ste.s2s;
	/* A nested stream's CD is read here with its addresses as PAs:
	 * the tests that stall nested streams map stage 2 flat there. */
	if (a->out.stage != 1 || ste.s1stalld ||
	    smmuv3_mock_decode_cd(m, a->secure, a->sid, a->ssid, a->ssv, &ste, &cd, NULL))
		return false;
	return cd.s;
}

/*
 * The IPA space a Secure stream's stage-2-only transaction translates
 * in: its NS attribute, unless STE.NSCFG forces one (0b10 Secure, 0b11
 * Non-secure; 0b00 uses the incoming attribute).
 */
static bool ns_ipa_space(const struct smmuv3_mock_ste_info *ste, bool ns_attr)
{
	return ste->nscfg == 2 ? false : ste->nscfg == 3 ? true : ns_attr;
}

/*
 * The output PA space of a Secure stream's stage 2 (IHI 0070 STE.S2SA,
 * S2SW, S2NSA, S2NSW; stage-2 descriptors carry no NS bit): S2SW = 1
 * makes S2SA effectively 1; the Secure IPA space outputs Non-secure when
 * S2SA is; the Non-secure IPA space does when S2NSA is, and S2NSA is
 * ignored (output Non-secure) when S2NSW or the effective S2SA is 1.
 */
static bool s2_output_ns(const struct smmuv3_mock_ste_info *ste, bool ns_ipa)
{
	bool sa = ste->s2sa || ste->s2sw;

	return ns_ipa ? sa || ste->s2nsw || ste->s2nsa : sa;
}

/*
 * A Secure stream's translation, for what the Secure tests use: stage 1
 * or stage 2 alone, no nesting (reported as C_BAD_STE); its TLB entries
 * are Secure. Stage 2 walks S_S2TTB (Secure IPA space) or S2TTB
 * (Non-secure IPA space) as ns_ipa_space() picks.
 */
static void translate_secure(struct smmuv3_mock *m, struct smmuv3_mock_stalled *a)
{
	struct smmuv3_mock_ste_info ste;
	struct smmuv3_mock_cd_info cd;
	struct smmuv3_mock_stage s1 = { 0 }, s2 = { 0 };
	bool s1en;
	int v;

	memset(&a->out, 0, sizeof(a->out));
	if (!(m->regs[MA_S_CR0ACK / 4] & MA_MASK(MA_CR0_SMMUEN))) {
		a->out.status = SMMUV3_MOCK_ABORT;
		return;
	}
	v = smmuv3_mock_decode_ste(m, true, a->sid, &ste, NULL);
	if (!v && ste.s1 && ste.s2)
		v = SMMUV3_MOCK_C_BAD_STE;
	s1en = ste.s1;
	if (!v && s1en) {
		v = smmuv3_mock_decode_cd(m, true, a->sid, a->ssid, a->ssv, &ste, &cd, NULL);
		if (v == SMMUV3_MOCK_S1_BYPASS) {
			s1en = false;
			v = 0;
		}
	}
	if (v) {
		a->out.status = (uint32_t)v;
		return;
	}
	if (s1en) {
		mock_stage1_from_cd(&cd, &s1);
		s1.regime = (uint8_t)mock_regime(ste.strw);
	}
	if (ste.s2) {
		s2.ns_ipa = ns_ipa_space(&ste, a->ns_attr);
		mock_stage2_from_ste(&ste, !s2.ns_ipa, &s2);
	}
	s1.secure = s2.secure = true;
	smmuv3_mock_translate_stages(m, s1en ? &s1 : NULL, ste.s2 ? &s2 : NULL, a->addr, a->acc,
				     &a->out);
	a->out.pa_ns = ste.s2 && s2_output_ns(&ste, s2.ns_ipa);
}

/* A STAG no stalled access holds (3.12.2: not reused until answered). */
static uint16_t fresh_stag(struct smmuv3_mock *m)
{
	for (;;) {
		uint16_t stag = m->stag_next++;
		bool used = false;

		for (unsigned int i = 0; i < SMMUV3_MOCK_MAX_STALLED; i++)
			used |= m->stalled[i].state == SMMUV3_MOCK_ACCESS_STALLED &&
				m->stalled[i].stag == stag;
		if (!used)
			return stag;
	}
}

static void record_stall(struct smmuv3_mock *m, struct smmuv3_mock_stalled *a)
{
	const struct smmuv3_mock_xlate *o = &a->out;
	uint64_t rec[4];

	a->stag = fresh_stag(m);
	a->stalls++;
	rec[0] = MA_FPREP(MA_EVT_TYPE, o->status) |
		 (a->ssv ? MA_MASK(MA_EVT_SSV) | MA_FPREP(MA_EVT_SSID, a->ssid) : 0) |
		 MA_FPREP(MA_EVT_SID, a->sid);
	rec[1] = MA_FPREP(MA_EVT_STAG, a->stag) | MA_MASK(MA_EVT_STALL) |
		 (a->acc & SMMUV3_MOCK_ACC_PRIV ? MA_MASK(MA_EVT_PNU) : 0) |
		 (a->acc & SMMUV3_MOCK_ACC_EXEC ? MA_MASK(MA_EVT_IND) : 0) |
		 (a->acc & SMMUV3_MOCK_ACC_WRITE ? 0 : MA_MASK(MA_EVT_RNW)) |
		 (o->stage == 2 ? MA_MASK(MA_EVT_S2) : 0) |
		 MA_FPREP(MA_EVT_CLASS, o->s2_on_s1_walk ? MA_EVT_CLASS_TT
								       : MA_EVT_CLASS_IN);
	rec[2] = a->addr;
	rec[3] = o->stage == 2 ? o->ipa & MA_MASK(MA_EVT_IPA) : 0;
	/* The SMMU retries a stall whose record it could not write when
	 * the queue is next writable; the mock keeps it stalled instead. */
	(void)smmuv3_mock_inject_event(m, a->secure, rec);
}

/* Translate @a (again) and settle it: done, faulted, or stalled anew. */
static void attempt(struct smmuv3_mock *m, struct smmuv3_mock_stalled *a)
{
	if (a->secure)
		translate_secure(m, a);
	else
		smmuv3_mock_translate(m, a->sid, a->ssid, a->ssv, a->addr, a->acc, &a->out);
	if (a->out.status == SMMUV3_MOCK_XLATE_OK) {
		a->state = SMMUV3_MOCK_ACCESS_DONE;
	} else if (stallable_fault(a->out.status) && stage_stalls(m, a)) {
		a->state = SMMUV3_MOCK_ACCESS_STALLED;
		record_stall(m, a);
	} else {
		a->state = SMMUV3_MOCK_ACCESS_FAULTED;
	}
}

int smmuv3_mock_access(struct smmuv3_mock *m, uint32_t sid, uint32_t ssid, bool ssv,
		       uint64_t addr, unsigned int acc)
{
	return smmuv3_mock_access_sec(m, false, sid, ssid, ssv, addr, acc);
}

/* Start an access in a free slot (@ns_attr: a Secure stream's NS
 * attribute). */
static int mock_access(struct smmuv3_mock *m, bool secure, bool ns_attr, uint32_t sid,
		       uint32_t ssid, bool ssv, uint64_t addr, unsigned int acc)
{
	for (unsigned int i = 0; i < SMMUV3_MOCK_MAX_STALLED; i++) {
		struct smmuv3_mock_stalled *a = &m->stalled[i];

		if (a->state != SMMUV3_MOCK_ACCESS_FREE)
			continue;
		memset(a, 0, sizeof(*a));
		a->secure = secure;
		a->ns_attr = ns_attr;
		a->sid = sid;
		a->ssid = ssid;
		a->ssv = ssv;
		a->addr = addr;
		a->acc = acc;
		attempt(m, a);
		return (int)i;
	}
	return -1;
}

int smmuv3_mock_access_ns(struct smmuv3_mock *m, uint32_t sid, uint32_t ssid, bool ssv,
			  uint64_t addr, unsigned int acc, bool ns)
{
	return mock_access(m, true, ns, sid, ssid, ssv, addr, acc);
}

int smmuv3_mock_access_sec(struct smmuv3_mock *m, bool secure, uint32_t sid, uint32_t ssid,
			   bool ssv, uint64_t addr, unsigned int acc)
{
	return mock_access(m, secure, false, sid, ssid, ssv, addr, acc);
}

void smmuv3_mock_access_free(struct smmuv3_mock *m, int slot)
{
	if (slot >= 0 && (unsigned int)slot < SMMUV3_MOCK_MAX_STALLED &&
	    m->stalled[slot].state != SMMUV3_MOCK_ACCESS_STALLED)
		m->stalled[slot].state = SMMUV3_MOCK_ACCESS_FREE;
}

unsigned int smmuv3_mock_stalled_count(const struct smmuv3_mock *m)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < SMMUV3_MOCK_MAX_STALLED; i++)
		n += m->stalled[i].state == SMMUV3_MOCK_ACCESS_STALLED;
	return n;
}

bool mock_stall_cmd_illegal(const struct smmuv3_mock *m, int bank, const struct smmuv3_mock_cmd *cmd)
{
	uint32_t op = (uint32_t)MA_FGET(MA_CMD_OPCODE, cmd->dw[0]);

	/* 4.7.1, 4.7.2: CERROR_ILL where the queue's Security state cannot stall. */
	return (op == MA_OP_RESUME || op == MA_OP_STALL_TERM) &&
	       stall_model(m, bank != 0) == MA_IDR0_STALL_MODEL_TERM_ONLY;
}

void mock_stall_on_cmd(struct smmuv3_mock *m, const struct smmuv3_mock_cmd *cmd)
{
	uint32_t op = (uint32_t)MA_FGET(MA_CMD_OPCODE, cmd->dw[0]);
	uint32_t sid = (uint32_t)MA_FGET(MA_CMD_SID, cmd->dw[0]);
	uint16_t stag = (uint16_t)MA_FGET(MA_CMD_RESUME_STAG, cmd->dw[1]);
	bool term_model = m->profile.idr[0] & MA_MASK(MA_IDR0_TERM_MODEL);

	bool ssec = cmd->dw[0] & MA_MASK(MA_CMD_SSEC);

	if (op != MA_OP_RESUME && op != MA_OP_STALL_TERM)
		return;
	/* Secure and Non-secure StreamIDs are separate namespaces (4.7.1):
	 * SSec selects which one the command names. */
	for (unsigned int i = 0; i < SMMUV3_MOCK_MAX_STALLED; i++) {
		struct smmuv3_mock_stalled *a = &m->stalled[i];

		if (a->state != SMMUV3_MOCK_ACCESS_STALLED || a->sid != sid || a->secure != ssec)
			continue;
		if (op == MA_OP_STALL_TERM) {
			a->state = SMMUV3_MOCK_ACCESS_ABORTED;
			continue;
		}
		/* A STAG of another stream, or of no stall, is a no-op (4.7.1). */
		if (a->stag != stag)
			continue;
		m->n_resumes++;
		if (cmd->dw[0] & MA_MASK(MA_CMD_RESUME_AC))
			attempt(m, a);
		else if ((cmd->dw[0] & MA_MASK(MA_CMD_RESUME_AB)) || term_model)
			a->state = SMMUV3_MOCK_ACCESS_ABORTED;
		else
			a->state = SMMUV3_MOCK_ACCESS_RAZWI;
		return;
	}
}
