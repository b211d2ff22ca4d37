/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * State shared by plat_iommu.c (instances, init, polling, faults),
 * attach.c (partitions' streams and DMA tables) and glue.c (SEPID registry,
 * virtual IOMMU). These three files are the
 * only ones that call libsmmuv3.
 */
#ifndef SMMUV3_HF_SMMUV3_H
#define SMMUV3_HF_SMMUV3_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/stream.h>

#include "hf/ffa.h"
#include "hf/manifest.h"
#include "hf/vm.h"

#include "smmuv3_hafnium.h"

/* SMMUs one Hafnium image drives (manifest smmu-id 0..N-1). */
#ifndef SMMUV3_HF_MAX_SMMUS
#define SMMUV3_HF_MAX_SMMUS 2
#endif

/* Per-device stage 2s attached at once, all partitions together. */
#ifndef SMMUV3_HF_MAX_DOMAINS
#define SMMUV3_HF_MAX_DOMAINS 8
#endif

/* One SMMU: the manifest's smmu-id is its index. */
struct hf_smmu {
	struct smmuv3 smmu;
	struct smmuv3_hf_port port;
	uint64_t base, size;
	char name[8];
	bool live;
};

/* One partition's DMA device on one SMMU and Hafnium table. */
struct hf_dma_dom {
	struct smmuv3_domain dom;
	ffa_id_t vm_id;
	uint32_t smmu_id;
	uint8_t dma_device_id;
	bool used;
};

extern struct hf_smmu hf_smmus[SMMUV3_HF_MAX_SMMUS];
extern unsigned int hf_smmu_count;

/* The SMMU of manifest smmu-id @id, or NULL (logged). */
struct hf_smmu *hf_smmu_get(uint32_t id);

/* attach.c */
bool hf_smmuv3_attach_vm(struct vm_locked vm_locked, const struct manifest_vm *manifest_vm);
void hf_smmuv3_invalidate_vm(ffa_id_t vm_id, uint64_t begin, uint64_t end);

#endif
