// SPDX-License-Identifier: BSD-3-Clause
/*
 * SEPID registry and FF-A retrieve/relinquish on behalf of a SEPID,
 * against the mock (its TLB on, so a missing or wrong invalidation leaves
 * a stale translation the tests see). Every error path of registration,
 * retrieve and relinquish is taken and shown to change nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#include <smmuv3/sepid.h>
#include <smmuv3/stream.h>
#include "core/objects.h"

#define PROXY 0x8001u
#define OTHER 0x8002u
#define SEP_A 0x8101u
#define SEP_B 0x8102u
#define WIN_A 0x40000000ull
#define WIN_B 0x80000000ull
#define WIN_SIZE 0x10000000ull /* 256 MiB */
#define PG 4096ull
#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)
#define FAULT (~UINT64_C(0))

struct t {
	struct fixture *f;
	struct smmuv3 *smmus[1];
	struct smmuv3_sepid_ep eps[4];
	struct smmuv3_sepid_stream streams[16];
	struct smmuv3_sepid_handle handles[4];
	struct smmuv3_sepid_range ranges[8];
	struct smmuv3_sepid_registry reg;
	/* events seen by the proxy's handler */
	unsigned int events;
	uint32_t event_owner, event_sid;
};

static const uint32_t sids_a[] = { 1, 2 };
static const uint32_t sids_b[] = { 3 };
static const uint16_t parts[] = { PROXY, OTHER };

static struct smmuv3_sepid_desc desc_a(void)
{
	return (struct smmuv3_sepid_desc){
		.name = "dma-a", .sepid = SEP_A, .proxy = PROXY, .smmu_id = 0, .sids = sids_a,
		.n_sids = 2, .model = SMMUV3_SEPID_MODEL_S2, .iova_base = WIN_A,
		.iova_size = WIN_SIZE,
	};
}

static struct smmuv3_sepid_desc desc_b(void)
{
	return (struct smmuv3_sepid_desc){
		.name = "dma-b", .sepid = SEP_B, .proxy = PROXY, .smmu_id = 0, .sids = sids_b,
		.n_sids = 1, .model = SMMUV3_SEPID_MODEL_S2, .iova_base = WIN_B,
		.iova_size = WIN_SIZE,
	};
}

static uint32_t owner_of_stream(struct t *t, uint32_t sid);

static struct t *t_new(bool sel2_secure)
{
	struct t *t = calloc(1, sizeof(*t));
	struct smmuv3_sepid_storage st;

	assert_non_null(t);
	t->f = sel2_secure ? fixture_new_sel2(true) : fixture_new(&smmuv3_mock_profile_mmu600);
	fixture_enable(t->f);
	t->f->mock->tlb_enabled = true;
	t->smmus[0] = &t->f->smmu;
	st = (struct smmuv3_sepid_storage){ t->eps, 4, t->streams, 16, t->handles, 4, t->ranges, 8 };
	assert_int_equal(smmuv3_sepid_registry_init(&t->reg, t->smmus, 1, &st), 0);
	return t;
}

static void t_free(struct t *t)
{
	/* Take everything down so the fixture can prove nothing leaked. */
	assert_int_equal(smmuv3_sepid_registry_fini(&t->reg), 0);
	assert_int_equal(t->reg.n_eps, 0);
	for (uint32_t sid = 1; sid <= 4; sid++)
		assert_int_equal(owner_of_stream(t, sid), 0);
	fixture_free(t->f);
	free(t);
}

static int reg_ab(struct t *t, struct smmuv3_sepid_conflict *c)
{
	struct smmuv3_sepid_desc d[2] = { desc_a(), desc_b() };
	struct smmuv3_sepid_input in = { d, 2, NULL, 0, parts, 2 };

	return smmuv3_sepid_register(&t->reg, &in, c);
}

static uint64_t xlate(struct t *t, uint32_t sid, uint64_t iova, unsigned int acc)
{
	struct smmuv3_mock_xlate x;

	smmuv3_mock_translate(t->f->mock, sid, 0, false, iova, acc, &x);
	return x.status == SMMUV3_MOCK_XLATE_OK ? x.pa : FAULT;
}

static uint32_t owner_of_stream(struct t *t, uint32_t sid)
{
	uint32_t o = 0;

	return smmuv3_stream_owner(&t->f->smmu, sid, &o) ? 0 : o;
}

/* ---- Registration ------------------------------------------------------------ */

static void test_register_and_lookups(void **state)
{
	struct t *t = t_new(false);
	uint16_t sep = 0, proxy = 0;

	(void)state;
	assert_int_equal(reg_ab(t, NULL), 0);
	assert_true(smmuv3_sepid_lookup(&t->reg, SEP_A, &proxy));
	assert_int_equal(proxy, PROXY);
	assert_true(smmuv3_sepid_lookup(&t->reg, SEP_B, NULL));
	assert_false(smmuv3_sepid_lookup(&t->reg, PROXY, &proxy));
	assert_int_equal(smmuv3_sepid_owner_of(&t->reg, 0, 2, &sep, &proxy), 0);
	assert_int_equal(sep, SEP_A);
	assert_int_equal(smmuv3_sepid_owner_of(&t->reg, 0, 3, &sep, NULL), 0);
	assert_int_equal(sep, SEP_B);
	assert_int_equal(smmuv3_sepid_owner_of(&t->reg, 0, 4, &sep, NULL), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_sepid_owner_of(&t->reg, 1, 2, &sep, NULL), SMMUV3_ERR_NOENT);
	/* Streams are claimed by their SEPID, each SEPID has its own VMID. */
	assert_int_equal(owner_of_stream(t, 1), SEP_A);
	assert_int_equal(owner_of_stream(t, 3), SEP_B);
	assert_int_not_equal(smmuv3_dom_of(smmuv3_sepid_domain(&t->reg, SEP_A))->vmid,
			     smmuv3_dom_of(smmuv3_sepid_domain(&t->reg, SEP_B))->vmid);
	assert_null(smmuv3_sepid_domain(&t->reg, PROXY));
	/* Nothing mapped yet: the streams translate nothing. */
	assert_int_equal(xlate(t, 1, WIN_A, 0), FAULT);
	t_free(t);
}

/* Register @d (n of them, plus @regions) and expect @rc with nothing
 * changed: no endpoint, streams 1..5 unclaimed. */
static void expect_refused(struct t *t, const struct smmuv3_sepid_desc *d, unsigned int n,
			   const struct smmuv3_sepid_region *regions, unsigned int n_regions,
			   int rc, struct smmuv3_sepid_conflict *c)
{
	struct smmuv3_sepid_input in = { d, n, regions, n_regions, parts, 2 };
	unsigned int eps = t->reg.n_eps, streams = t->reg.n_streams;
	uint64_t cmds = t->f->mock->n_cmds;

	assert_int_equal(smmuv3_sepid_register(&t->reg, &in, c), rc);
	assert_int_equal(t->reg.n_eps, eps);
	assert_int_equal(t->reg.n_streams, streams);
	if (!eps)
		for (uint32_t sid = 1; sid <= 5; sid++)
			assert_int_equal(owner_of_stream(t, sid), sid == 5 ? owner_of_stream(t, 5) : 0);
	if (rc != SMMUV3_ERR_OWNED)
		assert_int_equal(t->f->mock->n_cmds, cmds); /* nothing programmed */
}

