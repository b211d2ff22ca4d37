// SPDX-License-Identifier: BSD-3-Clause
/*
 * DMA memory: first fit over the linker's .dma region, with free ranges
 * kept outside the memory itself (blocks must come back zeroed and the
 * SMMU may still be reading a block's neighbours). Freed ranges merge
 * with their neighbours so reset/teardown cycles do not fragment.
 */
#include <stdint.h>
#include <string.h>

#include <bm/bm.h>

#define MAX_RANGES 128

extern char __dma_start[], __dma_end[];

struct range {
	uint64_t start, end;
};

static struct range free_list[MAX_RANGES]; /* sorted, disjoint, non-adjacent */
static unsigned n_free;
static size_t used;
static int ready;

static void dma_init(void)
{
	free_list[0].start = (uintptr_t)__dma_start;
	free_list[0].end = (uintptr_t)__dma_end;
	n_free = 1;
	ready = 1;
}

static void remove_at(unsigned i)
{
	for (; i + 1 < n_free; i++)
		free_list[i] = free_list[i + 1];
	n_free--;
}

static int insert_at(unsigned i, uint64_t start, uint64_t end)
{
	unsigned j;

	if (n_free == MAX_RANGES)
		return -1;
	for (j = n_free; j > i; j--)
		free_list[j] = free_list[j - 1];
	free_list[i].start = start;
	free_list[i].end = end;
	n_free++;
	return 0;
}

void *bm_dma_alloc(size_t size, size_t align, uint64_t *pa)
{
	unsigned i;

	if (!ready)
		dma_init();
	if (!size || !align || (align & (align - 1)))
		return NULL;
	size = (size + 7u) & ~(size_t)7u;
	for (i = 0; i < n_free; i++) {
		struct range *r = &free_list[i];
		uint64_t start = (r->start + align - 1) & ~(uint64_t)(align - 1);
		uint64_t end = start + size;

		if (start < r->start || end > r->end || end < start)
			continue;
		if (start > r->start && end < r->end) {
			/* Carve from the middle: the range splits in two. */
			if (insert_at(i + 1, end, r->end))
				return NULL;
			r->end = start;
		} else if (start > r->start) {
			r->end = start;
		} else if (end < r->end) {
			r->start = end;
		} else {
			remove_at(i);
		}
		used += size;
		memset((void *)(uintptr_t)start, 0, size);
		bm_dsb();
		if (pa)
			*pa = start;
		return (void *)(uintptr_t)start;
	}
	return NULL;
}

void bm_dma_free(void *va, size_t size)
{
	uint64_t start = (uintptr_t)va, end;
	unsigned i;

	if (!va || !size)
		return;
	size = (size + 7u) & ~(size_t)7u;
	end = start + size;
	if (start < (uintptr_t)__dma_start || end > (uintptr_t)__dma_end) {
		bm_printf("bm: dma_free of %p outside the DMA region\n", va);
		bm_exit(127);
	}
	for (i = 0; i < n_free && free_list[i].start < start; i++)
		;
	if ((i > 0 && free_list[i - 1].end > start) || (i < n_free && free_list[i].start < end)) {
		bm_printf("bm: double or overlapping dma_free of %p\n", va);
		bm_exit(127);
	}
	used -= size;
	if (i > 0 && free_list[i - 1].end == start) {
		free_list[i - 1].end = end;
		if (i < n_free && free_list[i].start == end) {
			free_list[i - 1].end = free_list[i].end;
			remove_at(i);
		}
		return;
	}
	if (i < n_free && free_list[i].start == end) {
		free_list[i].start = start;
		return;
	}
	if (insert_at(i, start, end)) {
		/* Out of bookkeeping slots: the block is leaked, never reused. */
		bm_printf("bm: DMA free list full, %zu bytes leaked\n", size);
	}
}

size_t bm_dma_used(void)
{
	return used;
}
