// SPDX-License-Identifier: BSD-3-Clause
/*
 * smmuv3_fdt_check(): arguments, limits at their exact edges, reason
 * names, and termination on every word of a tree overwritten with the
 * values that make libfdt 1.6.1 stand still. The per-reason blobs and the
 * libfdt reproducers are files, replayed by the fdt-corpus test.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include <smmuv3/fdt.h>

#define HDR 40u
#define RSV 16u

/* A blob under construction: header, empty reservation map, structure. */
struct fdt_build {
	uint8_t *b;
	uint32_t n;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void word(struct fdt_build *f, uint32_t v)
{
	put32(f->b + f->n, v);
	f->n += 4;
}

static void build_start(struct fdt_build *f, size_t cap)
{
	/* calloc: 16-byte aligned, zeroed, so names are NUL-padded. */
	f->b = calloc(1, cap);
	assert_non_null(f->b);
	f->n = HDR + RSV;
	word(f, 1); /* root: BEGIN_NODE "" */
	word(f, 0);
}

/* Closes the root, appends the strings block "a\0" and fills the header. */
static uint32_t build_finish(struct fdt_build *f)
{
	uint32_t struct_size;

	word(f, 2);
	word(f, 9);
	struct_size = f->n - HDR - RSV;
	memcpy(f->b + f->n, "a", 2);
	f->n += 2;
	put32(f->b + 0, 0xd00dfeedu);
	put32(f->b + 4, f->n);
	put32(f->b + 8, HDR + RSV);
	put32(f->b + 12, HDR + RSV + struct_size);
	put32(f->b + 16, HDR);
	put32(f->b + 20, 17);
	put32(f->b + 24, 16);
	put32(f->b + 32, 2);
	put32(f->b + 36, struct_size);
	return f->n;
}

static void subnode(struct fdt_build *f)
{
	word(f, 1);
	word(f, 0x6e000000u); /* "n" */
	word(f, 2);
}

static void prop_a(struct fdt_build *f, uint32_t len)
{
	word(f, 3);
	word(f, len);
	word(f, 0); /* name offset of "a" */
	word(f, 0x12345678u);
}

static void check_arguments(void **state)
{
	struct smmuv3_fdt_report rep;
	uint64_t aligned[8] = { 0 };
	struct fdt_build f;
	uint32_t size;

	(void)state;
	assert_int_equal(smmuv3_fdt_check(NULL, 100, &rep), SMMUV3_ERR_INVAL);
	assert_int_equal(rep.reason, SMMUV3_FDT_NULL);
	assert_int_equal(smmuv3_fdt_check((uint8_t *)aligned + 4, 40, &rep), SMMUV3_ERR_ALIGN);
	assert_int_equal(rep.reason, SMMUV3_FDT_BLOB_ALIGN);
	assert_int_equal(smmuv3_fdt_check(aligned, 39, &rep), SMMUV3_ERR_BADDESC);
	assert_int_equal(rep.reason, SMMUV3_FDT_SHORT);

	build_start(&f, 256);
	prop_a(&f, 4);
	size = build_finish(&f);
	assert_int_equal(smmuv3_fdt_check(f.b, size, NULL), 0);
	assert_int_equal(smmuv3_fdt_check(f.b, size, &rep), 0);
	assert_int_equal(rep.reason, SMMUV3_FDT_OK);
	assert_int_equal(rep.nodes, 1);
	assert_int_equal(rep.max_depth, 1);
	assert_int_equal(rep.totalsize, size);
	/* More buffer than totalsize is fine; less is not. */
	assert_int_equal(smmuv3_fdt_check(f.b, 256, &rep), 0);
	assert_int_equal(smmuv3_fdt_check(f.b, size - 1, &rep), SMMUV3_ERR_BADDESC);
	assert_int_equal(rep.reason, SMMUV3_FDT_TOTALSIZE);
	free(f.b);
}

/* The libfdt 1.6.1 stand-still, found at the PROP tag that carries it. */
static void wrapping_prop_len_is_refused_where_it_is(void **state)
{
	static const uint32_t lens[] = { 0xfffffff4u, 0xfffffff0u, 0xfffffff8u, 0xffffffffu, 0x80000000u, 0x100u };
	struct smmuv3_fdt_report rep;
	struct fdt_build f;
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint32_t size;

		build_start(&f, 256);
		prop_a(&f, lens[i]);
		size = build_finish(&f);
		assert_int_equal(smmuv3_fdt_check(f.b, size, &rep), SMMUV3_ERR_BADDESC);
		assert_int_equal(rep.reason, SMMUV3_FDT_PROP_LEN);
		assert_int_equal(rep.offset, HDR + RSV + 8);
		free(f.b);
	}
}

