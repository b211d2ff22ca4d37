// SPDX-License-Identifier: BSD-3-Clause
/*
 * The virtual IOMMU fuzz target (see viommu_target.h). Three partitions
 * own disjoint memory; a fourth ID owns nothing. Arguments are drawn
 * "typed" (a handle, an endpoint, an address in some partition's memory,
 * a page-multiple size) most of the time, raw 64-bit values otherwise,
 * so that sequences reach deep states and malformed values alike.
 */
#include "viommu_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/hw/evtq.h>
#include <smmuv3/hw/stream.h>
#include <smmuv3/viommu.h>

#include "smmuv3_mock.h"
#include "test_port.h"

#include "../common/le_bytes.h"

#define BASE ((uintptr_t)0x09050000)
#define NPART 4u                      /* partitions 1..3 own memory, 4 nothing */
#define MEM_SIZE UINT64_C(0x1000000)
#define NSTREAM 6u
#define MAX_OPS 48u
#define NPROBE 16u
#define G UINT64_C(0x1000)

static const uint64_t mem_base[NPART + 1] = { 0, 0x80000000, 0x90000000, 0xa0000000, 0 };
/* (partition, sid, endpoint, ssid bits, flags) of each stream; the last
 * two nest in partition 1's stage 2. */
static const struct {
	uint16_t part;
	uint32_t sid, endpoint;
	unsigned int ssid_bits;
	uint32_t flags;
} streams[NSTREAM] = {
	{ 1, 0x10, 1, 2, SMMUV3_VIOMMU_S_HYP_S1 | SMMUV3_VIOMMU_S_FAULTS },
	{ 1, 0x11, 2, 0, SMMUV3_VIOMMU_S_HYP_S1 },
	{ 2, 0x20, 1, 0, SMMUV3_VIOMMU_S_HYP_S1 | SMMUV3_VIOMMU_S_FAULTS },
	{ 3, 0x30, 1, 1, SMMUV3_VIOMMU_S_HYP_S1 | SMMUV3_VIOMMU_S_FAULTS },
	{ 1, 0x12, 3, 2, SMMUV3_VIOMMU_S_PART_S1 | SMMUV3_VIOMMU_S_FAULTS },
	{ 1, 0x13, 4, 0, SMMUV3_VIOMMU_S_HYP_S1 | SMMUV3_VIOMMU_S_PART_S1 },
};

struct env {
	const uint8_t *p, *end;
	struct smmuv3_mock *mock;
	struct smmuv3_test_port tp;
	struct smmuv3_config cfg;
	struct smmuv3 smmu;
	struct smmuv3_viommu v;
	struct smmuv3_viommu_stream st[NSTREAM + 1];
	struct smmuv3_viommu_as as[6];
	struct smmuv3_viommu_mapping maps[12];
	struct smmuv3_viommu_fault_rec ev[4];
	struct smmuv3_viommu_resv resv[2];
	struct smmuv3_domain s2;
	uint64_t handles[8];
	unsigned int nh;
	uint64_t probe[NPROBE];           /* IOVAs checked after every call */
	unsigned int nprobe;
	bool trace;                       /* VIOMMU_TARGET_TRACE set: print calls */
	struct {
		uint32_t sid;
		uint64_t addr;
	} injected[64];                   /* faults recorded for the streams */
	unsigned int ninj;
};

static void fail(const char *what)
{
	fprintf(stderr, "viommu target: %s\n", what);
	abort();
}

static uint8_t byte(struct env *e)
{
	return e->p < e->end ? *e->p++ : 0;
}

static uint64_t raw64(struct env *e)
{
	uint64_t x = 0;

	for (int i = 0; i < 8; i++)
		x |= (uint64_t)byte(e) << (8 * i);
	return x;
}

/* What a typed argument is. */
enum kind { K_SMALL, K_HANDLE, K_ENDPOINT, K_ADDR, K_SIZE, K_IOVA, K_PROT };

