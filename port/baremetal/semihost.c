// SPDX-License-Identifier: BSD-3-Clause
/*
 * Arm semihosting exit: QEMU (with -semihosting-config enable=on) ends
 * and returns @status to the shell, which is how tests report. Without
 * semihosting the HLT is undefined: the exception handler would loop,
 * which is why every run sits under a timeout.
 */
#include <stdint.h>

#include <bm/bm.h>

#define SEMIHOST_SYS_EXIT 0x18u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

void bm_exit(int status)
{
	/* AArch64 SYS_EXIT takes a {reason, subcode} block in x1. */
	static uint64_t block[2];
	register uint64_t x0 __asm__("x0") = SEMIHOST_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uintptr_t)block;

	block[0] = ADP_STOPPED_APPLICATION_EXIT;
	block[1] = (uint64_t)(uint32_t)status;
	bm_dsb();
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	for (;;)
		__asm__ volatile("wfi");
}
