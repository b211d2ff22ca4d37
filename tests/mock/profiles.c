// SPDX-License-Identifier: BSD-3-Clause
/* ID register profiles of the SMMUs the mock can pretend to be. */
#include "mock_arch.h"
#include "smmuv3_mock.h"

#define P(reg, field, v) ((uint32_t)MA_FPREP(MA_##reg##_##field, v))

/* Read from QEMU 10.0's virt machine (see shared/docs). */
const struct smmuv3_mock_profile smmuv3_mock_profile_qemu = {
	.name = "qemu-10.0-virt",
	.idr = { 0x0d44101b, 0x02730010, 0, 0x1414, 0, 0x74 },
	.iidr = 0,
	.aidr = 1,
	.qemu_ste_checks = true,
};

const struct smmuv3_mock_profile smmuv3_mock_profile_mmu600 = {
	.name = "mmu-600-like",
	.idr = {
		P(IDR0, S2P, 1) | P(IDR0, S1P, 1) | P(IDR0, TTF, MA_IDR0_TTF_BOTH) |
		P(IDR0, COHACC, 1) | P(IDR0, BTM, 1) |
		P(IDR0, HTTU, MA_IDR0_HTTU_ACCESS_DIRTY) | P(IDR0, HYP, 1) |
		P(IDR0, ATS, 1) | P(IDR0, ASID16, 1) | P(IDR0, MSI, 1) |
		P(IDR0, SEV, 1) | P(IDR0, PRI, 1) | P(IDR0, VMW, 1) |
		P(IDR0, VMID16, 1) | P(IDR0, CD2L, 1) |
		P(IDR0, ST_LEVEL, MA_IDR0_ST_LEVEL_2LVL),
		P(IDR1, SIDSIZE, 16) | P(IDR1, SSIDSIZE, 20) | P(IDR1, PRIQS, 19) |
		P(IDR1, EVENTQS, 19) | P(IDR1, CMDQS, 19),
		0,
		P(IDR3, HAD, 1),
		0,
		P(IDR5, OAS, 5) | P(IDR5, GRAN4K, 1) | P(IDR5, GRAN16K, 1) |
		P(IDR5, GRAN64K, 1) | P(IDR5, STALL_MAX, 128),
	},
	.iidr = P(IIDR, PRODUCTID, 0x483) | P(IIDR, IMPLEMENTER, 0x43b),
	.aidr = P(AIDR, MINOR, 1),
	.s_idr0 = P(S_IDR0, MSI, 1),
	.s_idr1 = P(S_IDR1, SECURE_IMPL, 1) | P(S_IDR1, S_SIDSIZE, 16),
};

const struct smmuv3_mock_profile smmuv3_mock_profile_minimal = {
	.name = "minimal-s2-only",
	.idr = {
		P(IDR0, S2P, 1) | P(IDR0, TTF, MA_IDR0_TTF_AARCH64) |
		P(IDR0, ST_LEVEL, MA_IDR0_ST_LEVEL_LINEAR) |
		P(IDR0, STALL_MODEL, MA_IDR0_STALL_MODEL_TERM_ONLY),
		P(IDR1, SIDSIZE, 6) | P(IDR1, EVENTQS, 7) | P(IDR1, CMDQS, 8),
		0,
		0,
		0,
		P(IDR5, OAS, 2) | P(IDR5, GRAN4K, 1),
	},
	.iidr = 0,
	.aidr = 0,
};
