/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Library-internal helpers shared by every lib/ subdirectory: register
 * access through the port, bounded waits, DMA memory with accounting,
 * and logging. Not installed.
 */
#ifndef SMMUV3_LIB_INTERNAL_H
#define SMMUV3_LIB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <smmuv3/smmuv3.h>
/* The library itself works at the hardware level. */
#include <smmuv3/hw/cd.h>
#include <smmuv3/hw/cmdq.h>
#include <smmuv3/hw/evtq.h>
#include <smmuv3/hw/regs.h>
#include <smmuv3/hw/ste.h>
#include <smmuv3/hw/stream.h>

#include "fmt.h"
#include "objects.h"

#define SMMUV3_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The descriptor and command types are the architecture's sizes: they are
 * copied into tables and queues whole. */
_Static_assert(sizeof(struct smmuv3_ste) == SMMUV3_STE_BYTES, "STE is 64 bytes");
_Static_assert(sizeof(struct smmuv3_cd) == SMMUV3_CD_BYTES, "CD is 64 bytes");
_Static_assert(sizeof(struct smmuv3_cmd) == 16, "a command is 16 bytes");
_Static_assert(SMMUV3_STE_DWORDS * sizeof(uint64_t) == SMMUV3_STE_BYTES, "STE is 8 dwords");
_Static_assert(SMMUV3_CD_DWORDS * sizeof(uint64_t) == SMMUV3_CD_BYTES, "CD is 8 dwords");
_Static_assert((SMMUV3_STE0_S1CTXPTR & (~SMMUV3_STE0_S1CTXPTR + 1)) == SMMUV3_STE_S1CTXPTR_ALIGN,
	       "S1ContextPtr's lowest bit is the CD table alignment");
/* Level-1 descriptors are one dword, written with one atomic store. */
_Static_assert(SMMUV3_L1STD_BYTES == sizeof(uint64_t), "L1 stream table descriptor is 8 bytes");
_Static_assert(SMMUV3_L1CD_BYTES == sizeof(uint64_t), "L1 CD descriptor is 8 bytes");

/* Kinds of domain whose TLB entries one invalidation opcode pair covers. */
enum smmuv3_tlbi_kind {
	SMMUV3_TLBI_S1_EL1, /* stage 1 under EL1 (NH: tagged by VMID and ASID) */
	SMMUV3_TLBI_S1_EL2, /* stage 1 under EL2 (tagged by ASID) */
	SMMUV3_TLBI_S2,     /* stage 2 (tagged by VMID, addressed by IPA) */
	SMMUV3_TLBI_KINDS,
};

/* How one kind of domain invalidates in one security state. */
struct smmuv3_tlbi_regime {
	uint8_t op_addr;      /* by address: NH_VA, EL2_VA, S2_IPA or Secure forms */
	uint8_t op_all;       /* the whole tag: NH_ASID, EL2_ASID, S12_VMALL, ... */
	bool tag_vmid;        /* the commands carry the VMID */
	bool tag_asid;        /* the commands carry the ASID */
	bool both_ipa_spaces; /* each address twice, NS = 0 then 1 (Secure stage 2) */
	uint64_t addr_mask;   /* dw1 address field: VA[63:12] or IPA[55:12] */
};

/* The security state an instance drives, chosen once by smmuv3_init(). */
struct smmuv3_regime {
	uint64_t ssec; /* dw0 bits of commands naming a stream (CFGI, RESUME) */
	struct smmuv3_tlbi_regime tlbi[SMMUV3_TLBI_KINDS];
};

/* Features of the programming interface (bank) this instance drives: the
 * Secure one has its own stall model, MSI support and StreamID width
 * (S_IDR0/S_IDR1). */
static inline enum smmuv3_stall_model smmuv3_bank_stall_model(const struct smmuv3_inst *smmu)
{
	return smmu->cfg.secure ? smmu->feat.s_stall_model : smmu->feat.stall_model;
}

static inline bool smmuv3_bank_msi(const struct smmuv3_inst *smmu)
{
	return smmu->cfg.secure ? smmu->feat.s_msi : smmu->feat.msi;
}

static inline unsigned int smmuv3_bank_sid_bits(const struct smmuv3_inst *smmu)
{
	return smmu->cfg.secure ? smmu->feat.s_sid_bits : smmu->feat.sid_bits;
}

/* The regime of a Secure (true) or Non-secure instance. */
const struct smmuv3_regime *smmuv3_regime_of(bool secure);

static inline uint32_t smmuv3_read32(const struct smmuv3_inst *smmu, uint32_t off)
{
	return smmuv3_port_mmio_read32(smmu->cfg.port, smmu->cfg.base + off);
}

static inline void smmuv3_write32(const struct smmuv3_inst *smmu, uint32_t off, uint32_t val)
{
	smmuv3_port_mmio_write32(smmu->cfg.port, smmu->cfg.base + off, val);
}

static inline uint64_t smmuv3_read64(const struct smmuv3_inst *smmu, uint32_t off)
{
	return smmuv3_port_mmio_read64(smmu->cfg.port, smmu->cfg.base + off);
}

static inline void smmuv3_write64(const struct smmuv3_inst *smmu, uint32_t off, uint64_t val)
{
	smmuv3_port_mmio_write64(smmu->cfg.port, smmu->cfg.base + off, val);
}

/*
 * Offset of a banked control register (CR0, GBPA, STRTAB_*, CMDQ_*, ...)
 * in the bank this instance drives. Not for IDRs, EVENTQ_PROD/CONS or
 * PRIQ registers, whose Secure placement differs.
 */
