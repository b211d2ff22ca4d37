// SPDX-License-Identifier: BSD-3-Clause
/*
 * A partition context on QEMU (issue 12): edu's DMA is set up only
 * through the virtual IOMMU (include/smmuv3/viommu.h), as a partition
 * would through its SPMC: Hafnium-managed stage 1 nested over the
 * partition's stage 2, which is not the identity (the library's tables
 * through its table window at PA + 1 TiB, the partition's memory at
 * PA + 2 TiB; examples/baremetal/xlat.c). The SPMC part of the scenario
 * (SMMU, stage 2, callback, registration) uses the library directly;
 * the partition part only smmuv3_viommu_call() ("pv") or
 * smmuv3_viommu_virtio_request() ("virtio"). Checked: the copy's data,
 * a map of memory the callback denies refused, an unmapped access
 * faulting with the fault fetched by the partition and no other.
 */
#include <string.h>

#include <smmuv3/viommu.h>

#include "edu.h"
#include "harness.h"
#include "xlat.h"

#include "../common/le_bytes.h"

#define P1 1u            /* owns edu */
#define P2 2u            /* another partition, with a stream of its own */
#define SID_P2 0x20u
#define EP 1u            /* the endpoint ID each partition uses */
#define IOVA 0x100000u
#define IOVA_OUT 0x300000u
#define IOVA_HOLE 0x500000u
#define PAGE 4096u
#define RW (SMMUV3_VIOMMU_PROT_READ | SMMUV3_VIOMMU_PROT_WRITE)

static struct {
	struct smmu_env e;
	struct edu edu;
	struct xlat x;               /* P1's stage 2 (x.s2) */
	struct smmuv3_viommu v;
	struct smmuv3_viommu_stream streams[2];
	struct smmuv3_viommu_as as[2];
	struct smmuv3_viommu_mapping maps[4];
	struct smmuv3_viommu_fault_rec events[4];
	struct smmuv3_fault_handler h[2];
	uint8_t *src, *dst, *secret;
	uint64_t src_pa, dst_pa, secret_pa;
	unsigned notified[3];
} g;

/* The partition's IPA of a buffer. */
static uint64_t ipa(uint64_t pa)
{
	return pa + XLAT_DATA_OFFSET;
}

static bool in(uint64_t a, uint64_t size, uint64_t base)
{
	return a >= base && size <= PAGE && a - base <= PAGE - size;
}

/* P1 owns its two buffers (IPAs); nothing else is anyone's. */
static bool may_access(void *arg, uint16_t part, uint64_t addr, uint64_t size, uint32_t prot)
{
	(void)arg;
	(void)prot;
	return part == P1 && (in(addr, size, ipa(g.src_pa)) || in(addr, size, ipa(g.dst_pa)));
}

static void notify(void *arg, uint16_t part)
{
	(void)arg;
	if (part < 3)
		g.notified[part]++;
}

/* The SPMC side: SMMU, P1's stage 2, the instance, both partitions'
 * streams, events routed to the instance. */
static int spmc_up(void)
{
	struct smmuv3_viommu_cfg c = {
		.may_access = may_access, .notify = notify,
		.streams = g.streams, .n_streams = 2, .as = g.as, .n_as = 2,
		.maps = g.maps, .n_maps = 4, .events = g.events, .n_events = 4,
	};

	OK(edu_init(&g.edu, 0));
	OK(smmu_env_up(&g.e, g.edu.smmu, false, NULL));
	OK(xlat_init(&g.x, &g.e.smmu, XLAT_NESTED_OFFSET, 12, P1));
	c.smmu = &g.e.smmu;
	OK(smmuv3_viommu_init(&g.v, &c));
	for (unsigned i = 0; i < 2; i++) {
		g.h[i].owner = i ? P2 : P1;
		g.h[i].event = smmuv3_viommu_event_handler;
		g.h[i].arg = &g.v;
		OK(smmuv3_fault_handler_register(&g.e.smmu, &g.h[i]));
	}
	OK(smmuv3_viommu_add_stream(&g.v, P1, g.edu.sid, EP, 0,
				    SMMUV3_VIOMMU_S_HYP_S1 | SMMUV3_VIOMMU_S_FAULTS, &g.x.s2));
	OK(smmuv3_viommu_add_stream(&g.v, P2, SID_P2, EP, 0,
				    SMMUV3_VIOMMU_S_HYP_S1 | SMMUV3_VIOMMU_S_FAULTS, NULL));
	g.src = bm_dma_alloc(PAGE, PAGE, &g.src_pa);
	g.dst = bm_dma_alloc(PAGE, PAGE, &g.dst_pa);
	g.secret = bm_dma_alloc(PAGE, PAGE, &g.secret_pa);
	CHECK(g.src && g.dst && g.secret);
	return 0;
}

