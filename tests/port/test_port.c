// SPDX-License-Identifier: BSD-3-Clause
/* Host port for unit tests: see test_port.h. */
#define _GNU_SOURCE
#include "test_port.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>

#include <smmuv3/errors.h>

#include "smmuv3_mock.h"

#if defined(__SANITIZE_ADDRESS__)
#define TP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TP_ASAN 1
#endif
#endif
#ifdef TP_ASAN
#include <sanitizer/asan_interface.h>
#define TP_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define TP_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define TP_POISON(p, n) ((void)(p), (void)(n))
#define TP_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define TP_DEFAULT_POOL (64u << 20)
#define TP_PA_BASE UINT64_C(0x4000000000)
#define TP_MIN_CLASS 6
#define TP_TOMBSTONE UINT64_MAX

static unsigned long tp_wmb_count;

int smmuv3_test_port_init(struct smmuv3_test_port *tp, struct smmuv3_mock *mock,
			  uintptr_t mmio_base, size_t pool_size)
{
	memset(tp, 0, sizeof(*tp));
	tp->mock = mock;
	tp->mmio_base = mmio_base;
	tp->pool_size = pool_size ? pool_size : TP_DEFAULT_POOL;
	tp->pool = mmap(NULL, tp->pool_size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (tp->pool == MAP_FAILED)
		return -1;
	TP_POISON(tp->pool, tp->pool_size);
	tp->pa_base = TP_PA_BASE;
	tp->fail_in = -1;
	tp->tick_ns = 1000;
	tp->print_level = getenv("SMMUV3_TEST_LOG") ? atoi(getenv("SMMUV3_TEST_LOG")) : -1;
	pthread_mutex_init(&tp->mu, NULL);
	if (mock)
		smmuv3_mock_set_mem(mock, smmuv3_test_port_mock_mem, tp);
	return 0;
}

void smmuv3_test_port_threads(struct smmuv3_test_port *tp, bool on)
{
	tp->threads = on;
}

/* Serialise what the port shares when tests run threads. */
static void tp_enter(struct smmuv3_test_port *tp)
{
	if (tp->threads)
		pthread_mutex_lock(&tp->mu);
}

static void tp_leave(struct smmuv3_test_port *tp)
{
	if (tp->threads)
		pthread_mutex_unlock(&tp->mu);
}

void smmuv3_test_port_fini(struct smmuv3_test_port *tp)
{
	if (tp->pool) {
		TP_UNPOISON(tp->pool, tp->pool_size);
		munmap(tp->pool, tp->pool_size);
	}
	for (int i = 0; i < SMMUV3_TP_CLASSES; i++)
		free(tp->freelist[i]);
	free(tp->live_keys);
	free(tp->live_sizes);
	tp->pool = NULL;
	pthread_mutex_destroy(&tp->mu);
}

void *smmuv3_test_port_pa_to_va(struct smmuv3_test_port *tp, uint64_t pa, size_t len)
{
	if (pa < tp->pa_base || pa - tp->pa_base > tp->pool_size ||
	    len > tp->pool_size - (pa - tp->pa_base))
		return NULL;
	return tp->pool + (pa - tp->pa_base);
}

void *smmuv3_test_port_mock_mem(void *arg, uint64_t pa, size_t len)
{
	return smmuv3_test_port_pa_to_va(arg, pa, len);
}

/* ---- live-block set (offset -> size) ---- */

static size_t tp_hash(uint64_t key, size_t cap)
{
	return (size_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 17) & (cap - 1);
}

static void tp_live_put(struct smmuv3_test_port *tp, uint64_t key, uint64_t size);

static void tp_live_grow(struct smmuv3_test_port *tp)
{
	uint64_t *keys = tp->live_keys, *sizes = tp->live_sizes;
	size_t cap = tp->live_cap;

	tp->live_cap = cap ? cap * 2 : 1024;
	tp->live_keys = calloc(tp->live_cap, sizeof(uint64_t));
	tp->live_sizes = calloc(tp->live_cap, sizeof(uint64_t));
	if (!tp->live_keys || !tp->live_sizes)
		abort();
	tp->live_blocks = 0;
	for (size_t i = 0; i < cap; i++)
		if (keys[i] && keys[i] != TP_TOMBSTONE)
			tp_live_put(tp, keys[i], sizes[i]);
	free(keys);
	free(sizes);
}

static void tp_live_put(struct smmuv3_test_port *tp, uint64_t key, uint64_t size)
{
	size_t i;

	if ((tp->live_blocks + 1) * 2 > tp->live_cap)
		tp_live_grow(tp);
	for (i = tp_hash(key, tp->live_cap);; i = (i + 1) & (tp->live_cap - 1))
		if (!tp->live_keys[i] || tp->live_keys[i] == TP_TOMBSTONE)
			break;
	tp->live_keys[i] = key;
	tp->live_sizes[i] = size;
	tp->live_blocks++;
}

static bool tp_live_take(struct smmuv3_test_port *tp, uint64_t key, uint64_t *size)
{
	if (!tp->live_cap)
		return false;
	for (size_t i = tp_hash(key, tp->live_cap);; i = (i + 1) & (tp->live_cap - 1)) {
		if (!tp->live_keys[i])
			return false;
		if (tp->live_keys[i] == key) {
			*size = tp->live_sizes[i];
			tp->live_keys[i] = TP_TOMBSTONE;
			tp->live_blocks--;
			return true;
		}
	}
}

/* ---- pool allocator: power-of-two classes, each block aligned to its size ---- */

static int tp_class(size_t size, size_t align)
{
	size_t need = size > align ? size : align;
	int c = TP_MIN_CLASS;

	while (((size_t)1 << c) < need)
		c++;
	return c;
}

static void tp_push_free(struct smmuv3_test_port *tp, int c, uint64_t off)
{
	if (tp->freelist_len[c] == tp->freelist_cap[c]) {
		size_t cap = tp->freelist_cap[c] ? tp->freelist_cap[c] * 2 : 64;
		uint64_t *n = realloc(tp->freelist[c], cap * sizeof(*n));

		if (!n)
			abort();
		tp->freelist[c] = n;
		tp->freelist_cap[c] = cap;
	}
	tp->freelist[c][tp->freelist_len[c]++] = off;
}

static bool tp_should_fail(struct smmuv3_test_port *tp)
{
	if (tp->fail_all)
		return true;
	if (tp->fail_in < 0)
		return false;
	if (tp->fail_in == 0) {
		tp->fail_in = -1;
		return true;
	}
	tp->fail_in--;
	return false;
}

static void *tp_dma_alloc(void *port, size_t size, size_t align, uint64_t *pa)
{
	struct smmuv3_test_port *tp = port;
	int c = tp_class(size, align);
	size_t bs = (size_t)1 << c;
	uint64_t off;

	if (!size || (align & (align - 1)) || c >= SMMUV3_TP_CLASSES)
		abort(); /* the library broke the port contract */
	if (tp_should_fail(tp)) {
		tp->failed_allocs++;
		return NULL;
	}
	if (tp->freelist_len[c]) {
		off = tp->freelist[c][--tp->freelist_len[c]];
		TP_UNPOISON(tp->pool + off, size);
		memset(tp->pool + off, 0, size);
	} else {
		off = (tp->bump + bs - 1) & ~(uint64_t)(bs - 1);
		if (off + bs > tp->pool_size) {
			tp->failed_allocs++;
			return NULL;
		}
		tp->bump = off + bs;
		TP_UNPOISON(tp->pool + off, size);
		/* Never handed out before: still zero from mmap(). */
		if (!tp->bench)
			memset(tp->pool + off, 0, size);
	}
	tp_live_put(tp, off + 1, ((uint64_t)c << 58) | size);
	tp->allocs++;
	tp->live_bytes += size;
	if (tp->live_bytes > tp->peak_bytes)
		tp->peak_bytes = tp->live_bytes;
	*pa = tp->pa_base + off;
	return tp->pool + off;
}

static void tp_dma_free(void *port, void *va, size_t size)
{
	struct smmuv3_test_port *tp = port;
	uint64_t off = (uint64_t)((uint8_t *)va - tp->pool);
	uint64_t recorded;

	if (!tp_live_take(tp, off + 1, &recorded) ||
	    (recorded & ((UINT64_C(1) << 58) - 1)) != size) {
		fprintf(stderr, "test port: bad free of %p (%zu bytes)\n", va, size);
		abort();
	}
	TP_POISON(tp->pool + off, size);
	tp_push_free(tp, (int)(recorded >> 58), off);
	tp->frees++;
	tp->live_bytes -= size;
}

void *smmuv3_port_dma_alloc(void *port, size_t size, size_t align, uint64_t *pa)
{
	void *va;

	tp_enter(port);
	va = tp_dma_alloc(port, size, align, pa);
	tp_leave(port);
	return va;
}

void smmuv3_port_dma_free(void *port, void *va, size_t size)
{
	tp_enter(port);
	tp_dma_free(port, va, size);
	tp_leave(port);
}

/* The same check as smmuv3_test_port_pa_to_va(tp, pa, 1), in one
 * comparison: it runs once per level of every table walk. */
void *smmuv3_port_phys_to_virt(void *port, uint64_t pa)
{
	struct smmuv3_test_port *tp = port;
	uint64_t off = pa - tp->pa_base;

	if (tp->bench)
		return tp->pool + off;
	return off < tp->pool_size ? tp->pool + off : NULL;
}

void smmuv3_port_dma_clean(void *port, const void *va, size_t size)
{
	(void)va;
	(void)size;
	tp_enter(port);
	((struct smmuv3_test_port *)port)->cleans++;
	tp_leave(port);
}

void smmuv3_port_dma_invalidate(void *port, const void *va, size_t size)
{
	(void)va;
	(void)size;
	tp_enter(port);
	((struct smmuv3_test_port *)port)->invalidates++;
	tp_leave(port);
}

/* ---- MMIO ---- */

static uint32_t tp_off(struct smmuv3_test_port *tp, uintptr_t addr)
{
	if (!tp->mock || addr < tp->mmio_base)
		abort();
	return (uint32_t)(addr - tp->mmio_base);
}

uint32_t smmuv3_port_mmio_read32(void *port, uintptr_t addr)
{
	struct smmuv3_test_port *tp = port;

	uint32_t v;

	tp_enter(tp);
	v = smmuv3_mock_read32(tp->mock, tp_off(tp, addr));
	tp_leave(tp);
	return v;
}

void smmuv3_port_mmio_write32(void *port, uintptr_t addr, uint32_t val)
{
	struct smmuv3_test_port *tp = port;

	tp_enter(tp);
	smmuv3_mock_write32(tp->mock, tp_off(tp, addr), val);
	tp_leave(tp);
}

uint64_t smmuv3_port_mmio_read64(void *port, uintptr_t addr)
{
	struct smmuv3_test_port *tp = port;

	uint64_t v;

	tp_enter(tp);
	v = smmuv3_mock_read64(tp->mock, tp_off(tp, addr));
	tp_leave(tp);
	return v;
}

void smmuv3_port_mmio_write64(void *port, uintptr_t addr, uint64_t val)
{
	struct smmuv3_test_port *tp = port;

	tp_enter(tp);
	smmuv3_mock_write64(tp->mock, tp_off(tp, addr), val);
	tp_leave(tp);
}

/* ---- barriers, time, locks ---- */

void smmuv3_port_wmb(void)
{
	__atomic_fetch_add(&tp_wmb_count, 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

void smmuv3_port_rmb(void)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

void smmuv3_port_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

unsigned long smmuv3_test_port_wmb_count(void)
{
	return __atomic_load_n(&tp_wmb_count, __ATOMIC_RELAXED);
}

uint64_t smmuv3_port_time_ns(void *port)
{
	struct smmuv3_test_port *tp = port;

	uint64_t now;

	tp_enter(tp);
	tp->now_ns += tp->tick_ns;
	now = tp->now_ns;
	tp_leave(tp);
	return now;
}

void smmuv3_port_relax(void *port)
{
	struct smmuv3_test_port *tp = port;

	tp_enter(tp);
	tp->relaxes++;
	tp_leave(tp);
	if (tp->threads)
		sched_yield(); /* let the thread the poller waits for run */
}

void smmuv3_port_wfe(void *port)
{
	struct smmuv3_test_port *tp = port;

	tp_enter(tp);
	tp->wfes++;
	tp_leave(tp);
	if (tp->threads)
		sched_yield();
}

void smmuv3_port_lock_init(void *port, struct smmuv3_port_lock *lock)
{
	(void)port;
	lock->opaque[0] = 0;
}

void smmuv3_port_lock_acquire(void *port, struct smmuv3_port_lock *lock)
{
	struct smmuv3_test_port *tp = port;

	if (tp->threads) {
		while (__atomic_exchange_n(&lock->opaque[0], 1, __ATOMIC_ACQUIRE))
			sched_yield();
		__atomic_fetch_add(&tp->locks_held, 1, __ATOMIC_RELAXED);
		return;
	}
	/* Single-threaded tests: a held lock being taken again is a deadlock. */
	if (lock->opaque[0]) {
		fprintf(stderr, "test port: recursive lock acquisition\n");
		abort();
	}
	lock->opaque[0] = 1;
	tp->locks_held++;
}

void smmuv3_port_lock_release(void *port, struct smmuv3_port_lock *lock)
{
	struct smmuv3_test_port *tp = port;

	if (!__atomic_load_n(&lock->opaque[0], __ATOMIC_RELAXED))
		abort();
	if (tp->threads) {
		__atomic_fetch_sub(&tp->locks_held, 1, __ATOMIC_RELAXED);
		__atomic_store_n(&lock->opaque[0], 0, __ATOMIC_RELEASE);
		return;
	}
	lock->opaque[0] = 0;
	tp->locks_held--;
}

/* ---- logging, interrupts ---- */

void smmuv3_port_log(void *port, enum smmuv3_log_level level, const char *line)
{
	struct smmuv3_test_port *tp = port;
	static const char *const names[] = { "ERROR", "WARN", "INFO", "DEBUG" };

	tp_enter(tp);
	if ((unsigned)level < 4)
		tp->lines[level]++;
	snprintf(tp->last_line, sizeof(tp->last_line), "%s", line);
	if ((int)level <= tp->print_level)
		fprintf(stderr, "[%s] %s\n", (unsigned)level < 4 ? names[level] : "?", line);
	tp_leave(tp);
}

int smmuv3_port_irq_register(void *port, enum smmuv3_irq irq,
			     smmuv3_irq_handler_fn *handler, void *arg)
{
	struct smmuv3_test_port *tp = port;

	if (tp->irq_unsupported)
		return SMMUV3_ERR_NOTSUP;
	if ((unsigned)irq > SMMUV3_IRQ_COMBINED)
		return SMMUV3_ERR_INVAL;
	tp->irq_handler[irq] = handler;
	tp->irq_arg[irq] = arg;
	return 0;
}

void smmuv3_port_irq_unregister(void *port, enum smmuv3_irq irq)
{
	struct smmuv3_test_port *tp = port;

	if ((unsigned)irq <= SMMUV3_IRQ_COMBINED) {
		tp->irq_handler[irq] = NULL;
		tp->irq_arg[irq] = NULL;
	}
}

bool smmuv3_test_port_fire_irq(struct smmuv3_test_port *tp, enum smmuv3_irq irq)
{
	if ((unsigned)irq > SMMUV3_IRQ_COMBINED || !tp->irq_handler[irq])
		return false;
	tp->irq_handler[irq](tp->irq_arg[irq]);
	return true;
}
