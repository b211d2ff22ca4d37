// SPDX-License-Identifier: BSD-3-Clause
#include <smmuv3/smmuv3.h>
#include <smmuv3/stream.h>
#include <bm/bm.h>

#include "xlat.h"

/* The DMA region, which a nested translation's stage 2 maps 1:1: the
 * stage-1 tables and CDs are fetched by IPA, and the buffers resolve. */
extern char __dma_start[], __dma_end[];

const char *xlat_kind_name(enum xlat_kind kind)
{
	switch (kind) {
	case XLAT_S1:
		return "stage-1";
	case XLAT_S2:
		return "stage-2";
	case XLAT_NESTED:
		return "nested";
	case XLAT_NESTED_OFFSET:
		return "nested (stage 2 at an offset)";
	case XLAT_NESTED_OFFSET_NOWINDOW:
		return "nested (stage 2 at an offset, no table window)";
	}
	return "?";
}

static int domain_up(struct smmuv3_domain *d, struct smmuv3 *smmu,
		     enum smmuv3_domain_type type, unsigned granule_log2, uint32_t owner)
{
	struct smmuv3_domain_cfg cfg;

	smmuv3_domain_cfg_init(smmu, &cfg, type);
	cfg.granule_log2 = granule_log2;
	cfg.owner = owner;
	return smmuv3_domain_init(smmu, d, &cfg);
}

int xlat_init(struct xlat *x, struct smmuv3 *smmu, enum xlat_kind kind, unsigned granule_log2,
	      uint32_t owner)
{
	uint64_t start = (uintptr_t)__dma_start, size = (uintptr_t)__dma_end - start;
	int rc;

	*x = (struct xlat){ .kind = kind, .smmu = smmu };
	if (kind == XLAT_S1 || kind == XLAT_S2) {
		rc = domain_up(&x->dom, smmu, kind == XLAT_S1 ? SMMUV3_DOMAIN_S1 : SMMUV3_DOMAIN_S2,
			       granule_log2, owner);
		x->dom_live = !rc;
		return rc;
	}
	rc = domain_up(&x->s2, smmu, SMMUV3_DOMAIN_S2, granule_log2, owner);
	if (rc)
		return rc;
	x->s2_live = true;
	if (kind == XLAT_NESTED) {
		rc = smmuv3_domain_map(&x->s2, start, start, size,
				       SMMUV3_PROT_READ | SMMUV3_PROT_WRITE);
	} else {
		/* The library's tables (the whole DMA region) through the
		 * reserved window, the buffers at another IPA range: the
		 * window is never a stage-1 output. */
		struct smmuv3_table_window w = {
			.ipa = start + XLAT_WINDOW_OFFSET, .pa = start, .size = size,
		};

		rc = kind == XLAT_NESTED_OFFSET ?
			     smmuv3_domain_set_window(&x->s2, &w) :
			     smmuv3_domain_map(&x->s2, w.ipa, w.pa, w.size,
					       SMMUV3_PROT_READ | SMMUV3_PROT_WRITE);
		if (!rc)
			rc = smmuv3_domain_map(&x->s2, start + XLAT_DATA_OFFSET, start, size,
					       SMMUV3_PROT_READ | SMMUV3_PROT_WRITE);
		x->out_off = XLAT_DATA_OFFSET;
	}
	if (!rc)
		rc = domain_up(&x->dom, smmu, SMMUV3_DOMAIN_S1, granule_log2, owner);
	x->dom_live = !rc;
	if (rc) {
		smmuv3_domain_destroy(&x->s2);
		x->s2_live = false;
	}
	return rc;
}

int xlat_attach(struct xlat *x, uint32_t sid, uint32_t owner)
{
	struct smmuv3 *smmu = x->smmu;
	int rc = smmuv3_stream_claim(smmu, sid, owner);

	if (rc)
		return rc;
	rc = smmuv3_domain_attach(&x->dom, sid, owner, 0, 0,
				  x->s2_live ? &x->s2 : NULL);
	if (rc)
		smmuv3_stream_release(smmu, sid, owner);
	return rc;
}

int xlat_detach(struct xlat *x, uint32_t sid, uint32_t owner)
{
	int rc = smmuv3_domain_detach(&x->dom, sid, owner, 0);

	return rc ? rc : smmuv3_stream_release(x->smmu, sid, owner);
}

int xlat_fini(struct xlat *x)
{
	int rc = 0, rc2 = 0;

	if (x->dom_live)
		rc = smmuv3_domain_destroy(&x->dom);
	if (x->s2_live)
		rc2 = smmuv3_domain_destroy(&x->s2);
	x->dom_live = x->s2_live = false;
	return rc ? rc : rc2;
}