static uint64_t arg(struct env *e, enum kind k)
{
	uint8_t sel = byte(e), b;

	if ((sel & 7) == 0)
		return raw64(e);
	b = byte(e);
	switch (k) {
	case K_HANDLE:
		return e->nh ? e->handles[b % e->nh] : b;
	case K_ENDPOINT:
		return 1u + b % 5u;
	case K_ADDR:
		/* In some partition's memory (or at 0), sometimes straddling. */
		return mem_base[(sel >> 3) % (NPART + 1)] + (uint64_t)b * G -
		       ((sel & 0x80) ? G : 0);
	case K_SIZE:
		return (sel & 0x40) ? (uint64_t)b << 21 : (uint64_t)(b % 17) * G;
	case K_IOVA:
		if (sel & 0x40)
			return (uint64_t)b << 21;
		return (uint64_t)b * G + ((sel & 0x80) ? 0x8000000 : 0);
	case K_PROT:
		return b & 0x1f;
	default:
		return b;
	}
}

static void probe_add(struct env *e, uint64_t iova)
{
	e->probe[e->nprobe++ % NPROBE] = iova;
}

static bool may_access(void *arg, uint16_t part, uint64_t addr, uint64_t size, uint32_t prot)
{
	(void)arg;
	(void)prot;
	if (!part || part > NPART || !mem_base[part] || !size || addr + size - 1 < addr)
		return false;
	return size <= MEM_SIZE && addr >= mem_base[part] &&
	       addr - mem_base[part] <= MEM_SIZE - size;
}

/* The invariant: whatever a stream translates to lies in its
 * partition's memory (its own stage 2 maps that memory to itself). */
static void check_translations(struct env *e)
{
	for (unsigned int s = 0; s < NSTREAM; s++)
		for (unsigned int i = 0; i < NPROBE && i < e->nprobe; i++)
			for (uint32_t ssid = 0; ssid < 2; ssid++) {
				struct smmuv3_mock_xlate x;
				uint64_t base = mem_base[streams[s].part];

				smmuv3_mock_translate(e->mock, streams[s].sid, ssid, ssid != 0,
						      e->probe[i], SMMUV3_MOCK_ACC_WRITE, &x);
				if (x.status != SMMUV3_MOCK_XLATE_OK)
					continue;
				if (x.pa < base || x.pa - base >= MEM_SIZE)
					fail("a stream translates outside its partition's memory");
			}
}

/* A fault recorded as the SMMU would for one of the streams (or not). */
static void inject_fault(struct env *e)
{
	uint8_t s = byte(e);
	uint32_t sid = s < 0xf0 ? streams[s % NSTREAM].sid : s;
	uint64_t rec[4] = {
		SMMUV3_FIELD_PREP(SMMUV3_EVT0_TYPE, 0x10u + byte(e) % 4u) |
			SMMUV3_FIELD_PREP(SMMUV3_EVT0_SID, sid) |
			((s & 1) ? SMMUV3_EVT0_SSV | SMMUV3_FIELD_PREP(SMMUV3_EVT0_SSID, 1) : 0),
		(s & 2) ? SMMUV3_EVT1_RNW : 0,
		arg(e, K_IOVA), 0,
	};

	if (smmuv3_mock_inject_event(e->mock, false, rec) != 0)
		return;
	if (e->ninj < 64) {
		e->injected[e->ninj].sid = sid;
		e->injected[e->ninj++].addr = rec[2];
	}
	if (smmuv3_poll(&e->smmu) < 0)
		fail("poll failed");
}

/* A fault handed to @caller about its endpoint @ep at @addr: it must be
 * one injected for a stream of that partition with that endpoint. */
static void check_fault(struct env *e, uint16_t caller, uint32_t ep, uint64_t addr)
{
	for (unsigned int s = 0; s < NSTREAM; s++) {
		if (streams[s].part != caller || streams[s].endpoint != ep)
			continue;
		for (unsigned int i = 0; i < e->ninj; i++)
			if (e->injected[i].sid == streams[s].sid && e->injected[i].addr == addr)
				return;
	}
	if (e->ninj < 64)
		fail("a partition was handed a fault that is not its own");
}

