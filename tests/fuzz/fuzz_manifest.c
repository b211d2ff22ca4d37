// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target: smmuv3_manifest_parse() on any input, with the fdt
 * check and the parser compiled in for coverage. Run with -timeout so a
 * walk that does not end is a finding (scripts/fuzz.sh manifest,
 * docs/manifest.md).
 */
#include "manifest_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smmuv3_manifest_report rep;

	(void)manifest_target_run(data, size, &rep);
	return 0;
}
