// SPDX-License-Identifier: BSD-3-Clause
/*
 * Page-table benchmark: stage 1, 4 KiB granule, 48-bit input, coherent
 * walks, physical addresses misaligned by one page so every leaf is a
 * 4 KiB page (the case io-pgtable-arm's map_pages/unmap_pages figures
 * describe).
 *
 *   bench-pgtable [--fast-port]               all scenarios, wall time
 *   bench-pgtable [--fast-port] SCENARIO N    one scenario, for callgrind:
 *                                 the measured work is exactly the call
 *                                 tree of bench_region() (use
 *                                 --toggle-collect=bench_region)
 *
 * By default the tables live in the checked test port of the unit tests
 * (bounds-checked phys_to_virt, every allocation zeroed with memset).
 * --fast-port sets the port's bench mode, the costs of a bare-metal port:
 * phys_to_virt is an addition, and blocks never handed out before are
 * known to be zero (recycled ones are still zeroed). See
 * docs/performance.md.
 *
 * tests/bench/callgrind.sh runs every scenario under callgrind and prints
 * instructions per page. Not a test: nothing here asserts a time.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/stream.h>

#include "smmuv3_mock.h"
#include "test_port.h"
#include "core/objects.h"

#define G 4096u
#define IOVA UINT64_C(0x4000000000)
#define PA UINT64_C(0x100001000)
#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)

enum scenario {
	MAP_BATCHED,
	UNMAP_BATCHED,
	MAP_SINGLE,
	UNMAP_SINGLE,
	IOVA_TO_PHYS,
	BLOCK_MAP,
	BLOCK_UNMAP,
	MAP_ALTERNATE,
	UNMAP_ALTERNATE,
	CYCLE,
	BLOCK_MAP_BATCHED,
	BLOCK_UNMAP_BATCHED,
	GBLOCK_MAP,
	GBLOCK_UNMAP,
	N_SCENARIOS,
};

static const char *const names[N_SCENARIOS] = {
	"map-batched", "unmap-batched", "map-single", "unmap-single",
	"iova-to-phys", "block-map", "block-unmap", "map-alternate", "unmap-alternate",
	"cycle", "block-map-batched", "block-unmap-batched", "gblock-map", "gblock-unmap",
};

#define BLK2M (UINT64_C(1) << 21)
#define BLK1G (UINT64_C(1) << 30)
/* Output of the batched 2 MiB scenarios: 2 MiB-aligned but not 1 GiB-
 * aligned, so a 1 GiB range is 512 level-2 blocks. */
#define PA2M (PA - G + BLK2M)

/* Page i of the alternate scenarios: every call lands in another leaf
 * table than the previous one (no walk-cache hit), tables present. */
static uint64_t alt_iova(uint64_t i)
{
	return IOVA + (i / 2) * G + (i % 2) * (UINT64_C(1) << 21);
}

static struct smmuv3_test_port tp;
static struct smmuv3_pgtable pt;
static volatile uint64_t sink;

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench-pgtable: %s failed: %d\n", what, rc);
	exit(1);
}

static bool fast_port;

static void setup(void)
{
	struct smmuv3_pgtable_cfg c = {
		.port = &tp, .stage = SMMUV3_PGTABLE_STAGE1, .granule_log2 = 12,
		.ias_bits = 48, .oas_bits = 48, .coherent = true,
	};
	int rc;

	if (smmuv3_test_port_init(&tp, NULL, 0, (size_t)256 << 20))
		die("port init", -1);
	tp.bench = fast_port;
	rc = smmuv3_pgtable_init(&pt, &c);
	if (rc)
		die("pgtable init", rc);
}

static void teardown(void)
{
	smmuv3_pgtable_destroy(&pt);
	smmuv3_test_port_fini(&tp);
}

static void map_range(uint64_t n)
{
	int rc = smmuv3_pgtable_map(&pt, IOVA, PA, n * G, RW);

	if (rc)
		die("map", rc);
}

static void unmap_range(uint64_t n)
{
	struct smmuv3_pgtable_unmapped u;
	int rc = smmuv3_pgtable_unmap(&pt, IOVA, n * G, &u);

	if (rc)
		die("unmap", rc);
	smmuv3_pgtable_reclaim(&pt);
}

/* One page mapped and unmapped again and again in an otherwise empty
 * table, with the reclaim a caller makes after each unmap's CMD_SYNC
 * when it freed tables. */
