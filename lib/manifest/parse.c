// SPDX-License-Identifier: BSD-3-Clause
/*
 * FF-A partition manifests to SEPID registry input (docs/manifest.md).
 *
 * Every blob is hostile. smmuv3_fdt_check() runs first: after it, libfdt's
 * walks end and stay inside the blob (libfdt 1.6.1 loops on some blobs it
 * would otherwise accept). Every property is then length-checked here
 * before a cell of it is read, every child walk stops after
 * SMMUV3_MANIFEST_MAX_CHILDREN, and a node is checked whole before
 * anything of it is kept, so a failure leaves half a node nowhere.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libfdt.h>
#include <smmuv3/errors.h>
#include <smmuv3/manifest.h>

#include "libc/mem.h"

#define PAGE_4K 4096u
#define MAX_PROPS 64u
/* Hafnium's "no SMMU" smmu-id. */
#define SMMU_ID_NONE 0xffffffffu

/* Parse state: the caller's storage, fill levels, the report. */
struct mctx {
	const struct smmuv3_manifest_storage *st;
	struct smmuv3_manifest_out *out;
	struct smmuv3_manifest_report *rep;
	unsigned int n_eps, n_regions, n_maps, n_words, n_parts;
	const void *fdt;
	unsigned int blob;
	uint16_t id;
	unsigned int first_region;   /* this blob's first device region */
};

/* A property as read: its value and length, or absent (val NULL). */
struct prop {
	const fdt32_t *val;
	int len;
};

static int fail(struct mctx *c, int node, const char *prop, enum smmuv3_manifest_reason why)
{
	struct smmuv3_manifest_report *r = c->rep;

	r->reason = why;
	r->blob = c->blob;
	r->node_offset = node;
	r->prop = prop;
	r->node[0] = '\0';
	if (node >= 0 && fdt_get_path(c->fdt, node, r->node, (int)sizeof(r->node)) < 0) {
		/* Too deep to fit: the node's own name, truncated. */
		int len = 0;
		const char *name = fdt_get_name(c->fdt, node, &len);
		size_t n = 0;

		while (name && n < (size_t)len && n + 1 < sizeof(r->node)) {
			r->node[n] = name[n];
			n++;
		}
		r->node[n] = '\0';
	}
	return why == SMMUV3_MANIFEST_NOSPC ? SMMUV3_ERR_NOSPC : SMMUV3_ERR_BADDESC;
}

/* NUL-terminated @a equals the first @n bytes of @b followed by its end. */
static bool str_eq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i] || a[i] == '\0')
			return false;
	return a[n] == '\0';
}

static bool cstr_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Length of one of our own NUL-terminated binding names. */
static size_t name_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Refuse a node with a repeated property (libfdt returns the first, a
 * checker elsewhere might see the second) or too many to compare. */
static int check_props(struct mctx *c, int node)
{
	const char *names[MAX_PROPS];
	unsigned int n = 0, i;
	int off;

	fdt_for_each_property_offset(off, c->fdt, node) {
		const char *name;
		int len;

		if (!fdt_getprop_by_offset(c->fdt, off, &name, &len) || !name)
			return fail(c, node, "", SMMUV3_MANIFEST_FDT);
		if (n == MAX_PROPS)
			return fail(c, node, "", SMMUV3_MANIFEST_TOO_MANY_PROPS);
		for (i = 0; i < n; i++)
			if (cstr_eq(names[i], name))
				return fail(c, node, names[i], SMMUV3_MANIFEST_DUP_PROP);
		names[n++] = name;
	}
	return 0;
}

static struct prop get(struct mctx *c, int node, const char *name)
{
	struct prop p = { NULL, 0 };

	p.val = fdt_getprop(c->fdt, node, name, &p.len);
	if (!p.val)
		p.len = 0;
	return p;
}

/* A number of @cells cells (1: u32, 2: u64 as <hi lo>); @required says
 * whether absence is an error. */
