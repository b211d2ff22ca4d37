// SPDX-License-Identifier: BSD-3-Clause
/*
 * Manifest parser (docs/manifest.md): the two manifests under
 * tests/manifest/ compiled by dtc, every error path by mutating them with
 * libfdt (or building blobs dtc refuses with libfdt's sequential writer),
 * and the SPMC's flow: parse -> smmuv3_sepid_register -> retrieve through
 * the mock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>
#include <smmuv3/manifest.h>
#include <smmuv3/sepid.h>

#include "../unit/fixture.h"

#define BUF 16384
#define SPAD 0x8001
#define SPDEV 0x8002

static const char *dtb_path[2];
static uint64_t proxy_dtb[BUF / 8], device_dtb[BUF / 8];

static int load(const char *path, uint64_t *buf)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, BUF, f);
	fclose(f);
	return n > 0 && n < BUF ? 0 : -1;
}

/* Storage sized for both manifests, with room to spare. */
struct st {
	struct smmuv3_sepid_desc eps[8];
	struct smmuv3_sepid_region regions[8];
	struct smmuv3_manifest_dma_map maps[8];
	uint32_t words[128];
	uint16_t parts[4];
	struct smmuv3_manifest_storage s;
	struct smmuv3_manifest_out out;
	struct smmuv3_manifest_report rep;
};

static void st_init(struct st *t)
{
	memset(t, 0, sizeof(*t));
	t->s = (struct smmuv3_manifest_storage){ t->eps, 8, t->regions, 8, t->maps, 8,
						 t->words, 128, t->parts, 4 };
}

static int parse1(struct st *t, const void *blob, uint16_t id)
{
	struct smmuv3_manifest_blob b = { blob, BUF, id };

	return smmuv3_manifest_parse(&b, 1, &t->s, &t->out, &t->rep);
}

static int parse2(struct st *t)
{
	struct smmuv3_manifest_blob b[2] = { { proxy_dtb, BUF, 0 }, { device_dtb, BUF, SPDEV } };

	return smmuv3_manifest_parse(b, 2, &t->s, &t->out, &t->rep);
}

/* ---- What the good manifests give ----------------------------------------- */

static void test_parse_good(void **state)
{
	struct st t;
	const struct smmuv3_sepid_desc *a, *b;
	const struct smmuv3_manifest_dma_map *m;

	(void)state;
	st_init(&t);
	assert_int_equal(parse2(&t), 0);
	assert_int_equal(t.rep.reason, SMMUV3_MANIFEST_OK);
	assert_int_equal(t.out.input.n_eps, 2);
	assert_int_equal(t.out.input.n_partitions, 2);
	assert_int_equal(t.out.input.partitions[0], SPAD);
	assert_int_equal(t.out.input.partitions[1], SPDEV);
	a = &t.out.input.eps[0];
	b = &t.out.input.eps[1];
	assert_string_equal(a->name, "DMA Device A");
	assert_int_equal(a->sepid, 0xabc);
	assert_int_equal(a->proxy, SPAD);
	assert_int_equal(a->smmu_id, 0);
	assert_int_equal(a->n_sids, 2);
	assert_int_equal(a->sids[0], 0);
	assert_int_equal(a->sids[1], 1);
	assert_int_equal(a->model, SMMUV3_SEPID_MODEL_S2);
	assert_int_equal(a->iova_base, 0x40000000);
	assert_int_equal(a->iova_size, 0x40000000);
	assert_int_equal(a->ssid_bits, 0);
	assert_string_equal(b->name, "DMA Device B");
	assert_int_equal(b->sepid, 0xdef);
	assert_int_equal(b->model, SMMUV3_SEPID_MODEL_S1);
	assert_int_equal(b->ssid_bits, 4);
	assert_int_equal(b->n_sids, 1);
	assert_int_equal(b->sids[0], 4);
	assert_int_equal(b->iova_size, 0);

	/* The uart has no stream: only the DMA device regions count. */
	assert_int_equal(t.out.input.n_regions, 2);
	assert_int_equal(t.out.input.regions[0].owner, SPAD);
	assert_int_equal(t.out.input.regions[0].n_sids, 2);
	assert_int_equal(t.out.input.regions[0].sids[1], 0x11);
	assert_int_equal(t.out.input.regions[1].owner, SPDEV);
	assert_int_equal(t.out.input.regions[1].sids[0], 0x20);

	/* Memory regions with streams: each StreamID with its own permission
	 * and its own device (not device 0's table, not a permission that is
	 * parsed and dropped: hafnium-facts.md). */
	assert_int_equal(t.out.n_maps, 2);
	m = &t.out.maps[0];
	assert_int_equal(m->owner, SPAD);
	assert_int_equal(m->base, 0x7400000);
	assert_int_equal(m->size, 4 * 4096);
	assert_false(m->relative);
	assert_int_equal(m->n_sids, 2);
	assert_int_equal(m->perms[0], SMMUV3_MANIFEST_ATTR_READ | SMMUV3_MANIFEST_ATTR_WRITE);
	assert_int_equal(m->perms[1], SMMUV3_MANIFEST_ATTR_READ);
	assert_int_equal(m->device[0], 0);
	assert_int_equal(m->device[1], 0);
	m = &t.out.maps[1];
	assert_int_equal(m->owner, SPDEV);
	assert_true(m->relative);
	assert_int_equal(m->base, 0x100000);
	assert_int_equal(m->perms[0], SMMUV3_MANIFEST_ATTR_READ); /* from attributes */
	assert_int_equal(m->device[0], 1);
}

