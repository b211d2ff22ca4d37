// SPDX-License-Identifier: BSD-3-Clause
/* Event and PRI queue allocation and programming. */
#include "core/internal.h"
#include "core/queue.h"
#include "evtq_internal.h"

bool smmuv3_priq_used(const struct smmuv3_inst *smmu)
{
	return smmu->feat.pri && !smmu->cfg.secure;
}

int smmuv3_evtq_alloc(struct smmuv3_inst *smmu)
{
	uint32_t log2 = smmuv3_queue_log2(smmu->cfg.evtq_log2, SMMUV3_DEFAULT_EVTQ_LOG2,
					  smmu->feat.evtq_log2);
	int rc;

	rc = smmuv3_queue_alloc(smmu, &smmu->evtq.q, log2, SMMUV3_EVT_BYTES,
				smmuv3_breg(smmu, SMMUV3_EVENTQ_BASE),
				smmu->cfg.secure ? SMMUV3_S_EVENTQ_PROD : SMMUV3_EVENTQ_PROD,
				smmu->cfg.secure ? SMMUV3_S_EVENTQ_CONS : SMMUV3_EVENTQ_CONS);
	if (rc || !smmuv3_priq_used(smmu))
		return rc;
	log2 = smmuv3_queue_log2(smmu->cfg.priq_log2, SMMUV3_DEFAULT_PRIQ_LOG2,
				 smmu->feat.priq_log2);
	rc = smmuv3_queue_alloc(smmu, &smmu->evtq.priq, log2, SMMUV3_PRI_BYTES,
				SMMUV3_PRIQ_BASE, SMMUV3_PRIQ_PROD, SMMUV3_PRIQ_CONS);
	if (rc)
		smmuv3_queue_free(smmu, &smmu->evtq.q);
	return rc;
}

void smmuv3_evtq_free(struct smmuv3_inst *smmu)
{
	smmuv3_queue_free(smmu, &smmu->evtq.priq);
	smmuv3_queue_free(smmu, &smmu->evtq.q);
}

void smmuv3_evtq_program(struct smmuv3_inst *smmu)
{
	smmu->evtq.evtq_ovack = 0;
	smmu->evtq.priq_ovack = 0;
	smmuv3_queue_program(smmu, &smmu->evtq.q, SMMUV3_Q_BASE_WA);
	if (smmuv3_priq_used(smmu))
		smmuv3_queue_program(smmu, &smmu->evtq.priq, SMMUV3_Q_BASE_WA);
}