static int get_num(struct mctx *c, int node, const char *name, int cells, bool required,
		   uint64_t *v, bool *present)
{
	struct prop p = get(c, node, name);
	int i;

	*present = p.val != NULL;
	if (!p.val)
		return required ? fail(c, node, name, SMMUV3_MANIFEST_MISSING) : 0;
	if (p.len == 0)
		return fail(c, node, name, SMMUV3_MANIFEST_EMPTY);
	if (p.len % (4 * cells))
		return fail(c, node, name, SMMUV3_MANIFEST_ODD_LENGTH);
	if (p.len != 4 * cells)
		return fail(c, node, name, SMMUV3_MANIFEST_OVERSIZED);
	for (*v = 0, i = 0; i < cells; i++)
		*v = *v << 32 | fdt32_ld(p.val + i);
	return 0;
}

static int get_u32(struct mctx *c, int node, const char *name, bool required, uint32_t *v,
		   bool *present)
{
	uint64_t x = 0;
	int rc = get_num(c, node, name, 1, required, &x, present);

	*v = (uint32_t)x;
	return rc;
}

static int get_u64(struct mctx *c, int node, const char *name, uint64_t *v, bool *present)
{
	return get_num(c, node, name, 2, false, v, present);
}

/* A list of u32 cells, 1..@max entries. */
static int get_list(struct mctx *c, int node, const char *name, unsigned int max,
		    struct prop *p)
{
	*p = get(c, node, name);
	if (!p->val)
		return 0;
	if (p->len == 0)
		return fail(c, node, name, SMMUV3_MANIFEST_EMPTY);
	if (p->len % 4)
		return fail(c, node, name, SMMUV3_MANIFEST_ODD_LENGTH);
	if ((unsigned int)p->len / 4 > max)
		return fail(c, node, name, SMMUV3_MANIFEST_OVERSIZED);
	return 0;
}

/* A string property: NUL inside its length, nothing after the NUL. */
static int get_str(struct mctx *c, int node, const char *name, const char **s)
{
	struct prop p = get(c, node, name);
	const char *v = (const char *)p.val;
	int i;

	*s = NULL;
	if (!v)
		return 0;
	if (p.len == 0)
		return fail(c, node, name, SMMUV3_MANIFEST_EMPTY);
	for (i = 0; i < p.len && v[i]; i++)
		;
	if (i == p.len)
		return fail(c, node, name, SMMUV3_MANIFEST_UNTERMINATED);
	if (i + 1 != p.len || i == 0)
		return fail(c, node, name, SMMUV3_MANIFEST_BAD_STRING);
	*s = v;
	return 0;
}

/* StreamIDs of one node: at most @max, none twice. */
static int get_sids(struct mctx *c, int node, unsigned int max, struct prop *p)
{
	int rc = get_list(c, node, "stream-ids", max, p);
	int i, j, n = p->len / 4;

	if (rc || !p->val)
		return rc;
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (fdt32_ld(p->val + i) == fdt32_ld(p->val + j))
				return fail(c, node, "stream-ids", SMMUV3_MANIFEST_SID_DUPLICATE);
	return 0;
}

static int get_smmu_id(struct mctx *c, int node, uint32_t *id, bool *present)
{
	int rc = get_u32(c, node, "smmu-id", false, id, present);

	if (!rc && *present && *id == SMMU_ID_NONE)
		return fail(c, node, "smmu-id", SMMUV3_MANIFEST_SMMU_ID_RANGE);
	return rc;
}

static int take_words(struct mctx *c, int node, unsigned int n, uint32_t **w)
{
	if (c->st->max_words - c->n_words < n)
		return fail(c, node, "words", SMMUV3_MANIFEST_NOSPC);
	*w = c->st->words + c->n_words;
	c->n_words += n;
	return 0;
}

/* A list property's cells copied into the word storage. */
static int keep_cells(struct mctx *c, int node, const struct prop *p, uint32_t **w)
{
	unsigned int i, n = (unsigned int)p->len / 4;
	int rc = take_words(c, node, n, w);

	for (i = 0; !rc && i < n; i++)
		(*w)[i] = fdt32_ld(p->val + i);
	return rc;
}

