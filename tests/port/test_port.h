/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file test_port.h
 * @brief The host port used by unit tests and benchmarks.
 *
 * MMIO goes to a register mock. DMA memory comes from a private pool
 * whose "physical" addresses differ from the host pointers (so a
 * virtual address written where a physical one belongs is caught), with
 * leak accounting, AddressSanitizer poisoning of freed and slack bytes,
 * and fault injection (fail the Nth allocation). Time is a fake clock
 * that advances on every read, so timeouts are deterministic and fast.
 */
#ifndef SMMUV3_TEST_PORT_H
#define SMMUV3_TEST_PORT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/port.h>

struct smmuv3_mock;

#define SMMUV3_TP_CLASSES 31

/** Test port state: one per SMMU instance under test. */
struct smmuv3_test_port {
	struct smmuv3_mock *mock;  /**< MMIO target (may be NULL) */
	uintptr_t mmio_base;       /**< address the library uses as base */

	/* DMA pool. */
	uint8_t *pool;
	size_t pool_size;
	uint64_t pa_base;          /**< physical address of pool[0] */
	size_t bump;
	uint64_t *freelist[SMMUV3_TP_CLASSES];
	size_t freelist_len[SMMUV3_TP_CLASSES], freelist_cap[SMMUV3_TP_CLASSES];
	uint64_t *live_keys;       /**< open-addressing set: offset+1 -> size */
	uint64_t *live_sizes;
	size_t live_cap;

	/** Allocations left before one fails: -1 never fails; 0 fails the
	 *  next one (then resets to -1). */
	long fail_in;
	/** When true every allocation fails. */
	bool fail_all;
	unsigned long allocs, frees, failed_allocs;
	size_t live_blocks, live_bytes, peak_bytes;

	/* Cache maintenance counters. */
	unsigned long cleans, invalidates;

	/* Fake clock. */
	uint64_t now_ns;
	uint64_t tick_ns;          /**< added on every smmuv3_port_time_ns() */
	unsigned long relaxes, wfes;

	/* Logging. */
	int print_level;           /**< print lines at or below this; -1 none */
	char last_line[256];
	unsigned long lines[4];

	/* Interrupts. */
	smmuv3_irq_handler_fn *irq_handler[5];
	void *irq_arg[5];
	bool irq_unsupported;      /**< register() answers SMMUV3_ERR_NOTSUP */

	/* Locks currently held (to catch recursion and leaks). */
	int locks_held;

	/* Benchmarks (tests/bench): the costs of a bare-metal port. */
	/** Benchmark mode, for tests/bench only (unit tests keep it false):
	 *  smmuv3_port_phys_to_virt() is an unchecked addition, like the
	 *  identity or fixed-offset mapping of a real port, and blocks taken
	 *  from the never-used part of the pool are not zeroed again (the
	 *  anonymous mapping already is zero, as a port handing out fresh
	 *  zeroed memory would know); recycled blocks are still zeroed.
	 *  Leak accounting and the free() checks stay on. */
	bool bench;

	/** Threads mode (smmuv3_test_port_threads()): port locks are real
	 *  spin locks and the pool, clock, counters, log and mock accesses
	 *  are serialised by @c mu, so concurrency tests can call the library
	 *  from several threads. */
	bool threads;
	pthread_mutex_t mu;
};

/**
 * @brief Initialise a test port over @p mock with a DMA pool of
 *        @p pool_size bytes (0 for the default 64 MiB).
 * @return 0 or -1 if the pool could not be mapped.
 */
int smmuv3_test_port_init(struct smmuv3_test_port *tp, struct smmuv3_mock *mock,
			  uintptr_t mmio_base, size_t pool_size);
/** @brief Release the pool. Does not free the mock. */
void smmuv3_test_port_fini(struct smmuv3_test_port *tp);
/** @brief Host pointer for a pool physical address (NULL outside the pool). */
void *smmuv3_test_port_pa_to_va(struct smmuv3_test_port *tp, uint64_t pa, size_t len);
/** @brief Memory callback for smmuv3_mock_set_mem(). */
void *smmuv3_test_port_mock_mem(void *tp, uint64_t pa, size_t len);
/** @brief Call the handler registered for @p irq, if any; true if called. */
bool smmuv3_test_port_fire_irq(struct smmuv3_test_port *tp, enum smmuv3_irq irq);
/**
 * @brief Switch threads mode on or off (before any thread uses the port).
 *
 * Off (the default), a lock taken twice aborts: single-threaded tests
 * catch recursion. On, locks spin, and everything the port shares
 * (allocator, clock, counters, log, mock registers) is serialised.
 */
void smmuv3_test_port_threads(struct smmuv3_test_port *tp, bool on);
/** @brief Number of smmuv3_port_wmb() calls in this process. */
unsigned long smmuv3_test_port_wmb_count(void);

#endif /* SMMUV3_TEST_PORT_H */
