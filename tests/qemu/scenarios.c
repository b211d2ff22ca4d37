// SPDX-License-Identifier: BSD-3-Clause
/*
 * QEMU integration scenarios that need no translation: each boot runs the
 * one named on the kernel command line (/chosen/bootargs) and exits 0
 * when it passed. The translation scenarios live in the examples
 * (examples/baremetal/edu-dma.c), which the suite boots the same way.
 */
#include <smmuv3/smmuv3.h>
#include <bm/bm.h>
#include <bm/pci.h>

#include "edu.h"

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			bm_printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);     \
			return 1;                                                     \
		}                                                                     \
	} while (0)

/* Two edus on 00:02.0 and 00:03.0: found, BARs apart, StreamIDs = RIDs. */
static int scenario_pci(void)
{
	struct edu a, b;

	CHECK(bm_plat.pci.present && bm_plat.pci.n_map >= 1);
	CHECK(edu_init(&a, 0) == 0);
	CHECK(edu_init(&b, 1) == 0);
	bm_printf("edu 0: %02x:%02x.%x BAR0 %llx -> smmu%u SID %x\n", a.pci.bus, a.pci.dev,
		  a.pci.fn, (unsigned long long)a.bar, a.smmu, a.sid);
	bm_printf("edu 1: %02x:%02x.%x BAR0 %llx -> smmu%u SID %x\n", b.pci.bus, b.pci.dev,
		  b.pci.fn, (unsigned long long)b.bar, b.smmu, b.sid);
	CHECK(a.sid == 0x10 && b.sid == 0x18);
	CHECK(a.smmu == 0 && b.smmu == 0);
	CHECK(a.bar != b.bar && a.bar >= bm_plat.pci.mmio32_cpu);
	CHECK(edu_init(&b, 2) != 0);
	return 0;
}

/* The DMA allocator: alignment, zeroing, reuse after free, exhaustion. */
static int scenario_dma(void)
{
	uint64_t pa1, pa2, pa3;
	unsigned char *p1 = bm_dma_alloc(100, 64, &pa1);
	unsigned char *p2 = bm_dma_alloc(1u << 16, 1u << 16, &pa2);
	unsigned char *p3;

	CHECK(p1 && p2 && (pa1 & 63) == 0 && (pa2 & 0xffff) == 0);
	CHECK((uintptr_t)p1 == pa1 && p1[99] == 0 && p2[0xffff] == 0);
	p2[5] = 0xaa;
	bm_dma_free(p2, 1u << 16);
	p3 = bm_dma_alloc(1u << 16, 1u << 16, &pa3);
	CHECK(p3 == p2 && p3[5] == 0);
	CHECK(bm_dma_alloc(1ull << 40, 8, &pa3) == NULL);
	bm_dma_free(p3, 1u << 16);
	bm_dma_free(p1, 100);
	CHECK(bm_dma_used() == 0);
	return 0;
}

static const struct {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{ "pci", scenario_pci },
	{ "dma", scenario_dma },
};

int bm_main(void)
{
	unsigned i;

	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		if (!bm_bootarg(scenarios[i].name))
			continue;
		bm_printf("scenario %s\n", scenarios[i].name);
		if (scenarios[i].run()) {
			bm_printf("scenario %s: FAIL\n", scenarios[i].name);
			return 1;
		}
		bm_printf("scenario %s: PASS\n", scenarios[i].name);
		return 0;
	}
	bm_printf("no known scenario in bootargs \"%s\"\n", bm_plat.bootargs);
	return 2;
}
