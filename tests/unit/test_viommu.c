// SPDX-License-Identifier: BSD-3-Clause
/*
 * The paravirtual ABI of the virtual IOMMU: every function, every
 * authorization rule and every refusal, with DMA through the mock
 * translating after a map and faulting after the unmap.
 */
#include <stdlib.h>

#include "viommu_env.h"
#include "core/objects.h"

#define RW (SMMUV3_VIOMMU_PROT_READ | SMMUV3_VIOMMU_PROT_WRITE)
#define G UINT64_C(0x1000)

static uint64_t as_create(struct venv *e, uint16_t part)
{
	uint64_t res[4];

	assert_int_equal(venv_call(e, part, SMMUV3_VIOMMU_FN_AS_CREATE, 0, 0, 0, 0, 0, res), 0);
	assert_true(res[0] != 0);
	return res[0];
}

static void test_version_and_malformed_calls(void **state)
{
	struct venv *e = venv_new();
	uint64_t args[7] = { 0 }, res[4] = { 1, 2, 3, 4 };

	(void)state;
	assert_int_equal(smmuv3_viommu_call(&e->v, P1, SMMUV3_VIOMMU_FN_VERSION, args, res), 0);
	assert_int_equal(res[0], SMMUV3_VIOMMU_VERSION_MAJOR << 16 | SMMUV3_VIOMMU_VERSION_MINOR);
	assert_int_equal(res[1] | res[2] | res[3], 0);
	/* Unknown function; an argument the function does not read. */
	assert_int_equal(smmuv3_viommu_call(&e->v, P1, 0x99, args, res), SMMUV3_VIOMMU_E_NOTSUP);
	args[6] = 1;
	assert_int_equal(smmuv3_viommu_call(&e->v, P1, SMMUV3_VIOMMU_FN_VERSION, args, res),
			 SMMUV3_VIOMMU_E_INVAL);
	args[6] = 0;
	args[1] = 5;
	assert_int_equal(smmuv3_viommu_call(&e->v, P1, SMMUV3_VIOMMU_FN_FEATURES, args, res),
			 SMMUV3_VIOMMU_E_INVAL);
	assert_int_equal(smmuv3_viommu_call(&e->v, P1, SMMUV3_VIOMMU_FN_VERSION, NULL, res),
			 SMMUV3_VIOMMU_E_INVAL);
	assert_int_equal(smmuv3_viommu_call(NULL, P1, SMMUV3_VIOMMU_FN_VERSION, args, res),
			 SMMUV3_VIOMMU_E_INVAL);
	venv_free(e);
}

static void test_features(void **state)
{
	struct venv *e = venv_new();
	uint64_t res[4];

	(void)state;
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_FEATURES, 1, 0, 0, 0, 0, res), 0);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_VIOMMU_FEAT0_MODELS, res[0]),
			 SMMUV3_VIOMMU_S_HYP_S1 | SMMUV3_VIOMMU_S_FAULTS);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_VIOMMU_FEAT0_SSID, res[0]), 2);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_VIOMMU_FEAT0_IAS, res[0]), 48);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_VIOMMU_FEAT0_GRANULE, res[0]), 12);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_VIOMMU_FEAT0_LEVELS, res[0]), 4);
	assert_true(SMMUV3_FIELD_GET(SMMUV3_VIOMMU_FEAT0_GRANULES, res[0]) & 1);
	assert_int_equal(res[1], G | (G << 9) | (G << 18));
	assert_int_equal(res[2], 0);  /* no partition CD table for this one */
	/* Partition-controlled: 4 CDs of 64 bytes, nested (output = IPA). */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_FEATURES, 2, 0, 0, 0, 0, res), 0);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_VIOMMU_FEAT0_MODELS, res[0]),
			 SMMUV3_VIOMMU_S_PART_S1 | SMMUV3_VIOMMU_S_FAULTS |
				 SMMUV3_VIOMMU_S_NESTED);
	assert_int_equal(res[2], 256);
	assert_int_equal(res[3], 256);
	/* P2's endpoint 1 is its own stream; P2 has no endpoint 2. */
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_FEATURES, 1, 0, 0, 0, 0, res), 0);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_VIOMMU_FEAT0_SSID, res[0]), 0);
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_FEATURES, 2, 0, 0, 0, 0, res),
			 SMMUV3_VIOMMU_E_NO_STREAM);
	assert_int_equal(venv_call(e, 7, SMMUV3_VIOMMU_FN_FEATURES, 1, 0, 0, 0, 0, res),
			 SMMUV3_VIOMMU_E_NO_STREAM);
	venv_free(e);
}

