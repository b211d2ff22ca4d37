// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host demo: probe and reset an SMMUv3 modelled by the register mock
 * (QEMU 10 profile by default, or "mmu600" / "minimal"), print the
 * features report, and show what the reset cost.
 */
#include <stdio.h>
#include <string.h>

#include <smmuv3/smmuv3.h>

#include "smmuv3_mock.h"
#include "test_port.h"

static void print_line(void *arg, const char *line)
{
	(void)arg;
	printf("%s\n", line);
}

static const struct smmuv3_mock_profile *pick_profile(const char *name)
{
	if (!name || !strcmp(name, "qemu"))
		return &smmuv3_mock_profile_qemu;
	if (!strcmp(name, "mmu600"))
		return &smmuv3_mock_profile_mmu600;
	if (!strcmp(name, "minimal"))
		return &smmuv3_mock_profile_minimal;
	return NULL;
}

int main(int argc, char **argv)
{
	const struct smmuv3_mock_profile *profile = pick_profile(argc > 1 ? argv[1] : NULL);
	struct smmuv3_test_port tp;
	struct smmuv3_config cfg;
	struct smmuv3_mock *mock;
	struct smmuv3 smmu;
	int rc;

	if (!profile) {
		fprintf(stderr, "usage: %s [qemu|mmu600|minimal]\n", argv[0]);
		return 2;
	}
	mock = smmuv3_mock_create(profile);
	if (!mock || smmuv3_test_port_init(&tp, mock, 0x09050000, 0)) {
		fprintf(stderr, "cannot create the mock SMMU\n");
		return 1;
	}
	tp.print_level = SMMUV3_LOG_INFO;
	smmuv3_config_default(&cfg);
	cfg.base = 0x09050000;
	cfg.port = &tp;
	cfg.name = "smmu0";

	printf("mock SMMU profile: %s\n", profile->name);
	rc = smmuv3_init(&smmu, &cfg);
	if (!rc)
		rc = smmuv3_probe(&smmu);
	if (rc) {
		fprintf(stderr, "probe failed: %s\n", smmuv3_strerror(rc));
		return 1;
	}
	smmuv3_features_report(smmuv3_features(&smmu), print_line, NULL);
	rc = smmuv3_reset(&smmu);
	if (rc) {
		fprintf(stderr, "reset failed: %s\n", smmuv3_strerror(rc));
		return 1;
	}
	printf("reset: SMMU enabled, %zu bytes of DMA memory, %zu register writes, "
	       "%llu commands, %llu CMD_SYNC\n",
	       smmuv3_memory_used(&smmu), mock->log_len,
	       (unsigned long long)mock->n_cmds, (unsigned long long)mock->n_syncs);
	rc = smmuv3_teardown(&smmu);
	printf("teardown: %s, %zu bytes still allocated\n", smmuv3_strerror(rc), tp.live_bytes);
	smmuv3_test_port_fini(&tp);
	smmuv3_mock_destroy(mock);
	return rc ? 1 : 0;
}
