// SPDX-License-Identifier: BSD-3-Clause
/*
 * Domains end to end: attached to streams through the stream-table API,
 * translated by the mock (STE -> CD -> tables) with its TLB on, so an
 * unmap whose invalidation is missing or wrong leaves a stale
 * translation the tests see. Command counts per unmap, with and without
 * range invalidation.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#include <smmuv3/domain.h>
#include <smmuv3/stream.h>
#include "core/objects.h"

#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)
#define OWNER 42u

static uint64_t rs = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

static void enable(struct fixture *f)
{
	fixture_enable(f);
	f->mock->tlb_enabled = true;
}

static void new_domain(struct fixture *f, struct smmuv3_domain *d, enum smmuv3_domain_type t)
{
	struct smmuv3_domain_cfg c;

	smmuv3_domain_cfg_init(&f->smmu, &c, t);
	c.owner = OWNER;
	assert_int_equal(smmuv3_domain_init(&f->smmu, d, &c), 0);
}

/* A new domain of type @t installed on stream @sid (claimed by OWNER). */
static void attached_domain(struct fixture *f, struct smmuv3_domain *d,
			    enum smmuv3_domain_type t, uint32_t sid)
{
	new_domain(f, d, t);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, sid, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(d, sid, OWNER, 0, 0, NULL), 0);
}

/* Undo attached_domain(): every step must succeed. */
static void detach_destroy_release(struct fixture *f, struct smmuv3_domain *d, uint32_t sid)
{
	assert_int_equal(smmuv3_domain_detach(d, sid, OWNER, 0), 0);
	assert_int_equal(smmuv3_domain_destroy(d), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, sid, OWNER), 0);
}

/* The mock's answer for (sid, ssid, iova): pa or ~0 for any fault. */
static uint64_t xlate(struct fixture *f, uint32_t sid, uint32_t ssid, bool ssv, uint64_t iova)
{
	struct smmuv3_mock_xlate x;

	smmuv3_mock_translate(f->mock, sid, ssid, ssv, iova, 0, &x);
	return x.status == SMMUV3_MOCK_XLATE_OK ? x.pa : ~UINT64_C(0);
}

static size_t count_op(struct fixture *f, size_t from, uint32_t op)
{
	size_t n = 0;

	for (size_t i = from; i < f->mock->n_cmds; i++)
		n += SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[i].dw[0]) == op;
	return n;
}

/* Random map/unmap against the mock's translation after every step. */
static void random_against_mock(struct fixture *f, struct smmuv3_domain *d, uint32_t sid,
				uint32_t ssid, bool ssv, uint64_t pa_base)
{
	const uint64_t g = 4096, window = 4096 * g; /* 16 MiB */
	uint64_t mapped_n = 0;
	static uint64_t pa_of[4096];

	for (size_t i = 0; i < 4096; i++)
		pa_of[i] = ~UINT64_C(0);
	for (int op = 0; op < 1500; op++) {
		uint64_t p0 = rnd() % 4096, n = 1 + rnd() % (rnd() % 4 ? 8 : 1024), syncs;
		bool free_run = true;

		if (p0 + n > 4096)
			n = 4096 - p0;
		for (uint64_t k = 0; k < n; k++)
			free_run &= pa_of[p0 + k] == ~UINT64_C(0);
		if (free_run && (mapped_n < 2048 || rnd() % 4 == 0)) {
			/* 2 MiB-aligned runs sometimes map as blocks. */
			uint64_t pa = pa_base + (p0 << 12) + (rnd() % 2 ? 0 : g);

			assert_int_equal(smmuv3_domain_map(d, p0 * g, pa, n * g, RW), 0);
			for (uint64_t k = 0; k < n; k++)
				pa_of[p0 + k] = pa + k * g;
			mapped_n += n;
		} else {
			/* Unmap exactly a mapped run (blocks whole). */
			uint64_t q = p0;

			if (pa_of[q] == ~UINT64_C(0))
				continue;
			while (q && pa_of[q - 1] != ~UINT64_C(0) && (q & 511))
				q--;
			for (n = 0; q + n < 4096 && pa_of[q + n] != ~UINT64_C(0) && n < 512 &&
				    (n == 0 || ((q + n) & 511)); n++)
				;
			syncs = f->mock->n_syncs;
			if (smmuv3_domain_unmap(d, q * g, n * g) == SMMUV3_ERR_SPLIT)
				continue;
			assert_int_equal(f->mock->n_syncs, syncs + 1);
			for (uint64_t k = 0; k < n; k++)
				pa_of[q + k] = ~UINT64_C(0);
			mapped_n -= n;
			p0 = q;
		}
		/* Probe the touched run and a few random pages. */
		for (int t = 0; t < 12; t++) {
			uint64_t p = t < 4 ? p0 + (t * n) / 4 : rnd() % 4096, got;

			if (p >= 4096)
				continue;
			got = xlate(f, sid, ssid, ssv, p * g + 0x10);
			if (got != (pa_of[p] == ~UINT64_C(0) ? ~UINT64_C(0) : pa_of[p] + 0x10))
				fail_msg("op %d page %llu: mock %llx, expected %llx", op,
					 (unsigned long long)p, (unsigned long long)got,
					 (unsigned long long)pa_of[p]);
		}
	}
	(void)window;
	assert_true(f->mock->tlb_hits > 100);
	assert_true(f->mock->tlb_invalidated > 100);
}

