// SPDX-License-Identifier: BSD-3-Clause
/*
 * Reset and enable, in the order the architecture prescribes: stop
 * incoming traffic (GBPA abort, SMMUEN off), point the SMMU at fresh
 * tables and queues, invalidate anything it may have cached, and only
 * then enable translation. Every register handshake is time-bounded.
 *
 * The SMMU may come from an earlier boot stage in any state (enabled or
 * not, interrupts on, global errors and queue overflows pending, the
 * command queue halted on an error): nothing of it is adopted. See
 * docs/architecture.md, "Handover from an earlier stage".
 */
#include "core/internal.h"
#include "cmdq/cmdq_internal.h"
#include "evtq/evtq_internal.h"
#include "strtab/strtab_internal.h"
#include "domain/domain_internal.h"

/* Write CR0 and wait until CR0ACK reflects it. */
static int cr0_write(struct smmuv3_inst *smmu, uint32_t val)
{
	int rc;

	smmuv3_write32(smmu, smmuv3_breg(smmu, SMMUV3_CR0), val);
	rc = smmuv3_wait_reg32(smmu, smmuv3_breg(smmu, SMMUV3_CR0ACK), ~0u, val, NULL);
	if (rc) {
		smmuv3_err(smmu, "CR0 write %08x not acknowledged", val);
		return rc;
	}
	smmu->cr0 = val;
	return 0;
}

/*
 * Make GBPA abort all traffic while SMMUEN is off. Firmware (TF-A) may
 * already have set it; then nothing is written.
 */
static int gbpa_set_abort(struct smmuv3_inst *smmu)
{
	uint32_t off = smmuv3_breg(smmu, SMMUV3_GBPA);
	uint32_t gbpa;
	int rc;

	rc = smmuv3_wait_reg32(smmu, off, SMMUV3_GBPA_UPDATE, 0, &gbpa);
	if (rc) {
		smmuv3_err(smmu, "GBPA update already in progress and stuck");
		return rc;
	}
	if (gbpa & SMMUV3_GBPA_ABORT)
		return 0;
	smmuv3_write32(smmu, off, gbpa | SMMUV3_GBPA_ABORT | SMMUV3_GBPA_UPDATE);
	rc = smmuv3_wait_reg32(smmu, off, SMMUV3_GBPA_UPDATE, 0, NULL);
	if (rc)
		smmuv3_err(smmu, "GBPA update not completed");
	return rc;
}

static int irq_ctrl_write(struct smmuv3_inst *smmu, uint32_t val)
{
	int rc;

	smmuv3_write32(smmu, smmuv3_breg(smmu, SMMUV3_IRQ_CTRL), val);
	rc = smmuv3_wait_reg32(smmu, smmuv3_breg(smmu, SMMUV3_IRQ_CTRLACK), ~0u, val, NULL);
	if (rc)
		smmuv3_err(smmu, "IRQ_CTRL write %08x not acknowledged", val);
	return rc;
}

/* Stop translation and queues with traffic aborting, not bypassing. */
static int smmu_disable(struct smmuv3_inst *smmu)
{
	int rc = gbpa_set_abort(smmu);

	if (rc)
		return rc;
	return cr0_write(smmu, 0);
}

/*
 * Global errors an earlier agent left active (a CMDQ_ERR with the queue
 * halted, an event queue abort, ...) belong to tables and queues that are
 * about to be replaced: log and acknowledge them while every queue is off,
 * so the new command queue starts unhalted.
 */
static void gerror_ack_stale(struct smmuv3_inst *smmu)
{
	uint32_t active = smmuv3_gerror_active(smmu);

	if (!active)
		return;
	smmuv3_warn(smmu, "acknowledging global errors left by an earlier stage: %#x",
		    (unsigned int)active);
	smmuv3_gerror_ack(smmu, active);
}

/*
 * Quiesce whatever an earlier stage left running: traffic aborts (GBPA),
 * translation and queues off, interrupts off before any of their targets
 * or queues is reprogrammed, stale global errors acknowledged.
 */
static int smmu_quiesce(struct smmuv3_inst *smmu)
{
	int rc = smmu_disable(smmu);

	if (!rc)
		rc = irq_ctrl_write(smmu, 0);
	if (!rc)
		gerror_ack_stale(smmu);
	return rc;
}

