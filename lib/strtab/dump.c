// SPDX-License-Identifier: BSD-3-Clause
/*
 * One stream's configuration rendered from the words the SMMU reads (not
 * from the library's bookkeeping), for bring-up and test failures.
 */
#include "core/internal.h"
#include "strtab_internal.h"
#include "cd/cd_internal.h"

/* Library-managed CDs listed at most (a table may hold 2^20). */
#define DUMP_MAX_CDS 16u

#define G(w, f) ((unsigned long long)SMMUV3_FIELD_GET(f, ste[w]))

/* Every bit of @bits set in @w. */
static bool has(uint64_t w, uint64_t bits)
{
	return (w & bits) == bits;
}

static void dump_ste(struct smmuv3_printer *d, const uint64_t *ste)
{
	static const char *const cfg[8] = { "abort", "abort(rsvd)", "abort(rsvd)", "abort(rsvd)",
					    "bypass", "stage 1", "stage 2", "nested" };
	unsigned int c = (unsigned int)G(0, SMMUV3_STE0_CONFIG);

	smmuv3_print_line(d, "  STE %016llx %016llx %016llx %016llx", (unsigned long long)ste[0],
			  (unsigned long long)ste[1], (unsigned long long)ste[2],
			  (unsigned long long)ste[3]);
	smmuv3_print_line(d, "  V=%llu Config=%s EATS=%llu STRW=%llu SHCFG=%llu MTCFG=%llu "
			  "NSCFG=%llu", G(0, SMMUV3_STE0_V), cfg[c], G(1, SMMUV3_STE1_EATS),
			  G(1, SMMUV3_STE1_STRW), G(1, SMMUV3_STE1_SHCFG), G(1, SMMUV3_STE1_MTCFG),
			  G(1, SMMUV3_STE1_NSCFG));
	if (has(ste[0], SMMUV3_STE0_CONFIG_ON | SMMUV3_STE0_CONFIG_S1T))
		smmuv3_print_line(d, "  S1: ContextPtr=0x%llx S1CDMax=%llu S1Fmt=%llu S1DSS=%llu "
				  "S1STALLD=%llu", (unsigned long long)(ste[0] & SMMUV3_STE0_S1CTXPTR),
				  G(0, SMMUV3_STE0_S1CDMAX), G(0, SMMUV3_STE0_S1FMT),
				  G(1, SMMUV3_STE1_S1DSS), G(1, SMMUV3_STE1_S1STALLD));
	if (has(ste[0], SMMUV3_STE0_CONFIG_ON))
		smmuv3_print_line(d, "  S2VMID=%llu", G(2, SMMUV3_STE2_S2VMID));
	if (has(ste[0], SMMUV3_STE0_CONFIG_ON | SMMUV3_STE0_CONFIG_S2T))
		smmuv3_print_line(d, "  S2: TTB=0x%llx T0SZ=%llu SL0=%llu TG=%llu PS=%llu "
				  "AA64=%llu R=%llu PTW=%llu IR0/OR0/SH0=%llu/%llu/%llu",
				  (unsigned long long)(ste[3] & SMMUV3_STE3_S2TTB), G(2, SMMUV3_STE2_S2T0SZ),
				  G(2, SMMUV3_STE2_S2SL0), G(2, SMMUV3_STE2_S2TG),
				  G(2, SMMUV3_STE2_S2PS), G(2, SMMUV3_STE2_S2AA64),
				  G(2, SMMUV3_STE2_S2R), G(2, SMMUV3_STE2_S2PTW),
				  G(2, SMMUV3_STE2_S2IR0), G(2, SMMUV3_STE2_S2OR0),
				  G(2, SMMUV3_STE2_S2SH0));
}

#undef G
#define G(f) ((unsigned long long)SMMUV3_FIELD_GET(f, cd[0]))

static void dump_cd(struct smmuv3_printer *d, uint32_t ssid, const uint64_t *cd)
{
	smmuv3_print_line(d, "    CD %u: ASID=%llu TTB0=0x%llx%s T0SZ=%llu TG0=%llu TTB1=0x%llx%s "
			  "IPS=%llu AA64=%llu A=%llu R=%llu S=%llu MAIR=0x%llx", (unsigned int)ssid,
			  G(SMMUV3_CD0_ASID), (unsigned long long)(cd[1] & SMMUV3_CD1_TTB0),
			  G(SMMUV3_CD0_EPD0) ? "(off)" : "", G(SMMUV3_CD0_T0SZ), G(SMMUV3_CD0_TG0),
			  (unsigned long long)(cd[2] & SMMUV3_CD2_TTB1),
			  G(SMMUV3_CD0_EPD1) ? "(off)" : "", G(SMMUV3_CD0_IPS), G(SMMUV3_CD0_AA64),
			  G(SMMUV3_CD0_A), G(SMMUV3_CD0_R), G(SMMUV3_CD0_S),
			  (unsigned long long)cd[3]);
}

#undef G

static void dump_cdtab(struct smmuv3_printer *d, const struct smmuv3_cdtab *tab)
{
	uint64_t n = UINT64_C(1) << tab->ssid_bits;
	unsigned int shown = 0;

	smmuv3_print_line(d, "  CD table (library) at 0x%llx: %llu CDs, %s",
			  (unsigned long long)tab->base_pa, (unsigned long long)n,
			  tab->fmt ? "two-level, 4 KiB leaves" : "linear");
	for (uint64_t ssid = 0; ssid < n && shown < DUMP_MAX_CDS; ssid++) {
		const uint64_t *cd = smmuv3_cdtab_cd(tab, (uint32_t)ssid);

		if (!cd) {
			ssid |= (UINT64_C(1) << SMMUV3_CD_L2_BITS_4K) - 1; /* no leaf */
			continue;
		}
		if (cd[0] & SMMUV3_CD0_V) {
			dump_cd(d, (uint32_t)ssid, cd);
			shown++;
		}
	}
	if (!shown)
		smmuv3_print_line(d, "    no valid CD");
}

int smmuv3_stream_dump(const struct smmuv3 *smmu_pub, uint32_t sid, smmuv3_print_fn *print,
		       void *arg)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);
	struct smmuv3_printer d = { print, arg };
	struct smmuv3_strtab_span *span;
	struct smmuv3_stream_state *st;
	int rc;

	if (!smmu || !print)
		return SMMUV3_ERR_INVAL;
	rc = smmuv3_strtab_check_sid(smmu, sid);
	if (rc)
		return rc;
	span = smmuv3_strtab_span(smmu, sid);
	if (!span) {
		smmuv3_print_line(&d, "SID 0x%x: no level-2 table (C_BAD_STREAMID)",
				  (unsigned int)sid);
		return 0;
	}
	st = smmuv3_span_state(span, sid);
	if (sst_claimed(st))
		smmuv3_print_line(&d, "SID 0x%x: owner 0x%x, STE at 0x%llx", (unsigned int)sid,
				  (unsigned int)sst_owner(st),
				  (unsigned long long)(span->ste_pa +
						       (uint64_t)(sid - span->first_sid) * 64));
	else
		smmuv3_print_line(&d, "SID 0x%x: unclaimed", (unsigned int)sid);
	dump_ste(&d, smmuv3_span_ste(span, sid));
	if (smmuv3_stream_cdtab(span, st, sid))
		dump_cdtab(&d, smmuv3_stream_cdtab(span, st, sid));
	else if (st->mode == SMMUV3_STREAM_S1 || st->mode == SMMUV3_STREAM_NESTED)
		smmuv3_print_line(&d, "  CD table owned by the caller");
	return 0;
}
