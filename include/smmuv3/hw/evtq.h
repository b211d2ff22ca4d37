/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file hw/evtq.h
 * @brief Hardware level (less stable): the layout of event records and PRI
 *        queue entries (Arm IHI 0070, 7.3 and 8.1) and their raw decoders.
 *        Integrators receive decoded struct smmuv3_event through the fault
 *        handlers of smmuv3/evtq.h instead. Not included by smmuv3/smmuv3.h.
 */
#ifndef SMMUV3_HW_EVTQ_H
#define SMMUV3_HW_EVTQ_H

#include <stdbool.h>
#include <stdint.h>

#include <smmuv3/bits.h>
#include <smmuv3/evtq.h>

/* Event record fields (dword n of the 32-byte record). */
#define SMMUV3_EVT0_TYPE SMMUV3_GENMASK(7, 0)
#define SMMUV3_EVT0_SSV SMMUV3_BIT(11)
#define SMMUV3_EVT0_SSID SMMUV3_GENMASK(31, 12)
#define SMMUV3_EVT0_SID SMMUV3_GENMASK(63, 32)
#define SMMUV3_EVT1_STAG SMMUV3_GENMASK(15, 0)
#define SMMUV3_EVT1_REASON SMMUV3_GENMASK(15, 0)
#define SMMUV3_EVT1_GPCF SMMUV3_BIT(16)
#define SMMUV3_EVT1_REASON_CONFLICT SMMUV3_GENMASK(31, 0)
#define SMMUV3_EVT1_STALL SMMUV3_BIT(31)
#define SMMUV3_EVT1_PNU SMMUV3_BIT(33)
#define SMMUV3_EVT1_IND SMMUV3_BIT(34)
#define SMMUV3_EVT1_RNW SMMUV3_BIT(35)
#define SMMUV3_EVT1_NSIPA SMMUV3_BIT(38)
#define SMMUV3_EVT1_S2 SMMUV3_BIT(39)
#define SMMUV3_EVT1_CLASS SMMUV3_GENMASK(41, 40)
#define SMMUV3_EVT1_TTRNW SMMUV3_BIT(44)
#define SMMUV3_EVT1_PR_UX SMMUV3_BIT(33)   /* E_PAGE_REQUEST permissions */
#define SMMUV3_EVT1_PR_UW SMMUV3_BIT(34)
#define SMMUV3_EVT1_PR_UR SMMUV3_BIT(35)
#define SMMUV3_EVT1_PR_PX SMMUV3_BIT(37)
#define SMMUV3_EVT1_PR_PW SMMUV3_BIT(38)
#define SMMUV3_EVT1_PR_PR SMMUV3_BIT(39)
#define SMMUV3_EVT1_SPAN SMMUV3_GENMASK(51, 44)
#define SMMUV3_EVT2_ADDR SMMUV3_GENMASK(63, 0)
#define SMMUV3_EVT2_ADDR_PAGE SMMUV3_GENMASK(63, 12) /* ATS/page requests */
#define SMMUV3_EVT3_IPA SMMUV3_GENMASK(55, 12)
#define SMMUV3_EVT3_FETCH SMMUV3_GENMASK(55, 3)

/* PRI queue entry fields (dword n of the 16-byte entry). */
#define SMMUV3_PRI0_SID SMMUV3_GENMASK(31, 0)
#define SMMUV3_PRI0_SSID SMMUV3_GENMASK(51, 32)
#define SMMUV3_PRI0_PRIV SMMUV3_BIT(58)
#define SMMUV3_PRI0_EXEC SMMUV3_BIT(59)
#define SMMUV3_PRI0_READ SMMUV3_BIT(60)
#define SMMUV3_PRI0_WRITE SMMUV3_BIT(61)
#define SMMUV3_PRI0_LAST SMMUV3_BIT(62)
#define SMMUV3_PRI0_SSV SMMUV3_BIT(63)
#define SMMUV3_PRI1_PRGI SMMUV3_GENMASK(8, 0)
#define SMMUV3_PRI1_ADDR SMMUV3_GENMASK(63, 12)

/**
 * @brief Decode a 32-byte event record.
 * @param rec the four little-endian dwords as read from the queue.
 * @param secure the record came from the Secure event queue.
 * @param[out] ev the decoded event.
 * @return 0; SMMUV3_ERR_INVAL for NULL pointers. Unknown event numbers
 *         decode to their common fields (StreamID) with the raw record.
 */
int smmuv3_event_decode(const uint64_t rec[4], bool secure, struct smmuv3_event *ev);

/** @brief Decode a 16-byte PRI queue record. @return 0 or SMMUV3_ERR_INVAL. */
int smmuv3_pri_decode(const uint64_t rec[2], struct smmuv3_pri_req *req);

/** @brief Architectural name of an event number ("F_TRANSLATION"), or
 *         "IMPDEF" / "UNKNOWN"; never NULL. */
const char *smmuv3_event_name(unsigned int type);

/* One source at a time: the handlers the library registers for wired
 * interrupts (smmuv3_port_irq_register()); smmuv3_poll() runs all three. */
/**
 * @brief Drain the event queue: decode, deliver and answer stalls.
 * @return records handled (>= 0); SMMUV3_ERR_INVAL; SMMUV3_ERR_STATE when
 *         the queue is not enabled.
 */
int smmuv3_evtq_drain(struct smmuv3 *smmu);

/** @brief Drain the PRI queue (0 when the instance has none). */
int smmuv3_priq_drain(struct smmuv3 *smmu);

/**
 * @brief Decode, handle and acknowledge every active GERROR bit.
 *
 * CMDQ_ERR is left to the command queue, which recovers it on its next
 * wait. Queue and MSI aborts make the affected queue be drained.
 * @return number of active bits handled; SMMUV3_ERR_FATAL when the SMMU
 *         is (or was found earlier to be) in service failure mode: the
 *         instance then needs teardown and reset; SMMUV3_ERR_INVAL /
 *         SMMUV3_ERR_STATE.
 */
int smmuv3_gerror_handle(struct smmuv3 *smmu);

#endif /* SMMUV3_HW_EVTQ_H */
