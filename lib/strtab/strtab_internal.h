/* SPDX-License-Identifier: BSD-3-Clause */
/* Stream table internals shared by lib/strtab, the domains and the reset sequence. */
#ifndef SMMUV3_LIB_STRTAB_INTERNAL_H
#define SMMUV3_LIB_STRTAB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/smmuv3.h>

#include "cd/cd_internal.h"

struct smmuv3_cdtab;

/*
 * Per-StreamID bookkeeping: 4 bytes, paid for every STE (a 64-byte STE,
 * so 6.25 %). The library CD table of a stage-1 stream is not here: it
 * is in the span's CD table array, allocated for spans that have one.
 */
struct smmuv3_stream_state {
	/* Owner + 1, 0 while unclaimed: written under the instance lock and
	 * read by owner lookups from other threads, so it shares no byte
	 * with what the stream's own (unlocked) configuration writes. */
	uint16_t owner_p1;
	uint8_t mode;             /* enum smmuv3_stream_mode last installed */
	uint8_t flags;            /* SST_SSID_BITS | SST_STALE | SST_LIBCD */
};
_Static_assert(sizeof(struct smmuv3_stream_state) == 4, "per-StreamID bookkeeping is 4 bytes");
_Static_assert(SMMUV3_STREAM_OWNER_MAX + 1u <= UINT16_MAX, "owner + 1 fits in owner_p1");

/* S1CDMax of the installed STE (0..20). */
#define SST_SSID_BITS SMMUV3_GENMASK(4, 0)
/* Its release failed: the SMMU may still hold the old STE and CDs (the
 * CD table is kept). */
#define SST_STALE ((uint8_t)0x40)
/* It has a library CD table (in the span's CD table array). */
#define SST_LIBCD ((uint8_t)0x80)

static inline bool sst_claimed(const struct smmuv3_stream_state *st)
{
	return st->owner_p1 != 0;
}

static inline uint32_t sst_owner(const struct smmuv3_stream_state *st)
{
	return (uint32_t)st->owner_p1 - 1u;
}

static inline bool sst_stale(const struct smmuv3_stream_state *st)
{
	return st->flags & SST_STALE;
}

static inline unsigned int sst_ssid_bits(const struct smmuv3_stream_state *st)
{
	return (unsigned int)SMMUV3_FIELD_GET(SST_SSID_BITS, st->flags);
}

static inline void sst_set(struct smmuv3_stream_state *st, uint8_t flag, bool on)
{
	st->flags = (uint8_t)(on ? st->flags | flag : st->flags & ~flag);
}

static inline void sst_set_ssid_bits(struct smmuv3_stream_state *st, unsigned int bits)
{
	st->flags = (uint8_t)((st->flags & ~SST_SSID_BITS) | SMMUV3_FIELD_PREP(SST_SSID_BITS, bits));
}

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
	/* Library CD tables of the span's streams (2^bits pointers), only
	 * while one of them has one or is getting one: n_cdtabs counts
	 * those (under smmu->cd_lock; streams of one span are configured
	 * concurrently). A stream reads its own slot only while SST_LIBCD
	 * says it holds one, so the array cannot go under it. */
	struct smmuv3_cdtab **cdtabs;
	uint32_t n_cdtabs;
	struct smmuv3_stream_state st[];
};

int smmuv3_strtab_alloc(struct smmuv3_inst *smmu);
/* Architectural minimum for the declared StreamIDs within @bits (size.c):
 * sets min_bytes and min_split of @m. */
void smmuv3_strtab_min(const struct smmuv3_inst *smmu, unsigned int bits, struct smmuv3_strtab_mem *m);
/* Bookkeeping bytes of a span of 2^bits streams. */
size_t smmuv3_strtab_span_bytes(unsigned int bits);
void smmuv3_strtab_free(struct smmuv3_inst *smmu);
/* Write STRTAB_BASE and STRTAB_BASE_CFG (SMMUEN must be 0). */
void smmuv3_strtab_program(struct smmuv3_inst *smmu);

