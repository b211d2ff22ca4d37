// SPDX-License-Identifier: BSD-3-Clause
#include "libc/mem.h"

#include "internal.h"
#include "queue.h"

uint32_t smmuv3_queue_log2(unsigned int wanted, unsigned int dflt, unsigned int hw_max)
{
	unsigned int log2 = wanted ? wanted : dflt;

	return log2 < hw_max ? log2 : hw_max;
}

int smmuv3_queue_alloc(struct smmuv3_inst *smmu, struct smmuv3_queue *q, uint32_t log2size,
		       uint32_t entry_bytes, uint32_t base_reg, uint32_t prod_reg,
		       uint32_t cons_reg)
{
	size_t bytes = (size_t)entry_bytes << log2size;
	size_t align = bytes < 32 ? 32 : bytes;

	memset(q, 0, sizeof(*q));
	q->base = smmuv3_dma_alloc(smmu, bytes, align, &q->base_pa);
	if (!q->base)
		return SMMUV3_ERR_NOMEM;
	q->bytes = bytes;
	q->log2size = log2size;
	q->entry_bytes = entry_bytes;
	q->base_reg = base_reg;
	q->prod_reg = prod_reg;
	q->cons_reg = cons_reg;
	return 0;
}

void smmuv3_queue_free(struct smmuv3_inst *smmu, struct smmuv3_queue *q)
{
	if (q->base)
		smmuv3_dma_free(smmu, q->base, q->bytes);
	memset(q, 0, sizeof(*q));
}

void smmuv3_queue_program(struct smmuv3_inst *smmu, struct smmuv3_queue *q, uint64_t hint)
{
	uint64_t base = hint | (q->base_pa & SMMUV3_Q_BASE_ADDR) |
			SMMUV3_FIELD_PREP(SMMUV3_Q_BASE_LOG2SIZE, q->log2size);

	q->prod = 0;
	q->cons = 0;
	smmuv3_write64(smmu, q->base_reg, base);
	smmuv3_write32(smmu, q->prod_reg, 0);
	smmuv3_write32(smmu, q->cons_reg, 0);
}
