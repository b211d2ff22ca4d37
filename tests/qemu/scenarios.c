// SPDX-License-Identifier: BSD-3-Clause
/*
 * QEMU integration scenarios that need no translation: each boot runs the
 * one named on the kernel command line (/chosen/bootargs) and exits 0
 * when it passed. The translation scenarios are in dma.c; the main
 * example (examples/baremetal/edu-dma.c) is booted the same way.
 */
#include <string.h>

#include <smmuv3/errors.h>
/* Hardware level: the command-queue error scenarios inject raw commands. */
#include <smmuv3/hw/cmdq.h>
#include <bm/pci.h>

#include "edu.h"
#include "harness.h"

/* Two edus on 00:02.0 and 00:03.0: found, BARs apart, StreamIDs = RIDs. */
static int scenario_pci(void)
{
	struct edu a, b;

	CHECK(bm_plat.pci.present && bm_plat.pci.n_map >= 1);
	CHECK(edu_init(&a, 0) == 0);
	CHECK(edu_init(&b, 1) == 0);
	bm_printf("edu 0: %02x:%02x.%x BAR0 %llx -> smmu%u SID %x\n", a.pci.bus, a.pci.dev,
		  a.pci.fn, (unsigned long long)a.bar, a.smmu, a.sid);
	bm_printf("edu 1: %02x:%02x.%x BAR0 %llx -> smmu%u SID %x\n", b.pci.bus, b.pci.dev,
		  b.pci.fn, (unsigned long long)b.bar, b.smmu, b.sid);
	CHECK(a.sid == 0x10 && b.sid == 0x18);
	CHECK(a.smmu == 0 && b.smmu == 0);
	CHECK(a.bar != b.bar && a.bar >= bm_plat.pci.mmio32_cpu);
	CHECK(edu_init(&b, 2) != 0);
	return 0;
}

/*
 * Behind bridges, read back from the hardware rather than the scan's own
 * records: for every bridge above @d, its bus numbers cover @d's bus, its
 * window of the right kind covers each of @d's memory BARs, and memory
 * decoding and bus mastering are on once @d is enabled.
 */
#define PCI_BUSES 0x18u
#define PCI_MEM_WINDOW 0x20u
#define PCI_PREF_WINDOW 0x24u
#define PCI_PREF_BASE_HI 0x28u
#define PCI_PREF_LIMIT_HI 0x2cu
#define PCI_CMD_MEM_MASTER 0x6u
/* -device pci-testdev,membar=...: its BAR2 (meson.build). */
#define TESTDEV_MEMBAR (1ull << 21)

static uint64_t window_base(uint32_t reg)
{
	return (uint64_t)(reg & 0xfff0u) << 16;
}

static uint64_t window_limit(uint32_t reg)
{
	return (uint64_t)(reg & 0xfff00000u) | 0xfffffu;
}

/* The window of bridge @b that holds a BAR at bus address @addr. */
static bool in_window(const struct bm_pci_dev *b, uint64_t addr, uint64_t size)
{
	uint32_t mem = bm_pci_cfg_read32(b, PCI_MEM_WINDOW);
	uint32_t pref = bm_pci_cfg_read32(b, PCI_PREF_WINDOW);
	uint64_t pbase = window_base(pref) | (uint64_t)bm_pci_cfg_read32(b, PCI_PREF_BASE_HI) << 32;
	uint64_t plimit = window_limit(pref) |
			  (uint64_t)bm_pci_cfg_read32(b, PCI_PREF_LIMIT_HI) << 32;

	if (addr >= window_base(mem) && addr + size - 1 <= window_limit(mem))
		return true;
	return addr >= pbase && addr + size - 1 <= plimit;
}

/* BAR @bar of @d as the scan reports it, checked against the register. */
static int bar_read(const struct bm_pci_dev *d, unsigned bar, struct bm_pci_range *r)
{
	uint32_t lo = bm_pci_cfg_read32(d, 0x10u + 4u * bar);
	uint64_t addr = lo & ~0xfu;

	OK(bm_pci_bar(d, bar, r));
	if ((lo & 0x6u) == 0x4u)
		addr |= (uint64_t)bm_pci_cfg_read32(d, 0x14u + 4u * bar) << 32;
	CHECK(addr == r->bus && (addr & (r->size - 1)) == 0);
	/* Bus address == CPU address in both of QEMU virt's windows. */
	CHECK(r->cpu == r->bus);
	return 0;
}

