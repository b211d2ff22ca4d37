// SPDX-License-Identifier: BSD-3-Clause
/*
 * FF-A memory management on behalf of a SEPID: retrieve maps a region's
 * constituents into the SEPID's table (all or nothing), relinquish unmaps
 * it with one CMD_SYNC. Constituent arrays come from partitions: they are
 * read, checked in full before anything changes, and never trusted.
 */
#include <smmuv3/sepid.h>

#include "libc/mem.h"
#include "sepid_internal.h"

#define SZ_2M (UINT64_C(1) << 21)

/* ---- Checking the constituents --------------------------------------------- */

struct region_shape {
	struct pgt_scatter_sum sum; /* total bytes, last byte, all pages */
	size_t pieces;         /* runs of adjacent constituents */
	uint64_t lowest;       /* lowest address */
	uint64_t size_bits;    /* OR of the sizes: >= 2 MiB iff one is */
};

/* Whether [a, a+as) and [b, b+bs) share a byte (neither wraps). */
static bool overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

/* Quadratic disjointness check, for short arrays in any order. */
static int check_disjoint_unsorted(const struct smmuv3_phys_range *c, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (overlaps(c[i].pa, c[i].size, c[j].pa, c[j].size))
				return SMMUV3_ERR_OVERLAP;
	return 0;
}

/*
 * Every constituent non-empty, granule aligned, not wrapping; the total
 * not wrapping; no two overlapping (one pass when sorted by address,
 * which long arrays must be). This exact pass runs only when
 * quick_check() saw something amiss (or an unsorted short array); it
 * reports the first failed kind in the order zero size, alignment, wrap,
 * overlap.
 */
static int check_exact(const struct smmuv3_phys_range *c, size_t n, uint64_t g,
		       struct region_shape *shape)
{
	uint64_t bits = c[0].pa | c[0].size, total = c[0].size, size_bits = c[0].size;
	uint64_t prev_pa = c[0].pa, prev_end = c[0].pa + c[0].size, hi = prev_end - 1;
	bool zero = !c[0].size, wrap = prev_end - 1 < prev_pa, overlap = false;
	size_t unsorted = 0;

	for (size_t i = 1; i < n; i++) {
		uint64_t pa = c[i].pa, size = c[i].size, end = pa + size;

		bits |= pa | size;
		zero |= !size;
		wrap |= end - 1 < pa;
		total += size;
		wrap |= total < size;
		size_bits |= size;
		hi = end - 1 > hi ? end - 1 : hi;
		if (pa < prev_end) {
			overlap |= pa >= prev_pa;
			unsorted++;
		}
		prev_pa = pa;
		prev_end = end;
	}
	if (zero)
		return SMMUV3_ERR_INVAL;
	if (bits & (g - 1))
		return SMMUV3_ERR_ALIGN;
	if (wrap)
		return SMMUV3_ERR_OVERFLOW;
	if (overlap)
		return SMMUV3_ERR_OVERLAP;
	if (unsorted && n > SMMUV3_SEPID_UNSORTED_MAX)
		return SMMUV3_ERR_INVAL;
	if (unsorted && check_disjoint_unsorted(c, n))
		return SMMUV3_ERR_OVERLAP;
	*shape = (struct region_shape){ { total, hi, size_bits == g }, 0, UINT64_MAX, size_bits };
	return 0;
}

/* Bits no constituent of the quick pass may have set (its address or
 * size): below 2^62, every difference it takes has an exact sign. Output
 * sizes are at most 52 bits anyway. */
#define QUICK_LIMIT (~UINT64_C(0) << 62)

/*
 * The common case in one branch-free pass: sorted, disjoint, non-empty
 * constituents form a strictly increasing chain pa[0] <= last[0] <
 * pa[1] <= last[1] < ... With addresses and sizes below 2^62 (nothing
 * wraps) that is: every prev_last - pa and every -size is negative, so
 * one AND of them all has its sign bit set. The last byte is then the
 * highest and the total cannot wrap. Anything else (unsorted short
 * arrays included) goes to check_exact() for the verdict.
 */
static int check_constituents(const struct smmuv3_phys_range *c, size_t n, uint64_t g,
			      struct region_shape *shape)
{
	uint64_t pa_bits = c[0].pa, size_bits = c[0].size, total = c[0].size;
	uint64_t prev_last = c[0].pa + c[0].size - 1, neg = -c[0].size;

