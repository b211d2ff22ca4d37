/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file hw/cmdq.h
 * @brief Hardware level (less stable): command encodings and builders,
 *        raw command submission and batches, CMD_SYNC completion modes
 *        and queue quirks. Not included by smmuv3/smmuv3.h.
 */
#ifndef SMMUV3_HW_CMDQ_H
#define SMMUV3_HW_CMDQ_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/bits.h>
#include <smmuv3/evtq.h>
#include <smmuv3/port.h>

struct smmuv3;

/** One 16-byte command as it is written to the queue. */
struct smmuv3_cmd {
	uint64_t dw[2];
};

/** How the library learns that a CMD_SYNC has completed. */
enum smmuv3_sync_mode {
	/** Poll CMDQ_CONS until it passes the CMD_SYNC. Always available. */
	SMMUV3_SYNC_POLL = 0,
	/** CMD_SYNC signals SEV; wait with WFE (port) between CONS polls.
	 *  Needs IDR0.SEV. */
	SMMUV3_SYNC_SEV = 1,
	/** CMD_SYNC writes a sequence number to memory; poll that word.
	 *  Needs MSI support (IDR0.MSI, S_IDR0.MSI for Secure) and a
	 *  coherent SMMU. */
	SMMUV3_SYNC_MSI = 2,
};

/** Counters of one command queue, for tuning and tests. */
struct smmuv3_cmdq_stats {
	uint64_t submissions;  /**< smmuv3_cmdq_submit() calls that wrote */
	uint64_t cmds;         /**< entries written, CMD_SYNCs included */
	uint64_t syncs;        /**< CMD_SYNCs the library added (final and forced) */
	uint64_t prod_writes;  /**< CMDQ_PROD register writes */
	uint64_t full_waits;   /**< times a producer waited for free space */
	uint64_t cerror_ill;   /**< CERROR_ILL recovered */
	uint64_t cerror_abt;   /**< CERROR_ABT recovered */
	uint64_t cerror_atc;   /**< CERROR_ATC_INV_SYNC recovered */
	uint64_t timeouts;     /**< submissions that ended in a timeout */
	/** sync-only submissions that wrote nothing: the last entry written
	 *  was already a CMD_SYNC, which they waited for instead */
	uint64_t syncs_shared;
};

/* Opcodes (command dword 0 bits [7:0]). */
#define SMMUV3_CMD_OPCODE SMMUV3_GENMASK(7, 0)
#define SMMUV3_OP_PREFETCH_CONFIG 0x01u
#define SMMUV3_OP_PREFETCH_ADDR 0x02u
#define SMMUV3_OP_CFGI_STE 0x03u
#define SMMUV3_OP_CFGI_STE_RANGE 0x04u
#define SMMUV3_OP_CFGI_ALL 0x04u /* CFGI_STE_RANGE with Range = 31 */
#define SMMUV3_OP_CFGI_CD 0x05u
#define SMMUV3_OP_CFGI_CD_ALL 0x06u
#define SMMUV3_OP_CFGI_VMS_PIDM 0x07u
#define SMMUV3_OP_TLBI_NH_ALL 0x10u
#define SMMUV3_OP_TLBI_NH_ASID 0x11u
#define SMMUV3_OP_TLBI_NH_VA 0x12u
#define SMMUV3_OP_TLBI_NH_VAA 0x13u
#define SMMUV3_OP_TLBI_EL3_ALL 0x18u
#define SMMUV3_OP_TLBI_EL3_VA 0x1au
#define SMMUV3_OP_TLBI_EL2_ALL 0x20u
#define SMMUV3_OP_TLBI_EL2_ASID 0x21u
#define SMMUV3_OP_TLBI_EL2_VA 0x22u
#define SMMUV3_OP_TLBI_EL2_VAA 0x23u
#define SMMUV3_OP_TLBI_S12_VMALL 0x28u
#define SMMUV3_OP_TLBI_S2_IPA 0x2au
#define SMMUV3_OP_TLBI_NSNH_ALL 0x30u
#define SMMUV3_OP_TLBI_SNH_ALL 0x60u
#define SMMUV3_OP_TLBI_S_EL2_ALL 0x50u
#define SMMUV3_OP_TLBI_S_EL2_ASID 0x51u
#define SMMUV3_OP_TLBI_S_EL2_VA 0x52u
#define SMMUV3_OP_TLBI_S_EL2_VAA 0x53u
#define SMMUV3_OP_TLBI_S_S12_VMALL 0x58u
#define SMMUV3_OP_TLBI_S_S2_IPA 0x5au
#define SMMUV3_OP_ATC_INV 0x40u
#define SMMUV3_OP_PRI_RESP 0x41u
#define SMMUV3_OP_RESUME 0x44u
#define SMMUV3_OP_STALL_TERM 0x45u
#define SMMUV3_OP_CMD_SYNC 0x46u