static void test_register_conflicts(void **state)
{
	struct t *t = t_new(false);
	struct smmuv3_sepid_desc d[3] = { desc_a(), desc_b(), desc_b() };
	static const uint32_t dup[] = { 3, 2 }, twice[] = { 7, 7 }, far[] = { 0xffffffffu };
	struct smmuv3_sepid_region r = { PROXY, 0, sids_b, 1 };
	struct smmuv3_sepid_conflict c;

	(void)state;
	/* StreamID 2 claimed by endpoint 0 and endpoint 1: both named. */
	d[1].sids = dup;
	d[1].n_sids = 2;
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_EXISTS, &c);
	assert_int_equal(c.first.kind, SMMUV3_SEPID_CLAIM_EP);
	assert_int_equal(c.first.index, 1);
	assert_int_equal(c.second.kind, SMMUV3_SEPID_CLAIM_EP);
	assert_int_equal(c.second.index, 0);
	assert_int_equal(c.sid, 2);
	/* An endpoint and a partition's device region. */
	d[1] = desc_b();
	expect_refused(t, d, 2, &r, 1, SMMUV3_ERR_EXISTS, &c);
	assert_int_equal(c.first.kind, SMMUV3_SEPID_CLAIM_REGION);
	assert_int_equal(c.second.kind, SMMUV3_SEPID_CLAIM_EP);
	assert_int_equal(c.second.index, 1);
	assert_int_equal(c.sid, 3);
	/* Twice in one endpoint. */
	d[1].sids = twice;
	d[1].n_sids = 2;
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_EXISTS, &c);
	assert_int_equal(c.first.index, 1);
	assert_int_equal(c.second.index, 1);
	/* A SEPID equal to a partition ID, or to another SEPID. */
	d[1] = desc_b();
	d[1].sepid = OTHER;
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_EXISTS, &c);
	assert_int_equal(c.second.kind, SMMUV3_SEPID_CLAIM_PARTITION);
	assert_int_equal(c.second.index, 1);
	d[1].sepid = SEP_A;
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_EXISTS, &c);
	assert_int_equal(c.second.kind, SMMUV3_SEPID_CLAIM_EP);
	/* Unknown instance, StreamID beyond the stream table. */
	d[1] = desc_b();
	d[1].smmu_id = 1;
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_NOENT, &c);
	assert_int_equal(c.first.index, 1);
	d[1] = desc_b();
	d[1].sids = far;
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_RANGE, &c);
	assert_int_equal(c.sid, 0xffffffffu);
	r.sids = far;
	expect_refused(t, d, 1, &r, 1, SMMUV3_ERR_RANGE, &c);
	assert_int_equal(c.first.kind, SMMUV3_SEPID_CLAIM_REGION);
	/* Malformed endpoints. */
	d[1] = desc_b();
	d[1].n_sids = 0;
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_INVAL, &c);
	d[1].n_sids = SMMUV3_SEPID_MAX_SIDS + 1;
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_INVAL, &c);
	d[1] = desc_b();
	d[1].ssid_bits = 2; /* a stage-2 STE has no substreams */
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_INVAL, &c);
	d[1] = desc_b();
	d[1].model = SMMUV3_SEPID_MODEL_NESTED; /* no proxy stage 2 set */
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_NOENT, &c);
	assert_int_equal(c.first.index, 1);
	d[1].model = (enum smmuv3_sepid_model)9;
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_INVAL, &c);
	d[1] = desc_b();
	d[1].iova_base = WIN_B + 0x800;
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_ALIGN, &c);
	d[1].iova_base = 0xfffffffffff00000ull;
	d[1].iova_size = 0x200000;
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_OVERFLOW, &c);
	d[1].iova_base = UINT64_C(1) << 52; /* beyond the stage 2's input size */
	expect_refused(t, d, 2, NULL, 0, SMMUV3_ERR_RANGE, &c);
	assert_int_equal(c.first.index, 1);
	/* More than the storage holds. */
	d[1] = desc_b();
	d[2].sepid = 0x8103;
	d[2].sids = (const uint32_t[]){ 4 };
	{
		struct smmuv3_sepid_storage st = { t->eps, 2, t->streams, 16, t->handles, 4,
						   t->ranges, 8 };

		assert_int_equal(smmuv3_sepid_registry_init(&t->reg, t->smmus, 1, &st), 0);
		expect_refused(t, d, 3, NULL, 0, SMMUV3_ERR_NOSPC, &c);
		st.max_eps = 4;
		st.max_streams = 3;
		assert_int_equal(smmuv3_sepid_registry_init(&t->reg, t->smmus, 1, &st), 0);
		expect_refused(t, d, 3, NULL, 0, SMMUV3_ERR_NOSPC, &c);
		st.max_streams = 16;
		assert_int_equal(smmuv3_sepid_registry_init(&t->reg, t->smmus, 1, &st), 0);
	}
	/* NULLs. */
	assert_int_equal(smmuv3_sepid_register(&t->reg, NULL, &c), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_sepid_register(NULL, &(struct smmuv3_sepid_input){ 0 }, &c),
			 SMMUV3_ERR_INVAL);
	/* Against endpoints an earlier call registered. */
	assert_int_equal(reg_ab(t, &c), 0);
	d[0] = desc_a();
	d[0].sepid = 0x8104;
	expect_refused(t, d, 1, NULL, 0, SMMUV3_ERR_EXISTS, &c);
	assert_int_equal(c.second.kind, SMMUV3_SEPID_CLAIM_REGISTERED);
	assert_int_equal(c.sid, 1);
	d[0] = d[2];
	d[0].sepid = SEP_B;
	expect_refused(t, d, 1, NULL, 0, SMMUV3_ERR_EXISTS, &c);
	assert_int_equal(c.second.kind, SMMUV3_SEPID_CLAIM_REGISTERED);
	assert_int_equal(c.second.index, 1);
	t_free(t);
}

/* A stream claimed outside the registry makes bring-up fail on the second
 * endpoint: the first one is taken down again. */
static void test_register_bring_up_fails(void **state)
{
	struct t *t = t_new(false);
	struct smmuv3_sepid_desc d[2] = { desc_a(), desc_b() };
	struct smmuv3_sepid_input in = { d, 2, NULL, 0, parts, 2 };
	struct smmuv3_sepid_conflict c;
	struct smmuv3_domain warm;
	struct smmuv3_domain_cfg dc;
	uint64_t vmids_used;

	(void)state;
	/* The VMID allocator's map is allocated with the first domain. */
	smmuv3_domain_cfg_init(&t->f->smmu, &dc, SMMUV3_DOMAIN_S2);
	assert_int_equal(smmuv3_domain_init(&t->f->smmu, &warm, &dc), 0);
	assert_int_equal(smmuv3_domain_destroy(&warm), 0);
	assert_int_equal(smmuv3_stream_claim(&t->f->smmu, 3, 77), 0);
	vmids_used = t->f->tp.live_blocks;
	assert_int_equal(smmuv3_sepid_register(&t->reg, &in, &c), SMMUV3_ERR_OWNED);
	assert_int_equal(c.first.index, 1);
	assert_int_equal(t->reg.n_eps, 0);
	assert_int_equal(t->reg.n_streams, 0);
	assert_int_equal(owner_of_stream(t, 1), 0);
	assert_int_equal(owner_of_stream(t, 3), 77);
	assert_int_equal(t->f->tp.live_blocks, vmids_used); /* domains freed */
	assert_int_equal(xlate(t, 1, WIN_A, 0), FAULT);
	assert_int_equal(smmuv3_stream_release(&t->f->smmu, 3, 77), 0);
	t_free(t);
}

/* ---- Retrieve / relinquish ------------------------------------------------------ */

static const struct smmuv3_sepid_retrieve rw = { RW, 0 };

static void test_contiguous_scattered(void **state)
{
	struct t *t = t_new(false);
	/* Four scattered pieces, not in address order. */
	const struct smmuv3_phys_range c[] = {
		{ 0x90005000, PG }, { 0x90001000, 2 * PG }, { 0x9a000000, PG }, { 0x90100000, 3 * PG },
	};
	uint64_t iova = 0, off = 0, syncs;

	(void)state;
	assert_int_equal(reg_ab(t, NULL), 0);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 0x1234, c, 4, &rw, &iova), 0);
	assert_int_equal(iova, WIN_A);
	/* The device sees one contiguous range made of the pieces, on both
	 * of its streams; the other SEPID's stream sees nothing. */
	for (unsigned int i = 0; i < 4; i++)
		for (uint64_t p = 0; p < c[i].size; p += PG, off += PG) {
			assert_int_equal(xlate(t, 1, iova + off + 8, SMMUV3_MOCK_ACC_WRITE),
					 c[i].pa + p + 8);
			assert_int_equal(xlate(t, 2, iova + off, 0), c[i].pa + p);
			assert_int_equal(xlate(t, 3, iova + off, 0), FAULT);
		}
	assert_int_equal(xlate(t, 1, iova + off, 0), FAULT);
	assert_true(smmuv3_sepid_handle_held(&t->reg, 0x1234, NULL));
	syncs = t->f->mock->n_syncs;
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_A, PROXY, 0x1234), 0);
	assert_int_equal(t->f->mock->n_syncs, syncs + 1);
	assert_int_equal(t->reg.last_syncs, 1);
	for (off = 0; off < 7 * PG; off += PG)
		assert_int_equal(xlate(t, 1, iova + off, 0), FAULT);
	assert_false(smmuv3_sepid_handle_held(&t->reg, 0x1234, NULL));
	/* The window's space is free again: first fit hands it out again. */
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 9, c, 1, &rw, &iova), 0);
	assert_int_equal(iova, WIN_A);
	/* An identity region inside the window is stepped over. */
	{
		const struct smmuv3_phys_range in_win[] = { { WIN_A + 0x3000, PG } };
		const struct smmuv3_sepid_retrieve id = { RW, SMMUV3_SEPID_F_IDENTITY };

		assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 10, in_win, 1, &id,
						       NULL), 0);
		assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 11, c, 2, &rw, &iova),
				 0);
		assert_int_equal(iova, WIN_A + 0x4000);
		assert_int_equal(xlate(t, 1, iova + PG, 0), c[1].pa);
	}
	t_free(t);
}

