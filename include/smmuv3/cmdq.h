/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file cmdq.h
 * @brief Command queue: command encoding and submission.
 */
#ifndef SMMUV3_CMDQ_H
#define SMMUV3_CMDQ_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/bits.h>
#include <smmuv3/port.h>
#include <smmuv3/queue.h>

struct smmuv3;

/** One 16-byte command as it is written to the queue. */
struct smmuv3_cmd {
	uint64_t dw[2];
};

/* Opcodes (command dword 0 bits [7:0]). */
#define SMMUV3_CMD_OPCODE SMMUV3_GENMASK(7, 0)
#define SMMUV3_OP_PREFETCH_CONFIG 0x01u
#define SMMUV3_OP_PREFETCH_ADDR 0x02u
#define SMMUV3_OP_CFGI_STE 0x03u
#define SMMUV3_OP_CFGI_STE_RANGE 0x04u
#define SMMUV3_OP_CFGI_ALL 0x04u /* CFGI_STE_RANGE with Range = 31 */
#define SMMUV3_OP_CFGI_CD 0x05u
#define SMMUV3_OP_CFGI_CD_ALL 0x06u
#define SMMUV3_OP_CFGI_VMS_PIDM 0x07u
#define SMMUV3_OP_TLBI_NH_ALL 0x10u
#define SMMUV3_OP_TLBI_NH_ASID 0x11u
#define SMMUV3_OP_TLBI_NH_VA 0x12u
#define SMMUV3_OP_TLBI_NH_VAA 0x13u
#define SMMUV3_OP_TLBI_EL3_ALL 0x18u
#define SMMUV3_OP_TLBI_EL3_VA 0x1au
#define SMMUV3_OP_TLBI_EL2_ALL 0x20u
#define SMMUV3_OP_TLBI_EL2_ASID 0x21u
#define SMMUV3_OP_TLBI_EL2_VA 0x22u
#define SMMUV3_OP_TLBI_EL2_VAA 0x23u
#define SMMUV3_OP_TLBI_S12_VMALL 0x28u
#define SMMUV3_OP_TLBI_S2_IPA 0x2au
#define SMMUV3_OP_TLBI_NSNH_ALL 0x30u
#define SMMUV3_OP_TLBI_SNH_ALL 0x60u
#define SMMUV3_OP_TLBI_S_EL2_ALL 0x50u
#define SMMUV3_OP_TLBI_S_EL2_ASID 0x51u
#define SMMUV3_OP_TLBI_S_EL2_VA 0x52u
#define SMMUV3_OP_TLBI_S_EL2_VAA 0x53u
#define SMMUV3_OP_TLBI_S_S12_VMALL 0x58u
#define SMMUV3_OP_TLBI_S_S2_IPA 0x5au
#define SMMUV3_OP_ATC_INV 0x40u
#define SMMUV3_OP_PRI_RESP 0x41u
#define SMMUV3_OP_RESUME 0x44u
#define SMMUV3_OP_STALL_TERM 0x45u
#define SMMUV3_OP_CMD_SYNC 0x46u

/* Common fields. */
#define SMMUV3_CMD_SSEC SMMUV3_BIT(10)        /* dw0: Secure stream / Secure config */
#define SMMUV3_CMD_SID SMMUV3_GENMASK(63, 32) /* dw0 */
#define SMMUV3_CMD_SSID SMMUV3_GENMASK(31, 12) /* dw0 */
#define SMMUV3_CMD_SSV SMMUV3_BIT(11)         /* dw0 */
#define SMMUV3_CMD_LEAF SMMUV3_BIT(0)         /* dw1 (CFGI_STE, CFGI_CD, TLBI_*VA) */
#define SMMUV3_CMD_CFGI_RANGE SMMUV3_GENMASK(4, 0) /* dw1 of CFGI_STE_RANGE */

/* CMD_SYNC. */
#define SMMUV3_CMD_SYNC_CS SMMUV3_GENMASK(13, 12)
#define SMMUV3_CMD_SYNC_CS_NONE 0u
#define SMMUV3_CMD_SYNC_CS_IRQ 1u
#define SMMUV3_CMD_SYNC_CS_SEV 2u
#define SMMUV3_CMD_SYNC_MSH SMMUV3_GENMASK(23, 22)
#define SMMUV3_CMD_SYNC_MSIATTR SMMUV3_GENMASK(27, 24)
#define SMMUV3_CMD_SYNC_MSIDATA SMMUV3_GENMASK(63, 32)
#define SMMUV3_CMD_SYNC_MSIADDR SMMUV3_GENMASK(55, 2) /* dw1 */

/** @brief CMD_SYNC that signals nothing: completion is seen by polling CONS. */
static inline struct smmuv3_cmd smmuv3_cmd_sync(void)
{
	struct smmuv3_cmd c = { { SMMUV3_FIELD_PREP(SMMUV3_CMD_OPCODE, SMMUV3_OP_CMD_SYNC), 0 } };
	return c;
}

/** @brief CFGI_ALL: invalidate every cached STE and CD. */
static inline struct smmuv3_cmd smmuv3_cmd_cfgi_all(void)
{
	struct smmuv3_cmd c = { { SMMUV3_FIELD_PREP(SMMUV3_CMD_OPCODE, SMMUV3_OP_CFGI_ALL),
				  SMMUV3_FIELD_PREP(SMMUV3_CMD_CFGI_RANGE, 31) } };
	return c;
}

/** @brief Command with only an opcode (TLBI_NSNH_ALL, TLBI_EL2_ALL...). */
static inline struct smmuv3_cmd smmuv3_cmd_opcode_only(uint32_t op)
{
	struct smmuv3_cmd c = { { SMMUV3_FIELD_PREP(SMMUV3_CMD_OPCODE, op), 0 } };
	return c;
}

/** Command queue state inside struct smmuv3. */
struct smmuv3_cmdq {
	struct smmuv3_queue q;
	struct smmuv3_port_lock lock;
};

/**
 * @brief Submit @p n commands and, if @p sync, a CMD_SYNC after them, then
 *        wait until the SMMU has consumed (and, with sync, completed) them.
 *
 * @return 0; SMMUV3_ERR_STATE when the queue is not enabled;
 *         SMMUV3_ERR_TIMEOUT when the SMMU does not consume in time;
 *         SMMUV3_ERR_CMD_ILL / _ABT / _ATC when the SMMU reported a command
 *         error for one of these commands.
 */
int smmuv3_cmdq_submit(struct smmuv3 *smmu, const struct smmuv3_cmd *cmds,
		       unsigned int n, bool sync);

#endif /* SMMUV3_CMDQ_H */
