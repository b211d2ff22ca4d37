// SPDX-License-Identifier: BSD-3-Clause
/*
 * Event record and page request decoding (Arm IHI 0070 7.3 and 8). The
 * table says which fields each event number defines; decoding then reads
 * only those, so an UNKNOWN or RES0 field never leaks into the result.
 */
#include "libc/mem.h"

#include "core/internal.h"
#include "evtq_internal.h"

#define H_SSID SMMUV3_EVT_HAS_SSID
#define H_ADDR SMMUV3_EVT_HAS_ADDR
#define H_ACC SMMUV3_EVT_HAS_ACCESS
#define H_STALL SMMUV3_EVT_HAS_STALL
#define H_CLASS SMMUV3_EVT_HAS_CLASS
#define H_FETCH SMMUV3_EVT_HAS_FETCH
#define H_REASON SMMUV3_EVT_HAS_REASON
#define H_PAGE SMMUV3_EVT_HAS_PAGE_REQ
#define H_IPA SMMUV3_EVT_HAS_IPA
/* Translation-related faults share one layout. */
#define H_TRF (H_SSID | H_ADDR | H_ACC | H_STALL | H_CLASS | H_IPA)

struct evt_desc {
	uint8_t type;
	const char *name;
	uint32_t has;
};

static const struct evt_desc evt_table[] = {
	{ SMMUV3_EVT_F_UUT, "F_UUT", H_SSID | H_ADDR | H_ACC | H_REASON },
	{ SMMUV3_EVT_C_BAD_STREAMID, "C_BAD_STREAMID", H_SSID },
	{ SMMUV3_EVT_F_STE_FETCH, "F_STE_FETCH", H_SSID | H_FETCH | H_REASON },
	{ SMMUV3_EVT_C_BAD_STE, "C_BAD_STE", H_SSID },
	{ SMMUV3_EVT_F_BAD_ATS_TREQ, "F_BAD_ATS_TREQ", H_SSID | H_ADDR },
	{ SMMUV3_EVT_F_STREAM_DISABLED, "F_STREAM_DISABLED", 0 },
	{ SMMUV3_EVT_F_TRANSL_FORBIDDEN, "F_TRANSL_FORBIDDEN", H_ADDR | H_ACC },
	{ SMMUV3_EVT_C_BAD_SUBSTREAMID, "C_BAD_SUBSTREAMID", H_SSID },
	{ SMMUV3_EVT_F_CD_FETCH, "F_CD_FETCH", H_SSID | H_FETCH | H_REASON },
	{ SMMUV3_EVT_C_BAD_CD, "C_BAD_CD", H_SSID },
	{ SMMUV3_EVT_F_WALK_EABT, "F_WALK_EABT",
	  H_SSID | H_ADDR | H_ACC | H_CLASS | H_FETCH | H_REASON },
	{ SMMUV3_EVT_F_TRANSLATION, "F_TRANSLATION", H_TRF },
	{ SMMUV3_EVT_F_ADDR_SIZE, "F_ADDR_SIZE", H_TRF },
	{ SMMUV3_EVT_F_ACCESS, "F_ACCESS", H_TRF },
	{ SMMUV3_EVT_F_PERMISSION, "F_PERMISSION", H_TRF },
	{ SMMUV3_EVT_F_TLB_CONFLICT, "F_TLB_CONFLICT",
	  H_SSID | H_ADDR | H_ACC | H_CLASS | H_IPA | H_REASON },
	{ SMMUV3_EVT_F_CFG_CONFLICT, "F_CFG_CONFLICT", H_SSID | H_REASON },
	{ SMMUV3_EVT_E_PAGE_REQUEST, "E_PAGE_REQUEST", H_SSID | H_ADDR | H_PAGE },
	{ SMMUV3_EVT_F_VMS_FETCH, "F_VMS_FETCH", H_SSID | H_FETCH | H_REASON },
};

static const struct evt_desc *evt_lookup(unsigned int type)
{
	for (size_t i = 0; i < SMMUV3_ARRAY_SIZE(evt_table); i++)
		if (evt_table[i].type == type)
			return &evt_table[i];
	return NULL;
}

const char *smmuv3_event_name(unsigned int type)
{
	const struct evt_desc *d = evt_lookup(type);

	if (d)
		return d->name;
	if (type >= SMMUV3_EVT_IMPDEF_FIRST && type <= SMMUV3_EVT_IMPDEF_LAST)
		return "IMPDEF";
	return "UNKNOWN";
}

static uint8_t page_req_perms(uint64_t dw1)
{
	static const struct {
		uint64_t bit;
		uint8_t perm;
	} map[] = {
		{ SMMUV3_EVT1_PR_UR, SMMUV3_EVT_PERM_UR }, { SMMUV3_EVT1_PR_UW, SMMUV3_EVT_PERM_UW },
		{ SMMUV3_EVT1_PR_UX, SMMUV3_EVT_PERM_UX }, { SMMUV3_EVT1_PR_PR, SMMUV3_EVT_PERM_PR },
		{ SMMUV3_EVT1_PR_PW, SMMUV3_EVT_PERM_PW }, { SMMUV3_EVT1_PR_PX, SMMUV3_EVT_PERM_PX },
	};
	uint8_t perms = 0;

	for (size_t i = 0; i < SMMUV3_ARRAY_SIZE(map); i++)
		if (dw1 & map[i].bit)
			perms |= map[i].perm;
	return perms;
}

