// SPDX-License-Identifier: BSD-3-Clause
/*
 * The main example: a real PCI device's DMA through the SMMU.
 *
 * QEMU's edu device sits behind virt's SMMUv3 and can only emit 28-bit
 * bus addresses: RAM at 1 GiB is out of its reach unless the SMMU
 * translates. The example finds edu on PCI, gives its stream a
 * translation (stage 1 by default; "s2" or "nested" on the command line),
 * maps a source and a destination buffer at low IOVAs, has edu copy RAM
 * -> its buffer -> RAM and checks the data, then unmaps the source and
 * DMAs again: the SMMU blocks it and the decoded F_TRANSLATION event
 * reaches the handler of the stream's owner. Exit status 0 when every
 * step behaved. Options (bootargs): s2, nested, 16k, 64k.
 */
#include <smmuv3/smmuv3.h>
#include <smmuv3/evtq.h>
#include <bm/bm.h>

#include "domain.h"
#include "edu.h"

#define OWNER 0x8001u       /* the endpoint (partition) that owns edu's stream */
#define IOVA_SRC 0x100000u  /* below edu's 256 MiB reach */
#define IOVA_DST 0x200000u
#define LEN 256u

struct faults {
	unsigned count;
	struct smmuv3_event last;
};

static enum smmuv3_stall_action on_fault(void *arg, const struct smmuv3_event *ev,
					 uint32_t owner, bool owned)
{
	struct faults *f = arg;
	char line[200];

	smmuv3_event_format(ev, line, sizeof(line));
	bm_printf("  event for owner %#x%s: %s\n", (unsigned)owner, owned ? "" : " (unowned)",
		  line);
	f->count++;
	f->last = *ev;
	return SMMUV3_STALL_ABORT;
}

#define STEP(what, expr)                                                              \
	do {                                                                          \
		int rc_ = (expr);                                                     \
		if (rc_) {                                                            \
			bm_printf("FAILED: %s: %s\n", what, smmuv3_strerror(rc_));    \
			return 1;                                                     \
		}                                                                     \
	} while (0)

#define CHECK(what, cond)                                                             \
	do {                                                                          \
		if (!(cond)) {                                                        \
			bm_printf("FAILED: %s\n", what);                              \
			return 1;                                                     \
		}                                                                     \
		bm_printf("ok: %s\n", what);                                          \
	} while (0)

/* Handle pending events and errors; the count does not matter here. */
static int poll_events(struct smmuv3 *smmu)
{
	int rc = smmuv3_poll(smmu);

	return rc < 0 ? rc : 0;
}

static void print_line(void *arg, const char *line)
{
	(void)arg;
	bm_printf("  %s\n", line);
}

