// SPDX-License-Identifier: BSD-3-Clause
/*
 * First boot on unknown silicon: find every SMMUv3 in the device tree,
 * probe it, print what it supports, reset and enable it (every stream
 * aborting), and tear it down again; then enumerate PCI and print every
 * function with the StreamID its DMA carries. Maps nothing and enables
 * no device. Exit status 0 when every SMMU came up and went down cleanly.
 */
#include <smmuv3/smmuv3.h>
#include <bm/bm.h>
#include <bm/pci.h>

static void print_line(void *arg, const char *line)
{
	(void)arg;
	bm_printf("  %s\n", line);
}

static int bring_up(unsigned index)
{
	const struct bm_smmu_desc *d = &bm_plat.smmu[index];
	struct bm_smmu_port port;
	struct smmuv3_config cfg;
	struct smmuv3 smmu;
	int rc;

	bm_smmu_port_init(&port, index);
	bm_printf("%s: registers at %llx (%llx bytes), %s, interrupts "
		  "eventq %d gerror %d cmdq-sync %d priq %d\n",
		  port.name, (unsigned long long)d->base, (unsigned long long)d->size,
		  d->coherent ? "dma-coherent" : "not coherent", d->irq[SMMUV3_IRQ_EVENTQ],
		  d->irq[SMMUV3_IRQ_GERROR], d->irq[SMMUV3_IRQ_CMDQ_SYNC], d->irq[SMMUV3_IRQ_PRIQ]);

	smmuv3_config_default(&cfg);
	cfg.base = (uintptr_t)d->base;
	cfg.port = &port;
	cfg.name = port.name;
	/* The device tree's word on coherency wins over IDR0.COHACC. */
	if (!d->coherent)
		cfg.coherency = SMMUV3_COHERENCY_FORCE_NONCOHERENT;

	rc = smmuv3_init(&smmu, &cfg);
	if (!rc)
		rc = smmuv3_probe(&smmu);
	if (rc) {
		bm_printf("%s: probe failed: %s\n", port.name, smmuv3_strerror(rc));
		return rc;
	}
	smmuv3_features_report(smmuv3_features(&smmu), print_line, NULL);

	rc = smmuv3_reset(&smmu);
	if (rc) {
		bm_printf("%s: reset failed: %s\n", port.name, smmuv3_strerror(rc));
		smmuv3_teardown(&smmu);
		return rc;
	}
	bm_printf("%s: reset done, SMMU enabled with every stream aborting; "
		  "%zu bytes of tables and queues\n", port.name, smmuv3_memory_used(&smmu));

	rc = smmuv3_teardown(&smmu);
	bm_printf("%s: teardown: %s, %zu bytes of DMA memory still allocated\n", port.name,
		  smmuv3_strerror(rc), bm_dma_used());
	if (!rc && bm_dma_used())
		rc = SMMUV3_ERR_NOMEM; /* a leak is a failure too */
	return rc;
}

int bm_main(void)
{
	unsigned i, failed = 0;

	bm_printf("libsmmuv3 bring-up: EL%d, RAM %llx + %llx, %u SMMUv3 in the device tree\n",
		  bm_plat.el, (unsigned long long)bm_plat.ram_base,
		  (unsigned long long)bm_plat.ram_size, bm_plat.n_smmu);
	if (!bm_plat.n_smmu) {
		bm_printf("no \"arm,smmu-v3\" node: nothing to bring up\n");
		return 1;
	}
	for (i = 0; i < bm_plat.n_smmu; i++)
		if (bring_up(i))
			failed++;
	/* What PCI looks like once enumerated, and which stream each function is. */
	if (bm_plat.pci.present) {
		bm_printf("PCI: %d functions\n", bm_pci_scan());
		bm_pci_dump();
	}
	bm_printf("bring-up %s\n", failed ? "FAILED" : "OK");
	return failed ? 1 : 0;
}