static void s2_domain_random(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain d;

	enable(f);
	attached_domain(f, &d, SMMUV3_DOMAIN_S2, 3);
	random_against_mock(f, &d, 3, 0, false, 0x80000000);
	assert_int_equal(smmuv3_domain_destroy(&d), SMMUV3_ERR_BUSY);
	assert_int_equal(smmuv3_domain_detach(&d, 3, OWNER, 0), 0);
	assert_int_equal(xlate(f, 3, 0, false, 0), ~UINT64_C(0));
	assert_int_equal(smmuv3_domain_destroy(&d), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 3, OWNER), 0);
}

/* The minimal profile: stage 2 only, non-coherent walks, linear stream
 * table: every descriptor written must be cleaned for the SMMU. */
static void s2_domain_noncoherent(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain d;
	unsigned long cleans;

	enable(f);
	assert_false(smmuv3_inst_of(&f->smmu)->coherent);
	new_domain(f, &d, SMMUV3_DOMAIN_S2);
	assert_false(smmuv3_dom_of(&d)->pt.cfg.coherent);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 2, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(&d, 2, OWNER, 0, 0, NULL), 0);
	cleans = f->tp.cleans;
	random_against_mock(f, &d, 2, 0, false, 0x20000000);
	assert_true(f->tp.cleans > cleans + 1000);
	detach_destroy_release(f, &d, 2);
}

static void s1_domain_random(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain d;

	enable(f);
	attached_domain(f, &d, SMMUV3_DOMAIN_S1, 7);
	random_against_mock(f, &d, 7, 0, false, 0x40000000);
	detach_destroy_release(f, &d, 7);
}

/* Two substreams of one stream and a second stream share a domain;
 * a second domain on another substream is untouched by the first's
 * invalidations. MMU-600 profile (substreams, no RIL). */
static void s1_shared_by_substreams(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain a, b;

	enable(f);
	new_domain(f, &a, SMMUV3_DOMAIN_S1);
	new_domain(f, &b, SMMUV3_DOMAIN_S1);
	assert_int_not_equal(smmuv3_dom_of(&a)->asid, smmuv3_dom_of(&b)->asid);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 1, OWNER), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 2, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(&a, 1, OWNER, 1, 4, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(&a, 1, OWNER, 2, 4, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(&a, 2, OWNER, 0, 0, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(&b, 1, OWNER, 3, 4, NULL), 0);
	assert_int_equal(smmuv3_domain_attach(&a, 1, OWNER, 1, 4, NULL), SMMUV3_ERR_EXISTS);

	assert_int_equal(smmuv3_domain_map(&a, 0x10000, 0x700000, 0x2000, RW), 0);
	assert_int_equal(smmuv3_domain_map(&b, 0x10000, 0x900000, 0x2000, RW), 0);
	assert_int_equal(xlate(f, 1, 1, true, 0x10004), 0x700004);
	assert_int_equal(xlate(f, 1, 2, true, 0x11004), 0x701004);
	assert_int_equal(xlate(f, 2, 0, false, 0x10004), 0x700004);
	assert_int_equal(xlate(f, 1, 3, true, 0x10004), 0x900004);
	assert_int_equal(xlate(f, 1, 0, false, 0x10004), ~UINT64_C(0)); /* CD 0 empty */

	assert_int_equal(smmuv3_domain_unmap(&a, 0x10000, 0x2000), 0);
	assert_int_equal(xlate(f, 1, 1, true, 0x10004), ~UINT64_C(0));
	assert_int_equal(xlate(f, 1, 2, true, 0x11004), ~UINT64_C(0));
	assert_int_equal(xlate(f, 2, 0, false, 0x10004), ~UINT64_C(0));
	assert_int_equal(xlate(f, 1, 3, true, 0x10004), 0x900004);

	assert_int_equal(smmuv3_domain_detach(&a, 1, OWNER, 5), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_domain_detach(&a, 1, OWNER + 1, 1), SMMUV3_ERR_OWNED);
	assert_int_equal(smmuv3_domain_detach(&a, 1, OWNER, 1), 0);
	assert_int_equal(smmuv3_domain_detach(&a, 1, OWNER, 2), 0);
	assert_int_equal(smmuv3_domain_destroy(&a), SMMUV3_ERR_BUSY);
	assert_int_equal(smmuv3_domain_detach(&a, 2, OWNER, 0), 0);
	assert_int_equal(smmuv3_domain_destroy(&a), 0);
	assert_int_equal(xlate(f, 1, 3, true, 0x10004), 0x900004);
	assert_int_equal(smmuv3_domain_detach(&b, 1, OWNER, 3), 0);
	assert_int_equal(smmuv3_domain_destroy(&b), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 1, OWNER), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 2, OWNER), 0);
}

