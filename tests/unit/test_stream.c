// SPDX-License-Identifier: BSD-3-Clause
/*
 * Streams on an enabled SMMU, as the mock sees them: ownership, level-2
 * table life cycle and memory, allocation failures, CD tables (library-
 * managed and caller-supplied), ASID/VMID allocators, and the dump.
 */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "core/objects.h"

#define OWNER_A 0x8001u
#define OWNER_B 0x8002u
#define TTB 0x80200000ull

static struct fixture *enabled(const struct smmuv3_mock_profile *p)
{
	struct fixture *f = fixture_new(p);

	fixture_enable(f);
	return f;
}

static int mock_ste(struct fixture *f, uint32_t sid, struct smmuv3_mock_ste_info *o)
{
	const char *why = NULL;

	return smmuv3_mock_decode_ste(f->mock, f->cfg.secure, sid, o, &why);
}

static size_t count_op(struct fixture *f, uint32_t op, size_t from)
{
	size_t n = 0;

	for (size_t i = from; i < f->mock->n_cmds; i++)
		n += SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[i].dw[0]) == op;
	return n;
}

static void s2_cfg(struct fixture *f, struct smmuv3_stream_cfg *c, uint16_t vmid)
{
	smmuv3_stream_cfg_init(&f->smmu, c, SMMUV3_STREAM_S2);
	c->s2.ttb = TTB;
	c->s2.vmid = vmid;
}

static void claim_conflict_and_release(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_qemu);
	struct smmuv3_mock_ste_info before, after;
	struct smmuv3_stream_cfg c;
	struct smmuv3_ste ste_before, ste_after;
	uint32_t owner;
	size_t n;

	(void)state;
	assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x10, &owner), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x10, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x10, OWNER_A), 0); /* idempotent */
	assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x10, &owner), 0);
	assert_int_equal(owner, OWNER_A);
	/* Claimed but unconfigured: still aborts. */
	assert_int_equal(mock_ste(f, 0x10, &before), SMMUV3_MOCK_ABORT);
	s2_cfg(f, &c, 5);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x10, OWNER_A, &c), 0);
	assert_int_equal(mock_ste(f, 0x10, &before), 0);
	assert_int_equal(before.vmid, 5);
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, 0x10, &ste_before), 0);

	/* Another partition: refused with a distinct error, nothing changes. */
	n = f->mock->n_cmds;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x10, OWNER_B), SMMUV3_ERR_OWNED);
	s2_cfg(f, &c, 6);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x10, OWNER_B, &c), SMMUV3_ERR_OWNED);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x10, OWNER_B), SMMUV3_ERR_OWNED);
	assert_int_equal(f->mock->n_cmds, n);
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, 0x10, &ste_after), 0);
	assert_memory_equal(&ste_before, &ste_after, sizeof(ste_after));
	assert_int_equal(mock_ste(f, 0x10, &after), 0);
	assert_memory_equal(&before, &after, sizeof(after));
	assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x10, &owner), 0);
	assert_int_equal(owner, OWNER_A);

	/* Release: back to abort, unowned, then B may claim it. */
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x10, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x10, &owner), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x10, OWNER_A), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x10, OWNER_A, &c), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x10, OWNER_B), 0);
	assert_int_equal(mock_ste(f, 0x10, &after), SMMUV3_MOCK_ABORT);
	fixture_free(f);
}

static void sid_and_ssid_out_of_range(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_qemu);
	struct smmuv3_stream_cfg c;
	struct smmuv3_cd_cfg cd;
	uint32_t owner;

	(void)state;
	/* QEMU: 16-bit StreamIDs. */
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x10000, OWNER_A), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x10000, &owner), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0xffffffff, OWNER_A), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0xffff, OWNER_A), 0);
	/* No substreams on QEMU: only SSID 0 exists. */
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0xffff, OWNER_A, &c), 0);
	smmuv3_cd_cfg_init(&f->smmu, &cd);
	cd.ttb0 = TTB;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0xffff, OWNER_A, 1, &cd), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0xffff, OWNER_A, 0, &cd), 0);
	/* And the mock agrees: a SubstreamID is refused. */
	{
		struct smmuv3_mock_ste_info s;
		struct smmuv3_mock_cd_info o;
		const char *why;

		assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0xffff, 1, true, &s, &o, &why),
				 SMMUV3_MOCK_C_BAD_SUBSTREAMID);
		assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0xffff, 0, false, &s, &o, &why), 0);
		assert_int_equal(o.ttb0, TTB);
	}
	assert_int_equal(smmuv3_stream_claim(NULL, 0, 0), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stream_owner(&f->smmu, 0, NULL), SMMUV3_ERR_INVAL);
	fixture_free(f);
}

static void not_enabled(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_qemu);
	uint32_t owner;
	uint16_t id;

	(void)state;
	fixture_probe(f);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 1, OWNER_A), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_stream_owner(&f->smmu, 1, &owner), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_asid_alloc(&f->smmu, &id), SMMUV3_ERR_STATE);
	fixture_free(f);
}

