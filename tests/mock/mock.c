// SPDX-License-Identifier: BSD-3-Clause
/* Register file of the mock SMMU: storage, acknowledgements, recording. */
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

struct smmuv3_mock *smmuv3_mock_create(const struct smmuv3_mock_profile *profile)
{
	struct smmuv3_mock *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->profile = *profile;
	for (unsigned int i = 0; i < 6; i++)
		m->regs[(MA_IDR0 + 4 * i) / 4] = profile->idr[i];
	m->regs[MA_IIDR / 4] = profile->iidr;
	m->regs[MA_AIDR / 4] = profile->aidr;
	m->regs[MA_S_IDR0 / 4] = profile->s_idr0;
	m->regs[MA_S_IDR1 / 4] = profile->s_idr1;
	/* Reset value of GBPA: abort (what TF-A leaves is tested separately). */
	m->regs[MA_GBPA / 4] = (uint32_t)MA_MASK(MA_GBPA_ABORT);
	m->regs[MA_S_GBPA / 4] = (uint32_t)MA_MASK(MA_GBPA_ABORT);
	return m;
}

void smmuv3_mock_destroy(struct smmuv3_mock *m)
{
	if (!m)
		return;
	free(m->log);
	free(m->cmds);
	free(m->tlb);
	free(m);
}

void smmuv3_mock_set_mem(struct smmuv3_mock *m, smmuv3_mock_mem_fn *fn, void *arg)
{
	m->mem = fn;
	m->mem_arg = arg;
}

uint32_t smmuv3_mock_peek32(const struct smmuv3_mock *m, uint32_t off)
{
	return off < MA_FRAME_SIZE ? m->regs[off / 4] : 0;
}

void smmuv3_mock_poke32(struct smmuv3_mock *m, uint32_t off, uint32_t val)
{
	if (off < MA_FRAME_SIZE)
		m->regs[off / 4] = val;
}

uint64_t mock_reg64(const struct smmuv3_mock *m, uint32_t off)
{
	return (uint64_t)m->regs[off / 4] | ((uint64_t)m->regs[off / 4 + 1] << 32);
}

static void mock_record(struct smmuv3_mock *m, uint32_t off, uint8_t size, bool write,
			uint64_t val)
{
	if (m->log_len == m->log_cap) {
		size_t cap = m->log_cap ? m->log_cap * 2 : 256;
		struct smmuv3_mock_access *n = realloc(m->log, cap * sizeof(*n));

		if (!n)
			abort();
		m->log = n;
		m->log_cap = cap;
	}
	m->log[m->log_len++] = (struct smmuv3_mock_access){ off, size, write, val };
}

/* Secure bank present: the profile says so; otherwise it is RAZ/WI. */
static bool mock_secure_impl(const struct smmuv3_mock *m)
{
	return m->profile.s_idr1 & MA_MASK(MA_S_IDR1_SECURE_IMPL);
}

static bool mock_any_smmuen(const struct smmuv3_mock *m)
{
	return (m->regs[MA_CR0ACK / 4] | m->regs[MA_S_CR0ACK / 4]) & MA_BIT(MA_CR0_SMMUEN);
}

/* ---- acknowledgement state machines ---- */

static void ack_start(struct smmuv3_mock *m, enum smmuv3_mock_ack a, int bank, uint32_t val)
{
	m->ack_pending[a][bank] = val;
	m->ack_busy[a][bank] = true;
	m->ack_countdown[a][bank] = m->ack[a].delay;
}

/*
 * Advance one ack machine on a read of its status register; true only on
 * the read at which a pending update completes.
 */
static bool ack_step(struct smmuv3_mock *m, enum smmuv3_mock_ack a, int bank)
{
	if (!m->ack_busy[a][bank])
		return false;
	if (m->ack[a].never)
		return false;
	if (m->ack_countdown[a][bank]) {
		m->ack_countdown[a][bank]--;
		return false;
	}
	m->ack_busy[a][bank] = false;
	return true;
}

static void ack_complete_now(struct smmuv3_mock *m, enum smmuv3_mock_ack a, int bank)
{
	if (!m->ack[a].never && m->ack[a].delay == 0)
		m->ack_busy[a][bank] = false;
}

