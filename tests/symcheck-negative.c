// SPDX-License-Identifier: BSD-3-Clause
/* Deliberately needs strlen: check-symbols.sh must reject this archive. */
#include <stddef.h>

size_t strlen(const char *s);
size_t smmuv3_symcheck_negative(const char *s);

size_t smmuv3_symcheck_negative(const char *s)
{
	return strlen(s);
}
