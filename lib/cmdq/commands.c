// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command encoders (Arm IHI 0070, chapter 4). Each builds the two
 * command dwords from named fields; nothing here touches the queue.
 * Layouts shared by several commands (StreamID/SubstreamID, the TLBI
 * address and range fields) are built by one helper each, so a field
 * position is written exactly once.
 */
#include <smmuv3/hw/cmdq.h>
#include <smmuv3/errors.h>
#include <smmuv3/hw/regs.h>

#include "cmdq_internal.h"

static struct smmuv3_cmd cmd_op(uint32_t op)
{
	return smmuv3_cmd_opcode_only(op);
}

/* Opcode plus StreamID, and SubstreamID when ssv. */
static struct smmuv3_cmd cmd_stream(uint32_t op, uint32_t sid, uint32_t ssid, bool ssv)
{
	struct smmuv3_cmd c = cmd_op(op);

	c.dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_SID, sid);
	if (ssv)
		c.dw[0] |= SMMUV3_CMD_SSV | SMMUV3_FIELD_PREP(SMMUV3_CMD_SSID, ssid);
	return c;
}

static struct smmuv3_cmd cmd_tlbi(uint32_t op, uint16_t vmid, uint16_t asid)
{
	return smmuv3_cmd_tlbi_op(op, vmid, asid, 0, 0, false, NULL);
}

static struct smmuv3_cmd cmd_tlbi_va(uint32_t op, uint16_t vmid, uint16_t asid, uint64_t va,
				     bool leaf, const struct smmuv3_tlbi_range *range)
{
	return smmuv3_cmd_tlbi_op(op, vmid, asid, SMMUV3_CMD_TLBI_ADDR, va, leaf, range);
}

static struct smmuv3_cmd cmd_tlbi_ipa(uint32_t op, uint16_t vmid, uint64_t ipa, bool leaf,
				      const struct smmuv3_tlbi_range *range)
{
	return smmuv3_cmd_tlbi_op(op, vmid, 0, SMMUV3_CMD_TLBI_IPA, ipa, leaf, range);
}

/* ---- Prefetch ------------------------------------------------------------ */

struct smmuv3_cmd smmuv3_cmd_prefetch_config(uint32_t sid, uint32_t ssid, bool ssv)
{
	return cmd_stream(SMMUV3_OP_PREFETCH_CONFIG, sid, ssid, ssv);
}

struct smmuv3_cmd smmuv3_cmd_prefetch_addr(uint32_t sid, uint32_t ssid, bool ssv,
					   uint64_t addr, unsigned int size_log2)
{
	struct smmuv3_cmd c = cmd_stream(SMMUV3_OP_PREFETCH_ADDR, sid, ssid, ssv);

	/* Size counts 4K strides (Stride = 0, the only SMMUv3.0 value). */
	c.dw[1] = (addr & SMMUV3_CMD_PREFETCH_ADDR) |
		  SMMUV3_FIELD_PREP(SMMUV3_CMD_PREFETCH_SIZE, size_log2);
	return c;
}

/* ---- Configuration invalidation ------------------------------------------ */

struct smmuv3_cmd smmuv3_cmd_cfgi_ste(uint32_t sid, bool leaf)
{
	struct smmuv3_cmd c = cmd_stream(SMMUV3_OP_CFGI_STE, sid, 0, false);

	if (leaf)
		c.dw[1] |= SMMUV3_CMD_LEAF;
	return c;
}

struct smmuv3_cmd smmuv3_cmd_cfgi_ste_range(uint32_t sid, unsigned int range)
{
	struct smmuv3_cmd c = cmd_stream(SMMUV3_OP_CFGI_STE_RANGE, sid, 0, false);

	c.dw[1] = SMMUV3_FIELD_PREP(SMMUV3_CMD_CFGI_RANGE, range);
	return c;
}

struct smmuv3_cmd smmuv3_cmd_cfgi_cd(uint32_t sid, uint32_t ssid, bool leaf)
{
	/* CFGI_CD has no SSV: the SubstreamID is the CD table index. */
	struct smmuv3_cmd c = cmd_stream(SMMUV3_OP_CFGI_CD, sid, 0, false);

