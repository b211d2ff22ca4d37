// SPDX-License-Identifier: BSD-3-Clause
/*
 * GERROR register access: which global errors are active and their
 * acknowledgement. On the ground floor because the command queue (which
 * recovers CMDQ_ERR), the event queue (every other bit, lib/evtq/gerror.c)
 * and reset all need it; the handling of each bit lives with its owner.
 */
#include "core/internal.h"

uint32_t smmuv3_gerror_active(struct smmuv3_inst *smmu)
{
	uint32_t g = smmuv3_read32(smmu, smmuv3_breg(smmu, SMMUV3_GERROR));
	uint32_t n = smmuv3_read32(smmu, smmuv3_breg(smmu, SMMUV3_GERRORN));

	return (g ^ n) & (uint32_t)SMMUV3_GERROR_ALL_ERRS;
}

void smmuv3_gerror_ack(struct smmuv3_inst *smmu, uint32_t bits)
{
	struct smmuv3_evtq *e = &smmu->evtq;
	uint32_t g, n;

	smmuv3_port_lock_acquire(smmu->cfg.port, &e->gerror_lock);
	g = smmuv3_read32(smmu, smmuv3_breg(smmu, SMMUV3_GERROR));
	n = smmuv3_read32(smmu, smmuv3_breg(smmu, SMMUV3_GERRORN));
	if ((g ^ n) & bits)
		smmuv3_write32(smmu, smmuv3_breg(smmu, SMMUV3_GERRORN),
			       (n & ~bits) | (g & bits));
	smmuv3_port_lock_release(smmu->cfg.port, &e->gerror_lock);
}
