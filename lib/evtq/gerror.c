// SPDX-License-Identifier: BSD-3-Clause
/*
 * Global errors. A GERROR bit is active while it differs from the same
 * bit of GERRORN; software acknowledges by making GERRORN equal, after
 * dealing with the cause. CMDQ_ERR belongs to the command queue (the
 * submitter that waits recovers it under the queue lock), every other
 * bit is handled here. Service failure mode is fatal for the instance.
 */
#include "core/internal.h"
#include "evtq_internal.h"

static const char *const gerror_names[] = {
	[0] = "CMDQ_ERR",
	[2] = "EVENTQ_ABT_ERR",
	[3] = "PRIQ_ABT_ERR",
	[4] = "MSI_CMDQ_ABT_ERR",
	[5] = "MSI_EVENTQ_ABT_ERR",
	[6] = "MSI_PRIQ_ABT_ERR",
	[7] = "MSI_GERROR_ABT_ERR",
	[8] = "SFM_ERR",
	[9] = "CMDQP_ERR",
	[10] = "DPT_ERR",
};

static void gerror_log(struct smmuv3_inst *smmu, uint32_t active)
{
	for (unsigned int bit = 0; bit < SMMUV3_ARRAY_SIZE(gerror_names); bit++) {
		if (!(active & (UINT32_C(1) << bit)) || !gerror_names[bit])
			continue;
		smmu->evtq.stats.gerror[bit]++;
		if (bit == 0)
			smmuv3_dbg(smmu, "GERROR.CMDQ_ERR: left to the command queue");
		else
			smmuv3_err(smmu, "GERROR.%s", gerror_names[bit]);
	}
}

int smmuv3_gerror_handle(struct smmuv3 *smmu_pub)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	return smmuv3_gerror_handle_count(smmu, NULL);
}

/* Drain a queue on behalf of GERROR, counting what it delivered. */
static void gerror_drain(int (*drain)(struct smmuv3 *), struct smmuv3_inst *smmu, int *delivered)
{
	int n = drain(smmuv3_inst_pub(smmu));

	if (delivered && n > 0)
		*delivered += n;
}

int smmuv3_gerror_handle_count(struct smmuv3_inst *smmu, int *delivered)
{
	uint32_t active, mine;
	int handled;

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	if (smmu->state != SMMUV3_STATE_ENABLED && smmu->state != SMMUV3_STATE_FAILED)
		return SMMUV3_ERR_STATE;
	active = smmuv3_gerror_active(smmu);
	if (!active)
		return smmu->state == SMMUV3_STATE_FAILED ? SMMUV3_ERR_FATAL : 0;
	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->evtq.lock);
	gerror_log(smmu, active);
	/* A queue access aborted (QEMU also says so for a full queue): not
	 * an overflow, counted apart (IHI 0070 7.2.2, 8.2). */
	if (active & SMMUV3_GERROR_EVENTQ_ABT_ERR)
		smmu->evtq.stats.evtq_aborts++;
	if (active & SMMUV3_GERROR_PRIQ_ABT_ERR)
		smmu->evtq.stats.pri_aborts++;
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->evtq.lock);
	mine = active & ~(uint32_t)SMMUV3_GERROR_CMDQ_ERR;
	handled = 0;
	for (uint32_t b = active; b; b &= b - 1)
		handled++;
	if (active & SMMUV3_GERROR_SFM_ERR) {
		/* Nothing works until a full reset: make every later call say so. */
		smmuv3_err(smmu, "service failure mode: instance unusable until reset");
		smmu->state = SMMUV3_STATE_FAILED;
		smmuv3_gerror_ack(smmu, mine);
		return SMMUV3_ERR_FATAL;
	}
	smmuv3_gerror_ack(smmu, mine);
	/* Records may be waiting whose interrupt was lost or whose queue
	 * aborted: drain now rather than at the next interrupt. */
	if (active & (SMMUV3_GERROR_EVENTQ_ABT_ERR | SMMUV3_GERROR_MSI_EVENTQ_ABT_ERR))
		gerror_drain(smmuv3_evtq_drain, smmu, delivered);
	if (active & (SMMUV3_GERROR_PRIQ_ABT_ERR | SMMUV3_GERROR_MSI_PRIQ_ABT_ERR))
		gerror_drain(smmuv3_priq_drain, smmu, delivered);
	return handled;
}
