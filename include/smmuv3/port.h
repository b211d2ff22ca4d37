/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file port.h
 * @brief The port contract: everything libsmmuv3 needs from its host.
 *
 * The library is freestanding. Every service it needs from the operating
 * environment (memory the SMMU can reach, MMIO, barriers, cache
 * maintenance, time, locks, logging, interrupts) is a link-time hook
 * declared here and defined once by the port the integrator links in
 * (port/baremetal, port/hafnium, or the test port used by the unit tests).
 * Link-time hooks, rather than an ops table, let the compiler inline MMIO
 * and barriers with LTO and keep the call sites readable; see
 * docs/port.md for the reasoning and the full contract.
 *
 * Every hook except the barriers takes the @c port pointer the
 * integrator put in struct smmuv3_config. The library never looks inside
 * it; it lets one port serve several SMMUs (each with its own memory
 * pool, console tag or mock register file).
 *
 * Hooks may be called with the instance's lock held, so none of them
 * may call back into the library.
 */
#ifndef SMMUV3_PORT_H
#define SMMUV3_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- DMA-able memory ----------------------------------------------------- */

/**
 * @brief Allocate memory the SMMU can read and write.
 *
 * The block must be zero-filled, physically contiguous, aligned to
 * @p align bytes both virtually and physically (align is a power of two,
 * at least 8), and reachable by the SMMU's table walks at the returned
 * physical address. For a non-coherent SMMU the zeroes must already be
 * visible to the SMMU (cleaned to the point of coherency).
 *
 * @param port the integrator's port context.
 * @param size bytes wanted (> 0).
 * @param align required alignment in bytes.
 * @param[out] pa physical (bus) address of the block, as the SMMU sees it.
 * @return CPU pointer to the block, or NULL when memory is exhausted.
 */
void *smmuv3_port_dma_alloc(void *port, size_t size, size_t align, uint64_t *pa);

/**
 * @brief Free a block from smmuv3_port_dma_alloc().
 * @param port the integrator's port context.
 * @param va pointer returned by smmuv3_port_dma_alloc() (never NULL).
 * @param size the size passed when it was allocated.
 */
void smmuv3_port_dma_free(void *port, void *va, size_t size);

/**
 * @brief CPU pointer for a physical address inside a block the library
 *        allocated through smmuv3_port_dma_alloc().
 *
 * Used to walk page tables, whose entries hold physical addresses. Only
 * ever called with addresses the port itself handed out.
 */
void *smmuv3_port_phys_to_virt(void *port, uint64_t pa);

/**
 * @brief Make CPU writes to [va, va+size) visible to a non-coherent SMMU
 *        (clean to the point of coherency). Only called when the instance
 *        runs non-coherent.
 */
void smmuv3_port_dma_clean(void *port, const void *va, size_t size);

/**
 * @brief Discard stale CPU cache lines for [va, va+size) before reading
 *        data a non-coherent SMMU wrote (event and PRI queue records).
 *        Only called when the instance runs non-coherent.
 */
void smmuv3_port_dma_invalidate(void *port, const void *va, size_t size);

/* ---- MMIO ------------------------------------------------------------------ */

/**
 * @brief 32-bit read of the SMMU register at @p addr (base + offset).
 * Must be a single-copy-atomic device access with no reordering against
 * other MMIO accesses.
 */
uint32_t smmuv3_port_mmio_read32(void *port, uintptr_t addr);
/** @brief 32-bit write of an SMMU register. */
void smmuv3_port_mmio_write32(void *port, uintptr_t addr, uint32_t val);
/** @brief 64-bit read of a 64-bit SMMU register (a single access). */
uint64_t smmuv3_port_mmio_read64(void *port, uintptr_t addr);
/** @brief 64-bit write of a 64-bit SMMU register (a single access). */
void smmuv3_port_mmio_write64(void *port, uintptr_t addr, uint64_t val);

/* ---- Barriers ------------------------------------------------------------- */

