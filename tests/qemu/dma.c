// SPDX-License-Identifier: BSD-3-Clause
/*
 * QEMU integration scenarios with translation: edu's DMA through domains
 * built by the library, checked against what QEMU's SMMU model does.
 * One scenario per boot, named on the kernel command line.
 */
#include <string.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/evtq.h>
#include <bm/bm.h>

#include "domain.h"
#include "edu.h"

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			bm_printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);     \
			return 1;                                                     \
		}                                                                     \
	} while (0)

#define OK(expr)                                                                      \
	do {                                                                          \
		int rc_ = (expr);                                                     \
		if (rc_) {                                                            \
			bm_printf("FAIL %s:%d: %s: %s\n", __FILE__, __LINE__, #expr,  \
				  smmuv3_strerror(rc_));                              \
			return 1;                                                     \
		}                                                                     \
	} while (0)

#define OWNER_A 0xa0u
#define OWNER_B 0xb0u
#define IOVA 0x100000u
#define IOVA_OUT 0x300000u

struct faults {
	volatile unsigned count;
	struct smmuv3_event last;
	uint32_t owner;
};

static enum smmuv3_stall_action on_fault(void *arg, const struct smmuv3_event *ev,
					 uint32_t owner, bool owned)
{
	struct faults *f = arg;
	char line[200];

	smmuv3_event_format(ev, line, sizeof(line));
	bm_printf("  event (owner %#x%s): %s\n", (unsigned)owner, owned ? "" : ", unowned", line);
	f->last = *ev;
	f->owner = owner;
	f->count++;
	return SMMUV3_STALL_ABORT;
}

/* Handle pending events and errors; the count does not matter here. */
static int poll_events(struct smmuv3 *smmu)
{
	int rc = smmuv3_poll(smmu);

	return rc < 0 ? rc : 0;
}

struct env {
	struct bm_smmu_port port;
	struct smmuv3 smmu;
	struct edu edu[2];
	struct smmuv3_fault_handler h[2];
	struct faults f[2];
};

static struct env env;

/* Bring up edu(s) and the SMMU in front of them, @cfg_fn adjusting the config. */
static int env_up(unsigned n_edu, void (*cfg_fn)(struct smmuv3_config *), bool wired)
{
	struct smmuv3_config cfg;
	unsigned i;

	for (i = 0; i < n_edu; i++)
		OK(edu_init(&env.edu[i], i));
	OK(bm_smmu_port_init(&env.port, env.edu[0].smmu));
	env.port.wired_irqs = wired;
	smmuv3_config_default(&cfg);
	cfg.base = (uintptr_t)env.port.desc->base;
	cfg.port = &env.port;
	cfg.name = env.port.name;
	if (wired)
		cfg.irq_mode = SMMUV3_IRQ_MODE_WIRED;
	if (cfg_fn)
		cfg_fn(&cfg);
	OK(smmuv3_init(&env.smmu, &cfg));
	OK(smmuv3_probe(&env.smmu));
	OK(smmuv3_reset(&env.smmu));
	for (i = 0; i < 2; i++) {
		env.h[i].owner = i ? OWNER_B : OWNER_A;
		env.h[i].event = on_fault;
		env.h[i].arg = &env.f[i];
		OK(smmuv3_fault_handler_register(&env.smmu, &env.h[i]));
	}
	return 0;
}

static int env_down(void)
{
	OK(smmuv3_fault_handler_unregister(&env.smmu, &env.h[0]));
	OK(smmuv3_fault_handler_unregister(&env.smmu, &env.h[1]));
	OK(smmuv3_teardown(&env.smmu));
	CHECK(bm_dma_used() == 0);
	return 0;
}

static void fill(uint8_t *p, unsigned n, unsigned seed)
{
	unsigned i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 13u + seed);
}