static void cycle(uint64_t n)
{
	struct smmuv3_pgtable_unmapped u;

	for (uint64_t i = 0; i < n; i++) {
		if (smmuv3_pgtable_map(&pt, IOVA, PA, G, RW) ||
		    smmuv3_pgtable_unmap(&pt, IOVA, G, &u))
			die("cycle", -1);
		if (u.tables_freed)
			smmuv3_pgtable_reclaim(&pt);
	}
}

/* What is measured; everything else is preparation. */
__attribute__((noinline)) static void bench_region(enum scenario s, uint64_t n)
{
	struct smmuv3_pgtable_unmapped u;
	uint64_t pa;

	switch (s) {
	case MAP_BATCHED:
		map_range(n);
		break;
	case UNMAP_BATCHED:
		unmap_range(n);
		break;
	case MAP_SINGLE:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_map(&pt, IOVA + i * G, PA + i * G, G, RW))
				die("map", -1);
		break;
	case UNMAP_SINGLE:
		for (uint64_t i = 0; i < n; i++) {
			if (smmuv3_pgtable_unmap(&pt, IOVA + i * G, G, &u))
				die("unmap", -1);
			/* As a caller would after each call's CMD_SYNC. */
			if (u.tables_freed)
				smmuv3_pgtable_reclaim(&pt);
		}
		break;
	case IOVA_TO_PHYS:
		for (uint64_t i = 0; i < n; i++) {
			if (smmuv3_pgtable_iova_to_phys(&pt, IOVA + i * G + 8, &pa, NULL))
				die("iova_to_phys", -1);
			sink += pa;
		}
		break;
	case BLOCK_MAP:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_map(&pt, IOVA + (i << 21), PA - G + (i << 21), 1u << 21, RW))
				die("block map", -1);
		break;
	case BLOCK_UNMAP:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_unmap(&pt, IOVA + (i << 21), 1u << 21, &u))
				die("block unmap", -1);
		smmuv3_pgtable_reclaim(&pt);
		break;
	case MAP_ALTERNATE:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_map(&pt, alt_iova(i), PA + i * G, G, RW))
				die("map", -1);
		break;
	case UNMAP_ALTERNATE:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_unmap(&pt, alt_iova(i), G, &u))
				die("unmap", -1);
		break;
	case CYCLE:
		cycle(n);
		break;
	case BLOCK_MAP_BATCHED:
		if (smmuv3_pgtable_map(&pt, IOVA, PA2M, n * BLK2M, RW))
			die("block map", -1);
		break;
	case BLOCK_UNMAP_BATCHED:
		if (smmuv3_pgtable_unmap(&pt, IOVA, n * BLK2M, &u))
			die("block unmap", -1);
		smmuv3_pgtable_reclaim(&pt);
		break;
	case GBLOCK_MAP:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_map(&pt, IOVA + i * BLK1G, PA - G + i * BLK1G, BLK1G, RW))
				die("1 GiB block map", -1);
		break;
	case GBLOCK_UNMAP:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_unmap(&pt, IOVA + i * BLK1G, BLK1G, &u))
				die("1 GiB block unmap", -1);
		smmuv3_pgtable_reclaim(&pt);
		break;
	default:
		break;
	}
}

/* Both leaf tables of the alternate scenarios exist, each holding one
 * page the scenario does not touch. */
static void alt_tables(bool map)
{
	for (uint64_t k = 0; k < 2; k++) {
		uint64_t iova = IOVA + k * (UINT64_C(1) << 21) + (UINT64_C(511) << 12);
		int rc = map ? smmuv3_pgtable_map(&pt, iova, PA, G, RW) :
			       smmuv3_pgtable_unmap(&pt, iova, G, NULL);

		if (rc)
			die("alternate tables", rc);
	}
	if (!map)
		smmuv3_pgtable_reclaim(&pt);
}

static void prepare(enum scenario s, uint64_t n)
{
	switch (s) {
	case UNMAP_BATCHED:
	case UNMAP_SINGLE:
	case IOVA_TO_PHYS:
		map_range(n);
		break;
	case BLOCK_UNMAP:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_map(&pt, IOVA + (i << 21), PA - G + (i << 21), 1u << 21, RW))
				die("block map", -1);
		break;
	case MAP_ALTERNATE:
		alt_tables(true);
		break;
	case BLOCK_UNMAP_BATCHED:
		if (smmuv3_pgtable_map(&pt, IOVA, PA2M, n * BLK2M, RW))
			die("block map", -1);
		break;
	case GBLOCK_UNMAP:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_map(&pt, IOVA + i * BLK1G, PA - G + i * BLK1G, BLK1G, RW))
				die("1 GiB block map", -1);
		break;
	case UNMAP_ALTERNATE:
		alt_tables(true);
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_map(&pt, alt_iova(i), PA + i * G, G, RW))
				die("map", -1);
		break;
	default:
		break;
	}
}