static bool paravirt_op(struct env *e, uint16_t caller)
{
	static const uint32_t fns[] = {
		SMMUV3_VIOMMU_FN_VERSION, SMMUV3_VIOMMU_FN_FEATURES, SMMUV3_VIOMMU_FN_AS_CREATE,
		SMMUV3_VIOMMU_FN_AS_DESTROY, SMMUV3_VIOMMU_FN_ATTACH, SMMUV3_VIOMMU_FN_DETACH,
		SMMUV3_VIOMMU_FN_MAP, SMMUV3_VIOMMU_FN_UNMAP, SMMUV3_VIOMMU_FN_CDTAB_SET,
		SMMUV3_VIOMMU_FN_CDTAB_CLEAR, SMMUV3_VIOMMU_FN_CD_INVAL, SMMUV3_VIOMMU_FN_TLBI_ASID,
		SMMUV3_VIOMMU_FN_TLBI_VA, SMMUV3_VIOMMU_FN_FAULT_FETCH,
	};
	uint8_t f = byte(e);
	uint32_t fn = f < 0xf0 ? fns[f % (sizeof(fns) / sizeof(fns[0]))] : f;
	uint64_t a[7] = { 0 }, res[4];
	int st;

	switch (fn) {
	case SMMUV3_VIOMMU_FN_FEATURES:
	case SMMUV3_VIOMMU_FN_CDTAB_CLEAR:
		a[0] = arg(e, K_ENDPOINT);
		break;
	case SMMUV3_VIOMMU_FN_AS_DESTROY:
		a[0] = arg(e, K_HANDLE);
		break;
	case SMMUV3_VIOMMU_FN_ATTACH:
	case SMMUV3_VIOMMU_FN_DETACH:
		a[0] = arg(e, K_HANDLE);
		a[1] = arg(e, K_ENDPOINT);
		a[2] = arg(e, K_SMALL) & 3;
		break;
	case SMMUV3_VIOMMU_FN_MAP:
		a[0] = arg(e, K_HANDLE);
		a[1] = arg(e, K_IOVA);
		a[2] = arg(e, K_ADDR);
		a[3] = arg(e, K_SIZE);
		a[4] = arg(e, K_PROT);
		probe_add(e, a[1]);
		probe_add(e, a[1] + (a[3] ? a[3] - 1 : 0));
		break;
	case SMMUV3_VIOMMU_FN_UNMAP:
		a[0] = arg(e, K_HANDLE);
		a[1] = arg(e, K_IOVA);
		a[2] = arg(e, K_SIZE);
		break;
	case SMMUV3_VIOMMU_FN_CDTAB_SET:
		a[0] = arg(e, K_ENDPOINT);
		a[1] = arg(e, K_ADDR);
		a[2] = arg(e, K_SMALL) << 4;
		break;
	case SMMUV3_VIOMMU_FN_CD_INVAL:
	case SMMUV3_VIOMMU_FN_TLBI_ASID:
	case SMMUV3_VIOMMU_FN_TLBI_VA:
		a[0] = arg(e, K_ENDPOINT);
		a[1] = arg(e, K_SMALL);
		a[2] = arg(e, K_IOVA);
		a[3] = fn == SMMUV3_VIOMMU_FN_TLBI_VA ? arg(e, K_SIZE) : 0;
		if (fn == SMMUV3_VIOMMU_FN_TLBI_ASID)
			a[2] = 0;
		if (fn == SMMUV3_VIOMMU_FN_CD_INVAL)
			a[2] &= 1;
		break;
	default:
		break;
	}
	/* Now and then a stray argument in an unused slot. */
	if (byte(e) == 0xa5)
		a[6] = 1;
	st = smmuv3_viommu_call(&e->v, caller, fn, a, res);
	if (e->trace)
		fprintf(stderr, "P%u fn %#x (%#llx %#llx %#llx %#llx %#llx) -> %d\n", caller, fn,
			(unsigned long long)a[0], (unsigned long long)a[1],
			(unsigned long long)a[2], (unsigned long long)a[3],
			(unsigned long long)a[4], st);
	if (st > 0 || st < SMMUV3_VIOMMU_E_SPLIT)
		fail("status out of the ABI's range");
	if (fn == SMMUV3_VIOMMU_FN_FAULT_FETCH && !st)
		check_fault(e, caller, (uint32_t)res[1], res[2]);
	if (fn == SMMUV3_VIOMMU_FN_AS_CREATE && !st)
		e->handles[e->nh < 8 ? e->nh++ : byte(e) % 8] = res[0];
	return st == 0;
}

