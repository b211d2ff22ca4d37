// SPDX-License-Identifier: BSD-3-Clause
/*
 * The glue points of glue.h behind Hafnium's FF-A memory paths and its
 * call dispatcher: one SEPID registry (lib/sepid) over every SMMU
 * plat_iommu_init found, and one virtual IOMMU (lib/viommu) per SMMU.
 * Storage is static, sized by GN args (SMMUV3_HF_SEPID_*,
 * SMMUV3_HF_VIOMMU_*); hf_smmuv3_poll() is in plat_iommu.c with the
 * instances.
 *
 * The library asks its callers to serialise calls on one registry or
 * instance; Hafnium's CPUs reach these paths concurrently, so every entry
 * point holds hf_glue_lock (taken before any library lock, never inside
 * one).
 */
#include "hf/dlog.h"
#include "hf/ffa.h"
#include "hf/spinlock.h"

#include "glue.h"
#include "hf_compat.h"
#include "hf_smmuv3.h"

/* GN args (BUILD.gn); the defaults keep a Meson-less compile working. */
#ifndef SMMUV3_HF_SEPID_MAX_EPS
#define SMMUV3_HF_SEPID_MAX_EPS 4
#endif
#ifndef SMMUV3_HF_SEPID_MAX_STREAMS
#define SMMUV3_HF_SEPID_MAX_STREAMS 16
#endif
#ifndef SMMUV3_HF_SEPID_MAX_HANDLES
#define SMMUV3_HF_SEPID_MAX_HANDLES 16
#endif
#ifndef SMMUV3_HF_SEPID_MAX_RANGES
#define SMMUV3_HF_SEPID_MAX_RANGES 64
#endif
#ifndef SMMUV3_HF_SEPID_MAX_CONSTITUENTS
#define SMMUV3_HF_SEPID_MAX_CONSTITUENTS 256
#endif
#ifndef SMMUV3_HF_VIOMMU_STREAMS
#define SMMUV3_HF_VIOMMU_STREAMS 4
#endif
#ifndef SMMUV3_HF_VIOMMU_AS
#define SMMUV3_HF_VIOMMU_AS 4
#endif
#ifndef SMMUV3_HF_VIOMMU_MAPS
#define SMMUV3_HF_VIOMMU_MAPS 64
#endif
#ifndef SMMUV3_HF_VIOMMU_EVENTS
#define SMMUV3_HF_VIOMMU_EVENTS 16
#endif

/* FF-A constituents count 4 KiB pages whatever the translation granule. */
#define HF_FFA_PAGE_SHIFT 12

static struct spinlock hf_glue_lock = SPINLOCK_INIT;

/* ---- SEPID registry --------------------------------------------------------- */

static struct smmuv3_sepid_ep hf_sepid_eps[SMMUV3_HF_SEPID_MAX_EPS];
static struct smmuv3_sepid_stream hf_sepid_streams[SMMUV3_HF_SEPID_MAX_STREAMS];
static struct smmuv3_sepid_handle hf_sepid_handles[SMMUV3_HF_SEPID_MAX_HANDLES];
static struct smmuv3_sepid_range hf_sepid_ranges[SMMUV3_HF_SEPID_MAX_RANGES];
static struct smmuv3 *hf_sepid_smmus[SMMUV3_HF_MAX_SMMUS];
static struct smmuv3_sepid_registry hf_sepid_reg;
static bool hf_sepid_ready;
/* A retrieve's constituents, gathered from the share state's fragments. */
static struct smmuv3_phys_range hf_sepid_cons[SMMUV3_HF_SEPID_MAX_CONSTITUENTS];

/* Events on a SEPID's streams, reported with its proxy as owner. */
static enum smmuv3_stall_action hf_sepid_event(void *arg, const struct smmuv3_event *ev,
					       uint32_t owner, bool owned)
{
	char line[160];

	(void)arg;
	(void)owned;
	if (smmuv3_event_format(ev, line, sizeof(line)) < 0)
		line[0] = '\0';
	dlog_error("smmuv3: DMA fault on a stream endpoint of proxy %#x: %s\n", owner, line);
	return SMMUV3_STALL_ABORT;
}

/* The registry over every SMMU found, once. Lock held. */
static int hf_sepid_setup(void)
{
	const struct smmuv3_sepid_storage st = {
		hf_sepid_eps,     SMMUV3_HF_SEPID_MAX_EPS,     hf_sepid_streams,
		SMMUV3_HF_SEPID_MAX_STREAMS,                   hf_sepid_handles,
		SMMUV3_HF_SEPID_MAX_HANDLES,                   hf_sepid_ranges,
		SMMUV3_HF_SEPID_MAX_RANGES,
	};
	int rc;

	if (hf_sepid_ready)
		return 0;
	if (hf_smmu_count == 0)
		return SMMUV3_ERR_STATE;
	for (unsigned int i = 0; i < hf_smmu_count; i++) {
		if (!hf_smmus[i].live)
			return SMMUV3_ERR_STATE;
		hf_sepid_smmus[i] = &hf_smmus[i].smmu;
	}
	rc = smmuv3_sepid_registry_init(&hf_sepid_reg, hf_sepid_smmus, hf_smmu_count, &st);
	if (!rc)
		rc = smmuv3_sepid_set_event_handler(&hf_sepid_reg, hf_sepid_event, NULL);
	hf_sepid_ready = rc == 0;
	return rc;
}

