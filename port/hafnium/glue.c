// SPDX-License-Identifier: BSD-3-Clause
/*
 * The glue points of glue.h that have nothing behind them yet: they answer
 * as documented so Hafnium can call them today and get the registry's and
 * the virtual IOMMU's behaviour when those land, without changing its
 * call sites. hf_smmuv3_poll() is in plat_iommu.c with the instances.
 */
#include <smmuv3/errors.h>

#include "glue.h"

int hf_smmuv3_sepid_lookup(uint16_t endpoint_id, uint32_t *smmu_id, uint32_t *sid)
{
	(void)endpoint_id;
	if (!smmu_id || !sid)
		return SMMUV3_ERR_INVAL;
	return SMMUV3_ERR_NOENT;
}

int hf_smmuv3_sepid_map(uint16_t endpoint_id, uint64_t ipa, uint64_t pa, uint64_t size,
			uint32_t mode)
{
	(void)endpoint_id;
	(void)pa;
	(void)mode;
	if (size == 0 || ipa + size < ipa)
		return SMMUV3_ERR_INVAL;
	return SMMUV3_ERR_NOTSUP;
}

int hf_smmuv3_viommu_call(uint16_t vm_id, const uint64_t *args, size_t n_args, uint64_t *out)
{
	(void)vm_id;
	(void)n_args;
	if (!args || !out)
		return SMMUV3_ERR_INVAL;
	return SMMUV3_ERR_NOTSUP;
}
