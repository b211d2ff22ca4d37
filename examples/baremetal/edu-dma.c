// SPDX-License-Identifier: BSD-3-Clause
/*
 * The main example: a real PCI device's DMA through the SMMU.
 *
 * QEMU's edu device sits behind virt's SMMUv3 and can only emit 28-bit
 * bus addresses: RAM at 1 GiB is out of its reach unless the SMMU
 * translates. The example finds edu on PCI, gives its stream a
 * translation (stage 1 by default; "s2" or "nested" on the command line,
 * "16k" or "64k" for the granule, "noncoherent" to drive the SMMU as if
 * its walks did not snoop the caches), maps a source and a destination buffer
 * at low IOVAs, has edu copy RAM -> its buffer -> RAM and checks the data,
 * then unmaps the source (smmuv3_domain_unmap(): the library invalidates
 * QEMU's real IOTLB) and DMAs again: the SMMU blocks the read and the
 * decoded F_TRANSLATION event reaches the handler of the stream's owner.
 * Exit status 0 when every step behaved.
 */
#include <smmuv3/smmuv3.h>
#include <smmuv3/evtq.h>
#include <bm/bm.h>

#include "xlat.h"
#include "edu.h"

#define OWNER 0x8001u       /* the endpoint (partition) that owns edu's stream */
#define IOVA_SRC 0x100000u  /* both below edu's 256 MiB reach */
#define IOVA_DST 0x200000u
#define LEN 256u

struct faults {
	unsigned count;
	struct smmuv3_event last;
};

struct demo {
	enum xlat_kind kind;
	unsigned granule_log2;
	struct edu edu;
	struct bm_smmu_port port;
	struct smmuv3 smmu;
	struct smmuv3_fault_handler handler;
	struct faults faults;
	struct xlat xlat;
	uint8_t *src, *dst;
	uint64_t src_pa, dst_pa;
};

/* Reports a failed step; the caller unwinds. */
static int failed(const char *what, int rc)
{
	bm_printf("FAILED: %s: %s\n", what, rc ? smmuv3_strerror(rc) : "check failed");
	return rc ? rc : 1;
}

static bool check(const char *what, bool cond)
{
	bm_printf("%s: %s\n", cond ? "ok" : "FAILED", what);
	return cond;
}

static void print_line(void *arg, const char *line)
{
	(void)arg;
	bm_printf("  %s\n", line);
}

/* The owner's fault handler: print the decoded event and keep it. */
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

/* Handle pending events and errors; how many does not matter here. */
static int poll_events(struct smmuv3 *smmu)
{
	int rc = smmuv3_poll(smmu);

	return rc < 0 ? rc : 0;
}

static int smmu_up(struct demo *d)
{
	struct smmuv3_config cfg;
	int rc;

	rc = bm_smmu_port_init(&d->port, d->edu.smmu);
	if (rc)
		return failed("no SMMU in front of edu", rc);
	smmuv3_config_default(&cfg);
	cfg.base = (uintptr_t)d->port.desc->base;
	cfg.port = &d->port;
	cfg.name = d->port.name;
	/* The device tree's word on coherency wins; "noncoherent" forces the
	 * cache-maintenance paths on QEMU's (coherent) SMMU. */
	if (!d->port.desc->coherent || bm_bootarg("noncoherent"))
		cfg.coherency = SMMUV3_COHERENCY_FORCE_NONCOHERENT;
	rc = smmuv3_init(&d->smmu, &cfg);
	if (!rc)
		rc = smmuv3_probe(&d->smmu);
	if (rc)
		return failed("probe", rc);
	smmuv3_features_report(smmuv3_features(&d->smmu), print_line, NULL);
	rc = smmuv3_reset(&d->smmu);
	if (rc)
		return failed("reset", rc);

	d->handler.owner = OWNER;
	d->handler.event = on_fault;
	d->handler.arg = &d->faults;
	rc = smmuv3_fault_handler_register(&d->smmu, &d->handler);
	return rc ? failed("fault handler", rc) : 0;
}

/* A translation for edu's stream, with the two buffers mapped. */
static int translation_up(struct demo *d)
{
	uint64_t g = 1ull << d->granule_log2;
	int rc;

	bm_printf("%s translation, %u KiB granule, for StreamID %#x (owner %#x)\n",
		  xlat_kind_name(d->kind), (unsigned)(g >> 10), (unsigned)d->edu.sid, OWNER);
	rc = xlat_init(&d->xlat, &d->smmu, d->kind, d->granule_log2, OWNER);
	if (rc)
		return failed("domain", rc);
	rc = xlat_attach(&d->xlat, d->edu.sid, OWNER);
	if (rc)
		return failed("attach the stream", rc);

	d->src = bm_dma_alloc(g, g, &d->src_pa);
	d->dst = bm_dma_alloc(g, g, &d->dst_pa);
	if (!d->src || !d->dst)
		return failed("buffers", SMMUV3_ERR_NOMEM);
	/* Nested over a stage 2 at an offset, stage 1 outputs IPAs. */
	rc = smmuv3_domain_map(&d->xlat.dom, IOVA_SRC, d->src_pa + d->xlat.out_off, g,
			       SMMUV3_PROT_READ);
	if (!rc)
		rc = smmuv3_domain_map(&d->xlat.dom, IOVA_DST, d->dst_pa + d->xlat.out_off, g,
				       SMMUV3_PROT_READ | SMMUV3_PROT_WRITE);
	if (rc)
		return failed("map", rc);
	bm_printf("mapped IOVA %#x -> %#llx (source), IOVA %#x -> %#llx (destination)\n",
		  IOVA_SRC, (unsigned long long)(d->src_pa + d->xlat.out_off), IOVA_DST,
		  (unsigned long long)(d->dst_pa + d->xlat.out_off));
	bm_printf("what the SMMU now reads for StreamID %#x:\n", (unsigned)d->edu.sid);
	return smmuv3_stream_dump(&d->smmu, d->edu.sid, print_line, NULL);
}

