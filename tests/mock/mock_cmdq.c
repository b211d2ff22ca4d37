// SPDX-License-Identifier: BSD-3-Clause
/*
 * Command consumption. On a CMDQ_PROD write (with CMDQEN acknowledged)
 * the mock reads commands from CONS up to PROD, records them, and stops
 * at the first command it rejects, raising GERROR.CMDQ_ERR with the
 * error code in CMDQ_CONS.ERR as the architecture describes. The queue
 * stays halted until software acknowledges through GERRORN. Besides
 * unknown opcodes it rejects what a strict implementation may: SSec on
 * the Non-secure queue, and malformed TLBI range fields.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "mock_internal.h"

static bool mock_op_known(uint32_t op, bool secure)
{
	switch (op) {
	case MA_OP_PREFETCH_CONFIG:
	case MA_OP_PREFETCH_ADDR:
	case MA_OP_CFGI_STE:
	case MA_OP_CFGI_STE_RANGE:
	case MA_OP_CFGI_CD:
	case MA_OP_CFGI_CD_ALL:
	case MA_OP_TLBI_NH_ALL:
	case MA_OP_TLBI_NH_ASID:
	case MA_OP_TLBI_NH_VA:
	case MA_OP_TLBI_NH_VAA:
	case MA_OP_TLBI_EL2_ALL:
	case MA_OP_TLBI_EL2_ASID:
	case MA_OP_TLBI_EL2_VA:
	case MA_OP_TLBI_EL2_VAA:
	case MA_OP_TLBI_S12_VMALL:
	case MA_OP_TLBI_S2_IPA:
	case MA_OP_TLBI_NSNH_ALL:
	case MA_OP_ATC_INV:
	case MA_OP_PRI_RESP:
	case MA_OP_RESUME:
	case MA_OP_STALL_TERM:
	case MA_OP_CMD_SYNC:
		return true;
	case MA_OP_TLBI_EL3_ALL:
	case MA_OP_TLBI_EL3_VA:
	case MA_OP_TLBI_S_EL2_ALL:
	case MA_OP_TLBI_S_EL2_ASID:
	case MA_OP_TLBI_S_EL2_VA:
	case MA_OP_TLBI_S_EL2_VAA:
	case MA_OP_TLBI_S_S12_VMALL:
	case MA_OP_TLBI_S_S2_IPA:
	case MA_OP_TLBI_SNH_ALL:
		return secure;
	default:
		return false;
	}
}

static void mock_record_cmd(struct smmuv3_mock *m, const struct smmuv3_mock_cmd *cmd)
{
	if (m->n_cmds == m->cmds_cap) {
		size_t cap = m->cmds_cap ? m->cmds_cap * 2 : 256;
		struct smmuv3_mock_cmd *n = realloc(m->cmds, cap * sizeof(*n));

		if (!n)
			abort();
		m->cmds = n;
		m->cmds_cap = cap;
	}
	m->cmds[m->n_cmds++] = *cmd;
}

static bool mock_op_has_range(uint32_t op)
{
	switch (op) {
	case MA_OP_TLBI_NH_VA:
	case MA_OP_TLBI_NH_VAA:
	case MA_OP_TLBI_EL2_VA:
	case MA_OP_TLBI_EL2_VAA:
	case MA_OP_TLBI_EL3_VA:
	case MA_OP_TLBI_S2_IPA:
	case MA_OP_TLBI_S_EL2_VA:
	case MA_OP_TLBI_S_EL2_VAA:
	case MA_OP_TLBI_S_S2_IPA:
		return true;
	default:
		return false;
	}
}

/*
 * Range and level-hint fields of an address-based TLBI, checked as an
 * implementation is allowed to (IHI 0070 4.1.5, 4.4.1.1): RES0 when TG
 * is 0 or without IDR3.RIL, and NUM = SCALE = TTL = 0 is Reserved. No
 * profile sets IDR5.DS, so a 16K TTL of 1 counts as 0.
 */
static uint32_t mock_check_range(const struct smmuv3_mock *m, const struct smmuv3_mock_cmd *cmd)
{
	uint64_t num = MA_FGET(MA_CMD_TLBI_NUM, cmd->dw[0]);
	uint64_t scale = MA_FGET(MA_CMD_TLBI_SCALE, cmd->dw[0]);
	uint64_t tg = MA_FGET(MA_CMD_TLBI_TG, cmd->dw[1]);
	uint64_t ttl = MA_FGET(MA_CMD_TLBI_TTL, cmd->dw[1]);

	if (!tg)
		return num | scale | ttl ? MA_CERROR_ILL : MA_CERROR_NONE;
	if (!(m->profile.idr[3] & MA_MASK(MA_IDR3_RIL)))
		return MA_CERROR_ILL;
	if (tg == 2 && ttl == 1)
		ttl = 0;
	return num | scale | ttl ? MA_CERROR_NONE : MA_CERROR_ILL;
}

