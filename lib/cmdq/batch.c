// SPDX-License-Identifier: BSD-3-Clause
/*
 * Batches: the caller collects commands in its own storage and issues
 * them with one CMD_SYNC at the end. A full batch is issued without
 * CMD_SYNC (still waiting for consumption, so errors stay attributed) and
 * the batch goes on collecting.
 */
#include "core/internal.h"
#include "cmdq_internal.h"

int smmuv3_cmdq_batch_init(struct smmuv3_cmdq_batch *b, struct smmuv3 *smmu_pub,
			   struct smmuv3_cmd *storage, unsigned int cap)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	if (!b || !smmu || !storage || !cap)
		return SMMUV3_ERR_INVAL;
	b->smmu = smmu_pub;
	b->cmds = storage;
	b->n = 0;
	b->cap = cap;
	b->err = 0;
	return 0;
}

int smmuv3_cmdq_batch_add(struct smmuv3_cmdq_batch *b, struct smmuv3_cmd cmd)
{
	int rc;

	if (!b || !b->cmds)
		return SMMUV3_ERR_INVAL;
	if (b->err)
		return b->err;
	if (b->n == b->cap) {
		rc = smmuv3_cmdq_submit(b->smmu, b->cmds, b->n, false);
		b->n = 0;
		if (rc) {
			b->err = rc;
			return rc;
		}
	}
	b->cmds[b->n++] = cmd;
	return 0;
}

int smmuv3_cmdq_batch_submit(struct smmuv3_cmdq_batch *b)
{
	int rc;

	if (!b || !b->cmds)
		return SMMUV3_ERR_INVAL;
	rc = b->err;
	if (!rc)
		rc = smmuv3_cmdq_submit(b->smmu, b->cmds, b->n, true);
	b->n = 0;
	b->err = 0;
	return rc;
}
