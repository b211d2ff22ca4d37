// SPDX-License-Identifier: BSD-3-Clause
/*
 * Updating a structure the SMMU may be reading (IHI 0070 3.21.3). The
 * SMMU fetches each 64-bit word single-copy atomically but the words of
 * an entry in any order, and may cache any of them until told otherwise.
 * So an update is a sequence of steps, each of which leaves the entry
 * meaning either the old or the new configuration (or, when no such path
 * exists, a quiet configuration that translates nothing), each step
 * published with CFGI + CMD_SYNC before the next starts:
 *
 *   1. write every bit the current configuration ignores;
 *   2. if what still differs on bits the new configuration uses lies in
 *      one word, write that word: the entry switches atomically;
 *      otherwise go through the quiet entry: quiet word 0, then every
 *      other word, then the new word 0;
 *   3. write what is left (bits the new configuration ignores).
 *
 * docs/ste-cd-update-rules.md states the rules and where they are tested.
 */
#include "libc/desc.h"
#include "libc/mem.h"

#include "core/internal.h"

#define ENTRY_MAX_DWORDS 8u

static void write_word(uint64_t *live, unsigned int i, uint64_t val)
{
	/* The SMMU sees the old or the new word. */
	smmuv3_desc_store(&live[i], val);
}

/* Write @target's words into @live; publish and invalidate if any changed. */
static int entry_step(struct smmuv3_inst *smmu, uint64_t *live, const uint64_t *target,
		      const struct smmuv3_entry_ops *ops, const void *arg)
{
	bool changed = false;

	for (unsigned int i = 0; i < ops->dwords; i++) {
		if (live[i] != target[i]) {
			write_word(live, i, target[i]);
			changed = true;
		}
	}
	if (!changed)
		return 0;
	smmuv3_dma_sync(smmu, live, ops->dwords * sizeof(uint64_t));
	return ops->invalidate(smmu, arg);
}

static int entry_break_before_make(struct smmuv3_inst *smmu, uint64_t *live, const uint64_t *new,
				   const struct smmuv3_entry_ops *ops, const void *arg)
{
	uint64_t tmp[ENTRY_MAX_DWORDS] = { 0 };
	int rc;

	memcpy(tmp, live, ops->dwords * sizeof(uint64_t));
	tmp[0] = ops->quiet0(smmu, live);
	rc = entry_step(smmu, live, tmp, ops, arg);
	if (rc)
		return rc;
	memcpy(tmp + 1, new + 1, (ops->dwords - 1) * sizeof(uint64_t));
	rc = entry_step(smmu, live, tmp, ops, arg);
	if (rc)
		return rc;
	return entry_step(smmu, live, new, ops, arg);
}

int smmuv3_entry_update(struct smmuv3_inst *smmu, uint64_t *live, const uint64_t *new,
			const struct smmuv3_entry_ops *ops, const void *arg)
{
	uint64_t used_cur[ENTRY_MAX_DWORDS] = { 0 }, used_new[ENTRY_MAX_DWORDS] = { 0 };
	uint64_t tmp[ENTRY_MAX_DWORDS] = { 0 };
	unsigned int critical = 0, n_critical = 0;
	int rc;

	ops->used(smmu, live, used_cur);
	ops->used(smmu, new, used_new);
	for (unsigned int i = 0; i < ops->dwords; i++) {
		tmp[i] = (live[i] & used_cur[i]) | (new[i] & ~used_cur[i]);
		if ((tmp[i] ^ new[i]) & used_new[i]) {
			critical = i;
			n_critical++;
		}
	}
	if (n_critical > 1)
		return entry_break_before_make(smmu, live, new, ops, arg);
	/* Step 1: the current configuration does not look at these bits. */
	rc = entry_step(smmu, live, tmp, ops, arg);
	if (rc)
		return rc;
	/* Step 2: one atomic word switches to the new configuration. */
	if (n_critical) {
		tmp[critical] = new[critical];
		rc = entry_step(smmu, live, tmp, ops, arg);
		if (rc)
			return rc;
	}
	/* Step 3: bits only the old configuration used. */
	return entry_step(smmu, live, new, ops, arg);
}