/* ---- Mutations: one per error path ------------------------------------------ */

#define DEL (-1)
#define CELL(x) ((x) >> 24 & 0xff), ((x) >> 16 & 0xff), ((x) >> 8 & 0xff), ((x) & 0xff)

struct mut {
	const char *node;
	const char *prop;
	int len;                 /* DEL: delete */
	uint8_t val[72];
	enum smmuv3_manifest_reason reason;
	const char *report_prop; /* NULL: same as prop */
};

static const char EA[] = "/stream-endpoints/dma-device-a";
static const char EB[] = "/stream-endpoints/dma-device-b";
static const char DC[] = "/device-regions/dma-c";
static const char MB[] = "/memory-regions/dma-buf";

static const struct mut muts[] = {
	{ EA, "sepid", DEL, { 0 }, SMMUV3_MANIFEST_MISSING, NULL },
	{ EA, "sepid", 0, { 0 }, SMMUV3_MANIFEST_EMPTY, NULL },
	{ EA, "sepid", 6, { 0, 0, 0, 1, 0, 0 }, SMMUV3_MANIFEST_ODD_LENGTH, NULL },
	{ EA, "sepid", 8, { CELL(1), CELL(2) }, SMMUV3_MANIFEST_OVERSIZED, NULL },
	{ EA, "sepid", 4, { CELL(0) }, SMMUV3_MANIFEST_ID_RANGE, NULL },
	{ EA, "sepid", 4, { CELL(0x10000) }, SMMUV3_MANIFEST_ID_RANGE, NULL },
	{ EA, "debug-name", 3, { 'a', 'b', 'c' }, SMMUV3_MANIFEST_UNTERMINATED, NULL },
	{ EA, "debug-name", 0, { 0 }, SMMUV3_MANIFEST_EMPTY, NULL },
	{ EA, "debug-name", 5, { 'a', 'b', 0, 'c', 0 }, SMMUV3_MANIFEST_BAD_STRING, NULL },
	{ EA, "stream-config", 7, { 's', 't', 'a', 'g', 'e', '3', 0 }, SMMUV3_MANIFEST_BAD_STRING, NULL },
	{ EA, "stream-config", 6, { 's', 't', 'a', 'g', 'e', '2' }, SMMUV3_MANIFEST_UNTERMINATED, NULL },
	{ EA, "smmu-id", DEL, { 0 }, SMMUV3_MANIFEST_MISSING, NULL },
	{ EA, "smmu-id", 4, { CELL(0xffffffffu) }, SMMUV3_MANIFEST_SMMU_ID_RANGE, NULL },
	{ EA, "smmu-id", 2, { 0, 0 }, SMMUV3_MANIFEST_ODD_LENGTH, NULL },
	{ EA, "stream-ids", DEL, { 0 }, SMMUV3_MANIFEST_MISSING, NULL },
	{ EA, "stream-ids", 0, { 0 }, SMMUV3_MANIFEST_EMPTY, NULL },
	{ EA, "stream-ids", 5, { 0 }, SMMUV3_MANIFEST_ODD_LENGTH, NULL },
	{ EA, "stream-ids", 68, { 0 }, SMMUV3_MANIFEST_OVERSIZED, NULL },
	{ EA, "stream-ids", 8, { CELL(7), CELL(7) }, SMMUV3_MANIFEST_SID_DUPLICATE, NULL },
	{ EA, "substream-bits", 4, { CELL(2) }, SMMUV3_MANIFEST_SSID_BITS, NULL },
	{ EB, "substream-bits", 4, { CELL(21) }, SMMUV3_MANIFEST_SSID_BITS, NULL },
	{ EB, "substream-ids", 4, { CELL(16) }, SMMUV3_MANIFEST_SSID_RANGE, NULL },
	{ EB, "substream-ids", 3, { 0 }, SMMUV3_MANIFEST_ODD_LENGTH, NULL },
	{ EA, "iova-window", 16, { CELL(0), CELL(0x1000), CELL(0), CELL(0x800) }, SMMUV3_MANIFEST_ALIGN, NULL },
	{ EA, "iova-window", 16, { CELL(0xffffffffu), CELL(0xfffff000u), CELL(0), CELL(0x2000) }, SMMUV3_MANIFEST_PAGES, NULL },
	{ EA, "iova-window", 16, { CELL(0), CELL(0x1000), CELL(0), CELL(0) }, SMMUV3_MANIFEST_PAGES, NULL },
	{ EA, "iova-window", 12, { 0 }, SMMUV3_MANIFEST_ODD_LENGTH, NULL },
	{ EA, "iova-window", 20, { 0 }, SMMUV3_MANIFEST_OVERSIZED, NULL },
	{ "/stream-endpoints", "compatible", 4, { 'f', 'o', 'o', 0 }, SMMUV3_MANIFEST_COMPATIBLE, NULL },
	{ "/stream-endpoints", "compatible", DEL, { 0 }, SMMUV3_MANIFEST_MISSING, NULL },
	{ "/stream-endpoints", "compatible", 3, { 'f', 'o', 'o' }, SMMUV3_MANIFEST_UNTERMINATED, NULL },
	{ "/device-regions", "compatible", 4, { 'f', 'o', 'o', 0 }, SMMUV3_MANIFEST_COMPATIBLE, NULL },
	{ "/", "id", DEL, { 0 }, SMMUV3_MANIFEST_MISSING, NULL },
	{ "/", "id", 4, { CELL(0) }, SMMUV3_MANIFEST_ID_RANGE, NULL },
	{ "/", "id", 4, { CELL(0x12345) }, SMMUV3_MANIFEST_ID_RANGE, NULL },
	{ "/", "stream-endpoint-ids", 12, { CELL(0xabc), CELL(0), CELL(1) }, SMMUV3_MANIFEST_UNSUPPORTED, NULL },
	{ "/", "xlat-granule", 4, { CELL(2) }, SMMUV3_MANIFEST_UNSUPPORTED, NULL },
	{ "/", "xlat-granule", 8, { CELL(0), CELL(0) }, SMMUV3_MANIFEST_OVERSIZED, NULL },
	{ DC, "smmu-id", DEL, { 0 }, SMMUV3_MANIFEST_SMMU_ID_MISSING, "smmu-id" },
	{ DC, "stream-ids", DEL, { 0 }, SMMUV3_MANIFEST_SIDS_MISSING, NULL },
	{ DC, "stream-ids", 8, { CELL(0x10), CELL(0x10) }, SMMUV3_MANIFEST_SID_DUPLICATE, NULL },
	{ MB, "stream-ids-access-permissions", 4, { CELL(3) }, SMMUV3_MANIFEST_PERM_COUNT, NULL },
	{ MB, "stream-ids-access-permissions", 8, { CELL(3), CELL(4) }, SMMUV3_MANIFEST_PERM_VALUE, NULL },
	{ MB, "stream-ids-access-permissions", 8, { CELL(3), CELL(0x11) }, SMMUV3_MANIFEST_PERM_VALUE, NULL },
	{ MB, "stream-ids-access-permissions", 8, { CELL(3), CELL(5) }, SMMUV3_MANIFEST_PERM_VALUE, NULL },
	{ MB, "stream-ids-access-permissions", 7, { 0 }, SMMUV3_MANIFEST_ODD_LENGTH, NULL },
	{ MB, "attributes", 4, { CELL(0x13) }, SMMUV3_MANIFEST_ATTR_VALUE, NULL },
	{ MB, "attributes", 4, { CELL(0x4) }, SMMUV3_MANIFEST_ATTR_VALUE, NULL },
	{ MB, "attributes", DEL, { 0 }, SMMUV3_MANIFEST_MISSING, NULL },
	{ MB, "pages-count", 4, { CELL(0) }, SMMUV3_MANIFEST_PAGES, NULL },
	{ MB, "pages-count", DEL, { 0 }, SMMUV3_MANIFEST_MISSING, NULL },
	{ MB, "base-address", 8, { CELL(0), CELL(0x7400800) }, SMMUV3_MANIFEST_ALIGN, NULL },
	{ MB, "base-address", 8, { CELL(0xffffffffu), CELL(0xfffff000u) }, SMMUV3_MANIFEST_PAGES, "pages-count" },
	{ MB, "base-address", 4, { CELL(0) }, SMMUV3_MANIFEST_ODD_LENGTH, NULL },
	{ MB, "base-address", DEL, { 0 }, SMMUV3_MANIFEST_MISSING, NULL },
	{ MB, "relative-address", 8, { CELL(0), CELL(0x1000) }, SMMUV3_MANIFEST_DUP_PROP, NULL },
	{ MB, "stream-ids", 8, { CELL(0x30), CELL(0x11) }, SMMUV3_MANIFEST_SID_UNOWNED, NULL },
	{ MB, "smmu-id", 4, { CELL(1) }, SMMUV3_MANIFEST_SID_UNOWNED, "stream-ids" },
};

