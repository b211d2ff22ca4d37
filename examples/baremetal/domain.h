/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A DMA domain for the examples: the page tables of one translation
 * (stage 1, stage 2, or both nested), attached to streams through the
 * library, with map and unmap-then-invalidate. This is the glue an
 * integrator writes on top of libsmmuv3's stream, CD, page-table and
 * command APIs; it is kept in the examples on purpose.
 */
#ifndef EXAMPLES_DOMAIN_H
#define EXAMPLES_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/pgtable.h>
#include <smmuv3/stream.h>

enum domain_kind {
	DOMAIN_S1 = 1,
	DOMAIN_S2 = 2,
	DOMAIN_NESTED = 3,
};

struct domain {
	struct smmuv3 *smmu;
	enum domain_kind kind;
	unsigned granule_log2;
	uint32_t owner;
	uint16_t asid, vmid;
	/* The tables device addresses go through first: stage 1, or stage 2
	 * for a stage-2-only domain. */
	struct smmuv3_pgtable s1, s2;
	bool has_s1, has_s2;
	/** TLBI commands issued by unmaps (range ones count once). */
	unsigned long tlbi_cmds;
};

/** Human name of a kind ("stage-1", "stage-2", "nested"). */
const char *domain_kind_name(enum domain_kind kind);

/**
 * @brief Create the page tables of a domain. For a nested domain stage 2
 *        maps the whole DMA region at IPA == PA, so the stage-1 tables and
 *        CDs (which the SMMU fetches by IPA) and the buffers resolve.
 */
int domain_init(struct domain *d, struct smmuv3 *smmu, enum domain_kind kind,
		unsigned granule_log2, uint32_t owner);

/** Claim @p sid for the domain's owner and point it at the domain. */
int domain_attach(struct domain *d, uint32_t sid);

/** Return @p sid to the default (abort). */
int domain_detach(struct domain *d, uint32_t sid);

/** Map [iova, iova+size) to pa (both granule-aligned), read/write. */
int domain_map(struct domain *d, uint64_t iova, uint64_t pa, uint64_t size, uint32_t prot);

/**
 * @brief Unmap, invalidate the TLB entries of the range (CMD_SYNC'd), and
 *        only then free tables the unmap emptied. With @p skip_tlbi the
 *        invalidation is left out, to show that QEMU's IOTLB keeps the
 *        stale translation.
 */
int domain_unmap(struct domain *d, uint64_t iova, uint64_t size, bool skip_tlbi);

/** Invalidate every TLB entry of the domain. */
int domain_flush(struct domain *d);

/** Free the page tables (streams must be detached first). */
void domain_fini(struct domain *d);

#endif
