// SPDX-License-Identifier: BSD-3-Clause
/*
 * PCI through the generic ECAM host described in the device tree: one
 * depth-first enumeration of the hierarchy, as boot firmware does it.
 *
 * Each bus is walked twice. The first pass records every function,
 * quiesces it (decoding and bus mastering off), clears the bus numbers of
 * the bridges on it (stale numbers left by earlier firmware could claim
 * the configuration cycles of buses numbered below) and gives the BARs
 * addresses. The second pass numbers each bridge's secondary bus, scans
 * it, and then closes the bridge's windows around what was allocated
 * while below it: bump allocation (pci_mem.c) makes everything below a
 * bridge contiguous, so a window is [address on entry, address on exit),
 * rounded to the 1 MiB granule of bridge windows.
 *
 * Non-prefetchable windows are 32-bit only, so 64-bit prefetchable BARs
 * take the host's 64-bit window only when every bridge above them has a
 * 64-bit prefetchable window; every other memory BAR takes the 32-bit
 * window (legal for any memory BAR). I/O BARs and windows are not used.
 */
#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/errors.h>
#include <bm/bm.h>
#include <bm/pci.h>

#define PCI_VENDOR_ID 0x00u
#define PCI_COMMAND 0x04u
#define PCI_COMMAND_IO 0x1u
#define PCI_COMMAND_MEMORY 0x2u
#define PCI_COMMAND_MASTER 0x4u
#define PCI_STATUS_CAP_LIST 0x00100000u /* status bit 4, in the COMMAND dword */
#define PCI_HEADER_TYPE 0x0cu
#define PCI_HEADER_TYPE_SHIFT 16
#define PCI_HEADER_MULTI 0x80u
#define PCI_HEADER_NORMAL 0u
#define PCI_HEADER_BRIDGE 1u
#define PCI_BAR0 0x10u
#define PCI_BAR_IO 0x1u
#define PCI_BAR_TYPE_MASK 0x6u
#define PCI_BAR_TYPE_64 (2u << 1)
#define PCI_BAR_PREFETCH 0x8u
#define PCI_BAR_FLAGS 0xfu
#define PCI_CAP_PTR 0x34u

/* Type 1 (bridge) header. */
#define PCI_BUSES 0x18u /* primary, secondary, subordinate, latency */
#define PCI_BUSES_NUMBERS 0x00ffffffu
#define PCI_IO_WINDOW 0x1cu     /* I/O base and limit, secondary status */
#define PCI_MEM_WINDOW 0x20u    /* base (15:0), limit (31:16): address bits 31:20 */
#define PCI_PREF_WINDOW 0x24u   /* the same, prefetchable; bits 3:0 say 64-bit */
#define PCI_PREF_BASE_HI 0x28u
#define PCI_PREF_LIMIT_HI 0x2cu
#define PCI_IO_WINDOW_HI 0x30u
#define PCI_WINDOW_ADDR 0xfff0u
#define PCI_PREF_64 1u
#define PCI_WINDOW_GRANULE (1ull << 20)
/* A window whose base is above its limit forwards nothing. */
#define PCI_WINDOW_OFF 0x0000fff0u
#define PCI_IO_WINDOW_OFF 0x00f0u

/* PCI Express capability: the port type says how many devices a link has. */
#define PCI_CAP_ID_EXP 0x10u
#define PCI_EXP_TYPE(flags) (((flags) >> 20) & 0xfu) /* in the capability's dword */
#define PCI_EXP_TYPE_ROOT_PORT 4u
#define PCI_EXP_TYPE_DOWNSTREAM 6u
#define PCI_EXP_NONE 0xffu
#define PCI_MAX_CAPS 48u

/* What the scan learnt about one BAR. */
struct bar {
	uint64_t cpu, bus, size;
	int rc;                 /* bm_pci_bar()'s answer */
	enum bm_pci_space space;
};