static void level2_tables_come_and_go(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_qemu);
	struct smmuv3_mock_ste_info o;
	struct smmuv3_stream_cfg c;
	size_t base_mem = smmuv3_memory_used(&f->smmu), n;
	const struct smmuv3_mock_cmd *cmd;

	(void)state;
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.fmt, SMMUV3_STRTAB_BASE_CFG_FMT_2LVL);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.split, 8);
	/* Nothing claimed: no level-2 table, every StreamID is invalid. */
	assert_int_equal(mock_ste(f, 0x1234, &o), SMMUV3_MOCK_C_BAD_STREAMID);
	n = f->mock->n_cmds;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x1234, OWNER_A), 0);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.live_l2, 1);
	/* Hooking the table: one non-leaf CFGI_STE and a sync. */
	assert_int_equal(f->mock->n_cmds - n, 2);
	cmd = &f->mock->cmds[n];
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, cmd->dw[0]), SMMUV3_OP_CFGI_STE);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_SID, cmd->dw[0]), 0x1234);
	assert_int_equal(cmd->dw[1] & SMMUV3_CMD_LEAF, 0);
	/* 16 KiB of STEs plus bookkeeping. */
	assert_true(smmuv3_memory_used(&f->smmu) - base_mem >= 16384);
	assert_true(smmuv3_memory_used(&f->smmu) - base_mem <= 16384 + 8192);
	/* Its neighbours in the span abort; the next span does not exist. */
	assert_int_equal(mock_ste(f, 0x12ff, &o), SMMUV3_MOCK_ABORT);
	assert_int_equal(mock_ste(f, 0x1300, &o), SMMUV3_MOCK_C_BAD_STREAMID);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x1200, OWNER_B), 0);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.live_l2, 1);
	s2_cfg(f, &c, 9);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x1234, OWNER_A, &c), 0);
	assert_int_equal(mock_ste(f, 0x1234, &o), 0);

	/* First release keeps the span (B still has a stream in it). */
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x1234, OWNER_A), 0);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.live_l2, 1);
	assert_int_equal(mock_ste(f, 0x1234, &o), SMMUV3_MOCK_ABORT);
	n = f->mock->n_cmds;
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x1200, OWNER_B), 0);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.live_l2, 0);
	assert_int_equal(smmuv3_memory_used(&f->smmu), base_mem);
	/* Freed only after CFGI_STE_RANGE over the span and a sync. */
	assert_int_equal(count_op(f, SMMUV3_OP_CFGI_STE_RANGE, n), 1);
	for (size_t i = n; i < f->mock->n_cmds; i++) {
		if (SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[i].dw[0]) !=
		    SMMUV3_OP_CFGI_STE_RANGE)
			continue;
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_SID, f->mock->cmds[i].dw[0]) >> 8, 0x12);
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_CFGI_RANGE, f->mock->cmds[i].dw[1]), 7);
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[i + 1].dw[0]),
				 SMMUV3_OP_CMD_SYNC);
	}
	assert_int_equal(mock_ste(f, 0x1234, &o), SMMUV3_MOCK_C_BAD_STREAMID);
	/* And reallocated on the next claim. */
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x1234, OWNER_B), 0);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.live_l2, 1);
	assert_int_equal(mock_ste(f, 0x1234, &o), SMMUV3_MOCK_ABORT);
	fixture_free(f);
}

static void sid32_costs_kilobytes(void **state)
{
	struct smmuv3_mock_profile p = fixture_profile_sidsize(32);
	struct fixture *f = fixture_new(&p);
	static const uint32_t sids[] = { 0x0010, 0x0018, 0x0100, 0x8000, 0xfff0 };
	struct smmuv3_mock_ste_info o;
	struct smmuv3_stream_cfg c;
	size_t idle, used;

	(void)state;
	fixture_enable(f);
	idle = smmuv3_memory_used(&f->smmu);
	/* By default the table covers 16 StreamID bits (warned about). */
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.log2size, 16);
	assert_int_equal(smmuv3_mock_peek32(f->mock, SMMUV3_STRTAB_BASE_CFG) & 0x3f, 16);
	for (unsigned int i = 0; i < 5; i++) {
		assert_int_equal(smmuv3_stream_claim(&f->smmu, sids[i], OWNER_A + i), 0);
		s2_cfg(f, &c, (uint16_t)(i + 1));
		assert_int_equal(smmuv3_stream_configure(&f->smmu, sids[i], OWNER_A + i, &c), 0);
		assert_int_equal(mock_ste(f, sids[i], &o), 0);
	}
	used = smmuv3_memory_used(&f->smmu);
	print_message("32-bit SIDSIZE, 16 bits covered: idle %zu bytes (incl. queues), "
		      "5 streams in 4 spans %zu bytes, stream table part %zu bytes\n",
		      idle, used, used - idle + smmuv3_inst_of(&f->smmu)->strtab.bytes);
	/* Four level-2 tables of 16 KiB + bookkeeping: under 100 KiB. */
	assert_true(used - idle < 100 * 1024);
	/* Level-1 table only: no pointer array beside it. */
	assert_true(smmuv3_inst_of(&f->smmu)->strtab.bytes <= 2048);
	/* A StreamID beyond the covered bits is C_BAD_STREAMID, not silence. */
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x10000, OWNER_A), SMMUV3_ERR_RANGE);
	assert_int_equal(mock_ste(f, 0x10000, &o), SMMUV3_MOCK_C_BAD_STREAMID);
	fixture_free(f);

	/* An integrator covering 24 bits pays for the level-1 table only. */
	f = fixture_new(&p);
	f->cfg.sid_bits = 24;
	fixture_enable(f);
	print_message("24 StreamID bits: stream table %zu bytes\n", smmuv3_inst_of(&f->smmu)->strtab.bytes);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.bytes, 8u << 16);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0xabcdef, OWNER_A), 0);
	assert_int_equal(mock_ste(f, 0xabcdef, &o), SMMUV3_MOCK_ABORT);
	fixture_free(f);
}

