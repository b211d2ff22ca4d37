// SPDX-License-Identifier: BSD-3-Clause
/*
 * Page tables on their own (no SMMU): geometry, descriptor bits, error
 * cases, a randomized comparison against a page-array reference model
 * for every granule and stage, and allocation failure in mid-map.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#include <smmuv3/pgtable.h>

#define RW (SMMUV3_PROT_READ | SMMUV3_PROT_WRITE)

struct ptenv {
	struct smmuv3_test_port tp;
	struct smmuv3_pgtable pt;
};

static struct ptenv *env_new_cache(enum smmuv3_pgtable_stage stage, unsigned int g,
				   unsigned int ias, unsigned int oas, bool coherent,
				   uint32_t flags, unsigned int cache_tables)
{
	struct ptenv *e = calloc(1, sizeof(*e));
	struct smmuv3_pgtable_cfg c = {
		.stage = stage, .granule_log2 = g, .ias_bits = ias, .oas_bits = oas,
		.coherent = coherent, .flags = flags, .cache_tables = cache_tables,
	};

	assert_non_null(e);
	assert_int_equal(smmuv3_test_port_init(&e->tp, NULL, 0, (size_t)512 << 20), 0);
	c.port = &e->tp;
	assert_int_equal(smmuv3_pgtable_init(&e->pt, &c), 0);
	assert_int_equal(e->tp.live_bytes, e->pt.stats.table_bytes);
	return e;
}

static struct ptenv *env_new(enum smmuv3_pgtable_stage stage, unsigned int g,
			     unsigned int ias, unsigned int oas, bool coherent, uint32_t flags)
{
	return env_new_cache(stage, g, ias, oas, coherent, flags, 0);
}

static void env_free(struct ptenv *e)
{
	assert_int_equal(smmuv3_pgtable_destroy(&e->pt), 0);
	assert_int_equal(e->tp.live_bytes, 0);
	assert_int_equal(e->tp.live_blocks, 0);
	smmuv3_test_port_fini(&e->tp);
	free(e);
}

/* Raw leaf descriptor for iova, walked by hand (levels from the info). */
static uint64_t raw_leaf(struct ptenv *e, uint64_t iova, unsigned int *level_out)
{
	struct smmuv3_pgtable_info info;
	unsigned int g = e->pt.cfg.granule_log2, s = g - 3;
	uint64_t *t = e->pt.root;

	assert_int_equal(smmuv3_pgtable_get_info(&e->pt, &info), 0);
	for (unsigned int l = info.start_level;; l++) {
		unsigned int shift = g + (3 - l) * s;
		unsigned int bits = l == info.start_level ? e->pt.cfg.ias_bits - shift : s;
		uint64_t d = t[(iova >> shift) & ((UINT64_C(1) << bits) - 1)];

		if (l == 3 || (d & 3) != 3 || !(d & 1)) {
			*level_out = l;
			return d;
		}
		t = smmuv3_test_port_pa_to_va(&e->tp, d & SMMUV3_GENMASK(47, g), 8);
		assert_non_null(t);
	}
}

/* ---- geometry ---- */