static uint32_t mock_read_ack(struct smmuv3_mock *m, uint32_t ns_off, int bank)
{
	uint32_t boff = bank ? MA_S_BANK : 0;
	uint32_t off = ns_off + boff;

	switch (ns_off) {
	case MA_CR0ACK:
		if (ack_step(m, SMMUV3_MOCK_ACK_CR0, bank))
			m->regs[off / 4] = m->ack_pending[SMMUV3_MOCK_ACK_CR0][bank];
		break;
	case MA_IRQ_CTRLACK:
		if (ack_step(m, SMMUV3_MOCK_ACK_IRQ_CTRL, bank))
			m->regs[off / 4] = m->ack_pending[SMMUV3_MOCK_ACK_IRQ_CTRL][bank];
		break;
	case MA_GBPA:
		if (ack_step(m, SMMUV3_MOCK_ACK_GBPA, bank))
			m->regs[off / 4] = m->ack_pending[SMMUV3_MOCK_ACK_GBPA][bank] &
					   ~(uint32_t)MA_MASK(MA_GBPA_UPDATE);
		break;
	default:
		break;
	}
	return m->regs[off / 4];
}

uint32_t smmuv3_mock_read32(struct smmuv3_mock *m, uint32_t off)
{
	int bank = MA_IS_SECURE(off) ? 1 : 0;
	uint32_t val;

	if (off >= MA_FRAME_SIZE || (off & 3)) {
		m->violations++;
		return 0;
	}
	if (bank && !mock_secure_impl(m))
		val = 0;
	else if (off == MA_S_INIT) {
		if (ack_step(m, SMMUV3_MOCK_ACK_S_INIT, 1))
			m->regs[off / 4] = 0;
		val = m->regs[off / 4];
	} else {
		mock_before_read(m, bank ? off - MA_S_BANK : off, bank);
		val = mock_read_ack(m, bank ? off - MA_S_BANK : off, bank);
	}
	if (m->log_reads)
		mock_record(m, off, 4, false, val);
	return val;
}

static bool mock_is_readonly(uint32_t ns_off)
{
	return ns_off <= MA_AIDR || ns_off == MA_CR0ACK ||
	       ns_off == MA_IRQ_CTRLACK || ns_off == MA_GERROR ||
	       ns_off == MA_STATUSR || ns_off == MA_IDR6;
}

/* Writes the architecture makes UNPREDICTABLE are counted, not refused. */
static void mock_check_write(struct smmuv3_mock *m, uint32_t ns_off, int bank)
{
	uint32_t cr0ack = m->regs[(MA_CR0ACK + (bank ? MA_S_BANK : 0)) / 4];
	uint32_t irqack = m->regs[(MA_IRQ_CTRLACK + (bank ? MA_S_BANK : 0)) / 4];

	switch (ns_off) {
	case MA_STRTAB_BASE:
	case MA_STRTAB_BASE + 4:
	case MA_STRTAB_BASE_CFG:
		if (cr0ack & MA_MASK(MA_CR0_SMMUEN))
			m->violations++;
		break;
	case MA_CMDQ_BASE:
	case MA_CMDQ_BASE + 4:
		if (cr0ack & MA_MASK(MA_CR0_CMDQEN))
			m->violations++;
		break;
	case MA_EVENTQ_BASE:
	case MA_EVENTQ_BASE + 4:
		if (cr0ack & MA_MASK(MA_CR0_EVENTQEN))
			m->violations++;
		break;
	case MA_PRIQ_BASE:
	case MA_PRIQ_BASE + 4:
		if (cr0ack & MA_MASK(MA_CR0_PRIQEN))
			m->violations++;
		break;
	/* An interrupt's MSI target changes only while it is disabled. */
	case MA_GERROR_IRQ_CFG0:
	case MA_GERROR_IRQ_CFG0 + 4:
	case MA_GERROR_IRQ_CFG1:
	case MA_GERROR_IRQ_CFG1 + 4:
		if (irqack & MA_BIT(MA_IRQ_CTRL_GERROR_IRQEN))
			m->violations++;
		break;
	case MA_EVENTQ_IRQ_CFG0:
	case MA_EVENTQ_IRQ_CFG0 + 4:
	case MA_EVENTQ_IRQ_CFG1:
	case MA_EVENTQ_IRQ_CFG1 + 4:
		if (irqack & MA_BIT(MA_IRQ_CTRL_EVENTQ_IRQEN))
			m->violations++;
		break;
	case MA_PRIQ_IRQ_CFG0:
	case MA_PRIQ_IRQ_CFG0 + 4:
	case MA_PRIQ_IRQ_CFG1:
	case MA_PRIQ_IRQ_CFG1 + 4:
		if (irqack & MA_BIT(MA_IRQ_CTRL_PRIQ_IRQEN))
			m->violations++;
		break;
	default:
		break;
	}
}