static void allocation_failure_keeps_old_ste(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_mmu600);
	struct smmuv3_mock_ste_info before, after;
	struct smmuv3_stream_cfg c;
	size_t mem;
	uint32_t owner;
	int rc;

	(void)state;
	/* Claim fails when the level-2 table cannot be had: nothing changes. */
	mem = smmuv3_memory_used(&f->smmu);
	for (long k = 0;; k++) {
		f->tp.fail_in = k;
		rc = smmuv3_stream_claim(&f->smmu, 0x4321, OWNER_A);
		f->tp.fail_in = -1;
		if (!rc)
			break;
		assert_int_equal(rc, SMMUV3_ERR_NOMEM);
		assert_int_equal(smmuv3_memory_used(&f->smmu), mem);
		assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x4321, &owner), SMMUV3_ERR_NOENT);
		assert_int_equal(mock_ste(f, 0x4321, &before), SMMUV3_MOCK_C_BAD_STREAMID);
	}
	s2_cfg(f, &c, 3);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x4321, OWNER_A, &c), 0);
	assert_int_equal(mock_ste(f, 0x4321, &before), 0);
	/* Switching to stage 1 with 2^10 substreams needs a CD table: fail
	 * each of its allocations in turn. */
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	c.s1.ssid_bits = 10;
	mem = smmuv3_memory_used(&f->smmu);
	for (long k = 0;; k++) {
		size_t n = f->mock->n_cmds;

		f->tp.fail_in = k;
		rc = smmuv3_stream_configure(&f->smmu, 0x4321, OWNER_A, &c);
		f->tp.fail_in = -1;
		if (!rc)
			break;
		assert_int_equal(rc, SMMUV3_ERR_NOMEM);
		assert_int_equal(smmuv3_memory_used(&f->smmu), mem);
		assert_int_equal(f->mock->n_cmds, n); /* the SMMU was not even told */
		assert_int_equal(mock_ste(f, 0x4321, &after), 0);
		assert_memory_equal(&before, &after, sizeof(after));
	}
	assert_int_equal(mock_ste(f, 0x4321, &after), 0);
	assert_int_equal(after.config, 5);
	fixture_free(f);
}

static void library_cd_tables(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_mmu600);
	struct smmuv3_mock_ste_info s, s2;
	struct smmuv3_mock_cd_info o;
	struct smmuv3_stream_cfg c;
	struct smmuv3_cd_cfg cd;
	const char *why;
	size_t n, mem;

	(void)state;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x20, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x21, OWNER_B), 0);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	c.s1.ssid_bits = 10;
	c.s1.s1dss = SMMUV3_STE_S1DSS_SSID0;
	/* No stage 1 yet: there is no CD to set. */
	smmuv3_cd_cfg_init(&f->smmu, &cd);
	cd.ttb0 = TTB;
	cd.asid = 77;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x20, OWNER_A, 700, &cd), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x20, OWNER_A, &c), 0);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x21, OWNER_B, &c), 0);
	assert_int_equal(smmuv3_mock_decode_ste(f->mock, false, 0x20, &s, &why), 0);
	assert_int_equal(smmuv3_mock_decode_ste(f->mock, false, 0x21, &s2, &why), 0);
	/* One table per stream, two-level with 4K leaves (MMU-600 has CD2L). */
	assert_true(s.s1_ctx != s2.s1_ctx);
	assert_int_equal(s.s1fmt, 1);
	assert_int_equal(s.s1cdmax, 10);
	/* SSID 700 lives in a leaf that does not exist yet. */
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0x20, 700, true, &s, &o, &why),
			 SMMUV3_MOCK_C_BAD_SUBSTREAMID);
	mem = smmuv3_memory_used(&f->smmu);
	n = f->mock->n_cmds;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x20, OWNER_A, 700, &cd), 0);
	assert_int_equal(smmuv3_memory_used(&f->smmu) - mem, 4096);
	/* New leaf: the CD was complete before the L1CD pointed at it. */
	assert_int_equal(f->mock->n_cmds - n, 2);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[n].dw[0]),
			 SMMUV3_OP_CFGI_CD);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_SSID, f->mock->cmds[n].dw[0]), 700);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0x20, 700, true, &s, &o, &why), 0);
	assert_int_equal(o.ttb0, TTB);
	assert_int_equal(o.asid, 77);
	/* Its neighbour is an invalid CD; the other stream is untouched. */
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0x20, 701, true, &s, &o, &why),
			 SMMUV3_MOCK_C_BAD_CD);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0x21, 700, true, &s, &o, &why),
			 SMMUV3_MOCK_C_BAD_SUBSTREAMID);
	/* SSID 0 serves traffic without a PASID (S1DSS = SSID0). */
	cd.asid = 78;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x20, OWNER_A, 0, &cd), 0);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0x20, 0, false, &s, &o, &why), 0);
	assert_int_equal(o.asid, 78);
	/* Change the ASID only: one word, hitless, one CFGI_CD + sync. */
	n = f->mock->n_cmds;
	cd.asid = 79;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x20, OWNER_A, 700, &cd), 0);
	assert_int_equal(f->mock->n_cmds - n, 2);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0x20, 700, true, &s, &o, &why), 0);
	assert_int_equal(o.asid, 79);
	/* Out of range, wrong owner, clear. */
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x20, OWNER_A, 1024, &cd), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x20, OWNER_B, 1, &cd), SMMUV3_ERR_OWNED);
	assert_int_equal(smmuv3_stream_clear_cd(&f->smmu, 0x20, OWNER_A, 700), 0);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0x20, 700, true, &s, &o, &why),
			 SMMUV3_MOCK_C_BAD_CD);
	/* Releasing frees the table and its leaves. */
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x20, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x21, OWNER_B), 0);
	fixture_free(f);
}

/*
 * Issue 14 item 4: 4 bytes of bookkeeping per stream. Owners are kept in
 * 16 bits (larger ones refused, nothing claimed); the CD table pointers
 * of a span live in an array that exists only while one of its streams
 * has a library CD table, and the memory report counts it.
 */
