/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A tiny printf for a library that has no libc: enough for log lines,
 * reports and decoded events. Conversions: %c %s %d %i %u %x %X %p %%,
 * length modifiers hh h l ll z, flags '-' and '0', a field width (also
 * '*'), and a precision for %s. Output is always NUL-terminated when
 * size > 0; the return value is the length the full output would have.
 */
#ifndef SMMUV3_LIB_FMT_H
#define SMMUV3_LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

#include <smmuv3/features.h>

int smmuv3_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int smmuv3_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Where a report or dump goes: one call of @print per line. */
struct smmuv3_printer {
	smmuv3_print_fn *print;
	void *arg;
};

/* Format one line (truncated at 159 characters) and hand it to @p. */
void smmuv3_print_line(const struct smmuv3_printer *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* SMMUV3_LIB_FMT_H */
