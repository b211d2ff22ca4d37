// SPDX-License-Identifier: BSD-3-Clause
/*
 * The transport-neutral core of the virtual IOMMU: per-partition streams,
 * address spaces, mappings and queued faults in the integrator's storage.
 * Every operation checks that the objects named belong to the caller and
 * every output range with the integrator's callback, before anything
 * changes; the ABIs (paravirt.c, virtio.c) only decode and encode.
 */
#include "core/internal.h"
#include "libc/mem.h"
#include "pgtable/window.h"

#include <smmuv3/hw/cd.h>
#include <smmuv3/errors.h>
#include <smmuv3/pgtable.h>

#include "viommu_internal.h"

#define VC_RESV_OK(r) ((r)->start <= (r)->end)

/* ---- small helpers ------------------------------------------------------- */

int vc_status(int err)
{
	switch (err) {
	case 0:
		return SMMUV3_VIOMMU_OK;
	case SMMUV3_ERR_INVAL:
		return SMMUV3_VIOMMU_E_INVAL;
	case SMMUV3_ERR_RANGE:
	case SMMUV3_ERR_OVERFLOW:
		return SMMUV3_VIOMMU_E_RANGE;
	case SMMUV3_ERR_NOMEM:
	case SMMUV3_ERR_TABLE_WINDOW: /* no table memory the nest shows */
		return SMMUV3_VIOMMU_E_NOMEM;
	case SMMUV3_ERR_RESERVED: /* output into the nest's table window */
		return SMMUV3_VIOMMU_E_MEM_DENIED;
	case SMMUV3_ERR_NOTSUP:
		return SMMUV3_VIOMMU_E_NOTSUP;
	case SMMUV3_ERR_ALIGN:
		return SMMUV3_VIOMMU_E_ALIGN;
	case SMMUV3_ERR_EXISTS:
		return SMMUV3_VIOMMU_E_EXISTS;
	case SMMUV3_ERR_NOENT:
		return SMMUV3_VIOMMU_E_NOENT;
	case SMMUV3_ERR_BUSY:
		return SMMUV3_VIOMMU_E_BUSY;
	case SMMUV3_ERR_NOSPC:
		return SMMUV3_VIOMMU_E_NOSPC;
	case SMMUV3_ERR_SPLIT:
		return SMMUV3_VIOMMU_E_SPLIT;
	case SMMUV3_ERR_BADTABLE:
		return SMMUV3_VIOMMU_E_TABLE;
	default:
		/* Command, timeout and state errors: the SMMU let us down. */
		return SMMUV3_VIOMMU_E_HW;
	}
}

static unsigned int granule_log2(const struct smmuv3_viommu *v)
{
	return v->dcfg.granule_log2;
}

uint64_t vc_page_size_mask(const struct smmuv3_viommu *v)
{
	unsigned int g = granule_log2(v), stride = g - 3;
	uint64_t mask = UINT64_C(1) << g;

	/* Blocks at the two levels above the leaf (2 MiB and 1 GiB for
	 * 4 KiB pages; 32 MiB for 16 KiB, 512 MiB for 64 KiB). */
	mask |= UINT64_C(1) << (g + stride);
	if (g == 12)
		mask |= UINT64_C(1) << (g + 2 * stride);
	return mask;
}

unsigned int vc_levels(const struct smmuv3_viommu *v)
{
	unsigned int g = granule_log2(v), stride = g - 3;

	return (v->dcfg.ias_bits - g + stride - 1) / stride;
}

uint64_t vc_input_end(const struct smmuv3_viommu *v)
{
	return v->dcfg.ias_bits >= 64 ? UINT64_MAX : (UINT64_C(1) << v->dcfg.ias_bits) - 1;
}

uint64_t vc_cdtab_bytes(const struct smmuv3_viommu_stream *s)
{
	return (uint64_t)SMMUV3_CD_BYTES << s->ssid_bits;
}

