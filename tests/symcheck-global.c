// SPDX-License-Identifier: BSD-3-Clause
/* Deliberately keeps state in a global: check-symbols.sh must reject it. */
#include <stddef.h>

void *memset(void *d, int c, size_t n);
int smmuv3_symcheck_global(void);

static int smmuv3_symcheck_calls;

int smmuv3_symcheck_global(void)
{
	char buf[4];

	memset(buf, 0, sizeof(buf));
	return ++smmuv3_symcheck_calls + buf[0];
}
