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

struct smmu_env {
	struct bm_smmu_port port;
	struct smmuv3 smmu;
};

static int smmu_up(struct smmu_env *e, bool wired)
{
	struct smmuv3_config cfg;
	int rc;

	rc = bm_smmu_port_init(&e->port, 0);
	if (rc)
		return rc;
	e->port.wired_irqs = wired;
	smmuv3_config_default(&cfg);
	cfg.base = (uintptr_t)e->port.desc->base;
	cfg.port = &e->port;
	cfg.name = e->port.name;
	if (wired)
		cfg.irq_mode = SMMUV3_IRQ_MODE_WIRED;
	rc = smmuv3_init(&e->smmu, &cfg);
	if (!rc)
		rc = smmuv3_probe(&e->smmu);
	if (!rc)
		rc = smmuv3_reset(&e->smmu);
	if (rc)
		bm_printf("SMMU bring-up failed: %s\n", smmuv3_strerror(rc));
	return rc;
}

static volatile unsigned irq_count[5];

static void count_irq(void *arg)
{
	irq_count[(uintptr_t)arg]++;
}

static bool wait_irq(unsigned which, unsigned count)
{
	uint64_t end = bm_time_ns() + 100000000u;

	while (irq_count[which] < count)
		if (bm_time_ns() > end)
			return false;
	return true;
}

/* A command QEMU rejects with CERROR_ILL (a Secure TLBI: no Secure bank). */
static struct smmuv3_cmd illegal_cmd(void)
{
	return smmuv3_cmd_opcode_only(SMMUV3_OP_TLBI_S_EL2_ALL);
}

/*
 * The SMMU's own wired interrupts reach their handlers through the GIC:
 * a CMD_SYNC with CS = SIG_IRQ pulses the cmdq-sync line, and an illegal
 * command raises GERROR.CMDQ_ERR, which pulses the gerror line.
 */
static int scenario_irq(void)
{
	struct smmu_env e;
	struct smmuv3_cmd sync = smmuv3_cmd_sync(), bad = illegal_cmd();
	bool gerror_ours;

	CHECK(smmu_up(&e, true) == 0);
	CHECK(smmuv3_port_irq_register(&e.port, SMMUV3_IRQ_CMDQ_SYNC, count_irq,
				       (void *)(uintptr_t)SMMUV3_IRQ_CMDQ_SYNC) == 0);
	/* Once the library takes the gerror line itself in wired mode, the
	 * port refuses a second handler and its delivery is the library's
	 * to prove; until then this scenario proves the line works. */
	gerror_ours = smmuv3_port_irq_register(&e.port, SMMUV3_IRQ_GERROR, count_irq,
					       (void *)(uintptr_t)SMMUV3_IRQ_GERROR) == 0;
	bm_irq_enable();

	sync.dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_SYNC_CS, SMMUV3_CMD_SYNC_CS_IRQ);
	CHECK(smmuv3_cmdq_submit(&e.smmu, &sync, 1, false) == 0);
	CHECK(wait_irq(SMMUV3_IRQ_CMDQ_SYNC, 1));
	bm_printf("cmdq-sync interrupt delivered (INTID %d)\n", e.port.desc->irq[SMMUV3_IRQ_CMDQ_SYNC]);

	CHECK(irq_count[SMMUV3_IRQ_GERROR] == 0);
	CHECK(smmuv3_cmdq_submit(&e.smmu, &bad, 1, true) == SMMUV3_ERR_CMD_ILL);
	if (gerror_ours) {
		CHECK(wait_irq(SMMUV3_IRQ_GERROR, 1));
		smmuv3_port_irq_unregister(&e.port, SMMUV3_IRQ_GERROR);
	} else {
		/* The library's own handler took it: the GIC counted it. */
		unsigned intid = (unsigned)e.port.desc->irq[SMMUV3_IRQ_GERROR];
		uint64_t end = bm_time_ns() + 100000000u;

		while (!bm_irq_count(intid) && bm_time_ns() < end)
			;
		CHECK(bm_irq_count(intid) >= 1);
	}
	bm_printf("gerror interrupt delivered (INTID %d) to %s handler\n",
		  e.port.desc->irq[SMMUV3_IRQ_GERROR], gerror_ours ? "the test's" : "the library's");
	smmuv3_port_irq_unregister(&e.port, SMMUV3_IRQ_CMDQ_SYNC);
	CHECK(smmuv3_teardown(&e.smmu) == 0);
	CHECK(bm_dma_used() == 0);
	return 0;
}

/* A command the SMMU rejects is reported, skipped, and the queue goes on. */
static int scenario_cmd_ill(void)
{
	struct smmu_env e;
	struct smmuv3_cmd bad = illegal_cmd(), good = smmuv3_cmd_cfgi_all();
	int rc;

	CHECK(smmu_up(&e, false) == 0);
	rc = smmuv3_cmdq_submit(&e.smmu, &bad, 1, true);
	bm_printf("illegal command: %s\n", smmuv3_strerror(rc));
	CHECK(rc == SMMUV3_ERR_CMD_ILL);
	rc = smmuv3_cmdq_submit(&e.smmu, &good, 1, true);
	bm_printf("next command: %s\n", smmuv3_strerror(rc));
	CHECK(rc == 0);
	CHECK(smmuv3_get_state(&e.smmu) == SMMUV3_STATE_ENABLED);
	CHECK(smmuv3_teardown(&e.smmu) == 0);
	return 0;
}

static const struct {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{ "pci", scenario_pci },
	{ "dma", scenario_dma },
	{ "irq", scenario_irq },
	{ "cmd-ill", scenario_cmd_ill },
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