static bool virtio_op(struct env *e, uint16_t caller)
{
	uint8_t req[80] = { 0 }, resp[64];
	uint8_t t = byte(e), k = byte(e);
	size_t len, cap, used;
	uint64_t start, end;
	int rc;

	req[0] = t < 0xf0 ? (uint8_t)(1 + t % 5) : t;
	le_w32(req + 4, (uint32_t)arg(e, K_SMALL) & 3);   /* domain (PROBE: endpoint) */
	switch (req[0]) {
	case 1:
	case 2:
		le_w32(req + 8, (uint32_t)arg(e, K_ENDPOINT));
		if (k & 1)
			le_w32(req + 12, (uint32_t)arg(e, K_SMALL));
		break;
	case 3:
	case 4:
		start = arg(e, K_IOVA);
		end = start + arg(e, K_SIZE) - 1;
		le_w64(req + 8, start);
		le_w64(req + 16, (k & 2) ? arg(e, K_IOVA) : end);
		le_w64(req + 24, arg(e, K_ADDR));
		le_w32(req + 32, (uint32_t)arg(e, K_PROT) & ((k & 4) ? 0xff : 7));
		if (req[0] == 3) {
			probe_add(e, start);
			probe_add(e, end);
		}
		break;
	case 5:
		le_w32(req + 4, (uint32_t)arg(e, K_ENDPOINT));
		break;
	default:
		break;
	}
	len = (k & 0x18) == 0x18 ? byte(e) % sizeof(req) : sizeof(req);
	cap = (k & 0x60) == 0x60 ? byte(e) % sizeof(resp) : sizeof(resp);
	rc = smmuv3_viommu_virtio_request(&e->v, caller, req, len, resp, cap, &used);
	if (e->trace)
		fprintf(stderr, "P%u virtio type %u len %zu cap %zu -> rc %d status %d\n", caller,
			req[0], len, cap, rc, rc == 0 ? resp[used - 4] : -1);
	if (rc < 0 || rc > 1 || used > cap || (rc == 1 && used))
		fail("virtio request answered out of contract");
	return rc == 0 && resp[used - 4] == 0;
}

static bool one_op(struct env *e, enum viommu_target_abi abi)
{
	uint8_t op = byte(e);
	uint16_t caller = (uint16_t)(1 + (op >> 4) % NPART);
	uint8_t buf[SMMUV3_VIOMMU_VIRTIO_FAULT_BYTES], b;

	switch (op & 0xf) {
	case 0:
		inject_fault(e);
		return false;
	case 1:
		if (smmuv3_viommu_virtio_fault(&e->v, caller, buf, sizeof(buf)) != 1)
			return false;
		check_fault(e, caller,
			    (uint32_t)buf[8] | (uint32_t)buf[9] << 8 | (uint32_t)buf[10] << 16 |
				    (uint32_t)buf[11] << 24,
			    le_r64(buf + 16));
		return true;
	case 2:
		if (byte(e) < 0x10)
			return smmuv3_viommu_reset_partition(&e->v, caller) == 0;
		return false;
	case 0xe:
		/* Make the next call meet a failing allocation or a command
		 * the SMMU rejects. */
		b = byte(e);
		if (b & 1)
			e->tp.fail_in = (b >> 1) % 4;
		else
			e->mock->cerror_at = e->mock->n_consumed + 1 + (b >> 1) % 4;
		return false;
	case 0xf:
		/* The other ABI now and then: they share the core. */
		return abi == VIOMMU_TARGET_VIRTIO ? paravirt_op(e, caller) : virtio_op(e, caller);
	default:
		return abi == VIOMMU_TARGET_VIRTIO ? virtio_op(e, caller) : paravirt_op(e, caller);
	}
}