static int run(void)
{
	enum domain_kind kind = bm_bootarg("nested") ? DOMAIN_NESTED
				: bm_bootarg("s2")   ? DOMAIN_S2
						     : DOMAIN_S1;
	unsigned granule = bm_bootarg("64k") ? 16u : bm_bootarg("16k") ? 14u : 12u;
	struct smmuv3_fault_handler handler = { 0 };
	struct faults faults = { 0 };
	struct bm_smmu_port port;
	struct smmuv3_config cfg;
	struct smmuv3 smmu;
	struct domain dom;
	struct edu edu;
	uint64_t src_pa, dst_pa, gsize = 1ull << granule;
	uint8_t *src, *dst;
	unsigned i;
	bool same;

	STEP("find edu", edu_init(&edu, 0));
	bm_printf("edu at %02x:%02x.%x, BAR0 %llx, StreamID %#x on smmu%u\n", edu.pci.bus,
		  edu.pci.dev, edu.pci.fn, (unsigned long long)edu.bar, (unsigned)edu.sid,
		  edu.smmu);

	STEP("port", bm_smmu_port_init(&port, edu.smmu));
	smmuv3_config_default(&cfg);
	cfg.base = (uintptr_t)port.desc->base;
	cfg.port = &port;
	cfg.name = port.name;
	STEP("init", smmuv3_init(&smmu, &cfg));
	STEP("probe", smmuv3_probe(&smmu));
	smmuv3_features_report(smmuv3_features(&smmu), print_line, NULL);
	STEP("reset", smmuv3_reset(&smmu));

	handler.owner = OWNER;
	handler.event = on_fault;
	handler.arg = &faults;
	STEP("fault handler", smmuv3_fault_handler_register(&smmu, &handler));

	bm_printf("%s translation, %u KiB granule, for StreamID %#x (owner %#x)\n",
		  domain_kind_name(kind), (unsigned)(gsize >> 10), (unsigned)edu.sid, OWNER);
	STEP("domain", domain_init(&dom, &smmu, kind, granule, OWNER));
	STEP("attach", domain_attach(&dom, edu.sid));

	src = bm_dma_alloc(gsize, gsize, &src_pa);
	dst = bm_dma_alloc(gsize, gsize, &dst_pa);
	if (!src || !dst)
		STEP("buffers", SMMUV3_ERR_NOMEM);
	for (i = 0; i < LEN; i++)
		src[i] = (uint8_t)(i * 7u + 1u);
	STEP("map source", domain_map(&dom, IOVA_SRC, src_pa, gsize, SMMUV3_PROT_READ));
	STEP("map destination", domain_map(&dom, IOVA_DST, dst_pa, gsize,
					   SMMUV3_PROT_READ | SMMUV3_PROT_WRITE));
	bm_printf("mapped IOVA %#x -> PA %llx (source), IOVA %#x -> PA %llx (destination)\n",
		  IOVA_SRC, (unsigned long long)src_pa, IOVA_DST, (unsigned long long)dst_pa);

	/* RAM -> edu -> RAM, both through the SMMU. */
	STEP("DMA source -> edu", edu_dma(&edu, IOVA_SRC, 0, LEN, false));
	STEP("DMA edu -> destination", edu_dma(&edu, IOVA_DST, 0, LEN, true));
	STEP("poll", poll_events(&smmu));
	for (same = true, i = 0; i < LEN; i++)
		same = same && dst[i] == src[i];
	CHECK("edu copied 256 bytes through the SMMU, data intact", same);
	CHECK("no fault events", faults.count == 0);

	/* Unmap the source: the next read must fault, and be reported. */
	STEP("unmap source", domain_unmap(&dom, IOVA_SRC, gsize, false));
	for (i = 0; i < 4; i++)
		dst[i] = 0xee;
	/* 4 bytes: QEMU records one event per 4-byte access of a faulting DMA. */
	STEP("DMA from unmapped IOVA", edu_dma(&edu, IOVA_SRC, 0, 4, false));
	STEP("DMA edu -> destination", edu_dma(&edu, IOVA_DST, 0, 4, true));
	STEP("poll", poll_events(&smmu));
	CHECK("one fault event delivered to the stream owner's handler", faults.count == 1);
	CHECK("it is an F_TRANSLATION for edu's stream at the unmapped IOVA",
	      faults.last.type == SMMUV3_EVT_F_TRANSLATION && faults.last.sid == edu.sid &&
		      faults.last.addr == IOVA_SRC && faults.last.read);
	/* Stage-2-only: the IOVA is an IPA and the fault is stage 2's. */
	CHECK("reported at the right stage", faults.last.s2 == (kind == DOMAIN_S2));
	CHECK("the blocked read reached edu as zeros",
	      dst[0] == 0 && dst[1] == 0 && dst[2] == 0 && dst[3] == 0);

	STEP("detach", domain_detach(&dom, edu.sid));
	domain_fini(&dom);
	bm_dma_free(src, gsize);
	bm_dma_free(dst, gsize);
	STEP("unregister handler", smmuv3_fault_handler_unregister(&smmu, &handler));
	STEP("teardown", smmuv3_teardown(&smmu));
	CHECK("every byte of DMA memory returned", bm_dma_used() == 0);
	return 0;
}

int bm_main(void)
{
	int rc = run();

	bm_printf("edu-dma: %s\n", rc ? "FAILED" : "PASSED");
	return rc;
}
