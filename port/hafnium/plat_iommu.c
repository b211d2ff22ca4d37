// SPDX-License-Identifier: BSD-3-Clause
/*
 * Hafnium's plat_iommu interface (inc/hf/plat/iommu.h) on libsmmuv3.
 *
 * plat_iommu_init finds the SMMUs, maps their registers and resets them:
 * every StreamID then aborts (Hafnium's own driver put every StreamID in
 * bypass) until a partition's manifest gives it to that partition, which
 * plat_iommu_attach_peripheral does (attach.c). Instances come from the
 * FDT Hafnium is given ("arm,smmu-v3" nodes, in order: the first is
 * manifest smmu-id 0); when it has none (an SPMC's manifest describes no
 * SMMU) from the build-time base SMMUv3_BASE / SMMUv3_MEM_SIZE, the GN
 * args Hafnium's own driver uses.
 *
 * Two ABIs: Hafnium HEAD, and the v2.14 LTS form with a struct mpool *
 * (SMMUV3_HF_LTS, GN arg smmuv3_hafnium_lts); hf_compat.h hides the rest.
 */
#include "hf/dlog.h"
#include "hf/fdt.h"
#include "hf/plat/iommu.h"
#include "hf/std.h"

#include "glue.h"
#include "hf_compat.h"
#include "hf_smmuv3.h"

struct hf_smmu hf_smmus[SMMUV3_HF_MAX_SMMUS];
unsigned int hf_smmu_count;

#if SMMUV3_HF_LTS
struct mpool *smmuv3_hf_ppool;
#endif

/* Register frames the driver needs: page 0 and page 1 (64 KiB each). */
#define HF_SMMU_MIN_SIZE 0x20000u

struct hf_smmu *hf_smmu_get(uint32_t id)
{
	if (id >= hf_smmu_count || !hf_smmus[id].live) {
		dlog_error("smmuv3: no SMMU with smmu-id %u (%u found)\n", id, hf_smmu_count);
		return NULL;
	}
	return &hf_smmus[id];
}

/*
 * Every event on a stream is logged decoded, with the partition that owns
 * the stream: the maintainer sees who faulted and why.
 */
static enum smmuv3_stall_action hf_event(void *arg, const struct smmuv3_event *ev, uint32_t owner,
					 bool owned)
{
	const struct hf_smmu *s = arg;
	char line[160];

	if (smmuv3_event_format(ev, line, sizeof(line)) < 0)
		line[0] = '\0';
	if (owned)
		dlog_error("%s: DMA fault, partition %#x: %s\n", s->name, owner, line);
	else
		dlog_error("%s: DMA fault, unowned stream: %s\n", s->name, line);
	return SMMUV3_STALL_ABORT;
}

static bool hf_smmu_add(uint64_t base, uint64_t size, struct mm_stage1_locked stage1_locked)
{
	struct hf_smmu *s;
	struct smmuv3_config cfg;
	unsigned int id = hf_smmu_count;
	int rc;

	if (id >= SMMUV3_HF_MAX_SMMUS) {
		dlog_error("smmuv3: more than %u SMMUs, the rest are not driven\n",
			   SMMUV3_HF_MAX_SMMUS);
		return false;
	}
	if (size < HF_SMMU_MIN_SIZE || base + size < base) {
		dlog_error("smmuv3: SMMU at %#lx: register frame of %#lx bytes is too small\n", base,
			   size);
		return false;
	}
	s = &hf_smmus[id];
	if (!hf_stage1_map_dev(stage1_locked, base, base + size)) {
		dlog_error("smmuv3: cannot map SMMU registers at %#lx\n", base);
		return false;
	}
	s->name[0] = 's';
	s->name[1] = 'm';
	s->name[2] = 'm';
	s->name[3] = 'u';
	s->name[4] = (char)('0' + id);
	s->name[5] = '\0';
	s->base = base;
	s->size = size;
	/* The heap is cleaned after zeroing unless the SMMU snoops. */
	s->port.coherent = false;
	smmuv3_config_default(&cfg);
	cfg.base = (uintptr_t)base;
	cfg.port = &s->port;
	cfg.name = s->name;
	/* S-EL2: Hafnium's heap is Secure memory, which only the Secure bank can read. */
	cfg.secure = SECURE_WORLD == 1;
	cfg.irq_mode = SMMUV3_IRQ_MODE_POLL;
	cfg.bypass_unconfigured = SMMUV3_HF_BYPASS_UNCONFIGURED;
	rc = smmuv3_init(&s->smmu, &cfg);
	if (!rc)
		rc = smmuv3_probe(&s->smmu);
	if (!rc)
		rc = smmuv3_reset(&s->smmu);
	if (!rc)
		rc = smmuv3_fault_set_default(&s->smmu, hf_event, NULL, s);
	if (rc) {
		dlog_error("%s at %#lx: %s\n", s->name, base, smmuv3_strerror(rc));
		smmuv3_teardown(&s->smmu);
		return false;
	}
	s->live = true;
	hf_smmu_count = id + 1;
	dlog_info("%s at %#lx: %s bank, unconfigured streams %s\n", s->name, base,
		  cfg.secure ? "Secure" : "Non-secure",
		  cfg.bypass_unconfigured ? "bypass" : "abort");
	return true;
}

