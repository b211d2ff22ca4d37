// SPDX-License-Identifier: BSD-3-Clause
/*
 * The virtio-iommu device (virtio specification, "IOMMU device"):
 * requests decoded from the little-endian layouts the specification
 * defines, executed by the core, answered with its status codes. The
 * transport (virtqueues over MMIO or messages) is the integrator's.
 * Where this device deviates from the specification: docs/viommu.md.
 */
#include "libc/mem.h"

#include <smmuv3/errors.h>

#include "viommu_internal.h"

/* Request types. */
#define VT_ATTACH 1u
#define VT_DETACH 2u
#define VT_MAP 3u
#define VT_UNMAP 4u
#define VT_PROBE 5u

/* Status codes. */
#define VS_OK 0u
#define VS_IOERR 1u
#define VS_UNSUPP 2u
#define VS_DEVERR 3u
#define VS_INVAL 4u
#define VS_RANGE 5u
#define VS_NOENT 6u
#define VS_FAULT 7u
#define VS_NOMEM 8u

/* MAP flags. */
#define VMAP_READ 1u
#define VMAP_WRITE 2u
#define VMAP_MMIO 4u

/* Device-readable sizes, head included; the tail is 4 bytes. */
#define VLEN_HEAD 4u
#define VLEN_ATTACH 20u
#define VLEN_DETACH 20u
#define VLEN_MAP 36u
#define VLEN_UNMAP 28u
#define VLEN_PROBE 72u
#define VLEN_TAIL 4u

/* PROBE properties. */
#define VPROP_RESV_MEM 1u
#define VPROP_HDR 4u
#define VPROP_RESV_MEM_LEN 20u   /* subtype, 3 reserved, start, end */

/* Fault reports. */
#define VFAULT_R_UNKNOWN 0u
#define VFAULT_R_DOMAIN 1u
#define VFAULT_R_MAPPING 2u
#define VFAULT_F_READ 1u
#define VFAULT_F_WRITE 2u
#define VFAULT_F_ADDRESS 0x100u

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void put16(uint8_t *p, uint16_t x)
{
	p[0] = (uint8_t)x;
	p[1] = (uint8_t)(x >> 8);
}

static void put32(uint8_t *p, uint32_t x)
{
	put16(p, (uint16_t)x);
	put16(p + 2, (uint16_t)(x >> 16));
}

static void put64(uint8_t *p, uint64_t x)
{
	put32(p, (uint32_t)x);
	put32(p + 4, (uint32_t)(x >> 32));
}

static uint32_t probe_size(const struct smmuv3_viommu *v)
{
	unsigned int n = v->cfg.n_resv ? v->cfg.n_resv : 1u;

	return n * (VPROP_HDR + VPROP_RESV_MEM_LEN);
}

int smmuv3_viommu_virtio_config(const struct smmuv3_viommu *v,
				uint8_t cfg[SMMUV3_VIOMMU_VIRTIO_CONFIG_BYTES])
{
	if (!v || !cfg || !v->ready)
		return SMMUV3_ERR_INVAL;
	memset(cfg, 0, SMMUV3_VIOMMU_VIRTIO_CONFIG_BYTES);
	put64(cfg, vc_page_size_mask(v));
	put64(cfg + 8, 0);                  /* input_range.start */
	put64(cfg + 16, vc_input_end(v));   /* input_range.end */
	put32(cfg + 24, 0);                 /* domain_range.start */
	put32(cfg + 28, UINT32_MAX);        /* domain_range.end */
	put32(cfg + 32, probe_size(v));
	cfg[36] = 0;                        /* bypass: never offered */
	return 0;
}

/* Core status -> virtio status, for the requests that map and unmap. */
static uint8_t vstatus(int st)
{
	switch (st) {
	case SMMUV3_VIOMMU_OK:
		return VS_OK;
	case SMMUV3_VIOMMU_E_RANGE:
	case SMMUV3_VIOMMU_E_ALIGN:
	case SMMUV3_VIOMMU_E_SPLIT:
		return VS_RANGE;
	case SMMUV3_VIOMMU_E_MEM_DENIED:
		return VS_FAULT;
	case SMMUV3_VIOMMU_E_NOSPC:
	case SMMUV3_VIOMMU_E_NOMEM:
		return VS_NOMEM;
	case SMMUV3_VIOMMU_E_MODEL:
	case SMMUV3_VIOMMU_E_NOTSUP:
		return VS_UNSUPP;
	case SMMUV3_VIOMMU_E_NOENT:
	case SMMUV3_VIOMMU_E_NO_STREAM:
	case SMMUV3_VIOMMU_E_NO_AS:
		return VS_NOENT;
	case SMMUV3_VIOMMU_E_HW:
		return VS_DEVERR;
	default:
		/* INVAL, EXISTS (already mapped), RESERVED (overlaps a
		 * RESV_MEM region), BUSY. */
		return VS_INVAL;
	}
}