/* edu copies n bytes from @in to @out (two DMAs through the SMMU). */
static int copy(struct edu *e, uint64_t in, uint64_t out, unsigned n)
{
	OK(edu_dma(e, in, 0, n, false));
	OK(edu_dma(e, out, 0, n, true));
	return 0;
}

/* A domain of @kind for edu 0 with @src mapped at IOVA and @dst at IOVA_OUT. */
static int one_domain(struct domain *d, enum domain_kind kind, uint8_t **src, uint8_t **dst,
		      uint64_t *src_pa)
{
	uint64_t dst_pa;

	OK(domain_init(d, &env.smmu, kind, 12, OWNER_A));
	OK(domain_attach(d, env.edu[0].sid));
	*src = bm_dma_alloc(4096, 4096, src_pa);
	*dst = bm_dma_alloc(4096, 4096, &dst_pa);
	CHECK(*src && *dst);
	OK(domain_map(d, IOVA, *src_pa, 4096, SMMUV3_PROT_READ));
	OK(domain_map(d, IOVA_OUT, dst_pa, 4096, SMMUV3_PROT_READ | SMMUV3_PROT_WRITE));
	return 0;
}

static int one_domain_down(struct domain *d, uint8_t *src, uint8_t *dst)
{
	OK(domain_detach(d, env.edu[0].sid));
	domain_fini(d);
	bm_dma_free(src, 4096);
	bm_dma_free(dst, 4096);
	return 0;
}

/* ---- scenarios ------------------------------------------------------------ */

static void cfg_linear(struct smmuv3_config *cfg)
{
	cfg->sid_bits = 8;               /* edu's 0x10 fits */
	cfg->strtab_linear_max_bits = 8; /* so the table is linear */
}

static void cfg_two_level(struct smmuv3_config *cfg)
{
	cfg->strtab_linear_max_bits = 0; /* always two-level */
}

/* Stage-1 DMA with the stream table in the format @cfg_fn asks for. */
static int strtab_format(void (*cfg_fn)(struct smmuv3_config *), unsigned want_fmt)
{
	struct domain d;
	uint8_t *src, *dst;
	uint64_t src_pa;

	CHECK(env_up(1, cfg_fn, false) == 0);
	CHECK(env.smmu.strtab.fmt == want_fmt);
	CHECK(one_domain(&d, DOMAIN_S1, &src, &dst, &src_pa) == 0);
	fill(src, 64, 3);
	CHECK(copy(&env.edu[0], IOVA, IOVA_OUT, 64) == 0);
	CHECK(!memcmp(src, dst, 64));
	CHECK(one_domain_down(&d, src, dst) == 0);
	return env_down();
}

static int scenario_linear(void)
{
	return strtab_format(cfg_linear, SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR);
}

static int scenario_two_level(void)
{
	return strtab_format(cfg_two_level, SMMUV3_STRTAB_BASE_CFG_FMT_2LVL);
}

/*
 * Two edus, two owners, two domains with the same IOVA mapped to different
 * buffers: each device reads its own, and a device touching an IOVA mapped
 * only in the other's domain faults, reported to its own owner.
 */
