/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SMMUV3_MOCK_INTERNAL_H
#define SMMUV3_MOCK_INTERNAL_H

#include "mock_arch.h"
#include "smmuv3_mock.h"

uint64_t mock_reg64(const struct smmuv3_mock *m, uint32_t off);
/* Side effects of a plain register write (queue doorbells, GERRORN). */
void mock_after_write(struct smmuv3_mock *m, uint32_t off, int bank);

/* Side effects of a register read, before its value is returned. */
void mock_before_read(struct smmuv3_mock *m, uint32_t ns_off, int bank);

/* Page-table area: TLB maintenance for a consumed command. */
void mock_tlb_on_cmd(struct smmuv3_mock *m, int bank, const uint64_t *dw);

/* Stall area: CMD_RESUME / CMD_STALL_TERM for a consumed command. */
void mock_stall_on_cmd(struct smmuv3_mock *m, const struct smmuv3_mock_cmd *cmd);
/* Stall area: CMD_RESUME / CMD_STALL_TERM where the queue cannot stall. */
bool mock_stall_cmd_illegal(const struct smmuv3_mock *m, int bank, const struct smmuv3_mock_cmd *cmd);

/* Page-table area: the walk parameters of stage 1 (from a decoded CD's
 * TTB0 half) and of stage 2 (from a decoded STE, Secure or Non-secure). */
/* The TLB regime (SMMUV3_MOCK_REGIME_*) of a stage 1 under STE.STRW. */
unsigned int mock_regime(unsigned int strw);
void mock_stage1_from_cd(const struct smmuv3_mock_cd_info *cd, struct smmuv3_mock_stage *s1);
void mock_stage2_from_ste(const struct smmuv3_mock_ste_info *ste, bool secure,
			  struct smmuv3_mock_stage *s2);

#endif
