// SPDX-License-Identifier: BSD-3-Clause
/*
 * ID register decoding. Reserved encodings and combinations the
 * architecture forbids are rejected with SMMUV3_ERR_BADHW rather than
 * turned into sizes: an SIDSIZE of 40 must never become 1 << 40.
 */
#include "libc/mem.h"

#include "internal.h"

#define F(reg, field) SMMUV3_FIELD_GET(SMMUV3_##reg##_##field, reg##_val)

static const unsigned int smmuv3_oas_bits[8] = { 32, 36, 40, 42, 44, 48, 52, 56 };

static int decode_idr0(uint32_t IDR0_val, struct smmuv3_features *f)
{
	unsigned int st_level = F(IDR0, ST_LEVEL);
	unsigned int ttf = F(IDR0, TTF);
	unsigned int endian = F(IDR0, TTENDIAN);
	unsigned int stall = F(IDR0, STALL_MODEL);
	unsigned int httu = F(IDR0, HTTU);

	if (st_level > SMMUV3_IDR0_ST_LEVEL_2LVL || ttf == 0 || endian == 1 ||
	    stall == 3 || httu == 3)
		return SMMUV3_ERR_BADHW;
	f->strtab_2lvl = st_level == SMMUV3_IDR0_ST_LEVEL_2LVL;
	f->ttf_aarch64 = ttf & SMMUV3_IDR0_TTF_AARCH64;
	f->ttf_aarch32 = ttf & SMMUV3_IDR0_TTF_AARCH32;
	f->tt_endian = (enum smmuv3_tt_endian)endian;
	f->stall_model = (enum smmuv3_stall_model)stall;
	f->httu = (enum smmuv3_httu)httu;
	f->stage1 = F(IDR0, S1P);
	f->stage2 = F(IDR0, S2P);
	f->term_model = F(IDR0, TERM_MODEL);
	f->cd_2lvl = F(IDR0, CD2L);
	f->vmid_bits = F(IDR0, VMID16) ? 16 : 8;
	f->asid_bits = F(IDR0, ASID16) ? 16 : 8;
	f->vmw = F(IDR0, VMW);
	f->pri = F(IDR0, PRI);
	f->atos = F(IDR0, ATOS);
	f->vatos = F(IDR0, VATOS);
	f->sev = F(IDR0, SEV);
	f->msi = F(IDR0, MSI);
	f->ats = F(IDR0, ATS);
	f->hyp = F(IDR0, HYP);
	f->dormhint = F(IDR0, DORMHINT);
	f->btm = F(IDR0, BTM);
	f->coherent = F(IDR0, COHACC);
	f->rme = F(IDR0, RME_IMPL);
	if (!f->stage1 && !f->stage2)
		return SMMUV3_ERR_BADHW;
	/* PRI is an extension of ATS; one without the other is contradictory. */
	if (f->pri && !f->ats)
		return SMMUV3_ERR_BADHW;
	return 0;
}

static int decode_idr1(uint32_t IDR1_val, struct smmuv3_features *f)
{
	f->sid_bits = F(IDR1, SIDSIZE);
	f->ssid_bits = F(IDR1, SSIDSIZE);
	f->cmdq_log2 = F(IDR1, CMDQS);
	f->evtq_log2 = F(IDR1, EVENTQS);
	f->priq_log2 = F(IDR1, PRIQS);
	f->queues_preset = F(IDR1, QUEUES_PRESET);
	f->tables_preset = F(IDR1, TABLES_PRESET);
	f->rel = F(IDR1, REL);
	f->ecmdq = F(IDR1, ECMDQ);
	f->attr_types_ovr = F(IDR1, ATTR_TYPES_OVR);
	f->attr_perms_ovr = F(IDR1, ATTR_PERMS_OVR);
	if (f->sid_bits > 32 || f->ssid_bits > 20 ||
	    f->cmdq_log2 > SMMUV3_Q_MAX_LOG2 || f->evtq_log2 > SMMUV3_Q_MAX_LOG2 ||
	    f->priq_log2 > SMMUV3_Q_MAX_LOG2)
		return SMMUV3_ERR_BADHW;
	/* The architecture requires two-level tables above 6 SID bits. */
	if (f->sid_bits >= 7 && !f->strtab_2lvl)
		return SMMUV3_ERR_BADHW;
	return 0;
}

static void decode_idr3(uint32_t IDR3_val, struct smmuv3_features *f)
{
	f->ril = F(IDR3, RIL);
	f->fwb = F(IDR3, FWB);
	f->stt = F(IDR3, STT);
	f->e0pd = F(IDR3, E0PD);
	f->xnx = F(IDR3, XNX);
	f->pps = F(IDR3, PPS);
	f->mpam = F(IDR3, MPAM);
	f->bbml = F(IDR3, BBML);
}

