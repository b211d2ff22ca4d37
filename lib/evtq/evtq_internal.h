/* SPDX-License-Identifier: BSD-3-Clause */
/* Event queue, PRI queue and GERROR internals shared with reset and cmdq. */
#ifndef SMMUV3_LIB_EVTQ_INTERNAL_H
#define SMMUV3_LIB_EVTQ_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/evtq.h>

struct smmuv3_inst;

/* Event record and PRI request sizes in bytes. */
#define SMMUV3_EVT_BYTES 32u
#define SMMUV3_PRI_BYTES 16u
/* Records are decoded as dword arrays (smmuv3_event_decode(), _pri_decode()). */
_Static_assert(SMMUV3_EVT_BYTES == 4 * sizeof(uint64_t), "an event record is 4 dwords");
_Static_assert(SMMUV3_PRI_BYTES == 2 * sizeof(uint64_t), "a PRI record is 2 dwords");

int smmuv3_evtq_alloc(struct smmuv3_inst *smmu);
void smmuv3_evtq_free(struct smmuv3_inst *smmu);
void smmuv3_evtq_program(struct smmuv3_inst *smmu);
/* True when this instance runs a PRI queue (Non-secure bank and IDR0.PRI). */
bool smmuv3_priq_used(const struct smmuv3_inst *smmu);

/*
 * Interrupt plumbing for reset: program IRQ_CFG0-2 (MSI mode) or clear
 * them (wired), register the port handlers (wired), and say which
 * IRQ_CTRL enables to set. Teardown undoes the registration.
 */
int smmuv3_irq_setup(struct smmuv3_inst *smmu);
uint32_t smmuv3_irq_enables(const struct smmuv3_inst *smmu);
void smmuv3_irq_teardown(struct smmuv3_inst *smmu);

/* Deliver one decoded event / page request to its owner (lock held). */
void smmuv3_evtq_dispatch(struct smmuv3_inst *smmu, const struct smmuv3_event *ev);
void smmuv3_priq_dispatch(struct smmuv3_inst *smmu, const struct smmuv3_pri_req *req);

/* smmuv3_gerror_handle(), adding the records its drains delivered to
 * *@delivered (when not NULL): smmuv3_poll() counts them. */
int smmuv3_gerror_handle_count(struct smmuv3_inst *smmu, int *delivered);

#endif
