// SPDX-License-Identifier: BSD-3-Clause
/*
 * Structural check of an untrusted device tree blob, before libfdt walks
 * it (docs/device-tree.md). Independent of libfdt on purpose: the point is
 * to hold whichever libfdt the integrator links, including 1.6.1, whose
 * fdt_next_tag() lets a property length of 0xfffffff4 bring the walk back
 * to the tag it started from. Every step here advances the offset by at
 * least one tag and every length is compared with what is left of its
 * block before it is added, so nothing wraps and the walk ends.
 */
#include <smmuv3/errors.h>
#include <smmuv3/fdt.h>

#include <stdbool.h>

/* The version 17 header: ten big-endian 32-bit fields. */
#define HDR_MAGIC 0u
#define HDR_TOTALSIZE 4u
#define HDR_OFF_STRUCT 8u
#define HDR_OFF_STRINGS 12u
#define HDR_OFF_RSVMAP 16u
#define HDR_VERSION 20u
#define HDR_LAST_COMP 24u
#define HDR_SIZE_STRINGS 32u
#define HDR_SIZE_STRUCT 36u
#define HDR_SIZE 40u
_Static_assert(HDR_SIZE == 10 * sizeof(uint32_t) && HDR_SIZE_STRUCT + 4 == HDR_SIZE,
	       "the header is ten 32-bit fields");

#define FDT_MAGIC_VALUE 0xd00dfeedu
#define FDT_VERSION_CHECKED 17u

#define TAG_BEGIN_NODE 1u
#define TAG_END_NODE 2u
#define TAG_PROP 3u
#define TAG_NOP 4u
#define TAG_END 9u

#define TAG_SIZE 4u
/* A PROP tag is followed by its length and its name offset. */
#define PROP_HDR_SIZE 12u
#define RSV_ENTRY_SIZE 16u

struct fdt_walk {
	const uint8_t *b;
	uint32_t total;
	uint32_t struct_off, struct_size;
	uint32_t strings_off, strings_size;
	struct smmuv3_fdt_report rep;
	/* Walk state: offsets are relative to the structure block. */
	uint32_t depth;
	bool root_seen, root_closed, child_seen;
	bool in_aliases; /* the current node is /aliases */
};

/* The blob may sit at any 8-byte boundary; bytes keep -mstrict-align happy. */
static uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int refuse(struct fdt_walk *w, enum smmuv3_fdt_reason why, uint32_t at)
{
	w->rep.reason = why;
	w->rep.offset = at;
	return SMMUV3_ERR_BADDESC;
}

/* [off, off + size) inside [HDR_SIZE, total), computed without wrapping. */
static bool block_fits(uint32_t off, uint32_t size, uint32_t total)
{
	return off >= HDR_SIZE && off <= total && size <= total - off;
}

static bool overlap(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

static int check_header(struct fdt_walk *w, size_t size)
{
	uint32_t version = be32_at(w->b + HDR_VERSION);
	uint32_t last_comp = be32_at(w->b + HDR_LAST_COMP);

	if (be32_at(w->b + HDR_MAGIC) != FDT_MAGIC_VALUE)
		return refuse(w, SMMUV3_FDT_MAGIC, HDR_MAGIC);
	/* Only 17 has size_dt_struct, which bounds libfdt's walk. */
	if (version < FDT_VERSION_CHECKED || last_comp > FDT_VERSION_CHECKED || last_comp > version)
		return refuse(w, SMMUV3_FDT_VERSION, HDR_VERSION);
	w->total = be32_at(w->b + HDR_TOTALSIZE);
	w->rep.totalsize = w->total;
	if (w->total < HDR_SIZE || w->total > size || w->total > SMMUV3_FDT_MAX_SIZE)
		return refuse(w, SMMUV3_FDT_TOTALSIZE, HDR_TOTALSIZE);
	w->struct_off = be32_at(w->b + HDR_OFF_STRUCT);
	w->struct_size = be32_at(w->b + HDR_SIZE_STRUCT);
	w->strings_off = be32_at(w->b + HDR_OFF_STRINGS);
	w->strings_size = be32_at(w->b + HDR_SIZE_STRINGS);
	if (w->struct_off % TAG_SIZE || w->struct_size % TAG_SIZE)
		return refuse(w, SMMUV3_FDT_STRUCT_ALIGN, HDR_OFF_STRUCT);
	if (!block_fits(w->struct_off, w->struct_size, w->total))
		return refuse(w, SMMUV3_FDT_STRUCT_RANGE, HDR_OFF_STRUCT);
	if (!block_fits(w->strings_off, w->strings_size, w->total))
		return refuse(w, SMMUV3_FDT_STRINGS_RANGE, HDR_OFF_STRINGS);
	if (overlap(w->struct_off, w->struct_size, w->strings_off, w->strings_size))
		return refuse(w, SMMUV3_FDT_OVERLAP, HDR_OFF_STRINGS);
	return 0;
}

/* Entries up to the all-zero one, inside totalsize and clear of the blocks. */
static int check_rsvmap(struct fdt_walk *w)
{
	uint32_t off = be32_at(w->b + HDR_OFF_RSVMAP), at = off;
	uint32_t k;
	bool zero = false;

	if (off % 8u)
		return refuse(w, SMMUV3_FDT_RSVMAP_ALIGN, HDR_OFF_RSVMAP);
	if (!block_fits(off, 0, w->total))
		return refuse(w, SMMUV3_FDT_RSVMAP_RANGE, HDR_OFF_RSVMAP);
	while (!zero) {
		if (RSV_ENTRY_SIZE > w->total - at)
			return refuse(w, SMMUV3_FDT_RSVMAP_RANGE, at);
		zero = true;
		for (k = 0; k < RSV_ENTRY_SIZE; k++)
			zero = zero && !w->b[at + k];
		at += RSV_ENTRY_SIZE;
	}
	if (overlap(off, at - off, w->struct_off, w->struct_size) ||
	    overlap(off, at - off, w->strings_off, w->strings_size))
		return refuse(w, SMMUV3_FDT_OVERLAP, HDR_OFF_RSVMAP);
	return 0;
}

static uint32_t tag_align(uint32_t off)
{
	return (off + TAG_SIZE - 1u) & ~(TAG_SIZE - 1u);
}

/* Length of the NUL-terminated string at p, or max when none within max. */
static uint32_t bounded_strlen(const uint8_t *p, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && p[n])
		n++;
	return n;
}

