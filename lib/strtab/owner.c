// SPDX-License-Identifier: BSD-3-Clause
/* Stream ownership (placeholder until stream claiming lands). */
#include "../core/internal.h"

int smmuv3_stream_owner(const struct smmuv3 *smmu, uint32_t sid, uint32_t *owner)
{
	if (!smmu || !owner)
		return SMMUV3_ERR_INVAL;
	if (smmu->state != SMMUV3_STATE_ENABLED || sid >> smmu->strtab.log2size)
		return SMMUV3_ERR_RANGE;
	return SMMUV3_ERR_NOENT;
}