/* Stage 1 nested over a stage-2 domain that maps the pool 1:1 (where
 * the stage-1 tables and the CD table live). */
static void nested(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain s1, s2;
	uint64_t pool = f->tp.pa_base;
	size_t from;

	enable(f);
	new_domain(f, &s2, SMMUV3_DOMAIN_S2);
	new_domain(f, &s1, SMMUV3_DOMAIN_S1);
	assert_int_equal(smmuv3_domain_map(&s2, pool, pool, 64u << 20, RW), 0);
	assert_int_equal(smmuv3_domain_map(&s2, 0x1000000, 0x5000000, 0x200000, RW), 0);
	/* A neighbour, so unmapping the block above frees no table. */
	assert_int_equal(smmuv3_domain_map(&s2, 0x1200000, 0x7000000, 0x1000, RW), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 4, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(&s1, 4, OWNER, 0, 0, &s2), 0);
	assert_int_equal(smmuv3_domain_map(&s1, 0x20000, 0x1003000, 0x1000, RW), 0);
	assert_int_equal(xlate(f, 4, 0, false, 0x20008), 0x5003008);
	assert_int_equal(smmuv3_domain_destroy(&s2), SMMUV3_ERR_BUSY);

	/* Moving the stage-2 backing: the combined entry must go too. */
	from = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_unmap(&s2, 0x1000000, 0x200000), 0);
	assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_S2_IPA), 1);
	assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_NH_ALL), 1);
	assert_int_equal(count_op(f, from, SMMUV3_OP_CMD_SYNC), 1);
	assert_int_equal(xlate(f, 4, 0, false, 0x20008), ~UINT64_C(0));
	assert_int_equal(smmuv3_domain_map(&s2, 0x1000000, 0x6000000, 0x200000, RW), 0);
	assert_int_equal(xlate(f, 4, 0, false, 0x20008), 0x6003008);
	assert_int_equal(smmuv3_domain_unmap(&s1, 0x20000, 0x1000), 0);
	assert_int_equal(xlate(f, 4, 0, false, 0x20008), ~UINT64_C(0));

	assert_int_equal(smmuv3_domain_detach(&s1, 4, OWNER, 0), 0);
	assert_int_equal(smmuv3_domain_destroy(&s1), 0);
	assert_int_equal(smmuv3_domain_destroy(&s2), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 4, OWNER), 0);
}

