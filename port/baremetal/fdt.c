// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform from the device tree, through libfdt: RAM, the console,
 * the GIC, every "arm,smmu-v3" node (reg, interrupts by interrupt-names,
 * dma-coherent) and the generic ECAM PCI host (its 32- and 64-bit memory
 * windows) with its iommu-map, which
 * turns a PCI requester ID into the SMMU and StreamID that see its DMA.
 *
 * The blob is untrusted: smmuv3_fdt_check() vets its structure before any
 * libfdt call, because libfdt 1.6.1 (Debian 12) loops for ever on some
 * blobs that pass fdt_check_header() (docs/device-tree.md). Property
 * contents are checked here where they are read.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <libfdt.h>
#include <smmuv3/errors.h>
#include <smmuv3/fdt.h>
#include <bm/bm.h>

struct bm_platform bm_plat;

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	while (cells-- > 0)
		v = (v << 32) | fdt32_ld(p++);
	return v;
}

static int addr_cells(const void *fdt, int node)
{
	int parent = fdt_parent_offset(fdt, node);

	return fdt_address_cells(fdt, parent < 0 ? 0 : parent);
}

static int size_cells(const void *fdt, int node)
{
	int parent = fdt_parent_offset(fdt, node);

	return fdt_size_cells(fdt, parent < 0 ? 0 : parent);
}

/* Entry @index of a node's "reg", in the parent's address and size cells. */
static int get_reg(const void *fdt, int node, int index, uint64_t *addr, uint64_t *size)
{
	int ac = addr_cells(fdt, node), sc = size_cells(fdt, node), len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	int stride = ac + sc;

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return SMMUV3_ERR_NOENT;
	if ((index + 1) * stride * 4 > len)
		return SMMUV3_ERR_RANGE;
	reg += index * stride;
	*addr = read_cells(reg, ac);
	if (size)
		*size = read_cells(reg + ac, sc);
	return 0;
}

static void parse_memory(const void *fdt)
{
	int node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);

	if (node >= 0)
		get_reg(fdt, node, 0, &bm_plat.ram_base, &bm_plat.ram_size);
}

/*
 * The node a stdout-path names: a full path, or an alias whose value is
 * one. Aliases are looked up here rather than by fdt_path_offset(), whose
 * 1.6.1 version resolves an alias value as a path again and recurses
 * without end on an alias naming itself (smmuv3_fdt_check() refuses such
 * trees too; this holds whatever the check lets through).
 */
static int path_node(const void *fdt, const char *path, int len)
{
	const char *alias;
	int aliases, alen;

	if (len > 0 && path[0] == '/')
		return fdt_path_offset_namelen(fdt, path, len);
	if (len <= 0 || memchr(path, '/', (size_t)len))
		return -FDT_ERR_BADPATH;
	aliases = fdt_subnode_offset(fdt, 0, "aliases");
	alias = aliases < 0 ? NULL : fdt_getprop_namelen(fdt, aliases, path, len, &alen);
	if (!alias || alen < 2 || alias[0] != '/' || alias[alen - 1])
		return -FDT_ERR_BADPATH;
	return fdt_path_offset_namelen(fdt, alias, alen - 1);
}

static void parse_chosen(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len, node;
	const char *path, *colon;

	bm_plat.bootargs = "";
	if (chosen < 0)
		return;
	/* Strings are used as C strings: only when NUL-terminated. */
	path = fdt_getprop(fdt, chosen, "bootargs", &len);
	if (path && len > 0 && !path[len - 1])
		bm_plat.bootargs = path;
	path = fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!path || len <= 0 || path[len - 1])
		return;
	/* "path:options": the options (baud rate) do not matter here. */
	colon = memchr(path, ':', (size_t)len);
	node = path_node(fdt, path, colon ? (int)(colon - path) : len - 1);
	if (node >= 0)
		get_reg(fdt, node, 0, &bm_plat.uart, NULL);
}

static void parse_gic(const void *fdt)
{
	static const char *const v2[] = { "arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic" };
	unsigned i;
	int node;

	for (i = 0; i < sizeof(v2) / sizeof(v2[0]); i++) {
		node = fdt_node_offset_by_compatible(fdt, -1, v2[i]);
		if (node >= 0 && !get_reg(fdt, node, 0, &bm_plat.gic.gicd, NULL) &&
		    !get_reg(fdt, node, 1, &bm_plat.gic.gicc, NULL)) {
			bm_plat.gic.version = 2;
			return;
		}
	}
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	if (node >= 0 && !get_reg(fdt, node, 0, &bm_plat.gic.gicd, NULL) &&
	    !get_reg(fdt, node, 1, &bm_plat.gic.gicr, NULL))
		bm_plat.gic.version = 3;
}

