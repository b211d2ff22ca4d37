// SPDX-License-Identifier: BSD-3-Clause
/*
 * A partition's DMA devices on libsmmuv3 (plat_iommu_attach_peripheral).
 *
 * For each device region with `smmu-id` and `stream-ids`:
 *  - every StreamID is claimed with the partition ID as owner: a StreamID
 *    another partition already holds fails the load (Hafnium's own driver
 *    let the last partition win);
 *  - the streams are attached stage-2 only to the table Hafnium keeps for
 *    that device (vm->iommu_ptables[dma_device_id], and at S-EL2
 *    vm->arch.iommu_ptables_ns[] for the Non-secure IPA space), with the
 *    geometry of the CPU's own stage 2 (VTCR_EL2, VSTCR_EL2), which
 *    Hafnium's mm uses to build those tables, checked against the SMMU's
 *    IAS and OAS;
 *  - VMID = partition ID, checked against 8-bit-VMID SMMUs.
 * Memory regions with `stream-ids` are mapped first into the table of the
 * device those StreamIDs belong to, with `stream-ids-access-permissions`
 * (Hafnium maps every such region into device 0's table with the CPU's
 * permissions, and not at all for the primary VM).
 */
#include "hf/dlog.h"
#include "hf/ffa_partition_manifest.h"
#include "hf/std.h"

#include "hf_compat.h"
#include "hf_smmuv3.h"

static struct hf_dma_dom hf_doms[SMMUV3_HF_MAX_DOMAINS];

/* VTCR_EL2 / VSTCR_EL2 fields (Arm ARM D23.2). */
#define HF_VTCR_T0SZ_SHIFT 0
#define HF_VTCR_T0SZ_MASK 0x3fu
#define HF_VTCR_SL0_SHIFT 6
#define HF_VTCR_SL0_MASK 0x3u
#define HF_VTCR_TG0_SHIFT 14
#define HF_VTCR_TG0_MASK 0x3u
#define HF_VTCR_PS_SHIFT 16
#define HF_VTCR_PS_MASK 0x7u

static unsigned int vtcr_field(uint64_t v, unsigned int shift, unsigned int mask)
{
	return (unsigned int)(v >> shift) & mask;
}

/* Output size encoding (VTCR.PS, IDR5.OAS) to bits. */
static unsigned int ps_bits(unsigned int ps)
{
	static const unsigned char bits[] = {32, 36, 40, 42, 44, 48, 52};

	return ps < sizeof(bits) ? bits[ps] : 0;
}

static unsigned int bits_to_ps(unsigned int bits)
{
	for (unsigned int ps = 0; ps < 7; ps++) {
		if (ps_bits(ps) == bits)
			return ps;
	}
	return 0;
}

/* TG0 to log2 granule (4K, 64K, 16K); 0 when reserved. */
static unsigned int tg0_log2(unsigned int tg0)
{
	static const unsigned char lg[] = {12, 16, 14, 0};

	return lg[tg0 & 3u];
}

/*
 * The stage-2 geometry of the partition's tables, from the CPU's
 * registers, checked against what the SMMU can walk and output.
 * Output sizes above the SMMU's OAS are capped to it: the tables are then
 * usable as long as nothing DMA-mapped lies above 2^OAS, which
 * hf_check_oas() checks per region.
 */