/* A partition's own stage 2, attached by root and VMID. */
static void shared_stage2(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_pgtable own;
	struct smmuv3_pgtable_cfg pc = { .port = &f->tp, .stage = SMMUV3_PGTABLE_STAGE2,
					 .granule_log2 = 12, .ias_bits = 40, .oas_bits = 44,
					 .coherent = true };
	struct smmuv3_pgtable_info info;
	struct smmuv3_domain_s2_shared sh;
	struct smmuv3_domain d;
	size_t from;

	enable(f);
	assert_int_equal(smmuv3_pgtable_init(&own, &pc), 0);
	assert_int_equal(smmuv3_pgtable_map(&own, 0x3000, 0x77000, 0x1000, RW), 0);
	assert_int_equal(smmuv3_pgtable_get_info(&own, &info), 0);
	sh = (struct smmuv3_domain_s2_shared){ .root_pa = info.root_pa, .vmid = 77, .owner = OWNER,
					       .granule_log2 = 12, .t0sz = info.tsz,
					       .sl0 = info.sl0, .ps = info.ps };
	/* Refused before anything is recorded: a granule that does not
	 * exist, a T0SZ the SMMU cannot walk (IAS 44 on QEMU: T0SZ >= 20). */
	memset(&d, 0xa5, sizeof(d));
	sh.granule_log2 = 13;
	assert_int_equal(smmuv3_domain_init_s2_shared(&f->smmu, &d, &sh, SMMUV3_INVAL_CMDQ),
			 SMMUV3_ERR_INVAL);
	sh.granule_log2 = 12;
	sh.t0sz = 200;
	assert_int_equal(smmuv3_domain_init_s2_shared(&f->smmu, &d, &sh, SMMUV3_INVAL_CMDQ),
			 SMMUV3_ERR_RANGE);
	sh.t0sz = 64 - 48;
	assert_int_equal(smmuv3_domain_init_s2_shared(&f->smmu, &d, &sh, SMMUV3_INVAL_CMDQ),
			 SMMUV3_ERR_RANGE);
	sh.t0sz = info.tsz;
	for (size_t i = 0; i < sizeof(d); i++)
		assert_int_equal(((uint8_t *)&d)[i], 0xa5);
	assert_int_equal(smmuv3_domain_init_s2_shared(&f->smmu, &d, &sh, SMMUV3_INVAL_CMDQ), 0);
	assert_int_equal(smmuv3_domain_map(&d, 0, 0, 0x1000, RW), SMMUV3_ERR_PERM);
	assert_int_equal(smmuv3_domain_unmap(&d, 0x3000, 0x1000), SMMUV3_ERR_PERM);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 9, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(&d, 9, OWNER, 0, 0, NULL), 0);
	assert_int_equal(xlate(f, 9, 0, false, 0x3010), 0x77010);
	/* The owner unmaps, then asks for the invalidation. */
	assert_int_equal(smmuv3_pgtable_unmap(&own, 0x3000, 0x1000, NULL), 0);
	assert_int_equal(xlate(f, 9, 0, false, 0x3010), 0x77010); /* stale */
	from = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_invalidate(&d, 0x3000, 0x1000, false), 0);
	assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_S2_IPA), 1);
	assert_int_equal(count_op(f, from, SMMUV3_OP_CMD_SYNC), 1);
	assert_int_equal(xlate(f, 9, 0, false, 0x3010), ~UINT64_C(0));
	assert_int_equal(smmuv3_domain_detach(&d, 9, OWNER, 0), 0);
	assert_int_equal(smmuv3_domain_destroy(&d), 0);
	/* The table is still the owner's. */
	assert_int_equal(smmuv3_pgtable_reclaim(&own), 2); /* leaf + level 2 */
	assert_int_equal(smmuv3_pgtable_destroy(&own), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 9, OWNER), 0);
}

