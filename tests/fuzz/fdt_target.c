// SPDX-License-Identifier: BSD-3-Clause
#include "fdt_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if FDT_TARGET_LIBFDT
#include <libfdt.h>
#include <bm/bm.h>

/* Stop a walk that does not end within @p max steps. */
static void step(unsigned long *steps, unsigned long max, const char *what)
{
	if (++*steps > max) {
		fprintf(stderr, "fdt target: %s does not end (more than %lu steps)\n", what, max);
		abort();
	}
}

/* Every node by fdt_next_node(), and every property of each. */
static void libfdt_walk(const void *fdt, unsigned long max)
{
	unsigned long nodes = 0, props = 0;
	int depth = 0, node, prop, len;
	const char *name;

	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		step(&nodes, max, "fdt_next_node walk");
		(void)fdt_get_name(fdt, node, &len);
		fdt_for_each_property_offset(prop, fdt, node) {
			step(&props, max, "property walk");
			(void)fdt_getprop_by_offset(fdt, prop, &name, &len);
		}
	}
}

/* fdt_path_offset() on every alias: libfdt 1.6.1 may recurse for ever. */
static void resolve_aliases(const void *fdt, unsigned long max)
{
	int aliases = fdt_path_offset(fdt, "/aliases"), prop, len;
	unsigned long steps = 0;
	const char *name;

	fdt_for_each_property_offset(prop, fdt, aliases) {
		step(&steps, max, "alias walk");
		if (fdt_getprop_by_offset(fdt, prop, &name, &len))
			(void)fdt_path_offset(fdt, name);
	}
}

/* libfdt's own walks, on a blob smmuv3_fdt_check() accepted. */
static void libfdt_runs(const void *fdt, size_t size)
{
	/* Each step moves on by one tag at least. */
	unsigned long max = fdt_size_dt_struct(fdt) / 4u + 2u;

	libfdt_walk(fdt, max);
	resolve_aliases(fdt, max);
	(void)fdt_check_full(fdt, size);
	(void)fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);
}

/*
 * The bare-metal parser on every input: it must refuse exactly what the
 * check refuses, for the same reason, by its own guard (a parser that
 * lost it hangs here on the libfdt 1.6.1 reproducers).
 */
static void bm_parse(const void *fdt, size_t size, int err, const struct smmuv3_fdt_report *rep)
{
	int bm_err;

	memset(&bm_plat, 0, sizeof(bm_plat));
	bm_err = bm_fdt_parse(fdt, size);
	if (bm_err != err || bm_plat.fdt_check.reason != rep->reason) {
		fprintf(stderr, "fdt target: bm_fdt_parse says %d (%s), the check %d (%s)\n",
			bm_err, smmuv3_fdt_reason_name(bm_plat.fdt_check.reason), err,
			smmuv3_fdt_reason_name(rep->reason));
		abort();
	}
}

int fdt_target_has_libfdt(void)
{
	return 1;
}
#else
int fdt_target_has_libfdt(void)
{
	return 0;
}
#endif

int fdt_target_run(const uint8_t *data, size_t size, struct smmuv3_fdt_report *rep)
{
	/* Exactly @p size bytes, 8-byte aligned, so ASan sees any overread. */
	void *blob = malloc(size ? size : 1);
	int err;

	if (!blob)
		abort();
	memcpy(blob, data, size);
	err = smmuv3_fdt_check(blob, size, rep);
#if FDT_TARGET_LIBFDT
	bm_parse(blob, size, err, rep);
	if (!err)
		libfdt_runs(blob, size);
#endif
	free(blob);
	return err;
}