static int scenario_isolation(void)
{
	struct domain d[2];
	uint8_t *buf[2], *out[2];
	uint64_t pa, out_pa[2];
	unsigned i;

	CHECK(env_up(2, NULL, false) == 0);
	for (i = 0; i < 2; i++) {
		OK(domain_init(&d[i], &env.smmu, DOMAIN_S1, 12, i ? OWNER_B : OWNER_A));
		OK(domain_attach(&d[i], env.edu[i].sid));
		buf[i] = bm_dma_alloc(4096, 4096, &pa);
		out[i] = bm_dma_alloc(4096, 4096, &out_pa[i]);
		CHECK(buf[i] && out[i]);
		fill(buf[i], 64, 50u * i + 1u);
		OK(domain_map(&d[i], IOVA, pa, 4096, SMMUV3_PROT_READ));
		OK(domain_map(&d[i], IOVA_OUT, out_pa[i], 4096,
			      SMMUV3_PROT_READ | SMMUV3_PROT_WRITE));
	}
	for (i = 0; i < 2; i++) {
		CHECK(copy(&env.edu[i], IOVA, IOVA_OUT, 64) == 0);
		CHECK(!memcmp(out[i], buf[i], 64));
	}
	CHECK(memcmp(out[0], out[1], 64));
	bm_printf("each edu read its own buffer at the same IOVA\n");

	/* Only domain A maps 0x500000: edu B must fault there, owner B told. */
	OK(domain_map(&d[0], 0x500000, out_pa[0], 4096, SMMUV3_PROT_READ));
	CHECK(edu_dma(&env.edu[1], 0x500000, 0, 4, false) == 0);
	OK(poll_events(&env.smmu));
	CHECK(env.f[1].count == 1 && env.f[0].count == 0);
	CHECK(env.f[1].owner == OWNER_B && env.f[1].last.sid == env.edu[1].sid);
	CHECK(env.f[1].last.type == SMMUV3_EVT_F_TRANSLATION && env.f[1].last.addr == 0x500000);

	for (i = 0; i < 2; i++) {
		OK(domain_detach(&d[i], env.edu[i].sid));
		domain_fini(&d[i]);
		bm_dma_free(buf[i], 4096);
		bm_dma_free(out[i], 4096);
	}
	return env_down();
}

/*
 * QEMU's IOTLB is real: after an unmap without invalidation the device
 * still reaches the old page; the library's invalidation is what stops it.
 */
static int stale(enum domain_kind kind)
{
	struct domain d;
	uint8_t *src, *dst;
	uint64_t src_pa;

	CHECK(env_up(1, NULL, false) == 0);
	CHECK(one_domain(&d, kind, &src, &dst, &src_pa) == 0);
	fill(src, 64, 9);
	CHECK(copy(&env.edu[0], IOVA, IOVA_OUT, 64) == 0); /* caches IOVA's translation */
	CHECK(!memcmp(src, dst, 64));

	OK(domain_unmap(&d, IOVA, 4096, true)); /* tables changed, no TLBI */
	memset(dst, 0, 64);
	CHECK(copy(&env.edu[0], IOVA, IOVA_OUT, 64) == 0);
	OK(poll_events(&env.smmu));
	CHECK(!memcmp(src, dst, 64) && env.f[0].count == 0);
	bm_printf("without invalidation the stale translation still works (as it must)\n");

	OK(domain_flush(&d));
	memset(dst, 0xee, 4);
	CHECK(copy(&env.edu[0], IOVA, IOVA_OUT, 4) == 0);
	OK(poll_events(&env.smmu));
	CHECK(env.f[0].count == 1 && env.f[0].last.type == SMMUV3_EVT_F_TRANSLATION);
	CHECK(dst[0] == 0 && dst[3] == 0);
	bm_printf("after the invalidation the DMA faults\n");

	/* The library's own unmap path: map again, use, unmap with TLBI. */
	OK(domain_map(&d, IOVA, src_pa, 4096, SMMUV3_PROT_READ));
	CHECK(copy(&env.edu[0], IOVA, IOVA_OUT, 64) == 0);
	CHECK(!memcmp(src, dst, 64));
	OK(domain_unmap(&d, IOVA, 4096, false));
	CHECK(copy(&env.edu[0], IOVA, IOVA_OUT, 4) == 0);
	OK(poll_events(&env.smmu));
	CHECK(env.f[0].count == 2);
	CHECK(one_domain_down(&d, src, dst) == 0);
	return env_down();
}

static int scenario_stale(void)
{
	return stale(DOMAIN_S1);
}

/* The same at stage 2, where TLBI_S2_IPA does the invalidation. */
static int scenario_stale_s2(void)
{
	return stale(DOMAIN_S2);
}

