/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The architecture as the mock reads it: register offsets, register
 * fields, command and event record layouts, transcribed from Arm IHI 0070
 * (chapters 4, 6 and 7) for the mock alone. The library's layout headers
 * (regs.h, cmdq.h, evtq.h, ste.h, cd.h) are never included by the mock
 * (tests/check-mock-independent.sh fails the build if they are), so a
 * wrong mask in the library cannot also be the mock's: the golden-word
 * tests (tests/unit/test_golden.c) compare both against literal words.
 *
 * A field is written "hi, lo": its bit positions as the specification
 * numbers them, absolute in a multi-word structure (a command's Leaf is
 * bit 64, an event's S2 bit 103) and plain in a 32-bit register.
 * MA_GET reads a field from an array of 64-bit words; MA_MASK, MA_FGET and
 * MA_FPREP work inside the 64-bit word that holds it.
 */
#ifndef SMMUV3_MOCK_ARCH_H
#define SMMUV3_MOCK_ARCH_H

#include <stdint.h>

#define MA_HI_(hi, lo) (hi)
#define MA_LO_(hi, lo) (lo)
/* Variadic so that a field passed through another macro (already split
 * into "hi, lo") still arrives as one argument list. */
#define MA_HI(...) MA_HI_(__VA_ARGS__)
#define MA_LO(...) MA_LO_(__VA_ARGS__)
/* In-word mask of a field (positions taken modulo 64). */
#define MA_MASK_(hi, lo) \
	((~UINT64_C(0) >> (63u - (unsigned int)(hi) % 64u)) & \
	 (~UINT64_C(0) << ((unsigned int)(lo) % 64u)))
#define MA_MASK(...) MA_MASK_(__VA_ARGS__)
#define MA_BIT(...) MA_MASK_(__VA_ARGS__)
#define MA_FGET(f, v) (((uint64_t)(v) & MA_MASK(f)) >> (MA_LO(f) % 64u))
#define MA_FPREP(f, v) (((uint64_t)(v) << (MA_LO(f) % 64u)) & MA_MASK(f))
/* Field of a structure of little-endian 64-bit words. */
#define MA_GET(words, f) ((((const uint64_t *)(words))[MA_LO(f) / 64u] & MA_MASK(f)) >> \
			  (MA_LO(f) % 64u))

/* ---- Register frame (6.2) ---- */
#define MA_PAGE1 0x10000u
#define MA_FRAME_SIZE 0x20000u
#define MA_S_BANK 0x8000u
#define MA_IS_SECURE(off) ((off) >= MA_S_BANK && (off) < MA_PAGE1)

#define MA_IDR0 0x0000u
#define MA_IDR0_S2P 0, 0
#define MA_IDR0_S1P 1, 1
#define MA_IDR0_TTF 3, 2
#define MA_IDR0_TTF_AARCH64 2u
#define MA_IDR0_TTF_BOTH 3u
#define MA_IDR0_COHACC 4, 4
#define MA_IDR0_BTM 5, 5
#define MA_IDR0_HTTU 7, 6
#define MA_IDR0_HTTU_ACCESS_DIRTY 2u
#define MA_IDR0_HYP 9, 9
#define MA_IDR0_ATS 10, 10
#define MA_IDR0_ASID16 12, 12
#define MA_IDR0_MSI 13, 13
#define MA_IDR0_SEV 14, 14
#define MA_IDR0_PRI 16, 16
#define MA_IDR0_VMW 17, 17
#define MA_IDR0_VMID16 18, 18
#define MA_IDR0_CD2L 19, 19
#define MA_IDR0_STALL_MODEL 25, 24
#define MA_IDR0_STALL_MODEL_TERM_ONLY 1u
#define MA_IDR0_TERM_MODEL 26, 26
#define MA_IDR0_ST_LEVEL 28, 27
#define MA_IDR0_ST_LEVEL_LINEAR 0u
#define MA_IDR0_ST_LEVEL_2LVL 1u
#define MA_IDR0_RME_IMPL 30, 30
#define MA_IDR1 0x0004u
#define MA_IDR1_SIDSIZE 5, 0
#define MA_IDR1_SSIDSIZE 10, 6
#define MA_IDR1_PRIQS 15, 11
#define MA_IDR1_EVENTQS 20, 16
#define MA_IDR1_CMDQS 25, 21
#define MA_IDR3 0x000cu
#define MA_IDR3_HAD 2, 2
#define MA_IDR3_RIL 10, 10
#define MA_IDR5 0x0014u
#define MA_IDR5_OAS 2, 0
#define MA_IDR5_GRAN4K 4, 4
#define MA_IDR5_GRAN16K 5, 5
#define MA_IDR5_GRAN64K 6, 6
#define MA_IDR5_STALL_MAX 31, 16
#define MA_IIDR 0x0018u
#define MA_IIDR_IMPLEMENTER 11, 0
#define MA_IIDR_PRODUCTID 31, 20
#define MA_AIDR 0x001cu
#define MA_AIDR_MINOR 3, 0

