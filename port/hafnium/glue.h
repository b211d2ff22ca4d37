/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file glue.h
 * @brief Where Hafnium's own code calls into the libsmmuv3 glue beyond the
 *        four plat_iommu_* functions: event polling, and the points where
 *        its FF-A memory paths and its call dispatcher will reach the SEPID
 *        registry and the virtual IOMMU once those land (docs/hafnium.md,
 *        "Glue points").
 *
 * None of these is called by an unmodified Hafnium. Each says where the
 * call belongs; port/hafnium/scripts/edu-test/hafnium-poll.patch adds the
 * first one to Hafnium's HVC path for the QEMU test.
 *
 * @code
 *   // src/arch/aarch64/hypervisor/handler.c, on entry from a lower EL,
 *   // before the call is dispatched: drain DMA faults into the log.
 *   hf_smmuv3_poll();
 *
 *   // src/ffa_memory.c, ffa_memory_send / retrieve: a receiver that is a
 *   // stream endpoint rather than a partition.
 *   uint32_t smmu, sid;
 *   if (hf_smmuv3_sepid_lookup(receiver_id, &smmu, &sid) == 0)
 *           rc = hf_smmuv3_sepid_map(receiver_id, ipa, pa, size, mode);
 *
 *   // src/api.c, the HF_* dispatcher: a partition's virtual IOMMU call.
 *   case HF_IOMMU_CALL:
 *           ret = hf_smmuv3_viommu_call(current->vm->id, args, 4, &out);
 * @endcode
 */
#ifndef SMMUV3_HF_GLUE_H
#define SMMUV3_HF_GLUE_H

#include <stddef.h>
#include <stdint.h>

/**
 * @brief Drain every SMMU's event queue and global errors. Each DMA fault
 *        is logged decoded, with the partition owning the stream.
 * @return records handled (>= 0) or a negative SMMUV3_ERR_* code.
 */
int hf_smmuv3_poll(void);

/**
 * @brief FF-A memory paths: is @p endpoint_id a stream endpoint (SEPID)?
 *        Backed by the SEPID registry once it lands.
 * @param endpoint_id an FF-A endpoint ID from a memory transaction.
 * @param[out] smmu_id the manifest smmu-id of its SMMU.
 * @param[out] sid its StreamID.
 * @return 0; SMMUV3_ERR_NOENT when it is no stream endpoint (today:
 *         always); SMMUV3_ERR_INVAL for NULL pointers.
 */
int hf_smmuv3_sepid_lookup(uint16_t endpoint_id, uint32_t *smmu_id, uint32_t *sid);

/**
 * @brief FF-A memory paths: give stream endpoint @p endpoint_id access to
 *        [@p ipa, @p ipa + @p size) (share/lend to it; @p mode Hafnium's
 *        MM_MODE_R/W bits), or take it away (@p mode 0: reclaim,
 *        relinquish).
 * @return 0; SMMUV3_ERR_NOTSUP until the SEPID registry lands;
 *         SMMUV3_ERR_INVAL for an empty or wrapping range.
 */
int hf_smmuv3_sepid_map(uint16_t endpoint_id, uint64_t ipa, uint64_t pa, uint64_t size,
			uint32_t mode);

/**
 * @brief Call dispatcher: a partition's call to its virtual IOMMU.
 * @param vm_id the calling partition.
 * @param args the call's arguments (x1..), @p n_args of them.
 * @param[out] out the value to return in x1.
 * @return 0; SMMUV3_ERR_NOTSUP until the virtual IOMMU lands;
 *         SMMUV3_ERR_INVAL for NULL pointers.
 */
int hf_smmuv3_viommu_call(uint16_t vm_id, const uint64_t *args, size_t n_args, uint64_t *out);

#endif