/* StreamID range check against the table; SMMUV3_ERR_STATE unless enabled. */
int smmuv3_strtab_check_sid(const struct smmuv3_inst *smmu, uint32_t sid);
/* Span holding @sid, or NULL when its level-2 table does not exist. */
struct smmuv3_strtab_span *smmuv3_strtab_span(const struct smmuv3_inst *smmu, uint32_t sid);
/* Span holding @sid, allocated and hooked into the level-1 table if needed. */
int smmuv3_strtab_span_get(struct smmuv3_inst *smmu, uint32_t sid, struct smmuv3_strtab_span **out);
/* Drop a span whose last claimed stream went away (unhook, CFGI, free). */
int smmuv3_strtab_span_put(struct smmuv3_inst *smmu, struct smmuv3_strtab_span *span);

static inline uint64_t *smmuv3_span_ste(struct smmuv3_strtab_span *span, uint32_t sid)
{
	return span->ste + (size_t)(sid - span->first_sid) * SMMUV3_STE_DWORDS;
}

static inline struct smmuv3_stream_state *smmuv3_span_state(struct smmuv3_strtab_span *span,
							     uint32_t sid)
{
	return &span->st[sid - span->first_sid];
}

/* The library CD table of @sid (state @st), or NULL (none, or the
 * caller's). */
static inline struct smmuv3_cdtab *smmuv3_stream_cdtab(const struct smmuv3_strtab_span *span,
							const struct smmuv3_stream_state *st,
							uint32_t sid)
{
	return st->flags & SST_LIBCD ? span->cdtabs[sid - span->first_sid] : NULL;
}

/* Before a stream of @span gets a library CD table: make sure the span's
 * array exists and count the table (SMMUV3_ERR_NOMEM, nothing changed). */
int smmuv3_span_cdtab_reserve(struct smmuv3_inst *smmu, struct smmuv3_strtab_span *span);
/* A counted table is gone (or never came): the array goes with the last. */
void smmuv3_span_cdtab_unreserve(struct smmuv3_inst *smmu, struct smmuv3_strtab_span *span);

/* Record @tab (counted, or NULL) as the library CD table of @sid. */
static inline void smmuv3_stream_set_cdtab(struct smmuv3_strtab_span *span,
					   struct smmuv3_stream_state *st, uint32_t sid,
					   struct smmuv3_cdtab *tab)
{
	if (tab)
		span->cdtabs[sid - span->first_sid] = tab;
	sst_set(st, SST_LIBCD, tab != NULL);
}

/* Free a stream's library CD table, if any (the SMMU no longer uses it). */
static inline void smmuv3_cdtab_release_stream(struct smmuv3_inst *smmu,
					       struct smmuv3_strtab_span *span, uint32_t sid)
{
	struct smmuv3_stream_state *st = smmuv3_span_state(span, sid);
	struct smmuv3_cdtab *tab = smmuv3_stream_cdtab(span, st, sid);

	if (!tab)
		return;
	smmuv3_stream_set_cdtab(span, st, sid, NULL);
	smmuv3_cdtab_free(smmu, tab);
	smmuv3_span_cdtab_unreserve(smmu, span);
}

/* The STE every unconfigured stream holds (abort, or bypass by option). */
void smmuv3_ste_default(const struct smmuv3_inst *smmu, struct smmuv3_ste *ste);

/* Install @new over the live STE of @sid (docs/ste-cd-update-rules.md). */
int smmuv3_ste_install(struct smmuv3_inst *smmu, uint32_t sid, uint64_t *live,
		       const struct smmuv3_ste *new);

/* CFGI commands naming this instance's Security state. */
struct smmuv3_cmd smmuv3_cfgi_cmd(const struct smmuv3_inst *smmu, struct smmuv3_cmd cmd);

/* Look a claimed stream up for @owner. */
int smmuv3_stream_lookup(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner,
			 struct smmuv3_strtab_span **span, struct smmuv3_stream_state **st);

/* smmuv3_stream_configure() without the check for attached domains: for
 * the domains themselves. */
int smmuv3_stream_apply(struct smmuv3_inst *smmu, uint32_t sid, uint32_t owner,
			const struct smmuv3_stream_cfg *cfg);


#endif