static void cd_table_array_only_while_used(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_mmu600);
	struct smmuv3_strtab_mem m0, m1;
	struct smmuv3_stream_cfg c;
	size_t base;
	uint32_t owner;

	(void)state;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x30, SMMUV3_STREAM_OWNER_MAX + 1),
			 SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x30, &owner), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x30, SMMUV3_STREAM_OWNER_MAX), 0);
	assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x30, &owner), 0);
	assert_int_equal(owner, SMMUV3_STREAM_OWNER_MAX);
	/* Owner 0 is an owner like any other (kept as owner + 1). */
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x32, 0), 0);
	assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x32, &owner), 0);
	assert_int_equal(owner, 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x32, 1), SMMUV3_ERR_OWNED);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x32, 0), 0);
	assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x32, &owner), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x31, OWNER_A), 0);
	assert_int_equal(smmuv3_strtab_memory(&f->smmu, &m0), 0);
	base = smmuv3_memory_used(&f->smmu);
	/* Two stage-1 streams of one span share one array. */
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	c.s1.ssid_bits = 2;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x30, SMMUV3_STREAM_OWNER_MAX, &c), 0);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x31, OWNER_A, &c), 0);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.cdtab_arrays, 1);
	assert_int_equal(smmuv3_strtab_memory(&f->smmu, &m1), 0);
	assert_int_equal(m1.bookkeeping_bytes - m0.bookkeeping_bytes,
			 sizeof(void *) << smmuv3_inst_of(&f->smmu)->strtab.split);
	/* The array goes with the last library CD table of the span. */
	s2_cfg(f, &c, 5);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x30, SMMUV3_STREAM_OWNER_MAX, &c), 0);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.cdtab_arrays, 1);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x31, OWNER_A), 0);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.cdtab_arrays, 0);
	assert_int_equal(smmuv3_strtab_memory(&f->smmu, &m1), 0);
	assert_int_equal(m1.bookkeeping_bytes, m0.bookkeeping_bytes);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x30, SMMUV3_STREAM_OWNER_MAX), 0);
	assert_true(smmuv3_memory_used(&f->smmu) <= base);
	fixture_free(f);
}

static void caller_cd_table(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_mmu600);
	struct smmuv3_mock_ste_info s;
	struct smmuv3_stream_cfg c;
	struct smmuv3_cd_cfg cd;
	const char *why;
	size_t n;

	(void)state;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x30, OWNER_A), 0);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	c.s1.ssid_bits = 4;
	c.s1.cdtab_pa = 0x90000400ull;
	c.s1.cdtab_bytes = 1024;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x30, OWNER_A, &c), 0);
	assert_int_equal(smmuv3_mock_decode_ste(f->mock, false, 0x30, &s, &why), 0);
	assert_int_equal(s.s1_ctx, 0x90000400ull);
	assert_int_equal(s.s1cdmax, 4);
	/* Validated against S1CDMax: too small, misaligned, too many SSIDs. */
	c.s1.cdtab_bytes = 512;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x30, OWNER_A, &c), SMMUV3_ERR_BADTABLE);
	c.s1.cdtab_bytes = 1024;
	c.s1.cdtab_pa = 0x90000200ull;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x30, OWNER_A, &c), SMMUV3_ERR_BADTABLE);
	c.s1.ssid_bits = 21;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x30, OWNER_A, &c), SMMUV3_ERR_RANGE);
	/* Two-level caller table: 2^16 SSIDs with 64K leaves = 64 L1CDs. */
	c.s1.ssid_bits = 16;
	c.s1.cdtab_fmt = SMMUV3_STE_S1FMT_64_64K;
	c.s1.cdtab_pa = 0x90000200ull;
	c.s1.cdtab_bytes = 512;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x30, OWNER_A, &c), 0);
	assert_int_equal(smmuv3_mock_decode_ste(f->mock, false, 0x30, &s, &why), 0);
	assert_int_equal(s.s1fmt, 2);
	assert_int_equal(s.s1_ctx, 0x90000200ull);
	/* The library does not write the caller's CDs, but tells the SMMU. */
	smmuv3_cd_cfg_init(&f->smmu, &cd);
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x30, OWNER_A, 1, &cd), SMMUV3_ERR_STATE);
	n = f->mock->n_cmds;
	assert_int_equal(smmuv3_stream_sync_cd(&f->smmu, 0x30, OWNER_A, 0, true), 0);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[n].dw[0]),
			 SMMUV3_OP_CFGI_CD_ALL);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_SID, f->mock->cmds[n].dw[0]), 0x30);
	assert_int_equal(smmuv3_stream_sync_cd(&f->smmu, 0x30, OWNER_A, 0x12345, false),
			 SMMUV3_ERR_RANGE);
	fixture_free(f);
}

static void id_allocators(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_minimal);
	uint16_t id, first = 0;

	(void)state;
	/* 8-bit VMIDs: 255 usable (0 is reserved), then exhaustion. */
	for (unsigned int i = 0; i < 255; i++) {
		assert_int_equal(smmuv3_vmid_alloc(&f->smmu, &id), 0);
		assert_true(id >= 1 && id <= 255);
		if (!i)
			first = id;
	}
	assert_int_equal(smmuv3_vmid_alloc(&f->smmu, &id), SMMUV3_ERR_NOSPC);
	assert_int_equal(smmuv3_vmid_free(&f->smmu, first), 0);
	assert_int_equal(smmuv3_vmid_free(&f->smmu, first), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_vmid_free(&f->smmu, 0), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_vmid_alloc(&f->smmu, &id), 0);
	assert_int_equal(id, first);
	assert_int_equal(smmuv3_vmid_alloc(NULL, &id), SMMUV3_ERR_INVAL);
	fixture_free(f);

	/* 16-bit ASIDs: distinct values. */
	f = enabled(&smmuv3_mock_profile_qemu);
	{
		uint16_t a, b;

		assert_int_equal(smmuv3_asid_alloc(&f->smmu, &a), 0);
		assert_int_equal(smmuv3_asid_alloc(&f->smmu, &b), 0);
		assert_true(a && b && a != b);
		assert_int_equal(smmuv3_asid_free(&f->smmu, a), 0);
	}
	fixture_free(f);
}