/* enum smmuv3_irq order; the binding's interrupt-names. */
static const char *const smmu_irq_names[5] = { "eventq", "priq", "cmdq-sync", "gerror", "combined" };

/*
 * "interrupts" + "interrupt-names" of an SMMU node, for a GIC parent
 * (3 cells: type, number, flags). Lines the binding does not name are
 * left unwired (-1), and the library then polls for them.
 */
static void parse_smmu_irqs(const void *fdt, int node, struct bm_smmu_desc *d)
{
	int len, names_len, n, i, off = 0;
	const fdt32_t *irqs = fdt_getprop(fdt, node, "interrupts", &len);
	const char *names = fdt_getprop(fdt, node, "interrupt-names", &names_len);

	for (i = 0; i < 5; i++)
		d->irq[i] = -1;
	if (!irqs || !names)
		return;
	n = len / 12;
	for (i = 0; i < n && off < names_len; i++) {
		const char *name = names + off;
		const char *nul = memchr(name, '\0', (size_t)(names_len - off));
		uint32_t type = fdt32_ld(&irqs[3 * i]);
		uint32_t num = fdt32_ld(&irqs[3 * i + 1]);
		uint32_t flags = fdt32_ld(&irqs[3 * i + 2]);
		unsigned k;

		/* A name must end inside the property, not in what follows it. */
		if (!nul)
			return;
		off += (int)(nul - name) + 1;
		for (k = 0; k < 5; k++) {
			if (strcmp(name, smmu_irq_names[k]))
				continue;
			/* GIC binding: type 0 is an SPI (INTID num + 32), 1 a PPI. */
			d->irq[k] = (int)(num + (type == 0 ? 32u : 16u));
			/* Flags 1 and 2 are edge triggered, 4 and 8 level. */
			d->irq_edge[k] = (flags & 0xfu) == 1 || (flags & 0xfu) == 2;
		}
	}
}

static void parse_smmus(const void *fdt)
{
	int node = -1, scanned = 0;

	/*
	 * get_reg() searches the whole tree for the parent: bound the nodes
	 * looked at, or a tree of bad SMMU nodes costs nodes x nodes.
	 */
	while (bm_plat.n_smmu < BM_MAX_SMMU && scanned++ < BM_MAX_SMMU_SCAN &&
	       (node = fdt_node_offset_by_compatible(fdt, node, "arm,smmu-v3")) >= 0) {
		struct bm_smmu_desc *d = &bm_plat.smmu[bm_plat.n_smmu];
		const char *status = fdt_getprop(fdt, node, "status", NULL);

		if (status && strcmp(status, "okay") && strcmp(status, "ok"))
			continue;
		if (get_reg(fdt, node, 0, &d->base, &d->size))
			continue;
		d->coherent = fdt_getprop(fdt, node, "dma-coherent", NULL) != NULL;
		d->phandle = fdt_get_phandle(fdt, node);
		parse_smmu_irqs(fdt, node, d);
		bm_plat.n_smmu++;
	}
}

static int smmu_by_phandle(uint32_t phandle)
{
	unsigned i;

	for (i = 0; i < bm_plat.n_smmu; i++)
		if (bm_plat.smmu[i].phandle == phandle)
			return (int)i;
	return -1;
}

/* "ranges": 3 PCI address cells, the parent's CPU cells, 2 size cells. */
static void parse_pci_ranges(const void *fdt, int node, struct bm_pci_host *h)
{
	int pac = addr_cells(fdt, node), len, i, stride = 3 + pac + 2;
	const fdt32_t *r = fdt_getprop(fdt, node, "ranges", &len);

	if (!r)
		return;
	for (i = 0; (i + 1) * stride * 4 <= len; i++, r += stride) {
		uint32_t space = (fdt32_ld(r) >> 24) & 3u;
		uint64_t bus = read_cells(r + 1, 2);
		uint64_t cpu = read_cells(r + 3, pac);
		uint64_t size = read_cells(r + 3 + pac, 2);

		/* Space code 2: 32-bit memory; keep the window below 4 GiB. */
		if (space == 2 && bus + size <= (1ull << 32) && !h->mmio32_size) {
			h->mmio32_bus = bus;
			h->mmio32_cpu = cpu;
			h->mmio32_size = size;
		}
		/* Space code 3: 64-bit memory, for 64-bit prefetchable BARs. */
		if (space == 3 && size && bus + size - 1 >= bus && !h->mmio64_size) {
			h->mmio64_bus = bus;
			h->mmio64_cpu = cpu;
			h->mmio64_size = size;
		}
	}
}

