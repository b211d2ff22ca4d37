/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What every AArch64 port of libsmmuv3 shares: the architected counter as
 * nanoseconds. hooks.c builds the port hooks that are pure architecture
 * (barriers, time, relax, wfe) on it; a port compiles hooks.c beside its
 * own port.c (port/baremetal, port/hafnium).
 */
#ifndef SMMUV3_PORT_AARCH64_H
#define SMMUV3_PORT_AARCH64_H

#include <stdint.h>

/** CNTPCT_EL0 in nanoseconds; the counter runs at any EL from reset. */
static inline uint64_t aarch64_counter_ns(void)
{
	uint64_t c, f;

	/* ISB: the read must not be hoisted above the loop that polls it. */
	__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(c) :: "memory");
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	if (!f)
		f = 1;
	/* Split so that c * 1e9 cannot overflow. */
	return (c / f) * 1000000000ull + (c % f) * 1000000000ull / f;
}

#endif