/*
 * One unmap of 37 pages, invalidated with range TLBIs (QEMU implements
 * IDR3.RIL and decodes NUM/SCALE/TTL): at most two commands, and every
 * page that was cached, the last one included, faults afterwards.
 */
static int scenario_range(void)
{
	static const unsigned touch[] = { 0, 17, 36 };
	const uint64_t base = 0x800000, n = 37;
	struct domain d;
	uint8_t *buf;
	uint64_t pa;
	unsigned i;

	CHECK(env_up(1, NULL, false) == 0);
	CHECK(smmuv3_features(&env.smmu)->ril);
	OK(domain_init(&d, &env.smmu, DOMAIN_S1, 12, OWNER_A));
	OK(domain_attach(&d, env.edu[0].sid));
	buf = bm_dma_alloc(n * 4096, 4096, &pa);
	CHECK(buf);
	OK(domain_map(&d, base, pa, n * 4096, SMMUV3_PROT_READ));
	for (i = 0; i < 3; i++)
		CHECK(edu_dma(&env.edu[0], base + touch[i] * 4096u, 0, 4, false) == 0);
	OK(poll_events(&env.smmu));
	CHECK(env.f[0].count == 0);

	OK(domain_unmap(&d, base, n * 4096, false));
	bm_printf("37 pages invalidated with %lu range TLBI command(s)\n", d.tlbi_cmds);
	CHECK(d.tlbi_cmds >= 1 && d.tlbi_cmds <= 2);
	for (i = 0; i < 3; i++) {
		CHECK(edu_dma(&env.edu[0], base + touch[i] * 4096u, 0, 4, false) == 0);
		OK(poll_events(&env.smmu));
		CHECK(env.f[0].count == i + 1 && env.f[0].last.addr == base + touch[i] * 4096u);
	}

	OK(domain_detach(&d, env.edu[0].sid));
	domain_fini(&d);
	bm_dma_free(buf, n * 4096);
	return env_down();
}

/* A 2 MiB block mapping: DMA at both ends of the block lands right. */
static int scenario_block(void)
{
	const uint64_t blk = 2u << 20, iova = 0x400000;
	struct domain d;
	uint8_t *big, *out;
	uint64_t big_pa, out_pa, pa;

	CHECK(env_up(1, NULL, false) == 0);
	OK(domain_init(&d, &env.smmu, DOMAIN_S1, 12, OWNER_A));
	OK(domain_attach(&d, env.edu[0].sid));
	big = bm_dma_alloc(blk, blk, &big_pa);
	out = bm_dma_alloc(4096, 4096, &out_pa);
	CHECK(big && out);
	OK(domain_map(&d, iova, big_pa, blk, SMMUV3_PROT_READ));
	OK(domain_map(&d, IOVA_OUT, out_pa, 4096, SMMUV3_PROT_READ | SMMUV3_PROT_WRITE));
	OK(smmuv3_pgtable_iova_to_phys(&d.s1, iova + blk - 8, &pa, NULL));
	CHECK(pa == big_pa + blk - 8);
	CHECK(smmuv3_pgtable_stats(&d.s1)->tables <= 3); /* no level-3 table: a block */

	fill(big + blk - 64, 64, 77);
	CHECK(copy(&env.edu[0], iova + blk - 64, IOVA_OUT, 64) == 0);
	CHECK(!memcmp(out, big + blk - 64, 64));
	fill(big, 64, 5);
	CHECK(copy(&env.edu[0], iova, IOVA_OUT, 64) == 0);
	CHECK(!memcmp(out, big, 64));

	OK(domain_unmap(&d, iova, blk, false));
	CHECK(copy(&env.edu[0], iova + 0x1000, IOVA_OUT, 4) == 0);
	OK(poll_events(&env.smmu));
	CHECK(env.f[0].count == 1 && env.f[0].last.addr == iova + 0x1000);

	OK(domain_detach(&d, env.edu[0].sid));
	domain_fini(&d);
	bm_dma_free(big, blk);
	bm_dma_free(out, 4096);
	return env_down();
}