/* Map, DMA, unmap, fault, on the stream and a substream. */
static void test_managed_dma(void **state)
{
	struct venv *e = venv_new();
	uint64_t h = as_create(e, P1), h2 = as_create(e, P1), res[4];

	(void)state;
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h, 1, 0, 0, 0, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h2, 1, 3, 0, 0, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0x100000, MEM1 + 0x5000, 2 * G,
				   RW, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h2, 0x100000, MEM1 + 0x9000, G,
				   SMMUV3_VIOMMU_PROT_READ, NULL), 0);
	assert_int_equal(venv_dma(e, SID1, 0, 0x101234, true), MEM1 + 0x6234);
	assert_int_equal(venv_dma(e, SID1, 3, 0x100010, false), MEM1 + 0x9010);
	/* Read-only: a write faults. */
	assert_int_equal(venv_dma(e, SID1, 3, 0x100010, true), NO_PA);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_UNMAP, h, 0x100000, 2 * G, 0, 0, res), 0);
	assert_int_equal(res[0], 2 * G);
	assert_int_equal(venv_dma(e, SID1, 0, 0x101234, true), NO_PA);
	assert_int_equal(venv_dma(e, SID1, 3, 0x100010, false), MEM1 + 0x9010);
	/* Destroy is refused while attached. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_AS_DESTROY, h, 0, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_BUSY);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_DETACH, h, 1, 0, 0, 0, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_DETACH, h, 1, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NOENT);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_AS_DESTROY, h, 0, 0, 0, 0, NULL), 0);
	/* The destroyed handle names nothing, even when the slot is reused. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_AS_DESTROY, h, 0, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NO_AS);
	assert_true(as_create(e, P1) != h);
	venv_free(e);
}

/* Managed stage 1 nested over a stage 2 that is not the identity
 * (data IPA MEM1 -> PA 0x5000000, the library's table memory at PA +
 * 1 TiB through its table window): an address space mapped before and
 * after its attach translates, through the tables' IPAs. */