/* Commands per unmap: pages, blocks, freed tables, above the threshold. */
static void command_counts(struct fixture *f, bool ril)
{
	struct smmuv3_domain d;
	static const uint64_t pages[] = { 1, 2, 5, 31, 32, 33, 512, 1000, 262144 };
	size_t from;
	uint64_t syncs;

	enable(f);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->feat.ril, ril);
	attached_domain(f, &d, SMMUV3_DOMAIN_S1, 5);
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		uint64_t n = pages[i], iova = 0x40000000, va_cmds, expect;
		struct smmuv3_pgtable_unmapped dummy;

		(void)dummy;
		unsigned long tables;

		/* One page mapped beyond, so the last leaf table survives;
		 * whole leaf tables inside the range are unlinked. */
		assert_int_equal(smmuv3_domain_map(&d, iova, 0x1000, (n + 1) << 12, RW), 0);
		tables = smmuv3_dom_of(&d)->pt.stats.tables;
		from = f->mock->n_cmds;
		syncs = f->mock->n_syncs;
		assert_int_equal(smmuv3_domain_unmap(&d, iova, n << 12), 0);
		assert_int_equal(f->mock->n_syncs, syncs + 1);
		assert_int_equal(count_op(f, from, SMMUV3_OP_CMD_SYNC), 1);
		va_cmds = count_op(f, from, SMMUV3_OP_TLBI_NH_VA);
		if (ril) {
			/* One command per 5-bit chunk of the page count. */
			expect = 0;
			for (uint64_t left = n; left; left >>= 5)
				expect += (left & 31) != 0;
			if (n == 262144)
				expect = 1;
			assert_true(va_cmds <= expect + 1 && va_cmds >= 1);
			assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_NH_ASID), 0);
		} else if (n <= SMMUV3_DOMAIN_MAX_TLBI) {
			assert_int_equal(va_cmds, n);
		} else {
			assert_int_equal(va_cmds, 0);
			assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_NH_ASID), 1);
		}
		/* Leaf-only exactly when no table was freed. */
		for (size_t c = from; c < f->mock->n_cmds; c++)
			if (SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[c].dw[0]) ==
			    SMMUV3_OP_TLBI_NH_VA)
				assert_int_equal(!!(f->mock->cmds[c].dw[1] & SMMUV3_CMD_LEAF),
						 tables == smmuv3_dom_of(&d)->pt.stats.tables);
		if (tables - smmuv3_dom_of(&d)->pt.stats.tables != n / 512 + n / 262144)
			fail_msg("n %llu: tables %lu -> %lu", (unsigned long long)n, tables,
				 smmuv3_dom_of(&d)->pt.stats.tables);
		/* The last page: its tables are freed, non-leaf invalidation,
		 * still one sync. */
		from = f->mock->n_cmds;
		syncs = f->mock->n_syncs;
		assert_int_equal(smmuv3_domain_unmap(&d, iova + (n << 12), 0x1000), 0);
		assert_int_equal(f->mock->n_syncs, syncs + 1);
		assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_NH_VA), 1);
		assert_false(f->mock->cmds[from].dw[1] & SMMUV3_CMD_LEAF);
		assert_int_equal(smmuv3_dom_of(&d)->pt.stats.table_bytes - smmuv3_dom_of(&d)->pt.stats.cached_bytes, smmuv3_dom_of(&d)->pt.root_bytes);
	}
	/* A 2 MiB block: one leaf command (level 2 hint with RIL). */
	assert_int_equal(smmuv3_domain_map(&d, 0x40000000, 0x200000, 0x200000, RW), 0);
	assert_int_equal(smmuv3_domain_map(&d, 0x40200000, 0x600000, 0x1000, RW), 0);
	from = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_unmap(&d, 0x40000000, 0x200000), 0);
	assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_NH_VA), 1);
	assert_int_equal(count_op(f, from, SMMUV3_OP_CMD_SYNC), 1);
	if (ril)
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_TLBI_TTL, f->mock->cmds[from].dw[1]), 2);
	assert_int_equal(smmuv3_domain_unmap(&d, 0x40200000, 0x1000), 0);
	detach_destroy_release(f, &d, 5);
}

static void command_counts_ril(void **state)
{
	command_counts(*state, true);
}

static void command_counts_no_ril(void **state)
{
	command_counts(*state, false);
}

/* A Secure instance (S-EL2): the STE lands in the Secure stream table
 * with both IPA spaces on the domain's table, and invalidations use the
 * Secure forms on the Secure queue. */
static void secure_instance(void **state)
{
	struct fixture *f = fixture_new_sel2(true);
	struct smmuv3_mock_ste_info o;
	struct smmuv3_domain d;
	const char *why;
	size_t from;

	(void)state;
	enable(f);
	attached_domain(f, &d, SMMUV3_DOMAIN_S2, 0x40);
	assert_int_equal(smmuv3_mock_decode_ste(f->mock, true, 0x40, &o, &why), 0);
	assert_int_equal(o.s2ttb, smmuv3_dom_of(&d)->pt.root_pa);
	assert_int_equal(o.s_s2ttb, smmuv3_dom_of(&d)->pt.root_pa);
	assert_int_equal(o.vmid, smmuv3_dom_of(&d)->vmid);
	assert_int_equal(smmuv3_domain_map(&d, 0x10000, 0x20000, 0x3000, RW), 0);
	from = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_unmap(&d, 0x10000, 0x1000), 0);
	/* The table serves both IPA spaces (the transaction's NS picks one,
	 * IHI 0070 3.10.2): TLBI_S_S2_IPA with NS = 0 and NS = 1 (dw1[1]),
	 * same address, leaf. */
	assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_S_S2_IPA), 2);
	assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_S2_IPA), 0);
	assert_int_equal(f->mock->cmds[from].dw[1] & ~UINT64_C(0x2), 0x10001);
	assert_int_equal(f->mock->cmds[from + 1].dw[1] & ~UINT64_C(0x2), 0x10001);
	assert_int_equal((f->mock->cmds[from].dw[1] ^ f->mock->cmds[from + 1].dw[1]), 0x2);
	assert_int_equal(count_op(f, from, SMMUV3_OP_CMD_SYNC), 1);
	from = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_detach(&d, 0x40, OWNER, 0), 0);
	assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_S_S12_VMALL), 1);
	assert_int_equal(smmuv3_domain_destroy(&d), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x40, OWNER), 0);
	fixture_free(f);
}

