// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command queue errata, keyed by IIDR. Each line names the erratum and
 * the generic workaround it needs; the submission code only ever looks
 * at the resulting flags, never at product identifiers.
 */
#include "core/internal.h"
#include "cmdq_internal.h"

#define ARM_JEP106 0x43bu
#define ARM_MMU600 0x483u
#define ARM_MMU700 0x487u

static const struct smmuv3_cmdq_quirk cmdq_quirks[] = {
	{
		.what = "Arm MMU-600 erratum 1076982 (CMD_SYNC SEV unreliable)",
		.implementer = ARM_JEP106, .product_id = ARM_MMU600,
		.variant = 0, .rev_max = 2,
		.flags = SMMUV3_CMDQ_QUIRK_NO_SEV,
	},
	{
		.what = "Arm MMU-700 erratum 2812531 (CMD_SYNC at least every 63 commands)",
		.implementer = ARM_JEP106, .product_id = ARM_MMU700,
		.variant = 0xff, .rev_max = 0xff,
		.sync_every = 63,
	},
};

static bool quirk_matches(const struct smmuv3_cmdq_quirk *k, const struct smmuv3_features *f)
{
	return k->implementer == f->implementer && k->product_id == f->product_id &&
	       (k->variant == 0xff || k->variant == f->variant) && f->revision <= k->rev_max;
}

void smmuv3_cmdq_apply_quirks(struct smmuv3_inst *smmu)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;

	for (size_t i = 0; i < SMMUV3_ARRAY_SIZE(cmdq_quirks); i++) {
		const struct smmuv3_cmdq_quirk *k = &cmdq_quirks[i];

		if (!quirk_matches(k, &smmu->feat))
			continue;
		cq->quirks |= k->flags;
		if (k->sync_every && (!cq->sync_every || k->sync_every < cq->sync_every))
			cq->sync_every = k->sync_every;
		smmuv3_info(smmu, "quirk: %s", k->what);
	}
}
