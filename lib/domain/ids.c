// SPDX-License-Identifier: BSD-3-Clause
/*
 * ASID and VMID allocators: one bitmap per instance and kind, sized from
 * IDR0.ASID16/VMID16 and allocated on first use (8 KiB for 16 bits).
 * Identifier 0 is never handed out: the library's own stage-1-only STEs
 * tag with VMID 0 and a zero ASID is what a forgotten field looks like.
 */
#include "libc/mem.h"

#include "core/internal.h"
#include "domain_internal.h"

struct smmuv3_idmap {
	size_t bytes;
	uint32_t count;   /* identifiers: 2^bits */
	uint32_t next;    /* where the next search starts */
	uint64_t map[];
};

static struct smmuv3_idmap **idmap_slot(struct smmuv3_inst *smmu, bool vmid)
{
	return vmid ? &smmu->strtab.vmids : &smmu->strtab.asids;
}

static int idmap_get(struct smmuv3_inst *smmu, bool vmid, struct smmuv3_idmap **out)
{
	struct smmuv3_idmap **slot = idmap_slot(smmu, vmid);
	unsigned int bits = vmid ? smmu->feat.vmid_bits : smmu->feat.asid_bits;
	uint32_t count = UINT32_C(1) << bits;
	size_t bytes = sizeof(struct smmuv3_idmap) + count / 8;
	uint64_t pa;

	if (!*slot) {
		*slot = smmuv3_dma_alloc(smmu, bytes, sizeof(uint64_t), &pa);
		if (!*slot)
			return SMMUV3_ERR_NOMEM;
		memset(*slot, 0, bytes);
		(*slot)->bytes = bytes;
		(*slot)->count = count;
		(*slot)->next = 1;
		(*slot)->map[0] = 1; /* identifier 0 is reserved */
	}
	*out = *slot;
	return 0;
}

static int idmap_take(struct smmuv3_idmap *m, uint16_t *id)
{
	for (uint32_t n = 0; n < m->count; n++) {
		uint32_t i = (m->next + n) & (m->count - 1);

		if (!(m->map[i / 64] & SMMUV3_BIT(i % 64))) {
			m->map[i / 64] |= SMMUV3_BIT(i % 64);
			m->next = i + 1;
			*id = (uint16_t)i;
			return 0;
		}
	}
	return SMMUV3_ERR_NOSPC;
}

static int id_alloc(struct smmuv3_inst *smmu, bool vmid, uint16_t *id)
{
	struct smmuv3_idmap *m;
	int rc;

	if (!smmu || !id)
		return SMMUV3_ERR_INVAL;
	if (smmu->state != SMMUV3_STATE_ENABLED)
		return SMMUV3_ERR_STATE;
	/* Domains of one instance are created concurrently (docs/locking.md). */
	smmuv3_lock(smmu);
	rc = idmap_get(smmu, vmid, &m);
	if (!rc)
		rc = idmap_take(m, id);
	smmuv3_unlock(smmu);
	return rc;
}

static int id_free(struct smmuv3_inst *smmu, bool vmid, uint16_t id)
{
	struct smmuv3_idmap *m;
	int rc = SMMUV3_ERR_NOENT;

	if (!smmu)
		return SMMUV3_ERR_INVAL;
	smmuv3_lock(smmu);
	m = *idmap_slot(smmu, vmid);
	if (m && id && id < m->count && (m->map[id / 64] & SMMUV3_BIT(id % 64))) {
		m->map[id / 64] &= ~SMMUV3_BIT(id % 64);
		rc = 0;
	}
	smmuv3_unlock(smmu);
	return rc;
}

int smmuv3_asid_alloc(struct smmuv3 *smmu_pub, uint16_t *asid)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	return id_alloc(smmu, false, asid);
}

int smmuv3_asid_free(struct smmuv3 *smmu_pub, uint16_t asid)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	return id_free(smmu, false, asid);
}

int smmuv3_vmid_alloc(struct smmuv3 *smmu_pub, uint16_t *vmid)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	return id_alloc(smmu, true, vmid);
}

int smmuv3_vmid_free(struct smmuv3 *smmu_pub, uint16_t vmid)
{
	struct smmuv3_inst *smmu = smmuv3_inst_of(smmu_pub);

	return id_free(smmu, true, vmid);
}

void smmuv3_ids_free(struct smmuv3_inst *smmu)
{
	for (int k = 0; k < 2; k++) {
		struct smmuv3_idmap **slot = idmap_slot(smmu, k);

		if (*slot)
			smmuv3_dma_free(smmu, *slot, (*slot)->bytes);
		*slot = NULL;
	}
}
