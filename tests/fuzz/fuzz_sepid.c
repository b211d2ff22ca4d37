// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target over the partition-facing SEPID entry points: retrieve,
 * relinquish, relinquish-all and the reclaim query, with constituent
 * arrays, flags, prot, handles and caller IDs taken from the input (the
 * hostile side of FF-A). One mock SMMU and a registry of two SEPIDs (A
 * with a stage 2 of its own, B nested over the proxy's stage 2) are
 * built once; each input is a sequence of operations, after which
 * everything is relinquished and the state must be back to where it
 * started: no handle, no range entry, no page table, no DMA memory left
 * over, no mapping reachable. Invariants are checked after every call.
 *
 * Built two ways (tests/fuzz/meson.build):
 * - with libFuzzer (clang -fsanitize=fuzzer) when the compiler has it:
 *   `fuzz-sepid [corpus-dir]`;
 * - as a replay program in the normal suite: `fuzz-sepid-replay [files]`
 *   runs the built-in seeds and any files given.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/sepid.h>
#include <smmuv3/smmuv3.h>

#include "smmuv3_mock.h"
#include "test_port.h"
#include "core/objects.h"

#define PROXY 0x8001u
#define SEP_A 0x8101u
#define SEP_B 0x8102u
#define MAX_CONS 64u
#define MAX_HANDLES 8u
#define MAX_RANGES 32u
/* The proxy's stage 2 maps [0, PROXY_IPA_END) 1:1 (where plausible
 * constituents lie) and the port's pool (the nested SEPID's tables). */
#define PROXY_IPA_END (UINT64_C(4) << 30)
#define POOL_SIZE ((size_t)64 << 20)

static struct {
	bool ready;
	struct smmuv3_mock *mock;
	struct smmuv3_test_port tp;
	struct smmuv3 smmu;
	struct smmuv3 *smmus[1];
	struct smmuv3_sepid_ep eps[2];
	struct smmuv3_sepid_stream streams[4];
	struct smmuv3_sepid_handle handles[MAX_HANDLES];
	struct smmuv3_sepid_range ranges[MAX_RANGES];
	struct smmuv3_sepid_registry reg;
	struct smmuv3_domain proxy_s2;
	size_t live_bytes;        /* port memory with nothing retrieved */
	unsigned long retrieved, relinquished; /* successful calls */
	unsigned long tables[2];  /* each SEPID's tables, idem */
} g;

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-sepid: invariant broken: %s\n", what);
		abort();
	}
}

/* The proxy's stage 2 SEPID B nests over, shared with it. */
static void proxy_s2_up(void)
{
	const uint32_t rw = SMMUV3_PROT_READ | SMMUV3_PROT_WRITE;
	struct smmuv3_domain_cfg c;

	smmuv3_domain_cfg_init(&g.smmu, &c, SMMUV3_DOMAIN_S2);
	c.owner = PROXY;
	check(!smmuv3_domain_init(&g.smmu, &g.proxy_s2, &c), "proxy stage 2");
	check(!smmuv3_domain_map(&g.proxy_s2, 0, 0, PROXY_IPA_END, rw) &&
	      !smmuv3_domain_map(&g.proxy_s2, g.tp.pa_base, g.tp.pa_base, POOL_SIZE, rw),
	      "proxy stage 2 mappings");
	check(!smmuv3_sepid_set_proxy_s2(&g.reg, PROXY, &g.proxy_s2) &&
	      !smmuv3_domain_share(&g.proxy_s2, SEP_B), "proxy stage 2 given");
}

static void setup(void)
{
	static const uint32_t sids_a[] = { 1, 2 }, sids_b[] = { 3 };
	const struct smmuv3_sepid_desc d[2] = {
		{ .name = "a", .sepid = SEP_A, .proxy = PROXY, .sids = sids_a, .n_sids = 2,
		  .iova_base = UINT64_C(0x40000000), .iova_size = UINT64_C(0x10000000) },
		{ .name = "b", .sepid = SEP_B, .proxy = PROXY, .sids = sids_b, .n_sids = 1,
		  .model = SMMUV3_SEPID_MODEL_NESTED, .iova_base = UINT64_C(0x80000000), .iova_size = UINT64_C(0x400000) },
	};
	const uint16_t parts[] = { PROXY };
	const struct smmuv3_sepid_input in = { d, 2, NULL, 0, parts, 1 };
	const struct smmuv3_sepid_storage st = { g.eps, 2, g.streams, 4, g.handles, MAX_HANDLES,
						 g.ranges, MAX_RANGES };
	const uintptr_t base = 0x09050000;
	struct smmuv3_config cfg;

	g.mock = smmuv3_mock_create(&smmuv3_mock_profile_mmu600);
	check(g.mock && !smmuv3_test_port_init(&g.tp, g.mock, base, POOL_SIZE), "mock");
	g.mock->tlb_enabled = true;
	smmuv3_config_default(&cfg);
	cfg.base = base;
	cfg.port = &g.tp;
	check(!smmuv3_init(&g.smmu, &cfg) && !smmuv3_probe(&g.smmu) && !smmuv3_reset(&g.smmu),
	      "bring-up");
	g.smmus[0] = &g.smmu;
	check(!smmuv3_sepid_registry_init(&g.reg, g.smmus, 1, &st), "registry");
	proxy_s2_up();
	check(!smmuv3_sepid_register(&g.reg, &in, NULL), "register");
	g.live_bytes = g.tp.live_bytes;
	for (int i = 0; i < 2; i++)
		g.tables[i] = smmuv3_dom_of(&g.eps[i].dom)->pt.stats.tables;
	g.ready = true;
}