static uint16_t as_index(const struct smmuv3_viommu *v, const struct smmuv3_viommu_as *a)
{
	return (uint16_t)(a - v->cfg.as);
}

/* ---- lookups: only the caller's objects are ever found ------------------- */

struct smmuv3_viommu_stream *vc_stream(struct smmuv3_viommu *v, uint16_t part, uint64_t endpoint)
{
	for (unsigned int i = 0; i < v->cfg.n_streams; i++) {
		struct smmuv3_viommu_stream *s = &v->cfg.streams[i];

		if (s->used && s->part == part && s->endpoint == endpoint)
			return s;
	}
	return NULL;
}

uint64_t vc_as_handle(const struct smmuv3_viommu *v, const struct smmuv3_viommu_as *a)
{
	return (uint64_t)a->gen << 16 | (uint64_t)(as_index(v, a) + 1u);
}

struct smmuv3_viommu_as *vc_as_by_handle(struct smmuv3_viommu *v, uint16_t part, uint64_t handle)
{
	uint64_t idx = (handle & 0xffffu);
	struct smmuv3_viommu_as *a;

	if (!idx || idx > v->cfg.n_as || handle >> 48)
		return NULL;
	a = &v->cfg.as[idx - 1];
	if (!a->used || a->virtio || a->part != part || vc_as_handle(v, a) != handle)
		return NULL;
	return a;
}

struct smmuv3_viommu_as *vc_as_by_vid(struct smmuv3_viommu *v, uint16_t part, uint32_t vid)
{
	for (unsigned int i = 0; i < v->cfg.n_as; i++) {
		struct smmuv3_viommu_as *a = &v->cfg.as[i];

		if (a->used && a->virtio && a->part == part && a->vid == vid)
			return a;
	}
	return NULL;
}

static struct smmuv3_viommu_stream *stream_by_sid(struct smmuv3_viommu *v, uint32_t sid)
{
	for (unsigned int i = 0; i < v->cfg.n_streams; i++)
		if (v->cfg.streams[i].used && v->cfg.streams[i].sid == sid)
			return &v->cfg.streams[i];
	return NULL;
}

/* ---- address spaces ------------------------------------------------------- */

int vc_as_create(struct smmuv3_viommu *v, uint16_t part, struct smmuv3_viommu_as **out)
{
	for (unsigned int i = 0; i < v->cfg.n_as; i++) {
		struct smmuv3_viommu_as *a = &v->cfg.as[i];
		uint32_t gen = a->gen;
		int rc;

		if (a->used)
			continue;
		memset(a, 0, sizeof(*a));
		a->part = part; /* the domain's owner (vg_as_init()) */
		rc = vg_as_init(v, a);
		if (rc) {
			memset(a, 0, sizeof(*a));
			a->gen = gen;
			return rc == SMMUV3_ERR_NOSPC ? SMMUV3_VIOMMU_E_NOSPC : vc_status(rc);
		}
		a->used = true;
		a->part = part;
		/* A new handle for the slot: an old one names nothing. */
		a->gen = (gen + 1u) & 0xffffffffu;
		*out = a;
		return SMMUV3_VIOMMU_OK;
	}
	return SMMUV3_VIOMMU_E_NOSPC;
}

static void forget_mappings(struct smmuv3_viommu *v, const struct smmuv3_viommu_as *a)
{
	uint16_t idx = as_index(v, a);

	for (unsigned int i = 0; i < v->cfg.n_maps; i++)
		if (v->cfg.maps[i].used && v->cfg.maps[i].as == idx)
			memset(&v->cfg.maps[i], 0, sizeof(v->cfg.maps[i]));
}

int vc_as_destroy(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a)
{
	uint32_t gen = a->gen;
	int rc;

	if (vg_as_attachments(a))
		return SMMUV3_VIOMMU_E_BUSY;
	rc = vg_as_destroy(a);
	if (rc)
		return vc_status(rc);
	forget_mappings(v, a);
	memset(a, 0, sizeof(*a));
	a->gen = gen;
	return SMMUV3_VIOMMU_OK;
}