static uint32_t mock_check_cmd(struct smmuv3_mock *m, int bank, const struct smmuv3_mock_cmd *cmd)
{
	uint32_t op = MA_FGET(MA_CMD_OPCODE, cmd->dw[0]);

	if (m->cerror_at && m->cerror_at == m->n_consumed)
		return m->cerror_code ? m->cerror_code : MA_CERROR_ILL;
	if (!mock_op_known(op, bank))
		return MA_CERROR_ILL;
	/* A Non-secure queue cannot name Secure state. */
	if (!bank && (cmd->dw[0] & MA_MASK(MA_CMD_SSEC)))
		return MA_CERROR_ILL;
	if (mock_op_has_range(op) && mock_check_range(m, cmd))
		return MA_CERROR_ILL;
	if (mock_stall_cmd_illegal(m, bank, cmd))
		return MA_CERROR_ILL;
	if (m->on_cmd)
		return m->on_cmd(m->on_cmd_arg, (unsigned int)bank, cmd);
	return MA_CERROR_NONE;
}

static void mock_cmdq_halt(struct smmuv3_mock *m, int bank, uint32_t cons, uint32_t err)
{
	uint32_t b = bank ? MA_S_BANK : 0;

	m->regs[(MA_CMDQ_CONS + b) / 4] =
		cons | (uint32_t)MA_FPREP(MA_CMDQ_CONS_ERR, err);
	smmuv3_mock_raise_gerror(m, bank, (uint32_t)MA_MASK(MA_GERROR_CMDQ_ERR));
}

static bool mock_cmdq_halted(const struct smmuv3_mock *m, int bank)
{
	uint32_t b = bank ? MA_S_BANK : 0;

	return (m->regs[(MA_GERROR + b) / 4] ^ m->regs[(MA_GERRORN + b) / 4]) &
	       MA_MASK(MA_GERROR_CMDQ_ERR);
}

/*
 * Completion side effects of a CMD_SYNC: SIG_SEV is counted (the test
 * port's WFE returns anyway), SIG_IRQ with an MSI address writes MSIData
 * there, or raises GERROR.MSI_CMDQ_ABT_ERR when the write cannot be made.
 */
static void mock_sync_complete(struct smmuv3_mock *m, int bank, const struct smmuv3_mock_cmd *cmd)
{
	uint32_t cs = (uint32_t)MA_FGET(MA_CMD_SYNC_CS, cmd->dw[0]);
	uint64_t addr = cmd->dw[1] & MA_MASK(MA_CMD_SYNC_MSIADDR);
	uint32_t data = (uint32_t)MA_FGET(MA_CMD_SYNC_MSIDATA, cmd->dw[0]);
	void *p;

	m->n_syncs++;
	if (cs == MA_CMD_SYNC_CS_SEV) {
		m->n_sev++;
		return;
	}
	if (cs != MA_CMD_SYNC_CS_IRQ || !addr)
		return;
	p = m->msi_abort ? NULL : m->mem(m->mem_arg, addr, 4);
	if (!p) {
		smmuv3_mock_raise_gerror(m, bank, (uint32_t)MA_MASK(MA_GERROR_MSI_CMDQ_ABT_ERR));
		return;
	}
	/* One 32-bit single-copy-atomic write, as the architecture makes
	 * MSI writes (waiters on other threads read the word). */
	__atomic_store_n((uint32_t *)p, data, __ATOMIC_RELEASE);
	m->n_msi++;
}