static void geometry(void **state)
{
	static const struct {
		enum smmuv3_pgtable_stage stage;
		unsigned int g, ias, start, sl0, concat;
		size_t root_bytes;
	} cases[] = {
		{ SMMUV3_PGTABLE_STAGE1, 12, 48, 0, 2, 1, 4096 },
		{ SMMUV3_PGTABLE_STAGE1, 12, 39, 1, 1, 1, 4096 },
		{ SMMUV3_PGTABLE_STAGE1, 12, 32, 1, 1, 1, 32 },
		{ SMMUV3_PGTABLE_STAGE1, 14, 47, 1, 2, 1, 16384 },
		{ SMMUV3_PGTABLE_STAGE1, 14, 48, 0, 3, 1, 16 },
		{ SMMUV3_PGTABLE_STAGE1, 16, 48, 1, 2, 1, 512 },
		{ SMMUV3_PGTABLE_STAGE1, 16, 52, 1, 2, 1, 8192 },
		{ SMMUV3_PGTABLE_STAGE2, 12, 40, 1, 1, 2, 8192 },
		{ SMMUV3_PGTABLE_STAGE2, 12, 48, 0, 2, 1, 4096 },
		{ SMMUV3_PGTABLE_STAGE2, 12, 44, 0, 2, 1, 256 },
		{ SMMUV3_PGTABLE_STAGE2, 12, 43, 1, 1, 16, 65536 },
		{ SMMUV3_PGTABLE_STAGE2, 12, 32, 2, 0, 4, 16384 },
		{ SMMUV3_PGTABLE_STAGE2, 14, 40, 2, 1, 16, 262144 },
		{ SMMUV3_PGTABLE_STAGE2, 14, 48, 1, 2, 2, 32768 },
		{ SMMUV3_PGTABLE_STAGE2, 16, 42, 2, 1, 1, 65536 },
		{ SMMUV3_PGTABLE_STAGE2, 16, 48, 1, 2, 1, 512 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ptenv *e = env_new(cases[i].stage, cases[i].g, cases[i].ias, 48, true, 0);
		struct smmuv3_pgtable_info info;

		assert_int_equal(smmuv3_pgtable_get_info(&e->pt, &info), 0);
		if (info.start_level != cases[i].start || e->pt.root_bytes != cases[i].root_bytes ||
		    (cases[i].stage == SMMUV3_PGTABLE_STAGE2 &&
		     (info.sl0 != cases[i].sl0 || info.concat != cases[i].concat)))
			fail_msg("case %zu: start %u sl0 %u concat %u root %zu", i,
				 info.start_level, info.sl0, info.concat, e->pt.root_bytes);
		assert_int_equal(info.tsz, 64 - cases[i].ias);
		assert_int_equal(info.tg, cases[i].g == 12 ? 0 : cases[i].g == 16 ? 1 : 2);
		assert_int_equal(info.ps, 5);
		assert_int_equal(info.root_pa & (cases[i].root_bytes < 64 ? 63 : cases[i].root_bytes - 1), 0);
		env_free(e);
	}
}

static void bad_formats(void **state)
{
	struct smmuv3_test_port tp;
	struct smmuv3_pgtable pt;
	struct smmuv3_pgtable_cfg c = { .stage = SMMUV3_PGTABLE_STAGE1, .granule_log2 = 12,
					.ias_bits = 48, .oas_bits = 48, .coherent = true };

	(void)state;
	assert_int_equal(smmuv3_test_port_init(&tp, NULL, 0, 1 << 20), 0);
	c.port = &tp;
	assert_int_equal(smmuv3_pgtable_init(NULL, &c), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_init(&pt, NULL), SMMUV3_ERR_INVAL);
	c.granule_log2 = 13;
	assert_int_equal(smmuv3_pgtable_init(&pt, &c), SMMUV3_ERR_INVAL);
	c.granule_log2 = 12;
	c.ias_bits = 49;
	assert_int_equal(smmuv3_pgtable_init(&pt, &c), SMMUV3_ERR_RANGE);
	c.ias_bits = 24;
	assert_int_equal(smmuv3_pgtable_init(&pt, &c), SMMUV3_ERR_RANGE);
	c.ias_bits = 48;
	c.oas_bits = 52; /* 52-bit output needs the 64 KiB granule here */
	assert_int_equal(smmuv3_pgtable_init(&pt, &c), SMMUV3_ERR_RANGE);
	c.oas_bits = 41;
	assert_int_equal(smmuv3_pgtable_init(&pt, &c), SMMUV3_ERR_RANGE);
	c.oas_bits = 48;
	c.flags = SMMUV3_PGTABLE_F_NS_TABLES;
	assert_int_equal(smmuv3_pgtable_init(&pt, &c), SMMUV3_ERR_INVAL);
	c.flags = 1u << 20;
	assert_int_equal(smmuv3_pgtable_init(&pt, &c), SMMUV3_ERR_INVAL);
	c.flags = SMMUV3_PGTABLE_F_SECURE;
	c.stage = SMMUV3_PGTABLE_STAGE2;
	assert_int_equal(smmuv3_pgtable_init(&pt, &c), SMMUV3_ERR_INVAL);
	c.flags = 0;
	c.stage = 3;
	assert_int_equal(smmuv3_pgtable_init(&pt, &c), SMMUV3_ERR_INVAL);
	c.stage = SMMUV3_PGTABLE_STAGE1;
	tp.fail_in = 0;
	assert_int_equal(smmuv3_pgtable_init(&pt, &c), SMMUV3_ERR_NOMEM);
	assert_int_equal(tp.live_bytes, 0);
	assert_int_equal(smmuv3_pgtable_destroy(&pt), SMMUV3_ERR_INVAL);
	smmuv3_test_port_fini(&tp);
}

/* ---- descriptor bits ---- */

static void stage1_descriptor_bits(void **state)
{
	struct ptenv *e = env_new(SMMUV3_PGTABLE_STAGE1, 12, 48, 48, true,
				  SMMUV3_PGTABLE_F_SECURE);
	unsigned int level;
	uint64_t d;

	(void)state;
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x10000, 0x80001000, 0x1000,
					    SMMUV3_PROT_READ), 0);
	d = raw_leaf(e, 0x10000, &level);
	assert_int_equal(level, 3);
	assert_int_equal(d & 3, 3);                     /* page */
	assert_int_equal(d & SMMUV3_GENMASK(47, 12), 0x80001000);
	assert_int_equal((d >> 2) & 7, 0);              /* AttrIndx: MAIR[0] = WB */
	assert_int_equal((d >> 6) & 3, 3);              /* AP: RO, EL0 too */
	assert_int_equal((d >> 8) & 3, 3);              /* inner shareable */
	assert_true(d & SMMUV3_BIT(10));                /* AF */
	assert_true(d & SMMUV3_BIT(11));                /* nG */
	assert_true(d & SMMUV3_BIT(53));                /* PXN */
	assert_true(d & SMMUV3_BIT(54));                /* UXN */
	assert_false(d & SMMUV3_BIT(5));                /* NS */

	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x20000, 0x9000000, 0x1000,
					    RW | SMMUV3_PROT_EXEC | SMMUV3_PROT_PRIV |
					    SMMUV3_PROT_NS |
					    SMMUV3_FIELD_PREP(SMMUV3_PROT_MEM, SMMUV3_MEM_DEVICE)), 0);
	d = raw_leaf(e, 0x20000, &level);
	assert_int_equal((d >> 2) & 7, 2);              /* MAIR[2] */
	assert_int_equal((SMMUV3_PGTABLE_MAIR >> 16) & 0xff, 0x04); /* Device-nGnRE */
	assert_int_equal((d >> 6) & 3, 0);              /* RW, privileged only */
	assert_true(d & SMMUV3_BIT(5));                 /* NS */
	assert_false(d & (SMMUV3_BIT(53) | SMMUV3_BIT(54)));

	/* 2 MiB block where both addresses allow it. */
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x40000000, 0x80200000, 0x200000, RW), 0);
	d = raw_leaf(e, 0x40000000, &level);
	assert_int_equal(level, 2);
	assert_int_equal(d & 3, 1);
	assert_int_equal(d & SMMUV3_GENMASK(47, 12), 0x80200000);
	/* 1 GiB block. */
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x80000000, 0xc0000000, 0x40000000, RW), 0);
	d = raw_leaf(e, 0x80000000 + 0x1234000, &level);
	assert_int_equal(level, 1);
	assert_int_equal(d & 3, 1);
	env_free(e);
}

static void stage2_descriptor_bits(void **state)
{
	struct ptenv *e = env_new(SMMUV3_PGTABLE_STAGE2, 12, 40, 48, true, 0);
	unsigned int level;
	uint64_t d, pa;
	uint32_t prot;

	(void)state;
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8000000000 - 0x1000, 0x1000, 0x1000,
					    SMMUV3_PROT_WRITE), 0);
	d = raw_leaf(e, 0x8000000000 - 0x1000, &level);
	assert_int_equal((d >> 2) & 0xf, 0xf);          /* MemAttr normal WB */
	assert_int_equal((d >> 6) & 3, 2);              /* S2AP write-only */
	assert_true(d & SMMUV3_BIT(54));                /* XN */
	assert_true(d & SMMUV3_BIT(10));
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, 0x8000000000 - 0x10, &pa, &prot), 0);
	assert_int_equal(pa, 0x1ff0);
	assert_int_equal(prot, SMMUV3_PROT_WRITE);

	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x4000, 0x4000, 0x1000,
					    SMMUV3_PROT_READ | SMMUV3_PROT_EXEC |
					    SMMUV3_FIELD_PREP(SMMUV3_PROT_MEM, SMMUV3_MEM_NC)), 0);
	d = raw_leaf(e, 0x4000, &level);
	assert_int_equal((d >> 2) & 0xf, 0x5);
	assert_int_equal((d >> 6) & 3, 1);
	assert_int_equal((d >> 8) & 3, 2);
	assert_false(d & SMMUV3_BIT(54));
	assert_false(d & SMMUV3_BIT(11));
	env_free(e);
}

static void oa52_with_64k(void **state)
{
	struct ptenv *e = env_new(SMMUV3_PGTABLE_STAGE2, 16, 52, 52, true, 0);
	uint64_t pa, hi = UINT64_C(0xa000000000000) | 0x30000;
	unsigned int level;

	(void)state;
	assert_int_equal(smmuv3_pgtable_map(&e->pt, UINT64_C(0xf000000000000), hi, 0x20000, RW), 0);
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, UINT64_C(0xf000000010008), &pa, NULL), 0);
	assert_int_equal(pa, hi + 0x10008);
	/* OA[51:48] sit in bits [15:12] of the descriptor. */
	assert_int_equal((raw_leaf(e, UINT64_C(0xf000000000000), &level) >> 12) & 0xf, 0xa);
	env_free(e);
}

/* ---- argument and state errors ---- */