static bool hf_s2_geometry(const struct hf_smmu *s, struct smmuv3_domain_s2_shared *g)
{
	const struct smmuv3_features *f = smmuv3_features(&s->smmu);
	uint64_t vtcr = hf_vtcr();
	unsigned int ipa_bits;
	unsigned int ps;

	g->granule_log2 = tg0_log2(vtcr_field(vtcr, HF_VTCR_TG0_SHIFT, HF_VTCR_TG0_MASK));
	g->t0sz = vtcr_field(vtcr, HF_VTCR_T0SZ_SHIFT, HF_VTCR_T0SZ_MASK);
	g->sl0 = vtcr_field(vtcr, HF_VTCR_SL0_SHIFT, HF_VTCR_SL0_MASK);
	ps = vtcr_field(vtcr, HF_VTCR_PS_SHIFT, HF_VTCR_PS_MASK);
	ipa_bits = 64 - g->t0sz;
	if (!f->stage2) {
		dlog_error("%s: no stage 2 (IDR0.S2P = 0): partitions' DMA cannot be isolated\n",
			   s->name);
		return false;
	}
	if (g->granule_log2 == 0 || ps_bits(ps) == 0) {
		dlog_error("%s: VTCR_EL2 %#lx has a reserved TG0 or PS\n", s->name, vtcr);
		return false;
	}
	if (ipa_bits > f->ias_bits) {
		dlog_error("%s: partition IPA size %u bits (VTCR_EL2.T0SZ %u) exceeds the SMMU's IAS "
			   "of %u bits: limit Hafnium's stage 2 or use another SMMU\n",
			   s->name, ipa_bits, g->t0sz, f->ias_bits);
		return false;
	}
	g->ps = ps_bits(ps) > f->oas_bits ? bits_to_ps(f->oas_bits) : ps;
#if SECURE_WORLD == 1
	{
		uint64_t vstcr = hf_vstcr();

		g->s_t0sz = vtcr_field(vstcr, HF_VTCR_T0SZ_SHIFT, HF_VTCR_T0SZ_MASK);
		g->s_sl0 = vtcr_field(vstcr, HF_VTCR_SL0_SHIFT, HF_VTCR_SL0_MASK);
		if (64 - g->s_t0sz > f->ias_bits) {
			dlog_error("%s: Secure IPA size %u bits (VSTCR_EL2.T0SZ %u) exceeds the "
				   "SMMU's IAS of %u bits\n",
				   s->name, 64 - g->s_t0sz, g->s_t0sz, f->ias_bits);
			return false;
		}
	}
#endif
	return true;
}

/* A DMA-mapped region must lie below the SMMU's output size. */
static bool hf_check_oas(const struct hf_smmu *s, uint64_t begin, uint64_t end)
{
	unsigned int oas = smmuv3_features(&s->smmu)->oas_bits;

	if (oas < 64 && end > (UINT64_C(1) << oas)) {
		dlog_error("%s: DMA region %#lx-%#lx lies above the SMMU's %u-bit output size\n",
			   s->name, begin, end, oas);
		return false;
	}
	return true;
}

static struct hf_dma_dom *hf_dom_new(void)
{
	for (unsigned int i = 0; i < SMMUV3_HF_MAX_DOMAINS; i++) {
		if (!hf_doms[i].used)
			return &hf_doms[i];
	}
	dlog_error("smmuv3: more than %u DMA devices (SMMUV3_HF_MAX_DOMAINS)\n",
		   SMMUV3_HF_MAX_DOMAINS);
	return NULL;
}

/* The device region of @vm holding StreamID @sid on SMMU @smmu_id, or -1. */
static int hf_dev_of_sid(const struct manifest_vm *vm, uint32_t smmu_id, uint32_t sid)
{
	const struct ffa_partition_manifest *p = &vm->partition;

	for (uint16_t i = 0; i < p->dev_region_count; i++) {
		const struct dma_device_properties *d = &p->dev_regions[i].dma_prop;

		if (d->smmu_id != smmu_id)
			continue;
		for (uint8_t j = 0; j < d->stream_count; j++) {
			if (d->stream_ids[j] == sid)
				return d->dma_device_id;
		}
	}
	return -1;
}

/* Hafnium mode for a memory region's DMA permissions (or its CPU ones). */
static mm_mode_t hf_dma_mode(const struct memory_region *r)
{
	uint32_t perm = r->dma_access_permissions ? r->dma_access_permissions : r->attributes;
	mm_mode_t mode = 0;

	if (perm & MANIFEST_REGION_ATTR_READ)
		mode |= MM_MODE_R;
	if (perm & MANIFEST_REGION_ATTR_WRITE)
		mode |= MM_MODE_W;
	if (perm & MANIFEST_REGION_ATTR_EXEC)
		mode |= MM_MODE_X;
#if SECURE_WORLD == 1
	if (r->attributes & MANIFEST_REGION_ATTR_SECURITY)
		mode |= MM_MODE_NS;
#endif
	return mode;
}

/* The table of device @dev for an address space: Secure or Non-secure. */
static struct mm_ptable *hf_dev_table(struct vm *vm, uint8_t dev, bool ns)
{
#if SECURE_WORLD == 1
	if (ns)
		return &vm->arch.iommu_ptables_ns[dev];
#else
	(void)ns;
#endif
	return &vm->iommu_ptables[dev];
}

