// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command queue life cycle: memory, registers, completion mode, and the
 * small accessors. Submission itself is in submit.c.
 */
#include "libc/mem.h"

#include "core/internal.h"
#include "core/queue.h"
#include "cmdq_internal.h"

/* One cache line: the SMMU's MSI write must not share it with CPU data. */
#define CMDQ_MSI_WORD_BYTES 64u

static bool cmdq_msi_capable(const struct smmuv3_inst *smmu)
{
	bool msi = smmuv3_bank_msi(smmu);

	/* Polling a word the SMMU writes needs the write to be coherent. */
	return msi && smmu->coherent;
}

bool smmuv3_cmdq_sync_mode_ok(const struct smmuv3_inst *smmu, enum smmuv3_sync_mode mode)
{
	const struct smmuv3_cmdq *cq = &smmu->cmdq;

	switch (mode) {
	case SMMUV3_SYNC_POLL:
		return true;
	case SMMUV3_SYNC_SEV:
		return smmu->feat.sev && !(cq->quirks & SMMUV3_CMDQ_QUIRK_NO_SEV);
	case SMMUV3_SYNC_MSI:
		return cq->msi_word && !(cq->quirks & SMMUV3_CMDQ_QUIRK_NO_MSI_SYNC);
	default:
		return false;
	}
}

enum smmuv3_sync_mode smmuv3_cmdq_best_sync_mode(const struct smmuv3_inst *smmu)
{
	/* A memory write is cheapest to wait for; SEV at least lets the CPU
	 * sleep between polls. */
	if (smmuv3_cmdq_sync_mode_ok(smmu, SMMUV3_SYNC_MSI))
		return SMMUV3_SYNC_MSI;
	if (smmuv3_cmdq_sync_mode_ok(smmu, SMMUV3_SYNC_SEV))
		return SMMUV3_SYNC_SEV;
	return SMMUV3_SYNC_POLL;
}

void smmuv3_cmdq_use_mode(struct smmuv3_inst *smmu, enum smmuv3_sync_mode mode)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;

	cq->sync_mode = mode;
	switch (mode) {
	case SMMUV3_SYNC_MSI:
		/* The payload is ORed in per CMD_SYNC (submit.c). */
		cq->sync_cmd = smmuv3_cmd_sync_msi(cq->msi_word_pa, 0, true);
		break;
	case SMMUV3_SYNC_SEV:
		cq->sync_cmd = smmuv3_cmd_sync_sev();
		break;
	case SMMUV3_SYNC_POLL:
	default:
		cq->sync_cmd = smmuv3_cmd_sync();
		break;
	}
}

int smmuv3_cmdq_alloc(struct smmuv3_inst *smmu)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;
	uint32_t log2 = smmuv3_queue_log2(smmu->cfg.cmdq_log2, SMMUV3_DEFAULT_CMDQ_LOG2,
					  smmu->feat.cmdq_log2);
	int rc;

	rc = smmuv3_queue_alloc(smmu, &cq->q, log2, sizeof(struct smmuv3_cmd),
				smmuv3_breg(smmu, SMMUV3_CMDQ_BASE),
				smmuv3_breg(smmu, SMMUV3_CMDQ_PROD),
				smmuv3_breg(smmu, SMMUV3_CMDQ_CONS));
	if (rc)
		return rc;
	cq->msi_word = NULL;
	cq->msi_word_pa = 0;
	if (cmdq_msi_capable(smmu)) {
		cq->msi_word = smmuv3_dma_alloc(smmu, CMDQ_MSI_WORD_BYTES, CMDQ_MSI_WORD_BYTES,
						&cq->msi_word_pa);
		if (!cq->msi_word) {
			smmuv3_queue_free(smmu, &cq->q);
			return SMMUV3_ERR_NOMEM;
		}
	}
	cq->quirks = 0;
	cq->sync_every = 0;
	smmuv3_cmdq_apply_quirks(smmu);
	smmuv3_cmdq_use_mode(smmu, smmuv3_cmdq_best_sync_mode(smmu));
	cq->subs = NULL;
	cq->sync_end = UINT32_MAX;
	smmuv3_cmdq_fast_setup(cq);
	cq->since_sync = 0;
	cq->published = 0;
	cq->msi_seq = 0;
	memset(&cq->stats, 0, sizeof(cq->stats));
	return 0;
}

