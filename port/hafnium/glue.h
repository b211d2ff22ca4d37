/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file glue.h
 * @brief Where Hafnium's own code calls into the libsmmuv3 glue beyond the
 *        four plat_iommu_* functions: event polling, the SEPID registry
 *        (stream endpoints and FF-A memory retrieve/relinquish on their
 *        behalf) for its FF-A memory paths, and the virtual IOMMU for its
 *        call dispatcher (docs/hafnium.md, "Glue points").
 *
 * None of these is called by an unmodified Hafnium. Each says where the
 * call belongs; port/hafnium/scripts/edu-test/hafnium-poll.patch adds the
 * first one to Hafnium's HVC path for the QEMU test. Storage is static,
 * sized by GN args (port/hafnium/BUILD.gn); every call takes one glue
 * lock, so Hafnium's CPUs may call concurrently.
 *
 * @code
 *   // src/arch/aarch64/hypervisor/handler.c, on entry from a lower EL,
 *   // before the call is dispatched: drain DMA faults into the log.
 *   hf_smmuv3_poll();
 *
 *   // Boot, once every partition's manifest is parsed (lib/manifest
 *   // fills the input from the stream-endpoints nodes).
 *   hf_smmuv3_sepid_register(&input, &conflict);
 *
 *   // src/ffa_memory.c, ffa_memory_retrieve(): the receiver named in the
 *   // retrieve request is a SEPID whose proxy is the caller.
 *   uint16_t proxy;
 *   if (hf_smmuv3_sepid_lookup(receiver_id, &proxy) == 0)
 *           rc = hf_smmuv3_sepid_retrieve(receiver_id, from_locked.vm->id,
 *                   handle, share_state->fragments,
 *                   share_state->fragment_constituent_counts,
 *                   share_state->fragment_count, mode, false, &iova);
 *
 *   // ffa_memory_relinquish(): the proxy gives the SEPID's access up;
 *   // ffa_memory_reclaim(): refuse the lender while a SEPID holds it.
 *   rc = hf_smmuv3_sepid_relinquish(sepid, from_locked.vm->id, handle);
 *   if (hf_smmuv3_sepid_held(handle, NULL)) return ffa_error(FFA_DENIED);
 *
 *   // src/api.c, the HF_* dispatcher: a partition's virtual IOMMU call.
 *   case HF_IOMMU_CALL:
 *           status = hf_smmuv3_viommu_call(current->vm->id, smmu_id, func,
 *                                          args, res);
 * @endcode
 */
#ifndef SMMUV3_HF_GLUE_H
#define SMMUV3_HF_GLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/sepid.h>
#include <smmuv3/viommu.h>

struct ffa_memory_region_constituent;

/**
 * @brief Drain every SMMU's event queue and global errors. Each DMA fault
 *        is logged decoded, with the partition owning the stream.
 * @return records handled (>= 0) or a negative SMMUV3_ERR_* code.
 */
int hf_smmuv3_poll(void);

/**
 * @brief Register every stream endpoint of every manifest at once
 *        (smmuv3_sepid_register() on the glue's registry over the SMMUs
 *        plat_iommu_init found; input smmu_id = manifest smmu-id). Events
 *        on a SEPID's streams are logged with its proxy's ID.
 * @param conflict may be NULL; names the input at fault on failure.
 * @return 0; SMMUV3_ERR_STATE before plat_iommu_init or without SMMUs;
 *         the errors of smmuv3_sepid_register() (nothing registered).
 */
int hf_smmuv3_sepid_register(const struct smmuv3_sepid_input *in,
			     struct smmuv3_sepid_conflict *conflict);

/**
 * @brief FF-A memory paths: is @p endpoint_id a stream endpoint (SEPID),
 *        and which partition is its proxy?
 * @param[out] proxy may be NULL.
 * @return 0; SMMUV3_ERR_NOENT when it is no registered SEPID.
 */
int hf_smmuv3_sepid_lookup(uint16_t endpoint_id, uint16_t *proxy);