/*
 * Children of @parent, each checked by @fn; no two of one name, at most
 * SMMUV3_MANIFEST_MAX_CHILDREN. Names are compared against every earlier
 * sibling: quadratic, bounded by the cap.
 */
typedef int child_fn(struct mctx *c, int node);

static int for_children(struct mctx *c, int parent, child_fn *fn)
{
	int node, prev, n = 0, rc;

	fdt_for_each_subnode(node, c->fdt, parent) {
		int len;
		const char *name = fdt_get_name(c->fdt, node, &len);

		if (!name)
			return fail(c, node, "", SMMUV3_MANIFEST_FDT);
		if (++n > (int)SMMUV3_MANIFEST_MAX_CHILDREN)
			return fail(c, parent, "", SMMUV3_MANIFEST_TOO_MANY_NODES);
		fdt_for_each_subnode(prev, c->fdt, parent) {
			int plen;
			const char *pname;

			if (prev == node)
				break;
			pname = fdt_get_name(c->fdt, prev, &plen);
			if (pname && plen == len && str_eq(pname, name, (size_t)len))
				return fail(c, node, "", SMMUV3_MANIFEST_DUP_NODE);
		}
		rc = fn(c, node);
		if (rc)
			return rc;
	}
	return 0;
}

/* The single child of the root named @name, or -1; two: an error. */
static int find_list(struct mctx *c, const char *name, int *found)
{
	int node, n = 0;

	*found = -1;
	fdt_for_each_subnode(node, c->fdt, 0) {
		int len;
		const char *nm = fdt_get_name(c->fdt, node, &len);
		size_t want = name_len(name);

		if (++n > (int)SMMUV3_FDT_MAX_NODES)
			break;
		/* "name" or "name@unit" both count. */
		if (!nm || (size_t)len < want || !str_eq(name, nm, want) ||
		    (nm[want] != '\0' && nm[want] != '@'))
			continue;
		if (*found >= 0)
			return fail(c, node, "", SMMUV3_MANIFEST_DUP_NODE);
		*found = node;
	}
	return 0;
}

/* An optional `compatible` must be @want (or list it first). */
static int check_compat(struct mctx *c, int node, const char *want, bool required)
{
	struct prop p = get(c, node, "compatible");
	const char *v = (const char *)p.val;
	int i;

	if (!v)
		return required ? fail(c, node, "compatible", SMMUV3_MANIFEST_MISSING) : 0;
	for (i = 0; i < p.len && v[i]; i++)
		;
	if (i == p.len)
		return fail(c, node, "compatible", SMMUV3_MANIFEST_UNTERMINATED);
	if (!cstr_eq(v, want))
		return fail(c, node, "compatible", SMMUV3_MANIFEST_COMPATIBLE);
	return 0;
}

/* ---- stream-endpoints ------------------------------------------------ */

static int parse_model(struct mctx *c, int node, enum smmuv3_sepid_model *m)
{
	static const struct {
		const char *name;
		enum smmuv3_sepid_model model;
	} models[] = {
		{ "stage2", SMMUV3_SEPID_MODEL_S2 },
		{ "stage1", SMMUV3_SEPID_MODEL_S1 },
		{ "nested", SMMUV3_SEPID_MODEL_NESTED },
		{ "shared-stage2", SMMUV3_SEPID_MODEL_SHARED_S2 },
	};
	const char *s;
	size_t i;
	int rc = get_str(c, node, "stream-config", &s);

	*m = SMMUV3_SEPID_MODEL_S2;
	if (rc || !s)
		return rc;
	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		if (cstr_eq(models[i].name, s)) {
			*m = models[i].model;
			return 0;
		}
	}
	return fail(c, node, "stream-config", SMMUV3_MANIFEST_BAD_STRING);
}

