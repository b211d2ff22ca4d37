// SPDX-License-Identifier: BSD-3-Clause
/*
 * Event and PRI queue producers. The mock writes records where the SMMU
 * would (at PROD in the queue memory software gave it), advances PROD,
 * and on a full queue loses the record and signals overflow the way the
 * architecture says (PROD.OVFLG toggled when no overflow is outstanding)
 * or, optionally, the way QEMU does (GERROR.EVENTQ_ABT_ERR).
 */
#include <string.h>

#include "mock_internal.h"

struct mock_q {
	uint32_t base_reg, prod_reg, cons_reg;
	uint32_t cr0ack_reg, enable;
	uint32_t qs_max;          /* IDR1 maximum log2 size */
	size_t entry_bytes;
};

static uint32_t mock_q_log2(const struct smmuv3_mock *m, const struct mock_q *q)
{
	uint32_t log2 = (uint32_t)MA_FGET(MA_Q_BASE_LOG2SIZE,
						   mock_reg64(m, q->base_reg));

	return log2 > q->qs_max ? q->qs_max : log2;
}

/* Returns 1 when written, 0 when lost to a full queue, -1 when the queue
 * is off or its memory unbacked. */
static int mock_q_push(struct smmuv3_mock *m, const struct mock_q *q, const void *rec)
{
	uint32_t log2 = mock_q_log2(m, q);
	uint32_t n = UINT32_C(1) << log2;
	uint32_t mask = (n << 1) - 1;
	uint32_t prod_reg = m->regs[q->prod_reg / 4];
	uint32_t prod = prod_reg & mask;
	uint32_t cons = m->regs[q->cons_reg / 4] & mask;
	uint64_t pa = mock_reg64(m, q->base_reg) & MA_MASK(MA_Q_BASE_ADDR);
	void *slot;

	if (!(m->regs[q->cr0ack_reg / 4] & q->enable) || !m->mem)
		return -1;
	if ((prod & (n - 1)) == (cons & (n - 1)) && (prod & n) != (cons & n))
		return 0;
	slot = m->mem(m->mem_arg, pa + (uint64_t)(prod & (n - 1)) * q->entry_bytes,
		      q->entry_bytes);
	if (!slot)
		return -1;
	memcpy(slot, rec, q->entry_bytes);
	m->regs[q->prod_reg / 4] = (prod_reg & ~mask) | ((prod + 1) & mask);
	return 1;
}

/* Overflow as the architecture records it: OVFLG toggles only when no
 * earlier overflow awaits acknowledgement (OVFLG == CONS.OVACKFLG). */
static void mock_q_overflow(struct smmuv3_mock *m, const struct mock_q *q)
{
	uint32_t prod = m->regs[q->prod_reg / 4];
	uint32_t cons = m->regs[q->cons_reg / 4];

	if ((prod & MA_MASK(MA_Q_OVFLG)) == (cons & MA_MASK(MA_Q_OVACKFLG)))
		m->regs[q->prod_reg / 4] = prod ^ (uint32_t)MA_MASK(MA_Q_OVFLG);
}

int smmuv3_mock_inject_event(struct smmuv3_mock *m, bool secure, const uint64_t rec[4])
{
	struct mock_q q = {
		.base_reg = secure ? MA_S_EVENTQ_BASE : MA_EVENTQ_BASE,
		.prod_reg = secure ? MA_S_EVENTQ_PROD : MA_EVENTQ_PROD,
		.cons_reg = secure ? MA_S_EVENTQ_CONS : MA_EVENTQ_CONS,
		.cr0ack_reg = secure ? MA_S_CR0ACK : MA_CR0ACK,
		.enable = (uint32_t)MA_MASK(MA_CR0_EVENTQEN),
		.qs_max = (uint32_t)MA_FGET(MA_IDR1_EVENTQS, m->profile.idr[1]),
		.entry_bytes = 32,
	};
	int rc = mock_q_push(m, &q, rec);

	if (rc > 0)
		return 0;
	if (rc == 0) {
		m->n_evt_dropped++;
		if (m->evtq_overflow_gerror)
			smmuv3_mock_raise_gerror(m, secure,
						 (uint32_t)MA_MASK(MA_GERROR_EVENTQ_ABT_ERR));
		else
			mock_q_overflow(m, &q);
	}
	return -1;
}

int smmuv3_mock_inject_pri(struct smmuv3_mock *m, const uint64_t rec[2])
{
	struct mock_q q = {
		.base_reg = MA_PRIQ_BASE,
		.prod_reg = MA_PRIQ_PROD,
		.cons_reg = MA_PRIQ_CONS,
		.cr0ack_reg = MA_CR0ACK,
		.enable = (uint32_t)MA_MASK(MA_CR0_PRIQEN),
		.qs_max = (uint32_t)MA_FGET(MA_IDR1_PRIQS, m->profile.idr[1]),
		.entry_bytes = 16,
	};
	int rc = mock_q_push(m, &q, rec);

	if (rc > 0)
		return 0;
	if (rc == 0) {
		m->n_pri_dropped++;
		mock_q_overflow(m, &q);
	}
	return -1;
}
