/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtual IOMMU fuzz target, shared by the libFuzzer entry points
 * (fuzz_viommu_paravirt.c, fuzz_viommu_virtio.c) and the corpus replay
 * test (viommu_replay.c). An input is a sequence of calls from several
 * partitions with arbitrary arguments; after each call the target checks
 * through the mock that no stream translates to memory its partition
 * does not own, and at the end that nothing leaked. It aborts on any
 * violation.
 */
#ifndef SMMUV3_VIOMMU_TARGET_H
#define SMMUV3_VIOMMU_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Which ABI an input drives. */
enum viommu_target_abi {
	VIOMMU_TARGET_PARAVIRT = 0,
	VIOMMU_TARGET_VIRTIO = 1,
};

/** Run one input. @return number of calls that succeeded. */
unsigned int viommu_target_run(enum viommu_target_abi abi, const uint8_t *data, size_t size);

#endif