/* RAM -> edu -> RAM, both DMAs through the SMMU, and compare. */
static int roundtrip(struct demo *d)
{
	unsigned i;
	bool same = true;
	int rc;

	for (i = 0; i < LEN; i++)
		d->src[i] = (uint8_t)(i * 7u + 1u);
	rc = edu_dma(&d->edu, IOVA_SRC, 0, LEN, false);
	if (!rc)
		rc = edu_dma(&d->edu, IOVA_DST, 0, LEN, true);
	if (!rc)
		rc = poll_events(&d->smmu);
	if (rc)
		return failed("DMA", rc);
	for (i = 0; i < LEN; i++)
		same = same && d->dst[i] == d->src[i];
	if (!check("edu copied 256 bytes through the SMMU, data intact", same) ||
	    !check("no fault events", d->faults.count == 0))
		return 1;
	return 0;
}

/*
 * Unmap the source: the library invalidates what the SMMU cached of it
 * (the roundtrip filled QEMU's IOTLB), so the next read must be blocked,
 * and reported.
 */
static int fault_after_unmap(struct demo *d)
{
	const struct smmuv3_event *ev = &d->faults.last;
	struct smmuv3_domain *dom = &d->xlat.dom;
	struct smmuv3_domain_info before, after;
	int rc;

	smmuv3_domain_get_info(dom, &before);
	rc = smmuv3_domain_unmap(dom, IOVA_SRC, 1ull << d->granule_log2);
	if (rc)
		return failed("unmap", rc);
	smmuv3_domain_get_info(dom, &after);
	bm_printf("unmapped IOVA %#x: %llu TLBI command(s), %llu CMD_SYNC\n", IOVA_SRC,
		  (unsigned long long)(after.cmds - before.cmds),
		  (unsigned long long)(after.syncs - before.syncs));
	if (!check("the unmap invalidated, with exactly one CMD_SYNC",
		   after.cmds > before.cmds && after.syncs == before.syncs + 1))
		return 1;
	d->dst[0] = d->dst[1] = d->dst[2] = d->dst[3] = 0xee;
	/* 4 bytes: QEMU records one event per 4-byte access of a faulting DMA. */
	rc = edu_dma(&d->edu, IOVA_SRC, 0, 4, false);
	if (!rc)
		rc = edu_dma(&d->edu, IOVA_DST, 0, 4, true);
	if (!rc)
		rc = poll_events(&d->smmu);
	if (rc)
		return failed("DMA", rc);
	if (!check("one fault event delivered to the stream owner's handler",
		   d->faults.count == 1) ||
	    !check("an F_TRANSLATION for edu's stream, reading the unmapped IOVA",
		   ev->type == SMMUV3_EVT_F_TRANSLATION && ev->sid == d->edu.sid &&
			   ev->addr == IOVA_SRC && ev->read) ||
	    /* Stage-2-only: the IOVA is an IPA and the fault is stage 2's. */
	    !check("reported at the right stage", ev->s2 == (d->kind == XLAT_S2)) ||
	    !check("the blocked read reached edu as zeros",
		   !d->dst[0] && !d->dst[1] && !d->dst[2] && !d->dst[3]))
		return 1;
	return 0;
}

static int run(struct demo *d)
{
	uint64_t g = 1ull << d->granule_log2;
	int rc, down;

	rc = edu_init(&d->edu, 0);
	if (rc)
		return failed("find edu", rc);
	bm_printf("edu at %02x:%02x.%x, BAR0 %#llx, StreamID %#x on smmu%u\n", d->edu.pci.bus,
		  d->edu.pci.dev, d->edu.pci.fn, (unsigned long long)d->edu.bar,
		  (unsigned)d->edu.sid, d->edu.smmu);
	rc = smmu_up(d);
	if (rc)
		goto out;
	rc = translation_up(d);
	if (!rc)
		rc = roundtrip(d);
	if (!rc)
		rc = fault_after_unmap(d);

	/* Unwind whatever was set up, in reverse. */
	if (d->xlat.dom_live) {
		down = xlat_detach(&d->xlat, d->edu.sid, OWNER);
		if (down && down != SMMUV3_ERR_NOENT && !rc)
			rc = failed("detach", down);
	}
	down = xlat_fini(&d->xlat);
	if (down && !rc)
		rc = failed("destroy the domain", down);
	if (d->src)
		bm_dma_free(d->src, g);
	if (d->dst)
		bm_dma_free(d->dst, g);
	smmuv3_fault_handler_unregister(&d->smmu, &d->handler);
out:
	down = smmuv3_teardown(&d->smmu);
	if (down && !rc)
		rc = failed("teardown", down);
	/* Also after a failure: nothing may leak on any path. */
	if (!check("every byte of DMA memory returned", bm_dma_used() == 0) && !rc)
		rc = 1;
	return rc;
}

int bm_main(void)
{
	static struct demo demo;
	int rc;

	demo.kind = bm_bootarg("nested-offset-nowindow") ? XLAT_NESTED_OFFSET_NOWINDOW :
		    bm_bootarg("nested-offset") ? XLAT_NESTED_OFFSET :
		    bm_bootarg("nested")	     ? XLAT_NESTED :
		    bm_bootarg("s2")		     ? XLAT_S2 :
						       XLAT_S1;
	demo.granule_log2 = bm_bootarg("64k") ? 16u : bm_bootarg("16k") ? 14u : 12u;
	rc = run(&demo);
	bm_printf("edu-dma: %s\n", rc ? "FAILED" : "PASSED");
	return rc ? 1 : 0;
}
