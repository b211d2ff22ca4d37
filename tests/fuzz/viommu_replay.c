// SPDX-License-Identifier: BSD-3-Clause
/*
 * Replays a virtual IOMMU corpus without libFuzzer, as a normal test:
 * every file runs through the fuzz target, which aborts on a broken
 * invariant (a translation outside the partition's memory, a leak, an
 * answer out of contract). Files named ok-* must also make at least one
 * call succeed, so a seed that stopped reaching deep states is noticed.
 * Usage: viommu-replay paravirt|virtio DIR|FILE...
 */
#define _POSIX_C_SOURCE 200809L

#include "viommu_target.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned int files, failed;

static void run_file(enum viommu_target_abi abi, const char *path, const char *base)
{
	static uint8_t buf[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n;
	unsigned int ok;

	if (!f) {
		fprintf(stderr, "%s: cannot open\n", path);
		failed++;
		return;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	ok = viommu_target_run(abi, buf, n);
	files++;
	if (!strncmp(base, "ok-", 3) && !ok) {
		fprintf(stderr, "%s: no call succeeded\n", path);
		failed++;
	}
}

static void run_path(enum viommu_target_abi abi, const char *path)
{
	struct dirent **names;
	struct stat sb;
	int n;

	if (stat(path, &sb) || !S_ISDIR(sb.st_mode)) {
		const char *slash = strrchr(path, '/');

		run_file(abi, path, slash ? slash + 1 : path);
		return;
	}
	n = scandir(path, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char full[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(full, sizeof(full), "%s/%s", path, names[i]->d_name);
			run_file(abi, full, names[i]->d_name);
		}
		free(names[i]);
	}
	free(n >= 0 ? names : NULL);
}

int main(int argc, char **argv)
{
	enum viommu_target_abi abi;

	if (argc < 3 || (strcmp(argv[1], "paravirt") && strcmp(argv[1], "virtio"))) {
		fprintf(stderr, "usage: viommu-replay paravirt|virtio DIR|FILE...\n");
		return 2;
	}
	abi = strcmp(argv[1], "virtio") ? VIOMMU_TARGET_PARAVIRT : VIOMMU_TARGET_VIRTIO;
	for (int i = 2; i < argc; i++)
		run_path(abi, argv[i]);
	printf("%u inputs replayed, %u failed\n", files, failed);
	return failed || !files;
}
