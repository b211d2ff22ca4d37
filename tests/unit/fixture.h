/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A mock SMMU, its test port and a library instance, wired together.
 * Every unit test starts from one of these.
 */
#ifndef SMMUV3_TEST_FIXTURE_H
#define SMMUV3_TEST_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <smmuv3/smmuv3.h>
/* Unit tests are white-box: they check encodings at the hardware level. */
#include <smmuv3/hw/cd.h>
#include <smmuv3/hw/cmdq.h>
#include <smmuv3/hw/evtq.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/hw/ste.h>
#include <smmuv3/hw/stream.h>

#include "smmuv3_mock.h"
#include "test_port.h"

#define FIXTURE_BASE ((uintptr_t)0x09050000)

struct fixture {
	struct smmuv3_mock *mock;
	struct smmuv3_test_port tp;
	struct smmuv3_config cfg;
	struct smmuv3 smmu;
};

/* Create mock + port + config (not yet smmuv3_init'ed). */
struct fixture *fixture_new(const struct smmuv3_mock_profile *profile);
/* An MMU-600 with Secure EL2 (S_IDR1.SEL2), as fixture_new(), for a
 * Secure (S-EL2) or Non-secure instance as @p secure says. */
struct fixture *fixture_new_sel2(bool secure);
/* The MMU-600 profile with IDR1.SIDSIZE = @bits and no Secure side. */
struct smmuv3_mock_profile fixture_profile_sidsize(unsigned int bits);
/* smmuv3_init + smmuv3_probe, asserting success. */
void fixture_probe(struct fixture *f);
/* init + probe + reset, asserting success. */
void fixture_enable(struct fixture *f);
/* Teardown (if needed), assert no DMA memory leaked, free everything. */
void fixture_free(struct fixture *f);

/* CMocka group setup/teardown helpers using state as struct fixture *. */
int fixture_setup_qemu(void **state);
int fixture_setup_mmu600(void **state);
int fixture_setup_minimal(void **state);
int fixture_teardown(void **state);

#endif