/* substream-bits and the SubstreamIDs the endpoint may use. */
static int parse_substreams(struct mctx *c, int node, struct smmuv3_sepid_desc *d)
{
	uint32_t bits = 0;
	bool have;
	struct prop ids;
	int rc, i;

	rc = get_u32(c, node, "substream-bits", false, &bits, &have);
	if (rc)
		return rc;
	if (bits > SMMUV3_MANIFEST_MAX_SSID_BITS ||
	    (bits && (d->model == SMMUV3_SEPID_MODEL_S2 || d->model == SMMUV3_SEPID_MODEL_SHARED_S2)))
		return fail(c, node, "substream-bits", SMMUV3_MANIFEST_SSID_BITS);
	rc = get_list(c, node, "substream-ids", 1u << SMMUV3_MANIFEST_MAX_SSID_BITS, &ids);
	if (rc)
		return rc;
	for (i = 0; ids.val && i < ids.len / 4; i++)
		if (fdt32_ld(ids.val + i) >> bits)
			return fail(c, node, "substream-ids", SMMUV3_MANIFEST_SSID_RANGE);
	d->ssid_bits = bits;
	return 0;
}

static int parse_window(struct mctx *c, int node, struct smmuv3_sepid_desc *d)
{
	struct prop p;
	uint64_t base, size;
	int rc = get_list(c, node, "iova-window", 4, &p);

	if (rc || !p.val)
		return rc;
	if (p.len != 16)
		return fail(c, node, "iova-window", SMMUV3_MANIFEST_ODD_LENGTH);
	base = ((uint64_t)fdt32_ld(p.val) << 32) | fdt32_ld(p.val + 1);
	size = ((uint64_t)fdt32_ld(p.val + 2) << 32) | fdt32_ld(p.val + 3);
	if ((base | size) & (PAGE_4K - 1))
		return fail(c, node, "iova-window", SMMUV3_MANIFEST_ALIGN);
	if (size == 0 || base + size < base)
		return fail(c, node, "iova-window", SMMUV3_MANIFEST_PAGES);
	d->iova_base = base;
	d->iova_size = size;
	return 0;
}

static int parse_endpoint(struct mctx *c, int node)
{
	struct smmuv3_sepid_desc d = { 0 };
	uint32_t sepid, smmu_id;
	bool have;
	struct prop sids;
	uint32_t *w = NULL;
	int rc;

	rc = check_props(c, node);
	if (!rc)
		rc = get_str(c, node, "debug-name", &d.name);
	if (!rc)
		rc = get_u32(c, node, "sepid", true, &sepid, &have);
	if (!rc && (sepid == 0 || sepid > 0xffffu))
		rc = fail(c, node, "sepid", SMMUV3_MANIFEST_ID_RANGE);
	if (!rc)
		rc = get_smmu_id(c, node, &smmu_id, &have);
	if (!rc && !have)
		rc = fail(c, node, "smmu-id", SMMUV3_MANIFEST_MISSING);
	if (!rc)
		rc = get_sids(c, node, SMMUV3_SEPID_MAX_SIDS, &sids);
	if (!rc && !sids.val)
		rc = fail(c, node, "stream-ids", SMMUV3_MANIFEST_MISSING);
	if (!rc)
		rc = parse_model(c, node, &d.model);
	if (!rc)
		rc = parse_substreams(c, node, &d);
	if (!rc)
		rc = parse_window(c, node, &d);
	if (rc)
		return rc;
	if (c->n_eps == c->st->max_eps)
		return fail(c, node, "eps", SMMUV3_MANIFEST_NOSPC);
	rc = keep_cells(c, node, &sids, &w);
	if (rc)
		return rc;
	d.sepid = (uint16_t)sepid;
	d.proxy = c->id;
	d.smmu_id = smmu_id;
	d.sids = w;
	d.n_sids = (unsigned int)sids.len / 4;
	c->st->eps[c->n_eps++] = d;
	return 0;
}

/* ---- device-regions and memory-regions ------------------------------- */

/* smmu-id and stream-ids of a region: both or neither. */
static int region_dma(struct mctx *c, int node, unsigned int max, uint32_t *smmu_id,
		      struct prop *sids)
{
	bool have_smmu;
	int rc = get_smmu_id(c, node, smmu_id, &have_smmu);

	if (!rc)
		rc = get_sids(c, node, max, sids);
	if (rc)
		return rc;
	if (sids->val && !have_smmu)
		return fail(c, node, "smmu-id", SMMUV3_MANIFEST_SMMU_ID_MISSING);
	if (have_smmu && !sids->val)
		return fail(c, node, "stream-ids", SMMUV3_MANIFEST_SIDS_MISSING);
	return 0;
}