/**
 * @brief FFA_MEM_RETRIEVE by proxy @p caller on behalf of @p sepid:
 *        map the region's constituents, as Hafnium's share state holds
 *        them (fragments of FF-A constituents, 4 KiB pages), into the
 *        SEPID's page table, all or nothing (smmuv3_sepid_retrieve()).
 * @param mode Hafnium MM_MODE_R / _W / _X, and MM_MODE_NS for Normal-world
 *        memory (refused with SMMUV3_ERR_NOTSUP on a Secure SMMU: see
 *        docs/sepid.md).
 * @param identity map at the constituents' own addresses (static
 *        isolation) instead of virtually contiguous in the SEPID's window.
 * @param[out] iova where the device sees the region (may be NULL).
 * @return 0; SMMUV3_ERR_INVAL for NULL fragments, a mode without R or W or
 *         with other bits; SMMUV3_ERR_NOSPC for more constituents than
 *         the GN arg smmuv3_sepid_max_constituents; the errors of
 *         smmuv3_sepid_retrieve() (PERM for a caller that is not the
 *         proxy, BUSY for a handle held, ALIGN / OVERLAP / OVERFLOW for
 *         bad constituents...). Nothing changes on failure.
 */
int hf_smmuv3_sepid_retrieve(uint16_t sepid, uint16_t caller, uint64_t handle,
			     struct ffa_memory_region_constituent *const *fragments,
			     const uint32_t *counts, uint32_t n_fragments, uint32_t mode,
			     bool identity, uint64_t *iova);

/**
 * @brief FFA_MEM_RELINQUISH by proxy @p caller on behalf of @p sepid: the
 *        device loses access to the region (one CMD_SYNC).
 * @return 0; the errors of smmuv3_sepid_relinquish().
 */
int hf_smmuv3_sepid_relinquish(uint16_t sepid, uint16_t caller, uint64_t handle);

/**
 * @brief Does a SEPID hold @p handle? ffa_memory_reclaim() refuses the
 *        lender while one does.
 * @param[out] sepid may be NULL.
 */
bool hf_smmuv3_sepid_held(uint64_t handle, uint16_t *sepid);

/**
 * @brief A partition stops (or a SEPID goes): relinquish everything
 *        @p id holds, as SEPID or as proxy.
 * @return handles relinquished (>= 0); a negative SMMUV3_ERR_* code.
 */
int hf_smmuv3_sepid_release_all(uint16_t id);

/**
 * @brief Let partition @p part manage StreamID @p sid of SMMU @p smmu_id
 *        through its virtual IOMMU (smmuv3_viommu_add_stream() on that
 *        SMMU's instance, set up on first use). Boot time, from the
 *        integrator's own binding. Output addresses the partition names
 *        are checked against its stage 2 (vm_mem_get_mode()).
 * @return 0; SMMUV3_ERR_NOENT for an unknown SMMU; the errors of
 *         smmuv3_viommu_init() and smmuv3_viommu_add_stream().
 */
int hf_smmuv3_viommu_add_stream(uint32_t smmu_id, uint16_t part, uint32_t sid, uint32_t endpoint,
				unsigned int ssid_bits, uint32_t flags);

/**
 * @brief Call dispatcher: partition @p vm_id's call @p func to the virtual
 *        IOMMU of SMMU @p smmu_id (smmuv3_viommu_call(); ABI in
 *        docs/viommu.md).
 * @param args seven untrusted arguments (unused ones must be 0).
 * @param[out] res four results.
 * @return SMMUV3_VIOMMU_OK or a SMMUV3_VIOMMU_E_* status;
 *         SMMUV3_VIOMMU_E_NOTSUP for an SMMU without a virtual IOMMU (no
 *         stream registered on it); SMMUV3_VIOMMU_E_INVAL for NULL
 *         pointers.
 */
int hf_smmuv3_viommu_call(uint16_t vm_id, uint32_t smmu_id, uint32_t func, const uint64_t args[7],
			  uint64_t res[4]);

#endif