/* Common fields. */
#define SMMUV3_CMD_SSEC SMMUV3_BIT(10)        /* dw0: Secure stream / Secure config */
#define SMMUV3_CMD_SID SMMUV3_GENMASK(63, 32) /* dw0 */
#define SMMUV3_CMD_SSID SMMUV3_GENMASK(31, 12) /* dw0 */
#define SMMUV3_CMD_SSV SMMUV3_BIT(11)         /* dw0 */
#define SMMUV3_CMD_LEAF SMMUV3_BIT(0)         /* dw1 (CFGI_STE, CFGI_CD, TLBI_*VA) */
#define SMMUV3_CMD_CFGI_RANGE SMMUV3_GENMASK(4, 0) /* dw1 of CFGI_STE_RANGE */

/* Address-based invalidation (TLBI_*_VA, *_VAA, S2_IPA) and ranges (4.4.1). */
#define SMMUV3_CMD_TLBI_NUM SMMUV3_GENMASK(16, 12)   /* dw0 */
#define SMMUV3_CMD_TLBI_SCALE SMMUV3_GENMASK(25, 20) /* dw0; 5 bits unless IDR5.DS */
#define SMMUV3_CMD_TLBI_VMID SMMUV3_GENMASK(47, 32)  /* dw0 */
#define SMMUV3_CMD_TLBI_ASID SMMUV3_GENMASK(63, 48)  /* dw0 */
#define SMMUV3_CMD_TLBI_TTL SMMUV3_GENMASK(9, 8)     /* dw1 */
#define SMMUV3_CMD_TLBI_TG SMMUV3_GENMASK(11, 10)    /* dw1 */
#define SMMUV3_CMD_TLBI_S2_NS SMMUV3_BIT(1)          /* dw1 of TLBI_S_S2_IPA */
#define SMMUV3_CMD_TLBI_ADDR SMMUV3_GENMASK(63, 12)  /* dw1: VA[63:12] */
#define SMMUV3_CMD_TLBI_IPA SMMUV3_GENMASK(55, 12)   /* dw1: IPA[55:12] */

/* Prefetch (4.2). */
#define SMMUV3_CMD_PREFETCH_SIZE SMMUV3_GENMASK(4, 0)   /* dw1 */
#define SMMUV3_CMD_PREFETCH_ADDR SMMUV3_GENMASK(63, 12) /* dw1 */

/* ATC_INV (4.5). */
#define SMMUV3_CMD_ATC_GLOBAL SMMUV3_BIT(9)         /* dw0 */
#define SMMUV3_CMD_ATC_SIZE SMMUV3_GENMASK(5, 0)    /* dw1 */
#define SMMUV3_CMD_ATC_ADDR SMMUV3_GENMASK(63, 12)  /* dw1 */

/* PRI_RESP (4.6). */
#define SMMUV3_CMD_PRI_PRGI SMMUV3_GENMASK(8, 0)    /* dw1 */
#define SMMUV3_CMD_PRI_RESP SMMUV3_GENMASK(13, 12)  /* dw1 */

/* RESUME (4.7.1): Ac = 1 retries, Ac = 0 terminates (Ab = 1: with abort). */
#define SMMUV3_CMD_RESUME_AC SMMUV3_BIT(12)         /* dw0 */
#define SMMUV3_CMD_RESUME_AB SMMUV3_BIT(13)         /* dw0 */
#define SMMUV3_CMD_RESUME_STAG SMMUV3_GENMASK(15, 0) /* dw1 */