/*
 * S_INIT.INV_ALL may be ignored while any SMMUEN is 1 (IHI 0070 6.3.62),
 * and the Non-secure world may well have its SMMU enabled: the Secure
 * reset therefore also invalidates by command (secure_tlbi_all()).
 */
static int secure_invalidate_all(struct smmuv3_inst *smmu)
{
	int rc;

	smmuv3_write32(smmu, SMMUV3_S_INIT, SMMUV3_S_INIT_INV_ALL);
	rc = smmuv3_wait_reg32(smmu, SMMUV3_S_INIT, SMMUV3_S_INIT_INV_ALL, 0, NULL);
	if (rc)
		smmuv3_err(smmu, "S_INIT.INV_ALL did not complete");
	return rc;
}

static int alloc_all(struct smmuv3_inst *smmu)
{
	int rc = smmuv3_strtab_alloc(smmu);

	if (!rc)
		rc = smmuv3_cmdq_alloc(smmu);
	if (!rc)
		rc = smmuv3_evtq_alloc(smmu);
	return rc;
}

static void free_all(struct smmuv3_inst *smmu)
{
	/* Domains hold ASIDs/VMIDs and tables of this instance: they end
	 * with it (their handles then say SMMUV3_ERR_STALE). */
	smmuv3_domains_end(smmu);
	smmuv3_ids_free(smmu);
	smmuv3_evtq_free(smmu);
	smmuv3_cmdq_free(smmu);
	smmuv3_strtab_free(smmu);
}

static void program_attributes(struct smmuv3_inst *smmu)
{
	uint32_t sh = smmu->coherent ? SMMUV3_CR1_SH_ISH : SMMUV3_CR1_SH_OSH;
	uint32_t cache = smmu->coherent ? SMMUV3_CR1_CACHE_WB : SMMUV3_CR1_CACHE_NC;
	uint32_t cr1 = SMMUV3_FIELD_PREP(SMMUV3_CR1_TABLE_SH, sh) |
		       SMMUV3_FIELD_PREP(SMMUV3_CR1_TABLE_OC, cache) |
		       SMMUV3_FIELD_PREP(SMMUV3_CR1_TABLE_IC, cache) |
		       SMMUV3_FIELD_PREP(SMMUV3_CR1_QUEUE_SH, sh) |
		       SMMUV3_FIELD_PREP(SMMUV3_CR1_QUEUE_OC, cache) |
		       SMMUV3_FIELD_PREP(SMMUV3_CR1_QUEUE_IC, cache);
	/* Bad StreamIDs are worth an event. TLB maintenance stays private
	 * (PTM) unless the integrator asked for broadcast invalidation and
	 * the SMMU takes part in it (IDR0.BTM): with PTM = 1 the SMMU may
	 * ignore a CPU's TLBI, so SMMUV3_INVAL_BROADCAST domains would
	 * never be invalidated (IHI 0070 6.3.12). */
	uint32_t cr2 = SMMUV3_CR2_RECINVSID;

	if (!smmuv3_broadcast_tlbi(smmu))
		cr2 |= SMMUV3_CR2_PTM;

	smmuv3_write32(smmu, smmuv3_breg(smmu, SMMUV3_CR1), cr1);
	smmuv3_write32(smmu, smmuv3_breg(smmu, SMMUV3_CR2), cr2);
}

/*
 * Every Secure translation regime the SMMU implements (IHI 0070 4.4.2,
 * 4.4.4): with Secure stage 2, TLBI_SNH_ALL (Secure ALLE1) and
 * TLBI_S_EL2_ALL; without it TLBI_SNH_ALL is Reserved and TLBI_NH_ALL
 * from the Secure queue has Secure ALLE1 scope. EL3 entries need
 * TLBI_EL3_ALL (not with RME, where EL3 StreamWorld does not exist).
 */
static unsigned int secure_tlbi_all(const struct smmuv3_inst *smmu, struct smmuv3_cmd *cmds)
{
	unsigned int n = 0;

	if (smmu->feat.sel2) {
		cmds[n++] = smmuv3_cmd_tlbi_snh_all();
		cmds[n++] = smmuv3_cmd_tlbi_s_el2_all();
	} else if (smmu->feat.stage1) {
		cmds[n++] = smmuv3_cmd_tlbi_nh_all(0);
	}
	if (smmu->feat.stage1 && !smmu->feat.rme)
		cmds[n++] = smmuv3_cmd_tlbi_el3_all();
	return n;
}

