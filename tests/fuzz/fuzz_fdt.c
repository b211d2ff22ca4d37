// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target: smmuv3_fdt_check() on any input, and libfdt plus the
 * bare-metal parser behind it on what it accepts. Run with -timeout so a
 * hang is a finding (scripts/fuzz.sh, docs/device-tree.md).
 */
#include "fdt_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smmuv3_fdt_report rep;

	(void)fdt_target_run(data, size, &rep);
	return 0;
}
