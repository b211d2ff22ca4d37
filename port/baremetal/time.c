// SPDX-License-Identifier: BSD-3-Clause
/* Time from the architected counter, which runs at any EL from reset. */
#include <stdint.h>

#include <bm/bm.h>

static uint64_t counter(void)
{
	uint64_t v;

	/* ISB: the read must not be hoisted above the loop that polls it. */
	__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v) :: "memory");
	return v;
}

static uint64_t frequency(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v ? v : 1;
}

uint64_t bm_time_ns(void)
{
	uint64_t c = counter(), f = frequency();

	/* Split so that c * 1e9 cannot overflow. */
	return (c / f) * 1000000000ull + (c % f) * 1000000000ull / f;
}

void bm_udelay(uint64_t us)
{
	uint64_t end = bm_time_ns() + us * 1000u;

	while (bm_time_ns() < end)
		__asm__ volatile("yield");
}
