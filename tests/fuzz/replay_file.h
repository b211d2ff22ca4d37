/* SPDX-License-Identifier: BSD-3-Clause */
/* Reading a corpus file whole, for the corpus replays. */
#ifndef REPLAY_FILE_H
#define REPLAY_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Read @path into a malloc'ed buffer (*data, free it; one spare byte):
 * 0, or -1 when it cannot be read. */
int replay_read_file(const char *path, uint8_t **data, size_t *size);

#endif