/* A Secure stream's access at @iova with NS attribute @ns: the PA (its
 * space in *@pa_ns) or ~0 for a fault. */
static uint64_t xlate_sec(struct fixture *f, uint32_t sid, uint64_t iova, bool ns, bool *pa_ns)
{
	int slot = smmuv3_mock_access_ns(f->mock, sid, 0, false, iova, 0, ns);
	const struct smmuv3_mock_stalled *a = &f->mock->stalled[slot];
	uint64_t pa = ~UINT64_C(0);

	assert_true(slot >= 0);
	if (a->state == SMMUV3_MOCK_ACCESS_DONE) {
		pa = a->out.pa;
		*pa_ns = a->out.pa_ns;
	}
	smmuv3_mock_access_free(f->mock, slot);
	return pa;
}

/* cfg.ns_space: the Non-secure IPA space gets a table of its own in
 * S2TTB whose output is Non-secure (S2NSA), the Secure space keeps the
 * first one in S_S2TTB; SMMUV3_PROT_NS picks the table. One IOVA may
 * hold different memory in the two spaces. */
static void secure_ns_space(void **state)
{
	struct fixture *f = fixture_new_sel2(true);
	struct smmuv3_domain_cfg c;
	struct smmuv3_mock_ste_info o;
	struct smmuv3_domain d, plain;
	bool pa_ns = false;
	size_t from;

	(void)state;
	enable(f);
	smmuv3_domain_cfg_init(&f->smmu, &c, SMMUV3_DOMAIN_S1);
	c.owner = OWNER;
	c.ns_space = true;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), SMMUV3_ERR_INVAL);
	smmuv3_domain_cfg_init(&f->smmu, &c, SMMUV3_DOMAIN_S2);
	c.owner = OWNER;
	c.ns_space = true;
	/* The second table's allocation fails: the first is given back
	 * (fixture_free() checks nothing leaked). */
	f->tp.fail_in = 1;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), SMMUV3_ERR_NOMEM);
	f->tp.fail_in = -1;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x40, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(&d, 0x40, OWNER, 0, 0, NULL), 0);
	assert_int_equal(smmuv3_mock_decode_ste(f->mock, true, 0x40, &o, NULL), 0);
	assert_int_equal(o.s2ttb, smmuv3_dom_of(&d)->pt_ns.root_pa);
	assert_int_equal(o.s_s2ttb, smmuv3_dom_of(&d)->pt.root_pa);
	assert_true(o.s2nsa);
	assert_false(o.s2nsw || o.s2sa || o.s2sw);
	assert_int_equal(o.nscfg, 0);

	assert_int_equal(smmuv3_domain_map(&d, 0x10000, 0x20000, 0x1000, RW | SMMUV3_PROT_NS), 0);
	assert_int_equal(smmuv3_domain_map(&d, 0x10000, 0x30000, 0x1000, RW), 0);
	assert_int_equal(xlate_sec(f, 0x40, 0x10000, true, &pa_ns), 0x20000);
	assert_true(pa_ns);
	assert_int_equal(xlate_sec(f, 0x40, 0x10000, false, &pa_ns), 0x30000);
	assert_false(pa_ns);

	/* Unmapping one space leaves the other; the warm TLB entry goes. */
	from = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_unmap_ns(&d, 0x10000, 0x1000), 0);
	assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_S_S2_IPA), 2);
	assert_int_equal(count_op(f, from, SMMUV3_OP_CMD_SYNC), 1);
	assert_int_equal(xlate_sec(f, 0x40, 0x10000, true, &pa_ns), ~UINT64_C(0));
	assert_int_equal(xlate_sec(f, 0x40, 0x10000, false, &pa_ns), 0x30000);
	assert_int_equal(smmuv3_domain_unmap_ns(&d, 0x10000, 0x1000), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_domain_unmap(&d, 0x10000, 0x1000), 0);
	assert_int_equal(xlate_sec(f, 0x40, 0x10000, false, &pa_ns), ~UINT64_C(0));

	/* Without ns_space there is no Non-secure space table to name. */
	new_domain(f, &plain, SMMUV3_DOMAIN_S2);
	assert_int_equal(smmuv3_domain_map(&plain, 0x10000, 0x20000, 0x1000, RW | SMMUV3_PROT_NS),
			 SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_domain_unmap_ns(&plain, 0x10000, 0x1000), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_domain_destroy(&plain), 0);
	detach_destroy_release(f, &d, 0x40);
	fixture_free(f);
}