static void mock_write_banked(struct smmuv3_mock *m, uint32_t ns_off, int bank, uint32_t val)
{
	uint32_t off = ns_off + (bank ? MA_S_BANK : 0);

	mock_check_write(m, ns_off, bank);
	switch (ns_off) {
	case MA_CR0:
		/* Turning SMMUEN off hands every stream to GBPA: with
		 * ABORT clear, traffic bypasses from here on. */
		if ((m->regs[(off + 4) / 4] & MA_BIT(MA_CR0_SMMUEN)) &&
		    !(val & MA_BIT(MA_CR0_SMMUEN)) &&
		    !(m->regs[(MA_GBPA + (bank ? MA_S_BANK : 0)) / 4] & MA_BIT(MA_GBPA_ABORT)))
			m->bypass_windows++;
		m->regs[off / 4] = val;
		ack_start(m, SMMUV3_MOCK_ACK_CR0, bank, val);
		ack_complete_now(m, SMMUV3_MOCK_ACK_CR0, bank);
		if (!m->ack_busy[SMMUV3_MOCK_ACK_CR0][bank])
			m->regs[(off + 4) / 4] = val;
		return;
	case MA_IRQ_CTRL:
		m->regs[off / 4] = val;
		ack_start(m, SMMUV3_MOCK_ACK_IRQ_CTRL, bank, val);
		ack_complete_now(m, SMMUV3_MOCK_ACK_IRQ_CTRL, bank);
		if (!m->ack_busy[SMMUV3_MOCK_ACK_IRQ_CTRL][bank])
			m->regs[(off + 4) / 4] = val;
		return;
	case MA_GBPA:
		/* Only a write with Update set changes GBPA. */
		if (!(val & MA_MASK(MA_GBPA_UPDATE)))
			return;
		m->regs[off / 4] = val;
		ack_start(m, SMMUV3_MOCK_ACK_GBPA, bank, val);
		ack_complete_now(m, SMMUV3_MOCK_ACK_GBPA, bank);
		if (!m->ack_busy[SMMUV3_MOCK_ACK_GBPA][bank])
			m->regs[off / 4] = val & ~(uint32_t)MA_MASK(MA_GBPA_UPDATE);
		return;
	default:
		break;
	}
	if (mock_is_readonly(ns_off))
		return;
	m->regs[off / 4] = val;
	mock_after_write(m, ns_off, bank);
}

void smmuv3_mock_write32(struct smmuv3_mock *m, uint32_t off, uint32_t val)
{
	int bank = MA_IS_SECURE(off) ? 1 : 0;

	if (off >= MA_FRAME_SIZE || (off & 3)) {
		m->violations++;
		return;
	}
	mock_record(m, off, 4, true, val);
	if (bank && !mock_secure_impl(m))
		return;
	if (off == MA_S_INIT) {
		if (val & MA_MASK(MA_S_INIT_INV_ALL)) {
			/* While any SMMUEN is 1 the write may be IGNORED
			 * (6.3.62): this mock always ignores it. */
			if (mock_any_smmuen(m)) {
				m->n_inv_all_ignored++;
				return;
			}
			/* Every cache of every world and regime. */
			smmuv3_mock_tlb_flush(m);
			m->n_inv_all++;
			m->regs[off / 4] = val;
			ack_start(m, SMMUV3_MOCK_ACK_S_INIT, 1, 0);
			ack_complete_now(m, SMMUV3_MOCK_ACK_S_INIT, 1);
			if (!m->ack_busy[SMMUV3_MOCK_ACK_S_INIT][1])
				m->regs[off / 4] = 0;
		}
		return;
	}
	/* The Secure event queue indices sit in page 0 at 0x80a8/0x80ac,
	 * which is exactly the banked offset of the NS page-0 aliases. */
	if (off >= MA_PAGE1) {
		m->regs[off / 4] = val;
		mock_after_write(m, off, 0);
		return;
	}
	mock_write_banked(m, bank ? off - MA_S_BANK : off, bank, val);
}