static int spmc_down(void)
{
	OK(smmuv3_viommu_fini(&g.v));
	for (unsigned i = 0; i < 2; i++)
		OK(smmuv3_fault_handler_unregister(&g.e.smmu, &g.h[i]));
	OK(xlat_fini(&g.x));
	bm_dma_free(g.src, PAGE);
	bm_dma_free(g.dst, PAGE);
	bm_dma_free(g.secret, PAGE);
	OK(smmuv3_teardown(&g.e.smmu));
	CHECK(bm_dma_used() == 0);
	return 0;
}

/* edu copies 64 bytes IOVA -> IOVA_OUT; they must arrive intact. */
static int copy_checked(void)
{
	for (unsigned i = 0; i < 64; i++)
		g.src[i] = (uint8_t)(i * 7u + 3u);
	memset(g.dst, 0, 64);
	OK(edu_dma(&g.edu, IOVA, 0, 64, false));
	OK(edu_dma(&g.edu, IOVA_OUT, 0, 64, true));
	CHECK(smmuv3_poll(&g.e.smmu) >= 0);
	CHECK(!memcmp(g.src, g.dst, 64));
	bm_printf("edu copied 64 bytes through the partition's address space\n");
	return 0;
}

/* edu reads the unmapped IOVA_HOLE: one fault, queued for P1. */
static int fault_hole(void)
{
	unsigned before = g.notified[P1];

	OK(edu_dma(&g.edu, IOVA_HOLE, 0, 4, false));
	CHECK(smmuv3_poll(&g.e.smmu) >= 0);
	CHECK(g.notified[P1] == before + 1 && g.notified[P2] == 0);
	return 0;
}

static int pv(uint16_t part, uint32_t fn, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
	      uint64_t a4, uint64_t res[4])
{
	const uint64_t args[7] = { a0, a1, a2, a3, a4, 0, 0 };
	uint64_t scratch[4];

	return smmuv3_viommu_call(&g.v, part, fn, args, res ? res : scratch);
}

static int scenario_pv(void)
{
	uint64_t res[4], h;

	OK(spmc_up());
	CHECK(pv(P1, SMMUV3_VIOMMU_FN_AS_CREATE, 0, 0, 0, 0, 0, res) == SMMUV3_VIOMMU_OK);
	h = res[0];
	CHECK(pv(P1, SMMUV3_VIOMMU_FN_ATTACH, h, EP, 0, 0, 0, NULL) == SMMUV3_VIOMMU_OK);
	CHECK(pv(P1, SMMUV3_VIOMMU_FN_MAP, h, IOVA, ipa(g.src_pa), PAGE,
		 SMMUV3_VIOMMU_PROT_READ, NULL) == SMMUV3_VIOMMU_OK);
	CHECK(pv(P1, SMMUV3_VIOMMU_FN_MAP, h, IOVA_OUT, ipa(g.dst_pa), PAGE, RW, NULL) ==
	      SMMUV3_VIOMMU_OK);
	OK(copy_checked());
	/* Memory the callback denies, and the library's table window. */
	CHECK(pv(P1, SMMUV3_VIOMMU_FN_MAP, h, IOVA_HOLE, ipa(g.secret_pa), PAGE, RW, NULL) ==
	      SMMUV3_VIOMMU_E_MEM_DENIED);
	CHECK(pv(P1, SMMUV3_VIOMMU_FN_MAP, h, IOVA_HOLE, g.secret_pa + XLAT_WINDOW_OFFSET, PAGE,
		 RW, NULL) == SMMUV3_VIOMMU_E_MEM_DENIED);
	bm_printf("maps of denied memory refused\n");
	OK(fault_hole());
	CHECK(pv(P2, SMMUV3_VIOMMU_FN_FAULT_FETCH, 0, 0, 0, 0, 0, res) ==
	      SMMUV3_VIOMMU_E_NO_EVENT);
	CHECK(pv(P1, SMMUV3_VIOMMU_FN_FAULT_FETCH, 0, 0, 0, 0, 0, res) == SMMUV3_VIOMMU_OK);
	CHECK((res[1] & 0xffffffffu) == EP && res[2] == IOVA_HOLE &&
	      (res[0] & SMMUV3_VIOMMU_FLT_READ));
	CHECK(pv(P1, SMMUV3_VIOMMU_FN_FAULT_FETCH, 0, 0, 0, 0, 0, res) ==
	      SMMUV3_VIOMMU_E_NO_EVENT);
	bm_printf("fault fetched by its partition only\n");
	CHECK(pv(P1, SMMUV3_VIOMMU_FN_UNMAP, h, IOVA, 2 * PAGE, 0, 0, res) == SMMUV3_VIOMMU_OK);
	CHECK(pv(P1, SMMUV3_VIOMMU_FN_DETACH, h, EP, 0, 0, 0, NULL) == SMMUV3_VIOMMU_OK);
	CHECK(pv(P1, SMMUV3_VIOMMU_FN_AS_DESTROY, h, 0, 0, 0, 0, NULL) == SMMUV3_VIOMMU_OK);
	return spmc_down();
}

