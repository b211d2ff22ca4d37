// SPDX-License-Identifier: BSD-3-Clause
/* One readable line per event, built from the fields the record defines. */
#include "core/internal.h"
#include "evtq_internal.h"

struct line {
	char *buf;
	size_t len;
	int n;      /* length the full line has */
};

static void put(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct line *l, const char *fmt, ...)
{
	size_t used = (size_t)l->n < l->len ? (size_t)l->n : l->len;
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = smmuv3_vsnprintf(l->buf ? l->buf + used : NULL, l->len - used, fmt, ap);
	va_end(ap);
	if (k > 0)
		l->n += k;
}

static const char *class_name(uint8_t cls)
{
	switch (cls) {
	case SMMUV3_EVT_CLASS_CD:
		return "CD";
	case SMMUV3_EVT_CLASS_TT:
		return "TT";
	case SMMUV3_EVT_CLASS_IN:
		return "IN";
	default:
		return "reserved";
	}
}

static void put_access(struct line *l, const struct smmuv3_event *ev)
{
	put(l, " %s", ev->read ? "read" : "write");
	if (ev->type == SMMUV3_EVT_F_TRANSL_FORBIDDEN)
		return;
	put(l, " %s %s", ev->instr ? "instr" : "data", ev->priv ? "priv" : "unpriv");
}

static void put_class(struct line *l, const struct smmuv3_event *ev)
{
	put(l, " stage %u class %s", ev->s2 ? 2u : 1u, class_name(ev->cls));
	if (ev->valid & SMMUV3_EVT_HAS_IPA)
		put(l, " ipa 0x%llx%s", (unsigned long long)ev->ipa, ev->nsipa ? " (NS)" : "");
	if (ev->type == SMMUV3_EVT_F_PERMISSION && ev->cls == SMMUV3_EVT_CLASS_TT)
		put(l, " on descriptor %s", ev->tt_read ? "read" : "write");
}

int smmuv3_event_format(const struct smmuv3_event *ev, char *buf, size_t len)
{
	struct line l = { buf, buf ? len : 0, 0 };

	if (!ev || (!buf && len))
		return SMMUV3_ERR_INVAL;
	if (buf && len)
		buf[0] = '\0';
	put(&l, "%s (0x%02x) %ssid 0x%x", smmuv3_event_name(ev->type), ev->type,
	    ev->secure ? "secure " : "", ev->sid);
	if ((ev->valid & SMMUV3_EVT_HAS_SSID) && ev->ssv)
		put(&l, " ssid 0x%x", ev->ssid);
	if (ev->valid & SMMUV3_EVT_HAS_ADDR)
		put(&l, " addr 0x%llx", (unsigned long long)ev->addr);
	if (ev->valid & SMMUV3_EVT_HAS_ACCESS)
		put_access(&l, ev);
	if (ev->valid & SMMUV3_EVT_HAS_CLASS)
		put_class(&l, ev);
	if (ev->valid & SMMUV3_EVT_HAS_FETCH)
		put(&l, " fetch 0x%llx%s", (unsigned long long)ev->fetch_addr,
		    ev->gpcf ? " gpcf" : "");
	if ((ev->valid & SMMUV3_EVT_HAS_STALL) && ev->stall)
		put(&l, " stalled stag 0x%x", ev->stag);
	if (ev->valid & SMMUV3_EVT_HAS_REASON)
		put(&l, " reason 0x%x", ev->reason);
	if (ev->valid & SMMUV3_EVT_HAS_PAGE_REQ)
		put(&l, " span %u perms 0x%x", ev->span, ev->perms);
	if (!ev->valid && ev->type != SMMUV3_EVT_F_STREAM_DISABLED)
		put(&l, " raw %016llx %016llx %016llx %016llx",
		    (unsigned long long)ev->raw[0], (unsigned long long)ev->raw[1],
		    (unsigned long long)ev->raw[2], (unsigned long long)ev->raw[3]);
	return l.n;
}
