// SPDX-License-Identifier: BSD-3-Clause
/*
 * Interrupt plumbing. In MSI mode the SMMU is told where to write for
 * GERROR, event and PRI interrupts (IRQ_CFG0-2); in wired mode any MSI
 * address firmware left is cleared (an address of 0 means "no MSI") and
 * the drain functions are registered with the port, one line per
 * source or, failing that, one combined line. A port with no line at
 * all leaves the integrator polling with smmuv3_poll().
 */
#include "core/internal.h"
#include "evtq_internal.h"

struct irq_src {
	enum smmuv3_irq irq;
	uint32_t cfg0;              /* Non-secure offset of *_IRQ_CFG0 */
	smmuv3_irq_handler_fn *fn;
};

static void irq_evtq(void *arg)
{
	smmuv3_evtq_drain(arg);
}

static void irq_priq(void *arg)
{
	smmuv3_priq_drain(arg);
}

static void irq_gerror(void *arg)
{
	smmuv3_gerror_handle(arg);
}

static void irq_combined(void *arg)
{
	smmuv3_poll(arg);
}

static const struct irq_src irq_srcs[] = {
	{ SMMUV3_IRQ_GERROR, SMMUV3_GERROR_IRQ_CFG0, irq_gerror },
	{ SMMUV3_IRQ_EVENTQ, SMMUV3_EVENTQ_IRQ_CFG0, irq_evtq },
	{ SMMUV3_IRQ_PRIQ, SMMUV3_PRIQ_IRQ_CFG0, irq_priq },
};

/* IRQ_CFG1 and IRQ_CFG2 follow CFG0 at +8 and +12 for every source. */
#define IRQ_CFG1_DELTA 8u
#define IRQ_CFG2_DELTA 12u

static bool irq_src_used(const struct smmuv3_inst *smmu, const struct irq_src *s)
{
	return s->irq != SMMUV3_IRQ_PRIQ || smmuv3_priq_used(smmu);
}

static const struct smmuv3_msi_target *msi_target(const struct smmuv3_inst *smmu,
						  enum smmuv3_irq irq)
{
	switch (irq) {
	case SMMUV3_IRQ_GERROR:
		return &smmu->cfg.msi_gerror;
	case SMMUV3_IRQ_EVENTQ:
		return &smmu->cfg.msi_evtq;
	default:
		return &smmu->cfg.msi_priq;
	}
}

static void msi_write(struct smmuv3_inst *smmu, const struct irq_src *s,
		      const struct smmuv3_msi_target *t)
{
	/* The PRI queue has no Secure twin, so it is never banked. */
	uint32_t cfg0 = s->irq == SMMUV3_IRQ_PRIQ ? s->cfg0 : smmuv3_breg(smmu, s->cfg0);

	smmuv3_write64(smmu, cfg0, t ? t->addr & SMMUV3_IRQ_CFG0_ADDR : 0);
	if (!t)
		return;
	smmuv3_write32(smmu, cfg0 + IRQ_CFG1_DELTA, t->data);
	/* Doorbells (a GIC ITS) are device memory. */
	smmuv3_write32(smmu, cfg0 + IRQ_CFG2_DELTA,
		       (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_IRQ_CFG2_MEMATTR,
						   SMMUV3_MEMATTR_DEVICE_nGnRE));
}

static bool msi_supported(const struct smmuv3_inst *smmu)
{
	return smmuv3_bank_msi(smmu);
}

static int irq_setup_msi(struct smmuv3_inst *smmu)
{
	if (!msi_supported(smmu)) {
		smmuv3_err(smmu, "MSI interrupts requested but the SMMU has none");
		return SMMUV3_ERR_NOTSUP;
	}
	for (size_t i = 0; i < SMMUV3_ARRAY_SIZE(irq_srcs); i++) {
		const struct smmuv3_msi_target *t = msi_target(smmu, irq_srcs[i].irq);

		if (irq_src_used(smmu, &irq_srcs[i]) && (!t->addr || (t->addr & 3))) {
			smmuv3_err(smmu, "MSI target for interrupt %d missing or misaligned",
				   (int)irq_srcs[i].irq);
			return SMMUV3_ERR_INVAL;
		}
	}
	for (size_t i = 0; i < SMMUV3_ARRAY_SIZE(irq_srcs); i++)
		if (irq_src_used(smmu, &irq_srcs[i]))
			msi_write(smmu, &irq_srcs[i], msi_target(smmu, irq_srcs[i].irq));
	return 0;
}

static int irq_register(struct smmuv3_inst *smmu, enum smmuv3_irq irq, smmuv3_irq_handler_fn *fn)
{
	int rc = smmuv3_port_irq_register(smmu->cfg.port, irq, fn, smmu);

	if (!rc)
		smmu->evtq.irqs |= 1u << irq;
	return rc;
}

static int irq_setup_wired(struct smmuv3_inst *smmu)
{
	int rc = 0;

	if (msi_supported(smmu))
		for (size_t i = 0; i < SMMUV3_ARRAY_SIZE(irq_srcs); i++)
			if (irq_src_used(smmu, &irq_srcs[i]))
				msi_write(smmu, &irq_srcs[i], NULL);
	for (size_t i = 0; i < SMMUV3_ARRAY_SIZE(irq_srcs) && !rc; i++)
		if (irq_src_used(smmu, &irq_srcs[i]))
			rc = irq_register(smmu, irq_srcs[i].irq, irq_srcs[i].fn);
	if (rc != SMMUV3_ERR_NOTSUP)
		goto out;
	smmuv3_irq_teardown(smmu);
	rc = irq_register(smmu, SMMUV3_IRQ_COMBINED, irq_combined);
	if (rc == SMMUV3_ERR_NOTSUP) {
		smmuv3_warn(smmu, "no interrupt lines: call smmuv3_poll() to see faults");
		return 0;
	}
out:
	if (rc)
		smmuv3_irq_teardown(smmu);
	return rc;
}

int smmuv3_irq_setup(struct smmuv3_inst *smmu)
{
	smmu->evtq.irqs = 0;
	switch (smmu->cfg.irq_mode) {
	case SMMUV3_IRQ_MODE_MSI:
		return irq_setup_msi(smmu);
	case SMMUV3_IRQ_MODE_WIRED:
		return irq_setup_wired(smmu);
	case SMMUV3_IRQ_MODE_POLL:
	default:
		return 0;
	}
}

uint32_t smmuv3_irq_enables(const struct smmuv3_inst *smmu)
{
	uint32_t en = SMMUV3_IRQ_CTRL_GERROR_IRQEN | SMMUV3_IRQ_CTRL_EVENTQ_IRQEN;

	if (smmu->cfg.irq_mode == SMMUV3_IRQ_MODE_POLL ||
	    (smmu->cfg.irq_mode == SMMUV3_IRQ_MODE_WIRED && !smmu->evtq.irqs))
		return 0;
	if (smmuv3_priq_used(smmu))
		en |= SMMUV3_IRQ_CTRL_PRIQ_IRQEN;
	return en;
}

void smmuv3_irq_teardown(struct smmuv3_inst *smmu)
{
	for (unsigned int irq = 0; irq <= SMMUV3_IRQ_COMBINED; irq++)
		if (smmu->evtq.irqs & (1u << irq))
			smmuv3_port_irq_unregister(smmu->cfg.port, (enum smmuv3_irq)irq);
	smmu->evtq.irqs = 0;
}