static void map_unmap_errors(void **state)
{
	struct ptenv *e = env_new(SMMUV3_PGTABLE_STAGE1, 12, 39, 40, true, 0);
	struct smmuv3_pgtable_unmapped u;
	uint64_t top = UINT64_C(1) << 39, pa;
	size_t bytes;

	(void)state;
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x200000, 0x400000, 0x200000, RW), 0);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x600000, 0x801000, 0x3000, RW), 0);
	bytes = e->tp.live_bytes;

	assert_int_equal(smmuv3_pgtable_map(NULL, 0, 0, 0x1000, RW), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0, 0, 0, RW), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0, 0, 0x1000, 0), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0, 0, 0x1000, SMMUV3_PROT_WRITE), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0, 0, 0x1000, RW | SMMUV3_PROT_NS), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0, 0, 0x1000, RW | (1u << 9)), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0, 0, 0x1000,
					    RW | SMMUV3_FIELD_PREP(SMMUV3_PROT_MEM, 4)), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x800, 0, 0x1000, RW), SMMUV3_ERR_ALIGN);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0, 0x800, 0x1000, RW), SMMUV3_ERR_ALIGN);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0, 0, 0x1800, RW), SMMUV3_ERR_ALIGN);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, top - 0x1000, 0, 0x2000, RW), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, top, 0, 0x1000, RW), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, UINT64_MAX - 0xfff, 0, 0x2000, RW),
			 SMMUV3_ERR_OVERFLOW);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0, UINT64_MAX - 0xfff, 0x2000, RW),
			 SMMUV3_ERR_OVERFLOW);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0, (UINT64_C(1) << 40) - 0x1000, 0x2000, RW),
			 SMMUV3_ERR_RANGE);
	/* Overlaps: inside a block, straddling its end, onto pages. */
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x300000, 0, 0x1000, RW), SMMUV3_ERR_EXISTS);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x1ff000, 0, 0x2000, RW), SMMUV3_ERR_EXISTS);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x5ff000, 0, 0x8000, RW), SMMUV3_ERR_EXISTS);
	assert_int_equal(e->tp.live_bytes, bytes);

	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x300000, 0x1000, &u), SMMUV3_ERR_SPLIT);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x200000, 0x100000, &u), SMMUV3_ERR_SPLIT);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x600000, 0x4000, &u), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x5ff000, 0x2000, &u), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x900000, 0x1000, &u), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x600000, 0x800, &u), SMMUV3_ERR_ALIGN);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, top, 0x1000, &u), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x600000, 0, &u), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, top, &pa, NULL), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, 0x900000, &pa, NULL), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, 0x900000, NULL, NULL), SMMUV3_ERR_INVAL);
	/* Nothing changed. */
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, 0x3ff008, &pa, NULL), 0);
	assert_int_equal(pa, 0x5ff008);
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, 0x602000, &pa, NULL), 0);
	assert_int_equal(pa, 0x803000);
	assert_int_equal(e->tp.live_bytes, bytes);

	/* Whole block out: leaf only, nothing freed. */
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x200000, 0x200000, &u), 0);
	assert_true(u.leaf_only);
	assert_int_equal(u.leaf_level, 2);
	assert_int_equal(u.leaves, 1);
	/* Last pages out: their leaf table and the level-2 table go. */
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x600000, 0x3000, &u), 0);
	assert_false(u.leaf_only);
	assert_int_equal(u.leaf_level, 3);
	assert_int_equal(u.leaves, 3);
	assert_int_equal(u.tables_freed, 2);
	/* Deferred until reclaim. */
	assert_int_equal(e->tp.live_bytes, bytes);
	assert_int_equal(smmuv3_pgtable_reclaim(&e->pt), 2);
	/* Both emptied entry by entry: kept in the cache until trimmed. */
	assert_int_equal(e->pt.stats.cached_bytes, 2 * 4096);
	assert_int_equal(e->tp.live_bytes, e->pt.root_bytes + 2 * 4096);
	assert_int_equal(smmuv3_pgtable_trim(&e->pt), 2);
	assert_int_equal(e->tp.live_bytes, e->pt.root_bytes);
	assert_int_equal(e->pt.stats.table_bytes, e->pt.root_bytes);
	env_free(e);
}

/* ---- randomized comparison with a reference model ---- */

#define NONE UINT64_MAX

struct model {
	uint64_t base;       /* iova of page 0 of the window */
	size_t pages;
	uint64_t *pa;        /* per page, NONE if unmapped */
	uint32_t *leaf_first;/* first page of the leaf (page or block) */
	uint32_t *leaf_pages;
	uint8_t *prot;
};

static uint64_t rnd_state;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static uint32_t norm_prot(const struct smmuv3_pgtable *pt, uint32_t prot)
{
	return pt->cfg.stage == SMMUV3_PGTABLE_STAGE1 ? prot | SMMUV3_PROT_READ : prot;
}

static int model_map(struct model *m, const struct smmuv3_pgtable *pt, size_t p0, size_t n,
		     uint64_t pa, uint32_t prot)
{
	unsigned int g = pt->cfg.granule_log2, s = g - 3;
	unsigned int lowest = pt->cfg.flags & SMMUV3_PGTABLE_F_NO_BLOCKS ? 4 : g == 12 ? 1 : 2;

	for (size_t p = p0; p < p0 + n; p++)
		if (m->pa[p] != NONE)
			return SMMUV3_ERR_EXISTS;
	for (size_t p = p0; p < p0 + n;) {
		size_t len = 1;

		for (unsigned int l = lowest; l < 3; l++) {
			uint64_t bp = UINT64_C(1) << ((3 - l) * s); /* pages per block */
			uint64_t iova = m->base + ((uint64_t)p << g);
			uint64_t opa = pa + ((uint64_t)(p - p0) << g);

			if (!((iova >> g) & (bp - 1)) && !((opa >> g) & (bp - 1)) && p + bp <= p0 + n) {
				len = bp;
				break;
			}
		}
		for (size_t k = 0; k < len; k++) {
			m->pa[p + k] = pa + ((uint64_t)(p + k - p0) << g);
			m->leaf_first[p + k] = (uint32_t)p;
			m->leaf_pages[p + k] = (uint32_t)len;
			m->prot[p + k] = (uint8_t)prot;
		}
		p += len;
	}
	return 0;
}

static int model_unmap(struct model *m, size_t p0, size_t n, uint64_t *leaves)
{
	*leaves = 0;
	for (size_t p = p0; p < p0 + n; p++) {
		if (m->pa[p] == NONE)
			return SMMUV3_ERR_NOENT;
		if (m->leaf_first[p] < p0 || m->leaf_first[p] + m->leaf_pages[p] > p0 + n)
			return SMMUV3_ERR_SPLIT;
	}
	for (size_t p = p0; p < p0 + n; p++) {
		if (m->leaf_first[p] == p)
			(*leaves)++;
		m->pa[p] = NONE;
	}
	return 0;
}

