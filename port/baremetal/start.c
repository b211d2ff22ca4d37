// SPDX-License-Identifier: BSD-3-Clause
/*
 * C entry: find the device tree, learn the platform, run bm_main() and
 * exit with its result. Unexpected exceptions print their syndrome and
 * exit with status 64 so a test fails fast instead of timing out.
 */
#include <stdint.h>

#include <libfdt.h>
#include <bm/bm.h>

/* Where QEMU virt puts the DTB when the loader passes none in x0. */
#ifndef BM_FALLBACK_FDT
#define BM_FALLBACK_FDT 0x40000000u
#endif

#define BM_EXIT_EXCEPTION 64
#define BM_EXIT_NO_FDT 65

static int current_el(void)
{
	uint64_t el;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	return (int)((el >> 2) & 3u);
}

static const void *find_fdt(uint64_t x0)
{
	if (x0 && fdt_magic((const void *)(uintptr_t)x0) == FDT_MAGIC)
		return (const void *)(uintptr_t)x0;
	if (fdt_magic((const void *)(uintptr_t)BM_FALLBACK_FDT) == FDT_MAGIC)
		return (const void *)(uintptr_t)BM_FALLBACK_FDT;
	return NULL;
}

void bm_start(uint64_t x0);
void bm_start(uint64_t x0)
{
	const void *fdt = find_fdt(x0);

	bm_plat.el = current_el();
	if (!fdt || bm_fdt_parse(fdt, BM_FDT_MAX_SIZE)) {
		bm_plat.uart = 0x09000000u; /* QEMU virt's PL011, last resort */
		bm_printf("bm: no valid device tree (x0 = %llx): %s at offset %u\n",
			  (unsigned long long)x0, smmuv3_fdt_reason_name(bm_plat.fdt_check.reason),
			  (unsigned)bm_plat.fdt_check.offset);
		bm_exit(BM_EXIT_NO_FDT);
	}
	bm_exit(bm_main());
}

struct bm_regs {
	uint64_t x[31];
};

void bm_exception(const struct bm_regs *regs, unsigned kind);
void bm_exception(const struct bm_regs *regs, unsigned kind)
{
	static const char *const kinds[4] = { "synchronous", "IRQ", "FIQ", "SError" };
	uint64_t esr, elr, far;

	if (bm_plat.el == 2) {
		__asm__ volatile("mrs %0, esr_el2" : "=r"(esr));
		__asm__ volatile("mrs %0, elr_el2" : "=r"(elr));
		__asm__ volatile("mrs %0, far_el2" : "=r"(far));
	} else {
		__asm__ volatile("mrs %0, esr_el1" : "=r"(esr));
		__asm__ volatile("mrs %0, elr_el1" : "=r"(elr));
		__asm__ volatile("mrs %0, far_el1" : "=r"(far));
	}
	bm_printf("bm: unexpected %s exception (vector %u) at EL%d: ESR %llx (EC %llx) "
		  "ELR %llx FAR %llx x30 %llx\n",
		  kinds[kind & 3u], kind, bm_plat.el, (unsigned long long)esr,
		  (unsigned long long)(esr >> 26), (unsigned long long)elr,
		  (unsigned long long)far, (unsigned long long)regs->x[30]);
	bm_exit(BM_EXIT_EXCEPTION);
}