/* 2 MiB constituents become blocks, small ones pages, in one layout. */
static void test_contiguous_mixed(void **state)
{
	struct t *t = t_new(false);
	const struct smmuv3_phys_range c[] = {
		{ 0x92000000, 0x200000 }, { 0x90000000, PG }, { 0x94000000, 0x200000 },
		{ 0x96000000, 0x400000 },
	};
	const uint64_t at[][2] = {
		{ 0, 0x92000000 }, { 0x1ff000, 0x921ff000 }, { 0x200000, 0x90000000 },
		{ 0x201000, 0x94000000 }, { 0x400000, 0x941ff000 },
		{ 0x401000, 0x96000000 }, { 0x800000, 0x963ff000 },
	};
	uint64_t iova, syncs;

	(void)state;
	assert_int_equal(reg_ab(t, NULL), 0);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 7, c, 4, &rw, &iova), 0);
	assert_int_equal(iova & 0x1fffff, 0);
	for (unsigned int i = 0; i < 7; i++)
		assert_int_equal(xlate(t, 1, iova + at[i][0] + 4, 0), at[i][1] + 4);
	assert_int_equal(xlate(t, 1, iova + 0x801000, 0), FAULT);
	syncs = t->f->mock->n_syncs;
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_A, PROXY, 7), 0);
	assert_int_equal(t->f->mock->n_syncs, syncs + 1);
	for (unsigned int i = 0; i < 7; i++)
		assert_int_equal(xlate(t, 1, iova + at[i][0], 0), FAULT);
	t_free(t);
}

/* The page-table entry point under contiguous retrieves. */
static void test_pgtable_map_scatter(void **state)
{
	struct t *t = t_new(false);
	struct smmuv3_pgtable *pt;
	const struct smmuv3_phys_range ok[] = { { 0x5000, PG }, { 0x1000, 2 * PG } };
	struct smmuv3_phys_range bad[2];
	uint64_t pa;

	(void)state;
	assert_int_equal(reg_ab(t, NULL), 0);
	pt = &smmuv3_dom_of(smmuv3_sepid_domain(&t->reg, SEP_A))->pt;
	assert_int_equal(smmuv3_pgtable_map_scatter(NULL, 0, ok, 2, RW), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, 0, NULL, 2, RW), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, 0, ok, 0, RW), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, 0, ok, 2, 0), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, 0x800, ok, 2, RW), SMMUV3_ERR_ALIGN);
	memcpy(bad, ok, sizeof(ok));
	bad[1].size = 0;
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, 0, bad, 2, RW), SMMUV3_ERR_INVAL);
	bad[1].pa = 0; /* empty at address 0: no wrap to give it away */
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, 0, bad, 2, RW), SMMUV3_ERR_INVAL);
	bad[1] = (struct smmuv3_phys_range){ 0x1800, PG };
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, 0, bad, 2, RW), SMMUV3_ERR_ALIGN);
	bad[1] = (struct smmuv3_phys_range){ UINT64_C(1) << 60, PG };
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, 0, bad, 2, RW), SMMUV3_ERR_RANGE);
	bad[0] = (struct smmuv3_phys_range){ 0, UINT64_C(1) << 63 };
	bad[1] = (struct smmuv3_phys_range){ 0, UINT64_C(1) << 63 };
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, 0, bad, 2, RW), SMMUV3_ERR_OVERFLOW);
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, UINT64_C(1) << 52, ok, 2, RW),
			 SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, 0x10000, ok, 2, RW), 0);
	assert_int_equal(smmuv3_pgtable_iova_to_phys(pt, 0x12008, &pa, NULL), 0);
	assert_int_equal(pa, 0x2008);
	assert_int_equal(smmuv3_pgtable_map_scatter(pt, 0x12000, ok, 1, RW), SMMUV3_ERR_EXISTS);
	assert_int_equal(smmuv3_domain_unmap(smmuv3_sepid_domain(&t->reg, SEP_A), 0x10000, 3 * PG),
			 0);
	t_free(t);
}

static void test_identity_and_perms(void **state)
{
	struct t *t = t_new(false);
	/* Adjacent constituents merge into one recorded piece. */
	const struct smmuv3_phys_range c[] = {
		{ 0x70000000, PG }, { 0x70001000, PG }, { 0x70400000, 2 * PG },
	};
	const struct smmuv3_sepid_retrieve ro = { SMMUV3_PROT_READ, SMMUV3_SEPID_F_IDENTITY };
	uint64_t iova, syncs;
	uint32_t free0 = t->reg.n_free_ranges;

	(void)state;
	assert_int_equal(reg_ab(t, NULL), 0);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_B, PROXY, 5, c, 3, &ro, &iova), 0);
	assert_int_equal(iova, 0x70000000);
	assert_int_equal(t->reg.n_free_ranges, free0 - 2);
	assert_int_equal(xlate(t, 3, 0x70001010, 0), 0x70001010);
	assert_int_equal(xlate(t, 3, 0x70401000, 0), 0x70401000);
	/* Read-only and execute-never. */
	assert_int_equal(xlate(t, 3, 0x70001010, SMMUV3_MOCK_ACC_WRITE), FAULT);
	assert_int_equal(xlate(t, 3, 0x70001010, SMMUV3_MOCK_ACC_EXEC), FAULT);
	syncs = t->f->mock->n_syncs;
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_B, PROXY, 5), 0);
	assert_int_equal(t->f->mock->n_syncs, syncs + 1);
	assert_int_equal(t->reg.n_free_ranges, free0);
	assert_int_equal(xlate(t, 3, 0x70001010, 0), FAULT);
	assert_int_equal(xlate(t, 3, 0x70401000, 0), FAULT);
	/* Executable when asked. */
	const struct smmuv3_sepid_retrieve rx = { SMMUV3_PROT_READ | SMMUV3_PROT_EXEC,
						  SMMUV3_SEPID_F_IDENTITY | SMMUV3_SEPID_F_NS };
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_B, PROXY, 6, c, 1, &rx, NULL), 0);
	assert_int_equal(xlate(t, 3, 0x70000000, SMMUV3_MOCK_ACC_EXEC), 0x70000000);
	t_free(t);
}

/* Retrieve @c with @rc expected and nothing changed. */
static void retrieve_refused(struct t *t, uint16_t sep, uint16_t caller, uint64_t handle,
			     const struct smmuv3_phys_range *c, size_t n,
			     const struct smmuv3_sepid_retrieve *req, int rc)
{
	const struct smmuv3_domain *d = smmuv3_sepid_domain(&t->reg, sep == SEP_B ? SEP_B : SEP_A);
	uint32_t sid = sep == SEP_B ? 3 : 1;
	unsigned long tables = smmuv3_cdom_of(d)->pt.stats.tables;
	uint32_t free_ranges = t->reg.n_free_ranges;
	uint64_t iova = 0xabc;
	unsigned int held = 0;

	for (unsigned int i = 0; i < 4; i++)
		held += t->handles[i].used;
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, sep, caller, handle, c, n, req, &iova), rc);
	assert_int_equal(iova, 0xabc);
	assert_int_equal(smmuv3_cdom_of(d)->pt.stats.tables, tables);
	assert_int_equal(t->reg.n_free_ranges, free_ranges);
	for (unsigned int i = 0; i < 4; i++)
		held -= t->handles[i].used;
	assert_int_equal(held, 0);
	for (size_t i = 0; c && i < n && i < 4; i++)
		assert_int_equal(xlate(t, sid, c[i].pa, 0), FAULT);
}