static void node_limit_is_exact(void **state)
{
	struct smmuv3_fdt_report rep;
	struct fdt_build f;
	uint32_t size, i;

	(void)state;
	build_start(&f, 16 * SMMUV3_FDT_MAX_NODES);
	for (i = 1; i < SMMUV3_FDT_MAX_NODES; i++)
		subnode(&f);
	size = build_finish(&f);
	assert_int_equal(smmuv3_fdt_check(f.b, size, &rep), 0);
	assert_int_equal(rep.nodes, SMMUV3_FDT_MAX_NODES);
	assert_int_equal(rep.max_depth, 2);
	free(f.b);

	build_start(&f, 16 * SMMUV3_FDT_MAX_NODES + 64);
	for (i = 0; i < SMMUV3_FDT_MAX_NODES; i++)
		subnode(&f);
	size = build_finish(&f);
	assert_int_equal(smmuv3_fdt_check(f.b, size, &rep), SMMUV3_ERR_BADDESC);
	assert_int_equal(rep.reason, SMMUV3_FDT_NODES);
	assert_int_equal(rep.nodes, SMMUV3_FDT_MAX_NODES);
	free(f.b);
}

/*
 * Every word of a small tree overwritten with tags, zero, and lengths that
 * wrap: each variant ends (the test would hang otherwise) with 0 or
 * SMMUV3_ERR_BADDESC and a reason that matches.
 */
static void every_word_overwritten_ends(void **state)
{
	static const uint32_t vals[] = { 0, 1, 2, 3, 4, 9, 0xfffffff4u, 0xfffffff0u, 0xffffffffu, 0x11u, 0x7fffffffu };
	struct smmuv3_fdt_report rep;
	struct fdt_build f;
	uint32_t size, at;
	unsigned v, accepted = 0;
	uint8_t *copy;

	(void)state;
	build_start(&f, 256);
	prop_a(&f, 4);
	subnode(&f);
	word(&f, 4);
	size = build_finish(&f);
	copy = malloc(256);
	assert_non_null(copy);
	for (at = 0; at + 4 <= size; at += 4) {
		for (v = 0; v < sizeof(vals) / sizeof(vals[0]); v++) {
			int err;

			memcpy(copy, f.b, 256);
			put32(copy + at, vals[v]);
			err = smmuv3_fdt_check(copy, 256, &rep);
			assert_true(err == 0 || err == SMMUV3_ERR_BADDESC);
			assert_int_equal(err == 0, rep.reason == SMMUV3_FDT_OK);
			accepted += !err;
		}
	}
	/* Some overwrites are harmless (NOP for NOP, a value word): not all refused. */
	assert_true(accepted > 0);
	free(copy);
	free(f.b);
}

/* A node named by @p name (at most 11 bytes) holding property "a". */
static void node_with_prop(struct fdt_build *f, const char *name, uint32_t value)
{
	word(f, 1);
	memcpy(f->b + f->n, name, strlen(name));
	f->n += (uint32_t)(strlen(name) + 4) & ~3u; /* name, NUL, padding */
	word(f, 3);
	word(f, 4);
	word(f, 0);
	word(f, value);
	word(f, 2);
}

/* /aliases values must be absolute paths; other nodes' values are free. */
static void alias_values_are_paths(void **state)
{
	static const struct {
		const char *node;
		uint32_t value;
		enum smmuv3_fdt_reason want;
	} cases[] = {
		{ "aliases", 0x2f610000u, SMMUV3_FDT_OK },      /* "/a" */
		{ "aliases", 0x61000000u, SMMUV3_FDT_ALIAS },   /* "a": an alias again */
		{ "aliases", 0x2f612f61u, SMMUV3_FDT_ALIAS },   /* "/a/a", no NUL */
		/* libfdt finds "aliases@1" when it looks up "aliases". */
		{ "aliases@1", 0x61000000u, SMMUV3_FDT_ALIAS },
		{ "aliasesx", 0x61000000u, SMMUV3_FDT_OK },
	};
	struct smmuv3_fdt_report rep;
	struct fdt_build f;
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t size;

		build_start(&f, 256);
		node_with_prop(&f, cases[i].node, cases[i].value);
		size = build_finish(&f);
		assert_int_equal(smmuv3_fdt_check(f.b, size, &rep),
				 cases[i].want ? SMMUV3_ERR_BADDESC : 0);
		assert_int_equal(rep.reason, cases[i].want);
		free(f.b);
	}
}

static void reason_names_are_distinct(void **state)
{
	int r, o;

	(void)state;
	for (r = 0; r < SMMUV3_FDT_REASON_COUNT; r++) {
		const char *name = smmuv3_fdt_reason_name((enum smmuv3_fdt_reason)r);

		assert_int_equal(strncmp(name, "SMMUV3_FDT_", 11), 0);
		assert_string_not_equal(name, "SMMUV3_FDT_?");
		for (o = 0; o < r; o++)
			assert_string_not_equal(name, smmuv3_fdt_reason_name((enum smmuv3_fdt_reason)o));
	}
	assert_string_equal(smmuv3_fdt_reason_name(SMMUV3_FDT_PROP_LEN), "SMMUV3_FDT_PROP_LEN");
	assert_string_equal(smmuv3_fdt_reason_name(SMMUV3_FDT_REASON_COUNT), "SMMUV3_FDT_?");
	assert_string_equal(smmuv3_fdt_reason_name((enum smmuv3_fdt_reason)-1), "SMMUV3_FDT_?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_arguments),
		cmocka_unit_test(wrapping_prop_len_is_refused_where_it_is),
		cmocka_unit_test(node_limit_is_exact),
		cmocka_unit_test(every_word_overwritten_ends),
		cmocka_unit_test(alias_values_are_paths),
		cmocka_unit_test(reason_names_are_distinct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