static int path_check(const struct bm_pci_dev *d, const unsigned *bars, unsigned n_bars,
		      unsigned depth)
{
	struct bm_pci_dev up, cur = *d;
	unsigned i, levels = 0;

	while (bm_pci_upstream(&cur, &up) == 0) {
		uint32_t buses = bm_pci_cfg_read32(&up, PCI_BUSES);

		CHECK((buses & 0xffu) == up.bus);
		CHECK(((buses >> 8) & 0xffu) <= d->bus && d->bus <= ((buses >> 16) & 0xffu));
		CHECK((bm_pci_cfg_read32(&up, 0x04u) & PCI_CMD_MEM_MASTER) == PCI_CMD_MEM_MASTER);
		for (i = 0; i < n_bars; i++) {
			struct bm_pci_range r;

			CHECK(bar_read(d, bars[i], &r) == 0);
			CHECK(in_window(&up, r.bus, r.size));
		}
		cur = up;
		levels++;
	}
	CHECK(cur.bus == bm_plat.pci.bus_start && levels == depth);
	return 0;
}

/*
 * The shared allocator after the scan: bad requests and a request too big
 * change nothing; what it hands out lies in the host's window but in no
 * bridge's window (@d is the device scanned last: its bridges closed
 * their windows last, on the 1 MiB granule, after its 4 KiB BAR0).
 */
static int mem_alloc_after_scan(const struct bm_pci_dev *d)
{
	struct bm_pci_range before = bm_pci_mem_free(BM_PCI_MEM32), r;
	struct bm_pci_dev up, cur = *d;

	CHECK(before.size && before.bus + before.size == bm_plat.pci.mmio32_bus +
							  bm_plat.pci.mmio32_size);
	CHECK(bm_pci_mem_alloc(BM_PCI_MEM32, 0, 4096, &r) == SMMUV3_ERR_INVAL);
	CHECK(bm_pci_mem_alloc(BM_PCI_MEM32, 4096, 3, &r) == SMMUV3_ERR_INVAL);
	CHECK(bm_pci_mem_alloc(BM_PCI_MEM32, before.size + 1, 1, &r) == SMMUV3_ERR_NOSPC);
	CHECK(bm_pci_mem_alloc((enum bm_pci_space)2, 4096, 4096, &r) == SMMUV3_ERR_NOENT);
	CHECK(bm_pci_mem_free(BM_PCI_MEM32).bus == before.bus);
	OK(bm_pci_mem_alloc(BM_PCI_MEM32, 4096, 4096, &r));
	CHECK(r.bus >= before.bus && r.size == 4096 && r.cpu == r.bus);
	bm_printf("after the scan: mem32 %llx..%llx\n", (unsigned long long)r.bus,
		  (unsigned long long)(r.bus + r.size - 1));
	while (bm_pci_upstream(&cur, &up) == 0) {
		CHECK(!in_window(&up, r.bus, 1) && !in_window(&up, r.bus + r.size - 1, 1));
		cur = up;
	}
	return 0;
}

/*
 * edu behind a root port (bootarg "rp": bus 1, StreamID 0x100) or behind
 * a switch below a root port ("switch": bus 3, StreamID 0x300), with a
 * pci-testdev's 64-bit prefetchable BAR in the host's 64-bit window
 * through the same bridges: found by the port's own scan, reachable
 * through the bridges' windows, its RID mapped by the iommu-map
 * ("remap": the DT maps bus 1 to StreamIDs 0x2000, iommu-map-remap.sh).
 */