static int parse_device_region(struct mctx *c, int node)
{
	uint32_t smmu_id = 0;
	struct prop sids;
	uint32_t *w = NULL;
	int rc = check_props(c, node);

	if (!rc)
		rc = region_dma(c, node, SMMUV3_SEPID_MAX_SIDS, &smmu_id, &sids);
	if (rc || !sids.val)
		return rc;
	if (c->n_regions == c->st->max_regions)
		return fail(c, node, "regions", SMMUV3_MANIFEST_NOSPC);
	rc = keep_cells(c, node, &sids, &w);
	if (rc)
		return rc;
	c->st->regions[c->n_regions++] = (struct smmuv3_sepid_region){
		.owner = c->id, .smmu_id = smmu_id, .sids = w, .n_sids = (unsigned int)sids.len / 4,
	};
	return 0;
}

/* The device region of this partition holding @sid on @smmu_id, or -1. */
static int sid_owner(const struct mctx *c, uint32_t smmu_id, uint32_t sid)
{
	unsigned int r, i;

	for (r = c->first_region; r < c->n_regions; r++) {
		const struct smmuv3_sepid_region *g = &c->st->regions[r];

		for (i = 0; g->smmu_id == smmu_id && i < g->n_sids; i++)
			if (g->sids[i] == sid)
				return (int)r;
	}
	return -1;
}

#define ATTR_RWX (SMMUV3_MANIFEST_ATTR_READ | SMMUV3_MANIFEST_ATTR_WRITE | SMMUV3_MANIFEST_ATTR_EXEC)
#define ATTR_ALL (ATTR_RWX | SMMUV3_MANIFEST_ATTR_NS)
#define ATTR_RW (SMMUV3_MANIFEST_ATTR_READ | SMMUV3_MANIFEST_ATTR_WRITE)

/* Where a memory region lies: base-address or relative-address, and size. */
static int mem_extent(struct mctx *c, int node, struct smmuv3_manifest_dma_map *m)
{
	bool abs, rel, have;
	uint64_t base = 0, off = 0;
	uint32_t pages;
	int rc = get_u64(c, node, "base-address", &base, &abs);

	if (!rc)
		rc = get_u64(c, node, "relative-address", &off, &rel);
	if (!rc && !abs && !rel)
		rc = fail(c, node, "base-address", SMMUV3_MANIFEST_MISSING);
	if (!rc && abs && rel)
		rc = fail(c, node, "relative-address", SMMUV3_MANIFEST_DUP_PROP);
	if (!rc)
		rc = get_u32(c, node, "pages-count", true, &pages, &have);
	if (rc)
		return rc;
	m->relative = rel;
	m->base = rel ? off : base;
	m->size = (uint64_t)pages * PAGE_4K;
	if (m->base & (PAGE_4K - 1))
		return fail(c, node, rel ? "relative-address" : "base-address", SMMUV3_MANIFEST_ALIGN);
	if (pages == 0 || m->base + m->size < m->base)
		return fail(c, node, "pages-count", SMMUV3_MANIFEST_PAGES);
	return 0;
}

