/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the QEMU scenario images share: checks that stop a scenario with
 * the failing line, an SMMU brought up in front of edu, a fault recorder,
 * and the dispatcher that runs the scenario the kernel command line names.
 */
#ifndef TESTS_QEMU_HARNESS_H
#define TESTS_QEMU_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/smmuv3.h>
#include <smmuv3/evtq.h>
#include <bm/bm.h>

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			bm_printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);     \
			return 1;                                                     \
		}                                                                     \
	} while (0)

#define OK(expr)                                                                      \
	do {                                                                          \
		int rc_ = (expr);                                                     \
		if (rc_) {                                                            \
			bm_printf("FAIL %s:%d: %s: %s\n", __FILE__, __LINE__, #expr,  \
				  smmuv3_strerror(rc_));                              \
			return 1;                                                     \
		}                                                                     \
	} while (0)

struct scenario {
	const char *name;
	int (*run)(void);
};

/** Run the scenario named in the bootargs: 0 passed, 1 failed, 2 none named. */
int scenario_main(const struct scenario *s, unsigned n);

/** An SMMU instance and its port. */
struct smmu_env {
	struct bm_smmu_port port;
	struct smmuv3 smmu;
};

/**
 * @brief Probe, reset and enable SMMU @p index; wired interrupts when
 *        @p wired; @p cfg_fn (may be NULL) adjusts the config first.
 */
int smmu_env_up(struct smmu_env *e, unsigned index, bool wired,
		void (*cfg_fn)(struct smmuv3_config *));

/** Events a handler has seen. */
struct faults {
	volatile unsigned count;
	struct smmuv3_event last;
	uint32_t owner;
};

/** A fault handler (arg: a struct faults) that prints, records, aborts. */
enum smmuv3_stall_action faults_record(void *arg, const struct smmuv3_event *ev, uint32_t owner,
				       bool owned);

/** Wait up to 100 ms for @p f to have seen @p count events. */
bool faults_wait(const struct faults *f, unsigned count);

#endif