static void test_retrieve_errors(void **state)
{
	struct t *t = t_new(false);
	const struct smmuv3_phys_range ok[] = { { 0x90000000, PG }, { 0x90002000, PG } };
	const struct smmuv3_sepid_retrieve id = { RW, SMMUV3_SEPID_F_IDENTITY };
	struct smmuv3_phys_range c[4];
	static struct smmuv3_phys_range many[SMMUV3_SEPID_UNSORTED_MAX + 1];

	(void)state;
	assert_int_equal(reg_ab(t, NULL), 0);
	retrieve_refused(t, 0x9999, PROXY, 1, ok, 2, &rw, SMMUV3_ERR_NOENT);
	retrieve_refused(t, SEP_A, OTHER, 1, ok, 2, &rw, SMMUV3_ERR_PERM);
	retrieve_refused(t, SEP_A, SEP_A, 1, ok, 2, &rw, SMMUV3_ERR_PERM);
	retrieve_refused(t, SEP_A, PROXY, 1, NULL, 2, &rw, SMMUV3_ERR_INVAL);
	retrieve_refused(t, SEP_A, PROXY, 1, ok, 0, &rw, SMMUV3_ERR_INVAL);
	retrieve_refused(t, SEP_A, PROXY, 1, ok, 2, &(struct smmuv3_sepid_retrieve){ 0, 0 },
			 SMMUV3_ERR_INVAL);
	retrieve_refused(t, SEP_A, PROXY, 1, ok, 2,
			 &(struct smmuv3_sepid_retrieve){ RW | SMMUV3_PROT_PRIV, 0 },
			 SMMUV3_ERR_INVAL);
	retrieve_refused(t, SEP_A, PROXY, 1, ok, 2, &(struct smmuv3_sepid_retrieve){ RW, 0x80 },
			 SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 1, ok, 2, NULL, NULL),
			 SMMUV3_ERR_INVAL);
	/* Zero length, unaligned address or size, wrapping range or total. */
	memcpy(c, ok, sizeof(ok));
	c[1].size = 0;
	retrieve_refused(t, SEP_A, PROXY, 1, c, 2, &rw, SMMUV3_ERR_INVAL);
	c[1] = (struct smmuv3_phys_range){ 0x90002800, PG };
	retrieve_refused(t, SEP_A, PROXY, 1, c, 2, &rw, SMMUV3_ERR_ALIGN);
	c[1] = (struct smmuv3_phys_range){ 0x90002000, PG + 8 };
	retrieve_refused(t, SEP_A, PROXY, 1, c, 2, &rw, SMMUV3_ERR_ALIGN);
	c[1] = (struct smmuv3_phys_range){ 0xfffffffffffff000ull, 2 * PG };
	retrieve_refused(t, SEP_A, PROXY, 1, c, 2, &rw, SMMUV3_ERR_OVERFLOW);
	c[0] = (struct smmuv3_phys_range){ 0, UINT64_C(1) << 63 };
	c[1] = (struct smmuv3_phys_range){ UINT64_C(1) << 63, UINT64_C(1) << 63 };
	c[2] = (struct smmuv3_phys_range){ 0x1000, PG };
	retrieve_refused(t, SEP_A, PROXY, 1, c, 3, &rw, SMMUV3_ERR_OVERFLOW);
	/* Overlaps: sorted neighbours, unsorted, and one inside another. */
	c[0] = (struct smmuv3_phys_range){ 0x90000000, 2 * PG };
	c[1] = (struct smmuv3_phys_range){ 0x90001000, PG };
	retrieve_refused(t, SEP_A, PROXY, 1, c, 2, &rw, SMMUV3_ERR_OVERLAP);
	c[0] = (struct smmuv3_phys_range){ 0x90005000, PG };
	c[1] = (struct smmuv3_phys_range){ 0x90000000, PG };
	c[2] = (struct smmuv3_phys_range){ 0x90004000, 4 * PG };
	retrieve_refused(t, SEP_A, PROXY, 1, c, 3, &rw, SMMUV3_ERR_OVERLAP);
	/* Long arrays must be sorted. */
	for (size_t i = 0; i < SMMUV3_SEPID_UNSORTED_MAX + 1; i++)
		many[i] = (struct smmuv3_phys_range){ 0x90000000 + (i ^ 1) * 2 * PG, PG };
	retrieve_refused(t, SEP_A, PROXY, 1, many, SMMUV3_SEPID_UNSORTED_MAX + 1, &rw,
			 SMMUV3_ERR_INVAL);
	/* The IOVA window cannot hold it. */
	c[0] = (struct smmuv3_phys_range){ 0x100000000ull, WIN_SIZE };
	c[1] = (struct smmuv3_phys_range){ 0x90000000, PG };
	retrieve_refused(t, SEP_A, PROXY, 1, c, 2, &rw, SMMUV3_ERR_WINDOW);
	/* Double retrieve of one handle. */
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 1, ok, 2, &rw, NULL), 0);
	retrieve_refused(t, SEP_A, PROXY, 1, ok, 2, &rw, SMMUV3_ERR_BUSY);
	/* The window is full once the first region sits in it. */
	c[0] = (struct smmuv3_phys_range){ 0x100000000ull, WIN_SIZE - 2 * PG };
	c[1] = (struct smmuv3_phys_range){ 0xa0000000, PG };
	retrieve_refused(t, SEP_A, PROXY, 2, c, 2, &rw, SMMUV3_ERR_WINDOW);
	/* Out of handles / of range slots. */
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 2, ok, 1, &rw, NULL), 0);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_B, PROXY, 3, ok, 1, &rw, NULL), 0);
	for (size_t i = 0; i < 9; i++)
		many[i] = (struct smmuv3_phys_range){ 0xb0000000 + i * 2 * PG, PG };
	retrieve_refused(t, SEP_A, PROXY, 4, many, 9, &id, SMMUV3_ERR_NOSPC);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 4, many, 8, &id, NULL), 0);
	retrieve_refused(t, SEP_A, PROXY, 5, ok, 1, &rw, SMMUV3_ERR_NOSPC);
	t_free(t);
}

/*
 * Long sorted arrays take the retrieve's one-pass check and the page-table
 * fill that trusts it; anything odd must still get the exact verdict.
 */
#define LONG_N 300u

static void long_array(struct smmuv3_phys_range *c, uint64_t stride, uint64_t size)
{
	for (size_t i = 0; i < LONG_N; i++)
		c[i] = (struct smmuv3_phys_range){ 0x90000000 + i * stride, size };
}

/* Retrieve @c, check every constituent's first and last page, relinquish. */
static void long_roundtrip(struct t *t, const struct smmuv3_phys_range *c)
{
	uint64_t iova, off = 0;

	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 50, c, LONG_N, &rw, &iova),
			 0);
	for (size_t i = 0; i < LONG_N; off += c[i++].size) {
		assert_int_equal(xlate(t, 1, iova + off + 8, 0), c[i].pa + 8);
		assert_int_equal(xlate(t, 1, iova + off + c[i].size - PG, 0),
				 c[i].pa + c[i].size - PG);
	}
	assert_int_equal(xlate(t, 1, iova + off, 0), FAULT);
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_A, PROXY, 50), 0);
	assert_int_equal(xlate(t, 1, iova, 0), FAULT);
}