/* Map each memory region with stream-ids into its own device's table. */
static bool hf_map_mem_regions(struct vm_locked vm_locked, const struct manifest_vm *mvm)
{
	const struct ffa_partition_manifest *p = &mvm->partition;

	for (uint16_t i = 0; i < p->mem_region_count; i++) {
		const struct memory_region *r = &p->mem_regions[i];
		const struct dma_device_properties *d = &r->dma_prop;
		uint64_t begin = r->base_address;
		uint64_t end = begin + (uint64_t)r->page_count * PAGE_SIZE;
		const struct hf_smmu *s;
		mm_mode_t mode;
		int dev;

		if (d->stream_count == 0)
			continue;
		s = hf_smmu_get(d->smmu_id);
		if (!s)
			return false;
		dev = hf_dev_of_sid(mvm, d->smmu_id, d->stream_ids[0]);
		for (uint8_t j = 1; dev >= 0 && j < d->stream_count; j++) {
			if (hf_dev_of_sid(mvm, d->smmu_id, d->stream_ids[j]) != dev)
				dev = -2;
		}
		if (dev < 0) {
			dlog_error("smmuv3: memory region %u of partition %#x: stream-ids %s\n", i,
				   vm_locked.vm->id,
				   dev == -1 ? "name no device region's stream"
					     : "span several device regions");
			return false;
		}
		if (!hf_check_oas(s, begin, end))
			return false;
		mode = hf_dma_mode(r);
		/* Hafnium put it in device 0's table: take it out of there. */
		if (dev != 0 && vm_locked.vm->dma_device_count > 0 &&
		    !hf_ptable_unmap(hf_dev_table(vm_locked.vm, 0, (mode & MM_MODE_NS) != 0), begin,
				     end))
			return false;
		if (!hf_iommu_map(vm_locked, begin, end, mode, (uint8_t)dev)) {
			dlog_error("smmuv3: cannot map memory region %u for DMA device %d\n", i,
				   dev);
			return false;
		}
		dlog_info("smmuv3: partition %#x: DMA device %d may access %#lx-%#lx%s%s\n",
			  vm_locked.vm->id, dev, begin, end, (mode & MM_MODE_R) ? " R" : "",
			  (mode & MM_MODE_W) ? " W" : "");
	}
	return true;
}

/* Undo hf_attach_dev(): detach the first @n_attached streams (a NOENT
 * for one whose attach failed cleanly is harmless), release the first
 * @n_claimed. */
static void hf_release(struct hf_smmu *s, struct hf_dma_dom *dd, const uint32_t *sids,
		       unsigned int n_claimed, unsigned int n_attached)
{
	for (unsigned int j = 0; j < n_attached; j++)
		(void)smmuv3_domain_detach(&dd->dom, sids[j], dd->vm_id, 0);
	for (unsigned int j = 0; j < n_claimed; j++)
		(void)smmuv3_stream_release(&s->smmu, sids[j], dd->vm_id);
}

/*
 * A StreamID named twice by one partition (in one device region, or in an
 * earlier one it already claimed): claim would succeed for the same owner
 * and a failure would then release the other device's stream.
 */
static bool hf_sids_unique(const struct hf_smmu *s, ffa_id_t vm_id,
			   const struct dma_device_properties *d)
{
	for (uint8_t j = 0; j < d->stream_count; j++) {
		uint32_t owner;
		bool twice = !smmuv3_stream_owner(&s->smmu, d->stream_ids[j], &owner) &&
			     owner == vm_id;

		for (uint8_t k = 0; k < j; k++)
			twice = twice || d->stream_ids[k] == d->stream_ids[j];
		if (twice) {
			dlog_error("%s: StreamID %#x is named twice by partition %#x\n", s->name,
				   d->stream_ids[j], vm_id);
			return false;
		}
	}
	return true;
}