static void check_page(struct ptenv *e, struct model *m, size_t p)
{
	uint64_t iova = m->base + ((uint64_t)p << e->pt.cfg.granule_log2) + 8, pa;
	uint32_t prot;
	int rc = smmuv3_pgtable_iova_to_phys(&e->pt, iova, &pa, &prot);

	if (m->pa[p] == NONE) {
		if (rc != SMMUV3_ERR_NOENT)
			fail_msg("page %zu: expected unmapped, got rc %d pa %llx", p, rc,
				 (unsigned long long)pa);
		return;
	}
	if (rc || pa != m->pa[p] + 8 || prot != norm_prot(&e->pt, m->prot[p]))
		fail_msg("page %zu: rc %d pa %llx (want %llx) prot %x (want %x)", p, rc,
			 (unsigned long long)pa, (unsigned long long)m->pa[p] + 8, prot,
			 norm_prot(&e->pt, m->prot[p]));
}

static void check_range(struct ptenv *e, struct model *m, size_t p0, size_t n)
{
	size_t step = n > 64 ? n / 64 : 1;

	for (size_t p = p0; p < p0 + n; p += step)
		check_page(e, m, p);
	if (n)
		check_page(e, m, p0 + n - 1);
	if (p0)
		check_page(e, m, p0 - 1);
	if (p0 + n < m->pages)
		check_page(e, m, p0 + n);
}

static uint32_t random_prot(const struct smmuv3_pgtable *pt)
{
	uint32_t prot = (uint32_t)rnd_below(8) | SMMUV3_PROT_READ;

	if (pt->cfg.stage == SMMUV3_PGTABLE_STAGE1)
		prot |= (uint32_t)rnd_below(2) * SMMUV3_PROT_PRIV;
	else if (rnd_below(4) == 0)
		prot &= ~(uint32_t)SMMUV3_PROT_READ, prot |= SMMUV3_PROT_WRITE;
	return prot | (uint32_t)SMMUV3_FIELD_PREP(SMMUV3_PROT_MEM, rnd_below(4));
}

static void random_ops(struct ptenv *e, size_t window_pages, uint64_t window_base, unsigned int ops)
{
	struct smmuv3_pgtable *pt = &e->pt;
	unsigned int g = pt->cfg.granule_log2, s = g - 3;
	size_t tbl = (size_t)1 << s;          /* pages per leaf table */
	size_t blk = tbl;                     /* pages per smallest block */
	struct model m = { .base = window_base, .pages = window_pages };
	unsigned long ok_maps = 0, ok_unmaps = 0, errs = 0, freed = 0;
	size_t mapped = 0;
	unsigned long n_exists = 0, n_noent = 0, n_split = 0;
	uint64_t oa_limit = UINT64_C(1) << pt->cfg.oas_bits;

	m.pa = malloc(window_pages * sizeof(*m.pa));
	m.leaf_first = malloc(window_pages * sizeof(*m.leaf_first));
	m.leaf_pages = malloc(window_pages * sizeof(*m.leaf_pages));
	m.prot = malloc(window_pages);
	assert_true(m.pa && m.leaf_first && m.leaf_pages && m.prot);
	for (size_t p = 0; p < window_pages; p++)
		m.pa[p] = NONE;

	for (unsigned int op = 0; op < ops; op++) {
		unsigned int kind = (unsigned int)rnd_below(100);
		size_t p0, n;
		int rc, want;
		bool is_map, draining;

		/* Range: small, around a table, or block-aligned. */
		if (kind % 4 == 0) {
			n = blk * (1 + rnd_below(3));
			p0 = rnd_below(window_pages / blk) * blk;
		} else if (kind % 4 == 1) {
			n = 1 + rnd_below(3 * tbl);
			p0 = rnd_below(window_pages);
		} else {
			n = 1 + rnd_below(16);
			p0 = rnd_below(window_pages);
		}
		if (p0 + n > window_pages)
			n = window_pages - p0;
		if (!n)
			continue;

		/* Alternate filling and draining phases so tables empty. */
		draining = (op / 400) % 2;
		is_map = kind < (draining ? 10 : mapped * 2 > window_pages ? 35 : 75);
		if (is_map && rnd_below(8)) {
			/* Mostly into free space: start on a free page, stop
			 * before the next mapped one. */
			for (int tries = 0; tries < 16 && m.pa[p0] != NONE; tries++)
				p0 = kind % 4 == 0 ? rnd_below(window_pages / blk) * blk :
				     rnd_below(window_pages);
			for (size_t k = 1; k < n; k++)
				if (p0 + k >= window_pages || m.pa[p0 + k] != NONE) {
					n = k;
					break;
				}
		}
		if (is_map) {
			uint64_t pa = rnd_below((oa_limit >> g) - n) << g;
			uint32_t prot = random_prot(pt);

			if (kind % 4 == 0 || rnd_below(3) == 0) /* make blocks possible */
				pa = (pa & ~((uint64_t)blk - 1) << g) |
				     (((m.base >> g) + p0) & (blk - 1)) << g;
			if (pa + ((uint64_t)n << g) > oa_limit)
				continue;
			want = model_map(&m, pt, p0, n, pa, prot);

			rc = smmuv3_pgtable_map(pt, m.base + ((uint64_t)p0 << g), pa,
						(uint64_t)n << g, prot);
			ok_maps += !rc;
			if (!rc)
				mapped += n;
		} else {
			struct smmuv3_pgtable_unmapped u;
			uint64_t leaves;
			size_t before = e->tp.live_bytes;

			/* Often unmap exactly what a leaf or a run of leaves covers. */
			for (int tries = 0; tries < 8 && m.pa[p0] == NONE && rnd_below(8); tries++)
				p0 = rnd_below(window_pages);
			if (rnd_below(4) == 0 && m.pa[p0] != NONE && m.leaf_pages[p0] > 1) {
				/* Part of a block: must be refused. */
				p0 = m.leaf_first[p0] + rnd_below(m.leaf_pages[p0] - 1) + 1;
				n = 1 + rnd_below(m.leaf_pages[p0]);
			} else if (rnd_below(8) && m.pa[p0] != NONE) {
				size_t q = m.leaf_first[p0], end = q + m.leaf_pages[q];

				while (rnd_below(draining ? 64 : 3) && end < window_pages &&
				       m.pa[end] != NONE)
					end = m.leaf_first[end] + m.leaf_pages[end];
				p0 = q;
				n = end - q;
			}
			if (p0 + n > window_pages)
				n = window_pages - p0;
			want = model_unmap(&m, p0, n, &leaves);
			rc = smmuv3_pgtable_unmap(pt, m.base + ((uint64_t)p0 << g), (uint64_t)n << g, &u);
			if (!rc) {
				mapped -= n;
				ok_unmaps++;
				freed += u.tables_freed;
				assert_int_equal(u.leaves, leaves);
				assert_int_equal(u.leaf_only, u.tables_freed == 0);
				assert_int_equal(pt->stats.deferred_bytes >= u.tables_freed * pt->granule, 1);
				assert_int_equal(e->tp.live_bytes, before);
			}
			if (rnd_below(2)) {
				size_t deferred = pt->stats.deferred_bytes;
				size_t cached = pt->stats.cached_bytes;

				smmuv3_pgtable_reclaim(pt);
				assert_int_equal(e->tp.live_bytes,
						 before - deferred + (pt->stats.cached_bytes - cached));
				assert_true(pt->stats.cached_bytes <= pt->cache_max * pt->granule);
			}
		}
		if (rc != want)
			fail_msg("op %u (%s p0 %zu n %zu base %llx): rc %d, model %d", op,
				 is_map ? "map" : "unmap", p0, n, (unsigned long long)m.base, rc, want);
		errs += rc != 0;
		n_exists += rc == SMMUV3_ERR_EXISTS;
		n_noent += rc == SMMUV3_ERR_NOENT;
		n_split += rc == SMMUV3_ERR_SPLIT;
		assert_int_equal(e->tp.live_bytes, pt->stats.table_bytes);
		check_range(e, &m, p0, n);
		/* While draining, sometimes empty a whole leaf-table region
		 * leaf by leaf, so tables become empty and are freed. */
		if (draining && rnd_below(4) == 0) {
			size_t r0 = rnd_below(window_pages / tbl) * tbl;

			for (size_t p = r0; p < r0 + tbl && p < window_pages; p++) {
				struct smmuv3_pgtable_unmapped u;
				size_t q, len;
				uint64_t leaves;

				if (m.pa[p] == NONE)
					continue;
				q = m.leaf_first[p];
				len = m.leaf_pages[q];
				assert_int_equal(model_unmap(&m, q, len, &leaves), 0);
				assert_int_equal(smmuv3_pgtable_unmap(pt, m.base + ((uint64_t)q << g),
								      (uint64_t)len << g, &u), 0);
				assert_int_equal(u.leaves, 1);
				freed += u.tables_freed;
				mapped -= len;
				check_range(e, &m, q, len);
				p = q + len - 1;
			}
			smmuv3_pgtable_reclaim(pt);
			assert_int_equal(e->tp.live_bytes, pt->stats.table_bytes);
		}
		if (op % 1000 == 999)
			for (size_t p = 0; p < window_pages; p += 1 + rnd_below(8))
				check_page(e, &m, p);
	}
	for (size_t p = 0; p < window_pages; p++)
		check_page(e, &m, p);
	if (getenv("PGT_VERBOSE"))
		printf("maps %lu unmaps %lu errors %lu (exists %lu noent %lu split %lu) freed %lu\n",
		       ok_maps, ok_unmaps, errs, n_exists, n_noent, n_split, freed);
	/* Every operation kind happened and tables were freed. */
	assert_true(ok_maps > ops / 10 && ok_unmaps > ops / 20 && freed > 0);
	assert_true(n_exists > 10 && n_noent > 10);
	assert_true(n_split > 5 || (pt->cfg.flags & SMMUV3_PGTABLE_F_NO_BLOCKS));

	/* Unmap everything leaf by leaf: memory back to the root. */
	for (size_t p = 0; p < window_pages;) {
		struct smmuv3_pgtable_unmapped u;

		if (m.pa[p] == NONE) {
			p++;
			continue;
		}
		assert_int_equal(smmuv3_pgtable_unmap(pt, m.base + ((uint64_t)p << g),
						      (uint64_t)m.leaf_pages[p] << g, &u), 0);
		p += m.leaf_pages[p];
	}
	smmuv3_pgtable_reclaim(pt);
	/* The root and the cache, within its bound; then the root only. */
	assert_int_equal(e->tp.live_bytes, pt->root_bytes + pt->stats.cached_bytes);
	assert_int_equal(pt->stats.table_bytes, e->tp.live_bytes);
	assert_true(pt->stats.cached_bytes <= pt->cache_max * pt->granule);
	{
		size_t cached = pt->stats.cached_bytes;

		assert_int_equal(smmuv3_pgtable_trim(pt), cached / pt->granule);
	}
	assert_int_equal(e->tp.live_bytes, pt->root_bytes);
	assert_int_equal(pt->stats.table_bytes, pt->root_bytes);
	free(m.pa);
	free(m.leaf_first);
	free(m.leaf_pages);
	free(m.prot);
}