/* Keep the stream's count equal to what the domain records, whatever
 * the library did on failure (an attach it could not undo stays
 * recorded). The address space's count is the domain's own. */
static void recount(struct smmuv3_viommu_as *a, struct smmuv3_viommu_stream *s, uint32_t ssid,
		    bool was)
{
	bool now = vg_attached(a, s, ssid);

	if (now && !was)
		s->n_att++;
	else if (!now && was)
		s->n_att--;
}

int vc_attach(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a,
	      struct smmuv3_viommu_stream *s, uint64_t ssid)
{
	int rc;

	if (!(s->flags & SMMUV3_VIOMMU_S_HYP_S1) || s->cdtab)
		return SMMUV3_VIOMMU_E_MODEL;
	if (ssid >> s->ssid_bits)
		return SMMUV3_VIOMMU_E_RANGE;
	for (unsigned int i = 0; i < v->cfg.n_as; i++)
		if (v->cfg.as[i].used && vg_attached(&v->cfg.as[i], s, (uint32_t)ssid))
			return SMMUV3_VIOMMU_E_EXISTS;
	rc = vg_attach(a, s, (uint32_t)ssid);
	recount(a, s, (uint32_t)ssid, false);
	return vc_status(rc);
}

int vc_detach(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a,
	      struct smmuv3_viommu_stream *s, uint64_t ssid)
{
	int rc;

	(void)v;
	if (ssid >> s->ssid_bits)
		return SMMUV3_VIOMMU_E_RANGE;
	if (!vg_attached(a, s, (uint32_t)ssid))
		return SMMUV3_VIOMMU_E_NOENT;
	rc = vg_detach(a, s, (uint32_t)ssid);
	recount(a, s, (uint32_t)ssid, true);
	return vc_status(rc);
}

/* ---- mappings ------------------------------------------------------------- */

static bool overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	return a0 <= b1 && b0 <= a1;
}

static bool reserved(const struct smmuv3_viommu *v, uint64_t first, uint64_t last)
{
	for (unsigned int i = 0; i < v->cfg.n_resv; i++)
		if (overlaps(first, last, v->cfg.resv[i].start, v->cfg.resv[i].end))
			return true;
	return false;
}

/* ABI prot -> library prot. Stage 1 cannot express write-only: a
 * writable mapping is readable too, and is checked as such. */
static uint32_t lib_prot(uint64_t prot)
{
	uint32_t p = SMMUV3_PROT_READ;

	if (prot & SMMUV3_VIOMMU_PROT_WRITE)
		p |= SMMUV3_PROT_WRITE;
	if (prot & SMMUV3_VIOMMU_PROT_EXEC)
		p |= SMMUV3_PROT_EXEC;
	if (prot & SMMUV3_VIOMMU_PROT_MMIO)
		p |= SMMUV3_FIELD_PREP(SMMUV3_PROT_MEM, SMMUV3_MEM_DEVICE);
	return p;
}

#define VC_PROT_ALL (SMMUV3_VIOMMU_PROT_READ | SMMUV3_VIOMMU_PROT_WRITE | \
		     SMMUV3_VIOMMU_PROT_EXEC | SMMUV3_VIOMMU_PROT_MMIO)

