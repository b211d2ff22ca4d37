// SPDX-License-Identifier: BSD-3-Clause
/*
 * The virtio-iommu backend: requests in the specification's byte
 * layouts (written here from the specification, independently of the
 * library), its status codes, PROBE properties, configuration values and
 * fault reports, with DMA through the mock.
 */
#include <stdlib.h>

#include "viommu_env.h"

#include "../common/le_bytes.h"
#include "core/objects.h"

#define T_ATTACH 1
#define T_DETACH 2
#define T_MAP 3
#define T_UNMAP 4
#define T_PROBE 5
#define S_OK 0
#define S_UNSUPP 2
#define S_INVAL 4
#define S_RANGE 5
#define S_NOENT 6
#define S_FAULT 7
#define S_NOMEM 8
#define F_READ 1
#define F_WRITE 2
#define F_MMIO 4
#define G UINT64_C(0x1000)

/* Send @req (@len bytes); the status, or -1 when the device did not write. */
static int send(struct venv *e, uint16_t part, const uint8_t *req, size_t len)
{
	uint8_t tail[4] = { 0xee, 0xee, 0xee, 0xee };
	size_t used = 99;
	int rc = smmuv3_viommu_virtio_request(&e->v, part, req, len, tail, sizeof(tail), &used);

	if (rc == 1) {
		assert_int_equal(used, 0);
		assert_int_equal(tail[0], 0xee);
		return -1;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(used, 4);
	assert_int_equal(tail[1] | tail[2] | tail[3], 0);
	return tail[0];
}

static int attach(struct venv *e, uint16_t part, uint32_t dom, uint32_t ep, uint32_t flags,
		  uint32_t resv)
{
	uint8_t r[20] = { T_ATTACH };

	le_w32(r + 4, dom);
	le_w32(r + 8, ep);
	le_w32(r + 12, flags);
	le_w32(r + 16, resv);
	return send(e, part, r, sizeof(r));
}

static int detach(struct venv *e, uint16_t part, uint32_t dom, uint32_t ep)
{
	uint8_t r[20] = { T_DETACH };

	le_w32(r + 4, dom);
	le_w32(r + 8, ep);
	return send(e, part, r, sizeof(r));
}

static int map(struct venv *e, uint16_t part, uint32_t dom, uint64_t start, uint64_t end,
	       uint64_t phys, uint32_t flags)
{
	uint8_t r[36] = { T_MAP };

	le_w32(r + 4, dom);
	le_w64(r + 8, start);
	le_w64(r + 16, end);
	le_w64(r + 24, phys);
	le_w32(r + 32, flags);
	return send(e, part, r, sizeof(r));
}

static int unmap(struct venv *e, uint16_t part, uint32_t dom, uint64_t start, uint64_t end)
{
	uint8_t r[28] = { T_UNMAP };

	le_w32(r + 4, dom);
	le_w64(r + 8, start);
	le_w64(r + 16, end);
	return send(e, part, r, sizeof(r));
}

static void test_config(void **state)
{
	struct venv *e = venv_new();
	uint8_t c[SMMUV3_VIOMMU_VIRTIO_CONFIG_BYTES];

	(void)state;
	assert_int_equal(smmuv3_viommu_virtio_config(&e->v, c), 0);
	assert_int_equal(le_r64(c), G | G << 9 | G << 18);           /* page_size_mask */
	assert_int_equal(le_r64(c + 8), 0);                            /* input_range */
	assert_int_equal(le_r64(c + 16), (UINT64_C(1) << 48) - 1);
	assert_int_equal(le_r32(c + 24), 0);                           /* domain_range */
	assert_int_equal(le_r32(c + 28), UINT32_MAX);
	assert_int_equal(le_r32(c + 32), 24);                          /* probe_size */
	assert_int_equal(c[36] | c[37] | c[38] | c[39], 0);         /* bypass 0 */
	assert_int_equal(SMMUV3_VIOMMU_VIRTIO_FEATURES & (1u << 3), 0); /* no BYPASS */
	assert_int_equal(SMMUV3_VIOMMU_VIRTIO_FEATURES & (1u << 6), 0); /* no BYPASS_CONFIG */
	assert_true(SMMUV3_VIOMMU_VIRTIO_FEATURES & (1u << 2));        /* MAP_UNMAP */
	venv_free(e);
}

/* The specification's walk-through: attach, map, DMA, unmap, detach. */
static void test_dma_flow(void **state)
{
	struct venv *e = venv_new();

	(void)state;
	assert_int_equal(attach(e, P1, 1, 1, 0, 0), S_OK);
	assert_int_equal(map(e, P1, 1, 0x10000, 0x11fff, MEM1 + 0x4000, F_READ | F_WRITE), S_OK);
	assert_int_equal(venv_dma(e, SID1, 0, 0x11008, true), MEM1 + 0x5008);
	/* Write-only is mapped readable (stage 1 cannot express it). */
	assert_int_equal(map(e, P1, 1, 0x20000, 0x20fff, MEM1, F_WRITE), S_OK);
	assert_int_equal(venv_dma(e, SID1, 0, 0x20000, false), MEM1);
	assert_int_equal(map(e, P1, 1, 0x30000, 0x30fff, MEM1, F_READ | F_MMIO), S_OK);
	assert_int_equal(venv_dma(e, SID1, 0, 0x30000, true), NO_PA);
	assert_int_equal(unmap(e, P1, 1, 0x10000, 0x11fff), S_OK);
	assert_int_equal(venv_dma(e, SID1, 0, 0x11008, true), NO_PA);
	/* The fault reaches P1's event queue in the virtio format. */
	{
		uint8_t ev[SMMUV3_VIOMMU_VIRTIO_FAULT_BYTES];

		venv_fault(e, SID1, 0x11008, true);
		assert_int_equal(smmuv3_viommu_virtio_fault(&e->v, P2, ev, sizeof(ev)), 0);
		assert_int_equal(smmuv3_viommu_virtio_fault(&e->v, P1, ev, 8), SMMUV3_ERR_INVAL);
		assert_int_equal(smmuv3_viommu_virtio_fault(&e->v, P1, ev, sizeof(ev)), 1);
		assert_int_equal(ev[0], 2);                       /* R_MAPPING */
		assert_int_equal(ev[1] | ev[2] | ev[3], 0);
		assert_int_equal(le_r32(ev + 4), 0x100 | F_WRITE);   /* ADDRESS | WRITE */
		assert_int_equal(le_r32(ev + 8), 1);                 /* endpoint */
		assert_int_equal(le_r32(ev + 12), 0);
		assert_int_equal(le_r64(ev + 16), 0x11008);
		assert_int_equal(smmuv3_viommu_virtio_fault(&e->v, P1, ev, sizeof(ev)), 0);
	}
	/* Detaching the last endpoint ends the domain and its mappings. */
	assert_int_equal(detach(e, P1, 1, 1), S_OK);
	assert_int_equal(venv_dma(e, SID1, 0, 0x20000, false), NO_PA);
	assert_int_equal(map(e, P1, 1, 0x10000, 0x10fff, MEM1, F_READ), S_NOENT);
	venv_free(e);
}

static void test_attach_rules(void **state)
{
	struct venv *e = venv_new();

	(void)state;
	assert_int_equal(attach(e, P1, 1, 1, 0, 1), S_INVAL);    /* reserved */
	assert_int_equal(attach(e, P1, 1, 1, 1, 0), S_INVAL);    /* BYPASS not offered */
	assert_int_equal(attach(e, P1, 1, 9, 0, 0), S_NOENT);
	assert_int_equal(attach(e, P2, 1, 3, 0, 0), S_NOENT);    /* P1's endpoint */
	assert_int_equal(attach(e, P1, 1, 3, 0, 0), S_UNSUPP);   /* no managed model */
	assert_int_equal(attach(e, P1, 1, 2, 0, 0), S_UNSUPP);
	assert_int_equal(attach(e, P1, 1, 1, 0, 0), S_OK);
	assert_int_equal(attach(e, P1, 1, 1, 0, 0), S_OK);       /* already there */
	/* Same domain number in P2: a different domain. */
	assert_int_equal(attach(e, P2, 1, 1, 0, 0), S_OK);
	assert_int_equal(map(e, P1, 1, 0, 0xfff, MEM1, F_READ), S_OK);
	assert_int_equal(venv_dma(e, SID1, 0, 0, false), MEM1);
	assert_int_equal(venv_dma(e, SID2, 0, 0, false), NO_PA);
	/* Moving the endpoint to domain 2 detaches it from domain 1, which
	 * then ceases to exist. */
	assert_int_equal(attach(e, P1, 2, 1, 0, 0), S_OK);
	assert_int_equal(venv_dma(e, SID1, 0, 0, false), NO_PA);
	assert_int_equal(map(e, P1, 1, 0, 0xfff, MEM1, F_READ), S_NOENT);
	/* DETACH: unknown endpoint, wrong domain. */
	assert_int_equal(detach(e, P1, 2, 9), S_NOENT);
	assert_int_equal(detach(e, P1, 1, 1), S_INVAL);
	assert_int_equal(detach(e, P2, 2, 1), S_INVAL);
	assert_int_equal(detach(e, P1, 2, 1), S_OK);
	/* Domains run out (4 address spaces in all). */
	assert_int_equal(attach(e, P1, 7, 1, 0, 0), S_OK);
	{
		uint64_t res[4];
		const uint64_t args[7] = { 0 };

		assert_int_equal(smmuv3_viommu_call(&e->v, P1, SMMUV3_VIOMMU_FN_AS_CREATE, args, res),
				 0);
		assert_int_equal(smmuv3_viommu_call(&e->v, P1, SMMUV3_VIOMMU_FN_AS_CREATE, args, res),
				 0);
	}
	assert_int_equal(attach(e, P1, 8, 1, 0, 0), S_NOMEM);
	/* The failed move left the endpoint where it was. */
	assert_int_equal(map(e, P1, 7, 0, 0xfff, MEM1, F_READ), S_OK);
	assert_int_equal(venv_dma(e, SID1, 0, 0, false), MEM1);
	venv_free(e);
}

static void test_map_unmap_rules(void **state)
{
	struct venv *e = venv_new();

	(void)state;
	assert_int_equal(attach(e, P1, 5, 1, 0, 0), S_OK);
	assert_int_equal(map(e, P1, 6, 0, 0xfff, MEM1, F_READ), S_NOENT);
	assert_int_equal(map(e, P1, 5, 0, 0xfff, MEM1, 8), S_INVAL);         /* unknown flag */
	assert_int_equal(map(e, P1, 5, 0x800, 0x17ff, MEM1, F_READ), S_RANGE); /* alignment */
	assert_int_equal(map(e, P1, 5, 0, 0xffe, MEM1, F_READ), S_RANGE);
	assert_int_equal(map(e, P1, 5, 0, 0xfff, MEM1 + 4, F_READ), S_RANGE);
	assert_int_equal(map(e, P1, 5, 0x1000, 0xfff, MEM1, F_READ), S_INVAL); /* end < start */
	assert_int_equal(map(e, P1, 5, 0, UINT64_MAX, MEM1, F_READ), S_RANGE);
	assert_int_equal(map(e, P1, 5, UINT64_C(1) << 48, (UINT64_C(1) << 48) + 0xfff, MEM1,
			     F_READ), S_RANGE);
	assert_int_equal(map(e, P1, 5, 0, 0xfff, MEM2, F_READ), S_FAULT);    /* P2's memory */
	assert_int_equal(map(e, P1, 5, 0, 0xfff, MEM1, 0), S_INVAL);
	assert_int_equal(map(e, P1, 5, 0x8000000, 0x8000fff, MEM1, F_READ), S_INVAL); /* MSI */
	assert_int_equal(venv_dma(e, SID1, 0, 0, false), NO_PA);
	/* The specification's unmap examples (in pages). */
	assert_int_equal(unmap(e, P1, 5, 0, 5 * G - 1), S_OK);               /* (1) */
	assert_int_equal(map(e, P1, 5, 0, 10 * G - 1, MEM1, F_READ), S_OK);
	assert_int_equal(map(e, P1, 5, 0, G - 1, MEM1, F_READ), S_INVAL);    /* exists */
	assert_int_equal(unmap(e, P1, 5, 0, 5 * G - 1), S_RANGE);            /* (4) */
	assert_int_equal(venv_dma(e, SID1, 0, 0, false), MEM1);
	assert_int_equal(unmap(e, P1, 5, 0, 10 * G - 1), S_OK);              /* (2) */
	assert_int_equal(map(e, P1, 5, 0, 5 * G - 1, MEM1, F_READ), S_OK);
	assert_int_equal(map(e, P1, 5, 5 * G, 10 * G - 1, MEM1, F_READ), S_OK);
	assert_int_equal(unmap(e, P1, 5, 0, 5 * G - 1), S_OK);               /* (5) */
	assert_int_equal(venv_dma(e, SID1, 0, 5 * G, false), MEM1);
	assert_int_equal(map(e, P1, 5, 10 * G, 15 * G - 1, MEM1, F_READ), S_OK);
	assert_int_equal(unmap(e, P1, 5, 0, 15 * G - 1), S_OK);              /* (3), (7) */
	assert_int_equal(venv_dma(e, SID1, 0, 10 * G, false), NO_PA);
	assert_int_equal(unmap(e, P1, 5, 0, UINT64_MAX), S_OK);
	assert_int_equal(unmap(e, P1, 5, 1, 0), S_INVAL);
	assert_int_equal(unmap(e, P1, 6, 0, 0xfff), S_NOENT);
	/* No memory for tables: NOMEM; a command the SMMU rejects: DEVERR.
	 * The unmaps above left emptied tables in the page tables' caches
	 * (docs/page-tables.md); give them back so the map must allocate. */
	for (unsigned int i = 0; i < 4; i++)
		if (e->as[i].used)
			smmuv3_pgtable_trim(&smmuv3_dom_of(&e->as[i].dom)->pt);
	e->f->tp.fail_all = true;
	assert_int_equal(map(e, P1, 5, 0, 0xfff, MEM1, F_READ), S_NOMEM);
	e->f->tp.fail_all = false;
	assert_int_equal(map(e, P1, 5, 0, 0xfff, MEM1, F_READ), S_OK);
	e->f->mock->cerror_at = e->f->mock->n_consumed + 1;
	assert_int_equal(unmap(e, P1, 5, 0, 0xfff), 3 /* S_DEVERR */);
	assert_int_equal(unmap(e, P1, 5, 0, 0xfff), S_OK);
	venv_free(e);
}

static void test_probe_and_parsing(void **state)
{
	struct venv *e = venv_new();
	uint8_t req[72] = { T_PROBE }, resp[64];
	size_t used;

	(void)state;
	le_w32(req + 4, 1);
	req[10] = 0x5a;   /* reserved: ignored */
	memset(resp, 0xee, sizeof(resp));
	assert_int_equal(smmuv3_viommu_virtio_request(&e->v, P1, req, sizeof(req), resp, 28, &used),
			 0);
	assert_int_equal(used, 28);
	assert_int_equal(resp[0] | resp[1] << 8, 1);       /* RESV_MEM */
	assert_int_equal(resp[2] | resp[3] << 8, 20);
	assert_int_equal(resp[4], 1);                      /* MSI */
	assert_int_equal(le_r64(resp + 8), 0x8000000);
	assert_int_equal(le_r64(resp + 16), 0x80fffff);
	assert_int_equal(resp[24], S_OK);
	/* Properties buffer below probe_size: INVAL, no property written. */
	memset(resp, 0xee, sizeof(resp));
	assert_int_equal(smmuv3_viommu_virtio_request(&e->v, P1, req, sizeof(req), resp, 20, &used),
			 0);
	assert_int_equal(used, 20);
	assert_int_equal(resp[0], 0);
	assert_int_equal(resp[16], S_INVAL);
	/* P2 has no endpoint 3. */
	le_w32(req + 4, 3);
	assert_int_equal(smmuv3_viommu_virtio_request(&e->v, P2, req, sizeof(req), resp, 28, &used),
			 0);
	assert_int_equal(resp[24], S_NOENT);
	/* Unparseable: unknown type, short request, no room for the tail. */
	req[0] = 9;
	assert_int_equal(send(e, P1, req, sizeof(req)), -1);
	req[0] = T_MAP;
	assert_int_equal(send(e, P1, req, 35), -1);
	req[0] = T_ATTACH;
	assert_int_equal(smmuv3_viommu_virtio_request(&e->v, P1, req, 20, resp, 3, &used), 1);
	assert_int_equal(used, 0);
	assert_int_equal(smmuv3_viommu_virtio_request(&e->v, P1, NULL, 20, resp, 4, &used),
			 SMMUV3_ERR_INVAL);
	/* A partition reset (device reset) detaches everything. */
	assert_int_equal(attach(e, P1, 3, 1, 0, 0), S_OK);
	assert_int_equal(map(e, P1, 3, 0, 0xfff, MEM1, F_READ), S_OK);
	assert_int_equal(smmuv3_viommu_reset_partition(&e->v, P1), 0);
	assert_int_equal(venv_dma(e, SID1, 0, 0, false), NO_PA);
	assert_int_equal(map(e, P1, 3, 0, 0xfff, MEM1, F_READ), S_NOENT);
	venv_free(e);
}

/* The two ABIs do not see each other's address spaces. */
static void test_abis_apart(void **state)
{
	struct venv *e = venv_new();
	const uint64_t args[7] = { 0 };
	uint64_t a2[7] = { 0 }, res[4], ph;

	(void)state;
	assert_int_equal(smmuv3_viommu_call(&e->v, P1, SMMUV3_VIOMMU_FN_AS_CREATE, args, res), 0);
	ph = a2[0] = res[0];
	a2[1] = 1;
	assert_int_equal(smmuv3_viommu_call(&e->v, P1, SMMUV3_VIOMMU_FN_ATTACH, a2, res), 0);
	/* Attached through the paravirtual ABI: virtio may not move it. */
	assert_int_equal(attach(e, P1, 1, 1, 0, 0), S_UNSUPP);
	assert_int_equal(smmuv3_viommu_call(&e->v, P1, SMMUV3_VIOMMU_FN_DETACH, a2, res), 0);
	assert_int_equal(attach(e, P1, 1, 1, 0, 0), S_OK);
	/* Virtio domains have no paravirtual handle: whatever P1 guesses,
	 * only its paravirtual address space answers. */
	for (uint64_t gen = 0; gen < 4; gen++)
		for (uint64_t h = 1; h <= 4; h++) {
			a2[0] = h | gen << 16;
			assert_int_equal(smmuv3_viommu_call(&e->v, P1, SMMUV3_VIOMMU_FN_DETACH, a2,
							    res),
					 a2[0] == ph ? SMMUV3_VIOMMU_E_NOENT : SMMUV3_VIOMMU_E_NO_AS);
		}
	venv_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_dma_flow),
		cmocka_unit_test(test_attach_rules),
		cmocka_unit_test(test_map_unmap_rules),
		cmocka_unit_test(test_probe_and_parsing),
		cmocka_unit_test(test_abis_apart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