static int parse_memory_region(struct mctx *c, int node)
{
	struct smmuv3_manifest_dma_map m = { 0 };
	struct prop sids, perms;
	uint32_t attr, *w = NULL;
	bool have;
	unsigned int n, i;
	int rc = check_props(c, node);

	if (!rc)
		rc = region_dma(c, node, SMMUV3_SEPID_MAX_SIDS, &m.smmu_id, &sids);
	if (!rc)
		rc = get_list(c, node, "stream-ids-access-permissions", SMMUV3_SEPID_MAX_SIDS, &perms);
	if (rc)
		return rc;
	if (!sids.val)
		return perms.val ? fail(c, node, "stream-ids", SMMUV3_MANIFEST_SIDS_MISSING) : 0;
	n = (unsigned int)sids.len / 4;
	if (perms.val && (unsigned int)perms.len / 4 != n)
		return fail(c, node, "stream-ids-access-permissions", SMMUV3_MANIFEST_PERM_COUNT);
	rc = get_u32(c, node, "attributes", true, &attr, &have);
	if (!rc && ((attr & ~ATTR_ALL) || !(attr & ATTR_RW)))
		rc = fail(c, node, "attributes", SMMUV3_MANIFEST_ATTR_VALUE);
	if (!rc)
		rc = mem_extent(c, node, &m);
	for (i = 0; !rc && perms.val && i < n; i++) {
		uint32_t p = fdt32_ld(perms.val + i);

		if ((p & ~ATTR_RWX) || !(p & ATTR_RW) || (p & ~attr))
			rc = fail(c, node, "stream-ids-access-permissions", SMMUV3_MANIFEST_PERM_VALUE);
	}
	for (i = 0; !rc && i < n; i++)
		if (sid_owner(c, m.smmu_id, fdt32_ld(sids.val + i)) < 0)
			rc = fail(c, node, "stream-ids", SMMUV3_MANIFEST_SID_UNOWNED);
	if (rc)
		return rc;
	if (c->n_maps == c->st->max_maps)
		return fail(c, node, "maps", SMMUV3_MANIFEST_NOSPC);
	rc = take_words(c, node, 3 * n, &w);
	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		w[i] = fdt32_ld(sids.val + i);
		/* Each StreamID's own permission; absent: the region's. */
		w[n + i] = perms.val ? fdt32_ld(perms.val + i) : (attr & ATTR_RWX);
		w[2 * n + i] = (uint32_t)sid_owner(c, m.smmu_id, w[i]);
	}
	m.owner = c->id;
	m.sids = w;
	m.perms = w + n;
	m.device = w + 2 * n;
	m.n_sids = n;
	m.attributes = attr;
	c->st->maps[c->n_maps++] = m;
	return 0;
}

/* ---- one blob --------------------------------------------------------- */

static int parse_id(struct mctx *c, uint16_t given)
{
	uint32_t id = 0;
	bool have;
	unsigned int i;
	int rc = get_u32(c, 0, "id", given == 0, &id, &have);

	if (rc)
		return rc;
	if (have && (id == 0 || id > 0xffffu))
		return fail(c, 0, "id", SMMUV3_MANIFEST_ID_RANGE);
	if (have && given && id != given)
		return fail(c, 0, "id", SMMUV3_MANIFEST_ID_MISMATCH);
	c->id = given ? given : (uint16_t)id;
	for (i = 0; i < c->n_parts; i++)
		if (c->st->partitions[i] == c->id)
			return fail(c, 0, "id", SMMUV3_MANIFEST_ID_DUPLICATE);
	if (c->n_parts == c->st->max_partitions)
		return fail(c, 0, "partitions", SMMUV3_MANIFEST_NOSPC);
	c->st->partitions[c->n_parts++] = c->id;
	return 0;
}

/* pages-count counts translation granules: only 4 KiB ones (xlat-granule
 * 0, or absent) are understood here. */
static int check_granule(struct mctx *c)
{
	uint32_t g = 0;
	bool have;
	int rc = get_u32(c, 0, "xlat-granule", false, &g, &have);

	if (!rc && g != 0)
		rc = fail(c, 0, "xlat-granule", SMMUV3_MANIFEST_UNSUPPORTED);
	return rc;
}

