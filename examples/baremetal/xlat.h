/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The examples' translation for a device: one library domain (stage 1 or
 * stage 2), or a stage-1 domain nested over a stage-2 domain that maps the
 * DMA region at IPA == PA. Everything that touches the SMMU is the
 * library's domain API (include/smmuv3/domain.h); what is here is the
 * example's policy: which domains, the identity stage 2, claiming the
 * stream for its owner.
 */
#ifndef EXAMPLES_XLAT_H
#define EXAMPLES_XLAT_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/domain.h>

enum xlat_kind {
	XLAT_S1 = 1,
	XLAT_S2 = 2,
	XLAT_NESTED = 3,
	/** Nested over a stage 2 that is not the identity: the DMA region
	 *  is the library's table window at IPA = PA + 1 TiB, and the
	 *  devices' buffers are reached at IPA = PA + 2 TiB. */
	XLAT_NESTED_OFFSET = 4,
	/** The control of XLAT_NESTED_OFFSET: the same stage-2 mappings
	 *  made by hand, no window declared, so the library writes table
	 *  PAs where the SMMU reads IPAs, and DMA fails (issue 12). */
	XLAT_NESTED_OFFSET_NOWINDOW = 5,
};

/** XLAT_NESTED_OFFSET: where the table window and the buffers sit. */
#define XLAT_WINDOW_OFFSET (1ull << 40)
#define XLAT_DATA_OFFSET (2ull << 40)

struct xlat {
	enum xlat_kind kind;
	/** The SMMU the domains belong to. */
	struct smmuv3 *smmu;
	/** Which of dom and s2 are live (created and not yet destroyed). */
	bool dom_live, s2_live;
	/** Where device addresses go first: map and unmap here. */
	struct smmuv3_domain dom;
	/** Nested only: the stage 2 under dom. */
	struct smmuv3_domain s2;
	/** What dom outputs for physical address p: p + out_off (an IPA of
	 *  the stage 2 when nested). */
	uint64_t out_off;
};

/** Human name of a kind ("stage-1", "stage-2", "nested"). */
const char *xlat_kind_name(enum xlat_kind kind);

/** Create the domain(s) of @p kind with a @p granule_log2 granule, owned
 *  by @p owner (only its streams can be attached). */
int xlat_init(struct xlat *x, struct smmuv3 *smmu, enum xlat_kind kind,
	      unsigned granule_log2, uint32_t owner);

/** Claim @p sid for @p owner and attach the translation to it. */
int xlat_attach(struct xlat *x, uint32_t sid, uint32_t owner);

/** Detach from @p sid (it then aborts) and release it. */
int xlat_detach(struct xlat *x, uint32_t sid, uint32_t owner);

/** Destroy the domain(s); streams must be detached first. */
int xlat_fini(struct xlat *x);

#endif