static int decode_idr5(uint32_t IDR5_val, struct smmuv3_features *f)
{
	unsigned int vax = F(IDR5, VAX);

	f->gran_4k = F(IDR5, GRAN4K);
	f->gran_16k = F(IDR5, GRAN16K);
	f->gran_64k = F(IDR5, GRAN64K);
	f->oas_bits = smmuv3_oas_bits[F(IDR5, OAS)];
	f->stall_max = F(IDR5, STALL_MAX);
	if (vax > SMMUV3_IDR5_VAX_56)
		return SMMUV3_ERR_BADHW;
	f->va_bits = 48 + 4 * vax;
	if (!f->gran_4k && !f->gran_16k && !f->gran_64k)
		return SMMUV3_ERR_BADHW;
	/* 52-bit output needs 64K pages or DS (LPA2) to be reachable. */
	if (f->oas_bits == 52 && !f->gran_64k && !F(IDR5, DS))
		return SMMUV3_ERR_BADHW;
	/* Stage-2 input covers the whole output space (and 40 bits for
	 * AArch32 LPAE tables), as the architecture sizes IAS. */
	f->ias_bits = f->oas_bits;
	if (f->ttf_aarch32 && f->ias_bits < 40)
		f->ias_bits = 40;
	return 0;
}

static int decode_version(uint32_t iidr, uint32_t aidr, struct smmuv3_features *f)
{
	if (SMMUV3_FIELD_GET(SMMUV3_AIDR_MAJOR, aidr) != 0)
		return SMMUV3_ERR_BADHW;
	f->arch_major = 3;
	f->arch_minor = SMMUV3_FIELD_GET(SMMUV3_AIDR_MINOR, aidr);
	f->implementer = SMMUV3_FIELD_GET(SMMUV3_IIDR_IMPLEMENTER, iidr);
	f->product_id = SMMUV3_FIELD_GET(SMMUV3_IIDR_PRODUCTID, iidr);
	f->variant = SMMUV3_FIELD_GET(SMMUV3_IIDR_VARIANT, iidr);
	f->revision = SMMUV3_FIELD_GET(SMMUV3_IIDR_REVISION, iidr);
	/* 52- and 56-bit OAS do not exist before v3.1 and v3.4. */
	if ((f->oas_bits == 52 && f->arch_minor < 1) ||
	    (f->oas_bits == 56 && f->arch_minor < 4))
		return SMMUV3_ERR_BADHW;
	return 0;
}

static int decode_secure(uint32_t S_IDR0_val, uint32_t S_IDR1_val,
			 struct smmuv3_features *f)
{
	unsigned int stall = SMMUV3_FIELD_GET(SMMUV3_S_IDR0_STALL_MODEL, S_IDR0_val);

	f->secure_impl = SMMUV3_FIELD_GET(SMMUV3_S_IDR1_SECURE_IMPL, S_IDR1_val);
	if (!f->secure_impl)
		return 0;
	f->sel2 = SMMUV3_FIELD_GET(SMMUV3_S_IDR1_SEL2, S_IDR1_val);
	f->s_sid_bits = SMMUV3_FIELD_GET(SMMUV3_S_IDR1_S_SIDSIZE, S_IDR1_val);
	f->s_msi = SMMUV3_FIELD_GET(SMMUV3_S_IDR0_MSI, S_IDR0_val);
	if (stall == 3 || f->s_sid_bits > 32)
		return SMMUV3_ERR_BADHW;
	f->s_stall_model = (enum smmuv3_stall_model)stall;
	return 0;
}

int smmuv3_features_decode(const uint32_t idr[6], uint32_t iidr, uint32_t aidr,
			   uint32_t s_idr0, uint32_t s_idr1,
			   struct smmuv3_features *feat)
{
	struct smmuv3_features f;
	int rc;

	if (!idr || !feat)
		return SMMUV3_ERR_INVAL;
	memset(&f, 0, sizeof(f));
	memcpy(f.idr, idr, sizeof(f.idr));
	f.iidr = iidr;
	f.aidr = aidr;
	f.s_idr0 = s_idr0;
	f.s_idr1 = s_idr1;
	rc = decode_idr0(idr[0], &f);
	if (!rc)
		rc = decode_idr1(idr[1], &f);
	if (!rc)
		rc = decode_idr5(idr[5], &f);
	if (!rc)
		rc = decode_version(iidr, aidr, &f);
	if (!rc)
		rc = decode_secure(s_idr0, s_idr1, &f);
	if (rc)
		return rc;
	decode_idr3(idr[3], &f);
	*feat = f;
	return 0;
}
