// SPDX-License-Identifier: BSD-3-Clause
/*
 * The security state an instance drives, decided once by smmuv3_init():
 * the SSec bit of the commands naming a stream and the TLB invalidation
 * opcodes of each kind of domain (IHI 0070 4.4.2-4.4.4). The Secure
 * forms are the Non-secure layouts with their own opcodes.
 */
#include "internal.h"

#define TLBI_S1_EL1(addr_op, all_op)                                                \
	{ .op_addr = (addr_op), .op_all = (all_op), .addr_mask = SMMUV3_CMD_TLBI_ADDR, \
	  .tag_vmid = true, .tag_asid = true }
#define TLBI_S1_EL2(addr_op, all_op)                                                \
	{ .op_addr = (addr_op), .op_all = (all_op), .addr_mask = SMMUV3_CMD_TLBI_ADDR, \
	  .tag_asid = true }
#define TLBI_S2(addr_op, all_op, both)                                              \
	{ .op_addr = (addr_op), .op_all = (all_op), .addr_mask = SMMUV3_CMD_TLBI_IPA,  \
	  .tag_vmid = true, .both_ipa_spaces = (both) }

static const struct smmuv3_regime regimes[2] = {
	[0] = {
		.ssec = 0,
		.tlbi = {
			[SMMUV3_TLBI_S1_EL1] = TLBI_S1_EL1(SMMUV3_OP_TLBI_NH_VA,
							   SMMUV3_OP_TLBI_NH_ASID),
			[SMMUV3_TLBI_S1_EL2] = TLBI_S1_EL2(SMMUV3_OP_TLBI_EL2_VA,
							   SMMUV3_OP_TLBI_EL2_ASID),
			[SMMUV3_TLBI_S2] = TLBI_S2(SMMUV3_OP_TLBI_S2_IPA,
						   SMMUV3_OP_TLBI_S12_VMALL, false),
		},
	},
	/* On the Secure queue, NH commands apply to Secure EL1 entries. A
	 * Secure stage-2 table serves both IPA spaces of Secure streams
	 * (S2TTB = S_S2TTB, the input NS attribute picks the space, 3.10.2)
	 * and TLBI_S_S2_IPA names one space by its NS bit: both are
	 * invalidated. */
	[1] = {
		.ssec = SMMUV3_CMD_SSEC,
		.tlbi = {
			[SMMUV3_TLBI_S1_EL1] = TLBI_S1_EL1(SMMUV3_OP_TLBI_NH_VA,
							   SMMUV3_OP_TLBI_NH_ASID),
			[SMMUV3_TLBI_S1_EL2] = TLBI_S1_EL2(SMMUV3_OP_TLBI_S_EL2_VA,
							   SMMUV3_OP_TLBI_S_EL2_ASID),
			[SMMUV3_TLBI_S2] = TLBI_S2(SMMUV3_OP_TLBI_S_S2_IPA,
						   SMMUV3_OP_TLBI_S_S12_VMALL, true),
		},
	},
};

const struct smmuv3_regime *smmuv3_regime_of(bool secure)
{
	return &regimes[secure];
}