/* A copy of the proxy manifest with one property set or deleted. */
static void mutate(uint64_t *buf, const struct mut *m)
{
	int node;

	assert_int_equal(fdt_open_into(proxy_dtb, buf, BUF), 0);
	node = fdt_path_offset(buf, m->node);
	assert_true(node >= 0);
	if (m->len == DEL)
		assert_int_equal(fdt_delprop(buf, node, m->prop), 0);
	else
		assert_int_equal(fdt_setprop(buf, node, m->prop, m->val, m->len), 0);
	assert_int_equal(fdt_pack(buf), 0);
}

static void test_mutations(void **state)
{
	static uint64_t buf[BUF / 8];
	bool seen[SMMUV3_MANIFEST_REASON_COUNT] = { false };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(muts) / sizeof(muts[0]); i++) {
		const struct mut *m = &muts[i];
		struct st t;
		int rc;

		mutate(buf, m);
		st_init(&t);
		rc = parse1(&t, buf, 0);
		if (t.rep.reason != m->reason)
			print_error("case %zu (%s %s): %s\n", i, m->node, m->prop,
				    smmuv3_manifest_reason_name(t.rep.reason));
		assert_int_equal(rc, SMMUV3_ERR_BADDESC);
		assert_int_equal(t.rep.reason, m->reason);
		assert_string_equal(t.rep.prop, m->report_prop ? m->report_prop : m->prop);
		assert_string_equal(t.rep.node, m->node);
		assert_int_equal(t.rep.node_offset, fdt_path_offset(buf, m->node));
		assert_int_equal(t.rep.blob, 0);
		/* Nothing half-made reaches the caller. */
		assert_int_equal(t.out.input.n_eps, 0);
		assert_null(t.out.input.eps);
		seen[m->reason] = true;
	}
	(void)seen;
}

