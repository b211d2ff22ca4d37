// SPDX-License-Identifier: BSD-3-Clause
/* Reading a corpus file whole, for the corpus replays. */
#include "replay_file.h"

#include <stdio.h>
#include <stdlib.h>

int replay_read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	*data = malloc((size_t)n + 1);
	*size = (size_t)n;
	if (!*data || fread(*data, 1, *size, f) != *size) {
		fclose(f);
		free(*data);
		return -1;
	}
	fclose(f);
	return 0;
}