int vc_map(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a, uint64_t iova, uint64_t pa,
	   uint64_t size, uint64_t prot)
{
	uint64_t gmask = (UINT64_C(1) << granule_log2(v)) - 1, last = iova + size - 1;
	uint16_t idx = as_index(v, a);
	struct smmuv3_viommu_mapping *free_rec = NULL;
	uint32_t p;
	int rc;

	if (!size || (prot & ~(uint64_t)VC_PROT_ALL) ||
	    !(prot & (SMMUV3_VIOMMU_PROT_READ | SMMUV3_VIOMMU_PROT_WRITE)))
		return SMMUV3_VIOMMU_E_INVAL;
	if (last < iova || pa + size - 1 < pa || last > vc_input_end(v))
		return SMMUV3_VIOMMU_E_RANGE;
	if ((iova | pa | size) & gmask)
		return SMMUV3_VIOMMU_E_ALIGN;
	if (reserved(v, iova, last))
		return SMMUV3_VIOMMU_E_RESERVED;
	for (unsigned int i = 0; i < v->cfg.n_maps; i++) {
		struct smmuv3_viommu_mapping *m = &v->cfg.maps[i];

		if (!m->used) {
			free_rec = free_rec ? free_rec : m;
			continue;
		}
		if (m->as == idx && overlaps(iova, last, m->iova, m->iova + m->size - 1))
			return SMMUV3_VIOMMU_E_EXISTS;
	}
	if (!free_rec)
		return SMMUV3_VIOMMU_E_NOSPC;
	p = lib_prot(prot);
	if (!v->cfg.may_access(v->cfg.arg, a->part, pa, size, p))
		return SMMUV3_VIOMMU_E_MEM_DENIED;
	rc = vg_map(a, iova, pa, size, p);
	if (rc)
		return vc_status(rc);
	free_rec->used = true;
	free_rec->as = idx;
	free_rec->iova = iova;
	free_rec->size = size;
	return SMMUV3_VIOMMU_OK;
}

int vc_unmap(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a, uint64_t iova,
	     uint64_t size, uint64_t *done)
{
	uint64_t last = iova + size - 1;
	uint16_t idx = as_index(v, a);
	int status = SMMUV3_VIOMMU_OK;

	*done = 0;
	if (!size)
		return SMMUV3_VIOMMU_E_INVAL;
	if (last < iova)
		return SMMUV3_VIOMMU_E_RANGE;
	/* All or nothing: refuse before removing anything if one mapping
	 * sticks out of the range. */
	for (unsigned int i = 0; i < v->cfg.n_maps; i++) {
		const struct smmuv3_viommu_mapping *m = &v->cfg.maps[i];
		uint64_t mlast = m->iova + m->size - 1;

		if (m->used && m->as == idx && overlaps(iova, last, m->iova, mlast) &&
		    (m->iova < iova || mlast > last))
			return SMMUV3_VIOMMU_E_SPLIT;
	}
	for (unsigned int i = 0; i < v->cfg.n_maps; i++) {
		struct smmuv3_viommu_mapping *m = &v->cfg.maps[i];
		int rc;

		if (!m->used || m->as != idx || !overlaps(iova, last, m->iova, m->iova + m->size - 1))
			continue;
		rc = vg_unmap(a, m->iova, m->size);
		/* A failed invalidation still unmapped (the domain owes it). */
		if (rc && status == SMMUV3_VIOMMU_OK)
			status = vc_status(rc);
		if (!rc || !vg_mapped(a, m->iova)) {
			*done += m->size;
			memset(m, 0, sizeof(*m));
		}
	}
	return status;
}

/* ---- partition-controlled stage 1 ----------------------------------------- */

int vc_cdtab_set(struct smmuv3_viommu *v, struct smmuv3_viommu_stream *s, uint64_t pa,
		 uint64_t bytes)
{
	uint64_t need = vc_cdtab_bytes(s);
	int rc;

	if (!(s->flags & SMMUV3_VIOMMU_S_PART_S1) || s->n_att)
		return SMMUV3_VIOMMU_E_MODEL;
	if (pa + need - 1 < pa)
		return SMMUV3_VIOMMU_E_RANGE;
	/* The SMMU indexes a linear table from a base aligned to its size. */
	if (bytes < need || (pa & ((need < 64 ? 64 : need) - 1)))
		return SMMUV3_VIOMMU_E_TABLE;
	/* The library's tables are never the partition's: not even through
	 * an integrator callback that allows the window. */
	if (smmuv3_window_overlaps(&smmuv3_cdom_of(s->nest)->win, pa, need) ||
	    !v->cfg.may_access(v->cfg.arg, s->part, pa, need, SMMUV3_PROT_READ))
		return SMMUV3_VIOMMU_E_MEM_DENIED;
	rc = vg_cdtab_set(v, s, pa, need);
	if (rc)
		return vc_status(rc);
	s->cdtab = true;
	return SMMUV3_VIOMMU_OK;
}