/*
 * The node name of @p len bytes at @p p is what libfdt's lookup of @p want
 * finds: @p want itself, or @p want with a unit address ("aliases@0" is
 * found as "aliases"). memcmp is not ours to use.
 */
static bool name_is(const uint8_t *p, uint32_t len, const char *want)
{
	uint32_t i;

	for (i = 0; i < len && want[i]; i++)
		if (p[i] != (uint8_t)want[i])
			return false;
	return !want[i] && (i == len || p[i] == '@');
}

static int walk_begin_node(struct fdt_walk *w, uint32_t off, uint32_t *next)
{
	uint32_t name_at = off + TAG_SIZE, left = w->struct_size - name_at;
	uint32_t len = bounded_strlen(w->b + w->struct_off + name_at, left);
	uint32_t abs = w->struct_off + off;

	if (len == left)
		return refuse(w, SMMUV3_FDT_NAME_UNTERMINATED, abs);
	if (w->root_closed)
		return refuse(w, SMMUV3_FDT_SECOND_ROOT, abs);
	if (!w->root_seen && len)
		return refuse(w, SMMUV3_FDT_ROOT_NAME, abs);
	if (w->root_seen && !len)
		return refuse(w, SMMUV3_FDT_NAME_EMPTY, abs);
	if (w->depth >= SMMUV3_FDT_MAX_DEPTH)
		return refuse(w, SMMUV3_FDT_DEPTH, abs);
	if (w->rep.nodes >= SMMUV3_FDT_MAX_NODES)
		return refuse(w, SMMUV3_FDT_NODES, abs);
	/* Depth 1 is the root: /aliases is a node at depth 2. */
	w->in_aliases = w->depth == 1 &&
			name_is(w->b + w->struct_off + name_at, len, "aliases");
	w->root_seen = true;
	w->child_seen = false;
	w->rep.nodes++;
	if (++w->depth > w->rep.max_depth)
		w->rep.max_depth = w->depth;
	*next = tag_align(name_at + len + 1u);
	return 0;
}

static int walk_end_node(struct fdt_walk *w, uint32_t off, uint32_t *next)
{
	if (!w->depth)
		return refuse(w, SMMUV3_FDT_END_NODE_UNBALANCED, w->struct_off + off);
	/* Back in the parent, which has had a subnode now. */
	w->child_seen = true;
	w->in_aliases = false;
	w->root_closed = --w->depth == 0;
	*next = off + TAG_SIZE;
	return 0;
}

/*
 * An alias is a full path: "/" first, NUL last. libfdt 1.6.1 resolves a
 * non-absolute alias value as a path again, through the aliases, so one
 * naming itself recurses until the stack overflows (fixed in 1.7.1).
 */
static bool alias_ok(const uint8_t *value, uint32_t len)
{
	return len >= 2 && value[0] == '/' && !value[len - 1];
}

