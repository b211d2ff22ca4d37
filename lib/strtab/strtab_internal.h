/* SPDX-License-Identifier: BSD-3-Clause */
/* Stream table hooks used by the reset sequence. */
#ifndef SMMUV3_LIB_STRTAB_INTERNAL_H
#define SMMUV3_LIB_STRTAB_INTERNAL_H

struct smmuv3;

int smmuv3_strtab_alloc(struct smmuv3 *smmu);
void smmuv3_strtab_free(struct smmuv3 *smmu);
/* Write STRTAB_BASE and STRTAB_BASE_CFG (SMMUEN must be 0). */
void smmuv3_strtab_program(struct smmuv3 *smmu);

#endif
