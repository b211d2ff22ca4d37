/* SPDX-License-Identifier: BSD-3-Clause */
/* Event and PRI queue hooks used by the reset sequence. */
#ifndef SMMUV3_LIB_EVTQ_INTERNAL_H
#define SMMUV3_LIB_EVTQ_INTERNAL_H

#include <stdbool.h>

struct smmuv3;

/* Event record and PRI request sizes in bytes. */
#define SMMUV3_EVT_BYTES 32u
#define SMMUV3_PRI_BYTES 16u

int smmuv3_evtq_alloc(struct smmuv3 *smmu);
void smmuv3_evtq_free(struct smmuv3 *smmu);
void smmuv3_evtq_program(struct smmuv3 *smmu);
/* True when this instance runs a PRI queue (Non-secure bank and IDR0.PRI). */
bool smmuv3_priq_used(const struct smmuv3 *smmu);

#endif
