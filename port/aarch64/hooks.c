// SPDX-License-Identifier: BSD-3-Clause
/*
 * The port hooks that are architecture only, shared by the AArch64 ports:
 * barriers, time from the generic timer, and the polling relax.
 */
#include <smmuv3/port.h>

#include "aarch64.h"

void smmuv3_port_wmb(void)
{
	__asm__ volatile("dsb st" ::: "memory");
}

void smmuv3_port_rmb(void)
{
	__asm__ volatile("dsb ld" ::: "memory");
}

void smmuv3_port_mb(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

uint64_t smmuv3_port_time_ns(void *port)
{
	(void)port;
	return aarch64_counter_ns();
}

void smmuv3_port_relax(void *port)
{
	(void)port;
	__asm__ volatile("yield");
}

/*
 * Neither port configures an event stream, and an SMMU need not send SEV,
 * so a WFE could sleep until an unrelated interrupt: spin politely
 * instead (the contract allows it).
 */
void smmuv3_port_wfe(void *port)
{
	smmuv3_port_relax(port);
}