	c.dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_SSID, ssid);
	if (leaf)
		c.dw[1] |= SMMUV3_CMD_LEAF;
	return c;
}

struct smmuv3_cmd smmuv3_cmd_cfgi_cd_all(uint32_t sid)
{
	return cmd_stream(SMMUV3_OP_CFGI_CD_ALL, sid, 0, false);
}

/* ---- TLB invalidation ------------------------------------------------------
 * The TLBI commands come in a few shapes (no parameter, VMID, ASID,
 * address with or without ASID/VMID); each shape is encoded once above,
 * and each command is one line naming its shape and opcode. The Secure
 * forms (Secure command queue only) are the Non-secure layouts with
 * their own opcodes.
 */

#define TLBI_NOARG(name, op)                                                        \
	struct smmuv3_cmd name(void)                                                \
	{                                                                           \
		return cmd_op(op);                                                  \
	}
#define TLBI_VMID(name, op)                                                         \
	struct smmuv3_cmd name(uint16_t vmid)                                       \
	{                                                                           \
		return cmd_tlbi(op, vmid, 0);                                       \
	}
#define TLBI_ASID(name, op)                                                         \
	struct smmuv3_cmd name(uint16_t asid)                                       \
	{                                                                           \
		return cmd_tlbi(op, 0, asid);                                       \
	}
#define TLBI_ASID_VA(name, op)                                                      \
	struct smmuv3_cmd name(uint16_t asid, uint64_t va, bool leaf,               \
			       const struct smmuv3_tlbi_range *range)               \
	{                                                                           \
		return cmd_tlbi_va(op, 0, asid, va, leaf, range);                   \
	}
#define TLBI_VAA(name, op)                                                          \
	struct smmuv3_cmd name(uint64_t va, bool leaf,                              \
			       const struct smmuv3_tlbi_range *range)               \
	{                                                                           \
		return cmd_tlbi_va(op, 0, 0, va, leaf, range);                      \
	}

TLBI_NOARG(smmuv3_cmd_tlbi_el2_all, SMMUV3_OP_TLBI_EL2_ALL)
TLBI_NOARG(smmuv3_cmd_tlbi_nsnh_all, SMMUV3_OP_TLBI_NSNH_ALL)
TLBI_NOARG(smmuv3_cmd_tlbi_s_el2_all, SMMUV3_OP_TLBI_S_EL2_ALL)
TLBI_NOARG(smmuv3_cmd_tlbi_snh_all, SMMUV3_OP_TLBI_SNH_ALL)
TLBI_NOARG(smmuv3_cmd_tlbi_el3_all, SMMUV3_OP_TLBI_EL3_ALL)
TLBI_VMID(smmuv3_cmd_tlbi_nh_all, SMMUV3_OP_TLBI_NH_ALL)
TLBI_VMID(smmuv3_cmd_tlbi_s12_vmall, SMMUV3_OP_TLBI_S12_VMALL)
TLBI_VMID(smmuv3_cmd_tlbi_s_s12_vmall, SMMUV3_OP_TLBI_S_S12_VMALL)
TLBI_ASID(smmuv3_cmd_tlbi_el2_asid, SMMUV3_OP_TLBI_EL2_ASID)
TLBI_ASID(smmuv3_cmd_tlbi_s_el2_asid, SMMUV3_OP_TLBI_S_EL2_ASID)
TLBI_ASID_VA(smmuv3_cmd_tlbi_el2_va, SMMUV3_OP_TLBI_EL2_VA)
TLBI_ASID_VA(smmuv3_cmd_tlbi_s_el2_va, SMMUV3_OP_TLBI_S_EL2_VA)
TLBI_VAA(smmuv3_cmd_tlbi_el2_vaa, SMMUV3_OP_TLBI_EL2_VAA)
TLBI_VAA(smmuv3_cmd_tlbi_s_el2_vaa, SMMUV3_OP_TLBI_S_EL2_VAA)
TLBI_VAA(smmuv3_cmd_tlbi_el3_va, SMMUV3_OP_TLBI_EL3_VA)

