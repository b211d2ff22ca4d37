// SPDX-License-Identifier: BSD-3-Clause
/* The bring-up report: what the SMMU implements, in words. */
#include "internal.h"

static const char *yn(bool b)
{
	return b ? "yes" : "no";
}

static const char *stall_name(enum smmuv3_stall_model m)
{
	switch (m) {
	case SMMUV3_STALL_AND_TERM:
		return "stall and terminate";
	case SMMUV3_STALL_TERM_ONLY:
		return "terminate only";
	case SMMUV3_STALL_FORCED:
		return "stall forced";
	}
	return "?";
}

static const char *endian_name(enum smmuv3_tt_endian e)
{
	switch (e) {
	case SMMUV3_TT_ENDIAN_MIXED:
		return "mixed";
	case SMMUV3_TT_ENDIAN_LITTLE:
		return "little";
	case SMMUV3_TT_ENDIAN_BIG:
		return "big";
	}
	return "?";
}

static const char *httu_name(enum smmuv3_httu h)
{
	switch (h) {
	case SMMUV3_HTTU_NONE:
		return "none";
	case SMMUV3_HTTU_ACCESS:
		return "access flag";
	case SMMUV3_HTTU_ACCESS_DIRTY:
		return "access and dirty";
	}
	return "?";
}

static void report_identity(struct smmuv3_printer *r, const struct smmuv3_features *f)
{
	smmuv3_print_line(r, "SMMUv%u.%u  implementer 0x%03x product 0x%03x r%up%u", f->arch_major,
			  f->arch_minor, f->implementer, f->product_id, f->variant, f->revision);
	smmuv3_print_line(r, "  IDR0 %08x IDR1 %08x IDR3 %08x IDR5 %08x IIDR %08x AIDR %08x",
			  f->idr[0], f->idr[1], f->idr[3], f->idr[5], f->iidr, f->aidr);
}

static void report_translation(struct smmuv3_printer *r, const struct smmuv3_features *f)
{
	smmuv3_print_line(r, "  translation: stage1 %s, stage2 %s, nested %s, tables %s%s%s, "
			  "endian %s", yn(f->stage1), yn(f->stage2), yn(f->stage1 && f->stage2),
			  f->ttf_aarch64 ? "AArch64" : "",
			  f->ttf_aarch64 && f->ttf_aarch32 ? "+" : "",
			  f->ttf_aarch32 ? "AArch32" : "", endian_name(f->tt_endian));
	smmuv3_print_line(r, "  granules:%s%s%s  OAS %u bits, IAS %u bits, VA %u bits",
			  f->gran_4k ? " 4K" : "", f->gran_16k ? " 16K" : "",
			  f->gran_64k ? " 64K" : "", f->oas_bits, f->ias_bits, f->va_bits);
	smmuv3_print_line(r, "  ASID %u bits, VMID %u bits, HYP %s, HTTU %s, BTM %s, RIL %s, "
			  "FWB %s, BBML %u", f->asid_bits, f->vmid_bits, yn(f->hyp),
			  httu_name(f->httu), yn(f->btm), yn(f->ril), yn(f->fwb), f->bbml);
}

static void report_tables(struct smmuv3_printer *r, const struct smmuv3_features *f)
{
	smmuv3_print_line(r, "  streams: %u SID bits, %u SSID bits, stream table %s, CD table %s",
			  f->sid_bits, f->ssid_bits, f->strtab_2lvl ? "linear+2-level" : "linear",
			  f->cd_2lvl ? "linear+2-level" : "linear");
	smmuv3_print_line(r, "  queues (max entries): cmdq 2^%u, eventq 2^%u, priq 2^%u%s",
			  f->cmdq_log2, f->evtq_log2, f->priq_log2,
			  f->queues_preset ? " (preset)" : "");
}

static void report_system(struct smmuv3_printer *r, const struct smmuv3_features *f)
{
	smmuv3_print_line(r, "  system: coherent %s, MSI %s, SEV %s, ATS %s, PRI %s, ATOS %s",
			  yn(f->coherent), yn(f->msi), yn(f->sev), yn(f->ats), yn(f->pri),
			  yn(f->atos));
	smmuv3_print_line(r, "  faults: %s, STALL_MAX %u, terminate model %s",
			  stall_name(f->stall_model), f->stall_max,
			  f->term_model ? "abort" : "RAZ/WI or abort");
	if (f->secure_impl)
		smmuv3_print_line(r, "  secure: implemented, %u SID bits, SEL2 %s, MSI %s, %s",
				  f->s_sid_bits, yn(f->sel2), yn(f->s_msi),
				  stall_name(f->s_stall_model));
	else
		smmuv3_print_line(r, "  secure: not implemented");
}

void smmuv3_features_report(const struct smmuv3_features *feat,
			    smmuv3_print_fn *print, void *arg)
{
	struct smmuv3_printer r = { print, arg };

	if (!feat || !print)
		return;
	report_identity(&r, feat);
	report_translation(&r, feat);
	report_tables(&r, feat);
	report_system(&r, feat);
}