int vc_cdtab_clear(struct smmuv3_viommu *v, struct smmuv3_viommu_stream *s)
{
	int rc;

	if (!s->cdtab)
		return SMMUV3_VIOMMU_E_NOENT;
	rc = vg_cdtab_clear(v, s);
	if (rc)
		return vc_status(rc);
	s->cdtab = false;
	return SMMUV3_VIOMMU_OK;
}

/* ---- faults --------------------------------------------------------------- */

static unsigned int faults_of(const struct smmuv3_viommu *v, uint16_t part)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < v->cfg.n_events; i++)
		n += v->cfg.events[i].used && v->cfg.events[i].part == part;
	return n;
}

static struct smmuv3_viommu_fault_rec *oldest_of(struct smmuv3_viommu *v, uint16_t part)
{
	struct smmuv3_viommu_fault_rec *best = NULL;

	for (unsigned int i = 0; i < v->cfg.n_events; i++) {
		struct smmuv3_viommu_fault_rec *r = &v->cfg.events[i];

		if (r->used && r->part == part && (!best || r->seq < best->seq))
			best = r;
	}
	return best;
}

/* A free record, or room made by dropping the oldest fault of the
 * partition holding the most: a partition flooding faults loses its own. */
static struct smmuv3_viommu_fault_rec *fault_slot(struct smmuv3_viommu *v)
{
	struct smmuv3_viommu_fault_rec *victim;
	unsigned int most = 0;
	uint16_t hog = 0;

	for (unsigned int i = 0; i < v->cfg.n_events; i++) {
		unsigned int n;

		if (!v->cfg.events[i].used)
			return &v->cfg.events[i];
		n = faults_of(v, v->cfg.events[i].part);
		if (n > most) {
			most = n;
			hog = v->cfg.events[i].part;
		}
	}
	victim = oldest_of(v, hog);
	v->cfg.streams[victim->stream].lost = true;
	v->faults_dropped++;
	return victim;
}

static uint64_t fault_word(const struct smmuv3_event *ev)
{
	uint64_t w = SMMUV3_FIELD_PREP(SMMUV3_VIOMMU_FLT_TYPE, ev->type);

	if (ev->valid & SMMUV3_EVT_HAS_SSID && ev->ssv)
		w |= SMMUV3_VIOMMU_FLT_SSV;
	if (ev->valid & SMMUV3_EVT_HAS_ACCESS) {
		w |= SMMUV3_VIOMMU_FLT_ACCESS;
		w |= ev->read ? SMMUV3_VIOMMU_FLT_READ : 0;
		w |= ev->instr ? SMMUV3_VIOMMU_FLT_EXEC : 0;
		w |= ev->priv ? SMMUV3_VIOMMU_FLT_PRIV : 0;
	}
	if (ev->valid & SMMUV3_EVT_HAS_CLASS && ev->s2)
		w |= SMMUV3_VIOMMU_FLT_S2;
	if (ev->valid & SMMUV3_EVT_HAS_ADDR)
		w |= SMMUV3_VIOMMU_FLT_ADDR;
	return w;
}