static void test_managed_nested_offset(void **state)
{
	struct venv *e = venv_new();
	struct smmuv3_domain s2;
	struct smmuv3_domain_cfg dc;
	struct smmuv3_table_window w = {
		.ipa = e->f->tp.pa_base + (UINT64_C(1) << 40),
		.pa = e->f->tp.pa_base,
		.size = e->f->tp.pool_size & ~UINT64_C(0xfff),
	};
	uint64_t h = as_create(e, P1);

	(void)state;
	smmuv3_domain_cfg_init(&e->f->smmu, &dc, SMMUV3_DOMAIN_S2);
	dc.owner = P1;
	assert_int_equal(smmuv3_domain_init(&e->f->smmu, &s2, &dc), 0);
	assert_int_equal(smmuv3_domain_map(&s2, MEM1, 0x5000000, MEM_SIZE,
					   SMMUV3_PROT_READ | SMMUV3_PROT_WRITE), 0);
	assert_int_equal(smmuv3_domain_set_window(&s2, &w), 0);
	assert_int_equal(smmuv3_viommu_add_stream(&e->v, P1, 0x13, 4, 0,
						  SMMUV3_VIOMMU_S_HYP_S1, &s2), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0x100000, MEM1 + 0x5000, G,
				   RW, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h, 4, 0, 0, 0, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0x7f0000000000, MEM1, G, RW,
				   NULL), 0);
	assert_int_equal(venv_dma(e, 0x13, 0, 0x100010, true), 0x5005010);
	assert_int_equal(venv_dma(e, 0x13, 0, 0x7f0000000020, false), 0x5000020);
	/* The window is never a partition's memory. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0x200000, w.ipa, G, RW, NULL),
			 SMMUV3_VIOMMU_E_MEM_DENIED);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_DETACH, h, 4, 0, 0, 0, NULL), 0);
	assert_int_equal(smmuv3_viommu_fini(&e->v), 0);
	assert_int_equal(smmuv3_domain_destroy(&s2), 0);
	assert_int_equal(smmuv3_domain_destroy(&e->s2), 0);
	fixture_free(e->f);
	free(e);
}

/* Nothing of one partition is reachable by another. */
static void test_isolation(void **state)
{
	struct venv *e = venv_new();
	uint64_t h1 = as_create(e, P1), h2 = as_create(e, P2);
	unsigned int asked;

	(void)state;
	/* P2 names P1's address space: refused as if it did not exist. */
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_MAP, h1, 0, MEM2, G, RW, NULL),
			 SMMUV3_VIOMMU_E_NO_AS);
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_AS_DESTROY, h1, 0, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NO_AS);
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_ATTACH, h1, 1, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NO_AS);
	/* P2's endpoint 1 is SID2: attaching its own AS reaches SID2 only;
	 * P2 cannot name P1's endpoints 2 and 3. */
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_ATTACH, h2, 3, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NO_STREAM);
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_ATTACH, h2, 1, 0, 0, 0, NULL), 0);
	/* P2 maps P1's memory: the callback refuses, nothing is mapped. */
	asked = e->asked;
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_MAP, h2, 0, MEM1, G, RW, NULL),
			 SMMUV3_VIOMMU_E_MEM_DENIED);
	assert_int_equal(e->asked, asked + 1);
	assert_int_equal(venv_dma(e, SID2, 0, 0, false), NO_PA);
	/* A range that starts in its memory and ends outside. */
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_MAP, h2, 0, MEM2 + MEM_SIZE - G, 2 * G,
				   RW, NULL), SMMUV3_VIOMMU_E_MEM_DENIED);
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_MAP, h2, 0, MEM2, G, RW, NULL), 0);
	assert_int_equal(venv_dma(e, SID2, 0, 0, false), MEM2);
	/* P1's partition-controlled functions on P2's endpoint numbers. */
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_TLBI_ASID, 2, 1, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NO_STREAM);
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_CDTAB_SET, 2, MEM2, 256, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NO_STREAM);
	/* An unknown partition owns nothing. */
	assert_int_equal(venv_call(e, 9, SMMUV3_VIOMMU_FN_UNMAP, h2, 0, G, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NO_AS);
	venv_free(e);
}

static void test_map_refusals(void **state)
{
	struct venv *e = venv_new();
	uint64_t h = as_create(e, P1), res[4];

	(void)state;
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0, MEM1, 0, RW, NULL),
			 SMMUV3_VIOMMU_E_INVAL);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0, MEM1, G, 0, NULL),
			 SMMUV3_VIOMMU_E_INVAL);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0, MEM1, G, 0x10, NULL),
			 SMMUV3_VIOMMU_E_INVAL);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0x800, MEM1, G, RW, NULL),
			 SMMUV3_VIOMMU_E_ALIGN);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0, MEM1 + 1, G, RW, NULL),
			 SMMUV3_VIOMMU_E_ALIGN);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, UINT64_C(1) << 48, MEM1, G, RW,
				   NULL), SMMUV3_VIOMMU_E_RANGE);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0, ~G + 1, 2 * G, RW, NULL),
			 SMMUV3_VIOMMU_E_RANGE);
	/* The MSI window is reserved. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0x80ff000, MEM1, 2 * G, RW,
				   NULL), SMMUV3_VIOMMU_E_RESERVED);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0, MEM1, 4 * G, RW, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 3 * G, MEM1, G, RW, NULL),
			 SMMUV3_VIOMMU_E_EXISTS);
	/* Unmap: splitting a mapping is refused, spilling over holes is not. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_UNMAP, h, 0, 2 * G, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_SPLIT);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_UNMAP, h, 0, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_INVAL);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_UNMAP, h, 8 * G, ~UINT64_C(0), 0, 0,
				   NULL), SMMUV3_VIOMMU_E_RANGE);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 8 * G, MEM1, G, RW, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_UNMAP, h, 0, 64 * G, 0, 0, res), 0);
	assert_int_equal(res[0], 5 * G);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_UNMAP, h, 0, 64 * G, 0, 0, res), 0);
	assert_int_equal(res[0], 0);
	/* Mapping records run out (8), then address spaces (4). */
	for (uint64_t i = 0; i < 8; i++)
		assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, i * G, MEM1, G, RW, NULL),
				 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 8 * G, MEM1, G, RW, NULL),
			 SMMUV3_VIOMMU_E_NOSPC);
	for (int i = 0; i < 3; i++)
		as_create(e, P2);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_AS_CREATE, 0, 0, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NOSPC);
	venv_free(e);
}