struct rcase {
	enum smmuv3_pgtable_stage stage;
	unsigned int g, ias, oas;
	bool coherent;
	uint32_t flags;
	unsigned int window_blocks; /* in smallest blocks */
	bool at_top;                /* window at the end of the input space */
};

static void run_random(const struct rcase *rc, uint64_t seed)
{
	struct ptenv *e = env_new(rc->stage, rc->g, rc->ias, rc->oas, rc->coherent, rc->flags);
	unsigned int s = rc->g - 3;
	size_t window = (size_t)rc->window_blocks << s;
	uint64_t span = (uint64_t)window << rc->g, base;

	rnd_state = seed;
	/* Straddle a boundary of the level above the smallest block. */
	base = rc->at_top ? (UINT64_C(1) << rc->ias) - span :
	       ((UINT64_C(1) << (rc->g + 2 * s)) * (1 + rnd_below(4))) - span / 2;
	if (base + span > UINT64_C(1) << rc->ias)
		base = (UINT64_C(1) << rc->ias) - span;
	random_ops(e, window, base, 4000);
	if (!rc->coherent)
		assert_true(e->pt.stats.cleans > 0);
	else
		assert_int_equal(e->pt.stats.cleans, 0);
	env_free(e);
}

static void random_4k(void **state)
{
	static const struct rcase cases[] = {
		{ SMMUV3_PGTABLE_STAGE1, 12, 48, 48, true, 0, 8, false },
		{ SMMUV3_PGTABLE_STAGE1, 12, 39, 44, false, 0, 6, true },
		{ SMMUV3_PGTABLE_STAGE2, 12, 40, 40, true, 0, 8, false },
		{ SMMUV3_PGTABLE_STAGE2, 12, 44, 48, true, 0, 8, true },
		{ SMMUV3_PGTABLE_STAGE1, 12, 32, 48, true, SMMUV3_PGTABLE_F_NO_BLOCKS, 4, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_random(&cases[i], 0x9e3779b97f4a7c15ull + i);
}

static void random_16k(void **state)
{
	static const struct rcase cases[] = {
		{ SMMUV3_PGTABLE_STAGE1, 14, 47, 48, true, 0, 6, false },
		{ SMMUV3_PGTABLE_STAGE2, 14, 40, 44, false, 0, 6, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_random(&cases[i], 0x1234567ull + i);
}

static void random_64k(void **state)
{
	static const struct rcase cases[] = {
		{ SMMUV3_PGTABLE_STAGE1, 16, 48, 48, true, 0, 2, false },
		{ SMMUV3_PGTABLE_STAGE2, 16, 52, 52, true, 0, 2, true },
		{ SMMUV3_PGTABLE_STAGE2, 16, 42, 48, false, 0, 2, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_random(&cases[i], 0xabcdef01ull + i);
}

/* ---- allocation failure in mid-map ---- */

static void alloc_failure_mid_map(void **state)
{
	struct ptenv *e = env_new(SMMUV3_PGTABLE_STAGE1, 12, 48, 48, false, 0);
	/* 36 MiB across a level-1 boundary, pa misaligned so every leaf is a
	 * page: 18 new leaf tables under two existing level-2 tables. */
	uint64_t iova = 0x7fe00000, size = 0x2400000, pa = 0x100001000, got;
	unsigned long fails = 0;
	size_t bytes;
	int rc;

	(void)state;
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x82300000, 0x1000, 0x1000, RW), 0);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x7fd00000, 0x2000, 0x1000, RW), 0);
	bytes = e->tp.live_bytes;
	for (long k = 0;; k++) {
		e->tp.fail_in = k;
		rc = smmuv3_pgtable_map(&e->pt, iova, pa, size, RW);
		if (!rc)
			break;
		assert_int_equal(rc, SMMUV3_ERR_NOMEM);
		fails++;
		assert_int_equal(e->tp.live_bytes, bytes);
		assert_int_equal(e->pt.stats.table_bytes, bytes);
		assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, iova, &got, NULL), SMMUV3_ERR_NOENT);
		assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, iova + size - 1, &got, NULL),
				 SMMUV3_ERR_NOENT);
		assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, 0x82300000, &got, NULL), 0);
		assert_int_equal(got, 0x1000);
	}
	e->tp.fail_in = -1;
	/* Every one of the 18 allocations was made to fail once. */
	assert_int_equal(fails, 18);
	assert_int_equal(e->tp.live_bytes, bytes + fails * 4096);
	for (uint64_t off = 0; off < size; off += 0x1000) {
		assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, iova + off, &got, NULL), 0);
		assert_int_equal(got, pa + off);
	}
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, iova + size - 8, &got, NULL), 0);
	assert_int_equal(got, pa + size - 8);
	env_free(e);
}