struct smmuv3_cmd smmuv3_cmd_tlbi_nh_asid(uint16_t vmid, uint16_t asid)
{
	return cmd_tlbi(SMMUV3_OP_TLBI_NH_ASID, vmid, asid);
}

struct smmuv3_cmd smmuv3_cmd_tlbi_nh_va(uint16_t vmid, uint16_t asid, uint64_t va, bool leaf,
					const struct smmuv3_tlbi_range *range)
{
	return cmd_tlbi_va(SMMUV3_OP_TLBI_NH_VA, vmid, asid, va, leaf, range);
}

struct smmuv3_cmd smmuv3_cmd_tlbi_nh_vaa(uint16_t vmid, uint64_t va, bool leaf,
					 const struct smmuv3_tlbi_range *range)
{
	return cmd_tlbi_va(SMMUV3_OP_TLBI_NH_VAA, vmid, 0, va, leaf, range);
}

struct smmuv3_cmd smmuv3_cmd_tlbi_s2_ipa(uint16_t vmid, uint64_t ipa, bool leaf,
					 const struct smmuv3_tlbi_range *range)
{
	return cmd_tlbi_ipa(SMMUV3_OP_TLBI_S2_IPA, vmid, ipa, leaf, range);
}

/* NS (dword 1 bit 1, beside Leaf) picks the IPA space of the Secure
 * translation regime: 0 Secure, 1 Non-secure (IHI 0070 4.4.3.3). */
struct smmuv3_cmd smmuv3_cmd_tlbi_s_s2_ipa(uint16_t vmid, uint64_t ipa, bool leaf, bool ns,
					   const struct smmuv3_tlbi_range *range)
{
	struct smmuv3_cmd c = cmd_tlbi_ipa(SMMUV3_OP_TLBI_S_S2_IPA, vmid, ipa, leaf, range);

	if (ns)
		c.dw[1] |= SMMUV3_CMD_TLBI_S2_NS;
	return c;
}

/* ---- ATS, PRI, stall ------------------------------------------------------ */

struct smmuv3_cmd smmuv3_cmd_atc_inv(uint32_t sid, uint32_t ssid, bool ssv, bool global,
				     uint64_t addr, unsigned int size_log2)
{
	struct smmuv3_cmd c = cmd_stream(SMMUV3_OP_ATC_INV, sid, ssid, ssv);

	if (global)
		c.dw[0] |= SMMUV3_CMD_ATC_GLOBAL;
	c.dw[1] = (addr & SMMUV3_CMD_ATC_ADDR) |
		  SMMUV3_FIELD_PREP(SMMUV3_CMD_ATC_SIZE, size_log2);
	return c;
}

struct smmuv3_cmd smmuv3_cmd_pri_resp(uint32_t sid, uint32_t ssid, bool ssv, uint16_t prgi,
				      enum smmuv3_pri_resp resp)
{
	struct smmuv3_cmd c = cmd_stream(SMMUV3_OP_PRI_RESP, sid, ssid, ssv);

	c.dw[1] = SMMUV3_FIELD_PREP(SMMUV3_CMD_PRI_PRGI, prgi) |
		  SMMUV3_FIELD_PREP(SMMUV3_CMD_PRI_RESP, resp);
	return c;
}

struct smmuv3_cmd smmuv3_cmd_resume(uint32_t sid, bool ssec, uint16_t stag,
				    enum smmuv3_resume_action action)
{
	struct smmuv3_cmd c = cmd_stream(SMMUV3_OP_RESUME, sid, 0, false);

	switch (action) {
	case SMMUV3_RESUME_RETRY:
		c.dw[0] |= SMMUV3_CMD_RESUME_AC;
		break;
	case SMMUV3_RESUME_TERMINATE:
		break;
	case SMMUV3_RESUME_ABORT:
	default:
		/* Anything unrecognised ends the transaction safely. */
		c.dw[0] |= SMMUV3_CMD_RESUME_AB;
		break;
	}
	if (ssec)
		c.dw[0] |= SMMUV3_CMD_SSEC;
	c.dw[1] = SMMUV3_FIELD_PREP(SMMUV3_CMD_RESUME_STAG, stag);
	return c;
}

