// SPDX-License-Identifier: BSD-3-Clause
/*
 * Which STE bits the SMMU interprets for a given configuration, and the
 * installation of a new STE through smmuv3_entry_update() with
 * CFGI_STE + CMD_SYNC after each step. The intermediate entry of a
 * break-before-make update is a valid abort STE (Config 0b000), never
 * V = 0: the architecture forbids an invalid intermediate state for a
 * live structure, and abort records no events.
 */
#include "libc/mem.h"

#include "core/internal.h"
#include "strtab_internal.h"

#define STE1_ATTRS (SMMUV3_STE1_MEMATTR | SMMUV3_STE1_MTCFG | SMMUV3_STE1_ALLOCCFG | \
		    SMMUV3_STE1_SHCFG | SMMUV3_STE1_NSCFG | SMMUV3_STE1_PRIVCFG |    \
		    SMMUV3_STE1_INSTCFG)
#define STE1_S1 (SMMUV3_STE1_S1DSS | SMMUV3_STE1_S1CIR | SMMUV3_STE1_S1COR | \
		 SMMUV3_STE1_S1CSH | SMMUV3_STE1_S1STALLD | SMMUV3_STE1_STRW)
#define STE2_S2 (SMMUV3_STE2_S2T0SZ | SMMUV3_STE2_S2SL0 | SMMUV3_STE2_S2IR0 |           \
		 SMMUV3_STE2_S2OR0 | SMMUV3_STE2_S2SH0 | SMMUV3_STE2_S2TG |             \
		 SMMUV3_STE2_S2PS | SMMUV3_STE2_S2AA64 | SMMUV3_STE2_S2ENDI |           \
		 SMMUV3_STE2_S2AFFD | SMMUV3_STE2_S2PTW | SMMUV3_STE2_S2HD |            \
		 SMMUV3_STE2_S2HA | SMMUV3_STE2_S2S | SMMUV3_STE2_S2R)
#define STE3_S2 (SMMUV3_STE3_S2TTB | SMMUV3_STE3_S2NSW | SMMUV3_STE3_S2NSA | \
		 SMMUV3_STE3_S2SL0_2 | SMMUV3_STE3_S2DS)
#define STE4_S_S2 (SMMUV3_STE4_S_S2T0SZ | SMMUV3_STE4_S_S2SL0 | SMMUV3_STE4_S_S2TG)
#define STE6_S_S2 (SMMUV3_STE6_S2SW | SMMUV3_STE6_S2SA | SMMUV3_STE6_S_S2SL0_2 | \
		   SMMUV3_STE6_S_S2TTB)

/*
 * Conservative: a bit is "used" if any SMMU could interpret it for this
 * configuration (so that step 1 of an update never touches it).
 */
static void ste_used(const struct smmuv3_inst *smmu, const uint64_t *ste, uint64_t *used)
{
	memset(used, 0, SMMUV3_STE_BYTES);
	used[0] = SMMUV3_STE0_V;
	if (!(ste[0] & SMMUV3_STE0_V))
		return;
	used[0] |= SMMUV3_STE0_CONFIG;
	if (!(ste[0] & SMMUV3_STE0_CONFIG_ON))
		return; /* abort: nothing else is read */
	used[1] |= STE1_ATTRS;
	if (SMMUV3_FIELD_GET(SMMUV3_STE0_CONFIG, ste[0]) == SMMUV3_STE_CONFIG_BYPASS)
		return;
	used[1] |= SMMUV3_STE1_EATS;
	used[2] |= SMMUV3_STE2_S2VMID;
	if (ste[0] & SMMUV3_STE0_CONFIG_S1T) {
		used[0] |= SMMUV3_STE0_S1FMT | SMMUV3_STE0_S1CTXPTR | SMMUV3_STE0_S1CDMAX;
		used[1] |= STE1_S1;
	}
	if (ste[0] & SMMUV3_STE0_CONFIG_S2T) {
		used[1] |= SMMUV3_STE1_S2FWB;
		used[2] |= STE2_S2;
		used[3] |= STE3_S2;
		if (smmu->cfg.secure) {
			used[4] |= STE4_S_S2;
			used[6] |= STE6_S_S2;
		}
	}
}

static uint64_t ste_quiet0(const struct smmuv3_inst *smmu, const uint64_t *cur)
{
	(void)smmu;
	return (cur[0] & ~SMMUV3_STE0_CONFIG) | SMMUV3_STE0_V |
	       SMMUV3_FIELD_PREP(SMMUV3_STE0_CONFIG, SMMUV3_STE_CONFIG_ABORT);
}

static int ste_invalidate(struct smmuv3_inst *smmu, const void *arg)
{
	uint32_t sid = *(const uint32_t *)arg;
	struct smmuv3_cmd cmd = smmuv3_cfgi_cmd(smmu, smmuv3_cmd_cfgi_ste(sid, true));

	return smmuv3_cmdq_submit(smmuv3_inst_pub(smmu), &cmd, 1, true);
}

static const struct smmuv3_entry_ops ste_ops = {
	.used = ste_used,
	.quiet0 = ste_quiet0,
	.invalidate = ste_invalidate,
	.dwords = SMMUV3_STE_DWORDS,
};

int smmuv3_ste_install(struct smmuv3_inst *smmu, uint32_t sid, uint64_t *live,
		       const struct smmuv3_ste *new)
{
	return smmuv3_entry_update(smmu, live, new->dw, &ste_ops, &sid);
}
