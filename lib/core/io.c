// SPDX-License-Identifier: BSD-3-Clause
#include "internal.h"

void smmuv3_deadline_start(const struct smmuv3_inst *smmu, struct smmuv3_deadline *d)
{
	d->start = smmuv3_port_time_ns(smmu->cfg.port);
	d->limit = smmu->timeout_ns;
}

bool smmuv3_deadline_passed(const struct smmuv3_inst *smmu, const struct smmuv3_deadline *d)
{
	return smmuv3_port_time_ns(smmu->cfg.port) - d->start > d->limit;
}

int smmuv3_wait_reg32(struct smmuv3_inst *smmu, uint32_t off, uint32_t mask,
		      uint32_t want, uint32_t *last)
{
	struct smmuv3_deadline d;
	uint32_t val;
	bool expired;

	smmuv3_deadline_start(smmu, &d);
	for (;;) {
		/*
		 * Sample the clock before the register so that a value read
		 * after the deadline still counts: a slow host must not turn
		 * a late acknowledgement into a timeout.
		 */
		expired = smmuv3_deadline_passed(smmu, &d);
		val = smmuv3_read32(smmu, off);
		if ((val & mask) == want)
			break;
		if (expired) {
			if (last)
				*last = val;
			return SMMUV3_ERR_TIMEOUT;
		}
		smmuv3_port_relax(smmu->cfg.port);
	}
	if (last)
		*last = val;
	return 0;
}

void *smmuv3_dma_alloc(struct smmuv3_inst *smmu, size_t size, size_t align, uint64_t *pa)
{
	void *va = smmuv3_port_dma_alloc(smmu->cfg.port, size, align, pa);

	/* Atomic: concurrent calls on different streams and domains allocate. */
	if (va)
		__atomic_fetch_add(&smmu->dma_bytes, size, __ATOMIC_RELAXED);
	return va;
}

void smmuv3_dma_free(struct smmuv3_inst *smmu, void *va, size_t size)
{
	if (!va)
		return;
	smmuv3_port_dma_free(smmu->cfg.port, va, size);
	__atomic_fetch_sub(&smmu->dma_bytes, size, __ATOMIC_RELAXED);
}

void smmuv3_log(const struct smmuv3_inst *smmu, enum smmuv3_log_level level,
		const char *fmt, ...)
{
	char line[192];
	va_list ap;
	int n;

	n = smmuv3_snprintf(line, sizeof(line), "%s: ",
			    smmu->cfg.name ? smmu->cfg.name : "smmuv3");
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	va_start(ap, fmt);
	smmuv3_vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	smmuv3_port_log(smmu->cfg.port, level, line);
}