static int scenario_pci_bridges(void)
{
	static const unsigned edu_bars[] = { 0 };
	static const unsigned testdev_bars[] = { 0, 2 };
	bool sw = bm_bootarg("switch");
	unsigned bus = sw ? 3 : 1, depth = sw ? 3 : 1, smmu;
	uint32_t sid, edu_sid = bm_bootarg("remap") ? 0x2000 : bus << 8;
	struct bm_pci_range bar2;
	struct bm_pci_dev td;
	struct edu e;

	CHECK(bm_pci_scan() > 0);
	bm_pci_dump();
	CHECK(edu_init(&e, 0) == 0);
	bm_printf("edu: %02x:%02x.%x -> smmu%u SID %x\n", e.pci.bus, e.pci.dev, e.pci.fn, e.smmu,
		  e.sid);
	CHECK(e.pci.bus == bus && e.pci.dev == 0 && e.sid == edu_sid);
	CHECK(path_check(&e.pci, edu_bars, 1, depth) == 0);

	/* pci-testdev (1b36:0005): BAR0 32-bit, BAR1 I/O, BAR2 64-bit prefetchable. */
	CHECK(bm_pci_find(0x1b36, 0x0005, 0, &td) == 0);
	CHECK(bm_pci_bar(&td, 1, &bar2) == SMMUV3_ERR_NOTSUP);
	CHECK(bm_pci_bar(&td, 3, &bar2) == SMMUV3_ERR_INVAL);
	OK(bm_pci_bar(&td, 2, &bar2));
	CHECK(bar2.bus >= (1ull << 32) && bar2.size == TESTDEV_MEMBAR);
	CHECK(bm_pci_stream(&td, &smmu, &sid) == 0 && sid == bm_pci_rid(&td));
	bm_pci_enable(&td);
	CHECK(path_check(&td, testdev_bars, 2, depth) == 0);
	return mem_alloc_after_scan(&td);
}

/*
 * Out of room (pci-out-of-room.sh: buses 0-3, a 1 MiB 32-bit window) with
 * a switch whose second downstream port would need bus 4: the scan says
 * so, numbers what it can (edu on bus 3 is found), leaves the bridge it
 * cannot number shut (no bus numbers, no window), and reports edu's BAR,
 * which no longer fits behind the root port, as unassigned; the root
 * port's window stays shut.
 */
static int scenario_pci_out_of_room(void)
{
	struct bm_pci_dev dp1, td, rp;
	struct bm_pci_range r;
	struct edu e;

	CHECK(bm_pci_scan() == SMMUV3_ERR_NOSPC);
	bm_pci_dump();
	CHECK(bm_pci_find(EDU_VENDOR, EDU_DEVICE, 0, &e.pci) == 0 && e.pci.bus == 3);
	CHECK(bm_pci_bar(&e.pci, 0, &r) == SMMUV3_ERR_NOSPC);
	CHECK(edu_init(&e, 0) == SMMUV3_ERR_NOSPC);
	CHECK(bm_pci_find(0x1b36, 0x0005, 0, &td) == SMMUV3_ERR_NOENT);

	CHECK(bm_pci_find(0x104c, 0x8233, 1, &dp1) == 0 && dp1.bus == 2);
	CHECK((bm_pci_cfg_read32(&dp1, PCI_BUSES) & 0xffffffu) == 0);
	CHECK(bm_pci_cfg_read32(&dp1, PCI_MEM_WINDOW) == 0xfff0u);
	CHECK(bm_pci_find(0x1b36, 0x000c, 0, &rp) == 0 && rp.bus == 0);
	CHECK((bm_pci_cfg_read32(&rp, PCI_BUSES) & 0xffffffu) == 0x030100u);
	CHECK(bm_pci_cfg_read32(&rp, PCI_MEM_WINDOW) == 0xfff0u);
	return 0;
}

/* The DMA allocator: alignment, zeroing, reuse after free, exhaustion. */
static int scenario_dma(void)
{
	uint64_t pa1, pa2, pa3;
	unsigned char *p1 = bm_dma_alloc(100, 64, &pa1);
	unsigned char *p2 = bm_dma_alloc(1u << 16, 1u << 16, &pa2);
	unsigned char *p3;

	CHECK(p1 && p2 && (pa1 & 63) == 0 && (pa2 & 0xffff) == 0);
	CHECK((uintptr_t)p1 == pa1 && p1[99] == 0 && p2[0xffff] == 0);
	p2[5] = 0xaa;
	bm_dma_free(p2, 1u << 16);
	p3 = bm_dma_alloc(1u << 16, 1u << 16, &pa3);
	CHECK(p3 == p2 && p3[5] == 0);
	CHECK(bm_dma_alloc(1ull << 40, 8, &pa3) == NULL);
	bm_dma_free(p3, 1u << 16);
	bm_dma_free(p1, 100);
	CHECK(bm_dma_used() == 0);
	return 0;
}

