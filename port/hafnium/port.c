// SPDX-License-Identifier: BSD-3-Clause
/*
 * libsmmuv3 port hooks on Hafnium's own facilities: page-sized entries of
 * its memory pool for DMA memory, hf/io.h for MMIO, its spinlock, dlog,
 * and its cache maintenance. Compiled inside Hafnium's tree only (this
 * repository has no Hafnium to build against); see README.md.
 *
 * Hafnium maps its own memory with an identity stage-1 map, so a
 * physical address is the pointer; the SMMU's registers must be mapped
 * (Device, read/write) by plat_iommu_init() before the library runs.
 */
#include <stdint.h>

#include "hf/arch/mm.h"
#include "hf/dlog.h"
#include "hf/io.h"
#include "hf/mm.h"
#include "hf/mpool.h"
#include "hf/spinlock.h"
#include "hf/static_assert.h"
#include "hf/std.h"

#include <smmuv3/errors.h>
#include <smmuv3/port.h>

#include "smmuv3_hafnium.h"

static_assert(sizeof(struct spinlock) <= sizeof(struct smmuv3_port_lock),
	      "a Hafnium spinlock must fit the library's lock storage");

static size_t pages_for(size_t size)
{
	return (size + PAGE_SIZE - 1) / PAGE_SIZE;
}

/*
 * The pool hands out page-sized entries; smaller blocks still take a page
 * and larger alignments are asked of mpool_alloc_contiguous() in pages.
 */
void *smmuv3_port_dma_alloc(void *port, size_t size, size_t align, uint64_t *pa)
{
	struct smmuv3_hf_port *p = port;
	size_t count = pages_for(size);
	size_t align_pages = align > PAGE_SIZE ? align / PAGE_SIZE : 1;
	void *va = mpool_alloc_contiguous(p->ppool, count, align_pages);

	if (!va)
		return NULL;
	memset_s(va, count * PAGE_SIZE, 0, count * PAGE_SIZE);
	if (!p->coherent)
		arch_mm_flush_dcache(va, count * PAGE_SIZE);
	*pa = (uint64_t)(uintptr_t)va;
	return va;
}

/* The pool takes contiguous blocks back one entry at a time. */
void smmuv3_port_dma_free(void *port, void *va, size_t size)
{
	struct smmuv3_hf_port *p = port;
	size_t i;

	for (i = 0; i < pages_for(size); i++)
		mpool_free(p->ppool, (char *)va + i * PAGE_SIZE);
}

void *smmuv3_port_phys_to_virt(void *port, uint64_t pa)
{
	(void)port;
	return (void *)(uintptr_t)pa;
}

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
		dlog_error("smmuv3: %s\n", line);
		break;
	case SMMUV3_LOG_WARN:
		dlog_warning("smmuv3: %s\n", line);
		break;
	case SMMUV3_LOG_INFO:
		dlog_info("smmuv3: %s\n", line);
		break;
	default:
		dlog_verbose("smmuv3: %s\n", line);
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
