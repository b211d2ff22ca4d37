/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file bm.h
 * @brief The bare-metal AArch64 port: start-up, console, exit, time,
 *        DMA memory, interrupts, and the platform found in the device tree.
 *
 * A program links the port and defines bm_main(); _start (start.S) sets
 * up the stack and vectors, bm_start() parses the device tree and brings
 * up the console, then calls bm_main() and exits with its return value
 * through semihosting. Single CPU, MMU off (docs/bringup.md).
 */
#ifndef BM_BM_H
#define BM_BM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/fdt.h>
#include <smmuv3/port.h>

/** Most SMMUs the platform description holds. */
#define BM_MAX_SMMU 4
/** Most "arm,smmu-v3" nodes looked at, disabled or malformed ones included
 *  (each costs whole-tree parent searches). */
#define BM_MAX_SMMU_SCAN 16
/** Most iommu-map entries kept for the PCI host. */
#define BM_MAX_IOMMU_MAP 8
/** Most iommu-map entries looked at (each costs a whole-tree search). */
#define BM_MAX_IOMMU_MAP_SCAN 64

/** One SMMUv3 found in the device tree (an "arm,smmu-v3" node). */
struct bm_smmu_desc {
	uint64_t base;       /**< register page 0 */
	uint64_t size;       /**< register frame size */
	bool coherent;       /**< "dma-coherent" present */
	uint32_t phandle;    /**< for iommu-map / iommus references */
	/** GIC INTID per enum smmuv3_irq, or -1 when not wired. */
	int irq[5];
	/** True when the line is edge-triggered. */
	bool irq_edge[5];
};

/** One iommu-map entry: RIDs [rid_base, rid_base+len) -> StreamIDs. */
struct bm_iommu_map {
	uint32_t rid_base;
	uint32_t smmu;       /**< index into bm_platform.smmu */
	uint32_t sid_base;
	uint32_t len;
};

/** The generic ECAM PCI host ("pci-host-ecam-generic"). */
struct bm_pci_host {
	bool present;
	uint64_t ecam;       /**< ECAM base for bus_start */
	uint64_t ecam_size;
	uint32_t bus_start, bus_end;
	uint64_t mmio32_cpu; /**< 32-bit MMIO window, CPU address */
	uint64_t mmio32_bus; /**< the same window, PCI bus address */
	uint64_t mmio32_size;
	uint64_t mmio64_cpu; /**< 64-bit MMIO window (space code 3), CPU address */
	uint64_t mmio64_bus; /**< the same window, PCI bus address */
	uint64_t mmio64_size; /**< 0 when the host has none */
	uint32_t iommu_map_mask; /**< "iommu-map-mask", ~0 when absent */
	unsigned n_map;
	struct bm_iommu_map map[BM_MAX_IOMMU_MAP];
};

/** The interrupt controller. */
struct bm_gic {
	unsigned version;    /**< 2 or 3; 0 when none was found */
	uint64_t gicd;
	uint64_t gicc;       /**< GICv2 CPU interface */
	uint64_t gicr;       /**< GICv3 redistributor of CPU 0 */
};

/** Everything the port learnt from the device tree. */
struct bm_platform {
	const void *fdt;
	struct smmuv3_fdt_report fdt_check; /**< the device tree check's verdict */
	int el;              /**< exception level the program runs at */
	uint64_t ram_base, ram_size;
	uint64_t uart;       /**< PL011 of /chosen/stdout-path */
	const char *bootargs; /**< /chosen/bootargs ("" when absent) */
	unsigned n_smmu;
	struct bm_smmu_desc smmu[BM_MAX_SMMU];
	struct bm_pci_host pci;
	struct bm_gic gic;
};

/** The platform, filled by bm_start() before bm_main() runs. */
extern struct bm_platform bm_plat;

/** The program's entry point; its return value is the exit status. */
int bm_main(void);

/* ---- Console and exit ----------------------------------------------------- */

/** Write one character to the console (PL011 unless bm_console_set()). */
void bm_putc(char c);
/** Replace the console (e.g. for a board without a PL011). */
void bm_console_set(void (*putc)(void *ctx, char c), void *ctx);
/** printf subset: %d %i %u %x %X %p %s %c %%, flags 0 - #, width, l ll z. */
int bm_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int bm_vprintf(const char *fmt, va_list ap);
int bm_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Exit through semihosting SYS_EXIT; QEMU exits with @p status. */
__attribute__((noreturn)) void bm_exit(int status);

