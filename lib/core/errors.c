// SPDX-License-Identifier: BSD-3-Clause
#include <smmuv3/errors.h>

#include <stddef.h>

struct smmuv3_errdesc {
	const char *name;
	const char *text;
};

#define ERRDESC(code, txt) [-(code)] = { #code, txt }

static const struct smmuv3_errdesc smmuv3_errdescs[] = {
	ERRDESC(SMMUV3_OK, "success"),
	ERRDESC(SMMUV3_ERR_INVAL, "invalid argument"),
	ERRDESC(SMMUV3_ERR_RANGE, "identifier or address out of range"),
	ERRDESC(SMMUV3_ERR_NOMEM, "out of DMA-able memory"),
	ERRDESC(SMMUV3_ERR_TIMEOUT, "SMMU did not respond in time"),
	ERRDESC(SMMUV3_ERR_NOTSUP, "feature not supported by this SMMU"),
	ERRDESC(SMMUV3_ERR_BADHW, "ID registers describe an impossible SMMU"),
	ERRDESC(SMMUV3_ERR_STATE, "instance is in the wrong state for this call"),
	ERRDESC(SMMUV3_ERR_OWNED, "stream is owned by another endpoint"),
	ERRDESC(SMMUV3_ERR_PERM, "caller does not own this object"),
	ERRDESC(SMMUV3_ERR_BUSY, "object still in use"),
	ERRDESC(SMMUV3_ERR_EXISTS, "range already mapped"),
	ERRDESC(SMMUV3_ERR_NOENT, "no such entry or mapping"),
	ERRDESC(SMMUV3_ERR_ALIGN, "address or size not aligned"),
	ERRDESC(SMMUV3_ERR_OVERFLOW, "address range wraps around"),
	ERRDESC(SMMUV3_ERR_NOSPC, "identifier space exhausted"),
	ERRDESC(SMMUV3_ERR_CMD_ILL, "SMMU rejected an illegal command"),
	ERRDESC(SMMUV3_ERR_CMD_ABT, "command memory access aborted"),
	ERRDESC(SMMUV3_ERR_CMD_ATC, "ATC invalidation not completed by endpoint"),
	ERRDESC(SMMUV3_ERR_FATAL, "SMMU in service failure mode"),
	ERRDESC(SMMUV3_ERR_BADDESC, "malformed manifest or firmware description"),
	ERRDESC(SMMUV3_ERR_SPLIT, "operation would split a block mapping"),
	ERRDESC(SMMUV3_ERR_BADTABLE, "malformed caller-supplied table"),
	ERRDESC(SMMUV3_ERR_OCCUPIED, "another domain occupies this stream or substream"),
	ERRDESC(SMMUV3_ERR_STALE, "handle of an ended object"),
	ERRDESC(SMMUV3_ERR_OVERLAP, "address ranges overlap"),
	ERRDESC(SMMUV3_ERR_WINDOW, "IOVA window exhausted"),
	ERRDESC(SMMUV3_ERR_TABLE_WINDOW, "table memory outside the nest's table window"),
	ERRDESC(SMMUV3_ERR_RESERVED, "range in a reserved table window"),
};

static const struct smmuv3_errdesc *smmuv3_errdesc(int err)
{
	if (err > 0)
		err = 0;
	if (err < SMMUV3_ERR_MAX)
		return NULL;
	return &smmuv3_errdescs[-err];
}

const char *smmuv3_strerror(int err)
{
	const struct smmuv3_errdesc *d = smmuv3_errdesc(err);

	return d ? d->text : "unknown error";
}

const char *smmuv3_errname(int err)
{
	const struct smmuv3_errdesc *d = smmuv3_errdesc(err);

	return d ? d->name : "SMMUV3_ERR_UNKNOWN";
}