/* CMD_SYNC. */
#define SMMUV3_CMD_SYNC_CS SMMUV3_GENMASK(13, 12)
#define SMMUV3_CMD_SYNC_CS_NONE 0u
#define SMMUV3_CMD_SYNC_CS_IRQ 1u
#define SMMUV3_CMD_SYNC_CS_SEV 2u
#define SMMUV3_CMD_SYNC_MSH SMMUV3_GENMASK(23, 22)
#define SMMUV3_CMD_SYNC_MSH_OSH 2u
#define SMMUV3_CMD_SYNC_MSH_ISH 3u
#define SMMUV3_CMD_SYNC_MSIATTR SMMUV3_GENMASK(27, 24)
#define SMMUV3_CMD_SYNC_MSIDATA SMMUV3_GENMASK(63, 32)
#define SMMUV3_CMD_SYNC_MSIADDR SMMUV3_GENMASK(55, 2) /* dw1 */

/** @brief Command with only an opcode (TLBI_NSNH_ALL, TLBI_EL2_ALL...). */
static inline struct smmuv3_cmd smmuv3_cmd_opcode_only(uint32_t op)
{
	struct smmuv3_cmd c = { { SMMUV3_FIELD_PREP(SMMUV3_CMD_OPCODE, op), 0 } };
	return c;
}

/** @brief CMD_SYNC that signals nothing: completion is seen by polling CONS. */
static inline struct smmuv3_cmd smmuv3_cmd_sync(void)
{
	return smmuv3_cmd_opcode_only(SMMUV3_OP_CMD_SYNC);
}

/** @brief CFGI_ALL: invalidate every cached STE and CD. */
static inline struct smmuv3_cmd smmuv3_cmd_cfgi_all(void)
{
	struct smmuv3_cmd c = smmuv3_cmd_opcode_only(SMMUV3_OP_CFGI_ALL);

	c.dw[1] = SMMUV3_FIELD_PREP(SMMUV3_CMD_CFGI_RANGE, 31);
	return c;
}

/**
 * Range and level hint of an address-based TLB invalidation (IDR3.RIL).
 * tg = 0 means a plain single-address invalidation with no hint; otherwise
 * tg is 1 (4K), 2 (16K) or 3 (64K) and the command covers
 * (num + 1) << scale granules from the address, ttl naming the level of
 * the leaf entries (0: any).
 */
struct smmuv3_tlbi_range {
	uint8_t tg;
	uint8_t ttl;
	uint8_t scale;
	uint8_t num;
};

/* ---- Encoders: every command of the architecture --------------------------
 * Each returns the command by value; fields beyond their width are
 * truncated (callers validate identifiers first). Implemented in
 * lib/cmdq/commands.c. */

/** CMD_PREFETCH_CONFIG. */
struct smmuv3_cmd smmuv3_cmd_prefetch_config(uint32_t sid, uint32_t ssid, bool ssv);
/** CMD_PREFETCH_ADDR for 2^size_log2 bytes at addr (4K-aligned). */
struct smmuv3_cmd smmuv3_cmd_prefetch_addr(uint32_t sid, uint32_t ssid, bool ssv,
					   uint64_t addr, unsigned int size_log2);
/** CMD_CFGI_STE: invalidate one STE (leaf: only the STE, not L1 descriptor). */
struct smmuv3_cmd smmuv3_cmd_cfgi_ste(uint32_t sid, bool leaf);
/** CMD_CFGI_STE_RANGE: 2^(range+1) STEs from sid (aligned down). */
struct smmuv3_cmd smmuv3_cmd_cfgi_ste_range(uint32_t sid, unsigned int range);
/** CMD_CFGI_CD: one CD of stream sid. */
struct smmuv3_cmd smmuv3_cmd_cfgi_cd(uint32_t sid, uint32_t ssid, bool leaf);
/** CMD_CFGI_CD_ALL: every CD of stream sid. */
struct smmuv3_cmd smmuv3_cmd_cfgi_cd_all(uint32_t sid);
/** CMD_TLBI_NH_ALL(VMID). */
struct smmuv3_cmd smmuv3_cmd_tlbi_nh_all(uint16_t vmid);
/** CMD_TLBI_NH_ASID(VMID, ASID). */
struct smmuv3_cmd smmuv3_cmd_tlbi_nh_asid(uint16_t vmid, uint16_t asid);
/** CMD_TLBI_NH_VA(VMID, ASID, Addr, Leaf) with optional range (NULL: none). */
struct smmuv3_cmd smmuv3_cmd_tlbi_nh_va(uint16_t vmid, uint16_t asid, uint64_t va, bool leaf,
					const struct smmuv3_tlbi_range *range);