/* The caller's ID against the manifest's, and two blobs of one partition. */
static void test_ids(void **state)
{
	struct st t;
	struct smmuv3_manifest_blob b[2] = { { proxy_dtb, BUF, 0 }, { device_dtb, BUF, SPAD } };

	(void)state;
	st_init(&t);
	assert_int_equal(parse1(&t, proxy_dtb, SPAD), 0);
	assert_int_equal(parse1(&t, proxy_dtb, 0x8005), SMMUV3_ERR_BADDESC);
	assert_int_equal(t.rep.reason, SMMUV3_MANIFEST_ID_MISMATCH);
	assert_string_equal(t.rep.prop, "id");
	assert_string_equal(t.rep.node, "/");
	/* No `id` and none given. */
	assert_int_equal(parse1(&t, device_dtb, 0), SMMUV3_ERR_BADDESC);
	assert_int_equal(t.rep.reason, SMMUV3_MANIFEST_MISSING);
	assert_string_equal(t.rep.prop, "id");
	assert_int_equal(smmuv3_manifest_parse(b, 2, &t.s, &t.out, &t.rep), SMMUV3_ERR_BADDESC);
	assert_int_equal(t.rep.reason, SMMUV3_MANIFEST_ID_DUPLICATE);
	assert_int_equal(t.rep.blob, 1);
}