/* A Non-secure instance has one IPA space: ns_space is refused. */
static void ns_space_needs_secure(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain_cfg c;
	struct smmuv3_domain d;

	enable(f);
	smmuv3_domain_cfg_init(&f->smmu, &c, SMMUV3_DOMAIN_S2);
	c.ns_space = true;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), SMMUV3_ERR_INVAL);
}

/* A stage-1 domain under EL2 invalidates with the EL2 forms (tagged by
 * ASID alone), on a Secure instance with their Secure forms: the regime
 * table (lib/core/regime.c) the domain took its row from at init. */
static void el2_domain(bool secure)
{
	struct fixture *f = fixture_new_sel2(secure);
	uint32_t op_va = secure ? SMMUV3_OP_TLBI_S_EL2_VA : SMMUV3_OP_TLBI_EL2_VA;
	uint32_t op_all = secure ? SMMUV3_OP_TLBI_S_EL2_ASID : SMMUV3_OP_TLBI_EL2_ASID;
	struct smmuv3_domain_cfg c;
	struct smmuv3_domain d;
	size_t from;

	enable(f);
	smmuv3_domain_cfg_init(&f->smmu, &c, SMMUV3_DOMAIN_S1);
	c.owner = OWNER;
	c.el2 = true;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x40, OWNER), 0);
	assert_int_equal(smmuv3_domain_attach(&d, 0x40, OWNER, 0, 0, NULL), 0);
	assert_int_equal(smmuv3_domain_map(&d, 0x10000, 0x20000, 0x3000, RW), 0);
	from = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_unmap(&d, 0x10000, 0x1000), 0);
	assert_int_equal(count_op(f, from, op_va), 1);
	assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_NH_VA), 0);
	assert_int_equal(count_op(f, from, SMMUV3_OP_CMD_SYNC), 1);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_TLBI_VMID, f->mock->cmds[from].dw[0]), 0);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_TLBI_ASID, f->mock->cmds[from].dw[0]), smmuv3_dom_of(&d)->asid);
	assert_int_equal(f->mock->cmds[from].dw[1] & SMMUV3_CMD_TLBI_ADDR, 0x10000);
	from = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_detach(&d, 0x40, OWNER, 0), 0);
	assert_int_equal(count_op(f, from, op_all), 1);
	assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_NH_ASID), 0);
	assert_int_equal(smmuv3_domain_destroy(&d), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x40, OWNER), 0);
	fixture_free(f);
}

static void el2_domain_nonsecure(void **state)
{
	(void)state;
	el2_domain(false);
}

static void el2_domain_secure(void **state)
{
	(void)state;
	el2_domain(true);
}

/* An unmap whose invalidation fails keeps the tables it unlinked; the
 * next unmap frees them only after an invalidation that covers them
 * (whole ASID), not after its own range's, or the SMMU could keep
 * walking (and translating through) freed tables. */
static void failed_invalidation_is_made_up(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain d;
	size_t from;

	enable(f);
	attached_domain(f, &d, SMMUV3_DOMAIN_S1, 5);
	assert_int_equal(smmuv3_domain_map(&d, 0x200000, 0x600000, 0x2000, RW), 0);
	assert_int_equal(smmuv3_domain_map(&d, 0x40000000, 0x700000, 0x1000, RW), 0);
	assert_int_equal(xlate(f, 5, 0, false, 0x200010), 0x600010);
	assert_int_equal(xlate(f, 5, 0, false, 0x40000010), 0x700010);
	/* The SMMU rejects the unmap's TLBI: the caller hears of it, the
	 * leaf table it unlinked stays allocated. */
	f->mock->cerror_at = f->mock->n_consumed + 1;
	assert_int_equal(smmuv3_domain_unmap(&d, 0x200000, 0x2000), SMMUV3_ERR_CMD_ILL);
	assert_non_null(smmuv3_dom_of(&d)->pt.deferred);
	/* A later, unrelated unmap makes up for it before freeing. */
	from = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_unmap(&d, 0x40000000, 0x1000), 0);
	assert_null(smmuv3_dom_of(&d)->pt.deferred);
	assert_int_equal(count_op(f, from, SMMUV3_OP_TLBI_NH_ASID), 1);
	assert_int_equal(count_op(f, from, SMMUV3_OP_CMD_SYNC), 1);
	assert_int_equal(xlate(f, 5, 0, false, 0x200010), ~UINT64_C(0));
	assert_int_equal(xlate(f, 5, 0, false, 0x40000010), ~UINT64_C(0));
	detach_destroy_release(f, &d, 5);
}