/** CMD_TLBI_NH_VAA(VMID, Addr, Leaf). */
struct smmuv3_cmd smmuv3_cmd_tlbi_nh_vaa(uint16_t vmid, uint64_t va, bool leaf,
					 const struct smmuv3_tlbi_range *range);
/** CMD_TLBI_EL2_ALL. */
struct smmuv3_cmd smmuv3_cmd_tlbi_el2_all(void);
/** CMD_TLBI_EL2_ASID(ASID). */
struct smmuv3_cmd smmuv3_cmd_tlbi_el2_asid(uint16_t asid);
/** CMD_TLBI_EL2_VA(ASID, Addr, Leaf). */
struct smmuv3_cmd smmuv3_cmd_tlbi_el2_va(uint16_t asid, uint64_t va, bool leaf,
					 const struct smmuv3_tlbi_range *range);
/** CMD_TLBI_EL2_VAA(Addr, Leaf). */
struct smmuv3_cmd smmuv3_cmd_tlbi_el2_vaa(uint64_t va, bool leaf,
					  const struct smmuv3_tlbi_range *range);
/** CMD_TLBI_S12_VMALL(VMID). */
struct smmuv3_cmd smmuv3_cmd_tlbi_s12_vmall(uint16_t vmid);
/** CMD_TLBI_S2_IPA(VMID, Addr, Leaf). */
struct smmuv3_cmd smmuv3_cmd_tlbi_s2_ipa(uint16_t vmid, uint64_t ipa, bool leaf,
					 const struct smmuv3_tlbi_range *range);
/** CMD_TLBI_NSNH_ALL. */
struct smmuv3_cmd smmuv3_cmd_tlbi_nsnh_all(void);
/* Secure variants: only a Secure-bank instance's queue accepts them. */
/** CMD_TLBI_S_EL2_ALL: every Secure EL2 entry. */
struct smmuv3_cmd smmuv3_cmd_tlbi_s_el2_all(void);
/** CMD_TLBI_S_EL2_ASID(ASID). */
struct smmuv3_cmd smmuv3_cmd_tlbi_s_el2_asid(uint16_t asid);
/** CMD_TLBI_S_EL2_VA(ASID, Addr, Leaf). */
struct smmuv3_cmd smmuv3_cmd_tlbi_s_el2_va(uint16_t asid, uint64_t va, bool leaf,
					   const struct smmuv3_tlbi_range *range);
/** CMD_TLBI_S_EL2_VAA(Addr, Leaf). */
struct smmuv3_cmd smmuv3_cmd_tlbi_s_el2_vaa(uint64_t va, bool leaf,
					    const struct smmuv3_tlbi_range *range);
/** CMD_TLBI_S_S12_VMALL(VMID): Secure stage 1+2 of one VMID. */
struct smmuv3_cmd smmuv3_cmd_tlbi_s_s12_vmall(uint16_t vmid);
/** CMD_TLBI_S_S2_IPA(VMID, Addr, Leaf, NS): @p ns selects the
 *  Non-secure IPA space of a Secure stage 2. */
struct smmuv3_cmd smmuv3_cmd_tlbi_s_s2_ipa(uint16_t vmid, uint64_t ipa, bool leaf, bool ns,
					   const struct smmuv3_tlbi_range *range);
/** CMD_TLBI_SNH_ALL: every Secure non-hypervisor entry. */
struct smmuv3_cmd smmuv3_cmd_tlbi_snh_all(void);
/** CMD_TLBI_EL3_ALL. */
struct smmuv3_cmd smmuv3_cmd_tlbi_el3_all(void);
/** CMD_TLBI_EL3_VA(Addr, Leaf). */
struct smmuv3_cmd smmuv3_cmd_tlbi_el3_va(uint64_t va, bool leaf,
					 const struct smmuv3_tlbi_range *range);
/** CMD_ATC_INV for 2^size_log2 x 4K at addr. */
struct smmuv3_cmd smmuv3_cmd_atc_inv(uint32_t sid, uint32_t ssid, bool ssv, bool global,
				     uint64_t addr, unsigned int size_log2);
