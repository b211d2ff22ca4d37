// SPDX-License-Identifier: BSD-3-Clause
/*
 * Minimal GIC driver for the SMMU's wired interrupts: GICv2 (QEMU virt's
 * default) and GICv3, one CPU, every interrupt at the same priority, and
 * a handler table indexed by INTID. Polling needs none of this; it is
 * only brought up when a program asks for wired interrupts.
 */
#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/errors.h>
#include <bm/bm.h>

#define GICD_CTLR 0x000u
#define GICD_IGROUPR(n) (0x080u + 4u * (n))
#define GICD_ISENABLER(n) (0x100u + 4u * (n))
#define GICD_ICENABLER(n) (0x180u + 4u * (n))
#define GICD_ICPENDR(n) (0x280u + 4u * (n))
#define GICD_IPRIORITYR(n) (0x400u + 4u * (n))
#define GICD_ITARGETSR(n) (0x800u + 4u * (n))
#define GICD_ICFGR(n) (0xc00u + 4u * (n))
#define GICD_IROUTER(id) (0x6000u + 8u * (id))
#define GICD_CTLR_V3_ARE_NS (1u << 4)
#define GICD_CTLR_V3_GRP1NS (1u << 1)
#define GICD_CTLR_RWP (1u << 31)

#define GICC_CTLR 0x00u
#define GICC_PMR 0x04u
#define GICC_IAR 0x0cu
#define GICC_EOIR 0x10u

#define GICR_WAKER 0x14u
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

#define MAX_INTID 1020u
#define PRIORITY 0xa0u

struct handler {
	bm_irq_fn *fn;
	void *arg;
	uint64_t count;
};

static struct handler handlers[MAX_INTID];
static bool gic_ready;

static void rmw32(uint64_t addr, uint32_t clear, uint32_t set)
{
	bm_write32(addr, (bm_read32(addr) & ~clear) | set);
}

static int wait_clear(uint64_t addr, uint32_t bits)
{
	uint64_t end = bm_time_ns() + 10000000u;

	while (bm_read32(addr) & bits)
		if (bm_time_ns() > end)
			return SMMUV3_ERR_TIMEOUT;
	return 0;
}

static int gicv3_cpu_init(void)
{
	uint64_t v;

	/* Wake CPU 0's redistributor, then use the system-register interface. */
	rmw32(bm_plat.gic.gicr + GICR_WAKER, GICR_WAKER_PROCESSOR_SLEEP, 0);
	if (wait_clear(bm_plat.gic.gicr + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP))
		return SMMUV3_ERR_TIMEOUT;
	if (bm_plat.el == 2) {
		__asm__ volatile("mrs %0, S3_4_C12_C9_5" : "=r"(v)); /* ICC_SRE_EL2 */
		v |= 1u | (1u << 3);                                /* SRE, Enable */
		__asm__ volatile("msr S3_4_C12_C9_5, %0; isb" :: "r"(v));
	}
	__asm__ volatile("msr S3_0_C12_C12_5, %0; isb" :: "r"(1ull)); /* ICC_SRE_EL1 */
	__asm__ volatile("msr S3_0_C4_C6_0, %0" :: "r"(0xffull));     /* ICC_PMR_EL1 */
	__asm__ volatile("msr S3_0_C12_C12_7, %0; isb" :: "r"(1ull)); /* ICC_IGRPEN1_EL1 */
	return 0;
}

int bm_gic_init(void)
{
	uint64_t gicd = bm_plat.gic.gicd;

	if (gic_ready)
		return 0;
	switch (bm_plat.gic.version) {
	case 2:
		bm_write32(gicd + GICD_CTLR, 1);
		bm_write32(bm_plat.gic.gicc + GICC_PMR, 0xff);
		bm_write32(bm_plat.gic.gicc + GICC_CTLR, 1);
		break;
	case 3:
		bm_write32(gicd + GICD_CTLR, GICD_CTLR_V3_ARE_NS | GICD_CTLR_V3_GRP1NS);
		if (wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP))
			return SMMUV3_ERR_TIMEOUT;
		if (gicv3_cpu_init())
			return SMMUV3_ERR_TIMEOUT;
		break;
	default:
		return SMMUV3_ERR_NOTSUP;
	}
	gic_ready = true;
	return 0;
}