/* ---- virtio-iommu requests (little-endian, the specification's layouts) */

#define T_ATTACH 1
#define T_DETACH 2
#define T_MAP 3
#define T_UNMAP 4
#define VS_OK 0
#define VS_FAULT 7
#define VF_READ 1
#define VF_WRITE 2
#define VDOM 1u

/* The tail's status, or -1 when no status was written. */
static int vsend(uint16_t part, const uint8_t *req, size_t len)
{
	uint8_t tail[4];
	size_t used = 0;

	if (smmuv3_viommu_virtio_request(&g.v, part, req, len, tail, sizeof(tail), &used) ||
	    used != 4)
		return -1;
	return tail[0];
}

static int vattach(uint16_t part, uint32_t dom, uint32_t ep)
{
	uint8_t r[20] = { T_ATTACH };

	le_w32(r + 4, dom);
	le_w32(r + 8, ep);
	return vsend(part, r, sizeof(r));
}

static int vdetach(uint16_t part, uint32_t dom, uint32_t ep)
{
	uint8_t r[20] = { T_DETACH };

	le_w32(r + 4, dom);
	le_w32(r + 8, ep);
	return vsend(part, r, sizeof(r));
}

static int vmap(uint16_t part, uint32_t dom, uint64_t start, uint64_t phys, uint32_t flags)
{
	uint8_t r[36] = { T_MAP };

	le_w32(r + 4, dom);
	le_w64(r + 8, start);
	le_w64(r + 16, start + PAGE - 1);
	le_w64(r + 24, phys);
	le_w32(r + 32, flags);
	return vsend(part, r, sizeof(r));
}

static int vunmap(uint16_t part, uint32_t dom, uint64_t start, uint64_t end)
{
	uint8_t r[28] = { T_UNMAP };

	le_w32(r + 4, dom);
	le_w64(r + 8, start);
	le_w64(r + 16, end);
	return vsend(part, r, sizeof(r));
}

static int scenario_virtio(void)
{
	uint8_t ev[SMMUV3_VIOMMU_VIRTIO_FAULT_BYTES];

	OK(spmc_up());
	CHECK(vattach(P1, VDOM, EP) == VS_OK);
	CHECK(vmap(P1, VDOM, IOVA, ipa(g.src_pa), VF_READ) == VS_OK);
	CHECK(vmap(P1, VDOM, IOVA_OUT, ipa(g.dst_pa), VF_READ | VF_WRITE) == VS_OK);
	OK(copy_checked());
	CHECK(vmap(P1, VDOM, IOVA_HOLE, ipa(g.secret_pa), VF_READ) == VS_FAULT);
	CHECK(vmap(P1, VDOM, IOVA_HOLE, g.secret_pa + XLAT_WINDOW_OFFSET, VF_READ) == VS_FAULT);
	bm_printf("maps of denied memory refused\n");
	OK(fault_hole());
	CHECK(smmuv3_viommu_virtio_fault(&g.v, P2, ev, sizeof(ev)) == 0);
	CHECK(smmuv3_viommu_virtio_fault(&g.v, P1, ev, sizeof(ev)) == 1);
	/* R_MAPPING, flags ADDRESS | READ, endpoint, address. */
	CHECK(ev[0] == 2 && ev[4] == (0x100 | VF_READ) % 256 && ev[5] == 1 && ev[8] == EP &&
	      le_r64(ev + 16) == IOVA_HOLE);
	CHECK(smmuv3_viommu_virtio_fault(&g.v, P1, ev, sizeof(ev)) == 0);
	bm_printf("fault fetched by its partition only\n");
	CHECK(vunmap(P1, VDOM, IOVA, IOVA_OUT + PAGE - 1) == VS_OK);
	CHECK(vdetach(P1, VDOM, EP) == VS_OK);
	return spmc_down();
}

static const struct scenario scenarios[] = {
	{ "viommu-pv", scenario_pv },
	{ "viommu-virtio", scenario_virtio },
};

int bm_main(void)
{
	return scenario_main(scenarios, sizeof(scenarios) / sizeof(scenarios[0]));
}