int hf_smmuv3_sepid_register(const struct smmuv3_sepid_input *in,
			     struct smmuv3_sepid_conflict *conflict)
{
	int rc;

	sl_lock(&hf_glue_lock);
	rc = hf_sepid_setup();
	if (!rc)
		rc = smmuv3_sepid_register(&hf_sepid_reg, in, conflict);
	sl_unlock(&hf_glue_lock);
	if (rc)
		dlog_error("smmuv3: stream endpoints refused: %s\n", smmuv3_strerror(rc));
	return rc;
}

int hf_smmuv3_sepid_lookup(uint16_t endpoint_id, uint16_t *proxy)
{
	bool found;

	sl_lock(&hf_glue_lock);
	found = hf_sepid_ready && smmuv3_sepid_lookup(&hf_sepid_reg, endpoint_id, proxy);
	sl_unlock(&hf_glue_lock);
	return found ? 0 : SMMUV3_ERR_NOENT;
}

/* The retrieve request of Hafnium @mode (MM_MODE_*), or INVAL. */
static int hf_sepid_request(uint32_t mode, bool identity, struct smmuv3_sepid_retrieve *req)
{
	const uint32_t known = MM_MODE_R | MM_MODE_W | MM_MODE_X | MM_MODE_NS;

	if ((mode & ~known) || !(mode & (MM_MODE_R | MM_MODE_W)))
		return SMMUV3_ERR_INVAL;
	req->prot = ((mode & MM_MODE_R) ? SMMUV3_PROT_READ : 0) |
		    ((mode & MM_MODE_W) ? SMMUV3_PROT_WRITE : 0) |
		    ((mode & MM_MODE_X) ? SMMUV3_PROT_EXEC : 0);
	req->flags = (identity ? SMMUV3_SEPID_F_IDENTITY : 0) |
		     ((mode & MM_MODE_NS) ? SMMUV3_SEPID_F_NS : 0);
	return 0;
}

/* Gather the fragments' constituents into hf_sepid_cons; their number, or
 * NOSPC / INVAL. Lock held. A zero page count stays a zero size, which
 * the retrieve refuses. */
static int hf_sepid_gather(struct ffa_memory_region_constituent *const *fragments,
			   const uint32_t *counts, uint32_t n_fragments, size_t *n)
{
	size_t k = 0;

	if (!fragments || !counts || n_fragments == 0)
		return SMMUV3_ERR_INVAL;
	for (uint32_t f = 0; f < n_fragments; f++) {
		if (!fragments[f] && counts[f])
			return SMMUV3_ERR_INVAL;
		if (counts[f] > SMMUV3_HF_SEPID_MAX_CONSTITUENTS - k)
			return SMMUV3_ERR_NOSPC;
		for (uint32_t i = 0; i < counts[f]; i++, k++)
			hf_sepid_cons[k] = (struct smmuv3_phys_range){
				fragments[f][i].address,
				(uint64_t)fragments[f][i].page_count << HF_FFA_PAGE_SHIFT,
			};
	}
	*n = k;
	return 0;
}

int hf_smmuv3_sepid_retrieve(uint16_t sepid, uint16_t caller, uint64_t handle,
			     struct ffa_memory_region_constituent *const *fragments,
			     const uint32_t *counts, uint32_t n_fragments, uint32_t mode,
			     bool identity, uint64_t *iova)
{
	struct smmuv3_sepid_retrieve req;
	size_t n = 0;
	int rc;

	rc = hf_sepid_request(mode, identity, &req);
	if (rc)
		return rc;
	sl_lock(&hf_glue_lock);
	rc = hf_sepid_ready ? hf_sepid_gather(fragments, counts, n_fragments, &n)
			    : SMMUV3_ERR_NOENT;
	if (!rc)
		rc = smmuv3_sepid_retrieve(&hf_sepid_reg, sepid, caller, handle, hf_sepid_cons, n,
					   &req, iova);
	sl_unlock(&hf_glue_lock);
	return rc;
}

int hf_smmuv3_sepid_relinquish(uint16_t sepid, uint16_t caller, uint64_t handle)
{
	int rc = SMMUV3_ERR_NOENT;

	sl_lock(&hf_glue_lock);
	if (hf_sepid_ready)
		rc = smmuv3_sepid_relinquish(&hf_sepid_reg, sepid, caller, handle);
	sl_unlock(&hf_glue_lock);
	return rc;
}

