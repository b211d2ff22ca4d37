// SPDX-License-Identifier: BSD-3-Clause
#include "harness.h"

int scenario_main(const struct scenario *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (!bm_bootarg(s[i].name))
			continue;
		bm_printf("scenario %s\n", s[i].name);
		if (s[i].run()) {
			bm_printf("scenario %s: FAIL\n", s[i].name);
			return 1;
		}
		bm_printf("scenario %s: PASS\n", s[i].name);
		return 0;
	}
	bm_printf("no known scenario in bootargs \"%s\"\n", bm_plat.bootargs);
	return 2;
}

int smmu_env_up(struct smmu_env *e, unsigned index, bool wired,
		void (*cfg_fn)(struct smmuv3_config *))
{
	struct smmuv3_config cfg;
	int rc;

	rc = bm_smmu_port_init(&e->port, index);
	if (rc)
		return rc;
	e->port.wired_irqs = wired;
	smmuv3_config_default(&cfg);
	cfg.base = (uintptr_t)e->port.desc->base;
	cfg.port = &e->port;
	cfg.name = e->port.name;
	if (wired)
		cfg.irq_mode = SMMUV3_IRQ_MODE_WIRED;
	if (cfg_fn)
		cfg_fn(&cfg);
	rc = smmuv3_init(&e->smmu, &cfg);
	if (!rc)
		rc = smmuv3_probe(&e->smmu);
	if (!rc)
		rc = smmuv3_reset(&e->smmu);
	if (rc)
		bm_printf("SMMU bring-up failed: %s\n", smmuv3_strerror(rc));
	return rc;
}

enum smmuv3_stall_action faults_record(void *arg, const struct smmuv3_event *ev, uint32_t owner,
				       bool owned)
{
	struct faults *f = arg;
	char line[200];

	smmuv3_event_format(ev, line, sizeof(line));
	bm_printf("  event (owner %#x%s): %s\n", (unsigned)owner, owned ? "" : ", unowned", line);
	f->last = *ev;
	f->owner = owner;
	f->count++;
	return SMMUV3_STALL_ABORT;
}

bool faults_wait(const struct faults *f, unsigned count)
{
	uint64_t end = bm_time_ns() + 100000000u;

	while (f->count < count)
		if (bm_time_ns() > end)
			return false;
	return true;
}
