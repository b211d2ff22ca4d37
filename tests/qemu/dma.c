// SPDX-License-Identifier: BSD-3-Clause
/*
 * QEMU integration scenarios with translation: edu's DMA through the
 * library's domains (include/smmuv3/domain.h), checked against what QEMU's
 * SMMU model does with them: its table walks, its IOTLB (which keeps a
 * translation until it is invalidated), its events. One scenario per
 * boot, named on the kernel command line.
 */
#include <string.h>

#include <smmuv3/pgtable.h>
#include <smmuv3/sepid.h>
#ifdef QEMU_SEPID_MANIFEST
#include <smmuv3/manifest.h>
#endif
#include <smmuv3/stream.h>
/* Hardware level: raw TLBI commands, stream table formats. */
#include <smmuv3/hw/cmdq.h>
#include <smmuv3/hw/regs.h>
/* White-box: the stream table's format and a domain's page table, read
 * from the library's private layouts (lib/core/objects.h). */
#include "core/objects.h"

#include "edu.h"
#include "harness.h"
#include "xlat.h"

#define OWNER_A 0xa0u
#define OWNER_B 0xb0u
#define IOVA 0x100000u
#define IOVA_OUT 0x300000u
#define PAGE 4096u

struct env {
	struct smmu_env e;
	struct edu edu[2];
	struct smmuv3_fault_handler h[2];
	struct faults f[2];
	/* Events for streams nobody owns: none is expected anywhere. */
	struct faults unowned;
};

static struct env env;

/* Bring up @n_edu edus and the SMMU in front of them, a handler per owner. */
static int env_up(unsigned n_edu, void (*cfg_fn)(struct smmuv3_config *), bool wired)
{
	unsigned i;

	for (i = 0; i < n_edu; i++)
		OK(edu_init(&env.edu[i], i));
	OK(smmu_env_up(&env.e, env.edu[0].smmu, wired, cfg_fn));
	for (i = 0; i < 2; i++) {
		env.h[i].owner = i ? OWNER_B : OWNER_A;
		env.h[i].event = faults_record;
		env.h[i].arg = &env.f[i];
		OK(smmuv3_fault_handler_register(&env.e.smmu, &env.h[i]));
	}
	OK(smmuv3_fault_set_default(&env.e.smmu, faults_record, NULL, &env.unowned));
	return 0;
}

/* CMD_SYNCs and invalidation commands issued so far for @d (the front
 * door's domain info). */
static uint64_t dom_syncs(const struct smmuv3_domain *d)
{
	struct smmuv3_domain_info i;

	return smmuv3_domain_get_info(d, &i) ? UINT64_MAX : i.syncs;
}

static uint64_t dom_cmds(const struct smmuv3_domain *d)
{
	struct smmuv3_domain_info i;

	return smmuv3_domain_get_info(d, &i) ? UINT64_MAX : i.cmds;
}

static uint64_t dom_table_bytes(const struct smmuv3_domain *d)
{
	struct smmuv3_domain_info i;

	return smmuv3_domain_get_info(d, &i) ? UINT64_MAX : i.table_bytes;
}

static int env_down(void)
{
	OK(smmuv3_fault_handler_unregister(&env.e.smmu, &env.h[0]));
	OK(smmuv3_fault_handler_unregister(&env.e.smmu, &env.h[1]));
	OK(smmuv3_teardown(&env.e.smmu));
	CHECK(env.unowned.count == 0);
	CHECK(bm_dma_used() == 0);
	return 0;
}