/* One function the scan recorded. */
struct fn {
	struct bm_pci_dev d;
	int up;                 /* index of the bridge above; -1 on the root bus */
	uint8_t hdr;            /* header type without the multi-function bit */
	uint8_t exp_type;       /* PCI Express port type, PCI_EXP_NONE if not */
	uint8_t sec, sub;       /* bridges: secondary and subordinate bus */
	uint64_t win[2][2];     /* bridges: [space][base, limit + 1], bus addresses */
	struct bar bar[6];
};

static struct {
	bool done;
	int result;
	unsigned n;
	unsigned next_bus, last_bus;
	bool short_of_room;     /* functions, buses or window space ran out */
	struct fn fns[BM_PCI_MAX_FUNCS];
} scan;

static uint64_t cfg_addr(unsigned bus, unsigned dev, unsigned fn)
{
	const struct bm_pci_host *h = &bm_plat.pci;

	return h->ecam + ((uint64_t)(bus - h->bus_start) << 20) + ((uint64_t)dev << 15) +
	       ((uint64_t)fn << 12);
}

uint32_t bm_pci_cfg_read32(const struct bm_pci_dev *d, unsigned off)
{
	return bm_read32(d->cfg + off);
}

void bm_pci_cfg_write32(const struct bm_pci_dev *d, unsigned off, uint32_t v)
{
	bm_write32(d->cfg + off, v);
}

static void cmd_set(const struct bm_pci_dev *d, uint32_t clear, uint32_t set)
{
	/* The status half is write-one-to-clear: write it as zeros. */
	uint32_t cmd = bm_pci_cfg_read32(d, PCI_COMMAND) & 0xffffu;

	bm_pci_cfg_write32(d, PCI_COMMAND, (cmd & ~clear) | set);
}

/* PCI Express port type of @d, PCI_EXP_NONE without the capability. */
static uint8_t exp_type(const struct bm_pci_dev *d)
{
	unsigned ptr, i;

	if (!(bm_pci_cfg_read32(d, PCI_COMMAND) & PCI_STATUS_CAP_LIST))
		return PCI_EXP_NONE;
	ptr = bm_pci_cfg_read32(d, PCI_CAP_PTR) & 0xfcu;
	for (i = 0; ptr >= 0x40u && i < PCI_MAX_CAPS; i++) {
		uint32_t cap = bm_pci_cfg_read32(d, ptr);

		if ((cap & 0xffu) == PCI_CAP_ID_EXP)
			return (uint8_t)PCI_EXP_TYPE(cap);
		ptr = (cap >> 8) & 0xfcu;
	}
	return PCI_EXP_NONE;
}

/* ---- BARs ----------------------------------------------------------------- */

/* Address space for a BAR: a 64-bit one may go high only where it can. */
static int bar_alloc(struct bar *b, bool is64, bool pref, bool high_ok, bool root)
{
	struct bm_pci_range r;
	int rc = SMMUV3_ERR_NOSPC;

	if (is64 && pref && high_ok) {
		b->space = BM_PCI_MEM64;
		rc = bm_pci_mem_alloc(BM_PCI_MEM64, b->size, b->size, &r);
	}
	if (rc) {
		b->space = BM_PCI_MEM32;
		rc = bm_pci_mem_alloc(BM_PCI_MEM32, b->size, b->size, &r);
	}
	/* On the root bus nothing but the host decodes: any window will do. */
	if (rc && is64 && root) {
		b->space = BM_PCI_MEM64;
		rc = bm_pci_mem_alloc(BM_PCI_MEM64, b->size, b->size, &r);
	}
	if (rc)
		return rc == SMMUV3_ERR_NOENT ? SMMUV3_ERR_NOSPC : rc;
	b->bus = r.bus;
	b->cpu = r.cpu;
	return 0;
}

/*
 * Size BAR @i of @f (decoding is off) and give it an address. Returns the
 * number of BAR registers it takes: 2 for a 64-bit BAR.
 */