static void bypass_by_default(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_qemu);
	struct smmuv3_mock_ste_info o;
	struct smmuv3_stream_cfg c;

	(void)state;
	f->cfg.bypass_unconfigured = true;
	fixture_enable(f);
	print_message("bypass default, 16 SID bits, two-level: %zu bytes\n",
		      smmuv3_memory_used(&f->smmu));
	/* Every level-2 table exists, so every StreamID reaches a bypass STE. */
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.live_l2, 256);
	assert_int_equal(mock_ste(f, 0, &o), 0);
	assert_int_equal(o.config, 4);
	assert_int_equal(mock_ste(f, 0xffff, &o), 0);
	assert_int_equal(o.config, 4);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x77, OWNER_A), 0);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_ABORT);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x77, OWNER_A, &c), 0);
	assert_int_equal(mock_ste(f, 0x77, &o), SMMUV3_MOCK_ABORT);
	/* Release returns it to the default, and the table stays. */
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x77, OWNER_A), 0);
	assert_int_equal(mock_ste(f, 0x77, &o), 0);
	assert_int_equal(o.config, 4);
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.live_l2, 256);
	fixture_free(f);
}

static void secure_instance(void **state)
{
	struct fixture *f = fixture_new_sel2(true);
	struct smmuv3_mock_ste_info o;
	struct smmuv3_stream_cfg c;
	const char *why;
	size_t n;

	(void)state;
	fixture_enable(f);
	n = f->mock->n_cmds;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x40, OWNER_A), 0);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S2);
	c.s2.ttb = TTB;
	c.s2.s_ttb = TTB + 0x2000;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x40, OWNER_A, &c), 0);
	/* The Secure stream table holds it, and every CFGI named Secure state. */
	assert_int_equal(smmuv3_mock_decode_ste(f->mock, true, 0x40, &o, &why), 0);
	assert_int_equal(o.s_s2ttb, TTB + 0x2000);
	assert_true(f->mock->n_cmds > n);
	for (size_t i = n; i < f->mock->n_cmds; i++) {
		uint64_t op = SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[i].dw[0]);

		if (op != SMMUV3_OP_CMD_SYNC)
			assert_true(f->mock->cmds[i].dw[0] & SMMUV3_CMD_SSEC);
	}
	fixture_free(f);
}

static void print_line(void *arg, const char *line)
{
	size_t *lines = arg;

	(*lines)++;
	print_message("  %s\n", line);
}

static void dump_renders_a_stream(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_mmu600);
	struct smmuv3_stream_cfg c;
	struct smmuv3_cd_cfg cd;
	size_t lines = 0;

	(void)state;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x50, OWNER_A), 0);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_NESTED);
	c.s2.ttb = TTB;
	c.s2.vmid = 3;
	c.s1.ssid_bits = 2;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x50, OWNER_A, &c), 0);
	smmuv3_cd_cfg_init(&f->smmu, &cd);
	cd.ttb0 = 0x40000000;
	cd.asid = 9;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x50, OWNER_A, 1, &cd), 0);
	assert_int_equal(smmuv3_stream_dump(&f->smmu, 0x50, print_line, &lines), 0);
	assert_true(lines >= 4);
	assert_int_equal(smmuv3_stream_dump(&f->smmu, 0x10000, print_line, &lines),
			 SMMUV3_ERR_RANGE);
	fixture_free(f);
}

struct collect {
	char text[4096];
};

static void collect_line(void *arg, const char *line)
{
	struct collect *c = arg;

	print_message("  %s\n", line);
	strncat(c->text, line, sizeof(c->text) - strlen(c->text) - 2);
	strcat(c->text, "\n");
}

static void pgtable(struct fixture *f, struct smmuv3_pgtable *pt, enum smmuv3_pgtable_stage st,
		    unsigned int ias)
{
	struct smmuv3_pgtable_cfg pc = { .port = &f->tp, .stage = st, .granule_log2 = 12,
					 .ias_bits = ias, .oas_bits = 44, .coherent = true };

	assert_int_equal(smmuv3_pgtable_init(pt, &pc), 0);
	assert_int_equal(smmuv3_pgtable_map(pt, 0x100000, 0x40000000, 0x3000,
					    SMMUV3_PROT_READ | SMMUV3_PROT_WRITE), 0);
	assert_int_equal(smmuv3_pgtable_map(pt, 0x200000, 0x50000000, 0x200000,
					    SMMUV3_PROT_READ), 0);
}

/* The mock's dump: what the SMMU would use, with what is mapped. */
static void mock_dump_summarises_mappings(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_qemu);
	struct smmuv3_pgtable s1, s2;
	struct smmuv3_pgtable_info info;
	struct smmuv3_stream_cfg c;
	struct smmuv3_cd_cfg cd;
	struct collect out;

	(void)state;
	pgtable(f, &s2, SMMUV3_PGTABLE_STAGE2, 40);
	pgtable(f, &s1, SMMUV3_PGTABLE_STAGE1, 48);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x10, OWNER_A), 0);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S2);
	assert_int_equal(smmuv3_pgtable_get_info(&s2, &info), 0);
	c.s2.ttb = info.root_pa;
	c.s2.t0sz = (uint8_t)info.tsz;
	c.s2.sl0 = (uint8_t)info.sl0;
	c.s2.vmid = 4;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x10, OWNER_A, &c), 0);
	memset(&out, 0, sizeof(out));
	smmuv3_mock_dump_stream(f->mock, false, 0x10, collect_line, &out);
	/* 12 KiB of pages and a 2 MiB block: two ranges. */
	assert_non_null(strstr(out.text, "S2: 2109440 bytes mapped in 2 ranges"));
	assert_non_null(strstr(out.text, "S2 0x100000-0x102fff -> 0x40000000"));

	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x18, OWNER_A), 0);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x18, OWNER_A, &c), 0);
	assert_int_equal(smmuv3_pgtable_get_info(&s1, &info), 0);
	smmuv3_cd_cfg_init(&f->smmu, &cd);
	cd.ttb0 = info.root_pa;
	cd.t0sz = (uint8_t)info.tsz;
	cd.asid = 12;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x18, OWNER_A, 0, &cd), 0);
	memset(&out, 0, sizeof(out));
	smmuv3_mock_dump_stream(f->mock, false, 0x18, collect_line, &out);
	assert_non_null(strstr(out.text, "asid=12"));
	assert_non_null(strstr(out.text, "S1: 2109440 bytes mapped in 2 ranges"));
	/* An unconfigured StreamID: the verdict. */
	memset(&out, 0, sizeof(out));
	smmuv3_mock_dump_stream(f->mock, false, 0x4000, collect_line, &out);
	assert_non_null(strstr(out.text, "verdict 0x2"));
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x10, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x18, OWNER_A), 0);
	assert_int_equal(smmuv3_pgtable_destroy(&s1), 0);
	assert_int_equal(smmuv3_pgtable_destroy(&s2), 0);
	fixture_free(f);
}