/** CMD_PRI_RESP(StreamID, SubstreamID, SSV, PRGIndex, Resp). */
struct smmuv3_cmd smmuv3_cmd_pri_resp(uint32_t sid, uint32_t ssid, bool ssv, uint16_t prgi,
				      enum smmuv3_pri_resp resp);
/** RESUME actions. */
enum smmuv3_resume_action {
	/** Retry the transaction as though it had just arrived. */
	SMMUV3_RESUME_RETRY = 0,
	/** Terminate it with an abort reported to the device. */
	SMMUV3_RESUME_ABORT = 1,
	/** Terminate it with RAZ/WI (ignored when IDR0.TERM_MODEL == 1:
	 *  the SMMU aborts instead). */
	SMMUV3_RESUME_TERMINATE = 2,
};
/** CMD_RESUME(StreamID, SSec, STAG, Action). */
struct smmuv3_cmd smmuv3_cmd_resume(uint32_t sid, bool ssec, uint16_t stag,
				    enum smmuv3_resume_action action);
/** CMD_STALL_TERM(StreamID, SSec). */
struct smmuv3_cmd smmuv3_cmd_stall_term(uint32_t sid, bool ssec);
/** Mark a configuration or fault command as naming Secure state (SSec). */
struct smmuv3_cmd smmuv3_cmd_secure(struct smmuv3_cmd cmd);

/** @brief CMD_SYNC that signals completion with SEV (CS = SIG_SEV). */
struct smmuv3_cmd smmuv3_cmd_sync_sev(void);
/**
 * @brief CMD_SYNC that writes @p data to @p addr on completion (CS =
 *        SIG_IRQ with an MSI address). @p coherent selects an
 *        Inner-shareable write-back write the CPU can poll in cached
 *        memory; otherwise Device-nGnRE.
 */
struct smmuv3_cmd smmuv3_cmd_sync_msi(uint64_t addr, uint32_t data, bool coherent);

/**
 * @brief Plan the first command of a range invalidation (IDR3.RIL).
 *
 * Fills @p range so that one address-based TLBI starting at the range's
 * first address covers as many of its @p pages granules as one command
 * can; @p covered gets that number. Call again for the rest (address
 * advanced by covered granules): a range needs one command per five
 * significant bits of @p pages. A single granule without a level hint
 * yields tg = 0 (plain invalidation), avoiding the Reserved
 * NUM = SCALE = TTL = 0 encoding.
 *
 * @param granule_log2 12, 14 or 16.
 * @param pages granules to invalidate (> 0).
 * @param ttl level hint of the leaf entries (0: any; 1-3: that level;
 *        1 with 16K is Reserved without IDR5.DS and is dropped).
 * @param[out] range the range fields for the encoder.
 * @param[out] covered granules the command covers (<= pages).
 * @return 0; SMMUV3_ERR_INVAL for a bad granule, zero pages, ttl > 3 or
 *         NULL pointers.
 */
int smmuv3_tlbi_range_plan(unsigned int granule_log2, uint64_t pages, unsigned int ttl,
			   struct smmuv3_tlbi_range *range, uint64_t *covered);

/* Implementation quirks (errata) of the command queue. */
/** Never use SEV completion even though IDR0.SEV says it works. */
#define SMMUV3_CMDQ_QUIRK_NO_SEV (1u << 0)
/** Never use MSI completion for CMD_SYNC. */
#define SMMUV3_CMDQ_QUIRK_NO_MSI_SYNC (1u << 1)
/** Drop PREFETCH_* commands instead of issuing them. */
#define SMMUV3_CMDQ_QUIRK_SKIP_PREFETCH (1u << 2)

/**
 * One entry of the quirk table (lib/cmdq/quirks.c): an implementation
 * identified by IIDR fields and the workarounds it needs. Data, so that
 * adding an erratum is a table line, not a conditional in the code.
 */
struct smmuv3_cmdq_quirk {
	const char *what;       /**< erratum or reason, for the log */
	uint16_t implementer;   /**< IIDR.Implementer (JEP106) */
	uint16_t product_id;    /**< IIDR.ProductID */
	uint8_t variant;        /**< IIDR.Variant; 0xff: any variant */
	uint8_t rev_max;        /**< applies to revisions 0..rev_max (0xff: all) */
	uint32_t flags;         /**< SMMUV3_CMDQ_QUIRK_* */
	/** Insert a CMD_SYNC after at most this many commands (0: no). */
	uint16_t sync_every;
};