static void finish(enum scenario s, uint64_t n)
{
	switch (s) {
	case MAP_BATCHED:
	case MAP_SINGLE:
	case IOVA_TO_PHYS:
		unmap_range(n);
		break;
	case BLOCK_MAP:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_unmap(&pt, IOVA + (i << 21), 1u << 21, NULL))
				die("block unmap", -1);
		smmuv3_pgtable_reclaim(&pt);
		break;
	case MAP_ALTERNATE:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_unmap(&pt, alt_iova(i), G, NULL))
				die("unmap", -1);
		alt_tables(false);
		break;
	case UNMAP_ALTERNATE:
		alt_tables(false);
		break;
	case BLOCK_MAP_BATCHED:
		if (smmuv3_pgtable_unmap(&pt, IOVA, n * BLK2M, NULL))
			die("block unmap", -1);
		smmuv3_pgtable_reclaim(&pt);
		break;
	case GBLOCK_MAP:
		for (uint64_t i = 0; i < n; i++)
			if (smmuv3_pgtable_unmap(&pt, IOVA + i * BLK1G, BLK1G, NULL))
				die("1 GiB block unmap", -1);
		smmuv3_pgtable_reclaim(&pt);
		break;
	default:
		break;
	}
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static const char *unit(enum scenario s)
{
	switch (s) {
	case CYCLE:
		return "cycle";
	case BLOCK_MAP:
	case BLOCK_UNMAP:
	case BLOCK_MAP_BATCHED:
	case BLOCK_UNMAP_BATCHED:
	case GBLOCK_MAP:
	case GBLOCK_UNMAP:
		return "block";
	default:
		return "page";
	}
}

static void wall(enum scenario s, uint64_t n)
{
	unsigned int reps = n >= 262144 ? 5 : n >= 512 ? 200 : 20000;
	double best = 1e300;

	for (unsigned int r = 0; r < reps; r++) {
		double t0;

		prepare(s, n);
		t0 = now_ns();
		bench_region(s, n);
		t0 = now_ns() - t0;
		if (t0 < best)
			best = t0;
		finish(s, n);
	}
	printf("%-19s N=%-7llu %9.1f ns/%s (best of %u)\n", names[s], (unsigned long long)n,
	       best / (double)n, unit(s), reps);
}

static void memory_report(void)
{
	struct smmuv3_pgtable_info info;

	map_range(262144);
	smmuv3_pgtable_get_info(&pt, &info);
	printf("table bytes with 1 GiB mapped in 4 KiB pages: %zu (%lu tables)\n",
	       info.stats.table_bytes, info.stats.tables);
	unmap_range(262144);
	smmuv3_pgtable_get_info(&pt, &info);
	printf("table bytes after unmapping everything: %zu (root: %zu, cache: %zu)\n",
	       info.stats.table_bytes, pt.root_bytes, info.stats.cached_bytes);
	for (uint64_t i = 0; i < 262144; i++)
		if (smmuv3_pgtable_map(&pt, IOVA + i * G, PA + i * G, G, RW))
			die("map", -1);
	for (uint64_t i = 0; i < 262144; i++) {
		struct smmuv3_pgtable_unmapped u;

		if (smmuv3_pgtable_unmap(&pt, IOVA + i * G, G, &u))
			die("unmap", -1);
		if (u.tables_freed)
			smmuv3_pgtable_reclaim(&pt);
	}
	smmuv3_pgtable_get_info(&pt, &info);
	printf("table bytes after page-by-page map and unmap of 1 GiB: %zu (cache: %zu)\n",
	       info.stats.table_bytes, info.stats.cached_bytes);
	smmuv3_pgtable_trim(&pt);
	smmuv3_pgtable_get_info(&pt, &info);
	printf("table bytes after smmuv3_pgtable_trim(): %zu\n", info.stats.table_bytes);
}