struct smmuv3_cmd smmuv3_cmd_stall_term(uint32_t sid, bool ssec)
{
	struct smmuv3_cmd c = cmd_stream(SMMUV3_OP_STALL_TERM, sid, 0, false);

	if (ssec)
		c.dw[0] |= SMMUV3_CMD_SSEC;
	return c;
}

struct smmuv3_cmd smmuv3_cmd_secure(struct smmuv3_cmd cmd)
{
	cmd.dw[0] |= SMMUV3_CMD_SSEC;
	return cmd;
}

/* ---- CMD_SYNC -------------------------------------------------------------- */

struct smmuv3_cmd smmuv3_cmd_sync_sev(void)
{
	struct smmuv3_cmd c = cmd_op(SMMUV3_OP_CMD_SYNC);

	c.dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_SYNC_CS, SMMUV3_CMD_SYNC_CS_SEV);
	return c;
}

struct smmuv3_cmd smmuv3_cmd_sync_msi(uint64_t addr, uint32_t data, bool coherent)
{
	struct smmuv3_cmd c = cmd_op(SMMUV3_OP_CMD_SYNC);

	/* CS = IRQ with an address: the SMMU writes data there on completion.
	 * A coherent write lets the CPU observe it by polling cached memory. */
	c.dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_SYNC_CS, SMMUV3_CMD_SYNC_CS_IRQ) |
		   SMMUV3_FIELD_PREP(SMMUV3_CMD_SYNC_MSIDATA, data);
	if (coherent)
		c.dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_SYNC_MSH, SMMUV3_CMD_SYNC_MSH_ISH) |
			   SMMUV3_FIELD_PREP(SMMUV3_CMD_SYNC_MSIATTR, SMMUV3_MEMATTR_OIWB);
	else
		c.dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_SYNC_MSIATTR, SMMUV3_MEMATTR_DEVICE_nGnRE);
	c.dw[1] = addr & SMMUV3_CMD_SYNC_MSIADDR;
	return c;
}

/* ---- Range planning ------------------------------------------------------- */

int smmuv3_tlbi_range_plan(unsigned int granule_log2, uint64_t pages, unsigned int ttl,
			   struct smmuv3_tlbi_range *range, uint64_t *covered)
{
	unsigned int scale;
	uint64_t num;

	if (!range || !covered || !pages || ttl > 3)
		return SMMUV3_ERR_INVAL;
	switch (granule_log2) {
	case 12:
		range->tg = 1;
		break;
	case 14:
		range->tg = 2;
		/* TTL = 1 is Reserved for 16K without IDR5.DS (which the
		 * library does not enable) and the SMMU treats it as 0: say
		 * so, or a single granule would get the Reserved form below. */
		if (ttl == 1)
			ttl = 0;
		break;
	case 16:
		range->tg = 3;
		break;
	default:
		return SMMUV3_ERR_INVAL;
	}
	/*
	 * One command covers (NUM + 1) << SCALE granules. Taking SCALE at the
	 * lowest set bit of pages and NUM + 1 from the five bits above it
	 * covers those bits exactly; what is left has its lowest set bit
	 * higher up, so a whole range needs one command per five-bit group.
	 */
	scale = (unsigned int)__builtin_ctzll(pages);
	if (scale > 31) {
		scale = 31;
		num = pages >> scale;
		if (num > 32)
			num = 32;
	} else {
		num = (pages >> scale) & 31u; /* bit 0 set: never 0 */
	}
	range->scale = (uint8_t)scale;
	range->num = (uint8_t)(num - 1);
	range->ttl = (uint8_t)ttl;
	/* NUM == 0, SCALE == 0, TTL == 0 is Reserved (CERROR_ILL): a single
	 * granule without a level hint needs no range at all. */
	if (!range->num && !range->scale && !ttl)
		range->tg = 0;
	*covered = num << scale;
	return 0;
}
