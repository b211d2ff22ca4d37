// SPDX-License-Identifier: BSD-3-Clause
/*
 * What an earlier boot stage (firmware, a first-stage loader, a previous
 * instance) may leave behind when it hands the SMMU over: the SMMU
 * enabled on its own tables, GBPA bypassing, a command error with the
 * queue halted, global errors and queue overflows never acknowledged,
 * interrupts on with MSIs aimed at its doorbells, translations cached in
 * every regime. The addresses are deliberately not memory the mock can
 * read: a library that reuses them sees fetch aborts.
 */
#include "mock_internal.h"

#define HO_STRTAB 0x7e000000u
#define HO_CMDQ 0x7e100000u
#define HO_EVTQ 0x7e200000u
#define HO_DOORBELL 0x7e300000u

static void set64(struct smmuv3_mock *m, uint32_t off, uint64_t v)
{
	m->regs[off / 4] = (uint32_t)v;
	m->regs[off / 4 + 1] = (uint32_t)(v >> 32);
}

static bool ho_pri(const struct smmuv3_mock *m, bool secure)
{
	return !secure && (m->profile.idr[0] & MA_BIT(MA_IDR0_PRI));
}

static void ho_enabled(struct smmuv3_mock *m, bool secure, uint32_t b)
{
	uint32_t cr0 = (uint32_t)(MA_BIT(MA_CR0_SMMUEN) | MA_BIT(MA_CR0_CMDQEN) |
				  MA_BIT(MA_CR0_EVENTQEN));

	if (ho_pri(m, secure))
		cr0 |= (uint32_t)MA_BIT(MA_CR0_PRIQEN);
	set64(m, MA_STRTAB_BASE + b, HO_STRTAB);
	m->regs[(MA_STRTAB_BASE_CFG + b) / 4] = 6; /* linear, 64 STEs */
	set64(m, MA_CMDQ_BASE + b, HO_CMDQ | 5);
	m->regs[(MA_CMDQ_PROD + b) / 4] = 3;
	m->regs[(MA_CMDQ_CONS + b) / 4] = 3;
	set64(m, MA_EVENTQ_BASE + b, HO_EVTQ | 5);
	m->regs[(MA_CR0 + b) / 4] = cr0;
	m->regs[(MA_CR0ACK + b) / 4] = cr0;
}

static void ho_overflow(struct smmuv3_mock *m, bool secure)
{
	uint32_t prod = secure ? MA_S_EVENTQ_PROD : MA_EVENTQ_PROD;

	m->regs[prod / 4] ^= (uint32_t)MA_BIT(MA_Q_OVFLG);
	if (ho_pri(m, secure))
		m->regs[MA_PRIQ_PROD / 4] ^= (uint32_t)MA_BIT(MA_Q_OVFLG);
}

static void ho_irq(struct smmuv3_mock *m, bool secure, uint32_t b)
{
	uint32_t en = (uint32_t)(MA_BIT(MA_IRQ_CTRL_GERROR_IRQEN) |
				 MA_BIT(MA_IRQ_CTRL_EVENTQ_IRQEN));

	if (ho_pri(m, secure)) {
		en |= (uint32_t)MA_BIT(MA_IRQ_CTRL_PRIQ_IRQEN);
		set64(m, MA_PRIQ_IRQ_CFG0, HO_DOORBELL + 8);
	}
	set64(m, MA_GERROR_IRQ_CFG0 + b, HO_DOORBELL);
	set64(m, MA_EVENTQ_IRQ_CFG0 + b, HO_DOORBELL + 4);
	m->regs[(MA_IRQ_CTRL + b) / 4] = en;
	m->regs[(MA_IRQ_CTRLACK + b) / 4] = en;
}

