/* SPDX-License-Identifier: BSD-3-Clause */
/* Stream table internals shared by lib/strtab, the domains and the reset sequence. */
#ifndef SMMUV3_LIB_STRTAB_INTERNAL_H
#define SMMUV3_LIB_STRTAB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/smmuv3.h>

#include "cd/cd_internal.h"

struct smmuv3_cdtab;

/* Per-StreamID bookkeeping (16 bytes: it is paid for every STE). */
struct smmuv3_stream_state {
	uint32_t owner;
	uint8_t claimed;
	uint8_t mode;             /* enum smmuv3_stream_mode last installed */
	uint8_t ssid_bits;        /* S1CDMax of the installed STE */
	uint8_t stale;            /* its release failed: the SMMU may still
				   * hold the old STE and CDs (cdtab kept) */
	struct smmuv3_cdtab *cdtab; /* library-managed CD table, or NULL */
};
_Static_assert(sizeof(struct smmuv3_stream_state) <= 16, "per-StreamID bookkeeping is 16 bytes");

/*
 * One level-2 table and the bookkeeping of its streams. A linear table
 * is one span covering every StreamID.
 */
struct smmuv3_strtab_span {
	uint64_t *ste;            /* 2^bits STEs */
	uint64_t ste_pa;
	size_t ste_bytes;         /* 0 when the STEs are the linear table */
	size_t bytes;             /* this structure */
	uint32_t first_sid;
	uint32_t refs;            /* claimed streams */
	unsigned int bits;
	bool pinned;              /* never freed before teardown */
	bool l1_stale;            /* hooked, but the SMMU was not told yet */
	struct smmuv3_stream_state st[];
};

int smmuv3_strtab_alloc(struct smmuv3 *smmu);
/* Architectural minimum for the declared StreamIDs within @bits (size.c):
 * sets min_bytes and min_split of @m. */
void smmuv3_strtab_min(const struct smmuv3 *smmu, unsigned int bits, struct smmuv3_strtab_mem *m);
/* Bookkeeping bytes of a span of 2^bits streams. */
size_t smmuv3_strtab_span_bytes(unsigned int bits);
void smmuv3_strtab_free(struct smmuv3 *smmu);
/* Write STRTAB_BASE and STRTAB_BASE_CFG (SMMUEN must be 0). */
void smmuv3_strtab_program(struct smmuv3 *smmu);

/* StreamID range check against the table; SMMUV3_ERR_STATE unless enabled. */
int smmuv3_strtab_check_sid(const struct smmuv3 *smmu, uint32_t sid);
/* Span holding @sid, or NULL when its level-2 table does not exist. */
struct smmuv3_strtab_span *smmuv3_strtab_span(const struct smmuv3 *smmu, uint32_t sid);
/* Span holding @sid, allocated and hooked into the level-1 table if needed. */
int smmuv3_strtab_span_get(struct smmuv3 *smmu, uint32_t sid, struct smmuv3_strtab_span **out);
/* Drop a span whose last claimed stream went away (unhook, CFGI, free). */
int smmuv3_strtab_span_put(struct smmuv3 *smmu, struct smmuv3_strtab_span *span);

static inline uint64_t *smmuv3_span_ste(struct smmuv3_strtab_span *span, uint32_t sid)
{
	return span->ste + (size_t)(sid - span->first_sid) * SMMUV3_STE_DWORDS;
}

static inline struct smmuv3_stream_state *smmuv3_span_state(struct smmuv3_strtab_span *span,
							     uint32_t sid)
{
	return &span->st[sid - span->first_sid];
}

/* Free the CD table of stream @s (its STE no longer points at it). */
static inline void smmuv3_cdtab_release_stream(struct smmuv3 *smmu, struct smmuv3_stream_state *s)
{
	smmuv3_cdtab_free(smmu, s->cdtab);
	s->cdtab = NULL;
}

/* The STE every unconfigured stream holds (abort, or bypass by option). */
void smmuv3_ste_default(const struct smmuv3 *smmu, struct smmuv3_ste *ste);

/* Install @new over the live STE of @sid (docs/ste-cd-update-rules.md). */
int smmuv3_ste_install(struct smmuv3 *smmu, uint32_t sid, uint64_t *live,
		       const struct smmuv3_ste *new);

/* CFGI commands naming this instance's Security state. */
struct smmuv3_cmd smmuv3_cfgi_cmd(const struct smmuv3 *smmu, struct smmuv3_cmd cmd);

/* Look a claimed stream up for @owner. */
int smmuv3_stream_lookup(struct smmuv3 *smmu, uint32_t sid, uint32_t owner,
			 struct smmuv3_strtab_span **span, struct smmuv3_stream_state **st);

/* smmuv3_stream_configure() without the check for attached domains: for
 * the domains themselves. */
int smmuv3_stream_apply(struct smmuv3 *smmu, uint32_t sid, uint32_t owner,
			const struct smmuv3_stream_cfg *cfg);


#endif