static void test_retrieve_long_arrays(void **state)
{
	struct t *t = t_new(false);
	static struct smmuv3_phys_range c[LONG_N];

	(void)state;
	assert_int_equal(reg_ab(t, NULL), 0);
	/* Scattered pages, touching pages, mixed sizes (the cursor fill). */
	long_array(c, 2 * PG, PG);
	long_roundtrip(t, c);
	long_array(c, PG, PG);
	long_roundtrip(t, c);
	long_array(c, 4 * PG, PG);
	for (size_t i = 0; i < LONG_N; i += 3)
		c[i].size = 3 * PG;
	long_roundtrip(t, c);
	/* Empty in the middle, empty at address 0 first. */
	long_array(c, 2 * PG, PG);
	c[150].size = 0;
	retrieve_refused(t, SEP_A, PROXY, 1, c, LONG_N, &rw, SMMUV3_ERR_INVAL);
	long_array(c, 2 * PG, PG);
	c[0] = (struct smmuv3_phys_range){ 0, 0 };
	retrieve_refused(t, SEP_A, PROXY, 1, c, LONG_N, &rw, SMMUV3_ERR_INVAL);
	/* Overlapping neighbours (by one page, and the same page twice). */
	long_array(c, 2 * PG, PG);
	c[149].size = 3 * PG;
	retrieve_refused(t, SEP_A, PROXY, 1, c, LONG_N, &rw, SMMUV3_ERR_OVERLAP);
	long_array(c, 2 * PG, PG);
	c[150].pa = c[149].pa;
	retrieve_refused(t, SEP_A, PROXY, 1, c, LONG_N, &rw, SMMUV3_ERR_OVERLAP);
	/* Unaligned, wrapping at the top, beyond the output size (the last
	 * constituents, so order alone does not give them away). */
	long_array(c, 2 * PG, PG);
	c[LONG_N - 1].pa += 8;
	retrieve_refused(t, SEP_A, PROXY, 1, c, LONG_N, &rw, SMMUV3_ERR_ALIGN);
	long_array(c, 2 * PG, PG);
	c[LONG_N - 1] = (struct smmuv3_phys_range){ 0xfffffffffffff000ull, 2 * PG };
	retrieve_refused(t, SEP_A, PROXY, 1, c, LONG_N, &rw, SMMUV3_ERR_OVERFLOW);
	long_array(c, 2 * PG, PG);
	c[LONG_N - 1] = (struct smmuv3_phys_range){ UINT64_C(1) << 62, PG };
	retrieve_refused(t, SEP_A, PROXY, 1, c, LONG_N, &rw, SMMUV3_ERR_RANGE);
	c[LONG_N - 1] = (struct smmuv3_phys_range){ UINT64_C(1) << 48, PG };
	retrieve_refused(t, SEP_A, PROXY, 1, c, LONG_N, &rw, SMMUV3_ERR_RANGE);
	c[LONG_N - 1] = (struct smmuv3_phys_range){ 0xfffffffffffff000ull, PG };
	retrieve_refused(t, SEP_A, PROXY, 1, c, LONG_N, &rw, SMMUV3_ERR_RANGE);
	t_free(t);
}

/* A map failure at constituent k leaves nothing of 0..k-1 mapped. */
static void test_retrieve_fails_midway(void **state)
{
	struct t *t = t_new(false);
	const struct smmuv3_sepid_retrieve id = { RW, SMMUV3_SEPID_F_IDENTITY };
	const struct smmuv3_phys_range held[] = { { 0x60003000, PG } };
	const struct smmuv3_phys_range c[] = {
		{ 0x60000000, PG }, { 0x60001000, PG }, { 0x60003000, PG }, { 0x60008000, PG },
	};
	const struct smmuv3_phys_range beyond[] = {
		{ 0x61000000, PG }, { UINT64_C(1) << 50, PG },
	};
	uint64_t syncs;

	(void)state;
	assert_int_equal(reg_ab(t, NULL), 0);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 1, held, 1, &id, NULL), 0);
	syncs = t->f->mock->n_syncs;
	/* Constituent 2 is already mapped by handle 1. */
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 2, c, 4, &id, NULL),
			 SMMUV3_ERR_EXISTS);
	assert_int_equal(t->f->mock->n_syncs, syncs + 1); /* the undo's one sync */
	assert_int_equal(xlate(t, 1, 0x60000000, 0), FAULT);
	assert_int_equal(xlate(t, 1, 0x60001000, 0), FAULT);
	assert_int_equal(xlate(t, 1, 0x60003000, 0), 0x60003000); /* handle 1 untouched */
	assert_false(smmuv3_sepid_handle_held(&t->reg, 2, NULL));
	/* Beyond the input address size at constituent 1. */
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 2, beyond, 2, &id, NULL),
			 SMMUV3_ERR_RANGE);
	assert_int_equal(xlate(t, 1, 0x61000000, 0), FAULT);
	/* Table allocation failing at constituent 1 of a contiguous retrieve:
	 * constituent 0 is a 2 MiB block (no new table), 1 needs a leaf table. */
	{
		const struct smmuv3_phys_range c2[] = {
			{ 0x62000000, 0x200000 }, { 0x63000000, 2 * PG },
		};

		/* Earlier unmaps left emptied tables in the page table's
		 * cache; without them the leaf table must be allocated. */
		smmuv3_pgtable_trim(&smmuv3_dom_of(smmuv3_sepid_domain(&t->reg, SEP_A))->pt);
		t->f->tp.fail_in = 0;
		syncs = t->f->mock->n_syncs;
		assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 3, c2, 2, &rw, NULL),
				 SMMUV3_ERR_NOMEM);
		t->f->tp.fail_in = -1;
		assert_int_equal(t->f->mock->n_syncs, syncs + 1);
		/* A run of small constituents fails as a whole: nothing to undo. */
		t->f->tp.fail_in = 0;
		syncs = t->f->mock->n_syncs;
		assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 3, &c2[1], 1, &rw, NULL),
				 SMMUV3_ERR_NOMEM);
		t->f->tp.fail_in = -1;
		assert_int_equal(t->f->mock->n_syncs, syncs);
	}
	assert_int_equal(xlate(t, 1, WIN_A, 0), FAULT);
	assert_false(smmuv3_sepid_handle_held(&t->reg, 3, NULL));
	t_free(t);
}

static void test_relinquish_errors_and_all(void **state)
{
	struct t *t = t_new(false);
	const struct smmuv3_phys_range c[] = { { 0x90000000, PG }, { 0x90004000, PG } };
	const struct smmuv3_sepid_retrieve id = { RW, SMMUV3_SEPID_F_IDENTITY };
	uint64_t ia, ib, syncs;
	uint16_t sep = 0;

	(void)state;
	assert_int_equal(reg_ab(t, NULL), 0);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 10, c, 2, &rw, &ia), 0);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 11, c, 2, &id, NULL), 0);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_B, PROXY, 10, c, 1, &rw, &ib), 0);
	/* Unknown SEPID or handle, someone else than the proxy. */
	syncs = t->f->mock->n_syncs;
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, 0x9999, PROXY, 10), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_A, PROXY, 12), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_B, PROXY, 11), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_A, OTHER, 10), SMMUV3_ERR_PERM);
	assert_int_equal(smmuv3_sepid_relinquish(NULL, SEP_A, PROXY, 10), SMMUV3_ERR_INVAL);
	assert_int_equal(t->f->mock->n_syncs, syncs);
	assert_int_equal(xlate(t, 1, ia, 0), 0x90000000);
	/* Reclaim refusal: the lender asks whether any SEPID holds it. */
	assert_true(smmuv3_sepid_handle_held(&t->reg, 11, &sep));
	assert_int_equal(sep, SEP_A);
	assert_false(smmuv3_sepid_handle_held(&t->reg, 12, NULL));
	/* The proxy dies: everything of both its SEPIDs, one sync each. */
	assert_int_equal(smmuv3_sepid_relinquish_all(&t->reg, PROXY), 3);
	assert_int_equal(t->f->mock->n_syncs, syncs + 2);
	assert_int_equal(xlate(t, 1, ia, 0), FAULT);
	assert_int_equal(xlate(t, 1, ia + PG, 0), FAULT);
	assert_int_equal(xlate(t, 2, 0x90004000, 0), FAULT);
	assert_int_equal(xlate(t, 3, ib, 0), FAULT);
	assert_false(smmuv3_sepid_handle_held(&t->reg, 10, NULL));
	assert_int_equal(t->reg.n_free_ranges, 8);
	/* Relinquish-all of one SEPID, and of someone holding nothing. */
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_B, PROXY, 10, c, 1, &rw, &ib), 0);
	assert_int_equal(smmuv3_sepid_relinquish_all(&t->reg, SEP_A), 0);
	assert_int_equal(smmuv3_sepid_relinquish_all(&t->reg, SEP_B), 1);
	assert_int_equal(smmuv3_sepid_relinquish_all(NULL, SEP_B), SMMUV3_ERR_INVAL);
	t_free(t);
}

/* ---- Events, Secure instance ----------------------------------------------------- */

