/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the virtual IOMMU: the transport-neutral core (core.c)
 * that both ABIs (paravirt.c, virtio.c) call, and the glue (glue.c), the
 * only file that calls the library's domain, stream, CD and command
 * APIs.
 */
#ifndef SMMUV3_VIOMMU_INTERNAL_H
#define SMMUV3_VIOMMU_INTERNAL_H

#include <smmuv3/viommu.h>

/* ---- glue.c: everything the core needs from the rest of the library ---- */

/* Check @smmu can serve (enabled, stage 1) and fill the domain config
 * every address space uses. */
int vg_setup(struct smmuv3_viommu *v);
int vg_nest_ok(const struct smmuv3_viommu *v, const struct smmuv3_domain *nest);
int vg_claim(struct smmuv3_viommu *v, uint32_t sid, uint16_t part);
int vg_release(struct smmuv3_viommu *v, uint32_t sid, uint16_t part);
int vg_as_init(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a);
int vg_as_destroy(struct smmuv3_viommu_as *a);
/* Streams and substreams attached to @a (its domain keeps the count). */
unsigned int vg_as_attachments(const struct smmuv3_viommu_as *a);
int vg_attach(struct smmuv3_viommu_as *a, const struct smmuv3_viommu_stream *s, uint32_t ssid);
int vg_detach(struct smmuv3_viommu_as *a, const struct smmuv3_viommu_stream *s, uint32_t ssid);
bool vg_attached(const struct smmuv3_viommu_as *a, const struct smmuv3_viommu_stream *s,
		 uint32_t ssid);
int vg_map(struct smmuv3_viommu_as *a, uint64_t iova, uint64_t pa, uint64_t size,
	   uint32_t prot);
int vg_unmap(struct smmuv3_viommu_as *a, uint64_t iova, uint64_t size);
int vg_cdtab_set(struct smmuv3_viommu *v, const struct smmuv3_viommu_stream *s, uint64_t pa,
		 uint64_t bytes);
int vg_cdtab_clear(struct smmuv3_viommu *v, const struct smmuv3_viommu_stream *s);
int vg_cd_inval(struct smmuv3_viommu *v, const struct smmuv3_viommu_stream *s, uint32_t ssid,
		bool all);
/* The @i-th attachment slot of @a: false when unused. */
bool vg_att_at(const struct smmuv3_viommu_as *a, unsigned int i, uint32_t *sid, uint32_t *ssid);
/* Does @iova of @a still translate? */
bool vg_mapped(const struct smmuv3_viommu_as *a, uint64_t iova);
/* TLBI of the partition's ASID, by VA range (size > 0) or whole. */
int vg_tlbi(struct smmuv3_viommu *v, const struct smmuv3_viommu_stream *s, uint16_t asid,
	    uint64_t va, uint64_t size);
/* Facts about the SMMU the ABIs report. */
unsigned int vg_granules(const struct smmuv3_viommu *v);
unsigned int vg_va_bits(const struct smmuv3_viommu *v);
unsigned int vg_oas_bits(const struct smmuv3_viommu *v, const struct smmuv3_viommu_stream *s);
unsigned int vg_asid_bits(const struct smmuv3_viommu *v);
unsigned int vg_ssid_bits(const struct smmuv3_viommu *v);

/* ---- core.c: the objects both ABIs share -------------------------------- */

/* Page size mask of managed address spaces (granule and block sizes). */
uint64_t vc_page_size_mask(const struct smmuv3_viommu *v);
/* Levels of managed stage-1 tables. */
unsigned int vc_levels(const struct smmuv3_viommu *v);
/* Last input address of managed address spaces. */
uint64_t vc_input_end(const struct smmuv3_viommu *v);
/* Bytes of the linear CD table a PART_S1 stream needs. */
uint64_t vc_cdtab_bytes(const struct smmuv3_viommu_stream *s);

struct smmuv3_viommu_stream *vc_stream(struct smmuv3_viommu *v, uint16_t part,
				       uint64_t endpoint);
struct smmuv3_viommu_as *vc_as_by_handle(struct smmuv3_viommu *v, uint16_t part,
					 uint64_t handle);
struct smmuv3_viommu_as *vc_as_by_vid(struct smmuv3_viommu *v, uint16_t part, uint32_t vid);
uint64_t vc_as_handle(const struct smmuv3_viommu *v, const struct smmuv3_viommu_as *a);

/* The core operations; they return SMMUV3_VIOMMU_* statuses. */
int vc_as_create(struct smmuv3_viommu *v, uint16_t part, struct smmuv3_viommu_as **out);
int vc_as_destroy(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a);
int vc_attach(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a,
	      struct smmuv3_viommu_stream *s, uint64_t ssid);
int vc_detach(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a,
	      struct smmuv3_viommu_stream *s, uint64_t ssid);
int vc_map(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a, uint64_t iova, uint64_t pa,
	   uint64_t size, uint64_t prot);
/* Remove every mapping inside [iova, iova+size); *done = bytes removed. */
int vc_unmap(struct smmuv3_viommu *v, struct smmuv3_viommu_as *a, uint64_t iova,
	     uint64_t size, uint64_t *done);
int vc_cdtab_set(struct smmuv3_viommu *v, struct smmuv3_viommu_stream *s, uint64_t pa,
		 uint64_t bytes);
int vc_cdtab_clear(struct smmuv3_viommu *v, struct smmuv3_viommu_stream *s);
/* Take @part's oldest fault (NULL when none). The record is freed; its
 * LOST state is returned in *lost. */
bool vc_fault_take(struct smmuv3_viommu *v, uint16_t part, struct smmuv3_viommu_fault_rec *out,
		   bool *lost, uint32_t *endpoint);
/* Library error -> ABI status. */
int vc_status(int err);

#endif
