/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file fdt.h
 * @brief Structural check of an untrusted flattened device tree (DTB),
 *        to run before any libfdt walk over it.
 *
 * libfdt trusts the structure block it walks more than hostile input
 * allows: Debian 12's libfdt 1.6.1 loops for ever on a property whose
 * length wraps the walk back onto itself (docs/device-tree.md). This
 * check is written here, depends on no libfdt, and walks the blob with
 * offsets that strictly advance, so it ends on every input in time linear
 * in @c size. A blob it accepts can be walked by libfdt 1.6.1 and later
 * without looping: every tag advances, every node and property lies inside
 * the structure block, every property name inside the strings block, and
 * fdt_path_offset() cannot recurse through an alias.
 *
 * It checks structure only: what a property says (addresses, cell counts,
 * phandles) is the caller's to validate.
 */
#ifndef SMMUV3_FDT_H
#define SMMUV3_FDT_H

#include <stddef.h>
#include <stdint.h>

/** Deepest node nesting accepted (the root is depth 1). */
#define SMMUV3_FDT_MAX_DEPTH 64u
/** Most nodes accepted, root included. Bounds the cost of the repeated
 *  whole-tree walks libfdt's lookups make (each is linear in the tree). */
#define SMMUV3_FDT_MAX_NODES 8192u
/** Largest totalsize accepted: libfdt's offsets are ints. */
#define SMMUV3_FDT_MAX_SIZE 0x7fffffffu

/**
 * Why smmuv3_fdt_check() refused a blob: one value per malformation, so a
 * test or a log line can tell them apart. The function's return value is
 * the coarser SMMUV3_ERR_* code.
 */
enum smmuv3_fdt_reason {
	SMMUV3_FDT_OK = 0,             /**< the blob passed every check */
	SMMUV3_FDT_NULL,               /**< blob pointer is NULL */
	SMMUV3_FDT_BLOB_ALIGN,         /**< blob not 8-byte aligned (libfdt needs it) */
	SMMUV3_FDT_SHORT,              /**< buffer smaller than the version 17 header */
	SMMUV3_FDT_MAGIC,              /**< magic is not 0xd00dfeed */
	SMMUV3_FDT_VERSION,            /**< version below 17, or last_comp_version above 17 or above version */
	SMMUV3_FDT_TOTALSIZE,          /**< totalsize smaller than the header, larger than the buffer or than SMMUV3_FDT_MAX_SIZE */
	SMMUV3_FDT_RSVMAP_ALIGN,       /**< off_mem_rsvmap not 8-byte aligned */
	SMMUV3_FDT_RSVMAP_RANGE,       /**< memory reservation map starts or runs outside totalsize, or has no terminating entry */
	SMMUV3_FDT_STRUCT_ALIGN,       /**< off_dt_struct or size_dt_struct not 4-byte aligned */
	SMMUV3_FDT_STRUCT_RANGE,       /**< structure block outside totalsize (or inside the header) */
	SMMUV3_FDT_STRINGS_RANGE,      /**< strings block outside totalsize (or inside the header) */
	SMMUV3_FDT_OVERLAP,            /**< two of the reservation map, structure and strings blocks overlap */
	SMMUV3_FDT_TRUNCATED,          /**< a tag, node name or property header runs past the structure block */
	SMMUV3_FDT_BAD_TAG,            /**< a tag that is none of BEGIN_NODE, END_NODE, PROP, NOP, END */
	SMMUV3_FDT_NAME_UNTERMINATED,  /**< a node name has no NUL inside the structure block */
	SMMUV3_FDT_ROOT_NAME,          /**< the root node has a name */
	SMMUV3_FDT_NAME_EMPTY,         /**< a node other than the root has an empty name */
	SMMUV3_FDT_PROP_OUTSIDE_NODE,  /**< a property before the root node or after it closed */
	SMMUV3_FDT_PROP_AFTER_SUBNODE, /**< a property after a subnode of its node (libfdt would not see it) */
	SMMUV3_FDT_PROP_LEN,           /**< a property's value runs past the structure block (or its length wraps: the libfdt 1.6.1 hang) */
	SMMUV3_FDT_PROP_NAMEOFF,       /**< a property's name offset lies outside the strings block */
	SMMUV3_FDT_PROP_NAME,          /**< a property name is empty or has no NUL inside the strings block */
	SMMUV3_FDT_END_NODE_UNBALANCED,/**< END_NODE with no node open */
	SMMUV3_FDT_SECOND_ROOT,        /**< a node after the root node closed */
	SMMUV3_FDT_DEPTH,              /**< nesting deeper than SMMUV3_FDT_MAX_DEPTH */
	SMMUV3_FDT_NODES,              /**< more nodes than SMMUV3_FDT_MAX_NODES */
	SMMUV3_FDT_END_IN_NODE,        /**< END while a node is still open */
	SMMUV3_FDT_NO_ROOT,            /**< END before any node */
	SMMUV3_FDT_NO_END,             /**< the structure block ends without an END tag */
	SMMUV3_FDT_DATA_AFTER_END,     /**< the structure block goes on after the END tag */
	SMMUV3_FDT_ALIAS,              /**< a property of /aliases (or /aliases@...) is not an absolute, NUL-terminated path (libfdt 1.6.1 recurses without end on an alias naming itself) */
	SMMUV3_FDT_REASON_COUNT        /**< number of reasons; not a reason */
};