/* The endpoint's current domain (substream 0), or NULL. */
static struct smmuv3_viommu_as *attached_to(struct smmuv3_viommu *v,
					    const struct smmuv3_viommu_stream *s)
{
	for (unsigned int i = 0; i < v->cfg.n_as; i++)
		if (v->cfg.as[i].used && vg_attached(&v->cfg.as[i], s, 0))
			return &v->cfg.as[i];
	return NULL;
}

/* A virtio domain lives while an endpoint is attached to it. */
static void drop_if_empty(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a)
{
	if (a && a->virtio && !vg_as_attachments(a))
		vc_as_destroy(v, a);
}

static uint8_t do_attach(struct smmuv3_viommu *v, uint16_t caller, const uint8_t *r)
{
	uint32_t vid = le32(r + 4), flags = le32(r + 12);
	struct smmuv3_viommu_stream *s;
	struct smmuv3_viommu_as *a, *old;
	bool created = false;
	int st;

	if (le32(r + 16) || flags)
		return VS_INVAL;    /* reserved, or a flag (BYPASS) not offered */
	s = vc_stream(v, caller, le32(r + 8));
	if (!s)
		return VS_NOENT;
	if (!(s->flags & SMMUV3_VIOMMU_S_HYP_S1) || s->cdtab || s->n_att > (attached_to(v, s) ? 1u : 0u))
		return VS_UNSUPP;
	a = vc_as_by_vid(v, caller, vid);
	old = attached_to(v, s);
	if (a && a == old)
		return VS_OK;
	if (old && !old->virtio)
		return VS_UNSUPP;   /* attached through the paravirtual ABI */
	if (!a) {
		st = vc_as_create(v, caller, &a);
		if (st)
			return vstatus(st);
		a->virtio = true;
		a->vid = vid;
		created = true;
	}
	/* Move the endpoint: as a DETACH followed by the ATTACH. */
	if (old) {
		st = vc_detach(v, old, s, 0);
		if (st) {
			if (created)
				vc_as_destroy(v, a);
			return vstatus(st);
		}
	}
	st = vc_attach(v, a, s, 0);
	if (st) {
		/* Put things back as they were. */
		if (old)
			vc_attach(v, old, s, 0);
		if (created)
			vc_as_destroy(v, a);
		/* Domains whose endpoints nest differently cannot share. */
		return st == SMMUV3_VIOMMU_E_INVAL ? VS_UNSUPP : vstatus(st);
	}
	drop_if_empty(v, old);
	return VS_OK;
}

static uint8_t do_detach(struct smmuv3_viommu *v, uint16_t caller, const uint8_t *r)
{
	struct smmuv3_viommu_stream *s = vc_stream(v, caller, le32(r + 8));
	struct smmuv3_viommu_as *a;
	int st;

	if (!s)
		return VS_NOENT;
	a = vc_as_by_vid(v, caller, le32(r + 4));
	if (!a || !vg_attached(a, s, 0))
		return VS_INVAL;
	st = vc_detach(v, a, s, 0);
	if (st)
		return vstatus(st);
	drop_if_empty(v, a);
	return VS_OK;
}

static uint8_t do_map(struct smmuv3_viommu *v, uint16_t caller, const uint8_t *r)
{
	uint64_t start = le64(r + 8), end = le64(r + 16), phys = le64(r + 24);
	uint32_t flags = le32(r + 32);
	struct smmuv3_viommu_as *a = vc_as_by_vid(v, caller, le32(r + 4));
	uint64_t prot = 0;

	if (flags & ~(uint32_t)(VMAP_READ | VMAP_WRITE | VMAP_MMIO))
		return VS_INVAL;
	if (!a)
		return VS_NOENT;
	if (end < start)
		return VS_INVAL;
	if (end - start == UINT64_MAX)
		return VS_RANGE;
	prot |= flags & VMAP_READ ? SMMUV3_VIOMMU_PROT_READ : 0;
	prot |= flags & VMAP_WRITE ? SMMUV3_VIOMMU_PROT_WRITE : 0;
	prot |= flags & VMAP_MMIO ? SMMUV3_VIOMMU_PROT_MMIO : 0;
	return vstatus(vc_map(v, a, start, phys, end - start + 1, prot));
}

static uint8_t do_unmap(struct smmuv3_viommu *v, uint16_t caller, const uint8_t *r)
{
	uint64_t start = le64(r + 8), end = le64(r + 16), done;
	struct smmuv3_viommu_as *a = vc_as_by_vid(v, caller, le32(r + 4));

	/* reserved ignored: the specification lets the device go on. */
	if (!a)
		return VS_NOENT;
	if (end < start)
		return VS_INVAL;
	/* [0, 2^64 - 1] is one byte more than a size can say: clip it. */
	if (end - start == UINT64_MAX)
		end--;
	return vstatus(vc_unmap(v, a, start, end - start + 1, &done));
}

