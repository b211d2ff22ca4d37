// SPDX-License-Identifier: BSD-3-Clause
/*
 * Replays the manifest corpus without libFuzzer, as a normal test: every
 * file goes through the fuzz target (which aborts on a broken promise; a
 * walk that does not end fails by the test's timeout), and a file whose
 * name says what to expect must get it:
 *   ok-*          parsed;
 *   bad-<REASON>* refused with SMMUV3_MANIFEST_<REASON>;
 *   anything else (fuzzer finds) only has to terminate.
 * Usage: manifest-replay DIR...
 */
#define _POSIX_C_SOURCE 200809L /* scandir */

#include "manifest_target.h"
#include "replay_file.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned int passed, failed;

/* -1: no expectation; REASON_COUNT: a name no reason has. */
static int expected(const char *base)
{
	char want[64];
	int r;

	if (!strncmp(base, "ok-", 3))
		return SMMUV3_MANIFEST_OK;
	if (strncmp(base, "bad-", 4))
		return -1;
	snprintf(want, sizeof(want), "SMMUV3_MANIFEST_%.*s", (int)strcspn(base + 4, "-."), base + 4);
	for (r = 0; r < SMMUV3_MANIFEST_REASON_COUNT; r++)
		if (!strcmp(want, smmuv3_manifest_reason_name((enum smmuv3_manifest_reason)r)))
			return r;
	return SMMUV3_MANIFEST_REASON_COUNT;
}

static void replay(const char *dir, const char *name)
{
	char path[4096];
	struct smmuv3_manifest_report rep;
	int want = expected(name);
	uint8_t *data;
	size_t size;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (replay_read_file(path, &data, &size)) {
		printf("FAIL %s: cannot read\n", path);
		failed++;
		return;
	}
	(void)manifest_target_run(data, size, &rep);
	free(data);
	if (want >= 0 && (int)rep.reason != want) {
		printf("FAIL %s: %s (%s %s)\n", name, smmuv3_manifest_reason_name(rep.reason),
		       rep.node, rep.prop);
		failed++;
		return;
	}
	passed++;
}

static int not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

int main(int argc, char **argv)
{
	int i, n, j;

	for (i = 1; i < argc; i++) {
		struct dirent **list;

		n = scandir(argv[i], &list, not_dot, alphasort);
		if (n < 0) {
			printf("FAIL %s: cannot list\n", argv[i]);
			return 1;
		}
		for (j = 0; j < n; j++) {
			replay(argv[i], list[j]->d_name);
			free(list[j]);
		}
		free(list);
	}
	printf("manifest corpus: %u passed, %u failed\n", passed, failed);
	return failed || !passed;
}