static void cfg_tiny_evtq(struct smmuv3_config *cfg)
{
	cfg->evtq_log2 = 2; /* four records */
}

static volatile unsigned irq_count[5];

static void count_irq(void *arg)
{
	irq_count[(uintptr_t)arg]++;
}

static bool wait_irq(unsigned which, unsigned count)
{
	uint64_t end = bm_time_ns() + 100000000u;

	while (irq_count[which] < count)
		if (bm_time_ns() > end)
			return false;
	return true;
}

/* A command QEMU rejects with CERROR_ILL (a Secure TLBI: no Secure bank). */
static struct smmuv3_cmd illegal_cmd(void)
{
	return smmuv3_cmd_opcode_only(SMMUV3_OP_TLBI_S_EL2_ALL);
}

/*
 * The SMMU's own wired interrupts reach their handlers through the GIC:
 * a CMD_SYNC with CS = SIG_IRQ pulses the cmdq-sync line, and an illegal
 * command raises GERROR.CMDQ_ERR, which pulses the gerror line.
 */
static int scenario_irq(void)
{
	struct smmu_env e;
	struct smmuv3_cmd sync = smmuv3_cmd_sync(), bad = illegal_cmd();
	bool gerror_ours;

	CHECK(smmu_env_up(&e, 0, true, NULL) == 0);
	CHECK(smmuv3_port_irq_register(&e.port, SMMUV3_IRQ_CMDQ_SYNC, count_irq,
				       (void *)(uintptr_t)SMMUV3_IRQ_CMDQ_SYNC) == 0);
	/* Once the library takes the gerror line itself in wired mode, the
	 * port refuses a second handler and its delivery is the library's
	 * to prove; until then this scenario proves the line works. */
	gerror_ours = smmuv3_port_irq_register(&e.port, SMMUV3_IRQ_GERROR, count_irq,
					       (void *)(uintptr_t)SMMUV3_IRQ_GERROR) == 0;
	bm_irq_enable();

	sync.dw[0] |= SMMUV3_FIELD_PREP(SMMUV3_CMD_SYNC_CS, SMMUV3_CMD_SYNC_CS_IRQ);
	CHECK(smmuv3_cmdq_submit(&e.smmu, &sync, 1, false) == 0);
	CHECK(wait_irq(SMMUV3_IRQ_CMDQ_SYNC, 1));
	bm_printf("cmdq-sync interrupt delivered (INTID %d)\n", e.port.desc->irq[SMMUV3_IRQ_CMDQ_SYNC]);

	CHECK(irq_count[SMMUV3_IRQ_GERROR] == 0);
	CHECK(smmuv3_cmdq_submit(&e.smmu, &bad, 1, true) == SMMUV3_ERR_CMD_ILL);
	if (gerror_ours) {
		CHECK(wait_irq(SMMUV3_IRQ_GERROR, 1));
		smmuv3_port_irq_unregister(&e.port, SMMUV3_IRQ_GERROR);
	} else {
		/* The library's own handler took it: the GIC counted it. */
		unsigned intid = (unsigned)e.port.desc->irq[SMMUV3_IRQ_GERROR];
		uint64_t end = bm_time_ns() + 100000000u;

		while (!bm_irq_count(intid) && bm_time_ns() < end)
			;
		CHECK(bm_irq_count(intid) >= 1);
	}
	bm_printf("gerror interrupt delivered (INTID %d) to %s handler\n",
		  e.port.desc->irq[SMMUV3_IRQ_GERROR], gerror_ours ? "the test's" : "the library's");
	smmuv3_port_irq_unregister(&e.port, SMMUV3_IRQ_CMDQ_SYNC);
	CHECK(smmuv3_teardown(&e.smmu) == 0);
	CHECK(bm_dma_used() == 0);
	return 0;
}