int smmuv3_viommu_fault(struct smmuv3_viommu *v, const struct smmuv3_event *ev)
{
	struct smmuv3_viommu_stream *s;
	struct smmuv3_viommu_fault_rec *r;

	if (!v || !ev || !v->ready)
		return SMMUV3_ERR_INVAL;
	s = stream_by_sid(v, ev->sid);
	if (ev->secure || !s || !(s->flags & SMMUV3_VIOMMU_S_FAULTS))
		return 0;
	if (!v->cfg.n_events) {
		v->faults_dropped++;
		return 0;
	}
	r = fault_slot(v);
	memset(r, 0, sizeof(*r));
	r->used = true;
	r->part = s->part;
	r->stream = (uint16_t)(s - v->cfg.streams);
	r->seq = ++v->seq;
	r->w0 = fault_word(ev);
	r->addr = ev->valid & SMMUV3_EVT_HAS_ADDR ? ev->addr : 0;
	r->ipa = ev->valid & SMMUV3_EVT_HAS_IPA ? ev->ipa : 0;
	r->ssid = ev->valid & SMMUV3_EVT_HAS_SSID && ev->ssv ? ev->ssid : 0;
	if (v->cfg.notify)
		v->cfg.notify(v->cfg.arg, s->part);
	return 1;
}

enum smmuv3_stall_action smmuv3_viommu_event_handler(void *arg, const struct smmuv3_event *ev,
						     uint32_t owner, bool owned)
{
	(void)owner;
	(void)owned;
	smmuv3_viommu_fault(arg, ev);
	return SMMUV3_STALL_ABORT;
}

bool vc_fault_take(struct smmuv3_viommu *v, uint16_t part, struct smmuv3_viommu_fault_rec *out,
		   bool *lost, uint32_t *endpoint)
{
	struct smmuv3_viommu_fault_rec *r = oldest_of(v, part);
	struct smmuv3_viommu_stream *s;

	if (!r)
		return false;
	s = &v->cfg.streams[r->stream];
	*out = *r;
	*lost = s->lost;
	*endpoint = s->endpoint;
	s->lost = false;
	memset(r, 0, sizeof(*r));
	return true;
}

/* ---- life cycle ------------------------------------------------------------ */

int smmuv3_viommu_init(struct smmuv3_viommu *v, const struct smmuv3_viommu_cfg *cfg)
{
	int rc;

	if (!v || !cfg || !cfg->smmu || !cfg->may_access || !cfg->streams || !cfg->n_streams ||
	    !cfg->as || !cfg->n_as || cfg->n_as > 0xffffu || !cfg->maps || !cfg->n_maps ||
	    (cfg->n_events && !cfg->events) || cfg->n_streams > 0xffffu ||
	    (cfg->n_resv && !cfg->resv))
		return SMMUV3_ERR_INVAL;
	for (unsigned int i = 0; i < cfg->n_resv; i++)
		if (!VC_RESV_OK(&cfg->resv[i]) || cfg->resv[i].type > SMMUV3_VIOMMU_RESV_MSI)
			return SMMUV3_ERR_INVAL;
	memset(v, 0, sizeof(*v));
	v->cfg = *cfg;
	rc = vg_setup(v);
	if (rc) {
		memset(v, 0, sizeof(*v));
		return rc;
	}
	memset(cfg->streams, 0, sizeof(*cfg->streams) * cfg->n_streams);
	memset(cfg->as, 0, sizeof(*cfg->as) * cfg->n_as);
	memset(cfg->maps, 0, sizeof(*cfg->maps) * cfg->n_maps);
	if (cfg->n_events)
		memset(cfg->events, 0, sizeof(*cfg->events) * cfg->n_events);
	v->ready = true;
	return 0;
}

int smmuv3_viommu_add_stream(struct smmuv3_viommu *v, uint16_t part, uint32_t sid,
			     uint32_t endpoint, unsigned int ssid_bits, uint32_t flags,
			     struct smmuv3_domain *nest)
{
	const uint32_t known = SMMUV3_VIOMMU_S_HYP_S1 | SMMUV3_VIOMMU_S_PART_S1 |
			       SMMUV3_VIOMMU_S_FAULTS;
	struct smmuv3_viommu_stream *slot = NULL;
	int rc;

