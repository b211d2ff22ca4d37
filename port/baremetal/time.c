// SPDX-License-Identifier: BSD-3-Clause
/* Time from the architected counter, which runs at any EL from reset. */
#include <stdint.h>

#include <bm/bm.h>

#include "aarch64.h"

uint64_t bm_time_ns(void)
{
	return aarch64_counter_ns();
}

void bm_udelay(uint64_t us)
{
	uint64_t end = bm_time_ns() + us * 1000u;

	while (bm_time_ns() < end)
		__asm__ volatile("yield");
}