/* Handle pending events and errors; the count does not matter here. */
static int poll_events(void)
{
	int rc = smmuv3_poll(&env.e.smmu);

	return rc < 0 ? rc : 0;
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

/* A source page mapped read-only at IOVA, a destination page at IOVA_OUT. */
struct bufs {
	uint8_t *src, *dst;
	uint64_t src_pa, dst_pa;
};

static int bufs_map(struct smmuv3_domain *d, struct bufs *b)
{
	b->src = bm_dma_alloc(PAGE, PAGE, &b->src_pa);
	b->dst = bm_dma_alloc(PAGE, PAGE, &b->dst_pa);
	CHECK(b->src && b->dst);
	OK(smmuv3_domain_map(d, IOVA, b->src_pa, PAGE, SMMUV3_PROT_READ));
	OK(smmuv3_domain_map(d, IOVA_OUT, b->dst_pa, PAGE, SMMUV3_PROT_READ | SMMUV3_PROT_WRITE));
	return 0;
}

static void bufs_free(struct bufs *b)
{
	bm_dma_free(b->src, PAGE);
	bm_dma_free(b->dst, PAGE);
}

/* edu 0 copies 64 bytes IOVA -> IOVA_OUT and they arrive intact. */
static int roundtrip(struct edu *e, struct bufs *b, unsigned seed)
{
	fill(b->src, 64, seed);
	memset(b->dst, 0, 64);
	CHECK(copy(e, IOVA, IOVA_OUT, 64) == 0);
	OK(poll_events());
	CHECK(!memcmp(b->src, b->dst, 64));
	return 0;
}

/* edu reads 4 bytes at @iova: exactly one new fault, reported for it. */
static int read_faults(struct edu *e, struct faults *f, uint64_t iova)
{
	unsigned before = f->count;

	CHECK(edu_dma(e, iova, 0, 4, false) == 0);
	OK(poll_events());
	CHECK(f->count == before + 1);
	CHECK(f->last.type == SMMUV3_EVT_F_TRANSLATION && f->last.sid == e->sid);
	return 0;
}

/* A translation of @kind for edu 0 (owner A) with bufs mapped. */
static int one_xlat(struct xlat *x, enum xlat_kind kind, struct bufs *b)
{
	OK(xlat_init(x, &env.e.smmu, kind, 12, OWNER_A));
	OK(xlat_attach(x, env.edu[0].sid, OWNER_A));
	return bufs_map(&x->dom, b);
}

static int one_xlat_down(struct xlat *x, struct bufs *b)
{
	OK(xlat_detach(x, env.edu[0].sid, OWNER_A));
	OK(xlat_fini(x));
	bufs_free(b);
	return 0;
}

/* ---- scenarios ------------------------------------------------------------ */

static void cfg_linear(struct smmuv3_config *cfg)
{
	cfg->sid_bits = 8;               /* edu's 0x10 fits */
	cfg->strtab_linear_max_bits = 8; /* so the table is linear */
}

/* The library's default: linear up to 8 StreamID bits, two-level above. */
static void cfg_linear_max_8(struct smmuv3_config *cfg)
{
	cfg->strtab_linear_max_bits = 8;
}

static void cfg_two_level(struct smmuv3_config *cfg)
{
	cfg->strtab_linear_max_bits = 0; /* always two-level */
}

/* Stage-1 DMA with the stream table in the format @cfg_fn asks for. */
static int strtab_format(void (*cfg_fn)(struct smmuv3_config *), unsigned want_fmt)
{
	struct xlat x;
	struct bufs b;

	CHECK(env_up(1, cfg_fn, false) == 0);
	CHECK(smmuv3_inst_of(&env.e.smmu)->strtab.fmt == want_fmt);
	CHECK(one_xlat(&x, XLAT_S1, &b) == 0);
	CHECK(roundtrip(&env.edu[0], &b, 3) == 0);
	CHECK(one_xlat_down(&x, &b) == 0);
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
	struct xlat x[2];
	struct bufs b[2];
	uint32_t owner[2] = { OWNER_A, OWNER_B };
	unsigned i;

	CHECK(env_up(2, NULL, false) == 0);
	for (i = 0; i < 2; i++) {
		OK(xlat_init(&x[i], &env.e.smmu, XLAT_S1, 12, owner[i]));
		OK(xlat_attach(&x[i], env.edu[i].sid, owner[i]));
		CHECK(bufs_map(&x[i].dom, &b[i]) == 0);
	}
	for (i = 0; i < 2; i++)
		CHECK(roundtrip(&env.edu[i], &b[i], 50u * i + 1u) == 0);
	CHECK(memcmp(b[0].dst, b[1].dst, 64));
	bm_printf("each edu read its own buffer at the same IOVA\n");

	/* Only domain A maps 0x500000: edu B must fault there, owner B told. */
	OK(smmuv3_domain_map(&x[0].dom, 0x500000, b[0].dst_pa, PAGE, SMMUV3_PROT_READ));
	CHECK(read_faults(&env.edu[1], &env.f[1], 0x500000) == 0);
	CHECK(env.f[0].count == 0 && env.f[1].owner == OWNER_B);
	CHECK(env.f[1].last.addr == 0x500000);

	for (i = 0; i < 2; i++) {
		OK(xlat_detach(&x[i], env.edu[i].sid, owner[i]));
		OK(xlat_fini(&x[i]));
		bufs_free(&b[i]);
	}
	return env_down();
}

/* ---- SEPIDs ------------------------------------------------------------------ */

#define PROXY_A 0x8001u
#define PROXY_B 0x8002u
#define SEP_A 0x8101u
#define SEP_B 0x8102u
#define SEP_WIN 0x400000u /* edu's DMA mask is 28 bits */

static struct faults proxy_faults[2];

/* The SPMC's per-proxy event path: the registry calls it with the proxy. */
static enum smmuv3_stall_action to_proxy(void *arg, const struct smmuv3_event *ev,
					 uint32_t owner, bool owned)
{
	(void)arg;
	return faults_record(&proxy_faults[owner == PROXY_B], ev, owner, owned);
}

static struct sepid_env {
	struct smmuv3_sepid_ep eps[2];
	struct smmuv3_sepid_stream streams[2];
	struct smmuv3_sepid_handle handles[4];
	struct smmuv3_sepid_registry reg;
	struct smmuv3 *smmus[1];
} sp;

/* Register @in (two SEPIDs) with events routed to the proxies. */
static int sepid_register(const struct smmuv3_sepid_input *in)
{
	const struct smmuv3_sepid_storage st = { sp.eps, 2, sp.streams, 2, sp.handles, 4, NULL, 0 };
	struct smmuv3_sepid_conflict c;

	sp.smmus[0] = &env.e.smmu;
	OK(smmuv3_sepid_registry_init(&sp.reg, sp.smmus, 1, &st));
	OK(smmuv3_sepid_set_event_handler(&sp.reg, to_proxy, NULL));
	OK(smmuv3_sepid_register(&sp.reg, in, &c));
	return 0;
}

/* Edu 0 is SEPID A of proxy A, edu 1 SEPID B of proxy B, each with its
 * own stage 2 and the same IOVA window: the input built by hand. */
static int sepid_up(void)
{
	const uint32_t sid_a = env.edu[0].sid, sid_b = env.edu[1].sid;
	const struct smmuv3_sepid_desc d[2] = {
		{ .name = "edu0", .sepid = SEP_A, .proxy = PROXY_A, .sids = &sid_a, .n_sids = 1,
		  .iova_base = SEP_WIN, .iova_size = SEP_WIN },
		{ .name = "edu1", .sepid = SEP_B, .proxy = PROXY_B, .sids = &sid_b, .n_sids = 1,
		  .iova_base = SEP_WIN, .iova_size = SEP_WIN },
	};
	const uint16_t parts[] = { PROXY_A, PROXY_B };
	const struct smmuv3_sepid_input in = { d, 2, NULL, 0, parts, 2 };

	return sepid_register(&in);
}

#ifdef QEMU_SEPID_MANIFEST
/* The proxies' manifests (sepid-proxy-{a,b}.dts, compiled by dtc and
 * embedded by blob2c.py at build time). */
extern const unsigned char sepid_manifest_a[], sepid_manifest_b[];
extern const unsigned long sepid_manifest_a_size, sepid_manifest_b_size;

static struct sepid_manifest {
	struct smmuv3_sepid_desc eps[2];
	struct smmuv3_sepid_region regions[2];
	struct smmuv3_manifest_dma_map maps[2];
	uint32_t words[16];
	uint16_t parts[2];
	struct smmuv3_manifest_out out;
} sm;

/* The same two SEPIDs, as the proxies' manifests declare them: parsed
 * with smmuv3_manifest_parse() and registered as parsed. The manifests
 * give edu's StreamIDs as QEMU numbers them (00:02.0 -> 0x10, 00:03.0 ->
 * 0x18): checked against what enumeration found. */
static int sepid_up_manifest(void)
{
	const struct smmuv3_manifest_blob blobs[2] = {
		{ sepid_manifest_a, sepid_manifest_a_size, 0 },
		{ sepid_manifest_b, sepid_manifest_b_size, 0 },
	};
	const struct smmuv3_manifest_storage st = { sm.eps, 2, sm.regions, 2, sm.maps, 2,
						    sm.words, 16, sm.parts, 2 };
	const struct smmuv3_sepid_desc *d = sm.eps;
	struct smmuv3_manifest_report rep;
	int rc = smmuv3_manifest_parse(blobs, 2, &st, &sm.out, &rep);

	if (rc) {
		bm_printf("manifest %u %s %s: %s\n", rep.blob, rep.node, rep.prop,
			  smmuv3_manifest_reason_name(rep.reason));
		return rc;
	}
	CHECK(sm.out.input.n_eps == 2 && sm.out.input.n_partitions == 2);
	CHECK(d[0].sepid == SEP_A && d[0].proxy == PROXY_A && d[0].n_sids == 1);
	CHECK(d[1].sepid == SEP_B && d[1].proxy == PROXY_B && d[1].n_sids == 1);
	CHECK(d[0].sids[0] == env.edu[0].sid && d[1].sids[0] == env.edu[1].sid);
	CHECK(d[0].iova_base == SEP_WIN && d[0].iova_size == SEP_WIN);
	bm_printf("manifests: 2 SEPIDs, %s 0x%x (proxy 0x%x) SID 0x%x, %s 0x%x (proxy 0x%x) "
		  "SID 0x%x\n", d[0].name, d[0].sepid, d[0].proxy, d[0].sids[0], d[1].name,
		  d[1].sepid, d[1].proxy, d[1].sids[0]);
	return sepid_register(&sm.out.input);
}
#endif

/* Four scattered constituents, pages 6, 0, 4, 2 of the eight at @buf
 * (given to the SEPID as @pa + @off + page), each filled from @seed. */
static void scatter4(uint8_t *buf, uint64_t pa, uint64_t off, unsigned seed,
		     struct smmuv3_phys_range cons[4], uint8_t *piece[4])
{
	static const unsigned page[4] = { 6, 0, 4, 2 };
	unsigned k;

	for (k = 0; k < 4; k++) {
		cons[k] = (struct smmuv3_phys_range){ pa + off + page[k] * PAGE, PAGE };
		piece[k] = buf + page[k] * PAGE;
		fill(piece[k], PAGE, 17u * k + seed);
	}
}

/* Edu @e reads 256 bytes across the boundary of pieces 0 and 1 of the
 * range at @iova and writes them back across pieces 2 and 3: checked in
 * memory, no event. */
static int dma_across(struct edu *e, uint64_t iova, uint8_t *piece[4])
{
	OK(edu_dma(e, iova + PAGE - 128, 0, 256, false));
	OK(edu_dma(e, iova + 3 * PAGE - 128, 0, 256, true));
	OK(poll_events());
	CHECK(proxy_faults[0].count == 0 && proxy_faults[1].count == 0);
	CHECK(!memcmp(piece[2] + PAGE - 128, piece[0] + PAGE - 128, 128));
	CHECK(!memcmp(piece[3], piece[1], 128));
	return 0;
}

/* SEPID B's edu (edu 1) copies 64 bytes at @at within its page @bb and
 * faults one page further, the event going to proxy B only. */
static int sepid_b_reaches(uint8_t *bb, uint64_t at)
{
	OK(edu_dma(&env.edu[1], at, 0, 64, false));
	OK(edu_dma(&env.edu[1], at + 64, 0, 64, true));
	OK(poll_events());
	CHECK(!memcmp(bb, bb + 64, 64));
	CHECK(read_faults(&env.edu[1], &proxy_faults[1], at + PAGE) == 0);
	CHECK(proxy_faults[1].owner == PROXY_B && proxy_faults[0].count == 0);
	return 0;
}

/* Relinquish SEPID A's handle 1 (one CMD_SYNC); then edu 0 faults at
 * @iova + PAGE and proxy A is told. */
static int sepid_a_relinquished(uint64_t iova)
{
	uint64_t syncs = dom_syncs(&sp.eps[0].dom);

	OK(smmuv3_sepid_relinquish(&sp.reg, SEP_A, PROXY_A, 1));
	CHECK(dom_syncs(&sp.eps[0].dom) == syncs + 1);
	CHECK(read_faults(&env.edu[0], &proxy_faults[0], iova + PAGE) == 0);
	CHECK(proxy_faults[0].owner == PROXY_A);
	bm_printf("after relinquish edu 0 faults, proxy A told\n");
	return 0;
}

/*
 * A region of four scattered pages retrieved for SEPID A as one
 * contiguous IOVA range: edu 0 reads across the boundary of pieces 0 and
 * 1 and writes it back across pieces 2 and 3. A partition that is not
 * the proxy is refused. SEPID B (edu 1) reads its own page at the same
 * IOVA and faults beyond it, its proxy told. After relinquish (one
 * CMD_SYNC) edu 0 faults and the event reaches proxy A.
 */
static int sepid_run(int (*up)(void))
{
	const struct smmuv3_sepid_retrieve rw = { SMMUV3_PROT_READ | SMMUV3_PROT_WRITE, 0 };
	struct smmuv3_phys_range cons[4], cb[1];
	uint64_t pa, pb, iova, iova_b;
	uint8_t *buf, *bb, *piece[4];

	CHECK(env_up(2, NULL, false) == 0);
	CHECK(up() == 0);
	buf = bm_dma_alloc(8 * PAGE, PAGE, &pa);
	bb = bm_dma_alloc(PAGE, PAGE, &pb);
	CHECK(buf && bb);
	scatter4(buf, pa, 0, 1, cons, piece);
	CHECK(smmuv3_sepid_retrieve(&sp.reg, SEP_A, PROXY_B, 1, cons, 4, &rw, &iova) ==
	      SMMUV3_ERR_PERM);
	OK(smmuv3_sepid_retrieve(&sp.reg, SEP_A, PROXY_A, 1, cons, 4, &rw, &iova));
	CHECK(iova == SEP_WIN);
	CHECK(dma_across(&env.edu[0], iova, piece) == 0);
	bm_printf("edu 0 DMAed across the pieces of one contiguous IOVA range\n");

	cb[0] = (struct smmuv3_phys_range){ pb, PAGE };
	fill(bb, PAGE, 99);
	OK(smmuv3_sepid_retrieve(&sp.reg, SEP_B, PROXY_B, 1, cb, 1, &rw, &iova_b));
	CHECK(iova_b == iova);
	OK(sepid_b_reaches(bb, iova_b));
	bm_printf("SEPID B reads its own page at the same IOVA, faults beyond it\n");
	OK(sepid_a_relinquished(iova));

	OK(smmuv3_sepid_registry_fini(&sp.reg));
	bm_dma_free(buf, 8 * PAGE);
	bm_dma_free(bb, PAGE);
	return env_down();
}

static int scenario_sepid(void)
{
	return sepid_run(sepid_up);
}

#ifdef QEMU_SEPID_MANIFEST
static int scenario_sepid_manifest(void)
{
	return sepid_run(sepid_up_manifest);
}
#endif

/* The DMA region (linker script): the proxy's stage 2 reaches the
 * library's tables through a window over it and maps its data at an
 * offset. */
extern char __dma_start[], __dma_end[];

struct proxy_s2s {
	struct smmuv3_domain a, b;
};

/* Proxy A's stage 2 as in edu-dma-nested-offset: the tables through the
 * table window (IPA = PA + 1 TiB), the data at IPA = PA + 2 TiB, so a
 * retrieve's constituents are IPAs and only both stages find the memory.
 * Proxy B's stage 2 maps IPA SEP_WIN to its page @pb (edu's DMA mask is
 * 28 bits: edu 1 emits IPAs directly). */
static int proxy_s2s_up(struct proxy_s2s *p, uint64_t pb)
{
	uint64_t start = (uintptr_t)__dma_start, size = (uintptr_t)__dma_end - start;
	const struct smmuv3_table_window w = { .ipa = start + XLAT_WINDOW_OFFSET, .pa = start,
					       .size = size };
	const uint32_t rw = SMMUV3_PROT_READ | SMMUV3_PROT_WRITE;
	struct smmuv3_domain_cfg c;

	smmuv3_domain_cfg_init(&env.e.smmu, &c, SMMUV3_DOMAIN_S2);
	c.owner = PROXY_A;
	OK(smmuv3_domain_init(&env.e.smmu, &p->a, &c));
	OK(smmuv3_domain_set_window(&p->a, &w));
	OK(smmuv3_domain_map(&p->a, start + XLAT_DATA_OFFSET, start, size, rw));
	c.owner = PROXY_B;
	OK(smmuv3_domain_init(&env.e.smmu, &p->b, &c));
	OK(smmuv3_domain_map(&p->b, SEP_WIN, pb, PAGE, rw));
	return 0;
}

/*
 * The models through the proxy's stage 2 (docs/sepid.md). SEPID A (edu 0)
 * is nested: its own stage 1 over proxy A's stage 2; four scattered
 * pieces, given as proxy A's IPAs, retrieved as one contiguous IOVA range
 * and DMAed across. SEPID B (edu 1) is shared-stage-2: attached to proxy
 * B's stage 2 itself (retrieve NOTSUP), it reaches proxy B's page and
 * faults at A's IOVAs, proxy B told. Refused before the stage 2s are set
 * (NOENT) and shared (PERM). After relinquish edu 0 faults, proxy A told.
 */
static int scenario_sepid_nested(void)
{
	const struct smmuv3_sepid_retrieve rw = { SMMUV3_PROT_READ | SMMUV3_PROT_WRITE, 0 };
	static struct proxy_s2s p;
	struct smmuv3_phys_range cons[4];
	uint64_t pa, pb, iova;
	uint8_t *buf, *bb, *piece[4];

	CHECK(env_up(2, NULL, false) == 0);
	buf = bm_dma_alloc(8 * PAGE, PAGE, &pa);
	bb = bm_dma_alloc(PAGE, PAGE, &pb);
	CHECK(buf && bb);
	CHECK(proxy_s2s_up(&p, pb) == 0);
	{
		const uint32_t sid_a = env.edu[0].sid, sid_b = env.edu[1].sid;
		const struct smmuv3_sepid_desc d[2] = {
			{ .name = "edu0", .sepid = SEP_A, .proxy = PROXY_A, .sids = &sid_a,
			  .n_sids = 1, .model = SMMUV3_SEPID_MODEL_NESTED, .iova_base = SEP_WIN,
			  .iova_size = SEP_WIN },
			{ .name = "edu1", .sepid = SEP_B, .proxy = PROXY_B, .sids = &sid_b,
			  .n_sids = 1, .model = SMMUV3_SEPID_MODEL_SHARED_S2 },
		};
		const uint16_t parts[] = { PROXY_A, PROXY_B };
		const struct smmuv3_sepid_input in = { d, 2, NULL, 0, parts, 2 };
		const struct smmuv3_sepid_storage st = { sp.eps, 2, sp.streams, 2, sp.handles, 4,
							 NULL, 0 };

		sp.smmus[0] = &env.e.smmu;
		OK(smmuv3_sepid_registry_init(&sp.reg, sp.smmus, 1, &st));
		OK(smmuv3_sepid_set_event_handler(&sp.reg, to_proxy, NULL));
		CHECK(smmuv3_sepid_register(&sp.reg, &in, NULL) == SMMUV3_ERR_NOENT);
		OK(smmuv3_sepid_set_proxy_s2(&sp.reg, PROXY_A, &p.a));
		OK(smmuv3_sepid_set_proxy_s2(&sp.reg, PROXY_B, &p.b));
		CHECK(smmuv3_sepid_register(&sp.reg, &in, NULL) == SMMUV3_ERR_PERM);
		OK(smmuv3_domain_share(&p.a, SEP_A));
		OK(smmuv3_domain_share(&p.b, SEP_B));
		OK(smmuv3_sepid_register(&sp.reg, &in, NULL));
	}
	scatter4(buf, pa, XLAT_DATA_OFFSET, 3, cons, piece);
	CHECK(smmuv3_sepid_retrieve(&sp.reg, SEP_A, PROXY_B, 1, cons, 4, &rw, &iova) ==
	      SMMUV3_ERR_PERM);
	OK(smmuv3_sepid_retrieve(&sp.reg, SEP_A, PROXY_A, 1, cons, 4, &rw, &iova));
	CHECK(iova == SEP_WIN);
	CHECK(dma_across(&env.edu[0], iova, piece) == 0);
	bm_printf("nested SEPID A: edu 0 DMAed across the pieces, through both stages\n");

	CHECK(smmuv3_sepid_retrieve(&sp.reg, SEP_B, PROXY_B, 1, cons, 1, &rw, &iova) ==
	      SMMUV3_ERR_NOTSUP);
	fill(bb, PAGE, 77);
	OK(sepid_b_reaches(bb, SEP_WIN));
	bm_printf("shared-stage-2 SEPID B: edu 1 reaches proxy B's page, faults at A's IOVAs\n");
	OK(sepid_a_relinquished(iova));

	OK(smmuv3_sepid_registry_fini(&sp.reg));
	OK(smmuv3_domain_unshare(&p.a, SEP_A));
	OK(smmuv3_domain_unshare(&p.b, SEP_B));
	OK(smmuv3_domain_destroy(&p.a));
	OK(smmuv3_domain_destroy(&p.b));
	bm_dma_free(buf, 8 * PAGE);
	bm_dma_free(bb, PAGE);
	return env_down();
}

/*
 * QEMU's IOTLB is real. The control: the page table alone is changed
 * (smmuv3_pgtable_unmap(), no command) and the device still reaches the
 * old page; smmuv3_domain_invalidate() then stops it. Then the library's
 * path: smmuv3_domain_unmap() alone must stop it, with one CMD_SYNC.
 */
static int stale(enum xlat_kind kind)
{
	struct smmuv3_pgtable_unmapped u;
	struct xlat x;
	struct bufs b;
	uint64_t syncs;

	CHECK(env_up(1, NULL, false) == 0);
	CHECK(one_xlat(&x, kind, &b) == 0);
	CHECK(roundtrip(&env.edu[0], &b, 9) == 0); /* caches IOVA's translation */

	OK(smmuv3_pgtable_unmap(&smmuv3_dom_of(&x.dom)->pt, IOVA, PAGE, &u));
	CHECK(roundtrip(&env.edu[0], &b, 10) == 0);
	CHECK(env.f[0].count == 0);
	bm_printf("without invalidation the stale translation still works (as it must)\n");
	OK(smmuv3_domain_invalidate(&x.dom, u.iova, u.size, u.leaf_only));
	smmuv3_pgtable_reclaim(&smmuv3_dom_of(&x.dom)->pt);
	memset(b.dst, 0xee, 4);
	CHECK(read_faults(&env.edu[0], &env.f[0], IOVA) == 0);
	CHECK(env.f[0].last.s2 == (kind == XLAT_S2));
	bm_printf("after smmuv3_domain_invalidate the DMA faults\n");

	OK(smmuv3_domain_map(&x.dom, IOVA, b.src_pa, PAGE, SMMUV3_PROT_READ));
	CHECK(roundtrip(&env.edu[0], &b, 11) == 0);
	syncs = dom_syncs(&x.dom);
	OK(smmuv3_domain_unmap(&x.dom, IOVA, PAGE));
	CHECK(dom_syncs(&x.dom) == syncs + 1);
	CHECK(read_faults(&env.edu[0], &env.f[0], IOVA) == 0);
	bm_printf("after smmuv3_domain_unmap the DMA faults\n");
	CHECK(one_xlat_down(&x, &b) == 0);
	return env_down();
}

static int scenario_stale(void)
{
	return stale(XLAT_S1);
}

/* The same at stage 2 (TLBI_S2_IPA) and nested (TLBI_NH_VA under a VMID). */
static int scenario_stale_s2(void)
{
	return stale(XLAT_S2);
}

static int scenario_stale_nested(void)
{
	return stale(XLAT_NESTED);
}

/*
 * Nested, unmapping at stage 2: QEMU caches the combined stage 1+2
 * translation, which a stage-2 address invalidation does not remove
 * (IHI 0070 4.4.3). The control: the stage-2 table changed and a bare
 * TLBI_S2_IPA + CMD_SYNC leave the DMA working; the library's
 * invalidation (which adds TLBI_NH_ALL for nested users) stops it, and
 * so does its unmap.
 */
static int scenario_nested_s2_unmap(void)
{
	const uint64_t blk = 2u << 20;
	struct smmuv3_pgtable_unmapped u;
	struct smmuv3_cmd ipa;
	struct xlat x;
	uint8_t *big;
	uint64_t big_pa, out_pa, syncs;
	uint8_t *out;

	CHECK(env_up(1, NULL, false) == 0);
	OK(xlat_init(&x, &env.e.smmu, XLAT_NESTED, 12, OWNER_A));
	OK(xlat_attach(&x, env.edu[0].sid, OWNER_A));
	/* Its own 2 MiB at stage 2 (one block of the identity map), so
	 * unmapping it there touches neither the tables nor the CDs. */
	big = bm_dma_alloc(blk, blk, &big_pa);
	out = bm_dma_alloc(PAGE, PAGE, &out_pa);
	CHECK(big && out);
	OK(smmuv3_domain_map(&x.dom, IOVA, big_pa, PAGE, SMMUV3_PROT_READ));
	OK(smmuv3_domain_map(&x.dom, IOVA_OUT, out_pa, PAGE, SMMUV3_PROT_READ | SMMUV3_PROT_WRITE));
	fill(big, 64, 21);
	CHECK(copy(&env.edu[0], IOVA, IOVA_OUT, 64) == 0);
	CHECK(!memcmp(big, out, 64));

	OK(smmuv3_pgtable_unmap(&smmuv3_dom_of(&x.s2)->pt, big_pa, blk, &u));
	ipa = smmuv3_cmd_tlbi_s2_ipa(smmuv3_dom_of(&x.s2)->vmid, big_pa, false, NULL);
	OK(smmuv3_cmdq_submit(&env.e.smmu, &ipa, 1, true));
	memset(out, 0, 64);
	CHECK(copy(&env.edu[0], IOVA, IOVA_OUT, 64) == 0);
	OK(poll_events());
	CHECK(!memcmp(big, out, 64) && env.f[0].count == 0);
	bm_printf("TLBI_S2_IPA alone leaves the combined entry (as it must)\n");
	OK(smmuv3_domain_invalidate(&x.s2, u.iova, u.size, u.leaf_only));
	smmuv3_pgtable_reclaim(&smmuv3_dom_of(&x.s2)->pt);
	CHECK(read_faults(&env.edu[0], &env.f[0], IOVA) == 0);
	CHECK(env.f[0].last.s2);
	bm_printf("smmuv3_domain_invalidate on the stage 2 removes it\n");

	OK(smmuv3_domain_map(&x.s2, big_pa, big_pa, blk, SMMUV3_PROT_READ | SMMUV3_PROT_WRITE));
	CHECK(copy(&env.edu[0], IOVA, IOVA_OUT, 64) == 0);
	OK(poll_events());
	CHECK(!memcmp(big, out, 64) && env.f[0].count == 1);
	syncs = dom_syncs(&x.s2);
	OK(smmuv3_domain_unmap(&x.s2, big_pa, blk));
	CHECK(dom_syncs(&x.s2) == syncs + 1);
	CHECK(read_faults(&env.edu[0], &env.f[0], IOVA) == 0);
	CHECK(env.f[0].last.s2);
	bm_printf("smmuv3_domain_unmap on the stage 2 removes it\n");
	/* Give the stage 2 back its identity block before tearing down. */
	OK(smmuv3_domain_map(&x.s2, big_pa, big_pa, blk, SMMUV3_PROT_READ | SMMUV3_PROT_WRITE));

	OK(xlat_detach(&x, env.edu[0].sid, OWNER_A));
	OK(xlat_fini(&x));
	bm_dma_free(big, blk);
	bm_dma_free(out, PAGE);
	return env_down();
}

/*
 * One unmap of 37 pages, invalidated with range TLBIs (QEMU implements
 * IDR3.RIL and decodes NUM/SCALE/TTL): at most @max_cmds commands (37 =
 * 32 + 5 pages takes two; above the domain's threshold, one TLBI_NH_ASID
 * instead) and one CMD_SYNC, and every page that was cached, the last
 * one included, faults afterwards. The domain API is used bare here: no
 * example glue between the scenario and the library.
 */
static int range(unsigned max_cmds)
{
	static const unsigned touch[] = { 0, 17, 36 };
	const uint64_t base = 0x800000, n = 37;
	struct smmuv3_domain_cfg cfg;
	struct smmuv3_domain d;
	uint8_t *buf;
	uint64_t pa, cmds, syncs;
	uint32_t sid;
	unsigned i;

	CHECK(env_up(1, NULL, false) == 0);
	CHECK(smmuv3_features(&env.e.smmu)->ril);
	sid = env.edu[0].sid;
	smmuv3_domain_cfg_init(&env.e.smmu, &cfg, SMMUV3_DOMAIN_S1);
	cfg.owner = OWNER_A;
	cfg.tlbi_max_cmds = max_cmds;
	OK(smmuv3_domain_init(&env.e.smmu, &d, &cfg));
	OK(smmuv3_stream_claim(&env.e.smmu, sid, OWNER_A));
	OK(smmuv3_domain_attach(&d, sid, OWNER_A, 0, 0, NULL));
	buf = bm_dma_alloc(n * PAGE, PAGE, &pa);
	CHECK(buf);
	OK(smmuv3_domain_map(&d, base, pa, n * PAGE, SMMUV3_PROT_READ));
	for (i = 0; i < 3; i++)
		CHECK(edu_dma(&env.edu[0], base + touch[i] * PAGE, 0, 4, false) == 0);
	OK(poll_events());
	CHECK(env.f[0].count == 0);

	cmds = dom_cmds(&d);
	syncs = dom_syncs(&d);
	OK(smmuv3_domain_unmap(&d, base, n * PAGE));
	bm_printf("37 pages invalidated with %llu TLBI command(s) (at most %u), %llu CMD_SYNC\n",
		  (unsigned long long)(dom_cmds(&d) - cmds), max_cmds,
		  (unsigned long long)(dom_syncs(&d) - syncs));
	CHECK(dom_cmds(&d) - cmds == (max_cmds >= 2 ? 2 : 1));
	CHECK(dom_syncs(&d) - syncs == 1);
	for (i = 0; i < 3; i++) {
		CHECK(read_faults(&env.edu[0], &env.f[0], base + touch[i] * PAGE) == 0);
		CHECK(env.f[0].last.addr == base + touch[i] * PAGE);
	}

	OK(smmuv3_domain_detach(&d, sid, OWNER_A, 0));
	OK(smmuv3_stream_release(&env.e.smmu, sid, OWNER_A));
	OK(smmuv3_domain_destroy(&d));
	bm_dma_free(buf, n * PAGE);
	return env_down();
}

static int scenario_range(void)
{
	return range(SMMUV3_DOMAIN_MAX_TLBI);
}

static int scenario_range_asid(void)
{
	return range(1);
}

/*
 * A domain installed nowhere has nothing cached: detach invalidated its
 * ASID, so an unmap while detached issues no command, and once attached
 * again the unmapped page faults (QEMU's IOTLB is keyed by ASID and
 * VMID, not by stream: a detach without that invalidation would leave
 * the page reachable).
 */
static int scenario_detached_unmap(void)
{
	struct xlat x;
	struct bufs b;
	uint64_t cmds, syncs;

	CHECK(env_up(1, NULL, false) == 0);
	CHECK(one_xlat(&x, XLAT_S1, &b) == 0);
	CHECK(roundtrip(&env.edu[0], &b, 60) == 0); /* caches IOVA */
	OK(xlat_detach(&x, env.edu[0].sid, OWNER_A));
	cmds = dom_cmds(&x.dom);
	syncs = dom_syncs(&x.dom);
	OK(smmuv3_domain_unmap(&x.dom, IOVA, PAGE));
	CHECK(dom_cmds(&x.dom) == cmds && dom_syncs(&x.dom) == syncs);
	OK(xlat_attach(&x, env.edu[0].sid, OWNER_A));
	CHECK(read_faults(&env.edu[0], &env.f[0], IOVA) == 0);
	bm_printf("unmapped while detached, no command: faults once attached again\n");
	CHECK(one_xlat_down(&x, &b) == 0);
	return env_down();
}

/*
 * Two 2 MiB block mappings: DMA at the start of one and the end of the
 * other lands right, no table is built for them, and one unmap of both
 * (a range TLBI of level-2 leaves, TTL hint 2) makes both fault.
 */
static int block(enum xlat_kind kind)
{
	const uint64_t blk = 2u << 20, size = 2 * blk, iova = 0x400000;
	struct xlat x;
	uint8_t *big, *out;
	uint64_t big_pa, out_pa, pa, cmds;
	uint64_t tables;

	CHECK(env_up(1, NULL, false) == 0);
	OK(xlat_init(&x, &env.e.smmu, kind, 12, OWNER_A));
	OK(xlat_attach(&x, env.edu[0].sid, OWNER_A));
	big = bm_dma_alloc(size, blk, &big_pa);
	out = bm_dma_alloc(PAGE, PAGE, &out_pa);
	CHECK(big && out);
	/* IOVA_OUT's page builds the tables down to level 3 in the same
	 * 1 GiB: the blocks then need no table of their own. */
	OK(smmuv3_domain_map(&x.dom, IOVA_OUT, out_pa, PAGE, SMMUV3_PROT_READ | SMMUV3_PROT_WRITE));
	tables = dom_table_bytes(&x.dom);
	OK(smmuv3_domain_map(&x.dom, iova, big_pa, size, SMMUV3_PROT_READ));
	CHECK(dom_table_bytes(&x.dom) == tables);
	OK(smmuv3_domain_iova_to_phys(&x.dom, iova + size - 8, &pa));
	CHECK(pa == big_pa + size - 8);

	fill(big + size - 64, 64, 77);
	CHECK(copy(&env.edu[0], iova + size - 64, IOVA_OUT, 64) == 0);
	CHECK(!memcmp(out, big + size - 64, 64));
	fill(big, 64, 5);
	CHECK(copy(&env.edu[0], iova, IOVA_OUT, 64) == 0);
	CHECK(!memcmp(out, big, 64));

	cmds = dom_cmds(&x.dom);
	OK(smmuv3_domain_unmap(&x.dom, iova, size));
	CHECK(dom_cmds(&x.dom) - cmds == 1);
	CHECK(read_faults(&env.edu[0], &env.f[0], iova + 0x1000) == 0);
	CHECK(env.f[0].last.addr == iova + 0x1000 && env.f[0].last.s2 == (kind == XLAT_S2));
	CHECK(read_faults(&env.edu[0], &env.f[0], iova + size - 64) == 0);

	OK(xlat_detach(&x, env.edu[0].sid, OWNER_A));
	OK(xlat_fini(&x));
	bm_dma_free(big, size);
	bm_dma_free(out, PAGE);
	return env_down();
}

static int scenario_block(void)
{
	return block(XLAT_S1);
}

static int scenario_block_s2(void)
{
	return block(XLAT_S2);
}

/*
 * One stage-1 domain attached to both edus' streams: both DMA through it;
 * one unmap invalidates what both streams cached; destroy is refused
 * while attached; a detached stream aborts while the other still works.
 */
static int scenario_shared(void)
{
	struct smmuv3_domain *d;
	struct xlat x;
	struct bufs b;
	unsigned i, events;

	CHECK(env_up(2, NULL, false) == 0);
	OK(xlat_init(&x, &env.e.smmu, XLAT_S1, 12, OWNER_A));
	d = &x.dom;
	OK(xlat_attach(&x, env.edu[0].sid, OWNER_A));
	OK(xlat_attach(&x, env.edu[1].sid, OWNER_A));
	CHECK(bufs_map(d, &b) == 0);
	for (i = 0; i < 2; i++)
		CHECK(roundtrip(&env.edu[i], &b, 30u + i) == 0); /* both cache IOVA */

	OK(smmuv3_domain_unmap(d, IOVA, PAGE));
	for (i = 0; i < 2; i++)
		CHECK(read_faults(&env.edu[i], &env.f[0], IOVA) == 0);
	bm_printf("one unmap invalidated both streams\n");
	OK(smmuv3_domain_map(d, IOVA, b.src_pa, PAGE, SMMUV3_PROT_READ));

	CHECK(smmuv3_domain_destroy(d) == SMMUV3_ERR_BUSY);
	CHECK(roundtrip(&env.edu[1], &b, 40) == 0);
	bm_printf("destroy refused while attached; the domain still works\n");

	/* Detached, the stream aborts: STE.Config = abort records no event
	 * (an invalid STE would report C_BAD_STE). */
	OK(xlat_detach(&x, env.edu[1].sid, OWNER_A));
	events = env.f[0].count + env.f[1].count;
	fill(b.src, 64, 41);
	memset(b.dst, 0xee, 64);
	CHECK(copy(&env.edu[1], IOVA, IOVA_OUT, 64) == 0);
	OK(poll_events());
	CHECK(b.dst[0] == 0xee && b.dst[63] == 0xee);
	CHECK(env.f[0].count + env.f[1].count == events);
	bm_printf("detached edu 1 is aborted: its write never reached memory\n");
	CHECK(roundtrip(&env.edu[0], &b, 42) == 0);

	OK(xlat_detach(&x, env.edu[0].sid, OWNER_A));
	OK(xlat_fini(&x));
	bufs_free(&b);
	return env_down();
}

/*
 * edu behind a root port (and a switch, with "switch"): its StreamID
 * (0x100 or 0x300, from the iommu-map and the bus the scan gave it)
 * needs more than 8 StreamID bits, so the stream table is two-level.
 * DMA through a stage-1 domain lands with the data intact and a fault
 * names that StreamID. (QEMU does not gate DMA on the bridges' bus
 * mastering, so the scenario pci-bridges checks the path's COMMAND
 * registers instead.)
 */
static int scenario_bridge(void)
{
	struct xlat x;
	struct bufs b;
	uint32_t want = bm_bootarg("switch") ? 0x300 : 0x100;

	CHECK(env_up(1, cfg_linear_max_8, false) == 0);
	bm_printf("edu %02x:%02x.%x: StreamID %#x, stream table format %u\n", env.edu[0].pci.bus,
		  env.edu[0].pci.dev, env.edu[0].pci.fn, env.edu[0].sid, smmuv3_inst_of(&env.e.smmu)->strtab.fmt);
	CHECK(env.edu[0].sid == want);
	CHECK(smmuv3_inst_of(&env.e.smmu)->strtab.fmt == SMMUV3_STRTAB_BASE_CFG_FMT_2LVL);
	CHECK(one_xlat(&x, XLAT_S1, &b) == 0);
	CHECK(roundtrip(&env.edu[0], &b, 70) == 0);
	CHECK(read_faults(&env.edu[0], &env.f[0], 0x700000) == 0);

	CHECK(one_xlat_down(&x, &b) == 0);
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
	struct smmuv3_evtq_stats st;
	struct xlat x;
	struct bufs b;

	CHECK(env_up(1, cfg_tiny_evtq, false) == 0);
	CHECK(one_xlat(&x, XLAT_S1, &b) == 0);
	/* 64 bytes from an unmapped IOVA: 16 fault records into 4 slots. */
	CHECK(edu_dma(&env.edu[0], 0x700000, 0, 64, false) == 0);
	OK(poll_events());
	OK(smmuv3_evtq_get_stats(&env.e.smmu, &st));
	bm_printf("%u events delivered, %llu queue aborts, GERROR.EVENTQ_ABT %llu\n",
		  env.f[0].count, (unsigned long long)st.evtq_aborts,
		  (unsigned long long)st.gerror[2]);
	CHECK(st.evtq_aborts >= 1);
	CHECK(env.f[0].count >= 1 && env.f[0].count <= 4);
	CHECK(smmuv3_get_state(&env.e.smmu) == SMMUV3_STATE_ENABLED);

	/* Still working: DMA through the mapping, then one more fault. */
	CHECK(roundtrip(&env.edu[0], &b, 1) == 0);
	CHECK(read_faults(&env.edu[0], &env.f[0], 0x700000) == 0);
	CHECK(one_xlat_down(&x, &b) == 0);
	return env_down();
}

/* Events arrive through the eventq interrupt, with nobody polling. */
static int scenario_wired(void)
{
	struct xlat x;
	struct bufs b;

	CHECK(env_up(1, NULL, true) == 0);
	bm_irq_enable();
	CHECK(one_xlat(&x, XLAT_S1, &b) == 0);
	CHECK(edu_dma(&env.edu[0], 0x700000, 0, 4, false) == 0);
	CHECK(faults_wait(&env.f[0], 1));
	CHECK(env.f[0].count == 1 && env.f[0].last.type == SMMUV3_EVT_F_TRANSLATION);
	bm_printf("fault delivered by the eventq interrupt\n");
	CHECK(one_xlat_down(&x, &b) == 0);
	return env_down();
}

static const struct scenario scenarios[] = {
	{ "linear", scenario_linear },
	{ "two-level", scenario_two_level },
	{ "isolation", scenario_isolation },
	{ "sepid", scenario_sepid },
	{ "sepid-nested", scenario_sepid_nested },
#ifdef QEMU_SEPID_MANIFEST
	{ "sepid-manifest", scenario_sepid_manifest },
#endif
	{ "stale-s2", scenario_stale_s2 },
	{ "stale-nested", scenario_stale_nested },
	{ "stale", scenario_stale },
	{ "nested-s2-unmap", scenario_nested_s2_unmap },
	{ "block-s2", scenario_block_s2 },
	{ "block", scenario_block },
	{ "range", scenario_range },
	{ "range-asid", scenario_range_asid },
	{ "detached-unmap", scenario_detached_unmap },
	{ "shared", scenario_shared },
	{ "overflow", scenario_overflow },
	{ "wired", scenario_wired },
	{ "bridge", scenario_bridge },
};

int bm_main(void)
{
	return scenario_main(scenarios, sizeof(scenarios) / sizeof(scenarios[0]));
}