/**
 * @brief Submit @p n commands and, if @p sync, a CMD_SYNC after them, then
 *        wait until the SMMU has consumed (and, with sync, completed) them.
 *
 * All commands go in with as few CMDQ_PROD writes as the free space
 * allows (one when they fit). When the queue is full the call waits,
 * bounded by the instance timeout, for the SMMU to make room. A command
 * the SMMU rejects is neutralised so that the ones after it still run,
 * and its error is returned here. Safe to call from several CPUs: the
 * queue lock is held only while commands are written, never while the
 * SMMU works, and each error is charged to the submission whose command
 * caused it (see docs/locking.md).
 *
 * @return 0; SMMUV3_ERR_INVAL for NULL @p cmds with n > 0;
 *         SMMUV3_ERR_STATE when the queue is not enabled;
 *         SMMUV3_ERR_FATAL when the SMMU is in service failure mode;
 *         SMMUV3_ERR_TIMEOUT when the SMMU does not consume in time;
 *         SMMUV3_ERR_CMD_ILL / _ABT / _ATC when the SMMU reported a command
 *         error for one of these commands.
 */
int smmuv3_cmdq_submit(struct smmuv3 *smmu, const struct smmuv3_cmd *cmds,
		       unsigned int n, bool sync);

/**
 * A batch of commands accumulated by the caller and issued together:
 * one CMDQ_PROD write per @c cap commands (or per queue-full) and one
 * CMD_SYNC at the end. The storage is the caller's (stack is fine).
 */
struct smmuv3_cmdq_batch {
	struct smmuv3 *smmu;
	struct smmuv3_cmd *cmds;
	unsigned int n;      /**< commands held */
	unsigned int cap;    /**< capacity of cmds */
	int err;             /**< first error of an intermediate flush */
};

/**
 * @brief Start an empty batch using @p storage for up to @p cap commands.
 * @return 0; SMMUV3_ERR_INVAL for NULL pointers or cap == 0.
 */
int smmuv3_cmdq_batch_init(struct smmuv3_cmdq_batch *b, struct smmuv3 *smmu,
			   struct smmuv3_cmd *storage, unsigned int cap);

/**
 * @brief Add one command; when the storage is full the batch is issued
 *        (without CMD_SYNC) to make room.
 * @return 0; SMMUV3_ERR_INVAL for a NULL batch; or the error of that
 *         intermediate issue, which is also kept and returned by
 *         smmuv3_cmdq_batch_submit() (later commands are then dropped).
 */
int smmuv3_cmdq_batch_add(struct smmuv3_cmdq_batch *b, struct smmuv3_cmd cmd);

/**
 * @brief Issue what the batch holds followed by one CMD_SYNC and wait for
 *        its completion. The batch is empty afterwards and may be reused.
 * @return as smmuv3_cmdq_submit(), or the first error of an intermediate
 *         issue.
 */
int smmuv3_cmdq_batch_submit(struct smmuv3_cmdq_batch *b);

/**
 * @brief Choose how CMD_SYNC completion is awaited (the library picks the
 *        best supported mode at reset; this overrides it).
 * @return 0; SMMUV3_ERR_INVAL for a bad mode; SMMUV3_ERR_STATE before
 *         reset; SMMUV3_ERR_NOTSUP when the SMMU (or a quirk) rules the
 *         mode out.
 */
int smmuv3_cmdq_set_sync_mode(struct smmuv3 *smmu, enum smmuv3_sync_mode mode);

/**
 * @brief Add workarounds on top of those the quirk table selected.
 * @param flags SMMUV3_CMDQ_QUIRK_* to set.
 * @param sync_every force a CMD_SYNC after this many commands (0 keeps
 *        the current period).
 * @return 0; SMMUV3_ERR_INVAL for unknown flags or a NULL instance.
 */
int smmuv3_cmdq_add_quirks(struct smmuv3 *smmu, uint32_t flags, unsigned int sync_every);

/** @brief Copy the queue's counters. @return 0 or SMMUV3_ERR_INVAL. */
int smmuv3_cmdq_get_stats(struct smmuv3 *smmu, struct smmuv3_cmdq_stats *out);

#endif /* SMMUV3_HW_CMDQ_H */