/* SMMUs described in the FDT, in node order. Returns false on a bad node. */
static bool hf_smmu_from_fdt(const struct fdt *fdt, struct mm_stage1_locked stage1_locked)
{
	struct fdt_node root;
	struct fdt_node n;
	size_t asz;
	size_t ssz;

	if (!fdt || !fdt_find_node(fdt, "/", &root) || !fdt_address_size(&root, &asz) ||
	    !fdt_size_size(&root, &ssz))
		return true;
	n = root;
	if (!fdt_first_child(&n))
		return true;
	do {
		struct memiter reg;
		uint64_t base;
		uint64_t size;

		if (!fdt_is_compatible(&n, "arm,smmu-v3"))
			continue;
		if (!fdt_read_property(&n, "reg", &reg) || !fdt_parse_number(&reg, asz, &base) ||
		    !fdt_parse_number(&reg, ssz, &size)) {
			dlog_error("smmuv3: \"arm,smmu-v3\" node without a usable reg\n");
			return false;
		}
		if (!hf_smmu_add(base, size, stage1_locked))
			return false;
	} while (fdt_next_sibling(&n));
	return true;
}

bool plat_iommu_init(const struct fdt *fdt, struct mm_stage1_locked stage1_locked HF_PPOOL_PARAM)
{
#if SMMUV3_HF_LTS
	smmuv3_hf_ppool = ppool;
#endif
	if (!hf_smmu_from_fdt(fdt, stage1_locked))
		return false;
#if defined(SMMUv3_BASE) && defined(SMMUv3_MEM_SIZE)
	if (hf_smmu_count == 0)
		return hf_smmu_add(SMMUv3_BASE, SMMUv3_MEM_SIZE, stage1_locked);
#endif
	if (hf_smmu_count == 0)
		dlog_info("smmuv3: no SMMU described; DMA devices cannot be attached\n");
	return true;
}

/* The SMMUs' registers are Hafnium's: no VM may map them. */
bool plat_iommu_unmap_iommus(struct vm_locked vm_locked HF_PPOOL_PARAM)
{
#if SMMUV3_HF_LTS
	(void)ppool;
#endif
	for (unsigned int i = 0; i < hf_smmu_count; i++) {
		if (!hf_vm_unmap(vm_locked, hf_smmus[i].base, hf_smmus[i].base + hf_smmus[i].size))
			return false;
	}
	return true;
}

/*
 * The SMMU walks the tables Hafnium keeps for the VM's DMA devices: after
 * Hafnium changed them only the SMMU's TLBs need the news. (Hafnium never
 * calls this today.)
 */
void plat_iommu_identity_map(struct vm_locked vm_locked, paddr_t begin, paddr_t end,
			     mm_mode_t mode)
{
	(void)mode;
	hf_smmuv3_invalidate_vm(vm_locked.vm->id, pa_addr(begin), pa_addr(end));
}

bool plat_iommu_attach_peripheral(struct mm_stage1_locked stage1_locked,
				  struct vm_locked vm_locked,
				  const struct manifest_vm *manifest_vm HF_PPOOL_PARAM)
{
	(void)stage1_locked;
#if SMMUV3_HF_LTS
	(void)ppool;
#endif
	return hf_smmuv3_attach_vm(vm_locked, manifest_vm);
}

int hf_smmuv3_poll(void)
{
	int n = 0;

	for (unsigned int i = 0; i < hf_smmu_count; i++) {
		int rc;

		if (!hf_smmus[i].live)
			continue;
		rc = smmuv3_poll(&hf_smmus[i].smmu);
		if (rc < 0)
			return rc;
		n += rc;
	}
	return n;
}