static void test_attach_refusals(void **state)
{
	struct venv *e = venv_new();
	uint64_t h = as_create(e, P1), h2 = as_create(e, P1);

	(void)state;
	/* Endpoint 3 allows no model, endpoint 2 only the partition's own. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h, 3, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_MODEL);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h, 2, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_MODEL);
	/* Substream 4 is beyond its 2 bits. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h, 1, 4, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_RANGE);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h, 1, 1, 0, 0, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h, 1, 1, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_EXISTS);
	/* Another address space at the same place: detach first. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h2, 1, 1, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_EXISTS);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_DETACH, h2, 1, 1, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NOENT);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_DETACH, h, 1, 9, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_RANGE);
	venv_free(e);
}

static void test_partition_stage1(void **state)
{
	struct venv *e = venv_new();
	struct smmuv3_mock_ste_info ste;
	uint64_t h = as_create(e, P1);
	size_t before;

	(void)state;
	/* Not offered on endpoint 1; on endpoint 2: size, alignment, owner. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CDTAB_SET, 1, MEM1, 256, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_MODEL);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CDTAB_SET, 2, MEM1, 128, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_TABLE);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CDTAB_SET, 2, MEM1 + 64, 256, 0, 0,
				   NULL), SMMUV3_VIOMMU_E_TABLE);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CDTAB_SET, 2, MEM2, 256, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_MEM_DENIED);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CDTAB_SET, 2, ~UINT64_C(7), 256, 0,
				   0, NULL), SMMUV3_VIOMMU_E_RANGE);
	/* Before a table is given, the CD and TLB functions have nothing. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_TLBI_ASID, 2, 1, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_MODEL);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CDTAB_CLEAR, 2, 0, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NOENT);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CDTAB_SET, 2, MEM1 + 0x1000, 256, 0, 0,
				   NULL), 0);
	assert_int_equal(smmuv3_mock_decode_ste(e->f->mock, false, SID1_PART, &ste, NULL), 0);
	assert_true(ste.s1 && ste.s2);
	assert_int_equal(ste.s1_ctx, MEM1 + 0x1000);
	assert_int_equal(ste.s1cdmax, 2);
	assert_int_equal(ste.vmid, smmuv3_dom_of(&e->s2)->vmid);
	/* The managed model is refused on it now. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h, 2, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_MODEL);
	/* CD invalidation. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CD_INVAL, 2, 3, 0, 0, 0, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CD_INVAL, 2, 0, 1, 0, 0, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CD_INVAL, 2, 4, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_RANGE);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CD_INVAL, 2, 0, 2, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_INVAL);
	/* TLBIs carry the partition's VMID: nothing else is reachable. */
	before = smmuv3_mock_count_cmds(e->f->mock, SMMUV3_OP_TLBI_NH_ASID);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_TLBI_ASID, 2, 5, 0, 0, 0, NULL), 0);
	assert_int_equal(smmuv3_mock_count_cmds(e->f->mock, SMMUV3_OP_TLBI_NH_ASID), before + 1);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_TLBI_VMID,
					  e->f->mock->cmds[e->f->mock->n_cmds - 2].dw[0]),
			 smmuv3_dom_of(&e->s2)->vmid);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_TLBI_ASID, 2, 1u << 16, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NO_ASID);
	before = smmuv3_mock_count_cmds(e->f->mock, SMMUV3_OP_TLBI_NH_VA);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_TLBI_VA, 2, 5, 0x4000, 3 * G, 0, NULL),
			 0);
	assert_int_equal(smmuv3_mock_count_cmds(e->f->mock, SMMUV3_OP_TLBI_NH_VA), before + 3);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_TLBI_VA, 2, 5, 0x4001, G, 0, NULL),
			 SMMUV3_VIOMMU_E_ALIGN);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_TLBI_VA, 2, 5, 0x4000, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_INVAL);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_TLBI_VA, 2, 5, ~G + 1, 2 * G, 0, NULL),
			 SMMUV3_VIOMMU_E_RANGE);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CDTAB_CLEAR, 2, 0, 0, 0, 0, NULL), 0);
	/* The stream aborts again (the mock's verdict is not "translates"). */
	assert_true(smmuv3_mock_decode_ste(e->f->mock, false, SID1_PART, &ste, NULL) != 0 ||
		    !(ste.s1 || ste.s2));
	venv_free(e);
}