bool hf_smmuv3_sepid_held(uint64_t handle, uint16_t *sepid)
{
	bool held;

	sl_lock(&hf_glue_lock);
	held = hf_sepid_ready && smmuv3_sepid_handle_held(&hf_sepid_reg, handle, sepid);
	sl_unlock(&hf_glue_lock);
	return held;
}

int hf_smmuv3_sepid_release_all(uint16_t id)
{
	int rc = 0;

	sl_lock(&hf_glue_lock);
	if (hf_sepid_ready)
		rc = smmuv3_sepid_relinquish_all(&hf_sepid_reg, id);
	sl_unlock(&hf_glue_lock);
	return rc;
}

/* ---- Virtual IOMMU, one per SMMU --------------------------------------------- */

struct hf_viommu {
	struct smmuv3_viommu v;
	struct smmuv3_viommu_stream streams[SMMUV3_HF_VIOMMU_STREAMS];
	struct smmuv3_viommu_as as[SMMUV3_HF_VIOMMU_AS];
	struct smmuv3_viommu_mapping maps[SMMUV3_HF_VIOMMU_MAPS];
	struct smmuv3_viommu_fault_rec events[SMMUV3_HF_VIOMMU_EVENTS];
	bool ready;
};

static struct hf_viommu hf_viommus[SMMUV3_HF_MAX_SMMUS];

/*
 * May partition @part make its device reach [addr, addr+size)? Only
 * memory its own stage 2 maps uniformly, owned, with every permission
 * asked for (Hafnium's view of the partition, not the partition's word).
 */
static bool hf_viommu_may_access(void *arg, uint16_t part, uint64_t addr, uint64_t size,
				 uint32_t prot)
{
	struct vm *vm = vm_find(part);
	struct vm_locked locked;
	mm_mode_t mode = 0, need = 0;
	bool ok;

	(void)arg;
	if (!vm)
		return false;
	need |= (prot & SMMUV3_PROT_READ) ? MM_MODE_R : 0;
	need |= (prot & SMMUV3_PROT_WRITE) ? MM_MODE_W : 0;
	need |= (prot & SMMUV3_PROT_EXEC) ? MM_MODE_X : 0;
	locked = vm_lock(vm);
	ok = vm_mem_get_mode(locked, ipa_init(addr), ipa_init(addr + size), &mode);
	vm_unlock(&locked);
	return ok && !(mode & MM_MODE_UNMAPPED_MASK) && (mode & need) == need;
}

/* The virtual IOMMU of SMMU @smmu_id, set up on first use when @create.
 * Lock held. */
static int hf_viommu_get(uint32_t smmu_id, bool create, struct hf_viommu **out)
{
	struct hf_viommu *h;
	struct smmuv3_viommu_cfg cfg;
	int rc;

	if (smmu_id >= hf_smmu_count || !hf_smmus[smmu_id].live)
		return SMMUV3_ERR_NOENT;
	h = &hf_viommus[smmu_id];
	*out = h;
	if (h->ready)
		return 0;
	if (!create)
		return SMMUV3_ERR_NOENT;
	cfg = (struct smmuv3_viommu_cfg){
		.smmu = &hf_smmus[smmu_id].smmu,
		.may_access = hf_viommu_may_access,
		.streams = h->streams,
		.n_streams = SMMUV3_HF_VIOMMU_STREAMS,
		.as = h->as,
		.n_as = SMMUV3_HF_VIOMMU_AS,
		.maps = h->maps,
		.n_maps = SMMUV3_HF_VIOMMU_MAPS,
		.events = h->events,
		.n_events = SMMUV3_HF_VIOMMU_EVENTS,
	};
	rc = smmuv3_viommu_init(&h->v, &cfg);
	h->ready = rc == 0;
	return rc;
}

int hf_smmuv3_viommu_add_stream(uint32_t smmu_id, uint16_t part, uint32_t sid, uint32_t endpoint,
				unsigned int ssid_bits, uint32_t flags)
{
	struct hf_viommu *h;
	int rc;

	sl_lock(&hf_glue_lock);
	rc = hf_viommu_get(smmu_id, true, &h);
	if (!rc)
		rc = smmuv3_viommu_add_stream(&h->v, part, sid, endpoint, ssid_bits, flags, NULL);
	sl_unlock(&hf_glue_lock);
	return rc;
}

int hf_smmuv3_viommu_call(uint16_t vm_id, uint32_t smmu_id, uint32_t func, const uint64_t args[7],
			  uint64_t res[4])
{
	struct hf_viommu *h;
	int status;

	if (!args || !res)
		return SMMUV3_VIOMMU_E_INVAL;
	sl_lock(&hf_glue_lock);
	if (hf_viommu_get(smmu_id, false, &h)) {
		res[0] = res[1] = res[2] = res[3] = 0;
		status = SMMUV3_VIOMMU_E_NOTSUP;
	} else {
		status = smmuv3_viommu_call(&h->v, vm_id, func, args, res);
	}
	sl_unlock(&hf_glue_lock);
	return status;
}