static enum smmuv3_stall_action proxy_event(void *arg, const struct smmuv3_event *ev,
					    uint32_t owner, bool owned)
{
	struct t *t = arg;

	assert_true(owned);
	t->events++;
	t->event_owner = owner;
	t->event_sid = ev->sid;
	return SMMUV3_STALL_TERMINATE;
}

static void test_events_reach_proxy(void **state)
{
	struct t *t = t_new(false);
	const struct smmuv3_phys_range c[] = { { 0x90000000, PG } };
	uint64_t iova;
	int slot;

	(void)state;
	assert_int_equal(smmuv3_sepid_set_event_handler(&t->reg, proxy_event, t), 0);
	assert_int_equal(reg_ab(t, NULL), 0);
	assert_int_equal(smmuv3_sepid_set_event_handler(&t->reg, NULL, NULL), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 1, c, 1, &rw, &iova), 0);
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_A, PROXY, 1), 0);
	/* The device's DMA after relinquish faults; the proxy hears of it. */
	slot = smmuv3_mock_access(t->f->mock, 2, 0, false, iova, SMMUV3_MOCK_ACC_WRITE);
	assert_true(slot >= 0);
	assert_int_not_equal(t->f->mock->stalled[slot].out.status, SMMUV3_MOCK_XLATE_OK);
	smmuv3_mock_access_free(t->f->mock, slot);
	/* The mock records only stalled faults: write the F_TRANSLATION
	 * record the SMMU would have written (S2R set) for that access. */
	{
		uint64_t rec[4] = { 0x10 | (UINT64_C(2) << 32), 0, iova, 0 };

		assert_int_equal(smmuv3_mock_inject_event(t->f->mock, false, rec), 0);
	}
	assert_true(smmuv3_evtq_drain(&t->f->smmu) >= 0);
	assert_int_equal(t->events, 1);
	assert_int_equal(t->event_owner, PROXY);
	assert_int_equal(t->event_sid, 2);
	t_free(t);
}

/* A Secure stream's access with NS attribute @ns at @iova: the PA, with
 * *@pa_ns its PA space, or FAULT. */
static uint64_t access_sec(struct t *t, uint32_t sid, uint64_t iova, bool ns, bool *pa_ns)
{
	int slot = smmuv3_mock_access_ns(t->f->mock, sid, 0, false, iova, 0, ns);
	const struct smmuv3_mock_stalled *a = &t->f->mock->stalled[slot];
	uint64_t pa = FAULT;

	assert_true(slot >= 0);
	if (a->state == SMMUV3_MOCK_ACCESS_DONE) {
		pa = a->out.pa;
		*pa_ns = a->out.pa_ns;
	}
	smmuv3_mock_access_free(t->f->mock, slot);
	return pa;
}

static void test_secure_instance(void **state)
{
	struct t *t = t_new(true);
	const struct smmuv3_phys_range c[] = { { 0x90000000, PG } };
	const struct smmuv3_phys_range ci[] = { { 0x91000000, PG } };
	const struct smmuv3_sepid_retrieve ns = { RW, SMMUV3_SEPID_F_NS };
	const struct smmuv3_sepid_retrieve ns_id = { RW,
						     SMMUV3_SEPID_F_NS | SMMUV3_SEPID_F_IDENTITY };
	const struct smmuv3_sepid_retrieve id = { RW, SMMUV3_SEPID_F_IDENTITY };
	struct smmuv3_mock_ste_info ste;
	uint64_t iova_ns = 0, iova_s = 0;
	bool pa_ns = false;

	(void)state;
	assert_int_equal(reg_ab(t, NULL), 0);
	/* The stream's STE: the Non-secure IPA space's table in S2TTB with
	 * Non-secure output, the Secure one in S_S2TTB with Secure output,
	 * both walked in Secure memory; the device's NS attribute used. */
	assert_int_equal(smmuv3_mock_decode_ste(t->f->mock, true, 1, &ste, NULL), 0);
	assert_true(ste.s2nsa);
	assert_false(ste.s2nsw || ste.s2sa || ste.s2sw);
	assert_int_equal(ste.nscfg, 0);
	assert_true(ste.s2ttb && ste.s_s2ttb && ste.s2ttb != ste.s_s2ttb);

	/* The same PA number as Normal-world and as Secure memory. */
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 1, c, 1, &ns, &iova_ns), 0);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 2, c, 1, &rw, &iova_s), 0);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 3, ci, 1, &ns_id, NULL), 0);
	/* Normal-world memory lands in the Non-secure PA space, reached by
	 * Non-secure transactions only; Secure memory the other way. */
	assert_int_equal(access_sec(t, 1, iova_ns, true, &pa_ns), 0x90000000);
	assert_true(pa_ns);
	assert_int_equal(access_sec(t, 1, iova_ns, false, &pa_ns), FAULT);
	assert_int_equal(access_sec(t, 1, iova_s, false, &pa_ns), 0x90000000);
	assert_false(pa_ns);
	assert_int_equal(access_sec(t, 1, iova_s, true, &pa_ns), FAULT);
	assert_int_equal(access_sec(t, 2, 0x91000000, true, &pa_ns), 0x91000000);
	assert_true(pa_ns);
	assert_int_equal(access_sec(t, 2, 0x91000000, false, &pa_ns), FAULT);
	/* The same PA identity-mapped as Secure memory: the other space. */
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 4, ci, 1, &id, NULL), 0);
	assert_int_equal(access_sec(t, 2, 0x91000000, false, &pa_ns), 0x91000000);
	assert_false(pa_ns);
	assert_int_equal(access_sec(t, 2, 0x91000000, true, &pa_ns), 0x91000000);
	assert_true(pa_ns);

	/* Relinquish unmaps from the handle's space (with the TLB warm),
	 * one sync; the other space keeps its mapping. */
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_A, PROXY, 1), 0);
	assert_int_equal(t->reg.last_syncs, 1);
	assert_int_equal(access_sec(t, 1, iova_ns, true, &pa_ns), FAULT);
	assert_int_equal(access_sec(t, 1, iova_s, false, &pa_ns), 0x90000000);
	/* Both spaces at once: still one sync. */
	assert_int_equal(smmuv3_sepid_relinquish_all(&t->reg, SEP_A), 3);
	assert_int_equal(t->reg.last_syncs, 1);
	assert_int_equal(access_sec(t, 1, iova_s, false, &pa_ns), FAULT);
	assert_int_equal(access_sec(t, 1, 0x91000000, true, &pa_ns), FAULT);
	assert_int_equal(access_sec(t, 1, 0x91000000, false, &pa_ns), FAULT);
	t_free(t);
}

/* A stage-1 SEPID: its own CD at SubstreamID 0. */
static void test_stage1_model(void **state)
{
	struct t *t = t_new(false);
	struct smmuv3_sepid_desc d = desc_b();
	struct smmuv3_sepid_input in = { &d, 1, NULL, 0, parts, 2 };
	const struct smmuv3_phys_range c[] = { { 0x90003000, PG }, { 0x90001000, PG } };
	const struct smmuv3_sepid_retrieve wo = { SMMUV3_PROT_WRITE, 0 };
	uint64_t iova;

	(void)state;
	d.model = SMMUV3_SEPID_MODEL_S1;
	d.ssid_bits = 2;
	assert_int_equal(smmuv3_sepid_register(&t->reg, &in, NULL), 0);
	assert_int_equal(smmuv3_dom_of(smmuv3_sepid_domain(&t->reg, SEP_B))->cfg.type, SMMUV3_DOMAIN_S1);
	/* Stage 1 cannot express write-only: refused at the first map. */
	retrieve_refused(t, SEP_B, PROXY, 1, c, 2, &wo, SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_B, PROXY, 1, c, 2, &rw, &iova), 0);
	assert_int_equal(xlate(t, 3, iova + 0x1008, SMMUV3_MOCK_ACC_WRITE), 0x90001008);
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_B, PROXY, 1), 0);
	assert_int_equal(xlate(t, 3, iova + 0x1008, 0), FAULT);
	d = desc_a();
	d.model = SMMUV3_SEPID_MODEL_S1;
	d.ssid_bits = 21; /* beyond the SMMU's SubstreamID size */
	assert_int_equal(smmuv3_sepid_register(&t->reg, &in, NULL), SMMUV3_ERR_RANGE);
	t_free(t);
}

/* ---- Models through the proxy's stage 2 ------------------------------------------ */

