/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stores of 64-bit descriptors that the SMMU (or another CPU) may read
 * while they change: STE and CD words, level-1 stream-table and CD
 * descriptors, page-table entries of linked tables. The SMMU reads each
 * aligned 64-bit word single-copy atomically (IHI 0070 3.21.3), so every
 * such store must be one 64-bit store the compiler may neither split,
 * merge nor turn into a memset: an __atomic store. Relaxed is a plain
 * STR on AArch64 and a MOV on x86-64; ordering against the SMMU comes
 * from the port's DMA sync and the CMD_SYNC or TLBI that follows.
 *
 * One exception, for speed: runs of leaf entries written in bulk (the
 * batched map fills, the leaf clears of unmap) use vector or memset
 * stores. Every word of such a run goes from invalid to valid or from
 * valid to invalid, and the accepted stores write aligned 8-byte or
 * wider units (64-bit-aligned 128-bit vector stores are two single-copy
 * atomic 64-bit stores, Arm ARM B2.2.1; docs/port.md asks the same of
 * the port's memset).
 *
 * Here, on the ground floor, because lib/pgtable may use nothing above it.
 */
#ifndef SMMUV3_LIB_DESC_H
#define SMMUV3_LIB_DESC_H

#include <stdint.h>

/* One single-copy-atomic store of descriptor word @p. */
static inline void smmuv3_desc_store(uint64_t *p, uint64_t val)
{
	__atomic_store_n(p, val, __ATOMIC_RELAXED);
}

/* The same, ordered after every earlier store: publishes what @val points
 * to (a level-2 table, a CD table leaf) to CPUs reading @p without a lock. */
static inline void smmuv3_desc_publish(uint64_t *p, uint64_t val)
{
	__atomic_store_n(p, val, __ATOMIC_RELEASE);
}

#endif