/* ---- Time ------------------------------------------------------------------ */

/** Nanoseconds since boot from the architected counter (CNTPCT/CNTFRQ). */
uint64_t bm_time_ns(void);
/** Busy-wait at least @p us microseconds. */
void bm_udelay(uint64_t us);

/* ---- DMA memory ------------------------------------------------------------ */

/**
 * @brief Zeroed, physically contiguous memory from the linker's DMA region.
 * @param size bytes (> 0).
 * @param align power of two.
 * @param[out] pa physical address (== the pointer: the MMU is off).
 * @return the block or NULL when the region is exhausted.
 */
void *bm_dma_alloc(size_t size, size_t align, uint64_t *pa);
/** Return a block from bm_dma_alloc(). */
void bm_dma_free(void *va, size_t size);
/** Bytes currently handed out. */
size_t bm_dma_used(void);

/* ---- Interrupts ------------------------------------------------------------ */

typedef void bm_irq_fn(void *arg);

/** Initialise the GIC (distributor and CPU 0's interface) found in the DT. */
int bm_gic_init(void);
/** Route INTID @p intid to @p fn(@p arg) and enable it. */
int bm_irq_register(unsigned intid, bool edge, bm_irq_fn *fn, void *arg);
/** Disable INTID @p intid and forget its handler. */
void bm_irq_unregister(unsigned intid);
/** Times INTID @p intid was taken since boot (handled or spurious). */
uint64_t bm_irq_count(unsigned intid);
/** Unmask IRQs at the CPU (DAIF.I = 0). */
void bm_irq_enable(void);
/** Mask IRQs at the CPU; returns the previous DAIF for bm_irq_restore(). */
uint64_t bm_irq_save(void);
void bm_irq_restore(uint64_t daif);

/* ---- The port context handed to libsmmuv3 -------------------------------- */

/** What the bare-metal port needs to know about one SMMU. */
struct bm_smmu_port {
	const struct bm_smmu_desc *desc;
	const char *name;
	/** Route the SMMU's wired interrupts through the GIC; polling when
	 *  false (the default). */
	bool wired_irqs;
	/** Least severe level printed (SMMUV3_LOG_INFO by default). */
	enum smmuv3_log_level log_level;
};

/** Fill @p p for SMMU number @p index of the platform. */
int bm_smmu_port_init(struct bm_smmu_port *p, unsigned index);

/* ---- Device tree ----------------------------------------------------------- */

/** Most bytes bm_start() lets a device tree span (QEMU virt's is 1 MiB). */
#define BM_FDT_MAX_SIZE (2u << 20)

/**
 * Check @p fdt with smmuv3_fdt_check() (at most @p size readable bytes;
 * why a blob was refused lands in bm_plat.fdt_check), then parse it into
 * bm_plat through libfdt. Called by bm_start(). Ends on every input: the
 * check runs before any libfdt walk (docs/device-tree.md).
 * Returns 0, or the check's negative SMMUV3_ERR_* code.
 */
int bm_fdt_parse(const void *fdt, size_t size);
/** True when the word @p arg appears in /chosen/bootargs. */
bool bm_bootarg(const char *arg);

/* ---- Barriers -------------------------------------------------------------- */

static inline void bm_dsb(void) { __asm__ volatile("dsb sy" ::: "memory"); }
static inline void bm_dmb(void) { __asm__ volatile("dmb sy" ::: "memory"); }
static inline void bm_isb(void) { __asm__ volatile("isb" ::: "memory"); }

/* ---- MMIO for programs (the SMMU's go through the port hooks) ------------ */

static inline uint32_t bm_read32(uint64_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void bm_write32(uint64_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" :: "rZ"(v), "r"(addr) : "memory");
}

static inline uint64_t bm_read64(uint64_t addr)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void bm_write64(uint64_t addr, uint64_t v)
{
	__asm__ volatile("str %x0, [%1]" :: "rZ"(v), "r"(addr) : "memory");
}

static inline uint16_t bm_read16(uint64_t addr)
{
	uint16_t v;

	__asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void bm_write16(uint64_t addr, uint16_t v)
{
	__asm__ volatile("strh %w0, [%1]" :: "rZ"(v), "r"(addr) : "memory");
}

static inline uint8_t bm_read8(uint64_t addr)
{
	uint8_t v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

#endif /* BM_BM_H */