/* Where the proxy's stage 2 puts its IPAs 0x90000000.. (2 MiB). */
#define PROXY_PA 0xa0000000ull

/* The proxy partition's stage 2 (owned by the proxy): the fixture's pool
 * 1:1 (the nested SEPID's CD and stage-1 tables are fetched through it)
 * and IPA 0x90000000 -> PROXY_PA, so nesting shows in the output. */
static void proxy_s2_new(struct t *t, struct smmuv3_domain *p2)
{
	struct smmuv3_domain_cfg dc;

	smmuv3_domain_cfg_init(&t->f->smmu, &dc, SMMUV3_DOMAIN_S2);
	dc.owner = PROXY;
	assert_int_equal(smmuv3_domain_init(&t->f->smmu, p2, &dc), 0);
	assert_int_equal(smmuv3_domain_map(p2, t->f->tp.pa_base, t->f->tp.pa_base, 64u << 20, RW),
			 0);
	assert_int_equal(smmuv3_domain_map(p2, 0x90000000, PROXY_PA, 0x200000, RW), 0);
}

/* Registration refused until the proxy's stage 2 is set (NOENT) and
 * shared with the SEPID by its owner (PERM); nothing changed each time. */
static void register_through_proxy_s2(struct t *t, struct smmuv3_sepid_desc *d,
				      struct smmuv3_domain *p2)
{
	struct smmuv3_sepid_conflict c;

	expect_refused(t, d, 1, NULL, 0, SMMUV3_ERR_NOENT, &c);
	assert_int_equal(c.first.kind, SMMUV3_SEPID_CLAIM_EP);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, PROXY, p2), 0);
	expect_refused(t, d, 1, NULL, 0, SMMUV3_ERR_PERM, &c);
	assert_int_equal(c.first.index, 0);
	assert_int_equal(smmuv3_domain_share(p2, SEP_B), 0);
	assert_int_equal(smmuv3_sepid_register(&t->reg, &(struct smmuv3_sepid_input){
							d, 1, NULL, 0, parts, 2 }, &c), 0);
	assert_int_equal(owner_of_stream(t, 3), SEP_B);
	/* In use: neither forgotten nor replaced. */
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, PROXY, NULL), SMMUV3_ERR_BUSY);
	{
		struct smmuv3_domain other;
		struct smmuv3_domain_cfg dc;

		smmuv3_domain_cfg_init(&t->f->smmu, &dc, SMMUV3_DOMAIN_S2);
		assert_int_equal(smmuv3_domain_init(&t->f->smmu, &other, &dc), 0);
		assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, PROXY, &other),
				 SMMUV3_ERR_BUSY);
		assert_int_equal(smmuv3_domain_destroy(&other), 0);
	}
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, PROXY, p2), 0); /* the same: fine */
}

/* Take the registry down, then the proxy's stage 2 (the registry never
 * destroys it), and check nothing leaked. */
static void proxy_s2_free(struct t *t, struct smmuv3_domain *p2)
{
	assert_int_equal(smmuv3_sepid_registry_fini(&t->reg), 0);
	assert_int_equal(smmuv3_dom_of(p2)->n_attached, 0);
	assert_int_equal(smmuv3_dom_of(p2)->n_nested, 0);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, PROXY, NULL), 0);
	assert_int_equal(smmuv3_domain_unshare(p2, SEP_B), 0);
	assert_int_equal(smmuv3_domain_destroy(p2), 0);
	t_free(t);
}

/* Nested: the SEPID's own stage 1 over the proxy's stage 2. A retrieve
 * maps its constituents (the proxy's IPAs) contiguously in the stage 1;
 * the device reaches them through both stages. */
static void test_nested_model(void **state)
{
	struct t *t = t_new(false);
	struct smmuv3_sepid_desc d = desc_b();
	struct smmuv3_domain p2;
	const struct smmuv3_phys_range c[] = { { 0x90003000, PG }, { 0x90001000, PG } };
	struct smmuv3_domain *s1;
	uint64_t iova, syncs;

	(void)state;
	proxy_s2_new(t, &p2);
	d.model = SMMUV3_SEPID_MODEL_NESTED;
	d.ssid_bits = 1;
	register_through_proxy_s2(t, &d, &p2);
	s1 = smmuv3_sepid_domain(&t->reg, SEP_B);
	assert_int_equal(smmuv3_dom_of(s1)->cfg.type, SMMUV3_DOMAIN_S1);
	assert_int_equal(smmuv3_dom_of(&p2)->n_nested, 1);
	/* The proxy's stage 2 cannot go while the SEPID nests over it. */
	assert_int_equal(smmuv3_domain_destroy(&p2), SMMUV3_ERR_BUSY);
	assert_int_equal(smmuv3_domain_unshare(&p2, SEP_B), SMMUV3_ERR_BUSY);
	retrieve_refused(t, SEP_B, OTHER, 1, c, 2, &rw, SMMUV3_ERR_PERM);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_B, PROXY, 1, c, 2, &rw, &iova), 0);
	assert_int_equal(iova, WIN_B);
	assert_int_equal(xlate(t, 3, iova + 8, SMMUV3_MOCK_ACC_WRITE), PROXY_PA + 0x3008);
	assert_int_equal(xlate(t, 3, iova + PG + 8, 0), PROXY_PA + 0x1008);
	assert_int_equal(xlate(t, 3, iova + 2 * PG, 0), FAULT);
	syncs = smmuv3_dom_of(s1)->n_syncs;
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_B, PROXY, 1), 0);
	assert_int_equal(smmuv3_dom_of(s1)->n_syncs, syncs + 1);
	assert_int_equal(xlate(t, 3, iova + 8, 0), FAULT);
	/* The proxy's own mapping stays: the registry never touches it. */
	{
		uint64_t pa = 0;

		assert_int_equal(smmuv3_domain_iova_to_phys(&p2, 0x90001000, &pa), 0);
		assert_int_equal(pa, PROXY_PA + 0x1000);
	}
	proxy_s2_free(t, &p2);
}

/* The nested attach fails after the stream was claimed (the proxy's
 * stage 2 has a table window the library's tables lie outside of): the
 * registration is undone, the stage 1 freed, nothing nests. */
static void test_nested_bring_up_fails(void **state)
{
	struct t *t = t_new(false);
	struct smmuv3_sepid_desc d = desc_b();
	struct smmuv3_domain p2;
	const struct smmuv3_table_window w = { 0x2000000000ull, 0x1000000000ull, 0x200000 };
	struct smmuv3_sepid_conflict c;
	uint64_t blocks;

	(void)state;
	proxy_s2_new(t, &p2);
	assert_int_equal(smmuv3_domain_set_window(&p2, &w), 0);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, PROXY, &p2), 0);
	assert_int_equal(smmuv3_domain_share(&p2, SEP_B), 0);
	d.model = SMMUV3_SEPID_MODEL_NESTED;
	/* The first try also allocates what stays (the ASID map, a level-2
	 * stream table): leaks show on the second. Commands are issued (the
	 * stream's configuration, then its undo). */
	for (int i = 0; i < 2; i++) {
		blocks = t->f->tp.live_blocks;
		assert_int_equal(smmuv3_sepid_register(&t->reg, &(struct smmuv3_sepid_input){
								&d, 1, NULL, 0, parts, 2 }, &c),
				 SMMUV3_ERR_TABLE_WINDOW);
	}
	assert_int_equal(c.first.index, 0);
	assert_int_equal(t->reg.n_eps, 0);
	assert_int_equal(t->reg.n_streams, 0);
	assert_int_equal(xlate(t, 3, WIN_B, 0), FAULT);
	assert_int_equal(t->f->tp.live_blocks, blocks);
	assert_int_equal(smmuv3_dom_of(&p2)->n_nested, 0);
	assert_int_equal(owner_of_stream(t, 3), 0);
	proxy_s2_free(t, &p2);
}

/* Shared stage 2: the SEPID's streams attached to the proxy's stage 2
 * itself; no page table of its own, so nothing to retrieve into. */