static int parse_blob(struct mctx *c, const struct smmuv3_manifest_blob *b)
{
	int sep, dev, mem, rc;

	c->fdt = b->fdt;
	if (!b->fdt)
		return fail(c, -1, "", SMMUV3_MANIFEST_ARG);
	rc = smmuv3_fdt_check(b->fdt, b->size, &c->rep->fdt);
	if (rc)
		return fail(c, -1, "", SMMUV3_MANIFEST_FDT);
	rc = check_props(c, 0);
	if (!rc && fdt_getprop(c->fdt, 0, "stream-endpoint-ids", NULL))
		rc = fail(c, 0, "stream-endpoint-ids", SMMUV3_MANIFEST_UNSUPPORTED);
	if (!rc)
		rc = check_granule(c);
	if (!rc)
		rc = parse_id(c, b->id);
	if (!rc)
		rc = find_list(c, "stream-endpoints", &sep);
	if (!rc)
		rc = find_list(c, "device-regions", &dev);
	if (!rc)
		rc = find_list(c, "memory-regions", &mem);
	if (rc)
		return rc;
	c->first_region = c->n_regions;
	if (sep >= 0) {
		rc = check_compat(c, sep, SMMUV3_MANIFEST_SEP_COMPAT, true);
		if (!rc)
			rc = for_children(c, sep, parse_endpoint);
	}
	/* Device regions before memory regions: a memory region's StreamIDs
	 * must name a device of the same partition. */
	if (!rc && dev >= 0) {
		rc = check_compat(c, dev, "arm,ffa-manifest-device-regions", false);
		if (!rc)
			rc = for_children(c, dev, parse_device_region);
	}
	if (!rc && mem >= 0) {
		rc = check_compat(c, mem, "arm,ffa-manifest-memory-regions", false);
		if (!rc)
			rc = for_children(c, mem, parse_memory_region);
	}
	return rc;
}

int smmuv3_manifest_parse(const struct smmuv3_manifest_blob *blobs, unsigned int n,
			  const struct smmuv3_manifest_storage *st, struct smmuv3_manifest_out *out,
			  struct smmuv3_manifest_report *rep)
{
	struct smmuv3_manifest_report scratch;
	struct mctx c = { 0 };
	unsigned int i;
	int rc = 0;

	if (!rep)
		rep = &scratch;
	memset(rep, 0, sizeof(*rep));
	rep->node_offset = -1;
	rep->prop = "";
	if (out)
		memset(out, 0, sizeof(*out));
	c.rep = rep;
	if (!blobs || !n || !st || !out || !st->eps || !st->regions || !st->maps || !st->words ||
	    !st->partitions) {
		rep->reason = SMMUV3_MANIFEST_ARG;
		return SMMUV3_ERR_INVAL;
	}
	c.st = st;
	c.out = out;
	for (i = 0; i < n && !rc; i++) {
		c.blob = i;
		rc = parse_blob(&c, &blobs[i]);
	}
	if (rc) {
		if (rep->reason == SMMUV3_MANIFEST_ARG)
			rc = SMMUV3_ERR_INVAL;
		return rc;
	}
	out->input = (struct smmuv3_sepid_input){
		.eps = st->eps, .n_eps = c.n_eps,
		.regions = st->regions, .n_regions = c.n_regions,
		.partitions = st->partitions, .n_partitions = c.n_parts,
	};
	out->maps = st->maps;
	out->n_maps = c.n_maps;
	return 0;
}

const char *smmuv3_manifest_reason_name(enum smmuv3_manifest_reason reason)
{
#define R(x) [SMMUV3_MANIFEST_##x] = "SMMUV3_MANIFEST_" #x
	static const char *const names[SMMUV3_MANIFEST_REASON_COUNT] = {
		R(OK), R(ARG), R(FDT), R(MISSING), R(EMPTY), R(ODD_LENGTH), R(OVERSIZED),
		R(UNTERMINATED), R(BAD_STRING), R(ID_RANGE), R(ID_MISMATCH), R(SMMU_ID_RANGE),
		R(SID_DUPLICATE), R(SMMU_ID_MISSING), R(SIDS_MISSING), R(PERM_COUNT),
		R(PERM_VALUE), R(ATTR_VALUE), R(PAGES), R(ALIGN), R(DUP_NODE), R(DUP_PROP),
		R(TOO_MANY_PROPS), R(COMPATIBLE), R(TOO_MANY_NODES), R(SSID_BITS), R(SSID_RANGE),
		R(SID_UNOWNED), R(ID_DUPLICATE), R(UNSUPPORTED), R(NOSPC),
	};
#undef R
	if ((unsigned int)reason >= SMMUV3_MANIFEST_REASON_COUNT || !names[reason])
		return "SMMUV3_MANIFEST_?";
	return names[reason];
}