/*
 * "iommu-map": entries of (RID base, IOMMU phandle, that IOMMU's
 * #iommu-cells of specifier, length). An SMMUv3's specifier is one cell,
 * the StreamID base; entries for other IOMMUs are stepped over by their
 * own #iommu-cells, and one whose IOMMU cannot be found ends the walk
 * (where the next entry starts is then unknown).
 */
static void parse_iommu_map(const void *fdt, int node, struct bm_pci_host *h)
{
	int len, at = 0, scanned = 0;
	const fdt32_t *p = fdt_getprop(fdt, node, "iommu-map", &len);

	len = p ? len / 4 : 0;
	/*
	 * Each entry costs a whole-tree phandle search: bound the entries
	 * looked at, or a long map of foreign phandles costs entries x nodes.
	 */
	while (at + 3 <= len && h->n_map < BM_MAX_IOMMU_MAP &&
	       scanned++ < BM_MAX_IOMMU_MAP_SCAN) {
		uint32_t phandle = fdt32_ld(p + at + 1);
		int iommu = fdt_node_offset_by_phandle(fdt, phandle), clen, smmu;
		const fdt32_t *cells = iommu < 0 ? NULL : fdt_getprop(fdt, iommu, "#iommu-cells", &clen);
		uint32_t n = cells && clen >= 4 ? fdt32_ld(cells) : ~0u;

		if (n > 4 || at + 3 + (int)n > len)
			return;
		smmu = smmu_by_phandle(phandle);
		if (smmu >= 0 && n == 1) {
			h->map[h->n_map].rid_base = fdt32_ld(p + at);
			h->map[h->n_map].smmu = (uint32_t)smmu;
			h->map[h->n_map].sid_base = fdt32_ld(p + at + 2);
			h->map[h->n_map].len = fdt32_ld(p + at + 3);
			h->n_map++;
		}
		at += 3 + (int)n;
	}
}

static void parse_pci(const void *fdt)
{
	struct bm_pci_host *h = &bm_plat.pci;
	int node = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");
	const fdt32_t *p;
	int len;

	if (node < 0 || get_reg(fdt, node, 0, &h->ecam, &h->ecam_size))
		return;
	p = fdt_getprop(fdt, node, "bus-range", &len);
	h->bus_start = p && len >= 8 ? fdt32_ld(p) : 0;
	h->bus_end = p && len >= 8 ? fdt32_ld(p + 1) : (uint32_t)(h->ecam_size >> 20) - 1;
	parse_pci_ranges(fdt, node, h);

	p = fdt_getprop(fdt, node, "iommu-map-mask", &len);
	h->iommu_map_mask = p && len >= 4 ? fdt32_ld(p) : ~0u;
	parse_iommu_map(fdt, node, h);
	h->present = true;
}

int bm_fdt_parse(const void *fdt, size_t size)
{
	int err = smmuv3_fdt_check(fdt, size, &bm_plat.fdt_check);

	/* libfdt's own header check too, in case it knows better. */
	if (err)
		return err;
	if (fdt_check_header(fdt))
		return SMMUV3_ERR_BADDESC;
	bm_plat.fdt = fdt;
	parse_memory(fdt);
	parse_chosen(fdt);
	parse_gic(fdt);
	parse_smmus(fdt);
	parse_pci(fdt);
	return 0;
}

bool bm_bootarg(const char *arg)
{
	const char *s = bm_plat.bootargs;
	size_t n = strlen(arg);

	while (s && *s) {
		while (*s == ' ')
			s++;
		if (!strncmp(s, arg, n) && (s[n] == ' ' || s[n] == '\0'))
			return true;
		while (*s && *s != ' ')
			s++;
	}
	return false;
}
