/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A virtual IOMMU over the mock for the viommu tests: two partitions
 * owning disjoint memory, their streams, the may_access callback that
 * records every range it allowed, a notify counter, DMA through the
 * mock and faults injected as the SMMU would record them.
 */
#ifndef SMMUV3_TEST_VIOMMU_ENV_H
#define SMMUV3_TEST_VIOMMU_ENV_H

#include <string.h>

#include "fixture.h"

#include <smmuv3/domain.h>
#include <smmuv3/stream.h>
#include <smmuv3/viommu.h>

#define P1 1u
#define P2 2u
/* Memory each partition owns (PAs, or IPAs for nested streams). */
#define MEM1 UINT64_C(0x80000000)
#define MEM2 UINT64_C(0x90000000)
#define MEM_SIZE UINT64_C(0x1000000)
/* Streams: P1 has 0x10 (managed stage 1, faults) as endpoint 1, 0x11
 * (partition stage 1 over its stage 2) as endpoint 2, 0x12 (no model)
 * as endpoint 3; P2 has 0x20 as endpoint 1 (same number as P1's). */
#define SID1 0x10u
#define SID1_PART 0x11u
#define SID1_NONE 0x12u
#define SID2 0x20u
#define NO_PA (~UINT64_C(0))

struct venv {
	struct fixture *f;
	struct smmuv3_viommu v;
	struct smmuv3_viommu_stream streams[8];
	struct smmuv3_viommu_as as[4];
	struct smmuv3_viommu_mapping maps[8];
	struct smmuv3_viommu_fault_rec events[4];
	struct smmuv3_viommu_resv resv[1];
	struct smmuv3_domain s2;       /* P1's stage 2 for SID1_PART */
	unsigned int notified[3];
	unsigned int asked;
};

static inline bool venv_owns(uint16_t part, uint64_t addr, uint64_t size)
{
	uint64_t base = part == P1 ? MEM1 : part == P2 ? MEM2 : 0;

	return base && addr >= base && size <= MEM_SIZE && addr - base <= MEM_SIZE - size;
}

static inline bool venv_may_access(void *arg, uint16_t part, uint64_t addr, uint64_t size,
				   uint32_t prot)
{
	struct venv *e = arg;

	(void)prot;
	e->asked++;
	return venv_owns(part, addr, size);
}

static inline void venv_notify(void *arg, uint16_t part)
{
	struct venv *e = arg;

	if (part < 3)
		e->notified[part]++;
}

static inline struct venv *venv_new(void)
{
	struct venv *e = calloc(1, sizeof(*e));
	struct smmuv3_domain_cfg dc;
	struct smmuv3_viommu_cfg c = {
		.may_access = venv_may_access, .notify = venv_notify,
		.streams = e->streams, .n_streams = 8, .as = e->as, .n_as = 4,
		.maps = e->maps, .n_maps = 8, .events = e->events, .n_events = 4,
		.resv = e->resv, .n_resv = 1,
	};

	e->f = fixture_new(&smmuv3_mock_profile_mmu600);
	fixture_enable(e->f);
	e->f->mock->tlb_enabled = true;
	e->resv[0] = (struct smmuv3_viommu_resv){ 0x8000000, 0x80fffff, SMMUV3_VIOMMU_RESV_MSI };
	c.smmu = &e->f->smmu;
	c.arg = e;
	assert_int_equal(smmuv3_viommu_init(&e->v, &c), 0);
	assert_int_equal(smmuv3_fault_set_default(&e->f->smmu, smmuv3_viommu_event_handler, NULL,
						  &e->v), 0);
	/* P1's stage 2: identity over its memory. */
	smmuv3_domain_cfg_init(&e->f->smmu, &dc, SMMUV3_DOMAIN_S2);
	assert_int_equal(smmuv3_domain_init(&e->f->smmu, &e->s2, &dc), 0);
	assert_int_equal(smmuv3_domain_map(&e->s2, MEM1, MEM1, MEM_SIZE,
					   SMMUV3_PROT_READ | SMMUV3_PROT_WRITE), 0);
	assert_int_equal(smmuv3_viommu_add_stream(&e->v, P1, SID1, 1, 2,
						  SMMUV3_VIOMMU_S_HYP_S1 | SMMUV3_VIOMMU_S_FAULTS,
						  NULL), 0);
	assert_int_equal(smmuv3_viommu_add_stream(&e->v, P1, SID1_PART, 2, 2,
						  SMMUV3_VIOMMU_S_PART_S1 | SMMUV3_VIOMMU_S_FAULTS,
						  &e->s2), 0);
	assert_int_equal(smmuv3_viommu_add_stream(&e->v, P1, SID1_NONE, 3, 0, 0, NULL), 0);
	assert_int_equal(smmuv3_viommu_add_stream(&e->v, P2, SID2, 1, 0,
						  SMMUV3_VIOMMU_S_HYP_S1 | SMMUV3_VIOMMU_S_FAULTS,
						  NULL), 0);
	return e;
}

static inline void venv_free(struct venv *e)
{
	assert_int_equal(smmuv3_viommu_fini(&e->v), 0);
	assert_int_equal(smmuv3_domain_destroy(&e->s2), 0);
	fixture_free(e->f);
	free(e);
}

/* What the mock's DMA from (sid, ssid) at iova reaches, or NO_PA. */
static inline uint64_t venv_dma(struct venv *e, uint32_t sid, uint32_t ssid, uint64_t iova,
				bool write)
{
	struct smmuv3_mock_xlate x;

	smmuv3_mock_translate(e->f->mock, sid, ssid, ssid != 0, iova,
			      write ? SMMUV3_MOCK_ACC_WRITE : 0, &x);
	return x.status == SMMUV3_MOCK_XLATE_OK ? x.pa : NO_PA;
}

/* A faulting DMA, recorded in the event queue as the SMMU would
 * (F_TRANSLATION with address and access), then drained. */
static inline void venv_fault(struct venv *e, uint32_t sid, uint64_t iova, bool write)
{
	uint64_t rec[4] = {
		SMMUV3_FIELD_PREP(SMMUV3_EVT0_TYPE, SMMUV3_EVT_F_TRANSLATION) |
			SMMUV3_FIELD_PREP(SMMUV3_EVT0_SID, sid),
		write ? 0 : SMMUV3_EVT1_RNW,
		iova, 0,
	};

	assert_int_equal(venv_dma(e, sid, 0, iova, write), NO_PA);
	assert_int_equal(smmuv3_mock_inject_event(e->f->mock, false, rec), 0);
	assert_true(smmuv3_poll(&e->f->smmu) >= 1);
}

/* A paravirtual call with up to 5 arguments. */
static inline int venv_call(struct venv *e, uint16_t part, uint32_t fn, uint64_t a0, uint64_t a1,
			    uint64_t a2, uint64_t a3, uint64_t a4, uint64_t res[4])
{
	const uint64_t args[7] = { a0, a1, a2, a3, a4, 0, 0 };
	uint64_t dummy[4];

	return smmuv3_viommu_call(&e->v, part, fn, args, res ? res : dummy);
}

#endif