static uint8_t do_probe(struct smmuv3_viommu *v, uint16_t caller, const uint8_t *r,
			uint8_t *props, size_t cap)
{
	uint32_t size = probe_size(v);

	if (!vc_stream(v, caller, le32(r + 4)))
		return VS_NOENT;
	if (cap < size)
		return VS_INVAL;
	memset(props, 0, size);
	for (unsigned int i = 0; i < v->cfg.n_resv; i++) {
		uint8_t *p = props + i * (VPROP_HDR + VPROP_RESV_MEM_LEN);

		put16(p, VPROP_RESV_MEM);
		put16(p + 2, VPROP_RESV_MEM_LEN);
		p[4] = (uint8_t)v->cfg.resv[i].type;
		put64(p + 8, v->cfg.resv[i].start);
		put64(p + 16, v->cfg.resv[i].end);
	}
	return VS_OK;
}

static size_t need_len(uint8_t type)
{
	switch (type) {
	case VT_ATTACH:
		return VLEN_ATTACH;
	case VT_DETACH:
		return VLEN_DETACH;
	case VT_MAP:
		return VLEN_MAP;
	case VT_UNMAP:
		return VLEN_UNMAP;
	case VT_PROBE:
		return VLEN_PROBE;
	default:
		return 0;
	}
}

int smmuv3_viommu_virtio_request(struct smmuv3_viommu *v, uint16_t caller, const void *req,
				 size_t req_len, void *resp, size_t resp_cap, size_t *resp_len)
{
	const uint8_t *r = req;
	uint8_t *out = resp, status;
	size_t need, tail;

	if (!v || !req || !resp || !resp_len)
		return SMMUV3_ERR_INVAL;
	*resp_len = 0;
	/* Unparseable (unknown type, too short, no room for the tail):
	 * the buffers go back unwritten, used length 0. */
	if (!v->ready || req_len < VLEN_HEAD || resp_cap < VLEN_TAIL)
		return 1;
	need = need_len(r[0]);
	if (!need || req_len < need)
		return 1;
	tail = 0;
	switch (r[0]) {
	case VT_ATTACH:
		status = do_attach(v, caller, r);
		break;
	case VT_DETACH:
		status = do_detach(v, caller, r);
		break;
	case VT_MAP:
		status = do_map(v, caller, r);
		break;
	case VT_UNMAP:
		status = do_unmap(v, caller, r);
		break;
	default:
		/* PROBE: properties, then the tail after probe_size bytes (or
		 * at the end of a buffer too small for them). */
		tail = resp_cap - VLEN_TAIL < probe_size(v) ? resp_cap - VLEN_TAIL : probe_size(v);
		status = do_probe(v, caller, r, out, resp_cap - VLEN_TAIL);
		if (status != VS_OK)
			memset(out, 0, tail);
		break;
	}
	out[tail] = status;
	out[tail + 1] = out[tail + 2] = out[tail + 3] = 0;
	*resp_len = tail + VLEN_TAIL;
	return 0;
}

static uint8_t fault_reason(uint8_t type)
{
	switch (type) {
	case SMMUV3_EVT_F_TRANSLATION:
	case SMMUV3_EVT_F_ADDR_SIZE:
	case SMMUV3_EVT_F_ACCESS:
	case SMMUV3_EVT_F_PERMISSION:
		return VFAULT_R_MAPPING;
	case SMMUV3_EVT_F_STREAM_DISABLED:
	case SMMUV3_EVT_F_TRANSL_FORBIDDEN:
	case SMMUV3_EVT_C_BAD_SUBSTREAMID:
		return VFAULT_R_DOMAIN;
	default:
		return VFAULT_R_UNKNOWN;
	}
}

int smmuv3_viommu_virtio_fault(struct smmuv3_viommu *v, uint16_t caller, void *buf, size_t cap)
{
	struct smmuv3_viommu_fault_rec r;
	uint8_t *p = buf;
	uint32_t endpoint, flags = 0;
	bool lost;

	if (!v || !buf || cap < SMMUV3_VIOMMU_VIRTIO_FAULT_BYTES || !v->ready)
		return SMMUV3_ERR_INVAL;
	if (!vc_fault_take(v, caller, &r, &lost, &endpoint))
		return 0;
	if (r.w0 & SMMUV3_VIOMMU_FLT_ACCESS)
		flags |= r.w0 & SMMUV3_VIOMMU_FLT_READ ? VFAULT_F_READ : VFAULT_F_WRITE;
	if (r.w0 & SMMUV3_VIOMMU_FLT_ADDR)
		flags |= VFAULT_F_ADDRESS;
	memset(p, 0, SMMUV3_VIOMMU_VIRTIO_FAULT_BYTES);
	p[0] = fault_reason((uint8_t)SMMUV3_FIELD_GET(SMMUV3_VIOMMU_FLT_TYPE, r.w0));
	put32(p + 4, flags);
	put32(p + 8, endpoint);
	put64(p + 16, r.addr);
	return 1;
}