/* Input reader: zeros once the input runs out. */
struct rd {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct rd *r, unsigned int bytes)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < bytes; i++) {
		v |= (uint64_t)(r->n ? *r->p : 0) << (8 * i);
		if (r->n) {
			r->p++;
			r->n--;
		}
	}
	return v;
}

static uint16_t pick_id(struct rd *r)
{
	/* The proxy and the SEPIDs most of the time, a stranger sometimes. */
	static const uint16_t ids[] = { SEP_A, SEP_B, PROXY, PROXY, SEP_A, SEP_B, PROXY, 0x7777 };

	return ids[take(r, 1) & 7];
}

/* A constituent: mostly plausible (page-aligned, 1..16 pages or a 2 MiB
 * multiple, in 64 KiB slots of a bounded space so that overlaps happen
 * but not always), sometimes misaligned, sometimes raw 64-bit values. */
static struct smmuv3_phys_range constituent(struct rd *r)
{
	uint8_t kind = (uint8_t)take(r, 1);
	uint64_t slot = take(r, 1) | (take(r, 1) & 3) << 8;

	if ((kind & 15) == 15)
		return (struct smmuv3_phys_range){ take(r, 8), take(r, 8) };
	if ((kind & 15) == 14)
		return (struct smmuv3_phys_range){ (slot << 16) | 0x800, UINT64_C(1) << 12 };
	if ((kind & 15) == 13)
		return (struct smmuv3_phys_range){ slot << 21, (1 + (kind >> 6)) << 21 };
	return (struct smmuv3_phys_range){ slot << 16, (uint64_t)(1 + (kind >> 4)) << 12 };
}

static unsigned int held_count(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < MAX_HANDLES; i++)
		n += g.handles[i].used;
	return n;
}

static void invariants(void)
{
	uint32_t used = 0;

	for (unsigned int i = 0; i < MAX_HANDLES; i++)
		if (g.handles[i].used && g.handles[i].identity)
			used += g.handles[i].n_ranges;
	check(used + g.reg.n_free_ranges == MAX_RANGES, "range entries conserved");
	check(g.eps[0].n_handles + g.eps[1].n_handles == held_count(), "handle counts");
}

static void op_retrieve(struct rd *r)
{
	static struct smmuv3_phys_range c[MAX_CONS];
	uint16_t sep = pick_id(r), caller = pick_id(r);
	uint64_t handle = take(r, 1) & 7, iova = 0;
	uint8_t how = (uint8_t)take(r, 1);
	/* Mostly valid prot/flags (at least R or W); sometimes raw bits. */
	struct smmuv3_sepid_retrieve req = {
		(how & 0x80) ? (uint32_t)take(r, 1) : 1u + how % 7u,
		(how & 0x40) ? (uint32_t)take(r, 1) : (how >> 3) & 3u,
	};
	size_t n = (how & 0x20) ? take(r, 1) % MAX_CONS : 1 + take(r, 1) % 8;
	unsigned int before = held_count();
	struct smmuv3_mock_xlate x;
	int rc;

	for (size_t i = 0; i < n; i++)
		c[i] = constituent(r);
	rc = smmuv3_sepid_retrieve(&g.reg, sep, caller, handle, c, n, &req, &iova);
	check(held_count() == before + !rc, "a handle per successful retrieve");
	if (rc)
		return;
	g.retrieved++;
	check(caller == PROXY, "only the proxy retrieves");
	/* The first constituent's first byte is where the retrieve said
	 * (for nested B: where the proxy's stage 2 maps it 1:1). */
	if (sep == SEP_B && c[0].pa >= PROXY_IPA_END &&
	    (c[0].pa < g.tp.pa_base || c[0].pa - g.tp.pa_base >= POOL_SIZE))
		return;
	smmuv3_mock_translate(g.mock, sep == SEP_A ? 1 : 3, 0, false,
			      (req.flags & SMMUV3_SEPID_F_IDENTITY) ? c[0].pa : iova,
			      (req.prot & SMMUV3_PROT_READ) ? 0 : SMMUV3_MOCK_ACC_WRITE, &x);
	check(x.status == SMMUV3_MOCK_XLATE_OK && x.pa == c[0].pa, "retrieved memory reachable");
}