	for (size_t i = 1; i < n; i++) {
		uint64_t pa = c[i].pa, size = c[i].size;

		pa_bits |= pa;
		size_bits |= size;
		total += size;
		neg &= (prev_last - pa) & -size;
		prev_last = pa + size - 1;
	}
	if (!(neg >> 63) || ((pa_bits | size_bits) & (QUICK_LIMIT | (g - 1))))
		return check_exact(c, n, g, shape);
	*shape = (struct region_shape){ { total, prev_last, size_bits == g }, 0, UINT64_MAX,
					size_bits };
	return 0;
}

/* Pieces and lowest address of an identity region (adjacent constituents
 * share a piece). */
static void identity_shape(const struct smmuv3_phys_range *c, size_t n,
			   struct region_shape *shape)
{
	for (size_t i = 0; i < n; i++) {
		shape->pieces += !i || c[i].pa != c[i - 1].pa + c[i - 1].size;
		shape->lowest = c[i].pa < shape->lowest ? c[i].pa : shape->lowest;
	}
}

/* ---- Handles ------------------------------------------------------------------ */

static struct smmuv3_sepid_handle *find_handle(const struct smmuv3_sepid_registry *reg,
					       unsigned int ep, uint64_t handle)
{
	for (unsigned int i = 0; i < reg->st.max_handles; i++) {
		struct smmuv3_sepid_handle *h = &reg->st.handles[i];

		if (h->used && h->ep == ep && h->handle == handle)
			return h;
	}
	return NULL;
}

static struct smmuv3_sepid_handle *free_handle(const struct smmuv3_sepid_registry *reg)
{
	for (unsigned int i = 0; i < reg->st.max_handles; i++)
		if (!reg->st.handles[i].used)
			return &reg->st.handles[i];
	return NULL;
}