static unsigned bar_setup(struct fn *f, unsigned i, unsigned n_bars, bool high_ok)
{
	const struct bm_pci_dev *d = &f->d;
	unsigned off = PCI_BAR0 + 4u * i;
	uint32_t lo = bm_pci_cfg_read32(d, off), hi = 0, mask_lo, mask_hi = ~0u;
	bool is64 = !(lo & PCI_BAR_IO) && (lo & PCI_BAR_TYPE_MASK) == PCI_BAR_TYPE_64;
	struct bar *b = &f->bar[i];
	uint64_t mask;

	if (lo & PCI_BAR_IO) {
		b->rc = SMMUV3_ERR_NOTSUP;
		return 1;
	}
	if (is64 && i + 1 >= n_bars) {
		b->rc = SMMUV3_ERR_NOENT; /* a 64-bit BAR cannot start in the last slot */
		return 1;
	}
	/* Sizing: write all ones, read back the writable address bits. */
	bm_pci_cfg_write32(d, off, ~0u);
	mask_lo = bm_pci_cfg_read32(d, off) & ~PCI_BAR_FLAGS;
	if (is64) {
		hi = bm_pci_cfg_read32(d, off + 4);
		bm_pci_cfg_write32(d, off + 4, ~0u);
		mask_hi = bm_pci_cfg_read32(d, off + 4);
		f->bar[i + 1].rc = SMMUV3_ERR_INVAL; /* the upper half */
	}
	mask = (uint64_t)mask_hi << 32 | mask_lo;
	b->size = mask & (~mask + 1); /* the lowest writable bit */
	if (!mask_lo && (!is64 || !mask_hi))
		b->rc = SMMUV3_ERR_NOENT;
	else
		/* Upper address bits wired to zero: it cannot go above 4 GiB. */
		b->rc = bar_alloc(b, is64 && mask_hi, lo & PCI_BAR_PREFETCH, high_ok, f->up < 0);
	if (b->rc) {
		bm_pci_cfg_write32(d, off, lo);
		if (is64)
			bm_pci_cfg_write32(d, off + 4, hi);
		if (b->rc == SMMUV3_ERR_NOSPC)
			scan.short_of_room = true;
	} else {
		bm_pci_cfg_write32(d, off, (uint32_t)b->bus);
		if (is64)
			bm_pci_cfg_write32(d, off + 4, (uint32_t)(b->bus >> 32));
	}
	return is64 ? 2 : 1;
}

static void bars_setup(struct fn *f, bool high_ok)
{
	unsigned n = f->hdr == PCI_HEADER_NORMAL ? 6 : f->hdr == PCI_HEADER_BRIDGE ? 2 : 0;
	unsigned i;

	for (i = 0; i < 6; i++)
		f->bar[i].rc = SMMUV3_ERR_NOENT;
	for (i = 0; i < n;)
		i += bar_setup(f, i, n, high_ok);
}

/* ---- Bridge windows ------------------------------------------------------- */

/* Move a window's free pointer up to bus address @to (or to its end). */
static void mem_skip_to(enum bm_pci_space s, uint64_t to)
{
	struct bm_pci_range r = bm_pci_mem_free(s), pad;

	if (r.size && to > r.bus)
		(void)bm_pci_mem_alloc(s, to - r.bus < r.size ? to - r.bus : r.size, 1, &pad);
}

/* Start a bridge window: the next free address, on the window granule. */
static uint64_t window_open(enum bm_pci_space s)
{
	uint64_t start = (bm_pci_mem_free(s).bus + PCI_WINDOW_GRANULE - 1) & ~(PCI_WINDOW_GRANULE - 1);

	mem_skip_to(s, start);
	return start;
}

/* End it: [start, end) once rounded, and nothing else may land inside. */
static uint64_t window_close(enum bm_pci_space s, uint64_t start)
{
	uint64_t end = bm_pci_mem_free(s).bus;

	if (end <= start)
		return start; /* nothing below: the window stays shut */
	end = (end + PCI_WINDOW_GRANULE - 1) & ~(PCI_WINDOW_GRANULE - 1);
	mem_skip_to(s, end);
	return end;
}

static uint32_t window_reg(uint64_t base, uint64_t end)
{
	if (end <= base)
		return PCI_WINDOW_OFF;
	return (uint32_t)((base >> 16) & PCI_WINDOW_ADDR) |
	       (uint32_t)(((end - 1) >> 16) & PCI_WINDOW_ADDR) << 16;
}

