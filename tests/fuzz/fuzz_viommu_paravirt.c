// SPDX-License-Identifier: BSD-3-Clause
/* libFuzzer target: sequences of paravirtual calls (viommu_target.h). */
#include "viommu_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	viommu_target_run(VIOMMU_TARGET_PARAVIRT, data, size);
	return 0;
}
