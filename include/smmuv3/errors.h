/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file errors.h
 * @brief libsmmuv3 error model.
 *
 * Every fallible public function returns 0 (or a non-negative value) on
 * success and one of the negative SMMUV3_ERR_* codes below on failure,
 * in the style of libfdt. A failed call leaves the instance exactly as it
 * was before the call unless its documentation says otherwise.
 * smmuv3_strerror() turns a code into a constant English sentence.
 */
#ifndef SMMUV3_ERRORS_H
#define SMMUV3_ERRORS_H

/** Success. */
#define SMMUV3_OK 0
/** An argument is malformed (NULL pointer, bad flag, bad size). */
#define SMMUV3_ERR_INVAL -1
/** A StreamID, SubstreamID, ASID, VMID or address lies beyond what the
 *  SMMU or the configured table supports. */
#define SMMUV3_ERR_RANGE -2
/** The port could not allocate DMA-able memory. */
#define SMMUV3_ERR_NOMEM -3
/** The SMMU did not acknowledge, consume or complete within the time
 *  limit. */
#define SMMUV3_ERR_TIMEOUT -4
/** The SMMU does not implement a feature the request needs. */
#define SMMUV3_ERR_NOTSUP -5
/** The ID registers describe an impossible or contradictory SMMU. */
#define SMMUV3_ERR_BADHW -6
/** The instance is not in a state that allows the call (for example not
 *  probed, not enabled, or already enabled). */
#define SMMUV3_ERR_STATE -7
/** The stream is claimed by another owner. */
#define SMMUV3_ERR_OWNED -8
/** The caller does not own the object it tries to change. */
#define SMMUV3_ERR_PERM -9
/** The object is still in use (a domain still attached, a table still
 *  referenced). */
#define SMMUV3_ERR_BUSY -10
/** Part of the requested IOVA range is already mapped. */
#define SMMUV3_ERR_EXISTS -11
/** The requested entry or mapping does not exist (an unmap of a hole). */
#define SMMUV3_ERR_NOENT -12
/** An address or size is not aligned to the granule it must be. */
#define SMMUV3_ERR_ALIGN -13
/** An address range wraps around the end of the address space. */
#define SMMUV3_ERR_OVERFLOW -14
/** An allocator (ASID, VMID, queue slot) has nothing left to give. */
#define SMMUV3_ERR_NOSPC -15
/** The SMMU rejected a command as illegal (CMDQ_CONS.ERR = CERROR_ILL). */
#define SMMUV3_ERR_CMD_ILL -16
/** A command's memory access aborted (CERROR_ABT). */
#define SMMUV3_ERR_CMD_ABT -17
/** An ATS invalidation was not completed by the endpoint
 *  (CERROR_ATC_INV_SYNC). */
#define SMMUV3_ERR_CMD_ATC -18
/** The SMMU entered service failure mode; the instance is unusable until
 *  it is reset. */
#define SMMUV3_ERR_FATAL -19
/** A manifest or firmware description is malformed. */
#define SMMUV3_ERR_BADDESC -20
/** A partial unmap would split a block mapping. */
#define SMMUV3_ERR_SPLIT -21
/** A caller-supplied table or descriptor is malformed. */
#define SMMUV3_ERR_BADTABLE -22
/** Another domain occupies that stream or substream (docs/ownership.md). */
#define SMMUV3_ERR_OCCUPIED -23
/** The handle names an object that has ended: a domain of an instance
 *  torn down since (docs/ownership.md). */
#define SMMUV3_ERR_STALE -24

/** Caller-supplied address ranges (FF-A constituents) overlap. */
#define SMMUV3_ERR_OVERLAP -25
/** An IOVA window has no free run large enough for the request. */
#define SMMUV3_ERR_WINDOW -26
/** Table memory the SMMU would read (CD table, stage-1 table) lies
 *  outside the nest's table window (docs/domains.md, "Nesting"). */
#define SMMUV3_ERR_TABLE_WINDOW -27
/** The range touches a stage 2's reserved table window: it cannot be
 *  mapped or unmapped there, nor be a stage-1 output (docs/domains.md). */
#define SMMUV3_ERR_RESERVED -28

/** Most negative error code defined; codes below it are unknown. */
#define SMMUV3_ERR_MAX SMMUV3_ERR_RESERVED

/**
 * @brief Describe an error code.
 * @param err a value returned by a libsmmuv3 function.
 * @return a constant, NUL-terminated string; never NULL. Non-negative
 *         values give "success"; unknown codes give "unknown error".
 */
const char *smmuv3_strerror(int err);

/**
 * @brief Short symbolic name of an error code ("SMMUV3_ERR_TIMEOUT").
 * @param err a value returned by a libsmmuv3 function.
 * @return a constant string; never NULL.
 */
const char *smmuv3_errname(int err);

#endif /* SMMUV3_ERRORS_H */