static void evt_decode_fields(const uint64_t rec[4], uint32_t has, struct smmuv3_event *ev)
{
	if (has & H_SSID) {
		ev->ssv = rec[0] & SMMUV3_EVT0_SSV;
		/* C_BAD_SUBSTREAMID always carries the offending SubstreamID. */
		if (ev->ssv || ev->type == SMMUV3_EVT_C_BAD_SUBSTREAMID)
			ev->ssid = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_EVT0_SSID, rec[0]);
		if (ev->type == SMMUV3_EVT_C_BAD_SUBSTREAMID)
			ev->ssv = true;
	}
	if (has & H_ADDR)
		ev->addr = (has & H_PAGE) || ev->type == SMMUV3_EVT_F_BAD_ATS_TREQ
				   ? rec[2] & SMMUV3_EVT2_ADDR_PAGE
				   : rec[2];
	if (has & H_ACC) {
		ev->read = rec[1] & SMMUV3_EVT1_RNW;
		/* F_TRANSL_FORBIDDEN reports RnW only. */
		if (ev->type != SMMUV3_EVT_F_TRANSL_FORBIDDEN) {
			ev->instr = rec[1] & SMMUV3_EVT1_IND;
			ev->priv = rec[1] & SMMUV3_EVT1_PNU;
		}
	}
	if (has & H_STALL) {
		ev->stall = rec[1] & SMMUV3_EVT1_STALL;
		if (ev->stall)
			ev->stag = (uint16_t)SMMUV3_FIELD_GET(SMMUV3_EVT1_STAG, rec[1]);
	}
	if (has & H_CLASS) {
		ev->s2 = rec[1] & SMMUV3_EVT1_S2;
		ev->cls = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_EVT1_CLASS, rec[1]);
		ev->nsipa = rec[1] & SMMUV3_EVT1_NSIPA;
		if (ev->type == SMMUV3_EVT_F_PERMISSION && ev->cls == SMMUV3_EVT_CLASS_TT)
			ev->tt_read = rec[1] & SMMUV3_EVT1_TTRNW;
	}
	/* The IPA is defined for stage-2 faults only (UNKNOWN at stage 1). */
	if ((has & H_IPA) && ev->s2)
		ev->ipa = rec[3] & SMMUV3_EVT3_IPA;
	if (has & H_FETCH)
		ev->fetch_addr = rec[3] & SMMUV3_EVT3_FETCH;
	if ((has & H_REASON) && (ev->type == SMMUV3_EVT_F_TLB_CONFLICT ||
				 ev->type == SMMUV3_EVT_F_CFG_CONFLICT))
		ev->reason = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_EVT1_REASON_CONFLICT, rec[1]);
	else if ((has & H_REASON) && !(has & H_STALL))
		ev->reason = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_EVT1_REASON, rec[1]);
	/* GPCF sits next to the 16-bit Reason of the fetch aborts. */
	if (has & H_FETCH)
		ev->gpcf = rec[1] & SMMUV3_EVT1_GPCF;
	if (has & H_PAGE) {
		ev->span = (uint16_t)SMMUV3_FIELD_GET(SMMUV3_EVT1_SPAN, rec[1]);
		ev->perms = page_req_perms(rec[1]);
	}
}

int smmuv3_event_decode(const uint64_t rec[4], bool secure, struct smmuv3_event *ev)
{
	const struct evt_desc *d;

	if (!rec || !ev)
		return SMMUV3_ERR_INVAL;
	memset(ev, 0, sizeof(*ev));
	memcpy(ev->raw, rec, sizeof(ev->raw));
	ev->type = (uint8_t)SMMUV3_FIELD_GET(SMMUV3_EVT0_TYPE, rec[0]);
	ev->secure = secure;
	ev->sid = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_EVT0_SID, rec[0]);
	d = evt_lookup(ev->type);
	if (!d)
		return 0;
	evt_decode_fields(rec, d->has, ev);
	ev->valid = d->has;
	if ((d->has & H_IPA) && !ev->s2)
		ev->valid &= ~(uint32_t)H_IPA;
	return 0;
}

int smmuv3_pri_decode(const uint64_t rec[2], struct smmuv3_pri_req *req)
{
	if (!rec || !req)
		return SMMUV3_ERR_INVAL;
	memset(req, 0, sizeof(*req));
	memcpy(req->raw, rec, sizeof(req->raw));
	req->sid = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_PRI0_SID, rec[0]);
	req->ssv = rec[0] & SMMUV3_PRI0_SSV;
	if (req->ssv)
		req->ssid = (uint32_t)SMMUV3_FIELD_GET(SMMUV3_PRI0_SSID, rec[0]);
	req->last = rec[0] & SMMUV3_PRI0_LAST;
	req->read = rec[0] & SMMUV3_PRI0_READ;
	req->write = rec[0] & SMMUV3_PRI0_WRITE;
	/* X and Priv are only defined with a PASID. */
	if (req->ssv) {
		req->exec = rec[0] & SMMUV3_PRI0_EXEC;
		req->priv = rec[0] & SMMUV3_PRI0_PRIV;
	}
	req->prgi = (uint16_t)SMMUV3_FIELD_GET(SMMUV3_PRI1_PRGI, rec[1]);
	req->addr = rec[1] & SMMUV3_PRI1_ADDR;
	/* Stop PASID marker: L, W, R = 0b100 with a PASID. */
	req->stop_marker = req->ssv && req->last && !req->read && !req->write;
	return 0;
}