/* Claim and attach the streams of one device region. */
static bool hf_attach_dev(struct vm_locked vm_locked, const struct dma_device_properties *d)
{
	struct vm *vm = vm_locked.vm;
	struct hf_smmu *s = hf_smmu_get(d->smmu_id);
	struct smmuv3_domain_s2_shared g = {0};
	struct hf_dma_dom *dd;
	unsigned int n_claimed = 0;
	unsigned int n_attached = 0;
	uint32_t sid = 0;
	int rc = 0;

	if (!s || !hf_s2_geometry(s, &g) || !hf_sids_unique(s, vm->id, d))
		return false;
	if (d->dma_device_id >= vm->dma_device_count) {
		dlog_error("smmuv3: partition %#x: DMA device %u has no table\n", vm->id,
			   d->dma_device_id);
		return false;
	}
	if (smmuv3_features(&s->smmu)->vmid_bits < 16 && vm->id > 0xffu) {
		dlog_error("%s: partition ID %#x cannot be a VMID: the SMMU has 8-bit VMIDs "
			   "(IDR0.VMID16 = 0)\n",
			   s->name, vm->id);
		return false;
	}
	dd = hf_dom_new();
	if (!dd)
		return false;
	g.root_pa = hf_ptr_pa(hf_dev_table(vm, d->dma_device_id, SECURE_WORLD == 1)->root_tables);
	g.vmid = vm->id;
	/* The partition's table is the partition's: only streams it claimed
	 * may be attached (docs/ownership.md). */
	g.owner = vm->id;
#if SECURE_WORLD == 1
	/* Secure IPA space: iommu_ptables[]; Non-secure: iommu_ptables_ns[]. */
	g.s_root_pa = hf_ptr_pa(vm->iommu_ptables[d->dma_device_id].root_tables);
#endif
	rc = smmuv3_domain_init_s2_shared(&s->smmu, &dd->dom, &g, SMMUV3_INVAL_CMDQ);
	if (rc) {
		dlog_error("%s: partition %#x device %u: stage 2 refused: %s\n", s->name, vm->id,
			   d->dma_device_id, smmuv3_strerror(rc));
		return false;
	}
	dd->vm_id = vm->id;
	for (; n_claimed < d->stream_count; n_claimed++) {
		sid = d->stream_ids[n_claimed];
		rc = smmuv3_stream_claim(&s->smmu, sid, vm->id);
		if (rc)
			break;
	}
	/* A failed attach may still be recorded (its undo failed): detach it too. */
	while (!rc && n_attached < d->stream_count) {
		sid = d->stream_ids[n_attached++];
		rc = smmuv3_domain_attach(&dd->dom, sid, vm->id, 0, 0, NULL);
	}
	if (rc) {
		uint32_t owner = 0;

		if (rc == SMMUV3_ERR_OWNED && !smmuv3_stream_owner(&s->smmu, sid, &owner))
			dlog_error("%s: StreamID %#x of partition %#x is already partition %#x's\n",
				   s->name, sid, vm->id, owner);
		else
			dlog_error("%s: StreamID %#x of partition %#x: %s\n", s->name, sid, vm->id,
				   smmuv3_strerror(rc));
		hf_release(s, dd, d->stream_ids, n_claimed, n_attached);
		/* Still attached somewhere (a detach failed): never reuse it. */
		if (smmuv3_domain_destroy(&dd->dom))
			dd->used = true;
		return false;
	}
	dd->smmu_id = d->smmu_id;
	dd->dma_device_id = d->dma_device_id;
	dd->used = true;
	dlog_info("%s: partition %#x DMA device %u: %u stream(s) from %#x, VMID %#x, IPA %u bits\n",
		  s->name, vm->id, d->dma_device_id, d->stream_count, d->stream_ids[0], g.vmid,
		  64 - g.t0sz);
	return true;
}

bool hf_smmuv3_attach_vm(struct vm_locked vm_locked, const struct manifest_vm *manifest_vm)
{
	const struct ffa_partition_manifest *p = &manifest_vm->partition;

	/* EL0 partitions have no stage 2 of their own (as Hafnium's driver). */
	if (vm_locked.vm->el0_partition)
		return true;
	if (!hf_map_mem_regions(vm_locked, manifest_vm))
		return false;
	if (vm_locked.vm->dma_device_count > 1)
		dlog_warning("smmuv3: partition %#x has %u DMA devices sharing VMID %#x: the "
			     "SMMU's TLB does not keep them apart\n",
			     vm_locked.vm->id, vm_locked.vm->dma_device_count, vm_locked.vm->id);
	for (uint16_t i = 0; i < p->dev_region_count; i++) {
		const struct dma_device_properties *d = &p->dev_regions[i].dma_prop;

		if (d->smmu_id == MANIFEST_INVALID_ID || d->stream_count == 0)
			continue;
		if (!hf_attach_dev(vm_locked, d))
			return false;
	}
	return true;
}

void hf_smmuv3_invalidate_vm(ffa_id_t vm_id, uint64_t begin, uint64_t end)
{
	for (unsigned int i = 0; i < SMMUV3_HF_MAX_DOMAINS; i++) {
		struct hf_dma_dom *dd = &hf_doms[i];

		if (!dd->used || dd->vm_id != vm_id || end <= begin)
			continue;
		if (smmuv3_domain_invalidate(&dd->dom, begin, end - begin, false))
			dlog_error("smmuv3: partition %#x: TLB invalidation failed\n", vm_id);
	}
}