/* Faults reach the stream's partition only, in the documented format. */
static void test_faults(void **state)
{
	struct venv *e = venv_new();
	uint64_t res[4];

	(void)state;
	venv_fault(e, SID1, 0x123000, true);
	assert_int_equal(e->notified[P1], 1);
	assert_int_equal(e->notified[P2], 0);
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_FAULT_FETCH, 0, 0, 0, 0, 0, res),
			 SMMUV3_VIOMMU_E_NO_EVENT);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_FAULT_FETCH, 0, 0, 0, 0, 0, res), 0);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_VIOMMU_FLT_TYPE, res[0]),
			 SMMUV3_EVT_F_TRANSLATION);
	assert_true(res[0] & SMMUV3_VIOMMU_FLT_ADDR);
	assert_true(res[0] & SMMUV3_VIOMMU_FLT_ACCESS);
	assert_false(res[0] & (SMMUV3_VIOMMU_FLT_READ | SMMUV3_VIOMMU_FLT_LOST));
	assert_int_equal(res[1], 1);   /* endpoint 1, no substream */
	assert_int_equal(res[2], 0x123000);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_FAULT_FETCH, 0, 0, 0, 0, 0, res),
			 SMMUV3_VIOMMU_E_NO_EVENT);
	/* A stream without fault forwarding; P2's own stream. */
	venv_fault(e, SID1_NONE, 0x1000, false);
	venv_fault(e, SID2, 0x2000, false);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_FAULT_FETCH, 0, 0, 0, 0, 0, res),
			 SMMUV3_VIOMMU_E_NO_EVENT);
	/* P1 floods the 4-record queue: it loses its own oldest, P2's stays. */
	for (uint64_t i = 0; i < 5; i++)
		venv_fault(e, SID1, 0x10000 + i * G, false);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_FAULT_FETCH, 0, 0, 0, 0, 0, res), 0);
	assert_int_equal(res[2], 0x10000 + 2 * G);
	assert_true(res[0] & SMMUV3_VIOMMU_FLT_LOST);
	assert_true(res[0] & SMMUV3_VIOMMU_FLT_READ);
	assert_int_equal(venv_call(e, P2, SMMUV3_VIOMMU_FN_FAULT_FETCH, 0, 0, 0, 0, 0, res), 0);
	assert_int_equal(res[2], 0x2000);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_FAULT_FETCH, 0, 0, 0, 0, 0, res), 0);
	assert_false(res[0] & SMMUV3_VIOMMU_FLT_LOST);
	/* A partition reset drops its faults. */
	assert_int_equal(smmuv3_viommu_reset_partition(&e->v, P1), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_FAULT_FETCH, 0, 0, 0, 0, 0, res),
			 SMMUV3_VIOMMU_E_NO_EVENT);
	venv_free(e);
}