static void windows_write(struct fn *b, bool pref64)
{
	const struct bm_pci_dev *d = &b->d;
	const uint64_t *m = b->win[BM_PCI_MEM32], *p = b->win[BM_PCI_MEM64];
	bool pref_open = pref64 && p[1] > p[0];

	bm_pci_cfg_write32(d, PCI_MEM_WINDOW, window_reg(m[0], m[1]));
	bm_pci_cfg_write32(d, PCI_PREF_WINDOW, pref_open ? window_reg(p[0], p[1]) : PCI_WINDOW_OFF);
	bm_pci_cfg_write32(d, PCI_PREF_BASE_HI, pref_open ? (uint32_t)(p[0] >> 32) : 0);
	bm_pci_cfg_write32(d, PCI_PREF_LIMIT_HI, pref_open ? (uint32_t)((p[1] - 1) >> 32) : 0);
	if (m[1] > m[0] || pref_open)
		cmd_set(d, 0, PCI_COMMAND_MEMORY);
}

/* ---- Enumeration ---------------------------------------------------------- */

static void buses_write(const struct fn *b, unsigned primary)
{
	uint32_t v = bm_pci_cfg_read32(&b->d, PCI_BUSES) & ~PCI_BUSES_NUMBERS;

	bm_pci_cfg_write32(&b->d, PCI_BUSES, v | primary | (uint32_t)b->sec << 8 |
						 (uint32_t)b->sub << 16);
}

/* Record function @dev.@fn of @bus, quiesce it and give its BARs addresses. */
static struct fn *fn_add(unsigned bus, unsigned dev, unsigned fn, uint32_t id, int up,
			 bool high_ok)
{
	struct fn *f;

	if (scan.n == BM_PCI_MAX_FUNCS) {
		scan.short_of_room = true;
		return NULL;
	}
	f = &scan.fns[scan.n++];
	f->d.bus = (uint8_t)bus;
	f->d.dev = (uint8_t)dev;
	f->d.fn = (uint8_t)fn;
	f->d.vendor = (uint16_t)id;
	f->d.device = (uint16_t)(id >> 16);
	f->d.cfg = cfg_addr(bus, dev, fn);
	f->up = up;
	f->hdr = (uint8_t)(bm_pci_cfg_read32(&f->d, PCI_HEADER_TYPE) >> PCI_HEADER_TYPE_SHIFT) &
		 (uint8_t)~PCI_HEADER_MULTI;
	f->exp_type = exp_type(&f->d);
	cmd_set(&f->d, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 0);
	if (f->hdr == PCI_HEADER_BRIDGE) {
		f->sec = f->sub = 0;
		buses_write(f, 0);
		/* Shut every window until the bus below is set up; no I/O ever. */
		bm_pci_cfg_write32(&f->d, PCI_IO_WINDOW, PCI_IO_WINDOW_OFF);
		bm_pci_cfg_write32(&f->d, PCI_IO_WINDOW_HI, 0);
		bm_pci_cfg_write32(&f->d, PCI_MEM_WINDOW, PCI_WINDOW_OFF);
		bm_pci_cfg_write32(&f->d, PCI_PREF_WINDOW, PCI_WINDOW_OFF);
		bm_pci_cfg_write32(&f->d, PCI_PREF_BASE_HI, 0);
		bm_pci_cfg_write32(&f->d, PCI_PREF_LIMIT_HI, 0);
	}
	bars_setup(f, high_ok);
	return f;
}

/* A PCI Express link has one device on it (ARI aside): device 0. */
static unsigned devs_on_bus(int up)
{
	if (up >= 0 && (scan.fns[up].exp_type == PCI_EXP_TYPE_ROOT_PORT ||
			scan.fns[up].exp_type == PCI_EXP_TYPE_DOWNSTREAM))
		return 1;
	return 32;
}

static void bus_scan(unsigned bus, int up, bool high_ok);

