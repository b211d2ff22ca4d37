// SPDX-License-Identifier: BSD-3-Clause
/*
 * libsmmuv3's port hooks (include/smmuv3/port.h) on bare metal: MMIO as
 * single device accesses, the DMA region, IRQ-masking locks (one CPU: the
 * only concurrency is an interrupt handler), the GIC and the console.
 * Barriers, time and relax are port/aarch64/hooks.c, shared with the
 * Hafnium port. The @port argument is a struct bm_smmu_port.
 */
#include <stdint.h>

#include <smmuv3/errors.h>
#include <smmuv3/port.h>
#include <bm/bm.h>

int bm_smmu_port_init(struct bm_smmu_port *p, unsigned index)
{
	static const char *const names[BM_MAX_SMMU] = { "smmu0", "smmu1", "smmu2", "smmu3" };

	if (!p || index >= bm_plat.n_smmu)
		return SMMUV3_ERR_NOENT;
	p->desc = &bm_plat.smmu[index];
	p->name = names[index];
	p->wired_irqs = false;
	p->log_level = SMMUV3_LOG_INFO;
	return 0;
}

/* ---- DMA memory ----------------------------------------------------------- */

void *smmuv3_port_dma_alloc(void *port, size_t size, size_t align, uint64_t *pa)
{
	(void)port;
	return bm_dma_alloc(size, align, pa);
}

void smmuv3_port_dma_free(void *port, void *va, size_t size)
{
	(void)port;
	bm_dma_free(va, size);
}

void *smmuv3_port_phys_to_virt(void *port, uint64_t pa)
{
	(void)port;
	return (void *)(uintptr_t)pa; /* MMU off: identity */
}

static uint64_t dcache_line(void)
{
	uint64_t ctr;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	return 4u << ((ctr >> 16) & 0xfu); /* CTR_EL0.DminLine, log2 words */
}

/*
 * With the MMU off data accesses are not cached, so these only matter to
 * a port that turns caches on; they are correct either way.
 */
void smmuv3_port_dma_clean(void *port, const void *va, size_t size)
{
	uint64_t line = dcache_line(), a = (uintptr_t)va & ~(line - 1);

	(void)port;
	for (; a < (uintptr_t)va + size; a += line)
		__asm__ volatile("dc cvac, %0" :: "r"(a) : "memory");
	bm_dsb();
}

void smmuv3_port_dma_invalidate(void *port, const void *va, size_t size)
{
	uint64_t line = dcache_line(), a = (uintptr_t)va & ~(line - 1);

	(void)port;
	/* Clean+invalidate: a plain invalidate could drop a neighbour's data. */
	for (; a < (uintptr_t)va + size; a += line)
		__asm__ volatile("dc civac, %0" :: "r"(a) : "memory");
	bm_dsb();
}

/* ---- MMIO ------------------------------------------------------------------ */

uint32_t smmuv3_port_mmio_read32(void *port, uintptr_t addr)
{
	(void)port;
	return bm_read32(addr);
}

void smmuv3_port_mmio_write32(void *port, uintptr_t addr, uint32_t val)
{
	(void)port;
	bm_write32(addr, val);
}

uint64_t smmuv3_port_mmio_read64(void *port, uintptr_t addr)
{
	(void)port;
	return bm_read64(addr);
}

void smmuv3_port_mmio_write64(void *port, uintptr_t addr, uint64_t val)
{
	(void)port;
	bm_write64(addr, val);
}

/* ---- Locks ------------------------------------------------------------------ */

void smmuv3_port_lock_init(void *port, struct smmuv3_port_lock *lock)
{
	(void)port;
	lock->opaque[0] = 0;
	lock->opaque[1] = 0;
}

/* opaque[0]: DAIF before acquire; opaque[1]: held (catches recursion). */
void smmuv3_port_lock_acquire(void *port, struct smmuv3_port_lock *lock)
{
	uint64_t daif = bm_irq_save();

	(void)port;
	if (lock->opaque[1]) {
		bm_printf("bm: lock %p acquired twice\n", (void *)lock);
		bm_exit(127);
	}
	lock->opaque[0] = daif;
	lock->opaque[1] = 1;
}

void smmuv3_port_lock_release(void *port, struct smmuv3_port_lock *lock)
{
	uint64_t daif = lock->opaque[0];

	(void)port;
	lock->opaque[1] = 0;
	bm_irq_restore(daif);
}

/* ---- Logging ---------------------------------------------------------------- */

void smmuv3_port_log(void *port, enum smmuv3_log_level level, const char *line)
{
	static const char *const tags[] = { "error", "warn", "info", "debug" };
	const struct bm_smmu_port *p = port;

	if (p && level > p->log_level)
		return;
	bm_printf("[%s] %s\n", tags[level & 3], line);
}

/* ---- Interrupts ---------------------------------------------------------- */

int smmuv3_port_irq_register(void *port, enum smmuv3_irq irq, smmuv3_irq_handler_fn *handler,
			     void *arg)
{
	const struct bm_smmu_port *p = port;
	int intid;

	if (!p || (unsigned)irq > SMMUV3_IRQ_COMBINED)
		return SMMUV3_ERR_INVAL;
	intid = p->desc->irq[irq];
	if (!p->wired_irqs || intid < 0)
		return SMMUV3_ERR_NOTSUP;
	return bm_irq_register((unsigned)intid, p->desc->irq_edge[irq], handler, arg);
}

void smmuv3_port_irq_unregister(void *port, enum smmuv3_irq irq)
{
	const struct bm_smmu_port *p = port;

	if (!p || (unsigned)irq > SMMUV3_IRQ_COMBINED || p->desc->irq[irq] < 0)
		return;
	bm_irq_unregister((unsigned)p->desc->irq[irq]);
}