#define MA_CR0 0x0020u
#define MA_CR0_SMMUEN 0, 0
#define MA_CR0_PRIQEN 1, 1
#define MA_CR0_EVENTQEN 2, 2
#define MA_CR0_CMDQEN 3, 3
#define MA_CR0ACK 0x0024u
#define MA_CR1 0x0028u
#define MA_CR2 0x002cu
#define MA_CR2_PTM 2, 2
#define MA_STATUSR 0x0040u
#define MA_GBPA 0x0044u
#define MA_GBPA_ABORT 20, 20
#define MA_GBPA_UPDATE 31, 31
#define MA_IRQ_CTRL 0x0050u
#define MA_IRQ_CTRL_GERROR_IRQEN 0, 0
#define MA_IRQ_CTRL_PRIQ_IRQEN 1, 1
#define MA_IRQ_CTRL_EVENTQ_IRQEN 2, 2
#define MA_IRQ_CTRLACK 0x0054u
#define MA_GERROR 0x0060u
#define MA_GERRORN 0x0064u
#define MA_GERROR_CMDQ_ERR 0, 0
#define MA_GERROR_EVENTQ_ABT_ERR 2, 2
#define MA_GERROR_PRIQ_ABT_ERR 3, 3
#define MA_GERROR_MSI_CMDQ_ABT_ERR 4, 4
#define MA_GERROR_MSI_EVENTQ_ABT_ERR 5, 5
#define MA_GERROR_IRQ_CFG0 0x0068u
#define MA_GERROR_IRQ_CFG1 0x0070u
#define MA_STRTAB_BASE 0x0080u
#define MA_STRTAB_BASE_CFG 0x0088u
#define MA_CMDQ_BASE 0x0090u
#define MA_CMDQ_PROD 0x0098u
#define MA_CMDQ_CONS 0x009cu
#define MA_CMDQ_CONS_ERR 30, 24
#define MA_EVENTQ_BASE 0x00a0u
#define MA_EVENTQ_PROD (MA_PAGE1 + 0x00a8u)
#define MA_EVENTQ_CONS (MA_PAGE1 + 0x00acu)
#define MA_EVENTQ_IRQ_CFG0 0x00b0u
#define MA_EVENTQ_IRQ_CFG1 0x00b8u
#define MA_PRIQ_BASE 0x00c0u
#define MA_PRIQ_PROD (MA_PAGE1 + 0x00c8u)
#define MA_PRIQ_CONS (MA_PAGE1 + 0x00ccu)
#define MA_PRIQ_IRQ_CFG0 0x00d0u
#define MA_PRIQ_IRQ_CFG1 0x00d8u
#define MA_GATOS_SID 0x0108u
#define MA_GATOS_ADDR 0x0110u
#define MA_GATOS_PAR 0x0118u
#define MA_IDR6 0x0190u
/* Queue base and index registers (6.3.24-6.3.35). */
#define MA_Q_BASE_LOG2SIZE 4, 0
#define MA_Q_BASE_ADDR 55, 5
#define MA_Q_OVFLG 31, 31
#define MA_Q_OVACKFLG 31, 31

/* Secure bank: control registers at +0x8000; the Secure event queue
 * indices in page 0 (6.3.40 onwards). */
#define MA_S_IDR0 0x8000u
#define MA_S_IDR0_MSI 13, 13
#define MA_S_IDR1 0x8004u
#define MA_S_IDR1_S_SIDSIZE 5, 0
#define MA_S_IDR1_SEL2 29, 29
#define MA_S_IDR1_SECURE_IMPL 31, 31
#define MA_S_CR0ACK (MA_S_BANK + MA_CR0ACK)
#define MA_S_INIT 0x803cu
#define MA_S_INIT_INV_ALL 0, 0
#define MA_S_GBPA (MA_S_BANK + MA_GBPA)
#define MA_S_EVENTQ_BASE (MA_S_BANK + MA_EVENTQ_BASE)
#define MA_S_EVENTQ_PROD 0x80a8u
#define MA_S_EVENTQ_CONS 0x80acu