/* ---- the one-descent paths that create or empty a leaf table ---- */

/* A few pages inside one missing leaf table take map.c's single-descent
 * path (every missing table allocated before anything is written): each
 * allocation is made to fail once and must leave the table as it was. */
static void new_and_emptied_leaf_table(void **state)
{
	/* Non-coherent: every descriptor written must also be cleaned. */
	struct ptenv *e = env_new(SMMUV3_PGTABLE_STAGE1, 12, 48, 48, false, 0);
	static const struct {
		uint64_t iova;
		unsigned long tables; /* missing above the pages */
	} steps[] = {
		{ 0x8000203000, 3 },  /* empty table: levels 1, 2, 3 */
		{ 0x8000a00000, 1 },  /* same level-2 table, new leaf table */
		{ 0x80c0001000, 2 },  /* same level-1 table, new level 2 and 3 */
	};
	uint64_t got;
	unsigned int level;

	(void)state;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		size_t bytes = e->tp.live_bytes;
		unsigned long fails = 0, cleans;
		int rc;

		for (long k = 0;; k++) {
			e->tp.fail_in = k;
			cleans = e->tp.cleans;
			rc = smmuv3_pgtable_map(&e->pt, steps[i].iova, 0x40000000 + i * 0x10000,
						0x3000, RW);
			if (!rc)
				break;
			assert_int_equal(rc, SMMUV3_ERR_NOMEM);
			fails++;
			assert_int_equal(e->tp.live_bytes, bytes);
			assert_int_equal(e->pt.stats.table_bytes, bytes);
			assert_int_equal(e->tp.cleans, cleans);
			assert_int_equal(raw_leaf(e, steps[i].iova, &level), 0);
		}
		e->tp.fail_in = -1;
		assert_int_equal(fails, steps[i].tables);
		assert_int_equal(e->tp.live_bytes, bytes + fails * 4096);
		assert_int_equal(e->pt.stats.table_bytes, e->tp.live_bytes);
		/* One clean for the three leaves, one per new table
		 * descriptor (the one written into the existing table
		 * included), and one for the count of the existing table
		 * unless it is the root. */
		assert_int_equal(e->tp.cleans - cleans, 1 + steps[i].tables + (i ? 1 : 0));
		for (uint64_t off = 0; off < 0x3000; off += 0x1000) {
			uint64_t d = raw_leaf(e, steps[i].iova + off, &level);

			assert_int_equal(level, 3);
			assert_int_equal(d & 3, 3);
			assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, steps[i].iova + off,
								     &got, NULL), 0);
			assert_int_equal(got, 0x40000000 + i * 0x10000 + off);
		}
		assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, steps[i].iova + 0x3000, &got,
							     NULL), SMMUV3_ERR_NOENT);
	}
	/* The counts kept on the way let unmapping everything give every
	 * table back but the root. Each unmap empties its leaf table: the
	 * leaves, every unlinked table descriptor and the count of the
	 * table left non-empty (none for the root) are cleaned. */
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		static const unsigned int freed[] = { 1, 2, 3 }, cleaned[] = { 3, 4, 4 };
		struct smmuv3_pgtable_unmapped u;
		unsigned long cleans = e->tp.cleans;

		assert_int_equal(smmuv3_pgtable_unmap(&e->pt, steps[i].iova, 0x3000, &u), 0);
		assert_false(u.leaf_only);
		assert_int_equal(u.leaf_level, 3);
		assert_int_equal(u.leaves, 3);
		assert_int_equal(u.tables_freed, freed[i]);
		assert_int_equal(e->tp.cleans - cleans, cleaned[i]);
		assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, steps[i].iova, &got, NULL),
				 SMMUV3_ERR_NOENT);
	}
	smmuv3_pgtable_reclaim(&e->pt);
	smmuv3_pgtable_trim(&e->pt);
	assert_int_equal(e->pt.stats.table_bytes, e->pt.root_bytes);
	assert_int_equal(e->tp.live_bytes, e->pt.root_bytes);
	env_free(e);
}

/* ---- the cache of emptied tables ---- */

/* Every entry of the tables on the way to @iova but the one followed (and
 * the leaf itself) is zero: a reused table carries nothing stale. */
static void assert_only_way(struct ptenv *e, uint64_t iova)
{
	unsigned int g = e->pt.cfg.granule_log2, s = g - 3;
	uint64_t *t = e->pt.root;

	for (unsigned int l = e->pt.start_level; l <= 3; l++) {
		unsigned int shift = g + (3 - l) * s;
		size_t n = l == e->pt.start_level ? e->pt.root_bytes / 8 : (size_t)1 << s;
		size_t idx = (size_t)(iova >> shift) & (n - 1);

		for (size_t i = 0; i < n; i++)
			if (i != idx && l != e->pt.start_level)
				assert_int_equal(t[i], 0);
		if (l == 3 || (t[idx] & 3) != 3)
			return;
		t = smmuv3_test_port_pa_to_va(&e->tp, t[idx] & SMMUV3_GENMASK(47, g), 8);
		assert_non_null(t);
	}
}

