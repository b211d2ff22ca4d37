// SPDX-License-Identifier: BSD-3-Clause
/*
 * SEPID retrieve/relinquish benchmark: 1 GiB given to a SEPID as 262144
 * scattered 4 KiB constituents or as 512 scattered 2 MiB constituents,
 * mapped virtually contiguous into its stage 2 (an enabled mock SMMU, the
 * SEPID's two streams attached), beside a plain batched domain map/unmap
 * of 1 GiB of pages.
 *
 *   bench-sepid [--fast-port]               every scenario once, with the
 *                                           CMD_SYNCs each relinquish took
 *   bench-sepid [--fast-port] SCENARIO      one scenario, for callgrind
 *                                           (--toggle-collect=bench_region)
 *
 * tests/bench/callgrind_sepid.sh prints instructions per page. Not a test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/sepid.h>
#include <smmuv3/smmuv3.h>

#include "smmuv3_mock.h"
#include "test_port.h"

#define G UINT64_C(4096)
#define M2 (UINT64_C(1) << 21)
#define GIB (UINT64_C(1) << 30)
#define PROXY 0x8001u
#define SEP 0x8101u
#define WIN UINT64_C(0x4000000000)
#define PA_BASE UINT64_C(0x100000000)
#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)

enum scenario {
	RETRIEVE_4K,
	RELINQUISH_4K,
	RETRIEVE_2M,
	RELINQUISH_2M,
	DOMAIN_MAP_4K,
	DOMAIN_UNMAP_4K,
	N_SCENARIOS,
};

static const char *const names[N_SCENARIOS] = {
	"retrieve-4k", "relinquish-4k", "retrieve-2m", "relinquish-2m",
	"domain-map-4k", "domain-unmap-4k",
};

static struct smmuv3_mock *mock;
static struct smmuv3_test_port tp;
static struct smmuv3 smmu;
static struct smmuv3 *smmus[1] = { &smmu };
static struct smmuv3_sepid_ep eps[1];
static struct smmuv3_sepid_stream streams[2];
static struct smmuv3_sepid_handle handles[2];
static struct smmuv3_sepid_registry reg;
static struct smmuv3_phys_range cons[262144];
static struct smmuv3_domain *dom;

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench-sepid: %s failed: %d\n", what, rc);
	exit(1);
}

static void setup(bool fast)
{
	static const uint32_t sids[] = { 1, 2 };
	const struct smmuv3_sepid_desc d = {
		.name = "dma", .sepid = SEP, .proxy = PROXY, .sids = sids, .n_sids = 2,
		.iova_base = WIN, .iova_size = 4 * GIB,
	};
	const uint16_t parts[] = { PROXY };
	const struct smmuv3_sepid_input in = { &d, 1, NULL, 0, parts, 1 };
	const struct smmuv3_sepid_storage st = { eps, 1, streams, 2, handles, 2, NULL, 0 };
	const uintptr_t base = 0x09050000;
	struct smmuv3_config cfg;
	int rc;

	mock = smmuv3_mock_create(&smmuv3_mock_profile_mmu600);
	if (!mock || smmuv3_test_port_init(&tp, mock, base, (size_t)256 << 20))
		die("mock", -1);
	tp.bench = fast;
	smmuv3_config_default(&cfg);
	cfg.base = base;
	cfg.port = &tp;
	if (smmuv3_init(&smmu, &cfg) || smmuv3_probe(&smmu) || smmuv3_reset(&smmu))
		die("smmu bring-up", -1);
	rc = smmuv3_sepid_registry_init(&reg, smmus, 1, &st);
	if (!rc)
		rc = smmuv3_sepid_register(&reg, &in, NULL);
	if (rc)
		die("register", rc);
	dom = smmuv3_sepid_domain(&reg, SEP);
}

/* 1 GiB in pieces of @size, each followed by a hole of the same size. */
static size_t scatter(uint64_t size)
{
	size_t n = (size_t)(GIB / size);

	for (size_t i = 0; i < n; i++)
		cons[i] = (struct smmuv3_phys_range){ PA_BASE + 2 * i * size, size };
	return n;
}

static void retrieve(size_t n)
{
	const struct smmuv3_sepid_retrieve req = { RW, 0 };
	int rc = smmuv3_sepid_retrieve(&reg, SEP, PROXY, 1, cons, n, &req, NULL);

	if (rc)
		die("retrieve", rc);
}

static void relinquish(void)
{
	int rc = smmuv3_sepid_relinquish(&reg, SEP, PROXY, 1);

	if (rc)
		die("relinquish", rc);
}

/* The comparison: one batched map of 1 GiB of pages (PA misaligned by a
 * page, so no blocks) and its unmap, on the same domain. */
static void domain_map(void)
{
	int rc = smmuv3_domain_map(dom, WIN, PA_BASE + G, GIB, RW);

	if (rc)
		die("domain map", rc);
}

static void domain_unmap(void)
{
	int rc = smmuv3_domain_unmap(dom, WIN, GIB);

	if (rc)
		die("domain unmap", rc);
}

static void prepare(enum scenario s)
{
	switch (s) {
	case RELINQUISH_4K:
		retrieve(scatter(G));
		break;
	case RELINQUISH_2M:
		retrieve(scatter(M2));
		break;
	case RETRIEVE_4K:
		scatter(G);
		break;
	case RETRIEVE_2M:
		scatter(M2);
		break;
	case DOMAIN_UNMAP_4K:
		domain_map();
		break;
	default:
		break;
	}
}

/* What is measured; everything else is preparation. */
__attribute__((noinline)) static void bench_region(enum scenario s)
{
	switch (s) {
	case RETRIEVE_4K:
		retrieve(262144);
		break;
	case RETRIEVE_2M:
		retrieve(512);
		break;
	case RELINQUISH_4K:
	case RELINQUISH_2M:
		relinquish();
		break;
	case DOMAIN_MAP_4K:
		domain_map();
		break;
	case DOMAIN_UNMAP_4K:
		domain_unmap();
		break;
	default:
		break;
	}
}

static void run(enum scenario s)
{
	uint64_t syncs = mock->n_syncs;

	prepare(s);
	syncs = mock->n_syncs;
	bench_region(s);
	if (s == RELINQUISH_4K || s == RELINQUISH_2M)
		printf("%-16s CMD_SYNCs issued: %llu (registry: %llu)\n", names[s],
		       (unsigned long long)(mock->n_syncs - syncs),
		       (unsigned long long)reg.last_syncs);
	/* Leave the domain empty for the next scenario. */
	if (s == RETRIEVE_4K || s == RETRIEVE_2M)
		relinquish();
	if (s == DOMAIN_MAP_4K)
		domain_unmap();
}

int main(int argc, char **argv)
{
	bool fast = false;

	if (argc > 1 && !strcmp(argv[1], "--fast-port")) {
		fast = true;
		argc--;
		argv++;
	}
	setup(fast);
	if (argc == 2) {
		for (int i = 0; i < N_SCENARIOS; i++)
			if (!strcmp(argv[1], names[i])) {
				run((enum scenario)i);
				return 0;
			}
		die("arguments", -1);
	}
	for (int i = 0; i < N_SCENARIOS; i++)
		run((enum scenario)i);
	return 0;
}