static void test_setup_refusals(void **state)
{
	struct venv *e = venv_new();
	struct smmuv3_viommu v2;
	struct smmuv3_viommu_cfg c = e->v.cfg;
	struct smmuv3_viommu_resv bad = { 2, 1, SMMUV3_VIOMMU_RESV_RESERVED };
	uint64_t h = as_create(e, P1);

	(void)state;
	c.may_access = NULL;
	assert_int_equal(smmuv3_viommu_init(&v2, &c), SMMUV3_ERR_INVAL);
	c = e->v.cfg;
	c.resv = &bad;
	assert_int_equal(smmuv3_viommu_init(&v2, &c), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_viommu_add_stream(&e->v, P2, SID1, 9, 0, 0, NULL),
			 SMMUV3_ERR_EXISTS);
	assert_int_equal(smmuv3_viommu_add_stream(&e->v, P1, 0x30, 1, 0, 0, NULL),
			 SMMUV3_ERR_EXISTS);
	assert_int_equal(smmuv3_viommu_add_stream(&e->v, P1, 0x30, 9, 0, SMMUV3_VIOMMU_S_PART_S1,
						  NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_viommu_add_stream(&e->v, P1, 0x30, 9, 0, 0x80, NULL),
			 SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_viommu_add_stream(&e->v, P1, 0x30, 9, 21, 0, NULL),
			 SMMUV3_ERR_RANGE);
	/* A partition reset takes everything it built away. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h, 1, 0, 0, 0, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0, MEM1, G, RW, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CDTAB_SET, 2, MEM1, 256, 0, 0, NULL), 0);
	assert_int_equal(venv_dma(e, SID1, 0, 0, false), MEM1);
	assert_int_equal(smmuv3_viommu_reset_partition(&e->v, P1), 0);
	assert_int_equal(venv_dma(e, SID1, 0, 0, false), NO_PA);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_AS_DESTROY, h, 0, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NO_AS);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_CDTAB_CLEAR, 2, 0, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NOENT);
	venv_free(e);
}

/* The SMMU or the allocator fails under a call: E_HW / E_NOMEM, and the
 * bookkeeping still matches what the library did. */
static void test_failures(void **state)
{
	struct venv *e = venv_new();
	uint64_t h = as_create(e, P1), res[4];

	(void)state;
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_ATTACH, h, 1, 0, 0, 0, NULL), 0);
	e->f->tp.fail_all = true;
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0, MEM1, G, RW, NULL),
			 SMMUV3_VIOMMU_E_NOMEM);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_AS_CREATE, 0, 0, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_NOMEM);
	e->f->tp.fail_all = false;
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 0, MEM1, G, RW, NULL), 0);
	assert_int_equal(venv_dma(e, SID1, 0, 0, false), MEM1);
	/* The unmap's TLBI is rejected: the range is gone all the same. */
	e->f->mock->cerror_at = e->f->mock->n_consumed + 1;
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_UNMAP, h, 0, G, 0, 0, res),
			 SMMUV3_VIOMMU_E_HW);
	assert_int_equal(res[0], G);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_UNMAP, h, 0, G, 0, 0, res), 0);
	assert_int_equal(res[0], 0);
	/* The next map pays the owed invalidation: the stale entry goes. */
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_MAP, h, 4 * G, MEM1, G, RW, NULL), 0);
	assert_int_equal(venv_dma(e, SID1, 0, 0, false), NO_PA);
	/* A rejected command under DETACH: retried, it goes through. */
	e->f->mock->cerror_at = e->f->mock->n_consumed + 1;
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_DETACH, h, 1, 0, 0, 0, NULL),
			 SMMUV3_VIOMMU_E_HW);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_DETACH, h, 1, 0, 0, 0, NULL), 0);
	assert_int_equal(venv_call(e, P1, SMMUV3_VIOMMU_FN_AS_DESTROY, h, 0, 0, 0, 0, NULL), 0);
	assert_int_equal(venv_dma(e, SID1, 0, 4 * G, false), NO_PA);
	venv_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_and_malformed_calls),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_managed_dma),
		cmocka_unit_test(test_managed_nested_offset),
		cmocka_unit_test(test_isolation),
		cmocka_unit_test(test_map_refusals),
		cmocka_unit_test(test_attach_refusals),
		cmocka_unit_test(test_partition_stage1),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_setup_refusals),
		cmocka_unit_test(test_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
