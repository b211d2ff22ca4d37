/* SPDX-License-Identifier: BSD-3-Clause */
/* Command queue hooks used by the reset sequence. */
#ifndef SMMUV3_LIB_CMDQ_INTERNAL_H
#define SMMUV3_LIB_CMDQ_INTERNAL_H

struct smmuv3;

int smmuv3_cmdq_alloc(struct smmuv3 *smmu);
void smmuv3_cmdq_free(struct smmuv3 *smmu);
/* Program CMDQ_BASE/PROD/CONS; the queue is enabled by the caller. */
void smmuv3_cmdq_program(struct smmuv3 *smmu);

#endif