/* A command the SMMU rejects is reported, skipped, and the queue goes on. */
static int scenario_cmd_ill(void)
{
	struct smmu_env e;
	struct smmuv3_cmd bad = illegal_cmd(), good = smmuv3_cmd_cfgi_all();
	int rc;

	CHECK(smmu_env_up(&e, 0, false, NULL) == 0);
	rc = smmuv3_cmdq_submit(&e.smmu, &bad, 1, true);
	bm_printf("illegal command: %s\n", smmuv3_strerror(rc));
	CHECK(rc == SMMUV3_ERR_CMD_ILL);
	rc = smmuv3_cmdq_submit(&e.smmu, &good, 1, true);
	bm_printf("next command: %s\n", smmuv3_strerror(rc));
	CHECK(rc == 0);
	CHECK(smmuv3_get_state(&e.smmu) == SMMUV3_STATE_ENABLED);
	CHECK(smmuv3_teardown(&e.smmu) == 0);
	return 0;
}

/* edu in front of an SMMU that configures no stream: its DMA is blocked. */
struct unconfigured {
	struct smmu_env e;
	struct edu edu;
	struct faults seen;
};

static int unconfigured_up(struct unconfigured *u, bool wired,
			   void (*cfg_fn)(struct smmuv3_config *))
{
	*u = (struct unconfigured){ 0 };
	CHECK(edu_init(&u->edu, 0) == 0);
	CHECK(smmu_env_up(&u->e, 0, wired, cfg_fn) == 0);
	CHECK(smmuv3_fault_set_default(&u->e.smmu, faults_record, NULL, &u->seen) == 0);
	return 0;
}

/* edu reads @len bytes from its unconfigured stream. */
static int edu_dma_blocked(struct unconfigured *u, unsigned len)
{
	return edu_dma(&u->edu, 0x100000, 0, len, false);
}

/* The last event is the configuration error of edu's stream. */
static bool config_error(const struct unconfigured *u)
{
	const struct smmuv3_event *ev = &u->seen.last;

	return ev->sid == u->edu.sid && (ev->type == SMMUV3_EVT_C_BAD_STREAMID ||
					 ev->type == SMMUV3_EVT_C_BAD_STE);
}

/* One blocked 4-byte DMA: exactly one event, polled and decoded. */
static int one_polled_event(struct unconfigured *u)
{
	u->seen.count = 0;
	CHECK(edu_dma_blocked(u, 4) == 0);
	CHECK(smmuv3_poll(&u->e.smmu) == 1);
	CHECK(u->seen.count == 1 && config_error(u));
	return 0;
}

/* An unconfigured stream's DMA is reported, decoded, to the default handler. */
static int scenario_evt_unconfigured(void)
{
	static struct unconfigured u;

	CHECK(unconfigured_up(&u, false, NULL) == 0);
	CHECK(one_polled_event(&u) == 0);
	CHECK(smmuv3_teardown(&u.e.smmu) == 0);
	return 0;
}

/*
 * More records than the event queue holds (a 64-byte faulting DMA makes
 * 16 in QEMU; the queue has 4 slots). QEMU reports the overflow through
 * GERROR.EVENTQ_ABT_ERR (a queue abort, not an overflow, for the library):
 * the instance must count it, stay enabled, and go
 * on delivering events.
 */
static int scenario_evtq_overflow(void)
{
	static struct unconfigured u;
	struct smmuv3_evtq_stats st;

	CHECK(unconfigured_up(&u, false, cfg_tiny_evtq) == 0);
	CHECK(edu_dma_blocked(&u, 64) == 0);
	CHECK(smmuv3_poll(&u.e.smmu) >= 0);
	CHECK(smmuv3_evtq_get_stats(&u.e.smmu, &st) == 0);
	bm_printf("%u events delivered of 16, %llu queue abort(s) seen\n", u.seen.count,
		  (unsigned long long)st.evtq_aborts);
	CHECK(st.evtq_aborts >= 1);
	CHECK(u.seen.count >= 1 && u.seen.count < 16);
	CHECK(smmuv3_get_state(&u.e.smmu) == SMMUV3_STATE_ENABLED);
	CHECK(one_polled_event(&u) == 0);
	CHECK(smmuv3_teardown(&u.e.smmu) == 0);
	return 0;
}