static void setup(struct env *e)
{
	struct smmuv3_viommu_cfg c = {
		.smmu = &e->smmu, .may_access = may_access, .streams = e->st,
		.n_streams = NSTREAM + 1, .as = e->as, .n_as = 6, .maps = e->maps, .n_maps = 12,
		.events = e->ev, .n_events = 4, .resv = e->resv, .n_resv = 2,
	};
	struct smmuv3_domain_cfg dc;

	e->mock = smmuv3_mock_create(&smmuv3_mock_profile_mmu600);
	if (!e->mock || smmuv3_test_port_init(&e->tp, e->mock, BASE, 4u << 20))
		fail("no mock");
	e->mock->tlb_enabled = true;
	smmuv3_config_default(&e->cfg);
	e->cfg.base = BASE;
	e->cfg.port = &e->tp;
	if (smmuv3_init(&e->smmu, &e->cfg) || smmuv3_probe(&e->smmu) || smmuv3_reset(&e->smmu))
		fail("no SMMU");
	e->resv[0] = (struct smmuv3_viommu_resv){ 0x8000000, 0x80fffff, SMMUV3_VIOMMU_RESV_MSI };
	e->resv[1] = (struct smmuv3_viommu_resv){ 0x0, 0xfff, SMMUV3_VIOMMU_RESV_RESERVED };
	if (smmuv3_viommu_init(&e->v, &c) ||
	    smmuv3_fault_set_default(&e->smmu, smmuv3_viommu_event_handler, NULL, &e->v))
		fail("no viommu");
	smmuv3_domain_cfg_init(&e->smmu, &dc, SMMUV3_DOMAIN_S2);
	if (smmuv3_domain_init(&e->smmu, &e->s2, &dc) ||
	    smmuv3_domain_map(&e->s2, mem_base[1], mem_base[1], MEM_SIZE,
			      SMMUV3_PROT_READ | SMMUV3_PROT_WRITE))
		fail("no stage 2");
	for (unsigned int i = 0; i < NSTREAM; i++)
		if (smmuv3_viommu_add_stream(&e->v, streams[i].part, streams[i].sid,
					     streams[i].endpoint, streams[i].ssid_bits,
					     streams[i].flags, i >= 4 ? &e->s2 : NULL))
			fail("no stream");
}

static void teardown(struct env *e)
{
	if (smmuv3_viommu_fini(&e->v))
		fail("fini failed");
	for (unsigned int i = 0; i < 6; i++)
		if (e->as[i].used)
			fail("an address space survived fini");
	for (unsigned int i = 0; i < 12; i++)
		if (e->maps[i].used)
			fail("a mapping survived fini");
	if (smmuv3_domain_destroy(&e->s2) || smmuv3_teardown(&e->smmu))
		fail("teardown failed");
	if (e->tp.live_bytes || e->tp.live_blocks)
		fail("DMA memory leaked");
	smmuv3_test_port_fini(&e->tp);
	smmuv3_mock_destroy(e->mock);
}

unsigned int viommu_target_run(enum viommu_target_abi abi, const uint8_t *data, size_t size)
{
	struct env *e = calloc(1, sizeof(*e));
	unsigned int ok = 0;

	if (!e)
		fail("no memory");
	e->p = data;
	e->end = data + size;
	e->trace = getenv("VIOMMU_TARGET_TRACE") != NULL;
	setup(e);
	for (unsigned int n = 0; n < MAX_OPS && e->p < e->end; n++) {
		bool armed = e->tp.fail_in >= 0 || e->mock->cerror_at;

		ok += one_op(e, abi);
		/* An injected failure lasts one call. */
		if (armed) {
			e->tp.fail_in = -1;
			e->mock->cerror_at = 0;
		}
		check_translations(e);
	}
	e->tp.fail_in = -1;
	e->mock->cerror_at = 0;
	teardown(e);
	free(e);
	return ok;
}
