// SPDX-License-Identifier: BSD-3-Clause
/*
 * Stream table memory (issue 14 item 4), on the register mock with an
 * SMMU of 32-bit StreamIDs: how many of 1024 StreamIDs spread over the
 * whole space are accepted, the memory before any stream exists and with
 * 1023 of them claimed, against the architectural minimum
 * (smmuv3_strtab_memory()), and the cost of one populated 256-stream
 * group against Linux's 16 KiB. Deterministic: byte counts, no time.
 *
 *   bench-strtab
 *
 * Figures: docs/performance.md.
 */
#include <stdio.h>
#include <stdlib.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/hw/regs.h>

#include "smmuv3_mock.h"
#include "test_port.h"
#include "core/objects.h"

#define BASE ((uintptr_t)0x09050000)
#define NSIDS 1024u

static struct smmuv3_sid_range sids[NSIDS];

struct rig {
	struct smmuv3_mock_profile p;
	struct smmuv3_mock *mock;
	struct smmuv3_test_port tp;
	struct smmuv3 smmu;
};

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench-strtab: %s failed: %d\n", what, rc);
	exit(1);
}

static void rig_up(struct rig *r, const struct smmuv3_sid_range *decl, unsigned int n,
		   unsigned int sid_bits, unsigned int split)
{
	struct smmuv3_config cfg;
	int rc;

	r->p = smmuv3_mock_profile_mmu600;
	r->p.idr[1] = (r->p.idr[1] & ~(uint32_t)SMMUV3_IDR1_SIDSIZE) |
		      (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_IDR1_SIDSIZE, 32);
	r->p.s_idr1 = 0;
	r->mock = smmuv3_mock_create(&r->p);
	if (!r->mock || smmuv3_test_port_init(&r->tp, r->mock, BASE, (size_t)640 << 20))
		die("mock", -1);
	r->tp.print_level = -1;
	smmuv3_config_default(&cfg);
	cfg.base = BASE;
	cfg.port = &r->tp;
	cfg.sids = decl;
	cfg.n_sids = n;
	cfg.sid_bits = sid_bits;
	cfg.strtab_split = split;
	rc = smmuv3_init(&r->smmu, &cfg);
	if (!rc)
		rc = smmuv3_probe(&r->smmu);
	if (!rc)
		rc = smmuv3_reset(&r->smmu);
	if (rc)
		die("reset", rc);
}

static void rig_down(struct rig *r)
{
	smmuv3_teardown(&r->smmu);
	smmuv3_test_port_fini(&r->tp);
	smmuv3_mock_destroy(r->mock);
}

/* Claim every declared StreamID but the last; returns how many took. */
static unsigned int claim_spread(struct rig *r)
{
	unsigned int ok = 0;

	for (unsigned int i = 0; i + 1 < NSIDS; i++)
		ok += smmuv3_stream_claim(&r->smmu, sids[i].first, 1) == 0;
	return ok;
}

static void spread_row(const char *name, const struct smmuv3_sid_range *decl, unsigned int n,
		       unsigned int sid_bits, unsigned int split)
{
	struct smmuv3_strtab_mem m;
	struct rig r;
	size_t idle, used;
	unsigned int ok;

	rig_up(&r, decl, n, sid_bits, split);
	idle = smmuv3_memory_used(&r.smmu);
	if (smmuv3_strtab_memory(&r.smmu, &m))
		die("memory", -1);
	printf("%-34s %2u bits SPLIT %2u  before any stream: table %10zu B (all DMA %10zu B)\n",
	       name, smmuv3_inst_of(&r.smmu)->strtab.log2size, smmuv3_inst_of(&r.smmu)->strtab.split, m.table_bytes, idle);
	ok = claim_spread(&r);
	used = smmuv3_memory_used(&r.smmu);
	if (smmuv3_strtab_memory(&r.smmu, &m))
		die("memory", -1);
	printf("%-34s accepted %4u of %u; after: +%10zu B; declared all populated %10llu B, "
	       "minimum %10llu B (SPLIT %u): %+.1f %%\n", "", ok, NSIDS - 1, used - idle,
	       (unsigned long long)m.full_bytes, (unsigned long long)m.min_bytes, m.min_split,
	       100.0 * ((double)m.full_bytes / (double)m.min_bytes - 1.0));
	rig_down(&r);
}

/* One dense 256-stream group at SPLIT 8: what claiming it costs. */
static void group_row(void)
{
	static const struct smmuv3_sid_range dense[] = { { 0x12300, 0x123ff } };
	struct rig r;
	size_t idle, used;

	rig_up(&r, dense, 1, 0, 8);
	idle = smmuv3_memory_used(&r.smmu);
	for (uint32_t sid = 0x12300; sid <= 0x123ff; sid++)
		if (smmuv3_stream_claim(&r.smmu, sid, 1))
			die("claim", (int)sid);
	used = smmuv3_memory_used(&r.smmu);
	printf("one populated 256-stream group, SPLIT 8: %zu B (Linux 6.12: 16384 B; "
	       "before issue 14: 20528 B + 8 B of pointer array)\n", used - idle);
	rig_down(&r);
}

int main(void)
{
	for (unsigned int i = 0; i < NSIDS; i++)
		sids[i].first = sids[i].last = (i << 22) | 0x155;
	printf("bench-strtab: SMMU with 32-bit StreamIDs; %u StreamIDs (i << 22 | 0x155)\n",
	       NSIDS);
	spread_row("default (no declaration, 16 bits)", NULL, 0, 0, 0);
	spread_row("declared, SPLIT 8", sids, NSIDS, 0, 8);
	spread_row("declared, best SPLIT", sids, NSIDS, 0, SMMUV3_STRTAB_SPLIT_BEST);
	group_row();
	return 0;
}