void smmuv3_cmdq_fast_setup(struct smmuv3_cmdq *cq)
{
	uint32_t ents = UINT32_C(1) << cq->q.log2size;
	bool quirky = cq->sync_every || (cq->quirks & SMMUV3_CMDQ_QUIRK_SKIP_PREFETCH);

	cq->wrap_mask = 2 * ents - 1;
	cq->fast_ents = quirky ? 0 : ents;
	cq->fast_room = cq->subs ? 0 : cq->fast_ents;
}

void smmuv3_cmdq_free(struct smmuv3_inst *smmu)
{
	struct smmuv3_cmdq *cq = &smmu->cmdq;

	if (cq->msi_word)
		smmuv3_dma_free(smmu, (void *)(uintptr_t)cq->msi_word, CMDQ_MSI_WORD_BYTES);
	cq->msi_word = NULL;
	smmuv3_queue_free(smmu, &cq->q);
}

void smmuv3_cmdq_program(struct smmuv3_inst *smmu)
{
	smmuv3_queue_program(smmu, &smmu->cmdq.q, SMMUV3_Q_BASE_RA);
	smmu->cmdq.published = 0;
	smmu->cmdq.sync_end = UINT32_MAX;
}

int smmuv3_cmdq_set_sync_mode(struct smmuv3 *smmu_pub, enum smmuv3_sync_mode mode)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	int rc = 0;

	if (!smmu || (unsigned int)mode > SMMUV3_SYNC_MSI)
		return SMMUV3_ERR_INVAL;
	if (!smmu->cmdq.q.base)
		return SMMUV3_ERR_STATE;
	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->cmdq.lock);
	if (smmuv3_cmdq_sync_mode_ok(smmu, mode))
		smmuv3_cmdq_use_mode(smmu, mode);
	else
		rc = SMMUV3_ERR_NOTSUP;
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->cmdq.lock);
	return rc;
}

int smmuv3_cmdq_add_quirks(struct smmuv3 *smmu_pub, uint32_t flags, unsigned int sync_every)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	const uint32_t known = SMMUV3_CMDQ_QUIRK_NO_SEV | SMMUV3_CMDQ_QUIRK_NO_MSI_SYNC |
			       SMMUV3_CMDQ_QUIRK_SKIP_PREFETCH;
	struct smmuv3_cmdq *cq;

	if (!smmu || (flags & ~known))
		return SMMUV3_ERR_INVAL;
	cq = &smmu->cmdq;
	smmuv3_port_lock_acquire(smmu->cfg.port, &cq->lock);
	cq->quirks |= flags;
	if (sync_every)
		cq->sync_every = sync_every;
	smmuv3_cmdq_fast_setup(cq);
	/* A mode the new quirks forbid falls back to the best allowed one. */
	if (!smmuv3_cmdq_sync_mode_ok(smmu, cq->sync_mode))
		smmuv3_cmdq_use_mode(smmu, smmuv3_cmdq_best_sync_mode(smmu));
	smmuv3_port_lock_release(smmu->cfg.port, &cq->lock);
	return 0;
}

int smmuv3_cmdq_get_stats(struct smmuv3 *smmu_pub, struct smmuv3_cmdq_stats *out)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	if (!smmu || !out)
		return SMMUV3_ERR_INVAL;
	smmuv3_port_lock_acquire(smmu->cfg.port, &smmu->cmdq.lock);
	*out = smmu->cmdq.stats;
	smmuv3_port_lock_release(smmu->cfg.port, &smmu->cmdq.lock);
	return 0;
}