/* With wired interrupts nobody polls: the eventq line brings the event. */
static int scenario_evt_wired(void)
{
	static struct unconfigured u;

	CHECK(unconfigured_up(&u, true, NULL) == 0);
	bm_irq_enable();
	CHECK(edu_dma_blocked(&u, 4) == 0);
	CHECK(faults_wait(&u.seen, 1));
	CHECK(u.seen.count == 1 && config_error(&u));
	CHECK(bm_irq_count((unsigned)u.e.port.desc->irq[SMMUV3_IRQ_EVENTQ]) >= 1);
	bm_printf("event delivered through the eventq interrupt (INTID %d)\n",
		  u.e.port.desc->irq[SMMUV3_IRQ_EVENTQ]);
	CHECK(smmuv3_teardown(&u.e.smmu) == 0);
	return 0;
}

/*
 * An exception the program did not expect must stop it at once with its
 * syndrome printed (exit status 64), not hang until the timeout: an
 * unaligned load, which faults on Device memory (the MMU is off).
 */
static int scenario_crash(void)
{
	uint64_t addr = bm_plat.ram_base + 2;
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	bm_printf("unaligned load did not fault (%08x)\n", v);
	return 1;
}

/*
 * The device tree guard on the target, with the libfdt integrators link
 * (Debian 12's arm64 libfdt.a, 1.6.1): QEMU's own tree with the root's
 * first property length set to 0xfffffff4, on which every libfdt walk of
 * that version loops for ever, must be refused by bm_fdt_parse() with
 * SMMUV3_FDT_PROP_LEN. Patched in place and restored; bm_plat keeps the
 * platform the boot parsed (a refused parse changes only fdt_check).
 */
static int scenario_fdt_hang(void)
{
	uint8_t *fdt = (uint8_t *)(uintptr_t)bm_plat.fdt;
	uint32_t off = (uint32_t)fdt[8] << 24 | (uint32_t)fdt[9] << 16 |
		       (uint32_t)fdt[10] << 8 | fdt[11];
	/* Root: BEGIN_NODE and its empty name, then the first PROP tag. */
	uint8_t *tag = fdt + off + 8, *len = tag + 4, saved[4];
	int err;

	CHECK(tag[0] == 0 && tag[1] == 0 && tag[2] == 0 && tag[3] == 3);
	memcpy(saved, len, 4);
	memset(len, 0xff, 3);
	len[3] = 0xf4;
	err = bm_fdt_parse(fdt, BM_FDT_MAX_SIZE);
	memcpy(len, saved, 4);
	bm_printf("fdt-hang: %s, %s at offset %u\n", smmuv3_errname(err),
		  smmuv3_fdt_reason_name(bm_plat.fdt_check.reason), (unsigned)bm_plat.fdt_check.offset);
	CHECK(err == SMMUV3_ERR_BADDESC);
	CHECK(bm_plat.fdt_check.reason == SMMUV3_FDT_PROP_LEN);
	CHECK(bm_plat.fdt_check.offset == off + 8);
	bm_printf("scenario fdt-hang: PASS\n");
	return 0;
}

static const struct scenario scenarios[] = {
	{ "crash", scenario_crash },
	{ "fdt-hang", scenario_fdt_hang },
	{ "pci", scenario_pci },
	{ "pci-bridges", scenario_pci_bridges },
	{ "pci-out-of-room", scenario_pci_out_of_room },
	{ "dma", scenario_dma },
	{ "irq", scenario_irq },
	{ "cmd-ill", scenario_cmd_ill },
	{ "evt-unconfigured", scenario_evt_unconfigured },
	{ "evtq-overflow", scenario_evtq_overflow },
	{ "evt-wired", scenario_evt_wired },
};

int bm_main(void)
{
	return scenario_main(scenarios, sizeof(scenarios) / sizeof(scenarios[0]));
}
