// SPDX-License-Identifier: BSD-3-Clause
/*
 * Replays the device tree corpus without libFuzzer, as a normal test: every
 * file goes through the fuzz target (which aborts on a walk that does not
 * end), and a file whose name says what to expect must get it:
 *   ok-*.dtb             accepted;
 *   bad-<REASON>*.dtb    refused with SMMUV3_FDT_<REASON>;
 *   anything else        (fuzzer finds) only has to terminate.
 * Usage: fdt-replay FILE|DIR...
 */
#define _POSIX_C_SOURCE 200809L /* scandir */

#include "fdt_target.h"
#include "replay_file.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <smmuv3/errors.h>

static unsigned passed, failed;

/* The reason a file name asks for: -1 for none, REASON_COUNT for unknown. */
static int expected_reason(const char *base)
{
	char want[64];
	size_t n;
	int r;

	if (!strncmp(base, "ok-", 3))
		return SMMUV3_FDT_OK;
	if (strncmp(base, "bad-", 4))
		return -1;
	n = strcspn(base + 4, "-.");
	snprintf(want, sizeof(want), "SMMUV3_FDT_%.*s", (int)n, base + 4);
	for (r = 0; r < SMMUV3_FDT_REASON_COUNT; r++)
		if (!strcmp(want, smmuv3_fdt_reason_name((enum smmuv3_fdt_reason)r)))
			return r;
	return SMMUV3_FDT_REASON_COUNT;
}

static void replay_file(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct smmuv3_fdt_report rep;
	int want = expected_reason(base), err;
	uint8_t *data;
	size_t size;

	if (replay_read_file(path, &data, &size)) {
		printf("FAIL %s: cannot read\n", path);
		failed++;
		return;
	}
	err = fdt_target_run(data, size, &rep);
	free(data);
	if (want >= 0 && (want == SMMUV3_FDT_REASON_COUNT || (int)rep.reason != want ||
			  (want == SMMUV3_FDT_OK) != (err == 0))) {
		printf("FAIL %s: %s (%s) at offset %u\n", base, smmuv3_fdt_reason_name(rep.reason),
		       smmuv3_errname(err), (unsigned)rep.offset);
		failed++;
		return;
	}
	printf("ok   %s: %s at offset %u, %u nodes\n", base, smmuv3_fdt_reason_name(rep.reason),
	       (unsigned)rep.offset, (unsigned)rep.nodes);
	passed++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void replay(const char *path)
{
	struct dirent **names;
	struct stat st;
	char sub[4096];
	int n, i;

	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	n = scandir(path, &names, NULL, by_name);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name);
			replay_file(sub);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

int main(int argc, char **argv)
{
	int i;

	printf("libfdt walks and bare-metal parser: %s\n",
	       fdt_target_has_libfdt() ? "run on accepted blobs" : "not built (no host libfdt)");
	for (i = 1; i < argc; i++)
		replay(argv[i]);
	printf("%u passed, %u failed\n", passed, failed);
	return failed || !passed;
}