static void linear_table_noncoherent(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_minimal);
	struct smmuv3_mock_ste_info o;
	struct smmuv3_stream_cfg c;
	size_t mem = smmuv3_memory_used(&f->smmu);
	unsigned long cleans;

	(void)state;
	/* Linear table of 2^6 STEs: claiming allocates nothing. */
	assert_int_equal(smmuv3_inst_of(&f->smmu)->strtab.fmt, SMMUV3_STRTAB_BASE_CFG_FMT_LINEAR);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 63, OWNER_A), 0);
	assert_int_equal(smmuv3_memory_used(&f->smmu), mem);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 64, OWNER_A), SMMUV3_ERR_RANGE);
	/* Non-coherent SMMU: every step of the update is cleaned to it. */
	cleans = f->tp.cleans;
	s2_cfg(f, &c, 200);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 63, OWNER_A, &c), 0);
	assert_true(f->tp.cleans >= cleans + 2);
	assert_int_equal(mock_ste(f, 63, &o), 0);
	assert_int_equal(o.vmid, 200);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 63, OWNER_A), 0);
	assert_int_equal(mock_ste(f, 63, &o), SMMUV3_MOCK_ABORT);
	assert_int_equal(smmuv3_memory_used(&f->smmu), mem);
	fixture_free(f);
}

/* A command error mid-update: reported, nothing freed under the SMMU, no leak. */
static void command_error_during_update(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_mmu600);
	struct smmuv3_mock_ste_info o;
	struct smmuv3_stream_cfg c;

	(void)state;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x60, OWNER_A), 0);
	s2_cfg(f, &c, 2);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x60, OWNER_A, &c), 0);
	/* Stage 1 with a library CD table; the first CFGI_STE is rejected. */
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	c.s1.ssid_bits = 3;
	f->mock->cerror_at = f->mock->n_consumed + 1;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x60, OWNER_A, &c), SMMUV3_ERR_CMD_ILL);
	f->mock->cerror_at = 0;
	assert_true(f->tp.lines[SMMUV3_LOG_ERROR] >= 1);
	/* S2 -> S1 changes words 0 and 2 (VMID): break-before-make, whose
	 * first step (quiet abort) is where the update stopped. */
	assert_int_equal(mock_ste(f, 0x60, &o), SMMUV3_MOCK_ABORT);
	/* The queue recovered: the same request now succeeds. */
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x60, OWNER_A, &c), 0);
	assert_int_equal(mock_ste(f, 0x60, &o), 0);
	assert_int_equal(o.config, 5);
	/* A claim whose level-2 hook cannot be announced fails, and the next
	 * claim in that span announces it again. */
	f->mock->cerror_at = f->mock->n_consumed + 1;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x7701, OWNER_B), SMMUV3_ERR_CMD_ILL);
	f->mock->cerror_at = 0;
	{
		size_t n = f->mock->n_cmds;

		assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x7702, OWNER_B), 0);
		assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_OPCODE, f->mock->cmds[n].dw[0]),
				 SMMUV3_OP_CFGI_STE);
		assert_int_equal(f->mock->cmds[n].dw[1] & SMMUV3_CMD_LEAF, 0);
	}
	/* Release with a failing CFGI: error, the stream is unowned, memory
	 * kept until teardown (fixture_free checks nothing leaks). */
	f->mock->cerror_at = f->mock->n_consumed + 1;
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x60, OWNER_A), SMMUV3_ERR_CMD_ILL);
	f->mock->cerror_at = 0;
	{
		uint32_t owner;

		assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x60, &owner), SMMUV3_ERR_NOENT);
	}
	fixture_free(f);
}

/* A release whose STE update fails keeps the owner's CD table alive under
 * the SMMU; the next owner of the stream must get a fresh one, never the
 * previous owner's CDs. */
