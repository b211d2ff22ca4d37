// SPDX-License-Identifier: BSD-3-Clause
/*
 * libsmmuv3 port hooks on Hafnium's own facilities: its page heap
 * (hf/plat/memory_alloc.h, what Hafnium's own SMMU driver uses) for DMA
 * memory, hf/io.h for MMIO, its spinlock, dlog and its cache maintenance.
 * Compiled inside Hafnium's tree only; see README.md.
 *
 * Hafnium maps itself with an identity stage-1 map, so the physical
 * address of a heap block is its pointer (pa_from_va() says so). The
 * SMMU's registers must be mapped Device/RW with mm_identity_map()
 * before the library runs.
 */
#include <stdint.h>

#include "hf/addr.h"
#include "hf/arch/mm.h"
#include "hf/arch/std.h"
#include "hf/dlog.h"
#include "hf/io.h"
#include "hf/mm.h"
#include "hf/spinlock.h"
#include "hf/std.h"

#include <smmuv3/errors.h>
#include <smmuv3/port.h>

#include "hf_compat.h"
#include "smmuv3_hafnium.h"

#if SMMUV3_HF_LTS
/* The LTS tags have no page heap: DMA memory comes from the page pool
 * plat_iommu_init() was given (entries are pages). */
static void *heap_alloc(size_t bytes)
{
	size_t pages = bytes / PAGE_SIZE;

	return mpool_alloc_contiguous(smmuv3_hf_ppool, pages, pages);
}

static bool heap_free(void *va, size_t bytes)
{
	return mpool_add_chunk(smmuv3_hf_ppool, va, bytes);
}
#else
#include "hf/plat/memory_alloc.h"

static void *heap_alloc(size_t bytes)
{
	return memory_alloc(bytes);
}

static bool heap_free(void *va, size_t bytes)
{
	return memory_free(va, bytes);
}
#endif

static_assert(sizeof(struct spinlock) <= sizeof(struct smmuv3_port_lock),
	      "a Hafnium spinlock must fit the library's lock storage");

/*
 * memory_alloc() hands out n contiguous pages aligned to n pages, which
 * its pool can only honour for a power-of-two n: round every block up to
 * that. A block is then aligned to its own size, the most the library
 * ever asks; dma_free() recomputes the same size from the same request.
 * 0 when no such block can exist.
 */
static size_t heap_bytes(size_t size)
{
	size_t bytes = PAGE_SIZE;

	while (bytes < size) {
		if (bytes > SIZE_MAX / 2)
			return 0;
		bytes <<= 1;
	}
	return bytes;
}

void *smmuv3_port_dma_alloc(void *port, size_t size, size_t align, uint64_t *pa)
{
	const struct smmuv3_hf_port *p = port;
	size_t bytes = heap_bytes(size);
	void *va = bytes ? heap_alloc(bytes) : NULL;

	if (!va)
		return NULL;
	/* Refused rather than returned misaligned: the SMMU would misread it. */
	if ((uintptr_t)va & (align - 1)) {
		dlog_error("smmuv3: heap block %p is not %zu-byte aligned\n", va, align);
		smmuv3_port_dma_free(port, va, size);
		return NULL;
	}
	memset_s(va, bytes, 0, bytes);
	if (!p->coherent)
		arch_mm_flush_dcache(va, bytes);
	*pa = pa_addr(pa_from_va(va_from_ptr(va)));
	return va;
}

void smmuv3_port_dma_free(void *port, void *va, size_t size)
{
	(void)port;
	if (!heap_free(va, heap_bytes(size)))
		dlog_error("smmuv3: heap refused block %p back\n", va);
}

void *smmuv3_port_phys_to_virt(void *port, uint64_t pa)
{
	(void)port;
	return ptr_from_pa(pa_init(pa));
}

/* Hafnium offers clean+invalidate only; it serves both directions. */
void smmuv3_port_dma_clean(void *port, const void *va, size_t size)
{
	(void)port;
	arch_mm_flush_dcache((void *)(uintptr_t)va, size);
}

void smmuv3_port_dma_invalidate(void *port, const void *va, size_t size)
{
	(void)port;
	arch_mm_flush_dcache((void *)(uintptr_t)va, size);
}

uint32_t smmuv3_port_mmio_read32(void *port, uintptr_t addr)
{
	(void)port;
	return io_read32(IO32_C(addr));
}

void smmuv3_port_mmio_write32(void *port, uintptr_t addr, uint32_t val)
{
	(void)port;
	io_write32(IO32_C(addr), val);
}

uint64_t smmuv3_port_mmio_read64(void *port, uintptr_t addr)
{
	(void)port;
	return io_read64(IO64_C(addr));
}

void smmuv3_port_mmio_write64(void *port, uintptr_t addr, uint64_t val)
{
	(void)port;
	io_write64(IO64_C(addr), val);
}

void smmuv3_port_lock_init(void *port, struct smmuv3_port_lock *lock)
{
	(void)port;
	sl_init((struct spinlock *)lock);
}

void smmuv3_port_lock_acquire(void *port, struct smmuv3_port_lock *lock)
{
	(void)port;
	sl_lock((struct spinlock *)lock);
}

void smmuv3_port_lock_release(void *port, struct smmuv3_port_lock *lock)
{
	(void)port;
	sl_unlock((struct spinlock *)lock);
}

void smmuv3_port_log(void *port, enum smmuv3_log_level level, const char *line)
{
	(void)port;
	switch (level) {
	case SMMUV3_LOG_ERROR:
		dlog_error("%s\n", line);
		break;
	case SMMUV3_LOG_WARN:
		dlog_warning("%s\n", line);
		break;
	case SMMUV3_LOG_INFO:
		dlog_info("%s\n", line);
		break;
	default:
		dlog_verbose("%s\n", line);
		break;
	}
}

/* The SPMC polls: SMMU interrupts would need its secure interrupt routing. */
int smmuv3_port_irq_register(void *port, enum smmuv3_irq irq, smmuv3_irq_handler_fn *handler,
			     void *arg)
{
	(void)port;
	(void)irq;
	(void)handler;
	(void)arg;
	return SMMUV3_ERR_NOTSUP;
}

void smmuv3_port_irq_unregister(void *port, enum smmuv3_irq irq)
{
	(void)port;
	(void)irq;
}