/* ---- Blobs dtc would refuse: libfdt's sequential writer -------------------- */

static void sw_begin(void *buf)
{
	assert_int_equal(fdt_create(buf, BUF), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(fdt_property_u32(buf, "id", SPAD), 0);
}

static void sw_ep(void *buf, const char *name, uint32_t sepid, uint32_t sid)
{
	assert_int_equal(fdt_begin_node(buf, name), 0);
	assert_int_equal(fdt_property_u32(buf, "sepid", sepid), 0);
	assert_int_equal(fdt_property_u32(buf, "smmu-id", 0), 0);
	assert_int_equal(fdt_property_u32(buf, "stream-ids", sid), 0);
	assert_int_equal(fdt_end_node(buf), 0);
}

static void sw_end(void *buf)
{
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
}

static void sw_seps(void *buf)
{
	assert_int_equal(fdt_begin_node(buf, "stream-endpoints"), 0);
	assert_int_equal(fdt_property_string(buf, "compatible", SMMUV3_MANIFEST_SEP_COMPAT), 0);
}

static void expect(void *buf, enum smmuv3_manifest_reason why, const char *node, const char *prop)
{
	struct st t;

	st_init(&t);
	assert_int_equal(parse1(&t, buf, 0), SMMUV3_ERR_BADDESC);
	assert_int_equal(t.rep.reason, why);
	assert_string_equal(t.rep.node, node);
	assert_string_equal(t.rep.prop, prop);
}

static void test_duplicates(void **state)
{
	static uint64_t buf[BUF / 8];
	char name[16];
	unsigned int i;

	(void)state;
	/* Two children of one name. */
	sw_begin(buf);
	sw_seps(buf);
	sw_ep(buf, "a", 1, 1);
	sw_ep(buf, "a", 2, 2);
	assert_int_equal(fdt_end_node(buf), 0);
	sw_end(buf);
	expect(buf, SMMUV3_MANIFEST_DUP_NODE, "/stream-endpoints/a", "");

	/* Two stream-endpoints nodes (one with a unit address). */
	sw_begin(buf);
	sw_seps(buf);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_begin_node(buf, "stream-endpoints@1"), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	sw_end(buf);
	expect(buf, SMMUV3_MANIFEST_DUP_NODE, "/stream-endpoints@1", "");

	/* A property twice. */
	sw_begin(buf);
	sw_seps(buf);
	assert_int_equal(fdt_begin_node(buf, "a"), 0);
	assert_int_equal(fdt_property_u32(buf, "sepid", 1), 0);
	assert_int_equal(fdt_property_u32(buf, "sepid", 2), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	sw_end(buf);
	expect(buf, SMMUV3_MANIFEST_DUP_PROP, "/stream-endpoints/a", "sepid");

	/* A path longer than the report holds: the node's own name, cut. */
	{
		char longname[121];

		memset(longname, 'n', 120);
		longname[120] = '\0';
		sw_begin(buf);
		sw_seps(buf);
		assert_int_equal(fdt_begin_node(buf, longname), 0);
		assert_int_equal(fdt_end_node(buf), 0);
		assert_int_equal(fdt_end_node(buf), 0);
		sw_end(buf);
		longname[SMMUV3_MANIFEST_PATH_MAX - 1] = '\0';
		expect(buf, SMMUV3_MANIFEST_MISSING, longname, "sepid");
	}

	/* Too many properties on one node. */
	sw_begin(buf);
	sw_seps(buf);
	assert_int_equal(fdt_begin_node(buf, "a"), 0);
	for (i = 0; i < 65; i++) {
		snprintf(name, sizeof(name), "p%u", i);
		assert_int_equal(fdt_property_u32(buf, name, i), 0);
	}
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	sw_end(buf);
	expect(buf, SMMUV3_MANIFEST_TOO_MANY_PROPS, "/stream-endpoints/a", "");
}

/* More children than the cap, every one valid. */
static void test_too_many_children(void **state)
{
	static uint64_t buf[8 * BUF / 8];
	struct smmuv3_sepid_desc eps[1];
	struct smmuv3_sepid_region regions[1];
	struct smmuv3_manifest_dma_map maps[1];
	uint32_t words[1];
	uint16_t parts[1];
	struct smmuv3_manifest_storage s = { eps, 1, regions, 1, maps, 1, words, 1, parts, 1 };
	struct smmuv3_manifest_out out;
	struct smmuv3_manifest_report rep;
	struct smmuv3_manifest_blob b = { buf, sizeof(buf), 0 };
	char name[16];
	unsigned int i;

	(void)state;
	assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(fdt_property_u32(buf, "id", SPAD), 0);
	assert_int_equal(fdt_begin_node(buf, "device-regions"), 0);
	for (i = 0; i <= SMMUV3_MANIFEST_MAX_CHILDREN; i++) {
		snprintf(name, sizeof(name), "d%u", i);
		assert_int_equal(fdt_begin_node(buf, name), 0);
		assert_int_equal(fdt_end_node(buf), 0);
	}
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	assert_int_equal(smmuv3_manifest_parse(&b, 1, &s, &out, &rep), SMMUV3_ERR_BADDESC);
	assert_int_equal(rep.reason, SMMUV3_MANIFEST_TOO_MANY_NODES);
	assert_string_equal(rep.node, "/device-regions");
}

/* A blob smmuv3_fdt_check() refuses never reaches libfdt. */
static void test_fdt_refused(void **state)
{
	static uint64_t buf[BUF / 8];
	struct st t;

	(void)state;
	memcpy(buf, proxy_dtb, BUF);
	((uint8_t *)buf)[0] ^= 1; /* magic */
	st_init(&t);
	assert_int_equal(parse1(&t, buf, 0), SMMUV3_ERR_BADDESC);
	assert_int_equal(t.rep.reason, SMMUV3_MANIFEST_FDT);
	assert_int_equal(t.rep.fdt.reason, SMMUV3_FDT_MAGIC);
	assert_int_equal(t.rep.node_offset, -1);
	/* Shorter than its totalsize. */
	st_init(&t);
	{
		struct smmuv3_manifest_blob b = { proxy_dtb, 64, 0 };

		assert_int_equal(smmuv3_manifest_parse(&b, 1, &t.s, &t.out, &t.rep), SMMUV3_ERR_BADDESC);
		assert_int_equal(t.rep.fdt.reason, SMMUV3_FDT_TOTALSIZE);
	}
}

static void test_args_and_nospc(void **state)
{
	struct st t;
	struct smmuv3_manifest_blob b = { proxy_dtb, BUF, 0 }, nb = { NULL, BUF, 0 };
	struct {
		unsigned int *field;
		unsigned int value;
		const char *what;
	} lim[5];
	size_t i;

	(void)state;
	st_init(&t);
	assert_int_equal(smmuv3_manifest_parse(NULL, 1, &t.s, &t.out, &t.rep), SMMUV3_ERR_INVAL);
	assert_int_equal(t.rep.reason, SMMUV3_MANIFEST_ARG);
	assert_int_equal(smmuv3_manifest_parse(&b, 0, &t.s, &t.out, &t.rep), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_manifest_parse(&b, 1, NULL, &t.out, &t.rep), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_manifest_parse(&b, 1, &t.s, NULL, &t.rep), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_manifest_parse(&nb, 1, &t.s, &t.out, &t.rep), SMMUV3_ERR_INVAL);
	assert_int_equal(t.rep.reason, SMMUV3_MANIFEST_ARG);
	t.s.words = NULL;
	assert_int_equal(smmuv3_manifest_parse(&b, 1, &t.s, &t.out, NULL), SMMUV3_ERR_INVAL);

	/* Each array one too small for the two manifests: NOSPC naming it. */
	lim[0].what = "eps";
	lim[1].what = "regions";
	lim[2].what = "maps";
	lim[3].what = "words";
	lim[4].what = "partitions";
	for (i = 0; i < 5; i++) {
		st_init(&t);
		lim[0].field = &t.s.max_eps, lim[0].value = 1;
		lim[1].field = &t.s.max_regions, lim[1].value = 1;
		lim[2].field = &t.s.max_maps, lim[2].value = 1;
		/* The two manifests take 2 + 1 + 2 + 3 * 2 + 1 + 3 * 1 = 15 words. */
		lim[3].field = &t.s.max_words, lim[3].value = 14;
		lim[4].field = &t.s.max_partitions, lim[4].value = 1;
		*lim[i].field = lim[i].value;
		assert_int_equal(parse2(&t), SMMUV3_ERR_NOSPC);
		assert_int_equal(t.rep.reason, SMMUV3_MANIFEST_NOSPC);
		assert_string_equal(t.rep.prop, lim[i].what);
		assert_int_equal(t.out.n_maps, 0);
	}
	/* Exactly enough words. */
	st_init(&t);
	t.s.max_words = 15;
	assert_int_equal(parse2(&t), 0);
}

static void test_reason_names(void **state)
{
	unsigned int i, j;

	(void)state;
	for (i = 0; i < SMMUV3_MANIFEST_REASON_COUNT; i++) {
		const char *n = smmuv3_manifest_reason_name((enum smmuv3_manifest_reason)i);

		assert_true(strncmp(n, "SMMUV3_MANIFEST_", 16) == 0 && strcmp(n, "SMMUV3_MANIFEST_?"));
		for (j = 0; j < i; j++)
			assert_string_not_equal(n, smmuv3_manifest_reason_name((enum smmuv3_manifest_reason)j));
	}
	assert_string_equal(smmuv3_manifest_reason_name(SMMUV3_MANIFEST_REASON_COUNT), "SMMUV3_MANIFEST_?");
	assert_string_equal(smmuv3_manifest_reason_name((enum smmuv3_manifest_reason)-1), "SMMUV3_MANIFEST_?");
}

/* ---- The SPMC's flow: manifests -> registry -> retrieve -------------------- */

static void test_spmc_flow(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
	struct smmuv3 *smmus[1];
	struct smmuv3_sepid_ep eps[4];
	struct smmuv3_sepid_stream streams[16];
	struct smmuv3_sepid_handle handles[4];
	struct smmuv3_sepid_range ranges[8];
	struct smmuv3_sepid_storage rst = { eps, 4, streams, 16, handles, 4, ranges, 8 };
	struct smmuv3_sepid_registry reg;
	struct smmuv3_sepid_conflict conflict;
	struct smmuv3_phys_range cons[3] = {
		{ 0x80000000, 0x1000 }, { 0x80400000, 0x2000 }, { 0x80100000, 0x1000 },
	};
	struct smmuv3_sepid_retrieve req = { SMMUV3_PROT_READ | SMMUV3_PROT_WRITE, 0 };
	struct smmuv3_mock_xlate x;
	uint64_t iova = 0;
	uint16_t proxy = 0, sepid = 0;
	struct st t;

	(void)state;
	fixture_enable(f);
	f->mock->tlb_enabled = true;
	smmus[0] = &f->smmu;
	assert_int_equal(smmuv3_sepid_registry_init(&reg, smmus, 1, &rst), 0);

	st_init(&t);
	assert_int_equal(parse2(&t), 0);
	assert_int_equal(smmuv3_sepid_register(&reg, &t.out.input, &conflict), 0);

	assert_true(smmuv3_sepid_lookup(&reg, 0xabc, &proxy));
	assert_int_equal(proxy, SPAD);
	assert_true(smmuv3_sepid_lookup(&reg, 0xdef, &proxy));
	assert_false(smmuv3_sepid_lookup(&reg, SPDEV, NULL));
	assert_int_equal(smmuv3_sepid_owner_of(&reg, 0, 1, &sepid, &proxy), 0);
	assert_int_equal(sepid, 0xabc);

	/* Only the proxy named by the manifest retrieves for its SEPID. */
	assert_int_equal(smmuv3_sepid_retrieve(&reg, 0xabc, SPDEV, 7, cons, 3, &req, &iova),
			 SMMUV3_ERR_PERM);
	assert_int_equal(smmuv3_sepid_retrieve(&reg, 0xabc, SPAD, 7, cons, 3, &req, &iova), 0);
	/* Inside the manifest's iova-window, virtually contiguous. */
	assert_true(iova >= 0x40000000 && iova + 0x4000 <= 0x80000000);
	smmuv3_mock_translate(f->mock, 1, 0, false, iova + 0x1000, SMMUV3_MOCK_ACC_WRITE, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_XLATE_OK);
	assert_int_equal(x.pa, 0x80400000);
	smmuv3_mock_translate(f->mock, 0, 0, false, iova + 0x3000, 0, &x);
	assert_int_equal(x.status, SMMUV3_MOCK_XLATE_OK);
	assert_int_equal(x.pa, 0x80100000);
	assert_true(smmuv3_sepid_handle_held(&reg, 7, &sepid));
	assert_int_equal(smmuv3_sepid_relinquish(&reg, 0xabc, SPAD, 7), 0);
	smmuv3_mock_translate(f->mock, 1, 0, false, iova + 0x1000, SMMUV3_MOCK_ACC_WRITE, &x);
	assert_int_not_equal(x.status, SMMUV3_MOCK_XLATE_OK);

	/* A second copy of the same manifests clashes on every StreamID and
	 * SEPID: the registry names both claimants. */
	assert_int_equal(smmuv3_sepid_register(&reg, &t.out.input, &conflict), SMMUV3_ERR_EXISTS);

	assert_int_equal(smmuv3_sepid_registry_fini(&reg), 0);
	fixture_free(f);
}

/* A device region of one partition claiming a SEPID's StreamID: the
 * registry's cross-manifest check, reached through the parser. */
static void test_cross_manifest_clash(void **state)
{
	static uint64_t buf[BUF / 8];
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
	struct smmuv3 *smmus[1];
	struct smmuv3_sepid_ep eps[4];
	struct smmuv3_sepid_stream streams[16];
	struct smmuv3_sepid_handle handles[4];
	struct smmuv3_sepid_storage rst = { eps, 4, streams, 16, handles, 4, NULL, 0 };
	struct smmuv3_sepid_registry reg;
	struct smmuv3_sepid_conflict conflict;
	struct smmuv3_manifest_blob b[2] = { { proxy_dtb, BUF, 0 }, { buf, BUF, SPDEV } };
	static const uint8_t sid4[] = { CELL(4) };
	int node;
	struct st t;

	(void)state;
	fixture_enable(f);
	smmus[0] = &f->smmu;
	assert_int_equal(smmuv3_sepid_registry_init(&reg, smmus, 1, &rst), 0);
	assert_int_equal(fdt_open_into(device_dtb, buf, BUF), 0);
	node = fdt_path_offset(buf, "/device-regions/dma-d");
	assert_int_equal(fdt_setprop(buf, node, "stream-ids", sid4, 4), 0);
	node = fdt_path_offset(buf, "/memory-regions/table");
	assert_int_equal(fdt_setprop(buf, node, "stream-ids", sid4, 4), 0);
	st_init(&t);
	assert_int_equal(smmuv3_manifest_parse(b, 2, &t.s, &t.out, &t.rep), 0);
	assert_int_equal(smmuv3_sepid_register(&reg, &t.out.input, &conflict), SMMUV3_ERR_EXISTS);
	assert_int_equal(conflict.sid, 4);
	assert_int_equal(reg.n_eps, 0);
	assert_int_equal(smmuv3_sepid_registry_fini(&reg), 0);
	fixture_free(f);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_too_many_children),
		cmocka_unit_test(test_fdt_refused),
		cmocka_unit_test(test_args_and_nospc),
		cmocka_unit_test(test_reason_names),
		cmocka_unit_test(test_spmc_flow),
		cmocka_unit_test(test_cross_manifest_clash),
	};

	if (argc != 3) {
		fprintf(stderr, "usage: %s proxy.dtb device.dtb\n", argv[0]);
		return 2;
	}
	dtb_path[0] = argv[1];
	dtb_path[1] = argv[2];
	if (load(dtb_path[0], proxy_dtb) || load(dtb_path[1], device_dtb)) {
		fprintf(stderr, "cannot read %s or %s\n", dtb_path[0], dtb_path[1]);
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
