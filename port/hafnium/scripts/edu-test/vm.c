// SPDX-License-Identifier: BSD-3-Clause
/*
 * The edu DMA test VM: Hafnium's primary VM on QEMU virt, an FF-A
 * partition whose manifest (partition.dts) gives it edu's StreamID 0x10
 * through a device region and a DMA memory region [EDU_DMA_BASE, +16 KiB).
 * MMU off, so every access is Device memory and coherent with edu's DMA.
 *
 * 1. finds edu (1234:11e8) at 00:02.0 through ECAM, places BAR0, turns on
 *    memory decoding and bus mastering;
 * 2. DMA inside the region: RAM -> edu -> RAM, data checked;
 * 3. DMA outside it (read and write): must not happen (the SMMU aborts the
 *    transactions; edu reads zeros and the target word keeps its value);
 * 4. makes a hypercall, on which Hafnium (with hafnium-poll.patch) drains
 *    the SMMU's event queue: the decoded F_TRANSLATION events appear in
 *    Hafnium's log with this partition's ID;
 * 5. PSCI SYSTEM_OFF (start.S).
 * Prints "edu-test: PASS" or "edu-test: FAIL ..." lines.
 */
#include <stdbool.h>
#include <stdint.h>

#define UART_BASE 0x09000000ul
#define UART_DR 0x00u
#define UART_FR 0x18u
#define UART_FR_TXFF (1u << 5)

#define ECAM_HIGH 0x4010000000ul /* virt, highmem-ecam (the default) */
#define ECAM_LOW 0x3f000000ul	 /* virt, highmem-ecam=off */
#define EDU_BDF_OFFSET (2u << 15) /* 00:02.0 */
#define PCI_ID 0x00u
#define PCI_COMMAND 0x04u
#define PCI_COMMAND_MEM (1u << 1)
#define PCI_COMMAND_MASTER (1u << 2)
#define PCI_BAR0 0x10u
#define EDU_ID 0x11e81234u

#define EDU_BAR0 0x10000000ul /* start of virt's 32-bit PCI MMIO window */
#define EDU_IDENT 0x00u
#define EDU_DMA_SRC 0x80u
#define EDU_DMA_DST 0x88u
#define EDU_DMA_COUNT 0x90u
#define EDU_DMA_CMD 0x98u
#define EDU_DMA_RUN (1u << 0)
#define EDU_DMA_TO_RAM (1u << 1)
#define EDU_BUF 0x40000u

#ifndef EDU_DMA_BASE
#error "EDU_DMA_BASE (the DMA memory region) must be given"
#endif
#define DMA_LEN 1024u
#define OUTSIDE (EDU_DMA_BASE + 0x100000ul) /* RAM outside the region */
#define HVC_FFA_ID_GET 0x84000069u

static int failures;

