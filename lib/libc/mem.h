/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The only two libc functions the library may call. <string.h> is not a
 * freestanding header, so they are declared here; the port (or the
 * toolchain's runtime) supplies them.
 */
#ifndef SMMUV3_LIB_MEM_H
#define SMMUV3_LIB_MEM_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memset(void *dst, int c, size_t n);

#endif
