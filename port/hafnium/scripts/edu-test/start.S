/* SPDX-License-Identifier: BSD-3-Clause */
/* Entry of the edu test VM (Hafnium's primary VM, EL1, MMU off). */
	.section .text.entry, "ax"
	.global _start
_start:
	ldr	x1, =__stack_top
	mov	sp, x1
	bl	edu_main
	/* PSCI SYSTEM_OFF through Hafnium: QEMU exits. */
	mov	w0, #0x0008
	movk	w0, #0x8400, lsl #16
	hvc	#0
1:	wfi
	b	1b
