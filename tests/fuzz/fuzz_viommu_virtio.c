// SPDX-License-Identifier: BSD-3-Clause
/* libFuzzer target: sequences of virtio-iommu requests (viommu_target.h). */
#include "viommu_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	viommu_target_run(VIOMMU_TARGET_VIRTIO, data, size);
	return 0;
}