static void cfg_tiny_evtq(struct smmuv3_config *cfg)
{
	cfg->evtq_log2 = 2; /* four records */
}

/*
 * More faults than the event queue holds: QEMU reports the overflow with
 * GERROR.EVENTQ_ABT_ERR. The instance must survive it, count it, and go
 * on delivering later events.
 */
static int scenario_overflow(void)
{
	struct domain d;
	uint8_t *src, *dst;
	uint64_t src_pa;
	struct smmuv3_evtq_stats st;

	CHECK(env_up(1, cfg_tiny_evtq, false) == 0);
	CHECK(one_domain(&d, DOMAIN_S1, &src, &dst, &src_pa) == 0);
	/* 64 bytes from an unmapped IOVA: 16 fault records into 4 slots. */
	CHECK(edu_dma(&env.edu[0], 0x700000, 0, 64, false) == 0);
	OK(poll_events(&env.smmu));
	st = env.smmu.evtq.stats;
	bm_printf("%u events delivered, %llu overflows, GERROR.EVENTQ_ABT %llu\n",
		  env.f[0].count, (unsigned long long)st.evtq_overflows,
		  (unsigned long long)st.gerror[2]);
	CHECK(st.evtq_overflows >= 1);
	CHECK(env.f[0].count >= 1 && env.f[0].count <= 4);
	CHECK(smmuv3_get_state(&env.smmu) == SMMUV3_STATE_ENABLED);

	/* Still working: DMA through the mapping, then one more fault. */
	fill(src, 64, 1);
	CHECK(copy(&env.edu[0], IOVA, IOVA_OUT, 64) == 0);
	CHECK(!memcmp(src, dst, 64));
	env.f[0].count = 0;
	CHECK(edu_dma(&env.edu[0], 0x700000, 0, 4, false) == 0);
	OK(poll_events(&env.smmu));
	CHECK(env.f[0].count == 1);
	CHECK(one_domain_down(&d, src, dst) == 0);
	return env_down();
}

/* Events arrive through the eventq interrupt, with nobody polling. */
static int scenario_wired(void)
{
	struct domain d;
	uint8_t *src, *dst;
	uint64_t src_pa, end;

	CHECK(env_up(1, NULL, true) == 0);
	bm_irq_enable();
	CHECK(one_domain(&d, DOMAIN_S1, &src, &dst, &src_pa) == 0);
	CHECK(edu_dma(&env.edu[0], 0x700000, 0, 4, false) == 0);
	end = bm_time_ns() + 100000000u;
	while (env.f[0].count == 0 && bm_time_ns() < end)
		;
	CHECK(env.f[0].count == 1 && env.f[0].last.type == SMMUV3_EVT_F_TRANSLATION);
	bm_printf("fault delivered by the eventq interrupt\n");
	CHECK(one_domain_down(&d, src, dst) == 0);
	return env_down();
}

static const struct {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{ "linear", scenario_linear },
	{ "two-level", scenario_two_level },
	{ "isolation", scenario_isolation },
	{ "stale", scenario_stale },
	{ "stale-s2", scenario_stale_s2 },
	{ "block", scenario_block },
	{ "range", scenario_range },
	{ "overflow", scenario_overflow },
	{ "wired", scenario_wired },
};

int bm_main(void)
{
	unsigned i;

	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		if (!bm_bootarg(scenarios[i].name))
			continue;
		bm_printf("scenario %s\n", scenarios[i].name);
		if (scenarios[i].run()) {
			bm_printf("scenario %s: FAIL\n", scenarios[i].name);
			return 1;
		}
		bm_printf("scenario %s: PASS\n", scenarios[i].name);
		return 0;
	}
	bm_printf("no known scenario in bootargs \"%s\"\n", bm_plat.bootargs);
	return 2;
}