static int walk_prop(struct fdt_walk *w, uint32_t off, uint32_t *next)
{
	const uint8_t *p = w->b + w->struct_off + off;
	uint32_t abs = w->struct_off + off, len, nameoff, left, namelen;

	if (!w->depth)
		return refuse(w, SMMUV3_FDT_PROP_OUTSIDE_NODE, abs);
	if (w->child_seen)
		return refuse(w, SMMUV3_FDT_PROP_AFTER_SUBNODE, abs);
	if (PROP_HDR_SIZE > w->struct_size - off)
		return refuse(w, SMMUV3_FDT_TRUNCATED, abs);
	len = be32_at(p + 4);
	nameoff = be32_at(p + 8);
	/* Compared with what is left, never added first: no wrap-around. */
	if (len > w->struct_size - off - PROP_HDR_SIZE)
		return refuse(w, SMMUV3_FDT_PROP_LEN, abs);
	if (nameoff >= w->strings_size)
		return refuse(w, SMMUV3_FDT_PROP_NAMEOFF, abs);
	left = w->strings_size - nameoff;
	namelen = bounded_strlen(w->b + w->strings_off + nameoff, left);
	if (!namelen || namelen == left)
		return refuse(w, SMMUV3_FDT_PROP_NAME, abs);
	if (w->in_aliases && !alias_ok(p + PROP_HDR_SIZE, len))
		return refuse(w, SMMUV3_FDT_ALIAS, abs);
	*next = tag_align(off + PROP_HDR_SIZE + len);
	return 0;
}

/* After END: nothing may follow, and the tree must be complete. */
static int walk_end(struct fdt_walk *w, uint32_t off)
{
	uint32_t abs = w->struct_off + off;

	if (w->depth)
		return refuse(w, SMMUV3_FDT_END_IN_NODE, abs);
	if (!w->root_seen)
		return refuse(w, SMMUV3_FDT_NO_ROOT, abs);
	if (off + TAG_SIZE != w->struct_size)
		return refuse(w, SMMUV3_FDT_DATA_AFTER_END, abs + TAG_SIZE);
	return 0;
}

static int walk_struct(struct fdt_walk *w)
{
	uint32_t off = 0, next = 0, tag;
	int err;

	while (off < w->struct_size) {
		/* struct_size and off are multiples of 4: a whole tag is there. */
		tag = be32_at(w->b + w->struct_off + off);
		switch (tag) {
		case TAG_BEGIN_NODE:
			err = walk_begin_node(w, off, &next);
			break;
		case TAG_END_NODE:
			err = walk_end_node(w, off, &next);
			break;
		case TAG_PROP:
			err = walk_prop(w, off, &next);
			break;
		case TAG_NOP:
			err = 0;
			next = off + TAG_SIZE;
			break;
		case TAG_END:
			return walk_end(w, off);
		default:
			return refuse(w, SMMUV3_FDT_BAD_TAG, w->struct_off + off);
		}
		if (err)
			return err;
		/* Each case moved on by at least one tag; this is the proof. */
		if (next <= off)
			return refuse(w, SMMUV3_FDT_TRUNCATED, w->struct_off + off);
		off = next;
	}
	return refuse(w, SMMUV3_FDT_NO_END, w->struct_off + w->struct_size);
}

int smmuv3_fdt_check(const void *blob, size_t size, struct smmuv3_fdt_report *report)
{
	struct fdt_walk w = { .b = blob };
	int err;

	if (!blob) {
		err = SMMUV3_ERR_INVAL;
		w.rep.reason = SMMUV3_FDT_NULL;
	} else if ((uintptr_t)blob % 8u) {
		err = SMMUV3_ERR_ALIGN;
		w.rep.reason = SMMUV3_FDT_BLOB_ALIGN;
	} else if (size < HDR_SIZE) {
		err = refuse(&w, SMMUV3_FDT_SHORT, 0);
	} else {
		err = check_header(&w, size);
		if (!err)
			err = check_rsvmap(&w);
		if (!err)
			err = walk_struct(&w);
	}
	if (report)
		*report = w.rep;
	return err;
}

#define REASON(r) [SMMUV3_FDT_##r] = "SMMUV3_FDT_" #r

static const char *const reason_names[SMMUV3_FDT_REASON_COUNT] = {
	REASON(OK), REASON(NULL), REASON(BLOB_ALIGN), REASON(SHORT), REASON(MAGIC),
	REASON(VERSION), REASON(TOTALSIZE), REASON(RSVMAP_ALIGN), REASON(RSVMAP_RANGE),
	REASON(STRUCT_ALIGN), REASON(STRUCT_RANGE), REASON(STRINGS_RANGE), REASON(OVERLAP),
	REASON(TRUNCATED), REASON(BAD_TAG), REASON(NAME_UNTERMINATED), REASON(ROOT_NAME),
	REASON(NAME_EMPTY), REASON(PROP_OUTSIDE_NODE), REASON(PROP_AFTER_SUBNODE),
	REASON(PROP_LEN), REASON(PROP_NAMEOFF), REASON(PROP_NAME),
	REASON(END_NODE_UNBALANCED), REASON(SECOND_ROOT), REASON(DEPTH), REASON(NODES),
	REASON(END_IN_NODE), REASON(NO_ROOT), REASON(NO_END), REASON(DATA_AFTER_END),
	REASON(ALIAS),
};

const char *smmuv3_fdt_reason_name(enum smmuv3_fdt_reason reason)
{
	if ((unsigned)reason >= SMMUV3_FDT_REASON_COUNT || !reason_names[reason])
		return "SMMUV3_FDT_?";
	return reason_names[reason];
}