static void cache_reuse_bound_trim(void **state)
{
	/* Non-coherent: reused tables must be cleaned where they changed. */
	struct ptenv *e = env_new(SMMUV3_PGTABLE_STAGE1, 12, 48, 48, false, 0);
	struct smmuv3_pgtable_unmapped u;
	const uint64_t a = 0x8000203000, b = 0x9000400000;
	unsigned long allocs, frees;
	uint64_t got;

	(void)state;
	assert_int_equal(e->pt.cache_max, SMMUV3_PGTABLE_CACHE_DEFAULT);
	/* A page mapped and unmapped again and again: the first map
	 * allocates three tables, every later one takes them back from the
	 * cache (no port call), zero but for the new way. */
	for (int round = 0; round < 4; round++) {
		allocs = e->tp.allocs;
		if (round)
			e->tp.fail_in = 0; /* any allocation would fail */
		assert_int_equal(smmuv3_pgtable_map(&e->pt, a, 0x40000000 + round * 0x1000,
						    0x1000, RW), 0);
		e->tp.fail_in = -1;
		assert_int_equal(e->tp.allocs - allocs, round ? 0 : 3);
		assert_int_equal(e->pt.stats.cached_bytes, 0);
		assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, a + 8, &got, NULL), 0);
		assert_int_equal(got, 0x40000000 + round * 0x1000 + 8);
		assert_only_way(e, a);
		assert_int_equal(e->tp.live_bytes, e->pt.stats.table_bytes);
		assert_int_equal(e->tp.live_bytes, e->pt.root_bytes + 3 * 4096);

		assert_int_equal(smmuv3_pgtable_unmap(&e->pt, a, 0x1000, &u), 0);
		assert_int_equal(u.tables_freed, 3);
		assert_false(u.leaf_only);
		assert_int_equal(e->pt.stats.deferred_bytes, 3 * 4096);
		frees = e->tp.frees;
		assert_int_equal(smmuv3_pgtable_reclaim(&e->pt), 3);
		assert_int_equal(e->tp.frees, frees);
		assert_int_equal(e->pt.stats.cached_bytes, 3 * 4096);
		assert_int_equal(e->pt.stats.deferred_bytes, 0);
		assert_int_equal(e->tp.live_bytes, e->pt.stats.table_bytes);
	}
	/* A second page under the same level-1 table but another level-2
	 * entry, with the cache emptied by the first: its two tables come
	 * from the port, and failing either leaves the cache and the memory
	 * as they were. */
	assert_int_equal(smmuv3_pgtable_map(&e->pt, a, 0x1000, 0x1000, RW), 0);
	for (long k = 0; k < 2; k++) {
		size_t live = e->tp.live_bytes, cached = e->pt.stats.cached_bytes;

		e->tp.fail_in = k;
		assert_int_equal(smmuv3_pgtable_map(&e->pt, b, 0x2000, 0x1000, RW),
				 SMMUV3_ERR_NOMEM);
		e->tp.fail_in = -1;
		assert_int_equal(e->tp.live_bytes, live);
		assert_int_equal(e->pt.stats.cached_bytes, cached);
	}
	assert_int_equal(smmuv3_pgtable_map(&e->pt, b, 0x2000, 0x1000, RW), 0);
	/* Both unmapped: five tables emptied, the bound (4) keeps four. */
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, a, 0x1000, &u), 0);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, b, 0x1000, &u), 0);
	frees = e->tp.frees;
	assert_int_equal(smmuv3_pgtable_reclaim(&e->pt), 5);
	assert_int_equal(e->tp.frees - frees, 1);
	assert_int_equal(e->pt.stats.cached_bytes, 4 * 4096);
	assert_int_equal(e->tp.live_bytes, e->pt.root_bytes + 4 * 4096);
	/* Trim: memory back to the root. */
	assert_int_equal(smmuv3_pgtable_trim(&e->pt), 4);
	assert_int_equal(smmuv3_pgtable_trim(&e->pt), 0);
	assert_int_equal(e->pt.stats.cached_bytes, 0);
	assert_int_equal(e->tp.live_bytes, e->pt.root_bytes);
	assert_int_equal(e->pt.stats.table_bytes, e->pt.root_bytes);
	assert_int_equal(e->pt.stats.tables, 1);
	/* A table unlinked whole keeps its entries: freed, never cached. */
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8000200000, 0x40001000, 0x200000, RW), 0);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x8000200000, 0x200000, &u), 0);
	assert_int_equal(u.tables_freed, 3);
	assert_int_equal(smmuv3_pgtable_reclaim(&e->pt), 3);
	assert_int_equal(e->pt.stats.cached_bytes, 2 * 4096);
	assert_int_equal(smmuv3_pgtable_trim(&e->pt), 2);
	assert_int_equal(smmuv3_pgtable_trim(NULL), 0);
	env_free(e);
}

static void cache_bound_and_off(void **state)
{
	struct ptenv *e2 = env_new_cache(SMMUV3_PGTABLE_STAGE1, 12, 48, 48, true, 0, 2);
	struct ptenv *e0 = env_new(SMMUV3_PGTABLE_STAGE1, 12, 48, 48, true,
				   SMMUV3_PGTABLE_F_NO_CACHE);
	struct ptenv *envs[] = { e2, e0 };
	struct smmuv3_pgtable pt;
	struct smmuv3_pgtable_cfg c = {
		.port = &e2->tp, .stage = SMMUV3_PGTABLE_STAGE1, .granule_log2 = 12,
		.ias_bits = 48, .oas_bits = 48, .coherent = true,
		.cache_tables = SMMUV3_PGTABLE_CACHE_MAX + 1,
	};

	(void)state;
	assert_int_equal(smmuv3_pgtable_init(&pt, &c), SMMUV3_ERR_INVAL);
	assert_int_equal(e2->pt.cache_max, 2);
	assert_int_equal(e0->pt.cache_max, 0);
	for (size_t i = 0; i < 2; i++) {
		struct ptenv *e = envs[i];
		size_t keep = i ? 0 : 2;

		for (int round = 0; round < 3; round++) {
			unsigned long allocs = e->tp.allocs;

			assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8000203000, 0x1000, 0x1000, RW),
					 0);
			assert_int_equal(e->tp.allocs - allocs, round ? 3 - keep : 3);
			assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x8000203000, 0x1000, NULL), 0);
			assert_int_equal(smmuv3_pgtable_reclaim(&e->pt), 3);
			assert_int_equal(e->pt.stats.cached_bytes, keep * 4096);
			assert_int_equal(e->tp.live_bytes, e->pt.root_bytes + keep * 4096);
		}
	}
	/* Destroy gives the cache back too (env_free checks the port). */
	env_free(e2);
	env_free(e0);
}

/* ---- block-sized calls: one descent to the block's level ---- */