/** What smmuv3_fdt_check() found; filled on success and on failure. */
struct smmuv3_fdt_report {
	enum smmuv3_fdt_reason reason; /**< SMMUV3_FDT_OK or why the blob was refused */
	uint32_t offset;     /**< byte offset in the blob of the faulty header field or tag */
	uint32_t totalsize;  /**< the header's totalsize (0 if the header was not read) */
	uint32_t nodes;      /**< nodes seen up to the fault (all of them on success) */
	uint32_t max_depth;  /**< deepest nesting seen (the root is 1) */
};

/**
 * @brief Check that a device tree blob is well formed enough for libfdt to
 *        walk without looping or reading outside it.
 *
 * Checks the header (magic, version 17, sizes and block offsets inside
 * totalsize and inside @p size, alignment, no overlap), the memory
 * reservation map's terminator, and walks the structure block itself:
 * known tags only, BEGIN_NODE/END_NODE balanced around a single nameless
 * root, node names NUL-terminated and non-empty, properties only inside a
 * node and before its subnodes, each property's value inside the
 * structure block and its name inside the strings block, nesting at most
 * SMMUV3_FDT_MAX_DEPTH, at most SMMUV3_FDT_MAX_NODES nodes, exactly
 * one END tag, last, and every property of /aliases an absolute,
 * NUL-terminated path (what fdt_path_offset() resolves an alias to). Reads only the first min(@p size, totalsize) bytes
 * and runs in time linear in them. Touches no state.
 *
 * @param blob the blob, 8-byte aligned (libfdt's requirement).
 * @param size bytes readable at @p blob; totalsize must not exceed it.
 * @param report if not NULL, receives the reason and where it lies.
 * @return 0 if the blob is well formed; SMMUV3_ERR_INVAL for a NULL
 *         @p blob; SMMUV3_ERR_ALIGN for a misaligned @p blob;
 *         SMMUV3_ERR_BADDESC for any malformation of the blob itself
 *         (@p report tells which).
 */
int smmuv3_fdt_check(const void *blob, size_t size, struct smmuv3_fdt_report *report);

/**
 * @brief Symbolic name of a check reason ("SMMUV3_FDT_PROP_LEN").
 * @param reason a value of enum smmuv3_fdt_reason.
 * @return a constant string; "SMMUV3_FDT_?" for values out of range.
 */
const char *smmuv3_fdt_reason_name(enum smmuv3_fdt_reason reason);

#endif /* SMMUV3_FDT_H */
