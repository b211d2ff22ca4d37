/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The two Hafnium ABIs the glue builds against, behind one set of names:
 * Hafnium HEAD (since commit 76e2a672: no page pool argument, virtual and
 * IPA address types) and the v2.14 LTS tags (an explicit `struct mpool *`
 * everywhere, physical address types). SMMUV3_HF_LTS = 1 (GN arg
 * smmuv3_hafnium_lts) selects the LTS form. Only this header knows the
 * difference; plat_iommu.c, attach.c and glue.c use the HF_* names below.
 */
#ifndef SMMUV3_HF_COMPAT_H
#define SMMUV3_HF_COMPAT_H

#include "hf/addr.h"
#include "hf/arch/mm.h"
#include "hf/mm.h"
#include "hf/vm.h"

#ifndef SMMUV3_HF_LTS
#define SMMUV3_HF_LTS 0
#endif

#if SMMUV3_HF_LTS
#include "hf/mpool.h"

/* The page pool every LTS mm call takes; plat_iommu_init records it. */
extern struct mpool *smmuv3_hf_ppool;

#define HF_PPOOL_PARAM , struct mpool *ppool
#define HF_PPOOL_ARG , ppool

static inline bool hf_stage1_map_dev(struct mm_stage1_locked s1, uint64_t begin, uint64_t end)
{
	return mm_identity_map(s1, pa_init(begin), pa_init(end), MM_MODE_R | MM_MODE_W | MM_MODE_D,
			       smmuv3_hf_ppool) != NULL;
}

static inline bool hf_vm_unmap(struct vm_locked vm, uint64_t begin, uint64_t end)
{
	return vm_unmap(vm, pa_init(begin), pa_init(end), smmuv3_hf_ppool);
}

static inline bool hf_iommu_map(struct vm_locked vm, uint64_t begin, uint64_t end, mm_mode_t mode,
				uint8_t dev)
{
	return vm_iommu_mm_identity_map(vm, pa_init(begin), pa_init(end), mode, smmuv3_hf_ppool,
					NULL, dev);
}

static inline bool hf_ptable_unmap(struct mm_ptable *pt, uint64_t begin, uint64_t end)
{
	return mm_vm_unmap(pt, pa_init(begin), pa_init(end), smmuv3_hf_ppool);
}

/* The LTS tags have no VSTCR accessor: the Secure IPA space uses VTCR's geometry. */
static inline uint64_t hf_vstcr(void)
{
	return arch_mm_get_vtcr_el2();
}
#else
#define HF_PPOOL_PARAM
#define HF_PPOOL_ARG

static inline bool hf_stage1_map_dev(struct mm_stage1_locked s1, uint64_t begin, uint64_t end)
{
	return mm_identity_map(s1, va_init(begin), va_init(end), MM_MODE_R | MM_MODE_W | MM_MODE_D) !=
	       NULL;
}

static inline bool hf_vm_unmap(struct vm_locked vm, uint64_t begin, uint64_t end)
{
	return vm_unmap(vm, ipa_init(begin), ipa_init(end));
}

static inline bool hf_iommu_map(struct vm_locked vm, uint64_t begin, uint64_t end, mm_mode_t mode,
				uint8_t dev)
{
	return vm_iommu_mm_identity_map(vm, ipa_init(begin), ipa_init(end), mode, dev);
}

static inline bool hf_ptable_unmap(struct mm_ptable *pt, uint64_t begin, uint64_t end)
{
	return mm_vm_unmap(pt, ipa_init(begin), ipa_init(end));
}

static inline uint64_t hf_vstcr(void)
{
	return arch_mm_get_vstcr_el2();
}
#endif

static inline uint64_t hf_vtcr(void)
{
	return arch_mm_get_vtcr_el2();
}

/* Physical address of a table Hafnium allocated (it maps itself identity). */
static inline uint64_t hf_ptr_pa(const void *p)
{
	return pa_addr(pa_from_va(va_from_ptr(p)));
}

#endif