static void block_fast_path(void **state)
{
	struct ptenv *e = env_new(SMMUV3_PGTABLE_STAGE1, 12, 48, 48, false, 0);
	struct smmuv3_pgtable_unmapped u;
	const uint64_t m2 = 0x200000, g1 = 0x40000000;
	unsigned int level;
	uint64_t got, d;
	size_t bytes;

	(void)state;
	/* 2 MiB block into an empty table: two new tables, a level-2 block. */
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8040000000, 0x80200000, m2, RW), 0);
	d = raw_leaf(e, 0x8040000000, &level);
	assert_int_equal(level, 2);
	assert_int_equal(d & 3, 1);
	assert_int_equal(e->tp.live_bytes, e->pt.root_bytes + 2 * 4096);
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, 0x80401ff008, &got, NULL), 0);
	assert_int_equal(got, 0x803ff008);
	/* A neighbour into the existing level-2 table: written in place. */
	bytes = e->tp.live_bytes;
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8040200000, 0x80600000, m2, RW), 0);
	assert_int_equal(e->tp.live_bytes, bytes);
	assert_int_equal(raw_leaf(e, 0x8040200000, &level) & 3, 1);
	assert_int_equal(level, 2);
	/* Overlaps: the block itself, a page in it, pages under a new
	 * block, a 1 GiB block over the level-2 table. */
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8040000000, 0x80200000, m2, RW),
			 SMMUV3_ERR_EXISTS);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8040001000, 0x1000, 0x1000, RW),
			 SMMUV3_ERR_EXISTS);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8040805000, 0x1000, 0x1000, RW), 0);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8040800000, 0x80800000, m2, RW),
			 SMMUV3_ERR_EXISTS);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8040000000, 0xc0000000, g1, RW),
			 SMMUV3_ERR_EXISTS);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x8040800000, m2, &u), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x8040400000, m2, &u), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, 0x8040805000, &got, NULL), 0);
	assert_int_equal(got, 0x1000);
	/* Unmap one block: leaf-only, level 2, nothing freed. */
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x8040200000, m2, &u), 0);
	assert_true(u.leaf_only);
	assert_int_equal(u.leaf_level, 2);
	assert_int_equal(u.leaves, 1);
	assert_int_equal(u.iova, 0x8040200000);
	assert_int_equal(u.size, m2);
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, 0x8040200000, &got, NULL),
			 SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x8040805000, 0x1000, &u), 0);
	assert_int_equal(u.tables_freed, 1);
	/* The last block: its level-2 and level-1 tables go. */
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x8040000000, m2, &u), 0);
	assert_false(u.leaf_only);
	assert_int_equal(u.leaf_level, 2);
	assert_int_equal(u.tables_freed, 2);
	smmuv3_pgtable_reclaim(&e->pt);
	smmuv3_pgtable_trim(&e->pt);
	assert_int_equal(e->tp.live_bytes, e->pt.root_bytes);

	/* 1 GiB block: level 1, and each allocation failing leaves nothing. */
	for (long k = 0;; k++) {
		e->tp.fail_in = k;
		if (!smmuv3_pgtable_map(&e->pt, 0x80c0000000, 0x140000000, g1, RW))
			break;
		assert_int_equal(e->tp.live_bytes, e->pt.root_bytes);
		assert_int_equal(raw_leaf(e, 0x80c0000000, &level), 0);
	}
	e->tp.fail_in = -1;
	d = raw_leaf(e, 0x80c0000000, &level);
	assert_int_equal(level, 1);
	assert_int_equal(d & 3, 1);
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, 0x80c0000000 + g1 - 8, &got, NULL), 0);
	assert_int_equal(got, 0x140000000 + g1 - 8);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x80c0200000, 0x80200000, m2, RW),
			 SMMUV3_ERR_EXISTS);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x80c0200000, m2, &u), SMMUV3_ERR_SPLIT);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x80c0000000, g1, &u), 0);
	assert_int_equal(u.leaf_level, 1);
	assert_int_equal(u.tables_freed, 1);
	/* A 2 MiB range of pages is not a block: the general path. */
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8040000000, 0x80201000, m2, RW), 0);
	assert_int_equal(raw_leaf(e, 0x8040000000, &level) & 3, 3);
	assert_int_equal(level, 3);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x8040000000, m2, &u), 0);
	assert_int_equal(u.leaf_level, 3);
	assert_int_equal(u.leaves, 512);
	smmuv3_pgtable_reclaim(&e->pt);
	env_free(e);
}

/* A run of blocks in one call: checked and written in one loop each. */
static void block_runs(void **state)
{
	struct ptenv *e = env_new(SMMUV3_PGTABLE_STAGE2, 12, 40, 40, true, 0);
	struct smmuv3_pgtable_unmapped u;
	const uint64_t m2 = 0x200000, base = 0x3fe00000, pa = 0x10200000;
	unsigned int level;
	uint64_t got;
	size_t bytes;

	(void)state;
	/* One block in the way: nothing of the run is written. */
	assert_int_equal(smmuv3_pgtable_map(&e->pt, base + 5 * m2, 0x1000000, m2, RW), 0);
	bytes = e->tp.live_bytes;
	assert_int_equal(smmuv3_pgtable_map(&e->pt, base, pa, 8 * m2, RW), SMMUV3_ERR_EXISTS);
	assert_int_equal(e->tp.live_bytes, bytes);
	for (unsigned int i = 0; i < 8; i++)
		if (i != 5)
			assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, base + i * m2, &got,
								     NULL), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, base + 5 * m2, m2, &u), 0);
	/* Eight blocks across a 1 GiB boundary (two level-2 tables). */
	assert_int_equal(smmuv3_pgtable_map(&e->pt, base, pa, 8 * m2, RW), 0);
	for (unsigned int i = 0; i < 8; i++) {
		assert_int_equal(raw_leaf(e, base + i * m2, &level) & 3, 1);
		assert_int_equal(level, 2);
		assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, base + i * m2 + 0x1234, &got,
							     NULL), 0);
		assert_int_equal(got, pa + i * m2 + 0x1234);
	}
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, base, 8 * m2, &u), 0);
	assert_int_equal(u.leaves, 8);
	assert_int_equal(u.leaf_level, 2);
	smmuv3_pgtable_reclaim(&e->pt);
	smmuv3_pgtable_trim(&e->pt);
	assert_int_equal(e->tp.live_bytes, e->pt.root_bytes);
	/* A 1 GiB block in the (concatenated, level-1) root itself: no table
	 * on the way, none to free. */
	assert_int_equal(e->pt.start_level, 1);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x8000000000 - 0x40000000, 0x40000000,
					    0x40000000, RW), 0);
	assert_int_equal(raw_leaf(e, 0x8000000000 - 8, &level) & 3, 1);
	assert_int_equal(level, 1);
	assert_int_equal(e->tp.live_bytes, e->pt.root_bytes);
	assert_int_equal(smmuv3_pgtable_map(&e->pt, 0x7fc0000000, 0, 0x40000000, RW),
			 SMMUV3_ERR_EXISTS);
	assert_int_equal(smmuv3_pgtable_unmap(&e->pt, 0x7fc0000000, 0x40000000, &u), 0);
	assert_true(u.leaf_only);
	assert_int_equal(u.leaf_level, 1);
	assert_int_equal(smmuv3_pgtable_iova_to_phys(&e->pt, 0x7fc0000000, &got, NULL),
			 SMMUV3_ERR_NOENT);
	env_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(geometry),
		cmocka_unit_test(bad_formats),
		cmocka_unit_test(stage1_descriptor_bits),
		cmocka_unit_test(stage2_descriptor_bits),
		cmocka_unit_test(oa52_with_64k),
		cmocka_unit_test(map_unmap_errors),
		cmocka_unit_test(random_4k),
		cmocka_unit_test(random_16k),
		cmocka_unit_test(random_64k),
		cmocka_unit_test(alloc_failure_mid_map),
		cmocka_unit_test(new_and_emptied_leaf_table),
		cmocka_unit_test(cache_reuse_bound_trim),
		cmocka_unit_test(cache_bound_and_off),
		cmocka_unit_test(block_fast_path),
		cmocka_unit_test(block_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