static void bridge_setup(unsigned i, unsigned bus, bool high_ok)
{
	struct fn *b = &scan.fns[i];
	bool pref64;

	if (scan.next_bus > scan.last_bus) {
		scan.short_of_room = true; /* no bus number left: it stays shut */
		return;
	}
	b->sec = (uint8_t)scan.next_bus++;
	b->sub = (uint8_t)scan.last_bus; /* for now: route every cycle below */
	buses_write(b, bus);
	pref64 = high_ok && (bm_pci_cfg_read32(&b->d, PCI_PREF_WINDOW) & 0xfu) == PCI_PREF_64;

	b->win[BM_PCI_MEM32][0] = window_open(BM_PCI_MEM32);
	if (pref64)
		b->win[BM_PCI_MEM64][0] = window_open(BM_PCI_MEM64);
	bus_scan(b->sec, (int)i, pref64);
	b->win[BM_PCI_MEM32][1] = window_close(BM_PCI_MEM32, b->win[BM_PCI_MEM32][0]);
	if (pref64)
		b->win[BM_PCI_MEM64][1] = window_close(BM_PCI_MEM64, b->win[BM_PCI_MEM64][0]);

	b->sub = (uint8_t)(scan.next_bus - 1);
	buses_write(b, bus);
	windows_write(b, pref64);
}

static void bus_scan(unsigned bus, int up, bool high_ok)
{
	unsigned first = scan.n, last, dev, fn, i;

	for (dev = 0; dev < devs_on_bus(up); dev++) {
		for (fn = 0; fn < 8; fn++) {
			uint32_t id = bm_read32(cfg_addr(bus, dev, fn) + PCI_VENDOR_ID);
			uint32_t hdr;

			if ((id & 0xffffu) == 0xffffu) {
				if (fn == 0)
					break; /* no device: skip its functions */
				continue;
			}
			hdr = bm_read32(cfg_addr(bus, dev, fn) + PCI_HEADER_TYPE);
			(void)fn_add(bus, dev, fn, id, up, high_ok);
			/* Functions 1-7 exist only behind a multi-function header. */
			if (fn == 0 && !((hdr >> PCI_HEADER_TYPE_SHIFT) & PCI_HEADER_MULTI))
				break;
		}
	}
	last = scan.n;
	for (i = first; i < last; i++)
		if (scan.fns[i].hdr == PCI_HEADER_BRIDGE)
			bridge_setup(i, bus, high_ok);
}

int bm_pci_scan(void)
{
	const struct bm_pci_host *h = &bm_plat.pci;
	uint64_t ecam_buses = h->ecam_size >> 20;

	if (scan.done)
		return scan.result;
	scan.done = true;
	if (!h->present || !ecam_buses || h->bus_start > h->bus_end || h->bus_end > 255) {
		scan.result = SMMUV3_ERR_NOENT;
		return scan.result;
	}
	/* Only buses the ECAM window covers can be reached. */
	scan.last_bus = h->bus_end - h->bus_start < ecam_buses ? h->bus_end
							       : h->bus_start + (unsigned)ecam_buses - 1;
	scan.next_bus = h->bus_start + 1;
	bus_scan(h->bus_start, -1, true);
	scan.result = scan.short_of_room ? SMMUV3_ERR_NOSPC : (int)scan.n;
	if (scan.short_of_room)
		bm_printf("pci: out of room (functions, bus numbers or window space): %u "
			  "functions set up, the rest left disabled\n", scan.n);
	return scan.result;
}

/* ---- Lookups -------------------------------------------------------------- */

static struct fn *fn_of(const struct bm_pci_dev *d)
{
	unsigned i;

	if (!d)
		return NULL;
	(void)bm_pci_scan();
	for (i = 0; i < scan.n; i++) {
		struct fn *f = &scan.fns[i];

		if (f->d.bus == d->bus && f->d.dev == d->dev && f->d.fn == d->fn)
			return f;
	}
	return NULL;
}

int bm_pci_find(uint16_t vendor, uint16_t device, unsigned index, struct bm_pci_dev *out)
{
	unsigned i;

	if (!out)
		return SMMUV3_ERR_NOENT;
	(void)bm_pci_scan();
	for (i = 0; i < scan.n; i++) {
		const struct bm_pci_dev *d = &scan.fns[i].d;

		if (d->vendor == vendor && d->device == device && index-- == 0) {
			*out = *d;
			return 0;
		}
	}
	return SMMUV3_ERR_NOENT;
}