void smmuv3_mock_cmdq_process(struct smmuv3_mock *m, bool secure)
{
	int bank = secure ? 1 : 0;
	uint32_t b = bank ? MA_S_BANK : 0;
	uint64_t base = mock_reg64(m, MA_CMDQ_BASE + b);
	uint32_t log2 = MA_FGET(MA_Q_BASE_LOG2SIZE, base);
	uint64_t pa = base & MA_MASK(MA_Q_BASE_ADDR);
	unsigned int budget = m->cmdq_consume_max;
	uint32_t mask, prod, cons;

	if (!(m->regs[(MA_CR0ACK + b) / 4] & MA_MASK(MA_CR0_CMDQEN)) || m->cmdq_stopped ||
	    mock_cmdq_halted(m, bank) || !m->mem)
		return;
	/* LOG2SIZE above IDR1.CMDQS is capped, as the architecture says. */
	if (log2 > MA_FGET(MA_IDR1_CMDQS, m->profile.idr[1]))
		log2 = MA_FGET(MA_IDR1_CMDQS, m->profile.idr[1]);
	mask = (UINT32_C(2) << log2) - 1;
	prod = m->regs[(MA_CMDQ_PROD + b) / 4] & mask;
	cons = m->regs[(MA_CMDQ_CONS + b) / 4] & mask;
	while (cons != prod) {
		uint32_t idx = cons & ((UINT32_C(1) << log2) - 1);
		const void *slot = m->mem(m->mem_arg, pa + (uint64_t)idx * 16, 16);
		struct smmuv3_mock_cmd cmd;
		uint32_t err;

		if (m->cmdq_consume_max && !budget)
			break;
		budget--;
		if (!slot) {
			mock_cmdq_halt(m, bank, cons, MA_CERROR_ABT);
			return;
		}
		memcpy(&cmd, slot, sizeof(cmd));
		m->n_consumed++;
		err = mock_check_cmd(m, bank, &cmd);
		if (err) {
			mock_cmdq_halt(m, bank, cons, err);
			return;
		}
		mock_record_cmd(m, &cmd);
		mock_tlb_on_cmd(m, bank, cmd.dw);
		mock_stall_on_cmd(m, &cmd);
		if (MA_FGET(MA_CMD_OPCODE, cmd.dw[0]) == MA_OP_CMD_SYNC)
			mock_sync_complete(m, bank, &cmd);
		cons = (cons + 1) & mask;
	}
	/* CONS.ERR keeps the last error code (as on QEMU): only RD moves. */
	m->regs[(MA_CMDQ_CONS + b) / 4] =
		(m->regs[(MA_CMDQ_CONS + b) / 4] & (uint32_t)MA_MASK(MA_CMDQ_CONS_ERR)) | cons;
}

static uint64_t mock_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* cmdq_latency_ns: consume only once the batch in progress is old
 * enough; true when the caller may process the queue now. */
static bool mock_cmdq_latency_over(struct smmuv3_mock *m)
{
	uint64_t now;

	if (!m->cmdq_latency_ns)
		return true;
	now = mock_now_ns();
	if (!m->cmdq_busy_since_ns) {
		m->cmdq_busy_since_ns = now;
		return false;
	}
	if (now - m->cmdq_busy_since_ns < m->cmdq_latency_ns)
		return false;
	m->cmdq_busy_since_ns = 0;
	return true;
}

void mock_after_write(struct smmuv3_mock *m, uint32_t off, int bank)
{
	switch (off) {
	case MA_CMDQ_PROD:
		m->n_prod_writes++;
		m->n_prod_writes_busy += m->cmdq_busy_since_ns != 0;
		if (mock_cmdq_latency_over(m))
			smmuv3_mock_cmdq_process(m, bank);
		break;
	case MA_GERRORN:
		/* Acknowledging CMDQ_ERR lets the queue run again. */
		smmuv3_mock_cmdq_process(m, bank);
		break;
	default:
		break;
	}
}

void mock_before_read(struct smmuv3_mock *m, uint32_t ns_off, int bank)
{
	if (ns_off == MA_GERROR && m->cmdq_consume_on_gerror_read) {
		unsigned int max = m->cmdq_consume_max;

		m->cmdq_consume_max = m->cmdq_consume_on_gerror_read;
		smmuv3_mock_cmdq_process(m, bank);
		m->cmdq_consume_max = max;
		return;
	}
	if (ns_off != MA_CMDQ_CONS)
		return;
	m->n_cons_reads++;
	if (m->cmdq_latency_ns) {
		if (m->cmdq_busy_since_ns && mock_cmdq_latency_over(m))
			smmuv3_mock_cmdq_process(m, bank);
		return;
	}
	if (!m->cmdq_consume_on_read)
		return;
	if (m->cmdq_read_delay) {
		m->cmdq_read_delay--;
		return;
	}
	smmuv3_mock_cmdq_process(m, bank);
}

size_t smmuv3_mock_count_cmds(const struct smmuv3_mock *m, uint32_t op)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n_cmds; i++)
		n += MA_FGET(MA_CMD_OPCODE, m->cmds[i].dw[0]) == op;
	return n;
}
