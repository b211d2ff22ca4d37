/* SPDX-License-Identifier: BSD-3-Clause */
/* What the bare-metal port provides of <stdlib.h> (libc.c). */
#ifndef BM_LIBC_STDLIB_H
#define BM_LIBC_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