static inline uint32_t rd32(uint64_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline void wr64(uint64_t a, uint64_t v)
{
	*(volatile uint64_t *)a = v;
}

static void putc_(char c)
{
	while (rd32(UART_BASE + UART_FR) & UART_FR_TXFF)
		;
	wr32(UART_BASE + UART_DR, (uint32_t)c);
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void puthex(uint64_t v)
{
	puts_("0x");
	for (int i = 60; i >= 0; i -= 4) {
		unsigned int d = (unsigned int)(v >> i) & 0xf;

		if (v >> i || i == 0)
			putc_((char)(d < 10 ? '0' + d : 'a' + d - 10));
	}
}

static void check(bool ok, const char *what, uint64_t got)
{
	puts_(ok ? "edu-test: ok   " : "edu-test: FAIL ");
	puts_(what);
	puts_(" (");
	puthex(got);
	puts_(")\n");
	if (!ok)
		failures++;
}

static uint64_t find_edu(void)
{
	const uint64_t ecams[] = {ECAM_HIGH, ECAM_LOW};

	for (unsigned int i = 0; i < 2; i++) {
		if (rd32(ecams[i] + EDU_BDF_OFFSET + PCI_ID) == EDU_ID)
			return ecams[i] + EDU_BDF_OFFSET;
	}
	return 0;
}

static void edu_dma(uint64_t src, uint64_t dst, uint32_t count, uint32_t dir)
{
	unsigned long spins = 0;

	wr64(EDU_BAR0 + EDU_DMA_SRC, src);
	wr64(EDU_BAR0 + EDU_DMA_DST, dst);
	wr64(EDU_BAR0 + EDU_DMA_COUNT, count);
	wr32(EDU_BAR0 + EDU_DMA_CMD, EDU_DMA_RUN | dir);
	while ((rd32(EDU_BAR0 + EDU_DMA_CMD) & EDU_DMA_RUN) && spins < 2000000000ul)
		spins++;
	check(!(rd32(EDU_BAR0 + EDU_DMA_CMD) & EDU_DMA_RUN), "DMA completed", spins);
}

static uint64_t hvc(uint64_t func)
{
	register uint64_t x0 __asm__("x0") = func;

	__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "x4", "x5", "x6", "x7",
			 "memory");
	return x0;
}

void edu_main(void)
{
	uint64_t cfg = find_edu();
	uint32_t bad = 0;

	puts_("edu-test: start, DMA region ");
	puthex(EDU_DMA_BASE);
	puts_("\n");
	check(cfg != 0, "edu found at 00:02.0", cfg);
	if (!cfg)
		return;
	wr32(cfg + PCI_BAR0, (uint32_t)EDU_BAR0);
	wr32(cfg + PCI_COMMAND, PCI_COMMAND_MEM | PCI_COMMAND_MASTER);
	check(rd32(EDU_BAR0 + EDU_IDENT) == 0x010000edu, "edu BAR0 decodes",
	      rd32(EDU_BAR0 + EDU_IDENT));

	/* Inside the region: RAM -> edu buffer -> RAM, data checked. */
	for (uint32_t i = 0; i < DMA_LEN / 4; i++) {
		wr32(EDU_DMA_BASE + 4 * i, 0x5a000000u + i);
		wr32(EDU_DMA_BASE + 0x2000 + 4 * i, 0);
	}
	edu_dma(EDU_DMA_BASE, EDU_BUF, DMA_LEN, 0);
	edu_dma(EDU_BUF, EDU_DMA_BASE + 0x2000, DMA_LEN, EDU_DMA_TO_RAM);
	for (uint32_t i = 0; i < DMA_LEN / 4; i++) {
		if (rd32(EDU_DMA_BASE + 0x2000 + 4 * i) != 0x5a000000u + i)
			bad++;
	}
	check(bad == 0, "in-range DMA: 1024 bytes RAM->edu->RAM, words differing", bad);

	/* Outside: a 4-byte read (edu then holds zeros) and a 4-byte write. */
	wr32(OUTSIDE, 0xdeadbeefu);
	wr32(OUTSIDE + 0x10, 0x600dcafeu);
	edu_dma(OUTSIDE, EDU_BUF + 0x800, 4, 0);
	edu_dma(EDU_BUF + 0x800, EDU_DMA_BASE + 0x3000, 4, EDU_DMA_TO_RAM);
	check(rd32(EDU_DMA_BASE + 0x3000) != 0xdeadbeefu,
	      "out-of-range DMA read blocked: edu got", rd32(EDU_DMA_BASE + 0x3000));
	edu_dma(EDU_BUF, OUTSIDE + 0x10, 4, EDU_DMA_TO_RAM);
	check(rd32(OUTSIDE + 0x10) == 0x600dcafeu, "out-of-range DMA write blocked: word is",
	      rd32(OUTSIDE + 0x10));

	/* Any hypercall: Hafnium drains the SMMU's events on entry. */
	puts_("edu-test: hypercall, Hafnium logs the SMMU's events\n");
	(void)hvc(HVC_FFA_ID_GET);
	puts_(failures ? "edu-test: FAIL\n" : "edu-test: PASS\n");
}