static void errors(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain d;
	struct smmuv3_domain_cfg c;

	fixture_probe(f);
	smmuv3_domain_cfg_init(&f->smmu, &c, SMMUV3_DOMAIN_S1);
	c.owner = OWNER;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_reset(&f->smmu), 0);
	assert_int_equal(smmuv3_domain_init(NULL, &d, &c), SMMUV3_ERR_INVAL);
	c.inval = SMMUV3_INVAL_BROADCAST; /* QEMU has no BTM */
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), SMMUV3_ERR_NOTSUP);
	c.inval = SMMUV3_INVAL_CMDQ;
	c.granule_log2 = 13;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), SMMUV3_ERR_INVAL);
	c.granule_log2 = 12;
	c.tlbi_max_cmds = 0;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), SMMUV3_ERR_INVAL);
	c.tlbi_max_cmds = 8;
	f->tp.fail_in = 0;
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), SMMUV3_ERR_NOMEM);
	assert_int_equal(smmuv3_domain_init(&f->smmu, &d, &c), 0);
	assert_int_equal(smmuv3_domain_attach(&d, 1, OWNER, 0, 0, NULL), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_domain_detach(&d, 1, OWNER, 0), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_domain_destroy(&d), 0);
}

/* smmuv3_domain_get_info() reports what the SMMU sees: the ASID the
 * CD carries, one CMD_SYNC and the TLBIs an unmap wrote, the attachment,
 * table memory; it refuses NULL and an ended domain without writing. */
static void domain_info(void **state)
{
	struct fixture *f = *state;
	struct smmuv3_domain d;
	struct smmuv3_domain_info a, b;
	struct smmuv3_mock_ste_info ste;
	struct smmuv3_mock_cd_info cd;
	size_t cmds_before;

	enable(f);
	attached_domain(f, &d, SMMUV3_DOMAIN_S1, 1);
	assert_int_equal(smmuv3_domain_get_info(NULL, &a), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_domain_get_info(&d, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_domain_get_info(&d, &a), 0);
	assert_int_equal(a.type, SMMUV3_DOMAIN_S1);
	assert_int_equal(a.n_attached, 1);
	assert_false(a.inval_owed);
	assert_true(a.table_bytes > 0);
	/* The ASID is the one the SMMU tags the stream's translations with. */
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 1, 0, false, &ste, &cd, NULL), 0);
	assert_int_equal(cd.asid, a.asid);

	assert_int_equal(smmuv3_domain_map(&d, 0x10000, 0x80000000, 0x1000, SMMUV3_PROT_READ), 0);
	assert_int_equal(smmuv3_domain_get_info(&d, &a), 0);
	cmds_before = f->mock->n_cmds;
	assert_int_equal(smmuv3_domain_unmap(&d, 0x10000, 0x1000), 0);
	assert_int_equal(smmuv3_domain_get_info(&d, &b), 0);
	assert_int_equal(b.syncs, a.syncs + 1);
	assert_int_equal(b.cmds - a.cmds, count_op(f, cmds_before, SMMUV3_OP_TLBI_NH_VA) +
				     count_op(f, cmds_before, SMMUV3_OP_TLBI_NH_ASID));
	assert_true(b.cmds > a.cmds);

	/* Ended by teardown: STALE, and the output is left alone. */
	assert_int_equal(smmuv3_teardown(&f->smmu), 0);
	memset(&b, 0xa5, sizeof(b));
	a = b;
	assert_int_equal(smmuv3_domain_get_info(&d, &b), SMMUV3_ERR_STALE);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_int_equal(smmuv3_domain_destroy(&d), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(s2_domain_random, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(s1_domain_random, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(s2_domain_noncoherent, fixture_setup_minimal,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(s1_shared_by_substreams, fixture_setup_mmu600,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(nested, fixture_setup_mmu600, fixture_teardown),
		cmocka_unit_test_setup_teardown(ns_space_needs_secure, fixture_setup_mmu600,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(shared_stage2, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(domain_info, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test_setup_teardown(command_counts_ril, fixture_setup_qemu,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(command_counts_no_ril, fixture_setup_mmu600,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(failed_invalidation_is_made_up, fixture_setup_qemu,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(errors, fixture_setup_qemu, fixture_teardown),
		cmocka_unit_test(secure_instance),
		cmocka_unit_test(secure_ns_space),
		cmocka_unit_test(el2_domain_nonsecure),
		cmocka_unit_test(el2_domain_secure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