int bm_pci_bar(const struct bm_pci_dev *d, unsigned bar, struct bm_pci_range *out)
{
	const struct fn *f;
	const struct bar *b;

	if (bar > 5 || !out || !d)
		return SMMUV3_ERR_INVAL;
	f = fn_of(d);
	if (!f)
		return SMMUV3_ERR_NOENT;
	b = &f->bar[bar];
	if (b->rc)
		return b->rc;
	out->bus = b->bus;
	out->cpu = b->cpu;
	out->size = b->size;
	return 0;
}

int bm_pci_upstream(const struct bm_pci_dev *d, struct bm_pci_dev *out)
{
	const struct fn *f = fn_of(d);

	if (!f || f->up < 0 || !out)
		return SMMUV3_ERR_NOENT;
	*out = scan.fns[f->up].d;
	return 0;
}

void bm_pci_enable(const struct bm_pci_dev *d)
{
	const struct fn *f = fn_of(d);
	int up;

	cmd_set(d, 0, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	for (up = f ? f->up : -1; up >= 0; up = scan.fns[up].up)
		cmd_set(&scan.fns[up].d, 0, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

void bm_pci_disable_master(const struct bm_pci_dev *d)
{
	cmd_set(d, PCI_COMMAND_MASTER, 0);
}

int bm_pci_stream(const struct bm_pci_dev *d, unsigned *smmu, uint32_t *sid)
{
	const struct bm_pci_host *h = &bm_plat.pci;
	uint32_t rid;
	unsigned i;

	if (!d || !smmu || !sid)
		return SMMUV3_ERR_NOENT;
	rid = bm_pci_rid(d) & h->iommu_map_mask;
	for (i = 0; i < h->n_map; i++) {
		const struct bm_iommu_map *m = &h->map[i];

		if (rid >= m->rid_base && rid - m->rid_base < m->len) {
			*smmu = m->smmu;
			*sid = rid - m->rid_base + m->sid_base;
			return 0;
		}
	}
	return SMMUV3_ERR_NOENT;
}

/* ---- Report --------------------------------------------------------------- */

static void dump_bars(const struct fn *f)
{
	static const char *const space[2] = { "mem32", "mem64" };
	unsigned i;

	for (i = 0; i < 6; i++) {
		const struct bar *b = &f->bar[i];

		if (!b->rc)
			bm_printf("    BAR%u %s %llx..%llx\n", i, space[b->space],
				  (unsigned long long)b->cpu, (unsigned long long)(b->cpu + b->size - 1));
		else if (b->rc == SMMUV3_ERR_NOSPC || b->rc == SMMUV3_ERR_NOTSUP)
			bm_printf("    BAR%u %s\n", i, b->rc == SMMUV3_ERR_NOTSUP ? "I/O, unused"
									   : "no room, unassigned");
	}
}

static void dump_window(const char *name, const uint64_t win[2])
{
	if (win[1] > win[0])
		bm_printf(" %s %llx..%llx", name, (unsigned long long)win[0],
			  (unsigned long long)(win[1] - 1));
	else
		bm_printf(" %s off", name);
}

void bm_pci_dump(void)
{
	unsigned i;

	(void)bm_pci_scan();
	for (i = 0; i < scan.n; i++) {
		const struct fn *f = &scan.fns[i];
		unsigned smmu;
		uint32_t sid;

		bm_printf("pci %02x:%02x.%x %04x:%04x", f->d.bus, f->d.dev, f->d.fn, f->d.vendor,
			  f->d.device);
		if (!bm_pci_stream(&f->d, &smmu, &sid))
			bm_printf(" smmu%u SID %#x", smmu, (unsigned)sid);
		if (f->hdr == PCI_HEADER_BRIDGE) {
			bm_printf(" bridge: buses %02x..%02x", f->sec, f->sub);
			dump_window("mem", f->win[BM_PCI_MEM32]);
			dump_window("pref", f->win[BM_PCI_MEM64]);
		}
		bm_printf("\n");
		dump_bars(f);
	}
}