static bool mock_is_64bit(uint32_t ns_off)
{
	switch (ns_off) {
	case MA_GERROR_IRQ_CFG0:
	case MA_STRTAB_BASE:
	case MA_CMDQ_BASE:
	case MA_EVENTQ_BASE:
	case MA_EVENTQ_IRQ_CFG0:
	case MA_PRIQ_BASE:
	case MA_PRIQ_IRQ_CFG0:
	case MA_GATOS_SID:
	case MA_GATOS_ADDR:
	case MA_GATOS_PAR:
		return true;
	default:
		return false;
	}
}

static uint32_t mock_ns_off(uint32_t off)
{
	return MA_IS_SECURE(off) ? off - MA_S_BANK : off;
}

uint64_t smmuv3_mock_read64(struct smmuv3_mock *m, uint32_t off)
{
	uint64_t val;

	/* Like QEMU, only true 64-bit registers answer a 64-bit access. */
	if (off >= MA_FRAME_SIZE || (off & 7) || !mock_is_64bit(mock_ns_off(off))) {
		m->violations++;
		return 0;
	}
	if (MA_IS_SECURE(off) && !mock_secure_impl(m))
		return 0;
	val = mock_reg64(m, off);
	if (m->log_reads)
		mock_record(m, off, 8, false, val);
	return val;
}

void smmuv3_mock_write64(struct smmuv3_mock *m, uint32_t off, uint64_t val)
{
	int bank = MA_IS_SECURE(off) ? 1 : 0;

	if (off >= MA_FRAME_SIZE || (off & 7) || !mock_is_64bit(mock_ns_off(off))) {
		m->violations++;
		return;
	}
	mock_record(m, off, 8, true, val);
	if (bank && !mock_secure_impl(m))
		return;
	mock_check_write(m, mock_ns_off(off), bank);
	m->regs[off / 4] = (uint32_t)val;
	m->regs[off / 4 + 1] = (uint32_t)(val >> 32);
}

void smmuv3_mock_raise_gerror(struct smmuv3_mock *m, bool secure, uint32_t bits)
{
	uint32_t off = MA_GERROR + (secure ? MA_S_BANK : 0);
	uint32_t gerrorn = m->regs[(off + 4) / 4];
	uint32_t gerror = m->regs[off / 4];

	/* A bit is active when it differs from GERRORN; raise only those
	 * not already active. */
	m->regs[off / 4] = gerror ^ (bits & ~(gerror ^ gerrorn));
}

long smmuv3_mock_find_write(const struct smmuv3_mock *m, uint32_t off, size_t from)
{
	for (size_t i = from; i < m->log_len; i++)
		if (m->log[i].write && m->log[i].off == off)
			return (long)i;
	return -1;
}

size_t smmuv3_mock_count_writes(const struct smmuv3_mock *m, uint32_t off)
{
	size_t n = 0;

	for (size_t i = 0; i < m->log_len; i++)
		n += m->log[i].write && m->log[i].off == off;
	return n;
}

bool smmuv3_mock_touched_secure(const struct smmuv3_mock *m)
{
	for (size_t i = 0; i < m->log_len; i++)
		if (MA_IS_SECURE(m->log[i].off))
			return true;
	return false;
}

void smmuv3_mock_clear_log(struct smmuv3_mock *m)
{
	m->log_len = 0;
	m->n_cmds = 0;
	m->n_syncs = 0;
	m->n_prod_writes = 0;
}