static unsigned int ep_index(const struct smmuv3_sepid_registry *reg,
			     const struct smmuv3_sepid_ep *ep)
{
	return (unsigned int)(ep - reg->st.eps);
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* Whether handle @h occupies part of [cand, cand+size), and where the
 * last such part ends: its whole range, or (identity) its pieces, which
 * may lie in the window too. */
static bool taken_end(const struct smmuv3_sepid_registry *reg, const struct smmuv3_sepid_handle *h,
		      uint64_t cand, uint64_t size, uint64_t *end)
{
	bool hit = false;

	*end = 0;
	if (!h->identity) {
		*end = h->iova + h->size;
		return overlaps(cand, size, h->iova, h->size);
	}
	for (uint32_t r = h->first_range; r != SEPID_NONE; r = reg->st.ranges[r].next) {
		const struct smmuv3_sepid_range *p = &reg->st.ranges[r];

		if (overlaps(cand, size, p->iova, p->size) && p->iova + p->size > *end) {
			*end = p->iova + p->size;
			hit = true;
		}
	}
	return hit;
}

/*
 * First fit in the SEPID's window among its regions. Regions
 * of 2 MiB or more start 2 MiB aligned so that aligned constituents can
 * be mapped as blocks.
 */
static int window_alloc(const struct smmuv3_sepid_registry *reg, unsigned int ep,
			uint64_t size, uint64_t g, uint64_t *out)
{
	const struct smmuv3_sepid_desc *d = &reg->st.eps[ep].desc;
	uint64_t a = size >= SZ_2M ? SZ_2M : g;
	uint64_t end = d->iova_base + d->iova_size; /* 0: the window ends at 2^64 */
	uint64_t cand = align_up(d->iova_base, a);
	bool moved = true;

	if (!d->iova_size || cand < d->iova_base)
		return SMMUV3_ERR_WINDOW;
	while (moved) {
		moved = false;
		if (size - 1 > end - 1 - cand || cand - d->iova_base >= d->iova_size)
			return SMMUV3_ERR_WINDOW;
		for (unsigned int i = 0; i < reg->st.max_handles; i++) {
			const struct smmuv3_sepid_handle *h = &reg->st.handles[i];
			uint64_t past = 0;

			if (!h->used || h->ep != ep || !taken_end(reg, h, cand, size, &past))
				continue;
			past = align_up(past, a);
			if (past <= cand)
				return SMMUV3_ERR_WINDOW; /* wrapped */
			cand = past;
			moved = true;
		}
	}
	*out = cand;
	return 0;
}

/* ---- Range iterators for smmuv3_domain_unmap_ranges() ------------------------ */

/* The first @n constituents of a failed retrieve, where they were mapped. */
struct undo_iter {
	const struct smmuv3_phys_range *c;
	size_t n, i;
	bool identity;
	uint64_t base, off;
	bool ns;               /* the request's IPA space */
};

static bool undo_next(void *arg, uint64_t *iova, uint64_t *size)
{
	struct undo_iter *it = arg;

	if (it->i >= it->n)
		return false;
	if (!it->identity) {
		/* Laid out back to back: one range covers them all. */
		*iova = it->base;
		*size = it->off;
		it->i = it->n;
		return it->off != 0;
	}
	*iova = it->c[it->i].pa;
	*size = it->c[it->i].size;
	it->i++;
	return true;
}

/* Every range of the handles of endpoint @ep (one handle when @only). */
struct handle_iter {
	const struct smmuv3_sepid_registry *reg;
	unsigned int ep;
	const struct smmuv3_sepid_handle *only;
	unsigned int h;        /* next handle slot to look at */
	uint32_t range;        /* next piece of the current identity handle */
	bool ns;               /* IPA space of the range last returned */
};

static bool handle_next(void *arg, uint64_t *iova, uint64_t *size)
{
	struct handle_iter *it = arg;
	const struct smmuv3_sepid_registry *reg = it->reg;

	if (it->range != SEPID_NONE) {
		const struct smmuv3_sepid_range *r = &reg->st.ranges[it->range];

		*iova = r->iova;
		*size = r->size;
		it->range = r->next;
		return true;
	}
	for (; it->h < reg->st.max_handles; it->h++) {
		const struct smmuv3_sepid_handle *h = &reg->st.handles[it->h];

		if (!h->used || h->ep != it->ep || (it->only && h != it->only))
			continue;
		it->h++;
		it->ns = h->ns;
		if (h->identity) {
			it->range = h->first_range;
			return handle_next(arg, iova, size);
		}
		*iova = h->iova;
		*size = h->size;
		return true;
	}
	return false;
}

/* Forget a handle and give its pieces back. */
static void drop_handle(struct smmuv3_sepid_registry *reg, struct smmuv3_sepid_handle *h)
{
	uint32_t r = h->first_range;

	while (h->identity && r != SEPID_NONE) {
		uint32_t next = reg->st.ranges[r].next;

		reg->st.ranges[r].next = reg->free_range;
		reg->free_range = r;
		reg->n_free_ranges++;
		r = next;
	}
	reg->st.eps[h->ep].n_handles--;
	memset(h, 0, sizeof(*h));
}

/* Record an identity region's pieces (adjacent constituents merged); the
 * free list holds enough (checked before mapping). */
static void take_pieces(struct smmuv3_sepid_registry *reg, struct smmuv3_sepid_handle *h,
			const struct smmuv3_phys_range *c, size_t n)
{
	struct smmuv3_sepid_range *last = NULL;

	h->first_range = SEPID_NONE;
	for (size_t i = 0; i < n; i++) {
		uint32_t r;

		if (last && c[i].pa == last->iova + last->size) {
			last->size += c[i].size;
			continue;
		}
		r = reg->free_range;
		reg->free_range = reg->st.ranges[r].next;
		reg->n_free_ranges--;
		reg->st.ranges[r] = (struct smmuv3_sepid_range){ c[i].pa, c[i].size, SEPID_NONE };
		if (last)
			last->next = r;
		else
			h->first_range = r;
		last = &reg->st.ranges[r];
		h->n_ranges++;
	}
}

/* ---- Retrieve ----------------------------------------------------------------- */

/* The endpoint @sepid, when @caller is its proxy: only the proxy acts for
 * its SEPID (NOENT for an unknown SEPID, PERM for anyone else). */
static int proxied(const struct smmuv3_sepid_registry *reg, uint16_t sepid, uint16_t caller,
		   struct smmuv3_sepid_ep **ep)
{
	if (!reg)
		return SMMUV3_ERR_INVAL;
	*ep = sepid_find(reg, sepid);
	if (!*ep)
		return SMMUV3_ERR_NOENT;
	return caller == (*ep)->desc.proxy ? 0 : SMMUV3_ERR_PERM;
}

static int check_request(const struct smmuv3_sepid_ep *ep, const struct smmuv3_sepid_retrieve *req)
{
	const uint32_t perms = SMMUV3_PROT_READ | SMMUV3_PROT_WRITE | SMMUV3_PROT_EXEC;

	if ((req->flags & ~(uint32_t)SMMUV3_SEPID_F_ALL) || (req->prot & ~perms) ||
	    !(req->prot & (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)))
		return SMMUV3_ERR_INVAL;
	/* Normal-world memory must reach the Non-secure PA space: on a
	 * Secure instance only a SEPID's own stage 2 has the Non-secure IPA
	 * space table that outputs there (docs/sepid.md); a stage 1 would
	 * need descriptor NS bits this path does not write. */
	if ((req->flags & SMMUV3_SEPID_F_NS) && sepid_glue_secure(ep->smmu) &&
	    !sepid_glue_has_ns(ep))
		return SMMUV3_ERR_NOTSUP;
	/* Its streams use the proxy's own stage 2: the proxy's memory is
	 * already there, there is nothing of the SEPID's to map. */
	if (ep->desc.model == SMMUV3_SEPID_MODEL_SHARED_S2)
		return SMMUV3_ERR_NOTSUP;
	return 0;
}

/* Whether constituent @r, placed at @iova, can use blocks: it covers a
 * whole 2 MiB-aligned block with the same alignment on both sides. */
static bool block_capable(const struct smmuv3_phys_range *r, uint64_t iova)
{
	return r->size >= SZ_2M && !((r->pa ^ iova) & (SZ_2M - 1));
}

/* Map every constituent; on failure at k, unmap 0..k-1 (one sync).
 * Contiguous: runs of small constituents go in one scatter map each (one
 * descent per leaf table, not per page); block-capable ones alone, so
 * they get blocks. Identity: each at its own address. */
static int map_all(struct smmuv3_sepid_ep *ep, const struct smmuv3_phys_range *c, size_t n,
		   const struct region_shape *shape, bool identity, uint64_t base, uint32_t prot)
{
	struct undo_iter u = { c, 0, 0, identity, base, 0, (prot & SMMUV3_PROT_NS) != 0 };
	uint64_t syncs;
	int rc = 0;

	/* No constituent can be a block: one scatter map does it all, the
	 * constituents already checked. */
	if (!identity && shape->size_bits < SZ_2M)
		return sepid_glue_map_checked(ep, base, c, &shape->sum, prot);
	for (size_t k = 0; k < n && !rc;) {
		size_t run = 1;
		uint64_t bytes = c[k].size;

		if (identity) {
			rc = sepid_glue_map(ep, c[k].pa, c[k].pa, c[k].size, prot);
		} else if (block_capable(&c[k], base + u.off)) {
			rc = sepid_glue_map(ep, base + u.off, c[k].pa, c[k].size, prot);
		} else {
			while (k + run < n && !block_capable(&c[k + run], base + u.off + bytes))
				bytes += c[k + run++].size;
			rc = sepid_glue_map_scatter(ep, base + u.off, &c[k], run, prot);
		}
		if (!rc) {
			u.off += bytes;
			u.n += run;
			k += run;
		}
	}
	if (rc && u.n)
		(void)sepid_glue_unmap(ep, undo_next, &u, &u.ns, &syncs);
	return rc;
}

int smmuv3_sepid_retrieve(struct smmuv3_sepid_registry *reg, uint16_t sepid, uint16_t caller,
			  uint64_t handle, const struct smmuv3_phys_range *cons, size_t n,
			  const struct smmuv3_sepid_retrieve *req, uint64_t *iova)
{
	struct smmuv3_sepid_ep *ep;
	struct smmuv3_sepid_handle *h;
	struct region_shape shape;
	uint64_t base = 0;
	bool identity, ns;
	unsigned int e;
	int rc;

	if (!req)
		return SMMUV3_ERR_INVAL;
	rc = proxied(reg, sepid, caller, &ep);
	if (rc)
		return rc;
	e = ep_index(reg, ep);
	if (find_handle(reg, e, handle))
		return SMMUV3_ERR_BUSY;
	if (!cons || !n)
		return SMMUV3_ERR_INVAL;
	rc = check_request(ep, req);
	if (!rc)
		rc = check_constituents(cons, n, sepid_glue_granule(ep), &shape);
	if (rc)
		return rc;
	identity = req->flags & SMMUV3_SEPID_F_IDENTITY;
	if (identity)
		identity_shape(cons, n, &shape);
	h = free_handle(reg);
	if (!h || (identity && shape.pieces > reg->n_free_ranges))
		return SMMUV3_ERR_NOSPC;
	if (!identity) {
		rc = window_alloc(reg, e, shape.sum.total, sepid_glue_granule(ep), &base);
		if (rc)
			return rc;
	}
	/* The Non-secure IPA space table (SMMUV3_PROT_NS at stage 2). */
	ns = (req->flags & SMMUV3_SEPID_F_NS) && sepid_glue_has_ns(ep);
	rc = map_all(ep, cons, n, &shape, identity, base,
		     req->prot | (ns ? SMMUV3_PROT_NS : 0));
	if (rc)
		return rc;
	*h = (struct smmuv3_sepid_handle){
		.handle = handle, .iova = identity ? shape.lowest : base, .size = shape.sum.total,
		.first_range = SEPID_NONE, .ep = e, .prot = req->prot, .used = true,
		.identity = identity, .ns = ns,
	};
	if (identity)
		take_pieces(reg, h, cons, n);
	ep->n_handles++;
	if (iova)
		*iova = h->iova;
	return 0;
}

/* ---- Relinquish --------------------------------------------------------------- */

int smmuv3_sepid_relinquish(struct smmuv3_sepid_registry *reg, uint16_t sepid, uint16_t caller,
			    uint64_t handle)
{
	struct smmuv3_sepid_ep *ep;
	struct smmuv3_sepid_handle *h;
	struct handle_iter it;
	int rc;

	rc = proxied(reg, sepid, caller, &ep);
	if (rc)
		return rc;
	h = find_handle(reg, ep_index(reg, ep), handle);
	if (!h)
		return SMMUV3_ERR_NOENT;
	it = (struct handle_iter){ reg, h->ep, h, 0, SEPID_NONE, false };
	rc = sepid_glue_unmap(ep, handle_next, &it, &it.ns, &reg->last_syncs);
	/* Unmapped either way: a failed invalidation is owed by the domain
	 * and paid before its next change. */
	drop_handle(reg, h);
	return rc;
}

bool smmuv3_sepid_handle_held(const struct smmuv3_sepid_registry *reg, uint64_t handle,
			      uint16_t *sepid)
{
	for (unsigned int i = 0; reg && i < reg->st.max_handles; i++) {
		const struct smmuv3_sepid_handle *h = &reg->st.handles[i];

		if (h->used && h->handle == handle) {
			if (sepid)
				*sepid = reg->st.eps[h->ep].desc.sepid;
			return true;
		}
	}
	return false;
}

/* Relinquish everything endpoint @e holds, with one sync. */
static int drop_all_of(struct smmuv3_sepid_registry *reg, unsigned int e, int *count)
{
	struct smmuv3_sepid_ep *ep = &reg->st.eps[e];
	struct handle_iter it = { reg, e, NULL, 0, SEPID_NONE, false };
	int rc;

	if (!ep->n_handles)
		return 0;
	rc = sepid_glue_unmap(ep, handle_next, &it, &it.ns, &reg->last_syncs);
	for (unsigned int i = 0; i < reg->st.max_handles; i++) {
		struct smmuv3_sepid_handle *h = &reg->st.handles[i];

		if (h->used && h->ep == e) {
			drop_handle(reg, h);
			(*count)++;
		}
	}
	return rc;
}

int smmuv3_sepid_relinquish_all(struct smmuv3_sepid_registry *reg, uint16_t id)
{
	int count = 0, first = 0;

	if (!reg)
		return SMMUV3_ERR_INVAL;
	for (unsigned int e = 0; e < reg->n_eps; e++) {
		const struct smmuv3_sepid_desc *d = &reg->st.eps[e].desc;
		int rc;

		if (d->sepid != id && d->proxy != id)
			continue;
		rc = drop_all_of(reg, e, &count);
		if (rc && !first)
			first = rc;
	}
	return first ? first : count;
}