/* Commands and CMD_SYNCs per domain unmap, counted by the mock. */
static void domain_report(const struct smmuv3_mock_profile *prof)
{
	static const uint64_t ns[] = { 1, 512, 1000, 262144 };
	struct smmuv3_mock *m = smmuv3_mock_create(prof);
	struct smmuv3_test_port dtp;
	struct smmuv3_config cfg;
	struct smmuv3 smmu;
	struct smmuv3_domain d;
	struct smmuv3_domain_cfg dc;
	const uintptr_t base = 0x09050000;
	uint64_t c0, s0;

	if (!m || smmuv3_test_port_init(&dtp, m, base, (size_t)256 << 20))
		die("mock", -1);
	smmuv3_config_default(&cfg);
	cfg.base = base;
	cfg.port = &dtp;
	if (smmuv3_init(&smmu, &cfg) || smmuv3_probe(&smmu) || smmuv3_reset(&smmu))
		die("smmu bring-up", -1);
	smmuv3_domain_cfg_init(&smmu, &dc, SMMUV3_DOMAIN_S1);
	dc.owner = 1;
	if (smmuv3_domain_init(&smmu, &d, &dc) || smmuv3_stream_claim(&smmu, 1, 1) ||
	    smmuv3_domain_attach(&d, 1, 1, 0, 0, NULL))
		die("domain", -1);
	printf("%s (%s range invalidation):\n", prof->name, smmuv3_inst_of(&smmu)->feat.ril ? "with" : "without");
	for (unsigned int i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		/* A page beyond stays mapped: leaf-only unless whole tables go. */
		if (smmuv3_domain_map(&d, IOVA, PA, (ns[i] + 1) * G, RW))
			die("map", -1);
		c0 = m->n_cmds;
		s0 = m->n_syncs;
		if (smmuv3_domain_unmap(&d, IOVA, ns[i] * G))
			die("unmap", -1);
		printf("  unmap of %6llu pages: %llu commands + %llu CMD_SYNC\n",
		       (unsigned long long)ns[i], (unsigned long long)(m->n_cmds - c0 - (m->n_syncs - s0)),
		       (unsigned long long)(m->n_syncs - s0));
		c0 = m->n_cmds;
		s0 = m->n_syncs;
		if (smmuv3_domain_unmap(&d, IOVA + ns[i] * G, G))
			die("unmap", -1);
		if (i == 0)
			printf("  unmap freeing 3 tables: %llu commands + %llu CMD_SYNC\n",
			       (unsigned long long)(m->n_cmds - c0 - (m->n_syncs - s0)),
			       (unsigned long long)(m->n_syncs - s0));
	}
	if (smmuv3_domain_map(&d, IOVA, PA, 512 * G, RW))
		die("map", -1);
	s0 = m->n_syncs;
	for (unsigned int i = 0; i < 512; i++)
		if (smmuv3_domain_unmap(&d, IOVA + i * G, G))
			die("unmap", -1);
	printf("  512 page-by-page unmaps: %llu CMD_SYNCs\n", (unsigned long long)(m->n_syncs - s0));
	smmuv3_domain_detach(&d, 1, 1, 0);
	smmuv3_domain_destroy(&d);
	smmuv3_teardown(&smmu);
	smmuv3_test_port_fini(&dtp);
	smmuv3_mock_destroy(m);
}

int main(int argc, char **argv)
{
	static const uint64_t ns[] = { 1, 512, 262144 };

	if (argc > 1 && !strcmp(argv[1], "--fast-port")) {
		fast_port = true;
		argc--;
		argv++;
	}
	if (argc != 3)
		printf("%s\n", fast_port ? "fast port (bench mode)" : "checked test port");
	setup();
	if (argc == 3) {
		enum scenario s = N_SCENARIOS;
		uint64_t n = strtoull(argv[2], NULL, 0);

		for (int i = 0; i < N_SCENARIOS; i++)
			if (!strcmp(argv[1], names[i]))
				s = (enum scenario)i;
		if (s == N_SCENARIOS || !n)
			die("arguments", -1);
		prepare(s, n);
		bench_region(s, n);
		finish(s, n);
		teardown();
		return 0;
	}
	for (int s = 0; s < BLOCK_MAP; s++)
		for (unsigned int i = 0; i < 3; i++)
			wall((enum scenario)s, ns[i]);
	wall(BLOCK_MAP, 1);
	wall(BLOCK_UNMAP, 1);
	wall(BLOCK_MAP, 512);
	wall(BLOCK_UNMAP, 512);
	wall(MAP_ALTERNATE, 512);
	wall(UNMAP_ALTERNATE, 512);
	wall(CYCLE, 512);
	wall(BLOCK_MAP_BATCHED, 512);
	wall(BLOCK_UNMAP_BATCHED, 512);
	wall(GBLOCK_MAP, 1);
	wall(GBLOCK_UNMAP, 1);
	wall(GBLOCK_MAP, 64);
	wall(GBLOCK_UNMAP, 64);
	memory_report();
	teardown();
	if (fast_port)
		return 0;
	domain_report(&smmuv3_mock_profile_qemu);
	domain_report(&smmuv3_mock_profile_mmu600);
	return 0;
}
