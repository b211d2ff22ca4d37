// SPDX-License-Identifier: BSD-3-Clause
/*
 * AArch64 entry for the bare-metal port. Runs at whichever of EL1 or EL2
 * the loader entered (QEMU virt: EL1, or EL2 with virtualization=on), with
 * the MMU off, so every address is physical and all data accesses are
 * Device-nGnRnE (see docs/bringup.md for why the MMU stays off).
 *
 * x0 on entry may hold the device tree address (Linux boot protocol);
 * bm_start() checks it and falls back to the start of RAM.
 */
	.section .text.boot, "ax"
	.global _start
_start:
	mov	x19, x0

	/* Only EL1 and EL2 are supported: an EL3 entry exits with 125. */
	mrs	x1, CurrentEL
	lsr	x1, x1, #2
	cmp	x1, #2
	b.eq	1f
	cmp	x1, #1
	b.eq	2f
	b	bad_el

1:	/* EL2: take IRQs/FIQs/SErrors here, AArch64 below, no FP traps. */
	ldr	x1, =(1 << 31) | (1 << 5) | (1 << 4) | (1 << 3)
	msr	hcr_el2, x1
	mov	x1, #0x33ff
	msr	cptr_el2, x1
	adr	x1, bm_vectors
	msr	vbar_el2, x1
	b	3f

2:	/* EL1: FP/SIMD untrapped (the prebuilt libfdt uses SIMD). */
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	adr	x1, bm_vectors
	msr	vbar_el1, x1

3:	isb
	adrp	x1, __stack_top
	add	x1, x1, :lo12:__stack_top
	mov	sp, x1

	/* Clear BSS, 16 bytes at a time (the linker script aligns it). */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
4:	cmp	x1, x2
	b.hs	5f
	stp	xzr, xzr, [x1], #16
	b	4b

5:	mov	x0, x19
	bl	bm_start
	/* bm_start() never returns; if it does, exit with its value. */
	bl	bm_exit

bad_el:
	adr	x1, bad_el_block
	mov	w0, #0x18
	hlt	#0xf000
6:	wfe
	b	6b

	.balign 8
bad_el_block:
	.quad	0x20026, 125

/*
 * Exception vectors. Every entry saves the general-purpose registers and
 * calls C: IRQs from the current EL go to bm_irq_entry() and return;
 * anything else is fatal and bm_exception() prints it and exits.
 */
	.macro	save_regs
	sub	sp, sp, #(34 * 8)
	stp	x0, x1, [sp, #(0 * 8)]
	stp	x2, x3, [sp, #(2 * 8)]
	stp	x4, x5, [sp, #(4 * 8)]
	stp	x6, x7, [sp, #(6 * 8)]
	stp	x8, x9, [sp, #(8 * 8)]
	stp	x10, x11, [sp, #(10 * 8)]
	stp	x12, x13, [sp, #(12 * 8)]
	stp	x14, x15, [sp, #(14 * 8)]
	stp	x16, x17, [sp, #(16 * 8)]
	stp	x18, x19, [sp, #(18 * 8)]
	stp	x20, x21, [sp, #(20 * 8)]
	stp	x22, x23, [sp, #(22 * 8)]
	stp	x24, x25, [sp, #(24 * 8)]
	stp	x26, x27, [sp, #(26 * 8)]
	stp	x28, x29, [sp, #(28 * 8)]
	str	x30, [sp, #(30 * 8)]
	.endm

	.macro	restore_regs
	ldp	x0, x1, [sp, #(0 * 8)]
	ldp	x2, x3, [sp, #(2 * 8)]
	ldp	x4, x5, [sp, #(4 * 8)]
	ldp	x6, x7, [sp, #(6 * 8)]
	ldp	x8, x9, [sp, #(8 * 8)]
	ldp	x10, x11, [sp, #(10 * 8)]
	ldp	x12, x13, [sp, #(12 * 8)]
	ldp	x14, x15, [sp, #(14 * 8)]
	ldp	x16, x17, [sp, #(16 * 8)]
	ldp	x18, x19, [sp, #(18 * 8)]
	ldp	x20, x21, [sp, #(20 * 8)]
	ldp	x22, x23, [sp, #(22 * 8)]
	ldp	x24, x25, [sp, #(24 * 8)]
	ldp	x26, x27, [sp, #(26 * 8)]
	ldp	x28, x29, [sp, #(28 * 8)]
	ldr	x30, [sp, #(30 * 8)]
	add	sp, sp, #(34 * 8)
	.endm

	.macro	fatal_entry kind
	.balign	0x80
	save_regs
	mov	x0, sp
	mov	x1, #\kind
	bl	bm_exception
	b	.
	.endm

	.macro	irq_entry
	.balign	0x80
	save_regs
	bl	bm_irq_entry
	restore_regs
	eret
	.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global	bm_vectors
bm_vectors:
	/* Current EL with SP0. */
	fatal_entry 0
	fatal_entry 1
	fatal_entry 2
	fatal_entry 3
	/* Current EL with SPx: IRQs are expected here. */
	fatal_entry 4
	irq_entry
	fatal_entry 6
	fatal_entry 7
	/* Lower EL, AArch64 and AArch32: never expected. */
	fatal_entry 8
	fatal_entry 9
	fatal_entry 10
	fatal_entry 11
	fatal_entry 12
	fatal_entry 13
	fatal_entry 14
	fatal_entry 15