	if (!v || !v->ready || (flags & ~known) ||
	    ((flags & SMMUV3_VIOMMU_S_PART_S1) && !nest) || (nest && vg_nest_ok(v, nest)))
		return SMMUV3_ERR_INVAL;
	if (ssid_bits > vg_ssid_bits(v))
		return SMMUV3_ERR_RANGE;
	for (unsigned int i = 0; i < v->cfg.n_streams; i++) {
		struct smmuv3_viommu_stream *s = &v->cfg.streams[i];

		if (!s->used) {
			slot = slot ? slot : s;
			continue;
		}
		if (s->sid == sid || (s->part == part && s->endpoint == endpoint))
			return SMMUV3_ERR_EXISTS;
	}
	if (!slot)
		return SMMUV3_ERR_NOSPC;
	rc = vg_claim(v, sid, part);
	if (rc)
		return rc;
	memset(slot, 0, sizeof(*slot));
	slot->used = true;
	slot->part = part;
	slot->sid = sid;
	slot->endpoint = endpoint;
	slot->ssid_bits = (uint8_t)ssid_bits;
	slot->flags = flags;
	slot->nest = nest;
	return 0;
}

/* Detach every attachment of @a; the first error, or 0. */
static int detach_all(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a)
{
	int first = 0;

	for (unsigned int i = 0; i < SMMUV3_DOMAIN_MAX_ATTACH; i++) {
		struct smmuv3_viommu_stream *s;
		uint32_t sid, ssid;
		int rc;

		if (!vg_att_at(a, i, &sid, &ssid))
			continue;
		s = stream_by_sid(v, sid);
		if (!s)
			continue;
		rc = vc_detach(v, a, s, ssid);
		if (rc && !first)
			first = SMMUV3_ERR_STATE;
	}
	return first;
}

int smmuv3_viommu_reset_partition(struct smmuv3_viommu *v, uint16_t part)
{
	int first = 0;

	if (!v || !v->ready)
		return SMMUV3_ERR_INVAL;
	for (unsigned int i = 0; i < v->cfg.n_as; i++) {
		struct smmuv3_viommu_as *a = &v->cfg.as[i];
		int rc;

		if (!a->used || a->part != part)
			continue;
		rc = detach_all(v, a);
		if (!rc && vc_as_destroy(v, a) != SMMUV3_VIOMMU_OK)
			rc = SMMUV3_ERR_BUSY;
		if (rc && !first)
			first = rc;
	}
	for (unsigned int i = 0; i < v->cfg.n_streams; i++) {
		struct smmuv3_viommu_stream *s = &v->cfg.streams[i];

		if (!s->used || s->part != part)
			continue;
		if (s->cdtab && vc_cdtab_clear(v, s) != SMMUV3_VIOMMU_OK && !first)
			first = SMMUV3_ERR_BUSY;
		s->lost = false;
	}
	for (unsigned int i = 0; i < v->cfg.n_events; i++)
		if (v->cfg.events[i].used && v->cfg.events[i].part == part)
			memset(&v->cfg.events[i], 0, sizeof(v->cfg.events[i]));
	return first;
}

int smmuv3_viommu_fini(struct smmuv3_viommu *v)
{
	int first = 0;

	if (!v || !v->ready)
		return SMMUV3_ERR_INVAL;
	for (unsigned int i = 0; i < v->cfg.n_as; i++) {
		int rc;

		if (!v->cfg.as[i].used)
			continue;
		rc = smmuv3_viommu_reset_partition(v, v->cfg.as[i].part);
		first = first ? first : rc;
	}
	for (unsigned int i = 0; i < v->cfg.n_streams; i++) {
		struct smmuv3_viommu_stream *s = &v->cfg.streams[i];
		int rc;

		if (!s->used)
			continue;
		rc = smmuv3_viommu_reset_partition(v, s->part);
		if (!rc)
			rc = vg_release(v, s->sid, s->part);
		if (!rc)
			memset(s, 0, sizeof(*s));
		first = first ? first : rc;
	}
	if (!first)
		v->ready = false;
	return first;
}
