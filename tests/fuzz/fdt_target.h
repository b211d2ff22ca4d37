/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the device-tree fuzz target and its corpus replay run on one input:
 * smmuv3_fdt_check(), then, on a blob it accepts, libfdt walks and the
 * bare-metal port's parser (when the host has libfdt).
 */
#ifndef FDT_TARGET_H
#define FDT_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include <smmuv3/fdt.h>

/*
 * Runs one input; returns smmuv3_fdt_check()'s result and fills @p rep.
 * Aborts when a libfdt walk over an accepted blob takes more steps than the
 * blob has tags: a walk standing still is a finding, not a wait.
 */
int fdt_target_run(const uint8_t *data, size_t size, struct smmuv3_fdt_report *rep);

/* True when the libfdt walks and the bare-metal parser are built in. */
int fdt_target_has_libfdt(void);

#endif
