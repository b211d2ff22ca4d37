/* SPDX-License-Identifier: BSD-3-Clause */
/* The <string.h> libfdt needs, inside Hafnium's freestanding build: the
 * memory functions come from Hafnium (src/std.c, src/arch/aarch64/std.c),
 * the few string scans are defined here. */
#ifndef SMMUV3_HF_SHIM_STRING_H
#define SMMUV3_HF_SHIM_STRING_H

#include <stddef.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *ptr, int ch, size_t count);
int strncmp(const char *a, const char *b, size_t n);

static inline size_t shim_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static inline size_t shim_strlen(const char *s)
{
	return shim_strnlen(s, (size_t)-1);
}

static inline char *shim_strrchr(const char *s, int c)
{
	const char *last = NULL;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++);
	return (char *)last;
}

static inline char *shim_strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

#define strnlen shim_strnlen
#define strlen shim_strlen
#define strrchr shim_strrchr
#define strchr shim_strchr

#endif
