// SPDX-License-Identifier: BSD-3-Clause
/*
 * The manifest parser on hostile bytes. The blob is copied to an 8-byte
 * aligned buffer of exactly its size (ASan sees a read past it); the
 * output is checked against what manifest.h promises, and a broken promise
 * aborts (a finding).
 */
#include "manifest_target.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <smmuv3/errors.h>

#define MAX_EPS 8
#define MAX_REGIONS 8
#define MAX_MAPS 8
#define MAX_WORDS 256
#define MAX_PARTS 4

struct store {
	struct smmuv3_sepid_desc eps[MAX_EPS];
	struct smmuv3_sepid_region regions[MAX_REGIONS];
	struct smmuv3_manifest_dma_map maps[MAX_MAPS];
	uint32_t words[MAX_WORDS];
	uint16_t parts[MAX_PARTS];
};

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static bool in_words(const struct store *s, const uint32_t *p, unsigned int n)
{
	return n && p >= s->words && p + n <= s->words + MAX_WORDS;
}

static void check_out(const struct store *s, const struct smmuv3_manifest_out *out)
{
	unsigned int i, j;

	CHECK(out->input.n_eps <= MAX_EPS && out->input.n_regions <= MAX_REGIONS);
	CHECK(out->n_maps <= MAX_MAPS && out->input.n_partitions <= MAX_PARTS);
	for (i = 0; i < out->input.n_eps; i++) {
		const struct smmuv3_sepid_desc *d = &out->input.eps[i];

		CHECK(d->sepid != 0 && d->proxy != 0);
		CHECK(d->n_sids <= SMMUV3_SEPID_MAX_SIDS && in_words(s, d->sids, d->n_sids));
		CHECK(d->ssid_bits <= SMMUV3_MANIFEST_MAX_SSID_BITS);
		CHECK(d->iova_base + d->iova_size >= d->iova_base);
		if (d->name)
			(void)strlen(d->name);
		for (j = 0; j < i; j++)
			(void)(out->input.eps[j].sepid == d->sepid);
	}
	for (i = 0; i < out->input.n_regions; i++)
		CHECK(in_words(s, out->input.regions[i].sids, out->input.regions[i].n_sids));
	for (i = 0; i < out->n_maps; i++) {
		const struct smmuv3_manifest_dma_map *m = &out->maps[i];

		CHECK(in_words(s, m->sids, m->n_sids) && in_words(s, m->perms, m->n_sids));
		CHECK(in_words(s, m->device, m->n_sids) && m->size && m->base + m->size > m->base);
		for (j = 0; j < m->n_sids; j++) {
			const struct smmuv3_sepid_region *g;
			unsigned int k;
			bool found = false;

			CHECK(m->device[j] < out->input.n_regions);
			g = &out->input.regions[m->device[j]];
			CHECK(g->owner == m->owner && g->smmu_id == m->smmu_id);
			for (k = 0; k < g->n_sids; k++)
				found |= g->sids[k] == m->sids[j];
			CHECK(found && (m->perms[j] & ~m->attributes & 7u) == 0);
		}
	}
}

static void check_report(const struct smmuv3_manifest_report *rep, int rc,
			 const struct smmuv3_manifest_out *out)
{
	const struct smmuv3_manifest_out zero = { 0 };

	CHECK((unsigned int)rep->reason < SMMUV3_MANIFEST_REASON_COUNT);
	CHECK(rep->prop != NULL && memchr(rep->node, 0, sizeof(rep->node)));
	(void)strlen(rep->prop);
	(void)smmuv3_manifest_reason_name(rep->reason);
	if (rc == 0) {
		CHECK(rep->reason == SMMUV3_MANIFEST_OK);
		return;
	}
	CHECK(rc == SMMUV3_ERR_BADDESC || rc == SMMUV3_ERR_NOSPC || rc == SMMUV3_ERR_INVAL);
	CHECK(rep->reason != SMMUV3_MANIFEST_OK);
	CHECK(memcmp(out, &zero, sizeof(zero)) == 0);
}

static int parse(const struct smmuv3_manifest_blob *b, unsigned int n,
		 struct smmuv3_manifest_report *rep)
{
	static struct store s;
	struct smmuv3_manifest_storage st = { s.eps, MAX_EPS, s.regions, MAX_REGIONS, s.maps,
					      MAX_MAPS, s.words, MAX_WORDS, s.parts, MAX_PARTS };
	struct smmuv3_manifest_out out;
	int rc = smmuv3_manifest_parse(b, n, &st, &out, rep);

	check_report(rep, rc, &out);
	if (!rc)
		check_out(&s, &out);
	return rc;
}

int manifest_target_run(const uint8_t *data, size_t size, struct smmuv3_manifest_report *rep)
{
	struct smmuv3_manifest_report rep2;
	struct smmuv3_manifest_blob b[2];
	size_t cut;
	uint8_t *copy, *second;
	int rc;

	/* Exactly @size bytes, 8-byte aligned (malloc's alignment). */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	b[0] = (struct smmuv3_manifest_blob){ copy, size, 0 };
	rc = parse(b, 1, rep);

	/* Two blobs: the same one with a caller-given ID, and a second one
	 * cut from its tail (cross-blob state: IDs, device indexes). */
	cut = size ? ((size_t)data[0] * 8u) % size : 0;
	second = malloc(size - cut ? size - cut : 1);
	if (second) {
		memcpy(second, data + cut, size - cut);
		b[0].id = 0x8001;
		b[1] = (struct smmuv3_manifest_blob){ second, size - cut, 0x8002 };
		(void)parse(b, 2, &rep2);
		free(second);
	}
	free(copy);
	return rc;
}