/**
 * @brief Order prior normal-memory writes (queue entries, STEs, CDs,
 *        translation tables) before a following MMIO write or before the
 *        write that makes an entry valid. On AArch64: DSB ST for the
 *        MMIO case is what the architecture requires; DMB OSHST suffices
 *        between memory writes.
 */
void smmuv3_port_wmb(void);

/**
 * @brief Order a prior MMIO read (a PROD or CONS value) before following
 *        normal-memory reads of the entries it covers. AArch64: DMB OSHLD
 *        or DSB LD.
 */
void smmuv3_port_rmb(void);

/** @brief Full barrier: all prior accesses before all later ones (DSB SY). */
void smmuv3_port_mb(void);

/* ---- Time ------------------------------------------------------------------ */

/**
 * @brief Monotonic time in nanoseconds (any epoch). Timeouts are measured
 *        with it, so it must advance while the library polls.
 */
uint64_t smmuv3_port_time_ns(void *port);

/**
 * @brief Called in every polling loop iteration: a CPU relax hint, a
 *        short delay, or a yield. May do nothing.
 */
void smmuv3_port_relax(void *port);

/**
 * @brief Wait for an event (WFE) after the SMMU was told to signal CMD_SYNC
 *        completion with SEV. Must return at the latest after a bounded
 *        time (the generic timer's event stream does that on AArch64); a
 *        port without WFE may simply call smmuv3_port_relax().
 */
void smmuv3_port_wfe(void *port);

/* ---- Locks ----------------------------------------------------------------- */

/**
 * @brief Storage for one lock, owned by the port's implementation.
 *
 * The library embeds these in its instance; the port decides what the
 * bytes mean (a ticket lock, a Hafnium sl_lock, nothing at all on a
 * single-CPU system).
 */
struct smmuv3_port_lock {
	uint64_t opaque[2];
};

/** @brief Initialise a lock before first use. */
void smmuv3_port_lock_init(void *port, struct smmuv3_port_lock *lock);
/** @brief Acquire a lock; the library never nests two of its own locks
 *  except in the documented order (docs/locking.md). */
void smmuv3_port_lock_acquire(void *port, struct smmuv3_port_lock *lock);
/** @brief Release a lock acquired with smmuv3_port_lock_acquire(). */
void smmuv3_port_lock_release(void *port, struct smmuv3_port_lock *lock);

/* ---- Logging --------------------------------------------------------------- */

/** Log levels, most severe first. */
enum smmuv3_log_level {
	SMMUV3_LOG_ERROR = 0,
	SMMUV3_LOG_WARN = 1,
	SMMUV3_LOG_INFO = 2,
	SMMUV3_LOG_DEBUG = 3,
};

/**
 * @brief Emit one complete log line (no trailing newline) at @p level.
 * The library formats the text itself; the port only prints it.
 */
void smmuv3_port_log(void *port, enum smmuv3_log_level level, const char *line);

/* ---- Interrupts ------------------------------------------------------------ */

/** The SMMU's interrupt sources. */
enum smmuv3_irq {
	SMMUV3_IRQ_EVENTQ = 0,
	SMMUV3_IRQ_PRIQ = 1,
	SMMUV3_IRQ_CMDQ_SYNC = 2,
	SMMUV3_IRQ_GERROR = 3,
	/** One combined line for all of the above. */
	SMMUV3_IRQ_COMBINED = 4,
};

/** Handler type the library registers for an interrupt. */
typedef void smmuv3_irq_handler_fn(void *arg);

/**
 * @brief Route interrupt @p irq of this SMMU to @p handler(@p arg).
 * @return 0 on success; SMMUV3_ERR_NOTSUP when the port has no line for
 *         that interrupt (the library then falls back to polling);
 *         another negative SMMUV3_ERR_* code on failure.
 */
int smmuv3_port_irq_register(void *port, enum smmuv3_irq irq,
			     smmuv3_irq_handler_fn *handler, void *arg);

/** @brief Undo smmuv3_port_irq_register(). */
void smmuv3_port_irq_unregister(void *port, enum smmuv3_irq irq);

#endif /* SMMUV3_PORT_H */
