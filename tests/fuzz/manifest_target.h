/* SPDX-License-Identifier: BSD-3-Clause */
/* The manifest parser under fuzzing (docs/manifest.md): shared by the
 * libFuzzer target and the corpus replay. */
#ifndef MANIFEST_TARGET_H
#define MANIFEST_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include <smmuv3/manifest.h>

/* Parse @data as one manifest (and, split in two at its first byte's
 * offset, as two), check every promise the API makes about the output and
 * the report, abort() on a broken one. Returns the first parse's result;
 * @rep gets its report. */
int manifest_target_run(const uint8_t *data, size_t size, struct smmuv3_manifest_report *rep);

#endif