static void failed_release_does_not_leak_cds(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_qemu);
	size_t mem, n;
	struct smmuv3_mock_ste_info s;
	struct smmuv3_mock_cd_info o;
	struct smmuv3_stream_cfg c;
	struct smmuv3_cd_cfg cd;
	const char *why = NULL;

	(void)state;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x40, OWNER_A), 0);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x40, OWNER_A, &c), 0);
	smmuv3_cd_cfg_init(&f->smmu, &cd);
	cd.ttb0 = TTB;
	cd.asid = 5;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x40, OWNER_A, 0, &cd), 0);
	f->mock->cerror_at = f->mock->n_consumed + 1;
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x40, OWNER_A), SMMUV3_ERR_CMD_ILL);
	f->mock->cerror_at = 0;
	/* The next claim first makes the SMMU forget A's STE (and CDs),
	 * then frees A's CD table. */
	mem = smmuv3_memory_used(&f->smmu);
	n = f->mock->n_cmds;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x40, OWNER_B), 0);
	assert_int_equal(count_op(f, SMMUV3_OP_CFGI_STE, n), 1);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_CMD_SID, f->mock->cmds[n].dw[0]), 0x40);
	assert_int_equal(count_op(f, SMMUV3_OP_CMD_SYNC, n), 1);
	assert_true(smmuv3_memory_used(&f->smmu) < mem);
	assert_int_equal(mock_ste(f, 0x40, &s), SMMUV3_MOCK_ABORT);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x40, OWNER_B, &c), 0);
	/* B has written no CD: its stream must not translate through A's. */
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0x40, 0, false, &s, &o, &why),
			 SMMUV3_MOCK_C_BAD_CD);
	cd.asid = 6;
	cd.ttb0 = TTB + 0x1000;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x40, OWNER_B, 0, &cd), 0);
	assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0x40, 0, false, &s, &o, &why), 0);
	assert_int_equal(o.asid, 6);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x40, OWNER_B), 0);

	/* A release that failed on its last step left the default STE in
	 * memory: the claim still invalidates it. A claim whose invalidation
	 * fails claims nothing, and the next one tries again. */
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x41, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x41, OWNER_A, &c), 0);
	f->mock->cerror_at = f->mock->n_consumed + 3; /* step 3's CFGI_STE */
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x41, OWNER_A), SMMUV3_ERR_CMD_ILL);
	f->mock->cerror_at = f->mock->n_consumed + 1;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x41, OWNER_B), SMMUV3_ERR_CMD_ILL);
	f->mock->cerror_at = 0;
	{
		uint32_t owner;

		assert_int_equal(smmuv3_stream_owner(&f->smmu, 0x41, &owner), SMMUV3_ERR_NOENT);
	}
	n = f->mock->n_cmds;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x41, OWNER_B), 0);
	assert_int_equal(count_op(f, SMMUV3_OP_CFGI_STE, n), 1);
	assert_int_equal(count_op(f, SMMUV3_OP_CMD_SYNC, n), 1);
	/* Once clean, claims cost no command again. */
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x41, OWNER_B), 0);
	n = f->mock->n_cmds;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x41, OWNER_A), 0);
	assert_int_equal(f->mock->n_cmds, n);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x41, OWNER_A), 0);
	fixture_free(f);
}

/* The mock reads STEs where the SMMU would: it aligns STRTAB_BASE to the
 * table (linear) or the level-1 table (two-level) itself, so a library
 * that misaligned its table would see the wrong STEs. */
static void mock_aligns_stream_table_base(void **state)
{
	const struct smmuv3_mock_profile *profiles[] = { &smmuv3_mock_profile_minimal,
							  &smmuv3_mock_profile_qemu };

	(void)state;
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		struct fixture *f = enabled(profiles[i]);
		struct smmuv3_mock_ste_info o;
		struct smmuv3_stream_cfg c;
		uint64_t pa;

		assert_int_equal(smmuv3_stream_claim(&f->smmu, 1, OWNER_A), 0);
		smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_BYPASS);
		assert_int_equal(smmuv3_stream_configure(&f->smmu, 1, OWNER_A, &c), 0);
		assert_int_equal(mock_ste(f, 1, &o), 0);
		assert_int_equal(o.config, 4);
		pa = o.ste_pa;
		/* A base 64 bytes off: the SMMU ignores those bits. */
		f->mock->regs[SMMUV3_STRTAB_BASE / 4] += 64;
		assert_int_equal(mock_ste(f, 1, &o), 0);
		assert_int_equal(o.config, 4);
		assert_int_equal(o.ste_pa, pa);
		f->mock->regs[SMMUV3_STRTAB_BASE / 4] -= 64;
		assert_int_equal(smmuv3_stream_release(&f->smmu, 1, OWNER_A), 0);
		fixture_free(f);
	}
}

static void ignore_line(void *arg, const char *line)
{
	(void)arg;
	(void)line;
}

/* Every stream/CD call refuses bad input with its documented error and
 * changes nothing: no command reaches the SMMU, no memory moves. */