/* One entry per regime the world implements, plus a walk-cache entry. */
static void ho_tlb(struct smmuv3_mock *m, bool secure)
{
	bool s2 = secure ? (m->profile.s_idr1 & MA_BIT(MA_S_IDR1_SEL2))
			 : (m->profile.idr[0] & MA_BIT(MA_IDR0_S2P));
	bool el2 = secure ? (m->profile.s_idr1 & MA_BIT(MA_S_IDR1_SEL2))
			  : (m->profile.idr[0] & MA_BIT(MA_IDR0_HYP));
	struct smmuv3_mock_tlb_entry e = {
		.stage = 1, .level = 3, .vmid = 1, .asid = 1, .in = 0x1000, .size = 0x1000,
		.out = 0x80001000, .desc = 0x80001000 | 0x403, .secure = secure,
		.regime = SMMUV3_MOCK_REGIME_EL1, .granule_log2 = 12,
	};

	if (m->profile.idr[0] & MA_BIT(MA_IDR0_S1P)) {
		smmuv3_mock_tlb_insert(m, &e);
		e.walk = true;
		e.level = 2;
		e.size = 0x200000;
		e.in = 0;
		smmuv3_mock_tlb_insert(m, &e);
		e.walk = false;
		e.level = 3;
		e.in = 0x1000;
		e.size = 0x1000;
		if (el2) {
			e.regime = SMMUV3_MOCK_REGIME_EL2;
			smmuv3_mock_tlb_insert(m, &e);
			e.regime = SMMUV3_MOCK_REGIME_EL1;
		}
		if (secure && !(m->profile.idr[0] & MA_BIT(MA_IDR0_RME_IMPL))) {
			e.regime = SMMUV3_MOCK_REGIME_EL3;
			smmuv3_mock_tlb_insert(m, &e);
			e.regime = SMMUV3_MOCK_REGIME_EL1;
		}
	}
	if (s2) {
		e.stage = 2;
		smmuv3_mock_tlb_insert(m, &e);
		if (m->profile.idr[0] & MA_BIT(MA_IDR0_S1P)) {
			e.stage = 3;
			smmuv3_mock_tlb_insert(m, &e);
		}
	}
}

void smmuv3_mock_handover(struct smmuv3_mock *m, bool secure, unsigned int what)
{
	uint32_t b = secure ? MA_S_BANK : 0;
	uint32_t gbpa = MA_GBPA + b;

	if (what & SMMUV3_MOCK_HO_ENABLED)
		ho_enabled(m, secure, b);
	if (what & SMMUV3_MOCK_HO_GBPA_BYPASS)
		m->regs[gbpa / 4] &= ~(uint32_t)MA_BIT(MA_GBPA_ABORT);
	if (what & SMMUV3_MOCK_HO_CMDQ_ERR) {
		/* A command at CONS was rejected; one more waits behind it. */
		uint32_t cons = m->regs[(MA_CMDQ_CONS + b) / 4] & (uint32_t)MA_MASK(19, 0);

		m->regs[(MA_CMDQ_PROD + b) / 4] = cons + 2;
		m->regs[(MA_CMDQ_CONS + b) / 4] =
			cons | (uint32_t)MA_FPREP(MA_CMDQ_CONS_ERR, MA_CERROR_ILL);
		smmuv3_mock_raise_gerror(m, secure, (uint32_t)MA_BIT(MA_GERROR_CMDQ_ERR));
	}
	if (what & SMMUV3_MOCK_HO_GERROR)
		smmuv3_mock_raise_gerror(m, secure,
					 (uint32_t)(MA_BIT(MA_GERROR_EVENTQ_ABT_ERR) |
						    MA_BIT(MA_GERROR_MSI_CMDQ_ABT_ERR) |
						    MA_BIT(MA_GERROR_MSI_EVENTQ_ABT_ERR) |
						    (ho_pri(m, secure) ?
						     MA_BIT(MA_GERROR_PRIQ_ABT_ERR) : 0)));
	if (what & SMMUV3_MOCK_HO_OVERFLOW)
		ho_overflow(m, secure);
	if (what & SMMUV3_MOCK_HO_IRQ)
		ho_irq(m, secure, b);
	if (what & SMMUV3_MOCK_HO_TLB)
		ho_tlb(m, secure);
}

size_t smmuv3_mock_tlb_count(const struct smmuv3_mock *m, bool secure)
{
	size_t n = 0;

	for (size_t i = 0; i < m->tlb_len; i++)
		n += m->tlb[i].secure == secure;
	return n;
}