int bm_irq_register(unsigned intid, bool edge, bm_irq_fn *fn, void *arg)
{
	uint64_t gicd = bm_plat.gic.gicd;
	unsigned cfg_shift = 2u * (intid % 16u) + 1u;
	unsigned byte = 8u * (intid % 4u);
	int rc;

	/* Only shared peripheral interrupts: the SMMU's lines are SPIs. */
	if (intid < 32 || intid >= MAX_INTID || !fn)
		return SMMUV3_ERR_INVAL;
	rc = bm_gic_init();
	if (rc)
		return rc;
	if (handlers[intid].fn)
		return SMMUV3_ERR_BUSY;
	handlers[intid].fn = fn;
	handlers[intid].arg = arg;
	bm_dsb();

	bm_write32(gicd + GICD_ICENABLER(intid / 32u), 1u << (intid % 32u));
	rmw32(gicd + GICD_ICFGR(intid / 16u), 1u << cfg_shift, edge ? 1u << cfg_shift : 0);
	rmw32(gicd + GICD_IPRIORITYR(intid / 4u), 0xffu << byte, PRIORITY << byte);
	if (bm_plat.gic.version == 2) {
		rmw32(gicd + GICD_ITARGETSR(intid / 4u), 0xffu << byte, 1u << byte);
	} else {
		rmw32(gicd + GICD_IGROUPR(intid / 32u), 0, 1u << (intid % 32u));
		bm_write64(gicd + GICD_IROUTER(intid), 0); /* affinity 0.0.0.0 */
	}
	bm_write32(gicd + GICD_ICPENDR(intid / 32u), 1u << (intid % 32u));
	bm_write32(gicd + GICD_ISENABLER(intid / 32u), 1u << (intid % 32u));
	return 0;
}

void bm_irq_unregister(unsigned intid)
{
	if (intid < 32 || intid >= MAX_INTID || !gic_ready)
		return;
	bm_write32(bm_plat.gic.gicd + GICD_ICENABLER(intid / 32u), 1u << (intid % 32u));
	bm_dsb();
	handlers[intid].fn = NULL;
	handlers[intid].arg = NULL;
}

static uint32_t ack(void)
{
	uint64_t v;

	if (bm_plat.gic.version == 2)
		return bm_read32(bm_plat.gic.gicc + GICC_IAR);
	__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(v)); /* ICC_IAR1_EL1 */
	return (uint32_t)v;
}

static void eoi(uint32_t iar)
{
	if (bm_plat.gic.version == 2)
		bm_write32(bm_plat.gic.gicc + GICC_EOIR, iar);
	else
		__asm__ volatile("msr S3_0_C12_C12_1, %0; isb" :: "r"((uint64_t)iar));
}

void bm_irq_entry(void);
/* Called from the IRQ vector with IRQs masked. */
void bm_irq_entry(void)
{
	for (;;) {
		uint32_t iar = ack();
		uint32_t id = iar & 0xffffffu;

		if (id >= MAX_INTID)
			return;
		handlers[id].count++;
		if (handlers[id].fn)
			handlers[id].fn(handlers[id].arg);
		else
			bm_printf("bm: spurious interrupt %u\n", (unsigned)id);
		eoi(iar);
	}
}

uint64_t bm_irq_count(unsigned intid)
{
	return intid < MAX_INTID ? handlers[intid].count : 0;
}

void bm_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

uint64_t bm_irq_save(void)
{
	uint64_t daif;

	__asm__ volatile("mrs %0, daif; msr daifset, #2" : "=r"(daif) :: "memory");
	return daif;
}

void bm_irq_restore(uint64_t daif)
{
	__asm__ volatile("msr daif, %0" :: "r"(daif) : "memory");
}