/* CMDQ_CONS.ERR codes (4.8). */
#define MA_CERROR_NONE 0u
#define MA_CERROR_ILL 1u
#define MA_CERROR_ABT 2u

/* ---- Commands (chapter 4): two 64-bit words ---- */
#define MA_CMD_OPCODE 7, 0
#define MA_CMD_SSEC 10, 10
#define MA_CMD_SID 63, 32
#define MA_CMD_LEAF 64, 64
#define MA_CMD_TLBI_NUM 16, 12
#define MA_CMD_TLBI_SCALE 24, 20
#define MA_CMD_TLBI_VMID 47, 32
#define MA_CMD_TLBI_ASID 63, 48
#define MA_CMD_TLBI_TTL 73, 72
#define MA_CMD_TLBI_TG 75, 74
#define MA_CMD_TLBI_ADDR 127, 76
#define MA_CMD_TLBI_IPA 119, 76
#define MA_CMD_RESUME_AC 12, 12
#define MA_CMD_RESUME_AB 13, 13
#define MA_CMD_RESUME_STAG 79, 64
#define MA_CMD_SYNC_CS 13, 12
#define MA_CMD_SYNC_CS_IRQ 1u
#define MA_CMD_SYNC_CS_SEV 2u
#define MA_CMD_SYNC_MSIDATA 63, 32
#define MA_CMD_SYNC_MSIADDR 119, 66

#define MA_OP_PREFETCH_CONFIG 0x01u
#define MA_OP_PREFETCH_ADDR 0x02u
#define MA_OP_CFGI_STE 0x03u
#define MA_OP_CFGI_STE_RANGE 0x04u
#define MA_OP_CFGI_CD 0x05u
#define MA_OP_CFGI_CD_ALL 0x06u
#define MA_OP_TLBI_NH_ALL 0x10u
#define MA_OP_TLBI_NH_ASID 0x11u
#define MA_OP_TLBI_NH_VA 0x12u
#define MA_OP_TLBI_NH_VAA 0x13u
#define MA_OP_TLBI_EL3_ALL 0x18u
#define MA_OP_TLBI_EL3_VA 0x1au
#define MA_OP_TLBI_EL2_ALL 0x20u
#define MA_OP_TLBI_EL2_ASID 0x21u
#define MA_OP_TLBI_EL2_VA 0x22u
#define MA_OP_TLBI_EL2_VAA 0x23u
#define MA_OP_TLBI_S12_VMALL 0x28u
#define MA_OP_TLBI_S2_IPA 0x2au
#define MA_OP_TLBI_NSNH_ALL 0x30u
#define MA_OP_ATC_INV 0x40u
#define MA_OP_PRI_RESP 0x41u
#define MA_OP_RESUME 0x44u
#define MA_OP_STALL_TERM 0x45u
#define MA_OP_CMD_SYNC 0x46u
#define MA_OP_TLBI_S_EL2_ALL 0x50u
#define MA_OP_TLBI_S_EL2_ASID 0x51u
#define MA_OP_TLBI_S_EL2_VA 0x52u
#define MA_OP_TLBI_S_EL2_VAA 0x53u
#define MA_OP_TLBI_S_S12_VMALL 0x58u
#define MA_OP_TLBI_S_S2_IPA 0x5au
#define MA_OP_TLBI_SNH_ALL 0x60u

/* ---- Event records (7.3): four 64-bit words ---- */
#define MA_EVT_TYPE 7, 0
#define MA_EVT_SSV 11, 11
#define MA_EVT_SSID 31, 12
#define MA_EVT_SID 63, 32
#define MA_EVT_STAG 79, 64
#define MA_EVT_REASON 79, 64 /* F_UUT, F_STE/CD/VMS_FETCH, F_WALK_EABT */
#define MA_EVT_GPCF 80, 80
#define MA_EVT_STALL 95, 95
#define MA_EVT_PNU 97, 97
#define MA_EVT_IND 98, 98
#define MA_EVT_RNW 99, 99
#define MA_EVT_S2 103, 103
#define MA_EVT_CLASS 105, 104
#define MA_EVT_CLASS_IN 2u
#define MA_EVT_CLASS_TT 1u
#define MA_EVT_IPA 247, 204

#endif /* SMMUV3_MOCK_ARCH_H */