static void op_relinquish(struct rd *r)
{
	uint16_t sep = pick_id(r), caller = pick_id(r);
	uint8_t b = (uint8_t)take(r, 1);
	uint64_t handle = b & 7;
	uint64_t syncs = g.mock->n_syncs;
	/* Often a handle that is held, by the SEPID holding it. */
	for (unsigned int i = 0; (b & 0x80) && i < MAX_HANDLES; i++) {
		const struct smmuv3_sepid_handle *h = &g.handles[(b + i) % MAX_HANDLES];

		if (h->used) {
			handle = h->handle;
			sep = g.eps[h->ep].desc.sepid;
			break;
		}
	}
	unsigned int before = held_count();
	int rc = smmuv3_sepid_relinquish(&g.reg, sep, caller, handle);

	check(held_count() == before - !rc, "a handle per successful relinquish");
	check(g.mock->n_syncs == syncs + !rc, "one sync per relinquish, none on refusal");
	g.relinquished += !rc;
}

/* The reclaim query, or a partition / SEPID dying. */
static void op_query_or_drop(struct rd *r)
{
	uint64_t handle = take(r, 1) & 7, syncs = g.mock->n_syncs;
	uint16_t who = 0, id = pick_id(r);
	bool held = smmuv3_sepid_handle_held(&g.reg, handle, &who);
	int rc;

	check(!held || who == SEP_A || who == SEP_B, "holder is a SEPID");
	if (!(handle & 1))
		return;
	rc = smmuv3_sepid_relinquish_all(&g.reg, id);
	check(rc >= 0, "relinquish-all");
	check(g.mock->n_syncs - syncs <= 2, "one sync per SEPID");
}

static void drain_all(void)
{
	int rc = smmuv3_sepid_relinquish_all(&g.reg, PROXY);

	check(rc >= 0, "relinquish-all");
	check(held_count() == 0 && g.reg.n_free_ranges == MAX_RANGES, "everything given back");
	for (int i = 0; i < 2; i++) {
		/* Emptied tables may wait in the page table's bounded cache
		 * (docs/page-tables.md): give those back, then only the root
		 * may remain. */
		smmuv3_pgtable_trim(&smmuv3_dom_of(&g.eps[i].dom)->pt);
		check(smmuv3_dom_of(&g.eps[i].dom)->pt.stats.tables == g.tables[i], "page tables back to the root");
	}
	check(g.tp.live_bytes == g.live_bytes, "no DMA memory left over");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd r = { data, size };

	if (!g.ready)
		setup();
	while (r.n) {
		switch (take(&r, 1) & 3) {
		case 0:
		case 1:
			op_retrieve(&r);
			break;
		case 2:
			op_relinquish(&r);
			break;
		default:
			op_query_or_drop(&r);
			break;
		}
		invariants();
	}
	drain_all();
	/* The mock logs every command; a long run must not grow it. */
	smmuv3_mock_clear_log(g.mock);
	return 0;
}

#ifndef SMMUV3_LIBFUZZER
/* Replay: built-in seeds, then every file named on the command line. */
static const uint8_t seed_ok[] = {
	0, 0, 2, 1, 3, 0, 4, 0, 0x10, 0x00, 0x02, 0, 0x12, 0x00, 0x01, 0, 0x20, 0, 3,
	2, 0, 2, 1,
};
static const uint8_t seed_identity[] = {
	1, 1, 2, 2, 3, 1, 3, 0, 0x10, 0x00, 0x01, 0, 0x11, 0x00, 0x01, 0, 0x30, 0, 2,
	3, 2, 0,
};
static const uint8_t seed_hostile[] = {
	0, 0, 2, 3, 3, 0, 3, 7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x20, 0,
	0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, 1, 0, 0,
	0, 0x10,
};

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	static uint8_t buf[1 << 16];
	size_t n;

	if (!f) {
		perror(path);
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return LLVMFuzzerTestOneInput(buf, n);
}

int main(int argc, char **argv)
{
	uint8_t rnd[512];
	uint64_t s = 0x9e3779b97f4a7c15ull;

	LLVMFuzzerTestOneInput(seed_ok, sizeof(seed_ok));
	LLVMFuzzerTestOneInput(seed_identity, sizeof(seed_identity));
	LLVMFuzzerTestOneInput(seed_hostile, sizeof(seed_hostile));
	/* A deterministic stream of random inputs, so the replay also covers
	 * what no seed spells out. */
	for (int k = 0; k < 2000; k++) {
		for (size_t i = 0; i < sizeof(rnd); i++) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			rnd[i] = (uint8_t)s;
		}
		LLVMFuzzerTestOneInput(rnd, 16 + (size_t)(s % (sizeof(rnd) - 16)));
	}
	for (int i = 1; i < argc; i++)
		if (replay_file(argv[i]))
			return 1;
	printf("fuzz-sepid-replay: %d files and the built-in inputs replayed; %lu retrieves and "
	       "%lu relinquishes succeeded\n", argc - 1, g.retrieved, g.relinquished);
	/* The inputs must reach the success paths, not only the refusals. */
	check(g.retrieved > 50 && g.relinquished > 10, "inputs reach the success paths");
	return 0;
}
#endif
