// SPDX-License-Identifier: BSD-3-Clause
/* Instance life cycle: configuration, probe, accessors. */
#include "libc/mem.h"

#include "internal.h"

void smmuv3_config_default(struct smmuv3_config *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof(*cfg));
	cfg->name = "smmuv3";
	cfg->timeout_us = SMMUV3_DEFAULT_TIMEOUT_US;
	cfg->strtab_linear_max_bits = SMMUV3_DEFAULT_STRTAB_LINEAR_MAX_BITS;
	cfg->bypass_unconfigured = SMMUV3_DEFAULT_BYPASS_UNCONFIGURED;
}

static bool config_sids_valid(const struct smmuv3_config *cfg)
{
	if (cfg->n_sids && !cfg->sids)
		return false;
	for (unsigned int i = 0; i < cfg->n_sids; i++)
		if (cfg->sids[i].first > cfg->sids[i].last)
			return false;
	switch (cfg->strtab_split) {
	case 0:
	case SMMUV3_STRTAB_SPLIT_BEST:
	case 6:
	case 8:
	case 10:
		return true;
	default:
		return false;
	}
}

static bool config_valid(const struct smmuv3_config *cfg)
{
	return cfg->base != 0 && config_sids_valid(cfg) && cfg->cmdq_log2 <= SMMUV3_Q_MAX_LOG2 &&
	       cfg->evtq_log2 <= SMMUV3_Q_MAX_LOG2 &&
	       cfg->priq_log2 <= SMMUV3_Q_MAX_LOG2 && cfg->sid_bits <= 32 &&
	       cfg->strtab_linear_max_bits <= 32 &&
	       cfg->irq_mode <= SMMUV3_IRQ_MODE_MSI &&
	       cfg->coherency <= SMMUV3_COHERENCY_FORCE_NONCOHERENT;
}

int smmuv3_init(struct smmuv3 *smmu_pub, const struct smmuv3_config *cfg)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	if (!smmu || !cfg || !config_valid(cfg))
		return SMMUV3_ERR_INVAL;
	memset(smmu, 0, sizeof(*smmu));
	smmu->cfg = *cfg;
	if (!smmu->cfg.name)
		smmu->cfg.name = "smmuv3";
	smmu->timeout_ns = (uint64_t)(cfg->timeout_us ? cfg->timeout_us
						      : SMMUV3_DEFAULT_TIMEOUT_US) * 1000u;
	smmu->bank = cfg->secure ? SMMUV3_S_BANK_OFFSET : 0;
	smmu->regime = smmuv3_regime_of(cfg->secure);
	smmuv3_port_lock_init(cfg->port, &smmu->cmdq.lock);
	smmuv3_port_lock_init(cfg->port, &smmu->evtq.lock);
	smmuv3_port_lock_init(cfg->port, &smmu->evtq.gerror_lock);
	smmuv3_port_lock_init(cfg->port, &smmu->lock);
	smmuv3_port_lock_init(cfg->port, &smmu->cd_lock);
	smmu->state = SMMUV3_STATE_INIT;
	return 0;
}

static int probe_check_needs(struct smmuv3_inst *smmu, const struct smmuv3_features *f)
{
	if (!f->ttf_aarch64) {
		smmuv3_err(smmu, "SMMU walks only AArch32 tables; AArch64 required");
		return SMMUV3_ERR_NOTSUP;
	}
	if (smmu->cfg.secure && !f->secure_impl) {
		smmuv3_err(smmu, "Secure interface requested but S_IDR1.SECURE_IMPL is 0");
		return SMMUV3_ERR_NOTSUP;
	}
	return 0;
}

int smmuv3_probe(struct smmuv3 *smmu_pub)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);
	struct smmuv3_features f;
	uint32_t idr[6];
	uint32_t s_idr0 = 0, s_idr1 = 0;
	int rc;

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	if (smmu->state != SMMUV3_STATE_INIT && smmu->state != SMMUV3_STATE_PROBED)
		return SMMUV3_ERR_STATE;
	for (unsigned int i = 0; i < 6; i++)
		idr[i] = smmuv3_read32(smmu, SMMUV3_IDR0 + 4 * i);
	/* A Non-secure driver has no business in the Secure bank (it reads
	 * as zero there anyway); a Secure one needs S_IDR0/1. */
	if (smmu->cfg.secure) {
		s_idr0 = smmuv3_read32(smmu, SMMUV3_S_IDR0);
		s_idr1 = smmuv3_read32(smmu, SMMUV3_S_IDR1);
	}
	rc = smmuv3_features_decode(idr, smmuv3_read32(smmu, SMMUV3_IIDR),
				    smmuv3_read32(smmu, SMMUV3_AIDR), s_idr0, s_idr1, &f);
	if (rc) {
		smmuv3_err(smmu, "ID registers describe an impossible SMMU "
			   "(IDR0 %08x IDR1 %08x IDR5 %08x)", idr[0], idr[1], idr[5]);
		return rc;
	}
	rc = probe_check_needs(smmu, &f);
	if (rc)
		return rc;
	smmu->feat = f;
	smmu->coherent = f.coherent &&
			 smmu->cfg.coherency != SMMUV3_COHERENCY_FORCE_NONCOHERENT;
	smmu->state = SMMUV3_STATE_PROBED;
	return 0;
}

const struct smmuv3_features *smmuv3_features(const struct smmuv3 *smmu_pub)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);

	if (!smmu || smmu->state < SMMUV3_STATE_PROBED)
		return NULL;
	return &smmu->feat;
}

enum smmuv3_state smmuv3_get_state(const struct smmuv3 *smmu_pub)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);

	return smmu ? smmu->state : SMMUV3_STATE_UNINIT;
}

size_t smmuv3_memory_used(const struct smmuv3 *smmu_pub)
{
	const struct smmuv3_inst *smmu = smmuv3_cinst_of(smmu_pub);

	return smmu ? __atomic_load_n(&smmu->dma_bytes, __ATOMIC_RELAXED) : 0;
}