static inline uint32_t smmuv3_breg(const struct smmuv3_inst *smmu, uint32_t ns_off)
{
	return ns_off + smmu->bank;
}

/*
 * Poll register @off until (value & mask) == want or the instance's
 * timeout passes. Returns 0 or SMMUV3_ERR_TIMEOUT; *last gets the final
 * value read when non-NULL.
 */
int smmuv3_wait_reg32(struct smmuv3_inst *smmu, uint32_t off, uint32_t mask,
		      uint32_t want, uint32_t *last);

/* A deadline for loops that poll something other than one register. */
struct smmuv3_deadline {
	uint64_t start;
	uint64_t limit;
};

void smmuv3_deadline_start(const struct smmuv3_inst *smmu, struct smmuv3_deadline *d);
bool smmuv3_deadline_passed(const struct smmuv3_inst *smmu, const struct smmuv3_deadline *d);

/* DMA-able memory through the port, counted in smmuv3_memory_used(). */
void *smmuv3_dma_alloc(struct smmuv3_inst *smmu, size_t size, size_t align, uint64_t *pa);
void smmuv3_dma_free(struct smmuv3_inst *smmu, void *va, size_t size);

/*
 * The instance lock (docs/locking.md): taken after evtq.lock and before
 * cmdq.lock. Never taken twice: functions called with it held say so.
 */
static inline void smmuv3_lock(const struct smmuv3_inst *smmu)
{
	/* The lock is the one mutable part of a const instance. */
	smmuv3_port_lock_acquire(smmu->cfg.port, (struct smmuv3_port_lock *)&smmu->lock);
}

static inline void smmuv3_unlock(const struct smmuv3_inst *smmu)
{
	smmuv3_port_lock_release(smmu->cfg.port, (struct smmuv3_port_lock *)&smmu->lock);
}

/* Publish CPU writes to the SMMU when its walks are not coherent. */
static inline void smmuv3_dma_sync(const struct smmuv3_inst *smmu, const void *va, size_t size)
{
	if (!smmu->coherent)
		smmuv3_port_dma_clean(smmu->cfg.port, va, size);
}

/* The SMMU obeys the CPUs' broadcast TLB maintenance: the integrator asked
 * for it (cfg.broadcast_tlbi) and the SMMU can (IDR0.BTM); reset then
 * clears CR2.PTM. */
static inline bool smmuv3_broadcast_tlbi(const struct smmuv3_inst *smmu)
{
	return smmu->cfg.broadcast_tlbi && smmu->feat.btm;
}

void smmuv3_log(const struct smmuv3_inst *smmu, enum smmuv3_log_level level,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define smmuv3_err(smmu, ...) smmuv3_log(smmu, SMMUV3_LOG_ERROR, __VA_ARGS__)
#define smmuv3_warn(smmu, ...) smmuv3_log(smmu, SMMUV3_LOG_WARN, __VA_ARGS__)
#define smmuv3_info(smmu, ...) smmuv3_log(smmu, SMMUV3_LOG_INFO, __VA_ARGS__)
#define smmuv3_dbg(smmu, ...) smmuv3_log(smmu, SMMUV3_LOG_DEBUG, __VA_ARGS__)


/* GERROR bits currently active (differing from GERRORN). */
uint32_t smmuv3_gerror_active(struct smmuv3_inst *smmu);
/* Acknowledge the active ones among @bits (GERRORN := GERROR for them).
 * Safe against concurrent acknowledgers (GERRORN is read-modify-write). */
void smmuv3_gerror_ack(struct smmuv3_inst *smmu, uint32_t bits);

/* ---- Generic live-entry update (STEs and CDs) ------------------------------ */
struct smmuv3_entry_ops {
	/* Bits of each word the SMMU interprets for entry @e. */
	void (*used)(const struct smmuv3_inst *smmu, const uint64_t *e, uint64_t *used);
	/* Word 0 of the quiet intermediate entry (translates nothing) used
	 * when no hitless update exists. */
	uint64_t (*quiet0)(const struct smmuv3_inst *smmu, const uint64_t *cur);
	/* Invalidate the entry (CFGI_*) and wait (CMD_SYNC). */
	int (*invalidate)(struct smmuv3_inst *smmu, const void *arg);
	unsigned int dwords;
};

int smmuv3_entry_update(struct smmuv3_inst *smmu, uint64_t *live, const uint64_t *new,
			const struct smmuv3_entry_ops *ops, const void *arg);

/* What occupies a stream (lib/core/occupancy.c): the instance's list of
 * live domains is instance state, so the stream table (which refuses to
 * reconfigure or release an occupied stream) and the domains both ask it. */

/* Whether attachment @a of domain @e covers (sid, ssid): a stage 2 covers
 * every substream of its stream. */
static inline bool smmuv3_att_covers(const struct smmuv3_dom *e,
				     const struct smmuv3_domain_attachment *a, uint32_t sid,
				     uint32_t ssid)
{
	return a->used && a->sid == sid && (e->cfg.type == SMMUV3_DOMAIN_S2 || a->ssid == ssid);
}

/* The domain occupying (sid, ssid), or NULL. Instance lock held. */
struct smmuv3_dom *smmuv3_occupant_locked(const struct smmuv3_inst *smmu, uint32_t sid,
					     uint32_t ssid);
/* Whether any domain is attached to @sid. Instance lock held. */
bool smmuv3_stream_has_domain(const struct smmuv3_inst *smmu, uint32_t sid);

#endif /* SMMUV3_LIB_INTERNAL_H */