static void stream_calls_reject_bad_input(void **state)
{
	struct fixture *f = fixture_new(&smmuv3_mock_profile_mmu600);
	struct smmuv3_stream_cfg c, s1;
	struct smmuv3_cd_cfg cd;
	struct smmuv3_ste ste;
	size_t cmds, mem;

	(void)state;
	/* Probed but not enabled: no stream table yet. */
	fixture_probe(f);
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, 1, &ste), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_stream_dump(&f->smmu, 1, ignore_line, NULL), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_stream_sync_cd(&f->smmu, 1, OWNER_A, 0, true), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_asid_free(&f->smmu, 1), SMMUV3_ERR_NOENT);
	fixture_free(f);

	f = enabled(&smmuv3_mock_profile_mmu600);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S2);
	c.s2.ttb = TTB;
	smmuv3_stream_cfg_init(&f->smmu, &s1, SMMUV3_STREAM_S1);
	s1.s1.ssid_bits = 2;
	smmuv3_cd_cfg_init(&f->smmu, &cd);
	cd.ttb0 = TTB;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x30, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x31, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x31, OWNER_A, &s1), 0);
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x31, OWNER_A, 1, &cd), 0);
	cmds = f->mock->n_cmds;
	mem = smmuv3_memory_used(&f->smmu);

	/* NULLs. */
	assert_int_equal(smmuv3_stream_read_ste(NULL, 0x30, &ste), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, 0x30, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stream_dump(NULL, 0x30, ignore_line, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stream_dump(&f->smmu, 0x30, NULL, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stream_configure(NULL, 0x30, OWNER_A, &c), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x30, OWNER_A, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stream_set_cd(NULL, 0x31, OWNER_A, 0, &cd), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x31, OWNER_A, 0, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stream_clear_cd(NULL, 0x31, OWNER_A, 0), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_stream_sync_cd(NULL, 0x31, OWNER_A, 0, false), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_cd_build(&f->smmu, NULL, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_asid_alloc(&f->smmu, NULL), SMMUV3_ERR_INVAL);
	assert_int_equal(smmuv3_asid_free(NULL, 1), SMMUV3_ERR_INVAL);
	smmuv3_stream_cfg_init(&f->smmu, NULL, SMMUV3_STREAM_S1); /* no crash */
	smmuv3_cd_cfg_init(&f->smmu, NULL);

	/* StreamIDs beyond the table (16 bits here). */
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, 0x10000, &ste), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_dump(&f->smmu, 0x10000, ignore_line, NULL), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x10000, OWNER_A, &c), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_clear_cd(&f->smmu, 0x10000, OWNER_A, 0), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_sync_cd(&f->smmu, 0x10000, OWNER_A, 0, true),
			 SMMUV3_ERR_RANGE);
	/* A SID whose level-2 table does not exist. */
	assert_int_equal(smmuv3_stream_read_ste(&f->smmu, 0x4000, &ste), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x4000, OWNER_A, &c), SMMUV3_ERR_NOENT);

	/* Unclaimed, someone else's, no stage 1, SSID beyond S1CDMax. */
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x32, OWNER_A, &c), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x30, OWNER_B, &c), SMMUV3_ERR_OWNED);
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x31, OWNER_B, 0, &cd), SMMUV3_ERR_OWNED);
	assert_int_equal(smmuv3_stream_clear_cd(&f->smmu, 0x31, OWNER_B, 1), SMMUV3_ERR_OWNED);
	assert_int_equal(smmuv3_stream_sync_cd(&f->smmu, 0x31, OWNER_B, 1, false),
			 SMMUV3_ERR_OWNED);
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x30, OWNER_A, 0, &cd), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_stream_sync_cd(&f->smmu, 0x30, OWNER_A, 0, true), SMMUV3_ERR_STATE);
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x31, OWNER_A, 4, &cd), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_clear_cd(&f->smmu, 0x31, OWNER_A, 4), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_stream_sync_cd(&f->smmu, 0x31, OWNER_A, 4, false),
			 SMMUV3_ERR_RANGE);
	/* A malformed configuration or CD. */
	c.mode = (enum smmuv3_stream_mode)9;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x30, OWNER_A, &c), SMMUV3_ERR_INVAL);
	s1.s1.ssid_bits = 21;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x31, OWNER_A, &s1), SMMUV3_ERR_RANGE);
	cd.t0sz = 60;
	assert_int_equal(smmuv3_stream_set_cd(&f->smmu, 0x31, OWNER_A, 1, &cd), SMMUV3_ERR_RANGE);
	assert_int_equal(smmuv3_asid_free(&f->smmu, 0), SMMUV3_ERR_NOENT);
	assert_int_equal(smmuv3_vmid_free(&f->smmu, 77), SMMUV3_ERR_NOENT);

	/* Nothing reached the SMMU, nothing was allocated or freed. */
	assert_int_equal(f->mock->n_cmds, cmds);
	assert_int_equal(smmuv3_memory_used(&f->smmu), mem);
	{
		struct smmuv3_mock_ste_info s;
		struct smmuv3_mock_cd_info o;
		const char *why = NULL;

		assert_int_equal(smmuv3_mock_decode_cd(f->mock, false, 0x31, 1, true, &s, &o, &why),
				 0);
		assert_int_equal(o.ttb0, TTB);
	}
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x30, OWNER_A), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x31, OWNER_A), 0);
	fixture_free(f);
}

/* A reconfiguration that fails after the STE already points to the new
 * CD table keeps both tables (the SMMU may use either) and frees both
 * with the stream: nothing leaks. */
static void failed_table_switch_keeps_then_frees_both(void **state)
{
	struct fixture *f = enabled(&smmuv3_mock_profile_mmu600);
	struct smmuv3_stream_cfg c;

	(void)state;
	assert_int_equal(smmuv3_stream_claim(&f->smmu, 0x50, OWNER_A), 0);
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S1);
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x50, OWNER_A, &c), 0);
	/* Another S1CDMax: a new table; only STE word 0 changes, and the
	 * CFGI after that write fails. */
	c.s1.ssid_bits = 2;
	f->mock->cerror_at = f->mock->n_consumed + 1;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x50, OWNER_A, &c), SMMUV3_ERR_CMD_ILL);
	f->mock->cerror_at = 0;
	/* Back to a stage-2 STE: both CD tables are unreachable and freed. */
	smmuv3_stream_cfg_init(&f->smmu, &c, SMMUV3_STREAM_S2);
	c.s2.ttb = TTB;
	assert_int_equal(smmuv3_stream_configure(&f->smmu, 0x50, OWNER_A, &c), 0);
	assert_int_equal(smmuv3_stream_release(&f->smmu, 0x50, OWNER_A), 0);
	fixture_free(f); /* asserts that nothing leaked */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(claim_conflict_and_release),
		cmocka_unit_test(sid_and_ssid_out_of_range),
		cmocka_unit_test(not_enabled),
		cmocka_unit_test(level2_tables_come_and_go),
		cmocka_unit_test(sid32_costs_kilobytes),
		cmocka_unit_test(allocation_failure_keeps_old_ste),
		cmocka_unit_test(library_cd_tables),
		cmocka_unit_test(cd_table_array_only_while_used),
		cmocka_unit_test(caller_cd_table),
		cmocka_unit_test(id_allocators),
		cmocka_unit_test(bypass_by_default),
		cmocka_unit_test(secure_instance),
		cmocka_unit_test(dump_renders_a_stream),
		cmocka_unit_test(mock_dump_summarises_mappings),
		cmocka_unit_test(linear_table_noncoherent),
		cmocka_unit_test(command_error_during_update),
		cmocka_unit_test(failed_release_does_not_leak_cds),
		cmocka_unit_test(mock_aligns_stream_table_base),
		cmocka_unit_test(stream_calls_reject_bad_input),
		cmocka_unit_test(failed_table_switch_keeps_then_frees_both),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