static void test_shared_s2_model(void **state)
{
	struct t *t = t_new(false);
	struct smmuv3_sepid_desc d = desc_b();
	struct smmuv3_domain p2;
	const struct smmuv3_phys_range c[] = { { 0x98001000, PG } }; /* not the proxy's */
	struct smmuv3_sepid_conflict cf;

	(void)state;
	proxy_s2_new(t, &p2);
	d.model = SMMUV3_SEPID_MODEL_SHARED_S2;
	/* An IOVA window or substreams make no sense without a table. */
	expect_refused(t, &d, 1, NULL, 0, SMMUV3_ERR_INVAL, &cf);
	d.iova_base = d.iova_size = 0;
	d.ssid_bits = 1;
	expect_refused(t, &d, 1, NULL, 0, SMMUV3_ERR_INVAL, &cf);
	d.ssid_bits = 0;
	register_through_proxy_s2(t, &d, &p2);
	assert_ptr_equal(smmuv3_sepid_domain(&t->reg, SEP_B), &p2);
	assert_int_equal(smmuv3_dom_of(&p2)->n_attached, 1);
	assert_int_equal(xlate(t, 3, 0x90001008, SMMUV3_MOCK_ACC_WRITE), PROXY_PA + 0x1008);
	retrieve_refused(t, SEP_B, PROXY, 1, c, 1, &rw, SMMUV3_ERR_NOTSUP);
	assert_int_equal(smmuv3_domain_unshare(&p2, SEP_B), SMMUV3_ERR_BUSY);
	assert_int_equal(smmuv3_sepid_relinquish_all(&t->reg, SEP_B), 0);
	assert_int_equal(smmuv3_sepid_registry_fini(&t->reg), 0);
	assert_int_equal(xlate(t, 3, 0x90001008, 0), FAULT); /* detached */
	proxy_s2_free(t, &p2);
}

static void test_set_proxy_s2_errors(void **state)
{
	struct t *t = t_new(false);
	struct fixture *f2 = fixture_new(&smmuv3_mock_profile_mmu600);
	struct smmuv3_domain p2, s1, far;
	struct smmuv3_domain_cfg dc;
	uint16_t id;

	(void)state;
	fixture_enable(f2);
	proxy_s2_new(t, &p2);
	smmuv3_domain_cfg_init(&t->f->smmu, &dc, SMMUV3_DOMAIN_S1);
	assert_int_equal(smmuv3_domain_init(&t->f->smmu, &s1, &dc), 0);
	smmuv3_domain_cfg_init(&f2->smmu, &dc, SMMUV3_DOMAIN_S2);
	assert_int_equal(smmuv3_domain_init(&f2->smmu, &far, &dc), 0);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(NULL, PROXY, &p2), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, 0, &p2), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, PROXY, &s1), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, PROXY, &far), SMMUV3_ERR_NOENT);
	/* Ended by its instance's teardown: STALE (before the instance
	 * check), then only forgotten by destroy. */
	assert_int_equal(smmuv3_teardown(&f2->smmu), 0);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, PROXY, &far), SMMUV3_ERR_STALE);
	assert_int_equal(t->reg.n_proxy_s2, 0);
	for (id = 1; id <= SMMUV3_SEPID_MAX_PROXY_S2; id++)
		assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, id, &p2), 0);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, id, &p2), SMMUV3_ERR_NOSPC);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, 1, &p2), 0); /* replaces */
	assert_int_equal(t->reg.n_proxy_s2, SMMUV3_SEPID_MAX_PROXY_S2);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, 3, NULL), 0); /* forgets */
	assert_int_equal(t->reg.n_proxy_s2, SMMUV3_SEPID_MAX_PROXY_S2 - 1);
	assert_int_equal(smmuv3_sepid_set_proxy_s2(&t->reg, id, &p2), 0);
	assert_int_equal(smmuv3_domain_destroy(&far), 0);
	assert_int_equal(smmuv3_domain_destroy(&s1), 0);
	fixture_free(f2);
	assert_int_equal(smmuv3_domain_destroy(&p2), 0);
	t_free(t);
}

/* The relinquish's invalidation fails: the memory is unmapped and the
 * handle forgotten, the stale entry stays until the domain's next call
 * pays the owed whole-VMID invalidation. */
static void test_relinquish_command_error(void **state)
{
	struct t *t = t_new(false);
	const struct smmuv3_phys_range c[] = { { 0x90000000, PG } };
	uint64_t iova;

	(void)state;
	assert_int_equal(reg_ab(t, NULL), 0);
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 1, c, 1, &rw, &iova), 0);
	assert_int_equal(xlate(t, 1, iova, 0), 0x90000000); /* cached in the mock's TLB */
	t->f->mock->cerror_at = t->f->mock->n_consumed + 1;
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_A, PROXY, 1), SMMUV3_ERR_CMD_ILL);
	assert_false(smmuv3_sepid_handle_held(&t->reg, 1, NULL));
	assert_true(smmuv3_dom_of(smmuv3_sepid_domain(&t->reg, SEP_A))->inval_owed);
	assert_int_equal(xlate(t, 1, iova, 0), 0x90000000); /* stale, and reported */
	/* The next retrieve pays it first. */
	assert_int_equal(smmuv3_sepid_retrieve(&t->reg, SEP_A, PROXY, 2, c, 1, &rw, &iova), 0);
	assert_false(smmuv3_dom_of(smmuv3_sepid_domain(&t->reg, SEP_A))->inval_owed);
	assert_int_equal(smmuv3_sepid_relinquish(&t->reg, SEP_A, PROXY, 2), 0);
	assert_int_equal(xlate(t, 1, iova, 0), FAULT);
	t_free(t);
}

static void test_registry_init_errors(void **state)
{
	struct smmuv3_sepid_registry reg;
	struct smmuv3_sepid_ep eps[1];
	struct smmuv3_sepid_stream streams[1];
	struct smmuv3_sepid_handle handles[1];
	struct smmuv3 smmu;
	struct smmuv3 *smmus[1] = { &smmu }, *none[1] = { NULL };
	struct smmuv3_sepid_storage st = { eps, 1, streams, 1, handles, 1, NULL, 0 };

	(void)state;
	assert_int_equal(smmuv3_sepid_registry_init(&reg, smmus, 1, &st), 0);
	assert_int_equal(smmuv3_sepid_registry_init(NULL, smmus, 1, &st), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_sepid_registry_init(&reg, smmus, 0, &st), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_sepid_registry_init(&reg, none, 1, &st), SMMUV3_ERR_INVAL);
	st.max_ranges = 4;
	assert_int_equal(smmuv3_sepid_registry_init(&reg, smmus, 1, &st), SMMUV3_ERR_INVAL);
	st.max_ranges = 0;
	st.max_handles = 0;
	assert_int_equal(smmuv3_sepid_registry_init(&reg, smmus, 1, &st), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_sepid_set_event_handler(NULL, NULL, NULL), SMMUV3_ERR_INVAL);
	assert_false(smmuv3_sepid_lookup(NULL, 1, NULL));
	assert_int_equal(smmuv3_sepid_owner_of(NULL, 0, 0, NULL, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_sepid_registry_fini(NULL), SMMUV3_ERR_INVAL);
	assert_false(smmuv3_sepid_handle_held(NULL, 0, NULL));
	assert_string_equal(smmuv3_errname(SMMUV3_ERR_OVERLAP), "SMMUV3_ERR_OVERLAP");
	assert_string_equal(smmuv3_errname(SMMUV3_ERR_WINDOW), "SMMUV3_ERR_WINDOW");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_and_lookups),
		cmocka_unit_test(test_register_conflicts),
		cmocka_unit_test(test_register_bring_up_fails),
		cmocka_unit_test(test_contiguous_scattered),
		cmocka_unit_test(test_contiguous_mixed),
		cmocka_unit_test(test_pgtable_map_scatter),
		cmocka_unit_test(test_identity_and_perms),
		cmocka_unit_test(test_retrieve_errors),
		cmocka_unit_test(test_retrieve_long_arrays),
		cmocka_unit_test(test_retrieve_fails_midway),
		cmocka_unit_test(test_relinquish_errors_and_all),
		cmocka_unit_test(test_events_reach_proxy),
		cmocka_unit_test(test_secure_instance),
		cmocka_unit_test(test_stage1_model),
		cmocka_unit_test(test_relinquish_command_error),
		cmocka_unit_test(test_registry_init_errors),
		cmocka_unit_test(test_nested_model),
		cmocka_unit_test(test_nested_bring_up_fails),
		cmocka_unit_test(test_shared_s2_model),
		cmocka_unit_test(test_set_proxy_s2_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