/* Forget every configuration and translation the SMMU may have cached. */
static int invalidate_all(struct smmuv3_inst *smmu)
{
	struct smmuv3_cmd cmds[4];
	unsigned int n = 0;

	cmds[n] = smmuv3_cmd_cfgi_all();
	cmds[n++].dw[0] |= smmu->regime->ssec;
	if (smmu->cfg.secure) {
		n += secure_tlbi_all(smmu, &cmds[n]);
	} else {
		if (smmu->feat.hyp)
			cmds[n++] = smmuv3_cmd_opcode_only(SMMUV3_OP_TLBI_EL2_ALL);
		cmds[n++] = smmuv3_cmd_opcode_only(SMMUV3_OP_TLBI_NSNH_ALL);
	}
	return smmuv3_cmdq_submit(smmuv3_inst_pub(smmu), cmds, n, true);
}

static int bring_up(struct smmuv3_inst *smmu)
{
	uint32_t cr0;
	int rc;

	program_attributes(smmu);
	smmuv3_strtab_program(smmu);
	smmuv3_cmdq_program(smmu);
	rc = cr0_write(smmu, SMMUV3_CR0_CMDQEN);
	if (!rc)
		rc = invalidate_all(smmu);
	if (rc)
		return rc;
	smmuv3_evtq_program(smmu);
	cr0 = SMMUV3_CR0_CMDQEN | SMMUV3_CR0_EVENTQEN;
	if (smmuv3_priq_used(smmu))
		cr0 |= SMMUV3_CR0_PRIQEN;
	rc = cr0_write(smmu, cr0);
	/* Interrupt targets are programmed while every enable is off (since
	 * smmu_quiesce()). */
	if (!rc)
		rc = smmuv3_irq_setup(smmu);
	if (!rc && smmuv3_irq_enables(smmu))
		rc = irq_ctrl_write(smmu, smmuv3_irq_enables(smmu));
	if (!rc)
		rc = cr0_write(smmu, cr0 | SMMUV3_CR0_SMMUEN);
	return rc;
}

int smmuv3_reset(struct smmuv3 *smmu_pub)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	int rc;

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	if (smmu->state != SMMUV3_STATE_PROBED)
		return SMMUV3_ERR_STATE;
	rc = smmu_quiesce(smmu);
	if (!rc && smmu->cfg.secure)
		rc = secure_invalidate_all(smmu);
	if (rc)
		return rc;
	rc = alloc_all(smmu);
	if (!rc)
		rc = bring_up(smmu);
	if (rc) {
		/* Leave the SMMU off and aborting; free only what it no longer
		 * reads. A failed disable is reported in the log already. */
		smmu_disable(smmu);
		smmuv3_irq_teardown(smmu);
		free_all(smmu);
		/* A command that met service failure mode marked the instance
		 * FAILED; what smmuv3.h promises is PROBED, ready to retry. */
		smmu->state = SMMUV3_STATE_PROBED;
		return rc;
	}
	smmu->state = SMMUV3_STATE_ENABLED;
	smmuv3_info(smmu, "enabled: %s stream table (%u SID bits), cmdq 2^%u, eventq 2^%u",
		    smmu->strtab.fmt == SMMUV3_STRTAB_BASE_CFG_FMT_2LVL ? "2-level" : "linear",
		    smmu->strtab.log2size, smmu->cmdq.q.log2size, smmu->evtq.q.log2size);
	return 0;
}

int smmuv3_teardown(struct smmuv3 *smmu_pub)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	int rc = 0;

	if (!smmu || smmu->state == SMMUV3_STATE_UNINIT)
		return SMMUV3_ERR_INVAL;
	if (smmu->state == SMMUV3_STATE_ENABLED || smmu->state == SMMUV3_STATE_FAILED) {
		rc = smmu_disable(smmu);
		if (!rc)
			rc = irq_ctrl_write(smmu, 0);
		smmuv3_irq_teardown(smmu);
		free_all(smmu);
		smmu->state = SMMUV3_STATE_PROBED;
	}
	return rc;
}
